"""학습 엔진 벤치마크: 강좌의 학습이 몇 초 안에 끝나는지, 엔진이 평범한 PyTorch 루프보다 얼마나 느린지 잽니다.
CPU에서 재며, CUDA가 있으면 CUDA에서도 한 번 더 잽니다.

1. 숫자 MLP(mlp(64), SGD 모멘텀 0.9), 30 에포크(660스텝): 목표 ≤ 2초.
2. 토큰 스트림 작은 모델, 3,000스텝: 목표 ≤ 15초. tests/test_claims.py의 주장에 쓰는 ngram_table(배치 32 × 길이 16)과
   참고로 token_mlp도 잽니다.
3. 뒤집기 트랜스포머, 600스텝: 목표 ≤ 45초. tests/test_claims.py의 주장에 쓰는 설정(REVERSAL: 6층, 너비 64,
   길이 16, 배치 32; pre-LN, 상수 lr 1e-2).
4. 배치 엔진: 숫자 MLP K = 16개를 30 에포크, 한 번의 fit_batched 대 fit 16번: 목표 ≥ 3배 빠름.
5. 엔진의 부담(CPU에서만): 숫자 MLP(mlp(hidden=64), SGD, 배치 32, 30 에포크 = 1,320스텝, 스레드 1개)를 ``fit``으로
   학습한 시간 ÷ 같은 일을 하는 열 줄짜리 PyTorch 루프(에포크마다 randperm으로 섞어 인덱싱한 배치, 같은 모델과
   ``optimizer.step()``, 에포크마다 검증 한 번)의 시간: 목표 ≤ 1.2배. ``fit``은 그동안 스텝마다 학습률과 손실을
   기록하고 스텝마다 발산을 검사합니다. 두 쪽을 번갈아 5번씩 재어 중앙값끼리 나눕니다.

1–4는 3번 중 가장 빠른 시간입니다(다른 작업이 CPU를 나눠 쓰는 기계에서 잡음을 줄이려고).
스레드 수: 목표 판정은 torch 기본 스레드 수로 하고, fit(num_threads=1/2)로 스레드 1개와 2개도 따로 잽니다.
못 맞춘 목표가 있으면 종료 코드 1입니다.
"""

from __future__ import annotations

import statistics
import sys
import time

import torch
import torch.nn.functional as F

from lrcourse import data, models, schedules as S, train
from lrcourse.batched import fit_batched

REPEATS = 3
OVERHEAD_TARGET = 1.2


