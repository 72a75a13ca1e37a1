"""lrcourse.data: 내장 숫자 데이터와 시드로 만드는 과제들."""

import numpy as np
import pytest
import torch

from lrcourse import data


def test_digits_is_the_full_uci_set_split_deterministically():
    d = data.load_digits()
    # UCI optdigits 테스트 세트는 1,797장, 클래스 10개
    assert d.num_train + d.x_val.shape[0] == 1797
    assert d.x_train.shape[1:] == (1, 8, 8) and d.x_train.dtype == torch.float32
    assert float(d.x_train.min()) == 0.0 and float(d.x_train.max()) == 1.0  # 0..16 픽셀을 16으로 나눔
    labels = torch.cat([d.y_train, d.y_val])
    assert torch.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    again = data.load_digits()
    assert torch.equal(d.x_val, again.x_val) and torch.equal(d.y_train, again.y_train)
    other = data.load_digits(seed=1)
    assert not torch.equal(d.y_val, other.y_val)


def test_digits_rejects_bad_split():
    with pytest.raises(ValueError, match="val_fraction"):
        data.load_digits(val_fraction=1.0)


@pytest.mark.parametrize("dim, L, condition", [(2, 1.0, 10.0), (10, 3.5, 100.0), (1, 0.2, 1.0)])
def test_least_squares_has_exact_curvature(dim, L, condition):
    p = data.make_least_squares(dim, L, condition, seed=3)
    eig = np.linalg.eigvalsh(p.A.T @ p.A)
    assert eig.max() == pytest.approx(L, rel=1e-12)
    assert eig.min() == pytest.approx(L / condition, rel=1e-10)
    assert p.loss(p.x_star) == pytest.approx(0.0, abs=1e-20)
    # 기울기는 해석적 식과 유한 차분이 맞아야 합니다
    x = np.linspace(-1, 1, dim)
    eps = 1e-6
    fd = np.array([(p.loss(x + eps * e) - p.loss(x - eps * e)) / (2 * eps) for e in np.eye(dim)])
    np.testing.assert_allclose(p.grad(x), fd, rtol=1e-6, atol=1e-8)


def test_trigram_floor_matches_true_model_cross_entropy():
    t = data.trigram_stream(vocab_size=8, seq_len=12, num_val=4000, seed=1)
    probs = torch.from_numpy(t.info["probs"])
    x, y = t.x_val, t.y_val
    assert (y[:, 0] == data.IGNORE_INDEX).all()  # 위치 0은 앞앞 토큰이 없어 뺍니다
    ce = -torch.log(probs[x[:, :-1], x[:, 1:], y[:, 1:]]).mean().item()
    # 참 모델의 교차 엔트로피는 하한과 같아야 합니다. 표본 44,000개의 표준오차는 약 0.005
    assert ce == pytest.approx(t.entropy_floor, abs=0.02)
    assert 0 < t.entropy_floor < np.log(8)


def test_trigram_stream_is_deterministic_and_fresh():
    t = data.trigram_stream(seed=0)
    g = torch.Generator().manual_seed(5)
    x1, _ = t.sample(16, g)
    x2, _ = t.sample(16, g)
    x3, _ = t.sample(16, torch.Generator().manual_seed(5))
    assert torch.equal(x1, x3) and not torch.equal(x1, x2)
    assert data.trigram_stream(seed=0).entropy_floor == t.entropy_floor


def test_reversal_targets_are_reversed_inputs():
    r = data.reversal_task(vocab_size=5, seq_len=7)
    x, y = r.sample(4, torch.Generator().manual_seed(0))
    assert torch.equal(y, x.flip(1))
    assert x.max() < 5 and r.num_classes == 5


def test_bad_device_is_reported():
    with pytest.raises(ValueError, match="device"):
        data.load_digits(device="gpu7")


def test_exact_excess_loss_is_zero_for_true_model_and_ln_gap_for_uniform():
    from lrcourse import models

    t = data.trigram_stream(vocab_size=6, seed=2)
    m = models.ngram_table(6)
    # 균등 예측의 초과 손실 = ln V − 하한 (정의 그대로)
    assert data.exact_excess_loss(m, t) == pytest.approx(np.log(6) - t.entropy_floor, rel=1e-9)
    with torch.no_grad():  # 참 분포의 로그 확률을 표에 넣으면 초과 손실은 0
        m.table.weight.copy_(torch.from_numpy(np.log(t.info["probs"]).reshape(36, 6)))
    assert data.exact_excess_loss(m, t) == pytest.approx(0.0, abs=1e-6)
