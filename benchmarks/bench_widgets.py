"""탐색기 벤치마크: 슬라이더 한 번 움직였을 때 파이썬 쪽에서 걸리는 시간 (계산 + PNG 그리기 + 위젯 값 설정).

- schedule_explorer: 학습률·T_max·전체 스텝·로그 눈금을 바꾸는 30번의 변경, 중앙값. 목표 ≤ 100 ms.
- lr_explorer: 학습률(× 2/L)을 0.05에서 1.2까지 30번 바꾸기, 중앙값. 목표 ≤ 150 ms.
- training_explorer: '학습' 버튼 한 번(숫자 MLP 10 에포크 = 220 스텝, 그림 포함), 5번의 중앙값. 목표 ≤ 1.5 s.
  첫 실행(만들 때 한 번, torch 준비 시간 포함)과 기준선을 함께 학습하는 배치 엔진 실행도 보여 줍니다.
- 참고(목표 없음): 같은 학습을 torch 기본 스레드 수로 할 때와 1개로 할 때. 탐색기가 학습하는 동안 스레드를
  1개로 두는 까닭입니다.

슬라이더 변경은 위젯의 ``value``를 파이썬에서 바꿔 observe 콜백을 그대로 부릅니다. 브라우저와 주고받는 시간은
빠지지만, 커널이 바쁜 시간은 이것이 전부입니다. 목표를 못 맞추면 종료 코드 1.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("LRCOURSE_PROGRESS", "0")

import numpy as np  # noqa: E402

from lrcourse import widgets as lw  # noqa: E402

SCHEDULE_TARGET_MS = 100.0
LR_TARGET_MS = 150.0
TRAINING_TARGET_S = 1.5
CHANGES = 30


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ms(explorer, changes) -> tuple[float, float]:
    """(위젯 이름, 값) 변경마다 걸린 (벽시계, 이 프로세스의 CPU) 시간의 중앙값(ms).

    CPU 시간은 같은 기계의 다른 작업에 덜 흔들리므로 함께 보여 줍니다. 목표는 벽시계 시간에 겁니다.
    오류 메시지가 뜨면 측정이 무의미하므로 멈춥니다.
    """
    times, cpu_times = [], []
    for name, value in changes:
        control = explorer.control(name)
        before = bytes(explorer.image.value)
        cpu_start = time.process_time()
        times.append(timed(lambda: setattr(control, "value", value)))
        cpu_times.append(time.process_time() - cpu_start)
        if explorer.message.value:
            sys.exit(f"탐색기가 오류를 보였습니다 ({name}={value!r}): {explorer.message.value}")
        if name != "log_scale" and bytes(explorer.image.value) == before:
            sys.exit(f"{name}={value!r}로 바꿨는데 그림이 그대로입니다: 측정이 그리기를 건너뛰었습니다.")
    return 1000 * statistics.median(times), 1000 * statistics.median(cpu_times)


def bench_schedule_explorer() -> tuple[float, float]:
    explorer = lw.schedule_explorer("cosine_annealing")
    changes = []
    for i, lr in enumerate(np.geomspace(0.01, 0.8, CHANGES // 3)):
        changes.append(("lr", float(lr)))
        changes.append(("T_max", 300 + 50 * i))
        changes.append(("total_steps", 800 + 100 * i))
    return median_ms(explorer, changes)


def bench_lr_explorer() -> tuple[float, float]:
    explorer = lw.lr_explorer(0.5)
    values = np.round(np.linspace(0.05, 1.2, CHANGES), 2)
    return median_ms(explorer, [("lr_factor", float(v)) for v in values])


def bench_training_explorer() -> tuple[float, float, float]:
    start = time.perf_counter()
    explorer = lw.training_explorer("cosine_annealing", epochs=10)
    first = time.perf_counter() - start
    if explorer.message.value:
        sys.exit(f"학습 탐색기가 오류를 보였습니다: {explorer.message.value}")
    runs = []
    for lr in (0.2, 0.3, 0.4, 0.5, 0.6):
        explorer.control("lr").value = lr
        runs.append(timed(explorer.train))
    explorer.control("baseline").value = True
    with_baseline = timed(explorer.train)
    if explorer.message.value:
        sys.exit(f"학습 탐색기가 오류를 보였습니다: {explorer.message.value}")
    return first, statistics.median(runs), with_baseline


def torch_threads_comparison() -> tuple[int, float, float]:
    import torch

    from lrcourse import data, models, schedules, train

    digits = data.load_digits("cpu")

    def fit(num_threads=None):
        train.fit(models.mlp(seed=0), digits, "sgd", schedules.cosine_annealing(0.5, 220), steps=220,
                  device="cpu", progress=False, num_threads=num_threads)

    default_threads = torch.get_num_threads()
    fit()  # 준비 (첫 호출의 초기화 시간은 빼고 잽니다)
    with_default = timed(fit)
    with_one = timed(lambda: fit(num_threads=1))
    return default_threads, with_default, with_one


def main() -> int:
    schedule_ms, schedule_cpu = bench_schedule_explorer()
    lr_ms, lr_cpu = bench_lr_explorer()
    first_s, train_s, baseline_s = bench_training_explorer()
    threads, default_s, one_s = torch_threads_comparison()

    rows = [
        ("schedule_explorer 슬라이더 한 번 (중앙값)", f"{schedule_ms:.1f} ms", f"≤ {SCHEDULE_TARGET_MS:.0f} ms",
         schedule_ms <= SCHEDULE_TARGET_MS),
        ("  그중 이 프로세스의 CPU 시간", f"{schedule_cpu:.1f} ms", "-", None),
        ("lr_explorer 슬라이더 한 번 (중앙값)", f"{lr_ms:.1f} ms", f"≤ {LR_TARGET_MS:.0f} ms", lr_ms <= LR_TARGET_MS),
        ("  그중 이 프로세스의 CPU 시간", f"{lr_cpu:.1f} ms", "-", None),
        ("training_explorer '학습' 한 번 (중앙값)", f"{train_s:.2f} s", f"≤ {TRAINING_TARGET_S} s",
         train_s <= TRAINING_TARGET_S),
        ("training_explorer 기준선과 함께 (배치 엔진 2개)", f"{baseline_s:.2f} s", "-", None),
        ("training_explorer 만들기 (첫 학습, torch 준비 포함)", f"{first_s:.2f} s", "-", None),
        (f"참고: fit 220 스텝, torch 스레드 {threads}개", f"{default_s:.2f} s", "-", None),
        ("참고: fit 220 스텝, torch 스레드 1개", f"{one_s:.2f} s", "-", None),
    ]
    print(f"부하 평균(1분): {os.getloadavg()[0]:.1f}, CPU 코어 {os.cpu_count()}개")
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("  통과" if ok else "  실패")
        print(f"{name:<48} {value:>10}   목표 {target}{mark}")
    failed = [name for name, _, _, ok in rows if ok is False]
    if failed:
        print("목표를 맞추지 못했습니다:", ", ".join(failed))
        return 1
    print("탐색기 벤치마크가 모든 목표를 맞췄습니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
