"""계단과 지수·다항식 감쇠: 상수, 스텝 감쇠, 마일스톤 감쇠, 지수 감쇠, 다항식 감쇠."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .._checks import check_int, check_real
from ._core import Schedule, _between, _check_bool, _check_gamma, _check_lr, _check_min_lr, _check_sorted_steps, _make



def constant(lr: float) -> Schedule:
    """상수 학습률.

    수식: lr(t) = lr   (t는 스텝)

    스텝 0에서 lr이고 끝 없이 lr입니다. PyTorch에서 스케줄러를 쓰지 않은 것, 또는
    ``ConstantLR(factor=1.0)``과 같습니다. 다른 스케줄과 비교할 기준선으로 씁니다.
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

    def fn(t):
        drops = t // step_size  # 지금까지 떨어진 횟수
        return lr * gamma**drops

    return _make("step_decay", fn, lr=lr, step_size=step_size, gamma=gamma)


def multistep_decay(lr: float, milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    """여러 마일스톤 감쇠: 스텝이 마일스톤에 닿을 때마다 학습률에 ``gamma``를 곱합니다.

    수식: lr(t) = lr · gamma^(t 이하인 마일스톤의 개수)

    스텝 0에서 lr입니다 (마일스톤에 0이 있으면 lr·gamma). 마지막 마일스톤 뒤로는 일정합니다.
    ``torch.optim.lr_scheduler.MultiStepLR(milestones, gamma)``와 같습니다. PyTorch처럼 같은
    마일스톤을 두 번 쓰면 그 스텝에서 gamma²를 곱합니다. 마일스톤은 스텝 단위입니다.
    """
    lr = _check_lr(lr)
    milestones = _check_sorted_steps("milestones", milestones)
    gamma = _check_gamma(gamma)

    def fn(t):
        drops = np.searchsorted(milestones, t, side="right")  # t 이하인 마일스톤의 개수
        return lr * gamma**drops

    return _make("multistep_decay", fn, lr=lr, milestones=milestones, gamma=gamma)


def exponential_decay(lr: float, gamma: float, decay_steps: int = 1, staircase: bool = False) -> Schedule:
    """지수 감쇠: 원문의 ``new_lr = initial_lr * (decay_rate ^ step)``.

    수식: lr(t) = lr · gamma^(t / decay_steps)   (staircase=True면 지수를 ⌊t / decay_steps⌋로 내림)

    스텝 0에서 lr이고, decay_steps 스텝마다 gamma배가 됩니다. 끝없이 0을 향해 줄어듭니다.
    decay_steps=1이면 ``torch.optim.lr_scheduler.ExponentialLR(gamma)``와 같습니다. PyTorch는 매
    스텝 직전 값에 gamma를 곱하지만 여기서는 닫힌 식이라 오차가 쌓이지 않습니다.
    """
    lr = _check_lr(lr)
    gamma = _check_gamma(gamma)
    decay_steps = check_int("decay_steps", decay_steps, low=1, allowed="1 이상의 정수")
    staircase = _check_bool(staircase, "staircase")

    def fn(t):
        exponent = t // decay_steps if staircase else t / decay_steps
        return lr * gamma**exponent

    return _make("exponential_decay", fn, lr=lr, gamma=gamma, decay_steps=decay_steps, staircase=staircase)


def polynomial_decay(lr: float, total_steps: int, power: float = 1.0, end_lr: float = 0.0) -> Schedule:
    """다항식 감쇠: total_steps 스텝에 걸쳐 lr에서 end_lr로 줄어듭니다.

    수식: lr(t) = end_lr + (lr − end_lr) · (1 − min(t, total_steps) / total_steps)^power

    스텝 0에서 lr, 스텝 total_steps에서 end_lr이고 그 뒤로는 end_lr에 머뭅니다. power=1이면 직선입니다.
    end_lr=0이면 ``torch.optim.lr_scheduler.PolynomialLR(total_iters=total_steps, power=power)``와
    같습니다 (PyTorch에는 end_lr이 없습니다).
    """
    lr = _check_lr(lr)
    total_steps = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    power = check_real("power", power, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    end_lr = _check_min_lr(end_lr, lr, "end_lr")

    def fn(t):
        # 남은 비율 1 − min(t, total_steps)/total_steps: 정수로 빼서 끝에서 정확히 0
        remaining = (total_steps - np.minimum(t, total_steps)) / total_steps
        return _between(remaining**power, end_lr, lr)

    return _make("polynomial_decay", fn, lr=lr, total_steps=total_steps, power=power, end_lr=end_lr)
