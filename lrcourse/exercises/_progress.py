"""진행 기록: 맞힌 문제를 작은 JSON 파일에 적고, 강좌 전체의 진행 상황을 보여 줍니다.

기본 위치는 ``~/.lrcourse_progress.json``이고 환경 변수 ``LRCOURSE_PROGRESS_FILE``로 바꿀 수 있습니다.
파일이 없거나 깨졌거나 쓸 수 없어도 노트북은 멈추지 않습니다(그때는 기록 없이 계속합니다).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping

PROGRESS_ENV = "LRCOURSE_PROGRESS_FILE"
DEFAULT_PROGRESS_FILE = "~/.lrcourse_progress.json"
_FORMAT_VERSION = 1

# 강좌의 문제 목록 [(번호, 제목, [문제…]), …]을 돌려주는 함수. 패키지(__init__)가 불러올 때 정해 둡니다.
# 이 모듈이 문제 모듈을 직접 불러오면, 문제 모듈(ex.progress()를 다시 내보냄)과 서로 불러오게 되기 때문입니다.
_catalog: Callable[[], list] = list


def use_catalog(catalog: Callable[[], list]) -> None:
    """:func:`progress`가 문제 목록을 얻을 함수를 정합니다."""
    global _catalog
    _catalog = catalog


def progress_file() -> Path:
    """진행 기록 파일의 경로: ``LRCOURSE_PROGRESS_FILE`` 또는 ``~/.lrcourse_progress.json``."""
    return Path(os.path.expanduser(os.environ.get(PROGRESS_ENV) or DEFAULT_PROGRESS_FILE))


def _shown_path(path: Path) -> str:
    """홈 폴더 아래의 경로는 ``~/…``로 줄여 보여 줍니다 (노트북 출력에 사용자 이름이 남지 않도록)."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def _load() -> dict[str, str]:
    """{문제 열쇠: 처음 맞힌 시각}. 파일이 없거나 깨졌으면 빈 사전을 돌려줍니다."""
    try:
        with open(progress_file(), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    solved_keys = data.get("solved") if isinstance(data, dict) else None
    if not isinstance(solved_keys, dict):
        return {}
    return {str(k): str(v) for k, v in solved_keys.items() if isinstance(k, str)}


def record(key: str) -> bool:
    """``key``를 푼 것으로 적습니다. 쓸 수 없으면 조용히 ``False``를 돌려줍니다."""
    solved_keys = _load()
    if key in solved_keys:
        return True
    solved_keys[key] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return _write(solved_keys)


def _write(solved_keys: Mapping[str, str]) -> bool:
    path = progress_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # 다른 곳에 다 쓴 뒤 바꿔치기합니다: 도중에 멈춰도 기존 파일이 반쯤 쓰인 채 남지 않습니다.
        fd, tmp = tempfile.mkstemp(prefix=".lrcourse_progress.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"version": _FORMAT_VERSION, "solved": dict(sorted(solved_keys.items()))}, f, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def solved() -> set[str]:
    """지금까지 맞힌 문제의 열쇠 집합 (예: ``{"01.q1", "02.q3"}``)."""
    return set(_load())


def reset_progress() -> None:
    """진행 기록을 지웁니다 (파일을 삭제합니다). 파일이 없으면 아무 일도 하지 않습니다."""
    try:
        progress_file().unlink()
    except OSError:
        pass


def progress() -> None:
    """강좌 전체에서 푼 문제를 보여 줍니다 (✅ 푼 문제, ⬜ 아직 풀지 않은 문제)."""
    done = _load()
    total = solved_count = 0
    lines = ["연습 문제 진행 상황"]
    for lesson, title, exercises in _catalog():
        if not exercises:
            continue
        marks = " ".join(f"{'✅' if e.key in done else '⬜'}{e.name}" for e in exercises)
        count = sum(e.key in done for e in exercises)
        total += len(exercises)
        solved_count += count
        lines.append(f"  {lesson} {title}: {marks}  ({count}/{len(exercises)})")
    lines.append(f"모두 {total}문제 가운데 {solved_count}문제를 풀었습니다.")
    lines.append(f"(기록 파일: {_shown_path(progress_file())})")
    print("\n".join(lines))
