"""스케줄러 점검기의 판정 규칙: 학습률 기록(스텝마다 한 값)에서 흔한 스케줄 실수를 찾습니다.

:mod:`lrcourse.inspect`가 씁니다. 여기 함수들은 torch를 모르고 numpy 배열만 봅니다. 각 규칙은 학습률
곡선의 모양만 보는 어림 규칙(heuristic)이라 한계가 있습니다. 한계는 규칙마다 적어 두었고, 모아서
:func:`lrcourse.inspect.inspect_scheduler`의 설명에 있습니다.

모든 규칙은 ``(kind, step, message)`` 튜플의 리스트를 돌려줍니다. ``step``은 기록의 행 번호, 곧 그 학습률을
쓰는 옵티마이저 스텝입니다.
"""

from __future__ import annotations

import numpy as np

__all__ = ["KINDS", "find_shape_problems"]

# 찾는 것의 종류 → 그림과 표에 쓰는 짧은 한국어 이름.
KINDS = {
    "error": "오류",
    "warning": "경고",
    "lr_never_changes": "바뀌지 않음",
    "cosine_rises_again": "다시 올라감",
    "min_not_reached": "최솟값에 못 닿음",
    "min_reached_early": "최솟값에 일찍 닿음",
    "epoch_schedule_per_batch": "에포크 스케줄을 배치마다",
    "batch_schedule_per_epoch": "스텝 스케줄을 에포크마다",
}

# 학습률이 '같다'고 볼 상대 허용 오차. PyTorch의 재귀식 스케줄러는 같은 값을 조금 다르게 다시 계산하기도 합니다.
_RTOL = 1e-10
# 다시 올라가는 양이 감쇠 깊이의 이 비율보다 작으면 무시합니다.
_MIN_RISE = 1e-3
# 감쇠가 끝에서 아직 '가파르다': 마지막 스텝의 기울기가 감쇠 중 가장 가파른 기울기의 이 비율 이상.
_STEEP_AT_END = 0.2


def _signs(lr: np.ndarray, scale: float) -> np.ndarray:
    """스텝마다 학습률이 오르면 +1, 내리면 −1, 그대로면 0 (허용 오차 안의 차이는 0)."""
    d = np.diff(lr)
    tol = _RTOL * scale
    return np.where(d > tol, 1, np.where(d < -tol, -1, 0))


def _runs(signs: np.ndarray) -> list[tuple[int, int, int]]:
    """같은 부호가 이어지는 구간 (부호, 시작, 끝(포함하지 않음))의 리스트. 인덱스는 diff의 인덱스입니다."""
    if signs.size == 0:
        return []
    cut = np.flatnonzero(np.diff(signs)) + 1
    starts = np.concatenate(([0], cut))
    ends = np.concatenate((cut, [signs.size]))
    return [(int(signs[s]), int(s), int(e)) for s, e in zip(starts, ends)]


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def rises_again(lr: np.ndarray, planned_end: int) -> list[tuple]:
    """매끄럽게 줄던 학습률이 바닥을 찍고 다시 서서히 올라가는 곳(코사인의 끝을 지난 ``CosineAnnealingLR`` 등).

    규칙: 2스텝 이상 줄어든 구간 바로 뒤에 2스텝 이상 늘어나는 구간이 있고, (1) 바닥이 평평하고(바닥 바로
    앞뒤의 기울기가 감쇠 중 가장 가파른 기울기의 1/4 이하: 코사인의 끝), (2) 한 스텝에 오른 양이 오른 양 전체의
    절반보다 작고(웜 리스타트처럼 한 번에 뛰어오르는 재시작이 아님), (3) 오른 양이 감쇠 깊이의 0.1 % 이상입니다.
    한계: 일부러 매끄럽게 오르내리는 주기 스케줄(매끄러운 모양의 ``CyclicLR``)도 찾습니다. 삼각형
    ``CyclicLR``은 바닥이 뾰족해 찾지 않습니다. 처음 한 곳만 알립니다.
    """
    scale = float(np.max(np.abs(lr))) if lr.size else 0.0
    if lr.size < 5 or scale == 0.0:
        return []
    d = np.diff(lr)
    runs = _runs(_signs(lr, scale))
    for (s0, a0, e0), (s1, a1, e1) in zip(runs, runs[1:]):
        if s0 != -1 or s1 != 1 or e0 - a0 < 2 or e1 - a1 < 2:
            continue
        down, up = -d[a0:e0], d[a1:e1]
        bottom = e0  # 바닥의 행 번호 (diff 인덱스 e0 − 1 다음 행)
        depth = lr[a0] - lr[bottom]
        rise = lr[e1] - lr[bottom]
        flat_bottom = min(down[-1], up[0]) <= 0.25 * down.max()
        gradual = up.max() < 0.5 * rise
        if flat_bottom and gradual and rise >= _MIN_RISE * depth:
            early = ""
            if bottom < planned_end - 1:
                early = f" 계획한 끝(스텝 {planned_end})보다 {planned_end - bottom}스텝 일찍 바닥에 닿았습니다."
            message = (f"스텝 {bottom}에서 학습률이 바닥({_fmt(lr[bottom])})에 닿은 뒤 다시 올라갑니다: "
                       f"스텝 {e1}에서 {_fmt(lr[e1])}.{early} CosineAnnealingLR은 T_max를 지나면 코사인을 따라 "
                       "다시 올라갑니다. T_max(또는 감쇠 길이)를 실제로 step()하는 횟수에 맞추세요.")
            return [("cosine_rises_again", bottom, message)]
    return []


