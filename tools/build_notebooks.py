"""노트북 소스(notebooks/src/*.py)를 노트북으로 만듭니다.

사용법::

    python tools/build_notebooks.py                 # 모든 강사용 노트북을 만들고 실행 → notebooks/NN_*.ipynb
    python tools/build_notebooks.py 01 02           # 번호(또는 파일 이름 일부)로 고르기
    python tools/build_notebooks.py --student       # 학생용(풀이를 빈칸으로, 실행하지 않음) → student/NN_*.ipynb (make student)
    python tools/build_notebooks.py --student --execute --out /tmp/s   # 학생용을 만들고 실행까지 (검사용)

소스 형식은 jupytext의 "percent" 형식이고, 읽기는 ``jupytext.reads(text, fmt="py:percent")``가 합니다.
``# %%``로 코드 셀을, ``# %% [markdown]``으로 마크다운 셀을 시작하고, 마크다운 본문은 줄마다 ``# ``를
앞에 붙입니다. 셀 태그는 ``# %% tags=["solution"]``처럼 씁니다. 첫 ``# %%`` 앞의 주석(jupytext 머리말
등)은 무시합니다.

태그의 뜻:

- ``setup``: 설정 셀 (표시만 합니다).
- ``solution``: 풀이 셀. 학생용에서는 ``# BEGIN SOLUTION``과 ``# END SOLUTION`` 사이를 빈칸으로
  바꿉니다(아래 규칙). 강사용에서는 두 표시 줄만 지웁니다.
- ``instructor``: 강사용에만 있는 셀. 학생용에서는 통째로 뺍니다.
- nbval 태그(``nbval-ignore-output`` 등)는 그대로 둡니다.

빈칸 규칙 (nbgrader의 ``### BEGIN SOLUTION``을 본떴습니다):

1. ``# BEGIN SOLUTION`` 줄이 들여쓰여 있으면(함수 본문 안) 그 사이 줄 전체를 같은 들여쓰기의
   ``raise NotImplementedError("여기에 답을 쓰세요")`` 한 줄로 바꿉니다.
2. 들여쓰기가 없으면(셀 맨 바깥) 그 사이 코드가 값을 넣는 이름마다
   ``이름 = ...  # 여기에 답을 쓰세요`` 한 줄로 바꿉니다. 값을 넣는 이름이 없으면 오류입니다
   (맨 바깥의 ``raise``는 학생용 노트북을 멈추게 하므로 쓰지 않습니다).

그래서 학생용 노트북은 위에서 아래로 오류 없이 돕니다: 채점기는 ``...``이나
``NotImplementedError``를 보면 "아직 풀지 않았습니다"라고만 말합니다.

학생용 판(``student/``)은 실행하지 않은 채 저장소에 커밋합니다. Colab·Binder 배지가 이 판을 엽니다.
만들 때마다 같은 파일이 나오도록 셀 id를 번호로 정하고 노트북 메타데이터와 nbformat 판(4.5)을 고정합니다.
tests/test_student_edition.py가 커밋된 판이 소스와 같은지 검사합니다.

강사용 노트북은 nbclient로 실행해 출력과 함께 저장합니다. 출력이 실행마다 같도록
``LRCOURSE_PROGRESS=0``(진행 막대 끔), 빈 임시 홈 폴더(진행 기록이 실제 기록과 섞이지 않음),
``PYTHONHASHSEED=0``으로 실행하고, 셀 id를 번호로 정하고, 실행 시각 메타데이터와
``metadata.widgets``를 지웁니다. 셀이 stderr에 무언가(경고 등)를 쓰면 오류로 멈춥니다.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC_DIR = ROOT / "notebooks" / "src"
INSTRUCTOR_DIR = ROOT / "notebooks"
STUDENT_DIR = ROOT / "student"

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
STUB_MESSAGE = "여기에 답을 쓰세요"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

# 셀 표시 줄. 셀을 나누는 것은 jupytext이고, 이 식은 오류 메시지의 줄 번호와 마크다운 줄 검사에만 씁니다.
_CELL_RE = re.compile(r"^# %%(\s|$)")


class BuildError(Exception):
    """소스 형식이 틀렸거나 실행이 실패했습니다."""


# ---------------------------------------------------------------------------
# 소스 읽기
# ---------------------------------------------------------------------------


def parse_source(text: str, origin: str = "<source>") -> list[dict]:
    """percent 형식 소스를 ``{"kind", "tags", "source", "line"}`` 목록으로 바꿉니다.

    셀 나누기와 마크다운 주석 풀기, 셀 메타데이터(``tags=[...]``) 읽기는 jupytext가 합니다. 여기서는
    이 강좌의 규칙만 더 봅니다: 첫 ``# %%`` 앞은 무시하고, 셀 종류는 code와 markdown뿐이며, 마크다운의
    줄은 모두 ``#``로 시작하고, 빈 셀은 없습니다. ``line``은 셀 표시 줄의 번호(오류 메시지용)입니다.
    """
    lines = text.splitlines()
    markers = [i for i, line in enumerate(lines) if _CELL_RE.match(line)]
    if not markers:
        raise BuildError(f"{origin}: '# %%' 셀이 하나도 없습니다")
    body = "\n".join(lines[markers[0]:]) + "\n"
    notebook = jupytext.reads(body, fmt="py:percent")
    if len(notebook.cells) != len(markers):
        raise BuildError(f"{origin}: '# %%' 표시 {len(markers)}개에서 jupytext가 셀 {len(notebook.cells)}개를 읽었습니다")
    out = []
    for index, (cell, start) in enumerate(zip(notebook.cells, markers)):
        lineno = start + 1
        if cell.cell_type not in ("code", "markdown"):
            raise BuildError(f"{origin}:{lineno}: 알 수 없는 셀 종류 [{cell.cell_type}]")
        if cell.cell_type == "markdown":
            stop = markers[index + 1] if index + 1 < len(markers) else len(lines)
            for offset, line in enumerate(lines[start + 1 : stop], 1):
                if line.strip() and not (line == "#" or line.startswith("# ")):
                    raise BuildError(f"{origin}:{lineno + offset}: 마크다운 셀의 줄은 '# '로 시작해야 합니다: {line!r}")
        source = cell.source.strip("\n")
        if not source.strip():
            raise BuildError(f"{origin}:{lineno}: 빈 셀입니다")
        out.append({"kind": cell.cell_type, "tags": list(cell.metadata.get("tags", [])), "source": source, "line": lineno})
    return out


# ---------------------------------------------------------------------------
# 풀이 표시 처리
# ---------------------------------------------------------------------------


def _solution_blocks(lines: list[str], where: str) -> list[tuple[int, int]]:
    blocks, start = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == BEGIN:
            if start is not None:
                raise BuildError(f"{where}: '{BEGIN}'가 닫히기 전에 다시 나왔습니다")
            start = i
        elif stripped == END:
            if start is None:
                raise BuildError(f"{where}: '{BEGIN}' 없이 '{END}'가 나왔습니다")
            blocks.append((start, i))
            start = None
    if start is not None:
        raise BuildError(f"{where}: '{BEGIN}'를 닫는 '{END}'가 없습니다")
    return blocks


def _assigned_names(code: str, where: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        raise BuildError(f"{where}: 풀이 부분을 파싱할 수 없습니다: {err}") from None
    names: list[str] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            elts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for elt in elts:
                if isinstance(elt, ast.Name) and elt.id not in names:
                    names.append(elt.id)
    return names


def stub_solution(source: str, where: str = "<cell>") -> str:
    """풀이 셀의 학생용 소스: 표시 사이를 빈칸 규칙(모듈 설명 참고)대로 바꿉니다."""
    lines = source.split("\n")
    blocks = _solution_blocks(lines, where)
    if not blocks:
        raise BuildError(f"{where}: 'solution' 태그가 붙은 셀에 '{BEGIN}' … '{END}'가 없습니다")
    out: list[str] = []
    prev = 0
    for start, end in blocks:
        out.extend(lines[prev:start])
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        body = lines[start + 1 : end]
        if indent:
            out.append(f'{indent}raise NotImplementedError("{STUB_MESSAGE}")')
        else:
            names = _assigned_names("\n".join(body), where)
            if not names:
                raise BuildError(f"{where}: 맨 바깥 풀이 부분에 값을 넣는 이름이 없습니다 (빈칸을 만들 수 없음)")
            out.extend(f"{name} = ...  # {STUB_MESSAGE}" for name in names)
        prev = end + 1
    out.extend(lines[prev:])
    return "\n".join(out)


def strip_markers(source: str, where: str = "<cell>") -> str:
    """강사용 소스: 풀이 표시 줄만 지웁니다."""
    lines = source.split("\n")
    _solution_blocks(lines, where)  # 짝이 맞는지 검사
    return "\n".join(line for line in lines if line.strip() not in (BEGIN, END))


# ---------------------------------------------------------------------------
# 노트북 만들기와 실행
# ---------------------------------------------------------------------------


def make_notebook(src_path: Path, *, student: bool) -> nbformat.NotebookNode:
    """소스 파일 하나로 (실행하지 않은) 노트북을 만듭니다."""
    cells = parse_source(src_path.read_text(encoding="utf-8"), str(src_path))
    nb = nbformat.v4.new_notebook()
    # nbformat 판을 고정합니다: new_notebook()의 부 판 번호는 설치된 nbformat을 따르고, 셀 id는 4.5부터 있습니다.
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    index = 0
    for cell in cells:
        tags = cell["tags"]
        where = f"{src_path.name}:{cell['line']}"
        source = cell["source"]
        if student and "instructor" in tags:
            continue
        if cell["kind"] == "code":
            has_markers = BEGIN in source or END in source
            if has_markers and "solution" not in tags:
                raise BuildError(f"{where}: 풀이 표시가 있는 셀에는 tags=[\"solution\"]을 붙이세요")
            if "solution" in tags:
                source = stub_solution(source, where) if student else strip_markers(source, where)
            new = nbformat.v4.new_code_cell(source)
        else:
            new = nbformat.v4.new_markdown_cell(source)
        if tags:
            new.metadata["tags"] = list(tags)
        new.id = f"{src_path.stem[:2]}-{index:03d}"
        index += 1
        nb.cells.append(new)
    return nb


def execute_notebook(nb: nbformat.NotebookNode, *, cwd: Path, timeout: int = 600, allow_stderr: bool = False) -> float:
    """노트북을 제자리에서 실행하고 걸린 시간(초)을 돌려줍니다. 셀 오류나 stderr 출력이면 :class:`BuildError`."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    import matplotlib

    keys = ("HOME", "MPLCONFIGDIR", "LRCOURSE_PROGRESS", "LRCOURSE_PROGRESS_FILE", "PYTHONHASHSEED", "PYTHONWARNINGS")
    saved = {k: os.environ.get(k) for k in keys}
    mpl_config = matplotlib.get_configdir()  # 빈 홈에서 글꼴 캐시를 다시 만들지 않도록 원래 것을 씁니다
    with tempfile.TemporaryDirectory(prefix="lrcourse-build-") as tmp:
        # 커널은 빈 임시 홈에서 돕니다: 진행 기록은 학습자와 같은 기본 위치(~/.lrcourse_progress.json)에
        # 쓰이지만 빌드하는 사람의 실제 기록은 건드리지 않고, 출력에는 "~/…"만 남습니다.
        os.environ["HOME"] = tmp
        os.environ["MPLCONFIGDIR"] = mpl_config
        os.environ.pop("LRCOURSE_PROGRESS_FILE", None)
        os.environ["LRCOURSE_PROGRESS"] = "0"
        os.environ["PYTHONHASHSEED"] = "0"
        os.environ.pop("PYTHONWARNINGS", None)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=KERNELSPEC["name"],
            resources={"metadata": {"path": str(cwd)}},
            record_timing=False,
        )
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as err:
            raise BuildError(str(err)) from None
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        elapsed = time.perf_counter() - start
    if not allow_stderr:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    raise BuildError(f"셀 {cell.id}이(가) stderr에 썼습니다 (경고나 진행 막대?):\n{output.get('text', '')[:2000]}")
    return elapsed


