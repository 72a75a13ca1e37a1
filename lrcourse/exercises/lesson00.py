"""00 시작하기: 채점기 쓰는 법을 보여 주는 연습용 문제(demo)와 몸풀기 문제 (스텝과 에포크)."""

from __future__ import annotations

import math

from ._exercise import Exercise, Prediction
from ._grading import expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "00"
TITLE = "시작하기"


def _steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)


# 연습용: 채점기가 어떻게 답하는지 보여 주는 문제. 진행 기록에 세지 않습니다.
demo = Exercise(
    LESSON,
    "demo",
    "(연습용) 샘플 1,000개, 배치 크기 100일 때 한 에포크의 스텝 수",
    checker=expect_value(
        10, integer=True, name="한 에포크의 스텝 수",
        mistakes=[(100, "배치 크기를 답했습니다. 묻는 것은 배치가 몇 개인지(스텝 수)입니다.")],
    ),
    hint=(
        "한 스텝에 배치 하나(샘플 100개)를 씁니다. 1,000개를 다 쓰려면 배치가 몇 개 필요할까요?",
        "샘플 수를 배치 크기로 나눕니다. 나누어떨어지므로 남는 샘플이 없습니다. 정수 나눗셈 //는 정수(int)를 돌려줍니다.",
    ),
    solution="answer = 1000 // 100  # 10: 나누어떨어지므로 남는 배치가 없습니다",
)

q1 = Exercise(
    LESSON,
    "q1",
    "샘플 1,000개, 배치 크기 64일 때 한 에포크의 스텝 수 (마지막 작은 배치도 씀)",
    checker=expect_value(
        16, integer=True, name="한 에포크의 스텝 수",
        mistakes=[
            (15, "내림(1000 // 64)을 했나요? 마지막의 작은 배치(40개)도 버리지 않으므로 한 스텝입니다."),
            (64, "배치 크기를 답했습니다. 묻는 것은 배치가 몇 개인지(스텝 수)입니다."),
        ],
    ),
    hint=(
        "1,000은 64로 나누어떨어지지 않습니다. 꽉 찬 배치를 다 쓰고 남은 샘플은 어떻게 되나요?",
        "남은 샘플도 버리지 않으므로 작은 배치 하나로 한 스텝입니다. 나눗셈 결과를 올림(math.ceil)하면 됩니다. 내림(//)은 남은 샘플을 버릴 때의 답입니다.",
    ),
    solution="answer = math.ceil(1000 / 64)  # 16: 배치 15개는 꽉 차고, 마지막 배치에 40개가 남습니다",
    explanation="마지막 배치(40개)도 한 스텝이므로 내림이 아니라 올림입니다.",
)


def _round_half_up(n, b, drop_last=False):  # 흔한 오답: round(x + 0.5)는 올림이 아님
    return n // b if drop_last else round(n / b + 0.5)


