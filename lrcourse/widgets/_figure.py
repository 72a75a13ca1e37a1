"""탐색기들이 함께 쓰는 도우미: 그림을 PNG로, 오류를 한국어 메시지로, 위젯의 크기와 색, 표시 출력의 그림."""

from __future__ import annotations

import base64
import functools
import html
import io
import math

import ipywidgets as widgets

from .._checks import fail

DESCRIPTION_STYLE = {"description_width": "8em"}
SLIDER_LAYOUT = {"width": "26em"}
CHECKBOX_LAYOUT = {"width": "auto", "margin": "2px 1.5em 2px 0"}
STYLES = {"error": "color:#b00020;font-weight:bold", "warn": "color:#8a4b00;font-weight:bold", "ok": "color:#1b5e20"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def new_figure(width: float, height: float, ncols: int = 1, margins: dict | None = None):
    """pyplot에 등록하지 않은 Figure와 축 목록. 노트북의 인라인 백엔드가 셀 끝에 따로 그리지 않습니다.

    Agg 캔버스를 한 번 붙여 두어 PNG로 바꿀 때마다 캔버스를 새로 만들지 않습니다. 여백은 고정합니다:
    constrained layout은 그릴 때마다 눈금 이름표의 크기를 재느라 그리는 시간을 거의 두 배로 늘립니다.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .. import plotting  # noqa: F401  (한글 글꼴과 색을 등록합니다)

    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(**(margins or {}))
    FigureCanvasAgg(fig)
    return fig, list(fig.subplots(1, ncols, squeeze=False)[0])


def png(fig) -> bytes:
    """그림 → PNG 바이트. :func:`lrcourse.plotting.figure_to_png`와 같지만 zlib 압축을 가장 가볍게 합니다.

    기본 압축(6단계)은 이 크기의 그림에서 인코딩에 10–25 ms를 쓰고, 1단계는 그 절반 이하이면서 파일은
    20–30 % 커질 뿐입니다(수십 KB). 슬라이더 한 번의 시간 예산(100 ms)에서 이 차이가 큽니다.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def buffer_png(canvas) -> bytes:
    """이미 그려진 Agg 캔버스의 픽셀을 그대로 PNG로 (다시 그리지 않습니다). 압축은 :func:`png`와 같습니다."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    buffer = io.BytesIO()
    Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
        buffer, format="png", compress_level=1)
    return buffer.getvalue()


def palette() -> list:
    from ..plotting import PALETTE

    return list(PALETTE)


def message_html(text: str, level: str = "error") -> str:
    """``level``: 'error'(빨강, ⚠), 'warn'(갈색), 'ok'(초록)."""
    mark = "⚠ " if level == "error" else ""
    return f'<div style="{STYLES[level]};line-height:1.5">{mark}{html.escape(text)}</div>'


def error_text(exc: BaseException) -> str:
    """lrcourse의 검사 오류는 이미 한국어이므로 그대로, 그 밖의 오류는 종류를 붙여 보여 줍니다."""
    if isinstance(exc, (ValueError, TypeError)):
        return str(exc)
    return f"예상하지 못한 오류가 났습니다 ({type(exc).__name__}): {exc}"


def shows_errors(message: widgets.HTML):
    """콜백을 감싸서, 오류가 나면 ``message``에 한국어로 보여 주고 다시 던지지 않습니다."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - 위젯 콜백의 오류는 로그가 아니라 화면에 보여야 합니다
                message.value = message_html(error_text(exc), "error")
                return None

        return wrapper

    return decorate


def fmt(x: float) -> str:
    """학습률처럼 자릿수가 크게 달라지는 값을 짧게 씁니다."""
    if not math.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def steps_text(steps: list[int], limit: int = 12) -> str:
    if not steps:
        return "없음"
    shown = ", ".join(str(s) for s in steps[:limit])
    return shown + (f", … (모두 {len(steps)}개)" if len(steps) > limit else "")


def attach(root: widgets.Box, controls: dict, dynamic=None, **parts) -> widgets.Box:
    """맨 위 위젯에 ``control(이름)``과 ``image``, ``message`` 같은 속성을 붙입니다.

    ``controls``는 늘 있는 위젯(이름 → 위젯), ``dynamic``은 지금 고른 스케줄의 위젯을 돌려주는 함수입니다.
    없는 이름이면 쓸 수 있는 이름을 모두 적은 한국어 오류를 냅니다.
    """
    def control(name: str) -> widgets.Widget:
        if name in controls:
            return controls[name]
        current = dynamic() if dynamic else {}
        if name in current:
            return current[name]
        fail("name", name, ", ".join(list(controls) + list(current)))

    root.control = control
    for key, value in parts.items():
        setattr(root, key, value)
    if "image" in parts:
        show_png_too(root, parts["image"])
    return root


def widget_bundle(widget: widgets.Widget, **kwargs) -> dict | None:
    """ipywidgets가 위젯을 노트북에 보여 줄 때 내는 MIME 묶음: ``text/plain``(repr 앞 110자)과 위젯 보기.

    ipywidgets 8은 이 묶음을 ``_repr_mimebundle_``로 돌려줍니다. 7.x(Colab의 7.7.1)에는 그런 메서드가 없고
    ``_ipython_display_``가 같은 묶음을 만들어 곧바로 ``display(..., raw=True)``로 내보내므로, 여기서 7.7.1의
    그 코드와 같게 만듭니다 (tests/test_widgets.py가 두 판에서 ipywidgets 자신의 출력과 같은지 확인합니다).
    """
    own = getattr(type(widget), "_repr_mimebundle_", None)
    if own is not None:
        return own(widget, **kwargs)
    plaintext = repr(widget)
    if len(plaintext) > 110:
        plaintext = plaintext[:110] + "…"
    data = {"text/plain": plaintext}
    if widget._view_name is not None:
        data[WIDGET_VIEW] = {"version_major": 2, "version_minor": 0, "model_id": widget._model_id}
    return data


def show_png_too(root: widgets.Widget, image: widgets.Image) -> None:
    """``root``의 표시 출력에 ``image``의 지금 그림을 ``image/png``로 덧붙입니다 (클래스를 새로 만들지 않고 이 객체에만).

    위젯을 그릴 수 없는 곳(nbconvert로 만든 HTML, GitHub의 노트북 보기)은 ``VBox(children=…)`` 글 대신 그림을
    보여 줍니다. 위젯을 그리는 곳은 위젯을 그대로 보여 줍니다: JupyterLab은 위젯 보기의 순위(-10)를 그림(90)보다
    앞에 둡니다. ``text/plain``은 ipywidgets가 내는 그대로이므로 nbval이 비교하는 글은 바뀌지 않습니다.
    ipywidgets 8은 ``_repr_mimebundle_``로, 7.x는 ``_ipython_display_``로 보여 주므로 있는 쪽을 바꿉니다.
    ``close()``는 두 판 모두 이 속성을 ``None``으로 덮으므로, 닫은 뒤에는 ipywidgets 그대로 글(repr)로만 보입니다.
    """
    def bundle(**kwargs):
        data = widget_bundle(root, **kwargs)
        if data is not None and image.value:
            data = {**data, "image/png": base64.b64encode(bytes(image.value)).decode("ascii")}
        return data

    if hasattr(type(root), "_repr_mimebundle_"):
        root._repr_mimebundle_ = bundle
    else:
        def ipython_display(**kwargs):
            from IPython.display import display

            display(bundle(), raw=True)
            if root._view_name is not None:
                root._handle_displayed(**kwargs)

        root._ipython_display_ = ipython_display
