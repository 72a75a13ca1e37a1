"""pyproject.toml의 하한을 ``이름==하한`` 목록으로 바꿔 출력합니다 (``make test-min``이 씁니다).

사용법::

    python tools/min_requirements.py > requirements-min.txt

출력에 들어가는 것은 라이브러리의 의존성(torch 빼고)과, 라이브러리 테스트가 import하는 테스트 도구
(``MIN_TEST_TOOLS``), 그리고 하한 무렵의 간접 의존성(``FLOOR_ERA``)입니다. torch는 빠집니다: 이 저장소의 CI 머신에서 설치할 수 있는 CPU 빌드는
하나뿐이라 ``make test-min``은 그 빌드(``TORCH_SPEC``)를 씁니다. torch 하한의 근거는 docs/versions.md에 있습니다.
노트북 실행·브라우저용 도구(jupyterlab, ipykernel, nbval, nbconvert, playwright)는 라이브러리 테스트에
필요하지 않아 빠집니다.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# 라이브러리 테스트(tests/, 브라우저 테스트 제외)가 import하는 테스트 도구
MIN_TEST_TOOLS = ("pytest", "hypothesis", "nbformat", "jupytext", "pyyaml")
NOT_PINNED = ("torch",)
# 하한 버전이 나온 무렵의 간접 의존성. 하한 패키지와 함께 오늘의 최신판을 깔면, 하한 패키지가 아니라 그 최신판의
# 폐지 예정 경고를 시험하게 됩니다: pyparsing 3.3은 matplotlib 3.7–3.10.6이 쓰는 이름(parseString 등)을,
# ipykernel 6.18 이후는 ipywidgets 7.x와 8.0.0–8.0.4가 쓰는 ipykernel.comm.Comm을 폐지 예정으로 돌렸습니다.
# ipykernel 6.17.1은 Colab이 쓰는 판이기도 합니다.
FLOOR_ERA = ("pyparsing==3.1.1", "ipykernel==6.17.1")

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*$")


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def floor_pins(pyproject_text: str) -> list[str]:
    """의존성과 ``MIN_TEST_TOOLS``를 ``이름==하한``으로. 하한(>=)만 있는 항목이어야 합니다."""
    project = tomllib.loads(pyproject_text)["project"]
    items = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        items += [item for item in group if _normalize(re.split(r"[<>=!~ \[;]", item, maxsplit=1)[0]) in MIN_TEST_TOOLS]
    pins = []
    for item in items:
        match = _REQUIREMENT.match(item)
        if match is None:
            raise ValueError(f"하한 하나(이름>=버전)만 있는 요구 사항이 아닙니다: {item!r}")
        name, floor = match.groups()
        if _normalize(name) not in NOT_PINNED:
            pins.append(f"{name}=={floor}")
    return pins + list(FLOOR_ERA)


def main() -> int:
    print("\n".join(floor_pins((ROOT / "pyproject.toml").read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
