"""한글 그림 도구: 내장 나눔고딕 글꼴, 색각 이상에도 구별되는 색과 선 모양, 학습률 스케줄 그림.

이 모듈을 불러오면(``import lrcourse.plotting``) 패키지에 들어 있는 나눔고딕(NanumGothic,
SIL Open Font License 1.1, ``lrcourse/fonts/OFL.txt``)을 matplotlib에 등록하고 기본 글꼴로
둡니다(로마자·숫자는 DejaVu Sans, 한글은 나눔고딕). 그래서 한국어 글꼴이 없는 컴퓨터(Colab, Binder, CI)에서도 한글 제목과 축 이름이
"Glyph … missing" 경고 없이 그려집니다. 나눔고딕에는 수학 빼기 기호(U+2212)가 없으므로
``axes.unicode_minus``를 끄고 일반 하이픈으로 음수를 씁니다. 자세한 설정은 :func:`use_korean_font`.

다른 모듈(학습 기록, 위젯)도 여기 있는 작은 함수들을 씁니다: :func:`new_axes`,
:func:`style_axes`, :func:`figure_to_png`, :func:`mark_divergence`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable, Mapping

import matplotlib
import numpy as np
from matplotlib import font_manager

from ._checks import as_steps, check_int, fail

__all__ = [
    "FONT_FAMILY",
    "FONT_PATH",
    "PALETTE",
    "LINESTYLES",
    "use_korean_font",
    "new_axes",
    "style_axes",
    "figure_to_png",
    "mark_divergence",
    "plot_schedules",
]

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NanumGothic.ttf"
FONT_FAMILY = "NanumGothic"

# Okabe–Ito 팔레트: 적록 색각 이상에서도 서로 구별되는 8색. 흰 바탕에서 잘 안 보이는 노랑은 맨 뒤에 둡니다.
PALETTE = [
    "#0072B2",  # 파랑
    "#D55E00",  # 주홍
    "#009E73",  # 청록
    "#CC79A7",  # 자주
    "#E69F00",  # 주황
    "#56B4E9",  # 하늘
    "#000000",  # 검정
    "#F0E442",  # 노랑
]
# 색과 함께 선 모양도 바꿔 색을 구별하기 어렵거나 흑백으로 인쇄해도 구별되게 합니다.
LINESTYLES = ["-", "--", "-.", ":"]


def use_korean_font() -> str:
    """내장 나눔고딕을 matplotlib에 등록하고 기본 글꼴로 둡니다. 모듈을 불러올 때 한 번 불립니다.

    ``plt.style.use(...)``나 ``matplotlib.rcdefaults()``로 설정이 초기화된 뒤 다시 부르면 됩니다.
    여러 번 불러도 글꼴은 한 번만 등록합니다. 등록한 글꼴 파일의 경로를 돌려줍니다.

    - ``font.family = ["DejaVu Sans", "NanumGothic"]``: 로마자·숫자는 matplotlib에 늘 들어 있는
      DejaVu Sans로, DejaVu Sans에 없는 한글은 글자마다 나눔고딕으로 대신(fallback) 그립니다.
      나눔고딕을 맨 앞에 두지 않는 까닭: 로그 눈금 이름표(10⁻²)는 수식(mathtext)으로 그려지는데,
      수식은 목록의 첫 글꼴만 쓰고 그 빼기 기호는 언제나 U+2212입니다. 나눔고딕에는 이 글자가
      없어 "does not have a glyph for '\\u2212'" 경고와 함께 빈 네모가 나옵니다.
    - ``axes.unicode_minus = False``: 일반 눈금 이름표의 음수는 '-'(하이픈)로 씁니다. 누가 글꼴을
      나눔고딕만으로 바꾸더라도 음수가 깨지지 않게 하기 위해서입니다.
    - ``axes.prop_cycle``: 색각 이상에도 구별되는 :data:`PALETTE`.
    """
    path = str(FONT_PATH)
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)
    # 시스템에 같은 이름의 (다른 판) 나눔고딕이 있어도 내장 파일이 먼저 뽑히도록 앞으로 옮깁니다(안정 정렬).
    manager.ttflist.sort(key=lambda entry: entry.fname != path)
    manager._findfont_cached.cache_clear()
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=PALETTE)
    return path


use_korean_font()


def new_axes(ncols: int = 1, nrows: int = 1, *, figsize: tuple[float, float] | None = None, detached: bool = False):
    """그림(Figure)과 축(Axes)을 만듭니다. ``(fig, ax)``를 돌려줍니다.

    Args:
        ncols, nrows: 축의 열·행 수. 1×1이면 ``ax``는 Axes 하나, 아니면 Axes의 numpy 배열입니다
            (``plt.subplots``와 같은 규칙).
        figsize: 인치 단위 (너비, 높이). 기본은 축 하나에 6×3.8.
        detached: True이면 pyplot에 등록하지 않은 Figure를 만듭니다. 노트북에 저절로 그려지지 않고
            닫지 않아도 메모리에 쌓이지 않으므로, :func:`figure_to_png`로 그림 바이트만 얻을 위젯에 씁니다.
    """
    ncols = check_int("ncols", ncols, low=1, allowed="1 이상의 정수")
    nrows = check_int("nrows", nrows, low=1, allowed="1 이상의 정수")
    if figsize is None:
        figsize = (6.0 * ncols, 3.8 * nrows)
    if detached:
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize, layout="constrained")
        axes = fig.subplots(nrows, ncols)
    else:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, layout="constrained")
    return fig, axes


def style_axes(ax, title: str | None = None, xlabel: str | None = None, ylabel: str | None = None, log: bool = False):
    """축에 강좌의 공통 모양을 입힙니다: 제목, 축 이름(단위 포함), 옅은 격자, 필요하면 로그 눈금, 범례.

    ``log=True``이면 y축을 로그 눈금으로 바꿉니다. 학습률이 여러 자릿수(예: 1e-1 → 1e-5)에 걸칠 때
    선형 눈금에서는 끝부분이 0에 붙어 보이지 않기 때문입니다. 이름표(label)가 붙은 선이 있으면
    범례를 그립니다. 같은 ``ax``를 돌려줍니다.
    """
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.grid(True, which="major", alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend()
    return ax


def figure_to_png(fig, *, dpi: int = 100, close: bool = True) -> bytes:
    """그림을 PNG 바이트로 바꿉니다. 위젯이 ``ipywidgets.Image(value=...)``에 넣을 때 씁니다.

    ``close=True``(기본)이면 pyplot이 관리하는 그림을 닫아, 위젯을 여러 번 움직여도 그림이 쌓이거나
    노트북에 두 번 그려지지 않게 합니다.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return buffer.getvalue()


