"""레슨마다 커널이 쓰는 메모리의 최대치(최대 RSS)를 잽니다.

사용법::

    python tools/measure_memory.py                 # notebooks/의 강사용 노트북 전부
    python tools/measure_memory.py 01 05           # 번호(또는 파일 이름 일부)로 고르기
    python tools/measure_memory.py --student-dir student   # 학생용 판을 잴 때

노트북마다 새 커널을 띄워(nbclient) 모든 코드 셀을 위에서 아래로 실행하고, 커널을 끄기 직전에 커널
프로세스의 ``/proc/<pid>/status``에서 ``VmHWM``(그 프로세스가 지금까지 차지한 실제 메모리의 최대치)을
읽습니다. 커널이 띄운 자식 프로세스(Optuna 병렬 실행, torchrun 등)는 ``VmHWM``에 들어가지 않으므로,
psutil로 0.2초마다 커널과 모든 자식의 RSS 합을 재어 그 최대치도 함께 적습니다. 이 값은 표본이라
짧은 순간의 최대치를 놓칠 수 있습니다.

커널은 노트북을 만들 때(tools/build_notebooks.py)와 같은 조건에서 돕니다: 진행 막대를 끄고
(``LRCOURSE_PROGRESS=0``), 빈 임시 홈 폴더(학습자의 진행 기록을 건드리지 않음), ``PYTHONHASHSEED=0``.
Linux에서만 돕니다(``/proc``). ``make setup``의 환경(``.[lab,test]``)이면 됩니다: psutil은 ipykernel의,
nbclient는 nbconvert의 의존성입니다.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def vm_hwm_bytes(pid: int) -> int:
    """``/proc/<pid>/status``의 ``VmHWM``(최대 RSS)을 바이트로 돌려줍니다."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            if unit != "kB":
                raise ValueError(f"VmHWM의 단위가 kB가 아닙니다: {line!r}")
            return int(value) * 1024
    raise ValueError(f"/proc/{pid}/status에 VmHWM이 없습니다")


class TreeSampler(threading.Thread):
    """프로세스와 그 모든 자식의 RSS 합을 ``interval``초마다 재어 최대치를 기억합니다."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.max_children = 0
        self._done = threading.Event()

    def sample(self) -> None:
        try:
            children = self.process.children(recursive=True)
            total = self.process.memory_info().rss
        except psutil.Error:
            return
        for child in children:
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)
        self.max_children = max(self.max_children, len(children))

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval)

    def stop(self) -> None:
        self.sample()
        self._done.set()
        self.join()


def measure(path: Path, *, timeout: int = 900) -> dict:
    """노트북 하나를 새 커널에서 실행하고 최대 메모리와 걸린 시간을 돌려줍니다."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    saved = {k: os.environ.get(k) for k in ("HOME", "MPLCONFIGDIR", "LRCOURSE_PROGRESS", "LRCOURSE_PROGRESS_FILE", "PYTHONHASHSEED")}
    import matplotlib

    mpl_config = matplotlib.get_configdir()  # 빈 홈에서 글꼴 캐시를 다시 만들지 않도록 원래 것을 씁니다
    with tempfile.TemporaryDirectory(prefix="lrcourse-mem-") as tmp:
        os.environ.update(HOME=tmp, MPLCONFIGDIR=mpl_config, LRCOURSE_PROGRESS="0", PYTHONHASHSEED="0")
        os.environ.pop("LRCOURSE_PROGRESS_FILE", None)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        try:
            with client.setup_kernel():
                pid = client.km.provisioner.pid
                start_rss = psutil.Process(pid).memory_info().rss
                sampler = TreeSampler(pid)
                sampler.start()
                start = time.perf_counter()
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                elapsed = time.perf_counter() - start
                sampler.stop()
                hwm = vm_hwm_bytes(pid)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return {
        "notebook": path.name,
        "start_mib": start_rss / MIB,
        "kernel_peak_mib": hwm / MIB,
        "tree_peak_mib": max(sampler.peak, hwm) / MIB,
        "max_children": sampler.max_children,
        "seconds": elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="레슨 노트북마다 커널의 최대 메모리를 잽니다.")
    parser.add_argument("select", nargs="*", help="번호나 파일 이름 일부 (없으면 모두)")
    parser.add_argument("--notebook-dir", default=str(ROOT / "notebooks"), help="노트북 폴더 (기본: notebooks/)")
    args = parser.parse_args(argv)

    if not Path("/proc/self/status").exists():
        parser.error("이 도구는 /proc이 있는 Linux에서만 돕니다")
    paths = sorted(Path(args.notebook_dir).glob("[0-9][0-9]_*.ipynb"))
    if args.select:
        paths = [p for p in paths if any(p.name.startswith(s) or s in p.name for s in args.select)]
    if not paths:
        parser.error(f"고른 노트북이 없습니다: {args.select} ({args.notebook_dir})")

    print(f"python {sys.version.split()[0]}, CPU {os.cpu_count()}개, 노트북 폴더 {args.notebook_dir}", flush=True)
    print("| 노트북 | 시작 직후 (MiB) | 커널 최대 RSS (MiB) | 커널+자식 최대 (MiB) | 자식 수 | 실행 시간 (초) |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in paths:
        row = measure(path)
        print(
            f"| {row['notebook']} | {row['start_mib']:.0f} | {row['kernel_peak_mib']:.0f} | {row['tree_peak_mib']:.0f} "
            f"| {row['max_children']} | {row['seconds']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
