"""배지와 링크(tools/links.py): pyproject.toml의 저장소 주소와 태그 하나로 쓰고, 모두 그것과 맞는지.

저장소를 훑는 검사는 tools/links.py를 쓰지 않고 pyproject.toml을 직접 읽어 따로 확인합니다. 스크립트가 틀려도
여기서 잡히게 하려는 것입니다.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import types
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("links", ROOT / "tools" / "links.py")
links = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("links", links)  # dataclass가 모듈을 sys.modules에서 찾습니다
_spec.loader.exec_module(links)

SOURCES = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


# ---------------------------------------------------------------------------
# 저장소 전체: --check와, 스크립트와 따로 하는 검사
# ---------------------------------------------------------------------------


def test_links_check_passes_on_the_repository():
    """배지, 링크, 학생용 판, 강사용 판이 모두 pyproject.toml과 소스에 맞아야 합니다 (고치기: make links, make notebooks)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "links.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyproject_names_the_repository_and_a_tag_for_this_version():
    project = _pyproject()
    urls = project["urls"]
    assert urls["Repository"] == "https://github.com/lrcourse/lrcourse"
    # 태그는 v + 버전: 배지가 여는 판과 Colab이 설치하는 판이 이 패키지의 판과 같습니다.
    assert urls["Release Notes"] == f"https://github.com/lrcourse/lrcourse/releases/tag/v{project['version']}"


def test_package_version_matches_pyproject():
    """00에서 보여 주는 lrcourse.__version__과 Colab 설정 셀이 비교하는 설치된 판(pyproject)이 같아야 합니다."""
    init = (ROOT / "lrcourse" / "__init__.py").read_text(encoding="utf-8")
    assert f'__version__ = "{_pyproject()["version"]}"' in init


_URL = re.compile(r"https?://[^\s)\]>\"'`|]+")


