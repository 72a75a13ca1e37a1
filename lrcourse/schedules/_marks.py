"""그림에 표시할 스텝: 스케줄의 단계가 바뀌는 스텝(마일스톤)과 웜 리스타트 스텝.

:func:`lrcourse.schedules.milestone_steps`와 :func:`~lrcourse.schedules.restart_steps`가 씁니다.
스케줄의 수식과 따로 두어, 팩토리는 학습률 계산만 담습니다. 표시는 스케줄의 ``name``과
``params``만 보고 계산하며, linear_warmup·join·by_epoch는 안쪽 스케줄의 표시를 옮겨 씁니다.

각 함수는 (params, 지평 h) → (마일스톤, 재시작)을 돌려줍니다. 0 이하나 h 이상의 스텝, 중복이
들어 있어도 됩니다: 부르는 쪽이 정렬하고 0 < 스텝 < h 만 남깁니다.
"""

from __future__ import annotations

import math

import numpy as np

from ._cosine import cycle_starts


def step_marks(schedule, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """스케줄의 (마일스톤, 재시작) 스텝을 int64 배열 두 개로 돌려줍니다 (정렬·잘라내기 전)."""
    marks = _MARKS.get(schedule.name, lambda p, h: ((), ()))  # constant: 표시할 스텝이 없음
    milestones, restarts = marks(schedule.params, horizon)
    return np.asarray(milestones, dtype=np.int64), np.asarray(restarts, dtype=np.int64)


def _multiples(step: int, horizon: int) -> np.ndarray:
    return np.arange(step, max(horizon, 0), step, dtype=np.int64)


def _cosine_warm_restarts(p, h):
    # 재시작 S_n (n ≥ 1): 주기 시작 스텝의 정확한 정수 표에서 (반올림 없음).
    restarts = cycle_starts(p["T_0"], p["T_mult"], max(h, 1))[1:]
    return restarts, restarts


def _one_cycle(p, h):
    # 구간의 끝 스텝 e는 schedules.one_cycle과 같은 식입니다. 다음 구간은 ⌊e⌋ + 1에서 시작하고,
    # e < 0인 구간은 비어 있습니다.
    T, pct = p["total_steps"], p["pct_start"]
    ends = [float(pct * T) - 1] + ([float(2 * pct * T) - 2] if p["three_phase"] else [])
    return [math.floor(e) + 1 for e in ends if e >= 0] + [T], []


def _warmup_stable_decay(p, h):
    T, W, D = p["total_steps"], p["warmup_steps"], p["decay_steps"]
    return sorted({W, T - D, T} - {0}), []


def _linear_warmup(p, h):
    W = p["warmup_steps"]
    m, r = step_marks(p["schedule"], max(h - W, 0))
    return np.concatenate([np.array([W] if W else [], dtype=np.int64), m + W]), r + W


def _join(p, h):
    edges = np.asarray(p["boundaries"], dtype=np.int64)
    starts = (0,) + p["boundaries"]
    ms, rs = [edges[edges > 0]], []
    for i, piece in enumerate(p["schedules"]):
        lo = starts[i]
        hi = starts[i + 1] if i + 1 < len(starts) else h
        m, r = step_marks(piece, max(hi - lo, 0))
        ms.append(m[m < hi - lo] + lo)
        rs.append(r[r < hi - lo] + lo)
    return np.concatenate(ms), np.concatenate(rs)


def _by_epoch(p, h):
    n = p["steps_per_epoch"]
    m, r = step_marks(p["schedule"], -(-h // n))
    return m * n, r * n


_MARKS = {
    "step_decay": lambda p, h: (_multiples(p["step_size"], h), []),
    "multistep_decay": lambda p, h: (p["milestones"], []),
    "exponential_decay": lambda p, h: (_multiples(p["decay_steps"], h) if p["staircase"] else [], []),
    "polynomial_decay": lambda p, h: ([p["total_steps"]], []),
    "cosine_annealing": lambda p, h: ([p["T_max"]], []),
    "cosine_warm_restarts": _cosine_warm_restarts,
    "one_cycle": _one_cycle,
    "warmup_stable_decay": _warmup_stable_decay,
    "linear_warmup": _linear_warmup,
    "join": _join,
    "by_epoch": _by_epoch,
}
