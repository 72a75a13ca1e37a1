"""스케줄 잇기(join), 에포크 단위(by_epoch), 그리고 그림에 표시할 스텝(milestone_steps, restart_steps)."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .._checks import check_int, fail
from ._core import Schedule, _check_schedule, _check_sorted_steps, _make
from ._marks import step_marks


def join(schedules: Sequence[Schedule], boundaries: Sequence[int]) -> Schedule:
    """여러 스케줄을 이어 붙입니다 (optax.join_schedules와 같은 방식).

    수식 (b₀ < b₁ < … 는 boundaries, b₋₁ = 0):
        b_{i−1} ≤ t < b_i 이면 lr(t) = schedules[i](t − b_{i−1})

    즉 i번째 스케줄은 자기 구간의 시작을 자기의 스텝 0으로 봅니다. 스텝 0에서 schedules[0](0),
    마지막 경계 뒤로는 마지막 스케줄이 끝까지 이어집니다. boundaries는 스텝 단위이며 개수는
    len(schedules) − 1 이어야 합니다. 예: ``join([constant(0.1), cosine_annealing(0.1, 900)], [100])``.
    """
    if isinstance(schedules, Schedule) or not isinstance(schedules, Sequence) or isinstance(schedules, str):
        fail("schedules", schedules, "스케줄의 리스트", TypeError)
    if len(schedules) == 0:
        fail("schedules", list(schedules), "스케줄이 하나 이상 든 리스트")
    pieces = tuple(_check_schedule(s, f"schedules[{i}]") for i, s in enumerate(schedules))
    boundaries = _check_sorted_steps("boundaries", boundaries)
    if len(boundaries) != len(pieces) - 1:
        fail(
            "boundaries",
            list(boundaries),
            f"스케줄 개수보다 하나 적은 {len(pieces) - 1}개의 경계 (받은 경계는 {len(boundaries)}개)",
        )
    starts = (0,) + boundaries

    def fn(t):
        which = np.searchsorted(boundaries, t, side="right")  # 조각 번호 = t 이하인 경계의 개수
        out = np.empty(t.shape)
        for i, piece in enumerate(pieces):
            here = which == i
            out[here] = piece._fn(t[here] - starts[i])  # 구간의 시작이 조각의 스텝 0
        return out

    return _make("join", fn, schedules=pieces, boundaries=boundaries)


def by_epoch(schedule: Schedule, steps_per_epoch: int) -> Schedule:
    """에포크 단위 스케줄을 스텝 단위로 씁니다: 한 에포크 동안 학습률이 일정합니다.

    수식: lr(t) = schedule(⌊t / steps_per_epoch⌋)

    안쪽 스케줄의 단위는 에포크입니다. 스텝 0에서 schedule(0)이고, 끝은 안쪽 스케줄을 따릅니다.
    원문의 "30 에포크마다 10배씩 줄인다"는 ``by_epoch(step_decay(0.1, step_size=30), steps_per_epoch)``
    한 줄입니다.
    """
    schedule = _check_schedule(schedule)
    steps_per_epoch = check_int("steps_per_epoch", steps_per_epoch, low=1, allowed="1 이상의 정수")
    inner = schedule._fn
    return _make("by_epoch", lambda t: inner(t // steps_per_epoch), schedule=schedule, steps_per_epoch=steps_per_epoch)


# ---------------------------------------------------------------------------
# 그림과 위젯을 위한 도우미
# ---------------------------------------------------------------------------


def _check_horizon(total_steps) -> int:
    return check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")


def _clip(steps: np.ndarray, horizon: int) -> np.ndarray:
    steps = np.unique(np.asarray(steps, dtype=np.int64))
    return steps[(steps > 0) & (steps < horizon)]


def milestone_steps(schedule: Schedule, total_steps: int) -> np.ndarray:
    """0 < m < total_steps 범위에서 스케줄의 단계가 바뀌는 스텝 m들을 정렬해 돌려줍니다 (int64 배열).

    단계가 바뀌는 스텝: 계단이 떨어지는 스텝(step_decay, multistep_decay, staircase 지수 감쇠),
    감쇠가 끝나는 스텝(polynomial_decay의 total_steps, cosine_annealing의 T_max), 재시작 스텝,
    워밍업이 끝나는 스텝, one_cycle·warmup_stable_decay의 구간이 시작하는 스텝, join의 경계.
    그림에 세로선을 긋거나 위젯에 "주요 스텝"을 보여 줄 때 씁니다. 부드러운 지수 감쇠나 상수에는
    빈 배열을 돌려줍니다.
    """
    schedule = _check_schedule(schedule)
    h = _check_horizon(total_steps)
    return _clip(step_marks(schedule, h)[0], h)


def restart_steps(schedule: Schedule, total_steps: int) -> np.ndarray:
    """0 < r < total_steps 범위에서 웜 리스타트가 일어나는 스텝 r들을 정렬해 돌려줍니다 (int64 배열).

    :func:`cosine_warm_restarts`의 재시작 스텝 S_n = T_0·(T_mult^n − 1)/(T_mult − 1) (n ≥ 1)을 정확한
    정수로 줍니다. linear_warmup, join, by_epoch로 감싼 스케줄은 그만큼 옮겨서 줍니다. 재시작이 없는
    스케줄에는 빈 배열을 돌려줍니다. 예: ``restart_steps(cosine_warm_restarts(0.1, 10, 2), 100)``
    → ``[10, 30, 70]``.
    """
    schedule = _check_schedule(schedule)
    h = _check_horizon(total_steps)
    return _clip(step_marks(schedule, h)[1], h)
