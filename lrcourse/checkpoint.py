"""체크포인트: 학습을 중간에 멈췄다가 똑같이 이어 가기.

``fit(..., checkpoint_at=k)``이 ``History.checkpoint``에 재개용 상태를 담고, :func:`save_checkpoint`가 파일로,
:func:`load_checkpoint`가 다시 사전으로 바꿉니다. ``fit(..., resume=...)``은 사전이든 파일 경로든 받습니다.

믿을 수 없는 체크포인트는 받지 않습니다.

- 읽을 수 없는 파일(비었거나, 잘렸거나, 손상됐거나, lrcourse 체크포인트가 아닌 파일)은 이유를 말하는 ``ValueError``.
  파일은 ``torch.load(weights_only=True)``로만 읽습니다: 텐서와 기본 자료형 밖의 객체는 실행하지 않습니다.
- 체크포인트에는 내용 전체(설정, 스텝, 모델과 옵티마이저의 텐서)의 SHA-256 검사합이 들어 있습니다. 저장한 뒤
  내용이 하나라도 바뀌었으면(가중치 하나의 부호만 바뀌어도) 받지 않습니다.
- 재개할 때 설정(스케줄, 옵티마이저 종류와 하이퍼파라미터, 시드, 배치 크기, 과제, 전체 스텝 수, grad_clip)이 저장한
  것과 다르면 받지 않습니다. 옵티마이저 상태를 불러오면 PyTorch는 저장된 하이퍼파라미터로 이어 가므로, 다른 값을 받아
  주면 ``History.config``가 실제로 쓴 값과 어긋나기 때문입니다.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pathlib

import torch

from ._checks import fail

__all__ = ["save_checkpoint", "load_checkpoint", "make_checkpoint", "check_resume"]

FORMAT = "lrcourse-checkpoint-2"
_OLD_FORMATS = ("lrcourse-checkpoint-1",)
_REQUIRED = ("format", "step", "model_state", "optimizer_state", "checksum")
_NOT_OURS = "save_checkpoint로 저장한 lrcourse 체크포인트"


def make_checkpoint(settings: dict, step: int, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> dict:
    """재개용 상태(설정, 스텝, 모델과 옵티마이저의 CPU 사본)와 그 검사합을 담은 사전을 만듭니다."""
    checkpoint = dict(settings, format=FORMAT, step=int(step), model_state=_to_cpu(model.state_dict()),
                      optimizer_state=_to_cpu(optimizer.state_dict()))
    checkpoint["checksum"] = _checksum(checkpoint)
    return checkpoint


def save_checkpoint(checkpoint: dict, path) -> pathlib.Path:
    """``History.checkpoint``(모델·옵티마이저·스케줄 위치)를 파일로 저장합니다.

    임시 파일에 다 쓴 뒤 이름을 바꾸므로, 저장하다 멈춰도 반쯤 쓴 파일이 ``path``에 남지 않습니다.
    """
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        fail("checkpoint", type(checkpoint).__name__, "fit(..., checkpoint_at=k)이 돌려준 History.checkpoint", TypeError)
    _verified(checkpoint, "checkpoint", "History.checkpoint")
    path = pathlib.Path(path)
    partial = path.with_name(path.name + ".partial")
    torch.save(checkpoint, partial)
    os.replace(partial, path)
    return path


def load_checkpoint(path) -> dict:
    """:func:`save_checkpoint`로 저장한 파일을 읽고 검사합을 확인합니다. ``fit(..., resume=...)``에 그대로 넘기면 됩니다.

    Raises:
        FileNotFoundError: 파일이 없을 때.
        ValueError: 비었거나, 잘렸거나, 손상됐거나, lrcourse 체크포인트가 아니거나, 저장한 뒤 내용이 바뀐 파일.
    """
    return _read(path, "path")


def check_resume(resume, settings: dict) -> dict:
    """``fit(resume=...)``에 온 체크포인트(사전 또는 파일 경로)를 검사해 사전으로 돌려줍니다.

    ``settings``의 항목(스케줄, 옵티마이저와 하이퍼파라미터, 시드 …) 가운데 하나라도 저장한 값과 다르면 그 매개변수와
    두 값을 말하는 ``ValueError``를 냅니다.
    """
    if isinstance(resume, (str, pathlib.Path)):
        checkpoint = _read(resume, "resume")
    elif isinstance(resume, dict):
        checkpoint = _verified(resume, "resume", "History.checkpoint")
    else:
        fail("resume", type(resume).__name__, "History.checkpoint 또는 save_checkpoint로 저장한 파일 경로", TypeError)
    for key, value in settings.items():
        stored = checkpoint.get(key)
        if stored != value:
            fail(key, value, f"체크포인트에 저장된 값과 같은 값 (저장된 값: {key}={stored!r}; 설정이 다르면 똑같이 "
                             "이어지지 않으므로 받지 않습니다)")
    return checkpoint


def _read(path, name: str) -> dict:
    if not isinstance(path, (str, pathlib.Path)):
        fail(name, type(path).__name__, "체크포인트 파일의 경로 (str 또는 pathlib.Path)", TypeError)
    path = pathlib.Path(path)
    if not path.is_file():
        fail(name, str(path), f"{_NOT_OURS} 파일의 경로 (파일이 없습니다)", FileNotFoundError)
    if path.stat().st_size == 0:
        fail(name, str(path), f"{_NOT_OURS} 파일 (이 파일은 비어 있습니다)")
    readable = True
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # 잘린 zip, 무작위 바이트, 텐서가 아닌 객체를 담은 파일 …: 원인과 상관없이 쓸 수 없는 파일입니다
        readable = False
    if not readable:  # except 밖에서 알립니다: torch의 원래 오류(잘못된 조언이 섞인)가 함께 보이지 않도록
        fail(name, str(path), f"{_NOT_OURS} 파일 (이 파일은 읽을 수 없습니다: 잘렸거나 손상된 파일이거나, "
                              "텐서와 기본 자료형만 담은 torch 파일이 아닙니다)")
    return _verified(checkpoint, name, f"파일 {path}")


def _verified(checkpoint, name: str, where: str) -> dict:
    """형식과 필수 항목, 검사합을 확인합니다."""
    if not isinstance(checkpoint, dict) or "format" not in checkpoint:
        fail(name, where, f"{_NOT_OURS} (lrcourse 체크포인트가 아닙니다)")
    found = checkpoint["format"]
    if found in _OLD_FORMATS:
        fail(name, where, f"{_NOT_OURS} (이전 형식 {found!r}입니다. 검사합과 옵티마이저 하이퍼파라미터가 없어 믿고 "
                          f"이어 갈 수 없으니, 처음부터 다시 학습해 {FORMAT!r} 형식으로 저장하세요)")
    if found != FORMAT:
        fail(name, where, f"{_NOT_OURS} (알 수 없는 형식 {found!r}입니다: 이 버전은 {FORMAT!r}만 읽습니다)")
    missing = [key for key in _REQUIRED if key not in checkpoint]
    if missing:
        fail(name, where, f"{_NOT_OURS} (필수 항목 {', '.join(missing)}이 없습니다)")
    if checkpoint["checksum"] != _checksum(checkpoint):
        fail(name, where, f"{_NOT_OURS} (저장한 뒤 내용이 바뀌었습니다: 검사합이 맞지 않습니다)")
    return checkpoint


def _checksum(checkpoint: dict) -> str:
    """``checksum``을 뺀 내용 전체의 SHA-256. 사전은 키 순서와 상관없이, 텐서는 dtype·모양·바이트로 셉니다."""
    digest = hashlib.sha256()
    _feed(digest, {key: value for key, value in checkpoint.items() if key != "checksum"})
    return digest.hexdigest()


def _feed(digest, obj) -> None:
    if isinstance(obj, torch.Tensor):
        t = obj.detach().to("cpu").contiguous()
        digest.update(f"tensor {t.dtype} {tuple(t.shape)};".encode())
        digest.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    elif isinstance(obj, dict):
        digest.update(f"dict {len(obj)};".encode())
        for key in sorted(obj, key=repr):
            digest.update(f"{key!r}:".encode())
            _feed(digest, obj[key])
    elif isinstance(obj, (list, tuple)):
        digest.update(f"{type(obj).__name__} {len(obj)};".encode())
        for value in obj:
            _feed(digest, value)
    else:
        digest.update(f"{type(obj).__name__} {obj!r};".encode())


def _to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: _to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_cpu(v) for v in obj)
    return copy.deepcopy(obj)
