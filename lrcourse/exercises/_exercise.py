"""연습 문제(:class:`Exercise`)와 예측해 보기(:class:`Prediction`).

- ``ex.q1.check(answer)``: 채점합니다. 맞으면 진행 기록에 적고, 틀리면 무엇이 틀렸는지 말합니다(정답은 말하지 않음).
- ``ex.q1.hint()``, ``ex.q1.hint(2)``: 힌트 1단계(방향을 가리킴), 2단계(방법).
- ``ex.q1.solution()``: 모범 답안. 정답은 여기서만 봅니다.
- ``ex.p1.predict(answer)``: 실험 셀을 실행하기 전에 예측을 적습니다. 채점하지 않습니다.
- ``ex.p1.compare(…)``: 실험 뒤에 결과를 예측과 견주고, 왜 그런 결과가 나오는지 말합니다.

채점과 예측은 결코 예외를 밖으로 내보내지 않습니다(학습자 함수가 낸 오류도 메시지로 바꿉니다).
학생용 노트북이 빈칸(``...``)을 둔 채 위에서 아래로 오류 없이 돌아야 하기 때문입니다.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from ._grading import UNSOLVED, Unsolved, Wrong, fmt, is_stub, plain, type_name
from ._progress import record


@dataclass(frozen=True)
class Result:
    """채점 결과. ``status``는 ``"correct"``, ``"wrong"``, ``"unsolved"`` 가운데 하나입니다."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message


def _check_lesson(lesson) -> str:
    if not re.fullmatch(r"\d\d", str(lesson)):
        raise ValueError(f"매개변수 'lesson'의 값이 잘못되었습니다: {lesson!r}. 허용되는 값: '00'~'99' 같은 두 자리 문자열.")
    return str(lesson)


class Exercise:
    """연습 문제 하나: ``check(answer)``, ``hint(level)``, ``solution()``.

    Args:
        lesson: 노트북 번호 문자열 (예: ``"02"``).
        name: 문제 이름. ``"q1"``, ``"q2"``, …는 진행 기록에 세는 문제이고(열쇠 ``"02.q1"``),
            ``"demo"``는 채점기 쓰는 법을 보여 주는 연습용 문제라 기록하지 않습니다.
        title: 한 줄 설명 (진행 상황 표에 보입니다).
        checker: 답을 받아, 틀리면 :class:`Wrong`을 내는 함수.
        hint: 힌트 (한국어). 문자열 하나, 또는 단계별 힌트의 목록: 1단계는 방향을 가리키고,
            2단계는 방법을 말합니다. 어느 단계도 정답 값을 담지 않습니다.
        solution: 모범 답안 (코드나 설명, 한국어).
        explanation: 맞혔을 때 덧붙일 한두 문장 (선택).
    """

    def __init__(
        self,
        lesson: str,
        name: str,
        title: str,
        *,
        checker: Callable[[Any], None],
        hint: str | Sequence[str],
        solution: str,
        explanation: str = "",
    ):
        self.lesson = _check_lesson(lesson)
        if not re.fullmatch(r"q\d+|demo", str(name)):
            raise ValueError(f"매개변수 'name'의 값이 잘못되었습니다: {name!r}. 허용되는 값: 'q1', 'q2' 같은 이름 또는 'demo'.")
        self.name = str(name)
        self.title = title
        self._checker = checker
        hints = [hint] if isinstance(hint, str) else list(hint)
        self._hints = [h.strip() for h in hints]
        self._solution = solution.strip("\n")
        self._explanation = explanation.strip()

    @property
    def key(self) -> str:
        return f"{self.lesson}.{self.name}"

    @property
    def graded(self) -> bool:
        """진행 기록에 세는 문제인지 (``demo``는 세지 않음)."""
        return self.name != "demo"

    def evaluate(self, answer=Ellipsis) -> Result:
        """답을 채점해 :class:`Result`를 돌려줍니다. 아무것도 출력하거나 기록하지 않습니다."""
        try:
            if is_stub(answer):
                raise Unsolved
            self._checker(answer)
        except Unsolved:
            return Result(
                "unsolved",
                f"{self.name}: {UNSOLVED}. 빈칸(... 또는 raise NotImplementedError)을 답으로 바꾼 뒤 다시 실행하세요.",
            )
        except NotImplementedError:
            return Result("unsolved", f"{self.name}: {UNSOLVED}.")
        except Wrong as wrong:
            return Result(
                "wrong",
                f"{self.name}: 틀렸습니다. {wrong}\n힌트가 필요하면 ex.{self.name}.hint()를 실행하세요.",
            )
        except Exception as err:  # noqa: BLE001 - 채점은 노트북을 멈추지 않습니다
            return Result("wrong", f"{self.name}: 틀렸습니다. 답을 채점하다가 오류가 났습니다: {type(err).__name__}: {err}")
        message = f"{self.name}: 정답입니다! 🎉"
        if self._explanation:
            message += " " + self._explanation
        if not self.graded:
            message += " (연습용 문제라 진행 기록에는 세지 않습니다.)"
        return Result("correct", message)

    def check(self, answer=Ellipsis) -> None:
        """답을 채점하고 결과를 보입니다. 정답이면 진행 기록에 적습니다."""
        result = self.evaluate(answer)
        if result.correct and self.graded:
            record(self.key)
        print(result.message)

    def hint(self, level=1) -> None:
        """힌트를 보입니다. ``hint()``는 1단계(방향), ``hint(2)``는 2단계(방법)입니다."""
        count = len(self._hints)
        level = plain(level)
        if isinstance(level, bool) or not isinstance(level, numbers.Integral) or not 1 <= level <= count:
            levels = "1단계뿐입니다" if count == 1 else f"1단계부터 {count}단계까지 있습니다"
            print(f"{self.name}: 힌트는 {levels} (받은 단계: {fmt(level)}). 답은 ex.{self.name}.solution()으로 봅니다.")
            return
        text = f"{self.name} 힌트 {level}/{count}: {self._hints[level - 1]}"
        if level < count:
            text += f"\n더 구체적인 힌트: ex.{self.name}.hint({level + 1})"
        print(text)

    def solution(self) -> None:
        """모범 답안을 보입니다."""
        print(f"{self.name} 모범 답안:\n{self._solution}")

    def __repr__(self) -> str:
        return f"<연습 문제 {self.key}: {self.title}>"


