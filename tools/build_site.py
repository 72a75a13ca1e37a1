"""실행된 강사용 노트북(notebooks/NN_*.ipynb)을 정적 HTML 사이트로 만듭니다.

사용법::

    python tools/build_site.py                  # → site/index.html, site/NN_*.html
    python tools/build_site.py --out /tmp/site  # 다른 폴더에
    python tools/build_site.py --notebooks DIR  # 다른 노트북 폴더에서

쪽은 nbconvert의 ``HTMLExporter``(lab 템플릿을 넓힌 tools/site_template/lrcourse_site)가 그립니다.
사이트는 디스크에서(``file://``) 네트워크 없이 열립니다:

- 그림은 HTML 안에 base64로 들어갑니다.
- 수식은 사이트에 복사한 MathJax 2(``jupyter-server-mathjax`` 패키지의 파일)로 그립니다.
- 한글은 사이트에 복사한 나눔고딕(lrcourse/fonts/NanumGothic.ttf)을 ``@font-face``로 씁니다.
- 바깥 주소의 그림(Colab·Binder 배지)은 그림 대신 글 링크로 바꿉니다: 오프라인에서는 빈 그림이 됩니다.
- 노트북 사이의 링크(``05_warmup.ipynb``)는 사이트의 쪽(``05_warmup.html``)을 가리키게 바꿉니다.

탐색기(ipywidgets) 출력에 ``image/png``가 함께 저장되어 있으면 위젯 뷰나 ``VBox(children=…)`` 글 대신
그 그림을 보여 줍니다(``DISPLAY_DATA_PRIORITY``).
목차 쪽(index.html)에는 강의마다 첫 마크다운 셀의 "**예상 시간: N분**"을 적습니다.
"""

from __future__ import annotations

import argparse
import copy
import html
import pathlib
import re
import shutil
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "site"
TEMPLATES = pathlib.Path(__file__).resolve().parent / "site_template"
FONT = ROOT / "lrcourse" / "fonts" / "NanumGothic.ttf"
FONT_LICENSE = ROOT / "lrcourse" / "fonts" / "OFL.txt"
LESSON_GLOB = "[0-9][0-9]_*.ipynb"

# 그림(image/png)을 위젯 뷰(application/vnd.jupyter.widget-view+json)와 text/plain보다 앞에 둡니다: 탐색기
# 출력에 그림이 함께 저장되어 있으면 ``VBox(children=…)`` 대신 그 그림이 보입니다. 사이트에는 위젯 상태가
# 없으므로(metadata.widgets를 지웁니다) nbconvert는 위젯 뷰를 고르지 않습니다: 그림이 없으면 text/plain입니다.
# application/javascript는 뺍니다: 사이트는 출력의 스크립트를 실행하지 않습니다.
DISPLAY_DATA_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "application/vnd.jupyter.widget-view+json",
    "text/plain",
]
MATHJAX_DIR = "mathjax"
# jupyter-server-mathjax에 든 MathJax 2.7의 "full" 설정(TeX 입력, HTML-CSS 출력)과 Safe 확장.
MATHJAX_URL = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
CSS_PATH = "assets/site.css"

EXPECTED_TIME = re.compile(r"\*\*예상 시간:\s*(\d+)\s*분\*\*")
TITLE = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)
# 마크다운의 바깥 그림: ![alt](http...) → alt (배지처럼 링크로 감싼 그림은 글 링크가 됩니다)
REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:https?:)?//[^)\s]+(?:\s+\"[^\"]*\")?\)")
# 마크다운 링크의 대상이 노트북 파일 이름일 때: [글](05_warmup.ipynb#절)
NOTEBOOK_LINK = re.compile(r"\]\(((?:\./)?)([^()\s/#]+)\.ipynb(#[^)\s]*)?\)")

