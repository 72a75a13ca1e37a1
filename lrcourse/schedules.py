"""학습률 스케줄: 스텝 t(0, 1, 2, …)의 순수 함수.

모든 스케줄은 팩토리 함수가 만드는 작고 변경 불가능한 호출 가능 객체(:class:`Schedule`)입니다.

- ``schedule(3)`` 처럼 정수를 넣으면 float 하나를 돌려줍니다.
- ``schedule(np.arange(100_000))`` 처럼 정수 numpy 배열을 넣으면 같은 모양의 float64 배열을
  돌려줍니다. 스텝마다 파이썬 루프를 돌지 않고 한 번에(벡터화) 계산합니다.
- 상태가 없으므로 같은 t에는 언제나 같은 값이 나옵니다. PyTorch 스케줄러처럼 직전 값에 곱해
  나가는 재귀식이 아니어서 오차가 쌓이지 않고, 중간 스텝에서 바로 재개할 수 있습니다.

단위는 모두 **스텝(옵티마이저 업데이트 한 번)** 입니다. 에포크 단위 스케줄은 :func:`by_epoch`로
스텝 단위로 바꿉니다.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from ._checks import as_steps, check_int, check_real, fail

__all__ = ["Schedule", "constant", "step_decay"]


@dataclass(frozen=True, eq=False, repr=False)
class Schedule:
    """스텝 → 학습률 함수. 직접 만들지 말고 팩토리(``cosine_annealing`` 등)를 쓰십시오.

    Attributes:
        name: 만든 팩토리의 이름 (예: ``"cosine_annealing"``).
        params: 팩토리에 준 인자 (읽기 전용 사전). 위젯과 repr이 씁니다.
    """

    name: str
    params: Mapping
    _fn: Callable[[np.ndarray], np.ndarray]

    def __call__(self, step):
        t, scalar = as_steps(step)
        lr = self._fn(t)
        if scalar:
            return float(lr)
        return np.asarray(lr, dtype=np.float64).reshape(t.shape)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.name}({args})"


def _make(name: str, fn: Callable[[np.ndarray], np.ndarray], **params) -> Schedule:
    """검사를 마친 인자로 :class:`Schedule`을 만듭니다. ``fn``은 int64 배열을 받아 float64 배열을 돌려줍니다."""
    return Schedule(name, MappingProxyType(dict(params)), fn)


def _check_lr(value, name: str = "lr") -> float:
    return check_real(name, value, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")


def _check_gamma(value, name: str = "gamma") -> float:
    return check_real(name, value, low=0.0, high=1.0, low_inclusive=False, allowed="0보다 크고 1 이하인 실수")


def constant(lr: float) -> Schedule:
    """상수 학습률.

    수식: lr(t) = lr

    스텝 0에서 lr이고 끝까지 lr입니다.
    """
    lr = _check_lr(lr)
    return _make("constant", lambda t: np.full(t.shape, lr), lr=lr)


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """스텝 감쇠(step decay): ``step_size`` 스텝마다 학습률에 ``gamma``를 곱합니다.

    수식: lr(t) = lr · gamma^⌊t / step_size⌋

    스텝 0에서 lr이며, t = step_size, 2·step_size, … 에서 계단처럼 떨어집니다. 끝이 없이 계속
    줄어듭니다. ``torch.optim.lr_scheduler.StepLR(step_size, gamma)``를 스텝마다 한 번
    ``step()``한 것과 같습니다. 에포크마다 줄이려면 ``by_epoch(step_decay(...), steps_per_epoch)``.
    """
    lr = _check_lr(lr)
    step_size = check_int("step_size", step_size, low=1, allowed="1 이상의 정수")
    gamma = _check_gamma(gamma)
    return _make(
        "step_decay",
        lambda t: lr * np.power(gamma, (t // step_size).astype(np.float64)),
        lr=lr,
        step_size=step_size,
        gamma=gamma,
    )
