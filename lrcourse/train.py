"""빠른 학습 엔진: 스케줄이 실제 학습에 무엇을 하는지 몇 초 만에 봅니다.

- :func:`fit`: 모델 하나를 스케줄 하나로 학습하고 :class:`History`를 돌려줍니다.
- :func:`compare`: 같은 초기화에서 여러 스케줄로 학습해 ``{이름: History}``를 돌려줍니다.
- :func:`gradient_descent`: 최소제곱 문제(:func:`lrcourse.data.make_least_squares`) 위의 경사 하강법.
- :func:`save_checkpoint` / :func:`load_checkpoint`: 중간에 멈췄다가 똑같이 이어 학습하기.
- :func:`epochs_to_steps`: 에포크 수 → 스텝 수.

규칙:

1. 스케줄은 옵티마이저 스텝마다 한 번 나아갑니다. 스텝 k(0부터)의 업데이트는 학습률 ``schedule(k)``를 씁니다.
   에포크 단위 스케줄은 :func:`lrcourse.schedules.by_epoch`로 바꿔 주십시오.
2. 데이터 순서는 (seed, 스텝)만의 함수입니다. 그래서 중간에서 재개해도, CPU든 GPU든 같은 배치가 나옵니다.
3. 손실이 NaN/무한대가 되거나 ``loss_bound``를 넘으면 발산으로 보고 깔끔하게 멈춥니다(예외·경고 없음).
   ``History.diverged``와 ``History.diverged_step``에 기록됩니다.
4. CPU에서는 같은 시드면 결과가 비트 단위로 같습니다.
"""

from __future__ import annotations

import copy
import math
import os
import pathlib
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from . import schedules as _schedules
from ._checks import check_choice, check_int, check_real, fail
from .data import IGNORE_INDEX, Dataset, LeastSquares, resolve_device, to_device

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

OPTIMIZERS = ("sgd", "adam", "adamw")
# 발산 검사 주기(스텝). 검사하려면 손실 값을 읽어야 하는데, GPU에서는 그때마다 동기화가 일어나므로 몇 스텝에 한 번만 봅니다.
# 발산한 스텝은 어느 주기로 보든 같게 기록됩니다(그 뒤 스텝은 버립니다).
_CHECK_EVERY = {"cpu": 1}
_CHECKPOINT_FORMAT = "lrcourse-checkpoint-1"


# ---------------------------------------------------------------------------
# 작은 도우미
# ---------------------------------------------------------------------------


def progress_enabled(progress=None, expected_seconds: float | None = None) -> bool:
    """진행 막대를 보일지 정합니다.

    환경 변수 ``LRCOURSE_PROGRESS=0``이면 언제나 숨깁니다(테스트와 노트북 빌드가 출력이 흔들리지 않도록).
    ``progress``가 True/False면 그대로 따르고, None이면 예상 시간이 2초를 넘을 때만 보입니다.
    """
    if os.environ.get("LRCOURSE_PROGRESS", "").strip() == "0":
        return False
    if progress is not None:
        return bool(progress)
    return expected_seconds is not None and expected_seconds > 2.0


def steps_per_epoch(data: Dataset, batch_size: int) -> int:
    """한 에포크의 스텝 수 = ⌊학습 예제 수 / batch_size⌋ (마지막의 모자란 배치는 버립니다)."""
    batch_size = check_int("batch_size", batch_size, low=1)
    if data.is_stream:
        fail("data", data, "고정된 학습 세트가 있는 과제 (스트림에는 에포크가 없으니 steps=를 쓰십시오)")
    if batch_size > data.num_train:
        fail("batch_size", batch_size, f"학습 예제 수 {data.num_train} 이하의 양의 정수")
    return data.num_train // batch_size


def epochs_to_steps(epochs: int, data: Dataset, batch_size: int) -> int:
    """에포크 수를 옵티마이저 스텝 수로 바꿉니다: ``epochs × steps_per_epoch(data, batch_size)``."""
    epochs = check_int("epochs", epochs, low=1)
    return epochs * steps_per_epoch(data, batch_size)