q2 = Exercise(
    LESSON,
    "q2",
    "steps_per_epoch(n_samples, batch_size, drop_last=False) 함수",
    checker=expect_function(
        _steps_per_epoch,
        [
            (1000, 100),  # 나누어떨어짐: 10 (n // b + 1이면 11로 틀림)
            (1100, 100),  # 나누어떨어짐: 11 (round(11 + 0.5) = 12로 틀림)
            (1000, 32),  # 남는 샘플 8개: 32 (내림이면 31로 틀림)
            (7, 2),  # 홀수 개: 4
            (5, 10),  # 배치 하나보다 작은 데이터: 1
            ((1000, 32), {"drop_last": True}),  # 남는 배치를 버리면 31 (drop_last를 무시하면 32로 틀림)
            ((7, 2), {"drop_last": True}),  # 3
            ((5, 10), {"drop_last": True}),  # 꽉 찬 배치가 없으면 0
            ((1000, 100), {"drop_last": True}),  # 나누어떨어지면 버릴 것이 없음: 10 (올림 − 1이면 9로 틀림)
        ],
        arg_names=["n_samples", "batch_size"],
        integer=True,
        mistakes=[
            (lambda n, b, drop_last=False: n // b,
             "언제나 내림했습니다. drop_last=False이면 마지막의 작은 배치도 한 스텝입니다."),
            (lambda n, b, drop_last=False: math.ceil(n / b),
             "drop_last=True일 때도 올림했습니다. 그때는 꽉 차지 않은 마지막 배치를 버립니다."),
            (_round_half_up,
             "round(x + 0.5)는 올림이 아닙니다. 파이썬의 round는 .5를 짝수 쪽으로 반올림하므로, 나누어떨어질 때 하나 많아지기도 합니다. math.ceil을 쓰세요."),
            (lambda n, b, drop_last=False: n // b if drop_last else n // b + 1,
             "나누어떨어질 때 하나 많습니다: 남는 샘플이 없으면 작은 배치도 없습니다."),
            (lambda n, b, drop_last=False: math.ceil(n / b) - 1 if drop_last else math.ceil(n / b),
             "drop_last=True일 때 올림에서 하나를 뺐습니다. 나누어떨어지면 버릴 배치가 없는데도 하나가 빠집니다."),
        ],
    ),
    hint=(
        "문제 1을 일반화합니다. drop_last가 마지막의 작은 배치를 쓰는지 버리는지에 따라 두 경우로 나눕니다. 나누어떨어질 때, 남을 때, 배치 하나보다 적을 때를 손으로 세어 보세요.",
        "drop_last=False이면 올림(math.ceil), True이면 정수 나눗셈(//)입니다. 둘 다 정수(int)를 돌려주어야 합니다. round(… + 0.5) 같은 꼼수는 나누어떨어질 때 틀립니다.",
    ),
    solution='''\
def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size          # 꽉 차지 않은 마지막 배치는 버립니다
    return math.ceil(n_samples / batch_size)    # 마지막의 작은 배치도 한 스텝입니다''',
)

q3 = Exercise(
    LESSON,
    "q3",
    "에포크당 16스텝으로 10에포크 학습할 때 마지막 스텝의 번호 (0부터 셈)",
    checker=expect_value(
        159, integer=True, name="마지막 스텝 번호",
        mistakes=[
            (160, "스텝의 개수를 답했습니다. 번호는 0부터 셉니다."),
            (150, "한 에포크만큼 모자랍니다. 10번째 에포크의 마지막 스텝까지 셉니다."),
            (144, "마지막 에포크의 첫 스텝 번호입니다. 그 에포크의 마지막 스텝을 묻습니다."),
        ],
    ),
    hint=(
        "스텝이 3개라면 번호는 0, 1, 2입니다. 마지막 번호와 개수는 어떤 관계인가요?",
        "먼저 모두 몇 스텝인지(에포크 수 × 에포크당 스텝 수) 셉니다. 번호가 0부터 시작하므로 마지막 번호는 개수보다 하나 작습니다.",
    ),
    solution="answer = 10 * 16 - 1  # 159: 스텝 0, 1, …, 159로 모두 160스텝",
    explanation="이 강좌의 스케줄은 스텝 0부터 셉니다: schedule(0)이 첫 업데이트의 학습률입니다.",
)


def _halving(steps_small_batch, steps_large_batch):
    half = steps_small_batch / 2
    if steps_large_batch == half:
        return "a"
    return "b" if steps_large_batch > half else "c"


p1 = Prediction(
    LESSON,
    "p1",
    "샘플 1,438개에서 배치를 64에서 128로 두 배로 하면 (마지막 작은 배치도 씀) 한 에포크의 스텝 수는?",
    choices={"a": "정확히 절반이 된다", "b": "절반보다 조금 많다", "c": "절반보다 조금 적다"},
    outcome=_halving,
    why=(
        "마지막의 작은 배치도 한 스텝이라 스텝 수는 올림한 값입니다. 배치 64의 스텝 수는 홀수라서 절반이 정수가 아니고, "
        "배치 128의 스텝 수는 그 절반을 올림한 만큼입니다. 나누어떨어질 때만 정확히 절반이 됩니다."
    ),
)
