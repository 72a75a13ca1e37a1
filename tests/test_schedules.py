"""lrcourse.schedules: PyTorch 스케줄러와의 일치, 성질(단조성·경계·재시작), 호출 규약.

PyTorch와 비교할 때의 허용 오차: 상대 오차 1e-9, 0 근처에서는 절대 오차 1e-12·lr0.
PyTorch 스케줄러는 대부분 직전 값에 곱하는 재귀식이라 수천 스텝 뒤에는 1e-13 정도의 상대
오차가 쌓이고, 코사인이 0에 가까운 끝에서는 1 + cos의 상쇄 때문에 상대 오차가 더 커지므로
절대 오차 항이 필요합니다.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch.optim import lr_scheduler as tls

from lrcourse import schedules as S
from lrcourse.schedules import (
    by_epoch,
    constant,
    cosine_annealing,
    cosine_warm_restarts,
    cycle_starts,
    exponential_decay,
    join,
    linear_warmup,
    milestone_steps,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    restart_steps,
    step_decay,
    warmup_stable_decay,
)

REL_TOL = 1e-9
ABS_TOL_PER_LR = 1e-12
HORIZON = 3000  # 비교할 스텝 수: 재귀 오차가 쌓일 만큼 길고, 테스트가 빠를 만큼 짧게

FAST = settings(max_examples=30, deadline=None)

lrs = st.floats(1e-5, 10.0)
gammas = st.floats(0.05, 1.0)  # 1 포함: 감쇠 없음도 허용되는 값
fractions = st.floats(0.0, 0.9)  # eta_min = fraction · lr


# ---------------------------------------------------------------------------
# PyTorch 쪽 도우미
# ---------------------------------------------------------------------------


def _optimizer(lr: float) -> torch.optim.Optimizer:
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def torch_lrs(make, lr: float, n: int) -> np.ndarray:
    """PyTorch 스케줄러를 만들어 step()을 n − 1번 부르며 get_last_lr()을 모읍니다 (스텝 0…n−1)."""
    opt = _optimizer(lr)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 보통의 루프라면 경고가 없어야 합니다
        sched = make(opt)
        opt.step()  # 첫 step() 전에 옵티마이저가 한 번 돈 것으로 (순서 경고 방지)
        out = np.empty(n)
        out[0] = sched.get_last_lr()[0]
        for k in range(1, n):
            sched.step()
            out[k] = sched.get_last_lr()[0]
    return out


def assert_matches(ours: np.ndarray, theirs: np.ndarray, lr0: float) -> None:
    err = np.abs(ours - theirs)
    bound = REL_TOL * np.abs(theirs) + ABS_TOL_PER_LR * lr0
    bad = np.flatnonzero(err > bound)
    assert bad.size == 0, (
        f"스텝 {bad[0]}에서 다름: ours={ours[bad[0]]!r}, torch={theirs[bad[0]]!r} "
        f"(상대 오차 {err[bad[0]] / max(abs(theirs[bad[0]]), 1e-300):.3g})"
    )


# ---------------------------------------------------------------------------
# 1. PyTorch 스케줄러와 같은 값 (hypothesis로 무작위 매개변수)
# ---------------------------------------------------------------------------


@FAST
@given(lr=lrs, step_size=st.integers(1, 500), gamma=gammas)
def test_step_decay_equals_StepLR(lr, step_size, gamma):
    ours = step_decay(lr, step_size, gamma)(np.arange(HORIZON))
    assert_matches(ours, torch_lrs(lambda o: tls.StepLR(o, step_size, gamma), lr, HORIZON), lr)


@FAST
@given(lr=lrs, milestones=st.lists(st.integers(0, HORIZON), max_size=8).map(sorted), gamma=gammas)
def test_multistep_decay_equals_MultiStepLR(lr, milestones, gamma):
    # 같은 마일스톤이 두 번 나오거나 0이 들어 있는 경우도 PyTorch와 같아야 합니다.
    ours = multistep_decay(lr, milestones, gamma)(np.arange(HORIZON))
    assert_matches(ours, torch_lrs(lambda o: tls.MultiStepLR(o, milestones, gamma), lr, HORIZON), lr)


@FAST
@given(lr=lrs, gamma=st.floats(0.5, 1.0))
def test_exponential_decay_equals_ExponentialLR(lr, gamma):
    ours = exponential_decay(lr, gamma)(np.arange(HORIZON))
    assert_matches(ours, torch_lrs(lambda o: tls.ExponentialLR(o, gamma), lr, HORIZON), lr)


@FAST
@given(lr=lrs, gamma=gammas, decay_steps=st.integers(1, 300))
def test_staircase_exponential_decay_equals_StepLR(lr, gamma, decay_steps):
    # 계단식 지수 감쇠는 정의상 StepLR(step_size=decay_steps)입니다.
    ours = exponential_decay(lr, gamma, decay_steps, staircase=True)(np.arange(HORIZON))
    assert_matches(ours, torch_lrs(lambda o: tls.StepLR(o, decay_steps, gamma), lr, HORIZON), lr)


@FAST
@given(lr=lrs, gamma=st.floats(0.5, 1.0), decay_steps=st.integers(2, 50))
def test_smooth_exponential_decay_with_decay_steps_equals_ExponentialLR_of_root(lr, gamma, decay_steps):
    # gamma^(t/d) = (gamma^(1/d))^t
    ours = exponential_decay(lr, gamma, decay_steps)(np.arange(HORIZON))
    theirs = torch_lrs(lambda o: tls.ExponentialLR(o, gamma ** (1 / decay_steps)), lr, HORIZON)
    assert_matches(ours, theirs, lr)


@FAST
@given(lr=lrs, total_steps=st.integers(1, HORIZON), power=st.floats(0.1, 5.0))
def test_polynomial_decay_equals_PolynomialLR(lr, total_steps, power):
    # total_steps 뒤(0에 머묾)까지 포함해 비교합니다.
    ours = polynomial_decay(lr, total_steps, power)(np.arange(HORIZON))
    theirs = torch_lrs(lambda o: tls.PolynomialLR(o, total_iters=total_steps, power=power), lr, HORIZON)
    assert_matches(ours, theirs, lr)


@FAST
@given(lr=lrs, T_max=st.integers(1, HORIZON), fraction=fractions)
def test_cosine_annealing_equals_CosineAnnealingLR_up_to_T_max(lr, T_max, fraction):
    eta_min = fraction * lr
    n = T_max + 1  # 0 ≤ t ≤ T_max
    ours = cosine_annealing(lr, T_max, eta_min)(np.arange(n))
    assert_matches(ours, torch_lrs(lambda o: tls.CosineAnnealingLR(o, T_max, eta_min), lr, n), lr)


@FAST
@given(lr=lrs, T_0=st.integers(1, 200), T_mult=st.integers(1, 4), fraction=fractions)
def test_cosine_warm_restarts_equals_CosineAnnealingWarmRestarts(lr, T_0, T_mult, fraction):
    eta_min = fraction * lr
    ours = cosine_warm_restarts(lr, T_0, T_mult, eta_min)(np.arange(HORIZON))
    theirs = torch_lrs(lambda o: tls.CosineAnnealingWarmRestarts(o, T_0, T_mult, eta_min), lr, HORIZON)
    assert_matches(ours, theirs, lr)


# 워밍업 뒤의 본 스케줄: (우리 스케줄, 같은 PyTorch 스케줄러)를 만드는 함수들
MAIN_PAIRS = {
    "cosine": lambda lr, k: (cosine_annealing(lr, k), lambda o: tls.CosineAnnealingLR(o, k)),
    "step": lambda lr, k: (step_decay(lr, k, 0.5), lambda o: tls.StepLR(o, k, 0.5)),
    "exponential": lambda lr, k: (exponential_decay(lr, 0.999), lambda o: tls.ExponentialLR(o, 0.999)),
    "polynomial": lambda lr, k: (polynomial_decay(lr, k, 2.0), lambda o: tls.PolynomialLR(o, k, 2.0)),
    "multistep": lambda lr, k: (multistep_decay(lr, [k, 2 * k]), lambda o: tls.MultiStepLR(o, [k, 2 * k])),
    "warm_restarts": lambda lr, k: (cosine_warm_restarts(lr, k, 2), lambda o: tls.CosineAnnealingWarmRestarts(o, k, 2)),
}


@settings(max_examples=40, deadline=None)
@given(
    lr=lrs,
    warmup_steps=st.integers(1, 500),
    start_factor=st.floats(0.01, 1.0),
    main=st.sampled_from(sorted(MAIN_PAIRS)),
    k=st.integers(1, 1500),
)
def test_linear_warmup_equals_SequentialLR_of_LinearLR_and_main(lr, warmup_steps, start_factor, main, k):
    ours_main, make_main = MAIN_PAIRS[main](lr, k)
    # PyTorch의 코사인은 T_max 뒤로 다시 오르므로(우리는 eta_min에 머묾) 그 앞까지만 비교합니다.
    n = min(HORIZON, warmup_steps + k + 1) if main == "cosine" else HORIZON
    ours = linear_warmup(ours_main, warmup_steps, start_factor)(np.arange(n))

    def make(o):
        warm = tls.LinearLR(o, start_factor=start_factor, total_iters=warmup_steps)
        return tls.SequentialLR(o, [warm, make_main(o)], milestones=[warmup_steps])

    assert_matches(ours, torch_lrs(make, lr, n), lr)


@settings(max_examples=40, deadline=None)
@given(
    max_lr=lrs,
    total_steps=st.integers(2, HORIZON),
    pct_start=st.floats(0.01, 0.99),
    div_factor=st.floats(1.0, 100.0),
    final_div_factor=st.floats(1.0, 1e5),
    anneal_strategy=st.sampled_from(["cos", "linear"]),
    three_phase=st.booleans(),
)
def test_one_cycle_equals_OneCycleLR_before_the_end(
    max_lr, total_steps, pct_start, div_factor, final_div_factor, anneal_strategy, three_phase
):
    if three_phase:
        pct_start = pct_start / 2  # 세 구간이면 pct_start ≤ 0.5
    assume(pct_start * total_steps != 1.0)  # PyTorch는 이 경우 0으로 나누기 오류를 냅니다
    ours = one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor, anneal_strategy, three_phase)

    def make(o):
        return tls.OneCycleLR(
            o,
            max_lr,
            total_steps=total_steps,
            pct_start=pct_start,
            anneal_strategy=anneal_strategy,
            cycle_momentum=False,
            div_factor=div_factor,
            final_div_factor=final_div_factor,
            three_phase=three_phase,
        )

    assert_matches(ours(np.arange(total_steps)), torch_lrs(make, max_lr, total_steps), max_lr)


def test_constant_equals_ConstantLR_with_factor_one():
    theirs = torch_lrs(lambda o: tls.ConstantLR(o, factor=1.0, total_iters=10), 0.3, 50)
    assert_matches(constant(0.3)(np.arange(50)), theirs, 0.3)


# ---------------------------------------------------------------------------
# 2. PyTorch와 일부러 다른 곳 (문서에 적은 주장의 증거)
# ---------------------------------------------------------------------------


def test_cosine_annealing_stays_at_eta_min_after_T_max_where_torch_rises():
    lr, T_max, eta_min = 0.1, 100, 0.001
    ours = cosine_annealing(lr, T_max, eta_min)(np.arange(3 * T_max))
    theirs = torch_lrs(lambda o: tls.CosineAnnealingLR(o, T_max, eta_min), lr, 3 * T_max)
    assert np.all(ours[T_max:] == eta_min)
    # PyTorch는 T_max 뒤로 다시 올라가 2·T_max에서 lr로 돌아옵니다.
    assert theirs[2 * T_max] == pytest.approx(lr, rel=1e-9)
    assert np.all(np.diff(theirs[T_max : 2 * T_max]) > 0)


def test_warm_restart_at_step_121_exact_where_torch_step_epoch_misplaces_it():
    # T_0=1, T_mult=3: 주기 시작 S_n = (3^n − 1)/2 = 0, 1, 4, 13, 40, 121, …
    lr, eta_min = 1.0, 0.0
    schedule = cosine_warm_restarts(lr, 1, 3, eta_min)
    assert 121 in cycle_starts(1, 3, 200)
    assert schedule(121) == lr  # 재시작: 코사인의 처음
    # PyTorch를 스텝마다 step()하면 정수 상태로 세므로 맞습니다.
    assert torch_lrs(lambda o: tls.CosineAnnealingWarmRestarts(o, 1, 3, eta_min), lr, 122)[121] == lr
    # 하지만 step(epoch) 경로는 log₃ 243 = 4.999…를 내림해 직전 주기의 끝(eta_min)을 줍니다.
    opt = _optimizer(lr)
    sched = tls.CosineAnnealingWarmRestarts(opt, 1, 3, eta_min)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # step(epoch)는 폐지 예정 경고를 냅니다
        sched.step(121)
    assert sched.get_last_lr()[0] == pytest.approx(eta_min, abs=1e-15)


def test_one_cycle_holds_final_lr_past_the_end_where_torch_raises():
    s = one_cycle(0.1, 100)
    final = 0.1 / 25.0 / 1e4
    assert s(99) == pytest.approx(final, rel=1e-12)
    assert np.all(s(np.arange(100, 1000)) == final)
    opt = _optimizer(0.1)
    sched = tls.OneCycleLR(opt, 0.1, total_steps=100, cycle_momentum=False)
    opt.step()
    for _ in range(100):
        sched.step()
    with pytest.raises(ValueError):
        sched.step()


def test_one_cycle_zero_width_phase_gives_phase_end_value():
    # pct_start·total_steps = 1이면 첫 구간의 끝 스텝이 0 (PyTorch는 0으로 나누기 오류).
    s = one_cycle(1.0, 10, pct_start=0.1)
    assert s(0) == 1.0  # 첫 구간의 끝 값 = max_lr


def test_one_cycle_three_phase_rejects_pct_start_over_half():
    with pytest.raises(ValueError, match="pct_start"):
        one_cycle(0.1, 100, pct_start=0.6, three_phase=True)


# ---------------------------------------------------------------------------
# 3. 성질: 단조성, 경계, 재시작 위치
# ---------------------------------------------------------------------------

T = np.arange(5000)

DECREASING = [
    step_decay(0.1, 100, 0.5),
    multistep_decay(0.1, [10, 200, 200, 3000]),
    exponential_decay(0.1, 0.999),
    exponential_decay(0.1, 0.5, 300, staircase=True),
    polynomial_decay(0.1, 2000, 0.5, end_lr=0.01),
    cosine_annealing(0.1, 2000, 0.001),
    by_epoch(step_decay(0.1, 3), 7),
]


@pytest.mark.parametrize("schedule", DECREASING, ids=repr)
def test_decay_schedules_never_increase(schedule):
    lr = schedule(T)
    assert np.all(np.diff(lr) <= 0)


@FAST
@given(lr=lrs, T_0=st.integers(2, 100), T_mult=st.integers(1, 5), fraction=fractions)
def test_warm_restarts_bounds_monotone_cycles_and_restart_positions(lr, T_0, T_mult, fraction):
    eta_min = fraction * lr
    s = cosine_warm_restarts(lr, T_0, T_mult, eta_min)
    values = s(T)
    assert np.all((eta_min <= values) & (values <= lr))
    # 재시작 = 학습률이 오르는 스텝 (T_0 = 1이면 스텝 0과 1이 모두 lr이라 오르지 않으므로 T_0 ≥ 2).
    # 바로 그 스텝들이 주기 길이 T_0, T_0·T_mult, …를 차례로 더한 값과 같아야 합니다.
    rises = np.flatnonzero(np.diff(values) > 0) + 1
    expected, start, length = [], T_0, T_0
    while start < len(T):
        expected.append(start)
        length *= T_mult
        start += length
    assert rises.tolist() == expected
    assert restart_steps(s, len(T)).tolist() == expected
    assert np.all(values[expected] == lr)


def test_warm_restarts_cycle_index_is_exact_for_huge_steps():
    # 로그로 주기를 찾으면 경계에서 틀립니다. 2⁶²에 가까운 스텝까지 모든 경계 S_n, S_n − 1을 검사합니다.
    for T_0, T_mult in [(1, 2), (1, 3), (7, 3), (5, 10), (1, 7)]:
        s = cosine_warm_restarts(1.0, T_0, T_mult)
        starts = cycle_starts(T_0, T_mult, 2**62)
        assert starts.tolist() == [T_0 * (T_mult**n - 1) // (T_mult - 1) for n in range(len(starts))]
        assert np.all(s(starts) == 1.0)  # 각 주기의 첫 스텝은 정확히 lr
        # 각 주기의 마지막 스텝 S_{n+1} − 1은 길이 L_n = T_0·T_mult^n인 주기의 T_cur = L_n − 1
        last = s(starts[1:] - 1)
        lengths = [T_0 * T_mult**n for n in range(len(starts) - 1)]
        expected = [(1 + math.cos(math.pi * (L - 1) / L)) / 2 for L in lengths]
        np.testing.assert_allclose(last, expected, rtol=1e-12, atol=0)


def test_warm_restarts_huge_step_does_not_overflow():
    s = cosine_warm_restarts(1.0, 3, 2)
    big = np.array([np.iinfo(np.int64).max, 2**62 + 12345], dtype=np.int64)
    values = s(big)
    assert np.all(np.isfinite(values)) and np.all((0 <= values) & (values <= 1))


@FAST
@given(lr=lrs, fraction=fractions, length=st.integers(1, 500), T_mult=st.integers(1, 3))
def test_floor_schedules_start_exactly_at_lr_end_exactly_at_floor_and_stay_between(lr, fraction, length, T_mult):
    # lo + (hi − lo)·1은 반올림으로 hi보다 1ulp 클 수 있어(예: lr=9.537719953556186), 끝점이 정확한지 봅니다.
    floor = fraction * lr
    t = np.arange(3 * length + 2)
    cases = [
        (cosine_annealing(lr, length, floor), length),
        (polynomial_decay(lr, length, 1.5, floor), length),
        (warmup_stable_decay(lr, 2 * length + 1, 0, length, floor, "cosine"), 2 * length + 1),
        (warmup_stable_decay(lr, 2 * length + 1, 0, length, floor, "1-sqrt"), 2 * length + 1),
    ]
    for schedule, end in cases:
        values = schedule(t)
        assert values[0] == lr and values[end] == floor, schedule
        assert np.all((floor <= values) & (values <= lr)), schedule
    restarts = cosine_warm_restarts(lr, length, T_mult, floor)
    assert np.all(restarts(cycle_starts(length, T_mult, 10**6)) == lr)


@pytest.mark.parametrize("three_phase", [False, True])
@pytest.mark.parametrize("anneal_strategy", ["cos", "linear"])
def test_one_cycle_rises_to_max_then_falls_to_final(three_phase, anneal_strategy):
    s = one_cycle(0.1, 1000, pct_start=0.25, anneal_strategy=anneal_strategy, three_phase=three_phase)
    lr = s(np.arange(1000))
    peak = int(np.argmax(lr))
    assert lr[0] == pytest.approx(0.1 / 25)
    assert lr[peak] == pytest.approx(0.1)
    assert peak == 249  # 첫 구간의 끝 스텝 = 0.25·1000 − 1
    assert np.all(np.diff(lr[: peak + 1]) > 0) and np.all(np.diff(lr[peak:]) < 0)
    assert lr[-1] == pytest.approx(0.1 / 25 / 1e4)


@pytest.mark.parametrize("decay_shape", ["linear", "cosine", "1-sqrt"])
def test_warmup_stable_decay_shape(decay_shape):
    lr, total, W, D, min_lr = 0.1, 1000, 100, 200, 0.001
    s = warmup_stable_decay(lr, total, W, D, min_lr, decay_shape)
    values = s(np.arange(1500))
    assert values[0] == 0.0  # 워밍업은 0에서 시작 (linear_warmup 기본값과 같은 관례)
    assert values[W // 2] == pytest.approx(lr / 2)
    assert np.all(values[W : total - D + 1] == lr)  # 유지 구간 (감쇠 첫 스텝도 p = 0이라 lr)
    assert np.all(np.diff(values[total - D : total + 1]) < 0)
    assert np.all(values[total:] == min_lr)
    midpoint = {"linear": 0.5, "cosine": 0.5, "1-sqrt": 1 - math.sqrt(0.5)}[decay_shape]
    assert values[total - D // 2] == pytest.approx(min_lr + (lr - min_lr) * midpoint)
    assert milestone_steps(s, 1500).tolist() == [W, total - D, total]


def test_warmup_stable_decay_without_warmup_or_decay():
    s = warmup_stable_decay(0.1, 100, 0, 0, min_lr=0.01)
    assert np.all(s(np.arange(100)) == 0.1) and s(100) == 0.01


# ---------------------------------------------------------------------------
# 4. 합성: linear_warmup, join, by_epoch
# ---------------------------------------------------------------------------


def test_linear_warmup_default_starts_at_zero_like_hugging_face():
    # HF get_cosine_schedule_with_warmup(W, total): t < W → t/W, 그 뒤 0.5·(1 + cos(π·(t − W)/(total − W)))
    lr, W, total = 0.5, 100, 1000
    s = linear_warmup(cosine_annealing(lr, total - W), W)
    t = np.arange(total + 1)
    progress = (t - W) / (total - W)
    hf = lr * np.where(t < W, t / W, 0.5 * (1 + np.cos(np.pi * progress)))
    np.testing.assert_allclose(s(t), hf, rtol=1e-12, atol=1e-15)
    assert s(0) == 0.0 and s(W) == lr and s(total) == 0.0  # T_max = total − W라서 끝에서 0


def test_linear_warmup_main_schedule_sees_t_minus_warmup():
    main = step_decay(1.0, 10, 0.5)
    s = linear_warmup(main, 30, start_factor=0.2)
    t = np.arange(30, 200)
    np.testing.assert_array_equal(s(t), main(t - 30))
    assert s(0) == 0.2 and s(15) == pytest.approx(0.6)


def test_linear_warmup_of_zero_steps_is_the_schedule_itself():
    main = cosine_annealing(1.0, 50)
    np.testing.assert_array_equal(linear_warmup(main, 0)(np.arange(80)), main(np.arange(80)))


def test_join_hands_each_piece_its_own_step_zero():
    a, b, c = constant(0.1), cosine_annealing(0.1, 50), exponential_decay(0.05, 0.9)
    s = join([a, b, c], [20, 70])
    t = np.arange(150)
    # optax.join_schedules와 같은 정의를 파이썬으로 그대로 적은 참조
    expected = [a(k) if k < 20 else b(k - 20) if k < 70 else c(k - 70) for k in t]
    np.testing.assert_array_equal(s(t), expected)
    assert milestone_steps(s, 150).tolist() == [20, 70]


def test_join_restarts_are_shifted_into_place():
    s = join([constant(0.1), cosine_warm_restarts(0.1, 10)], [25])
    assert restart_steps(s, 60).tolist() == [35, 45, 55]


def test_by_epoch_is_the_every_30_epochs_example_in_one_line():
    steps_per_epoch = 7
    per_step = by_epoch(step_decay(0.1, 30), steps_per_epoch)
    t = np.arange(100 * steps_per_epoch)
    np.testing.assert_array_equal(per_step(t), step_decay(0.1, 30)(t // steps_per_epoch))
    # 30 에포크 = 210 스텝마다 10배
    assert per_step(30 * 7 - 1) == 0.1 and per_step(30 * 7) == pytest.approx(0.01)
    assert milestone_steps(per_step, 100 * 7).tolist() == [210, 420, 630]


# ---------------------------------------------------------------------------
# 5. 마일스톤·재시작 도우미
# ---------------------------------------------------------------------------


def test_restart_steps_documented_example():
    assert restart_steps(cosine_warm_restarts(0.1, 10, 2), 100).tolist() == [10, 30, 70]
    assert restart_steps(cosine_annealing(0.1, 10), 100).size == 0


@pytest.mark.parametrize(
    "schedule, expected",
    [
        (step_decay(0.1, 30), [30, 60, 90]),
        (multistep_decay(0.1, [0, 40, 40, 120]), [40]),  # 0과 지평 밖은 빼고, 중복은 하나로
        (exponential_decay(0.1, 0.9), []),
        (exponential_decay(0.1, 0.9, 45, staircase=True), [45, 90]),
        (polynomial_decay(0.1, 50), [50]),
        (cosine_annealing(0.1, 80), [80]),
        (linear_warmup(cosine_annealing(0.1, 50), 20), [20, 70]),
        (one_cycle(0.1, 100, pct_start=0.3), [30]),  # 첫 구간 끝 스텝 29, 다음 구간이 30에서 시작
        # 세 구간: 끝 스텝 e₁ = 0.25·100 − 1 = 24, e₂ = 2·0.25·100 − 2 = 48 (PyTorch 그대로)
        (one_cycle(0.1, 100, pct_start=0.25, three_phase=True), [25, 49]),
        (by_epoch(cosine_annealing(0.1, 5), 10), [50]),
        (cosine_warm_restarts(0.1, 10, 2), [10, 30, 70]),  # 재시작 스텝이 곧 마일스톤
        (warmup_stable_decay(0.1, 90, 0, 30), [60, 90]),  # 워밍업 0은 표시하지 않음
    ],
    ids=repr,
)
def test_milestone_steps(schedule, expected):
    assert milestone_steps(schedule, 100).tolist() == expected


def test_marks_of_wrapped_schedules_stay_exact_integers_near_2_to_62():
    # 재시작 S_n = 2ⁿ − 1은 2⁵³을 넘으면 float64로 나타낼 수 없습니다. 감싼 스케줄의 표시도 정수로
    # 계산해야 linear_warmup(…, 0)이 안쪽 스케줄과 같은 스텝을 줍니다.
    s = cosine_warm_restarts(1.0, 1, 2)
    exact = [2**n - 1 for n in range(1, 63)]  # S_62 = 2⁶² − 1 < 2⁶²
    assert restart_steps(s, 2**62).tolist() == exact
    assert milestone_steps(linear_warmup(s, 0), 2**62).tolist() == exact
    assert restart_steps(join([constant(1.0), s], [0]), 2**62).tolist() == exact


def test_one_cycle_milestones_are_where_the_phase_changes():
    s = one_cycle(0.1, 1000, pct_start=0.3)
    lr = s(np.arange(1000))
    (m,) = milestone_steps(s, 1000)
    assert lr[m - 1] == pytest.approx(0.1) and lr[m] < lr[m - 1]


# ---------------------------------------------------------------------------
# 6. 호출 규약: 스칼라/배열, 모양, 불변성, repr
# ---------------------------------------------------------------------------

EVERY_KIND = [
    constant(0.1),
    step_decay(0.1, 7, 0.5),
    multistep_decay(0.1, [5, 9]),
    exponential_decay(0.1, 0.9, 3),
    exponential_decay(0.1, 0.9, 3, staircase=True),
    polynomial_decay(0.1, 20, 2.0, 0.01),
    cosine_annealing(0.1, 20, 0.01),
    cosine_warm_restarts(0.1, 3, 1),
    cosine_warm_restarts(0.1, 3, 2, 0.001),
    linear_warmup(cosine_annealing(0.1, 20), 5),
    linear_warmup(step_decay(0.1, 4), 5, 0.1),
    one_cycle(0.1, 30),
    one_cycle(0.1, 30, 0.2, anneal_strategy="linear", three_phase=True),
    warmup_stable_decay(0.1, 30, 5, 10, 0.001, "cosine"),
    warmup_stable_decay(0.1, 30, 5, 10, 0.0, "1-sqrt"),
    join([constant(0.1), cosine_annealing(0.1, 10)], [5]),
    by_epoch(cosine_warm_restarts(0.1, 2, 2), 3),
]


@pytest.mark.parametrize("schedule", EVERY_KIND, ids=repr)
def test_scalar_and_array_calls_agree(schedule):
    t = np.arange(60)
    values = schedule(t)
    assert values.dtype == np.float64 and values.shape == (60,)
    scalars = [schedule(int(k)) for k in t]
    assert all(type(v) is float for v in scalars)
    np.testing.assert_array_equal(values, scalars)
    # numpy 정수 스칼라, 0차원 배열, 정수 값의 float도 같은 값
    assert schedule(np.int32(17)) == values[17] == schedule(np.array(17)) == schedule(17.0)


@pytest.mark.parametrize("schedule", EVERY_KIND, ids=repr)
def test_any_array_shape_and_integer_dtype(schedule):
    flat = schedule(np.arange(60))
    grid = np.arange(60).reshape(3, 4, 5)
    np.testing.assert_array_equal(schedule(grid), flat.reshape(3, 4, 5))
    np.testing.assert_array_equal(schedule(grid.T), flat.reshape(3, 4, 5).T)  # 연속이 아닌 배열
    np.testing.assert_array_equal(schedule(np.arange(60, dtype=np.uint16)), flat)
    np.testing.assert_array_equal(schedule(np.arange(60.0)), flat)
    assert schedule(np.zeros((0, 3), dtype=np.int64)).shape == (0, 3)
    np.testing.assert_array_equal(schedule([3, 2, 1]), flat[[3, 2, 1]])


@pytest.mark.parametrize("schedule", EVERY_KIND, ids=repr)
def test_schedule_is_immutable_and_pure(schedule):
    t = np.arange(40)[::-1].copy()
    before = t.copy()
    first = schedule(t)
    np.testing.assert_array_equal(t, before)  # 입력을 바꾸지 않습니다
    first[:] = -1.0  # 돌려받은 배열을 바꿔도
    np.testing.assert_array_equal(schedule(t), schedule(before))  # 다음 호출에 영향이 없습니다
    assert np.all(schedule(t) >= 0)
    with pytest.raises(FrozenInstanceError):
        schedule.name = "other"
    with pytest.raises(TypeError):
        schedule.params["lr"] = 1.0


@pytest.mark.parametrize("schedule", EVERY_KIND, ids=repr)
def test_repr_reads_like_the_call_that_made_it(schedule):
    text = repr(schedule)
    assert text.startswith(schedule.name + "(")
    rebuilt = eval(text, vars(S))  # repr을 그대로 실행하면 같은 스케줄
    t = np.arange(100)
    np.testing.assert_array_equal(rebuilt(t), schedule(t))


def test_repr_example():
    assert repr(cosine_annealing(0.1, 100)) == "cosine_annealing(lr=0.1, T_max=100, eta_min=0.0)"


def test_everything_public_is_exported():
    import lrcourse

    for name in S.__all__:
        assert getattr(lrcourse, name) is getattr(S, name)