def _texts():
    """링크가 있을 수 있는 모든 글: (이름, 글). 노트북은 셀 소스를 이어 붙입니다."""
    paths = [*SOURCES, ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for path in paths:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for folder in ("student", "notebooks"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
            yield path.relative_to(ROOT).as_posix(), "\n".join(sources)


def _course_links():
    """이 저장소를 가리키는 링크: (파일, 주소, 종류, (owner, repo, ref, path)). 배지 그림은 뺍니다."""
    found = []
    for name, text in _texts():
        for url in _URL.findall(text):
            parts = urlsplit(url)
            segments = parts.path.strip("/").split("/")
            if parts.netloc == "colab.research.google.com" and segments[0] == "github":
                # /github/<owner>/<repo>/blob/<ref>/<path>
                assert segments[3] == "blob", f"{name}: {url}"
                found.append((name, url, "colab", (segments[1], segments[2], segments[4], "/".join(segments[5:]))))
            elif parts.netloc == "mybinder.org" and parts.path.startswith("/v2/"):
                # /v2/gh/<owner>/<repo>/<ref>?labpath=<path>
                query = parse_qs(parts.query)
                assert segments[1] == "gh" and "labpath" in query, f"{name}: {url}"
                found.append((name, url, "binder", (segments[2], segments[3], segments[4], query["labpath"][0])))
            elif parts.netloc == "github.com" and "@" not in parts.path:  # git+…@태그는 아래에서
                ref = path = None
                if len(segments) > 2 and segments[2] in ("blob", "tree"):
                    ref, path = segments[3], "/".join(segments[4:])
                elif len(segments) > 2 and segments[2] == "releases":
                    ref = segments[4]
                found.append((name, url, "github", (segments[0], segments[1], ref, path)))
            elif parts.path.endswith("/hub/user-redirect/git-pull"):
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                found.append((name, url, "nbgitpuller", query))
        for spec in re.findall(r"git\+(https://github\.com/[^\s\"'@`]+)@([\w.-]*\w)", text):
            owner, repo = urlsplit(spec[0]).path.strip("/").split("/")
            found.append((name, f"git+{spec[0]}@{spec[1]}", "pip", (owner, repo, spec[1], None)))
    return found


def test_every_course_link_uses_the_repository_and_tag_from_pyproject_and_points_at_a_file():
    urls = _pyproject()["urls"]
    repository = urls["Repository"]
    owner, repo = urlsplit(repository).path.strip("/").split("/")
    tag = urls["Release Notes"].rsplit("/", 1)[1]
    found = _course_links()
    problems = []
    for name, url, kind, parts in found:
        if kind == "nbgitpuller":
            # 형식을 보여 주는 틀(예: branch=<워크숍 브랜치>)은 <…>인 값만 빼고 검사합니다.
            concrete = {key: value for key, value in parts.items() if "<" not in value}
            lab_tree = f"lab/tree/{repo}/"
            if concrete.get("repo") != repository or concrete.get("branch", f"workshop-{tag}") != f"workshop-{tag}":
                problems.append(f"{name}: {url} (저장소나 브랜치가 다름)")
            elif "urlpath" in concrete and not (
                concrete["urlpath"].startswith(lab_tree) and (ROOT / concrete["urlpath"][len(lab_tree):]).is_file()
            ):
                problems.append(f"{name}: {url} (여는 파일이 없음)")
            continue
        link_owner, link_repo, ref, path = parts
        if (link_owner, link_repo) != (owner, repo):
            problems.append(f"{name}: {url} (저장소가 {owner}/{repo}가 아님)")
        elif ref is not None and ref != tag:
            problems.append(f"{name}: {url} (태그가 {tag}가 아님)")
        elif path and not (ROOT / unquote(path)).exists():
            problems.append(f"{name}: {url} (가리키는 파일이 없음)")
    assert not problems, "\n".join(problems)
    # 훑기가 실제로 링크를 찾았는지: 노트북 소스마다 배지 둘과 pip 설치 하나, README에는 레슨마다 배지 둘.
    for src in SOURCES:
        kinds = [kind for name, _, kind, _ in found if name == f"notebooks/src/{src.name}"]
        assert sorted(kinds) == ["binder", "colab", "pip"], src.name
    readme = [parts for name, _, kind, parts in found if name == "README.md" and kind in ("colab", "binder")]
    assert len(readme) == 2 * len(SOURCES)


def test_learner_badges_open_the_student_edition():
    """노트북과 README의 Colab·Binder 배지는 풀이가 없는 학생용 판(student/)을 엽니다. 강사용 링크는 docs/에만."""
    for name, url, kind, parts in _course_links():
        if kind in ("colab", "binder") and not name.startswith("docs/"):
            path = unquote(parts[3])
            assert path.startswith("student/"), f"{name}: {url}"
            if name.startswith(("notebooks/src/", "student/", "notebooks/")):
                assert Path(path).stem == Path(name).stem, f"{name}의 배지가 다른 레슨을 엽니다: {url}"


def test_readme_lesson_table_has_every_lesson_with_its_expected_time():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- BEGIN links:lessons -->")[1].split("<!-- END links:lessons -->")[0]
    rows = [line for line in block.splitlines() if re.match(r"^\| \d\d \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == [src.name[:2] for src in SOURCES]
    for src, row in zip(SOURCES, rows):
        minutes = re.search(r"\*\*예상 시간: (\d+)분\*\*", src.read_text(encoding="utf-8")).group(1)
        assert f"| {minutes}분 |" in row, (src.name, row)


# ---------------------------------------------------------------------------
# Colab 설정 셀
# ---------------------------------------------------------------------------


def _setup_cell(src: Path) -> str:
    text = src.read_text(encoding="utf-8")
    return text.split('# %% tags=["setup"]\n', 1)[1].split("\n# %%", 1)[0]


def _colab_part(src: Path) -> str:
    """설정 셀에서 Colab 부분만 (그 뒤의 import lrcourse 등은 이 테스트가 돌릴 것이 아님)."""
    cell = _setup_cell(src)
    return "\n".join(cell.split("\n")[: links._colab_block_end(cell, src.name)])


class _Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, args, **kwargs):
        self.calls.append((list(args), kwargs))
        return subprocess.CompletedProcess(args, 0)


@pytest.mark.parametrize("src", SOURCES, ids=[p.stem for p in SOURCES])
@pytest.mark.parametrize("installed", [None, "0.1.0"])
def test_colab_setup_installs_the_tagged_package_without_upgrading(src, installed, monkeypatch):
    """Colab(google.colab이 있을 때)에서만 pip를 부르고, 태그의 패키지를 -U 없이 설치합니다."""
    project = _pyproject()
    recorder = _Recorder()
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", recorder)

    def version(name):
        if installed is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setattr(importlib.metadata, "version", version)
    exec(compile(_colab_part(src), src.name, "exec"), {})
    assert len(recorder.calls) == 1
    args, kwargs = recorder.calls[0]
    spec = f"lrcourse @ git+{project['urls']['Repository']}@v{project['version']}"
    assert args == [sys.executable, "-m", "pip", "install", "-q", spec]
    assert kwargs == {"check": True}
    # -U/--upgrade나 --force-reinstall이 있으면 Colab의 torch나 이미 불러온 패키지가 바뀔 수 있습니다.
    assert not {"-U", "--upgrade", "--force-reinstall", "--upgrade-strategy"} & set(args)


@pytest.mark.parametrize("src", SOURCES, ids=[p.stem for p in SOURCES])
def test_colab_setup_skips_pip_when_this_version_is_installed_or_not_on_colab(src, monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(subprocess, "run", recorder)
    monkeypatch.setattr(importlib.metadata, "version", lambda name: _pyproject()["version"])
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(_colab_part(src), src.name, "exec"), {})  # 셀을 다시 실행할 때: 이미 이 판
    monkeypatch.delitem(sys.modules, "google.colab")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0.1")
    exec(compile(_colab_part(src), src.name, "exec"), {})  # Colab이 아닐 때: 판이 달라도 설치하지 않음
    assert recorder.calls == []


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> None:
    """pip가 메타데이터를 읽을 수 있는 가장 작은 wheel."""
    dist = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )
    wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{name}/__init__.py", "")
        archive.writestr(f"{dist}/METADATA", metadata)
        archive.writestr(f"{dist}/WHEEL", wheel)
        archive.writestr(f"{dist}/RECORD", "")


def _pip_would_install(tmp_path: Path, *extra: str) -> dict[str, str]:
    # 이 컴퓨터의 pip 설정(제약 파일, 추가 색인)과 PIP_* 환경 변수를 끄고 tmp_path의 wheel만 봅니다.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-", "--no-index",
         "--find-links", str(tmp_path), "--disable-pip-version-check", *extra, "lrcdemo"],
        capture_output=True, text=True, check=True, env=env,
    )
    report = json.loads(result.stdout)
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in report["install"]}