def _mix(seed: int, k: int) -> int:
    """(seed, k) → 난수 생성기 시드. 서로 다른 k가 서로 다른 난수열을 받게 합니다."""
    return (seed * 1_000_003 + k * 7_919 + 12_345) % (2**63 - 1)


def _batches(data: Dataset, batch_size: int, seed: int, device: torch.device):
    """스텝 k → (x, y). 결과는 (seed, k)만의 함수이므로 어느 스텝에서든 재개할 수 있습니다."""
    if data.is_stream:
        gen = torch.Generator(device=device)

        def get(k: int):
            gen.manual_seed(_mix(seed, k))
            return data.sample(batch_size, gen)

        return get

    n = data.num_train
    per_epoch = n // batch_size
    cache = {"epoch": -1, "perm": None}

    def get(k: int):
        epoch, i = divmod(k, per_epoch)
        if epoch != cache["epoch"]:
            # 순열은 CPU 생성기로 만듭니다: CPU와 GPU에서 배치 순서가 같습니다.
            g = torch.Generator().manual_seed(_mix(seed, epoch))
            cache["perm"] = torch.randperm(n, generator=g).to(device)
            cache["epoch"] = epoch
        idx = cache["perm"][i * batch_size : (i + 1) * batch_size]
        return data.x_train[idx], data.y_train[idx]

    return get


def _loss_and_correct(logits: torch.Tensor, y: torch.Tensor):
    """평균 교차 엔트로피, 맞힌 수, 센 수 (``IGNORE_INDEX`` 위치는 뺍니다)."""
    logits = logits.reshape(-1, logits.shape[-1])
    y = y.reshape(-1)
    loss = F.cross_entropy(logits, y, ignore_index=IGNORE_INDEX)
    valid = y != IGNORE_INDEX
    correct = ((logits.argmax(-1) == y) & valid).sum()
    return loss, correct, valid.sum()


@torch.no_grad()
def _evaluate(model, data: Dataset, chunk: int = 4096):
    """검증 세트 전체의 평균 손실과 정확도 (텐서로; 동기화하지 않습니다)."""
    was_training = model.training
    model.eval()
    total_loss = torch.zeros((), device=data.device, dtype=torch.float64)
    total_correct = torch.zeros((), device=data.device, dtype=torch.int64)
    total_count = torch.zeros((), device=data.device, dtype=torch.int64)
    for i in range(0, data.x_val.shape[0], chunk):
        logits = model(data.x_val[i : i + chunk])
        loss, correct, count = _loss_and_correct(logits, data.y_val[i : i + chunk])
        total_loss += loss.double() * count
        total_correct += correct
        total_count += count
    model.train(was_training)
    return total_loss / total_count, total_correct.double() / total_count


def _as_schedule(schedule):
    if isinstance(schedule, _schedules.Schedule):
        return schedule
    if isinstance(schedule, (int, float)) and not isinstance(schedule, bool):
        return _schedules.constant(schedule)
    fail("schedule", schedule, "lrcourse.schedules의 스케줄(예: cosine_annealing(0.1, 1000)) 또는 양의 실수(상수 학습률)",
         TypeError)


def _lr_sequence(schedule, start: int, stop: int) -> np.ndarray:
    lrs = np.asarray(schedule(np.arange(start, stop)), dtype=np.float64).reshape(-1)
    bad = ~np.isfinite(lrs) | (lrs < 0)
    if bad.any():
        k = int(np.argmax(bad)) + start
        fail("schedule", schedule, f"모든 스텝에서 0 이상의 유한한 학습률 (스텝 {k}에서 {lrs[k - start]!r})")
    return lrs


def _make_optimizer(name: str, params, lr: float, momentum: float, betas, weight_decay, eps: float):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay or 0.0)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay or 0.0)
    wd = 0.01 if weight_decay is None else weight_decay  # PyTorch AdamW 기본값
    return torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)


def _check_betas(betas):
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        fail("betas", betas, "0 이상 1 미만인 실수 두 개의 튜플 (예: (0.9, 0.999))", TypeError)
    return tuple(check_real("betas", b, low=0.0, high=1.0, high_inclusive=False) for b in betas)


