"""lrcourse.large_batch: 두 프로세스(gloo)의 DDP 학습이 한 프로세스 학습과 같은지, 실패·중단 뒤에 아무것도 남지 않는지.

프로세스를 띄우는 테스트는 한 번에 3–5초 걸립니다(torch를 불러오는 프로세스 세 개: torchrun과 랭크 둘).
그래서 학습은 몇 스텝으로 짧게 합니다.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from lrcourse import large_batch, models
from lrcourse._ddp import FAIL_ENV, free_port
from lrcourse.data import load_digits

REPO = Path(__file__).resolve().parents[1]
# 같음 검사: 전역 배치 64 = 2 × 32, 1에포크 = ⌊1438/64⌋ = 22스텝, 워밍업 5스텝. 몇 스텝이면 충분합니다:
# 조각을 잘못 나누면(두 랭크가 같은 절반을 쓰면) 첫 스텝부터 매개변수가 1e-3 넘게 어긋납니다.
SMALL = dict(seeds=[3], warmup=[5], batch_per_proc=32, epochs=1, reference=False)
# 허용 오차: DDP는 두 절반의 평균 기울기를, 한 프로세스는 전역 배치 전체의 기울기를 씁니다. 수학적으로 같고
# 더하는 순서만 달라서, float32에서 스텝마다 몇 ulp(1.2e-7 × 값의 크기 ≤ 1)씩 달라집니다. 22스텝 뒤 잰 차이는
# 1.2e-7 이하였고, 그 100배 가까운 여유로 rtol = atol = 1e-5를 둡니다.
RTOL = ATOL = 1e-5


def _env(**extra) -> dict:
    """자식 프로세스의 환경: 이 저장소의 lrcourse를 먼저 찾고, 테스트용 고리는 ``extra``로 준 것만."""
    env = {k: v for k, v in os.environ.items() if k != FAIL_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    return {**env, **extra}


def _processes_with(marker: str) -> list[int]:
    """명령 줄에 ``marker``(테스트의 임시 폴더)가 든 살아 있는 프로세스 (psutil이 있으면 그것으로, 없으면 /proc)."""
    try:
        import psutil
    except ImportError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
                    state = (entry / "stat").read_text().split(") ")[-1][:1]
                except OSError:
                    continue
                if marker in cmd and state != "Z":
                    found.append(int(entry.name))
        return found
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        try:
            if marker in " ".join(p.info["cmdline"] or []) and p.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(p.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _port_is_free(port: int) -> bool:
    """아무도 이 포트에서 듣고(LISTEN) 있지 않으면 True: 새 소켓이 그 포트에서 들을 수 있습니다."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(1)
        except OSError:
            return False
    return True


