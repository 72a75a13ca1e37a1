"""노트북 빌드 도구(tools/build_notebooks.py): 소스 형식, 풀이 빈칸 규칙, 학생용 판이 위에서 아래로 도는지,
커밋된 강사용 판(notebooks/)과 학생용 판(student/)이 소스와 같은지.

학생용 판 실행은 노트북 하나(00)만 기본 테스트에서 하고, 전부는 ``-m slow``에서 합니다.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)

SOURCES = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]_*.py"))
SOURCE_IDS = [p.stem for p in SOURCES]
BuildError = build_notebooks.BuildError


# ---------------------------------------------------------------------------
# 소스 형식과 빈칸 규칙
# ---------------------------------------------------------------------------


SAMPLE = '''\
# 머리말은 무시됩니다

# %% [markdown]
# # 제목
#
# 본문

# %% tags=["setup"]
import math

# %% tags=["solution"]
def area(r):
    """원의 넓이."""
    # BEGIN SOLUTION
    return math.pi * r**2
    # END SOLUTION


print(area)

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 2 * 16
other, third = 1, 2
# END SOLUTION
print(answer)

# %% [markdown] tags=["instructor"]
# 강사용 설명
'''


def _write(tmp_path, text, name="07_sample.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_source_reads_cells_tags_and_markdown():
    cells = build_notebooks.parse_source(SAMPLE)
    assert [c["kind"] for c in cells] == ["markdown", "code", "code", "code", "markdown"]
    assert cells[0]["source"] == "# 제목\n\n본문"
    assert cells[1]["tags"] == ["setup"]
    assert cells[4]["tags"] == ["instructor"]
    assert not cells[2]["source"].endswith("\n")  # 셀 끝의 빈 줄은 지움


def test_student_stub_replaces_function_body_with_not_implemented():
    stub = build_notebooks.stub_solution(build_notebooks.parse_source(SAMPLE)[2]["source"])
    assert '    raise NotImplementedError("여기에 답을 쓰세요")' in stub
    assert "math.pi" not in stub and "BEGIN SOLUTION" not in stub
    assert '"""원의 넓이."""' in stub and "print(area)" in stub  # 표시 밖은 그대로


def test_student_stub_replaces_top_level_values_with_ellipsis():
    stub = build_notebooks.stub_solution(build_notebooks.parse_source(SAMPLE)[3]["source"])
    lines = stub.splitlines()
    assert lines[:3] == ["answer = ...  # 여기에 답을 쓰세요", "other = ...  # 여기에 답을 쓰세요", "third = ...  # 여기에 답을 쓰세요"]
    assert "2 * 16" not in stub and lines[-1] == "print(answer)"


def test_instructor_edition_keeps_code_and_drops_only_markers():
    source = build_notebooks.parse_source(SAMPLE)[2]["source"]
    kept = build_notebooks.strip_markers(source)
    assert "return math.pi * r**2" in kept and "SOLUTION" not in kept


@pytest.mark.parametrize(
    "text, message",
    [
        ('# %% tags=["solution"]\nx = 1\n', "BEGIN SOLUTION"),  # 풀이 셀인데 표시가 없음
        ('# %%\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n', "solution"),  # 표시가 있는데 태그가 없음
        ('# %% tags=["solution"]\n# BEGIN SOLUTION\nx = 1\n', "END SOLUTION"),  # 닫히지 않음
        ('# %% tags=["solution"]\n# BEGIN SOLUTION\nprint(1)\n# END SOLUTION\n', "이름이 없습니다"),  # 빈칸을 만들 수 없음
        ("# %% [markdown]\n본문에 # 없음\n", "마크다운"),
        ("# %% [raw]\nx\n", "셀 종류"),
        ("print(1)\n", "셀이 하나도"),
    ],
)
def test_bad_sources_fail_with_a_clear_message(tmp_path, text, message):
    with pytest.raises(BuildError, match=message):
        build_notebooks.make_notebook(_write(tmp_path, text), student=True)


def test_student_notebook_drops_instructor_cells_and_has_stable_ids(tmp_path):
    path = _write(tmp_path, SAMPLE)
    student = build_notebooks.make_notebook(path, student=True)
    instructor = build_notebooks.make_notebook(path, student=False)
    assert len(instructor.cells) == len(student.cells) + 1
    assert [c.id for c in student.cells] == ["07-000", "07-001", "07-002", "07-003"]
    assert [c.id for c in build_notebooks.make_notebook(path, student=True).cells] == [c.id for c in student.cells]
    assert student.metadata["kernelspec"]["name"] == "python3"
    nbformat.validate(student)


# ---------------------------------------------------------------------------
# 실제 강좌 노트북
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
def test_committed_instructor_notebook_matches_its_source(src):
    """notebooks/NN_*.ipynb를 손으로 고치거나 다시 만들기를 잊으면 여기서 알 수 있습니다 (make notebooks)."""
    expected = build_notebooks.make_notebook(src, student=False)
    committed = nbformat.read(ROOT / "notebooks" / f"{src.stem}.ipynb", as_version=4)
    assert [c.source for c in committed.cells] == [c.source for c in expected.cells]
    assert [c.id for c in committed.cells] == [c.id for c in expected.cells]
    assert "widgets" not in committed.metadata
    code_cells = [c for c in committed.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells), "실행 결과와 함께 커밋해야 합니다"
    assert all("execution" not in c.metadata for c in code_cells)


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
def test_committed_student_edition_matches_its_source(src):
    """student/NN_*.ipynb는 배지가 여는 판입니다. 소스를 고치고 make student를 잊으면 여기서 알 수 있습니다."""
    expected = build_notebooks.make_notebook(src, student=True)
    path = ROOT / "student" / f"{src.stem}.ipynb"
    assert path.exists(), f"{path.name}가 없습니다: make student로 만들어 커밋하세요"
    committed = nbformat.read(path, as_version=4)
    assert [(c.cell_type, c.id, c.source, c.metadata) for c in committed.cells] == [
        (c.cell_type, c.id, c.source, c.metadata) for c in expected.cells
    ], "학생용 판이 소스와 다릅니다: make student"
    assert committed.metadata == expected.metadata
    assert (committed.nbformat, committed.nbformat_minor) == (4, 5)
    # 실행하지 않은 판: 출력도 실행 번호도 없습니다 (학습자가 처음 여는 모습).
    code_cells = [c for c in committed.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells)


def test_student_folder_holds_only_notebooks_built_from_sources():
    """소스를 지우거나 이름을 바꾸면 student/에 옛 노트북이 남지 않아야 합니다."""
    committed = sorted(p.name for p in (ROOT / "student").iterdir())
    assert committed == [f"{src.stem}.ipynb" for src in SOURCES]


def test_student_edition_is_written_the_same_every_time(tmp_path):
    """같은 소스에서는 바이트까지 같은 파일: 커밋된 판의 차이가 실제 소스의 차이만 보여 줍니다."""
    src = ROOT / "notebooks" / "src" / "00_start.py"
    first, _ = build_notebooks.build(src, student=True, out_dir=tmp_path / "a", execute=False)
    second, _ = build_notebooks.build(src, student=True, out_dir=tmp_path / "b", execute=False)
    assert first.read_bytes() == second.read_bytes() == (ROOT / "student" / first.name).read_bytes()


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
def test_student_edition_has_no_solutions(src):
    instructor = build_notebooks.make_notebook(src, student=False)
    student = build_notebooks.make_notebook(src, student=True)
    solution_cells = [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    for cell in solution_cells:
        assert "여기에 답을 쓰세요" in cell.source
    instructor_solutions = {c.id: c.source for c in instructor.cells if "solution" in c.metadata.get("tags", [])}
    for cell in solution_cells:
        assert cell.source != instructor_solutions[cell.id]
    if src.stem[:2] != "00":
        assert len(solution_cells) >= 3, "레슨마다 연습 문제 3개 이상"


def _execute_student(src, tmp_path):
    out, _ = build_notebooks.build(src, student=True, out_dir=tmp_path, execute=True, timeout=300)
    nb = nbformat.read(out, as_version=4)
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            texts.append(output.get("text", ""))
    joined = "".join(texts)
    assert "아직 풀지 않았습니다" in joined
    assert "정답입니다" not in joined  # 빈칸 그대로는 정답일 수 없음
    return nb


def test_student_edition_of_start_runs_top_to_bottom(tmp_path):
    _execute_student(ROOT / "notebooks" / "src" / "00_start.py", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("src", [p for p in SOURCES if not p.stem.startswith("00")], ids=[s for s in SOURCE_IDS if not s.startswith("00")])
def test_every_student_edition_runs_top_to_bottom(src, tmp_path):
    _execute_student(src, tmp_path)


def test_clean_metadata_merges_split_stream_outputs_and_drops_timing():
    """print 사이에 시간이 걸려 stdout이 여러 조각으로 와도 커밋되는 노트북은 언제나 같아야 합니다."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stdout", text="2\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "그림"}),
        nbformat.v4.new_output("stream", name="stdout", text="3\n"),
    ]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nb.cells.append(cell)
    nb.metadata["widgets"] = {"state": {}}
    build_notebooks.clean_metadata(nb)
    assert [o.get("text") for o in cell.outputs] == ["1\n2\n", None, "3\n"]
    assert "execution" not in cell.metadata and "widgets" not in nb.metadata