def _default_loss_bound(data: Dataset) -> float:
    # 무작위로 찍는 모델의 손실이 ln(클래스 수)이므로, 그 10배를 넘으면 분명히 발산한 것으로 봅니다.
    return 10.0 * math.log(data.num_classes)


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


@dataclass
class History:
    """학습 한 번의 기록.

    Attributes:
        step: 기록한 옵티마이저 스텝 번호 (0부터; 재개한 학습이면 재개한 스텝부터).
        lr: 스텝마다 쓴 학습률 (``schedule(step)``).
        loss: 스텝마다 그 배치의 학습 손실 (업데이트 전).
        val_step: 검증한 시점(그때까지 끝난 스텝 수). 0이면 학습 전입니다.
        val_loss, val_acc: 검증 손실과 정확도.
        wall_time: 학습에 걸린 시간(초).
        diverged: 발산해서 멈췄는지. diverged_step: 발산을 알아챈 스텝(없으면 None).
        name: 이름(``compare``의 키). entropy_floor: 과제의 손실 하한(있으면).
        config: 학습 설정. checkpoint: ``checkpoint_at``을 줬을 때 재개용 상태.
    """

    step: np.ndarray
    lr: np.ndarray
    loss: np.ndarray
    val_step: np.ndarray
    val_loss: np.ndarray
    val_acc: np.ndarray
    wall_time: float
    diverged: bool = False
    diverged_step: int | None = None
    name: str = ""
    entropy_floor: float | None = None
    config: dict = field(default_factory=dict)
    checkpoint: dict | None = field(default=None, repr=False)

    @property
    def final_val_loss(self) -> float:
        """마지막 검증 손실 (없으면 NaN)."""
        return float(self.val_loss[-1]) if len(self.val_loss) else float("nan")

    @property
    def final_val_acc(self) -> float:
        """마지막 검증 정확도 (없으면 NaN)."""
        return float(self.val_acc[-1]) if len(self.val_acc) else float("nan")

    @property
    def excess_val_loss(self) -> np.ndarray:
        """검증 손실 − 엔트로피 하한 (하한을 아는 과제에서만)."""
        if self.entropy_floor is None:
            fail("entropy_floor", None, "하한을 아는 과제(trigram_stream, reversal_task)의 History")
        return self.val_loss - self.entropy_floor

    def __repr__(self) -> str:
        state = f"발산(스텝 {self.diverged_step})" if self.diverged else "완료"
        last = f", 마지막 검증 손실={self.final_val_loss:.4f}, 정확도={self.final_val_acc:.3f}" if len(self.val_loss) else ""
        label = f"{self.name!r}, " if self.name else ""
        return f"History({label}{len(self.loss)}스텝, {state}{last}, {self.wall_time:.2f}초)"

    def to_dict(self, as_lists: bool = False) -> dict:
        """평범한 사전으로 바꿉니다(재개용 ``checkpoint``는 빼고). ``as_lists=True``면 배열 대신 리스트(JSON용)."""
        out = {
            "name": self.name,
            "step": self.step,
            "lr": self.lr,
            "loss": self.loss,
            "val_step": self.val_step,
            "val_loss": self.val_loss,
            "val_acc": self.val_acc,
            "wall_time": float(self.wall_time),
            "diverged": bool(self.diverged),
            "diverged_step": self.diverged_step,
            "entropy_floor": self.entropy_floor,
            "config": dict(self.config),
        }
        if as_lists:
            for k, v in out.items():
                if isinstance(v, np.ndarray):
                    out[k] = [None if not math.isfinite(x) else x for x in v.tolist()]
        return out

    def plot(self, ax=None, *, title: str | None = None, log_lr: bool | None = None, smooth: int = 0):
        """손실(왼쪽 축)과 학습률(오른쪽 축)을 한 그림에 그립니다. 발산했으면 그 스텝을 표시합니다.

        Args:
            ax: 그릴 matplotlib Axes. 없으면 새로 만듭니다.
            log_lr: 학습률 축을 로그 눈금으로 할지. None이면 학습률의 10–90 백분위가 100배 넘게 다를 때만 로그입니다.
            smooth: 0보다 크면 학습 손실을 이 길이의 이동 평균으로도 그립니다.

        Returns:
            손실 축(Axes). 학습률 축은 ``ax.lr_axis``로 얻습니다.
        """
        return _plot_history(self, ax=ax, title=title, log_lr=log_lr, smooth=smooth)


