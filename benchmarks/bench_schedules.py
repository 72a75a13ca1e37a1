"""스케줄 벤치마크: 100 000 스텝을 벡터화로 한 번에 계산 vs PyTorch 스케줄러를 스텝마다 step().

- 벡터화 쪽: ``schedule(np.arange(100_000))`` 한 번 (입력 검사 포함).
- PyTorch 쪽: 미리 만든 스케줄러로 ``scheduler.step()``과 ``get_last_lr()``만 부르는 루프.
  스케줄러는 매번 새로 만듭니다(시간에 넣지 않음).
- 두 쪽을 번갈아 세 번 잽니다(PyTorch 루프 한 번, 벡터화 20번). 각 쪽의 가장 빠른 시간끼리 나눕니다. 같은 기계의
  다른 작업이 재는 동안 바뀌어도 양쪽이 같은 때의 기계를 보게 하려는 것입니다.
- 상대 차이: 스텝마다 |ours − torch| / (|torch| + 1e-3·lr0)의 최댓값. 테스트의 허용 오차
  (상대 1e-9, 0 근처 절대 1e-12·lr0)와 같은 기준입니다. 참고로 순수 상대 차이 |ours − torch|/|torch|의
  최댓값도 보여 줍니다 (코사인이 0에 닿는 끝에서는 PyTorch 재귀식의 상쇄 오차 때문에 커집니다).

목표: 모든 스케줄에서 속도 향상 ≥ 100배, 상대 차이 ≤ 1e-9. 못 맞추면 종료 코드 1.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import torch
from torch.optim import lr_scheduler as tls

from lrcourse import schedules as S

N = 100_000
SPEEDUP_TARGET = 100.0
REL_TARGET = 1e-9
LR = 0.1

# (이름, 우리 스케줄, PyTorch 스케줄러를 만드는 함수). 모두 같은 LR(=lr0)로 시작합니다.
CASES = [
    ("constant", S.constant(LR), lambda o: tls.ConstantLR(o, factor=1.0, total_iters=0)),
    ("step_decay", S.step_decay(LR, 10_000, 0.5), lambda o: tls.StepLR(o, 10_000, 0.5)),
    (
        "multistep_decay",
        S.multistep_decay(LR, [30_000, 60_000, 90_000]),
        lambda o: tls.MultiStepLR(o, [30_000, 60_000, 90_000]),
    ),
    ("exponential_decay", S.exponential_decay(LR, 0.99995), lambda o: tls.ExponentialLR(o, 0.99995)),
    ("polynomial_decay", S.polynomial_decay(LR, N, 2.0), lambda o: tls.PolynomialLR(o, total_iters=N, power=2.0)),
    ("cosine_annealing", S.cosine_annealing(LR, N), lambda o: tls.CosineAnnealingLR(o, N)),
    (
        "cosine_warm_restarts(T_mult=1)",
        S.cosine_warm_restarts(LR, 5_000, 1, 1e-4),
        lambda o: tls.CosineAnnealingWarmRestarts(o, 5_000, 1, 1e-4),
    ),
    (
        "cosine_warm_restarts(T_mult=2)",
        S.cosine_warm_restarts(LR, 1_000, 2, 1e-4),
        lambda o: tls.CosineAnnealingWarmRestarts(o, 1_000, 2, 1e-4),
    ),
    (
        "linear_warmup+cosine",
        S.linear_warmup(S.cosine_annealing(LR, N - 5_000), 5_000, start_factor=0.01),
        lambda o: tls.SequentialLR(
            o, [tls.LinearLR(o, start_factor=0.01, total_iters=5_000), tls.CosineAnnealingLR(o, N - 5_000)], [5_000]
        ),
    ),
    ("one_cycle(cos)", S.one_cycle(LR, N), lambda o: tls.OneCycleLR(o, LR, total_steps=N, cycle_momentum=False)),
    (
        "one_cycle(linear, 3단계)",
        S.one_cycle(LR, N, anneal_strategy="linear", three_phase=True),
        lambda o: tls.OneCycleLR(
            o, LR, total_steps=N, anneal_strategy="linear", three_phase=True, cycle_momentum=False
        ),
    ),
]


def time_vectorized(schedule, t, repeats: int = 20):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        values = schedule(t)
        best = min(best, time.perf_counter() - start)
    return best, values


def time_torch(make, repeats: int = 3):
    best = np.inf
    for _ in range(repeats):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=LR)
        sched = make(opt)
        opt.step()  # 보통의 순서(optimizer.step() 다음 scheduler.step())를 흉내: 순서 경고 방지
        values = np.empty(N)
        step, last = sched.step, sched.get_last_lr
        start = time.perf_counter()
        values[0] = last()[0]
        for k in range(1, N):
            step()
            values[k] = last()[0]
        best = min(best, time.perf_counter() - start)
    return best, values


def main() -> int:
    warnings.simplefilter("error")  # 정상 루프에서는 경고가 없어야 합니다
    t = np.arange(N)
    print(f"스텝 수 {N:,}, 목표: 속도 향상 ≥ {SPEEDUP_TARGET:.0f}배, 상대 차이 ≤ {REL_TARGET:g}")
    print(f"{'스케줄':<32}{'벡터화(ms)':>12}{'torch(ms)':>12}{'속도 향상':>10}{'상대 차이':>12}{'순수 상대':>12}")
    missed = []
    for name, schedule, make in CASES:
        # 두 쪽을 번갈아 잽니다: 같은 기계의 다른 작업이 재는 동안 바뀌어도 양쪽이 같은 때의 기계를 봅니다.
        ours_s = torch_s = np.inf
        for _ in range(3):
            seconds, theirs = time_torch(make, repeats=1)
            torch_s = min(torch_s, seconds)
            seconds, ours = time_vectorized(schedule, t)
            ours_s = min(ours_s, seconds)
        speedup = torch_s / ours_s
        diff = np.abs(ours - theirs)
        rel = float(np.max(diff / (np.abs(theirs) + 1e-3 * LR)))
        nonzero = theirs != 0
        pure = float(np.max(diff[nonzero] / np.abs(theirs[nonzero]))) if nonzero.any() else 0.0
        flag = ""
        if speedup < SPEEDUP_TARGET or not rel <= REL_TARGET:
            missed.append(name)
            flag = "  <- 목표 미달"
        print(
            f"{name:<32}{ours_s * 1e3:>12.3f}{torch_s * 1e3:>12.1f}{speedup:>9.0f}×{rel:>12.1e}{pure:>12.1e}{flag}",
            flush=True,
        )
    if missed:
        print("목표를 맞추지 못한 스케줄:", ", ".join(missed))
        return 1
    print("모든 스케줄이 목표를 맞췄습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
