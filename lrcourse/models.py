"""강좌에서 쓰는 작은 모델들. 모두 ``seed``로 초기화가 고정됩니다(같은 시드 → 같은 가중치).

- :func:`mlp`: 손글씨 숫자용 다층 퍼셉트론 (Flatten → [Linear → ReLU] × n → Linear)
- :func:`cnn`: 손글씨 숫자용 작은 합성곱 신경망
- :func:`ngram_table`: 트라이그램 스트림용 로짓 표. (앞 토큰, 현재 토큰) 쌍마다 다음 토큰의 로짓을 그대로 배웁니다.
  손실이 로짓에 대해 볼록하므로 "상수 학습률은 잡음 바닥에 머문다"를 가장 깨끗하게 보여 줍니다.
- :func:`token_mlp`: 트라이그램 스트림용. 위치마다 현재 토큰과 바로 앞 토큰만 보고 다음 토큰을 예측합니다.
- :func:`tiny_transformer`: 토큰 임베딩 + 위치 임베딩 + 트랜스포머 블록 N개. ``norm_first``로 pre-LN/post-LN을 고릅니다.

모델을 만드는 동안만 전역 난수 상태를 ``seed``로 바꾸고, 끝나면 원래대로 돌려놓습니다.
"""

from __future__ import annotations

import torch
from torch import nn

from ._checks import check_int, fail

__all__ = ["mlp", "cnn", "ngram_table", "token_mlp", "tiny_transformer"]


def _check_hidden(hidden) -> tuple[int, ...]:
    if isinstance(hidden, int) and not isinstance(hidden, bool):
        hidden = (hidden,)
    if not isinstance(hidden, (tuple, list)):
        fail("hidden", hidden, "양의 정수 또는 양의 정수의 튜플 (예: (64,) 또는 (128, 64))", TypeError)
    return tuple(check_int("hidden", h, low=1) for h in hidden)


def mlp(in_features: int = 64, hidden=(64,), num_classes: int = 10, *, seed: int = 0) -> nn.Sequential:
    """다층 퍼셉트론: Flatten → (Linear → ReLU) × len(hidden) → Linear.

    입력은 (N, 1, 8, 8)이든 (N, 64)든 펼쳐서 씁니다. 초기화는 PyTorch 기본(Kaiming 균등)이며 ``seed``로 고정됩니다.
    배치 엔진(:mod:`lrcourse.batched`)이 이 구조(Flatten, Linear, ReLU만)를 그대로 K개 복사해 벡터화합니다.
    """
    in_features = check_int("in_features", in_features, low=1)
    num_classes = check_int("num_classes", num_classes, low=2)
    hidden = _check_hidden(hidden)
    seed = check_int("seed", seed, low=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers: list[nn.Module] = [nn.Flatten()]
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, num_classes))
        return nn.Sequential(*layers)


def cnn(num_classes: int = 10, channels=(16, 32), *, seed: int = 0) -> nn.Sequential:
    """8×8 흑백 이미지용 작은 CNN: [Conv3×3 → ReLU → MaxPool2] × 2 → Flatten → Linear.

    8×8 → 4×4 → 2×2로 줄어들고, 마지막 Linear가 ``channels[1]·2·2``개 특징을 클래스로 보냅니다.
    """
    num_classes = check_int("num_classes", num_classes, low=2)
    if not isinstance(channels, (tuple, list)) or len(channels) != 2:
        fail("channels", channels, "양의 정수 두 개의 튜플 (예: (16, 32))", TypeError)
    c1, c2 = (check_int("channels", c, low=1) for c in channels)
    seed = check_int("seed", seed, low=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(c2 * 4, num_classes),
        )


class _NgramTable(nn.Module):
    """위치 t의 로짓 = 표[(토큰 t−1, 토큰 t)]. 위치 0에는 앞 토큰 자리에 0을 씁니다."""

    def __init__(self, vocab_size: int):
        super().__init__()
        self.vocab_size = vocab_size
        self.table = nn.Embedding(vocab_size * vocab_size, vocab_size)
        nn.init.zeros_(self.table.weight)  # 처음에는 모든 토큰이 같은 확률: 손실 = ln(vocab_size)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:  # (B, T) → (B, T, V)
        prev = torch.cat([torch.zeros_like(tokens[:, :1]), tokens[:, :-1]], dim=1)
        return self.table(prev * self.vocab_size + tokens)


def ngram_table(vocab_size: int = 32) -> nn.Module:
    """트라이그램 로짓 표: (B, T) 토큰 → (B, T, vocab_size) 로짓. 매개변수는 vocab_size³개입니다.

    (앞 토큰, 현재 토큰) 쌍마다 다음 토큰의 로짓을 하나씩 가지는, 가장 단순한 트라이그램 언어 모델입니다.
    초기값은 0(균등 분포)이라 시드가 필요 없습니다. 교차 엔트로피가 로짓에 대해 볼록하므로, 초과 손실은
    최적화가 덜 된 만큼과 학습률이 남긴 잡음만큼으로만 이루어집니다.
    """
    vocab_size = check_int("vocab_size", vocab_size, low=2)
    return _NgramTable(vocab_size)


