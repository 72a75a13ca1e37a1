"""02 스텝 감쇠: 스텝 감쇠와 마일스톤 감쇠를 직접 쓰기, 에포크 단위 스케줄 읽기, 흔한 PyTorch 실수."""

from __future__ import annotations

from .. import schedules as _schedules
from ._exercise import Exercise, Prediction
from ._grading import expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "02"
TITLE = "스텝 감쇠"


# ---------------------------------------------------------------------------
# q1: 스텝 감쇠 함수
# ---------------------------------------------------------------------------


def _step_decay(t, lr, step_size, gamma):
    return _schedules.step_decay(lr, step_size, gamma)(t)


q1 = Exercise(
    LESSON,
    "q1",
    "my_step_decay(t, lr, step_size, gamma): step_size 스텝마다 gamma를 곱하는 스텝 감쇠",
    checker=expect_function(
        _step_decay,
        [
            (0, 0.1, 30, 0.1),  # 시작: lr 그대로
            (1, 0.1, 30, 0.1),  # 올림(ceil)을 쓰면 여기서 벌써 떨어짐
            (29, 0.1, 30, 0.1),  # 첫 감쇠 바로 앞: 아직 0.1
            (30, 0.1, 30, 0.1),  # 첫 감쇠: 0.01
            (59, 0.1, 30, 0.1),
            (60, 0.1, 30, 0.1),  # 두 번째 감쇠: 0.001
            (7, 1.0, 3, 0.5),  # 다른 매개변수: 0.5^2
            (100, 0.2, 25, 0.5),  # 정확히 네 번째 감쇠
        ],
        arg_names=["t", "lr", "step_size", "gamma"],
        mistakes=[
            (lambda t, lr, step_size, gamma: lr * gamma ** ((t + 1) // step_size),
             "한 스텝 일찍 떨어졌습니다. 스텝은 0부터 세므로 t = step_size에서 처음 떨어집니다."),
            (lambda t, lr, step_size, gamma: lr * gamma ** -(-t // step_size),
             "올림을 쓰면 스텝 1부터 벌써 떨어집니다. 내림 나눗셈(//)을 쓰세요."),
            (lambda t, lr, step_size, gamma: lr * gamma ** (t / step_size),
             "내림(//)을 빠뜨리면 계단이 아니라 매끄러운 지수 감쇠가 됩니다."),
            (lambda t, lr, step_size, gamma: lr * gamma ** (t // step_size + 1),
             "스텝 0에서 이미 한 번 떨어졌습니다. 스텝 0의 학습률은 lr 그대로입니다."),
            (lambda t, lr, step_size, gamma: lr * gamma * (t // step_size) if t >= step_size else lr,
             "gamma를 떨어진 횟수만큼 '곱하지' 않고 횟수를 곱했습니다. 거듭제곱(**)을 쓰세요."),
        ],
    ),
    hint=(
        "step_size=30이면 t = 0, 29, 30, 59, 60에서 학습률이 각각 몇 번 떨어졌는지 표로 적어 보세요. 그 횟수를 t로 나타내면 됩니다.",
        "떨어진 횟수는 t // step_size(내림 나눗셈)이고, 학습률은 lr에 gamma를 그 횟수만큼 곱한 값입니다.",
    ),
    solution='''\
def my_step_decay(t, lr, step_size, gamma):
    drops = t // step_size          # 지금까지 떨어진 횟수 (t = step_size에서 처음 1)
    return lr * gamma ** drops''',
    explanation="t = step_size에서 처음 떨어진다는 점(스텝 0부터 셈)이 PyTorch StepLR과 같습니다.",
)


# ---------------------------------------------------------------------------
# q2: 마일스톤 감쇠 함수
# ---------------------------------------------------------------------------


def _multistep_decay(t, lr, milestones, gamma):
    return _schedules.multistep_decay(lr, milestones, gamma)(t)


q2 = Exercise(
    LESSON,
    "q2",
    "my_multistep_decay(t, lr, milestones, gamma): 마일스톤마다 gamma를 곱하는 감쇠",
    checker=expect_function(
        _multistep_decay,
        [
            (0, 0.1, [30, 80], 0.1),
            (29, 0.1, [30, 80], 0.1),
            (30, 0.1, [30, 80], 0.1),  # 마일스톤 당일에 떨어짐 (t >= 30)
            (60, 0.1, [30, 80], 0.1),  # 간격이 일정하지 않음: 60은 감쇠 시점이 아님
            (80, 0.1, [30, 80], 0.1),
            (500, 0.1, [30, 80], 0.1),  # 마지막 마일스톤 뒤로는 일정
            (5, 1.0, [5], 0.5),
        ],
        arg_names=["t", "lr", "milestones", "gamma"],
        mistakes=[
            (lambda t, lr, milestones, gamma: lr * gamma ** sum(m < t for m in milestones),
             "마일스톤 당일(t == 마일스톤)에 이미 떨어져야 합니다 (PyTorch MultiStepLR과 같음)."),
            (lambda t, lr, milestones, gamma: lr * gamma ** (t // milestones[0]),
             "마일스톤은 주기가 아닙니다: 간격이 일정하지 않을 수 있습니다."),
        ],
    ),
    hint=(
        "스텝 t까지 이미 지난 마일스톤이 몇 개인지가 떨어진 횟수입니다. 마일스톤 당일(t == 마일스톤)은 어느 쪽일까요?",
        "t 이하인 마일스톤의 개수를 셉니다(예: sum(m <= t for m in milestones)). 학습률은 lr에 gamma를 그 횟수만큼 곱한 값입니다.",
    ),
    solution='''\
def my_multistep_decay(t, lr, milestones, gamma):
    drops = sum(1 for m in milestones if m <= t)   # 이미 지난(또는 오늘인) 마일스톤의 수
    return lr * gamma ** drops''',
)


# ---------------------------------------------------------------------------
# q3: 에포크 단위 스케줄 읽기
# ---------------------------------------------------------------------------

_Q3_SCHEDULE = _schedules.by_epoch(_schedules.step_decay(0.1, step_size=30, gamma=0.1), steps_per_epoch=100)

q3 = Exercise(
    LESSON,
    "q3",
    "by_epoch(step_decay(0.1, 30), steps_per_epoch=100)의 스텝 7450에서의 학습률",
    checker=expect_value(
        _Q3_SCHEDULE(7450),
        name="스텝 7450의 학습률",
        mistakes=[
            (0.1 * 0.1 ** (7450 // 30), "스텝을 에포크로 착각했습니다: 감쇠는 30'에포크'마다입니다. 스텝을 먼저 에포크로 바꾸세요."),
            (0.1 * 0.1 ** (74.5 / 30), "지수를 내림하지 않았습니다. 스텝 감쇠는 계단이라 떨어진 횟수는 정수입니다."),
            (0.0001, "감쇠를 한 번 더 셌습니다. 그 에포크까지 30에포크 경계를 몇 번 지났는지 다시 세어 보세요."),
            (0.01, "감쇠를 한 번 덜 셌습니다. 그 에포크까지 30에포크 경계를 몇 번 지났는지 다시 세어 보세요."),
            (0.1, "한 번도 줄이지 않았습니다. 스텝 7450은 몇 번째 에포크인가요?"),
        ],
    ),
    hint=(
        "스케줄은 에포크 번호로 계산합니다. 스텝 7450은 몇 번째 에포크인가요?",
        "에포크 = 7450 // 100입니다. 그 에포크까지 30에포크마다 한 번씩 떨어졌으므로 떨어진 횟수는 에포크 // 30이고, 학습률은 0.1에 0.1을 그 횟수만큼 곱한 값입니다.",
    ),
    solution='''\
epoch = 7450 // 100                 # 에포크 74
answer = 0.1 * 0.1 ** (epoch // 30) # 감쇠 두 번(에포크 30, 60) → 0.001''',
)


# ---------------------------------------------------------------------------
# q4: PyTorch StepLR을 배치마다 step()하는 실수
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON,
    "q4",
    "StepLR(step_size=30)을 실수로 배치마다 step()했을 때, 에포크 1이 끝난 뒤(step() 100번)의 학습률",
    checker=expect_value(
        _schedules.step_decay(0.1, step_size=30, gamma=0.1)(100),
        name="step() 100번 뒤의 학습률",
        mistakes=[
            (0.1, "에포크마다 step()했다면 맞는 값이지만, 여기서는 배치마다 100번 불렀습니다."),
            (0.01, "한 번만 떨어뜨렸습니다. step()을 100번 부르는 동안 30의 배수를 몇 번 지나는지 세어 보세요."),
            (0.001, "감쇠를 한 번 덜 셌습니다. step()을 100번 부르는 동안 30의 배수를 몇 번 지나는지 세어 보세요."),
            (0.1 * 0.1 ** (100 / 30), "지수를 내림하지 않았습니다. StepLR은 계단이라 떨어진 횟수는 정수입니다."),
        ],
    ),
    hint=(
        "StepLR은 에포크를 모릅니다. 자기 step()이 몇 번 불렸는지만 셉니다.",
        "step_size=30이면 step() 호출 횟수가 30의 배수에 닿을 때마다 한 번 떨어집니다. 100번 부르는 동안 몇 번 떨어지는지 세어 0.1에 0.1을 그만큼 곱합니다.",
    ),
    solution='''\
answer = 0.1 * 0.1 ** (100 // 30)   # 1e-4: 첫 에포크가 끝나기도 전에 세 번 떨어졌습니다
# 그래서 학습이 시작하자마자 멈춘 것처럼 보입니다. 에포크 단위 스케줄은 에포크마다 step()하거나,
# lrcourse에서는 by_epoch(...)으로 감싸 스텝 단위로 바꿉니다.''',
    explanation="에포크 단위 스케줄러를 배치마다 step()하면 학습률이 steps_per_epoch배 빨리 떨어집니다. 흔하고 찾기 어려운 버그입니다.",
)


# ---------------------------------------------------------------------------
# p1: 원문 설정에서 학습률을 줄이는 순간 (4.1절)
# ---------------------------------------------------------------------------


def _drop_effect(loss_before, loss_after):
    """감쇠 직전 에포크와 직후 에포크의 평균 학습 손실 → 선택지."""
    ratio = loss_after / loss_before
    if ratio < 0.9:
        return "a"
    return "c" if ratio > 1.1 else "b"


p1 = Prediction(
    LESSON,
    "p1",
    "원문 설정(0.1에서 시작, 30에포크마다 ÷10): 에포크 30에서 학습률을 줄이는 순간 에포크 평균 학습 손실은?",
    choices={
        "a": "뚝 떨어진다 (한 에포크 만에 10% 넘게)",
        "b": "거의 그대로다 (10% 안쪽의 변화)",
        "c": "올라간다 (10% 넘게)",
    },
    outcome=_drop_effect,
    why=(
        "학습률 0.1은 이 문제에서 아직 손실이 한창 내려가는 중의 학습률이었습니다. 줄여서 덜어 낼 흔들림(잡음 바닥)이 없으므로 "
        "손실이 뚝 떨어지지 않고, 그 뒤로는 더 천천히 내려갑니다. 감쇠가 빛나는 것은 큰 학습률로 바닥 근처에서 흔들릴 때입니다(4.2)."
    ),
)
