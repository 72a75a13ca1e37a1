"""채점 도우미: 값 표기, 학습자의 답을 수로 바꾸기, 비교, 그리고 채점 함수를 만드는 ``expect_*``.

채점 함수는 답 하나를 받아, 틀리면 :class:`Wrong`을 냅니다. 틀렸을 때의 메시지는 **무엇이** 틀렸는지
(너무 큼·작음, 자릿수, 형, 길이, 흔한 실수의 설명)를 말하지만 정답 값은 말하지 않습니다.
정답은 ``solution()``에서만 봅니다. 값이 "2배 큽니다"처럼 배수를 말하면 학습자의 값과 함께 정답이
드러나므로, 크기는 "조금", "너무", "10배 넘게"처럼 말로만 알립니다.
"""

from __future__ import annotations

import decimal
import math
import numbers
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

UNSOLVED = "아직 풀지 않았습니다"
_ORDINALS = ["", "첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째"]


class Wrong(Exception):
    """채점 함수가 '틀렸다'고 알릴 때 냅니다. 메시지는 학습자에게 그대로 보입니다."""


class Unsolved(Exception):
    """학습자가 아직 답을 쓰지 않았음을 채점기 안에서 알립니다."""


# ---------------------------------------------------------------------------
# 값 보여 주기와 바꾸기
# ---------------------------------------------------------------------------


def is_stub(answer) -> bool:
    return answer is None or answer is Ellipsis


def fmt(value) -> str:
    """학습자에게 보일 짧은 값 표기. 실수는 짧게 쓸 수 있으면 그대로, 길면 유효숫자 6자리."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        text = repr(float(value))
        return text if len(text) <= 10 else f"{float(value):.6g}"
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


def type_name(value) -> str:
    return type(value).__name__


def plain(value):
    """numpy 스칼라(``np.float64``, ``np.bool_`` 등)와 0차원 배열을 파이썬 값으로 바꿉니다."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, np.generic):
        return value.item()
    return value


