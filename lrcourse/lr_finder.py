"""학습률 범위 시험(LR range test, Smith 2017; fastai의 ``lr_find``).

학습률을 아주 작은 값에서 큰 값까지 스텝마다 지수적으로 키우며 한 번 학습하고, 손실이 학습률에 따라 어떻게
변하는지 봅니다. 손실이 가장 가파르게 내려가는 곳과 가장 낮은 곳이 좋은 학습률의 실마리입니다.

fastai와 같게 한 점:

1. 학습률: lr_k = start_lr · (end_lr / start_lr)^(k / (steps − 1)), k = 0 … steps − 1.
2. 손실은 편향을 보정한 지수 이동 평균으로 부드럽게 합니다: a_k = β·a_(k−1) + (1 − β)·손실_k,
   부드러운 손실_k = a_k / (1 − β^(k+1)) (β = 0.98).
3. 부드러운 손실이 지금까지의 최저치의 ``diverge_factor``(4)배를 넘거나 NaN이 되면 멈춥니다.
4. 끝나면 모델의 가중치를 시작할 때의 값으로 되돌립니다(시험이 모델을 망가뜨리지 않도록).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch

from ._checks import check_int, check_real, fail
from ._engine import batches, cross_entropy, make_optimizer, optimizer_config, steps_per_epoch
from .data import Dataset, resolve_device, to_device

__all__ = ["LRFinderResult", "lr_range_test"]


@dataclass
class LRFinderResult:
    """학습률 범위 시험의 결과.

    Attributes:
        lr: 스텝마다 쓴 학습률 (멈춘 스텝까지).
        loss: 스텝마다의 학습 손실. smoothed_loss: 편향 보정 지수 이동 평균.
        steepest_lr: 부드러운 손실이 log(학습률)에 대해 가장 가파르게 내려가는 곳의 학습률.
        min_lr: 부드러운 손실이 가장 낮은 곳의 학습률.
        suggested_lr: fastai의 'minimum' 규칙 = min_lr / 10 (최저점은 이미 발산 직전이므로 한 자릿수 낮춥니다).
        diverged: 손실이 폭발해서 일찍 멈췄는지.
    """

    lr: np.ndarray
    loss: np.ndarray
    smoothed_loss: np.ndarray
    steepest_lr: float
    min_lr: float
    suggested_lr: float
    diverged: bool

    def __repr__(self) -> str:
        state = "발산해서 멈춤" if self.diverged else "끝까지 진행"
        return (f"LRFinderResult({len(self.lr)}스텝, {state}, 가장 가파른 곳={self.steepest_lr:.2e}, "
                f"최저점={self.min_lr:.2e}, 제안={self.suggested_lr:.2e})")

    def plot(self, ax=None, *, title: str = "학습률 범위 시험"):
        """손실(옅게)과 부드러운 손실을 로그 학습률 축에 그리고, 가장 가파른 곳과 최저점을 표시합니다."""
        from . import plotting

        if ax is None:
            _, ax = plotting.new_axes()
        ax.plot(self.lr, np.where(np.isfinite(self.loss), self.loss, np.nan), color=plotting.PALETTE[0],
                alpha=0.3, lw=1, label="손실")
        ax.plot(self.lr, self.smoothed_loss, color=plotting.PALETTE[0], lw=2, label="부드러운 손실")
        for lr, label, color, marker in ((self.steepest_lr, "가장 가파른 곳", plotting.PALETTE[1], "o"),
                                         (self.min_lr, "최저점", plotting.PALETTE[2], "s")):
            y = np.interp(np.log(lr), np.log(self.lr), self.smoothed_loss)
            ax.plot([lr], [y], marker, color=color, ms=8, label=f"{label} ({lr:.1e})")
        ax.axvline(self.suggested_lr, color=plotting.PALETTE[3], ls=":", lw=1.5, label=f"제안 ({self.suggested_lr:.1e})")
        ax.set_xscale("log")
        finite = self.smoothed_loss[np.isfinite(self.smoothed_loss)]
        if len(finite):  # 발산 직전의 치솟는 값 때문에 그림 전체가 눌리지 않도록 y 범위를 정합니다
            low, first = finite.min(), finite[0]
            ax.set_ylim(low - 0.1 * (first - low + 1e-12), first + 0.5 * (first - low + 1e-12))
        plotting.style_axes(ax, title=title, xlabel="학습률 (로그 눈금)", ylabel="손실")
        return ax


def lr_range_test(
    model: torch.nn.Module,
    data: Dataset,
    optimizer: str = "sgd",
    *,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    steps: int = 100,
    batch_size: int = 64,
    beta: float = 0.98,
    diverge_factor: float = 4.0,
    seed: int = 0,
    device="auto",
    momentum: float = 0.0,
    betas=(0.9, 0.999),
    weight_decay: float | None = None,
    restore: bool = True,
) -> LRFinderResult:
    """학습률 범위 시험(fastai ``lr_find``와 같은 방식)을 합니다. 식은 모듈 설명에 있습니다.

    Args:
        model, data, optimizer: :func:`lrcourse.train.fit`과 같습니다.
        start_lr, end_lr: 스텝 0과 마지막 스텝의 학습률.
        steps: 시험할 스텝 수(학습률 개수).
        beta: 손실을 부드럽게 하는 지수 이동 평균 계수.
        diverge_factor: 부드러운 손실이 최저치의 이 배수를 넘으면 멈춥니다.
        restore: True(기본)면 끝난 뒤 모델 가중치를 시작할 때 값으로 되돌립니다.

    Returns:
        :class:`LRFinderResult` (``.plot()``으로 그림).
    """
    if not isinstance(model, torch.nn.Module):
        fail("model", type(model).__name__, "torch.nn.Module", TypeError)
    if not isinstance(data, Dataset):
        fail("data", type(data).__name__, "lrcourse.data의 과제", TypeError)
    opt_config = optimizer_config(optimizer, momentum=momentum, betas=betas, weight_decay=weight_decay)
    start_lr = check_real("start_lr", start_lr, low=0.0, low_inclusive=False, allowed="0보다 큰 실수")
    end_lr = check_real("end_lr", end_lr, low=start_lr, low_inclusive=False, allowed=f"start_lr={start_lr}보다 큰 실수")
    steps = check_int("steps", steps, low=5, allowed="5 이상의 정수")
    batch_size = check_int("batch_size", batch_size, low=1)
    if not data.is_stream:
        steps_per_epoch(data, batch_size)  # batch_size가 학습 세트보다 크면 여기서 알립니다
    beta = check_real("beta", beta, low=0.0, high=1.0, high_inclusive=False)
    diverge_factor = check_real("diverge_factor", diverge_factor, low=1.0, low_inclusive=False,
                                allowed="1보다 큰 실수")
    seed = check_int("seed", seed, low=0)
    dev = resolve_device(device)
    data = to_device(data, dev)
    model.to(dev)
    saved = copy.deepcopy(model.state_dict()) if restore else None
    was_training = model.training
    model.train()
    opt = make_optimizer(opt_config, model.parameters(), start_lr)
    get_batch = batches(data, batch_size, seed, dev)
    lrs = start_lr * (end_lr / start_lr) ** (np.arange(steps) / (steps - 1))
    losses, smoothed = [], []
    avg, best, diverged = 0.0, math.inf, False
    for k in range(steps):
        for group in opt.param_groups:
            group["lr"] = float(lrs[k])
        x, y = get_batch(k)
        loss = cross_entropy(model(x), y)
        value = float(loss.detach())  # 멈출지 정하려면 값이 필요합니다(스텝 100개 정도라 동기화 비용은 작습니다)
        avg = beta * avg + (1 - beta) * value
        smooth = avg / (1 - beta ** (k + 1))
        losses.append(value)
        smoothed.append(smooth)
        if not math.isfinite(smooth) or smooth > diverge_factor * best:
            diverged = True
            break
        best = min(best, smooth)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    if restore:
        model.load_state_dict(saved)
    model.train(was_training)

    n = len(losses)
    lr_arr = lrs[:n].copy()
    smoothed_arr = np.asarray(smoothed)
    finite = np.isfinite(smoothed_arr)
    # 발산해서 멈춘 마지막 점은 빼고 고릅니다(그 점은 이미 폭발한 값입니다).
    usable = finite.copy()
    if diverged:
        usable[-1] = False
    idx = np.flatnonzero(usable)
    if len(idx) < 3:
        fail("start_lr", start_lr, "처음 몇 스텝 안에 발산하지 않을 만큼 작은 값 (범위를 더 작은 쪽으로 넓히세요)")
    min_i = idx[np.argmin(smoothed_arr[idx])]
    slope = np.gradient(smoothed_arr[idx], np.log(lr_arr[idx]))
    # 최저점까지 구간에서 가장 가파르게 내려가는 곳 (최저점 뒤의 오르막은 보지 않습니다).
    # 처음 10 %는 이동 평균이 아직 자리 잡지 않아 잡음이 기울기를 좌우하므로 건너뜁니다(옛 fastai의 skip_start).
    upto = (idx <= min_i) & (idx >= min(len(lr_arr) // 10, min_i))
    steep_i = idx[upto][np.argmin(slope[upto])]
    min_lr = float(lr_arr[min_i])
    return LRFinderResult(
        lr=lr_arr,
        loss=np.asarray(losses),
        smoothed_loss=smoothed_arr,
        steepest_lr=float(lr_arr[steep_i]),
        min_lr=min_lr,
        suggested_lr=min_lr / 10,
        diverged=diverged,
    )
