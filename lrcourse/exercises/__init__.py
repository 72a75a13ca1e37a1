"""연습 문제 채점기: ``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.

노트북에서는 이렇게 씁니다::

    from lrcourse.exercises import lesson02 as ex

    def my_step_decay(t, lr, step_size, gamma):
        ...
    ex.q1.check(my_step_decay)   # 정답이면 축하, 틀리면 어느 입력에서 무엇이 달랐는지
    ex.q1.hint()                 # 힌트
    ex.q1.solution()             # 모범 답안
    ex.progress()                # 강좌 전체에서 푼 문제

채점 결과는 셋 중 하나입니다.

- **정답**: 축하 메시지를 보이고, 진행 기록 파일에 그 문제를 푼 것으로 적습니다.
- **오답**: 어느 입력에서, 무엇을 기대했고, 무엇을 받았는지 말합니다.
- **아직 풀지 않음**: 답이 ``...``이나 ``None``이거나, 함수가 ``NotImplementedError``를 내면
  "아직 풀지 않았습니다"라고만 말합니다. 학생용 노트북이 위에서 아래로 오류 없이 돌게 하려고,
  채점은 결코 예외를 밖으로 내보내지 않습니다(학습자 함수가 낸 오류도 메시지로 바꿉니다).

진행 기록은 작은 JSON 파일에 둡니다. 기본 위치는 ``~/.lrcourse_progress.json``이고 환경 변수
``LRCOURSE_PROGRESS_FILE``로 바꿀 수 있습니다. 파일이 없거나 깨졌거나 쓸 수 없어도 노트북은
멈추지 않습니다(그때는 기록 없이 계속합니다).

문제 모듈(``lesson01.py`` 등)을 쓰는 방법: 모듈 맨 위에 ``LESSON = "02"``와 ``TITLE = "…"``를
두고, :class:`Exercise`를 ``q1``, ``q2``, … 이름으로 만듭니다. 채점 함수는 :func:`expect_value`,
:func:`expect_function`, :func:`expect_choice`로 만들거나, 답을 받아 틀리면 :class:`Wrong`을
내는 함수를 직접 씁니다. 문제 모듈은 가볍게 유지합니다(torch를 모듈 수준에서 불러오지 않음):
:func:`progress`가 모든 문제 모듈을 불러오기 때문입니다.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import json
import math
import numbers
import os
import pkgutil
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

__all__ = [
    "UNSOLVED",
    "Wrong",
    "Result",
    "Exercise",
    "expect_value",
    "expect_function",
    "expect_choice",
    "progress",
    "solved",
    "reset_progress",
    "progress_file",
]

UNSOLVED = "아직 풀지 않았습니다"
PROGRESS_ENV = "LRCOURSE_PROGRESS_FILE"
DEFAULT_PROGRESS_FILE = "~/.lrcourse_progress.json"
_FORMAT_VERSION = 1


class Wrong(Exception):
    """채점 함수가 '틀렸다'고 알릴 때 냅니다. 메시지는 학습자에게 그대로 보입니다."""


class _Unsolved(Exception):
    """학습자가 아직 답을 쓰지 않았음을 채점기 안에서 알립니다."""


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


# ---------------------------------------------------------------------------
# 값 보여 주기와 비교
# ---------------------------------------------------------------------------


def _is_stub(answer) -> bool:
    return answer is None or answer is Ellipsis


def fmt(value) -> str:
    """학습자에게 보일 짧은 값 표기: 실수는 유효숫자 6자리, 배열은 앞부분만."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.6g}"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return fmt(value.item())
        flat = value.ravel()
        if flat.size > 8:  # 앞과 뒤를 함께 보여 줍니다 (끝에 NaN이 있는 기록처럼 뒤가 중요할 때가 많습니다)
            items = [fmt(v) for v in flat[:3]] + ["…"] + [fmt(v) for v in flat[-3:]]
        else:
            items = [fmt(v) for v in flat]
        shape = f" (모양 {value.shape})" if value.ndim > 1 else (f" (길이 {flat.size})" if flat.size > 8 else "")
        return "[" + ", ".join(items) + "]" + shape
    if isinstance(value, (list, tuple)):
        items = [fmt(v) for v in list(value)[:6]]
        more = ", …" if len(value) > 6 else ""
        left, right = ("[", "]") if isinstance(value, list) else ("(", ")")
        return left + ", ".join(items) + more + right
    if isinstance(value, str):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _fmt_pair(expected, got) -> tuple[str, str]:
    """두 값이 짧은 표기로는 같아 보이면 자릿수를 늘려 차이가 보이게 합니다."""
    e, g = fmt(expected), fmt(got)
    if e == g and isinstance(expected, numbers.Real) and isinstance(got, numbers.Real):
        e, g = f"{float(expected):.15g}", f"{float(got):.15g}"
    return e, g


