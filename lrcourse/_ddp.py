"""torch.distributed의 프로세스 관리 (비공개 모듈). :mod:`lrcourse.large_batch`가 씁니다.

- 랭크(rank) 쪽: torchrun이 준 환경 변수(``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``)를 읽고, 백엔드를 고르고
  (CUDA가 있으면 NCCL, 없으면 gloo), 프로세스 그룹을 열고 닫습니다.
- 실행기(launcher) 쪽: ``python -m torch.distributed.run``(torchrun)을 자식 프로세스로 띄우고, 끝나거나 실패하거나
  중단되면(Ctrl-C, SIGTERM) 그 아래의 모든 프로세스를 정리합니다. torchrun은 새 세션(프로세스 그룹)에서 시작하므로
  끝난 뒤 그 그룹 전체를 한 번 더 죽여, 고아 프로세스가 남지 않습니다.
- 테스트용 고리(testing hook): 환경 변수 ``LRCOURSE_LARGE_BATCH_FAIL="랭크:스텝"``이면 그 랭크가 첫 학습의 그 스텝에서
  일부러 오류를 냅니다. ``"랭크:스텝:kill"``이면 그 랭크가 SIGKILL로 스스로 죽습니다(프로세스가 죽는 경우를 흉내).
  정리(cleanup) 테스트만 쓰는 고리이며 학습 결과에는 아무 영향이 없습니다.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import signal
import socket
import subprocess
import sys

import torch
import torch.distributed as dist

from ._checks import check_choice, fail

BACKENDS = ("auto", "gloo", "nccl")
FAIL_ENV = "LRCOURSE_LARGE_BATCH_FAIL"
# 한 랭크가 죽었을 때 다른 랭크가 기다리는 최대 시간. gloo는 상대가 죽으면 연결이 끊겨 바로 알지만,
# 끊김을 모르는 경우에도 이 시간 뒤에는 오류로 끝납니다.
COLLECTIVE_TIMEOUT = datetime.timedelta(seconds=60)
# 실행기가 중단될 때 torchrun에 SIGTERM을 보낸 뒤 SIGKILL까지 기다리는 시간(초)
TERMINATE_GRACE_SECONDS = 10.0


# ---------------------------------------------------------------------------
# 랭크 쪽
# ---------------------------------------------------------------------------


def in_torchrun() -> bool:
    """torchrun이 띄운 프로세스인지 (torchrun은 ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``를 줍니다)."""
    return all(name in os.environ for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK"))


def choose_backend(backend: str = "auto", local_world_size: int = 1) -> str:
    """``'auto'``면 이 머신의 프로세스마다 GPU가 하나씩 있을 때(GPU 수 ≥ ``local_world_size``) ``'nccl'``, 아니면 ``'gloo'``입니다."""
    backend = check_choice("backend", backend, BACKENDS)
    if backend == "auto":
        return "nccl" if torch.cuda.is_available() and torch.cuda.device_count() >= local_world_size else "gloo"
    if backend == "nccl" and not torch.cuda.is_available():
        fail("backend", backend, "'gloo' 또는 'auto' (NCCL은 CUDA GPU가 있어야 합니다)")
    return backend


@contextlib.contextmanager
def process_group(backend: str, threads: int):
    """프로세스 그룹을 열고 (rank, world_size, device)를 줍니다. 끝나면(오류가 나도) 그룹을 닫습니다.

    NCCL이면 프로세스마다 GPU 하나(``cuda:LOCAL_RANK``), gloo면 CPU이고 torch 스레드는 ``threads``개입니다.
    """
    local_rank = int(os.environ["LOCAL_RANK"])
    if backend == "nccl":
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
        torch.set_num_threads(threads)
    dist.init_process_group(backend, timeout=COLLECTIVE_TIMEOUT)
    try:
        yield dist.get_rank(), dist.get_world_size(), device
    finally:
        dist.destroy_process_group()


def planned_failure() -> tuple[int, int, bool] | None:
    """테스트용 고리 ``LRCOURSE_LARGE_BATCH_FAIL``: (랭크, 스텝, SIGKILL인지) 또는 None."""
    text = os.environ.get(FAIL_ENV, "").strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts[:2]) or parts[2:] not in ([], ["kill"]):
        fail(FAIL_ENV, text, "'랭크:스텝' 또는 '랭크:스텝:kill' (예: '1:3')")
    return int(parts[0]), int(parts[1]), parts[2:] == ["kill"]


def fail_here(rank: int, step: int, plan) -> None:
    """테스트용 고리가 이 랭크와 스텝을 가리키면 일부러 실패합니다."""
    if plan is None or plan[:2] != (rank, step):
        return
    if plan[2]:
        os.kill(os.getpid(), signal.SIGKILL)
    raise RuntimeError(f"테스트용 고리 {FAIL_ENV}: 랭크 {rank}, 스텝 {step}에서 일부러 낸 오류입니다.")


# ---------------------------------------------------------------------------
# 실행기 쪽
# ---------------------------------------------------------------------------


class LaunchError(RuntimeError):
    """분산 학습이 실패했습니다. 메시지는 실패한 랭크와 그 오류를, ``log``는 잡아 둔 출력 전체를 담습니다."""

    def __init__(self, message: str, returncode: int, log: str = ""):
        super().__init__(message)
        self.returncode = returncode
        self.log = log


def free_port() -> int:
    """지금 비어 있는 TCP 포트 하나 (랑데부(rendezvous) 주소로 씁니다)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def torchrun_command(nproc: int, module: str, args: list[str], port: int) -> list[str]:
    """이 머신 하나에서 ``nproc``개 프로세스를 띄우는 torchrun 명령 (``python -m torch.distributed.run``)."""
    return [sys.executable, "-m", "torch.distributed.run", "--nnodes", "1", "--nproc-per-node", str(nproc),
            "--rdzv-backend", "c10d", "--rdzv-endpoint", f"127.0.0.1:{port}", "--max-restarts", "0",
            "-m", module, *args]


