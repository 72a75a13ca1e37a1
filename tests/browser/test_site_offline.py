"""강좌 사이트를 디스크에서(file://) 네트워크 없이 Chromium으로 엽니다.

사이트는 tools/build_site.py로 임시 폴더에 만듭니다. 확인하는 것:
- 모든 쪽(목차와 강의)이 열리고, file:// 밖으로 나가는 요청이 하나도 없습니다(있으면 막고 실패).
- 모든 그림이 그려집니다(naturalWidth > 0).
- 모든 로컬 링크(href)의 대상 파일이 있고, 쪽 안 앵커(#…)는 그 쪽에 있는 id를 가리킵니다.
- 수식: MathJax가 그린 요소가 있고, 마크다운 글에 ``$…$``가 그대로 남지 않습니다.
- 한글 글꼴: 사이트에 든 나눔고딕이 실제로 읽힙니다(document.fonts).
- 어느 쪽에도 ``VBox(children=`` 글이 없습니다(탐색기는 첫 그림으로 보여야 합니다).
스크린숏은 artifacts/site/에 남습니다 (git이 무시하는 폴더).
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import urllib.parse

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "site"
PAGE_TIMEOUT_MS = 60_000
# 마크다운 글에 그대로 남은 인라인 수식: MathJax가 그리면 글에서 $가 사라집니다.
RAW_MATH = re.compile(r"\$[^$\n]{1,200}\$")


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site")
    _load_builder().build(ROOT / "notebooks", out)
    return out


@pytest.fixture(scope="module")
def offline_context(playwright_browser):
    """네트워크를 끈 브라우저 문맥. file:// 밖으로 나가는 요청은 막고 기록합니다."""
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.set_offline(True)
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    context.blocked = blocked
    yield context
    context.close()


def _open(context, path: pathlib.Path):
    page = context.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    response = page.goto(path.as_uri(), wait_until="load", timeout=PAGE_TIMEOUT_MS)
    assert response is None or response.ok, f"{path.name}을 열지 못했습니다"
    page.lrcourse_errors, page.lrcourse_failed = errors, failed
    return page


