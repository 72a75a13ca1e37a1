"""잘못된 입력은 조용히 틀린 곡선을 내지 않고, 한국어로 매개변수·받은 값·허용 범위를 말하는 오류를 냅니다.

각 경우에 (1) 오류의 종류(값이 틀리면 ValueError, 형이 틀리면 TypeError), (2) 메시지에 매개변수
이름과 받은 값의 repr이 들어 있는지, (3) 허용되는 값을 말하는지를 확인합니다.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import lrcourse as lc
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

NAN, INF = math.nan, math.inf
COS = cosine_annealing(0.1, 100)

# (설명, 호출, 오류 종류, 메시지에 나와야 할 매개변수 이름, 받은 값)
CASES = [
    # lr: 0 이하, NaN, 무한대, 형이 틀림
    ("lr 0", lambda: constant(0.0), ValueError, "lr", 0.0),
    ("lr 음수", lambda: step_decay(-0.1, 10), ValueError, "lr", -0.1),
    ("lr NaN", lambda: cosine_annealing(NAN, 10), ValueError, "lr", NAN),
    ("lr inf", lambda: exponential_decay(INF, 0.9), ValueError, "lr", INF),
    ("lr 문자열", lambda: constant("0.1"), TypeError, "lr", "0.1"),
    ("lr bool", lambda: constant(True), TypeError, "lr", True),
    ("max_lr 0", lambda: one_cycle(0.0, 100), ValueError, "max_lr", 0.0),
    # step_size, T_0, total_steps: 0 이하, 정수가 아님
    ("step_size 0", lambda: step_decay(0.1, 0), ValueError, "step_size", 0),
    ("step_size 음수", lambda: step_decay(0.1, -5), ValueError, "step_size", -5),
    ("step_size 실수", lambda: step_decay(0.1, 2.5), ValueError, "step_size", 2.5),
    ("step_size 문자열", lambda: step_decay(0.1, "30"), TypeError, "step_size", "30"),
    ("T_0 0", lambda: cosine_warm_restarts(0.1, 0), ValueError, "T_0", 0),
    ("T_0 음수", lambda: cosine_warm_restarts(0.1, -3), ValueError, "T_0", -3),
    ("T_max 0", lambda: cosine_annealing(0.1, 0), ValueError, "T_max", 0),
    ("poly total_steps 0", lambda: polynomial_decay(0.1, 0), ValueError, "total_steps", 0),
    ("one_cycle total_steps 음수", lambda: one_cycle(0.1, -10), ValueError, "total_steps", -10),
    ("wsd total_steps 0", lambda: warmup_stable_decay(0.1, 0, 0, 0), ValueError, "total_steps", 0),
    ("decay_steps 0", lambda: exponential_decay(0.1, 0.9, decay_steps=0), ValueError, "decay_steps", 0),
    ("steps_per_epoch 0", lambda: by_epoch(COS, 0), ValueError, "steps_per_epoch", 0),
    # gamma: 0 이하 또는 1 초과, NaN
    ("gamma 0", lambda: step_decay(0.1, 10, 0.0), ValueError, "gamma", 0.0),
    ("gamma 음수", lambda: multistep_decay(0.1, [10], -0.5), ValueError, "gamma", -0.5),
    ("gamma 1 초과", lambda: exponential_decay(0.1, 1.5), ValueError, "gamma", 1.5),
    ("gamma NaN", lambda: step_decay(0.1, 10, NAN), ValueError, "gamma", NAN),
    # T_mult: 1 미만, 정수가 아님
    ("T_mult 0", lambda: cosine_warm_restarts(0.1, 10, 0), ValueError, "T_mult", 0),
    ("T_mult 1.5", lambda: cosine_warm_restarts(0.1, 10, 1.5), ValueError, "T_mult", 1.5),
    ("T_mult 2.0", lambda: cosine_warm_restarts(0.1, 10, 2.0), ValueError, "T_mult", 2.0),
    ("T_mult 문자열", lambda: cosine_warm_restarts(0.1, 10, "2"), TypeError, "T_mult", "2"),
    # 마일스톤: 정렬되지 않음, 음수, 정수가 아님, 리스트가 아님
    ("milestones 역순", lambda: multistep_decay(0.1, [30, 10]), ValueError, "milestones", [30, 10]),
    ("milestones 음수", lambda: multistep_decay(0.1, [-1, 10]), ValueError, "milestones", -1),
    ("milestones 실수", lambda: multistep_decay(0.1, [10, 2.5]), ValueError, "milestones", 2.5),
    ("milestones 정수 하나", lambda: multistep_decay(0.1, 30), TypeError, "milestones", 30),
    # eta_min, end_lr, min_lr: 음수이거나 lr보다 큼
    ("eta_min > lr", lambda: cosine_annealing(0.1, 10, eta_min=0.2), ValueError, "eta_min", 0.2),
    ("eta_min 음수", lambda: cosine_warm_restarts(0.1, 10, eta_min=-0.01), ValueError, "eta_min", -0.01),
    ("eta_min inf", lambda: cosine_annealing(0.1, 10, eta_min=INF), ValueError, "eta_min", INF),
    ("end_lr > lr", lambda: polynomial_decay(0.1, 10, end_lr=1.0), ValueError, "end_lr", 1.0),
    ("min_lr > lr", lambda: warmup_stable_decay(0.1, 100, 10, 10, min_lr=0.5), ValueError, "min_lr", 0.5),
    ("power 0", lambda: polynomial_decay(0.1, 10, power=0.0), ValueError, "power", 0.0),
    ("power NaN", lambda: polynomial_decay(0.1, 10, power=NAN), ValueError, "power", NAN),
    # 워밍업
    ("wsd warmup = total", lambda: warmup_stable_decay(0.1, 100, 100, 0), ValueError, "warmup_steps", 100),
    ("wsd warmup > total", lambda: warmup_stable_decay(0.1, 100, 150, 0), ValueError, "warmup_steps", 150),
    ("wsd warmup+decay > total", lambda: warmup_stable_decay(0.1, 100, 50, 60), ValueError, "decay_steps", 60),
    ("wsd decay_shape", lambda: warmup_stable_decay(0.1, 100, 10, 10, decay_shape="exp"), ValueError, "decay_shape", "exp"),
    ("warmup_steps 음수", lambda: linear_warmup(COS, -1), ValueError, "warmup_steps", -1),
    ("start_factor 1 초과", lambda: linear_warmup(COS, 10, start_factor=1.5), ValueError, "start_factor", 1.5),
    ("start_factor NaN", lambda: linear_warmup(COS, 10, start_factor=NAN), ValueError, "start_factor", NAN),
    ("warmup 스케줄이 아님", lambda: linear_warmup(lambda t: 0.1, 10), TypeError, "schedule", None),
    # one_cycle: pct_start는 (0, 1), anneal_strategy, three_phase
    ("pct_start 0", lambda: one_cycle(0.1, 100, pct_start=0.0), ValueError, "pct_start", 0.0),
    ("pct_start 1", lambda: one_cycle(0.1, 100, pct_start=1.0), ValueError, "pct_start", 1.0),
    ("pct_start 음수", lambda: one_cycle(0.1, 100, pct_start=-0.1), ValueError, "pct_start", -0.1),
    ("pct_start 1 초과", lambda: one_cycle(0.1, 100, pct_start=1.5), ValueError, "pct_start", 1.5),
    ("pct_start NaN", lambda: one_cycle(0.1, 100, pct_start=NAN), ValueError, "pct_start", NAN),
    ("pct_start 세 구간 0.5 초과", lambda: one_cycle(0.1, 100, 0.6, three_phase=True), ValueError, "pct_start", 0.6),
    ("div_factor 0", lambda: one_cycle(0.1, 100, div_factor=0.0), ValueError, "div_factor", 0.0),
    ("final_div_factor inf", lambda: one_cycle(0.1, 100, final_div_factor=INF), ValueError, "final_div_factor", INF),
    ("anneal_strategy", lambda: one_cycle(0.1, 100, anneal_strategy="cosine"), ValueError, "anneal_strategy", "cosine"),
    ("three_phase 문자열", lambda: one_cycle(0.1, 100, three_phase="yes"), TypeError, "three_phase", "yes"),
    ("staircase 숫자", lambda: exponential_decay(0.1, 0.9, staircase=1), TypeError, "staircase", 1),
    # join: 경계 개수는 len(schedules) − 1
    ("join 경계 부족", lambda: join([COS, COS], []), ValueError, "boundaries", []),
    ("join 경계 과다", lambda: join([COS, COS], [10, 20]), ValueError, "boundaries", [10, 20]),
    ("join 스케줄 하나에 경계", lambda: join([COS], [5]), ValueError, "boundaries", [5]),
    ("join 경계 역순", lambda: join([COS, COS, COS], [20, 10]), ValueError, "boundaries", [20, 10]),
    ("join 경계 음수", lambda: join([COS, COS], [-5]), ValueError, "boundaries", -5),
    ("join 빈 리스트", lambda: join([], []), ValueError, "schedules", []),
    ("join 스케줄 아님", lambda: join([COS, 0.1], [5]), TypeError, "schedules[1]", 0.1),
    ("join 리스트 아님", lambda: join(COS, []), TypeError, "schedules", None),
    # 스케줄에 넣는 스텝: 음수, 정수가 아님, NaN/inf, 형이 틀림
    ("step 음수", lambda: COS(-1), ValueError, "step", -1),
    ("step 실수", lambda: COS(1.5), ValueError, "step", 1.5),
    ("step NaN", lambda: COS(NAN), ValueError, "step", NAN),
    ("step inf", lambda: COS(INF), ValueError, "step", INF),
    ("step 문자열", lambda: COS("3"), TypeError, "step", "3"),
    ("step bool", lambda: COS(True), TypeError, "step", True),
    ("step 배열에 음수", lambda: COS(np.array([0, 5, -2])), ValueError, "step", -2),
    ("step 실수 배열", lambda: COS(np.array([0.0, 0.5])), ValueError, "step", 0.5),
    ("step 배열에 NaN", lambda: COS(np.array([0.0, NAN])), ValueError, "step", NAN),
    ("step 배열에 inf", lambda: COS(np.array([INF])), ValueError, "step", INF),
    ("step 문자열 배열", lambda: COS(np.array(["1"])), TypeError, "step", None),
    ("step 2⁶³", lambda: COS(2**63), ValueError, "step", 2**63),
    ("step 1e30", lambda: COS(1e30), ValueError, "step", 1e30),
    ("step uint64 배열 2⁶³", lambda: COS(np.array([2**63], dtype=np.uint64)), ValueError, "step", 2**63),
    ("step 실수 배열 1e30", lambda: COS(np.array([1e30])), ValueError, "step", 1e30),
    # 도우미
    ("restart_steps total_steps 0", lambda: restart_steps(COS, 0), ValueError, "total_steps", 0),
    ("milestone_steps 스케줄 아님", lambda: milestone_steps("cos", 10), TypeError, "schedule", "cos"),
    ("cycle_starts T_mult 0", lambda: cycle_starts(10, 0, 100), ValueError, "T_mult", 0),
]


@pytest.mark.parametrize("call, exc, name, value", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_korean_message_naming_parameter_and_value(call, exc, name, value):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    assert type(info.value) is exc  # TypeError와 ValueError를 섞지 않습니다
    assert f"매개변수 '{name}'" in message or f"매개변수 '{name}[" in message
    if value is not None:
        shown = repr(value) if not (isinstance(value, float) and math.isnan(value)) else "nan"
        assert shown in message, f"받은 값 {shown}이(가) 메시지에 없습니다: {message}"
    assert "허용되는 값:" in message


def test_message_says_what_is_allowed():
    with pytest.raises(ValueError) as info:
        one_cycle(0.1, 100, pct_start=1.5)
    assert "0과 1 사이" in str(info.value)
    with pytest.raises(ValueError) as info:
        join([COS, COS], [])
    assert "1개의 경계" in str(info.value) and "받은 경계는 0개" in str(info.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda: lc.cosine_annealing(0.1, T_max=10**30),
        lambda: lc.step_decay(0.1, step_size=2**63),
        lambda: lc.polynomial_decay(0.1, total_steps=10**19),
    ],
    ids=["T_max", "step_size", "total_steps"],
)
def test_huge_step_counts_get_a_korean_error_not_an_overflow(make):
    # 2**62를 넘는 스텝 수는 int64 계산을 넘치게 하므로 명확한 오류로 막습니다.
    with pytest.raises(ValueError, match="2\\*\\*62"):
        make()
