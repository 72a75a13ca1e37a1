"""스케줄 탐색기: 스케줄을 고르고 매개변수를 슬라이더로 움직이며 학습률 곡선, 수식, 주요 값을 봅니다."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .. import schedules
from .._checks import check_choice, check_int
from ._figure import (CHECKBOX_LAYOUT, DESCRIPTION_STYLE, SLIDER_LAYOUT, attach, fmt, new_figure, palette, png,
                      shows_errors, steps_text)
from ._picker import SchedulePicker
from ._specs import SPECS, formula_text


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
        check_choice("compare", compare, tuple(SPECS))
    state = {"ready": False, "busy": False}

    def on_change(_change=None):
        # 그리는 도중 슬라이더 최댓값을 줄여 값이 잘리면 다시 알림이 옵니다: 그때는 다시 그리지 않습니다.
        if state["ready"] and not state["busy"]:
            state["busy"] = True
            try:
                refresh()
            finally:
                state["busy"] = False

    first = SchedulePicker("", schedule, params, total_steps, on_change)
    second = SchedulePicker("compare_", compare or "constant", compare_params or {}, total_steps, on_change)
    total = widgets.IntSlider(value=total_steps, min=10, max=10000, step=10, description="전체 스텝",
                              style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    log_box = widgets.Checkbox(value=bool(log_scale), description="로그 눈금 (세로축)", indent=False,
                               layout=CHECKBOX_LAYOUT)
    overlay = widgets.Checkbox(value=compare is not None, description="두 번째 스케줄 겹쳐 그리기", indent=False,
                               layout=CHECKBOX_LAYOUT)
    second_row = widgets.VBox([second.dropdown, second.box])
    image = widgets.Image(format="png", layout={"max_width": "100%"})
    formula = widgets.HTML()
    keys = widgets.HTML()
    message = widgets.HTML()

    from ..plotting import style_axes  # matplotlib은 탐색기를 처음 만들 때 불러옵니다

    colors = palette()
    fig, (ax,) = new_figure(7.5, 3.6, margins=dict(left=0.1, right=0.96, bottom=0.14, top=0.91))
    line_a, = ax.plot([], [], color=colors[0], lw=2)
    dots_a, = ax.plot([], [], "o", color=colors[0], ms=4)
    line_b, = ax.plot([], [], color=colors[1], lw=2, ls="--")
    dots_b, = ax.plot([], [], "s", color=colors[1], ms=4)
    style_axes(ax, None, "스텝", "학습률")
    ax.set_title("학습률 스케줄", loc="left")

    def describe(number: int, sched, lr: np.ndarray, marks: np.ndarray, n: int) -> str:
        i_max, i_min = int(np.argmax(lr)), int(np.argmin(lr))
        parts = [
            f"<b>{number}: {html.escape(repr(sched))}</b>",
            f"시작 학습률 (스텝 0): {fmt(lr[0])} · 끝 학습률 (스텝 {n - 1}): {fmt(lr[-1])}",
            f"최댓값 {fmt(lr[i_max])} (스텝 {i_max}) · 최솟값 {fmt(lr[i_min])} (스텝 {i_min})",
            f"단계가 바뀌는 스텝: {steps_text(marks.tolist())}",
        ]
        restarts = schedules.restart_steps(sched, n).tolist()
        if restarts:
            parts.append(f"재시작 스텝: {steps_text(restarts)}")
        return "<br>".join(parts)

    @shows_errors(message)
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
            marks = schedules.milestone_steps(sched, n)
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
        new_png = png(fig)
        spec_a = first.spec
        formula_lines = [f"{first.name}: {formula_text(spec_a.doc) or '(docstring에 수식이 없습니다)'}"]
        if spec_a.note:
            formula_lines.append(spec_a.note)
        if overlay.value:
            formula_lines.append(f"{second.name}: {formula_text(second.spec.doc) or '(docstring에 수식이 없습니다)'}")
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

    def current() -> dict:
        return {**first.controls(), **{"compare_" + k: w for k, w in second.controls().items()}}

    return attach(root, fixed, current, image=image, message=message, formula=formula, key_values=keys)