def to_number(value, where: str = ""):
    """학습자의 답을 파이썬 수(int 또는 float)로 바꿉니다. 숫자가 아니면 :class:`Wrong`.

    받는 것: 파이썬 수, numpy 스칼라, 원소 하나짜리 배열·목록(``get_last_lr()``이 돌려주는 ``[0.1]``처럼),
    원소 하나짜리 torch 텐서.
    """
    if is_stub(value):
        raise Unsolved
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if not isinstance(value, (numbers.Real, str, bytes)) and callable(getattr(value, "item", None)):
        try:  # torch 텐서 하나짜리
            value = value.item()
        except Exception:  # noqa: BLE001 - 숫자로 못 바꾸면 아래에서 형 오류로 알립니다
            pass
    value = plain(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Wrong(f"{where}숫자 하나를 기대했는데 받은 것은 {type_name(value)} 값 {fmt(value)}입니다.")
    return value


def off_by(expected: float, got: float) -> str:
    """정답을 말하지 않고, 받은 값이 정답에서 어느 쪽으로 얼마나 벗어났는지 말로 나타냅니다."""
    if math.isnan(got):
        return "NaN(숫자가 아님)입니다"
    if math.isinf(got):
        return "무한대입니다"
    word = "큽니다" if got > expected else "작습니다"
    if expected != 0 and got != 0 and (expected > 0) == (got > 0):
        ratio = max(got / expected, expected / got)
        if ratio > 10 * (1 + 1e-9):
            return f"너무 {word} (10배 넘게 차이 납니다)"
        if ratio <= 1.01:
            return f"조금 {word}"
    elif expected != 0 and got != 0:
        return f"부호가 반대입니다 ({'양수' if got > 0 else '음수'}를 받았습니다)"
    return f"너무 {word}"


def _decimal_places(value: float) -> int:
    exponent = decimal.Decimal(repr(float(value))).as_tuple().exponent
    return max(0, -int(exponent))


def _rounding_note(expected: float, got: float, decimals: int) -> str:
    """자릿수 때문에 틀린 답이면 그 이유를, 아니면 빈 문자열을 돌려줍니다 (정답 값은 말하지 않음)."""
    places = _decimal_places(got)
    ordinal = _ORDINALS[decimals] if decimals < len(_ORDINALS) else f"{decimals}번째"
    if places < decimals and round(expected, places) == got:
        shown = _ORDINALS[places] if 0 < places < len(_ORDINALS) else f"{places}번째"
        return f" 소수 {shown} 자리까지만 적었습니다. 소수 {ordinal} 자리까지 적어 주세요."
    truncated = math.trunc(expected * 10**decimals) / 10**decimals
    if places == decimals and math.isclose(got, truncated, rel_tol=1e-12, abs_tol=1e-15):
        return f" 소수 {ordinal} 자리에서 끊었나요(버림)? 그다음 자리를 보고 반올림하세요."
    return ""


def _close(expected: float, got: float, rtol: float, atol: float) -> bool:
    if math.isnan(got):
        return math.isnan(expected)
    return math.isclose(got, expected, rel_tol=rtol, abs_tol=atol)


def compare(expected, got, *, rtol: float, atol: float, where: str = "", integer: bool = False) -> None:
    """``got``이 ``expected``와 (허용 오차 안에서) 같지 않으면 :class:`Wrong`을 냅니다.

    메시지는 받은 값과 그 값이 어떻게 벗어났는지만 말하고, ``expected``는 보이지 않습니다.
    ``expected``가 숫자면 숫자 하나를, 시퀀스나 배열이면 같은 길이의 시퀀스를 기대합니다.
    ``integer``이면 정수가 아닌 수(``10.0`` 포함)를 이유와 함께 거절합니다.
    ``where``는 메시지 앞에 붙는 말입니다 (예: ``"입력 t=30에서 "``).
    """
    if is_stub(got):
        raise Unsolved
    if isinstance(expected, numbers.Real) or (isinstance(expected, np.ndarray) and expected.ndim == 0):
        exp = float(expected)
        if isinstance(got, (list, tuple, np.ndarray)) and np.size(got) != 1:
            raise Wrong(f"{where}숫자 하나를 기대했는데 받은 것은 {type_name(got)} 값 {fmt(got)}입니다.")
        val = to_number(got, where)
        if integer and not isinstance(val, numbers.Integral):
            raise Wrong(f"{where}받은 값 {fmt(val)}은(는) 실수(float)입니다. 개수는 정수(int)로 돌려주세요: / 대신 // 나 math.ceil을 씁니다.")
        if not _close(exp, float(val), rtol, atol):
            raise Wrong(f"{where}받은 값 {fmt(val)}은(는) {off_by(exp, float(val))}.")
        return
    exp_arr = np.asarray(expected, dtype=np.float64)
    if isinstance(got, (str, bytes)) or not hasattr(got, "__len__"):
        raise Wrong(f"{where}숫자 목록(또는 배열)을 기대했는데 받은 것은 {type_name(got)} 값 {fmt(got)}입니다.")
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise Wrong(f"{where}숫자 목록을 기대했는데 받은 것은 {fmt(got)}입니다.") from None
    if got_arr.shape != exp_arr.shape:
        if got_arr.ndim == exp_arr.ndim == 1:
            size = "깁니다" if got_arr.size > exp_arr.size else "짧습니다"
            raise Wrong(f"{where}받은 결과 {fmt(got)}의 길이({got_arr.size})가 너무 {size}.")
        raise Wrong(f"{where}받은 결과 {fmt(got)}의 모양 {got_arr.shape}이(가) 맞지 않습니다.")
    ok = np.isclose(got_arr, exp_arr, rtol=rtol, atol=atol) | (np.isnan(got_arr) & np.isnan(exp_arr))
    if not np.all(ok):
        i = int(np.flatnonzero(~ok.ravel())[0])
        idx = np.unravel_index(i, exp_arr.shape)
        idx_text = idx[0] if len(idx) == 1 else tuple(int(k) for k in idx)
        g = float(got_arr[idx])
        raise Wrong(f"{where}결과의 [{idx_text}]번 값 {fmt(g)}은(는) {off_by(float(exp_arr[idx]), g)}. (받은 결과: {fmt(got)})")


def describe_args(args: Sequence, kwargs: Mapping, names: Sequence[str] | None) -> str:
    parts = []
    if names:
        parts += [f"{n}={fmt(v)}" for n, v in zip(names, args)]
        parts += [fmt(v) for v in args[len(names):]]
    else:
        parts += [fmt(v) for v in args]
    parts += [f"{k}={fmt(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def copy_all(obj):
    if isinstance(obj, dict):
        return {k: copy_all(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return tuple(copy_all(v) for v in obj)
    if isinstance(obj, list):
        return [copy_all(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return obj


# ---------------------------------------------------------------------------
# 채점 함수 만들기
# ---------------------------------------------------------------------------


def expect_value(
    expected,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-12,
    decimals: int | None = None,
    integer: bool = False,
    name: str = "답",
    mistakes: Sequence[tuple[Any, str]] = (),
) -> Callable[[Any], None]:
    """숫자 하나를 기대하는 채점 함수를 만듭니다. 틀려도 정답은 말하지 않습니다.

    Args:
        expected: 정답.
        rtol, atol: 허용 오차 (``decimals``가 없을 때).
        decimals: 문제가 "소수 넷째 자리까지"처럼 자릿수를 정했으면 그 자릿수(4). 정답과의 차이가
            그 자리의 반 단위(0.00005) 이하인 답을 받습니다: 바르게 반올림한 답과 더 자세한 답은 맞고,
            버림한 답이나 자릿수가 모자란 답은 이유와 함께 틀립니다.
        integer: 개수처럼 정수를 묻는 문제. 실수(``100.0`` 포함)는 이유와 함께 거절합니다.
        name: 메시지 앞에 붙일, 무엇을 묻는지 (예: ``"한 에포크의 스텝 수"``).
        mistakes: ``[(흔한 오답, 설명), …]``. 받은 값이 흔한 오답과 같으면 그 설명을 덧붙입니다.
            설명은 무엇이 틀렸는지를 말하고 정답 값을 담지 않아야 합니다.

    학습자의 답은 numpy 스칼라, 원소 하나짜리 배열·목록·텐서도 받습니다.
    """
    exp = float(expected)
    tol = None if decimals is None else 0.5 * 10.0**-decimals * (1 + 1e-9)
    prefix = f"{name}: "

    def matches(target: float, value: float, *, mistake: bool = False) -> bool:
        if tol is None or (mistake and round(target, decimals) == 0):
            return _close(target, value, rtol, atol)
        if mistake:  # 흔한 오답을 같은 자릿수로 반올림해 적은 답도 그 오답으로 봅니다
            return math.isclose(value, target, rel_tol=1e-6) or round(value, decimals) == round(target, decimals)
        return abs(value - target) <= tol

    def checker(answer):
        value = to_number(answer, prefix)
        number = float(value)
        if matches(exp, number):
            if not integer or isinstance(value, numbers.Integral):
                return
            raise Wrong(f"{prefix}값은 맞지만 받은 {fmt(value)}은(는) 실수(float)입니다. 개수는 정수(int)로 답하세요: / 대신 // 를 쓰거나 int(…)로 바꿉니다.")
        note = next((" " + text for wrong, text in mistakes if matches(float(wrong), number, mistake=True)), "")
        if not note and decimals is not None:
            note = _rounding_note(exp, number, decimals)
        if integer and not number.is_integer():
            raise Wrong(f"{prefix}받은 값 {fmt(value)}은(는) 정수가 아닙니다. 개수는 정수로 답합니다.{note}")
        raise Wrong(f"{prefix}받은 값 {fmt(value)}은(는) {off_by(exp, number)}.{note}")

    return checker


def _choice_problem(answer, choice_list) -> str:
    """``answer``가 선택지에 없으면 그 까닭(받은 값의 형 포함)을, 있으면 빈 문자열을 돌려줍니다."""
    if any(answer == c and type(answer) is type(c) for c in choice_list):
        return ""
    allowed = ", ".join(fmt(c) for c in choice_list)
    text = f"답은 {allowed} 가운데 하나입니다. 받은 것은 {type_name(answer)} 값 {fmt(answer)}입니다."
    if isinstance(answer, str) and any(answer.strip() == fmt(c) for c in choice_list if not isinstance(c, str)):
        text += " 따옴표 없이 쓰세요."
    return text


def expect_choice(expected, choices: Iterable | None = None, *, explain: str = "") -> Callable[[Any], None]:
    """정해진 선택지(예: ``True``/``False``, ``"a"``/``"b"``) 가운데 하나를 기대하는 채점 함수.

    ``np.bool_`` 같은 numpy 값은 파이썬 값으로 바꿔 봅니다. ``explain``은 틀렸을 때 덧붙일 말입니다
    (정답을 직접 말하지 않는 실마리).
    """
    choice_list = list(choices) if choices is not None else None

    def checker(answer):
        if is_stub(answer):
            raise Unsolved
        answer = plain(answer)
        if choice_list is not None and (problem := _choice_problem(answer, choice_list)):
            raise Wrong(problem)
        if not (answer == expected and type(answer) is type(expected)):
            raise Wrong(f"{fmt(answer)}은(는) 맞지 않습니다. {explain}".rstrip())

    return checker


def expect_choices(expected: Sequence, choices: Iterable, *, explain: str = "") -> Callable[[Any], None]:
    """여러 문항(예: 참/거짓 네 개)의 답 목록을 채점합니다. 틀리면 몇 개가 틀렸는지만 말합니다.

    어느 문항이 틀렸는지 말하면 참/거짓 문제에서는 그것이 곧 정답이므로 말하지 않습니다.
    """
    expected = list(expected)
    choice_list = list(choices)

    def checker(answer):
        if is_stub(answer):
            raise Unsolved
        if isinstance(answer, np.ndarray):
            answer = answer.tolist()
        if not isinstance(answer, (list, tuple)):
            raise Wrong(f"답은 {len(expected)}개 문항의 답을 담은 목록입니다 (예: [{', '.join(fmt(c) for c in choice_list)}, …]). 받은 것은 {type_name(answer)} 값 {fmt(answer)}입니다.")
        if len(answer) != len(expected):
            raise Wrong(f"문항은 {len(expected)}개인데 받은 목록에는 답이 {len(answer)}개 있습니다.")
        items = [plain(a) for a in answer]
        for label, item in zip("abcdefghij", items):
            if is_stub(item):
                raise Unsolved
            if problem := _choice_problem(item, choice_list):
                raise Wrong(f"({label}) {problem}")
        misses = sum(not (a == e and type(a) is type(e)) for a, e in zip(items, expected))
        if misses:
            raise Wrong(f"{len(expected)}개 문항 가운데 {misses}개가 맞지 않습니다. {explain}".rstrip())

    return checker


def expect_function(
    reference: Callable,
    cases: Iterable,
    *,
    arg_names: Sequence[str] | None = None,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    integer: bool = False,
    mistakes: Sequence[tuple[Callable, str]] = (),
) -> Callable[[Any], None]:
    """학습자가 쓴 함수를 여러 입력에서 ``reference``와 비교하는 채점 함수를 만듭니다.

    Args:
        reference: 모범 답 함수.
        cases: 입력 목록. 각 항목은 인자 튜플, 인자 하나(튜플이 아니면), 또는
            ``(args_tuple, kwargs_dict)``.
        arg_names: 메시지에 보일 인자 이름 (예: ``["t", "lr"]``).
        rtol, atol: 허용 오차 (``math.isclose``/``numpy.isclose``와 같은 뜻).
        integer: 결과가 개수처럼 정수여야 하면 True (실수를 돌려주면 이유와 함께 틀림).
        mistakes: ``[(흔한 틀린 함수, 설명), …]``. 틀린 입력에서 학습자의 결과가 그 틀린 함수의
            결과와 같으면 설명을 덧붙입니다.

    틀리면 어느 입력에서 무엇을 받았고 그것이 어떻게 벗어났는지 말합니다(그 입력의 정답은 말하지 않음).
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
        if is_stub(answer):
            raise Unsolved
        if not callable(answer):
            raise Wrong(f"함수를 기대했는데 {type_name(answer)} 값 {fmt(answer)}을(를) 받았습니다. 함수 이름만(괄호 없이) 넘기세요.")
        for args, kwargs in normalized:
            where = f"입력 {describe_args(args, kwargs, arg_names)}에서 "
            expected = reference(*copy_all(args), **copy_all(kwargs))
            try:
                got = answer(*copy_all(args), **copy_all(kwargs))
            except NotImplementedError:
                raise Unsolved from None
            except Wrong:
                raise
            except Exception as err:  # noqa: BLE001 - 학습자 코드의 어떤 오류든 메시지로 보입니다
                raise Wrong(f"{where}함수가 오류를 냈습니다: {type(err).__name__}: {err}") from None
            if got is None:
                raise Wrong(f"{where}함수가 None을 돌려주었습니다. return 문을 빠뜨리지 않았는지 확인하세요.")
            try:
                compare(expected, got, rtol=rtol, atol=atol, where=where, integer=integer)
            except Wrong as wrong:
                raise Wrong(f"{wrong}{_diagnosis(mistakes, args, kwargs, got, rtol, atol)}") from None

    return checker


def _diagnosis(mistakes, args, kwargs, got, rtol, atol) -> str:
    """학습자의 결과가 흔한 틀린 함수의 결과와 같으면 그 설명(앞에 빈칸)을, 아니면 빈 문자열을 돌려줍니다."""
    for wrong_fn, text in mistakes:
        try:
            compare(wrong_fn(*copy_all(args), **copy_all(kwargs)), got, rtol=rtol, atol=atol)
        except Exception:  # noqa: BLE001 - 진단은 덤입니다
            continue
        return " " + text
    return ""
