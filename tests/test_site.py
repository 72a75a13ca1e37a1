"""make site (tools/build_site.py): 정적 HTML 사이트의 내용.

작은 합성 노트북으로 내보내기의 선택을 확인하고(빠름), 저장된 강사용 노트북 전체로 사이트를 만들어
목차·쪽·바깥 주소를 확인합니다(slow). 브라우저로 여는 검사는 tests/browser/test_site_offline.py입니다.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re

import nbformat
import pytest

# site 묶음(pip install -e ".[site]", make setup이 설치). make test-min의 하한 환경에는 없어 건너뜁니다.
# CI(환경 변수 CI)에서는 건너뛰기가 실패입니다(tests/conftest.py).
pytest.importorskip("nbconvert", reason="site 묶음이 없습니다: pip install -e '.[site]'")
pytest.importorskip("jupyter_server_mathjax", reason="site 묶음이 없습니다: pip install -e '.[site]'")

ROOT = pathlib.Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# 1×1 PNG
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
VBOX_TEXT = "VBox(children=(FloatSlider(value=0.1, description='학습률'),))"
# 바깥 주소를 읽는 HTML 속성: 사이트는 네트워크 없이 열려야 합니다 (링크 <a href>는 괜찮습니다).
REMOTE_LOAD = re.compile(r"""<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)


def load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = load_builder()


def widget_output(with_image: bool) -> dict:
    data = {WIDGET_VIEW: {"model_id": "abc123", "version_major": 2, "version_minor": 0}, "text/plain": VBOX_TEXT}
    if with_image:
        data["image/png"] = PNG
    return nbformat.v4.new_output("execute_result", data=data, execution_count=2)


def synthetic_notebook(minutes: int = 12, with_image: bool = True):
    first = (
        "# 01. 합성 강의\n\n"
        "[![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/x)\n\n"
        f"**예상 시간: {minutes}분** (읽기 포함)\n"
    )
    links = ("다음: [05](05_warmup.ipynb), 절: [워밍업 길이](./05_warmup.ipynb#3.-길이), "
             "없는 노트북: [x](missing.ipynb), 바깥: [y](https://example.org/a.ipynb). 수식 $\\eta_t$.")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(first),
        nbformat.v4.new_markdown_cell(links),
        nbformat.v4.new_code_cell("explorer()", execution_count=2, outputs=[widget_output(with_image)]),
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    return nb


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("synthetic")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(synthetic_notebook(12), notebooks / "01_synthetic.ipynb")
    nbformat.write(synthetic_notebook(30, with_image=False), notebooks / "05_warmup.ipynb")
    out = tmp_path / "site"
    builder.build(notebooks, out)
    return out


def test_explorer_output_prefers_png_over_widget_view_and_text(synthetic_site):
    page = (synthetic_site / "01_synthetic.html").read_text(encoding="utf-8")
    assert f'src="data:image/png;base64,{PNG}"' in page
    assert 'class="lrcourse-explorer"' in page
    assert "VBox(children=" not in page
    assert WIDGET_VIEW not in page  # 위젯 뷰 스크립트도 쓰지 않습니다


def test_widget_without_png_shows_a_note_instead_of_its_repr(synthetic_site):
    # 그림이 없는 위젯은 repr(VBox(children=…)) 대신 안내 글을 보입니다. 탐색기에 그림이 빠지면 그것은
    # 아래 test_course_site_explorers_show_their_first_figure가 노트북 쪽에서 잡습니다.
    page = (synthetic_site / "05_warmup.html").read_text(encoding="utf-8")
    assert "VBox(children=" not in page and "lrcourse-explorer" not in page
    assert builder.WIDGET_NOTE in page


def test_display_priority_puts_png_before_widget_view_and_text():
    priority = builder.DISPLAY_DATA_PRIORITY
    assert priority.index("image/png") < priority.index(WIDGET_VIEW) < priority.index("text/plain")