SITE_CSS = """\
/* 강좌 사이트: 한글 글꼴은 사이트에 든 나눔고딕을 먼저 쓰고, 없으면 시스템의 한글 글꼴을 씁니다. */
@font-face {
  font-family: "NanumGothic";
  src: url("NanumGothic.ttf") format("truetype");
  font-display: block;
}
:root {
  --lrcourse-korean-fonts: "NanumGothic", "Nanum Gothic", "Noto Sans CJK KR", "Noto Sans KR",
    "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  --jp-ui-font-family: var(--lrcourse-korean-fonts);
  --jp-content-font-family: var(--lrcourse-korean-fonts);
  --jp-code-font-family: "DejaVu Sans Mono", Menlo, Consolas, "NanumGothic", monospace;
}
body { font-family: var(--lrcourse-korean-fonts); }
main { max-width: 1100px; margin: 0 auto; }
.lrcourse-nav { display: flex; gap: 1.5em; justify-content: space-between; max-width: 1100px;
  margin: 0.5em auto; padding: 0.6em 1em; border-bottom: 1px solid #ddd; font-size: 15px; }
.lrcourse-nav-bottom { border-top: 1px solid #ddd; border-bottom: none; }
.lrcourse-nav a { color: #1a5fb4; text-decoration: none; }
.lrcourse-explorer { border-left: 3px solid #1a5fb4; padding-left: 0.5em; }
.lrcourse-explorer-note { color: #555; font-size: 13px; margin: 0.2em 0 0.6em; }
.lrcourse-index { max-width: 900px; margin: 2em auto; padding: 0 1em; line-height: 1.6; }
.lrcourse-index table { border-collapse: collapse; width: 100%; }
.lrcourse-index th, .lrcourse-index td { border-bottom: 1px solid #ddd; padding: 0.5em; text-align: left; }
.lrcourse-index td.minutes { text-align: right; white-space: nowrap; }
"""

INDEX_HTML = """\
<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>학습률 스케줄링 강좌</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<main class="lrcourse-index">
<h1>학습률 스케줄링 강좌</h1>
<p>강사용 판입니다: 연습 문제의 풀이와 실행 결과가 들어 있습니다. 탐색기(슬라이더)는 그림 한 장으로
보이며, 노트북을 JupyterLab에서 실행하면 움직입니다.</p>
<table>
<thead><tr><th>강의</th><th>제목</th><th class="minutes">예상 시간</th></tr></thead>
<tbody>
{rows}
</tbody>
<tfoot><tr><td></td><td>합계</td><td class="minutes">{total}분</td></tr></tfoot>
</table>
</main>
</body>
</html>
"""


def expected_minutes(nb, name: str = "노트북") -> int:
    """첫 마크다운 셀의 "**예상 시간: N분**"에서 N. 없으면 노트북(``name``)을 밝히는 오류입니다."""
    first = next((cell for cell in nb.cells if cell.cell_type == "markdown"), None)
    match = EXPECTED_TIME.search(first.source) if first is not None else None
    if match is None:
        raise ValueError(f"{name}: 첫 마크다운 셀에 '**예상 시간: N분**'이 없습니다.")
    return int(match.group(1))


def lesson_title(nb, fallback: str) -> str:
    """첫 마크다운 셀의 첫 ``# 제목``. 없으면 ``fallback``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = TITLE.search(cell.source)
            return match.group(1) if match else fallback
    return fallback


def site_markdown(source: str, pages: set[str]) -> str:
    """사이트용 마크다운: 바깥 그림은 alt 글로, 사이트에 있는 노트북으로 가는 링크는 .html로 바꿉니다."""
    source = REMOTE_IMAGE.sub(lambda m: m.group(1), source)

    def to_html(match: re.Match) -> str:
        prefix, stem, anchor = match.group(1), match.group(2), match.group(3) or ""
        if stem not in pages:
            return match.group(0)
        return f"]({prefix}{stem}.html{anchor})"

    return NOTEBOOK_LINK.sub(to_html, source)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# 그림이 없는 위젯(예: 00의 슬라이더 확인)은 ``HBox(children=…)`` 글 대신 이 안내를 보입니다.
WIDGET_NOTE = "(대화형 위젯입니다. JupyterLab이나 Colab에서 노트북을 실행하면 보입니다.)"


def explorer_outputs(notebooks: pathlib.Path = NOTEBOOKS) -> tuple[int, int]:
    """레슨 노트북에 저장된 탐색기 출력(맨 위가 ``VBox``인 위젯 뷰)의 수와, 그 가운데 ``image/png``가 함께 있는 수.

    00의 슬라이더 확인(``HBox``)은 탐색기가 아니어서 그림이 없고, 사이트에서 :data:`WIDGET_NOTE`로 보입니다.
    """
    total = with_image = 0
    for path in sorted(notebooks.glob(LESSON_GLOB)):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data and "".join(data.get("text/plain", "")).startswith("VBox("):
                    total += 1
                    with_image += "image/png" in data
    return total, with_image


def site_notebook(nb, pages: set[str]):
    """사이트에 그릴 노트북 사본: 마크다운을 ``site_markdown``으로 바꾸고 위젯 상태를 지웁니다.

    그림(image/png)이 함께 저장되지 않은 위젯 출력은 위젯의 repr 대신 :data:`WIDGET_NOTE`를 글로 보입니다.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = site_markdown(cell.source, pages)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" not in data:
                data["text/plain"] = WIDGET_NOTE
    return nb