def _wait_gone(marker: str, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


@pytest.fixture
def fixed_port(monkeypatch):
    """실행기가 쓸 랑데부 포트를 미리 정해 둡니다(끝난 뒤 그 포트가 비었는지 보려고)."""
    port = free_port()
    monkeypatch.setattr(large_batch, "free_port", lambda: port)
    return port


# ---------------------------------------------------------------------------
# 스케줄: 선형 스케일링과 점진적 워밍업
# ---------------------------------------------------------------------------


def test_linear_scaling_rule_and_gradual_warmup():
    # 배치 256 = 기준 32의 8배 → 학습률 0.2의 8배. 워밍업은 base_lr(0.2)에서 시작해 스텝 W에서 1.6에 닿습니다.
    assert large_batch.scaled_lr(0.2, 256, 32) == pytest.approx(1.6)
    lrs = large_batch.large_batch_schedule(0.2, 256, 32, steps=100, warmup_steps=50)(np.arange(100))
    assert lrs[0] == pytest.approx(0.2) and lrs[50] == pytest.approx(1.6)
    assert lrs[25] == pytest.approx(0.2 + (1.6 - 0.2) / 2)  # 직선으로 반쯤
    assert np.all(np.diff(lrs[:51]) > 0) and np.all(np.diff(lrs[50:]) < 0)
    # 코사인은 스텝 50을 자기 스텝 0으로, T_max = 100 − 50: 마지막 스텝 99는 코사인의 스텝 49/50
    assert lrs[-1] == pytest.approx(1.6 * (1 + np.cos(np.pi * 49 / 50)) / 2)
    no_warmup = large_batch.large_batch_schedule(0.2, 256, 32, steps=100, warmup_steps=0)(np.arange(100))
    assert no_warmup[0] == pytest.approx(1.6)


def test_early_peak_measure():
    assert large_batch.early_peak([2.0, 1.9, 1.5, 3.0], 3) == pytest.approx(1.0)  # 창 밖(스텝 3)은 보지 않습니다
    assert large_batch.early_peak([2.0, 5.0, 1.0], 3) == pytest.approx(2.5)
    assert large_batch.early_peak([2.0, float("nan"), 1.0], 3) == float("inf")


# ---------------------------------------------------------------------------
# 같음: 2 프로세스 gloo == 1 프로세스, 같은 전역 배치
# ---------------------------------------------------------------------------


def test_two_processes_match_one_process(tmp_path, fixed_port):
    saved = tmp_path / "params.pt"
    result = large_batch.launch(2, backend="gloo", out=tmp_path / "runs.json", save_model=saved, **SMALL)
    assert result["world_size"] == 2 and result["backend"] == "gloo" and result["global_batch"] == 64
    run = result["runs"][0]
    steps = result["steps"]
    assert steps == 22 and len(run["lr"]) == len(run["loss"]) == steps

    torch.set_num_threads(1)
    lrs = large_batch.large_batch_schedule(0.2, 64, 32, steps, 5)(np.arange(steps))
    model = models.mlp(seed=3)
    single = large_batch.train_replica(model, load_digits("cpu"), lrs, global_batch=64, seed=3)
    # 학습률: 모든 스텝에서 정확히 같습니다 (같은 함수가 같은 스텝에서 계산)
    assert run["lr"] == single["lr"]
    # 매개변수: 부동소수점 반올림만큼만 다릅니다
    ddp_params = torch.load(saved)["large_seed3_warmup5"]
    for name, value in model.state_dict().items():
        torch.testing.assert_close(ddp_params[name], value, rtol=RTOL, atol=ATOL, msg=lambda m: f"{name}: {m}")
    # 학습 손실(전역 배치 평균)도 같습니다
    np.testing.assert_allclose(run["loss"], single["loss"], rtol=RTOL, atol=ATOL)
    assert _port_is_free(fixed_port)


# ---------------------------------------------------------------------------
# 정리: 실패하거나 중단되어도 프로세스와 포트가 남지 않고, 바로 다시 돌릴 수 있습니다
# ---------------------------------------------------------------------------


def test_failed_rank_is_cleaned_up_and_next_run_works(tmp_path, fixed_port, monkeypatch):
    monkeypatch.setenv(FAIL_ENV, "1:3")  # 테스트용 고리: 랭크 1이 스텝 3에서 오류를 냅니다
    with pytest.raises(large_batch.LaunchError) as info:
        large_batch.launch(2, backend="gloo", out=tmp_path / "runs.json", **SMALL)
    message = str(info.value)
    assert "분산 학습이 실패했습니다" in message and "정리했습니다" in message
    assert "랭크 1" in message and "스텝 3" in message  # 어느 랭크가 왜 실패했는지
    assert info.value.returncode != 0
    assert _wait_gone(str(tmp_path)) == []
    assert _port_is_free(fixed_port)
    assert not (tmp_path / "runs.json").exists()

    monkeypatch.delenv(FAIL_ENV)
    result = large_batch.launch(2, backend="gloo", out=tmp_path / "again.json", **SMALL)
    assert len(result["runs"]) == 1 and np.isfinite(result["runs"][0]["val_loss"])


def test_killed_rank_from_command_line(tmp_path):
    # 랭크 1이 SIGKILL로 죽습니다: 남긴 말이 없어도 실행기는 한국어 오류와 0이 아닌 종료 코드로 끝납니다.
    out = tmp_path / "runs.json"
    proc = subprocess.run([sys.executable, "-m", "lrcourse.large_batch", "--nproc", "2", "--backend", "gloo",
                           "--seeds", "0", "--warmup", "5", "--batch-per-proc", "32", "--epochs", "1",
                           "--no-reference", "--out", str(out)],
                          capture_output=True, text=True, env=_env(**{FAIL_ENV: "1:2:kill"}), timeout=120)
    assert proc.returncode != 0
    assert "오류: 분산 학습이 실패했습니다" in proc.stderr
    assert _wait_gone(str(tmp_path)) == []
    assert not out.exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_interrupted_launcher_cleans_up_ranks(tmp_path, sig):
    # 오래 도는 학습(4000에포크)을 띄우고, 랭크들이 뜬 뒤 실행기에 신호를 보냅니다.
    launcher = subprocess.Popen([sys.executable, "-m", "lrcourse.large_batch", "--nproc", "2", "--backend", "gloo",
                                 "--epochs", "4000", "--no-reference", "--out", str(tmp_path / "runs.json")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        deadline = time.monotonic() + 60
        while len(_processes_with(str(tmp_path))) < 4 and time.monotonic() < deadline:  # 실행기, torchrun, 랭크 둘
            time.sleep(0.2)
        assert len(_processes_with(str(tmp_path))) >= 4
        time.sleep(1.0)  # 랭크들이 학습을 시작하도록
        launcher.send_signal(sig)
        _, err = launcher.communicate(timeout=60)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 130 and "중단되었습니다" in err
    assert _wait_gone(str(tmp_path)) == []


# ---------------------------------------------------------------------------
# 잘못된 입력
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, name", [
    (dict(nproc=0), "nproc"),
    (dict(batch_per_proc=1000), "batch_per_proc"),  # 2 × 1000 > 학습 예제 1438
    (dict(warmup=[0, 100]), "warmup"),  # 기본 20에포크 × 5스텝 = 100스텝: 워밍업은 99 이하
    (dict(base_lr=-0.1), "base_lr"),
    (dict(backend="mpi"), "backend"),
    (dict(seeds=[-1]), "seeds"),
    (dict(seeds=3), "seeds"),  # 목록이어야 합니다
    (dict(batch_per_proc="128"), "batch_per_proc"),
])
def test_bad_input_names_the_parameter(kwargs, name, tmp_path):
    nproc = kwargs.pop("nproc", 2)
    with pytest.raises((ValueError, TypeError)) as info:
        large_batch.launch(nproc, out=tmp_path / "runs.json", **kwargs)
    assert f"'{name}'" in str(info.value) and "허용되는 값" in str(info.value)
    assert _processes_with(str(tmp_path)) == []  # 프로세스를 띄우기 전에 알립니다


@pytest.mark.parametrize("args, name", [
    (["--epochs", "0"], "'epochs'"),  # 범위 밖: lrcourse._checks의 메시지
    (["--epochs", "abc"], "'--epochs'"),  # 정수가 아님: argparse의 오류도 한국어로
    (["--warmup", "0", "100"], "'warmup'"),  # 20에포크 × 5스텝 = 100스텝
])
def test_bad_input_from_command_line(args, name):
    proc = subprocess.run([sys.executable, "-m", "lrcourse.large_batch", "--nproc", "2", *args],
                          capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("오류: 매개변수 " + name), proc.stderr
