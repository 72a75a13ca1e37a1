"""레슨 시간 벤치마크: 강사용 노트북 하나하나를 ``make test``와 같은 nbval(엄격 모드)로 돌린 벽시계 시간.

- 노트북마다 새 pytest 프로세스 하나(커널 시작과 종료 포함)를 띄워 잽니다. ``make test``가 그 노트북에 쓰는 시간과
  같은 것입니다. 진행 기록은 임시 파일에 씁니다(학습자의 기록과 섞이지 않게).
- 목표: 노트북마다 90초 이하, 강좌 전체(00부터 마지막 레슨까지) 6분 이하. 못 맞추면 종료 코드 1.
- 다른 작업과 CPU를 나눠 쓰면 시간이 늘어납니다. 재는 동안의 부하 평균을 함께 적습니다.

사용법: ``python benchmarks/bench_notebooks.py [05 08 …]`` (번호를 주면 그 레슨만, 전체 목표는 보지 않음).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_NOTEBOOK_S = 90.0
COURSE_S = 360.0


def time_notebook(path: Path, progress_file: Path) -> tuple[float, int]:
    """(벽시계 초, pytest 종료 코드)."""
    env = dict(os.environ, LRCOURSE_PROGRESS="0", LRCOURSE_PROGRESS_FILE=str(progress_file))
    command = [sys.executable, "-m", "pytest", str(path), "--nbval", "--nbval-sanitize-with",
               str(ROOT / "tests" / "nbval_sanitize.cfg"), "--nbval-current-env", "-q", "-p", "no:cacheprovider"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, result.returncode


def main(argv: list[str]) -> int:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    chosen = [nb for nb in notebooks if not argv or nb.name[:2] in argv]
    failed = []
    total = 0.0
    print(f"{'레슨':<28} {'시간(초)':>8}  목표 {PER_NOTEBOOK_S:.0f}초")
    with tempfile.TemporaryDirectory() as tmp:
        for nb in chosen:
            seconds, code = time_notebook(nb, Path(tmp) / "progress.json")
            total += seconds
            mark = "" if seconds <= PER_NOTEBOOK_S else "  ← 목표 넘음"
            if code != 0:
                mark += "  ← nbval 실패"
                failed.append(nb.name)
            elif seconds > PER_NOTEBOOK_S:
                failed.append(nb.name)
            print(f"{nb.name:<28} {seconds:8.1f}{mark}", flush=True)
    print(f"{'합계':<28} {total:8.1f}  ({total / 60:.2f}분)")
    if not argv:
        print(f"강좌 전체 목표 {COURSE_S / 60:.0f}분: " + ("맞춤" if total <= COURSE_S else "넘음"))
        if total > COURSE_S:
            failed.append("강좌 전체")
    print(f"부하 평균(1분): {os.getloadavg()[0]:.1f}, CPU 코어 {os.cpu_count()}개")
    if failed:
        print("목표를 맞추지 못함: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
