"""CI(환경 변수 CI)에서는 건너뛰기가 실패가 되는지: tests/conftest.py의 훅과 브라우저 테스트의 ``missing``."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SAMPLE_TESTS = '''
import pytest

def test_skips():
    pytest.skip("필요한 것이 없음")

@pytest.mark.skipif(True, reason="조건부")
def test_skipif():
    pass

@pytest.mark.ci_may_skip("GPU가 있어야 함")
def test_allowed():
    pytest.skip("GPU 없음")

@pytest.mark.xfail(reason="알려진 실패")
def test_xfail():
    assert False

def test_passes():
    pass
'''


def _run_sample(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(SAMPLE_TESTS, encoding="utf-8")
    (tmp_path / "test_skipped_module.py").write_text(
        'import pytest\npytest.importorskip("no_such_module_lrcourse")\n', encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    ci_may_skip(reason): CI에서도 건너뛰어도 됨\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    # --continue-on-collection-errors: 모듈 수집 실패 뒤에도 나머지 테스트의 결과를 봅니다
    cmd = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-p", "no:nbval",
           "-p", "no:hypothesispytest", "--continue-on-collection-errors", str(tmp_path)]
    return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_outside_ci_skips_stay_skips(tmp_path):
    result = _run_sample(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 4 skipped, 1 xfailed" in result.stdout, result.stdout


def test_in_ci_every_skip_fails_except_ci_may_skip(tmp_path):
    result = _run_sample(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    out = result.stdout
    failed = [line for line in out.splitlines() if line.startswith(("FAILED", "ERROR"))]
    # 본문의 skip은 실패, skipif는 준비 단계 오류, 모듈 통째 건너뛰기는 수집 오류로 나옵니다
    for name, reason in [("test_sample.py::test_skips", "필요한 것이 없음"), ("test_sample.py::test_skipif", "조건부"),
                         ("test_skipped_module.py", "no_such_module_lrcourse")]:
        assert any(name in line for line in failed), out
        assert f"CI에서는 건너뛸 수 없습니다: {name}" in out and reason in out, out
    assert len(failed) == 3, out
    assert "SKIPPED" in out and "GPU 없음" in out  # ci_may_skip은 CI에서도 건너뛰기
    assert "1 passed, 1 skipped, 1 xfailed" in out  # 예상한 실패(xfail)는 건너뛰기가 아닙니다


def test_empty_ci_variable_is_not_ci(monkeypatch):
    spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("CI", "")
    assert not module.in_ci()
    monkeypatch.setenv("CI", "true")
    assert module.in_ci()


def _browser_conftest():
    spec = importlib.util.spec_from_file_location("browser_conftest", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_browser_requirement_fails_in_ci_and_skips_outside(monkeypatch):
    conftest = _browser_conftest()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI에서는 브라우저 테스트를 건너뛸 수 없습니다: Chromium"):
        conftest.missing("Chromium이 없습니다")
    with pytest.raises(pytest.fail.Exception, match="글꼴"):
        conftest.missing("한글 글꼴이 없습니다", essential=False)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="Chromium"):
        conftest.missing("Chromium이 없습니다")
    with pytest.warns(UserWarning, match="글꼴"):
        conftest.missing("한글 글꼴이 없습니다", essential=False)
