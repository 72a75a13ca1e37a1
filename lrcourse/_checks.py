"""입력 검사 도우미.

잘못된 입력은 조용히 틀린 답을 내지 않고, 매개변수 이름·받은 값·허용되는 값을
한국어로 말하는 ``ValueError`` (형이 틀리면 ``TypeError``)를 냅니다.
라이브러리의 모든 모듈이 이 함수들을 씁니다.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "fail",
    "check_real",
    "check_int",
    "check_choice",
    "as_steps",
]


def fail(name: str, value, allowed: str, exc: type[Exception] = ValueError):
    """``name``에 ``value``가 왔지만 ``allowed``만 허용된다는 오류를 냅니다."""
    raise exc(f"매개변수 '{name}'의 값이 잘못되었습니다: {value!r}. 허용되는 값: {allowed}.")


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def check_real(
    name: str,
    value,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    allowed: str | None = None,
) -> float:
    """유한한 실수인지, 그리고 [low, high] 범위(경계 포함 여부 지정)에 드는지 검사하고 float로 돌려줍니다."""
    if allowed is None:
        allowed = _range_text(low, high, low_inclusive, high_inclusive, "실수")
    if _is_bool(value) or not isinstance(value, numbers.Real):
        fail(name, value, allowed, TypeError)
    x = float(value)
    if not math.isfinite(x):
        fail(name, value, allowed + " (NaN과 무한대는 허용되지 않습니다)")
    if low is not None and (x < low or (x == low and not low_inclusive)):
        fail(name, value, allowed)
    if high is not None and (x > high or (x == high and not high_inclusive)):
        fail(name, value, allowed)
    return x


# 스텝 수 같은 정수 매개변수의 절댓값 상한: 이보다 크면 numpy int64 계산이 넘칠 수 있습니다.
MAX_INT = 2**62


def check_int(name: str, value, *, low: int | None = None, high: int | None = None, allowed: str | None = None) -> int:
    """정수(bool 제외)인지, [low, high]에 드는지 검사하고 int로 돌려줍니다.

    ``3.0``처럼 정수 값을 가진 float도 받지 않습니다: 스텝 수는 정수로 주어야 합니다.
    """
    if allowed is None:
        allowed = _range_text(low, high, True, True, "정수")
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and not _is_bool(value):
            fail(name, value, allowed)  # 1.5, nan 같은 실수: 값이 틀렸으므로 ValueError
        fail(name, value, allowed, TypeError)
    x = int(value)
    if (low is not None and x < low) or (high is not None and x > high):
        fail(name, value, allowed)
    if abs(x) > MAX_INT:
        fail(name, value, f"{allowed} (크기는 2**62 이하: numpy int64 계산이 넘치지 않도록)")
    return x


def check_choice(name: str, value, choices) -> str:
    """``choices`` 가운데 하나인지 검사합니다."""
    if value not in choices:
        fail(name, value, " 또는 ".join(repr(c) for c in choices))
    return value


def _range_text(low, high, low_inclusive, high_inclusive, kind) -> str:
    if low is None and high is None:
        return f"유한한 {kind}"
    if high is None:
        return f"{low} {'이상' if low_inclusive else '보다 큰'} 유한한 {kind}".replace("0 보다", "0보다")
    if low is None:
        return f"{high} {'이하' if high_inclusive else '미만'}의 유한한 {kind}"
    left = "[" if low_inclusive else "("
    right = "]" if high_inclusive else ")"
    return f"구간 {left}{low}, {high}{right}에 드는 유한한 {kind}"


_MAX_STEP = int(np.iinfo(np.int64).max)


def as_steps(step, name: str = "step") -> tuple[np.ndarray, bool]:
    """스케줄에 들어온 스텝을 검사해 int64 배열과 '스칼라였는지'를 돌려줍니다.

    허용: 0 이상의 정수(파이썬 int, numpy 정수) 또는 0 이상의 정수 numpy 배열(모양 무관).
    실수형 배열은 값이 모두 정수이고 유한할 때만 받습니다(예: ``np.arange(10.0)``).
    """
    allowed = "0 이상의 정수 또는 0 이상의 정수로 된 numpy 배열"
    too_big = f"{allowed} (2⁶³ − 1 = {_MAX_STEP} 이하)"
    if isinstance(step, np.ndarray) and step.ndim > 0:
        arr = step
        if arr.dtype.kind in "iu":
            if arr.dtype == np.uint64 and arr.size and arr.max() > _MAX_STEP:
                fail(name, int(arr.max()), too_big)
            t = arr.astype(np.int64, copy=False)
        elif arr.dtype.kind == "f":
            if not np.all(np.isfinite(arr)) or not np.all(arr == np.floor(arr)):
                bad = arr[~(np.isfinite(arr) & (arr == np.floor(arr)))].flat[0]
                fail(name, bad, allowed + " (실수 배열이라면 정수 값만)")
            if arr.size and arr.max() >= 2.0**63:
                fail(name, float(arr.max()), too_big)
            t = arr.astype(np.int64)
        else:
            fail(name, f"dtype={arr.dtype} 배열", allowed, TypeError)
        if t.size and t.min() < 0:
            fail(name, int(t.min()), allowed)
        return t, False
    if isinstance(step, (list, tuple)):
        return as_steps(np.asarray(step), name)
    if _is_bool(step):
        fail(name, step, allowed, TypeError)
    if isinstance(step, np.ndarray):  # 0차원 배열
        step = step.item()
    if isinstance(step, numbers.Integral):
        if step < 0:
            fail(name, step, allowed)
        if step > _MAX_STEP:
            fail(name, step, too_big)
        return np.asarray(int(step), dtype=np.int64), True
    if isinstance(step, numbers.Real):
        x = float(step)
        if math.isfinite(x) and x == math.floor(x) and x >= 0:
            if x >= 2.0**63:
                fail(name, step, too_big)
            return np.asarray(int(x), dtype=np.int64), True
        fail(name, step, allowed)
    fail(name, step, allowed, TypeError)