def _plot_history(h: History, ax=None, title=None, log_lr=None, smooth=0):
    from . import plotting  # 한글 글꼴을 등록합니다

    if ax is None:
        _, ax = plotting.new_axes(figsize=(7.0, 4.0))
    loss_color, lr_color, val_color = plotting.PALETTE[0], plotting.PALETTE[4], plotting.PALETTE[2]
    loss = np.where(np.isfinite(h.loss), h.loss, np.nan)
    ax.plot(h.step, loss, color=loss_color, alpha=0.35 if smooth else 0.9, lw=1, label="학습 손실")
    if smooth and len(loss) >= smooth:
        kernel = np.ones(smooth) / smooth
        ax.plot(h.step[smooth - 1 :], np.convolve(loss, kernel, mode="valid"), color=loss_color, lw=2,
                label=f"학습 손실 (이동 평균 {smooth})")
    if len(h.val_step):
        ax.plot(h.val_step, h.val_loss, "o-", color=val_color, ms=3, lw=1.5, label="검증 손실")
    if h.entropy_floor is not None:
        ax.axhline(h.entropy_floor, color="0.4", ls=":", lw=1, label="엔트로피 하한")
    if h.diverged:
        plotting.mark_divergence(ax, h.diverged_step)
    lr_ax = ax.twinx()
    lr_ax.plot(h.step, h.lr, color=lr_color, lw=1.5, ls="--", label="학습률")
    lr_ax.set_ylabel("학습률", color=lr_color)
    lr_ax.tick_params(axis="y", colors=lr_color)
    positive = h.lr[h.lr > 0]
    if log_lr is None:
        # 학습률의 대부분(10–90 백분위)이 두 자릿수 넘게 걸칠 때만 로그 눈금. 워밍업의 0 근처나 코사인의 끝처럼
        # 잠깐 작은 값 때문에 로그로 바꾸면 오히려 모양이 일그러집니다.
        low, high = np.percentile(positive, [10, 90]) if len(positive) else (1.0, 1.0)
        log_lr = high / low > 100
    if log_lr and len(positive):
        lr_ax.set_yscale("log")
    plotting.style_axes(ax, title=title if title is not None else (f"{h.name}: 손실과 학습률" if h.name else "손실과 학습률"),
                        xlabel="스텝", ylabel="손실")
    handles, labels = ax.get_legend_handles_labels()
    lr_handles, lr_labels = lr_ax.get_legend_handles_labels()
    ax.legend(handles + lr_handles, labels + lr_labels, loc="best", fontsize="small")
    ax.lr_axis = lr_ax
    return ax


# ---------------------------------------------------------------------------
# 체크포인트
# ---------------------------------------------------------------------------


def _to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: _to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_cpu(v) for v in obj)
    return copy.deepcopy(obj)


def save_checkpoint(checkpoint: dict, path) -> pathlib.Path:
    """``History.checkpoint``(모델·옵티마이저·스케줄 위치)를 파일로 저장합니다."""
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != _CHECKPOINT_FORMAT:
        fail("checkpoint", type(checkpoint).__name__, "fit(..., checkpoint_at=k)이 돌려준 History.checkpoint", TypeError)
    path = pathlib.Path(path)
    torch.save(checkpoint, path)
    return path


def load_checkpoint(path) -> dict:
    """:func:`save_checkpoint`로 저장한 파일을 읽습니다. ``fit(..., resume=...)``에 그대로 넘기면 됩니다."""
    checkpoint = torch.load(pathlib.Path(path), map_location="cpu", weights_only=True)
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != _CHECKPOINT_FORMAT:
        fail("path", str(path), "save_checkpoint로 저장한 lrcourse 체크포인트 파일")
    return checkpoint


