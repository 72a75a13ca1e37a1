"""빠른 학습 엔진: 스케줄이 실제 학습에 무엇을 하는지 몇 초 만에 봅니다.

- :func:`fit`: 모델 하나를 스케줄 하나로 학습하고 :class:`~lrcourse.history.History`를 돌려줍니다.
- :func:`compare`: 같은 초기화에서 여러 스케줄로 학습해 ``{이름: History}``를 돌려줍니다.
- :func:`save_checkpoint` / :func:`load_checkpoint`: 중간에 멈췄다가 똑같이 이어 학습하기 (:mod:`lrcourse.checkpoint`).
- :func:`epochs_to_steps`, :func:`steps_per_epoch`: 에포크 수 → 스텝 수.
- :func:`gradient_descent`: 최소제곱 문제 위의 경사 하강법 (:mod:`lrcourse.quadratic`; 여기서도 불러 쓸 수 있습니다).

규칙:

1. 스케줄은 옵티마이저 스텝마다 한 번 나아갑니다. 스텝 k(0부터)의 업데이트는 학습률 ``schedule(k)``를 씁니다.
   에포크 단위 스케줄은 :func:`lrcourse.schedules.by_epoch`로 바꿔 주세요.
2. 데이터 순서는 (seed, 스텝)만의 함수입니다. 그래서 중간에서 재개해도, CPU든 GPU든 같은 배치가 나옵니다.
3. 손실이 NaN/무한대가 되거나 ``loss_bound``를 넘으면 발산으로 보고 깔끔하게 멈춥니다(예외·경고 없음).
   ``History.diverged``와 ``History.diverged_step``에 기록됩니다.
4. CPU에서는 같은 시드면 결과가 비트 단위로 같습니다.
"""

from __future__ import annotations

import copy
import time

import numpy as np
import torch

from ._checks import fail
from ._engine import (
    OPTIMIZERS,
    LossLog,
    ProgressBar,
    batches,
    cross_entropy,
    epochs_to_steps,
    evaluate,
    lr_sequence,
    make_config,
    make_optimizer,
    progress_enabled,
    steps_per_epoch,
    torch_threads,
)
from .batched import fit_batched
from .checkpoint import check_resume, load_checkpoint, make_checkpoint, save_checkpoint
from .data import Dataset, to_device
from .history import History
from .quadratic import GDResult, gradient_descent

__all__ = [
    "History",
    "GDResult",
    "fit",
    "compare",
    "gradient_descent",
    "epochs_to_steps",
    "steps_per_epoch",
    "save_checkpoint",
    "load_checkpoint",
    "progress_enabled",
]


