"""노트북 도우미: 설정 셀이 부르는 :func:`setup`(시드, torch 스레드, 장치, 한글 글꼴, 진행 막대)과
한글이 섞인 표를 맞춰 출력하는 :func:`print_table`.

노트북마다 맨 위 설정 셀은 Colab에서 패키지를 설치하는 몇 줄과 이 함수 호출 하나로 끝납니다::

    import lrcourse

    device = lrcourse.setup()
"""

from __future__ import annotations

import os
import random
import unicodedata

from ._checks import check_int, fail

__all__ = ["setup", "print_table"]

PROGRESS_ENV = "LRCOURSE_PROGRESS"
# 있으면 setup의 device 인자 대신 씁니다. `make test-gpu`가 CPU로 저장된 노트북을 코드 그대로 GPU에서 돌릴 때 씁니다.
DEVICE_ENV = "LRCOURSE_DEVICE"


def setup(seed: int = 0, device="cpu", num_threads: int | None = 1, progress: bool | None = None):
    """노트북을 시작할 때 한 번 부릅니다. 아래를 차례로 하고 쓸 장치를 돌려줍니다. 아무것도 출력하지 않습니다.

    1. 시드: 파이썬 ``random``, numpy의 전역 난수(``np.random.seed``), torch(``torch.manual_seed``)를
       모두 ``seed``로 고정합니다. 같은 셀을 같은 순서로 실행하면 같은 결과가 나옵니다.
    2. torch의 CPU 스레드 수를 ``num_threads``로 둡니다. 강좌의 작은 모델은 스레드 하나가 가장 빠르고,
       다른 프로그램과 CPU를 나눠 쓸 때도 느려지지 않습니다.
    3. 장치: ``device``를 :func:`lrcourse.data.resolve_device`로 정합니다 (``'auto'``면 CUDA가 있을 때 CUDA).
       환경 변수 ``LRCOURSE_DEVICE``가 있으면 ``device`` 대신 그 값을 씁니다. 노트북을 고치지 않고 GPU에서
       다시 돌려 보는 ``make test-gpu``가 ``LRCOURSE_DEVICE=cuda``로 씁니다.
    4. 한글 글꼴: :mod:`lrcourse.plotting`을 불러와 내장 나눔고딕을 matplotlib에 등록합니다.
    5. 진행 막대: ``progress``가 False면 이 커널의 모든 학습에서 진행 막대를 숨깁니다
       (환경 변수 ``LRCOURSE_PROGRESS=0``). True면 그 설정을 풀어, 2초보다 오래 걸릴 학습에 막대를 보입니다.
       None이면 환경 변수를 그대로 둡니다.

    Args:
        seed: 0 이상 2**32 − 1 이하의 정수 시드.
        device: ``'cpu'``(기본: 작은 모델은 CPU가 충분히 빠릅니다), ``'auto'``, ``'cuda'`` 또는 ``torch.device``.
        num_threads: torch의 CPU 스레드 수 (1 이상). None이면 torch의 기본값을 그대로 둡니다.
        progress: 진행 막대를 보일지. None, True, False.

    Returns:
        ``torch.device``. 학습 함수의 ``device=``에 그대로 넘기면 됩니다.
    """
    seed = check_int("seed", seed, low=0, high=2**32 - 1)  # np.random.seed가 받는 범위
    if num_threads is not None:
        num_threads = check_int("num_threads", num_threads, low=1, allowed="1 이상의 정수 또는 None")
    if progress is not None and not isinstance(progress, bool):
        fail("progress", progress, "None, True, False", TypeError)

    import numpy as np
    import torch

    from . import plotting  # noqa: F401  (불러오면 한글 글꼴이 등록됩니다)
    from .data import resolve_device

    override = os.environ.get(DEVICE_ENV, "").strip()
    resolved = resolve_device(override if override else device)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if num_threads is not None:
        torch.set_num_threads(num_threads)
    if progress is False:
        os.environ[PROGRESS_ENV] = "0"
    elif progress is True and os.environ.get(PROGRESS_ENV, "").strip() == "0":
        del os.environ[PROGRESS_ENV]
    return resolved


def text_width(text: str) -> int:
    """글자가 화면에서 차지하는 칸 수: 한글처럼 넓은 글자(East Asian Width W, F)는 두 칸, 나머지는 한 칸."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers, rows) -> None:
    """한글이 섞인 표의 열을 맞춰 출력합니다. 첫 열은 왼쪽, 나머지 열은 오른쪽에 맞춥니다.

    한글은 영문보다 두 칸 넓게 보이므로 ``str.ljust``처럼 글자 수로 맞추면 열이 어긋납니다. 칸 수는
    :func:`text_width`로 셉니다. 칸은 ``str()``로 바꿔 씁니다.
    """
    table = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(text_width(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        cells = [
            c + " " * (w - text_width(c)) if i == 0 else " " * (w - text_width(c)) + c
            for i, (c, w) in enumerate(zip(row, widths))
        ]
        print("  ".join(cells))
