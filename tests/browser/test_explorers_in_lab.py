"""학습자가 하는 그대로: JupyterLab에서 노트북을 열고, 모두 실행하고, 슬라이더를 움직이고, 버튼을 누릅니다.

확인하는 것:
- 세 탐색기가 모두 그림(<img>)과 함께 그려집니다.
- 슬라이더를 키보드로 움직이면 그림이 바뀝니다 (이미지 바이트를 비교).
- lr_explorer의 학습률을 끝(1.2 × 2/L)으로 옮기면 "발산합니다"가 보입니다.
- '학습' 버튼을 누르면 그림이 바뀌고, 버튼이 다시 눌릴 수 있게 됩니다.
- 어느 셀에도 오류 출력(stderr, Traceback)이 없습니다.
- 화면이 한국어입니다: 메뉴 "파일"·"실행", 상태 표시줄의 커널 상태 "대기" (make setup이 정한 ko_KR).
스크린숏은 artifacts/browser/에 남습니다.
"""

from __future__ import annotations

import hashlib
import re

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # conftest가 까닭을 밝히고 건너뜁니다
    PlaywrightTimeout = Exception

pytestmark = pytest.mark.browser

KERNEL_IDLE_TIMEOUT_MS = 180_000
RUN_ALL_TIMEOUT_MS = 240_000
UPDATE_TIMEOUT_MS = 60_000


def image_digest(img) -> str:
    """<img>가 보여 주는 PNG 바이트의 해시. ipywidgets는 src에 blob: URL을 넣으므로 페이지 안에서 내용을 읽습니다."""
    data = img.evaluate(
        """async (el) => {
            const buf = await (await fetch(el.src)).arrayBuffer();
            return Array.from(new Uint8Array(buf));
        }"""
    )
    return hashlib.sha256(bytes(data)).hexdigest()


def wait_for_new_src(page, img, old_src: str) -> None:
    page.wait_for_function("([el, old]) => el.src && el.src !== old", arg=[img.element_handle(), old_src],
                           timeout=UPDATE_TIMEOUT_MS)


def slider_handle(explorer, label: str):
    """설명(label)이 ``label``인 슬라이더의 손잡이. ipywidgets 8은 noUiSlider를 씁니다."""
    slider = explorer.locator(".widget-slider").filter(has=explorer.page.locator(".widget-label", has_text=re.compile(
        "^" + re.escape(label) + "$")))
    return slider.locator(".noUi-handle").first


def assert_no_error_outputs(page) -> None:
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, stderr.first.inner_text()
    outputs = page.locator(".jp-OutputArea-output")
    for i in range(outputs.count()):
        text = outputs.nth(i).inner_text()
        assert "Traceback" not in text and "Error" not in text, text


def assert_korean_ui(page) -> None:
    """JupyterLab이 한국어로 떠 있는지: 메뉴 표시줄과 상태 표시줄의 커널 상태."""
    menus = page.locator(".lm-MenuBar-item").all_inner_texts()
    for label in ("파일", "실행", "커널", "설정"):
        assert label in menus, f"메뉴 표시줄에 '{label}'이 없습니다: {menus}"
    assert "File" not in menus, menus
    page.wait_for_function("() => /\\|\\s*대기/.test(document.querySelector('#jp-main-statusbar').innerText)",
                           timeout=KERNEL_IDLE_TIMEOUT_MS)


def test_explorers_work_in_jupyterlab(lab_server, playwright_browser, artifacts):
    context = playwright_browser.new_context(viewport={"width": 1400, "height": 1400}, locale="ko-KR")
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))
    try:
        _run_learner_session(page, lab_server, artifacts)
    finally:
        (artifacts / "console.log").write_text("\n".join(console), encoding="utf-8")
        page.screenshot(path=str(artifacts / "99-last.png"), full_page=True)
        context.close()
    widget_errors = [line for line in console if "[error]" in line.lower() and "widget" in line.lower()]
    assert not widget_errors, widget_errors