def _stop_tree(proc: subprocess.Popen, *, force: bool) -> None:
    """torchrun과 그 아래 모든 프로세스에 끝내라고(``force``면 SIGKILL, 아니면 SIGTERM) 알립니다.

    POSIX에서는 torchrun의 세션(프로세스 그룹) 전체에 신호를 보냅니다. Windows에는 프로세스 그룹 신호가 없으므로
    ``taskkill /T``(자식까지)로 끝냅니다.
    """
    if os.name == "nt":
        if proc.poll() is None:  # 끝난 torchrun의 PID는 다른 프로세스가 다시 받았을 수 있습니다
            subprocess.run(["taskkill", "/T", *(["/F"] if force else []), "/PID", str(proc.pid)], capture_output=True)
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL if force else signal.SIGTERM)


def _rank_errors(log: str) -> list[str]:
    """잡아 둔 출력에서 랭크가 남긴 한국어 오류 줄만 고릅니다."""
    return [line.strip() for line in log.splitlines() if "[lrcourse.large_batch] 랭크" in line]


def run_torchrun(command: list[str], threads: int, env: dict | None = None) -> tuple[str, str]:
    """torchrun을 새 세션에서 띄워 끝까지 기다리고 (표준 출력, 표준 오류)를 돌려줍니다.

    실패하면 실패한 랭크의 오류를 말하는 :class:`LaunchError`를 냅니다. Ctrl-C(KeyboardInterrupt)나 SIGTERM으로
    중단되면 torchrun에 SIGTERM을 보내(torchrun이 랭크들을 멈춤) 기다리고, 그래도 남으면 SIGKILL로 끝낸 뒤 다시 올립니다.
    어느 경우든 끝에 torchrun의 프로세스 그룹 전체를 SIGKILL로 한 번 더 정리합니다.
    """
    child_env = dict(os.environ if env is None else env)
    child_env.setdefault("OMP_NUM_THREADS", str(threads))  # torchrun의 OMP_NUM_THREADS 경고도 막습니다
    if os.name == "nt":
        # Windows용 PyTorch는 libuv 없이 빌드되어 랑데부의 TCPStore가 기본값(libuv)으로는 열리지 않습니다
        # (pytorch/pytorch#139990). 새 프로세스 그룹은 Ctrl-C가 랭크에 바로 가지 않게 합니다.
        child_env.setdefault("USE_LIBUV", "0")
        separate = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        separate = {"start_new_session": True}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env,
                            **separate)
    previous = signal.getsignal(signal.SIGTERM) if _main_thread() else None
    if previous is not None:
        signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        out, err = proc.communicate()
    except BaseException:
        _stop_tree(proc, force=False)
        try:
            proc.communicate(timeout=TERMINATE_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _stop_tree(proc, force=True)
            proc.communicate()
        raise
    finally:
        _stop_tree(proc, force=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if proc.returncode != 0:
        ranks = _rank_errors(err) or ["(랭크가 남긴 오류 메시지가 없습니다: 프로세스가 신호로 죽었을 수 있습니다)"]
        raise LaunchError(
            f"분산 학습이 실패했습니다(torchrun 종료 코드 {proc.returncode}). 모든 프로세스를 정리했습니다.\n"
            + "\n".join(ranks), proc.returncode, out + err)
    return out, err


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt(f"신호 {signum}")
