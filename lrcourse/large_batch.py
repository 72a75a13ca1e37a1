"""큰 배치 데이터 병렬 학습: 선형 스케일링 규칙과 워밍업을 ``torch.distributed``로.

숫자(digits) MLP를 ``DistributedDataParallel``(DDP)로, 프로세스마다 랭크(rank) 하나씩 학습합니다. 백엔드는 이 머신의
프로세스마다 GPU가 하나씩 있으면 NCCL(프로세스마다 GPU 하나, ``cuda:LOCAL_RANK``), 없으면 gloo(CPU, 프로세스마다 torch 스레드 ``--threads``개, 기본 1)입니다.

규칙 (Goyal et al., 2017, "Accurate, Large Minibatch SGD"):

- 전역 배치 B = 프로세스 수 × ``--batch-per-proc``, 학습률 lr = base_lr × B / reference_batch (선형 스케일링 규칙).
- 점진적 워밍업(gradual warmup): 처음 W스텝 동안 학습률을 **base_lr에서** lr까지 직선으로 올리고(스텝 0에서 base_lr,
  스텝 W에서 처음으로 lr), 그 뒤 코사인 감쇠(T_max = 전체 − W)로 0까지 내립니다. W = 0이면 처음부터 lr입니다.
  곧 ``linear_warmup(cosine_annealing(lr, steps − W), W, start_factor=reference_batch / B)``입니다.
- 데이터: 스텝 k의 전역 배치는 한 프로세스 학습과 똑같이 (seed, k)만으로 정하고(:func:`lrcourse.train.fit`과 같은
  순서), 랭크 r은 그 배치의 r번째 조각을 받습니다. 그래서 DDP가 평균한 기울기는 한 프로세스가 전역 배치 전체로 낸
  기울기와 (부동소수점 반올림만큼의 차이로) 같습니다. ``--seeds``의 시드 하나가 초기 가중치와 데이터 순서를 함께 정합니다.

실행 (torchrun을 직접 띄우거나, 이 모듈이 띄우게 하거나)::

    python -m lrcourse.large_batch --nproc 2 --seeds 0 1 2 --warmup 0 50 --out runs.json
    OMP_NUM_THREADS=1 torchrun --nproc-per-node 2 -m lrcourse.large_batch --seeds 0 1 2 --warmup 0 50 --out runs.json
    # 여러 머신(머신마다, R = 0, 1):
    torchrun --nnodes 2 --node-rank R --nproc-per-node G --rdzv-backend c10d --rdzv-endpoint HOST:29500 \\
        -m lrcourse.large_batch --out runs.json

랭크 0이 실행마다 스텝별 학습률과 손실(전역 배치의 평균 학습 손실)과 마지막 검증 손실·정확도를 JSON 파일에 씁니다.
``--reference``(기본)이면 작은 배치 기준 실행(배치 reference_batch, 학습률 base_lr, 같은 에포크 수)도 랭크 0이
프로세스 하나로 돌립니다. 한 프로세스 학습은 DDP 학습과 같은 계산이므로(tests/test_large_batch.py의 같음 검사) 기준을
나누어 돌릴 까닭이 없고, 그러면 프로세스 수가 reference_batch를 나누지 않아도 됩니다.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from ._checks import check_int, check_real, fail
from ._ddp import (LaunchError, choose_backend, fail_here, free_port, in_torchrun, planned_failure, process_group,
                   run_torchrun, torchrun_command)
from ._engine import batches, cross_entropy, evaluate
from .data import load_digits
from .models import mlp
from .schedules import cosine_annealing, linear_warmup

__all__ = ["LaunchError", "scaled_lr", "large_batch_schedule", "train_replica", "early_peak", "launch", "main"]

MODULE = "lrcourse.large_batch"


def scaled_lr(base_lr: float, global_batch: int, reference_batch: int) -> float:
    """선형 스케일링 규칙: lr = base_lr × global_batch / reference_batch."""
    base_lr = check_real("base_lr", base_lr, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    global_batch = check_int("global_batch", global_batch, low=1)
    reference_batch = check_int("reference_batch", reference_batch, low=1)
    return base_lr * global_batch / reference_batch


def large_batch_schedule(base_lr: float, global_batch: int, reference_batch: int, steps: int, warmup_steps: int):
    """선형 스케일링 + 점진적 워밍업(base_lr → lr, W스텝) + 코사인 감쇠(T_max = steps − W)의 스케줄.

    스텝 0에서 base_lr(W > 0) 또는 lr(W = 0), 스텝 W에서 lr, 스텝 steps − 1에서 0에 가깝습니다.
    전역 배치가 기준보다 작으면(lr < base_lr) 워밍업은 lr에서 시작합니다(start_factor는 1을 넘지 않습니다).
    """
    lr = scaled_lr(base_lr, global_batch, reference_batch)
    steps = check_int("steps", steps, low=1)
    warmup_steps = check_int("warmup", warmup_steps, low=0, high=steps - 1,
                             allowed=f"0 이상 steps − 1 = {steps - 1} 이하의 정수")
    main = cosine_annealing(lr, steps - warmup_steps)
    if warmup_steps == 0:
        return main
    return linear_warmup(main, warmup_steps, start_factor=min(1.0, reference_batch / global_batch))


def train_replica(model, data, lrs, *, global_batch: int, seed: int, momentum: float = 0.9, rank: int = 0,
                  world_size: int = 1, device="cpu", fail_plan=None) -> dict:
    """모멘텀 SGD로 ``len(lrs)``스텝 학습합니다. ``world_size`` > 1이면 이 프로세스는 랭크 ``rank``이고 DDP로 감쌉니다.

    스텝 k의 전역 배치는 ``_engine.batches(data, global_batch, seed)``의 k번째이고, 이 랭크는 그 배치를
    world_size개로 똑같이 나눈 rank번째 조각으로 순전파·역전파합니다. DDP가 기울기를 랭크 사이에서 평균하므로
    모든 랭크의 매개변수가 같게 움직입니다. 돌려주는 ``loss``는 스텝마다 전역 배치의 평균 학습 손실(업데이트 전)입니다.
    """
    if global_batch % world_size:
        fail("batch", global_batch, f"프로세스 수 {world_size}로 나누어떨어지는 전역 배치")
    local = global_batch // world_size
    net = DistributedDataParallel(model) if world_size > 1 else model
    opt = torch.optim.SGD(model.parameters(), lr=0.0, momentum=momentum)
    take = batches(data, global_batch, seed, device)
    losses = torch.zeros(len(lrs), dtype=torch.float64, device=device)
    model.train()
    for k, lr in enumerate(lrs):
        fail_here(rank, k, fail_plan)
        x, y = take(k)
        x, y = x[rank * local:(rank + 1) * local], y[rank * local:(rank + 1) * local]
        for group in opt.param_groups:
            group["lr"] = float(lr)
        opt.zero_grad(set_to_none=True)
        loss = cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses[k] = loss.detach()
    if world_size > 1:  # 랭크의 평균 손실들의 평균 = 전역 배치의 평균 손실 (조각 크기가 같으므로). 한 번에 모읍니다.
        dist.all_reduce(losses)
        losses /= world_size
    val_loss, val_acc = evaluate(model, data)
    return {"lr": [float(v) for v in lrs], "loss": losses.cpu().tolist(), "val_loss": float(val_loss),
            "val_acc": float(val_acc)}


def early_peak(loss, window: int) -> float:
    """초기 불안정의 잣대: 스텝 0 … window − 1의 학습 손실의 최댓값 ÷ 스텝 0의 손실. NaN·무한대가 있으면 inf.

    1이면 처음 값보다 한 번도 오르지 않았고, 1보다 크면 그만큼 튀어 올랐습니다.
    """
    window = check_int("window", window, low=1)
    head = np.asarray(loss[:window], dtype=np.float64)
    if not np.all(np.isfinite(head)):
        return math.inf
    return float(head.max() / head[0])


# ---------------------------------------------------------------------------
# 명령 줄
# ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse의 오류(형이 틀린 값, 모르는 인자)도 한국어 한 줄과 종료 코드 2로 알립니다."""

    def error(self, message):
        message = message.replace("unrecognized arguments:", "모르는 인자입니다:").replace(
            "expected at least one argument", "값을 하나 이상 주세요").replace("expected one argument", "값을 하나 주세요")
        match = re.match(r"argument (\S+?)(?:/\S+)?: (.*)", message)
        if match:
            message = f"매개변수 '{match.group(1)}'의 값이 잘못되었습니다: {match.group(2)}"
        self.exit(2, f"오류: {message} (도움말: python -m {MODULE} --help)\n")


