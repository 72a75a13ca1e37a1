"""05 워밍업: 선형 워밍업의 식, 워밍업 뒤 코사인의 T_max, SequentialLR의 함정, 2/(1−β₂) 경험칙."""

from __future__ import annotations

import math

from ._exercise import Exercise, Prediction
from ._grading import expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "05"
TITLE = "워밍업"


# ---------------------------------------------------------------------------
# q1: 선형 워밍업 (start_factor 포함), 워밍업 뒤에는 lr
# ---------------------------------------------------------------------------


def _warmup_lr(t, lr, warmup_steps, start_factor=0.0):
    if t >= warmup_steps:
        return lr
    return lr * (start_factor + (1 - start_factor) * t / warmup_steps)


_Q1_CASES = [
    (0, 0.1, 100),  # 스텝 0: 기본 start_factor 0이면 0
    (50, 0.1, 100),  # 가운데: 절반
    (99, 0.1, 100),  # 워밍업 마지막 스텝: 아직 lr에 닿지 않음 (0.099)
    (100, 0.1, 100),  # 스텝 W: lr
    (250, 0.1, 100),  # 워밍업 뒤: lr
    ((0, 0.1, 100), {"start_factor": 0.1}),  # start_factor가 있으면 스텝 0은 lr · s
    ((50, 0.1, 100), {"start_factor": 0.1}),  # 가운데는 lr · (s + (1 − s)/2) = 0.055
    ((100, 0.2, 100), {"start_factor": 0.1}),  # 스텝 W에서는 s와 상관없이 lr
]


q1 = Exercise(
    LESSON,
    "q1",
    "warmup_lr(t, lr, warmup_steps, start_factor=0.0) 함수 (워밍업 뒤에는 lr)",
    checker=expect_function(
        _warmup_lr, _Q1_CASES, arg_names=["t", "lr", "warmup_steps"],
        mistakes=[
            (
                lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * (start_factor + (1 - start_factor) * (t + 1) / W),
                "한 스텝 앞서 갑니다: (t + 1)/W를 썼습니다. 이 강좌(와 Hugging Face)의 관례는 t/W입니다: 첫 스텝은 lr · start_factor이고, "
                "스텝 W에서 처음으로 lr에 닿습니다.",
            ),
            (
                lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * t / W,
                "start_factor를 빠뜨렸습니다. 스텝 0의 학습률은 lr · start_factor이고 거기서 lr까지 직선으로 오릅니다.",
            ),
            (
                lambda t, lr, W, start_factor=0.0: lr if t >= W else lr * (start_factor + t / W),
                "start_factor + t/W는 스텝 W 직전에 lr을 넘습니다. 남은 몫 (1 − start_factor)만 t/W에 비례해 더합니다.",
            ),
            (
                lambda t, lr, W, start_factor=0.0: lr * (start_factor + (1 - start_factor) * t / W),
                "워밍업 뒤에도 직선이 계속 올라갑니다. t ≥ warmup_steps이면 lr을 돌려주세요.",
            ),
        ],
    ),
    hint=(
        "두 경우로 나눕니다: t가 warmup_steps보다 작을 때와 그 이상일 때. 앞의 경우는 lr · start_factor에서 lr까지 오르는 직선입니다.",
        "t < warmup_steps이면 lr · (start_factor + (1 − start_factor) · t / warmup_steps), 아니면 lr을 돌려줍니다.",
    ),
    solution='''\
def warmup_lr(t, lr, warmup_steps, start_factor=0.0):
    if t >= warmup_steps:
        return lr  # 워밍업이 끝나면 본 스케줄(여기서는 상수 lr)
    return lr * (start_factor + (1 - start_factor) * t / warmup_steps)''',
    explanation="lrcourse.schedules.linear_warmup(constant(lr), W, start_factor)가 이 값을 줍니다.",
)


