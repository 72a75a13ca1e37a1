"""연습 문제 채점기와 예측해 보기.

노트북에서는 이렇게 씁니다::

    from lrcourse.exercises import lesson02 as ex

    def my_step_decay(t, lr, step_size, gamma):
        ...
    ex.q1.check(my_step_decay)   # 정답이면 축하, 틀리면 어느 입력에서 무엇이 틀렸는지 (정답은 말하지 않음)
    ex.q1.hint()                 # 힌트 1단계: 방향
    ex.q1.hint(2)                # 힌트 2단계: 방법
    ex.q1.solution()             # 모범 답안 (정답은 여기서만)
    ex.p1.predict("b")           # 실험 전에 예측 적기
    ex.p1.compare(...)           # 실험 뒤에 결과와 견주기
    ex.progress()                # 강좌 전체에서 푼 문제

채점 결과는 셋 중 하나입니다.

- **정답**: 축하 메시지를 보이고, 진행 기록 파일에 그 문제를 푼 것으로 적습니다.
- **오답**: 어느 입력에서 무엇을 받았고, 그것이 어떻게 틀렸는지(너무 큼·작음, 자릿수, 형, 흔한 실수)를
  말합니다. 정답 값은 말하지 않습니다.
- **아직 풀지 않음**: 답이 ``...``이나 ``None``이거나, 함수가 ``NotImplementedError``를 내면
  "아직 풀지 않았습니다"라고만 말합니다. 채점은 결코 예외를 밖으로 내보내지 않습니다.

진행 기록은 ``~/.lrcourse_progress.json``(환경 변수 ``LRCOURSE_PROGRESS_FILE``로 바꿈)에 둡니다.

문제 모듈(``lesson01.py`` 등)을 쓰는 방법: 모듈 맨 위에 ``LESSON = "02"``와 ``TITLE = "…"``를
두고, :class:`Exercise`를 ``q1``, ``q2``, … 이름으로, :class:`Prediction`을 ``p1``, … 이름으로 만듭니다.
채점 함수는 :func:`expect_value`, :func:`expect_function`, :func:`expect_choice`, :func:`expect_choices`로
만들거나, 답을 받아 틀리면 :class:`Wrong`을 내는 함수를 직접 씁니다. 문제 모듈은 가볍게 유지합니다
(torch를 모듈 수준에서 불러오지 않음): :func:`progress`가 모든 문제 모듈을 불러오기 때문입니다.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from . import _progress
from ._exercise import Exercise, Prediction, Result
from ._grading import UNSOLVED, Wrong, expect_choice, expect_choices, expect_function, expect_value, fmt
from ._progress import progress, progress_file, reset_progress, solved

__all__ = [
    "UNSOLVED",
    "Wrong",
    "Result",
    "Exercise",
    "Prediction",
    "expect_value",
    "expect_function",
    "expect_choice",
    "expect_choices",
    "progress",
    "solved",
    "reset_progress",
    "progress_file",
    "lessons",
    "fmt",
]


def lessons() -> list[tuple[str, str, list[Exercise]]]:
    """모든 문제 모듈을 불러와 ``(번호, 제목, [진행 기록에 세는 문제…])`` 목록을 번호 순서로 돌려줍니다."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not re.fullmatch(r"lesson\d\d", info.name):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        exercises = [v for v in vars(module).values() if isinstance(v, Exercise) and v.graded]
        exercises.sort(key=lambda e: int(e.name[1:]))
        found.append((getattr(module, "LESSON", info.name[-2:]), getattr(module, "TITLE", ""), exercises))
    return found


_progress.use_catalog(lessons)
