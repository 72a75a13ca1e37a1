"""04 코사인 어닐링과 SGDR: 코사인 함수, T_max 뒤의 PyTorch 값, 재시작 위치, 주기 설계."""

from __future__ import annotations

import math

from . import Exercise, expect_function, expect_value, progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "04"
TITLE = "코사인 어닐링과 SGDR"


# ---------------------------------------------------------------------------
# q1: 코사인 어닐링 (T_max 뒤에는 eta_min에 머묾)
# ---------------------------------------------------------------------------


def _cosine_lr(t, lr, T_max, eta_min=0.0):
    if t >= T_max:
        return eta_min
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


_Q1_CASES = [
    (0, 0.1, 100),  # 시작: lr
    (50, 0.1, 100),  # 가운데: 정확히 절반
    (25, 0.1, 100),  # 4분의 1 지점: 0.1 · (1 + cos(π/4)) / 2
    (100, 0.1, 100),  # 끝: eta_min(0)
    ((50, 0.1, 100), {"eta_min": 0.01}),  # eta_min이 있으면 가운데는 (lr + eta_min) / 2
    ((100, 0.1, 100), {"eta_min": 0.01}),  # 끝은 eta_min
    ((150, 0.1, 100), {"eta_min": 0.01}),  # T_max 뒤: lrcourse는 eta_min에 머묾 (PyTorch는 다시 오름)
    ((400, 0.1, 100), {"eta_min": 0.01}),  # 2·T_max 뒤에도 eta_min (PyTorch는 여기서 다시 lr)
]


def _torch_like(t, lr, T_max, eta_min=0.0):
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


q1 = Exercise(
    LESSON,
    "q1",
    "cosine_lr(t, lr, T_max, eta_min=0.0) 함수 (T_max 뒤에는 eta_min에 머묾)",
    checker=expect_function(
        _cosine_lr, _Q1_CASES, arg_names=["t", "lr", "T_max"],
        mistakes=[
            (
                _torch_like,
                "T_max까지는 맞지만 그 뒤에 코사인이 다시 올라갑니다(PyTorch CosineAnnealingLR과 같은 동작). "
                "이 문제에서는 t ≥ T_max이면 eta_min을 돌려주어야 합니다.",
            ),
            (
                lambda t, lr, T, eta_min=0.0: lr * (1 + math.cos(math.pi * min(t, T) / T)) / 2,
                "eta_min을 빠뜨렸습니다. 곡선은 lr에서 eta_min까지 내려가야 합니다: eta_min + (lr − eta_min)·(1 + cos)/2.",
            ),
            (
                lambda t, lr, T, eta_min=0.0: (lr - eta_min) * (1 + math.cos(math.pi * min(t, T) / T)) / 2,
                "(lr − eta_min)·(1 + cos)/2에 eta_min을 더하지 않았습니다. 그러면 끝 값이 eta_min이 아니라 0입니다.",
            ),
            (
                lambda t, lr, T, eta_min=0.0: eta_min + (lr - eta_min) * math.cos(math.pi * min(t, T) / T),
                "(1 + cos)/2 대신 cos을 썼습니다. 그러면 곡선이 음수까지 내려갑니다. (1 + cos(πt/T_max))/2는 1에서 0으로 갑니다.",
            ),
        ],
    ),
    hint="0 ≤ t < T_max에서는 eta_min + (lr − eta_min)·(1 + cos(π·t/T_max))/2, t ≥ T_max에서는 eta_min입니다.",
    solution='''\
def cosine_lr(t, lr, T_max, eta_min=0.0):
    if t >= T_max:
        return eta_min  # PyTorch와 달리 다시 올라가지 않습니다
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2''',
    explanation="lrcourse.cosine_annealing도 이렇게 T_max 뒤에 eta_min에 머뭅니다.",
)


# ---------------------------------------------------------------------------
# q2: PyTorch CosineAnnealingLR을 T_max 넘어 돌렸을 때의 값
# ---------------------------------------------------------------------------

_Q2_ANSWER = 0.1 * (1 + math.cos(math.pi * 175 / 100)) / 2

q2 = Exercise(
    LESSON,
    "q2",
    "PyTorch CosineAnnealingLR(lr=0.1, T_max=100, eta_min=0)을 175번 step()한 뒤의 학습률",
    checker=expect_value(
        _Q2_ANSWER, rtol=1e-6, name="학습률 값",
        mistakes=[
            (0.0, "0은 lrcourse.cosine_annealing의 값입니다. PyTorch는 T_max 뒤에도 같은 코사인 식을 계속 써서 다시 올라갑니다."),
            (
                0.1 * (1 + math.cos(math.pi * 75 / 100)) / 2,
                "스텝 75의 값입니다. T_max 뒤의 곡선은 T_max를 축으로 접은 거울상이라, 스텝 175는 스텝 25와 같습니다.",
            ),
            (0.1, "0.1은 스텝 200(= 2·T_max)에서 돌아오는 값입니다. 스텝 175는 아직 다 올라가지 않았습니다."),
        ],
    ),
    hint="PyTorch는 t > T_max에서도 (1 + cos(π·t/T_max))/2를 씁니다. cos(1.75π)는 cos(0.25π)와 같습니다.",
    solution="answer = 0.1 * (1 + math.cos(math.pi * 175 / 100)) / 2  # ≈ 0.0853553, 스텝 25와 같은 값",
    explanation="코사인의 주기는 2·T_max라서 T_max 뒤에는 거울상으로 다시 올라가 2·T_max에서 처음 값이 됩니다.",
)