# ---------------------------------------------------------------------------
# q2: 워밍업 뒤 코사인의 T_max
# ---------------------------------------------------------------------------

q2 = Exercise(
    LESSON,
    "q2",
    "전체 3000스텝, 워밍업 200스텝: linear_warmup(cosine_annealing(lr, T_max), 200)이 마지막 스텝에서 0에 닿는 T_max",
    checker=expect_value(
        2800, integer=True, name="T_max",
        mistakes=[
            (3000, "전체 스텝 수를 넣었습니다. 본 스케줄은 워밍업이 끝난 스텝 200을 자기 스텝 0으로 세므로, 끝에서 아직 다 줄지 않습니다."),
            (3200, "워밍업을 더했습니다. 본 스케줄이 도는 것은 워밍업이 끝난 뒤의 스텝뿐입니다."),
            (200, "워밍업 길이를 넣었습니다. T_max는 워밍업 뒤에 남은 스텝 수입니다."),
            (2799, "하나 모자랍니다. 코사인은 자기 스텝 T_max에서 0에 닿고, 본 스케줄의 스텝은 0부터 셉니다."),
        ],
    ),
    hint=(
        "linear_warmup은 본 스케줄에 t − W를 넘깁니다. 워밍업이 끝난 뒤 본 스케줄은 몇 스텝 동안 도나요?",
        "전체 스텝 수에서 워밍업 스텝 수를 뺀 만큼 본 스케줄이 돕니다. 정수(int)로 답하세요.",
    ),
    solution="answer = 3000 - 200  # 2800: 본 스케줄은 워밍업이 끝난 스텝 200을 자기 스텝 0으로 셉니다",
    explanation="T_max = 전체 − W입니다. PyTorch SequentialLR로 만들 때도 같습니다(다음 스케줄러가 자기 스텝 0부터 다시 셉니다).",
)


# ---------------------------------------------------------------------------
# q3: SequentialLR에 T_max를 전체 스텝 수로 준 경우의 마지막 학습률
# ---------------------------------------------------------------------------

_Q3_ANSWER = 0.1 * (1 + math.cos(math.pi * 899 / 1000)) / 2

q3 = Exercise(
    LESSON,
    "q3",
    "SequentialLR([LinearLR(start_factor=0.01, total_iters=100), CosineAnnealingLR(T_max=1000)], milestones=[100]), "
    "lr 0.1, 1000스텝 학습의 마지막 스텝(999)의 학습률",
    checker=expect_value(
        _Q3_ANSWER, decimals=5, name="학습률 값",
        mistakes=[
            (0.0, "0은 T_max를 900(= 1000 − 100)으로 맞게 두었을 때에 가까운 값입니다. SequentialLR은 스텝 100에서 코사인을 자기 스텝 0부터 "
                  "다시 시작하므로, 스텝 999는 코사인의 스텝 899입니다."),
            (0.1 * (1 + math.cos(math.pi * 999 / 1000)) / 2,
             "코사인이 학습의 스텝 수를 그대로 센다고 보았습니다. SequentialLR은 마일스톤에서 다음 스케줄러를 자기 스텝 0부터 다시 시작합니다."),
            (0.1 * (1 + math.cos(math.pi * 900 / 1000)) / 2,
             "하나 밀렸습니다: 스텝 999는 코사인의 스텝 899입니다(스텝 100이 코사인의 스텝 0)."),
            (0.1, "0.1은 워밍업이 끝난 스텝 100의 값입니다."),
        ],
    ),
    hint=(
        "SequentialLR은 마일스톤(100)에서 CosineAnnealingLR을 자기 스텝 0부터 다시 시작합니다. 학습의 스텝 999는 코사인의 몇 번째 스텝인가요?",
        "코사인의 스텝 899, T_max = 1000에서 0.1 · (1 + cos(π · 899/1000)) / 2입니다. 소수 다섯째 자리까지 반올림하거나 식을 그대로 넣으세요.",
    ),
    solution="answer = 0.1 * (1 + math.cos(math.pi * 899 / 1000)) / 2  # ≈ 0.00250: 끝에서 아직 0이 아닙니다",
    explanation="T_max를 전체 스텝 수로 두면 코사인이 끝까지 내려가지 못한 채 학습이 끝납니다. T_max = 1000 − 100 = 900이라야 합니다.",
)