# ---------------------------------------------------------------------------
# 예측해 보기
# ---------------------------------------------------------------------------

_NOT_YET = object()


class Prediction:
    """예측해 보기: 실험 셀 앞에서 ``predict(answer)``로 예측을 적고, 실험 뒤 ``compare(…)``로 견줍니다.

    예측은 채점하지 않고 진행 기록에도 세지 않습니다. 이 노트북을 실행하는 동안 메모리에만 둡니다.

    Args:
        lesson: 노트북 번호 문자열 (예: ``"02"``).
        name: ``"p1"``, ``"p2"``, ….
        question: 묻는 말 (한 문장).
        choices: ``{선택지: 설명}``. 선택지는 ``"a"`` 같은 글자나 ``0.3`` 같은 수입니다.
        outcome: 실험에서 잰 값들을 받아 실제로 일어난 선택지를 돌려주는 함수.
            없으면 ``compare(선택지)``처럼 선택지를 바로 받습니다.
        why: 결과가 왜 그렇게 나오는지 (``compare``가 보입니다).
    """

    def __init__(
        self,
        lesson: str,
        name: str,
        question: str,
        *,
        choices: Mapping[Any, str],
        why: str,
        outcome: Callable[..., Any] | None = None,
    ):
        self.lesson = _check_lesson(lesson)
        if not re.fullmatch(r"p\d+", str(name)):
            raise ValueError(f"매개변수 'name'의 값이 잘못되었습니다: {name!r}. 허용되는 값: 'p1', 'p2' 같은 이름.")
        if not choices:
            raise ValueError("매개변수 'choices'가 비어 있습니다. 허용되는 값: 선택지가 하나 이상인 사전.")
        self.name = str(name)
        self.question = question
        self.choices = dict(choices)
        self._why = why.strip()
        self._outcome = outcome
        self.predicted = _NOT_YET

    def _find(self, answer):
        """답에 해당하는 선택지를 찾습니다. 글자는 대소문자와 괄호를 가리지 않습니다. 없으면 ``None``."""
        answer = plain(answer)
        if isinstance(answer, str):
            text = answer.strip().strip("()").strip().lower()
            for key in self.choices:
                if isinstance(key, str) and key.lower() == text:
                    return key
            try:
                answer = float(text)
            except ValueError:
                return None
        if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
            for key in self.choices:
                if isinstance(key, numbers.Real) and not isinstance(key, bool) and math.isclose(answer, key, rel_tol=1e-9):
                    return key
        return None

    def _label(self, key) -> str:
        return f"({fmt(key) if not isinstance(key, str) else key}) {self.choices[key]}"

    def _allowed(self) -> str:
        return ", ".join(fmt(k) for k in self.choices)

    def predict(self, answer=Ellipsis) -> None:
        """예측을 적습니다. 빈칸(``...``)이면 아직 예측하지 않았다고만 말합니다."""
        if is_stub(answer):
            print(f"{self.name}: 아직 예측하지 않았습니다. ...를 선택지({self._allowed()}) 가운데 하나로 바꾸고 다시 실행하세요. 예측은 채점하지 않습니다.")
            return
        key = self._find(answer)
        if key is None:
            print(f"{self.name}: 선택지는 {self._allowed()} 가운데 하나입니다. 받은 것은 {type_name(plain(answer))} 값 {fmt(plain(answer))}입니다.")
            return
        self.predicted = key
        print(f"{self.name} 예측을 적었습니다: {self._label(key)}\n아래 실험을 실행한 뒤 결과와 견줍니다.")

    def compare(self, *measured) -> None:
        """실험 결과를 예측과 견주고, 왜 그렇게 되는지 보입니다."""
        try:
            actual = self._outcome(*measured) if self._outcome is not None else measured[0]
        except Exception as err:  # noqa: BLE001 - 예측 비교는 노트북을 멈추지 않습니다
            print(f"{self.name}: 실험 결과를 읽지 못했습니다: {type(err).__name__}: {err}")
            return
        key = self._find(actual)
        if key is None:
            print(f"{self.name}: 실험 결과 {fmt(actual)}이(가) 선택지({self._allowed()})에 없습니다.")
            return
        lines = [f"{self.name} 실험 결과: {self._label(key)}"]
        if self.predicted is _NOT_YET:
            lines.append("예측을 적지 않았습니다. 다음에는 실험 전에 예측 셀을 먼저 채워 보세요.")
        elif self.predicted == key:
            lines.append("예측이 맞았습니다.")
        else:
            lines.append(f"예측은 {self._label(self.predicted)}였습니다. 결과와 다릅니다: 아래 설명과 견주어 보세요.")
        lines.append(f"왜: {self._why}")
        print("\n".join(lines))

    def __repr__(self) -> str:
        return f"<예측해 보기 {self.lesson}.{self.name}: {self.question}>"
