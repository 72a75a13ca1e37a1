"""브라우저 테스트 준비: 임시 폴더의 JupyterLab 서버와 헤드리스 Chromium(Playwright).

- 서버는 빈 localhost 포트에 무작위 토큰으로 띄우고, 테스트가 끝나면 terminate → wait로 닫습니다.
- 브라우저는 Debian의 /usr/bin/chromium을 씁니다. ``playwright install``은 하지 않습니다(내려받기 없음).
- 필요한 것(playwright 패키지, Chromium, 한글 시스템 글꼴, ``python3`` 커널)이 없으면: 환경 변수 ``CI``가
  있을 때는 실패합니다(브라우저 검사 없이 CI가 통과하지 않도록). 없을 때는 까닭을 밝히고 건너뜁니다.
  한글 글꼴만은 없어도 테스트를 돌리고 경고합니다(스크린숏의 한글이 네모로 보일 뿐 위젯은 검사됩니다).
- 스크린숏과 브라우저 콘솔 기록은 artifacts/browser/에 남깁니다 (git이 무시하는 폴더).
- 화면 언어는 ``make setup``과 같은 방법으로 정합니다: tools/lab_locale.py가 서버를 띄우는 파이썬 환경의
  JupyterLab 앱 설정(overrides.json)에 ko_KR을 씁니다. 사용자 폴더(~/.jupyter)의 설정에는 기대지 않습니다
  (아래에서 사용자 설정 폴더를 빈 임시 폴더로 바꿉니다).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LAB_LOCALE = "ko_KR"
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = os.environ.get("LRCOURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 120

# 학습자가 여는 노트북과 같은 모양: 셀마다 탐색기 하나, 마지막 줄이 위젯입니다.
NOTEBOOK_CELLS = [
    "import lrcourse.widgets as lw",
    'lw.schedule_explorer("cosine_warm_restarts", T_0=100)',
    "lw.lr_explorer()",
    'lw.training_explorer("constant", epochs=3)',
]


def missing(reason: str, *, essential: bool = True) -> None:
    """브라우저 테스트에 필요한 것이 없을 때: CI(환경 변수 ``CI``가 비어 있지 않음)에서는 실패합니다.

    CI 밖에서는 ``essential``이면 까닭을 밝히고 건너뛰고, 아니면 경고만 하고 계속합니다.
    """
    if os.environ.get("CI"):
        pytest.fail(f"CI에서는 브라우저 테스트를 건너뛸 수 없습니다: {reason}", pytrace=False)
    if essential:
        pytest.skip(f"브라우저 테스트를 건너뜁니다: {reason}")
    warnings.warn(reason, UserWarning, stacklevel=2)


def korean_font_families() -> list[str]:
    """Chromium이 한글에 쓸 수 있는 시스템 글꼴(fontconfig). fc-list가 없으면 빈 목록입니다."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, timeout=60)
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


def has_python3_kernel() -> bool:
    """JupyterLab이 노트북에 붙일 ``python3`` 커널(ipykernel)이 있는지."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        return False
    return "python3" in KernelSpecManager().find_kernel_specs()


def _notebook_json() -> dict:
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {}, "outputs": [],
         "source": source}
        for i, source in enumerate(NOTEBOOK_CELLS)
    ]
    return {
        "cells": cells,
        # kernelspec이 없으면 커널 선택 대화상자가 페이지를 막습니다.
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _start_kernel_session(url: str, token: str, path: str) -> None:
    """노트북의 커널 세션을 REST API로 미리 만듭니다.

    페이지를 열 때 커널 목록이 아직 오지 않았으면 JupyterLab이 kernelspec 메타데이터가 있어도 커널 선택
    대화상자를 띄웁니다(느린 머신에서 본 경쟁 상태). 세션이 이미 있으면 JupyterLab은 그 커널에 붙습니다.
    """
    body = json.dumps({"path": path, "name": path, "type": "notebook", "kernel": {"name": "python3"}}).encode()
    request = urllib.request.Request(f"{url}/api/sessions?token={token}", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status in (200, 201), response.status


def set_project_locale(locale: str = LAB_LOCALE) -> pathlib.Path:
    """``make setup``이 하는 그대로 이 파이썬 환경의 JupyterLab 기본 언어를 씁니다 (tools/lab_locale.py)."""
    spec = importlib.util.spec_from_file_location("lab_locale", ROOT / "tools" / "lab_locale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.set_locale(locale)


def has_language_pack(locale: str = LAB_LOCALE) -> bool:
    """JupyterLab 언어 팩(jupyterlab-language-pack-ko-KR)이 설치되어 있는지."""
    return importlib.util.find_spec(f"jupyterlab_language_pack_{locale}") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> pathlib.Path:
    """스크린숏과 기록을 둘 폴더 (artifacts/browser/, git이 무시)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def playwright_browser():
    """헤드리스 Chromium. 없으면 CI에서는 실패하고, CI 밖에서는 까닭을 밝히고 건너뜁니다."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - 환경에 따라
        missing(f"playwright 파이썬 패키지가 없습니다 ({exc}). pip install -e '.[test]'로 설치하세요.")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium이 {CHROMIUM}에 없습니다 (Debian: apt-get install chromium).")
    if not korean_font_families():
        missing("한글 시스템 글꼴이 없어 스크린숏의 한글이 네모로 보입니다 (Debian: apt-get install fonts-nanum).",
                essential=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """임시 루트 폴더에서 JupyterLab을 띄우고 (주소, 토큰, 루트)를 돌려줍니다."""
    if not has_python3_kernel():
        missing("노트북 커널 python3이 없습니다 (pip install ipykernel).")
    if not has_language_pack():
        missing("JupyterLab 한국어 언어 팩이 없습니다 (pip install -e '.[lab]').")
    set_project_locale()
    root = tmp_path_factory.mktemp("lab")
    (root / "explorers.ipynb").write_text(json.dumps(_notebook_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    settings = tmp_path_factory.mktemp("lab-settings")
    # 소식 알림 창(오른쪽 아래)이 화면을 가리지 않도록 끕니다.
    extension_settings = settings / "user-settings" / "@jupyterlab" / "apputils-extension"
    notification = extension_settings / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        LRCOURSE_PROGRESS="0",
        # 사용자의 설정·작업 공간이 섞이지 않도록 비어 있는 폴더를 씁니다.
        JUPYTER_CONFIG_DIR=str(settings / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(settings / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(settings / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(settings / "runtime"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    cmd = [
        sys.executable, "-m", "jupyter", "lab",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",  # 바깥으로 나가는 소식 요청과 알림 창을 끕니다
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "jupyter-server.log", "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab이 시작하지 못했습니다 (종료 코드 {proc.returncode}). "
                            f"기록: {ARTIFACTS / 'jupyter-server.log'}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab이 {SERVER_START_TIMEOUT_S}초 안에 응답하지 않았습니다.")
            time.sleep(0.5)
        _start_kernel_session(url, token, "explorers.ipynb")
        yield {"url": url, "token": token, "root": root}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        shutil.rmtree(settings, ignore_errors=True)
