"""fit, fit_batched, lr_range_test가 함께 쓰는 엔진: 같은 검사, 같은 손실 규칙, 같은 스레드 규칙."""

import dataclasses

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lrcourse import data, models, train
from lrcourse.batched import fit_batched
from lrcourse.data import IGNORE_INDEX
from lrcourse.lr_finder import lr_range_test


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


@pytest.fixture(scope="module")
def digits_with_ignored(digits):
    """숫자 과제에서 학습·검증 목표의 셋에 하나를 IGNORE_INDEX로 바꾼 과제 (손실과 정확도에서 빠져야 합니다)."""
    def drop_every_third(y):
        y = y.clone()
        y[::3] = IGNORE_INDEX
        return y

    return dataclasses.replace(digits, name="digits-ignored", y_train=drop_every_third(digits.y_train),
                               y_val=drop_every_third(digits.y_val))


def test_batched_engine_ignores_ignore_index_like_fit(digits_with_ignored):
    task = digits_with_ignored
    kw = dict(steps=30, seed=0, eval_every=10, progress=False)
    alone = train.fit(models.mlp(), task, "sgd", 0.1, **kw)
    batched = fit_batched(models.mlp(), task, [0.1], "sgd", **kw)[0]
    # 무시할 위치를 세면 손실은 2/3로, 정확도는 2/3 이하로 줄어듭니다: 1e-4 허용 오차로 그 차이를 잡습니다.
    np.testing.assert_allclose(batched.loss, alone.loss, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(batched.val_loss, alone.val_loss, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(batched.val_acc, alone.val_acc, atol=1e-9)
    assert alone.val_acc[-1] > 0.7  # 30스텝이면 남은 목표의 대부분을 맞힙니다(무시한 위치를 세면 ≤ 2/3)


@pytest.mark.parametrize("run", ["fit", "fit_batched"])
def test_num_threads_is_set_during_training_and_restored(digits, monkeypatch, run):
    before = torch.get_num_threads()
    wanted = before + 1  # 지금과 다른 값이어야 학습 중에 바뀌었는지 보입니다
    seen = []
    real_cross_entropy = F.cross_entropy

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return real_cross_entropy(*args, **kwargs)

    monkeypatch.setattr(F, "cross_entropy", spy)
    if run == "fit":
        train.fit(models.mlp(), digits, steps=5, num_threads=wanted, progress=False)
    else:
        fit_batched(models.mlp(), digits, [0.1, 0.05], steps=5, num_threads=wanted, progress=False)
    assert seen and set(seen) == {wanted}  # 모든 손실 계산이 요청한 스레드 수로
    assert torch.get_num_threads() == before  # 끝나면 되돌립니다


@pytest.mark.parametrize("run", ["fit", "fit_batched"])
def test_num_threads_is_restored_after_an_error(digits, run):
    before = torch.get_num_threads()
    wrong = models.mlp(in_features=32)  # 숫자는 64픽셀: 첫 순전파에서 모양 오류가 납니다
    with pytest.raises(RuntimeError):
        if run == "fit":
            train.fit(wrong, digits, steps=5, num_threads=before + 1, progress=False)
        else:
            fit_batched(wrong, digits, [0.1], steps=5, num_threads=before + 1, progress=False)
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("kwargs, word", [
    ({"num_threads": 0}, "num_threads"),
    ({"momentum": 1.0}, "momentum"),
    ({"betas": (0.9,)}, "betas"),
    ({"eval_every": 0}, "eval_every"),
    ({"loss_bound": -1.0}, "loss_bound"),
    ({"steps": None}, "steps"),
    ({"batch_size": 5000}, "batch_size"),
])
def test_fit_and_fit_batched_report_bad_arguments_alike(digits, kwargs, word):
    kw = dict(steps=5, progress=False)
    kw.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=word) as single:
        train.fit(models.mlp(), digits, **kw)
    with pytest.raises(single.type, match=word) as batched:
        fit_batched(models.mlp(), digits, [0.1], **kw)
    assert str(single.value) == str(batched.value)  # 한 곳에서 검사하므로 같은 문장입니다


def test_default_eval_every_is_one_epoch_for_both_engines(digits):
    per_epoch = train.steps_per_epoch(digits, 64)
    alone = train.fit(models.mlp(), digits, epochs=2, progress=False)
    batched = fit_batched(models.mlp(), digits, [0.1], epochs=2, progress=False)[0]
    np.testing.assert_array_equal(alone.val_step, [0, per_epoch, 2 * per_epoch])
    np.testing.assert_array_equal(batched.val_step, alone.val_step)


def test_lr_range_test_checks_optimizer_arguments_like_fit(digits):
    with pytest.raises(ValueError, match="momentum"):
        lr_range_test(models.mlp(), digits, "sgd", momentum=1.5, steps=10)
    with pytest.raises(ValueError, match="optimizer"):
        lr_range_test(models.mlp(), digits, "rmsprop", steps=10)
    with pytest.raises(ValueError, match="batch_size"):  # 학습 세트(1,438장)보다 큰 배치는 한 에포크도 못 채웁니다
        lr_range_test(models.mlp(), digits, batch_size=5000, steps=10)