def _type_name(value) -> str:
    return type(value).__name__


def _as_number(value, where: str) -> float:
    """학습자가 준 값을 실수로 바꿉니다. 숫자가 아니면 :class:`Wrong`."""
    if _is_stub(value):
        raise _Unsolved
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, numbers.Real):
        try:  # torch 텐서 하나짜리
            value = value.item()
        except Exception:  # noqa: BLE001 - 숫자로 못 바꾸면 아래에서 형 오류로 알립니다
            pass
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise Wrong(f"{where}숫자 하나를 기대했는데 받은 것은 {_type_name(value)} 값 {fmt(value)}입니다.")
    return float(value)


def _close(expected: float, got: float, rtol: float, atol: float) -> bool:
    if math.isnan(got):
        return math.isnan(expected)
    return math.isclose(got, expected, rel_tol=rtol, abs_tol=atol)


def _compare(expected, got, *, rtol: float, atol: float, where: str = "") -> None:
    """``got``이 ``expected``와 (허용 오차 안에서) 같지 않으면 구체적인 :class:`Wrong`을 냅니다.

    ``expected``가 숫자면 숫자 하나를, 시퀀스나 배열이면 같은 모양의 시퀀스를 기대합니다.
    ``where``는 메시지 앞에 붙는 말입니다 (예: ``"입력 t=30에서 "``).
    """
    if _is_stub(got):
        raise _Unsolved
    if isinstance(expected, (str, bool, np.bool_)) or expected is None:
        if isinstance(expected, (bool, np.bool_)):
            same_kind = isinstance(got, (bool, np.bool_))
        else:
            same_kind = type(got) is type(expected)
        if not same_kind or got != expected:
            e, g = _fmt_pair(expected, got)
            raise Wrong(f"{where}기대한 값은 {e}인데 받은 값은 {g}입니다.")
        return
    if isinstance(expected, numbers.Real) or (isinstance(expected, np.ndarray) and expected.ndim == 0):
        exp = float(expected)
        val = _as_number(got, where)
        if not _close(exp, val, rtol, atol):
            e, g = _fmt_pair(exp, val)
            raise Wrong(f"{where}기대한 값은 {e}인데 받은 값은 {g}입니다.")
        return
    exp_arr = np.asarray(expected, dtype=np.float64)
    if isinstance(got, (str, bytes)) or not hasattr(got, "__len__"):
        raise Wrong(
            f"{where}길이 {exp_arr.size}인 목록(또는 배열) {fmt(expected)}을(를) 기대했는데 "
            f"받은 것은 {_type_name(got)} 값 {fmt(got)}입니다."
        )
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise Wrong(f"{where}숫자 목록을 기대했는데 받은 것은 {fmt(got)}입니다.") from None
    if got_arr.shape != exp_arr.shape:
        raise Wrong(
            f"{where}모양이 {exp_arr.shape}인 결과 {fmt(expected)}을(를) 기대했는데 "
            f"받은 것은 모양이 {got_arr.shape}인 {fmt(got)}입니다."
        )
    ok = np.isclose(got_arr, exp_arr, rtol=rtol, atol=atol) | (np.isnan(got_arr) & np.isnan(exp_arr))
    if not np.all(ok):
        i = int(np.flatnonzero(~ok.ravel())[0])
        idx = np.unravel_index(i, exp_arr.shape)
        idx_text = idx[0] if len(idx) == 1 else tuple(int(k) for k in idx)
        e, g = _fmt_pair(float(exp_arr[idx]), float(got_arr[idx]))
        raise Wrong(
            f"{where}결과의 [{idx_text}]번 값으로 {e}을(를) 기대했는데 받은 값은 {g}입니다. "
            f"(기대한 결과: {fmt(expected)}, 받은 결과: {fmt(got)})"
        )


