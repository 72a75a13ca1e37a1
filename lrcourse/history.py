"""학습 기록 :class:`History`와 그 그림.

:func:`lrcourse.train.fit`과 :func:`lrcourse.batched.fit_batched`가 학습 한 번마다 :class:`History` 하나를 돌려줍니다.
스텝마다의 학습률과 손실, 검증 결과, 발산 여부가 담기고, ``plot()``이 손실과 학습률을 한 그림에 그립니다.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ._checks import fail

__all__ = ["History"]


@dataclass
class History:
    """학습 한 번의 기록.

    Attributes:
        step: 기록한 옵티마이저 스텝 번호 (0부터; 재개한 학습이면 재개한 스텝부터).
        lr: 스텝마다 쓴 학습률 (``schedule(step)``).
        loss: 스텝마다 그 배치의 학습 손실 (업데이트 전).
        val_step: 검증한 시점(그때까지 끝난 스텝 수). 0이면 학습 전입니다.
        val_loss, val_acc: 검증 손실과 정확도.
        wall_time: 학습에 걸린 시간(초).
        diverged: 발산해서 멈췄는지. diverged_step: 발산을 알아챈 스텝(없으면 None).
        name: 이름(``compare``의 키). entropy_floor: 과제의 손실 하한(있으면).
        config: 학습 설정. checkpoint: ``checkpoint_at``을 줬을 때 재개용 상태.
    """

    step: np.ndarray
    lr: np.ndarray
    loss: np.ndarray
    val_step: np.ndarray
    val_loss: np.ndarray
    val_acc: np.ndarray
    wall_time: float
    diverged: bool = False
    diverged_step: int | None = None
    name: str = ""
    entropy_floor: float | None = None
    config: dict = field(default_factory=dict)
    checkpoint: dict | None = field(default=None, repr=False)

    @property
    def final_val_loss(self) -> float:
        """마지막 검증 손실 (없으면 NaN)."""
        return float(self.val_loss[-1]) if len(self.val_loss) else float("nan")

    @property
    def final_val_acc(self) -> float:
        """마지막 검증 정확도 (없으면 NaN)."""
        return float(self.val_acc[-1]) if len(self.val_acc) else float("nan")

    @property
    def excess_val_loss(self) -> np.ndarray:
        """검증 손실 − 엔트로피 하한 (하한을 아는 과제에서만)."""
        if self.entropy_floor is None:
            fail("entropy_floor", None, "하한을 아는 과제(trigram_stream, reversal_task)의 History")
        return self.val_loss - self.entropy_floor

    def __repr__(self) -> str:
        state = f"발산(스텝 {self.diverged_step})" if self.diverged else "완료"
        last = f", 마지막 검증 손실={self.final_val_loss:.4f}, 정확도={self.final_val_acc:.3f}" if len(self.val_loss) else ""
        label = f"{self.name!r}, " if self.name else ""
        return f"History({label}{len(self.loss)}스텝, {state}{last}, {self.wall_time:.2f}초)"

    def to_dict(self, as_lists: bool = False) -> dict:
        """평범한 사전으로 바꿉니다(재개용 ``checkpoint``는 빼고). ``as_lists=True``면 배열 대신 리스트(JSON용)."""
        out = {
            "name": self.name,
            "step": self.step,
            "lr": self.lr,
            "loss": self.loss,
            "val_step": self.val_step,
            "val_loss": self.val_loss,
            "val_acc": self.val_acc,
            "wall_time": float(self.wall_time),
            "diverged": bool(self.diverged),
            "diverged_step": self.diverged_step,
            "entropy_floor": self.entropy_floor,
            "config": dict(self.config),
        }
        if as_lists:
            for k, v in out.items():
                if isinstance(v, np.ndarray):
                    out[k] = [None if not math.isfinite(x) else x for x in v.tolist()]
        return out

    def plot(self, ax=None, *, title: str | None = None, log_lr: bool | None = None, smooth: int = 0):
        """손실(왼쪽 축)과 학습률(오른쪽 축)을 한 그림에 그립니다. 발산했으면 그 스텝을 표시합니다.

        Args:
            ax: 그릴 matplotlib Axes. 없으면 새로 만듭니다.
            log_lr: 학습률 축을 로그 눈금으로 할지. None이면 학습률의 10–90 백분위가 100배 넘게 다를 때만 로그입니다.
            smooth: 0보다 크면 학습 손실을 이 길이의 이동 평균으로도 그립니다.

        Returns:
            손실 축(Axes). 학습률 축은 ``ax.lr_axis``로 얻습니다.
        """
        return _plot_history(self, ax=ax, title=title, log_lr=log_lr, smooth=smooth)


def _plot_history(h: History, ax=None, title=None, log_lr=None, smooth=0):
    from . import plotting  # 한글 글꼴을 등록합니다

    if ax is None:
        _, ax = plotting.new_axes(figsize=(7.0, 4.0))
    loss_color, lr_color, val_color = plotting.PALETTE[0], plotting.PALETTE[4], plotting.PALETTE[2]
    loss = np.where(np.isfinite(h.loss), h.loss, np.nan)
    ax.plot(h.step, loss, color=loss_color, alpha=0.35 if smooth else 0.9, lw=1, label="학습 손실")
    if smooth and len(loss) >= smooth:
        kernel = np.ones(smooth) / smooth
        ax.plot(h.step[smooth - 1 :], np.convolve(loss, kernel, mode="valid"), color=loss_color, lw=2,
                label=f"학습 손실 (이동 평균 {smooth})")
    if len(h.val_step):
        ax.plot(h.val_step, h.val_loss, "o-", color=val_color, ms=3, lw=1.5, label="검증 손실")
    if h.entropy_floor is not None:
        ax.axhline(h.entropy_floor, color="0.4", ls=":", lw=1, label="엔트로피 하한")
    if h.diverged:
        plotting.mark_divergence(ax, h.diverged_step)
    lr_ax = ax.twinx()
    lr_ax.plot(h.step, h.lr, color=lr_color, lw=1.5, ls="--", label="학습률")
    lr_ax.set_ylabel("학습률", color=lr_color)
    lr_ax.tick_params(axis="y", colors=lr_color)
    positive = h.lr[h.lr > 0]
    if log_lr is None:
        # 학습률의 대부분(10–90 백분위)이 두 자릿수 넘게 걸칠 때만 로그 눈금. 워밍업의 0 근처나 코사인의 끝처럼
        # 잠깐 작은 값 때문에 로그로 바꾸면 오히려 모양이 일그러집니다.
        low, high = np.percentile(positive, [10, 90]) if len(positive) else (1.0, 1.0)
        log_lr = high / low > 100
    if log_lr and len(positive):
        lr_ax.set_yscale("log")
    plotting.style_axes(ax, title=title if title is not None else (f"{h.name}: 손실과 학습률" if h.name else "손실과 학습률"),
                        xlabel="스텝", ylabel="손실")
    handles, labels = ax.get_legend_handles_labels()
    lr_handles, lr_labels = lr_ax.get_legend_handles_labels()
    ax.legend(handles + lr_handles, labels + lr_labels, loc="best", fontsize="small")
    ax.lr_axis = lr_ax
    return ax
