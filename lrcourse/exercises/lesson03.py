"""03 지수 감쇠: 목표 학습률에 닿는 gamma, 에포크 단위 gamma의 스텝 단위 환산, 지수 감쇠 함수, 스텝 감쇠와의 비교."""

from __future__ import annotations

from ._exercise import Exercise, Prediction
from ._grading import expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "03"
TITLE = "지수 감쇠"


# ---------------------------------------------------------------------------
# q1: 목표 학습률에 닿는 gamma
# ---------------------------------------------------------------------------


def _gamma_for_target(lr, target_lr, steps):
    return (target_lr / lr) ** (1.0 / steps)


_Q1_CASES = [
    (0.1, 0.001, 100),  # 100스텝에 100분의 1: 0.01^(1/100) ≈ 0.95499
    (1.0, 0.5, 1),  # 한 스텝에 절반: gamma = 0.5 그 자체
    (0.1, 0.1, 50),  # 목표가 시작 값과 같으면 줄이지 않음: gamma = 1
    (0.3, 3e-5, 2500),  # 네 자릿수를 2,500스텝에 걸쳐: 1보다 아주 조금 작은 값
]

q1 = Exercise(
    LESSON,
    "q1",
    "gamma_for_target(lr, target_lr, steps): 스텝 steps에서 정확히 target_lr이 되는 gamma",
    checker=expect_function(
        _gamma_for_target, _Q1_CASES, arg_names=["lr", "target_lr", "steps"],
        mistakes=[
            (
                lambda lr, tg, n: (tg / lr) ** n,
                "(target_lr/lr)을 steps제곱했습니다. gamma^steps = target_lr/lr이므로 거꾸로 steps제곱근(1/steps 제곱)을 해야 합니다.",
            ),
            (
                lambda lr, tg, n: (lr / tg) ** (1.0 / n),
                "비율을 거꾸로(lr/target_lr) 넣어 gamma가 1보다 커졌습니다. 감쇠라면 gamma < 1입니다.",
            ),
            (
                lambda lr, tg, n: (tg / lr) / n,
                "비율을 steps로 나누었습니다. 곱셈이 steps번 거듭되므로 나눗셈이 아니라 거듭제곱근입니다.",
            ),
            (
                lambda lr, tg, n: (tg / lr) ** (1.0 / (n - 1)),
                "steps − 1제곱근을 썼습니다. 이 문제에서는 스텝 0에서 lr이고 스텝 steps에서 target_lr입니다: "
                "그 사이에 gamma를 정확히 steps번 곱합니다.",
            ),
            (
                lambda lr, tg, n: 1 - (1 - tg / lr) / n,
                "한 스텝에 줄어드는 양을 선형으로 나누었습니다. 지수 감쇠는 같은 '비율'로 줄어듭니다.",
            ),
        ],
    ),
    hint=(
        "스텝 0에서 스텝 steps까지 gamma를 몇 번 곱하나요? 그 결과가 target_lr이 되는 식을 세워 보세요.",
        "lr · gamma^steps = target_lr을 gamma에 대해 풉니다: 양변을 lr로 나누고, 양변에 1/steps 제곱을 합니다.",
    ),
    solution='''\
def gamma_for_target(lr, target_lr, steps):
    # lr · gamma^steps = target_lr  →  gamma = (target_lr / lr)^(1/steps)
    return (target_lr / lr) ** (1 / steps)''',
    explanation="예를 들어 0.1에서 1,000스텝 뒤 0.001이 되려면 gamma = 0.01^(1/1000) ≈ 0.99540입니다.",
)


# ---------------------------------------------------------------------------
# q2: 에포크 단위 gamma를 스텝 단위로
# ---------------------------------------------------------------------------

_Q2_ANSWER = 0.9 ** (1 / 45)

