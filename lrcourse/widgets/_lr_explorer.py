"""학습률 탐색기: 2차원 이차 문제에서 학습률이 너무 크면 발산하고 너무 작으면 기어가는 것을 봅니다."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._checks import check_int, check_real
from ._figure import DESCRIPTION_STYLE, SLIDER_LAYOUT, attach, buffer_png, message_html, new_figure, palette, shows_errors


def lr_status(factor: float, L: float, mu: float) -> tuple[str, str]:
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

    from ..data import make_least_squares
    from ..train import gradient_descent

    factor_w = widgets.FloatSlider(value=lr_factor, min=0.01, max=1.2, step=0.01, description="학습률 (× 2/L)",
                                   readout_format=".2f", style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    steps_w = widgets.IntSlider(value=steps, min=5, max=200, step=1, description="스텝 수",
                                style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    cond_w = widgets.FloatLogSlider(value=condition, base=10, min=0, max=2, step=0.05, readout_format=".3g",
                                    description="조건수 L/μ", style=DESCRIPTION_STYLE, layout=SLIDER_LAYOUT)
    status = widgets.HTML()
    message = widgets.HTML()
    image = widgets.Image(format="png", layout={"max_width": "100%"})

    from ..plotting import style_axes

    colors = palette()
    fig, (ax_path, ax_loss) = new_figure(
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
        path_line, = ax_path.plot([], [], "-o", color=colors[0], ms=3, lw=1.2, label="반복점")
        start_mark, = ax_path.plot(*x0, "o", color=colors[2], ms=7, label="시작점")
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
    loss_line, = ax_loss.plot([], [], "-", color=colors[0], lw=2)
    diverged_text = ax_loss.text(0.03, 0.95, "발산", transform=ax_loss.transAxes, color=colors[1], fontsize=13,
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
        return buffer_png(canvas)

    @shows_errors(message)
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
        text, level = lr_status(factor, problem.L, problem.mu)
        bad = level == "error"
        loss_line.set_color(colors[1] if bad else colors[0])
        cache["path_line"].set_color(colors[1] if bad else colors[0])
        diverged_text.set_visible(factor > 1.0)
        if cache.get("legend_bad") is not bad:  # 범례의 '반복점' 색도 선 색을 따라가게 합니다
            ax_path.legend(loc="lower right", fontsize=8)
            cache["legend_bad"] = bad
            cache["background"] = None
        image.value = draw_changed_parts()
        status.value = message_html(text, level)
        message.value = ""

    for w in (factor_w, steps_w, cond_w):
        w.observe(refresh, names="value")
    controls = widgets.HBox([factor_w, steps_w, cond_w], layout={"flex_flow": "row wrap"})
    root = widgets.VBox([controls, status, message, image])
    refresh()
    fixed = {"lr_factor": factor_w, "steps": steps_w, "condition": cond_w}
    return attach(root, fixed, image=image, message=message, status=status)
