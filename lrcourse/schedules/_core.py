"""스케줄의 바탕: :class:`Schedule`, 인자 검사, 두 값 사이 옮기기. 팩토리 모듈들이 함께 씁니다."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping, Sequence

import numpy as np

from .._checks import as_steps, check_int, check_real, fail


@dataclass(frozen=True, eq=False, repr=False)
class Schedule:
    """스텝 → 학습률 함수. 직접 만들지 말고 팩토리(``cosine_annealing`` 등)를 쓰세요.

    ``s(정수)``는 float, ``s(정수 배열)``은 같은 모양의 float64 배열을 돌려줍니다. 음수나 정수가 아닌
    스텝은 ``ValueError``입니다. 만든 뒤에는 바꿀 수 없고, ``repr``은 그대로 실행하면 같은 스케줄을
    만드는 호출문입니다 (예: ``cosine_annealing(lr=0.1, T_max=100, eta_min=0.0)``).

    Attributes:
        name: 만든 팩토리의 이름 (예: ``"cosine_annealing"``).
        params: 팩토리에 준 인자 (읽기 전용 사전). 위젯과 repr이 씁니다.
    """

    name: str
    params: Mapping
    _fn: Callable[[np.ndarray], np.ndarray]

    def __call__(self, step):
        t, scalar = as_steps(step)
        # _fn은 언제나 1차원 int64 배열을 받고 같은 길이의 float64 배열을 돌려줍니다.
        lr = self._fn(t.reshape(-1))
        if scalar:
            return float(lr[0])
        return np.asarray(lr, dtype=np.float64).reshape(t.shape)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.name}({args})"


def _make(name: str, fn: Callable[[np.ndarray], np.ndarray], **params) -> Schedule:
    """검사를 마친 인자로 :class:`Schedule`을 만듭니다.

    ``fn``은 1차원 int64 배열(0 이상)을 받아 같은 길이의 새 float64 배열을 돌려줍니다. 입력 배열을
    바꾸면 안 됩니다. 그림에 표시할 스텝은 ``name``과 ``params``로 :mod:`._marks`가 계산합니다.
    """
    return Schedule(name, MappingProxyType(dict(params)), fn)


def _check_lr(value, name: str = "lr") -> float:
    return check_real(name, value, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")


def _check_gamma(value, name: str = "gamma") -> float:
    return check_real(name, value, low=0.0, high=1.0, low_inclusive=False, allowed="0보다 크고 1 이하인 실수")


def _check_min_lr(value, lr: float, name: str) -> float:
    return check_real(name, value, low=0.0, high=lr, allowed=f"0 이상 lr({lr}) 이하의 유한한 실수")


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        fail(name, value, "True 또는 False", TypeError)
    return bool(value)


def _check_schedule(value, name: str = "schedule") -> Schedule:
    if not isinstance(value, Schedule):
        fail(name, value, "lrcourse.schedules의 팩토리가 만든 스케줄(예: cosine_annealing(0.1, 1000))", TypeError)
    return value


def _check_sorted_steps(name: str, values) -> tuple[int, ...]:
    """0 이상의 정수가 작은 것부터 (같은 값은 허용) 놓인 수열인지 검사하고 튜플로 돌려줍니다."""
    allowed = "0 이상의 정수를 작은 것부터 나열한 리스트"
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        fail(name, values, allowed, TypeError)
    out = []
    for i, v in enumerate(values):
        out.append(check_int(f"{name}[{i}]", v, low=0, allowed="0 이상의 정수"))
    for i in range(1, len(out)):
        if out[i] < out[i - 1]:
            fail(name, list(values), allowed + f" ({i}번째 값 {out[i]}이(가) 앞의 값 {out[i - 1]}보다 작습니다)")
    return tuple(out)


def _between(h, lo: float, hi: float) -> np.ndarray:
    """비율 h ∈ [0, 1]을 lo와 hi 사이의 학습률로 옮깁니다: lo·(1 − h) + hi·h.

    lo + (hi − lo)·h 로 쓰지 않는 까닭: 그 식은 h = 1에서 반올림 때문에 hi보다 1ulp 클 수
    있습니다 (예: lr=9.537719953556186). 이 식은 h = 0이면 정확히 lo, h = 1이면 정확히 hi이고,
    clip이 마지막 1ulp까지 [lo, hi] 안에 둡니다.
    """
    return np.clip(lo * (1 - h) + hi * h, lo, hi)
