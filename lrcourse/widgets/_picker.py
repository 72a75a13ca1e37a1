"""스케줄 하나를 고르는 드롭다운과 그 매개변수 위젯들 (스케줄 탐색기와 학습 탐색기가 함께 씁니다)."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .._checks import check_choice, check_int, check_real, fail
from ._figure import CHECKBOX_LAYOUT, DESCRIPTION_STYLE, SLIDER_LAYOUT
from ._specs import SPECS, Param, Spec


def make_control(p: Param, value, total_steps: int, on_change) -> widgets.Widget:
    label = p.label or p.name
    common = dict(description=label, style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    if p.kind == "log":
        w = widgets.FloatLogSlider(value=value, base=10, min=math.log10(p.low), max=math.log10(p.high),
                                   step=p.step, readout_format=".3g", **common)
    elif p.kind == "float":
        w = widgets.FloatSlider(value=value, min=p.low, max=p.high, step=p.step, readout_format=".3g", **common)
    elif p.kind == "int":
        w = widgets.IntSlider(value=value, min=int(p.low), max=int(p.high), step=int(p.step), **common)
    elif p.kind == "steps":
        w = widgets.IntSlider(value=value, min=1, max=steps_max(total_steps), step=1, **common)
    elif p.kind == "choice":
        w = widgets.Dropdown(value=value, options=list(p.options), **common)
    elif p.kind == "bool":
        w = widgets.Checkbox(value=bool(value), description=label, indent=False, layout=CHECKBOX_LAYOUT)
    elif p.kind == "milestones":
        text = value if isinstance(value, str) else ", ".join(str(int(m)) for m in value)
        w = widgets.Text(value=text, continuous_update=False, placeholder="예: 300, 600", **common)
    else:  # pragma: no cover - 표를 잘못 쓴 경우
        raise AssertionError(p.kind)
    w.observe(on_change, names="value")
    return w


def steps_max(total_steps: int) -> int:
    """스텝 단위 슬라이더의 최댓값: 전체 스텝의 2배까지 (예: T_max가 그린 구간보다 길면 끝까지 다 줄지 않는 모습)."""
    return 2 * total_steps


def check_preset(p: Param, value, total_steps: int):
    """키워드 인자로 준 처음 값이 슬라이더 범위 안인지 검사합니다. 슬라이더는 범위 밖 값을 말없이 잘라 내기 때문입니다."""
    if p.kind in ("log", "float"):
        return check_real(p.name, value, low=p.low, high=p.high)
    if p.kind == "int":
        return check_int(p.name, value, low=int(p.low), high=int(p.high))
    if p.kind == "steps":
        return check_int(p.name, value, low=1, high=steps_max(total_steps),
                         allowed=f"1 이상 {steps_max(total_steps)}(전체 스텝의 2배) 이하의 정수")
    if p.kind == "choice":
        return check_choice(p.name, value, p.options)
    if p.kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            fail(p.name, value, "True 또는 False", TypeError)
        return bool(value)
    return value  # milestones: 그릴 때 스케줄 팩토리가 검사합니다


def tidy(p: Param, value):
    """슬라이더 값을 화면에 보이는 자릿수로 맞춥니다 (0.44668359215096304 → 0.447, 0.30000000000000004 → 0.3).

    그래야 repr과 학습 기록에 나오는 값이 슬라이더 옆에 보이는 값과 같습니다.
    """
    if p.kind == "log":
        return float(f"{value:.3g}")
    if p.kind == "float":
        return round(float(value), 6)
    return value


def initial_value(p: Param, total_steps: int):
    if p.kind == "steps":
        return max(1, int(round(p.default * total_steps)))
    if p.kind == "milestones":
        return [int(round(f * total_steps)) for f in p.default]
    return p.default


class SchedulePicker:
    """드롭다운 하나와 그 스케줄의 매개변수 위젯들. 스케줄마다 위젯을 캐시해 값을 기억합니다."""

    def __init__(self, prefix: str, name: str, preset: dict, total_steps: int, on_change, defaults=None):
        self.specs = SPECS
        self.defaults = dict(defaults or {})  # 모든 스케줄에 쓸 처음 값 (예: 학습 탐색기의 lr=0.5)
        check_choice("schedule", name, tuple(self.specs))
        self.prefix = prefix
        self.on_change = on_change
        self.total_steps = total_steps
        self.cache: dict[str, dict[str, widgets.Widget]] = {}
        self.dropdown = widgets.Dropdown(
            options=[(spec.label, key) for key, spec in self.specs.items()],
            value=name, description="스케줄" if prefix == "" else "두 번째 스케줄",
            style=DESCRIPTION_STYLE, layout={"width": "30em"},
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
                p.name: check_preset(p, preset[p.name], self.total_steps) if p.name in preset
                else initial_value(p, self.total_steps)
                for p in self.specs[name].params
            }
            self.cache[name] = {
                p.name: make_control(p, values[p.name], self.total_steps, self.on_change)
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
    def spec(self) -> Spec:
        return self.specs[self.name]

    def controls(self) -> dict:
        return self._controls_for(self.name)

    def values(self) -> dict:
        params = {p.name: p for p in self.spec.params}
        return {k: tidy(params[k], w.value) for k, w in self.controls().items()}

    def set_total_steps(self, total_steps: int):
        """'steps' 종류 슬라이더의 최댓값을 전체 스텝 수에 맞춥니다 (값이 넘치면 슬라이더가 잘라 냅니다)."""
        self.total_steps = total_steps
        for name, controls in self.cache.items():
            for p in self.specs[name].params:
                if p.kind == "steps":
                    controls[p.name].max = steps_max(total_steps)

    def build(self, total_steps: int):
        values = self.values()
        return self.spec.build(values, total_steps)
