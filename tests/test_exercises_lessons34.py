"""03(지수 감쇠)·04(코사인 어닐링과 SGDR) 연습 문제 채점기의 테스트.

각 문제마다: 모범 답은 맞다고 하고, 학습자가 흔히 낼 법한 틀린 답 세 가지 이상은 틀렸다고 하며
그 메시지가 어느 입력에서 무엇이 달랐는지(또는 어떤 실수인지) 말하는지, 손대지 않은 빈칸은
"아직 풀지 않았습니다"라고 하는지 봅니다. 모범 답이 라이브러리(lrcourse.schedules, PyTorch)와 같은
값을 내는지도 확인합니다: 채점기와 노트북 본문이 서로 다른 것을 가르치면 안 되기 때문입니다.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lrcourse import schedules as S
from lrcourse.exercises import UNSOLVED
from lrcourse.exercises import lesson03 as ex3
from lrcourse.exercises import lesson04 as ex4


@pytest.fixture(autouse=True)
def _private_progress_file(tmp_path, monkeypatch):
    # 테스트가 사용자의 진행 기록(~/.lrcourse_progress.json)을 건드리지 않게 합니다.
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def _not_implemented(*args, **kwargs):
    raise NotImplementedError("여기에 답을 쓰세요")


def assert_correct(exercise, answer):
    result = exercise.evaluate(answer)
    assert result.status == "correct", result.message


def assert_wrong(exercise, answer, *fragments):
    """틀렸다고 하고, 메시지에 ``fragments``가 모두 들어 있어야 합니다 (구체적인 메시지)."""
    result = exercise.evaluate(answer)
    assert result.status == "wrong", result.message
    for fragment in fragments:
        assert fragment in result.message, f"{fragment!r}이(가) 메시지에 없습니다: {result.message}"


ALL = [ex3.q1, ex3.q2, ex3.q3, ex3.q4, ex4.q1, ex4.q2, ex4.q3, ex4.q4]
FUNCTION_EXERCISES = [ex3.q1, ex3.q3, ex4.q1, ex4.q3]  # 학생용 빈칸이 raise NotImplementedError인 함수 문제


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.key)
@pytest.mark.parametrize("stub", [Ellipsis, None], ids=["ellipsis", "none"])
def test_untouched_value_stub_is_unsolved_not_wrong(exercise, stub):
    result = exercise.evaluate(stub)
    assert result.status == "unsolved"
    assert UNSOLVED in result.message


@pytest.mark.parametrize("exercise", FUNCTION_EXERCISES, ids=lambda e: e.key)
def test_untouched_function_stub_is_unsolved_not_wrong(exercise):
    result = exercise.evaluate(_not_implemented)
    assert result.status == "unsolved"
    assert UNSOLVED in result.message


# ---------------------------------------------------------------------------
# 03 지수 감쇠
# ---------------------------------------------------------------------------


def test_l03_q1_gamma_for_target():
    def right(lr, target_lr, steps):
        return (target_lr / lr) ** (1 / steps)

    assert_correct(ex3.q1, right)
    # 입력 0.1 → 0.001, 100스텝의 정답 0.01^(1/100) = 0.954993
    assert_wrong(ex3.q1, lambda lr, tg, n: (tg / lr) ** n, "lr=0.1", "0.954993", "steps제곱")
    assert_wrong(ex3.q1, lambda lr, tg, n: (lr / tg) ** (1 / n), "0.954993", "1보다 커졌습니다")
    assert_wrong(ex3.q1, lambda lr, tg, n: (tg / lr) / n, "0.954993", "거듭제곱근")
    assert_wrong(ex3.q1, lambda lr, tg, n: (tg / lr) ** (1 / (n - 1)), "0.954993", "steps − 1")
    assert_wrong(ex3.q1, lambda lr, tg, n: 1 - (1 - tg / lr) / n, "0.954993", "선형")
    # 결과를 돌려주지 않은 함수와 오류를 내는 함수도 구체적으로 알립니다.
    assert_wrong(ex3.q1, lambda lr, tg, n: None, "return")
    assert_wrong(ex3.q1, lambda lr, tg, n: 1 / 0, "ZeroDivisionError")
    assert_wrong(ex3.q1, 0.95, "함수")


def test_l03_q1_reference_reaches_target_with_library_schedule():
    from lrcourse.schedules import exponential_decay

    gamma = ex3._gamma_for_target(0.1, 1e-4, 2000)
    assert exponential_decay(0.1, gamma)(2000) == pytest.approx(1e-4, rel=1e-9)


def test_l03_q2_per_step_gamma():
    assert_correct(ex3.q2, 0.9 ** (1 / 45))
    assert_correct(ex3.q2, np.float64(0.9 ** (1 / 45)))
    assert_wrong(ex3.q2, 0.9, "0.997661", "배치마다")
    assert_wrong(ex3.q2, 0.9**45, "0.997661", "45제곱근")
    assert_wrong(ex3.q2, 0.9 / 45, "0.997661", "나눗셈")
    assert_wrong(ex3.q2, 1 - 0.1 / 45, "선형 근사")
    assert_wrong(ex3.q2, "0.9977", "숫자")


def test_l03_q2_answer_matches_decay_steps_in_library():
    from lrcourse.schedules import exponential_decay

    steps = np.arange(0, 451)
    per_step = exponential_decay(0.1, 0.9 ** (1 / 45))
    per_epoch_smooth = exponential_decay(0.1, 0.9, decay_steps=45)
    np.testing.assert_allclose(per_step(steps), per_epoch_smooth(steps), rtol=1e-12)


def _exp_right(t, lr, gamma, decay_steps=1, staircase=False):
    exponent = t // decay_steps if staircase else t / decay_steps
    return lr * gamma**exponent


def test_l03_q3_exponential_function():
    assert_correct(ex3.q3, _exp_right)
    assert_wrong(
        ex3.q3,
        lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t / decay_steps),
        "staircase=True",
        "0.025",
        "내림",
    )
    assert_wrong(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t // decay_steps), "decay_steps=10", "부드러운")
    assert_wrong(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t * decay_steps), "나눕니다")
    assert_wrong(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t + 1), "t=0", "스텝 0")
    # decay_steps/staircase 인자를 받지 않는 함수: 오류를 메시지로 바꿉니다.
    assert_wrong(ex3.q3, lambda t, lr, g: lr * g**t, "TypeError")


def test_l03_q3_reference_equals_library_and_staircase_equals_step_decay():
    from lrcourse.schedules import exponential_decay, step_decay

    for t in [0, 1, 9, 10, 25, 299, 1000]:
        assert ex3._exponential_lr(t, 0.1, 0.5, 10) == pytest.approx(exponential_decay(0.1, 0.5, decay_steps=10)(t), rel=1e-12)
        stair = ex3._exponential_lr(t, 0.1, 0.5, 10, staircase=True)
        assert stair == pytest.approx(exponential_decay(0.1, 0.5, decay_steps=10, staircase=True)(t), rel=1e-12)
        assert stair == pytest.approx(step_decay(0.1, 10, 0.5)(t), rel=1e-12)


def test_l03_q4_largest_gamma_below_step_decay():
    assert_correct(ex3.q4, 0.1 ** (1 / 30))
    assert_wrong(ex3.q4, 0.1, "0.926119", "30스텝")
    assert_wrong(ex3.q4, 0.1**30, "30제곱근")
    assert_wrong(ex3.q4, 1 - 0.9 / 30, "선형 근사")
    assert_wrong(ex3.q4, 0.1 / 30, "나눗셈")


def test_l03_q4_answer_is_the_boundary():
    from lrcourse.schedules import exponential_decay, step_decay

    t = np.arange(3000)
    step = step_decay(0.1, 30, 0.1)(t)
    g = ex3._Q4_ANSWER
    # 정답 gamma에서는 어디서도 위에 있지 않고(반올림 여유), 조금만 커도 어딘가에서 위에 있습니다.
    assert np.all(exponential_decay(0.1, g)(t) <= step * (1 + 1e-9))
    assert np.any(exponential_decay(0.1, g * 1.001)(t) > step)


# ---------------------------------------------------------------------------
# 04 코사인 어닐링과 SGDR
# ---------------------------------------------------------------------------


def _cos_right(t, lr, T_max, eta_min=0.0):
    if t >= T_max:
        return eta_min
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


def test_l04_q1_cosine_function():
    assert_correct(ex4.q1, _cos_right)
    torch_like = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T)) / 2  # noqa: E731
    assert_wrong(ex4.q1, torch_like, "t=150", "0.01", "다시 올라갑니다")
    no_eta = lambda t, lr, T, eta_min=0.0: lr * (1 + math.cos(math.pi * min(t, T) / T)) / 2  # noqa: E731
    assert_wrong(ex4.q1, no_eta, "eta_min=0.01", "빠뜨렸습니다")
    no_offset = lambda t, lr, T, eta_min=0.0: (lr - eta_min) * (1 + math.cos(math.pi * min(t, T) / T)) / 2  # noqa: E731
    assert_wrong(ex4.q1, no_offset, "더하지 않았습니다")
    plain_cos = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * math.cos(math.pi * min(t, T) / T)  # noqa: E731
    assert_wrong(ex4.q1, plain_cos, "t=50", "0.05", "(1 + cos)/2")
    linear = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * max(0.0, 1 - t / T)  # noqa: E731
    assert_wrong(ex4.q1, linear, "t=25", "0.0853553")


def test_l04_q1_reference_equals_library():
    from lrcourse.schedules import cosine_annealing

    for t in [0, 1, 25, 50, 99, 100, 150, 400]:
        assert ex4._cosine_lr(t, 0.1, 100, 0.01) == pytest.approx(cosine_annealing(0.1, 100, eta_min=0.01)(t), rel=1e-12)


def test_l04_q2_torch_value_after_T_max():
    assert_correct(ex4.q2, 0.1 * (1 + math.cos(math.pi * 1.75)) / 2)
    assert_wrong(ex4.q2, 0.0, "0.0853553", "lrcourse")
    assert_wrong(ex4.q2, 0.1 * (1 + math.cos(math.pi * 0.75)) / 2, "거울상")
    assert_wrong(ex4.q2, 0.1, "2·T_max")
    assert_wrong(ex4.q2, [0.085], "숫자")


def test_l04_q2_answer_matches_real_torch_scheduler():
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100, eta_min=0.0)
    for _ in range(175):
        opt.step()
        sched.step()
    assert sched.get_last_lr()[0] == pytest.approx(ex4._Q2_ANSWER, rel=1e-9)


def _restarts_right(T_0, T_mult, total_steps):
    """모범 답으로 쓰는 라이브러리 값: lrcourse.schedules.restart_steps (채점기의 참고 구현을 베끼지 않음)."""
    schedule = S.cosine_warm_restarts(1.0, T_0=T_0, T_mult=T_mult)
    return S.restart_steps(schedule, total_steps).tolist()


# 손으로 센 재시작 스텝. 주기 길이가 T_0, T_0·T_mult, T_0·T_mult², …이므로 재시작은 그 누적 합입니다.
HAND_RESTARTS = [
    ((10, 2, 100), [10, 30, 70]),  # 주기 10, 20, 40: 다음 재시작 150은 학습 뒤
    ((10, 1, 35), [10, 20, 30]),  # T_mult=1: T_0마다
    ((1, 3, 200), [1, 4, 13, 40, 121]),  # 1, 1+3, 4+9, 13+27, 40+81 (다음 364)
    ((7, 3, 100), [7, 28, 91]),  # 7, 7+21, 28+63
    ((5, 2, 5), []),  # 스텝 5의 재시작은 학습(스텝 0…4)이 끝난 뒤
    ((5, 2, 6), [5]),  # 마지막 스텝이 첫 재시작
]


@pytest.mark.parametrize("args, expected", HAND_RESTARTS, ids=[str(a) for a, _ in HAND_RESTARTS])
def test_l04_q3_library_and_grader_reference_give_hand_counted_restarts(args, expected):
    assert _restarts_right(*args) == expected
    assert ex4._restart_steps(*args) == expected  # 채점기가 정답으로 여기는 값


def test_l04_q3_grader_reference_agrees_with_library_on_its_cases():
    # 채점기가 확인하는 입력마다 채점기의 참고 구현과 라이브러리가 같은 답을 내야 합니다
    for args in ex4._Q3_CASES:
        assert ex4._restart_steps(*args) == _restarts_right(*args), args


def test_l04_q3_restart_steps():
    assert_correct(ex4.q3, _restarts_right)
    assert_correct(ex4.q3, lambda *a: np.array(_restarts_right(*a)))  # numpy 배열로 돌려줘도 됩니다

    def lengths(T_0, T_mult, total_steps):
        out, start, length = [], 0, T_0
        while start + length < total_steps:
            start += length
            out.append(length)
            length *= T_mult
        return out

    assert_wrong(ex4.q3, lengths, "T_0=10", "누적 합")
    assert_wrong(ex4.q3, lambda *a: [0] + _restarts_right(*a), "[0, 10, 20, 30]", "스텝 0")
    assert_wrong(ex4.q3, lambda *a: [s - 1 for s in _restarts_right(*a)], "[9, 19, 29]", "앞당겨졌습니다")
    assert_wrong(ex4.q3, lambda T_0, T_mult, n: _restarts_right(T_0, T_mult, n + 1), "total_steps=1500", "학습 뒤")
    # 로그로 주기를 찾는 흔한 구현: 반올림 때문에 T_0=1, T_mult=3에서 어긋나기 쉽습니다.
    def by_log(T_0, T_mult, total_steps):
        if T_mult == 1:
            return list(range(T_0, total_steps, T_0))
        n = int(math.log(total_steps / T_0 * (T_mult - 1) + 1, T_mult))
        return [T_0 * (T_mult**k - 1) // (T_mult - 1) for k in range(1, n + 1)]

    result = ex4.q3.evaluate(by_log)
    assert result.status in {"correct", "wrong"}  # 로그 구현이 맞든 틀리든 채점이 멈추지는 않습니다


def test_l04_q3_reference_matches_torch_warm_restarts():
    for T_0, T_mult, total in [(10, 2, 200), (5, 3, 100), (1, 3, 200), (7, 1, 50)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=T_0, T_mult=T_mult)
        lrs = [sched.get_last_lr()[0]]
        for _ in range(total - 1):
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
        # 재시작 = 스텝 0이 아닌 곳에서 학습률이 다시 처음 값(1.0)이 되는 곳 (T_0=1이면 매 주기 길이 1로 값이 같음)
        jumps = [t for t in range(1, total) if math.isclose(lrs[t], 1.0, rel_tol=1e-12)]
        assert jumps == ex4._restart_steps(T_0, T_mult, total), (T_0, T_mult)


def test_l04_q4_T_0():
    assert_correct(ex4.q4, 100)
    assert_correct(ex4.q4, 100.0)
    assert_wrong(ex4.q4, 375, "100", "같다고")
    assert_wrong(ex4.q4, 93.75, "2⁴")
    assert_wrong(ex4.q4, 187.5, "15·T_0")


def test_check_prints_and_records_only_correct_answers(capsys):
    from lrcourse.exercises import solved

    ex3.q2.check(0.9)
    assert "틀렸습니다" in capsys.readouterr().out
    assert "03.q2" not in solved()
    ex3.q2.check(0.9 ** (1 / 45))
    assert "정답" in capsys.readouterr().out
    assert "03.q2" in solved()


def test_l04_q3_reference_matches_library_restart_helper():
    from lrcourse.schedules import cosine_warm_restarts, restart_steps

    for T_0, T_mult, total in [(10, 1, 35), (10, 2, 200), (100, 2, 1500), (5, 3, 100), (1, 3, 200), (50, 1, 50)]:
        library = restart_steps(cosine_warm_restarts(0.1, T_0, T_mult), total).tolist()
        assert ex4._restart_steps(T_0, T_mult, total) == library, (T_0, T_mult, total)


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.key)
def test_shown_solution_is_accepted(exercise, capsys):
    """solution()이 보여 주는 모범 답안을 그대로 실행한 결과도 정답이어야 합니다 (보여 준 답이 틀리면 안 됨)."""
    import types

    exercise.solution()
    code = capsys.readouterr().out.split("모범 답안:\n", 1)[1]
    namespace = {"math": math, "np": np}
    exec(code, namespace)  # noqa: S102 - 우리가 쓴 모범 답안
    functions = [v for v in namespace.values() if isinstance(v, types.FunctionType)]
    answer = namespace["answer"] if "answer" in namespace else functions[0]
    assert exercise.evaluate(answer).correct


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.key)
def test_hint_is_korean_and_does_not_give_the_number_away(exercise, capsys):
    exercise.hint()
    out = capsys.readouterr().out
    assert "힌트" in out
    # 값 문제의 힌트에 정답 숫자가 그대로 들어 있으면 힌트가 아니라 답입니다.
    for value in (ex3._Q2_ANSWER, ex3._Q4_ANSWER, ex4._Q2_ANSWER):
        assert f"{value:.4f}" not in out
