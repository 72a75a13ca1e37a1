"""체크포인트가 믿을 수 없는 것을 거절하는지: 깨진 파일, 저장한 뒤 바뀐 내용, 다른 옵티마이저 하이퍼파라미터."""

import traceback

import numpy as np
import pytest
import torch

from lrcourse import data, models, schedules, train
from lrcourse.train import load_checkpoint, save_checkpoint


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def _fit(digits, **kw):
    kw.setdefault("steps", 20)
    kw.setdefault("schedule", schedules.constant(0.1))
    return train.fit(models.mlp(hidden=(32,)), digits, progress=False, **kw)


@pytest.fixture(scope="module")
def saved(digits, tmp_path_factory):
    """스텝 8에서 멈춘 SGD(모멘텀 0.9) 학습의 체크포인트 파일."""
    first = _fit(digits, momentum=0.9, checkpoint_at=8)
    return save_checkpoint(first.checkpoint, tmp_path_factory.mktemp("ckpt") / "ckpt.pt")


# ---------------------------------------------------------------------------
# 깨진 파일: 어떤 파일이 왜 쓸 수 없는지 한국어로, torch의 원래 오류 없이
# ---------------------------------------------------------------------------


def _truncated(path, saved):
    blob = saved.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])


def _empty(path, saved):
    path.write_bytes(b"")


def _random_bytes(path, saved):
    path.write_bytes(np.random.default_rng(0).bytes(4096))


def _plain_tensors(path, saved):
    torch.save({"weight": torch.zeros(3)}, path)  # torch 파일이지만 lrcourse 체크포인트가 아닙니다


def _pickled_module(path, saved):
    torch.save(models.mlp(hidden=(4,)), path)  # 모듈 객체 통째: weights_only로는 읽지 않습니다


BROKEN = {
    "truncated": (_truncated, "잘렸거나 손상된"),
    "empty": (_empty, "비어 있습니다"),
    "random_bytes": (_random_bytes, "잘렸거나 손상된"),
    "plain_tensors": (_plain_tensors, "lrcourse 체크포인트가 아닙니다"),
    "pickled_module": (_pickled_module, "잘렸거나 손상된"),
}


def _assert_clear(excinfo, path, reason):
    message = str(excinfo.value)
    assert str(path) in message and reason in message
    # torch의 원래 오류(OSError, EOFError, UnpicklingError)와 그 조언이 함께 보이지 않습니다
    assert excinfo.value.__cause__ is None and excinfo.value.__context__ is None
    shown = "".join(traceback.format_exception(excinfo.value))
    assert "weights_only" not in shown and "UnpicklingError" not in shown


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_is_refused_clearly(digits, saved, tmp_path, case):
    make, reason = BROKEN[case]
    path = tmp_path / f"{case}.pt"
    make(path, saved)
    with pytest.raises(ValueError) as excinfo:
        load_checkpoint(path)
    _assert_clear(excinfo, path, reason)
    with pytest.raises(ValueError) as excinfo:
        _fit(digits, momentum=0.9, resume=path)
    _assert_clear(excinfo, path, reason)
    assert "'resume'" in str(excinfo.value)  # fit에서는 resume 매개변수를 말합니다


def test_missing_file_is_reported_in_korean(tmp_path):
    with pytest.raises(FileNotFoundError, match="파일이 없습니다"):
        load_checkpoint(tmp_path / "없는 파일.pt")


def test_old_format_is_refused_with_advice(tmp_path, saved):
    old = torch.load(saved, weights_only=True)
    old["format"] = "lrcourse-checkpoint-1"
    del old["checksum"]
    torch.save(old, tmp_path / "old.pt")
    with pytest.raises(ValueError, match="이전 형식") as excinfo:
        load_checkpoint(tmp_path / "old.pt")
    current = torch.load(saved, weights_only=True)["format"]
    assert current != "lrcourse-checkpoint-1" and repr(current) in str(excinfo.value)  # 새 형식을 알려 줍니다


def test_save_leaves_no_partial_file(saved):
    assert [p.name for p in saved.parent.iterdir()] == ["ckpt.pt"]


# ---------------------------------------------------------------------------
# 검사합: 저장한 뒤 바뀐 내용
# ---------------------------------------------------------------------------


def _flip_one_weight(checkpoint):
    weight = checkpoint["model_state"]["1.weight"]
    weight[0, 0] = -weight[0, 0]  # 가중치 하나의 부호만 바꿉니다