def mark_divergence(ax, step, label: str = "발산"):
    """학습이 발산한 스텝에 주홍색 세로 점선과 이름표를 그립니다.

    ``step``이 None(발산하지 않음)이면 아무것도 그리지 않고 None을 돌려줍니다. 그렸으면 그 선을 돌려줍니다.
    """
    if step is None:
        return None
    step = check_int("step", step, low=0, allowed="None 또는 0 이상의 정수")
    line = ax.axvline(step, color=PALETTE[1], linestyle="--", linewidth=1.2, label=f"{label} (스텝 {step})")
    ax.annotate(
        label,
        xy=(step, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        color=PALETTE[1],
    )
    return line


def _steps_array(steps) -> np.ndarray:
    if isinstance(steps, (int, np.integer)) and not isinstance(steps, bool):
        return np.arange(check_int("steps", steps, low=1, allowed="1 이상의 정수 또는 0 이상의 정수 1차원 배열"))
    if isinstance(steps, (bool, float, np.floating, str)) or steps is None:
        fail("steps", steps, "1 이상의 정수 또는 0 이상의 정수 1차원 배열", TypeError)
    t, _ = as_steps(steps, "steps")
    if t.ndim != 1 or t.size == 0:
        fail("steps", f"모양 {t.shape}인 배열", "비어 있지 않은 1차원 배열")
    return t


def plot_schedules(
    schedules: Mapping[str, Callable],
    steps,
    *,
    ax=None,
    log: bool = False,
    title: str | None = None,
    xlabel: str = "스텝",
    ylabel: str = "학습률",
):
    """여러 학습률 스케줄을 한 축에 겹쳐 그립니다. 그린 Axes를 돌려줍니다.

    Args:
        schedules: ``{이름: 스케줄}`` 사전. 이름이 범례에 나옵니다. 스케줄은 정수 배열을 받아
            같은 모양의 학습률 배열을 돌려주는 함수(``lrcourse.schedules``의 것)입니다.
        steps: 정수 n이면 스텝 0, 1, …, n−1을 그립니다. 0 이상의 정수 1차원 배열이면 그 스텝들을 그립니다.
        ax: 그릴 축. 없으면 새로 만듭니다.
        log: True이면 y축을 로그 눈금으로 (학습률이 여러 자릿수에 걸칠 때).
        title: 제목. 없으면 "학습률 스케줄" (스케줄이 하나면 "학습률 스케줄: 이름").
        xlabel, ylabel: 축 이름.

    i번째 스케줄은 ``PALETTE[i % 8]`` 색과 ``LINESTYLES[i % 4]`` 선 모양으로 그리므로, 색을 구별하기
    어려워도 선 모양으로 구별됩니다. 8개까지는 (색, 선 모양) 쌍이 모두 다릅니다.
    """
    if not isinstance(schedules, Mapping) or len(schedules) == 0:
        fail("schedules", schedules, "{이름: 스케줄} 꼴의 비어 있지 않은 사전", TypeError if not isinstance(schedules, Mapping) else ValueError)
    t = _steps_array(steps)
    curves = {}
    for name, schedule in schedules.items():
        if not isinstance(name, str):
            fail("schedules의 이름", name, "문자열", TypeError)
        if not callable(schedule):
            fail(f"schedules[{name!r}]", schedule, "스텝 배열을 받는 스케줄 (예: cosine_annealing(0.1, 1000))", TypeError)
        values = np.asarray(schedule(t), dtype=np.float64)
        if values.shape != t.shape:
            fail(f"schedules[{name!r}]", f"모양 {values.shape}의 결과", f"스텝 배열과 같은 모양 {t.shape}의 학습률 배열", TypeError)
        curves[name] = values
    if ax is None:
        _, ax = new_axes()
    contiguous = t.size > 1 and bool(np.all(np.diff(t) == 1))
    for i, (name, values) in enumerate(curves.items()):
        # 계단 모양 스케줄(값이 바뀌는 스텝이 드문 것: 스텝 감쇠, 마일스톤)은 빈틈없는 스텝에서 계단으로 그립니다.
        # 그래야 떨어짐이 스텝 29→30의 비스듬한 선이 아니라 스텝 30의 수직선으로 보입니다. 매 스텝 바뀌는 매끄러운
        # 스케줄(코사인, 워밍업)은 선으로 잇습니다: 짧은 지평에서 계단으로 그리면 톱니처럼 보일 뿐입니다.
        changes = np.count_nonzero(np.diff(values)) if contiguous else t.size
        drawstyle = "steps-post" if contiguous and changes <= t.size // 10 else "default"
        ax.plot(t, values, color=PALETTE[i % len(PALETTE)], linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.8,
                label=name, drawstyle=drawstyle)
    if title is None:
        title = "학습률 스케줄" if len(curves) > 1 else f"학습률 스케줄: {next(iter(curves))}"
    return style_axes(ax, title, xlabel, ylabel, log=log)