def best_of(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def plain_loop(digits, epochs: int, batch_size: int) -> None:
    """``fit``과 같은 일을 하는 가장 짧은 PyTorch 루프: 섞기, 배치, 순전파, 역전파, 스텝, 에포크마다 검증."""
    model = models.mlp(hidden=64)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    n = digits.num_train
    for epoch in range(epochs):
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(epoch))
        for i in range(n // batch_size):
            idx = perm[i * batch_size : (i + 1) * batch_size]
            loss = F.cross_entropy(model(digits.x_train[idx]), digits.y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            F.cross_entropy(model(digits.x_val), digits.y_val)


def engine_overhead(digits, repeats: int = 5, epochs: int = 30, batch_size: int = 32) -> float:
    """``fit`` 시간 ÷ 평범한 루프 시간 (번갈아 ``repeats``번씩 잰 중앙값끼리). 둘 다 CPU 스레드 1개."""
    fit_times, plain_times = [], []
    saved = torch.get_num_threads()
    for _ in range(repeats):
        t0 = time.perf_counter()
        train.fit(models.mlp(hidden=64), digits, "sgd", 0.1, epochs=epochs, batch_size=batch_size, num_threads=1,
                  device="cpu", progress=False)
        fit_times.append(time.perf_counter() - t0)
        torch.set_num_threads(1)
        try:
            t0 = time.perf_counter()
            plain_loop(digits, epochs, batch_size)
            plain_times.append(time.perf_counter() - t0)
        finally:
            torch.set_num_threads(saved)
    fit_t, plain_t = statistics.median(fit_times), statistics.median(plain_times)
    print(f"  엔진의 부담: fit {1000 * fit_t:.0f} ms, 평범한 루프 {1000 * plain_t:.0f} ms (중앙값, {repeats}번씩)")
    return fit_t / plain_t


def run(device: str) -> list[tuple[str, float, float, str]]:
    """(이름, 측정값, 목표, '≤' 또는 '≥') 목록."""
    results = []
    digits = data.load_digits(device)
    if device == "cpu":
        results.append(("엔진의 부담: fit ÷ 평범한 PyTorch 루프 (배)", engine_overhead(digits), OVERHEAD_TARGET, "≤"))

    def digits_mlp(num_threads=None):
        return train.fit(models.mlp(), digits, "sgd", S.cosine_annealing(0.1, 660), epochs=30, momentum=0.9,
                         device=device, progress=False, num_threads=num_threads)

    results.append(("숫자 MLP 30 에포크 (초)", best_of(digits_mlp), 2.0, "≤"))
    if device == "cpu":
        for threads in (1, 2):
            t = best_of(lambda: digits_mlp(threads))
            print(f"  스레드 {threads}: 숫자 MLP 30 에포크 {t:.2f}초")

    stream = data.trigram_stream(vocab_size=32, seed=0, device=device)
    t = best_of(lambda: train.fit(models.ngram_table(32), stream, "adam", S.polynomial_decay(0.03, 3000), steps=3000,
                                  batch_size=32, device=device, progress=False))
    results.append(("토큰 스트림 ngram_table 3,000스텝 (초)", t, 15.0, "≤"))
    t = best_of(lambda: train.fit(models.token_mlp(32), stream, "adam", S.polynomial_decay(3e-3, 3000), steps=3000,
                                  batch_size=32, device=device, progress=False), repeats=1)
    results.append(("토큰 스트림 token_mlp 3,000스텝 (초)", t, 15.0, "≤"))

    sys.path.insert(0, "tests")
    from test_claims import REVERSAL  # 주장 테스트와 같은 설정을 잽니다

    task = data.reversal_task(vocab_size=REVERSAL["vocab_size"], seq_len=REVERSAL["seq_len"], device=device)

    def reversal(num_threads=None):
        model = models.tiny_transformer(REVERSAL["vocab_size"], REVERSAL["seq_len"], REVERSAL["d_model"],
                                        REVERSAL["num_layers"], REVERSAL["nhead"], norm_first=True)
        return train.fit(model, task, "adam", S.constant(REVERSAL["lr"]), steps=600, batch_size=REVERSAL["batch_size"],
                         betas=(0.9, 0.98), device=device, progress=False, num_threads=num_threads)

    results.append(("뒤집기 트랜스포머 600스텝 (초)", best_of(reversal, repeats=1), 45.0, "≤"))
    if device == "cpu":
        for threads in (1, 2):
            t = best_of(lambda: reversal(threads), repeats=1)
            print(f"  스레드 {threads}: 뒤집기 트랜스포머 600스텝 {t:.1f}초")

    K = 16
    plans = [S.cosine_annealing(0.02 * 1.25**j, 660) for j in range(K)]
    t_batched = best_of(lambda: fit_batched(models.mlp(), digits, plans, "sgd", epochs=30, momentum=0.9,
                                            device=device, progress=False))
    t_seq = best_of(lambda: [train.fit(models.mlp(), digits, "sgd", p, epochs=30, momentum=0.9, device=device,
                                       progress=False) for p in plans], repeats=1)
    print(f"  배치 엔진 K={K}: {t_batched:.2f}초, 순차 {K}번: {t_seq:.2f}초")
    results.append((f"배치 엔진 K={K} 속도 향상 (배)", t_seq / t_batched, 3.0, "≥"))
    return results


def main() -> int:
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    missed = []
    for device in devices:
        print(f"[{device}] torch {torch.__version__}, 스레드 {torch.get_num_threads()}")
        for name, value, target, sense in run(device):
            ok = value <= target if sense == "≤" else value >= target
            print(f"  {name}: {value:.2f} (목표 {sense} {target:g}) {'통과' if ok else '미달'}")
            if not ok:
                missed.append(f"{device}: {name}")
    if missed:
        print("목표를 맞추지 못한 항목:", ", ".join(missed))
        return 1
    print("모든 학습 벤치마크가 목표를 맞췄습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