def test_pip_without_upgrade_leaves_an_installed_torch_alone(tmp_path):
    """설정 셀이 기대는 pip의 동작: 요구 조건(torch>=2.3)을 이미 채운 torch는 더 새 판이 있어도 그대로 둡니다.

    이 환경의 torch를 Colab의 torch 대신 씁니다. 가짜 패키지 lrcdemo가 torch>=2.3을 요구하고, 찾을 곳에는
    torch 99.0이 있습니다. 실제로 설치하지 않고(--dry-run) pip가 무엇을 설치할지만 봅니다.
    """
    torch_version = importlib.metadata.version("torch")
    _wheel(tmp_path, "lrcdemo", "1.0", ["torch>=2.3"])
    _wheel(tmp_path, "torch", "99.0", [])
    assert _pip_would_install(tmp_path) == {"lrcdemo": "1.0"}
    # 대조: -U --upgrade-strategy eager였다면 torch를 99.0으로 바꿨을 것입니다 (이 테스트가 실패할 수 있다는 증거).
    assert _pip_would_install(tmp_path, "-U", "--upgrade-strategy", "eager") == {"lrcdemo": "1.0", "torch": "99.0"}
    assert importlib.metadata.version("torch") == torch_version


# ---------------------------------------------------------------------------
# 스크립트: 작은 저장소 하나로
# ---------------------------------------------------------------------------


FIXTURE_SOURCE = textwrap.dedent(
    '''\
    # %% [markdown]
    # # 00. 맛보기
    #
    # [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/old/old/blob/main/notebooks/00_demo.ipynb)
    # [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/old/old/main?labpath=notebooks%2F00_demo.ipynb)
    #
    # **예상 시간: 15분**

    # %% tags=["setup"]
    # 옛 설정 셀
    import sys

    if "google.colab" in sys.modules:
        import subprocess

        subprocess.run([sys.executable, "-m", "pip", "install", "lrcourse"], check=True)

    import math

    # %% tags=["solution"]
    # BEGIN SOLUTION
    answer = 42
    # END SOLUTION
    '''
)


@pytest.fixture
def repo(tmp_path):
    """레슨 하나, README, docs/instructor.md(빈 블록 둘)가 있는 작은 저장소."""
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [project]
            name = "lrcourse"
            version = "1.2.0"

            [project.urls]
            Repository = "https://github.com/example/course"
            "Release Notes" = "https://github.com/example/course/releases/tag/v1.2.0"
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "notebooks" / "src").mkdir(parents=True)
    (tmp_path / "notebooks" / "src" / "00_demo.py").write_text(FIXTURE_SOURCE, encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "# 강좌\n\n## 강좌 내용\n\n<!-- BEGIN links:lessons -->\n옛 표\n<!-- END links:lessons -->\n\n## 끝\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "instructor.md").write_text(
        "# 안내서\n\n<!-- BEGIN links:instructor-lessons -->\n<!-- END links:instructor-lessons -->\n\n"
        "본문\n\n<!-- BEGIN links:nbgitpuller -->\n<!-- END links:nbgitpuller -->\n",
        encoding="utf-8",
    )
    return tmp_path