def decay_end(lr: np.ndarray, planned_end: int) -> list[tuple]:
    """계획한 끝(``planned_end``, 행 0 … planned_end − 1)에서 감쇠가 최솟값에 닿는지 봅니다.

    가장 높은 점(워밍업의 끝)부터 끝까지가 줄기만 하고(늘어나는 스텝 없음) 깊이가 봉우리의 5 % 이상일 때만
    봅니다. 다시 올라가는 곡선은 :func:`rises_again`이 맡습니다.

    - 일찍 닿음: 최솟값에 닿은 뒤 끝까지 그대로인 스텝이 max(2, 계획한 스텝의 1 %)보다 많습니다. 바닥까지가
      매끄러운 감쇠(줄어드는 스텝이 절반 이상)일 때만 봅니다. 계단 스케줄은 원래 그대로인 구간이 깁니다.
    - 못 닿음: 마지막 스텝에서도 학습률이 줄고 있고, 그 기울기가 감쇠 중 가장 가파른 기울기의 20 % 이상이며,
      남은 학습률이 그 기울기로 5스텝 넘게 더 줄 수 있는 양입니다. 제때 끝나는 코사인은 끝에서 기울기가
      0에 가깝고, 제때 0에 닿는 선형 감쇠는 마지막 스텝에 한 스텝 분량만 남습니다.
      한계: 0이 아닌 바닥(eta_min > 0)으로 가는 *선형* 감쇠는 제때 끝나도 못 닿았다고 봅니다. 바닥의 값을
      곡선만 보고는 알 수 없기 때문입니다.
    - 끝까지 올라감: 가장 높은 점이 마지막 스텝이고 그때도 오르고 있으면 워밍업이 끝나지 않은 것입니다.
    """
    r = lr[:planned_end]
    if r.size < 10:
        return []
    scale = float(np.max(np.abs(r)))
    if scale == 0.0:
        return []
    tol = _RTOL * scale
    peak = int(np.argmax(r))
    end = r.size - 1
    if peak == end and r[end] - r[end - 1] > tol and r[end] > r[0] + tol:
        return [("min_not_reached", end,
                 f"계획한 끝(스텝 {planned_end})까지 학습률이 계속 올라갑니다({_fmt(r[0])} → {_fmt(r[end])}): "
                 "워밍업이 끝나지 않았고 감쇠는 시작도 하지 않았습니다. 워밍업·전체 길이를 실제로 step()하는 "
                 "횟수로 쓰세요.")]
    decay = r[peak:]
    if decay.size < 10 or r[peak] - r[end] < 0.05 * abs(r[peak]) or np.any(np.diff(decay) > tol):
        return []
    d = -np.diff(decay)
    steepest = float(d.max())
    bottom = peak + int(np.flatnonzero(decay <= decay[-1] + tol)[0])
    moving = np.count_nonzero(d[: bottom - peak] > tol)
    if end - bottom > max(2, planned_end // 100) and moving >= 0.5 * (bottom - peak):
        return [("min_reached_early", bottom,
                 f"학습률이 스텝 {bottom}에서 최솟값 {_fmt(r[bottom])}에 닿고 계획한 끝(스텝 {planned_end})까지 "
                 f"{planned_end - bottom}스텝 동안 그대로입니다: 감쇠가 일찍 끝납니다. 감쇠 길이를 (전체 스텝 − 워밍업)에 "
                 "맞추세요.")]
    last = float(d[-1])
    if last > tol and last >= _STEEP_AT_END * steepest and r[end] > 5 * last:
        share = 100 * r[end] / r[peak]
        return [("min_not_reached", end,
                 f"계획한 끝(스텝 {planned_end})에서도 학습률이 {_fmt(r[end])}(봉우리의 {share:.3g} %)이고 스텝마다 "
                 f"{_fmt(last)}씩 줄고 있습니다: 감쇠가 최솟값에 닿기 전에 학습이 끝납니다. 감쇠 길이(T_max, "
                 "total_steps …)를 실제로 step()하는 횟수에 맞추세요(워밍업이 있으면 그만큼 뺍니다).")]
    return []


def epoch_vs_batch(lr: np.ndarray, steps_per_epoch: int, interval: str, scheduler_steps: int) -> list[tuple]:
    """에포크 단위로 쓴 스케줄을 배치마다 step()했는지, 또는 그 반대인지 봅니다.

    배치마다(``interval="step"``) — 에포크 단위 스케줄로 보이는 경우, 둘 중 하나:

    - 계단 스케줄(학습률이 바뀌는 스텝이 10 % 이하, 두 번 이상)인데 바뀌는 간격(중앙값)이 한 에포크보다
      짧습니다. 예: ``StepLR(step_size=30)``을 에포크당 100스텝인 학습에서 배치마다 부르면 30스텝마다, 곧
      의도보다 100배 자주 바뀝니다.
    - 학습률이 첫 에포크 안에서, 그 에포크의 가장 높은 값 뒤에 그 값의 1 % 아래로 떨어지는데, 학습은 두 에포크
      이상입니다.

    에포크마다(``interval="epoch"``) — 스텝 단위 스케줄로 보이는 경우: 학습률이 step()마다 바뀌는
    매끄러운 스케줄인데(step()의 절반 이상에서 바뀜) 학습이 끝날 때까지 (1) 아직 오르고 있거나(워밍업이 안
    끝남) (2) 처음 값에서 10 % 넘게 움직이지 않았습니다. 예: ``OneCycleLR(total_steps=3000)``을 30 에포크
    동안 에포크마다 부르면 3000스텝 가운데 처음 30스텝만 씁니다.
    한계: 한 에포크보다 짧은 간격이 의도인 계단 스케줄, 일부러 아주 조금만 바꾸는 스케줄도 찾습니다.
    """
    rows = lr.size
    scale = float(np.max(np.abs(lr))) if rows else 0.0
    if rows < 2 or scale == 0.0 or steps_per_epoch < 2:
        return []
    tol = _RTOL * scale
    changes = np.flatnonzero(np.abs(np.diff(lr)) > tol) + 1  # 학습률이 바뀐 행
    if interval == "step":
        if 2 <= changes.size <= 0.1 * rows:
            gap = int(np.median(np.diff(np.concatenate(([0], changes)))))
            if gap < steps_per_epoch:
                factor = steps_per_epoch / gap
                return [("epoch_schedule_per_batch", int(changes[0]),
                         f"학습률이 {gap}스텝마다 바뀝니다: 한 에포크({steps_per_epoch}스텝)에 {factor:.3g}번입니다. "
                         f"StepLR(step_size={gap})처럼 에포크 수로 쓴 스케줄을 배치마다 step()하면 "
                         f"{steps_per_epoch}배 자주 바뀝니다. 에포크가 끝날 때 한 번 step()하거나, 간격을 스텝으로 "
                         f"쓰세요(예: step_size={gap * steps_per_epoch}).")]
        # 첫 에포크의 봉우리 뒤만 봅니다: 워밍업은 봉우리의 1 % 아래에서 시작하기도 합니다.
        first = lr[:steps_per_epoch]
        top = int(np.flatnonzero(first >= first.max() - tol)[0])  # 재귀식의 반올림으로 나중 봉우리가 조금 높아도 첫 봉우리
        peak = float(lr[top])
        low = np.flatnonzero(lr[top: steps_per_epoch] <= 0.01 * peak)
        if peak > 0 and low.size and rows >= 2 * steps_per_epoch:
            step = top + int(low[0])
            return [("epoch_schedule_per_batch", step,
                     f"학습률이 첫 에포크 안(스텝 {step})에 봉우리 {_fmt(peak)}의 1 % 아래로 떨어지는데 학습은 "
                     f"{rows / steps_per_epoch:.3g} 에포크입니다. 에포크 수로 쓴 스케줄(T_max, step_size, gamma …)을 "
                     f"배치마다 step()한 것 같습니다: 한 에포크는 {steps_per_epoch}스텝입니다.")]
        return []
    if scheduler_steps < 2 or changes.size < 0.5 * scheduler_steps:
        return []
    end = rows - 1
    first, last = float(lr[0]), float(lr[end])
    still_rising = last > float(lr[changes[-1] - 1]) + tol and last >= float(np.max(lr)) - tol
    moved = float(np.max(lr) - np.min(lr)) / scale
    if still_rising or moved <= 0.1:
        what = ("아직 오르고 있습니다(워밍업이 끝나지 않음)" if still_rising
                else f"처음 값 {_fmt(first)}에서 {100 * moved:.2g} %만 움직였습니다")
        return [("batch_schedule_per_epoch", end,
                 f"에포크마다 {scheduler_steps}번 step()했는데 학습이 끝날 때 학습률이 {what}: 스케줄의 처음 일부만 "
                 f"쓴 것 같습니다. OneCycleLR(total_steps=…)처럼 스텝 수로 쓴 스케줄이라면 배치마다 step()하세요"
                 f"(한 에포크 {steps_per_epoch}스텝).")]
    return []


def never_changes(lrs: np.ndarray) -> list[tuple]:
    """모든 파라미터 그룹에서 학습률이 한 번도 바뀌지 않았는지 봅니다."""
    if lrs.shape[0] < 2 or np.any(lrs != lrs[0]):
        return []
    values = ", ".join(_fmt(v) for v in lrs[0])
    return [("lr_never_changes", 0,
             f"{lrs.shape[0]}스텝 동안 학습률이 한 번도 바뀌지 않았습니다({values}). 스케줄이 이 학습 길이에서 "
             "아무것도 하지 않습니다: 간격(step_size, milestones)이 학습보다 길거나, 다른 옵티마이저에 붙였거나, "
             "ReduceLROnPlateau의 지표가 나빠지지 않았습니다.")]


def find_shape_problems(lrs: np.ndarray, *, planned_end: int | None, steps_per_epoch: int | None,
                        interval: str, scheduler_steps: int) -> list[tuple]:
    """학습률 기록 ``lrs``(모양 (스텝, 그룹))의 모양에서 찾은 것들. 종류마다 가장 이른 것 하나만 돌려줍니다.

    ``planned_end``가 None이면(기록이 계획한 끝보다 짧음) 끝에서의 감쇠는 보지 않습니다.
    """
    bad = np.flatnonzero(~np.all(np.isfinite(lrs), axis=1))
    if bad.size:  # NaN·무한대에서는 모양 규칙이 뜻이 없습니다
        step = int(bad[0])
        values = ", ".join(_fmt(v) for v in lrs[step])
        return [("error", step, f"스텝 {step}의 학습률이 유한한 수가 아닙니다({values}). 스케줄의 식을 확인하세요.")]
    found = never_changes(lrs)
    if found:
        return found
    groups = lrs.shape[1]
    by_kind: dict[str, tuple] = {}
    for g in range(groups):
        lr = lrs[:, g]
        candidates = rises_again(lr, planned_end or lr.size)
        if planned_end is not None:
            candidates += decay_end(lr, planned_end)
        if steps_per_epoch is not None:
            candidates += epoch_vs_batch(lr, steps_per_epoch, interval, scheduler_steps)
        for kind, step, message in candidates:
            if groups > 1:
                message = f"(파라미터 그룹 {g}) {message}"
            if kind not in by_kind or step < by_kind[kind][1]:
                by_kind[kind] = (kind, step, message)
    return sorted(by_kind.values(), key=lambda f: f[1])
