"""탐색기가 실제 커널에서 노트북에 내는 출력: ``text/plain``은 그대로, 위젯 보기와 함께 지금 그림의 ``image/png``.

nbval은 ``image/png``를 비교하지 않으므로 노트북 테스트만으로는 그림이 빠져도 모릅니다. 여기서는 작은 노트북을
이 환경의 커널(ipykernel)로 실행해, 저장되는 출력을 직접 봅니다. ipywidgets 8(``make test``)은 셀의 결과
(execute_result)로, 7.7.1(``make test-colab``, Colab의 판)은 ``display_data``로 나옵니다.
"""

import base64
import hashlib

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
nbconvert = pytest.importorskip("nbconvert")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SETUP = "import hashlib\nfrom IPython.display import display\nfrom lrcourse import widgets as lw"
# (셀, 저장된 노트북에 있는 그 탐색기의 text/plain). 00_start, 01의 출력과 같은 글입니다 (nbval이 비교하는 글).
CASES = [
    ('ex = lw.schedule_explorer("step_decay", total_steps=100, log_scale=True, lr=0.1, step_size=30, gamma=0.1)',
     "VBox(children=(HBox(children=(Dropdown(description='스케줄', index=1, layout=Layout(width='30em'), "
     "options=(('con…"),
    ("ex = lw.lr_explorer()",
     "VBox(children=(HBox(children=(FloatSlider(value=0.5, description='학습률 (× 2/L)', "
     "layout=Layout(width='26em'), m…"),
    ('ex = lw.training_explorer("constant", epochs=1)',
     "VBox(children=(HBox(children=(Dropdown(description='스케줄', layout=Layout(width='30em'), "
     "options=(('constant (상수…"),
]
SHOW_HASH = "print(hashlib.sha256(bytes(ex.image.value)).hexdigest())"


def run_notebook(sources, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return nb


def figure_output(cell) -> dict:
    """셀의 출력 가운데 탐색기를 보여 준 것 하나 (execute_result 또는 display_data)."""
    shown = [out for out in cell.outputs if out.output_type in ("execute_result", "display_data")]
    assert len(shown) == 1, cell.outputs
    return shown[0]["data"]


@pytest.mark.slow
def test_explorers_display_text_widget_and_png_of_the_current_figure(tmp_path):
    sources = [SETUP]
    for make, _text in CASES:
        sources += [f"{make}\n{SHOW_HASH}\nex", "display(ex)"]
    nb = run_notebook(sources, tmp_path)
    cells = nb.cells
    for i, (make, text) in enumerate(CASES):
        last, again = cells[1 + 2 * i], cells[2 + 2 * i]
        stdout = [out for out in last.outputs if out.output_type == "stream"]
        assert [out.name for out in stdout] == ["stdout"], last.outputs  # 경고(stderr)도 없어야 합니다
        expected_hash = stdout[0].text.strip()
        for cell in (last, again):  # 셀의 마지막 줄과 display() 모두
            data = figure_output(cell)
            assert set(data) == {"text/plain", WIDGET_VIEW, "image/png"}, make
            assert data["text/plain"] == text, make
            png = base64.b64decode(data["image/png"])
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            assert hashlib.sha256(png).hexdigest() == expected_hash, make  # 위젯 안의 그림 그대로

    # nbconvert(HTML)는 위젯 상태가 저장되지 않은 노트북에서 위젯 보기를 건너뛰고 다음 순위를 씁니다: 글이 아니라 그림.
    # 강좌의 노트북은 위젯 상태를 저장하지 않습니다(tools/build_notebooks.py가 metadata.widgets를 지웁니다).
    nb.metadata.pop("widgets", None)
    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    for cell in cells[1:]:
        assert f'src="data:image/png;base64,{figure_output(cell)["image/png"].strip()}"' in html
    assert "VBox(children=" not in html
