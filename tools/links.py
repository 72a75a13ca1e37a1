"""배지와 링크를 pyproject.toml 한 곳에서 씁니다.

저장소 주소와 태그는 pyproject.toml의 ``[project.urls]``에만 있습니다::

    Repository = "https://github.com/<owner>/<repo>"
    "Release Notes" = "https://github.com/<owner>/<repo>/releases/tag/<tag>"

태그는 ``v`` + ``[project].version``이어야 합니다. 이 스크립트가 그 둘로 다음을 씁니다.

- ``notebooks/src/NN_*.py``의 머리 셀: Colab·Binder 배지. 둘 다 태그의 **학생용 판**
  (``student/NN_*.ipynb``)을 엽니다.
- 같은 소스의 설정 셀 첫머리: Colab에서만 ``lrcourse @ git+<저장소>@<태그>``를 설치하는 부분.
- ``README.md``의 ``lessons`` 블록: 레슨 표(번호, 제목, 예상 시간, 학생용 판 배지).
- ``docs/instructor.md``의 ``instructor-lessons`` 블록(강사용 판 링크)과 ``nbgitpuller`` 블록
  (허브에서 학생용 판을 여는 nbgitpuller 링크). 파일이 없으면 건너뜁니다. 파일이 있는데 블록이 없으면 오류입니다.
- ``student/``: 소스가 바뀌었으면 학생용 판을 다시 만듭니다(tools/build_notebooks.py --student와 같음).

블록은 ``<!-- BEGIN links:이름 -->`` 줄과 ``<!-- END links:이름 -->`` 줄 사이이고, 그 사이는 이
스크립트가 통째로 다시 씁니다.

사용법::

    python tools/links.py                 # 모두 다시 씁니다
    python tools/links.py --check         # 고칠 곳이 있으면 그 곳을 모두 적고 1로 끝납니다 (쓰지 않음)
    python tools/links.py --hub https://hub.example.org   # 그 허브의 nbgitpuller 링크를 레슨마다 출력

강사용 노트북(``notebooks/NN_*.ipynb``)은 실행 결과와 함께 저장되므로 여기서 쓰지 않습니다.
``--check``는 그 노트북의 셀이 소스와 다르면 알리고, 고치는 명령은 ``make notebooks``입니다.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
COLAB_ALT = "Colab에서 열기"
BINDER_ALT = "Binder에서 열기"
# nbgitpuller 링크의 예시 허브. example.org는 예시용으로 남겨 둔 도메인입니다(RFC 2606).
EXAMPLE_HUB = "https://hub.example.org"

# 파일 → 그 파일에 있어야 하는 블록 이름. 파일이 없으면 건너뜁니다.
BLOCKS = {
    "README.md": ["lessons"],
    "docs/instructor.md": ["instructor-lessons", "nbgitpuller"],
}

_BADGE_LINE = re.compile(r"^# \[!\[(?P<alt>Colab에서 열기|Binder에서 열기)\]\(.*\)\]\(.*\)$")
_TITLE = re.compile(r"^# # (?P<number>\d\d)\. (?P<title>.+)$", re.MULTILINE)
_MINUTES = re.compile(r"\*\*예상 시간: (?P<minutes>\d+)분\*\*")
_SETUP_MARKER = '# %% tags=["setup"]'


class LinkError(Exception):
    """pyproject.toml이나 고칠 파일의 형식이 이 스크립트가 기대하는 것과 다릅니다."""


# ---------------------------------------------------------------------------
# 주소와 태그
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """저장소 주소와 태그: 모든 링크가 여기서 나옵니다."""

    repository: str  # https://github.com/<owner>/<repo>
    owner: str
    name: str
    tag: str
    version: str

    def github(self, path: str) -> str:
        return f"{self.repository}/blob/{self.tag}/{path}"

    def colab(self, path: str) -> str:
        return f"https://colab.research.google.com/github/{self.owner}/{self.name}/blob/{self.tag}/{path}"

    def binder(self, path: str) -> str:
        # labpath: JupyterLab에서 이 파일을 엽니다 (mybinder.org의 v2 링크 형식).
        return f"https://mybinder.org/v2/gh/{self.owner}/{self.name}/{self.tag}?labpath={quote(path, safe='')}"

    @property
    def pip_spec(self) -> str:
        return f"lrcourse @ git+{self.repository}@{self.tag}"

    @property
    def workshop_branch(self) -> str:
        """nbgitpuller가 따라갈 브랜치. 태그에서 만들고 강제 푸시하지 않습니다.

        nbgitpuller는 두 번째 클릭부터 ``origin/<branch>``와 합치므로 태그 이름으로는 실패합니다
        (nbgitpuller 1.3.0에서 확인: ``git diff ..origin/<태그>``가 128로 끝남). 그래서 브랜치를 씁니다.
        """
        return f"workshop-{self.tag}"

    def nbgitpuller(self, hub: str, path: str) -> str:
        # nbgitpuller 링크 생성기와 같은 매개변수 순서와 인코딩(repo, urlpath, branch).
        # urlpath는 허브의 홈 폴더 기준이고, nbgitpuller는 저장소를 저장소 이름의 폴더에 받습니다.
        query = urlencode(
            [("repo", self.repository), ("urlpath", f"lab/tree/{self.name}/{path}"), ("branch", self.workshop_branch)]
        )
        return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def load_release(root: Path = ROOT) -> Release:
    """pyproject.toml에서 주소와 태그를 읽고, 둘이 서로와 버전에 맞는지 검사합니다."""
    path = root / "pyproject.toml"
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    urls = project.get("urls", {})
    for key in ("Repository", "Release Notes"):
        if key not in urls:
            raise LinkError(f"{path.name}: [project.urls]에 {key!r}가 없습니다")
    repository = urls["Repository"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+)", repository)
    if match is None:
        raise LinkError(f"{path.name}: Repository의 값은 https://github.com/<owner>/<repo> 꼴이어야 합니다 (지금: {repository!r})")
    prefix = f"{repository}/releases/tag/"
    notes = urls["Release Notes"]
    if not notes.startswith(prefix) or "/" in notes[len(prefix):] or notes == prefix:
        raise LinkError(f"{path.name}: 'Release Notes'의 값은 {prefix}<태그> 꼴이어야 합니다 (지금: {notes!r})")
    tag = notes[len(prefix):]
    version = project["version"]
    if tag != f"v{version}":
        raise LinkError(f"{path.name}: 태그({tag!r})와 버전({version!r})이 맞지 않습니다. 태그는 v + 버전(v{version})이어야 합니다")
    return Release(repository, match["owner"], match["name"], tag, version)


# ---------------------------------------------------------------------------
# 레슨 목록
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lesson:
    number: str  # "00"
    stem: str  # "00_start"
    title: str  # "시작하기"
    minutes: int  # 머리 셀의 **예상 시간: N분**

    @property
    def student(self) -> str:
        return f"student/{self.stem}.ipynb"

    @property
    def instructor(self) -> str:
        return f"notebooks/{self.stem}.ipynb"


def find_lessons(root: Path = ROOT) -> list[Lesson]:
    lessons = []
    for src in sorted((root / "notebooks" / "src").glob("[0-9][0-9]_*.py")):
        text = src.read_text(encoding="utf-8")
        title = _TITLE.search(text)
        minutes = _MINUTES.search(text)
        if title is None or title["number"] != src.name[:2]:
            raise LinkError(f"{src.name}: 첫 제목 줄 '# # {src.name[:2]}. 제목'이 없습니다")
        if minutes is None:
            raise LinkError(f"{src.name}: '**예상 시간: N분**'이 없습니다")
        lessons.append(Lesson(src.name[:2], src.stem, title["title"].strip(), int(minutes["minutes"])))
    if not lessons:
        raise LinkError("notebooks/src에 NN_*.py 소스가 없습니다")
    return lessons


# ---------------------------------------------------------------------------
# 만들어 넣을 글
# ---------------------------------------------------------------------------


def badges(release: Release, path: str) -> tuple[str, str]:
    """(Colab 배지, Binder 배지) 마크다운."""
    return (
        f"[![{COLAB_ALT}]({COLAB_BADGE})]({release.colab(path)})",
        f"[![{BINDER_ALT}]({BINDER_BADGE})]({release.binder(path)})",
    )


def colab_prelude(release: Release) -> str:
    """설정 셀의 첫머리: Colab에서만 이 판의 lrcourse를 설치합니다."""
    return f'''\
# 설정 셀: Colab에서는 이 강좌의 판({release.tag})에 맞는 lrcourse를 설치합니다. pip는 -U 없이 부르면 요구 조건을 이미
# 채운 패키지를 바꾸지 않습니다. 그래서 Colab의 torch(torch>=2.3을 채움)와 이미 불러온 패키지가 그대로이고,
# 런타임을 다시 시작할 필요가 없습니다. 이 판이 이미 설치되어 있으면(셀을 다시 실행할 때) 건너뜁니다.
import sys

if "google.colab" in sys.modules:
    import importlib.metadata
    import subprocess

    try:
        installed = importlib.metadata.version("lrcourse")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != "{release.version}":
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "{release.pip_spec}"],
            check=True,
        )
        importlib.invalidate_caches()  # 방금 설치한 패키지를 이 커널이 바로 찾도록'''


def lessons_table(release: Release, lessons: list[Lesson]) -> str:
    lines = ["| 레슨 | 제목 | 예상 시간 | Colab | Binder |", "|---|---|---|---|---|"]
    for lesson in lessons:
        colab, binder = badges(release, lesson.student)
        lines.append(f"| {lesson.number} | {lesson.title} | {lesson.minutes}분 | {colab} | {binder} |")
    return "\n".join(lines)


def instructor_table(release: Release, lessons: list[Lesson]) -> str:
    lines = [
        f"강사용 판(풀이와 실행 결과 포함, 태그 `{release.tag}`):",
        "",
        "| 레슨 | 제목 | GitHub에서 읽기 | Colab에서 열기 |",
        "|---|---|---|---|",
    ]
    for lesson in lessons:
        lines.append(
            f"| {lesson.number} | {lesson.title} | [{lesson.instructor}]({release.github(lesson.instructor)}) "
            f"| [Colab]({release.colab(lesson.instructor)}) |"
        )
    return "\n".join(lines)


def nbgitpuller_block(release: Release, lessons: list[Lesson]) -> str:
    first = lessons[0]
    lines = [
        f"학생용 판을 여는 nbgitpuller 링크입니다. 예시 허브 주소 `{EXAMPLE_HUB}` 자리에 실제 허브 주소를 넣으세요"
        f" (`python tools/links.py --hub https://허브주소`가 레슨마다 출력합니다).",
        f"링크가 따라가는 워크숍 브랜치 `{release.workshop_branch}`: 태그 `{release.tag}`에서 만들고 강제 푸시하지 않습니다"
        f" (`git branch {release.workshop_branch} {release.tag} && git push origin {release.workshop_branch}`).",
        "",
        "```text",
        release.nbgitpuller(EXAMPLE_HUB, first.student),
        "```",
        "",
        "| 레슨 | 링크 |",
        "|---|---|",
    ]
    for lesson in lessons:
        lines.append(f"| {lesson.number} {lesson.title} | [{lesson.student}]({release.nbgitpuller(EXAMPLE_HUB, lesson.student)}) |")
    return "\n".join(lines)


def block_bodies(release: Release, lessons: list[Lesson]) -> dict[str, str]:
    return {
        "lessons": lessons_table(release, lessons),
        "instructor-lessons": instructor_table(release, lessons),
        "nbgitpuller": nbgitpuller_block(release, lessons),
    }


# ---------------------------------------------------------------------------
# 고쳐 쓰기 (글 → 글; 파일은 main이 읽고 씁니다)
# ---------------------------------------------------------------------------


def replace_block(text: str, name: str, body: str, where: str) -> str:
    begin, end = f"<!-- BEGIN links:{name} -->", f"<!-- END links:{name} -->"
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == begin]
    stops = [i for i, line in enumerate(lines) if line.strip() == end]
    if not starts and not stops:
        raise LinkError(f"{where}: 블록 {name!r}가 없습니다 ('{begin}' 줄과 '{end}' 줄을 넣으세요)")
    if len(starts) != 1 or len(stops) != 1 or stops[0] < starts[0]:
        raise LinkError(f"{where}: 블록 {name!r}의 '{begin}'와 '{end}'가 한 번씩, 이 순서로 있어야 합니다")
    return "\n".join(lines[: starts[0] + 1] + body.split("\n") + lines[stops[0] :])


def rewrite_source(text: str, release: Release, lesson: Lesson, where: str) -> str:
    """노트북 소스의 배지 두 줄과 설정 셀의 Colab 부분을 새로 씁니다."""
    colab, binder = badges(release, lesson.student)
    lines = text.split("\n")
    found = {COLAB_ALT: 0, BINDER_ALT: 0}
    for i, line in enumerate(lines):
        match = _BADGE_LINE.match(line)
        if match:
            found[match["alt"]] += 1
            lines[i] = "# " + (colab if match["alt"] == COLAB_ALT else binder)
    for alt, count in found.items():
        if count != 1:
            raise LinkError(f"{where}: '# [![{alt}](…)](…)' 배지 줄이 {count}개입니다 (1개여야 합니다)")
    try:
        marker = lines.index(_SETUP_MARKER)
    except ValueError:
        raise LinkError(f"{where}: 설정 셀 '{_SETUP_MARKER}'가 없습니다") from None
    stop = next((i for i in range(marker + 1, len(lines)) if lines[i].startswith("# %%")), len(lines))
    cell = "\n".join(lines[marker + 1 : stop])
    end = _colab_block_end(cell, where)
    new_cell = colab_prelude(release).split("\n") + cell.split("\n")[end:]
    return "\n".join(lines[: marker + 1] + new_cell + lines[stop:])


def _colab_block_end(cell: str, where: str) -> int:
    """설정 셀에서 ``if "google.colab" in sys.modules:`` 블록이 끝나는 줄(0부터 센 다음 줄)."""
    for node in ast.parse(cell).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "'google.colab' in sys.modules":
            return node.end_lineno
    raise LinkError(f"{where}: 설정 셀에 'if \"google.colab\" in sys.modules:' 블록이 없습니다")


# ---------------------------------------------------------------------------
# 학생용 판과 강사용 판
# ---------------------------------------------------------------------------


def _build_notebooks():
    spec = importlib.util.spec_from_file_location("build_notebooks", Path(__file__).with_name("build_notebooks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook_cells(nb) -> list[tuple]:
    """비교할 셀의 내용: 종류, id, 소스, 메타데이터 (출력과 실행 번호는 뺌)."""
    return [(c.cell_type, c.get("id"), c.source, dict(c.metadata)) for c in nb.cells]


def stale_notebooks(root: Path, lessons: list[Lesson], *, student: bool, sources: dict[str, str] | None = None) -> list[str]:
    """소스로 다시 만든 노트북과 셀이 다른 저장된 노트북들(없는 것과 남는 것 포함).

    ``sources``(소스 파일 이름 → 글)가 있으면 파일 대신 그 글로 만듭니다: ``--check``가 고친 뒤의 소스와 견줄 때.
    """
    import tempfile

    import nbformat

    build = _build_notebooks()
    folder = root / ("student" if student else "notebooks")
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons:
            src = root / "notebooks" / "src" / f"{lesson.stem}.py"
            if sources and src.name in sources:
                src = Path(tmp) / src.name
                src.write_text(sources[src.name], encoding="utf-8")
            expected = build.make_notebook(src, student=student)
            path = folder / f"{lesson.stem}.ipynb"
            if not path.exists():
                stale.append(f"{path.relative_to(root)}: 없습니다")
                continue
            committed = nbformat.read(path, as_version=4)
            same = notebook_cells(committed) == notebook_cells(expected)
            if student:  # 학생용은 실행하지 않은 그대로 저장하므로 노트북 메타데이터도 같아야 합니다
                same = same and committed.metadata == expected.metadata
            if not same:
                stale.append(f"{path.relative_to(root)}: 소스와 다릅니다")
    known = {f"{lesson.stem}.ipynb" for lesson in lessons}
    for path in sorted(folder.glob("*.ipynb")):
        if path.name not in known:
            stale.append(f"{path.relative_to(root)}: 소스가 없는 노트북입니다")
    return stale


def write_student(root: Path, lessons: list[Lesson]) -> list[str]:
    build = _build_notebooks()
    out = root / "student"
    written = []
    for lesson in lessons:
        path, _ = build.build(root / "notebooks" / "src" / f"{lesson.stem}.py", student=True, out_dir=out, execute=False)
        written.append(str(path.relative_to(root)))
    return written


# ---------------------------------------------------------------------------
# 실행
# ---------------------------------------------------------------------------


def planned_text_changes(root: Path, release: Release, lessons: list[Lesson]) -> dict[Path, str]:
    """고칠 글 파일 → 새 내용 (지금과 다른 것만)."""
    changes: dict[Path, str] = {}
    for lesson in lessons:
        path = root / "notebooks" / "src" / f"{lesson.stem}.py"
        text = path.read_text(encoding="utf-8")
        new = rewrite_source(text, release, lesson, str(path.relative_to(root)))
        if new != text:
            changes[path] = new
    bodies = block_bodies(release, lessons)
    for relative, names in BLOCKS.items():
        path = root / relative
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        for name in names:
            new = replace_block(new, name, bodies[name], relative)
        if new != text:
            changes[path] = new
    return changes


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description="pyproject.toml의 저장소 주소와 태그로 배지와 링크를 씁니다")
    parser.add_argument("--check", action="store_true", help="쓰지 않고, 고칠 곳을 모두 적고 있으면 1로 끝납니다")
    parser.add_argument("--hub", help="이 JupyterHub 주소로 레슨마다 nbgitpuller 링크를 출력합니다")
    args = parser.parse_args(argv)
    try:
        release = load_release(root)
        lessons = find_lessons(root)
        if args.hub:
            for lesson in lessons:
                print(f"{lesson.number} {lesson.title}: {release.nbgitpuller(args.hub, lesson.student)}")
            return 0
        changes = planned_text_changes(root, release, lessons)
    except LinkError as err:
        print(f"링크 오류: {err}", file=sys.stderr)
        return 2
    missing = [relative for relative in BLOCKS if not (root / relative).exists()]
    for relative in missing:
        print(f"{relative}가 없어 건너뜁니다", file=sys.stderr)

    if args.check:
        stale = [f"{path.relative_to(root)}: 배지나 링크가 pyproject.toml({release.tag})과 다릅니다" for path in changes]
        # 노트북은 고친 뒤의 소스와 견줍니다: 소스만 고치고 노트북을 다시 만들지 않으면 그것도 고칠 곳입니다.
        sources = {path.name: text for path, text in changes.items() if path.suffix == ".py"}
        stale += [f"{s} (make student)" for s in stale_notebooks(root, lessons, student=True, sources=sources)]
        stale += [f"{s} (make notebooks)" for s in stale_notebooks(root, lessons, student=False, sources=sources)]
        for line in stale:
            print(line)
        if stale:
            print(f"고칠 곳 {len(stale)}개: python tools/links.py로 고치세요", file=sys.stderr)
            return 1
        print(f"배지와 링크가 모두 pyproject.toml의 저장소와 태그({release.repository}, {release.tag})에 맞습니다")
        return 0

    for path, text in changes.items():
        path.write_text(text, encoding="utf-8")
        print(f"고침: {path.relative_to(root)}")
    for written in write_student(root, lessons):
        print(f"학생용 판: {written}")
    stale = stale_notebooks(root, lessons, student=False)
    if stale:
        print("강사용 노트북이 소스와 다릅니다. make notebooks로 다시 만드세요:", *stale, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