def fit(
    model: torch.nn.Module,
    data: Dataset,
    optimizer: str = "sgd",
    schedule=0.1,
    *,
    steps: int | None = None,
    epochs: int | None = None,
    batch_size: int = 64,
    seed: int = 0,
    device="auto",
    progress: bool | None = None,
    momentum: float = 0.0,
    betas=(0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float | None = None,
    grad_clip: float | None = None,
    eval_every: int | None = None,
    loss_bound: float | None = None,
    checkpoint_at: int | None = None,
    resume=None,
    name: str = "",
    num_threads: int | None = None,
) -> History:
    """모델을 학습하고 :class:`History`를 돌려줍니다. 모델은 제자리에서 학습되고 ``device``로 옮겨집니다.

    Args:
        model: ``model(x)``가 로짓을 돌려주는 모듈 (:mod:`lrcourse.models`).
        data: :mod:`lrcourse.data`의 과제 (:class:`~lrcourse.data.Dataset`).
        optimizer: ``'sgd'``, ``'adam'``, ``'adamw'`` (PyTorch와 같은 기본값; SGD는 ``momentum``).
        schedule: 스텝 → 학습률 스케줄 또는 상수 학습률. 스텝 k의 업데이트는 ``schedule(k)``를 씁니다.
        steps, epochs: 전체 스텝 수, 또는 에포크 수(고정 세트 과제만). 둘 중 하나만 주세요.
        batch_size: 배치 크기. 에포크의 마지막 모자란 배치는 버립니다.
        seed: 데이터 순서를 정합니다. 모델 초기화는 모델을 만들 때의 ``seed``가 정합니다.
        device: ``'auto'``(CUDA가 있으면 CUDA), ``'cpu'``, ``'cuda'``.
        progress: 진행 막대. None이면 2초보다 오래 걸릴 것 같을 때만 (``LRCOURSE_PROGRESS=0``이면 절대 안 보임).
        grad_clip: 주면 기울기 노름을 이 값으로 자릅니다.
        eval_every: 검증 주기(스텝). 기본은 고정 세트면 에포크마다, 스트림이면 전체의 1/20마다.
        loss_bound: 학습 손실이 이 값을 넘으면 발산으로 봅니다. 기본은 10·ln(클래스 수).
        checkpoint_at: 주면 이 스텝까지 학습하고 멈춘 뒤, 재개용 상태를 ``History.checkpoint``에 담습니다.
        resume: ``History.checkpoint`` 또는 :func:`save_checkpoint`로 저장한 파일. 새로 만든 모델에 불러와
            저장한 스텝부터 이어 학습합니다. 학습률과 손실이 끊지 않은 학습과 똑같이 이어집니다(CPU).
            설정(``schedule``, ``optimizer``와 그 하이퍼파라미터 ``momentum``/``betas``/``eps``/``weight_decay``,
            ``grad_clip``, ``seed``, ``batch_size``, 과제, 전체 스텝 수)이 저장할 때와 하나라도 다르면 그 매개변수와
            두 값을 말하는 ``ValueError``로 거절합니다. 읽을 수 없거나 저장한 뒤 내용이 바뀐 체크포인트도 거절합니다
            (:mod:`lrcourse.checkpoint`).
        name: History의 이름.
        num_threads: CPU에서 쓸 스레드 수(학습하는 동안만; 끝나면 되돌립니다). None이면 지금 설정 그대로입니다.
            작은 모델은 스레드를 나눌 일이 적어 1–2개가 가장 빠른 경우가 많습니다(benchmarks/README.md).

    Returns:
        :class:`History`. 발산하면 그 스텝까지 기록하고 ``diverged=True``로 멈춥니다(예외 없음).
    """
    if not isinstance(model, torch.nn.Module):
        fail("model", type(model).__name__, "torch.nn.Module (예: lrcourse.models.mlp())", TypeError)
    config = make_config(data, [schedule], optimizer=optimizer, steps=steps, epochs=epochs, batch_size=batch_size,
                         seed=seed, device=device, progress=progress, momentum=momentum, betas=betas, eps=eps,
                         weight_decay=weight_decay, grad_clip=grad_clip, eval_every=eval_every, loss_bound=loss_bound,
                         checkpoint_at=checkpoint_at, num_threads=num_threads)
    data = to_device(data, config.device)
    model.to(config.device)
    model.train()
    with torch_threads(config.num_threads, config.device):
        return _train(model, data, config, resume, name)


def _settings(config, data: Dataset) -> dict:
    """재개할 때 체크포인트와 같아야 하는 설정. 하나라도 다르면 끊지 않은 학습과 똑같이 이어지지 않습니다."""
    opt = config.optimizer
    return {"optimizer": opt.name, "schedule": repr(config.schedules[0]), "seed": config.seed,
            "batch_size": config.batch_size, "data": data.name, "steps": config.steps,
            **opt.hyperparameters(), "grad_clip": config.grad_clip}


def _train(model, data: Dataset, config, resume, name: str) -> History:
    """학습 루프. 스텝마다: 학습률 → 배치 → 손실(발산 검사) → 역전파 → 옵티마이저 스텝 → (가끔) 검증."""
    opt = make_optimizer(config.optimizer, model.parameters())
    settings = _settings(config, data)
    start = 0
    if resume is not None:
        checkpoint = check_resume(resume, settings)
        model.load_state_dict(checkpoint["model_state"])
        # 사본을 넘깁니다: PyTorch는 상태 텐서(모멘텀 버퍼 …)를 복사하지 않고 그대로 쓰므로, 넘긴 체크포인트가
        # 학습하면서 바뀌어 같은 체크포인트로 두 번째 재개하면 다른 결과가 나옵니다.
        opt.load_state_dict(copy.deepcopy(checkpoint["optimizer_state"]))
        start = int(checkpoint["step"])
        if start >= config.stop:
            fail("resume", f"스텝 {start}의 체크포인트", f"끝({config.stop})보다 앞선 스텝의 체크포인트")

    lrs = lr_sequence(config.schedules[0], start, config.stop)
    n = len(lrs)
    get_batch = batches(data, config.batch_size, config.seed, config.device)
    log = LossLog(config.loss_bound, config.device)
    bar = ProgressBar(n, name or "학습", config.progress)
    groups = opt.param_groups
    validation = []  # (끝난 스텝 수, 검증 손실, 검증 정확도)
    t0 = time.perf_counter()
    if start == 0:
        validation.append((0, *evaluate(model, data)))
    for i, lr in enumerate(lrs.tolist()):
        k = start + i
        for group in groups:
            group["lr"] = lr
        x, y = get_batch(k)
        loss = cross_entropy(model(x), y)
        if log.add(loss, last=i + 1 == n):
            break
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if config.grad_clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        opt.step()
        if (k + 1) % config.eval_every == 0 or k + 1 == config.stop:
            validation.append((k + 1, *evaluate(model, data)))
        bar.update(i + 1)
    bar.close()
    if config.device.type == "cuda":
        torch.cuda.synchronize(config.device)
    wall = time.perf_counter() - t0

    diverged_at = log.diverged_at
    recorded = n if diverged_at is None else diverged_at + 1
    if diverged_at is not None:  # 검사 주기가 길면 발산 뒤에도 검증했을 수 있으니, 발산한 스텝까지만 남깁니다
        validation = [row for row in validation if row[0] <= start + diverged_at]
    checkpoint = None
    if config.checkpoint_at is not None and diverged_at is None:
        checkpoint = make_checkpoint(settings, config.stop, model, opt)
    opt_config = config.optimizer
    return History(
        step=np.arange(start, start + recorded),
        lr=lrs[:recorded].copy(),
        loss=log.as_array()[:recorded],
        val_step=np.asarray([row[0] for row in validation], dtype=np.int64),
        val_loss=np.asarray([float(row[1]) for row in validation], dtype=np.float64),
        val_acc=np.asarray([float(row[2]) for row in validation], dtype=np.float64),
        wall_time=wall,
        diverged=diverged_at is not None,
        diverged_step=None if diverged_at is None else start + diverged_at,
        name=name,
        entropy_floor=data.entropy_floor,
        config={"optimizer": opt_config.name, "schedule": repr(config.schedules[0]), "seed": config.seed,
                "batch_size": config.batch_size, "data": data.name, "steps": config.steps,
                "device": str(config.device), "momentum": opt_config.momentum, "betas": opt_config.betas,
                "weight_decay": opt_config.weight_decay, "grad_clip": config.grad_clip, "start": start},
        checkpoint=checkpoint,
    )


def compare(schedules: dict, model, data: Dataset, *, batched: bool = False, **fit_kwargs) -> dict:
    """같은 초기화에서 스케줄마다 따로 학습해 ``{이름: History}``를 돌려줍니다.

    ``model``은 모듈(스케줄마다 깊은 복사해 쓰므로 원본은 바뀌지 않습니다) 또는 모듈을 돌려주는 인자 없는 함수입니다.
    나머지 인자(``optimizer``, ``steps``, ``batch_size``, ``seed`` …)는 :func:`fit`에 그대로 갑니다.
    데이터 순서도 같은 ``seed``로 같으므로 결과의 차이는 스케줄에서만 옵니다.
    ``batched=True``면 MLP 복사본을 한꺼번에 학습하는 :func:`lrcourse.batched.fit_batched`를 씁니다(훨씬 빠름).
    """
    if not isinstance(schedules, dict) or not schedules:
        fail("schedules", schedules, "{이름: 스케줄} 사전 (비어 있지 않게)", TypeError)
    if "schedule" in fit_kwargs or "name" in fit_kwargs:
        fail("fit_kwargs", "schedule=/name=", "schedules 사전으로만 스케줄과 이름을 주세요")
    if isinstance(model, torch.nn.Module):
        initial = copy.deepcopy(model)
        make = lambda: copy.deepcopy(initial)  # noqa: E731
    elif callable(model):
        make = model
    else:
        fail("model", type(model).__name__, "torch.nn.Module 또는 모듈을 돌려주는 함수", TypeError)
    if batched:
        for key in ("checkpoint_at", "resume", "grad_clip"):
            if fit_kwargs.get(key) is not None:
                fail(key, fit_kwargs[key], "batched=True에서는 None (배치 엔진은 이 기능이 없습니다)")
            fit_kwargs.pop(key, None)
        return fit_batched(make(), data, {str(k): v for k, v in schedules.items()}, **fit_kwargs)
    return {str(label): fit(make(), data, schedule=s, name=str(label), **fit_kwargs) for label, s in schedules.items()}