def make_exporter():
    """사이트의 강의 쪽을 그리는 HTMLExporter (tools/site_template/lrcourse_site)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = list(DISPLAY_DATA_PRIORITY)
    exporter = HTMLExporter(config=config, extra_template_basedirs=[str(TEMPLATES)],
                            template_name="lrcourse_site")
    exporter.mathjax_url = MATHJAX_URL
    exporter.language_code = "ko"
    exporter.exclude_anchor_links = False
    return exporter


def mathjax_source() -> pathlib.Path:
    """``jupyter-server-mathjax`` 패키지에 든 MathJax 파일의 폴더."""
    try:
        import jupyter_server_mathjax
    except ImportError as exc:
        raise SystemExit("jupyter-server-mathjax가 없습니다: pip install -e '.[site]'로 설치하세요.") from exc
    return pathlib.Path(jupyter_server_mathjax.__file__).resolve().parent / "static"


def copy_font(source: pathlib.Path, target: pathlib.Path) -> None:
    """글꼴을 브라우저가 받아들이는 모양으로 복사합니다.

    나눔고딕 TTF에는 글꼴 편집기(VTT)의 원본 표(TSI0–TSI5)가 남아 있고 TSI3은 길이가 0입니다. Chromium의
    글꼴 검사기(OTS)는 이 표 때문에 글꼴 전체를 거절하므로("TSI3: zero-length table") 이 표들을 빼고
    저장합니다. 글자 모양과 힌팅(glyf, fpgm, prep, cvt)은 그대로입니다.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:
        del font[tag]
    font.save(target)


def copy_assets(out: pathlib.Path) -> None:
    """글꼴·CSS·MathJax를 사이트 폴더에 복사합니다 (쪽이 바깥 주소를 쓰지 않도록)."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    copy_font(FONT, assets / FONT.name)
    shutil.copy2(FONT_LICENSE, assets / "NanumGothic-OFL.txt")
    (assets / "site.css").write_text(SITE_CSS, encoding="utf-8")
    shutil.copytree(mathjax_source(), out / MATHJAX_DIR, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))


def build(notebooks: pathlib.Path = NOTEBOOKS, out: pathlib.Path = OUT) -> list[pathlib.Path]:
    """``notebooks``의 NN_*.ipynb를 ``out``에 쪽으로 쓰고, index.html까지 쓴 파일 목록을 돌려줍니다."""
    paths = sorted(pathlib.Path(notebooks).glob(LESSON_GLOB))
    if not paths:
        raise SystemExit(f"{notebooks}에 NN_*.ipynb 노트북이 없습니다.")
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    lessons = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        lessons.append({"stem": path.stem, "nb": nb, "title": lesson_title(nb, path.stem),
                        "minutes": expected_minutes(nb, path.name), "href": f"{path.stem}.html"})
    pages = {lesson["stem"] for lesson in lessons}
    exporter = make_exporter()
    written = []
    for i, lesson in enumerate(lessons):
        site = {
            "css": CSS_PATH,
            "previous": lessons[i - 1] if i > 0 else None,
            "next": lessons[i + 1] if i + 1 < len(lessons) else None,
        }
        nb = site_notebook(lesson["nb"], pages)
        nb.metadata["title"] = lesson["title"]
        body, _ = exporter.from_notebook_node(nb, resources={"lrcourse": site})
        target = out / lesson["href"]
        target.write_text(body, encoding="utf-8")
        written.append(target)
    rows = "\n".join(
        f'<tr><td>{html.escape(lesson["stem"][:2])}</td>'
        f'<td><a href="{html.escape(lesson["href"])}">{html.escape(lesson["title"])}</a></td>'
        f'<td class="minutes">{lesson["minutes"]}분</td></tr>'
        for lesson in lessons
    )
    index = out / "index.html"
    index.write_text(INDEX_HTML.format(css=CSS_PATH, rows=rows, total=sum(x["minutes"] for x in lessons)),
                     encoding="utf-8")
    written.append(index)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="실행된 강사용 노트북을 정적 HTML 사이트로 만듭니다.")
    parser.add_argument("--notebooks", type=pathlib.Path, default=NOTEBOOKS, help="NN_*.ipynb가 있는 폴더")
    parser.add_argument("--out", type=pathlib.Path, default=OUT, help="사이트를 쓸 폴더 (기본: site/)")
    args = parser.parse_args(argv)
    written = build(args.notebooks, args.out)
    print(f"{len(written) - 1}개 강의 쪽과 목차를 썼습니다: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
