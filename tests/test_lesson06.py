"""06(스케줄 고르기) 연습 문제 채점기와 예측해 보기의 테스트.

각 문제마다: 모범 답과 그와 같은 여러 형태는 맞다고 하고, 흔한 틀린 답은 틀렸다고 하며 그 메시지가 무엇이
틀렸는지 말하되 정답 값은 말하지 않는지, 손대지 않은 빈칸은 "아직 풀지 않았습니다"라고 하는지 봅니다.
모범 답이 라이브러리(lrcourse.schedules)와 PyTorch(ReduceLROnPlateau)와 같은 값을 내는지도 확인합니다:
채점기와 노트북 본문이 서로 다른 것을 가르치면 안 되기 때문입니다.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from lrcourse.exercises import UNSOLVED
from lrcourse.exercises import lesson06 as ex

from test_exercises_lessons34 import _not_implemented, assert_correct, assert_wrong

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_progress_file(tmp_path, monkeypatch):
    # 테스트가 사용자의 진행 기록(~/.lrcourse_progress.json)을 건드리지 않게 합니다.
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def _numbers(text):
    return [float(t) for t in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


# ---------------------------------------------------------------------------
# 빈칸
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", [ex.q1, ex.q2, ex.q3], ids=lambda e: e.key)
@pytest.mark.parametrize("stub", [Ellipsis, None], ids=["ellipsis", "none"])
def test_untouched_stub_is_unsolved_not_wrong(exercise, stub):
    result = exercise.evaluate(stub)
    assert result.status == "unsolved" and UNSOLVED in result.message


def test_untouched_function_stub_is_unsolved():
    result = ex.q2.evaluate(_not_implemented)
    assert result.status == "unsolved" and UNSOLVED in result.message


def test_list_with_stub_item_is_unsolved():
    assert ex.q3.evaluate([False, ..., False, False]).status == "unsolved"


# ---------------------------------------------------------------------------
# q1: WSD의 평균 학습률 ÷ 최고 학습률
# ---------------------------------------------------------------------------


def test_q1_reference_equals_library_schedule_mean():
    from lrcourse.schedules import warmup_stable_decay

    mean = warmup_stable_decay(1.0, 1000, 50, 300)(np.arange(1000)).mean()
    assert ex._Q1_ANSWER == pytest.approx(mean, rel=1e-12)
    assert round(mean, 3) == 0.825
    # 본문 2절의 설정(T=300, W=30, D=60)은 0.85: 문제는 본문에 출력된 값을 그대로 베끼면 풀리지 않게 다른 설정을 씁니다.
    assert warmup_stable_decay(1.0, 300, 30, 60)(np.arange(300)).mean() == pytest.approx(0.85)


@pytest.mark.parametrize("answer", [
    0.825, 0.8250, 0.8249, 0.8254,  # 반올림한 답과 더 자세한 답
    (sum(t / 50 for t in range(50)) + 650 + sum(1 - k / 300 for k in range(300))) / 1000,  # 식 그대로
    np.float64(0.825), [0.825], np.array([0.825]), torch.tensor(0.825, dtype=torch.float64), 825 / 1000,
])
def test_q1_accepts(answer):
    assert_correct(ex.q1, answer)


@pytest.mark.parametrize("answer, fragment", [
    (0.65, "유지 구간"),
    (0.8005, "워밍업 구간을 빠뜨렸습니다"),
    (0.6745, "감쇠 구간을 빠뜨렸습니다"),
    (1.0, "최고 학습률로 세었습니다"),
    (0.5, "코사인이나 선형 감쇠"),
    (0.85, "받은 값"),  # 2절의 설정(예산의 10 %, 20 %)을 그대로 쓴 답
    (0.82, "받은 값"),  # 자릿수 모자람
    (0.8256, "받은 값"),  # 반 단위 밖
    ("0.825", "받은"),  # 문자열은 숫자가 아님
])
def test_q1_rejects_without_revealing(answer, fragment):
    message = assert_wrong(ex.q1, answer, fragment)
    echoed = float(answer)  # 받은 값을 되풀이하는 것은 괜찮습니다 (문자열 '0.825'도 받은 그대로 보입니다)
    assert not any(math.isclose(x, 0.825, abs_tol=5e-4) and x != echoed for x in _numbers(message)), message


def test_q1_text_asks_for_three_decimals():
    src = next((ROOT / "notebooks" / "src").glob("06_*.py")).read_text(encoding="utf-8")
    part = src[src.index("### 문제 1"):]
    assert "소수 셋째 자리까지" in part[: part.index("# %%")]


# ---------------------------------------------------------------------------
# q2: ReduceLROnPlateau의 규칙
# ---------------------------------------------------------------------------


def _torch_plateau(metrics, lr, **kwargs):
    p = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([p], lr=lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", **kwargs)
    out = []
    for m in metrics:
        scheduler.step(m)
        out.append(optimizer.param_groups[0]["lr"])
    return out


def test_q2_reference_equals_torch_on_exercise_cases():
    for (metrics, lr), kwargs in ex._Q2_CASES:
        np.testing.assert_allclose(ex._plateau_lrs(metrics, lr, **kwargs), _torch_plateau(metrics, lr, **kwargs), rtol=1e-12)


def test_q2_reference_equals_torch_on_random_metric_sequences():
    """무작위 지표 순서 200개에서 PyTorch와 같습니다.

    PyTorch는 학습률이 eps = 1e-8 넘게 바뀔 때만 바꿉니다(모범 답은 이 세부를 뺐습니다). 그래서 학습률이
    1e-7 아래로 내려가는 순서는 견주지 않습니다(그런 순서는 factor 0.1로 일곱 번 넘게 줄인 경우뿐입니다).
    """
    rng = np.random.default_rng(0)
    compared = 0
    for _ in range(200):
        n = int(rng.integers(1, 40))
        metrics = list(np.cumsum(rng.normal(-0.01, 0.05, n)) + 2.0)
        kwargs = {"factor": float(rng.choice([0.1, 0.5, 0.7])), "patience": int(rng.integers(0, 5)),
                  "threshold": float(rng.choice([0.0, 1e-4, 1e-2])), "cooldown": int(rng.integers(0, 3)),
                  "min_lr": float(rng.choice([0.0, 1e-3]))}
        expected = _torch_plateau(metrics, 0.1, **kwargs)
        if min(expected) < 1e-7:
            continue
        compared += 1
        np.testing.assert_allclose(ex._plateau_lrs(metrics, 0.1, **kwargs), expected, rtol=1e-12)
    assert compared > 150


def test_q2_exercise_cases_tell_the_common_mistakes_apart():
    """각 흔한 실수가 적어도 한 입력에서 모범 답과 달라야 채점기가 그 실수를 잡습니다."""
    for wrong in [ex._reduce_at_patience, ex._no_reset, ex._no_threshold, ex._no_cooldown, ex._no_min_lr]:
        assert any(wrong(m, lr, **kw) != ex._plateau_lrs(m, lr, **kw) for (m, lr), kw in ex._Q2_CASES), wrong.__name__


def _plateau_other_style(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """같은 규칙을 다르게 쓴 답: 넘파이 값을 돌려주고 while 루프를 씀."""
    best, bad, cool, i, out = math.inf, 0, 0, 0, []
    while i < len(metrics):
        improved = metrics[i] < (1.0 - threshold) * best
        best = metrics[i] if improved else best
        bad = 0 if improved else bad + 1
        if cool:
            cool, bad = cool - 1, 0
        if bad > patience:
            lr, cool, bad = max(lr * factor, min_lr), cooldown, 0
        out.append(np.float64(lr))
        i += 1
    return np.array(out)


def _plateau_with_torch(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    return _torch_plateau(metrics, lr, factor=factor, patience=patience, threshold=threshold, cooldown=cooldown, min_lr=min_lr)


def test_q2_accepts():
    assert_correct(ex.q2, ex._plateau_lrs)
    assert_correct(ex.q2, _plateau_other_style)
    assert_correct(ex.q2, _plateau_with_torch)  # PyTorch를 그대로 불러 써도 맞습니다
    assert_correct(ex.q2, lambda *a, **k: tuple(ex._plateau_lrs(*a, **k)))


@pytest.mark.parametrize("wrong, fragment", [
    (ex._reduce_at_patience, "patience를 넘을 때"),
    (ex._no_reset, "0으로 돌리지 않았습니다"),
    (ex._no_threshold, "threshold를 쓰지 않았습니다"),
    (ex._no_cooldown, "cooldown을 쓰지 않았습니다"),
    (ex._no_min_lr, "min_lr을 쓰지 않았습니다"),
    (lambda m, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0: [lr] * len(m), "입력"),  # 줄이지 않음
])
def test_q2_rejects_common_mistakes_without_revealing(wrong, fragment):
    message = assert_wrong(ex.q2, wrong, fragment)
    # 처음 틀린 입력에서의 정답 목록이 메시지에 나오지 않아야 합니다.
    for (metrics, lr), kwargs in ex._Q2_CASES:
        expected, got = ex._plateau_lrs(metrics, lr, **kwargs), list(wrong(metrics, lr, **kwargs))
        if expected != got:
            assert str(expected) not in message and str([round(x, 6) for x in expected]) not in message, message
            break


def test_q2_function_errors_and_none_are_reported():
    assert_wrong(ex.q2, lambda m, lr, **k: None, "return")
    assert_wrong(ex.q2, lambda m, lr: [lr] * len(m), "TypeError")  # 키워드 인자를 받지 않는 함수
    assert_wrong(ex.q2, 0.05, "함수")


# ---------------------------------------------------------------------------
# q3: 참/거짓
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [[False, True, False, False], (False, True, False, False),
                                    np.array([False, True, False, False]), [np.bool_(False), np.bool_(True), False, False]])
def test_q3_accepts(answer):
    assert_correct(ex.q3, answer)


@pytest.mark.parametrize("answer, fragment", [
    ([True, True, False, False], "1개가 맞지 않습니다"),
    ([False, True, True, True], "2개가 맞지 않습니다"),
    ([True, False, True, True], "4개 문항 가운데 4개"),
    ([False, True, False], "답이 3개"),
    (["False", True, False, False], "(a)"),
    (True, "목록"),
])
def test_q3_rejects_without_saying_which_item(answer, fragment):
    message = assert_wrong(ex.q3, answer, fragment)
    if isinstance(answer, list):  # 목록이 아닌 답은 받은 값을 그대로 되풀이합니다
        assert "참" not in message.replace("참/거짓", "") and "True" not in message.replace("True, False", ""), message


# ---------------------------------------------------------------------------
# p1: 감쇠 구간의 비율
# ---------------------------------------------------------------------------


def test_p1_outcome_follows_the_measured_means():
    # 노트북의 측정(AdamW, WSD 0.032, 시드 3–5 평균): 10 % 0.0376, 20 % 0.0323, 50 % 0.0316
    assert ex._decay_share_outcome(0.0376, 0.0323, 0.0316) == "b"
    assert ex._decay_share_outcome(0.030, 0.0305, 0.031) == "c"  # 셋이 0.002 안
    assert ex._decay_share_outcome(0.028, 0.033, 0.034) == "a"
    assert ex._decay_share_outcome(0.040, 0.030, 0.035) == "d"  # 20 %와 50 %가 0.002 넘게 다름
    assert ex._decay_share_outcome(0.035, 0.030, 0.0345) == "d"  # 50 %가 20 %보다 0.002 넘게 나쁨


def test_p1_predict_and_compare(capsys):
    ex.p1.predict("b")
    ex.p1.compare(0.0376, 0.0323, 0.0316)
    out = capsys.readouterr().out
    assert "예측이 맞았습니다" in out and "왜:" in out


# ---------------------------------------------------------------------------
# 노트북 소스의 연습 문제 셀
# ---------------------------------------------------------------------------


def _build_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_solution_cells_pass_in_instructor_edition_and_are_unsolved_in_student_edition(capsys):
    tool = _build_tool()
    src = next((ROOT / "notebooks" / "src").glob("06_*.py"))
    cells = [c for c in tool.parse_source(src.read_text(encoding="utf-8")) if "solution" in c["tags"]]
    assert len(cells) == 4  # q1, q2, q3, p1
    for cell in cells:
        for code, expected in ((tool.strip_markers(cell["source"]), ("정답입니다", "예측을 적었습니다")),
                               (tool.stub_solution(cell["source"]), (UNSOLVED, "아직 예측하지 않았습니다"))):
            namespace = {"math": math, "np": np, "ex": ex}
            exec(code, namespace)  # noqa: S102 - 강좌의 노트북 소스
            out = capsys.readouterr().out
            assert any(e in out for e in expected), (code, out)
            assert "틀렸습니다" not in out, (code, out)


def test_prediction_is_made_before_the_experiment_and_compared_after():
    text = next((ROOT / "notebooks" / "src").glob("06_*.py")).read_text(encoding="utf-8")
    assert 0 < text.index("ex.p1.predict(") < text.index("share_runs = ") < text.index("ex.p1.compare(")


def test_lesson_is_listed_with_title():
    from lrcourse.exercises import lessons

    listed = {number: (title, [e.name for e in exercises]) for number, title, exercises in lessons()}
    assert listed["06"] == ("스케줄 고르기", ["q1", "q2", "q3"])
