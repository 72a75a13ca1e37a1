"""03(지수 감쇠)·04(코사인 어닐링과 SGDR) 연습 문제 채점기의 테스트.

각 문제마다: 모범 답은 맞다고 하고, 학습자가 흔히 낼 법한 틀린 답 세 가지 이상은 틀렸다고 하며
그 메시지가 어느 입력에서 무엇이 달랐는지(또는 어떤 실수인지) 말하는지, 손대지 않은 빈칸은
"아직 풀지 않았습니다"라고 하는지 봅니다. 모범 답이 라이브러리(lrcourse.schedules, PyTorch)와 같은
값을 내는지도 확인합니다: 채점기와 노트북 본문이 서로 다른 것을 가르치면 안 되기 때문입니다.
"""

from __future__ import annotations

import math
import re

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
    return result.message


def _failing_input(exercise, wrong):
    """채점기가 ``wrong``을 거절한 입력 (처음 틀린 입력에서 멈추므로 마지막으로 넣어 본 입력)."""
    seen = []

    def spy(*args, **kwargs):
        seen.append((args, kwargs))
        return wrong(*args, **kwargs)

    exercise.evaluate(spy)
    return seen[-1]


def assert_wrong_hiding(exercise, wrong, reference, *fragments):
    """함수 문제: 틀렸다고 하고 ``fragments``를 말하되, 틀린 입력에서의 모범 답 값은 메시지에 없어야 합니다."""
    assert_wrong(exercise, wrong, *fragments)
    message = exercise.evaluate(wrong).message
    args, kwargs = _failing_input(exercise, wrong)
    expected = {float(v) for v in np.ravel(reference(*args, **kwargs))}
    given = {float(v) for v in np.ravel(np.asarray(wrong(*args, **kwargs), dtype=float))}
    if len(expected) == len(given) == 1:  # '큽니다'/'작습니다'가 그 입력의 실제 크기 관계와 맞아야 합니다
        (e,), (g,) = expected, given
        assert not ("큽니다" in message and g <= e) and not ("작습니다" in message and g >= e), message
    for token in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?", message.split("에서 ", 1)[-1]):
        x = float(token)
        assert x in given or not any(math.isclose(x, e, rel_tol=1e-9) for e in expected), (token, message)
    assert "기대한" not in message


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
    assert_correct(ex3.q1, lambda lr, tg, n: math.exp(math.log(tg / lr) / n))  # 로그로 풀어도 맞음
    assert_correct(ex3.q1, lambda lr, tg, n: np.power(tg / lr, 1 / n))  # numpy 스칼라도 맞음
    # 입력 0.1 → 0.001, 100스텝에서 틀린 값을 말하되 정답 0.01^(1/100) = 0.954993은 말하지 않습니다.
    assert_wrong_hiding(ex3.q1, lambda lr, tg, n: (tg / lr) ** n, right, "lr=0.1", "작습니다", "steps제곱")
    assert_wrong_hiding(ex3.q1, lambda lr, tg, n: (lr / tg) ** (1 / n), right, "큽니다", "1보다 커졌습니다")
    assert_wrong_hiding(ex3.q1, lambda lr, tg, n: (tg / lr) / n, right, "거듭제곱근")
    assert_wrong_hiding(ex3.q1, lambda lr, tg, n: (tg / lr) ** (1 / (n - 1)), right, "steps − 1")
    assert_wrong_hiding(ex3.q1, lambda lr, tg, n: 1 - (1 - tg / lr) / n, right, "선형")
    # 결과를 돌려주지 않은 함수와 오류를 내는 함수도 구체적으로 알립니다.
    assert_wrong(ex3.q1, lambda lr, tg, n: None, "return")
    assert_wrong(ex3.q1, lambda lr, tg, n: 1 / 0, "ZeroDivisionError")
    assert_wrong(ex3.q1, 0.95, "함수")


def test_l03_q1_reference_reaches_target_with_library_schedule():
    from lrcourse.schedules import exponential_decay

    gamma = ex3._gamma_for_target(0.1, 1e-4, 2000)
    assert exponential_decay(0.1, gamma)(2000) == pytest.approx(1e-4, rel=1e-9)


def test_l03_q2_per_step_gamma():
    # 값 문제의 모든 형태와 오답은 test_exercises.py의 표에 있습니다. 여기서는 문제에 자릿수를 적었는지 봅니다.
    assert_correct(ex3.q2, 0.9977)  # 소수 넷째 자리까지 반올림
    assert_wrong(ex3.q2, 0.9976, "버림")
    assert "소수 넷째 자리까지" in _exercise_text("03", "문제 2")


def _exercise_text(lesson, heading):
    """노트북 소스에서 ``### {heading}`` 절의 글."""
    from pathlib import Path

    src = next((Path(__file__).resolve().parents[1] / "notebooks" / "src").glob(f"{lesson}_*.py")).read_text(encoding="utf-8")
    start = src.index(f"### {heading}")
    return src[start : src.index("# %%", src.index("# %%", start) + 1)]


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
    assert_correct(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * math.pow(g, math.floor(t / decay_steps) if staircase else t / decay_steps))
    assert_wrong_hiding(
        ex3.q3,
        lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t / decay_steps),
        _exp_right,
        "staircase=True",
        "작습니다",
        "내림",
    )
    assert_wrong_hiding(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t // decay_steps), _exp_right, "decay_steps=10", "부드러운")
    assert_wrong_hiding(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t * decay_steps), _exp_right, "나눕니다")
    assert_wrong_hiding(ex3.q3, lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t + 1), _exp_right, "t=0", "스텝 0")
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
    assert_correct(ex3.q4, 0.9261)  # 소수 넷째 자리까지
    assert_wrong(ex3.q4, 0.926, "셋째 자리까지만")
    assert "소수 넷째 자리까지" in _exercise_text("03", "문제 4")