q2 = Exercise(
    LESSON,
    "q2",
    "에포크마다 0.9를 곱하는 감쇠를, 에포크당 45스텝인 학습에서 매 스텝 부드럽게: 스텝당 gamma",
    checker=expect_value(
        _Q2_ANSWER, decimals=4, name="스텝당 gamma 값",
        mistakes=[
            (
                0.9,
                "에포크 단위 gamma를 그대로 스텝마다 쓰면 한 에포크에 0.9^45 ≈ 0.0087배가 됩니다. "
                "ExponentialLR(gamma=0.9)를 배치마다 step()할 때 생기는 바로 그 실수입니다.",
            ),
            (0.9**45, "0.9를 45제곱했습니다. 45스텝 동안 곱한 결과가 0.9가 되어야 하므로 거꾸로 풀어야 합니다."),
            (0.9 / 45, "0.9를 45로 나누었습니다. 곱셈을 45번 거듭하는 것이므로 나눗셈이 아니라 거듭제곱근입니다."),
            (
                1 - 0.1 / 45,
                "줄어드는 10%를 45로 나눈 선형 근사입니다. 비슷하지만 45스텝 뒤 정확히 0.9가 되지 않습니다.",
            ),
        ],
    ),
    hint=(
        "스텝당 gamma를 한 에포크(45스텝) 동안 몇 번 곱하나요? 그 결과가 에포크당 0.9여야 합니다.",
        "gamma^45 = 0.9를 gamma에 대해 풉니다: 45제곱근, 곧 1/45 제곱입니다. 소수 넷째 자리까지 반올림해 적거나 식을 그대로 넣으세요.",
    ),
    solution="answer = 0.9 ** (1 / 45)  # ≈ 0.997661 (소수 넷째 자리까지 0.9977). exponential_decay(lr, 0.9, decay_steps=45)와 같은 곡선입니다",
    explanation="exponential_decay(lr, gamma=0.9, decay_steps=45)는 이 gamma를 스텝마다 쓰는 것과 같은 곡선입니다.",
)


# ---------------------------------------------------------------------------
# q3: 지수 감쇠 함수 (decay_steps, staircase 포함)
# ---------------------------------------------------------------------------


def _exponential_lr(t, lr, gamma, decay_steps=1, staircase=False):
    exponent = t // decay_steps if staircase else t / decay_steps
    return lr * gamma**exponent


_Q3_CASES = [
    (0, 0.1, 0.9),  # 스텝 0은 언제나 lr 그대로
    (3, 0.1, 0.5),  # 0.1 · 0.5³
    ((25, 0.1, 0.5), {"decay_steps": 10}),  # 부드러운 곡선: 0.5^2.5
    ((25, 0.1, 0.5), {"decay_steps": 10, "staircase": True}),  # 계단: 0.5^2
    ((9, 0.2, 0.1), {"decay_steps": 10, "staircase": True}),  # 첫 계단 직전은 아직 lr
    ((10, 0.2, 0.1), {"decay_steps": 10, "staircase": True}),  # 스텝 10에서 첫 계단
    ((1000, 0.1, 0.99), {"decay_steps": 1, "staircase": True}),  # decay_steps=1이면 staircase여도 같은 곡선
]

q3 = Exercise(
    LESSON,
    "q3",
    "exponential_lr(t, lr, gamma, decay_steps=1, staircase=False) 함수",
    checker=expect_function(
        _exponential_lr, _Q3_CASES, arg_names=["t", "lr", "gamma"],
        mistakes=[
            (
                lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t / decay_steps),
                "staircase=True일 때도 부드러운 곡선을 냈습니다. 계단식이면 지수를 내림(t // decay_steps)해야 합니다.",
            ),
            (
                lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t // decay_steps),
                "staircase=False일 때도 지수를 내림했습니다. 기본값은 부드러운 곡선 t / decay_steps입니다.",
            ),
            (
                lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t * decay_steps),
                "t에 decay_steps를 곱했습니다. decay_steps 스텝마다 gamma를 한 번 곱하므로 t를 decay_steps로 나눕니다.",
            ),
            (
                lambda t, lr, g, decay_steps=1, staircase=False: lr * g ** (t + 1),
                "스텝 0에서 이미 gamma를 한 번 곱했습니다. 스텝 0의 학습률은 lr 그대로여야 합니다.",
            ),
        ],
    ),
    hint=(
        "decay_steps 스텝마다 gamma를 한 번 곱합니다. 스텝 t까지 gamma를 몇 번 곱했는지(지수)를 staircase에 따라 두 가지로 구합니다.",
        "지수는 staircase이면 t // decay_steps(정수, 계단), 아니면 t / decay_steps(실수, 매끄러움)입니다. 결과는 lr · gamma^지수입니다.",
    ),
    solution='''\
def exponential_lr(t, lr, gamma, decay_steps=1, staircase=False):
    exponent = t // decay_steps if staircase else t / decay_steps
    return lr * gamma ** exponent''',
    explanation="staircase=True이면 step_decay(lr, step_size=decay_steps, gamma)와 같은 계단이 됩니다.",
)


