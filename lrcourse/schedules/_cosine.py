"""코사인 어닐링과 웜 리스타트(SGDR), 그리고 재시작 스텝의 정확한 정수 표."""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._checks import check_int
from ._core import Schedule, _between, _check_lr, _check_min_lr, _make


def cosine_annealing(lr: float, T_max: int, eta_min: float = 0.0) -> Schedule:
    """코사인 어닐링: T_max 스텝에 걸쳐 코사인 반 주기를 따라 lr에서 eta_min으로 줄어듭니다.

    수식: lr(t) = eta_min + (lr − eta_min) · (1 + cos(π · min(t, T_max) / T_max)) / 2

    스텝 0에서 lr, 스텝 T_max에서 eta_min이고 **그 뒤로는 eta_min에 머뭅니다**.
    0 ≤ t ≤ T_max에서 ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max, eta_min)``과 같습니다.
    PyTorch와 다른 점: PyTorch의 곡선은 T_max를 지나면 다시 올라갑니다(주기 2·T_max인 코사인,
    재귀식과 닫힌 식 모두). 학습을 T_max보다 길게 돌렸을 때 학습률이 몰래 커지는 일을 막으려고
    여기서는 eta_min에 머물게 했습니다. 재시작을 원하면 :func:`cosine_warm_restarts`를 쓰세요.
    """
    lr = _check_lr(lr)
    T_max = check_int("T_max", T_max, low=1, allowed="1 이상의 정수")
    eta_min = _check_min_lr(eta_min, lr, "eta_min")

    def fn(t):
        t = np.minimum(t, T_max)  # T_max 뒤로는 eta_min에 머묾
        return _between((1 + np.cos(np.pi * t / T_max)) / 2, eta_min, lr)

    return _make("cosine_annealing", fn, lr=lr, T_max=T_max, eta_min=eta_min)


def _restart_table(T_0: int, T_mult: int) -> tuple[np.ndarray, np.ndarray]:
    """T_mult ≥ 2인 웜 리스타트의 주기 시작 스텝 S_n(int64)과 주기 길이 T_0·T_mult^n(float64) 표.

    왜 표인가: 주기 번호를 로그 n = ⌊log_{T_mult}(t·(T_mult − 1)/T_0 + 1)⌋로 구하면 (PyTorch의
    ``step(epoch)`` 경로) 부동소수점 반올림 때문에 재시작 스텝에서 틀릴 수 있습니다. 여기서는 S_n을
    파이썬 정수로 주기 길이를 더해 가며 정확히 계산합니다 (int64에 드는 S_n까지). S_n이 두 배 이상씩
    커지므로 표는 많아야 64칸입니다.
    """
    starts, lengths = [0], [T_0]
    while starts[-1] + lengths[-1] <= np.iinfo(np.int64).max:
        starts.append(starts[-1] + lengths[-1])
        lengths.append(lengths[-1] * T_mult)  # 파이썬 정수라 넘치지 않습니다
    return np.array(starts, dtype=np.int64), np.array([float(n) for n in lengths])


def _cycle_position(T_0: int, T_mult: int) -> Callable:
    """스텝 t ↦ (주기 안의 위치 T_cur, 주기 길이 T_i)를 돌려주는 함수를 만듭니다. T_cur는 정확한 정수입니다.

    T_mult ≥ 2이면 주기 번호 n(S_n ≤ t < S_{n+1})을 :func:`_restart_table`의 정수 표에서 이진 탐색하고,
    T_cur = t − S_n을 정수로 뺍니다. T_mult = 1이면 주기가 2⁶³/T_0개까지 있어 표에 담을 수 없으므로
    T_cur = t mod T_0 입니다 (역시 정수 연산이라 정확합니다).
    """
    if T_mult == 1:
        return lambda t: (t % T_0, T_0)
    starts, lengths = _restart_table(T_0, T_mult)

    def position(t):
        n = np.searchsorted(starts, t, side="right") - 1
        return t - starts[n], lengths[n]

    return position


def cosine_warm_restarts(lr: float, T_0: int, T_mult: int = 1, eta_min: float = 0.0) -> Schedule:
    """웜 리스타트 코사인 어닐링(SGDR): 주기마다 lr에서 eta_min으로 줄었다가 lr로 재시작합니다.

    첫 주기의 길이는 T_0 스텝이고, 재시작할 때마다 주기가 T_mult배 길어집니다.
    n번째 주기(n = 0, 1, …)는 스텝 S_n = T_0·(T_mult^n − 1)/(T_mult − 1)에서 시작합니다
    (T_mult = 1이면 S_n = n·T_0). 주기 안의 위치 T_cur = t − S_n, 주기 길이 T_i = T_0·T_mult^n 으로

    수식: lr(t) = eta_min + (lr − eta_min) · (1 + cos(π · T_cur / T_i)) / 2

    스텝 0과 각 재시작 스텝 S_n에서 lr이고, 주기의 마지막 스텝에서 eta_min보다 조금 큽니다(주기
    끝 T_cur = T_i에는 닿지 않고 바로 재시작합니다). 끝이 없습니다.

    ``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)``를 스텝마다 한 번
    ``step()``한 것과 같습니다. 주기 번호 n은 정확한 정수 표(S_n)에서 찾습니다. PyTorch의
    ``step(epoch)`` 경로는 n = ⌊log_{T_mult}(t·(T_mult − 1)/T_0 + 1)⌋를 부동소수점 로그로 구해
    경계에서 틀릴 수 있습니다. 예: T_0=1, T_mult=3이면 스텝 121(= S_5)에서 log₃ 243이
    4.999…로 계산되어 재시작(lr) 대신 직전 주기의 끝(eta_min)을 줍니다.
    """
    lr = _check_lr(lr)
    T_0 = check_int("T_0", T_0, low=1, allowed="1 이상의 정수")
    T_mult = check_int("T_mult", T_mult, low=1, allowed="1 이상의 정수")
    eta_min = _check_min_lr(eta_min, lr, "eta_min")
    position = _cycle_position(T_0, T_mult)

    def fn(t):
        T_cur, T_i = position(t)  # 주기 안의 위치와 주기 길이 (정수 표에서, 로그 없이)
        return _between((1 + np.cos(np.pi * T_cur / T_i)) / 2, eta_min, lr)

    return _make("cosine_warm_restarts", fn, lr=lr, T_0=T_0, T_mult=T_mult, eta_min=eta_min)


def cycle_starts(T_0: int, T_mult: int, total_steps: int) -> np.ndarray:
    """웜 리스타트의 주기 시작 스텝 S_n (n ≥ 0, S_n < total_steps)을 정확한 정수로 돌려줍니다.

    S_n = T_0·(T_mult^n − 1)/(T_mult − 1)  (T_mult = 1이면 n·T_0). 스텝 0(S_0)도 포함합니다.
    """
    T_0 = check_int("T_0", T_0, low=1, allowed="1 이상의 정수")
    T_mult = check_int("T_mult", T_mult, low=1, allowed="1 이상의 정수")
    h = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    if T_mult == 1:
        return np.arange(0, h, T_0, dtype=np.int64)
    starts, _ = _restart_table(T_0, T_mult)
    return starts[starts < h]
