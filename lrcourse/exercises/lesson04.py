"""04 코사인 어닐링과 SGDR: 코사인 함수, T_max 뒤의 PyTorch 값, 재시작 위치, 주기 설계."""

from __future__ import annotations

import math

from ._exercise import Exercise, Prediction
from ._grading import expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

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
    hint=(
        "두 경우로 나눕니다: t가 T_max보다 작을 때와 T_max 이상일 때. 앞의 경우는 2절의 식 그대로이고, (1 + cos)/2가 1에서 0으로 갑니다.",
        "t < T_max이면 eta_min + (lr − eta_min)·(1 + cos(π·t/T_max))/2, t ≥ T_max이면 eta_min을 돌려줍니다. math.cos와 math.pi를 씁니다.",
    ),
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
        _Q2_ANSWER, decimals=4, name="학습률 값",
        mistakes=[
            (0.0, "0은 lrcourse.cosine_annealing의 값입니다. PyTorch는 T_max 뒤에도 같은 코사인 식을 계속 써서 다시 올라갑니다."),
            (
                0.1 * (1 + math.cos(math.pi * 75 / 100)) / 2,
                "스텝 75의 값입니다. T_max 뒤의 곡선은 T_max를 축으로 접은 거울상이라, 스텝 175는 스텝 75가 아니라 T_max에서 75 지난 곳입니다.",
            ),
            (0.1, "0.1은 스텝 200(= 2·T_max)에서 돌아오는 값입니다. 스텝 175는 아직 다 올라가지 않았습니다."),
            (0.1 * math.cos(math.pi * 175 / 100), "(1 + cos)/2 대신 cos만 썼습니다. 2절의 식을 다시 보세요."),
        ],
    ),
    hint=(
        "3절의 그림에서 PyTorch의 학습률은 T_max 뒤에 어떻게 움직였나요? 스텝 175는 T_max = 100을 얼마나 지난 곳인가요?",
        "PyTorch는 t > T_max에서도 0.1·(1 + cos(π·t/T_max))/2를 그대로 씁니다. 코사인은 주기 2π라 cos(1.75π) = cos(0.25π)이고, "
        "스텝 175의 값은 T_max에서 거꾸로 75스텝 간 곳의 값과 같습니다. get_last_lr()은 목록을 돌려주지만 숫자 하나로 답해도 됩니다. "
        "소수 넷째 자리까지 반올림해 적거나 식을 그대로 넣으세요.",
    ),
    solution="answer = 0.1 * (1 + math.cos(math.pi * 175 / 100)) / 2  # ≈ 0.0853553 (소수 넷째 자리까지 0.0854), 스텝 25와 같은 값",
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
    hint=(
        "주기 길이는 T_0, T_0·T_mult, T_0·T_mult², …이고, 재시작은 주기가 끝나는 곳입니다. 길이들을 차례로 더해 가며 total_steps를 넘기 전까지 모읍니다.",
        "start = 0, length = T_0에서 시작해, start + length < total_steps인 동안 start += length를 목록에 넣고 length *= T_mult를 되풀이합니다. "
        "정수 덧셈만 쓰면 로그의 반올림 걱정이 없습니다.",
    ),
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
# q4: 주기 3개가 정확히 2100스텝에서 끝나는 T_0
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON,
    "q4",
    "T_mult=2로 주기 3개가 정확히 스텝 2100에서 끝나게 하는 T_0",
    checker=expect_value(
        300, integer=True, name="T_0",
        mistakes=[
            (700, "세 주기의 길이를 같다고 보았습니다. T_mult=2이면 주기마다 길이가 두 배가 됩니다."),
            (2100 / 8, "2100을 2³으로 나누었습니다. 전체 길이는 주기 세 개의 길이를 더한 것입니다."),
            (525, "2100을 마지막 주기의 배수로 나누었습니다. 전체 길이는 마지막 주기만이 아니라 세 주기의 합입니다."),
            (140, "주기를 네 개로 셌습니다. 묻는 것은 주기 세 개입니다."),
            (1050, "2100을 2로 나누었습니다. 세 주기의 길이를 T_0로 적어 더해 보세요."),
        ],
    ),
    hint=(
        "T_mult=2이면 주기 길이는 T_0에서 시작해 매번 두 배가 됩니다. 세 주기의 길이를 T_0로 적어 보세요.",
        "세 주기 길이의 합이 2100이어야 합니다: 그 식을 T_0에 대해 풉니다. T_0는 스텝 수라 정수(int)로 답합니다 "
        "(PyTorch CosineAnnealingWarmRestarts도 T_0로 정수만 받습니다).",
    ),
    solution="answer = 2100 // (1 + 2 + 4)  # 300: 주기 300, 600, 1200. 재시작은 스텝 300, 900이고 마지막 주기가 2100에서 끝납니다",
    explanation="마지막 주기가 학습 끝에서 끝나야 마지막 학습률이 eta_min이 되어, 재시작 직후의 높은 학습률로 학습을 마치지 않습니다.",
)


# ---------------------------------------------------------------------------
# p1: 같은 예산 끝에서 가장 좋은 스케줄 (6.2절)
# ---------------------------------------------------------------------------


def _best_final_accuracy(cosine, sgdr, step):
    """세 스케줄의 평균 검증 정확도 → 선택지. 0.01(검증 이미지 약 3.6장) 안이면 비슷하다고 봅니다."""
    accuracy = {"a": cosine, "b": sgdr, "c": step}
    if max(accuracy.values()) - min(accuracy.values()) < 0.01:
        return "d"
    return max(accuracy, key=accuracy.get)


p1 = Prediction(
    LESSON,
    "p1",
    "1,500스텝 예산, 시드 5개: 끝에서 평균 검증 정확도가 가장 높은 것은?",
    choices={
        "a": "코사인 한 번 (T_max=1500)",
        "b": "SGDR (T_0=100, T_mult=2)",
        "c": "스텝 감쇠 (750, 1125)",
        "d": "셋이 0.01 안에서 비슷하다",
    },
    outcome=_best_final_accuracy,
    why=(
        "세 스케줄 모두 마지막에는 학습률이 아주 작아져 모델이 바닥 근처에 자리 잡습니다. 재시작으로 잠깐 밀려나도 "
        "주기 끝에서는 같은 길이로 계획한 코사인만큼 좋아질 뿐, 더 나은 곳을 찾았다는 증거는 없었습니다. "
        "이 작은 문제에서는 감쇠의 모양보다 '끝에서 충분히 줄였는가'가 결과를 정합니다."
    ),
)