# ---------------------------------------------------------------------------
# q4: 스텝 감쇠보다 언제나 아래에 있는 가장 큰 gamma
# ---------------------------------------------------------------------------

_Q4_ANSWER = 0.1 ** (1 / 30)

q4 = Exercise(
    LESSON,
    "q4",
    "step_decay(lr, step_size=30, gamma=0.1)보다 어느 스텝에서도 높지 않은 지수 감쇠의 가장 큰 gamma",
    checker=expect_value(
        _Q4_ANSWER, decimals=4, name="gamma 값",
        mistakes=[
            (0.1, "0.1은 스텝 감쇠의 gamma입니다. 지수 감쇠는 매 스텝 곱하므로 30스텝 동안 곱한 값이 0.1 이하여야 합니다."),
            (0.1**30, "0.1을 30제곱했습니다. 30스텝 동안 곱한 결과가 0.1이어야 하므로 거꾸로 풀어야 합니다."),
            (
                1 - 0.9 / 30,
                "줄어드는 90%를 30으로 나눈 선형 근사입니다. 0.97^30 ≈ 0.40이라 30스텝 동안 0.1배까지 줄지 못하고, "
                "스텝 30부터 스텝 감쇠보다 위에 있게 됩니다.",
            ),
            (0.1 / 30, "0.1을 30으로 나누었습니다. 곱셈을 30번 거듭하므로 나눗셈이 아니라 거듭제곱근입니다."),
        ],
    ),
    hint=(
        "스텝 감쇠가 처음 떨어지는 스텝 30을 보세요. 그 스텝에서 지수 감쇠가 스텝 감쇠보다 높지 않으려면 어떤 식이 성립해야 할까요?",
        "스텝 30, 60, 90, …에서 lr · γ^30 ≤ lr · 0.1이면 어디서도 높지 않습니다(7절의 증명). 등호일 때 γ가 가장 크므로 γ^30 = 0.1을 풉니다. "
        "소수 넷째 자리까지 반올림해 적거나 식을 그대로 넣으세요.",
    ),
    solution="answer = 0.1 ** (1 / 30)  # ≈ 0.926119 (소수 넷째 자리까지 0.9261). 이보다 크면 스텝 30에서 스텝 감쇠보다 위로 올라갑니다",
    explanation=(
        "이 γ에서 두 곡선은 스텝 0, 30, 60, …에서 만나고 그 사이에서는 지수 감쇠가 낮습니다. γ가 이보다 조금이라도 크면 "
        "γ^30 > 0.1이라 계단이 떨어지는 스텝 30, 60, 90, …마다 지수 감쇠가 스텝 감쇠보다 높습니다. "
        "각 계단 구간의 뒤쪽에서는 여전히 낮을 수 있지만(예: γ = 0.93이면 스텝 45에서 0.038배 대 0.1배), 어느 스텝에서도 높지 않다는 조건은 깨집니다."
    ),
)


# ---------------------------------------------------------------------------
# p1: 네 가지 감쇠 속도 가운데 가장 낮은 검증 손실 (6절)
# ---------------------------------------------------------------------------

def _lowest(*val_losses):
    """선택지 a, b, c, d 순서의 검증 손실 → 가장 낮은 선택지."""
    return "abcd"[min(range(len(val_losses)), key=lambda i: val_losses[i])]


p1 = Prediction(
    LESSON,
    "p1",
    "학습률 0.5에서 시작하는 네 스케줄로 660스텝 학습: 검증 손실(시드 5개 평균)이 가장 낮은 것은?",
    choices={
        "a": "상수 0.5 (줄이지 않음)",
        "b": "에포크마다 ×0.9",
        "c": "스텝마다 ×0.99",
        "d": "스텝마다 ×0.9",
    },
    outcome=_lowest,
    why=(
        "이 문제에서 학습률 0.5는 끝까지 써도 불안정하지 않을 만큼 작습니다. 그러면 학습률의 합(이동 예산)이 가장 큰 "
        "상수 0.5가 가장 멀리 가고, 줄이는 스케줄은 빨리 줄일수록 예산이 작아 덜 배웁니다. 감쇠는 큰 학습률이 남기는 "
        "잡음을 줄이려고 하는 것이라, 그 잡음이 문제가 아닐 때는 이득이 없습니다."
    ),
)
