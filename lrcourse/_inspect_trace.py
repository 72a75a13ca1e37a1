"""스케줄러 점검기의 루프: 스케줄러를 돌리며 스텝마다 학습률을 읽고, 경고와 예외를 스텝과 함께 모읍니다.

:mod:`lrcourse.inspect`가 씁니다. 여기서는 판정하지 않습니다(판정은 :mod:`lrcourse._inspect_rules`).
"""

from __future__ import annotations

import operator

import numpy as np

__all__ = ["run_scheduler", "collect_warnings", "warning_message", "error_message"]


def run_scheduler(scheduler, optimizer, steps: int, every: int, metrics, log: list, seen: dict):
    """스케줄러를 돌리며 행마다 학습률을 읽습니다. (lrs, 오류 튜플 또는 None)을 돌려줍니다.

    ``every``번째 행마다 ``scheduler.step()``(지표가 있으면 ``step(metric)``)을 한 번 부릅니다. 흔한 경우(그룹
    하나, 스텝마다)는 짧은 루프로 따로 돕니다: 스케줄러 스텝 한 번(수 µs)에 비해 루프가 더하는 일을 작게 두려고
    합니다. 경고는 기록 리스트가 비어 있지 않을 때만 처리합니다.
    """
    groups = optimizer.param_groups
    n = len(groups)
    # 텐서 학습률은 제자리에서 바뀌므로 스텝마다 float로 복사합니다. 파이썬 float는 그대로 둡니다.
    read = operator.itemgetter("lr") if all(type(g["lr"]) is float for g in groups) else _float_lr
    values: list = []
    record = values.append
    step = scheduler.step
    i = calls = 0
    try:
        if n == 1 and every == 1 and read is not _float_lr:
            group = groups[0]
            if metrics is None:
                for i in range(steps):
                    record(group["lr"])
                    step()
                    if log:
                        collect_warnings(log, i, seen)
            else:
                for i in range(steps):
                    record(group["lr"])
                    step(metrics[i])
                    if log:
                        collect_warnings(log, i, seen)
        else:
            extend = values.extend
            for i in range(steps):
                extend(map(read, groups))
                if (i + 1) % every:
                    continue
                if metrics is None:
                    step()
                else:
                    step(metrics[calls])
                calls += 1
                if log:
                    collect_warnings(log, i, seen)
    except Exception as exc:  # noqa: BLE001 - 사용자의 스케줄러가 낸 예외를 그 스텝의 발견으로 알립니다
        collect_warnings(log, i, seen)
        return np.array(values, dtype=np.float64).reshape(i + 1, n), ("error", i, error_message(exc, i))
    return np.array(values, dtype=np.float64).reshape(steps, n), None


def _float_lr(group) -> float:
    return float(group["lr"])


def collect_warnings(log: list, step: int, seen: dict) -> None:
    for record in log:
        text = f"{record.category.__name__}: {record.message}"
        first, count = seen.get(text, (step, 0))
        seen[text] = (first, count + 1)
    log.clear()


_WARNING_HINTS = {
    "get_last_lr()": "get_lr()을 직접 불렀습니다: 지금 학습률을 읽을 때는 get_last_lr()을 쓰세요.",
    "before `optimizer.step()`": "scheduler.step()을 optimizer.step()보다 먼저 불렀습니다: 스케줄의 첫 값을 건너뜁니다.",
    "epoch parameter": "step(epoch)는 폐지 예정입니다: 인자 없이 step()을 부르세요.",
    "overridden after learning rate scheduler": "스케줄러를 만든 뒤 optimizer.step을 바꿨습니다.",
}


def warning_message(text: str, count: int) -> str:
    """경고 하나의 한국어 설명. 아는 PyTorch 경고에는 무엇을 고칠지 덧붙이고, 원문은 그대로 둡니다."""
    hint = next((h + " " for key, h in _WARNING_HINTS.items() if key in text), "")
    times = f"({count}번)" if count > 1 else ""
    return f"만들거나 step()하는 동안 경고가 났습니다{times}. {hint}원문: {text}"


def error_message(exc: Exception, step: int) -> str:
    text = f"스텝 {step} 뒤의 scheduler.step()이 예외를 냈습니다: {type(exc).__name__}: {exc}."
    if "Tried to step" in str(exc):
        text += (" OneCycleLR는 total_steps(또는 epochs × steps_per_epoch)번보다 많이 step()할 수 없습니다: "
                 "실제로 step()하는 횟수에 맞추세요.")
    return text + " 여기서 멈췄습니다."