def _number(kind):
    def convert(text: str):
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r}. 허용되는 값: {'정수' if kind is int else '실수'}") from None

    convert.__name__ = kind.__name__
    return convert


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=f"python -m {MODULE}", description="큰 배치 데이터 병렬 학습 (선형 스케일링 + 워밍업)")
    p.add_argument("--nproc", type=_number(int), default=2, help="이 머신에서 띄울 프로세스 수 (torchrun 밖에서 부를 때만)")
    p.add_argument("--batch-per-proc", type=_number(int), default=128, help="프로세스 하나의 배치 (전역 배치 = 프로세스 수 × 이 값)")
    p.add_argument("--base-lr", type=_number(float), default=0.2, help="기준 배치의 학습률")
    p.add_argument("--reference-batch", type=_number(int), default=32, help="선형 스케일링 규칙의 기준 배치")
    p.add_argument("--warmup", type=_number(int), nargs="+", default=[0, 50], help="워밍업 스텝 수 (여러 개면 각각 학습)")
    p.add_argument("--epochs", type=_number(int), default=20, help="에포크 수 (큰 배치와 기준 모두)")
    p.add_argument("--seeds", type=_number(int), nargs="+", default=[0], help="시드 (초기 가중치와 데이터 순서)")
    p.add_argument("--momentum", type=_number(float), default=0.9)
    p.add_argument("--hidden", type=_number(int), default=64, help="MLP 은닉층 너비")
    p.add_argument("--reference", action=argparse.BooleanOptionalAction, default=True,
                   help="작은 배치 기준 실행도 할지 (랭크 0이 프로세스 하나로)")
    p.add_argument("--backend", default="auto", help="auto(CUDA면 nccl, 아니면 gloo), gloo, nccl")
    p.add_argument("--threads", type=_number(int), default=1, help="CPU 프로세스 하나의 torch 스레드 수")
    p.add_argument("--out", default="large_batch.json", help="랭크 0이 결과를 쓸 JSON 파일")
    p.add_argument("--save-model", default=None, help="실행마다 마지막 매개변수를 torch.save로 쓸 파일 (선택)")
    return p


