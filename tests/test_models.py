"""lrcourse.models: 모양과 고정 시드 초기화."""

import pytest
import torch

from lrcourse import models


def _same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


@pytest.mark.parametrize(
    "make, x, out_shape",
    [
        (lambda s: models.mlp(seed=s), torch.rand(5, 1, 8, 8), (5, 10)),
        (lambda s: models.cnn(seed=s), torch.rand(5, 1, 8, 8), (5, 10)),
        (lambda s: models.token_mlp(vocab_size=7, seed=s), torch.randint(7, (5, 9)), (5, 9, 7)),
        (lambda s: models.tiny_transformer(vocab_size=6, seq_len=9, seed=s), torch.randint(6, (5, 9)), (5, 9, 6)),
    ],
)
def test_shapes_and_seeded_init(make, x, out_shape):
    assert make(0)(x).shape == out_shape
    assert _same_weights(make(0), make(0))
    assert not _same_weights(make(0), make(1))


def test_seeded_init_leaves_global_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    models.mlp(seed=7)
    assert torch.equal(torch.rand(3), expected)


def test_pre_and_post_ln_differ_only_in_norm_placement():
    pre = models.tiny_transformer(norm_first=True)
    post = models.tiny_transformer(norm_first=False)
    assert pre.blocks.layers[0].norm_first and not post.blocks.layers[0].norm_first
    assert isinstance(pre.final_norm, torch.nn.LayerNorm) and isinstance(post.final_norm, torch.nn.Identity)


def test_token_mlp_ignores_tokens_before_previous_one():
    m = models.token_mlp(vocab_size=5)
    x = torch.tensor([[0, 1, 2, 3], [4, 4, 2, 3]])
    out = m(x)
    # 위치 3의 예측은 토큰 2, 3만 봅니다
    torch.testing.assert_close(out[0, 3], out[1, 3])


def test_bad_arguments_are_reported_in_korean():
    with pytest.raises(ValueError, match="nhead"):
        models.tiny_transformer(d_model=30, nhead=4)
    with pytest.raises(TypeError, match="norm_first"):
        models.tiny_transformer(norm_first="pre")
    with pytest.raises(ValueError, match="hidden"):
        models.mlp(hidden=(0,))


def test_ngram_table_starts_uniform_and_looks_up_pairs():
    m = models.ngram_table(vocab_size=4)
    x = torch.tensor([[1, 2, 3]])
    assert torch.equal(m(x), torch.zeros(1, 3, 4))  # 초기 로짓 0: 균등 분포, 손실 ln 4
    with torch.no_grad():
        m.table.weight[2 * 4 + 3] = torch.tensor([0.0, 1.0, 2.0, 3.0])  # 쌍 (2, 3)의 로짓
    torch.testing.assert_close(m(x)[0, 2], torch.tensor([0.0, 1.0, 2.0, 3.0]))
