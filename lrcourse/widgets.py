"""노트북용 대화형 탐색기: 슬라이더로 스케줄과 학습률을 직접 움직여 봅니다.

- :func:`schedule_explorer`: 스케줄을 고르고 매개변수를 움직이며 학습률 곡선, 수식, 주요 값을 봅니다.
- :func:`lr_explorer`: 이차(최소제곱) 문제에서 학습률이 너무 크면 발산하고 너무 작으면 기어가는 것을 봅니다.
- :func:`training_explorer`: 스케줄을 골라 버튼을 누르면 숫자 MLP를 학습하고 학습률·손실·정확도를 봅니다.

설계 (왜 이렇게 만들었는지):

- ipywidgets 8의 기본 위젯만 씁니다. ipympl 같은 확장은 Colab에서 깨집니다.
- 그림은 matplotlib(Agg)으로 PNG 바이트를 만들어 ``ipywidgets.Image``에 넣습니다. ``Output`` 위젯과
  ``plt.show()``를 쓰지 않으므로 셀을 실행해도 위젯 말고는 다른 출력이 생기지 않고(nbval은 Output
  위젯을 흉내 내지 않습니다), pyplot의 전역 그림 목록에도 들어가지 않습니다. 탐색기마다 Figure
  하나를 만들어 두고 선의 데이터만 바꿉니다.
- 콜백 안에서 난 오류는 로그로 사라지지 않고 탐색기 안의 빨간 글씨로 한국어로 보입니다. 그림은 마지막으로
  성공한 것이 그대로 남습니다.
- 각 함수는 맨 위 위젯(``VBox``) 하나를 돌려주므로 셀의 마지막 줄에 두면 바로 보입니다. 키워드 인자로
  처음 값을 정할 수 있습니다. 예: ``schedule_explorer("cosine_warm_restarts", T_0=50)``.

돌려주는 위젯에는 노트북과 테스트에서 쓰도록 ``control(이름)`` (매개변수 이름 → 입력 위젯), ``image``
(그림 ``Image`` 위젯), ``message`` (오류를 보여 주는 ``HTML`` 위젯) 속성을 붙여 둡니다.
예: ``ex = schedule_explorer(); ex.control("lr").value = 0.3``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import inspect
import math
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import numpy as np

from . import schedules as _schedules
from ._checks import check_choice, check_int, check_real, fail

__all__ = ["schedule_explorer", "lr_explorer", "training_explorer"]

_DESCRIPTION_STYLE = {"description_width": "8em"}
_SLIDER_LAYOUT = {"width": "26em"}
_CHECKBOX_LAYOUT = {"width": "auto", "margin": "2px 1.5em 2px 0"}
_STYLES = {"error": "color:#b00020;font-weight:bold", "warn": "color:#8a4b00;font-weight:bold", "ok": "color:#1b5e20"}


# ---------------------------------------------------------------------------
# 공통 도우미: 그림, 오류 표시
# ---------------------------------------------------------------------------


def _new_figure(width: float, height: float, ncols: int = 1, margins: dict | None = None):
    """pyplot에 등록하지 않은 Figure와 축 목록. 노트북의 인라인 백엔드가 셀 끝에 따로 그리지 않습니다.

    Agg 캔버스를 한 번 붙여 두어 PNG로 바꿀 때마다 캔버스를 새로 만들지 않습니다. 여백은 고정합니다:
    constrained layout은 그릴 때마다 눈금 이름표의 크기를 재느라 그리는 시간을 거의 두 배로 늘립니다.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from . import plotting  # noqa: F401  (한글 글꼴과 색을 등록합니다)

    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(**(margins or {}))
    FigureCanvasAgg(fig)
    return fig, list(fig.subplots(1, ncols, squeeze=False)[0])


def _png(fig) -> bytes:
    """그림 → PNG 바이트. :func:`lrcourse.plotting.figure_to_png`와 같지만 zlib 압축을 가장 가볍게 합니다.

    기본 압축(6단계)은 이 크기의 그림에서 인코딩에 10–25 ms를 쓰고, 1단계는 그 절반 이하이면서 파일은
    20–30 % 커질 뿐입니다(수십 KB). 슬라이더 한 번의 시간 예산(100 ms)에서 이 차이가 큽니다.
    """
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _buffer_png(canvas) -> bytes:
    """이미 그려진 Agg 캔버스의 픽셀을 그대로 PNG로 (다시 그리지 않습니다). 압축은 :func:`_png`와 같습니다."""
    import io

    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    buffer = io.BytesIO()
    Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
        buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _palette() -> list:
    from .plotting import PALETTE

    return list(PALETTE)


def _message_html(text: str, level: str = "error") -> str:
    """``level``: 'error'(빨강, ⚠), 'warn'(갈색), 'ok'(초록)."""
    mark = "⚠ " if level == "error" else ""
    return f'<div style="{_STYLES[level]};line-height:1.5">{mark}{html.escape(text)}</div>'


def _error_text(exc: BaseException) -> str:
    """lrcourse의 검사 오류는 이미 한국어이므로 그대로, 그 밖의 오류는 종류를 붙여 보여 줍니다."""
    if isinstance(exc, (ValueError, TypeError)):
        return str(exc)
    return f"예상하지 못한 오류가 났습니다 ({type(exc).__name__}): {exc}"


