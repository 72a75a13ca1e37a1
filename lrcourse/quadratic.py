"""최소제곱 문제 위의 경사 하강법: 학습률이 왜 2/L보다 작아야 하는지를 숫자로 봅니다.

문제는 :func:`lrcourse.data.make_least_squares`가 만듭니다. torch 없이 numpy float64로 계산합니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import schedules as _schedules
from ._checks import check_int, check_real, fail
from ._engine import lr_sequence
from .data import LeastSquares

__all__ = ["GDResult", "gradient_descent"]


@dataclass
class GDResult:
    """경사 하강법의 기록.

    Attributes:
        iterates: (steps + 1, dim) 배열. 0행이 시작점 x0입니다.
        losses: (steps + 1,) 배열. f(iterates[k]).
        lr: 쓴 학습률 (스텝마다; 상수면 모두 같음).
        diverged: 마지막 손실이 유한하지 않거나 시작 손실보다 크면 True.
    """

    iterates: np.ndarray
    losses: np.ndarray
    lr: np.ndarray
    diverged: bool

    def __repr__(self) -> str:
        state = "발산" if self.diverged else "수렴 중"
        return f"GDResult({len(self.losses) - 1}스텝, {state}, 마지막 손실={self.losses[-1]:.3g})"


def gradient_descent(problem: LeastSquares, lr, steps: int, x0=None) -> GDResult:
    """최소제곱 문제에서 경사 하강법 x_(k+1) = x_k − lr_k · ∇f(x_k)를 ``steps``번 합니다.

    ``lr``은 상수(실수) 또는 스케줄입니다(스텝 k에 ``lr(k)``). ``x0``를 주지 않으면 원점에서 시작합니다.
    상수 학습률이면 lr < 2/L에서 수렴하고 lr > 2/L에서 발산합니다(L = ``problem.L``).
    값이 넘쳐도 경고 없이 inf/nan을 그대로 기록합니다.
    """
    if not isinstance(problem, LeastSquares):
        fail("problem", type(problem).__name__, "lrcourse.data.make_least_squares()가 만든 문제", TypeError)
    steps = check_int("steps", steps, low=0)
    if isinstance(lr, _schedules.Schedule):
        lrs = lr_sequence(lr, 0, steps) if steps else np.zeros(0)
    else:
        lrs = np.full(steps, check_real("lr", lr, low=0.0, allowed="0 이상의 유한한 실수 또는 스케줄"))
    if x0 is None:
        x = np.zeros(problem.dim)
    else:
        x = np.asarray(x0, dtype=np.float64)
        if x.shape != (problem.dim,) or not np.all(np.isfinite(x)):
            fail("x0", x0, f"길이 {problem.dim}의 유한한 실수 배열")
    iterates = np.empty((steps + 1, problem.dim))
    iterates[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            x = x - lrs[k] * problem.grad(x)
            iterates[k + 1] = x
        losses = problem.loss(iterates)
    last = losses[-1]
    diverged = bool(not np.isfinite(last) or last > losses[0])
    return GDResult(iterates=iterates, losses=losses, lr=lrs, diverged=diverged)