def _describe_args(args: Sequence, kwargs: Mapping, names: Sequence[str] | None) -> str:
    parts = []
    if names:
        parts += [f"{n}={fmt(v)}" for n, v in zip(names, args)]
        parts += [fmt(v) for v in args[len(names):]]
    else:
        parts += [fmt(v) for v in args]
    parts += [f"{k}={fmt(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# 채점 함수 만들기
# ---------------------------------------------------------------------------


def expect_value(
    expected,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-12,
    name: str = "답",
    reveal: bool = True,
    mistakes: Sequence[tuple[Any, str]] = (),
) -> Callable[[Any], None]:
    """값(숫자, 또는 숫자 목록) 하나를 기대하는 채점 함수를 만듭니다.

    Args:
        expected: 정답.
        rtol, atol: 허용 오차.
        name: 메시지 앞에 붙일, 무엇을 묻는지 (예: ``"한 에포크의 스텝 수"``).
        reveal: True(기본)이면 틀렸을 때 기대한 값을 보입니다. False이면 정답을 말하지 않고
            받은 값이 정답보다 큰지 작은지만 말합니다 (스스로 더 생각하게 하고 싶을 때).
        mistakes: ``[(흔한 오답, 설명), …]``. 받은 값이 흔한 오답과 같으면 그 설명을 덧붙입니다.
    """

    def checker(answer):
        try:
            _compare(expected, answer, rtol=rtol, atol=atol, where=f"{name}: ")
        except Wrong as wrong:
            note = ""
            for value, text in mistakes:
                try:
                    _compare(value, answer, rtol=rtol, atol=atol)
                except (Wrong, _Unsolved):
                    continue
                note = " " + text
                break
            if reveal or not isinstance(expected, numbers.Real) or isinstance(expected, bool):
                raise Wrong(f"{wrong}{note}") from None
            got = _as_number(answer, f"{name}: ")
            direction = "큽니다" if got > float(expected) else "작습니다"
            raise Wrong(f"{name}: 받은 값 {fmt(got)}은(는) 정답보다 {direction}.{note}") from None

    return checker


def expect_choice(expected, choices: Iterable | None = None, *, explain: str = "") -> Callable[[Any], None]:
    """정해진 선택지(예: ``True``/``False``, ``"a"``/``"b"``) 가운데 하나를 기대하는 채점 함수.

    ``explain``은 틀렸을 때 덧붙일 말입니다 (정답을 직접 말하지 않는 실마리).
    """
    choice_list = list(choices) if choices is not None else None

    def checker(answer):
        if _is_stub(answer):
            raise _Unsolved
        if choice_list is not None and not any(answer == c and type(answer) is type(c) for c in choice_list):
            allowed = ", ".join(fmt(c) for c in choice_list)
            raise Wrong(f"답은 {allowed} 가운데 하나여야 하는데 받은 것은 {fmt(answer)}입니다.")
        if not (answer == expected and type(answer) is type(expected)):
            raise Wrong(f"{fmt(answer)}은(는) 맞지 않습니다. {explain}".rstrip())

    return checker


def expect_function(
    reference: Callable,
    cases: Iterable,
    *,
    arg_names: Sequence[str] | None = None,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    mistakes: Sequence[tuple[Callable, str]] = (),
) -> Callable[[Any], None]:
    """학습자가 쓴 함수를 여러 입력에서 ``reference``와 비교하는 채점 함수를 만듭니다.

    Args:
        reference: 모범 답 함수.
        cases: 입력 목록. 각 항목은 인자 튜플, 인자 하나(튜플이 아니면), 또는
            ``(args_tuple, kwargs_dict)``.
        arg_names: 메시지에 보일 인자 이름 (예: ``["t", "lr"]``).
        rtol, atol: 허용 오차 (``math.isclose``/``numpy.isclose``와 같은 뜻).
        mistakes: ``[(흔한 틀린 함수, 설명), …]``. 틀린 입력에서 학습자의 결과가 그 틀린 함수의
            결과와 같으면 설명을 덧붙입니다.

    입력은 주어진 순서대로 시험합니다: 쉬운 입력을 앞에 두면 메시지가 더 알아보기 쉽습니다.
    학습자의 함수가 인자를 바꾸지 못하도록 입력마다 복사본을 넘깁니다.
    """
    normalized = []
    for case in cases:
        if isinstance(case, tuple) and len(case) == 2 and isinstance(case[1], dict) and isinstance(case[0], tuple):
            normalized.append(case)
        elif isinstance(case, tuple):
            normalized.append((case, {}))
        else:
            normalized.append(((case,), {}))

    def checker(answer):
        if _is_stub(answer):
            raise _Unsolved
        if not callable(answer):
            raise Wrong(f"함수를 기대했는데 {_type_name(answer)} 값 {fmt(answer)}을(를) 받았습니다. 함수 이름만(괄호 없이) 넘기세요.")
        for args, kwargs in normalized:
            where = f"입력 {_describe_args(args, kwargs, arg_names)}에서 "
            expected = reference(*_copy_all(args), **_copy_all(kwargs))
            try:
                got = answer(*_copy_all(args), **_copy_all(kwargs))
            except NotImplementedError:
                raise _Unsolved from None
            except Wrong:
                raise
            except Exception as err:  # noqa: BLE001 - 학습자 코드의 어떤 오류든 메시지로 보입니다
                raise Wrong(f"{where}함수가 오류를 냈습니다: {type(err).__name__}: {err}") from None
            if got is None:
                raise Wrong(f"{where}함수가 None을 돌려주었습니다. return 문을 빠뜨리지 않았는지 확인하세요.")
            try:
                _compare(expected, got, rtol=rtol, atol=atol, where=where)
            except Wrong as wrong:
                raise Wrong(f"{wrong}{_diagnosis(mistakes, args, kwargs, got, rtol, atol)}") from None

    return checker


def _diagnosis(mistakes, args, kwargs, got, rtol, atol) -> str:
    """학습자의 결과가 흔한 틀린 함수의 결과와 같으면 그 설명(앞에 빈칸)을, 아니면 빈 문자열을 돌려줍니다."""
    for wrong_fn, text in mistakes:
        try:
            _compare(wrong_fn(*_copy_all(args), **_copy_all(kwargs)), got, rtol=rtol, atol=atol)
        except Exception:  # noqa: BLE001 - 진단은 덤입니다
            continue
        return " " + text
    return ""


def _copy_all(obj):
    if isinstance(obj, dict):
        return {k: _copy_all(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return tuple(_copy_all(v) for v in obj)
    if isinstance(obj, list):
        return [_copy_all(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return obj


# ---------------------------------------------------------------------------
# 문제
# ---------------------------------------------------------------------------


class Exercise:
    """연습 문제 하나: ``check(answer)``, ``hint()``, ``solution()``.

    Args:
        lesson: 노트북 번호 문자열 (예: ``"02"``).
        name: 문제 이름 (예: ``"q1"``). 진행 기록의 열쇠는 ``"02.q1"``입니다.
        title: 한 줄 설명 (진행 상황 표에 보입니다).
        checker: 답을 받아, 틀리면 :class:`Wrong`을 내는 함수.
        hint: 힌트 (한국어).
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
        hint: str,
        solution: str,
        explanation: str = "",
    ):
        if not re.fullmatch(r"\d\d", str(lesson)):
            raise ValueError(f"매개변수 'lesson'의 값이 잘못되었습니다: {lesson!r}. 허용되는 값: '00'~'99' 같은 두 자리 문자열.")
        if not re.fullmatch(r"q\d+", str(name)):
            raise ValueError(f"매개변수 'name'의 값이 잘못되었습니다: {name!r}. 허용되는 값: 'q1', 'q2' 같은 이름.")
        self.lesson = str(lesson)
        self.name = str(name)
        self.title = title
        self._checker = checker
        self._hint = hint.strip()
        self._solution = solution.strip("\n")
        self._explanation = explanation.strip()

    @property
    def key(self) -> str:
        return f"{self.lesson}.{self.name}"

    def evaluate(self, answer=Ellipsis) -> Result:
        """답을 채점해 :class:`Result`를 돌려줍니다. 아무것도 출력하거나 기록하지 않습니다."""
        try:
            if _is_stub(answer):
                raise _Unsolved
            self._checker(answer)
        except _Unsolved:
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
        return Result("correct", message)

    def check(self, answer=Ellipsis) -> None:
        """답을 채점하고 결과를 보입니다. 정답이면 진행 기록에 적습니다."""
        result = self.evaluate(answer)
        if result.correct:
            _record(self.key)
        print(result.message)

    def hint(self) -> None:
        """힌트를 보입니다."""
        print(f"{self.name} 힌트: {self._hint}")

    def solution(self) -> None:
        """모범 답안을 보입니다."""
        print(f"{self.name} 모범 답안:\n{self._solution}")

    def __repr__(self) -> str:
        return f"<연습 문제 {self.key}: {self.title}>"


# ---------------------------------------------------------------------------
# 진행 기록
# ---------------------------------------------------------------------------


def progress_file() -> Path:
    """진행 기록 파일의 경로: ``LRCOURSE_PROGRESS_FILE`` 또는 ``~/.lrcourse_progress.json``."""
    return Path(os.path.expanduser(os.environ.get(PROGRESS_ENV) or DEFAULT_PROGRESS_FILE))


def _shown_path(path: Path) -> str:
    """홈 폴더 아래의 경로는 ``~/…``로 줄여 보여 줍니다 (노트북 출력에 사용자 이름이 남지 않도록)."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def _load() -> dict[str, str]:
    """{문제 열쇠: 처음 맞힌 시각}. 파일이 없거나 깨졌으면 빈 사전을 돌려줍니다."""
    try:
        with open(progress_file(), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    solved = data.get("solved") if isinstance(data, dict) else None
    if not isinstance(solved, dict):
        return {}
    return {str(k): str(v) for k, v in solved.items() if isinstance(k, str)}


def _record(key: str) -> bool:
    """``key``를 푼 것으로 적습니다. 쓸 수 없으면 조용히 ``False``를 돌려줍니다."""
    solved = _load()
    if key in solved:
        return True
    solved[key] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return _write(solved)


def _write(solved: Mapping[str, str]) -> bool:
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # 다른 곳에 다 쓴 뒤 바꿔치기합니다: 도중에 멈춰도 기존 파일이 반쯤 쓰인 채 남지 않습니다.
        fd, tmp = tempfile.mkstemp(prefix=".lrcourse_progress.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"version": _FORMAT_VERSION, "solved": dict(sorted(solved.items()))}, f, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def solved() -> set[str]:
    """지금까지 맞힌 문제의 열쇠 집합 (예: ``{"01.q1", "02.q3"}``)."""
    return set(_load())


def reset_progress() -> None:
    """진행 기록을 지웁니다 (파일을 삭제합니다). 파일이 없으면 아무 일도 하지 않습니다."""
    try:
        progress_file().unlink()
    except OSError:
        pass


def lessons() -> list[tuple[str, str, list[Exercise]]]:
    """모든 문제 모듈을 불러와 ``(번호, 제목, [문제…])`` 목록을 번호 순서로 돌려줍니다."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not re.fullmatch(r"lesson\d\d", info.name):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        exercises = [v for v in vars(module).values() if isinstance(v, Exercise)]
        exercises.sort(key=lambda e: int(e.name[1:]))
        found.append((getattr(module, "LESSON", info.name[-2:]), getattr(module, "TITLE", ""), exercises))
    return found


def progress() -> None:
    """강좌 전체에서 푼 문제를 보여 줍니다 (✅ 푼 문제, ⬜ 아직 풀지 않은 문제)."""
    done = _load()
    total = solved_count = 0
    lines = ["연습 문제 진행 상황"]
    for lesson, title, exercises in lessons():
        if not exercises:
            continue
        marks = " ".join(f"{'✅' if e.key in done else '⬜'}{e.name}" for e in exercises)
        count = sum(e.key in done for e in exercises)
        total += len(exercises)
        solved_count += count
        lines.append(f"  {lesson} {title}: {marks}  ({count}/{len(exercises)})")
    lines.append(f"모두 {total}문제 가운데 {solved_count}문제를 풀었습니다.")
    lines.append(f"(기록 파일: {_shown_path(progress_file())})")
    print("\n".join(lines))