def _shows_errors(message: widgets.HTML):
    """콜백을 감싸서, 오류가 나면 ``message``에 한국어로 보여 주고 다시 던지지 않습니다."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - 위젯 콜백의 오류는 로그가 아니라 화면에 보여야 합니다
                message.value = _message_html(_error_text(exc), "error")
                return None

        return wrapper

    return decorate


def _fmt(x: float) -> str:
    """학습률처럼 자릿수가 크게 달라지는 값을 짧게 씁니다."""
    if not math.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def _steps_text(steps: list[int], limit: int = 12) -> str:
    if not steps:
        return "없음"
    shown = ", ".join(str(s) for s in steps[:limit])
    return shown + (f", … (모두 {len(steps)}개)" if len(steps) > limit else "")


# ---------------------------------------------------------------------------
# 스케줄 탐색기: 매개변수 표
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Param:
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
class _Spec:
    """드롭다운의 항목 하나: 한국어 이름표, 매개변수, 만드는 법, 수식을 읽어 올 팩토리, 덧붙일 설명."""

    label: str
    params: tuple
    build: Callable  # (값 사전, 전체 스텝 수) -> Schedule
    doc: str  # 수식을 읽어 올 팩토리 이름
    note: str = ""


def _lr(name: str = "lr", default: float = 0.1, label: str = "학습률") -> _Param:
    return _Param(name, "log", default, 1e-4, 1.0, 0.05, label=label)


def _parse_milestones(text) -> list[int]:
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
    return _schedules.cosine_annealing(v["lr"], T_max=max(1, total - v["warmup_steps"]))


_SPECS: dict[str, _Spec] = {
    "constant": _Spec(
        "constant (상수)", (_lr(),), lambda v, n: _schedules.constant(v["lr"]), "constant"
    ),
    "step_decay": _Spec(
        "step_decay (스텝 감쇠)",
        (_lr(), _Param("step_size", "steps", 0.3, label="step_size (스텝)"),
         _Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: _schedules.step_decay(v["lr"], v["step_size"], v["gamma"]),
        "step_decay",
    ),
    "multistep_decay": _Spec(
        "multistep_decay (지정 스텝 감쇠)",
        (_lr(), _Param("milestones", "milestones", (0.5, 0.75), label="milestones (스텝)"),
         _Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: _schedules.multistep_decay(v["lr"], _parse_milestones(v["milestones"]), v["gamma"]),
        "multistep_decay",
    ),
    "exponential_decay": _Spec(
        "exponential_decay (지수 감쇠)",
        (_lr(), _Param("gamma", "float", 0.995, 0.9, 1.0, 0.001),
         _Param("decay_steps", "int", 1, 1, 200, 1, label="decay_steps (스텝)"),
         _Param("staircase", "bool", False)),
        lambda v, n: _schedules.exponential_decay(v["lr"], v["gamma"], v["decay_steps"], v["staircase"]),
        "exponential_decay",
    ),
    "polynomial_decay": _Spec(
        "polynomial_decay (다항 감쇠)",
        (_lr(), _Param("power", "float", 1.0, 0.1, 5.0, 0.1),
         _Param("end_lr", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: _schedules.polynomial_decay(v["lr"], n, v["power"], v["end_lr"]),
        "polynomial_decay",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "cosine_annealing": _Spec(
        "cosine_annealing (코사인 어닐링)",
        (_lr(), _Param("T_max", "steps", 1.0, label="T_max (스텝)"),
         _Param("eta_min", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: _schedules.cosine_annealing(v["lr"], v["T_max"], v["eta_min"]),
        "cosine_annealing",
    ),
    "cosine_warm_restarts": _Spec(
        "cosine_warm_restarts (웜 리스타트)",
        (_lr(), _Param("T_0", "steps", 0.1, label="T_0 (스텝)"),
         _Param("T_mult", "int", 1, 1, 4, 1),
         _Param("eta_min", "float", 0.0, 0.0, 0.1, 0.001)),
        lambda v, n: _schedules.cosine_warm_restarts(v["lr"], v["T_0"], v["T_mult"], v["eta_min"]),
        "cosine_warm_restarts",
    ),
    "linear_warmup": _Spec(
        "linear_warmup (워밍업 + 코사인)",
        (_lr(), _Param("warmup_steps", "steps", 0.1, label="warmup_steps (스텝)"),
         _Param("start_factor", "float", 0.0, 0.0, 1.0, 0.01)),
        lambda v, n: _schedules.linear_warmup(_inner_cosine(v, n), v["warmup_steps"], v["start_factor"]),
        "linear_warmup",
        "워밍업 뒤에는 cosine_annealing(lr, T_max=전체 스텝 − warmup_steps)을 따릅니다.",
    ),
    "one_cycle": _Spec(
        "one_cycle (원 사이클)",
        (_lr("max_lr"), _Param("pct_start", "float", 0.3, 0.05, 0.95, 0.05),
         _Param("div_factor", "log", 25.0, 1.0, 1000.0, 0.05),
         _Param("final_div_factor", "log", 1e4, 1.0, 1e5, 0.05),
         _Param("anneal_strategy", "choice", "cos", options=("cos", "linear")),
         _Param("three_phase", "bool", False)),
        lambda v, n: _schedules.one_cycle(v["max_lr"], n, v["pct_start"], v["div_factor"], v["final_div_factor"],
                                          v["anneal_strategy"], v["three_phase"]),
        "one_cycle",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "warmup_stable_decay": _Spec(
        "warmup_stable_decay (WSD)",
        (_lr(), _Param("warmup_steps", "steps", 0.05, label="warmup_steps (스텝)"),
         _Param("decay_steps", "steps", 0.2, label="decay_steps (스텝)"),
         _Param("min_lr", "float", 0.0, 0.0, 0.1, 0.001),
         _Param("decay_shape", "choice", "linear", options=("linear", "cosine", "1-sqrt"))),
        lambda v, n: _schedules.warmup_stable_decay(v["lr"], n, v["warmup_steps"], v["decay_steps"], v["min_lr"],
                                                    v["decay_shape"]),
        "warmup_stable_decay",
        "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    ),
    "join": _Spec(
        "join (상수 → 코사인 이어 붙이기)",
        (_lr(), _Param("boundary", "steps", 0.3, label="경계 (스텝)")),
        lambda v, n: _schedules.join(
            [_schedules.constant(v["lr"]), _schedules.cosine_annealing(v["lr"], max(1, n - v["boundary"]))],
            [v["boundary"]]),
        "join",
        "join([constant(lr), cosine_annealing(lr, T_max=전체 스텝 − 경계)], [경계]) 입니다. "
        "두 번째 조각은 경계에서 자기 스텝 0부터 셉니다.",
    ),
    "by_epoch": _Spec(
        "by_epoch (에포크 단위 스텝 감쇠)",
        (_lr(), _Param("steps_per_epoch", "int", 50, 1, 500, 1),
         _Param("step_size", "int", 5, 1, 50, 1, label="step_size (에포크)"),
         _Param("gamma", "float", 0.1, 0.01, 1.0, 0.01)),
        lambda v, n: _schedules.by_epoch(_schedules.step_decay(v["lr"], v["step_size"], v["gamma"]),
                                         v["steps_per_epoch"]),
        "by_epoch",
        "by_epoch(step_decay(lr, step_size, gamma), steps_per_epoch) 입니다.",
    ),
}


def _available_specs() -> dict[str, _Spec]:
    """``lrcourse.schedules``에 실제로 있는 팩토리만 (스케줄 모듈과 버전이 어긋나도 탐색기는 열립니다)."""
    return {name: spec for name, spec in _SPECS.items() if hasattr(_schedules, name)}


@functools.lru_cache(maxsize=None)
def _formula(name: str) -> str:
    """팩토리 docstring의 '수식' 문단을 그대로 가져옵니다: 수식의 원본은 한 곳(docstring)에만 있습니다.

    바로 앞 문단들이 기호를 정의하면(``=``가 있는 문단, 예: one_cycle의 initial_lr, WSD의 W, D, T) 함께 가져옵니다.
    """
    doc = inspect.getdoc(getattr(_schedules, name, None)) or ""
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


def _make_control(p: _Param, value, total_steps: int, on_change) -> widgets.Widget:
    label = p.label or p.name
    common = dict(description=label, style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    if p.kind == "log":
        w = widgets.FloatLogSlider(value=value, base=10, min=math.log10(p.low), max=math.log10(p.high),
                                   step=p.step, readout_format=".3g", **common)
    elif p.kind == "float":
        w = widgets.FloatSlider(value=value, min=p.low, max=p.high, step=p.step, readout_format=".3g", **common)
    elif p.kind == "int":
        w = widgets.IntSlider(value=value, min=int(p.low), max=int(p.high), step=int(p.step), **common)
    elif p.kind == "steps":
        w = widgets.IntSlider(value=value, min=1, max=_steps_max(total_steps), step=1, **common)
    elif p.kind == "choice":
        w = widgets.Dropdown(value=value, options=list(p.options), **common)
    elif p.kind == "bool":
        w = widgets.Checkbox(value=bool(value), description=label, indent=False, layout=_CHECKBOX_LAYOUT)
    elif p.kind == "milestones":
        text = value if isinstance(value, str) else ", ".join(str(int(m)) for m in value)
        w = widgets.Text(value=text, continuous_update=False, placeholder="예: 300, 600", **common)
    else:  # pragma: no cover - 표를 잘못 쓴 경우
        raise AssertionError(p.kind)
    w.observe(on_change, names="value")
    return w


def _steps_max(total_steps: int) -> int:
    """스텝 단위 슬라이더의 최댓값: 전체 스텝의 2배까지 (예: T_max가 그린 구간보다 길면 끝까지 다 줄지 않는 모습)."""
    return 2 * total_steps


def _check_preset(p: _Param, value, total_steps: int):
    """키워드 인자로 준 처음 값이 슬라이더 범위 안인지 검사합니다. 슬라이더는 범위 밖 값을 말없이 잘라 내기 때문입니다."""
    if p.kind in ("log", "float"):
        return check_real(p.name, value, low=p.low, high=p.high)
    if p.kind == "int":
        return check_int(p.name, value, low=int(p.low), high=int(p.high))
    if p.kind == "steps":
        return check_int(p.name, value, low=1, high=_steps_max(total_steps),
                         allowed=f"1 이상 {_steps_max(total_steps)}(전체 스텝의 2배) 이하의 정수")
    if p.kind == "choice":
        return check_choice(p.name, value, p.options)
    if p.kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            fail(p.name, value, "True 또는 False", TypeError)
        return bool(value)
    return value  # milestones: 그릴 때 스케줄 팩토리가 검사합니다


def _tidy(p: _Param, value):
    """슬라이더 값을 화면에 보이는 자릿수로 맞춥니다 (0.44668359215096304 → 0.447, 0.30000000000000004 → 0.3).

    그래야 repr과 학습 기록에 나오는 값이 슬라이더 옆에 보이는 값과 같습니다.
    """
    if p.kind == "log":
        return float(f"{value:.3g}")
    if p.kind == "float":
        return round(float(value), 6)
    return value


def _initial_value(p: _Param, total_steps: int):
    if p.kind == "steps":
        return max(1, int(round(p.default * total_steps)))
    if p.kind == "milestones":
        return [int(round(f * total_steps)) for f in p.default]
    return p.default


class _SchedulePicker:
    """드롭다운 하나와 그 스케줄의 매개변수 위젯들. 스케줄마다 위젯을 캐시해 값을 기억합니다."""

    def __init__(self, prefix: str, name: str, preset: dict, total_steps: int, on_change, defaults=None):
        self.specs = _available_specs()
        self.defaults = dict(defaults or {})  # 모든 스케줄에 쓸 처음 값 (예: 학습 탐색기의 lr=0.5)
        check_choice("schedule", name, tuple(self.specs))
        self.prefix = prefix
        self.on_change = on_change
        self.total_steps = total_steps
        self.cache: dict[str, dict[str, widgets.Widget]] = {}
        self.dropdown = widgets.Dropdown(
            options=[(spec.label, key) for key, spec in self.specs.items()],
            value=name, description="스케줄" if prefix == "" else "두 번째 스케줄",
            style=_DESCRIPTION_STYLE, layout={"width": "30em"},
        )
        self.box = widgets.HBox(layout={"flex_flow": "row wrap"})
        unknown = set(preset) - {p.name for p in self.specs[name].params}
        if unknown:
            allowed = ", ".join(p.name for p in self.specs[name].params)
            fail(", ".join(sorted(unknown)), "(알 수 없는 매개변수)", f"{name}의 매개변수 {allowed}")
        self._controls_for(name, preset)
        self.dropdown.observe(self._switch, names="value")
        self._show(name)

    def _controls_for(self, name: str, preset: dict | None = None) -> dict:
        if name not in self.cache:
            preset = {**self.defaults, **(preset or {})}
            values = {
                p.name: _check_preset(p, preset[p.name], self.total_steps) if p.name in preset
                else _initial_value(p, self.total_steps)
                for p in self.specs[name].params
            }
            self.cache[name] = {
                p.name: _make_control(p, values[p.name], self.total_steps, self.on_change)
                for p in self.specs[name].params
            }
        return self.cache[name]

    def _show(self, name: str):
        self.box.children = tuple(self._controls_for(name).values())

    def _switch(self, change):
        self._show(change["new"])
        self.on_change(change)

    @property
    def name(self) -> str:
        return self.dropdown.value

    @property
    def spec(self) -> _Spec:
        return self.specs[self.name]

    def controls(self) -> dict:
        return self._controls_for(self.name)

    def values(self) -> dict:
        params = {p.name: p for p in self.spec.params}
        return {k: _tidy(params[k], w.value) for k, w in self.controls().items()}

    def set_total_steps(self, total_steps: int):
        """'steps' 종류 슬라이더의 최댓값을 전체 스텝 수에 맞춥니다 (값이 넘치면 슬라이더가 잘라 냅니다)."""
        self.total_steps = total_steps
        for name, controls in self.cache.items():
            for p in self.specs[name].params:
                if p.kind == "steps":
                    controls[p.name].max = _steps_max(total_steps)

    def build(self, total_steps: int):
        values = self.values()
        return self.spec.build(values, total_steps)


def schedule_explorer(schedule: str = "cosine_annealing", *, total_steps: int = 1000, log_scale: bool = False,
                      compare: str | None = None, compare_params: dict | None = None, **params) -> widgets.VBox:
    """스케줄 탐색기: 스케줄을 고르고 매개변수를 슬라이더로 움직이며 학습률 곡선을 봅니다.

    드롭다운에는 :mod:`lrcourse.schedules`의 모든 스케줄이 있습니다. 학습률은 로그 슬라이더입니다. 아래에
    docstring의 수식과 주요 값(시작·끝 학습률, 최댓값·최솟값, 감쇠·재시작 스텝)을 보여 줍니다.
    '두 번째 스케줄'을 켜면 다른 스케줄을 점선으로 겹쳐 그립니다.

    Args:
        schedule: 처음 고를 스케줄 이름 (예: ``"cosine_warm_restarts"``).
        total_steps: 그릴 스텝 수 (10–10000).
        log_scale: 세로축을 로그 눈금으로 그릴지.
        compare: 겹쳐 그릴 두 번째 스케줄 이름. ``None``이면 끔.
        compare_params: 두 번째 스케줄의 처음 매개변수 값.
        **params: 첫 스케줄의 처음 매개변수 값 (예: ``T_0=50``, ``lr=0.3``).

    Returns:
        맨 위 위젯(``VBox``). ``.control(이름)``, ``.image``, ``.message`` 속성이 있습니다.
        두 번째 스케줄의 매개변수는 ``'compare_'``를 붙인 이름입니다 (예: ``control('compare_lr')``).
    """
    total_steps = check_int("total_steps", total_steps, low=10, high=10000, allowed="10 이상 10000 이하의 정수")
    if compare is not None:
        check_choice("compare", compare, tuple(_available_specs()))
    state = {"ready": False, "busy": False}

    def on_change(_change=None):
        # 그리는 도중 슬라이더 최댓값을 줄여 값이 잘리면 다시 알림이 옵니다: 그때는 다시 그리지 않습니다.
        if state["ready"] and not state["busy"]:
            state["busy"] = True
            try:
                refresh()
            finally:
                state["busy"] = False

    first = _SchedulePicker("", schedule, params, total_steps, on_change)
    second = _SchedulePicker("compare_", compare or "constant", compare_params or {}, total_steps, on_change)
    total = widgets.IntSlider(value=total_steps, min=10, max=10000, step=10, description="전체 스텝",
                              style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    log_box = widgets.Checkbox(value=bool(log_scale), description="로그 눈금 (세로축)", indent=False,
                               layout=_CHECKBOX_LAYOUT)
    overlay = widgets.Checkbox(value=compare is not None, description="두 번째 스케줄 겹쳐 그리기", indent=False,
                               layout=_CHECKBOX_LAYOUT)
    second_row = widgets.VBox([second.dropdown, second.box])
    image = widgets.Image(format="png", layout={"max_width": "100%"})
    formula = widgets.HTML()
    keys = widgets.HTML()
    message = widgets.HTML()

    from .plotting import style_axes

    palette = _palette()
    fig, (ax,) = _new_figure(7.5, 3.6, margins=dict(left=0.1, right=0.96, bottom=0.14, top=0.91))
    line_a, = ax.plot([], [], color=palette[0], lw=2)
    dots_a, = ax.plot([], [], "o", color=palette[0], ms=4)
    line_b, = ax.plot([], [], color=palette[1], lw=2, ls="--")
    dots_b, = ax.plot([], [], "s", color=palette[1], ms=4)
    style_axes(ax, None, "스텝", "학습률")
    ax.set_title("학습률 스케줄", loc="left")

    def describe(number: int, sched, lr: np.ndarray, marks: np.ndarray, n: int) -> str:
        i_max, i_min = int(np.argmax(lr)), int(np.argmin(lr))
        parts = [
            f"<b>{number}: {html.escape(repr(sched))}</b>",
            f"시작 학습률 (스텝 0): {_fmt(lr[0])} · 끝 학습률 (스텝 {n - 1}): {_fmt(lr[-1])}",
            f"최댓값 {_fmt(lr[i_max])} (스텝 {i_max}) · 최솟값 {_fmt(lr[i_min])} (스텝 {i_min})",
            f"단계가 바뀌는 스텝: {_steps_text(marks.tolist())}",
        ]
        restarts = _schedules.restart_steps(sched, n).tolist()
        if restarts:
            parts.append(f"재시작 스텝: {_steps_text(restarts)}")
        return "<br>".join(parts)

    @_shows_errors(message)
    def refresh(_change=None):
        n = int(total.value)
        first.set_total_steps(n)
        second.set_total_steps(n)
        second_row.layout.display = None if overlay.value else "none"
        pieces = [(first.build(n), line_a, dots_a)]
        if overlay.value:
            pieces.append((second.build(n), line_b, dots_b))
        else:
            line_b.set_data([], [])
            dots_b.set_data([], [])
        t = np.arange(n)
        texts = []
        for number, (sched, line, dots) in enumerate(pieces, start=1):
            lr = sched(t)
            line.set_data(t, lr)
            line.set_label(f"{number}: {sched.name}")
            # 단계가 바뀌는 스텝(감쇠·재시작·워밍업 끝)에 점을 찍습니다.
            marks = _schedules.milestone_steps(sched, n)
            dots.set_data(marks, lr[marks])
            texts.append(describe(number, sched, lr, marks, n))
        scale = "log" if log_box.value else "linear"
        if ax.get_yscale() != scale:
            ax.set_yscale(scale)
        ax.set_xlim(0, n)
        ax.relim()
        ax.autoscale_view(scalex=False)
        labels = tuple(p[1].get_label() for p in pieces)
        if state.get("legend") != labels:  # 범례는 이름이 바뀔 때만 새로 만듭니다
            # 범례는 축 밖 오른쪽 위(제목 옆)에 둡니다: 축 안에 두면 재시작 점 같은 곡선의 끝을 가립니다.
            ax.legend(handles=[p[1] for p in pieces], loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2,
                      fontsize=8, frameon=False, borderaxespad=0.2)
            state["legend"] = labels
        new_png = _png(fig)
        spec_a = first.spec
        formula_lines = [f"{first.name}: {_formula(spec_a.doc) or '(docstring에 수식이 없습니다)'}"]
        if spec_a.note:
            formula_lines.append(spec_a.note)
        if overlay.value:
            formula_lines.append(f"{second.name}: {_formula(second.spec.doc) or '(docstring에 수식이 없습니다)'}")
            if second.spec.note:
                formula_lines.append(second.spec.note)
        formula.value = ('<div style="font-family:monospace;white-space:pre-wrap;line-height:1.4">'
                         + html.escape("\n".join(formula_lines)) + "</div>")
        keys.value = ('<div style="line-height:1.5">' + "<hr style='margin:4px 0'>".join(texts) + "</div>")
        image.value = new_png
        message.value = ""

    for w in (total, log_box, overlay):
        w.observe(on_change, names="value")
    state["ready"] = True

    header = widgets.HBox([first.dropdown, total, log_box], layout={"flex_flow": "row wrap"})
    root = widgets.VBox([header, first.box, overlay, second_row, message, image, formula, keys])
    on_change()

    fixed = {"schedule": first.dropdown, "total_steps": total, "log_scale": log_box, "compare": overlay,
             "compare_schedule": second.dropdown}

    def control(name: str) -> widgets.Widget:
        if name in fixed:
            return fixed[name]
        picker, key = (second, name[len("compare_"):]) if name.startswith("compare_") else (first, name)
        if key in picker.controls():
            return picker.controls()[key]
        names = list(fixed) + list(first.controls()) + ["compare_" + k for k in second.controls()]
        fail("name", name, ", ".join(names))

    root.control = control
    root.image = image
    root.message = message
    root.formula = formula
    root.key_values = keys
    return root


# ---------------------------------------------------------------------------
# 학습률 탐색기: 이차 문제에서 발산과 기어가기
# ---------------------------------------------------------------------------


def _lr_status(factor: float, L: float, mu: float) -> tuple[str, str]:
    """학습률 η = factor·2/L에서 경사 하강법이 어떻게 되는지 한국어로: (글, 'error' | 'warn' | 'ok')."""
    lr = factor * 2.0 / L
    rate_L, rate_mu = abs(1.0 - lr * L), abs(1.0 - lr * mu)
    best = L / (L + mu)
    if factor > 1.0 + 1e-12:
        return (f"발산합니다: η = {factor:.2f} × 2/L 이라 가장 가파른 방향의 오차가 스텝마다 "
                f"|1 − η·L| = {rate_L:.2f}배로 커집니다 (2/L을 넘으면 언제나 발산합니다).", "error")
    if factor > 1.0 - 1e-12:
        return ("수렴하지 않습니다: η = 2/L 에서는 가장 가파른 방향으로 같은 크기로 영원히 진동합니다.", "error")
    rate = max(rate_L, rate_mu)
    slow = "느린" if rate_mu >= rate_L else "가파른"
    text = (f"수렴합니다: 오차가 스텝마다 최대 {rate:.3f}배로 줄어듭니다 ({slow} 방향이 결정). "
            f"가장 빠른 고정 학습률은 2/(L+μ) = {best:.2f} × 2/L 입니다.")
    if rate > 0.97:
        return (f"너무 작습니다: 오차가 스텝마다 {rate:.3f}배로만 줄어 거의 기어갑니다. "
                f"가장 빠른 고정 학습률은 2/(L+μ) = {best:.2f} × 2/L 입니다.", "warn")
    return text, "ok"


def lr_explorer(lr_factor: float = 0.5, *, steps: int = 30, condition: float = 10.0, seed: int = 0) -> widgets.VBox:
    """학습률 탐색기: "너무 크면 발산하고, 너무 작으면 기어갑니다"를 2차원 이차 문제에서 봅니다.

    문제는 ``make_least_squares(dim=2, L=1, condition)``입니다. 슬라이더는 학습률을 2/L 단위로 정합니다:
    1.0보다 작으면 경사 하강법이 수렴하고, 1.0이면 제자리에서 진동하고, 1.0을 넘으면 발산합니다.
    왼쪽은 손실의 등고선 위 반복점, 오른쪽은 스텝마다의 손실(로그 눈금)입니다.

    Args:
        lr_factor: 처음 학습률 (2/L의 몇 배인지, 0.01–1.2).
        steps: 경사 하강 스텝 수 (5–200).
        condition: 조건수 L/μ (1–100). 클수록 골짜기가 길쭉해 작은 학습률에서 더 기어갑니다.
        seed: 문제를 만드는 시드.
    """
    lr_factor = check_real("lr_factor", lr_factor, low=0.01, high=1.2)
    steps = check_int("steps", steps, low=5, high=200)
    condition = check_real("condition", condition, low=1.0, high=100.0)
    seed = check_int("seed", seed, low=0)
    from matplotlib.ticker import LogLocator, NullLocator

    from .data import make_least_squares
    from .train import gradient_descent

    factor_w = widgets.FloatSlider(value=lr_factor, min=0.01, max=1.2, step=0.01, description="학습률 (× 2/L)",
                                   readout_format=".2f", style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    steps_w = widgets.IntSlider(value=steps, min=5, max=200, step=1, description="스텝 수",
                                style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    cond_w = widgets.FloatLogSlider(value=condition, base=10, min=0, max=2, step=0.05, readout_format=".3g",
                                    description="조건수 L/μ", style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    status = widgets.HTML()
    message = widgets.HTML()
    image = widgets.Image(format="png", layout={"max_width": "100%"})

    from .plotting import style_axes

    palette = _palette()
    fig, (ax_path, ax_loss) = _new_figure(
        9.0, 3.8, ncols=2, margins=dict(left=0.07, right=0.98, bottom=0.15, top=0.91, wspace=0.25))
    cache: dict = {}

    def setup_problem(cond: float):
        """조건수가 바뀔 때만 문제와 등고선을 다시 만듭니다 (슬라이더 대부분은 선 데이터만 바꿉니다)."""
        problem = make_least_squares(dim=2, L=1.0, condition=cond, seed=seed)
        H = problem.A.T @ problem.A
        evals, evecs = np.linalg.eigh(H)
        # 시작점: 두 고유 방향이 모두 섞이도록 (가파른 방향 0.6, 완만한 방향 0.8)
        radius = 2.0
        x0 = problem.x_star + radius * (0.6 * evecs[:, 1] + 0.8 * evecs[:, 0])
        half = 1.5 * radius
        # 축 상자의 가로:세로가 약 1.3이므로 가로를 그만큼 넓혀 등고선이 상자를 채우게 합니다.
        gx, gy = np.linspace(-1.3 * half, 1.3 * half, 79), np.linspace(-half, half, 61)
        X, Y = np.meshgrid(problem.x_star[0] + gx, problem.x_star[1] + gy)
        Z = problem.loss(np.stack([X, Y], axis=-1))
        ax_path.clear()
        levels = np.geomspace(max(Z.min(), 1e-4), Z.max(), 12)
        ax_path.contour(X, Y, Z, levels=levels, colors="0.75", linewidths=0.8)
        ax_path.plot(*problem.x_star, "*", color="black", ms=12, label="최솟점 x*")
        path_line, = ax_path.plot([], [], "-o", color=palette[0], ms=3, lw=1.2, label="반복점")
        start_mark, = ax_path.plot(*x0, "o", color=palette[2], ms=7, label="시작점")
        ax_path.set_xlim(X.min(), X.max())
        ax_path.set_ylim(Y.min(), Y.max())
        ax_path.set_aspect("equal")
        ax_path.set_xlabel("x₁")
        ax_path.set_ylabel("x₂")
        ax_path.set_title("손실 등고선과 경사 하강 반복점")
        ax_path.legend(loc="lower right", fontsize=8)
        cache.update(problem=problem, x0=x0, cond=cond, path_line=path_line, start_mark=start_mark, legend_bad=None,
                     background=None)

    style_axes(ax_loss, "스텝마다의 손실 (로그 눈금)", "스텝", "손실 f(x) − f(x*)", log=True)
    # 발산하면 손실이 수십 자릿수에 걸칩니다: 눈금을 몇 개로 묶고 보조 눈금을 없애 그리기 시간을 일정하게 둡니다.
    ax_loss.yaxis.set_major_locator(LogLocator(numticks=7))
    ax_loss.yaxis.set_minor_locator(NullLocator())
    loss_line, = ax_loss.plot([], [], "-", color=palette[0], lw=2)
    diverged_text = ax_loss.text(0.03, 0.95, "발산", transform=ax_loss.transAxes, color=palette[1], fontsize=13,
                                 va="top", visible=False)

    def draw_changed_parts() -> bytes:
        """왼쪽 등고선 그림은 조건수가 바뀔 때만 그리고, 평소에는 저장해 둔 픽셀 위에 반복점과 오른쪽 축만 그립니다.

        등고선 축을 그리는 데 슬라이더 한 번 시간의 절반쯤(약 25 ms)이 들기 때문입니다 (matplotlib의 blitting).
        """
        canvas = fig.canvas
        path_line, start_mark = cache["path_line"], cache["start_mark"]
        if cache["background"] is None:
            for artist in (path_line, start_mark, ax_loss):
                artist.set_visible(False)
            canvas.draw()
            cache["background"] = canvas.copy_from_bbox(fig.bbox)
            for artist in (path_line, start_mark, ax_loss):
                artist.set_visible(True)
        canvas.restore_region(cache["background"])
        ax_path.draw_artist(path_line)
        ax_path.draw_artist(start_mark)
        ax_loss.draw(canvas.get_renderer())
        return _buffer_png(canvas)

    @_shows_errors(message)
    def refresh(_change=None):
        if cache.get("cond") != cond_w.value:
            setup_problem(float(cond_w.value))
        problem = cache["problem"]
        factor = float(factor_w.value)
        n = int(steps_w.value)
        lr = factor * 2.0 / problem.L
        result = gradient_descent(problem, lr, n, x0=cache["x0"])
        xs, loss = result.iterates, result.losses
        loss = np.where(np.isfinite(loss) & (loss < 1e30), loss, np.nan)
        cache["path_line"].set_data(xs[:, 0], xs[:, 1])
        loss_line.set_data(np.arange(n + 1), np.maximum(loss, 1e-300))
        ax_loss.set_xlim(0, n)
        finite = loss[np.isfinite(loss) & (loss > 0)]
        low = max(float(finite.min()), 1e-16) if finite.size else 1e-16
        high = float(finite.max()) if finite.size else 1.0
        ax_loss.set_ylim(low / 3, min(high * 3, 1e30))
        text, level = _lr_status(factor, problem.L, problem.mu)
        bad = level == "error"
        loss_line.set_color(palette[1] if bad else palette[0])
        cache["path_line"].set_color(palette[1] if bad else palette[0])
        diverged_text.set_visible(factor > 1.0)
        if cache.get("legend_bad") is not bad:  # 범례의 '반복점' 색도 선 색을 따라가게 합니다
            ax_path.legend(loc="lower right", fontsize=8)
            cache["legend_bad"] = bad
            cache["background"] = None
        image.value = draw_changed_parts()
        status.value = _message_html(text, level)
        message.value = ""

    for w in (factor_w, steps_w, cond_w):
        w.observe(refresh, names="value")
    controls = widgets.HBox([factor_w, steps_w, cond_w], layout={"flex_flow": "row wrap"})
    root = widgets.VBox([controls, status, message, image])
    refresh()
    fixed = {"lr_factor": factor_w, "steps": steps_w, "condition": cond_w}
    root.control = lambda name: fixed[name] if name in fixed else fail("name", name, ", ".join(fixed))
    root.image = image
    root.message = message
    root.status = status
    return root


# ---------------------------------------------------------------------------
# 학습 탐색기: 버튼을 눌러 숫자 MLP 학습
# ---------------------------------------------------------------------------

_BATCH_SIZE = 64
_MAX_RUNS = 4  # 겹쳐 그리는 실행 수 (넘으면 오래된 것부터 지웁니다)


@functools.lru_cache(maxsize=1)
def _digits():
    from .data import load_digits

    return load_digits("cpu")


@contextlib.contextmanager
def _one_torch_thread():
    """학습하는 동안만 torch의 CPU 스레드를 하나로 둡니다. 끝나면(오류가 나도) 원래 값으로 돌려놓습니다.

    이 작은 MLP(배치 64)에서는 스레드 둘이 서로 기다리는 시간이 계산보다 깁니다. 이 2코어 머신에서 다른 일이
    돌고 있으면 스레드 2개가 1개보다 5–40배 느렸습니다 (benchmarks/README.md).
    """
    import torch

    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def training_explorer(schedule: str = "cosine_annealing", *, epochs: int = 10, optimizer: str = "sgd",
                      overlay: bool = True, baseline: bool = False, run: bool = True, seed: int = 0,
                      **params) -> widgets.VBox:
    """학습 탐색기: 스케줄과 매개변수를 고르고 '학습' 버튼을 누르면 숫자 MLP를 학습해 결과를 그립니다.

    슬라이더를 움직일 때마다 다시 학습하지 않습니다 (``interact_manual``처럼 버튼을 눌러야 합니다). 학습하는
    동안 버튼은 눌리지 않습니다. 그림은 왼쪽부터 스텝마다의 학습률, 손실(옅은 선: 배치의 학습 손실, 점: 에포크마다의
    검증 손실), 검증 정확도입니다. '이전 실행과 겹쳐 그리기'를 켜 두면 최근 4번의 실행을 함께 그려
    스케줄끼리 비교할 수 있습니다. 모델 초기화와 데이터 순서는 ``seed``로 고정되므로 차이는 스케줄에서만 옵니다.

    Args:
        schedule: 처음 고를 스케줄 이름. 스케줄의 전체 스텝 수는 '에포크' × 에포크당 스텝 수입니다.
        epochs: 학습할 에포크 수 (1–30). 한 에포크는 학습 세트 1,438장을 배치 64로 22스텝입니다.
        optimizer: ``'sgd'``, ``'adam'``, ``'adamw'``.
        overlay: 이전 실행과 겹쳐 그릴지.
        baseline: True면 고른 스케줄과 같은 최대 학습률의 ``constant``를 배치 엔진
            (:func:`lrcourse.batched.fit_batched`)으로 함께 학습해 나란히 그립니다.
        run: True면 만들 때 한 번 학습해 처음부터 그림이 보입니다.
        seed: 모델 초기화와 데이터 순서의 시드.
        **params: 스케줄의 처음 매개변수 값 (예: ``lr=0.3``). 학습률은 따로 주지 않으면 0.5입니다.

    Returns:
        맨 위 위젯(``VBox``). ``.control(이름)``, ``.image``, ``.message``, ``.status``, 그리고 버튼을 누른 것과
        같은 ``.train()``이 있습니다.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    from . import train as _train
    from .plotting import mark_divergence, style_axes

    epochs = check_int("epochs", epochs, low=1, high=30, allowed="1 이상 30 이하의 정수")
    optimizer = check_choice("optimizer", optimizer, _train.OPTIMIZERS)
    seed = check_int("seed", seed, low=0)

    data = _digits()
    per_epoch = _train.steps_per_epoch(data, _BATCH_SIZE)
    runs: list = []
    message = widgets.HTML()
    status = widgets.HTML()

    def on_change(_change=None):
        if runs:
            status.value = _message_html("설정이 바뀌었습니다. '학습'을 누르면 새 설정으로 학습합니다.", "warn")

    # 모멘텀 없는 SGD로 10 에포크 안에 배우려면 0.1보다 큰 학습률이 필요합니다 (0.1이면 검증 정확도 약 88%).
    picker = _SchedulePicker("", schedule, params, epochs * per_epoch, on_change, defaults={"lr": 0.5, "max_lr": 0.5})
    epochs_w = widgets.IntSlider(value=epochs, min=1, max=30, step=1, description="에포크",
                                 style=_DESCRIPTION_STYLE, layout=_SLIDER_LAYOUT)
    optimizer_w = widgets.Dropdown(value=optimizer, options=list(_train.OPTIMIZERS), description="옵티마이저",
                                   style=_DESCRIPTION_STYLE, layout={"width": "18em"})
    overlay_w = widgets.Checkbox(value=bool(overlay), description="이전 실행과 겹쳐 그리기", indent=False,
                                 layout=_CHECKBOX_LAYOUT)
    baseline_w = widgets.Checkbox(value=bool(baseline), description="상수 학습률 기준선도 함께 (배치 엔진)",
                                  indent=False, layout=_CHECKBOX_LAYOUT)
    counter = {"runs": 0}
    button = widgets.Button(description="학습", icon="play", button_style="primary",
                            tooltip="지금 설정으로 숫자 MLP를 학습합니다")
    image = widgets.Image(format="png", layout={"max_width": "100%"})

    def on_epochs(change):
        picker.set_total_steps(int(change["new"]) * per_epoch)
        on_change()

    epochs_w.observe(on_epochs, names="value")
    optimizer_w.observe(on_change, names="value")

    palette = _palette()
    fig, (ax_lr, ax_loss, ax_acc) = _new_figure(
        10.0, 3.6, ncols=3, margins=dict(left=0.07, right=0.97, bottom=0.16, top=0.9, wspace=0.4))

    def draw():
        for ax in (ax_lr, ax_loss, ax_acc):
            ax.clear()
        for i, (label, h) in enumerate(runs):
            color = palette[i % len(palette)]
            ax_lr.plot(h.step, h.lr, color=color, lw=1.8, label=label)
            ax_loss.plot(h.step, h.loss, color=color, lw=0.8, alpha=0.35)
            ax_loss.plot(h.val_step, h.val_loss, "o-", color=color, ms=3, lw=1.5, label=label)
            ax_acc.plot(h.val_step, 100 * np.asarray(h.val_acc), "o-", color=color, ms=3, lw=1.5, label=label)
            if h.diverged:
                mark_divergence(ax_loss, int(h.diverged_step))
        # 실행끼리 최대 학습률이 10배 넘게 다르면 로그 눈금이라야 모두 보입니다.
        peaks = np.array([np.max(h.lr) for _, h in runs if len(h.lr)] or [1.0])
        log_lr = bool(peaks.min() > 0 and peaks.max() / peaks.min() > 10)
        style_axes(ax_lr, "학습률", "스텝", "학습률", log=log_lr)
        if not log_lr:
            ax_lr.set_ylim(bottom=0)  # 0부터 그려야 학습률의 크기를 눈으로 비교할 수 있습니다
        style_axes(ax_loss, "손실 (옅은 선: 학습, 점: 검증)", "스텝", "손실", log=True)
        # 손실은 보통 한두 자릿수에만 걸치므로 1, 2, 5 눈금에 0.2처럼 읽기 쉬운 이름표를 붙입니다.
        ax_loss.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
        ax_loss.yaxis.set_minor_locator(NullLocator())
        style_axes(ax_acc, "검증 정확도", "스텝", "정확도 (%)")
        ax_acc.set_ylim(0, 100)
        # 가로축은 계획한 스텝 전체: 발산해서 일찍 멈춘 실행도 어디서 멈췄는지 보입니다.
        planned = max([int(h.config.get("steps", len(h.step))) for _, h in runs] or [1])
        for ax in (ax_lr, ax_loss, ax_acc):
            ax.set_xlim(-0.02 * planned, 1.02 * planned)
        for ax in (ax_lr, ax_loss, ax_acc):
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
        ax_acc.legend(loc="lower right", fontsize=8)
        image.value = _png(fig)

    @_shows_errors(message)
    def train_once():
        total_steps = int(epochs_w.value) * per_epoch
        sched = picker.build(total_steps)
        lr_name, lr_value = next(iter(picker.values().items()))  # 모든 스케줄의 첫 매개변수는 학습률입니다
        optimizer_name = optimizer_w.value
        todo = {f"{sched.name} ({optimizer_name}, {lr_name}={lr_value:.3g})": sched}
        if baseline_w.value:
            # 같은 최대 학습률의 상수 스케줄: 스케줄이 상수보다 나은지 같은 초기화·같은 배치 순서로 비교합니다.
            peak = float(np.max(sched(np.arange(total_steps))))
            todo[f"기준선 constant ({optimizer_name}, lr={peak:.3g})"] = _schedules.constant(peak)
        with _one_torch_thread():
            if len(todo) == 1:
                results = [_train.fit(_mlp(seed), data, optimizer_name, sched, steps=total_steps,
                                      batch_size=_BATCH_SIZE, seed=seed, device="cpu", progress=False)]
            else:
                # 배치 엔진: 같은 MLP의 복사본 여럿을 한 번에 학습합니다 (fit을 여러 번 부른 것과 같은 결과).
                from .batched import fit_batched

                results = list(fit_batched(_mlp(seed), data, todo, optimizer_name, steps=total_steps,
                                           batch_size=_BATCH_SIZE, seed=seed, device="cpu", progress=False).values())
        if not overlay_w.value:
            runs.clear()
        for label, h in zip(todo, results):
            counter["runs"] += 1
            runs.append((f"{counter['runs']}: {label}", h))
        del runs[:-_MAX_RUNS]
        draw()
        lines = []
        for label, h in runs:
            result = (f"발산했습니다 (스텝 {h.diverged_step}에서 멈춤)" if h.diverged else
                      f"검증 정확도 {100 * h.final_val_acc:.1f}%, 검증 손실 {h.final_val_loss:.3f}")
            lines.append(html.escape(f"{label.split(':')[0]}: {h.config.get('schedule', label)} — {result}"))
        level = "error" if results[0].diverged else "ok"
        status.value = f'<div style="{_STYLES[level]};line-height:1.5">' + "<br>".join(lines) + "</div>"
        message.value = ""

    def on_click(_button=None):
        button.disabled = True
        button.description = "학습 중…"
        try:
            train_once()
        finally:
            button.disabled = False
            button.description = "학습"

    button.on_click(on_click)
    header = widgets.HBox([picker.dropdown, epochs_w, optimizer_w], layout={"flex_flow": "row wrap"})
    footer = widgets.HBox([button, overlay_w, baseline_w], layout={"align_items": "center", "flex_flow": "row wrap"})
    root = widgets.VBox([header, picker.box, footer, message, image, status])
    if run:
        on_click()
    fixed = {"schedule": picker.dropdown, "epochs": epochs_w, "optimizer": optimizer_w, "overlay": overlay_w,
             "baseline": baseline_w, "button": button}

    def control(name: str) -> widgets.Widget:
        if name in fixed:
            return fixed[name]
        if name in picker.controls():
            return picker.controls()[name]
        fail("name", name, ", ".join(list(fixed) + list(picker.controls())))

    root.control = control
    root.image = image
    root.message = message
    root.status = status
    root.train = on_click
    return root


def _mlp(seed: int):
    from .models import mlp

    return mlp(seed=seed)
