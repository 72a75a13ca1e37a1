"""워밍업이 있는 스케줄: 선형 워밍업, 1cycle, 워밍업-유지-감쇠(WSD)."""

from __future__ import annotations

import numpy as np

from .._checks import check_choice, check_int, check_real, fail
from ._core import Schedule, _between, _check_bool, _check_lr, _check_min_lr, _check_schedule, _make


def linear_warmup(schedule: Schedule, warmup_steps: int, start_factor: float = 0.0) -> Schedule:
    """선형 워밍업을 앞에 붙입니다: 처음 warmup_steps(W) 스텝 동안 학습률을 직선으로 올린 뒤 본 스케줄로.

    수식 (s = start_factor, base = schedule(0)):
        t < W:  lr(t) = base · (s + (1 − s) · t / W)
        t ≥ W:  lr(t) = schedule(t − W)

    스텝 0에서 base·s (기본값 s = 0이면 0), 스텝 W에서 base이고, 그 뒤는 본 스케줄입니다.
    **본 스케줄은 t − W를 받습니다**: 워밍업이 끝난 스텝 W가 본 스케줄의 스텝 0입니다. 그래서 전체
    학습이 total 스텝이면 본 스케줄은 total − W 스텝만 돕니다. 예를 들어 전체 10 000 스텝에 워밍업
    500 스텝이면 ``linear_warmup(cosine_annealing(lr, T_max=9_500), 500)``이라야 마지막 스텝에서
    eta_min에 닿습니다 (T_max=10 000으로 두면 끝에서 아직 다 줄지 않습니다).

    start_factor 기본값 0: Hugging Face ``transformers``의 ``get_*_schedule_with_warmup``과 같은
    관례입니다(스텝 0의 학습률이 0). 실제로 ``linear_warmup(polynomial_decay(lr, total − W), W)``와
    ``linear_warmup(cosine_annealing(lr, total − W), W)``는 HF의 선형/코사인 워밍업 스케줄과 같은
    값을 줍니다. PyTorch ``LinearLR``의 기본값 1/3은 원문이 말하는 "매우 작은 학습률"이 아니어서
    따르지 않았습니다. 스텝 0을 낭비하기 싫으면 start_factor=1/W 같은 작은 양수를 주세요.
    timm의 ``warmup_prefix=False``(기본값)는 본 스케줄이 워밍업 동안에도 진행되므로 여기와 다르고,
    ``warmup_prefix=True``가 여기와 같은 방식입니다.

    s > 0이면 PyTorch의
    ``SequentialLR([LinearLR(start_factor=s, total_iters=W), main], milestones=[W])``와 같습니다
    (SequentialLR도 스텝 W에서 main을 그 스텝 0으로 다시 시작합니다).
    warmup_steps=0이면 본 스케줄 그대로입니다.
    """
    schedule = _check_schedule(schedule)
    warmup_steps = check_int("warmup_steps", warmup_steps, low=0, allowed="0 이상의 정수")
    start_factor = check_real("start_factor", start_factor, low=0.0, high=1.0, allowed="0 이상 1 이하의 실수")
    W, s = warmup_steps, start_factor
    main = schedule._fn
    base = float(main(np.zeros(1, dtype=np.int64))[0])
    slope = (1.0 - s) / W if W else 0.0

    def fn(t):
        warmup = (t * slope + s) * base  # base · (s + (1 − s) · t / W)
        return np.where(t < W, warmup, main(np.maximum(t - W, 0)))

    return _make("linear_warmup", fn, schedule=schedule, warmup_steps=W, start_factor=s)


