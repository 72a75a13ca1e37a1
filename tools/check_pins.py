"""이 파이썬 환경에 설치된 패키지가 핀 파일(``이름==버전``)의 버전 그대로인지 확인합니다. 하나라도 다르면 실패합니다.

사용법::

    .venv-colab/bin/python tools/check_pins.py tools/colab-pins.txt

``make test-colab``이 Colab의 버전을 설치하고 이 패키지를 설치한 뒤 부릅니다: lrcourse를 설치해도 Colab의
패키지가 하나도 바뀌지 않는다는 것을 이것으로 확인합니다. 버전은 설치된 배포판의 메타데이터(``pip freeze``가
읽는 것과 같은 것)에서 읽습니다.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)")


def normalize(name: str) -> str:
    """PyPI 이름 정규화 (PEP 503): 대소문자, ``-``·``_``·``.``을 가리지 않습니다."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(text: str) -> dict[str, str]:
    """핀 파일의 글 → {정규화한 이름: 버전}. 빈 줄과 ``#`` 뒤는 건너뜁니다. ``이름==버전``이 아닌 줄은 오류입니다."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.fullmatch(line)
        if match is None:
            raise ValueError(f"{number}번째 줄이 '이름==버전'이 아닙니다: {raw!r}")
        name = normalize(match.group(1))
        if name in pins:
            raise ValueError(f"{number}번째 줄: {match.group(1)}이(가) 두 번 있습니다")
        pins[name] = match.group(2)
    return pins


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def differences(pins: dict[str, str], installed=installed_version) -> list[str]:
    """핀과 다른 것마다 한 줄 (없으면 빈 목록)."""
    lines = []
    for name, wanted in sorted(pins.items()):
        found = installed(name)
        if found is None:
            lines.append(f"{name}: {wanted}이어야 하는데 설치되어 있지 않습니다")
        elif found != wanted:
            lines.append(f"{name}: {wanted}이어야 하는데 {found}입니다")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("사용법: python tools/check_pins.py 핀_파일", file=sys.stderr)
        return 2
    path = Path(argv[0])
    pins = read_pins(path.read_text(encoding="utf-8"))
    lines = differences(pins)
    if lines:
        print(f"{path}의 버전과 다른 패키지가 {len(lines)}개 있습니다:", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"{path}의 {len(pins)}개 패키지가 모두 핀 그대로입니다.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
