"""연습 문제 채점기: 맞는 답은 자연스러운 모든 형태로 받고, 그럴듯한 오답은 무엇이 틀렸는지 말하며 거절하되
정답 값은 드러내지 않고, 메시지가 스스로 모순되지 않으며, 빈칸은 알아보고, 진행 기록 파일이 없거나 깨져도
노트북을 멈추지 않는지.

값 문제마다 (문제, 정답, [받아야 할 형태…], [(오답, 메시지에 꼭 들어갈 말들), …]) 표를 둡니다.
함수 문제마다 (문제, [받아야 할 함수…], [(틀린 함수, 메시지에 꼭 들어갈 말들), …]) 표를 둡니다.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest
import torch

import lrcourse.exercises as core
from lrcourse.exercises import UNSOLVED, Exercise, Prediction, Wrong, expect_choice, expect_function, expect_value
from lrcourse.exercises import lesson00, lesson01, lesson02, lesson03, lesson04


@pytest.fixture(autouse=True)
def progress_path(tmp_path, monkeypatch):
    """모든 테스트가 홈 폴더 대신 임시 진행 기록 파일을 씁니다."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(path))
    return path


def _stub(*args, **kwargs):
    raise NotImplementedError("여기에 답을 쓰세요")


# ---------------------------------------------------------------------------
# 정답이 드러났는지, 메시지가 모순인지 보는 도우미
# ---------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _tokens(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _revealing_forms(value: float) -> set[float]:
    """정답 ``value``를 알아볼 수 있게 적은 형태들: 그대로, 유효숫자 3자리 이상으로 반올림, 소수 자릿수로 반올림.

    유효숫자 한두 자리(0.997661 → 1, 0.93)는 알아보기 어렵고 다른 수(1 + cos …)와 겹치므로 넣지 않습니다.
    다만 정답 자체가 짧은 수(16, 0.001)이면 그 수가 곧 정답입니다.
    """
    forms = {float(value)}
    for k in range(3, 16):
        forms.add(float(f"{value:.{k}g}"))
    for k in range(1, 12):
        rounded = round(value, k)
        if rounded != 0 and len(f"{rounded:.15g}".lstrip("-0.").replace(".", "")) >= 3:
            forms.add(rounded)
    return forms


def _own_tokens(given) -> set[float]:
    """학습자가 준 값 자체의 표기(메시지가 학습자의 값을 되풀이하는 것은 드러냄이 아님)."""
    texts = [repr(given), str(given), core.fmt(given)]
    if isinstance(given, (list, tuple, np.ndarray)):
        texts += [repr(v) for v in np.ravel(given)] + [core.fmt(v) for v in np.ravel(given)]
    found = set()
    for text in texts:
        found |= {float(t) for t in _tokens(text)}
    return found


def assert_does_not_reveal(message: str, answer: float, given=None, allowed=()) -> None:
    """메시지에 정답을 알아볼 수 있는 수가 없어야 합니다 (학습자의 값과 문제에 나온 수 ``allowed``는 빼고)."""
    forms = _revealing_forms(answer)
    skip = _own_tokens(given) | {float(a) for a in allowed}
    for token in _tokens(message):
        x = float(token)
        assert x in skip or not any(math.isclose(x, f, rel_tol=1e-12) for f in forms), (
            f"메시지에 정답({answer})으로 보이는 수 {token}이(가) 있습니다: {message}"
        )


def assert_consistent_direction(message: str, answer: float, given) -> None:
    """'큽니다'/'작습니다'/'값은 맞지만'이 실제 크기 관계와 맞아야 합니다 (스스로 모순되지 않음)."""
    assert not ("큽니다" in message and "작습니다" in message), message
    try:
        value = float(np.ravel(np.asarray(given, dtype=float))[0]) if np.size(given) == 1 else None
    except (TypeError, ValueError):
        value = None
    if value is None:
        return
    if "큽니다" in message:
        assert value > answer, message
    if "작습니다" in message:
        assert value < answer, message
    if "값은 맞지만" in message:
        assert math.isclose(value, answer, rel_tol=1e-6), message


# ---------------------------------------------------------------------------
# 값 문제: 받을 형태와 거절할 오답
# ---------------------------------------------------------------------------

A03_2 = 0.9 ** (1 / 45)  # 0.997661…: 소수 넷째 자리까지 0.9977
A03_4 = 0.1 ** (1 / 30)  # 0.926119…: 0.9261
A04_2 = 0.1 * (1 + math.cos(math.pi * 1.75)) / 2  # 0.0853553…: 0.0854