def test_changed_file_is_refused(digits, saved, tmp_path):
    tampered = torch.load(saved, weights_only=True)
    _flip_one_weight(tampered)
    torch.save(tampered, tmp_path / "tampered.pt")
    with pytest.raises(ValueError, match="검사합"):
        load_checkpoint(tmp_path / "tampered.pt")
    with pytest.raises(ValueError, match="검사합"):
        _fit(digits, momentum=0.9, resume=tmp_path / "tampered.pt")


def test_changed_dict_is_refused(digits, tmp_path):
    first = _fit(digits, momentum=0.9, checkpoint_at=8)
    _fit(digits, momentum=0.9, resume=first.checkpoint)  # 바꾸기 전에는 받습니다
    _flip_one_weight(first.checkpoint)
    with pytest.raises(ValueError, match="검사합"):
        _fit(digits, momentum=0.9, resume=first.checkpoint)
    with pytest.raises(ValueError, match="검사합"):
        save_checkpoint(first.checkpoint, tmp_path / "unused.pt")
    assert not list(tmp_path.iterdir())


def test_resuming_twice_from_one_checkpoint_gives_the_same_run(digits):
    # 재개한 학습이 체크포인트의 모멘텀 버퍼를 제자리에서 바꾸면 두 번째 재개가 달라집니다(그리고 검사합이 깨집니다).
    first = _fit(digits, momentum=0.9, checkpoint_at=8)
    a = _fit(digits, momentum=0.9, resume=first.checkpoint)
    b = _fit(digits, momentum=0.9, resume=first.checkpoint)
    np.testing.assert_array_equal(a.loss, b.loss)


def test_changed_optimizer_state_is_refused(digits):
    first = _fit(digits, momentum=0.9, checkpoint_at=8)
    buffer = first.checkpoint["optimizer_state"]["state"][0]["momentum_buffer"]
    buffer.mul_(2.0)  # 모멘텀 버퍼도 검사합에 듭니다
    with pytest.raises(ValueError, match="검사합"):
        _fit(digits, momentum=0.9, resume=first.checkpoint)


# ---------------------------------------------------------------------------
# 옵티마이저 하이퍼파라미터가 다른 재개
# ---------------------------------------------------------------------------

MISMATCHES = {
    # (저장할 때의 설정, 재개할 때 바꾼 설정, 매개변수, 저장된 값의 글자, 새 값의 글자)
    "momentum": ({"optimizer": "sgd", "momentum": 0.9}, {"momentum": 0.5}, "momentum", "0.9", "0.5"),
    "sgd_weight_decay": ({"optimizer": "sgd"}, {"weight_decay": 1e-3}, "weight_decay", "0.0", "0.001"),
    "betas": ({"optimizer": "adam", "schedule": 1e-3}, {"betas": (0.8, 0.99)}, "betas", "(0.9, 0.999)",
              "(0.8, 0.99)"),
    "eps": ({"optimizer": "adam", "schedule": 1e-3}, {"eps": 1e-6}, "eps", "1e-08", "1e-06"),
    "adamw_weight_decay": ({"optimizer": "adamw", "schedule": 1e-3}, {"weight_decay": 0.1}, "weight_decay", "0.01",
                           "0.1"),
    "grad_clip": ({"optimizer": "sgd", "grad_clip": 1.0}, {"grad_clip": None}, "grad_clip", "1.0", "None"),
    "optimizer": ({"optimizer": "adam", "schedule": 1e-3}, {"optimizer": "adamw"}, "optimizer", "'adam'",
                  "'adamw'"),
}


@pytest.mark.parametrize("case", list(MISMATCHES))
def test_resume_with_other_optimizer_hyperparameters_is_refused(digits, case):
    saved_kw, changed, name, stored, new = MISMATCHES[case]
    first = _fit(digits, checkpoint_at=8, **saved_kw)
    with pytest.raises(ValueError) as excinfo:
        _fit(digits, resume=first.checkpoint, **{**saved_kw, **changed})
    message = str(excinfo.value)
    assert f"'{name}'" in message and f"{name}={stored}" in message and f": {new}." in message


def test_resume_accepts_the_default_written_out(digits):
    # AdamW의 weight_decay=None은 PyTorch 기본값 0.01입니다: 같은 값을 적어 재개해도 같은 설정입니다.
    kw = dict(optimizer="adamw", schedule=1e-3, steps=20)
    full = _fit(digits, **kw)
    first = _fit(digits, checkpoint_at=8, **kw)
    rest = _fit(digits, resume=first.checkpoint, weight_decay=0.01, **kw)
    np.testing.assert_array_equal(np.concatenate([first.loss, rest.loss]), full.loss)