class _TokenMLP(nn.Module):
    """위치 t에서 (토큰 t, 토큰 t−1)의 임베딩을 이어 붙여 MLP로 다음 토큰을 예측합니다."""

    def __init__(self, vocab_size: int, embed_dim: int, hidden: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.net = nn.Sequential(nn.Linear(2 * embed_dim, hidden), nn.ReLU(), nn.Linear(hidden, vocab_size))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:  # (B, T) → (B, T, V)
        e = self.embed(tokens)
        prev = torch.cat([torch.zeros_like(e[:, :1]), e[:, :-1]], dim=1)  # 위치 0에는 앞 토큰이 없습니다
        return self.net(torch.cat([e, prev], dim=-1))


def token_mlp(vocab_size: int = 32, embed_dim: int = 32, hidden: int = 128, *, seed: int = 0) -> nn.Module:
    """트라이그램 스트림용 작은 모델: (B, T) 토큰 → (B, T, vocab_size) 로짓.

    위치 t의 예측은 토큰 t와 t−1에만 기대므로 트라이그램 모델의 참 조건부 분포를 표현할 수 있습니다.
    그래서 충분히 학습하면 손실이 ``entropy_floor``에 다가갑니다.
    """
    vocab_size = check_int("vocab_size", vocab_size, low=2)
    embed_dim = check_int("embed_dim", embed_dim, low=1)
    hidden = check_int("hidden", hidden, low=1)
    seed = check_int("seed", seed, low=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _TokenMLP(vocab_size, embed_dim, hidden)


class _TinyTransformer(nn.Module):
    def __init__(self, vocab_size, seq_len, d_model, num_layers, nhead, dim_feedforward, norm_first, causal):
        super().__init__()
        self.causal = causal
        self.token_embed = nn.Embedding(vocab_size, d_model)
        # 위치 임베딩도 토큰 임베딩(nn.Embedding 기본값 N(0, 1))과 같은 크기로 시작합니다. 0.02처럼 작게 두면
        # 처음에 위치 정보가 토큰에 묻혀, 위치로 풀어야 하는 과제(뒤집기)가 긴 정체 구간에 갇힙니다.
        self.pos_embed = nn.Parameter(torch.randn(seq_len, d_model))
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout=0.0, batch_first=True,
                                           norm_first=norm_first)
        self.blocks = nn.TransformerEncoder(layer, num_layers, enable_nested_tensor=False)
        # pre-LN은 잔차 흐름이 정규화되지 않은 채 끝나므로 마지막에 LayerNorm을 한 번 둡니다 (GPT-2와 같음).
        self.final_norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:  # (B, T) → (B, T, V)
        T = tokens.shape[1]
        h = self.token_embed(tokens) + self.pos_embed[:T]
        mask = nn.Transformer.generate_square_subsequent_mask(T, device=tokens.device) if self.causal else None
        h = self.blocks(h, mask=mask, is_causal=self.causal)
        return self.head(self.final_norm(h))


def tiny_transformer(
    vocab_size: int = 16,
    seq_len: int = 16,
    d_model: int = 64,
    num_layers: int = 2,
    nhead: int = 4,
    dim_feedforward: int | None = None,
    *,
    norm_first: bool = True,
    causal: bool = False,
    seed: int = 0,
) -> nn.Module:
    """작은 트랜스포머: 토큰 임베딩 + 학습되는 위치 임베딩 → 블록 ``num_layers``개 → (LayerNorm) → Linear.

    ``norm_first=True``는 pre-LN(각 부분층 앞에서 정규화; GPT-2 이후의 표준), ``False``는 원 논문의 post-LN
    (잔차를 더한 뒤 정규화)입니다. post-LN은 높은 학습률에서 워밍업 없이 학습이 잘 깨집니다.
    ``causal=True``면 앞쪽 토큰만 보는 마스크를 씁니다(언어 모델용). 드롭아웃은 쓰지 않습니다.
    """
    vocab_size = check_int("vocab_size", vocab_size, low=2)
    seq_len = check_int("seq_len", seq_len, low=1)
    d_model = check_int("d_model", d_model, low=1)
    num_layers = check_int("num_layers", num_layers, low=1)
    nhead = check_int("nhead", nhead, low=1)
    if d_model % nhead:
        fail("nhead", nhead, f"d_model={d_model}을 나누어떨어지게 하는 양의 정수")
    dim_feedforward = 4 * d_model if dim_feedforward is None else check_int("dim_feedforward", dim_feedforward, low=1)
    if not isinstance(norm_first, bool):
        fail("norm_first", norm_first, "True (pre-LN) 또는 False (post-LN)", TypeError)
    if not isinstance(causal, bool):
        fail("causal", causal, "True 또는 False", TypeError)
    seed = check_int("seed", seed, low=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _TinyTransformer(vocab_size, seq_len, d_model, num_layers, nhead, dim_feedforward, norm_first, causal)
