"""02 스텝 감쇠: 스텝 감쇠와 마일스톤 감쇠를 직접 쓰기, 에포크 단위 스케줄 읽기, 흔한 PyTorch 실수."""

from __future__ import annotations

from .. import schedules as _schedules
from . import Exercise, expect_function, expect_value, progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

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
        ],
    ),
    hint="지금까지 몇 번 떨어졌는지는 t // step_size(내림 나눗셈)입니다. 학습률은 lr · gamma ** (떨어진 횟수).",
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
    hint="t 이하인 마일스톤이 몇 개인지 세면 그것이 떨어진 횟수입니다: sum(m <= t for m in milestones).",
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
            (0.1 * 0.1 ** (7450 // 30), "스텝을 에포크로 착각했습니다: 감쇠는 30'에포크'마다입니다."),
            (0.0001, "에포크 74에서는 감쇠가 두 번(30, 60) 일어났습니다."),
            (0.01, "에포크 74는 두 번째 감쇠(에포크 60) 뒤입니다."),
        ],
    ),
    hint="먼저 스텝을 에포크로 바꿉니다: 7450 // 100. 그다음 그 에포크에서 30에포크 감쇠가 몇 번 일어났는지 셉니다.",
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
            (0.01, "step()을 100번 부르면 30, 60, 90번째에서 세 번 떨어집니다."),
        ],
    ),
    hint="StepLR은 자기 step()이 불린 횟수만 셉니다. step_size=30이면 30, 60, 90번째 호출에서 떨어집니다.",
    solution='''\
answer = 0.1 * 0.1 ** (100 // 30)   # 1e-4: 첫 에포크가 끝나기도 전에 세 번 떨어졌습니다
# 그래서 학습이 시작하자마자 멈춘 것처럼 보입니다. 에포크 단위 스케줄은 에포크마다 step()하거나,
# lrcourse에서는 by_epoch(...)으로 감싸 스텝 단위로 바꿉니다.''',
    explanation="에포크 단위 스케줄러를 배치마다 step()하면 학습률이 steps_per_epoch배 빨리 떨어집니다. 흔하고 찾기 어려운 버그입니다.",
)
