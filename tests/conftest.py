"""CI에서는 건너뛴 테스트를 실패로 셉니다.

환경 변수 ``CI``가 비어 있지 않으면, 건너뛴 테스트(``pytest.skip``, ``skipif``, ``importorskip``, 모듈 전체를
건너뛴 수집)를 실패로 바꿉니다. 필요한 것이 빠진 머신에서 CI가 검사 없이 초록으로 끝나지 않게 하려는
것입니다. CI에서 건너뛰어도 되는 테스트(예: GPU가 있어야 하는 테스트)에는 까닭과 함께
``@pytest.mark.ci_may_skip("까닭")``을 붙입니다. CI 밖에서는 건너뛰기가 그대로 건너뛰기입니다.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail_skip(report, where: str) -> None:
    report.outcome = "failed"
    report.longrepr = f"CI에서는 건너뛸 수 없습니다: {where} ({_skip_reason(report)})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (in_ci() and report.skipped and not hasattr(report, "wasxfail")
            and item.get_closest_marker("ci_may_skip") is None):
        _fail_skip(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped:
        _fail_skip(report, f"{collector.nodeid} 수집")