def one_cycle(
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    anneal_strategy: str = "cos",
    three_phase: bool = False,
) -> Schedule:
    """1cycle 정책: 작은 학습률에서 max_lr까지 올렸다가, 처음보다 훨씬 작은 값까지 내립니다.

    initial_lr = max_lr / div_factor, min_lr = initial_lr / final_div_factor 입니다.
    구간 경계는 PyTorch와 똑같이 e₁ = pct_start·total_steps − 1 (three_phase면 e₂ = 2·pct_start·total_steps − 2),
    마지막 경계는 total_steps − 1 입니다 (부동소수점 값 그대로 씁니다).

    수식 (a = 구간 시작 스텝, b = 구간 끝 스텝, p = (t − a)/(b − a)):
        t ≤ e₁:         initial_lr → max_lr        (a = 0, b = e₁)
        (three_phase) t ≤ e₂: max_lr → initial_lr  (a = e₁, b = e₂)
        그 밖:          (직전 값) → min_lr          (b = total_steps − 1)
        anneal_strategy='cos':    lr = end + (start − end)/2 · (1 + cos(π·p))
        anneal_strategy='linear': lr = start + (end − start) · p

    스텝 0에서 initial_lr (pct_start·total_steps < 1이면 PyTorch처럼 바로 내려가는 구간에서 시작),
    스텝 total_steps − 1에서 min_lr입니다. 0 ≤ t < total_steps에서
    ``torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy, div_factor,
    final_div_factor, three_phase)``와 같습니다. PyTorch와 다른 점: 스텝 total_steps 이후 PyTorch는
    곡선을 넘어 외삽하거나(스텝 total_steps) 오류를 내지만(그 뒤), 여기서는 min_lr에 머뭅니다.
    구간 길이가 0이면(pct_start·total_steps = 1) PyTorch는 0으로 나누기 오류를 내지만 여기서는 그
    스텝에 구간의 끝 값을 줍니다. three_phase=True에서는 두 번째 구간이 total_steps 안에 끝나도록
    pct_start ≤ 0.5여야 합니다 (PyTorch는 검사하지 않고 min_lr에 닿지 않는 곡선을 만듭니다).
    """
    max_lr = _check_lr(max_lr, "max_lr")
    total_steps = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    pct_start = check_real(
        "pct_start", pct_start, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False, allowed="0과 1 사이(양 끝 제외)의 실수"
    )
    div_factor = check_real("div_factor", div_factor, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    final_div_factor = check_real(
        "final_div_factor", final_div_factor, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수"
    )
    anneal_strategy = check_choice("anneal_strategy", anneal_strategy, ("cos", "linear"))
    three_phase = _check_bool(three_phase, "three_phase")
    if three_phase and pct_start > 0.5:
        fail("pct_start", pct_start, "three_phase=True일 때는 0보다 크고 0.5 이하인 실수")
    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    # 구간마다 (끝 스텝, 시작 학습률, 끝 학습률). PyTorch의 _schedule_phases와 같은 값입니다.
    if three_phase:
        phases = [
            (float(pct_start * total_steps) - 1, initial_lr, max_lr),
            (float(2 * pct_start * total_steps) - 2, max_lr, initial_lr),
            (float(total_steps - 1), initial_lr, min_lr),
        ]
    else:
        phases = [
            (float(pct_start * total_steps) - 1, initial_lr, max_lr),
            (float(total_steps - 1), max_lr, min_lr),
        ]
    ends, first_lr, last_lr = (np.array(column) for column in zip(*phases))
    starts = np.concatenate([[0.0], ends[:-1]])  # 구간의 시작 = 앞 구간의 끝

    def fn(t):
        # 1. 스텝이 든 구간 = t보다 앞에서 끝난 구간의 수 (마지막 구간은 그 뒤 전부)
        i = sum(t > end for end in ends[:-1])
        # 2. 구간 안의 진행률 p = (t − a)/(b − a). 길이 0인 구간(t = a = b)에서는 끝 값(p = 1)
        a, b = starts[i], ends[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(b != a, (t - a) / (b - a), 1.0)
        # 3. 구간의 시작 학습률에서 끝 학습률로
        if anneal_strategy == "cos":
            lr = last_lr[i] + (first_lr[i] - last_lr[i]) / 2 * (1 + np.cos(np.pi * p))
        else:
            lr = first_lr[i] + (last_lr[i] - first_lr[i]) * p
        # 4. total_steps 이후에는 min_lr에 머묾 (PyTorch는 오류)
        return np.where(t < total_steps, lr, min_lr)

    return _make(
        "one_cycle",
        fn,
        max_lr=max_lr,
        total_steps=total_steps,
        pct_start=pct_start,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
        anneal_strategy=anneal_strategy,
        three_phase=three_phase,
    )


def warmup_stable_decay(
    lr: float,
    total_steps: int,
    warmup_steps: int,
    decay_steps: int,
    min_lr: float = 0.0,
    decay_shape: str = "linear",
) -> Schedule:
    """워밍업-유지-감쇠(WSD, warmup-stable-decay): 올리고, 한동안 유지하고, 마지막 decay_steps 동안 내립니다.

    W = warmup_steps, D = decay_steps, T = total_steps, p = (t − (T − D)) / D 로

    수식:
        t < W:           lr(t) = lr · t / W                     (워밍업, 스텝 0에서 0)
        W ≤ t < T − D:   lr(t) = lr                              (유지)
        T − D ≤ t ≤ T:   lr(t) = min_lr + (lr − min_lr) · f(p)   (감쇠)
        t > T:           lr(t) = min_lr
        f(p) = 1 − p ('linear'), (1 + cos(π·p))/2 ('cosine'), 1 − √p ('1-sqrt')

    스텝 0에서 0 (W = 0이면 lr), 스텝 T에서 min_lr이고 그 뒤로 min_lr에 머뭅니다. 단위는 스텝입니다.
    PyTorch에는 이 스케줄이 없습니다. 워밍업 관례는 :func:`linear_warmup`(start_factor=0)과 같습니다.
    """
    lr = _check_lr(lr)
    T = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    W = check_int("warmup_steps", warmup_steps, low=0, high=T - 1, allowed=f"0 이상 total_steps({T}) 미만의 정수")
    D = check_int(
        "decay_steps", decay_steps, low=0, high=T - W, allowed=f"0 이상 total_steps − warmup_steps({T - W}) 이하의 정수"
    )
    min_lr = _check_min_lr(min_lr, lr, "min_lr")
    decay_shape = check_choice("decay_shape", decay_shape, ("linear", "cosine", "1-sqrt"))
    f = {  # f(p), p = k/D: 감쇠를 시작한 뒤 k 스텝째의 진행률
        "linear": lambda k: 1 - k / D,
        "cosine": lambda k: (1 + np.cos(np.pi * k / D)) / 2,
        "1-sqrt": lambda k: 1 - np.sqrt(k / D),
    }[decay_shape]

    def fn(t):
        warmup = t * (lr / W) if W else 0.0  # 0에서 lr까지 직선
        k = np.clip(t, T - D, T) - (T - D)  # 0…D (T 뒤로는 D)
        decay = _between(f(k) if D else 0.0, min_lr, lr)  # D = 0이면 T부터 바로 min_lr
        return np.select([t < W, t >= T - D], [warmup, decay], default=lr)  # 그 사이는 lr 유지

    return _make(
        "warmup_stable_decay",
        fn,
        lr=lr,
        total_steps=T,
        warmup_steps=W,
        decay_steps=D,
        min_lr=min_lr,
        decay_shape=decay_shape,
    )