VALUE_CASES = [
    (lesson00.demo, 10, [10, np.int64(10), [10]], [
        (10.0, ["값은 맞지만", "실수(float)", "//"]),
        (100, ["너무 큽니다", "배치 크기"]),
        (11, ["큽니다"]),
        ("10", ["숫자 하나", "str"]),
    ]),
    (lesson00.q1, 16, [16, np.int64(16), np.int32(16), torch.tensor(16)], [
        (15, ["작습니다", "내림", "40개"]),
        (15.625, ["정수가 아닙니다"]),
        (16.0, ["값은 맞지만", "정수(int)"]),
        (64, ["배치 크기"]),
        (17, ["큽니다"]),
        (True, ["숫자 하나", "bool"]),
    ]),
    (lesson00.q3, 159, [159, np.int64(159)], [
        (160, ["개수", "0부터"]),
        (159.0, ["값은 맞지만"]),
        (150, ["한 에포크만큼"]),
        (144, ["첫 스텝"]),
    ]),
    (lesson02.q3, 0.001, [0.001, 1e-3, 0.1 * 0.1**2, np.float64(0.001), np.array(0.001), [0.001], torch.tensor(0.001, dtype=torch.float64)], [
        (0.1 * 0.1 ** (7450 // 30), ["스텝을 에포크로 착각", "10배 넘게"]),
        (0.1 * 0.1 ** (74.5 / 30), ["내림하지 않았습니다"]),
        (0.0001, ["작습니다", "한 번 더"]),
        (0.01, ["큽니다", "한 번 덜"]),
        (0.1, ["한 번도"]),
        ("0.001", ["숫자 하나"]),
    ]),
    (lesson02.q4, 1e-4, [1e-4, 0.0001, 0.1 * 0.1**3, np.float32(1e-4)], [
        (0.1, ["배치마다"]),
        (0.01, ["한 번만"]),
        (0.001, ["한 번 덜"]),
        (0.1 * 0.1 ** (100 / 30), ["내림하지 않았습니다"]),
    ]),
    (lesson03.q2, A03_2, [A03_2, np.float64(A03_2), 0.9977, 0.99766, 0.997661, [0.9977], np.float32(0.9977)], [
        (0.9976, ["조금 작습니다", "버림", "반올림"]),  # 넷째 자리에서 끊음
        (0.998, ["셋째 자리까지만", "넷째 자리까지"]),
        (0.9978, ["선형 근사"]),  # 1 − 0.1/45 = 0.997778을 넷째 자리로
        (1 - 0.1 / 45, ["선형 근사"]),
        (0.9, ["배치마다"]),
        (0.9**45, ["45제곱"]),
        (0.9 / 45, ["나눗셈"]),
        ("0.9977", ["숫자 하나"]),
    ]),
    (lesson03.q4, A03_4, [A03_4, 0.9261, 0.92612, [0.9261]], [
        (0.926, ["셋째 자리까지만"]),
        (0.93, ["둘째 자리까지만"]),
        (0.9262, ["조금 큽니다"]),
        (0.1, ["스텝 감쇠의 gamma"]),
        (0.1**30, ["30제곱"]),
        (1 - 0.9 / 30, ["선형 근사"]),
        (0.1 / 30, ["나눗셈"]),
    ]),
    (lesson04.q2, A04_2, [A04_2, 0.0854, 0.08536, [A04_2], [0.0854], np.array([0.0854]), np.float64(A04_2)], [
        (0.0853, ["버림"]),
        (0.085, ["셋째 자리까지만"]),
        (0.0, ["lrcourse.cosine_annealing"]),
        (0.1, ["2·T_max"]),
        (0.1 * (1 + math.cos(math.pi * 0.75)) / 2, ["스텝 75"]),
        (0.1 * math.cos(math.pi * 1.75), ["cos만"]),
        ([0.0854, 0.0146], ["숫자 하나"]),
    ]),
    (lesson04.q4, 300, [300, np.int64(300)], [
        (300.0, ["값은 맞지만", "정수(int)"]),
        (700, ["같다고"]),
        (262.5, ["정수가 아닙니다", "2³"]),
        (525, ["마지막 주기"]),
        (140, ["네 개"]),
        (1050, ["2로 나누었습니다"]),
        (301, ["조금 큽니다"]),
    ]),
]
VALUE_IDS = [ex.key for ex, *_ in VALUE_CASES]


@pytest.mark.parametrize("exercise, answer, accepted, rejected", VALUE_CASES, ids=VALUE_IDS)
def test_value_question_accepts_each_natural_form(exercise, answer, accepted, rejected):
    for form in accepted:
        result = exercise.evaluate(form)
        assert result.status == "correct", (form, result.message)


@pytest.mark.parametrize("exercise, answer, accepted, rejected", VALUE_CASES, ids=VALUE_IDS)
def test_value_question_rejects_known_wrong_answers_without_revealing(exercise, answer, accepted, rejected):
    assert len(rejected) >= 4
    for wrong, must_say in rejected:
        result = exercise.evaluate(wrong)
        assert result.status == "wrong", (wrong, result.message)
        for phrase in must_say:
            assert phrase in result.message, (phrase, result.message)
        assert "기대한 값" not in result.message
        assert_does_not_reveal(result.message, answer, wrong)
        assert_consistent_direction(result.message, answer, wrong)


# ---------------------------------------------------------------------------
# 함수 문제 (00–02; 03·04는 test_exercises_lessons34.py)
# ---------------------------------------------------------------------------


def spe_right(n, b, drop_last=False):
    return n // b if drop_last else math.ceil(n / b)


def spe_neg_floor(n, b, drop_last=False):  # 올림을 -(-n // b)로: 맞음
    return n // b if drop_last else -(-n // b)


def spe_numpy(n, b, drop_last=False):  # numpy 정수를 돌려줌: 맞음
    return np.int64(n // b) if drop_last else np.int64(np.ceil(n / b))


def spe_floor(n, b, drop_last=False):  # 마지막 작은 배치를 잊음
    return n // b


def spe_ceil_only(n, b, drop_last=False):  # drop_last를 무시
    return math.ceil(n / b)


def spe_float(n, b, drop_last=False):  # 정수로 만들지 않음
    return n / b


def spe_float_ceil(n, b, drop_last=False):  # 값은 맞지만 실수
    return float(spe_right(n, b, drop_last))


def spe_round_half(n, b, drop_last=False):  # round(x + 0.5)는 올림이 아님: (1100, 100)에서 12
    return n // b if drop_last else round(n / b + 0.5)


def spe_plus_one(n, b, drop_last=False):  # 나누어떨어질 때도 하나 더
    return n // b if drop_last else n // b + 1


def spe_ceil_minus_one(n, b, drop_last=False):  # drop_last를 올림 − 1로: 나누어떨어질 때 틀림
    return math.ceil(n / b) - 1 if drop_last else math.ceil(n / b)


def crit_right(H):
    return 2.0 / np.linalg.eigvalsh(H).max()


def crit_eigvals(H):  # 일반 고윳값 함수: 맞음
    return 2.0 / np.max(np.linalg.eigvals(H).real)


def crit_one_over(H):  # 2/L이 아니라 1/L
    return 1.0 / np.linalg.eigvalsh(H).max()


def crit_min_eig(H):  # 가장 작은 곡률을 씀
    return 2.0 / np.linalg.eigvalsh(H).min()


def crit_first_eig(H):  # eigvalsh는 오름차순: [0]은 가장 작은 값
    return 2.0 / np.linalg.eigvalsh(H)[0]


def crit_diag(H):  # 대각 원소를 고윳값으로 착각
    return 2.0 / np.max(np.diag(H))


def crit_trace(H):  # 고윳값의 합
    return 2.0 / np.trace(H)


def gd_right(grad, w0, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return ws


def gd_array(grad, w0, lr, steps):  # numpy 배열로 돌려줌: 맞음
    return np.array(gd_right(grad, w0, lr, steps))


def gd_ascent(grad, w0, lr, steps):  # 부호가 반대
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] + lr * grad(ws[-1]))
    return ws


def gd_no_start(grad, w0, lr, steps):  # 시작점을 빠뜨림
    return gd_right(grad, w0, lr, steps)[1:]


def gd_frozen_grad(grad, w0, lr, steps):  # 기울기를 한 번만 구함
    g = grad(w0)
    return [w0 - k * lr * g for k in range(steps + 1)]


def gd_last_only(grad, w0, lr, steps):  # 마지막 위치만
    return gd_right(grad, w0, lr, steps)[-1]


def pick_right(lrs, losses):
    return lrs[np.nanargmin(losses)] / 10


def pick_float(lrs, losses):  # 파이썬 float로: 맞음
    return float(np.asarray(lrs)[np.nanargmin(losses)]) / 10


def pick_no_divide(lrs, losses):  # 가장 낮은 점을 그대로 씀
    return lrs[np.nanargmin(losses)]


def pick_argmin_nan(lrs, losses):  # NaN이 있으면 NaN의 위치를 고름
    return lrs[np.argmin(losses)] / 10


def pick_last(lrs, losses):  # 범위의 끝
    return lrs[-1] / 10


def pick_times_ten(lrs, losses):
    return lrs[np.nanargmin(losses)] * 10


def step_right(t, lr, step_size, gamma):
    return lr * gamma ** (t // step_size)


def step_floor(t, lr, step_size, gamma):  # math.floor로: 맞음
    return lr * gamma ** math.floor(t / step_size)


def step_off_by_one(t, lr, step_size, gamma):  # 한 스텝 일찍 떨어짐
    return lr * gamma ** ((t + 1) // step_size)


def step_ceil(t, lr, step_size, gamma):  # 올림: 스텝 1부터 이미 한 번 떨어짐
    return lr * gamma ** math.ceil(t / step_size)


def step_smooth(t, lr, step_size, gamma):  # 내림을 빠뜨려 지수 감쇠가 됨
    return lr * gamma ** (t / step_size)


def step_linear(t, lr, step_size, gamma):  # 거듭제곱 대신 곱셈
    return lr * gamma * (t // step_size) if t >= step_size else lr


def step_from_zero(t, lr, step_size, gamma):  # 스텝 0에서 이미 한 번
    return lr * gamma ** (t // step_size + 1)


def multi_right(t, lr, milestones, gamma):
    return lr * gamma ** sum(m <= t for m in milestones)


def multi_bisect(t, lr, milestones, gamma):  # bisect_right: 맞음
    import bisect

    return lr * gamma ** bisect.bisect_right(milestones, t)


def multi_strict(t, lr, milestones, gamma):  # 마일스톤 당일에 아직 안 떨어짐 (bisect_left와 같음)
    return lr * gamma ** sum(m < t for m in milestones)


def multi_first_only(t, lr, milestones, gamma):  # 첫 마일스톤을 주기로 착각
    return lr * gamma ** (t // milestones[0])


def multi_once(t, lr, milestones, gamma):  # 몇 번 지났든 한 번만 곱함
    return lr * gamma if any(m <= t for m in milestones) else lr


FUNCTION_CASES = [
    (lesson00.q2, [spe_right, spe_neg_floor, spe_numpy], [
        (spe_floor, ["n_samples=1000, batch_size=32에서", "받은 값 31", "작습니다", "언제나 내림"]),
        (spe_ceil_only, ["drop_last=True", "받은 값 32", "큽니다", "drop_last=True일 때도 올림"]),
        (spe_float, ["n_samples=1000, batch_size=100에서", "실수(float)"]),
        (spe_float_ceil, ["실수(float)"]),
        (spe_round_half, ["n_samples=1100, batch_size=100에서", "받은 값 12", "round(x + 0.5)"]),
        (spe_plus_one, ["n_samples=1000, batch_size=100에서", "받은 값 11", "나누어떨어질 때 하나 많습니다"]),
        (spe_ceil_minus_one, ["n_samples=1000, batch_size=100, drop_last=True에서", "받은 값 9", "하나를 뺐습니다"]),
        (32, ["함수를 기대"]),
    ]),
    (lesson01.q1, [crit_right, crit_eigvals], [
        (crit_one_over, ["입력 H=", "받은 값 0.25", "작습니다", "2/L"]),
        (crit_min_eig, ["받은 값 2.0", "가장 작은 곡률"]),
        (crit_first_eig, ["가장 작은 곡률"]),
        (crit_diag, ["모양 (2, 2)", "받은 값 1.0", "대각 원소"]),
        (crit_trace, ["받은 값 0.4", "작습니다"]),
    ]),
    (lesson01.q2, [gd_right, gd_array], [
        (gd_ascent, ["grad(w)=2w", "[1]번 값 1.2", "큽니다", "부호"]),
        (gd_no_start, ["길이(3)", "짧습니다"]),
        (gd_frozen_grad, ["grad(w)=2w", "[2]번 값 0.6", "작습니다"]),
        (gd_last_only, ["목록", "float"]),
    ]),
    (lesson01.q3, [pick_right, pick_float], [
        (pick_no_divide, ["입력 lrs=", "losses=", "큽니다", "10으로 나누세요"]),
        (pick_argmin_nan, ["nan, nan, nan] (길이 30)", "np.nanargmin"]),
        (pick_last, ["받은 값", "큽니다"]),
        (pick_times_ten, ["받은 값", "10배 넘게"]),
    ]),
    (lesson02.q1, [step_right, step_floor], [
        (step_off_by_one, ["입력 t=29, lr=0.1, step_size=30, gamma=0.1에서", "받은 값 0.01", "작습니다", "일찍"]),
        (step_ceil, ["입력 t=1,", "받은 값 0.01", "올림"]),
        (step_smooth, ["입력 t=1,", "받은 값 0.0926119", "작습니다", "매끄러운"]),
        (step_linear, ["t=60", "거듭제곱"]),
        (step_from_zero, ["입력 t=0,", "스텝 0에서 이미"]),
    ]),
    (lesson02.q2, [multi_right, multi_bisect], [
        (multi_strict, ["입력 t=30", "milestones=[30, 80]", "받은 값 0.1", "큽니다", "당일"]),
        (multi_first_only, ["t=60", "받은 값 0.001", "주기가 아닙니다"]),
        (multi_once, ["t=80", "받은 값 0.01", "큽니다"]),
    ]),
]
FUNCTION_IDS = [ex.key for ex, *_ in FUNCTION_CASES]


def _failing_input(exercise, wrong):
    """채점기가 ``wrong``을 거절한 입력 (채점기는 처음 틀린 입력에서 멈추므로 마지막으로 넣어 본 입력)."""
    seen = []

    def spy(*args, **kwargs):
        seen.append((args, kwargs))
        return wrong(*args, **kwargs)

    exercise.evaluate(spy)
    return seen[-1]


def _values(output) -> set[float]:
    return {float(v) for v in np.ravel(np.asarray(output, dtype=float))}


@pytest.mark.parametrize("exercise, accepted, rejected", FUNCTION_CASES, ids=FUNCTION_IDS)
def test_function_question_accepts_right_functions(exercise, accepted, rejected):
    for fn in accepted:
        result = exercise.evaluate(fn)
        assert result.status == "correct", (fn.__name__, result.message)


@pytest.mark.parametrize("exercise, accepted, rejected", FUNCTION_CASES, ids=FUNCTION_IDS)
def test_function_question_rejects_each_known_wrong_function_without_revealing(exercise, accepted, rejected):
    for wrong, must_say in rejected:
        result = exercise.evaluate(wrong)
        assert result.status == "wrong", (wrong, result.message)
        for phrase in must_say:
            assert phrase in result.message, (phrase, result.message)
        assert "기대한" not in result.message
        if not callable(wrong):
            continue
        # 틀린 입력에서 모범 답이 내는 값이, 입력 설명("입력 …에서")과 학습자의 결과 말고는 메시지에 없어야 합니다.
        args, kwargs = _failing_input(exercise, wrong)
        reference, got = accepted[0](*args, **kwargs), wrong(*args, **kwargs)
        if np.size(reference) == 1 and np.size(got) == 1:  # 큼·작음이 그 입력의 실제 크기 관계와 맞아야 합니다
            assert_consistent_direction(result.message, float(reference), got)
        expected = _values(reference) - _values(got)
        rest = result.message.split("에서 ", 1)[-1]
        for token in _tokens(rest):
            assert not any(math.isclose(float(token), e, rel_tol=1e-9) for e in expected), (token, result.message)


@pytest.mark.parametrize("exercise", [c[0] for c in VALUE_CASES + FUNCTION_CASES], ids=VALUE_IDS + FUNCTION_IDS)
def test_untouched_stub_says_not_solved(exercise, capsys):
    stubs = [..., None] + ([_stub] if exercise in [c[0] for c in FUNCTION_CASES] else [])
    for stub in stubs:
        result = exercise.evaluate(stub)
        assert result.status == "unsolved", (stub, result.message)
        exercise.check(stub)  # 예외 없이 메시지만
        out = capsys.readouterr().out
        assert UNSOLVED in out and "틀렸습니다" not in out
    assert exercise.key not in core.solved()


# ---------------------------------------------------------------------------
# 01 문제 4: 참/거짓 네 문장
# ---------------------------------------------------------------------------

Q4_RIGHT = [True, False, True, False]


@pytest.mark.parametrize(
    "answer",
    [Q4_RIGHT, tuple(Q4_RIGHT), np.array(Q4_RIGHT), [np.True_, np.False_, np.True_, np.False_]],
    ids=["list", "tuple", "ndarray", "np.bool_"],
)
def test_l01_q4_accepts_natural_forms(answer):
    assert lesson01.q4.evaluate(answer).correct


@pytest.mark.parametrize(
    "answer, must_say",
    [
        ([True, True, True, False], ["1개가 맞지 않습니다"]),
        ([False, True, False, True], ["4개가 맞지 않습니다"]),
        ([True, False, True], ["문항은 4개", "3개"]),
        (False, ["목록", "bool 값 False"]),
        ([1, 0, 1, 0], ["(a)", "int 값 1"]),
        (["True", "False", "True", "False"], ["str 값 'True'", "따옴표 없이"]),
    ],
)
def test_l01_q4_rejects_without_saying_which_item(answer, must_say):
    message = lesson01.q4.evaluate(answer).message
    assert lesson01.q4.evaluate(answer).status == "wrong"
    for phrase in must_say:
        assert phrase in message, (phrase, message)
    # 어느 문항이 틀렸는지는 말하지 않습니다: 참/거짓에서는 그것이 곧 정답입니다.
    if "맞지 않습니다" in message:
        assert not re.search(r"\([a-d]\)", message), message


def test_choice_message_never_contradicts_itself():
    """예전에는 np.False_를 'True, False 가운데 하나여야 하는데 받은 것은 False'라며 거절했습니다."""
    ex = _exercise(expect_choice(False, [True, False]))
    assert ex.evaluate(np.False_).correct
    message = ex.evaluate(0).message
    assert "int 값 0" in message
    message = ex.evaluate("False").message
    assert "str 값 'False'" in message and "따옴표 없이" in message


def test_l01_q4_statements_are_the_ones_in_the_notebook():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "notebooks" / "src" / "01_learning_rate.py").read_text(encoding="utf-8")
    for label, text in lesson01.Q4_STATEMENTS.items():
        assert f"# - ({label}) {text}" in source, label


# ---------------------------------------------------------------------------
# 모범 답안, 힌트 단계
# ---------------------------------------------------------------------------

ALL_EXERCISES = [e for _, _, exs in core.lessons() for e in exs] + [lesson00.demo]


@pytest.mark.parametrize("exercise", ALL_EXERCISES, ids=lambda e: e.key)
def test_shown_solution_is_accepted(exercise, capsys):
    """모범 답안(solution()이 보여 주는 코드)을 그대로 실행한 결과도 정답이어야 합니다."""
    exercise.solution()
    code = capsys.readouterr().out.split("모범 답안:\n", 1)[1]
    namespace = {"math": math, "np": np}
    exec(code, namespace)  # noqa: S102 - 우리가 쓴 모범 답안
    functions = [v for v in namespace.values() if isinstance(v, types.FunctionType)]
    answer = namespace["answer"] if "answer" in namespace else functions[0]
    assert exercise.evaluate(answer).correct


@pytest.mark.parametrize("exercise", ALL_EXERCISES, ids=lambda e: e.key)
def test_hints_come_in_two_levels_and_bad_levels_are_told_in_korean(exercise, capsys):
    exercise.hint()
    first = capsys.readouterr().out
    exercise.hint(2)
    second = capsys.readouterr().out
    assert "힌트 1/2" in first and "ex." + exercise.name + ".hint(2)" in first
    assert "힌트 2/2" in second and first.split(":", 1)[1] != second.split(":", 1)[1]
    for bad in (0, 3, "2", 1.5, True):
        exercise.hint(bad)  # 예외 없이 메시지만
        out = capsys.readouterr().out
        assert "2단계까지" in out and "solution()" in out, (bad, out)


@pytest.mark.parametrize("exercise, answer, accepted, rejected", VALUE_CASES, ids=VALUE_IDS)
def test_hints_do_not_give_the_value_away(exercise, answer, accepted, rejected, capsys):
    exercise.hint()
    exercise.hint(2)
    hints = capsys.readouterr().out
    assert_does_not_reveal(hints, answer)


# ---------------------------------------------------------------------------
# 예측해 보기
# ---------------------------------------------------------------------------


def test_every_lesson_has_a_prediction_used_before_and_after_an_experiment():
    from pathlib import Path

    # 레슨마다(문제 모듈이 있는 모든 노트북 소스) 예측 하나 이상
    src_dir = Path(__file__).resolve().parents[1] / "notebooks" / "src"
    modules = [importlib.import_module(f"lrcourse.exercises.lesson{n}") for n, _, _ in core.lessons()]
    assert len(modules) >= 9  # 00–08
    for module in modules:
        src = next(src_dir.glob(f"{module.LESSON}_*.py"))
        predictions = [v for v in vars(module).values() if isinstance(v, Prediction)]
        assert predictions, module.__name__
        text = src.read_text(encoding="utf-8")
        for p in predictions:
            assert 0 < text.index(f"ex.{p.name}.predict(") < text.index(f"ex.{p.name}.compare("), (src.name, p.name)


def _prediction():
    return Prediction("99", "p1", "시험용", choices={"a": "오른다", "b": "내린다"}, why="까닭", outcome=lambda x: "a" if x > 0 else "b")


def test_prediction_stub_wrong_choice_and_compare_never_raise(capsys):
    p = _prediction()
    p.predict(...)
    assert "아직 예측하지 않았습니다" in capsys.readouterr().out
    p.predict("z")
    out = capsys.readouterr().out
    assert "'a', 'b' 가운데 하나" in out and "'z'" in out
    p.compare(1.0)
    out = capsys.readouterr().out
    assert "(a) 오른다" in out and "예측을 적지 않았습니다" in out and "왜: 까닭" in out
    p.compare("못 읽는 값")  # outcome이 오류를 내도 메시지만
    assert "읽지 못했습니다" in capsys.readouterr().out


@pytest.mark.parametrize("given", ["b", "B", " (b) ", np.str_("b")])
def test_prediction_matches_and_mismatches(given, capsys):
    p = _prediction()
    p.predict(given)
    assert "예측을 적었습니다: (b) 내린다" in capsys.readouterr().out
    p.compare(-1.0)
    assert "예측이 맞았습니다" in capsys.readouterr().out
    p.compare(1.0)
    out = capsys.readouterr().out
    assert "예측은 (b) 내린다였습니다" in out and "다릅니다" in out


def test_numeric_prediction_accepts_numbers_and_number_text(capsys):
    for given in (0.3, "0.3", np.float64(0.3)):
        lesson01.p1.predict(given)
        assert "(0.3) 학습률 0.3" in capsys.readouterr().out
    lesson01.p1.compare(float("0.3"))
    assert "예측이 맞았습니다" in capsys.readouterr().out


def test_lesson_prediction_outcomes_follow_the_measurements():
    import math as m

    assert lesson00._halving(m.ceil(1438 / 64), m.ceil(1438 / 128)) == "b"  # 23 → 12 (> 11.5)
    assert lesson00._halving(m.ceil(1024 / 64), m.ceil(1024 / 128)) == "a"  # 16 → 8
    assert lesson02._drop_effect(0.20, 0.19) == "b"  # 5% 변화
    assert lesson02._drop_effect(0.20, 0.10) == "a"
    assert lesson02._drop_effect(0.20, 0.30) == "c"
    assert lesson03._lowest(0.1, 0.2, 0.3, 0.4) == "a" and lesson03._lowest(0.4, 0.3, 0.2, 0.5) == "c"
    assert lesson04._best_final_accuracy(0.96, 0.962, 0.958) == "d"  # 0.01 안
    assert lesson04._best_final_accuracy(0.95, 0.97, 0.94) == "b"


# ---------------------------------------------------------------------------
# 채점 도우미의 일반 동작
# ---------------------------------------------------------------------------


def _exercise(checker):
    return Exercise("99", "q1", "시험용", checker=checker, hint="힌트", solution="answer = 1")


def test_learner_function_errors_become_messages_not_exceptions():
    def broken(t):
        return 1 / 0

    ex = _exercise(expect_function(lambda t: t, [(3,)], arg_names=["t"]))
    result = ex.evaluate(broken)
    assert result.status == "wrong"
    assert "입력 t=3에서" in result.message and "ZeroDivisionError" in result.message


def test_function_returning_none_is_told_about_return():
    def forgot_return(t):
        t * 2

    result = _exercise(expect_function(lambda t: 2 * t, [(1,)])).evaluate(forgot_return)
    assert result.status == "wrong" and "return" in result.message


def test_learner_cannot_change_the_checkers_inputs():
    """학습자 함수가 인자(목록)를 바꿔도 다음 입력과 기대값이 오염되지 않습니다."""
    milestones = [30, 80]

    def mutating(t, ms):
        ms.append(0)
        return t

    ex = _exercise(expect_function(lambda t, ms: t, [(1, milestones), (2, milestones)]))
    assert ex.evaluate(mutating).correct
    assert milestones == [30, 80]


def test_value_tolerance_and_numpy_and_torch_scalars():
    ex = _exercise(expect_value(0.001))
    assert ex.evaluate(0.001 * (1 + 1e-9)).correct  # 반올림 오차는 받음
    assert ex.evaluate(np.float32(0.001)).correct  # float32의 상대 오차 ~1e-8도 받음
    assert ex.evaluate(np.array([0.001])).correct
    assert ex.evaluate(torch.tensor(0.001, dtype=torch.float64)).correct
    assert not ex.evaluate(0.0011).correct  # 10% 차이는 거절
    assert not ex.evaluate(True).correct  # bool은 숫자가 아님


def test_stated_precision_is_half_a_unit_of_the_last_asked_digit():
    """'소수 넷째 자리까지': 바르게 반올림한 답과 더 자세한 답은 맞고, 버림은 이유와 함께 틀립니다."""
    ex = _exercise(expect_value(0.12346789, decimals=4))
    assert ex.evaluate(0.1235).correct and ex.evaluate(0.12347).correct and ex.evaluate(0.123468).correct
    assert "버림" in ex.evaluate(0.1234).message
    assert "셋째 자리까지만" in ex.evaluate(0.123).message
    assert not ex.evaluate(0.1236).correct and "큽니다" in ex.evaluate(0.1236).message


def test_wrong_value_message_never_shows_the_expected_value():
    ex = _exercise(expect_value(32))
    for wrong in (31, 40, 320, -32):
        message = ex.evaluate(wrong).message
        assert "32" not in message.replace(str(wrong), ""), message
    assert "작습니다" in ex.evaluate(31).message and "10배 넘게" in ex.evaluate(3).message
    assert "부호" in ex.evaluate(-32).message


def test_integer_question_rejects_floats_with_the_reason():
    ex = _exercise(expect_value(10, integer=True))
    assert ex.evaluate(10).correct and ex.evaluate(np.int64(10)).correct
    assert "값은 맞지만" in ex.evaluate(10.0).message
    assert "정수가 아닙니다" in ex.evaluate(10.5).message
    assert "큽니다" in ex.evaluate(12.0).message


def test_choice_requires_exact_type():
    ex = _exercise(expect_choice("b", ["a", "b"]))
    assert ex.evaluate("b").correct
    assert "가운데 하나" in ex.evaluate("c").message


def test_custom_checker_with_wrong():
    def checker(answer):
        if answer != 3:
            raise Wrong("셋이어야 합니다")

    ex = _exercise(checker)
    assert ex.evaluate(3).correct
    assert "셋이어야 합니다" in ex.evaluate(4).message


def test_bad_exercise_definition_is_rejected():
    with pytest.raises(ValueError, match="lesson"):
        Exercise("1", "q1", "x", checker=lambda a: None, hint="", solution="")
    with pytest.raises(ValueError, match="name"):
        Exercise("01", "first", "x", checker=lambda a: None, hint="", solution="")
    with pytest.raises(ValueError, match="name"):
        Prediction("01", "q1", "x", choices={"a": "x"}, why="")


def test_public_api_keeps_its_import_paths():
    from lrcourse.exercises import expect_choices, lessons, progress, progress_file, reset_progress, solved  # noqa: F401

    for module in (lesson00, lesson01, lesson02, lesson03, lesson04):
        assert module.progress is core.progress


# ---------------------------------------------------------------------------
# 진행 기록
# ---------------------------------------------------------------------------


def test_progress_records_only_correct_answers_and_shows_them(progress_path, capsys):
    lesson00.q1.check(15)
    assert not progress_path.exists()
    lesson00.q1.check(16)
    data = json.loads(progress_path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and "00.q1" in data["solved"]
    capsys.readouterr()
    core.progress()
    out = capsys.readouterr().out
    assert "✅q1 ⬜q2 ⬜q3  (1/3)" in out
    assert "01 학습률이란" in out and "02 스텝 감쇠" in out and "04 코사인 어닐링과 SGDR" in out
    assert str(progress_path) in out


def test_demo_is_not_counted_in_progress(capsys):
    lesson00.demo.check(10)
    assert "정답입니다" in capsys.readouterr().out
    assert core.solved() == set()
    core.progress()
    assert "⬜demo" not in capsys.readouterr().out


def test_progress_accumulates_across_lessons(progress_path):
    lesson00.q1.check(16)
    lesson02.q4.check(1e-4)
    lesson02.q4.check(1e-4)  # 두 번 맞혀도 한 번
    assert core.solved() == {"00.q1", "02.q4"}


def test_default_progress_file_is_in_home(monkeypatch, tmp_path):
    monkeypatch.delenv("LRCOURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert core.progress_file() == tmp_path / ".lrcourse_progress.json"
    lesson00.q3.check(159)
    assert (tmp_path / ".lrcourse_progress.json").exists()


def test_progress_shows_a_home_path_as_tilde(monkeypatch, tmp_path, capsys):
    # 노트북 출력에 사용자 이름이나 임시 폴더 경로가 남지 않도록 홈 아래 경로는 ~/…로 보입니다.
    monkeypatch.delenv("LRCOURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    core.progress()
    assert "(기록 파일: ~/.lrcourse_progress.json)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[1, 2, 3]", b'{"solved": [1]}', b'{"solved": {"00.q1": 5}, "version": 99}', b"\xff\xfe\x00garbage"],
    ids=["broken-json", "empty", "list", "solved-not-dict", "odd-values", "binary"],
)
def test_corrupt_progress_file_never_breaks_a_notebook(progress_path, content, capsys):
    progress_path.write_bytes(content)
    core.progress()  # 예외 없음
    lesson00.q1.check(16)  # 예외 없이 정답 메시지, 그리고 파일을 고쳐 씀
    assert "정답입니다" in capsys.readouterr().out
    assert "00.q1" in core.solved()
    json.loads(progress_path.read_text(encoding="utf-8"))


def test_unwritable_progress_location_never_breaks_a_notebook(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    # 부모가 파일이라 만들 수 없는 경로 (root로 실행해도 실패합니다)
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(blocker / "sub" / "progress.json"))
    lesson00.q1.check(16)
    core.progress()
    out = capsys.readouterr().out
    assert "정답입니다" in out and "0문제를 풀었습니다" in out


def test_progress_file_that_is_a_directory(monkeypatch, tmp_path, capsys):
    folder = tmp_path / "progress.json"
    folder.mkdir()
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(folder))
    lesson00.q1.check(16)
    core.progress()
    assert "정답입니다" in capsys.readouterr().out


def test_reset_progress(progress_path):
    lesson00.q1.check(16)
    core.reset_progress()
    assert core.solved() == set()
    core.reset_progress()  # 없는 파일도 괜찮음


def test_every_lesson_has_exercises_with_korean_titles():
    lessons = core.lessons()
    assert [n for n, _, _ in lessons][:5] == ["00", "01", "02", "03", "04"]
    for number, title, exercises in lessons:
        assert title
        if number != "00":
            assert len(exercises) >= 3  # 레슨마다 연습 문제 3개 이상


def test_exercise_modules_stay_light():
    """progress()는 모든 문제 모듈을 불러오므로, 문제 모듈이 torch나 matplotlib을 불러오면 안 됩니다."""
    code = textwrap.dedent(
        """
        import sys, os
        os.environ["LRCOURSE_PROGRESS_FILE"] = os.devnull + ".missing"
        import lrcourse.exercises as ex
        ex.lessons()
        heavy = sorted(m for m in ("torch", "matplotlib") if m in sys.modules)
        print(",".join(heavy))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"문제 모듈이 무거운 모듈을 불러왔습니다: {out}"


# ---------------------------------------------------------------------------
# 노트북의 연습 문제 셀: 강사용 풀이는 맞고, 학생용 빈칸은 "아직 풀지 않았습니다"
# ---------------------------------------------------------------------------


def _build_tool():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "build_notebooks.py"
    spec = importlib.util.spec_from_file_location("build_notebooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# 07부터의 풀이 셀은 노트북 앞쪽 셀의 상수와 데이터(ACCUM, loader …)를 씁니다. 그 레슨들은 셀만 떼어 돌릴 수
# 없으므로 노트북 전체로 확인합니다: 강사용은 nbval(저장된 "정답입니다" 출력), 학생용은 test_student_edition.py가
# 실행해 빈칸이 "아직 풀지 않았습니다"가 되는지 봅니다.
@pytest.mark.parametrize("lesson", ["00", "01", "02", "03", "04", "05", "06"])
def test_notebook_exercise_cells_pass_in_instructor_edition_and_are_unsolved_in_student_edition(lesson, capsys):
    """풀이 셀(tags=["solution"])만 떼어 두 판으로 실행합니다 (노트북 전체를 돌리지 않고도 빠르게 확인)."""
    from pathlib import Path

    tool = _build_tool()
    src = next((Path(__file__).resolve().parents[1] / "notebooks" / "src").glob(f"{lesson}_*.py"))
    cells = [c for c in tool.parse_source(src.read_text(encoding="utf-8")) if "solution" in c["tags"]]
    module = importlib.import_module(f"lrcourse.exercises.lesson{lesson}")
    assert cells
    for cell in cells:
        for code, expected in ((tool.strip_markers(cell["source"]), ("정답입니다", "예측을 적었습니다")),
                               (tool.stub_solution(cell["source"]), (UNSOLVED, "아직 예측하지 않았습니다"))):
            namespace = {"math": math, "np": np, "ex": module}
            exec(code, namespace)  # noqa: S102 - 강좌의 노트북 소스
            out = capsys.readouterr().out
            assert any(e in out for e in expected), (code, out)
            assert "틀렸습니다" not in out, (code, out)