def test_l03_q4_success_message_is_true():
    """맞혔을 때의 설명: 이보다 큰 γ는 계단이 떨어지는 스텝마다 위에 있지만, 구간 뒤쪽에서는 여전히 낮을 수 있습니다.

    (예전 설명은 '첫 30스텝에서만 낮다'고 했지만, γ = 0.93이면 스텝 45에서 0.93^45 ≈ 0.038로 스텝 감쇠의 0.1보다 낮습니다.)
    """
    from lrcourse.schedules import exponential_decay, step_decay

    message = ex3.q4.evaluate(0.1 ** (1 / 30)).message
    assert "0.038배" in message and "스텝 30, 60, 90" in message
    step = step_decay(1.0, 30, 0.1)
    bigger = exponential_decay(1.0, 0.93)
    assert round(bigger(45), 3) == 0.038 and bigger(45) < step(45)  # 구간 뒤쪽에서는 낮음
    for k in range(1, 30):  # 계단이 떨어지는 스텝마다 높음 (0.93^30 > 0.1이므로)
        assert bigger(30 * k) > step(30 * k)
    slightly = exponential_decay(1.0, 0.1 ** (1 / 30) * 1.0001)  # 조금만 커도 스텝 30에서 높음
    assert slightly(30) > step(30)


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
    assert_correct(ex4.q1, lambda t, lr, T, eta_min=0.0: eta_min if t >= T else eta_min + (lr - eta_min) * (1 + np.cos(np.pi * t / T)) / 2)
    torch_like = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T)) / 2  # noqa: E731
    assert_wrong_hiding(ex4.q1, torch_like, _cos_right, "t=150", "큽니다", "다시 올라갑니다")
    no_eta = lambda t, lr, T, eta_min=0.0: lr * (1 + math.cos(math.pi * min(t, T) / T)) / 2  # noqa: E731
    assert_wrong_hiding(ex4.q1, no_eta, _cos_right, "eta_min=0.01", "빠뜨렸습니다")
    no_offset = lambda t, lr, T, eta_min=0.0: (lr - eta_min) * (1 + math.cos(math.pi * min(t, T) / T)) / 2  # noqa: E731
    assert_wrong_hiding(ex4.q1, no_offset, _cos_right, "더하지 않았습니다")
    plain_cos = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * math.cos(math.pi * min(t, T) / T)  # noqa: E731
    assert_wrong_hiding(ex4.q1, plain_cos, _cos_right, "t=50", "받은 값 6.12323e-18", "(1 + cos)/2")
    linear = lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * max(0.0, 1 - t / T)  # noqa: E731
    assert_wrong_hiding(ex4.q1, linear, _cos_right, "t=25", "작습니다")


def test_l04_q1_reference_equals_library():
    from lrcourse.schedules import cosine_annealing

    for t in [0, 1, 25, 50, 99, 100, 150, 400]:
        assert ex4._cosine_lr(t, 0.1, 100, 0.01) == pytest.approx(cosine_annealing(0.1, 100, eta_min=0.01)(t), rel=1e-12)


def test_l04_q2_torch_value_after_T_max():
    assert_correct(ex4.q2, 0.1 * (1 + math.cos(math.pi * 1.75)) / 2)
    assert_correct(ex4.q2, 0.0854)  # 소수 넷째 자리까지
    assert_wrong(ex4.q2, 0.0853, "버림")
    assert "소수 넷째 자리까지" in _exercise_text("04", "문제 2")


def test_l04_q2_accepts_what_get_last_lr_returns():
    """문제는 get_last_lr()의 값을 묻습니다: 그것이 돌려주는 원소 하나짜리 목록을 그대로 넣어도 맞습니다."""
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100, eta_min=0.0)
    for _ in range(175):
        opt.step()
        sched.step()
    assert_correct(ex4.q2, sched.get_last_lr())
    assert_correct(ex4.q2, torch.tensor(sched.get_last_lr()))


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
    assert_correct(ex4.q4, 300)
    assert_wrong(ex4.q4, 300.0, "값은 맞지만", "정수(int)")  # PyTorch CosineAnnealingWarmRestarts도 T_0로 정수만 받습니다
    assert_wrong(ex4.q4, 700, "같다고")
    assert_wrong(ex4.q4, 262.5, "2³")
    assert_wrong(ex4.q4, 140, "네 개")


def test_l04_q4_answer_ends_the_third_cycle_at_the_last_step_and_is_not_in_the_lesson():
    from pathlib import Path

    from lrcourse.schedules import cosine_warm_restarts, restart_steps

    assert restart_steps(cosine_warm_restarts(0.5, T_0=300, T_mult=2), 2100).tolist() == [300, 900]  # 주기 300, 600, 1200
    assert ex4._restart_steps(300, 2, 2101) == [300, 900, 2100]  # 다음 재시작이 정확히 학습 끝
    # 본문은 T_0 = 100, 1,500스텝을 예로 풀어 보입니다. 문제는 그 예와 다른 설정을 묻습니다.
    text = _exercise_text("04", "문제 4")
    assert "2,100스텝" in text and "주기 **3개**" in text
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    with pytest.raises(ValueError):
        torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=300.0)


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
