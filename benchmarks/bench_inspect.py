"""스케줄러 점검기 벤치마크: ``inspect_scheduler``로 100 000스텝 vs 같은 스케줄러를 평범한 루프로 step()만.

- 평범한 루프: 옵티마이저와 스케줄러를 만들고, ``optimizer.step()`` 한 번, ``scheduler.step()`` 100 000번
  (ReduceLROnPlateau는 ``step(metric)``). 학습률을 읽지도 기록하지도 않습니다: '스케줄러만 돌리는' 시간입니다.
- 점검기: ``inspect_scheduler(build, 100_000)`` 전체(입력 검사, 만들기, 경고 기록, 스텝마다 학습률 읽기,
  numpy 배열 만들기, 모든 판정 규칙).
- 두 쪽을 번갈아 5번씩 재고, 각 쪽 중앙값끼리 나눕니다. 같은 기계의 다른 작업이 재는 동안 바뀌어도 양쪽이 같은
  때의 기계를 보게 하려는 것입니다.
- 스케줄러마다 한 번 step()의 값이 다르므로(StepLR 약 3 µs, LambdaLR 약 5 µs), 가장 싼 스케줄러에서 비가 가장
  큽니다. 그룹 둘, 지표가 있는 ReduceLROnPlateau, 에포크마다 step()은 점검기의 일반 루프를 잽니다.

목표: 모든 경우에서 비 ≤ 2배. 못 맞추면 종료 코드 1.
"""

from __future__ import annotations

import math
import statistics
import sys
import time

import numpy as np
import torch
from torch.optim import lr_scheduler as tls

from lrcourse.inspect import inspect_scheduler

N = 100_000
SPE = 1_000
ROUNDS = 5
TARGET = 2.0
METRICS = np.linspace(1.0, 0.5, N).tolist()


def warmup_cosine(s):
    return (s + 1) / 5_000 if s < 5_000 else 0.5 * (1 + math.cos(math.pi * (s - 5_000) / (N - 5_000)))


# (이름, 스케줄러를 만드는 함수, inspect_scheduler의 추가 인자)
CASES = [
    ("StepLR", lambda o: tls.StepLR(o, 10_000, 0.5), {}),
    ("CosineAnnealingLR", lambda o: tls.CosineAnnealingLR(o, N), {}),
    ("LambdaLR(워밍업+코사인)", lambda o: tls.LambdaLR(o, warmup_cosine), {}),
    ("SequentialLR(선형+코사인)", lambda o: tls.SequentialLR(
        o, [tls.LinearLR(o, 0.01, total_iters=5_000), tls.CosineAnnealingLR(o, N - 5_000)], [5_000]), {}),
    ("OneCycleLR", lambda o: tls.OneCycleLR(o, max_lr=0.1, total_steps=N), {}),
    ("LambdaLR, 그룹 둘", lambda o: tls.LambdaLR(o, warmup_cosine), {"lr": [0.1, 0.01]}),
    ("ReduceLROnPlateau(지표)", lambda o: tls.ReduceLROnPlateau(o, patience=5), {"metrics": METRICS}),
]


def plain_loop(build, kwargs) -> float:
    """평범한 루프의 시간(초): 만들기 + step() N번."""
    lrs = kwargs.get("lr", [0.1])
    start = time.perf_counter()
    opt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": v} for v in lrs], lr=lrs[0],
                          momentum=0.9)
    sched = build(opt)
    opt.step()
    step = sched.step
    if "metrics" in kwargs:
        for metric in kwargs["metrics"]:
            step(metric)
    else:
        for _ in range(N):
            step()
    return time.perf_counter() - start


def inspector(build, kwargs) -> float:
    start = time.perf_counter()
    report = inspect_scheduler(build, N, **kwargs)
    elapsed = time.perf_counter() - start
    if report.lrs.shape[0] != N or any(f.kind in ("error", "warning") for f in report.findings):
        sys.exit(f"점검기가 {N}스텝을 다 돌지 못했거나 경고를 냈습니다: {report.findings}")
    return elapsed


def main() -> int:
    torch.set_num_threads(1)
    print(f"{N:,}스텝, 번갈아 {ROUNDS}번씩 잰 중앙값. 목표: 점검기 ÷ 평범한 루프 ≤ {TARGET}배")
    print("| 스케줄러 | 평범한 루프(ms) | 점검기(ms) | 비 |\n|---|---:|---:|---:|")
    worst = 0.0
    for name, build, kwargs in CASES:
        plain, inspected = [], []
        for _ in range(ROUNDS):
            plain.append(plain_loop(build, kwargs))
            inspected.append(inspector(build, kwargs))
        a, b = statistics.median(plain), statistics.median(inspected)
        worst = max(worst, b / a)
        print(f"| {name} | {1000 * a:.1f} | {1000 * b:.1f} | {b / a:.2f}× |", flush=True)
    if worst > TARGET:
        print(f"\n가장 큰 비 {worst:.2f}배가 목표 {TARGET}배를 넘었습니다.")
        return 1
    print(f"\n가장 큰 비 {worst:.2f}배: 점검기가 목표(≤ {TARGET}배)를 맞췄습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
