"""학습 엔진의 공통 부품 (비공개 모듈). :func:`lrcourse.train.fit`, :func:`lrcourse.batched.fit_batched`,
:func:`lrcourse.lr_finder.lr_range_test`가 함께 씁니다.

학습 한 번은 이렇게 흘러갑니다.

1. :func:`make_config`가 사용자의 인자를 한 번만 검사해 바뀌지 않는 :class:`Config`를 만듭니다.
2. :func:`lr_sequence`가 스텝마다의 학습률을 미리 모두 계산하고 검사합니다.
3. :func:`batches`가 스텝 k의 배치를 (seed, k)만으로 정합니다. 그래서 어느 스텝에서든 똑같이 재개합니다.
4. 스텝마다 학습률을 옵티마이저에 넣고, :func:`cross_entropy`로 손실을 구해 :class:`LossLog`에 적고(발산 검사),
   역전파와 옵티마이저 스텝을 합니다. 정확도는 검증(:func:`evaluate`)에서만 셉니다.
5. :class:`ProgressBar`가 처음 스텝들의 속도로 남은 시간을 어림해, 오래 걸릴 때만 막대를 보입니다.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from . import schedules as _schedules
from ._checks import check_choice, check_int, check_real, fail
from .data import IGNORE_INDEX, Dataset, resolve_device

OPTIMIZERS = ("sgd", "adam", "adamw")
# 발산 검사 주기(스텝). 손실 값을 읽으면 GPU에서는 그때마다 동기화가 일어나므로 CPU가 아니면 25스텝에 한 번 읽습니다.
# 발산한 스텝은 어느 주기로 읽든 같게 기록됩니다(그 뒤 스텝은 버립니다).
CHECK_EVERY = {"cpu": 1}
# 진행 막대: 학습이 이 시간(초)보다 오래 걸릴 것 같을 때만 보입니다.
PROGRESS_AFTER_SECONDS = 2.0


# ---------------------------------------------------------------------------
# 스텝 수와 진행 막대를 보일지
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
    return expected_seconds is not None and expected_seconds > PROGRESS_AFTER_SECONDS


def steps_per_epoch(data: Dataset, batch_size: int) -> int:
    """한 에포크의 스텝 수 = ⌊학습 예제 수 / batch_size⌋ (마지막의 모자란 배치는 버립니다)."""
    batch_size = check_int("batch_size", batch_size, low=1)
    if data.is_stream:
        fail("data", data, "고정된 학습 세트가 있는 과제 (스트림에는 에포크가 없으니 steps=를 쓰세요)")
    if batch_size > data.num_train:
        fail("batch_size", batch_size, f"학습 예제 수 {data.num_train} 이하의 양의 정수")
    return data.num_train // batch_size


def epochs_to_steps(epochs: int, data: Dataset, batch_size: int) -> int:
    """에포크 수를 옵티마이저 스텝 수로 바꿉니다: ``epochs × steps_per_epoch(data, batch_size)``."""
    epochs = check_int("epochs", epochs, low=1)
    return epochs * steps_per_epoch(data, batch_size)


# ---------------------------------------------------------------------------
# 설정: 한 번 검사하고 바꾸지 않습니다
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OptimizerConfig:
    """옵티마이저 종류와 하이퍼파라미터 (PyTorch와 같은 이름과 기본값). ``weight_decay``는 기본값을 채운 값입니다."""

    name: str
    momentum: float
    betas: tuple[float, float]
    eps: float
    weight_decay: float

    def hyperparameters(self) -> dict:
        """이 옵티마이저가 실제로 쓰는 하이퍼파라미터 (SGD는 betas와 eps를 쓰지 않습니다)."""
        if self.name == "sgd":
            return {"momentum": self.momentum, "weight_decay": self.weight_decay}
        return {"betas": self.betas, "eps": self.eps, "weight_decay": self.weight_decay}


@dataclass(frozen=True)
class Config:
    """학습 한 번의 설정. :func:`make_config`만 만듭니다(검사를 마친 값만 담깁니다).

    ``schedules``는 모델 복사본마다 스케줄 하나입니다(``fit``은 하나, ``fit_batched``는 K개).
    ``steps``는 계획한 전체 스텝 수, ``checkpoint_at``은 주어졌으면 멈추고 재개용 상태를 남길 스텝입니다.
    """

    optimizer: OptimizerConfig
    schedules: tuple
    steps: int
    checkpoint_at: int | None
    batch_size: int
    seed: int
    grad_clip: float | None
    eval_every: int
    loss_bound: float
    device: torch.device
    progress: bool | None
    num_threads: int | None

    @property
    def stop(self) -> int:
        """이번 학습이 멈출 스텝 (``checkpoint_at``이 없으면 ``steps``)."""
        return self.steps if self.checkpoint_at is None else self.checkpoint_at


def optimizer_config(optimizer: str, *, momentum=0.0, betas=(0.9, 0.999), eps=1e-8, weight_decay=None):
    """옵티마이저 인자를 검사해 :class:`OptimizerConfig`를 만듭니다. ``weight_decay=None``은 PyTorch의 기본값입니다."""
    optimizer = check_choice("optimizer", optimizer, OPTIMIZERS)
    momentum = check_real("momentum", momentum, low=0.0, high=1.0, high_inclusive=False)
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        fail("betas", betas, "0 이상 1 미만인 실수 두 개의 튜플 (예: (0.9, 0.999))", TypeError)
    betas = tuple(check_real("betas", b, low=0.0, high=1.0, high_inclusive=False) for b in betas)
    eps = check_real("eps", eps, low=0.0)
    if weight_decay is None:
        weight_decay = 0.01 if optimizer == "adamw" else 0.0  # PyTorch AdamW의 기본값은 0.01
    weight_decay = check_real("weight_decay", weight_decay, low=0.0)
    return OptimizerConfig(optimizer, momentum, betas, eps, weight_decay)


def make_config(data, schedules, *, optimizer, steps, epochs, batch_size, seed, device, progress, momentum, betas,
                eps, weight_decay, grad_clip=None, eval_every=None, loss_bound=None, checkpoint_at=None,
                num_threads=None) -> Config:
    """``fit``/``fit_batched``의 인자를 검사해 :class:`Config`를 만듭니다. 오류는 매개변수 이름과 값을 말합니다."""
    if not isinstance(data, Dataset):
        fail("data", type(data).__name__, "lrcourse.data의 과제 (예: load_digits())", TypeError)
    optimizer = optimizer_config(optimizer, momentum=momentum, betas=betas, eps=eps, weight_decay=weight_decay)
    schedules = tuple(as_schedule(s) for s in schedules)
    batch_size = check_int("batch_size", batch_size, low=1)
    seed = check_int("seed", seed, low=0)
    if grad_clip is not None:
        grad_clip = check_real("grad_clip", grad_clip, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    if (steps is None) == (epochs is None):
        fail("steps", steps, "steps와 epochs 가운데 정확히 하나 (지금은 " +
             ("둘 다 없음" if steps is None else "둘 다 주어짐") + ")")
    total = check_int("steps", steps, low=1) if steps is not None else epochs_to_steps(epochs, data, batch_size)
    if not data.is_stream:
        steps_per_epoch(data, batch_size)  # batch_size가 학습 세트보다 크면 여기서 알립니다
    if eval_every is None:  # 고정 세트면 에포크마다, 스트림이면 전체의 1/20마다
        eval_every = data.num_train // batch_size if not data.is_stream else max(1, total // 20)
    eval_every = check_int("eval_every", eval_every, low=1)
    if loss_bound is None:
        loss_bound = default_loss_bound(data)
    loss_bound = check_real("loss_bound", loss_bound, low=0.0, low_inclusive=False, allowed="0보다 큰 실수")
    if checkpoint_at is not None:
        checkpoint_at = check_int("checkpoint_at", checkpoint_at, low=1, high=total,
                                  allowed=f"1 이상 steps={total} 이하의 정수")
    if num_threads is not None:
        num_threads = check_int("num_threads", num_threads, low=1)
    return Config(optimizer=optimizer, schedules=schedules, steps=total, checkpoint_at=checkpoint_at,
                  batch_size=batch_size, seed=seed, grad_clip=grad_clip, eval_every=eval_every,
                  loss_bound=loss_bound, device=resolve_device(device), progress=progress, num_threads=num_threads)


def as_schedule(schedule):
    """스케줄은 그대로, 양의 실수는 상수 스케줄로 바꿉니다."""
    if isinstance(schedule, _schedules.Schedule):
        return schedule
    if isinstance(schedule, (int, float)) and not isinstance(schedule, bool):
        return _schedules.constant(schedule)
    fail("schedule", schedule, "lrcourse.schedules의 스케줄(예: cosine_annealing(0.1, 1000)) 또는 양의 실수(상수 학습률)",
         TypeError)


def default_loss_bound(data: Dataset) -> float:
    """발산으로 볼 손실: 무작위로 찍는 모델의 손실 ln(클래스 수)의 10배."""
    return 10.0 * math.log(data.num_classes)


# ---------------------------------------------------------------------------
# 학습률, 배치, 손실, 옵티마이저
# ---------------------------------------------------------------------------


def lr_sequence(schedule, start: int, stop: int) -> np.ndarray:
    """스텝 start … stop − 1의 학습률 (float64 배열). 음수나 NaN이 있으면 그 스텝을 말하는 오류를 냅니다."""
    lrs = np.asarray(schedule(np.arange(start, stop)), dtype=np.float64).reshape(-1)
    bad = ~np.isfinite(lrs) | (lrs < 0)
    if bad.any():
        k = int(np.argmax(bad)) + start
        fail("schedule", schedule, f"모든 스텝에서 0 이상의 유한한 학습률 (스텝 {k}에서 {lrs[k - start]!r})")
    return lrs


def mix(seed: int, k: int) -> int:
    """(seed, k) → 난수 생성기 시드. 서로 다른 k가 서로 다른 난수열을 받게 합니다."""
    return (seed * 1_000_003 + k * 7_919 + 12_345) % (2**63 - 1)


def batches(data: Dataset, batch_size: int, seed: int, device: torch.device):
    """스텝 k → (x, y) 함수. 결과는 (seed, k)만의 함수이므로 어느 스텝에서든 재개할 수 있습니다.

    고정 세트: 에포크 e의 순서는 ``randperm(시드 mix(seed, e))``이고, 에포크의 i번째 배치는 그 순서의 i번째 조각입니다.
    스트림: 스텝 k의 배치는 시드 ``mix(seed, k)``의 생성기로 뽑습니다.
    """
    if data.is_stream:
        gen = torch.Generator(device=device)

        def sample(k: int):
            gen.manual_seed(mix(seed, k))
            return data.sample(batch_size, gen)

        return sample

    n = data.num_train
    per_epoch = n // batch_size
    epoch_batches = {"epoch": None}

    def take(k: int):
        epoch, i = divmod(k, per_epoch)
        if epoch != epoch_batches["epoch"]:
            # 순열은 CPU 생성기로 만듭니다: CPU와 GPU에서 배치 순서가 같습니다. 에포크의 예제를 그 순서로 한 번에
            # 모아 배치 크기로 잘라 두면, 스텝마다 인덱싱하지 않고 꺼내 쓰기만 하면 됩니다(값은 같습니다).
            perm = torch.randperm(n, generator=torch.Generator().manual_seed(mix(seed, epoch))).to(device)
            epoch_batches.update(epoch=epoch, x=data.x_train[perm].split(batch_size),
                                 y=data.y_train[perm].split(batch_size))
        return epoch_batches["x"][i], epoch_batches["y"][i]

    return take


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """평균 교차 엔트로피. (N, C) 로짓과 (N, T, C) 로짓 모두 받고, ``IGNORE_INDEX`` 위치는 뺍니다."""
    if logits.dim() > 2:  # (N, T, C) → (N·T, C)
        logits, y = logits.flatten(0, -2), y.flatten()
    return F.cross_entropy(logits, y, ignore_index=IGNORE_INDEX)


@torch.no_grad()
def evaluate(model, data: Dataset, chunk: int = 4096):
    """검증 세트 전체의 평균 손실과 정확도 (텐서로; 동기화하지 않습니다). ``IGNORE_INDEX`` 위치는 뺍니다."""
    was_training = model.training
    model.eval()
    total_loss = torch.zeros((), device=data.device, dtype=torch.float64)
    total_correct = torch.zeros((), device=data.device, dtype=torch.int64)
    total_count = torch.zeros((), device=data.device, dtype=torch.int64)
    for i in range(0, data.x_val.shape[0], chunk):
        logits = model(data.x_val[i : i + chunk])
        y = data.y_val[i : i + chunk]
        valid = y != IGNORE_INDEX
        count = valid.sum()
        total_loss += cross_entropy(logits, y).double() * count
        total_correct += ((logits.argmax(-1) == y) & valid).sum()
        total_count += count
    model.train(was_training)
    return total_loss / total_count, total_correct.double() / total_count


def make_optimizer(config: OptimizerConfig, params, lr: float = 0.0) -> torch.optim.Optimizer:
    """PyTorch 옵티마이저를 만듭니다. 학습률은 스텝마다 스케줄이 덮어씁니다."""
    if config.name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=config.momentum, weight_decay=config.weight_decay)
    adam = torch.optim.Adam if config.name == "adam" else torch.optim.AdamW
    return adam(params, lr=lr, betas=config.betas, eps=config.eps, weight_decay=config.weight_decay)


@contextlib.contextmanager
def torch_threads(num_threads: int | None, device: torch.device):
    """CPU에서 학습하는 동안만 torch의 스레드 수를 ``num_threads``로 둡니다. 끝나면(오류가 나도) 되돌립니다."""
    previous = torch.get_num_threads()
    if num_threads is not None and device.type == "cpu":
        torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        if torch.get_num_threads() != previous:
            torch.set_num_threads(previous)


# ---------------------------------------------------------------------------
# 발산 검사와 진행 막대
# ---------------------------------------------------------------------------


def diverging(loss: torch.Tensor, bound: float) -> torch.Tensor:
    """손실 텐서의 원소마다 발산했는지: NaN·무한대이거나 ``bound``보다 큽니다."""
    return ~torch.isfinite(loss) | (loss > bound)


class LossLog:
    """스텝마다의 학습 손실을 적으며 발산을 찾습니다.

    CPU에서는 스텝마다 값을 읽습니다(``.item()``은 싸고, 발산하면 바로 멈춥니다). 다른 장치에서는 값을 읽을 때마다
    동기화가 일어나므로 :data:`CHECK_EVERY`(25) 스텝마다 한꺼번에 읽습니다. 어느 쪽이든 처음 발산한 스텝이
    ``diverged_at``에 남고, 그 뒤의 값은 적지 않습니다.
    """

    def __init__(self, bound: float, device: torch.device):
        # 손실은 float32이므로, float32로 반올림한 상한과 비교해야 텐서 비교(``diverging``)와 같은 답이 나옵니다.
        self.bound = float(torch.tensor(bound, dtype=torch.float32))
        self.check_every = CHECK_EVERY.get(device.type, 25)
        self.values: list[float] = []
        self.diverged_at: int | None = None
        self._unread: list[torch.Tensor] = []

    def add(self, loss: torch.Tensor, last: bool = False) -> bool:
        """손실 하나를 적습니다. 발산을 찾으면 True입니다. ``last``면 남은 값을 모두 읽습니다."""
        if self.check_every == 1:
            values = [loss.item()]
        else:
            self._unread.append(loss.detach())
            if len(self._unread) < self.check_every and not last:
                return False
            values = torch.stack(self._unread).tolist()  # 한 번의 동기화로 모두 읽습니다
            self._unread.clear()
        for value in values:
            self.values.append(value)
            if not (math.isfinite(value) and value <= self.bound):
                self.diverged_at = len(self.values) - 1
                return True
        return False

    def as_array(self) -> np.ndarray:
        """적은 손실 (float32 값을 float64 배열로)."""
        return np.asarray(self.values, dtype=np.float32).astype(np.float64)


class ProgressBar:
    """오래 걸리는 학습에만 tqdm 막대를 띄웁니다.

    처음 몇 스텝은 준비 때문에 느리므로 스텝 5–25의 속도로 남은 시간을 어림하고, :func:`progress_enabled`가
    허락할 때만(기본: 2초를 넘을 것 같을 때) 막대를 띄웁니다. 막대는 1 %마다 갱신합니다.
    """

    def __init__(self, total: int, desc: str, progress: bool | None):
        self.total, self.desc, self.progress = total, desc, progress
        self.warm, self.decide = min(5, total), min(25, total)
        self.every = max(1, total // 100)
        self.bar = None
        self.t_warm = None

    def update(self, done: int) -> None:
        """``done`` 스텝을 마쳤습니다."""
        if done == self.warm:
            self.t_warm = time.perf_counter()
        if self.bar is None:
            if done == self.decide and self.progress is not False:
                rate = (time.perf_counter() - self.t_warm) / max(1, done - self.warm)
                if progress_enabled(self.progress, rate * (self.total - done)):
                    from tqdm.auto import tqdm

                    self.bar = tqdm(total=self.total, initial=done, desc=self.desc, unit="스텝", leave=False)
        elif done % self.every == 0:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
