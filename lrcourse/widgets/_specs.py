"""스케줄 탐색기의 드롭다운 표: 스케줄마다 한국어 이름표, 슬라이더, 만드는 법, 그리고 docstring의 수식.

수식의 원본은 팩토리의 docstring 한 곳에만 있습니다. :func:`formula_text`가 그 '수식' 문단을 읽어 옵니다.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import Callable

from .. import schedules
from .._checks import check_int, fail


@dataclass(frozen=True)
class Param:
    """슬라이더 하나. ``kind``가 'steps'면 ``default``는 전체 스텝 수에 대한 비율입니다."""

    name: str
    kind: str  # 'log' | 'float' | 'int' | 'steps' | 'choice' | 'bool' | 'milestones'
    default: object
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple = ()
    label: str = ""


@dataclass(frozen=True)
class Spec:
    """드롭다운의 항목 하나: 한국어 이름표, 매개변수, 만드는 법, 수식을 읽어 올 팩토리, 덧붙일 설명."""

    label: str
    params: tuple
    build: Callable  # (값 사전, 전체 스텝 수) -> Schedule
    doc: str  # 수식을 읽어 올 팩토리 이름
    note: str = ""


def _lr(name: str = "lr", default: float = 0.1, label: str = "학습률") -> Param:
    return Param(name, "log", default, 1e-4, 1.0, 0.05, label=label)


def parse_milestones(text) -> list[int]:
    if isinstance(text, (list, tuple)):
        return [check_int("milestones", m, low=0) for m in text]
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    out = []
    for p in parts:
        try:
            out.append(int(p))
        except ValueError:
            fail("milestones", text, "쉼표로 구분한 정수 스텝 (예: 300, 600)")
    return out


def _inner_cosine(v, total):
    return schedules.cosine_annealing(v["lr"], T_max=max(1, total - v["warmup_steps"]))


SPECS: dict[str, Spec] = {
    "constant": Spec(
        "constant (상수)", (_lr(),), lambda v, n: schedules.constant(v["lr"]), "constant"
    ),
    "step_decay": Spec(
        "step_decay (스텝 감쇠)",
        (_lr(), Param("step_size", "steps", 0.3, label="step_size (스텝)"),
         Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: schedules.step_decay(v["lr"], v["step_size"], v["gamma"]),
        "step_decay",
    ),
    "multistep_decay": Spec(
        "multistep_decay (지정 스텝 감쇠)",
        (_lr(), Param("milestones", "milestones", (0.5, 0.75), label="milestones (스텝)"),
         Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: schedules.multistep_decay(v["lr"], parse_milestones(v["milestones"]), v["gamma"]),
        "multistep_decay",
    ),
    "exponential_decay": Spec(
        "exponential_decay (지수 감쇠)",
        (_lr(), Param("gamma", "float", 0.995, 0.9, 1.0, 0.001),
         Param("decay_steps", "int", 1, 1, 200, 1, label="decay_steps (스텝)"),
         Param("staircase", "bool", False)),
        lambda v, n: schedules.exponential_decay(v["lr"], v["gamma"], v["decay_steps"], v["staircase"]),
        "exponential_decay",
    ),
    "polynomial_decay": Spec(
        "polynomial_decay (다항 감쇠)",
        (_lr(), Param("power", "float", 1.0, 0.1, 5.0, 0.1),
         Param("end_lr", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: schedules.polynomial_decay(v["lr"], n, v["power"], v["end_lr"]),
        "polynomial_decay",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "cosine_annealing": Spec(
        "cosine_annealing (코사인 어닐링)",
        (_lr(), Param("T_max", "steps", 1.0, label="T_max (스텝)"),
         Param("eta_min", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: schedules.cosine_annealing(v["lr"], v["T_max"], v["eta_min"]),
        "cosine_annealing",
    ),
    "cosine_warm_restarts": Spec(
        "cosine_warm_restarts (웜 리스타트)",
        (_lr(), Param("T_0", "steps", 0.1, label="T_0 (스텝)"),
         Param("T_mult", "int", 1, 1, 4, 1),
         Param("eta_min", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: schedules.cosine_warm_restarts(v["lr"], v["T_0"], v["T_mult"], v["eta_min"]),
        "cosine_warm_restarts",
    ),
    "linear_warmup": Spec(
        "linear_warmup (워밍업 + 코사인)",
        (_lr(), Param("warmup_steps", "steps", 0.1, label="warmup_steps (스텝)"),
         Param("start_factor", "float", 0.0, 0.0, 1.0, 0.01)),
        lambda v, n: schedules.linear_warmup(_inner_cosine(v, n), v["warmup_steps"], v["start_factor"]),
        "linear_warmup",
        "워밍업 뒤에는 cosine_annealing(lr, T_max=전체 스텝 − warmup_steps)을 따릅니다.",
    ),
    "one_cycle": Spec(
        "one_cycle (원 사이클)",
        (_lr("max_lr"), Param("pct_start", "float", 0.3, 0.05, 0.95, 0.05),
         Param("div_factor", "log", 25.0, 1.0, 1000.0, 0.05),
         Param("final_div_factor", "log", 1e4, 1.0, 1e5, 0.05),
         Param("anneal_strategy", "choice", "cos", options=("cos", "linear")),
         Param("three_phase", "bool", False)),
        lambda v, n: schedules.one_cycle(v["max_lr"], n, v["pct_start"], v["div_factor"], v["final_div_factor"],
                                         v["anneal_strategy"], v["three_phase"]),
        "one_cycle",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "warmup_stable_decay": Spec(
        "warmup_stable_decay (WSD)",
        (_lr(), Param("warmup_steps", "steps", 0.05, label="warmup_steps (스텝)"),
         Param("decay_steps", "steps", 0.2, label="decay_steps (스텝)"),
         Param("min_lr", "float", 0.0, 0.0, 0.1, 0.001),
         Param("decay_shape", "choice", "linear", options=("linear", "cosine", "1-sqrt"))),
        lambda v, n: schedules.warmup_stable_decay(v["lr"], n, v["warmup_steps"], v["decay_steps"], v["min_lr"],
                                                   v["decay_shape"]),
        "warmup_stable_decay",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "join": Spec(
        "join (상수 → 코사인 이어 붙이기)",
        (_lr(), Param("boundary", "steps", 0.3, label="경계 (스텝)")),
        lambda v, n: schedules.join(
            [schedules.constant(v["lr"]), schedules.cosine_annealing(v["lr"], max(1, n - v["boundary"]))],
            [v["boundary"]]),
        "join",
        "join([constant(lr), cosine_annealing(lr, T_max=전체 스텝 − 경계)], [경계]) 입니다. "
        "두 번째 조각은 경계에서 자기 스텝 0부터 셉니다.",
    ),
    "by_epoch": Spec(
        "by_epoch (에포크 단위 스텝 감쇠)",
        (_lr(), Param("steps_per_epoch", "int", 50, 1, 500, 1),
         Param("step_size", "int", 5, 1, 50, 1, label="step_size (에포크)"),
         Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: schedules.by_epoch(schedules.step_decay(v["lr"], v["step_size"], v["gamma"]),
                                        v["steps_per_epoch"]),
        "by_epoch",
        "by_epoch(step_decay(lr, step_size, gamma), steps_per_epoch) 입니다.",
    ),
}


@functools.lru_cache(maxsize=None)
def formula_text(name: str) -> str:
    """팩토리 docstring의 '수식' 문단을 그대로 가져옵니다: 수식의 원본은 한 곳(docstring)에만 있습니다.

    바로 앞 문단들이 기호를 정의하면(``=``가 있는 문단, 예: one_cycle의 initial_lr, WSD의 W, D, T) 함께 가져옵니다.
    """
    doc = inspect.getdoc(getattr(schedules, name, None)) or ""
    paragraphs = [p.strip() for p in doc.split("\n\n")]
    for i, para in enumerate(paragraphs):
        if para.startswith("수식"):
            lines = [line.strip() for line in para.splitlines()]
            head = lines[0][len("수식"):].strip()
            head = head[:-1].strip() if head.endswith(":") else head.removeprefix(":").strip()
            body = lines[1:] if not head or head.startswith("(") else [head] + lines[1:]
            intro = [head] if head.startswith("(") else []
            j = i - 1
            while j > 0 and " = " in paragraphs[j] and len(intro) < 3:
                intro.insert(0, " ".join(line.strip() for line in paragraphs[j].splitlines()))
                j -= 1
            return "\n".join(intro + body)
    return ""
