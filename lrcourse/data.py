"""오프라인 데이터: 내장 손글씨 숫자와, 시드로부터 결정적으로 만드는 세 가지 과제.

- :func:`load_digits`: 8×8 손글씨 숫자 1,797장(UCI optdigits, CC BY 4.0). ``data/digits.npz``에서 읽습니다.
- :func:`make_least_squares`: 가장 큰 곡률 L을 정확히 아는 최소제곱(이차) 문제. 경사 하강법은
  학습률이 2/L보다 작으면 수렴하고 크면 발산합니다.
- :func:`trigram_stream`: 고정된 무작위 트라이그램 모델이 만드는 끝없는 토큰 스트림.
  엔트로피 하한(어떤 모델도 이보다 낮은 기대 손실을 낼 수 없음)을 정확히 계산해 둡니다.
- :func:`reversal_task`: 수열 뒤집기. 작은 트랜스포머용입니다.

학습용 데이터는 모두 :class:`Dataset` 하나로 표현합니다. 고정된 학습 세트가 있으면 ``x_train``/``y_train``을,
끝없는 스트림이면 ``sample(batch_size, generator)``를 씁니다. 텐서는 처음부터 목표 장치에 만들어 두므로
학습 중에 CPU↔GPU 복사가 없습니다.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import torch

from ._checks import check_int, check_real, fail

__all__ = [
    "Dataset",
    "LeastSquares",
    "load_digits",
    "make_least_squares",
    "trigram_stream",
    "reversal_task",
    "resolve_device",
    "to_device",
    "exact_excess_loss",
    "IGNORE_INDEX",
]

# 손실에 넣지 않는 목표 값 (PyTorch cross_entropy의 기본 ignore_index와 같습니다).
IGNORE_INDEX = -100

# 데이터 파일은 패키지 안에 둡니다: git 설치(Colab) 같은 편집 불가 설치에서도 찾을 수 있어야 합니다.
# 저장소의 data/digits.npz는 이 파일을 가리키는 링크입니다.
_DATA_DIR = pathlib.Path(__file__).resolve().parent / "_data"


def resolve_device(device="auto") -> torch.device:
    """``'auto'``면 CUDA가 있을 때 CUDA, 없으면 CPU를 돌려줍니다. 그 밖에는 ``torch.device(device)``입니다."""
    if device is None or (isinstance(device, str) and device == "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if isinstance(device, torch.device):
        return device
    if not isinstance(device, str):
        fail("device", device, "'auto', 'cpu', 'cuda' 같은 문자열 또는 torch.device", TypeError)
    try:
        return torch.device(device)
    except RuntimeError:
        fail("device", device, "'auto', 'cpu', 'cuda', 'cuda:0' 같은 장치 이름")


@dataclass(frozen=True)
class Dataset:
    """분류(또는 토큰별 분류) 과제 하나.

    Attributes:
        name: 과제 이름 (예: ``"digits"``).
        x_val, y_val: 고정된 검증 세트. ``y``에서 ``IGNORE_INDEX``(-100)인 위치는 손실과 정확도에서 뺍니다.
        num_classes: 클래스(또는 어휘) 수.
        x_train, y_train: 고정된 학습 세트. 스트림 과제면 ``None``입니다.
        sample: 스트림 과제에서 ``sample(batch_size, generator) -> (x, y)``. 고정 세트 과제면 ``None``입니다.
        entropy_floor: 기대 교차 엔트로피의 이론적 하한(nats). 알 수 없으면 ``None``입니다.
        info: 과제를 만든 인자와 부가 정보 (읽기 전용으로 쓰세요).
    """

    name: str
    x_val: torch.Tensor
    y_val: torch.Tensor
    num_classes: int
    x_train: torch.Tensor | None = None
    y_train: torch.Tensor | None = None
    sample: Callable | None = None
    entropy_floor: float | None = None
    info: dict = field(default_factory=dict)

    @property
    def device(self) -> torch.device:
        return self.x_val.device

    @property
    def is_stream(self) -> bool:
        """끝없는 스트림이면 True (에포크 개념이 없습니다)."""
        return self.x_train is None

    @property
    def num_train(self) -> int | None:
        return None if self.x_train is None else int(self.x_train.shape[0])

    def __repr__(self) -> str:
        size = "스트림" if self.is_stream else f"학습 {self.num_train}개"
        return f"Dataset({self.name!r}, {size}, 검증 {self.x_val.shape[0]}개, device={self.device})"


# ---------------------------------------------------------------------------
# 손글씨 숫자
# ---------------------------------------------------------------------------


def load_digits(device="cpu", *, val_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """8×8 손글씨 숫자(1,797장)를 학습/검증으로 나눠 ``device`` 위의 텐서로 돌려줍니다.

    ``x``는 (N, 1, 8, 8) float32, 픽셀 값을 16으로 나눠 [0, 1]에 둡니다. ``y``는 int64 레이블 0–9입니다.
    ``seed``로 섞은 뒤 앞의 ``1 - val_fraction``을 학습, 나머지를 검증으로 씁니다(기본: 1,438 / 359장).
    같은 ``seed``면 언제나 같은 분할입니다. 출처와 라이선스는 ``data/README.md``에 있습니다.
    """
    val_fraction = check_real("val_fraction", val_fraction, low=0.0, high=1.0, low_inclusive=False,
                              high_inclusive=False, allowed="0보다 크고 1보다 작은 실수")
    seed = check_int("seed", seed, low=0)
    dev = resolve_device(device)
    path = _DATA_DIR / "digits.npz"
    if not path.exists():
        raise FileNotFoundError(f"숫자 데이터 파일을 찾을 수 없습니다: {path}. lrcourse 패키지를 다시 설치하세요.")
    with np.load(path) as f:
        images, labels = f["images"], f["labels"]
    order = np.random.default_rng(seed).permutation(len(labels))
    num_val = int(round(len(labels) * val_fraction))
    train_idx, val_idx = order[:-num_val], order[-num_val:]
    x = torch.from_numpy(images.astype(np.float32) / 16.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return Dataset(
        name="digits",
        x_train=x[train_idx].to(dev),
        y_train=y[train_idx].to(dev),
        x_val=x[val_idx].to(dev),
        y_val=y[val_idx].to(dev),
        num_classes=10,
        info={"val_fraction": val_fraction, "seed": seed},
    )


# ---------------------------------------------------------------------------
# 최소제곱 문제
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LeastSquares:
    """f(x) = ½‖A x − b‖² 형태의 이차 문제 (numpy float64).

    헤세 행렬 AᵀA의 고윳값은 정확히 ``curvatures``이고, 가장 큰 값이 ``L``, 가장 작은 값이 ``mu``입니다.
    최솟점은 ``x_star``이고 최솟값은 0입니다.
    """

    A: np.ndarray
    b: np.ndarray
    x_star: np.ndarray
    curvatures: np.ndarray

    @property
    def L(self) -> float:
        """가장 큰 곡률(헤세 행렬의 가장 큰 고윳값). 경사 하강법은 학습률 < 2/L에서 수렴합니다."""
        return float(self.curvatures.max())

    @property
    def mu(self) -> float:
        """가장 작은 곡률."""
        return float(self.curvatures.min())

    @property
    def dim(self) -> int:
        return int(self.x_star.shape[0])

    def loss(self, x) -> np.ndarray:
        """f(x). ``x``의 마지막 축이 좌표입니다: (d,) 또는 (..., d) 모양을 받습니다."""
        r = np.asarray(x, dtype=np.float64) @ self.A.T - self.b
        return 0.5 * np.sum(r * r, axis=-1)

    def grad(self, x) -> np.ndarray:
        """∇f(x) = Aᵀ(A x − b)."""
        r = np.asarray(x, dtype=np.float64) @ self.A.T - self.b
        return r @ self.A

    def __repr__(self) -> str:
        return f"LeastSquares(dim={self.dim}, L={self.L:g}, mu={self.mu:g})"


def make_least_squares(dim: int = 2, L: float = 1.0, condition: float = 10.0, *, seed: int = 0) -> LeastSquares:
    """가장 큰 곡률이 정확히 ``L``인 최소제곱 문제를 만듭니다.

    A = U·diag(s)·Vᵀ (U, V는 시드로 만든 무작위 직교 행렬)로 특이값 s를 직접 정합니다. s²가 헤세 행렬 AᵀA의
    고윳값(곡률)이며 L부터 L/condition까지 로그 간격으로 놓입니다. 그래서 경사 하강법의 발산 문턱 2/L이
    정확합니다. 최솟점 ``x_star``도 시드로 정하고, b = A·x_star이므로 최솟값은 0입니다.
    """
    dim = check_int("dim", dim, low=1)
    L = check_real("L", L, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    condition = check_real("condition", condition, low=1.0, allowed="1 이상의 유한한 실수")
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    curvatures = L / np.geomspace(1.0, condition, dim) if dim > 1 else np.array([L])
    curvatures[0] = L  # geomspace의 반올림과 무관하게 정확히 L
    U, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    V, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    A = U @ np.diag(np.sqrt(curvatures)) @ V.T
    x_star = rng.standard_normal(dim)
    b = A @ x_star
    return LeastSquares(A=A, b=b, x_star=x_star, curvatures=curvatures)


# ---------------------------------------------------------------------------
# 트라이그램 토큰 스트림
# ---------------------------------------------------------------------------


def _trigram_model(vocab_size: int, concentration: float, seed: int):
    """P[a, b, c] = P(다음 = c | 앞앞 = a, 앞 = b)와 쌍 (a, b)의 정상 분포 π를 돌려줍니다."""
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.full(vocab_size, concentration), size=(vocab_size, vocab_size))
    # 쌍 (a, b) → (b, c)로 가는 마르코프 연쇄. 모든 전이 확률이 양수이므로 정상 분포 π는 하나뿐이고,
    # 거듭제곱법 π'(b, c) = Σ_a π(a, b)·P(c|a, b)가 빠르게 수렴합니다.
    pi = np.full((vocab_size, vocab_size), 1.0 / vocab_size**2)
    for _ in range(10_000):
        new = np.einsum("ab,abc->bc", pi, probs)
        new /= new.sum()
        if np.abs(new - pi).max() < 1e-16:
            break
        pi = new
    return probs, new


def trigram_stream(
    vocab_size: int = 32,
    seq_len: int = 16,
    *,
    concentration: float = 0.5,
    num_val: int = 4096,
    seed: int = 0,
    device="cpu",
) -> Dataset:
    """고정된 무작위 트라이그램 모델이 만드는 끝없는 토큰 스트림.

    모델: 쌍 (a, b)마다 다음 토큰의 분포 P(·|a, b) ~ Dirichlet(concentration)을 시드로 한 번 뽑습니다.
    수열은 쌍의 정상 분포 π에서 시작하므로 모든 위치가 같은 분포를 따릅니다.

    ``sample(batch_size, generator)``는 길이 ``seq_len + 1``의 수열에서 입력 x = 수열[:-1], 목표 y = 수열[1:]을
    돌려줍니다(모양 (B, seq_len)). 위치 0의 목표는 앞앞 토큰이 없으므로 ``IGNORE_INDEX``로 뺍니다.
    그래서 손실에 들어가는 모든 목표의 조건부 엔트로피는 정확히

        H = Σ_(a,b) π(a, b) · H(P(·|a, b))   (nats)

    이고, 이것이 ``entropy_floor``입니다. "초과 손실" = 손실 − H는 0 이상입니다(기댓값으로).
    검증 세트는 시드로 고정한 ``num_val``개 수열입니다.
    """
    vocab_size = check_int("vocab_size", vocab_size, low=2, high=256)
    seq_len = check_int("seq_len", seq_len, low=2)
    concentration = check_real("concentration", concentration, low=0.0, low_inclusive=False,
                               allowed="0보다 큰 유한한 실수")
    num_val = check_int("num_val", num_val, low=1)
    seed = check_int("seed", seed, low=0)
    dev = resolve_device(device)
    probs, pi = _trigram_model(vocab_size, concentration, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        ent = -np.sum(np.where(probs > 0, probs * np.log(probs), 0.0), axis=-1)
    floor = float(np.sum(pi * ent))
    V = vocab_size
    cdf_next = torch.from_numpy(np.cumsum(probs.reshape(V * V, V), axis=-1)).to(dev, torch.float64)
    cdf_next[:, -1] = 1.0 + 1e-9  # 반올림으로 u가 끝을 넘지 않도록
    cdf_pair = torch.from_numpy(np.cumsum(pi.reshape(-1))).to(dev, torch.float64)
    cdf_pair[-1] = 1.0 + 1e-9

    def sample(batch_size: int, generator: torch.Generator):
        u = torch.rand(seq_len, batch_size, 1, generator=generator, device=dev, dtype=torch.float64)
        pair = torch.searchsorted(cdf_pair, u[0]).squeeze(1)  # (B,) 쌍 번호 a·V + b
        tokens = [pair // V, pair % V]
        for t in range(1, seq_len):
            nxt = torch.searchsorted(cdf_next[pair], u[t]).squeeze(1)
            tokens.append(nxt)
            pair = (pair % V) * V + nxt
        seq = torch.stack(tokens, dim=1)  # (B, seq_len + 1)
        x, y = seq[:, :-1], seq[:, 1:].clone()
        y[:, 0] = IGNORE_INDEX
        return x, y

    gen = torch.Generator(device=dev).manual_seed(seed + 1_000_003)
    x_val, y_val = sample(num_val, gen)
    return Dataset(
        name="trigram",
        x_val=x_val,
        y_val=y_val,
        num_classes=vocab_size,
        sample=sample,
        entropy_floor=floor,
        info={"vocab_size": vocab_size, "seq_len": seq_len, "concentration": concentration, "seed": seed,
              "probs": probs, "pair_distribution": pi},
    )


# ---------------------------------------------------------------------------
# 수열 뒤집기
# ---------------------------------------------------------------------------


def reversal_task(vocab_size: int = 16, seq_len: int = 16, *, num_val: int = 1024, seed: int = 0,
                  device="cpu") -> Dataset:
    """수열 뒤집기: 입력 x는 균등한 무작위 토큰 ``seq_len``개, 목표 y는 x를 거꾸로 한 것입니다.

    모델은 위치마다 y[i] = x[seq_len − 1 − i]를 맞혀야 하므로 위치 정보와 주의(attention)가 필요합니다.
    무작위로 찍으면 정확도는 1/vocab_size입니다. 끝없는 스트림이며 검증 세트는 시드로 고정합니다.
    """
    vocab_size = check_int("vocab_size", vocab_size, low=2)
    seq_len = check_int("seq_len", seq_len, low=2)
    num_val = check_int("num_val", num_val, low=1)
    seed = check_int("seed", seed, low=0)
    dev = resolve_device(device)

    def sample(batch_size: int, generator: torch.Generator):
        x = torch.randint(vocab_size, (batch_size, seq_len), generator=generator, device=dev)
        return x, x.flip(1)

    gen = torch.Generator(device=dev).manual_seed(seed + 1_000_003)
    x_val, y_val = sample(num_val, gen)
    return Dataset(
        name="reversal",
        x_val=x_val,
        y_val=y_val,
        num_classes=vocab_size,
        sample=sample,
        entropy_floor=0.0,
        info={"vocab_size": vocab_size, "seq_len": seq_len, "seed": seed},
    )


def to_device(data: Dataset, device) -> Dataset:
    """고정 세트 과제를 다른 장치로 옮긴 사본을 돌려줍니다. 스트림 과제는 만들 때 ``device``를 주세요."""
    dev = resolve_device(device)
    if data.device == dev:
        return data
    if data.is_stream:
        fail("data", data, f"{dev}에서 만든 스트림 과제 (스트림은 만들 때 device=를 주세요)")
    return replace(data, x_train=data.x_train.to(dev), y_train=data.y_train.to(dev),
                   x_val=data.x_val.to(dev), y_val=data.y_val.to(dev))



@torch.no_grad()
def exact_excess_loss(model, data: Dataset) -> float:
    """트라이그램 스트림에서 모델의 **정확한** 기대 초과 손실(nats)을 표본 없이 계산합니다.

    초과 손실 = Σ_(a,b) π(a, b) · KL(P(·|a, b) ‖ q(·|a, b)) ≥ 0. 여기서 q(·|a, b)는 모델이 입력 [a, b]의
    위치 1에서 내는 분포입니다. 그래서 위치 t의 예측이 토큰 t−1과 t에만 기대는 모델(:func:`lrcourse.models.ngram_table`,
    :func:`lrcourse.models.token_mlp`)에만 맞습니다. 검증 표본의 잡음이 없으므로 스케줄을 비교하는 테스트에 씁니다.
    """
    if not isinstance(data, Dataset) or "probs" not in data.info:
        fail("data", getattr(data, "name", data), "trigram_stream()이 만든 과제")
    probs, pi = data.info["probs"], data.info["pair_distribution"]
    V = probs.shape[0]
    pairs = torch.cartesian_prod(torch.arange(V), torch.arange(V)).to(data.device)  # (V², 2): [a, b]
    was_training = model.training
    model.eval()
    log_q = torch.log_softmax(model(pairs)[:, 1].double(), dim=-1).cpu().numpy().reshape(V, V, V)
    model.train(was_training)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.sum(np.where(probs > 0, probs * (np.log(probs) - log_q), 0.0), axis=-1)
    return float(np.sum(pi * kl))