def test_links_between_lessons_point_to_html_pages(synthetic_site):
    page = (synthetic_site / "01_synthetic.html").read_text(encoding="utf-8")
    assert '<a href="05_warmup.html">05</a>' in page
    assert '<a href="./05_warmup.html#3.-%EA%B8%B8%EC%9D%B4">워밍업 길이</a>' in page  # 앵커는 퍼센트 인코딩
    assert 'href="missing.ipynb"' in page  # 사이트에 없는 노트북은 그대로 (브라우저 검사가 잡습니다)
    assert 'href="https://example.org/a.ipynb"' in page


def test_pages_load_nothing_from_the_network(synthetic_site):
    for path in synthetic_site.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not REMOTE_LOAD.search(text), (path.name, REMOTE_LOAD.search(text).group(0))
        assert "colab-badge.svg" not in text
    page = (synthetic_site / "01_synthetic.html").read_text(encoding="utf-8")
    assert f'src="{builder.MATHJAX_URL}"' in page
    assert 'href="https://colab.research.google.com/x">Colab에서 열기</a>' in page  # 배지는 글 링크로


def test_site_bundles_mathjax_font_and_korean_font_stack(synthetic_site):
    from fontTools.ttLib import TTFont

    assert (synthetic_site / builder.MATHJAX_DIR / "MathJax.js").is_file()
    assert (synthetic_site / builder.MATHJAX_DIR / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    assert (synthetic_site / builder.MATHJAX_DIR / "fonts" / "HTML-CSS" / "STIX-Web").is_dir()
    font = TTFont(synthetic_site / "assets" / "NanumGothic.ttf")
    # Chromium은 길이 0인 TSI3 표가 있는 글꼴을 거절합니다.
    assert not [tag for tag in font.keys() if tag.startswith("TSI")]
    assert ord("학") in font.getBestCmap()
    css = (synthetic_site / builder.CSS_PATH).read_text(encoding="utf-8")
    assert '@font-face' in css and 'url("NanumGothic.ttf")' in css
    assert re.search(r'--jp-content-font-family: var\(--lrcourse-korean-fonts\)', css)
    page = (synthetic_site / "01_synthetic.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and f'href="{builder.CSS_PATH}"' in page


def test_index_lists_lessons_with_expected_time(synthetic_site):
    index = (synthetic_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="01_synthetic.html">01. 합성 강의</a>' in index
    assert re.search(r'01_synthetic\.html.*?<td class="minutes">12분</td>', index)
    assert re.search(r'05_warmup\.html.*?<td class="minutes">30분</td>', index)
    assert "42분" in index  # 합계


def test_missing_expected_time_is_an_error(tmp_path):
    nb = synthetic_notebook()
    nb.cells[0].source = "# 01. 합성 강의\n"
    nbformat.write(nb, tmp_path / "01_synthetic.ipynb")
    with pytest.raises(ValueError, match="01_synthetic.ipynb.*예상 시간"):
        builder.build(tmp_path, tmp_path / "site")


@pytest.fixture(scope="module")
def course_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    builder.build(ROOT / "notebooks", out)
    return out


@pytest.mark.slow
def test_course_site_has_every_lesson_and_its_time(course_site):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 7
    index = (course_site / "index.html").read_text(encoding="utf-8")
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        minutes = builder.expected_minutes(nb)
        assert re.search(rf'href="{path.stem}\.html">[^<]+</a></td><td class="minutes">{minutes}분</td>', index)
        page = (course_site / f"{path.stem}.html").read_text(encoding="utf-8")
        assert not REMOTE_LOAD.search(page), (path.name, REMOTE_LOAD.search(page).group(0))
        images = sum("image/png" in output.get("data", {}) for cell in nb.cells for output in cell.get("outputs", []))
        assert page.count('src="data:image/png;base64,') == images, path.name


@pytest.mark.slow
def test_course_site_explorers_show_their_first_figure(course_site):
    total, with_image = builder.explorer_outputs()
    assert total >= 8 and with_image == total, (total, with_image)
    pages = {path.name: path.read_text(encoding="utf-8") for path in course_site.glob("[0-9][0-9]_*.html")}
    shown = {name: text.count("VBox(children=") for name, text in pages.items() if "VBox(children=" in text}
    assert not shown, f"VBox(children= 글이 보이는 쪽: {shown}"
    assert sum(text.count('class="lrcourse-explorer"') for text in pages.values()) == total