# ---------------------------------------------------------------------------
# q3: 웜 리스타트가 일어나는 스텝
# ---------------------------------------------------------------------------


def _restart_steps(T_0, T_mult, total_steps):
    steps, start, length = [], 0, T_0
    while start + length < total_steps:
        start += length
        steps.append(start)
        length *= T_mult
    return steps


def _cycle_lengths(T_0, T_mult, total_steps):
    """흔한 실수: 재시작 스텝 대신 끝난 주기들의 길이 (T_0, T_0·T_mult, …)."""
    return [T_0 * T_mult**k for k in range(len(_restart_steps(T_0, T_mult, total_steps)))]


def _all_cycle_lengths(T_0, T_mult, total_steps):
    """흔한 실수: 학습 안에서 시작하는 모든 주기(마지막 주기 포함)의 길이."""
    return [T_0 * T_mult**k for k in range(len(_restart_steps(T_0, T_mult, total_steps)) + 1)]


_Q3_CASES = [
    (10, 1, 35),  # 같은 길이 주기: 10, 20, 30
    (10, 2, 200),  # 주기 10, 20, 40, 80 → 10, 30, 70, 150
    (100, 2, 1500),  # 1500은 학습이 끝난 뒤라 들어가지 않음: 100, 300, 700
    (5, 3, 100),  # 주기 5, 15, 45 → 5, 20, 65
    (1, 3, 200),  # 1, 4, 13, 40, 121 (PyTorch의 로그 계산이 틀리기 쉬운 곳)
    (50, 1, 50),  # 첫 주기가 학습 전체: 재시작 없음
]

q3 = Exercise(
    LESSON,
    "q3",
    "restart_steps(T_0, T_mult, total_steps): 스텝 0…total_steps−1 가운데 재시작이 일어나는 스텝 목록",
    checker=expect_function(
        _restart_steps, _Q3_CASES, arg_names=["T_0", "T_mult", "total_steps"],
        mistakes=[
            (
                _cycle_lengths,
                "주기의 길이(T_0, T_0·T_mult, …)를 적었습니다. 재시작 스텝은 그 길이들을 차례로 더한 누적 합입니다.",
            ),
            (
                _all_cycle_lengths,
                "주기의 길이(T_0, T_0·T_mult, …)를 적었습니다. 재시작 스텝은 그 길이들을 차례로 더한 누적 합입니다.",
            ),
            (
                lambda T_0, T_mult, n: [0] + _restart_steps(T_0, T_mult, n),
                "스텝 0을 넣었습니다. 스텝 0은 학습의 시작이지 재시작이 아닙니다.",
            ),
            (
                lambda T_0, T_mult, n: [s - 1 for s in _restart_steps(T_0, T_mult, n)],
                "하나씩 앞당겨졌습니다. 길이 T_0인 첫 주기는 스텝 0…T_0−1이고, 스텝 T_0에서 학습률이 다시 lr이 됩니다.",
            ),
            (
                lambda T_0, T_mult, n: _restart_steps(T_0, T_mult, n + 1),
                "total_steps와 같은 스텝을 넣었습니다. 스텝은 0…total_steps−1이므로 total_steps에서 일어나는 재시작은 학습 뒤입니다.",
            ),
        ],
    ),
    hint="start = 0, length = T_0에서 시작해, start + length가 total_steps보다 작은 동안 start += length를 목록에 넣고 length *= T_mult를 합니다.",
    solution='''\
def restart_steps(T_0, T_mult, total_steps):
    steps, start, length = [], 0, T_0
    while start + length < total_steps:
        start += length        # 이 주기가 끝나는 곳 = 다음 주기가 시작(재시작)하는 곳
        steps.append(start)
        length *= T_mult       # 다음 주기는 T_mult배 깁니다
    return steps''',
    explanation="T_mult > 1이면 재시작 스텝은 T_0·(T_mult^k − 1)/(T_mult − 1)입니다. 정수 덧셈으로 구하면 반올림 걱정이 없습니다.",
)


# ---------------------------------------------------------------------------
# q4: 4번의 주기가 정확히 1500스텝에서 끝나는 T_0
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON,
    "q4",
    "T_mult=2로 주기 4개가 정확히 스텝 1500에서 끝나게 하는 T_0",
    checker=expect_value(
        100, name="T_0",
        mistakes=[
            (375, "주기 4개의 길이를 같다고 보았습니다. T_mult=2이면 주기 길이는 T_0, 2·T_0, 4·T_0, 8·T_0입니다."),
            (1500 / 16, "1500을 2⁴로 나누었습니다. 전체 길이는 마지막 주기만이 아니라 네 주기의 합 (1+2+4+8)·T_0입니다."),
            (187.5, "1500을 8(마지막 주기의 배수)로 나누었습니다. 네 주기의 합 (1+2+4+8)·T_0 = 15·T_0이 1500이어야 합니다."),
        ],
    ),
    hint="주기 길이는 T_0, 2·T_0, 4·T_0, 8·T_0입니다. 이 합이 1500이어야 합니다.",
    solution="answer = 1500 // (1 + 2 + 4 + 8)  # 100: 재시작은 스텝 100, 300, 700이고 마지막 주기가 1500에서 끝납니다",
    explanation="마지막 주기가 학습 끝에서 끝나야 마지막 학습률이 eta_min이 되어, 재시작 직후의 높은 학습률로 학습을 마치지 않습니다.",
)
