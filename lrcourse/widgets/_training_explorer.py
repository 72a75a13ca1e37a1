"""학습 탐색기: 스케줄과 매개변수를 고르고 '학습' 버튼을 누르면 숫자 MLP를 학습해 결과를 그립니다."""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets
import numpy as np

from .. import schedules
from .._checks import check_choice, check_int
from ._figure import (CHECKBOX_LAYOUT, DESCRIPTION_STYLE, SLIDER_LAYOUT, STYLES, attach, message_html, new_figure,
                      palette, png, shows_errors)
from ._picker import SchedulePicker

_BATCH_SIZE = 64
_MAX_RUNS = 4  # 겹쳐 그리는 실행 수 (넘으면 오래된 것부터 지웁니다)


def training_explorer(schedule: str = "cosine_annealing", *, epochs: int = 10, optimizer: str = "sgd",
                      warmup: int = 0, overlay: bool = True, baseline: bool = False, run: bool = True, seed: int = 0,
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
        warmup: 워밍업 스텝 수 W (0 이상, 전체 스텝보다 작게). 0보다 크면 고른 스케줄을 전체 − W 스텝으로 만들어
            ``linear_warmup(스케줄, W)``으로 앞에 선형 워밍업(스텝 0에서 0)을 붙입니다. 최대 학습률은 스케줄의 학습률
            슬라이더입니다. ``T_max`` 슬라이더가 '전체 − W'에 있었으면 워밍업 슬라이더를 움직일 때 함께 따라갑니다.
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

    from .. import train  # torch는 학습 탐색기를 처음 만들 때 불러옵니다
    from ..plotting import mark_divergence, style_axes

    epochs = check_int("epochs", epochs, low=1, high=30, allowed="1 이상 30 이하의 정수")
    optimizer = check_choice("optimizer", optimizer, train.OPTIMIZERS)
    seed = check_int("seed", seed, low=0)

    data = _digits()
    per_epoch = train.steps_per_epoch(data, _BATCH_SIZE)
    warmup = check_int("warmup", warmup, low=0, high=epochs * per_epoch - 1,
                       allowed=f"0 이상 {epochs * per_epoch - 1}(전체 스텝 − 1) 이하의 정수")
    if warmup and "T_max" not in params and schedule == "cosine_annealing":
        params = {**params, "T_max": epochs * per_epoch - warmup}  # 워밍업 뒤의 코사인이 학습 끝에서 끝나도록
    runs: list = []
    message = widgets.HTML()
    status = widgets.HTML()

    def on_change(_change=None):
        if runs:
            status.value = message_html("설정이 바뀌었습니다. '학습'을 누르면 새 설정으로 학습합니다.", "warn")

    # 모멘텀 없는 SGD로 10 에포크 안에 배우려면 0.1보다 큰 학습률이 필요합니다 (0.1이면 검증 정확도 약 88%).
    picker = SchedulePicker("", schedule, params, epochs * per_epoch, on_change, defaults={"lr": 0.5, "max_lr": 0.5})
    epochs_w = widgets.IntSlider(value=epochs, min=1, max=30, step=1, description="에포크",
                                 style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    optimizer_w = widgets.Dropdown(value=optimizer, options=list(train.OPTIMIZERS), description="옵티마이저",
                                   style=DESCRIPTION_STYLE, layout={"width": "18em"})
    overlay_w = widgets.Checkbox(value=bool(overlay), description="이전 실행과 겹쳐 그리기", indent=False,
                                 layout=CHECKBOX_LAYOUT)
    baseline_w = widgets.Checkbox(value=bool(baseline), description="상수 학습률 기준선도 함께 (배치 엔진)",
                                  indent=False, layout=CHECKBOX_LAYOUT)
    warmup_w = widgets.IntSlider(value=warmup, min=0, max=epochs * per_epoch - 1, step=1, description="워밍업 (스텝)",
                                 style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    counter = {"runs": 0}
    button = widgets.Button(description="학습", icon="play", button_style="primary",
                            tooltip="지금 설정으로 숫자 MLP를 학습합니다")
    image = widgets.Image(format="png", layout={"max_width": "100%"})

    def follow_t_max(old_total: int, new_total: int):
        # T_max가 '전체 − 워밍업'에 맞춰 있었으면 그대로 맞춰 둡니다 (손으로 바꾼 값은 건드리지 않습니다).
        control = picker.controls().get("T_max")
        if control is not None and control.value == old_total:
            control.value = max(1, new_total)

    def on_epochs(change):
        picker.set_total_steps(int(change["new"]) * per_epoch)
        warmup_w.max = int(change["new"]) * per_epoch - 1
        follow_t_max(int(change["old"]) * per_epoch - warmup_w.value, int(change["new"]) * per_epoch - warmup_w.value)
        on_change()

    def on_warmup(change):
        total = int(epochs_w.value) * per_epoch
        follow_t_max(total - int(change["old"]), total - int(change["new"]))
        on_change()

    def on_schedule(_change):
        # 코사인을 새로 고르면 T_max의 처음 값은 전체 스텝입니다: 워밍업이 있으면 전체 − W로 맞춥니다.
        total = int(epochs_w.value) * per_epoch
        follow_t_max(total, total - warmup_w.value)

    epochs_w.observe(on_epochs, names="value")
    warmup_w.observe(on_warmup, names="value")
    picker.dropdown.observe(on_schedule, names="value")
    optimizer_w.observe(on_change, names="value")

    colors = palette()
    fig, (ax_lr, ax_loss, ax_acc) = new_figure(
        10.0, 3.6, ncols=3, margins=dict(left=0.07, right=0.97, bottom=0.16, top=0.9, wspace=0.4))

    def draw():
        for ax in (ax_lr, ax_loss, ax_acc):
            ax.clear()
        for i, (label, h) in enumerate(runs):
            color = colors[i % len(colors)]
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
        image.value = png(fig)

    @shows_errors(message)
    def train_once():
        total_steps = int(epochs_w.value) * per_epoch
        warmup_steps = min(int(warmup_w.value), total_steps - 1)
        main = picker.build(total_steps - warmup_steps)  # 본 스케줄은 워밍업이 끝난 스텝 W를 자기 스텝 0으로 봅니다
        sched = schedules.linear_warmup(main, warmup_steps) if warmup_steps else main
        lr_name, lr_value = next(iter(picker.values().items()))  # 모든 스케줄의 첫 매개변수는 학습률입니다
        optimizer_name = optimizer_w.value
        warmup_label = f", 워밍업 {warmup_steps}" if warmup_steps else ""
        todo = {f"{main.name} ({optimizer_name}, {lr_name}={lr_value:.3g}{warmup_label})": sched}
        if baseline_w.value:
            # 같은 최대 학습률의 상수 스케줄: 스케줄이 상수보다 나은지 같은 초기화·같은 배치 순서로 비교합니다.
            peak = float(np.max(sched(np.arange(total_steps))))
            todo[f"기준선 constant ({optimizer_name}, lr={peak:.3g})"] = schedules.constant(peak)
        # 스레드 하나로 학습합니다. 이 MLP의 220스텝을 AMD EPYC 2코어(다른 작업과 공유)에서 재면 torch 스레드
        # 2개가 2.0–7.7초, 1개가 0.29–0.34초였습니다 (benchmarks/bench_widgets.py, 2026-11-25).
        if len(todo) == 1:
            results = [train.fit(_mlp(seed), data, optimizer_name, sched, steps=total_steps, batch_size=_BATCH_SIZE,
                                 seed=seed, device="cpu", progress=False, num_threads=1)]
        else:
            # 배치 엔진: 같은 MLP의 복사본 여럿을 한 번에 학습합니다 (fit을 여러 번 부른 것과 같은 결과).
            from ..batched import fit_batched

            results = list(fit_batched(_mlp(seed), data, todo, optimizer_name, steps=total_steps,
                                       batch_size=_BATCH_SIZE, seed=seed, device="cpu", progress=False,
                                       num_threads=1).values())
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
        status.value = f'<div style="{STYLES[level]};line-height:1.5">' + "<br>".join(lines) + "</div>"
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
    header = widgets.HBox([picker.dropdown, epochs_w, optimizer_w, warmup_w], layout={"flex_flow": "row wrap"})
    footer = widgets.HBox([button, overlay_w, baseline_w], layout={"align_items": "center", "flex_flow": "row wrap"})
    root = widgets.VBox([header, picker.box, footer, message, image, status])
    if run:
        on_click()
    fixed = {"schedule": picker.dropdown, "epochs": epochs_w, "optimizer": optimizer_w, "warmup": warmup_w,
             "overlay": overlay_w,
             "baseline": baseline_w, "button": button}
    return attach(root, fixed, picker.controls, image=image, message=message, status=status, train=on_click)


def _mlp(seed: int):
    from ..models import mlp

    return mlp(seed=seed)


@functools.lru_cache(maxsize=1)
def _digits():
    from ..data import load_digits

    return load_digits("cpu")