# ---------------------------------------------------------------------------
# q4: 2/(1 − β₂) 경험칙
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON,
    "q4",
    "Adam의 β₂ = 0.98일 때 Ma & Yarats(2019)의 경험칙 2/(1 − β₂)가 권하는 선형 워밍업 스텝 수",
    checker=expect_value(
        100, integer=True, name="워밍업 스텝 수",
        mistakes=[
            (50, "1/(1 − β₂)를 계산했습니다. 이것은 2차 모멘트 이동 평균이 기억하는 대략의 스텝 수이고, 경험칙은 그 두 배입니다."),
            (2000, "β₂ = 0.999일 때의 값입니다. 이 문제의 β₂는 0.98입니다."),
            (200, "1 − β₂를 0.01로 계산했습니다. 1 − 0.98 = 0.02입니다."),
        ],
    ),
    hint=(
        "1 − β₂를 먼저 계산하고, 2를 그 값으로 나눕니다.",
        "1 − 0.98 = 0.02입니다. 컴퓨터의 부동소수점으로 2 / (1 − 0.98)을 계산하면 정수가 아닐 수 있으니 round로 정수(int)를 만드세요.",
    ),
    solution="answer = round(2 / (1 - 0.98))  # 100: 4.4절의 트랜스포머가 쓴 워밍업 길이와 같습니다",
    explanation="β₂ = 0.999(기본값)이면 2000스텝입니다. 이 경험칙은 β₂만 보고 학습률이나 모델은 보지 않습니다.",
)


# ---------------------------------------------------------------------------
# p1: 워밍업 길이 훑기 (6절)
# ---------------------------------------------------------------------------


def _sweep_outcome(mean_acc):
    """워밍업 길이 → 평균 검증 정확도 사전에서 일어난 선택지. 0.02(검증 이미지 약 7장) 안이면 비슷하다고 봅니다."""
    mean_acc = {int(k): float(v) for k, v in dict(mean_acc).items()}
    warmed = {W: a for W, a in mean_acc.items() if W > 0}
    if mean_acc[0] >= max(warmed.values()):
        return "a"
    if max(warmed.values()) - min(warmed.values()) < 0.02:
        return "b"
    return "c" if max(warmed, key=warmed.get) == max(warmed) else "d"


p1 = Prediction(
    LESSON,
    "p1",
    "Adam lr 0.2, 600스텝(워밍업 뒤 코사인): 워밍업 길이 W = 0, 25, 50, 100, 200, 400 가운데 평균 검증 정확도는?",
    choices={
        "a": "워밍업 없음(W = 0)이 가장 좋다",
        "b": "워밍업이 있으면 길이(25–400)는 0.02 안에서 비슷하고, 모두 W = 0보다 낫다",
        "c": "길수록 좋다: 가장 긴 W = 400이 분명히 가장 좋다",
        "d": "중간 길이 하나가 분명히 가장 좋다",
    },
    outcome=_sweep_outcome,
    why=(
        "이 문제에서 워밍업이 하는 일은 처음 몇십 스텝의 큰 걸음을 막는 것입니다. 그 몇십 스텝이 지나면 Adam의 2차 모멘트 추정이 "
        "자리를 잡아 더 늘려도 얻는 것이 없고, 너무 길면 높은 학습률로 학습할 시간이 줄어듭니다. 경험칙 2/(1 − β₂) = 2000스텝은 "
        "학습 전체(600스텝)보다 길어 여기서는 쓸 수 없습니다."
    ),
)