def clean_metadata(nb: nbformat.NotebookNode) -> None:
    """실행마다 달라지는 메타데이터를 지우고, 이어진 같은 스트림 출력을 하나로 합칩니다.

    print 사이에 시간이 걸리면 커널이 출력을 여러 조각으로 보내는데, 조각 나누기는 실행마다 다릅니다.
    합쳐 두면 다시 만들어도 같은 노트북이 나옵니다.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type != "code":
            continue
        merged = []
        for output in cell.outputs:
            output.get("metadata", {}).pop("execution", None)
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and output.get("output_type") == "stream"
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")
            ):
                previous["text"] += output["text"]
            else:
                merged.append(output)
        cell.outputs = merged


def find_sources(selectors: list[str]) -> list[Path]:
    sources = sorted(SRC_DIR.glob("[0-9][0-9]_*.py"))
    if selectors:
        sources = [p for p in sources if any(sel in p.stem for sel in selectors)]
        if not sources:
            raise BuildError(f"고른 소스가 없습니다: {selectors}")
    return sources


def build(src_path: Path, *, student: bool, out_dir: Path, execute: bool, timeout: int = 600) -> tuple[Path, float | None]:
    """노트북 하나를 만들어(필요하면 실행해) ``out_dir``에 쓰고 (경로, 실행 시간)을 돌려줍니다."""
    nb = make_notebook(src_path, student=student)
    elapsed = None
    out_dir.mkdir(parents=True, exist_ok=True)
    if execute:
        elapsed = execute_notebook(nb, cwd=out_dir, timeout=timeout)
        clean_metadata(nb)
    nbformat.validate(nb)
    out_path = out_dir / f"{src_path.stem}.ipynb"
    nbformat.write(nb, str(out_path))
    return out_path, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="notebooks/src/*.py → 노트북 (강사용: 실행 포함, 학생용: 빈칸)")
    parser.add_argument("select", nargs="*", help="만들 노트북 (번호나 이름 일부, 예: 01 step_decay)")
    parser.add_argument("--student", action="store_true", help="학생용 판을 만듭니다 (기본 출력: student/)")
    parser.add_argument("--out", type=Path, help="출력 폴더 (기본: 강사용 notebooks/, 학생용 student/)")
    parser.add_argument("--execute", action="store_true", help="학생용도 실행합니다 (검사용)")
    parser.add_argument("--no-execute", action="store_true", help="강사용을 실행하지 않고 만들기만 합니다")
    parser.add_argument("--timeout", type=int, default=600, help="셀 하나의 시간 제한 (초)")
    args = parser.parse_args(argv)

    out_dir = args.out or (STUDENT_DIR if args.student else INSTRUCTOR_DIR)
    execute = args.execute if args.student else not args.no_execute
    try:
        for src in find_sources(args.select):
            path, elapsed = build(src, student=args.student, out_dir=out_dir, execute=execute, timeout=args.timeout)
            took = f" ({elapsed:.1f} s 실행)" if elapsed is not None else ""
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}{took}", flush=True)
    except BuildError as err:
        print(f"만들기 실패: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
