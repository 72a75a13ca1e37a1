"""tests/test_claims.py의 주장을 설명에 적힌 여러 시드로 다시 잽니다 (``make claims``).

tests/test_claims.py는 주장마다 시드 하나로 도는 회귀 검사입니다(테스트 시간을 짧게 두려고). 그 설명에 적힌
여러 시드의 측정값은 이 스크립트가 냅니다. 시드마다 값을 출력하고, 테스트와 같은 여유를 시드마다 확인해
하나라도 못 맞추면 종료 코드 1을 돌려줍니다. 2코어 CPU를 다른 일과 나눠 쓸 때 모두 약 25분
(토큰 스트림 551 s, 워밍업 93 s, 뒤집기 812 s; 1분 부하 평균 7–8, 2026-12-01) 걸렸습니다.

    python benchmarks/claims_seeds.py            # 세 주장 모두
    python benchmarks/claims_seeds.py trigram    # 이름 일부로 고르기: trigram, warmup, post_ln
"""

from __future__ import annotations

import sys
import time

import numpy as np
import torch

from lrcourse import data, models, schedules, train
from lrcourse.batched import fit_batched

# tests/test_claims.py의 REVERSAL과 같은 설정
REVERSAL = dict(vocab_size=16, seq_len=16, d_model=64, num_layers=6, nhead=4, lr=1e-2, batch_size=32, steps=300,
                warmup=100)


def trigram(failures: list[str]) -> None:
    """토큰 스트림: 시드 0/1/2(스트림과 배치 순서)에서 상수·선형 감쇠·WSD·지수 감쇠의 정확한 초과 손실 (nats)."""
    T, lr = 3000, 0.03
    plans = {
        "상수": schedules.constant(lr),
        "선형 감쇠": schedules.polynomial_decay(lr, T),
        "WSD": schedules.warmup_stable_decay(lr, T, warmup_steps=0, decay_steps=T // 5),
        "지수 감쇠": schedules.exponential_decay(lr, gamma=0.01 ** (1 / T)),  # 끝에서 lr/100
    }
    print("| 스트림 시드 | " + " | ".join(plans) + " |")
    for seed in (0, 1, 2):
        stream = data.trigram_stream(vocab_size=32, seed=seed)
        excess = {}
        for name, s in plans.items():
            model = models.ngram_table(32)
            train.fit(model, stream, "adam", s, steps=T, batch_size=32, eval_every=T, seed=seed, progress=False)
            excess[name] = data.exact_excess_loss(model, stream)
        print(f"| {seed} | " + " | ".join(f"{v:.4f}" for v in excess.values()) + " |", flush=True)
        if not excess["선형 감쇠"] < 0.6 * excess["상수"]:
            failures.append(f"trigram 시드 {seed}: 선형 감쇠 {excess['선형 감쇠']:.4f} ≥ 0.6 × 상수")
        if not excess["WSD"] < 0.75 * excess["상수"]:
            failures.append(f"trigram 시드 {seed}: WSD {excess['WSD']:.4f} ≥ 0.75 × 상수")


def warmup(failures: list[str]) -> None:
    """숫자 MLP, Adam lr 0.2와 0.15: 데이터 순서 시드 0/1/2에서 초기화 시드 8개의 검증 정확도 평균±표준편차."""
    T, W = 600, 100
    inits = [models.mlp(hidden=(64,), seed=s) for s in range(8)]
    digits = data.load_digits()
    print("| lr | 데이터 순서 시드 | 워밍업 없음 | 워밍업 |")
    for lr in (0.2, 0.15):
        plans = [schedules.cosine_annealing(lr, T)] * len(inits) + \
                [schedules.linear_warmup(schedules.cosine_annealing(lr, T - W), W)] * len(inits)
        for seed in (0, 1, 2):
            runs = fit_batched(inits + inits, digits, plans, "adam", steps=T, seed=seed, progress=False)
            acc = np.array([h.final_val_acc for h in runs])
            none, warm = acc[: len(inits)], acc[len(inits):]
            print(f"| {lr} | {seed} | {none.mean():.3f}±{none.std():.3f} | {warm.mean():.3f}±{warm.std():.3f} |",
                  flush=True)
            if lr == 0.2:  # 테스트의 여유는 lr 0.2에 대한 것입니다
                if not (warm.mean() > none.mean() + 0.05 and warm.std() < 0.5 * none.std() and warm.min() > 0.95):
                    failures.append(f"warmup lr {lr} 시드 {seed}: 없음 {none.mean():.3f}±{none.std():.3f}, "
                                    f"워밍업 {warm.mean():.3f}±{warm.std():.3f} (가장 나쁜 {warm.min():.3f})")


def post_ln(failures: list[str]) -> None:
    """뒤집기 과제: 초기화·데이터 시드 0/1/2/3에서 마지막 검증 토큰 정확도."""
    cfg = REVERSAL
    T, W, lr = cfg["steps"], cfg["warmup"], cfg["lr"]
    task = data.reversal_task(vocab_size=cfg["vocab_size"], seq_len=cfg["seq_len"], num_val=512)
    plans = {
        "pre-LN, 워밍업 없음": (True, schedules.cosine_annealing(lr, T), 0.9, None),
        "post-LN, 워밍업 없음": (False, schedules.cosine_annealing(lr, T), None, 0.2),
        "post-LN, 워밍업": (False, schedules.linear_warmup(schedules.cosine_annealing(lr, T - W), W), 0.9, None),
    }
    print("| 시드 | " + " | ".join(plans) + " |")
    for seed in (0, 1, 2, 3):
        acc = {}
        for name, (norm_first, schedule, at_least, at_most) in plans.items():
            model = models.tiny_transformer(cfg["vocab_size"], cfg["seq_len"], cfg["d_model"], cfg["num_layers"],
                                            cfg["nhead"], norm_first=norm_first, seed=seed)
            h = train.fit(model, task, "adam", schedule, steps=T, batch_size=cfg["batch_size"], betas=(0.9, 0.98),
                          eval_every=T, seed=seed, progress=False)
            acc[name] = h.final_val_acc
            if (at_least is not None and acc[name] < at_least) or (at_most is not None and acc[name] > at_most):
                failures.append(f"post_ln 시드 {seed}: {name} 정확도 {acc[name]:.3f}")
        print(f"| {seed} | " + " | ".join(f"{v:.3f}" for v in acc.values()) + " |", flush=True)


CLAIMS = {"trigram": trigram, "warmup": warmup, "post_ln": post_ln}


def main(argv: list[str]) -> int:
    # 작은 모델이라 스레드 하나가 빠르고, 바쁜 기계에서 스레드 둘이 서로 기다리며 시간을 버리지 않습니다.
    torch.set_num_threads(1)
    chosen = [name for name in CLAIMS if not argv or any(a in name for a in argv)]
    failures: list[str] = []
    for name in chosen:
        print(f"\n## {name}: {CLAIMS[name].__doc__.strip()}\n")
        start = time.perf_counter()
        CLAIMS[name](failures)
        print(f"\n({time.perf_counter() - start:.0f} s)")
    if failures:
        print("\n여유를 못 맞춘 시드:\n" + "\n".join(f"- {f}" for f in failures))
        return 1
    print("\n모든 시드가 테스트와 같은 여유를 맞췄습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
