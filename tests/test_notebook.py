"""lrcourse.setup: 노트북의 설정 셀이 부르는 함수가 시드, 스레드, 장치, 글꼴, 진행 막대를 약속대로 정하는지."""

import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

import lrcourse
from lrcourse.data import resolve_device
# setup을 모듈 이름공간에 두지 않습니다: pytest 7은 모듈 수준의 setup()을 nose식 준비 함수로 불러 버립니다.
from lrcourse import notebook
from lrcourse.notebook import PROGRESS_ENV

NOTEBOOK_SOURCES = sorted((Path(__file__).resolve().parents[1] / "notebooks" / "src").glob("[0-9][0-9]_*.py"))


@pytest.fixture(autouse=True)
def keep_torch_threads():
    saved = torch.get_num_threads()
    yield
    torch.set_num_threads(saved)


def draws():
    """세 난수 생성기에서 하나씩: 노트북은 셋을 모두 씁니다 (데이터 섞기, numpy 그림, torch 초기화)."""
    return random.random(), float(np.random.rand()), float(torch.rand(1))


def test_same_seed_gives_the_same_draws_from_all_three_generators():
    notebook.setup(seed=3)
    first = draws()
    notebook.setup(seed=3)
    assert draws() == first
    notebook.setup(seed=4)
    again = draws()
    # 생성기마다 따로 비교합니다: 하나라도 시드를 받지 않으면 그 자리의 값이 같게 남습니다.
    assert all(a != b for a, b in zip(again, first))


def test_threads_are_set_or_left_alone():
    torch.set_num_threads(2)
    notebook.setup()
    assert torch.get_num_threads() == 1  # 기본값: 작은 모델은 스레드 하나
    torch.set_num_threads(2)
    notebook.setup(num_threads=None)
    assert torch.get_num_threads() == 2


def test_device_is_resolved_and_returned(monkeypatch):
    monkeypatch.delenv("LRCOURSE_DEVICE", raising=False)
    assert notebook.setup() == torch.device("cpu")  # 기본은 CPU: 01·02 노트북이 그렇게 학습합니다
    assert notebook.setup(device="auto") == resolve_device("auto")
    assert isinstance(notebook.setup(device="cpu"), torch.device)
    assert lrcourse.setup is notebook.setup  # 노트북은 lrcourse.setup()으로 부릅니다


def test_device_environment_variable_overrides_the_argument(monkeypatch):
    """make test-gpu는 노트북을 고치지 않고 LRCOURSE_DEVICE=cuda로 돌립니다. 여기서는 CUDA 없이 'meta'로 확인합니다."""
    monkeypatch.setenv("LRCOURSE_DEVICE", "meta")
    assert notebook.setup(device="cpu") == torch.device("meta")
    monkeypatch.setenv("LRCOURSE_DEVICE", " ")  # 빈 값은 없는 것과 같습니다
    assert notebook.setup(device="cpu") == torch.device("cpu")
    monkeypatch.setenv("LRCOURSE_DEVICE", "gpu0")
    with pytest.raises(ValueError, match="device.*gpu0"):
        notebook.setup()


def test_progress_switch_sets_the_environment_variable(monkeypatch):
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    notebook.setup()
    assert PROGRESS_ENV not in os.environ  # None: 그대로 둡니다
    notebook.setup(progress=False)
    assert os.environ[PROGRESS_ENV] == "0"
    notebook.setup()
    assert os.environ[PROGRESS_ENV] == "0"
    notebook.setup(progress=True)
    assert PROGRESS_ENV not in os.environ


def test_setup_registers_the_korean_font_in_a_fresh_process():
    # 이 테스트 프로세스는 이미 lrcourse.plotting을 불러왔을 수 있으므로 새 프로세스에서 봅니다.
    probe = textwrap.dedent(
        """
        import sys
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager
        import lrcourse
        before = "lrcourse.plotting" in sys.modules
        device = lrcourse.setup()
        from lrcourse.plotting import FONT_FAMILY, FONT_PATH
        registered = str(FONT_PATH) in {f.fname for f in font_manager.fontManager.ttflist}
        print(before, registered, FONT_FAMILY in matplotlib.rcParams["font.family"], device)
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True", "cpu"]


@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        ({"seed": -1}, ValueError, r"매개변수 'seed'.*-1"),
        ({"seed": 1.5}, ValueError, r"매개변수 'seed'"),
        ({"seed": 2**32}, ValueError, r"매개변수 'seed'"),
        ({"num_threads": 0}, ValueError, r"매개변수 'num_threads'.*1 이상의 정수 또는 None"),
        ({"device": "gpu"}, ValueError, r"매개변수 'device'.*'gpu'"),
        ({"device": 0}, TypeError, r"매개변수 'device'"),
        ({"progress": "yes"}, TypeError, r"매개변수 'progress'.*None, True, False"),
    ],
)
def test_bad_arguments_are_korean_errors_that_change_nothing(kwargs, exc, pattern):
    torch.set_num_threads(2)
    np.random.seed(7)
    expected = np.random.rand()
    np.random.seed(7)
    with pytest.raises(exc, match=pattern):
        notebook.setup(**kwargs)
    # 검사는 무엇을 바꾸기 전에 합니다: 시드와 스레드가 그대로입니다.
    assert np.random.rand() == expected
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("source", NOTEBOOK_SOURCES, ids=lambda p: p.name)
def test_every_notebook_setup_cell_is_the_install_lines_plus_one_call(source):
    text = source.read_text(encoding="utf-8")
    cell = re.search(r'^# %% tags=\["setup"\]\n(.*?)(?=^# %%)', text, flags=re.S | re.M).group(1)
    assert "lrcourse.setup(" in cell
    for repeated in ("np.random.seed", "torch.manual_seed", "torch.set_num_threads"):
        assert repeated not in cell, f"{source.name}: {repeated}는 lrcourse.setup()이 합니다"


def test_print_table_aligns_columns_by_display_width(capsys):
    # 한글은 두 칸: 글자 수로 맞추면 '스케줄' 열 뒤의 숫자 열이 어긋납니다
    notebook.print_table(["스케줄", "손실"], [["코사인", 0.5], ["step", "0.25"]])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["스케줄  손실", "코사인   0.5", "step    0.25"]
    assert len({notebook.text_width(line) for line in lines}) == 1  # 모든 줄의 화면 폭이 같음
    assert notebook.text_width("학습률 lr") == 9