def _check_args(a) -> None:
    """명령 줄 인자를 검사합니다. 오류는 매개변수 이름·값·허용 범위를 말합니다."""
    check_int("nproc", a.nproc, low=1)
    check_int("batch_per_proc", a.batch_per_proc, low=1)
    check_real("base_lr", a.base_lr, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    check_int("reference_batch", a.reference_batch, low=1)
    check_int("epochs", a.epochs, low=1)
    for w in a.warmup:
        check_int("warmup", w, low=0)
    for s in a.seeds:
        check_int("seeds", s, low=0)
    check_real("momentum", a.momentum, low=0.0, high=1.0, high_inclusive=False)
    check_int("hidden", a.hidden, low=1)
    check_int("threads", a.threads, low=1)
    choose_backend(a.backend)
    if not str(a.out).endswith(".json"):
        fail("out", a.out, ".json으로 끝나는 파일 경로")


def _num_train() -> int:
    return load_digits("cpu").num_train


def _plan(a, world: int, num_train: int) -> tuple[int, int, int]:
    """(전역 배치, 큰 배치의 스텝 수, 기준의 스텝 수). 배치가 학습 세트보다 크거나 워밍업이 너무 길면 알립니다."""
    global_batch = world * a.batch_per_proc
    if global_batch > num_train:
        fail("batch_per_proc", a.batch_per_proc, f"프로세스 수 {world} × 이 값이 학습 예제 수 {num_train} 이하")
    if a.reference_batch > num_train:
        fail("reference_batch", a.reference_batch, f"학습 예제 수 {num_train} 이하의 양의 정수")
    steps = a.epochs * (num_train // global_batch)
    for w in a.warmup:
        check_int("warmup", w, low=0, high=steps - 1, allowed=f"0 이상, 큰 배치의 스텝 수 {steps}보다 작은 정수")
    return global_batch, steps, a.epochs * (num_train // a.reference_batch)


def _worker(a) -> None:
    """torchrun이 띄운 랭크 하나: 모든 (시드, 워밍업) 조합을 같은 프로세스 그룹 안에서 차례로 학습합니다."""
    backend = choose_backend(a.backend, int(os.environ.get("LOCAL_WORLD_SIZE", "1")))
    plan = planned_failure()
    with process_group(backend, a.threads) as (rank, world, device):
        data = load_digits(device)
        global_batch, steps, ref_steps = _plan(a, world, data.num_train)
        runs, params = [], {}
        for seed in a.seeds:
            for warmup in a.warmup:
                lrs = large_batch_schedule(a.base_lr, global_batch, a.reference_batch, steps, warmup)(np.arange(steps))
                model = mlp(hidden=(a.hidden,), seed=seed).to(device)
                run = train_replica(model, data, lrs, global_batch=global_batch, seed=seed, momentum=a.momentum,
                                    rank=rank, world_size=world, device=device, fail_plan=plan)
                plan = None  # 테스트용 고리는 첫 학습에서만
                runs.append({"kind": "large", "seed": seed, "warmup": warmup, "batch": global_batch, **run})
                params[f"large_seed{seed}_warmup{warmup}"] = {k: v.cpu() for k, v in model.state_dict().items()}
            if a.reference and rank == 0:
                lrs = cosine_annealing(a.base_lr, ref_steps)(np.arange(ref_steps))
                model = mlp(hidden=(a.hidden,), seed=seed).to(device)
                run = train_replica(model, data, lrs, global_batch=a.reference_batch, seed=seed,
                                    momentum=a.momentum, device=device)
                runs.append({"kind": "reference", "seed": seed, "warmup": 0, "batch": a.reference_batch, **run})
        if rank == 0:
            settings = {k: v for k, v in vars(a).items() if k not in ("nproc", "out", "save_model")}
            result = {"world_size": world, "backend": backend, "device": str(device), "global_batch": global_batch,
                      "lr": scaled_lr(a.base_lr, global_batch, a.reference_batch), "steps": steps,
                      "reference_steps": ref_steps, "settings": settings, "runs": runs}
            Path(a.out).write_text(json.dumps(result), encoding="utf-8")
            if a.save_model:
                torch.save(params, a.save_model)
            print(f"[lrcourse.large_batch] 프로세스 {world}개({backend}), 전역 배치 {global_batch}, "
                  f"학습률 {result['lr']:g}: 학습 {len(runs)}번을 {a.out}에 썼습니다.")
        dist.barrier()  # 랭크 0이 파일을 다 쓴 뒤에 모두 함께 끝냅니다


def _forwarded(argv: list[str]) -> list[str]:
    """torchrun에 넘길 인자: ``--nproc``만 뺍니다(프로세스 수는 torchrun이 정합니다)."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--nproc":
            skip = True
        elif not arg.startswith("--nproc="):
            out.append(arg)
    return out


def launch(nproc: int = 2, *, seeds=(0,), warmup=(0, 50), batch_per_proc: int = 128, base_lr: float = 0.2,
           reference_batch: int = 32, epochs: int = 20, momentum: float = 0.9, hidden: int = 64,
           reference: bool = True, backend: str = "auto", threads: int = 1, out=None, save_model=None) -> dict:
    """이 머신에서 ``nproc``개 프로세스로 학습하고(torchrun을 자식 프로세스로) 랭크 0이 쓴 결과를 돌려줍니다.

    torchrun과 랭크들의 출력은 잡아 두고 보이지 않습니다. 실패하면 실패한 랭크의 오류를 말하는 :class:`LaunchError`를
    내고(잡은 출력 전체는 ``.log``), 어느 경우든 띄운 프로세스를 모두 정리합니다. ``out``을 주지 않으면 임시 파일을 씁니다.
    """
    nproc = check_int("nproc", nproc, low=1)
    for name, value in [("batch_per_proc", batch_per_proc), ("reference_batch", reference_batch), ("epochs", epochs),
                        ("hidden", hidden), ("threads", threads)]:
        check_int(name, value, low=1)
    for name, values in [("seeds", seeds), ("warmup", warmup)]:
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__") or not list(values):
            fail(name, values, "0 이상의 정수 하나 이상의 목록 (예: [0, 1, 2])", TypeError)
        for value in values:
            check_int(name, value, low=0)
    check_real("base_lr", base_lr, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    check_real("momentum", momentum, low=0.0, high=1.0, high_inclusive=False)
    args = ["--batch-per-proc", batch_per_proc, "--base-lr", base_lr, "--reference-batch", reference_batch,
            "--epochs", epochs, "--momentum", momentum, "--hidden", hidden, "--backend", backend,
            "--threads", threads, "--seeds", *seeds, "--warmup", *warmup,
            "--reference" if reference else "--no-reference"]
    with tempfile.TemporaryDirectory(prefix="lrcourse-large-batch-") as tmp:
        path = Path(out) if out is not None else Path(tmp) / "large_batch.json"
        args = [str(v) for v in args] + ["--out", str(path)]
        if save_model is not None:
            args += ["--save-model", str(save_model)]
        parsed = _parser().parse_args(args + ["--nproc", str(nproc)])
        _check_args(parsed)
        _plan(parsed, nproc, _num_train())
        run_torchrun(torchrun_command(nproc, MODULE, args, free_port()), threads)
        return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """명령 줄 진입점. torchrun 안이면 랭크 하나로 학습하고, 밖이면 torchrun을 띄웁니다. 종료 코드를 돌려줍니다."""
    argv = sys.argv[1:] if argv is None else list(argv)
    a = _parser().parse_args(argv)
    if in_torchrun():
        try:
            _check_args(a)
            _worker(a)
        except Exception as e:  # 실행기가 알아보는 한 줄로 남기고 0이 아닌 코드로 끝냅니다
            print(f"[{MODULE}] 랭크 {os.environ.get('RANK', '?')}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
            return 1
        return 0
    try:
        _check_args(a)
        _plan(a, a.nproc, _num_train())
        out, _ = run_torchrun(torchrun_command(a.nproc, MODULE, _forwarded(argv), free_port()), a.threads)
    except (ValueError, TypeError) as e:
        print(f"오류: {e}", file=sys.stderr)
        return 2
    except LaunchError as e:
        print(f"오류: {e}", file=sys.stderr)
        return e.returncode if e.returncode > 0 else 1
    except KeyboardInterrupt:
        print("중단되었습니다: 띄운 프로세스를 모두 정리했습니다.", file=sys.stderr)
        return 130
    print(out, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