def _check_resume(checkpoint, expected: dict):
    if isinstance(checkpoint, (str, pathlib.Path)):
        checkpoint = load_checkpoint(checkpoint)
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != _CHECKPOINT_FORMAT:
        fail("resume", type(checkpoint).__name__, "History.checkpoint 또는 save_checkpoint로 저장한 파일 경로", TypeError)
    for key, value in expected.items():
        if checkpoint[key] != value:
            fail("resume", f"{key}={checkpoint[key]!r}인 체크포인트",
                 f"지금 설정과 같은 {key}={value!r}로 저장한 체크포인트 (설정이 다르면 똑같이 이어지지 않습니다)")
    return checkpoint


# ---------------------------------------------------------------------------
# fit
# ---------------------------------------------------------------------------


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
        steps, epochs: 전체 스텝 수, 또는 에포크 수(고정 세트 과제만). 둘 중 하나만 주십시오.
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
        name: History의 이름.
        num_threads: CPU에서 쓸 스레드 수(학습하는 동안만; 끝나면 되돌립니다). None이면 지금 설정 그대로입니다.
            작은 모델은 스레드를 나눌 일이 적어 1–2개가 가장 빠른 경우가 많습니다(benchmarks/README.md).

    Returns:
        :class:`History`. 발산하면 그 스텝까지 기록하고 ``diverged=True``로 멈춥니다(예외 없음).
    """
    if not isinstance(model, torch.nn.Module):
        fail("model", type(model).__name__, "torch.nn.Module (예: lrcourse.models.mlp())", TypeError)
    if not isinstance(data, Dataset):
        fail("data", type(data).__name__, "lrcourse.data의 과제 (예: load_digits())", TypeError)
    optimizer = check_choice("optimizer", optimizer, OPTIMIZERS)
    schedule = _as_schedule(schedule)
    batch_size = check_int("batch_size", batch_size, low=1)
    seed = check_int("seed", seed, low=0)
    momentum = check_real("momentum", momentum, low=0.0, high=1.0, high_inclusive=False)
    betas = _check_betas(betas)
    eps = check_real("eps", eps, low=0.0)
    if weight_decay is not None:
        weight_decay = check_real("weight_decay", weight_decay, low=0.0)
    if grad_clip is not None:
        grad_clip = check_real("grad_clip", grad_clip, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    if (steps is None) == (epochs is None):
        fail("steps", steps, "steps와 epochs 가운데 정확히 하나 (지금은 " +
             ("둘 다 없음" if steps is None else "둘 다 주어짐") + ")")
    total = check_int("steps", steps, low=1) if steps is not None else epochs_to_steps(epochs, data, batch_size)
    if not data.is_stream:
        steps_per_epoch(data, batch_size)  # batch_size가 학습 세트보다 크면 여기서 알립니다
    if eval_every is None:
        eval_every = data.num_train // batch_size if not data.is_stream else max(1, total // 20)
    eval_every = check_int("eval_every", eval_every, low=1)
    loss_bound = _default_loss_bound(data) if loss_bound is None else check_real(
        "loss_bound", loss_bound, low=0.0, low_inclusive=False, allowed="0보다 큰 실수")
    stop = total
    if checkpoint_at is not None:
        stop = check_int("checkpoint_at", checkpoint_at, low=1, high=total,
                         allowed=f"1 이상 steps={total} 이하의 정수")

    if num_threads is not None:
        num_threads = check_int("num_threads", num_threads, low=1)
    dev = resolve_device(device)
    data = to_device(data, dev)
    model.to(dev)
    model.train()
    previous_threads = torch.get_num_threads()
    if num_threads is not None and dev.type == "cpu":
        torch.set_num_threads(num_threads)
    try:
        return _train_loop(model, data, dev, optimizer, schedule, total, stop, batch_size, seed, progress, momentum,
                           betas, eps, weight_decay, grad_clip, eval_every, loss_bound, checkpoint_at, resume, name)
    finally:
        if torch.get_num_threads() != previous_threads:
            torch.set_num_threads(previous_threads)


def _train_loop(model, data, dev, optimizer, schedule, total, stop, batch_size, seed, progress, momentum, betas, eps,
                weight_decay, grad_clip, eval_every, loss_bound, checkpoint_at, resume, name) -> History:
    opt = _make_optimizer(optimizer, model.parameters(), 0.0, momentum, betas, weight_decay, eps)
    fingerprint = {"optimizer": optimizer, "schedule": repr(schedule), "seed": seed, "batch_size": batch_size,
                   "data": data.name, "steps": total}
    start = 0
    if resume is not None:
        ckpt = _check_resume(resume, fingerprint)
        model.load_state_dict(ckpt["model_state"])
        opt.load_state_dict(ckpt["optimizer_state"])
        start = int(ckpt["step"])
        if start >= stop:
            fail("resume", f"스텝 {start}의 체크포인트", f"끝({stop})보다 앞선 스텝의 체크포인트")

    lrs = _lr_sequence(schedule, start, stop)
    get_batch = _batches(data, batch_size, seed, dev)
    n = stop - start
    losses = torch.empty(n, device=dev, dtype=torch.float32)
    val_steps, val_losses, val_accs = [], [], []
    # CPU에서는 스텝마다 검사해도 싸지만, GPU에서는 동기화를 줄이려고 몇 스텝마다 한 번 봅니다.
    check_every = _CHECK_EVERY.get(dev.type, 25)
    diverged_at = None
    bar = None
    t0 = time.perf_counter()

    if start == 0:
        vl, va = _evaluate(model, data)
        val_steps.append(0), val_losses.append(vl), val_accs.append(va)
    done = 0
    for i in range(n):
        k = start + i
        lr = float(lrs[i])
        for group in opt.param_groups:
            group["lr"] = lr
        x, y = get_batch(k)
        loss, _, _ = _loss_and_correct(model(x), y)
        losses[i] = loss.detach()
        if (i + 1) % check_every == 0 or i == n - 1:
            window = losses[done : i + 1]
            bad = ~torch.isfinite(window) | (window > loss_bound)
            if bool(bad.any()):
                diverged_at = done + int(torch.nonzero(bad)[0, 0])
                break
            done = i + 1
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if grad_clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        opt.step()
        if (k + 1) % eval_every == 0 or k + 1 == stop:
            vl, va = _evaluate(model, data)
            val_steps.append(k + 1), val_losses.append(vl), val_accs.append(va)
        if i + 1 == min(5, n):
            t_warm = time.perf_counter()
        if bar is None and i + 1 == min(25, n) and progress is not False:
            # 스텝 5–25의 속도로 남은 시간을 어림해(처음 몇 스텝은 준비 때문에 느립니다), 2초를 넘을 것 같을 때만
            # 막대를 띄웁니다.
            rate = (time.perf_counter() - t_warm) / max(1, i + 1 - 5)
            if progress_enabled(progress, rate * (n - i - 1)):
                from tqdm.auto import tqdm

                bar = tqdm(total=n, initial=i + 1, desc=name or "학습", unit="스텝", leave=False)
        elif bar is not None and (i + 1) % max(1, n // 100) == 0:
            bar.update((i + 1) - bar.n)
    if bar is not None:
        bar.close()
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)
    wall = time.perf_counter() - t0

    recorded = n if diverged_at is None else diverged_at + 1
    if diverged_at is not None:  # 검사 주기가 길면 발산 뒤에도 검증했을 수 있으니, 발산한 스텝까지만 남깁니다
        kept = [j for j, v in enumerate(val_steps) if v <= start + diverged_at]
        val_steps = [val_steps[j] for j in kept]
        val_losses = [val_losses[j] for j in kept]
        val_accs = [val_accs[j] for j in kept]
    checkpoint = None
    if checkpoint_at is not None and diverged_at is None:
        checkpoint = dict(fingerprint, format=_CHECKPOINT_FORMAT, step=stop, model_state=_to_cpu(model.state_dict()),
                          optimizer_state=_to_cpu(opt.state_dict()))
    return History(
        step=np.arange(start, start + recorded),
        lr=lrs[:recorded].copy(),
        loss=losses[:recorded].cpu().numpy().astype(np.float64),
        val_step=np.asarray(val_steps, dtype=np.int64),
        val_loss=np.asarray([float(v) for v in val_losses], dtype=np.float64),
        val_acc=np.asarray([float(v) for v in val_accs], dtype=np.float64),
        wall_time=wall,
        diverged=diverged_at is not None,
        diverged_step=None if diverged_at is None else start + diverged_at,
        name=name,
        entropy_floor=data.entropy_floor,
        config=dict(fingerprint, device=str(dev), momentum=momentum, betas=betas, weight_decay=weight_decay,
                    grad_clip=grad_clip, start=start),
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
        fail("fit_kwargs", "schedule=/name=", "schedules 사전으로만 스케줄과 이름을 주십시오")
    if isinstance(model, torch.nn.Module):
        initial = copy.deepcopy(model)
        make = lambda: copy.deepcopy(initial)  # noqa: E731
    elif callable(model):
        make = model
    else:
        fail("model", type(model).__name__, "torch.nn.Module 또는 모듈을 돌려주는 함수", TypeError)
    if batched:
        from .batched import fit_batched

        for key in ("checkpoint_at", "resume", "grad_clip"):
            if fit_kwargs.get(key) is not None:
                fail(key, fit_kwargs[key], "batched=True에서는 None (배치 엔진은 이 기능이 없습니다)")
            fit_kwargs.pop(key, None)
        return fit_batched(make(), data, {str(k): v for k, v in schedules.items()}, **fit_kwargs)
    return {str(label): fit(make(), data, schedule=s, name=str(label), **fit_kwargs) for label, s in schedules.items()}


# ---------------------------------------------------------------------------
# 최소제곱 문제 위의 경사 하강법
# ---------------------------------------------------------------------------


@dataclass
class GDResult:
    """경사 하강법의 기록.

    Attributes:
        iterates: (steps + 1, dim) 배열. 0행이 시작점 x0입니다.
        losses: (steps + 1,) 배열. f(iterates[k]).
        lr: 쓴 학습률 (스텝마다; 상수면 모두 같음).
        diverged: 마지막 손실이 유한하지 않거나 시작 손실보다 크면 True.
    """

    iterates: np.ndarray
    losses: np.ndarray
    lr: np.ndarray
    diverged: bool

    def __repr__(self) -> str:
        state = "발산" if self.diverged else "수렴 중"
        return f"GDResult({len(self.losses) - 1}스텝, {state}, 마지막 손실={self.losses[-1]:.3g})"


def gradient_descent(problem: LeastSquares, lr, steps: int, x0=None) -> GDResult:
    """최소제곱 문제에서 경사 하강법 x_(k+1) = x_k − lr_k · ∇f(x_k)를 ``steps``번 합니다.

    ``lr``은 상수(실수) 또는 스케줄입니다(스텝 k에 ``lr(k)``). ``x0``를 주지 않으면 원점에서 시작합니다.
    상수 학습률이면 lr < 2/L에서 수렴하고 lr > 2/L에서 발산합니다(L = ``problem.L``).
    값이 넘쳐도 경고 없이 inf/nan을 그대로 기록합니다.
    """
    if not isinstance(problem, LeastSquares):
        fail("problem", type(problem).__name__, "lrcourse.data.make_least_squares()가 만든 문제", TypeError)
    steps = check_int("steps", steps, low=0)
    if isinstance(lr, _schedules.Schedule):
        lrs = _lr_sequence(lr, 0, steps) if steps else np.zeros(0)
    else:
        lrs = np.full(steps, check_real("lr", lr, low=0.0, allowed="0 이상의 유한한 실수 또는 스케줄"))
    if x0 is None:
        x = np.zeros(problem.dim)
    else:
        x = np.asarray(x0, dtype=np.float64)
        if x.shape != (problem.dim,) or not np.all(np.isfinite(x)):
            fail("x0", x0, f"길이 {problem.dim}의 유한한 실수 배열")
    iterates = np.empty((steps + 1, problem.dim))
    iterates[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            x = x - lrs[k] * problem.grad(x)
            iterates[k + 1] = x
        losses = problem.loss(iterates)
    last = losses[-1]
    diverged = bool(not np.isfinite(last) or last > losses[0])
    return GDResult(iterates=iterates, losses=losses, lr=lrs, diverged=diverged)
