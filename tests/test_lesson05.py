"""05(워밍업) 연습 문제와 예측의 테스트.

문제마다: 모범 답과 다른 바른 꼴은 맞다고 하고, 흔히 낼 법한 틀린 답은 틀렸다고 하며 그 메시지가 무엇이
틀렸는지 말하되 정답 값은 말하지 않는지, 손대지 않은 빈칸은 "아직 풀지 않았습니다"라고 하는지 봅니다.
채점기의 정답이 라이브러리(lrcourse.schedules)와 PyTorch의 값과 같은지도 확인합니다.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lrcourse import schedules as S
from lrcourse.exercises import UNSOLVED
from lrcourse.exercises import lesson05 as ex5

from test_exercises_lessons34 import _not_implemented, assert_correct, assert_wrong, assert_wrong_hiding


@pytest.fixture(autouse=True)
def _private_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def _warmup_right(t, lr, warmup_steps, start_factor=0.0):
    """모범 답으로 쓰는 라이브러리 값: linear_warmup(constant(lr), W, s) (채점기의 참고 구현을 베끼지 않음)."""
    return float(S.linear_warmup(S.constant(lr), warmup_steps, start_factor)(t))


@pytest.mark.parametrize("exercise", [ex5.q1, ex5.q2, ex5.q3, ex5.q4], ids=lambda e: e.key)
@pytest.mark.parametrize("stub", [Ellipsis, None], ids=["ellipsis", "none"])
def test_untouched_stub_is_unsolved_not_wrong(exercise, stub):
    result = exercise.evaluate(stub)
    assert result.status == "unsolved" and UNSOLVED in result.message


def test_q1_untouched_function_is_unsolved():
    assert ex5.q1.evaluate(_not_implemented).status == "unsolved"


def test_q1_reference_equals_library():
    for t in [0, 1, 50, 99, 100, 250]:
        for s in [0.0, 0.1, 0.5]:
            assert ex5._warmup_lr(t, 0.1, 100, s) == pytest.approx(_warmup_right(t, 0.1, 100, s), rel=1e-12, abs=1e-15)


def test_q1_warmup_function():
    assert_correct(ex5.q1, _warmup_right)
    assert_correct(ex5.q1, lambda t, lr, W, start_factor=0.0: lr * min(1.0, start_factor + (1 - start_factor) * t / W))
    assert_correct(ex5.q1, lambda t, lr, W, start_factor=0.0: float(np.interp(t, [0, W], [lr * start_factor, lr])))
    ahead = lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * (start_factor + (1 - start_factor) * (t + 1) / W)  # noqa: E731
    assert_wrong_hiding(ex5.q1, ahead, _warmup_right, "t=0", "한 스텝 앞서")
    no_start = lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * t / W  # noqa: E731
    assert_wrong_hiding(ex5.q1, no_start, _warmup_right, "start_factor=0.1", "빠뜨렸습니다")
    overshoot = lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * (start_factor + t / W)  # noqa: E731
    assert_wrong_hiding(ex5.q1, overshoot, _warmup_right, "(1 − start_factor)")
    no_cap = lambda t, lr, W, start_factor=0.0: lr * (start_factor + (1 - start_factor) * t / W)  # noqa: E731
    assert_wrong_hiding(ex5.q1, no_cap, _warmup_right, "t=250", "워밍업 뒤에도")
    assert_wrong(ex5.q1, 0.05, "함수")


def test_q2_t_max_after_warmup():
    assert_correct(ex5.q2, 2800)
    assert_correct(ex5.q2, np.int64(2800))
    assert_wrong(ex5.q2, 3000, "전체 스텝 수")
    assert_wrong(ex5.q2, 3200, "더했습니다")
    assert_wrong(ex5.q2, 200, "워밍업 길이")
    assert_wrong(ex5.q2, 2799, "하나 모자랍니다")
    assert_wrong(ex5.q2, 2800.0, "정수")
    for wrong in (3000, 3200, 200, 2799, 2801):
        assert "2800" not in ex5.q2.evaluate(wrong).message


def test_q2_answer_makes_the_library_schedule_end_at_zero():
    plan = S.linear_warmup(S.cosine_annealing(0.1, 2800), 200)
    assert plan(2999) < 1e-7 and plan(3000) == 0.0
    assert S.linear_warmup(S.cosine_annealing(0.1, 3000), 200)(2999) > 1e-3


def _torch_sequential_lr_at(step, T_max=1000):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=100)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max)
    sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[100])
    for _ in range(step):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]


def test_q3_answer_matches_real_torch_sequential_lr():
    assert _torch_sequential_lr_at(999) == pytest.approx(ex5._Q3_ANSWER, rel=1e-9)
    # 같은 것을 lrcourse로: 본 스케줄이 t − W를 받으므로 T_max=1000이면 같은 값이 남습니다.
    assert S.linear_warmup(S.cosine_annealing(0.1, 1000), 100, start_factor=0.01)(999) == pytest.approx(ex5._Q3_ANSWER)


def test_q3_value():
    assert_correct(ex5.q3, ex5._Q3_ANSWER)
    assert_correct(ex5.q3, 0.0025)  # 소수 다섯째 자리까지 반올림 (0.0024959…)
    assert_correct(ex5.q3, 0.00250)
    assert_wrong(ex5.q3, 0.00249, "버림")
    assert_correct(ex5.q3, [round(ex5._Q3_ANSWER, 6)])
    assert_correct(ex5.q3, torch.tensor(ex5._Q3_ANSWER, dtype=torch.float64))
    assert_wrong(ex5.q3, 0.0, "다시 시작")
    assert_wrong(ex5.q3, 0.1 * (1 + math.cos(math.pi * 999 / 1000)) / 2, "다시 시작")
    assert_wrong(ex5.q3, 0.1 * (1 + math.cos(math.pi * 900 / 1000)) / 2, "하나 밀렸습니다")
    assert_wrong(ex5.q3, 0.1, "스텝 100")
    for wrong in (0.0, 0.1, 0.0024, 0.1 * (1 + math.cos(math.pi * 900 / 1000)) / 2):
        message = ex5.q3.evaluate(wrong).message
        assert "0.0025" not in message and "0.00249" not in message, message


def test_q4_rule_of_thumb():
    assert_correct(ex5.q4, 100)
    assert_correct(ex5.q4, round(2 / (1 - 0.98)))
    assert_wrong(ex5.q4, 50, "1/(1 − β₂)")
    assert_wrong(ex5.q4, 2000, "0.999")
    assert_wrong(ex5.q4, 200, "0.02")
    assert_wrong(ex5.q4, 2 / (1 - 0.98), "정수")  # 100.00000000000009: 부동소수점 그대로는 정수가 아닙니다
    for wrong in (50, 2000, 200, 99):
        assert "100" not in ex5.q4.evaluate(wrong).message.replace("1000", "")


def test_p1_outcome_reads_the_sweep():
    measured = {0: 0.855, 25: 0.982, 50: 0.984, 100: 0.977, 200: 0.980, 400: 0.974}  # 노트북 6절의 평균
    assert ex5._sweep_outcome(measured) == "b"
    assert ex5._sweep_outcome({0: 0.99, 25: 0.95, 400: 0.97}) == "a"
    assert ex5._sweep_outcome({0: 0.8, 25: 0.90, 100: 0.93, 400: 0.97}) == "c"
    assert ex5._sweep_outcome({0: 0.8, 25: 0.90, 100: 0.97, 400: 0.92}) == "d"
    assert ex5._sweep_outcome({np.int64(0): np.float64(0.8), 25: 0.95}) == "b"  # numpy 키·값도 읽습니다


def test_prediction_is_made_before_and_compared_after_the_sweep():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "notebooks" / "src" / "05_warmup.py").read_text(encoding="utf-8")
    assert 0 < text.index("ex.p1.predict(") < text.index("sweep = [") < text.index("ex.p1.compare(")