def test_script_writes_badges_setup_cell_blocks_and_student_edition(repo, capsys):
    assert links.main(["--check"], root=repo) == 1
    assert links.main([], root=repo) == 0
    source = (repo / "notebooks" / "src" / "00_demo.py").read_text(encoding="utf-8")
    assert "(https://colab.research.google.com/github/example/course/blob/v1.2.0/student/00_demo.ipynb)" in source
    assert "(https://mybinder.org/v2/gh/example/course/v1.2.0?labpath=student%2F00_demo.ipynb)" in source
    assert '"lrcourse @ git+https://github.com/example/course@v1.2.0"' in source
    assert 'if installed != "1.2.0":' in source
    assert "옛 설정 셀" not in source and "\nimport math\n" in source  # Colab 부분만 바뀌고 나머지는 그대로
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "옛 표" not in readme and readme.endswith("<!-- END links:lessons -->\n\n## 끝\n")
    assert "| 00 | 맛보기 | 15분 |" in readme
    guide = (repo / "docs" / "instructor.md").read_text(encoding="utf-8")
    assert "(https://github.com/example/course/blob/v1.2.0/notebooks/00_demo.ipynb)" in guide
    assert "(https://colab.research.google.com/github/example/course/blob/v1.2.0/notebooks/00_demo.ipynb)" in guide
    # nbgitpuller 링크 생성기와 같은 형식: 저장소, 허브 홈 기준 경로(저장소 폴더 이름 포함), 워크숍 브랜치
    assert (
        "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fcourse"
        "&urlpath=lab%2Ftree%2Fcourse%2Fstudent%2F00_demo.ipynb&branch=workshop-v1.2.0" in guide
    )
    assert "\n본문\n" in guide
    student = json.loads((repo / "student" / "00_demo.ipynb").read_text(encoding="utf-8"))
    assert "여기에 답을 쓰세요" in "".join(student["cells"][2]["source"])
    capsys.readouterr()
    assert links.main(["--check"], root=repo) == 1  # 강사용 판(notebooks/00_demo.ipynb)이 없습니다
    assert "notebooks/00_demo.ipynb: 없습니다 (make notebooks)" in capsys.readouterr().out
    # 두 번째 실행은 아무것도 바꾸지 않습니다.
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    assert links.main([], root=repo) == 0
    assert before == {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}


def test_check_names_every_stale_place(repo, capsys):
    links.main([], root=repo)
    capsys.readouterr()
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("1.2.0", "1.3.0"), encoding="utf-8")
    assert links.main(["--check"], root=repo) == 1
    out = capsys.readouterr().out
    for place in ("notebooks/src/00_demo.py", "README.md", "docs/instructor.md", "student/00_demo.ipynb: 소스와 다릅니다"):
        assert place in out
    assert "1.2.0" in (repo / "README.md").read_text(encoding="utf-8")  # --check는 쓰지 않습니다


def test_missing_block_in_an_existing_file_is_an_error(repo, capsys):
    guide = repo / "docs" / "instructor.md"
    guide.write_text("# 안내서\n\n<!-- BEGIN links:instructor-lessons -->\n<!-- END links:instructor-lessons -->\n", encoding="utf-8")
    assert links.main([], root=repo) == 2
    err = capsys.readouterr().err
    assert "docs/instructor.md" in err and "'nbgitpuller'" in err
    assert not (repo / "student").exists()  # 오류면 아무것도 쓰지 않습니다


def test_missing_guide_is_skipped(repo, capsys):
    (repo / "docs" / "instructor.md").unlink()
    assert links.main([], root=repo) == 0
    assert "docs/instructor.md가 없어 건너뜁니다" in capsys.readouterr().err


@pytest.mark.parametrize(
    "urls, message",
    [
        ('Repository = "https://github.com/example/course"\n', "Release Notes"),
        (
            'Repository = "https://github.com/example/course"\n'
            '"Release Notes" = "https://github.com/example/course/releases/tag/v9.9.9"\n',
            "버전",
        ),
        (
            'Repository = "https://gitlab.com/example/course"\n'
            '"Release Notes" = "https://gitlab.com/example/course/releases/tag/v1.2.0"\n',
            "github.com",
        ),
    ],
)
def test_bad_pyproject_urls_are_reported(repo, urls, message, capsys):
    (repo / "pyproject.toml").write_text(f'[project]\nname = "lrcourse"\nversion = "1.2.0"\n\n[project.urls]\n{urls}', encoding="utf-8")
    assert links.main(["--check"], root=repo) == 2
    assert message in capsys.readouterr().err


def test_hub_option_prints_a_link_per_lesson(repo, capsys):
    assert links.main(["--hub", "https://hub.school.example/"], root=repo) == 0
    out = capsys.readouterr().out
    assert out.startswith("00 맛보기: https://hub.school.example/hub/user-redirect/git-pull?repo=")
