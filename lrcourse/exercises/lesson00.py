"""00 시작하기: 연습 문제 쓰는 법을 익히는 몸풀기 문제 (스텝과 에포크)."""

from __future__ import annotations

import math

from . import Exercise, expect_function, expect_value, progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "00"
TITLE = "시작하기"


def _steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)


q1 = Exercise(
    LESSON,
    "q1",
    "샘플 1,000개, 배치 크기 32일 때 한 에포크의 스텝 수",
    checker=expect_value(32, name="한 에포크의 스텝 수", mistakes=[(31, "내림(1000 // 32)을 했나요? 마지막의 작은 배치(8개)도 한 스텝입니다."), (31.25, "스텝 수는 정수입니다: 나눗셈 결과를 올림하세요.")]),
    hint="마지막 배치는 32개보다 적어도 한 번의 업데이트(스텝)입니다. 1000 / 32 = 31.25를 올림합니다.",
    solution="answer = math.ceil(1000 / 32)  # 32: 배치 31개는 꽉 차고, 마지막 배치에 8개가 남습니다",
    explanation="마지막 배치(8개)도 한 스텝이므로 31이 아니라 32입니다.",
)

q2 = Exercise(
    LESSON,
    "q2",
    "steps_per_epoch(n_samples, batch_size, drop_last=False) 함수",
    checker=expect_function(
        _steps_per_epoch,
        [
            (1000, 100),  # 나누어떨어짐: 10
            (1000, 32),  # 남는 샘플 8개: 32 (버림 31이면 틀림)
            (5, 10),  # 배치 하나보다 작은 데이터: 1
            ((1000, 32), {"drop_last": True}),  # 남는 배치를 버리면 31
            ((5, 10), {"drop_last": True}),  # 꽉 찬 배치가 없으면 0
        ],
        arg_names=["n_samples", "batch_size"],
    ),
    hint="drop_last=False이면 올림(math.ceil), drop_last=True이면 내림(//)입니다. 결과는 정수여야 합니다.",
    solution='''\
def steps_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return n_samples // batch_size          # 꽉 차지 않은 마지막 배치는 버립니다
    return math.ceil(n_samples / batch_size)    # 마지막의 작은 배치도 한 스텝입니다''',
)

q3 = Exercise(
    LESSON,
    "q3",
    "에포크당 32스텝으로 10에포크 학습할 때 마지막 스텝의 번호",
    checker=expect_value(319, name="마지막 스텝 번호", mistakes=[(320, "320은 스텝의 개수입니다. 번호는 0부터 셉니다.")]),
    hint="스텝 번호는 0부터 셉니다. 모두 몇 스텝인지 먼저 세고, 마지막 번호는 그보다 하나 작습니다.",
    solution="answer = 10 * 32 - 1  # 319: 스텝 0, 1, …, 319로 모두 320스텝",
    explanation="이 강좌의 스케줄은 스텝 0부터 셉니다: schedule(0)이 첫 업데이트의 학습률입니다.",
)