def _markdown_math_count(notebook: pathlib.Path) -> int:
    """노트북 마크다운의 수식 수 (``$$…$$``와 ``$…$``). MathJax는 수식마다 요소 하나를 그립니다."""
    import nbformat

    text = "\n".join(cell.source for cell in nbformat.read(notebook, as_version=4).cells
                     if cell.cell_type == "markdown")
    display = re.findall(r"\$\$.+?\$\$", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.+?\$\$", " ", text, flags=re.DOTALL)
    return len(display) + len(RAW_MATH.findall(text))


def _wait_for_mathjax(page) -> None:
    """MathJax가 시작을 마치고 대기열의 조판(Typeset)까지 끝낼 때까지 기다립니다."""
    page.wait_for_function("() => document.documentElement.dataset.mathjax === 'done'"
                           " && MathJax.Hub.queue.pending === 0", timeout=PAGE_TIMEOUT_MS)


def _check_images(page, name: str) -> int:
    images = page.evaluate("""() => Array.from(document.images).map(img => ({
        src: img.src.slice(0, 80), complete: img.complete, width: img.naturalWidth}))""")
    broken = [img for img in images if not (img["complete"] and img["width"] > 0)]
    assert not broken, f"{name}: 그려지지 않은 그림 {broken}"
    return len(images)


def _check_local_links(page, site: pathlib.Path, name: str) -> None:
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
    for href in hrefs:
        parsed = urllib.parse.urlparse(href)
        if parsed.scheme in ("http", "https", "mailto"):
            continue
        assert parsed.scheme == "file", f"{name}: 알 수 없는 링크 {href}"
        target = pathlib.Path(urllib.parse.unquote(parsed.path))
        assert target.is_file(), f"{name}: 링크 대상이 없습니다: {href}"
        assert site in target.parents, f"{name}: 사이트 밖을 가리키는 링크: {href}"
        if parsed.fragment and target.name == name:
            # nbconvert는 제목의 id를 퍼센트 인코딩한 채로 씁니다. 브라우저는 두 모양을 모두 찾습니다.
            fragment = parsed.fragment
            assert fragment in ids or urllib.parse.unquote(fragment) in ids, f"{name}: 쪽에 없는 앵커 {href}"


# 강의 쪽마다 "VBox(children=" 글의 수와 탐색기 그림의 수 (아래 탐색기 검사가 씁니다).
explorer_texts: dict[str, int] = {}
explorer_images: dict[str, int] = {}


def test_site_opens_offline(site, offline_context):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    index = _open(offline_context, site / "index.html")
    index.screenshot(path=str(SCREENSHOTS / "index.png"), full_page=True)
    assert index.locator("h1").inner_text() == "학습률 스케줄링 강좌"
    lessons = sorted(site.glob("[0-9][0-9]_*.html"))
    assert len(lessons) >= 7
    toc = index.evaluate("() => Array.from(document.querySelectorAll('tbody a')).map(a => a.getAttribute('href'))")
    assert toc == [path.name for path in lessons]
    index.wait_for_function("() => document.fonts.status === 'loaded'", timeout=PAGE_TIMEOUT_MS)
    assert index.evaluate("""() => Array.from(document.fonts).filter(f => f.family.replace(/"/g, '') ===
        'NanumGothic').map(f => f.status).join()""") == "loaded", "index.html: 나눔고딕을 읽지 못했습니다"
    _check_local_links(index, site, "index.html")
    # 목차의 첫 링크를 눌러 첫 강의로 갑니다 (file:// 링크가 실제로 이어지는지).
    with index.expect_navigation(wait_until="load", timeout=PAGE_TIMEOUT_MS):
        index.locator("tbody a").first.click()
    assert index.url.endswith("/" + lessons[0].name)
    index.close()

    math_pages = 0
    for path in lessons:
        page = _open(offline_context, path)
        _wait_for_mathjax(page)
        page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=PAGE_TIMEOUT_MS)
        name = path.name
        assert page.evaluate("() => document.documentElement.lang") == "ko"
        # 한글 글꼴: 사이트에 든 NanumGothic이 읽혀 쓰이고 있어야 합니다.
        loaded = page.evaluate("""() => Array.from(document.fonts).filter(f => f.family.replace(/"/g, '') ===
            'NanumGothic').map(f => f.status)""")
        assert loaded == ["loaded"], f"{name}: 나눔고딕 상태 {loaded}"
        n_images = _check_images(page, name)
        assert n_images >= 1, f"{name}: 그림이 없습니다"
        _check_local_links(page, site, name)
        math = page.locator(".MathJax, .MathJax_Display")
        expected_math = _markdown_math_count(ROOT / "notebooks" / f"{path.stem}.ipynb")
        if expected_math:
            assert math.count() >= expected_math, f"{name}: MathJax가 그린 수식 {math.count()}개 < {expected_math}개"
        math_pages += bool(expected_math)
        assert page.locator(".MathJax_Error, [data-mjx-error]").count() == 0, f"{name}: 수식 오류"
        markdown = page.locator(".jp-RenderedMarkdown").all_inner_texts()
        raw = [m.group(0) for text in markdown for m in RAW_MATH.finditer(text)]
        assert not raw, f"{name}: 그려지지 않은 수식 {raw[:5]}"
        explorer_texts[name] = page.locator("body").inner_text().count("VBox(children=")
        explorer_images[name] = page.locator(".lrcourse-explorer img").count()
        assert not page.lrcourse_errors, f"{name}: 스크립트 오류 {page.lrcourse_errors}"
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"), full_page=False)
        if math.count():
            math.first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-math.png"), full_page=False)
        explorer = page.locator(".lrcourse-explorer, .jp-OutputArea-executeResult:has-text('VBox(children=')")
        if explorer.count():
            explorer.first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-explorer.png"), full_page=False)
        page.close()
    assert math_pages >= 5, "수식이 있는 강의 쪽이 너무 적습니다 (01–05에는 수식이 있습니다)"
    assert not offline_context.blocked, f"네트워크 요청이 있었습니다: {offline_context.blocked[:10]}"


_TOTAL, _WITH_IMAGE = _load_builder().explorer_outputs()


def test_explorers_show_their_first_figure(site, offline_context):
    """탐색기마다 첫 그림이 보이고, ``VBox(children=…)`` 글은 어느 쪽에도 없습니다."""
    if not explorer_texts:
        test_site_opens_offline(site, offline_context)
    assert sum(explorer_texts.values()) == 0, f"VBox(children= 글이 보이는 쪽: {explorer_texts}"
    assert _TOTAL >= 8 and _WITH_IMAGE == _TOTAL, (_TOTAL, _WITH_IMAGE)
    assert sum(explorer_images.values()) == _TOTAL, (explorer_images, _TOTAL)