def _run_learner_session(page, server, out) -> None:
    page.goto(f"{server['url']}/lab/tree/explorers.ipynb?token={server['token']}", timeout=KERNEL_IDLE_TIMEOUT_MS)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=KERNEL_IDLE_TIMEOUT_MS)
    # 세션을 미리 만들어 두었으므로 보통은 나오지 않지만, 커널 선택 대화상자가 뜨면 기본(python3)을 고릅니다.
    dialog = page.locator(".jp-Dialog", has_text="커널 선택")
    try:
        dialog.wait_for(timeout=3000)
        dialog.locator("button", has_text=re.compile(r"^선택$")).click()
    except PlaywrightTimeout:
        pass
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=KERNEL_IDLE_TIMEOUT_MS)

    # 한국어 화면: 메뉴 이름과 상태 표시줄의 커널 상태(Idle → 대기)
    assert_korean_ui(page)
    page.screenshot(path=str(out / "00-korean-ui.png"))

    # 메뉴: 실행(Run) → 모든 셀 실행(Run All Cells)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^실행$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^모든 셀 실행")).click()

    images = page.locator(".jp-OutputArea-output img.widget-image")
    page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output img.widget-image').length >= 3"
                           " && Array.from(document.querySelectorAll('.jp-OutputArea-output img.widget-image'))"
                           ".every(el => el.src && el.naturalWidth > 0)", timeout=RUN_ALL_TIMEOUT_MS)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=RUN_ALL_TIMEOUT_MS)
    assert images.count() == 3
    explorers = page.locator(".jp-OutputArea-output .widget-vbox").filter(has=page.locator("img.widget-image"))
    schedule_ex = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output").first
    lr_ex = page.locator(".jp-Cell").nth(2).locator(".jp-OutputArea-output").first
    train_ex = page.locator(".jp-Cell").nth(3).locator(".jp-OutputArea-output").first
    assert explorers.count() >= 3
    page.screenshot(path=str(out / "01-run-all.png"), full_page=True)
    schedule_ex.screenshot(path=str(out / "02-schedule-explorer.png"))
    assert_no_error_outputs(page)
    # 한국어 설명과 수식이 화면에 있어야 합니다 (글꼴이 없으면 □로 보이지만, 글자 자체는 DOM에 있습니다).
    assert "재시작 스텝: 100, 200" in schedule_ex.inner_text()

    # 1. 스케줄 탐색기: 학습률 슬라이더를 키보드로 오른쪽으로 세 칸
    img = schedule_ex.locator("img.widget-image")
    before_src, before = img.get_attribute("src"), image_digest(img)
    handle = slider_handle(schedule_ex, "학습률")
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_for_new_src(page, img, before_src)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=UPDATE_TIMEOUT_MS)
    assert image_digest(img) != before, "학습률 슬라이더를 움직였는데 그림이 그대로입니다"
    schedule_ex.screenshot(path=str(out / "03-schedule-explorer-after-slider.png"))

    # 두 번째 스케줄 겹쳐 그리기를 켜면 점선이 더해지고 두 번째 스케줄의 주요 값이 보입니다.
    before_src, before = img.get_attribute("src"), image_digest(img)
    schedule_ex.get_by_text("두 번째 스케줄 겹쳐 그리기").click()
    wait_for_new_src(page, img, before_src)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=UPDATE_TIMEOUT_MS)
    assert image_digest(img) != before
    schedule_ex.get_by_text("2: constant(").wait_for(timeout=UPDATE_TIMEOUT_MS)
    schedule_ex.screenshot(path=str(out / "03b-schedule-explorer-overlay.png"))

    # 2. 학습률 탐색기: 학습률을 끝(1.2 × 2/L)까지 → 발산
    img = lr_ex.locator("img.widget-image")
    before_src, before = img.get_attribute("src"), image_digest(img)
    assert "수렴합니다" in lr_ex.inner_text()
    handle = slider_handle(lr_ex, "학습률 (× 2/L)")
    handle.focus()
    page.keyboard.press("End")
    wait_for_new_src(page, img, before_src)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=UPDATE_TIMEOUT_MS)
    lr_ex.get_by_text("발산합니다").wait_for(timeout=UPDATE_TIMEOUT_MS)
    assert image_digest(img) != before
    lr_ex.screenshot(path=str(out / "04-lr-explorer-diverged.png"))

    # 3. 학습 탐색기: 학습률을 바꾸고 '학습' 버튼 → 두 번째 실행이 겹쳐 그려집니다
    img = train_ex.locator("img.widget-image")
    train_ex.screenshot(path=str(out / "05-training-explorer-first.png"))
    before_src, before = img.get_attribute("src"), image_digest(img)
    handle = slider_handle(train_ex, "학습률")
    handle.focus()
    page.keyboard.press("ArrowLeft")
    assert img.get_attribute("src") == before_src  # 슬라이더만으로는 다시 학습하지 않습니다
    button = train_ex.locator("button", has_text="학습")
    button.click()
    wait_for_new_src(page, img, before_src)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=UPDATE_TIMEOUT_MS)
    assert image_digest(img) != before
    assert button.is_enabled()
    assert "2: constant" in train_ex.inner_text()
    train_ex.screenshot(path=str(out / "06-training-explorer-second-run.png"))

    assert_no_error_outputs(page)
    assert "⚠" not in schedule_ex.inner_text() + train_ex.inner_text()
    page.screenshot(path=str(out / "07-end.png"), full_page=True)
