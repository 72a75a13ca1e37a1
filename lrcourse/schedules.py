"""학습률 스케줄: 스텝 t(0, 1, 2, …)의 순수 함수.

모든 스케줄은 팩토리 함수가 만드는 작고 변경 불가능한 호출 가능 객체(:class:`Schedule`)입니다.

- ``schedule(3)`` 처럼 정수를 넣으면 float 하나를 돌려줍니다.
- ``schedule(np.arange(100_000))`` 처럼 정수 numpy 배열을 넣으면 같은 모양의 float64 배열을
  돌려줍니다. 스텝마다 파이썬 루프를 돌지 않고 한 번에(벡터화) 계산합니다.
- 상태가 없으므로 같은 t에는 언제나 같은 값이 나옵니다. PyTorch 스케줄러처럼 직전 값에 곱해
  나가는 재귀식이 아니어서 오차가 쌓이지 않고, 중간 스텝에서 바로 재개할 수 있습니다.

단위는 모두 **스텝(옵티마이저 업데이트 한 번)** 입니다. 에포크 단위 스케줄은 :func:`by_epoch`로
스텝 단위로 바꿉니다.

워밍업 관례: 이 라이브러리에서 워밍업은 **스텝 0부터** 시작합니다. 스텝 t < W 에서 워밍업이
진행되고, 스텝 W에서 본 스케줄이 자기의 스텝 0을 맞습니다 (Hugging Face ``transformers``와 같은
관례입니다). timm의 ``warmup_prefix=False``(기본값)처럼 본 스케줄이 워밍업 동안에도 시간을 흘려
보내는 방식과는 다릅니다. 자세한 내용은 :func:`linear_warmup`을 보십시오.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping, Sequence

import numpy as np

from ._checks import as_steps, check_choice, check_int, check_real, fail
from ._marks import step_marks

__all__ = [
    "Schedule",
    "constant",
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_warm_restarts",
    "linear_warmup",
    "one_cycle",
    "warmup_stable_decay",
    "join",
    "by_epoch",
    "milestone_steps",
    "restart_steps",
    "cycle_starts",
]

@dataclass(frozen=True, eq=False, repr=False)
class Schedule:
    """스텝 → 학습률 함수. 직접 만들지 말고 팩토리(``cosine_annealing`` 등)를 쓰십시오.

    ``s(정수)``는 float, ``s(정수 배열)``은 같은 모양의 float64 배열을 돌려줍니다. 음수나 정수가 아닌
    스텝은 ``ValueError``입니다. 만든 뒤에는 바꿀 수 없고, ``repr``은 그대로 실행하면 같은 스케줄을
    만드는 호출문입니다 (예: ``cosine_annealing(lr=0.1, T_max=100, eta_min=0.0)``).

    Attributes:
        name: 만든 팩토리의 이름 (예: ``"cosine_annealing"``).
        params: 팩토리에 준 인자 (읽기 전용 사전). 위젯과 repr이 씁니다.
    """

    name: str
    params: Mapping
    _fn: Callable[[np.ndarray], np.ndarray]

    def __call__(self, step):
        t, scalar = as_steps(step)
        # _fn은 언제나 1차원 int64 배열을 받고 같은 길이의 float64 배열을 돌려줍니다.
        lr = self._fn(t.reshape(-1))
        if scalar:
            return float(lr[0])
        return np.asarray(lr, dtype=np.float64).reshape(t.shape)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.name}({args})"


def _make(name: str, fn: Callable[[np.ndarray], np.ndarray], **params) -> Schedule:
    """검사를 마친 인자로 :class:`Schedule`을 만듭니다.

    ``fn``은 1차원 int64 배열(0 이상)을 받아 같은 길이의 새 float64 배열을 돌려줍니다. 입력 배열을
    바꾸면 안 됩니다. 그림에 표시할 스텝은 ``name``과 ``params``로 :mod:`._marks`가 계산합니다.
    """
    return Schedule(name, MappingProxyType(dict(params)), fn)


def _check_lr(value, name: str = "lr") -> float:
    return check_real(name, value, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")


def _check_gamma(value, name: str = "gamma") -> float:
    return check_real(name, value, low=0.0, high=1.0, low_inclusive=False, allowed="0보다 크고 1 이하인 실수")


def _check_min_lr(value, lr: float, name: str) -> float:
    return check_real(name, value, low=0.0, high=lr, allowed=f"0 이상 lr({lr}) 이하의 유한한 실수")


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        fail(name, value, "True 또는 False", TypeError)
    return bool(value)


def _check_schedule(value, name: str = "schedule") -> Schedule:
    if not isinstance(value, Schedule):
        fail(name, value, "lrcourse.schedules의 팩토리가 만든 스케줄(예: cosine_annealing(0.1, 1000))", TypeError)
    return value


def _check_sorted_steps(name: str, values) -> tuple[int, ...]:
    """0 이상의 정수가 작은 것부터 (같은 값은 허용) 놓인 수열인지 검사하고 튜플로 돌려줍니다."""
    allowed = "0 이상의 정수를 작은 것부터 나열한 리스트"
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        fail(name, values, allowed, TypeError)
    out = []
    for i, v in enumerate(values):
        out.append(check_int(f"{name}[{i}]", v, low=0, allowed="0 이상의 정수"))
    for i in range(1, len(out)):
        if out[i] < out[i - 1]:
            fail(name, list(values), allowed + f" ({i}번째 값 {out[i]}이(가) 앞의 값 {out[i - 1]}보다 작습니다)")
    return tuple(out)


def _between(h, lo: float, hi: float) -> np.ndarray:
    """비율 h ∈ [0, 1]을 lo와 hi 사이의 학습률로 옮깁니다: lo·(1 − h) + hi·h.

    lo + (hi − lo)·h 로 쓰지 않는 까닭: 그 식은 h = 1에서 반올림 때문에 hi보다 1ulp 클 수
    있습니다 (예: lr=9.537719953556186). 이 식은 h = 0이면 정확히 lo, h = 1이면 정확히 hi이고,
    clip이 마지막 1ulp까지 [lo, hi] 안에 둡니다.
    """
    return np.clip(lo * (1 - h) + hi * h, lo, hi)


# ---------------------------------------------------------------------------
# 기본 스케줄
# ---------------------------------------------------------------------------


def constant(lr: float) -> Schedule:
    """상수 학습률.

    수식: lr(t) = lr   (t는 스텝)

    스텝 0에서 lr이고 끝 없이 lr입니다. PyTorch에서 스케줄러를 쓰지 않은 것, 또는
    ``ConstantLR(factor=1.0)``과 같습니다. 다른 스케줄과 비교할 기준선으로 씁니다.
    """
    lr = _check_lr(lr)
    return _make("constant", lambda t: np.full(t.shape, lr), lr=lr)


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """스텝 감쇠(step decay): ``step_size`` 스텝마다 학습률에 ``gamma``를 곱합니다.

    수식: lr(t) = lr · gamma^⌊t / step_size⌋

    스텝 0에서 lr이며, t = step_size, 2·step_size, … 에서 계단처럼 떨어집니다. 끝이 없이 계속
    줄어듭니다. ``torch.optim.lr_scheduler.StepLR(step_size, gamma)``를 스텝마다 한 번
    ``step()``한 것과 같습니다. 에포크마다 줄이려면 ``by_epoch(step_decay(...), steps_per_epoch)``.
    """
    lr = _check_lr(lr)
    step_size = check_int("step_size", step_size, low=1, allowed="1 이상의 정수")
    gamma = _check_gamma(gamma)

    def fn(t):
        drops = t // step_size  # 지금까지 떨어진 횟수
        return lr * gamma**drops

    return _make("step_decay", fn, lr=lr, step_size=step_size, gamma=gamma)


def multistep_decay(lr: float, milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    """여러 마일스톤 감쇠: 스텝이 마일스톤에 닿을 때마다 학습률에 ``gamma``를 곱합니다.

    수식: lr(t) = lr · gamma^(t 이하인 마일스톤의 개수)

    스텝 0에서 lr입니다 (마일스톤에 0이 있으면 lr·gamma). 마지막 마일스톤 뒤로는 일정합니다.
    ``torch.optim.lr_scheduler.MultiStepLR(milestones, gamma)``와 같습니다. PyTorch처럼 같은
    마일스톤을 두 번 쓰면 그 스텝에서 gamma²를 곱합니다. 마일스톤은 스텝 단위입니다.
    """
    lr = _check_lr(lr)
    milestones = _check_sorted_steps("milestones", milestones)
    gamma = _check_gamma(gamma)

    def fn(t):
        drops = np.searchsorted(milestones, t, side="right")  # t 이하인 마일스톤의 개수
        return lr * gamma**drops

    return _make("multistep_decay", fn, lr=lr, milestones=milestones, gamma=gamma)


def exponential_decay(lr: float, gamma: float, decay_steps: int = 1, staircase: bool = False) -> Schedule:
    """지수 감쇠: 원문의 ``new_lr = initial_lr * (decay_rate ^ step)``.

    수식: lr(t) = lr · gamma^(t / decay_steps)   (staircase=True면 지수를 ⌊t / decay_steps⌋로 내림)

    스텝 0에서 lr이고, decay_steps 스텝마다 gamma배가 됩니다. 끝없이 0을 향해 줄어듭니다.
    decay_steps=1이면 ``torch.optim.lr_scheduler.ExponentialLR(gamma)``와 같습니다. PyTorch는 매
    스텝 직전 값에 gamma를 곱하지만 여기서는 닫힌 식이라 오차가 쌓이지 않습니다.
    """
    lr = _check_lr(lr)
    gamma = _check_gamma(gamma)
    decay_steps = check_int("decay_steps", decay_steps, low=1, allowed="1 이상의 정수")
    staircase = _check_bool(staircase, "staircase")

    def fn(t):
        exponent = t // decay_steps if staircase else t / decay_steps
        return lr * gamma**exponent

    return _make("exponential_decay", fn, lr=lr, gamma=gamma, decay_steps=decay_steps, staircase=staircase)


def polynomial_decay(lr: float, total_steps: int, power: float = 1.0, end_lr: float = 0.0) -> Schedule:
    """다항식 감쇠: total_steps 스텝에 걸쳐 lr에서 end_lr로 줄어듭니다.

    수식: lr(t) = end_lr + (lr − end_lr) · (1 − min(t, total_steps) / total_steps)^power

    스텝 0에서 lr, 스텝 total_steps에서 end_lr이고 그 뒤로는 end_lr에 머뭅니다. power=1이면 직선입니다.
    end_lr=0이면 ``torch.optim.lr_scheduler.PolynomialLR(total_iters=total_steps, power=power)``와
    같습니다 (PyTorch에는 end_lr이 없습니다).
    """
    lr = _check_lr(lr)
    total_steps = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    power = check_real("power", power, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    end_lr = _check_min_lr(end_lr, lr, "end_lr")

    def fn(t):
        # 남은 비율 1 − min(t, total_steps)/total_steps: 정수로 빼서 끝에서 정확히 0
        remaining = (total_steps - np.minimum(t, total_steps)) / total_steps
        return _between(remaining**power, end_lr, lr)

    return _make("polynomial_decay", fn, lr=lr, total_steps=total_steps, power=power, end_lr=end_lr)


def cosine_annealing(lr: float, T_max: int, eta_min: float = 0.0) -> Schedule:
    """코사인 어닐링: T_max 스텝에 걸쳐 코사인 반 주기를 따라 lr에서 eta_min으로 줄어듭니다.

    수식: lr(t) = eta_min + (lr − eta_min) · (1 + cos(π · min(t, T_max) / T_max)) / 2

    스텝 0에서 lr, 스텝 T_max에서 eta_min이고 **그 뒤로는 eta_min에 머뭅니다**.
    0 ≤ t ≤ T_max에서 ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max, eta_min)``과 같습니다.
    PyTorch와 다른 점: PyTorch의 곡선은 T_max를 지나면 다시 올라갑니다(주기 2·T_max인 코사인,
    재귀식과 닫힌 식 모두). 학습을 T_max보다 길게 돌렸을 때 학습률이 몰래 커지는 일을 막으려고
    여기서는 eta_min에 머물게 했습니다. 재시작을 원하면 :func:`cosine_warm_restarts`를 쓰십시오.
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


# ---------------------------------------------------------------------------
# 합성: 워밍업, 이어 붙이기, 에포크 단위
# ---------------------------------------------------------------------------


def linear_warmup(schedule: Schedule, warmup_steps: int, start_factor: float = 0.0) -> Schedule:
    """선형 워밍업을 앞에 붙입니다: 처음 warmup_steps(W) 스텝 동안 학습률을 직선으로 올린 뒤 본 스케줄로.

    수식 (s = start_factor, base = schedule(0)):
        t < W:  lr(t) = base · (s + (1 − s) · t / W)
        t ≥ W:  lr(t) = schedule(t − W)

    스텝 0에서 base·s (기본값 s = 0이면 0), 스텝 W에서 base이고, 그 뒤는 본 스케줄입니다.
    **본 스케줄은 t − W를 받습니다**: 워밍업이 끝난 스텝 W가 본 스케줄의 스텝 0입니다. 그래서 전체
    학습이 total 스텝이면 본 스케줄은 total − W 스텝만 돕니다. 예를 들어 전체 10 000 스텝에 워밍업
    500 스텝이면 ``linear_warmup(cosine_annealing(lr, T_max=9_500), 500)``이라야 마지막 스텝에서
    eta_min에 닿습니다 (T_max=10 000으로 두면 끝에서 아직 다 줄지 않습니다).

    start_factor 기본값 0: Hugging Face ``transformers``의 ``get_*_schedule_with_warmup``과 같은
    관례입니다(스텝 0의 학습률이 0). 실제로 ``linear_warmup(polynomial_decay(lr, total − W), W)``와
    ``linear_warmup(cosine_annealing(lr, total − W), W)``는 HF의 선형/코사인 워밍업 스케줄과 같은
    값을 줍니다. PyTorch ``LinearLR``의 기본값 1/3은 원문이 말하는 "매우 작은 학습률"이 아니어서
    따르지 않았습니다. 스텝 0을 낭비하기 싫으면 start_factor=1/W 같은 작은 양수를 주십시오.
    timm의 ``warmup_prefix=False``(기본값)는 본 스케줄이 워밍업 동안에도 진행되므로 여기와 다르고,
    ``warmup_prefix=True``가 여기와 같은 방식입니다.

    s > 0이면 PyTorch의
    ``SequentialLR([LinearLR(start_factor=s, total_iters=W), main], milestones=[W])``와 같습니다
    (SequentialLR도 스텝 W에서 main을 그 스텝 0으로 다시 시작합니다).
    warmup_steps=0이면 본 스케줄 그대로입니다.
    """
    schedule = _check_schedule(schedule)
    warmup_steps = check_int("warmup_steps", warmup_steps, low=0, allowed="0 이상의 정수")
    start_factor = check_real("start_factor", start_factor, low=0.0, high=1.0, allowed="0 이상 1 이하의 실수")
    W, s = warmup_steps, start_factor
    main = schedule._fn
    base = float(main(np.zeros(1, dtype=np.int64))[0])
    slope = (1.0 - s) / W if W else 0.0

    def fn(t):
        warmup = (t * slope + s) * base  # base · (s + (1 − s) · t / W)
        return np.where(t < W, warmup, main(np.maximum(t - W, 0)))

    return _make("linear_warmup", fn, schedule=schedule, warmup_steps=W, start_factor=s)


def one_cycle(
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    anneal_strategy: str = "cos",
    three_phase: bool = False,
) -> Schedule:
    """1cycle 정책: 작은 학습률에서 max_lr까지 올렸다가, 처음보다 훨씬 작은 값까지 내립니다.

    initial_lr = max_lr / div_factor, min_lr = initial_lr / final_div_factor 입니다.
    구간 경계는 PyTorch와 똑같이 e₁ = pct_start·total_steps − 1 (three_phase면 e₂ = 2·pct_start·total_steps − 2),
    마지막 경계는 total_steps − 1 입니다 (부동소수점 값 그대로 씁니다).

    수식 (a = 구간 시작 스텝, b = 구간 끝 스텝, p = (t − a)/(b − a)):
        t ≤ e₁:         initial_lr → max_lr        (a = 0, b = e₁)
        (three_phase) t ≤ e₂: max_lr → initial_lr  (a = e₁, b = e₂)
        그 밖:          (직전 값) → min_lr          (b = total_steps − 1)
        anneal_strategy='cos':    lr = end + (start − end)/2 · (1 + cos(π·p))
        anneal_strategy='linear': lr = start + (end − start) · p

    스텝 0에서 initial_lr (pct_start·total_steps < 1이면 PyTorch처럼 바로 내려가는 구간에서 시작),
    스텝 total_steps − 1에서 min_lr입니다. 0 ≤ t < total_steps에서
    ``torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy, div_factor,
    final_div_factor, three_phase)``와 같습니다. PyTorch와 다른 점: 스텝 total_steps 이후 PyTorch는
    곡선을 넘어 외삽하거나(스텝 total_steps) 오류를 내지만(그 뒤), 여기서는 min_lr에 머뭅니다.
    구간 길이가 0이면(pct_start·total_steps = 1) PyTorch는 0으로 나누기 오류를 내지만 여기서는 그
    스텝에 구간의 끝 값을 줍니다. three_phase=True에서는 두 번째 구간이 total_steps 안에 끝나도록
    pct_start ≤ 0.5여야 합니다 (PyTorch는 검사하지 않고 min_lr에 닿지 않는 곡선을 만듭니다).
    """
    max_lr = _check_lr(max_lr, "max_lr")
    total_steps = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    pct_start = check_real(
        "pct_start", pct_start, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False, allowed="0과 1 사이(양 끝 제외)의 실수"
    )
    div_factor = check_real("div_factor", div_factor, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수")
    final_div_factor = check_real(
        "final_div_factor", final_div_factor, low=0.0, low_inclusive=False, allowed="0보다 큰 유한한 실수"
    )
    anneal_strategy = check_choice("anneal_strategy", anneal_strategy, ("cos", "linear"))
    three_phase = _check_bool(three_phase, "three_phase")
    if three_phase and pct_start > 0.5:
        fail("pct_start", pct_start, "three_phase=True일 때는 0보다 크고 0.5 이하인 실수")
    initial_lr = max_lr / div_factor
    min_lr = initial_lr / final_div_factor
    # 구간마다 (끝 스텝, 시작 학습률, 끝 학습률). PyTorch의 _schedule_phases와 같은 값입니다.
    if three_phase:
        phases = [
            (float(pct_start * total_steps) - 1, initial_lr, max_lr),
            (float(2 * pct_start * total_steps) - 2, max_lr, initial_lr),
            (float(total_steps - 1), initial_lr, min_lr),
        ]
    else:
        phases = [
            (float(pct_start * total_steps) - 1, initial_lr, max_lr),
            (float(total_steps - 1), max_lr, min_lr),
        ]
    ends, first_lr, last_lr = (np.array(column) for column in zip(*phases))
    starts = np.concatenate([[0.0], ends[:-1]])  # 구간의 시작 = 앞 구간의 끝

    def fn(t):
        # 1. 스텝이 든 구간 = t보다 앞에서 끝난 구간의 수 (마지막 구간은 그 뒤 전부)
        i = sum(t > end for end in ends[:-1])
        # 2. 구간 안의 진행률 p = (t − a)/(b − a). 길이 0인 구간(t = a = b)에서는 끝 값(p = 1)
        a, b = starts[i], ends[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(b != a, (t - a) / (b - a), 1.0)
        # 3. 구간의 시작 학습률에서 끝 학습률로
        if anneal_strategy == "cos":
            lr = last_lr[i] + (first_lr[i] - last_lr[i]) / 2 * (1 + np.cos(np.pi * p))
        else:
            lr = first_lr[i] + (last_lr[i] - first_lr[i]) * p
        # 4. total_steps 이후에는 min_lr에 머묾 (PyTorch는 오류)
        return np.where(t < total_steps, lr, min_lr)

    return _make(
        "one_cycle",
        fn,
        max_lr=max_lr,
        total_steps=total_steps,
        pct_start=pct_start,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
        anneal_strategy=anneal_strategy,
        three_phase=three_phase,
    )


def warmup_stable_decay(
    lr: float,
    total_steps: int,
    warmup_steps: int,
    decay_steps: int,
    min_lr: float = 0.0,
    decay_shape: str = "linear",
) -> Schedule:
    """워밍업-유지-감쇠(WSD, warmup-stable-decay): 올리고, 한동안 유지하고, 마지막 decay_steps 동안 내립니다.

    W = warmup_steps, D = decay_steps, T = total_steps, p = (t − (T − D)) / D 로

    수식:
        t < W:           lr(t) = lr · t / W                     (워밍업, 스텝 0에서 0)
        W ≤ t < T − D:   lr(t) = lr                              (유지)
        T − D ≤ t ≤ T:   lr(t) = min_lr + (lr − min_lr) · f(p)   (감쇠)
        t > T:           lr(t) = min_lr
        f(p) = 1 − p ('linear'), (1 + cos(π·p))/2 ('cosine'), 1 − √p ('1-sqrt')

    스텝 0에서 0 (W = 0이면 lr), 스텝 T에서 min_lr이고 그 뒤로 min_lr에 머뭅니다. 단위는 스텝입니다.
    PyTorch에는 이 스케줄이 없습니다. 워밍업 관례는 :func:`linear_warmup`(start_factor=0)과 같습니다.
    """
    lr = _check_lr(lr)
    T = check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")
    W = check_int("warmup_steps", warmup_steps, low=0, high=T - 1, allowed=f"0 이상 total_steps({T}) 미만의 정수")
    D = check_int(
        "decay_steps", decay_steps, low=0, high=T - W, allowed=f"0 이상 total_steps − warmup_steps({T - W}) 이하의 정수"
    )
    min_lr = _check_min_lr(min_lr, lr, "min_lr")
    decay_shape = check_choice("decay_shape", decay_shape, ("linear", "cosine", "1-sqrt"))
    f = {  # f(p), p = k/D: 감쇠를 시작한 뒤 k 스텝째의 진행률
        "linear": lambda k: 1 - k / D,
        "cosine": lambda k: (1 + np.cos(np.pi * k / D)) / 2,
        "1-sqrt": lambda k: 1 - np.sqrt(k / D),
    }[decay_shape]

    def fn(t):
        warmup = t * (lr / W) if W else 0.0  # 0에서 lr까지 직선
        k = np.clip(t, T - D, T) - (T - D)  # 0…D (T 뒤로는 D)
        decay = _between(f(k) if D else 0.0, min_lr, lr)  # D = 0이면 T부터 바로 min_lr
        return np.select([t < W, t >= T - D], [warmup, decay], default=lr)  # 그 사이는 lr 유지

    return _make(
        "warmup_stable_decay",
        fn,
        lr=lr,
        total_steps=T,
        warmup_steps=W,
        decay_steps=D,
        min_lr=min_lr,
        decay_shape=decay_shape,
    )


def join(schedules: Sequence[Schedule], boundaries: Sequence[int]) -> Schedule:
    """여러 스케줄을 이어 붙입니다 (optax.join_schedules와 같은 방식).

    수식 (b₀ < b₁ < … 는 boundaries, b₋₁ = 0):
        b_{i−1} ≤ t < b_i 이면 lr(t) = schedules[i](t − b_{i−1})

    즉 i번째 스케줄은 자기 구간의 시작을 자기의 스텝 0으로 봅니다. 스텝 0에서 schedules[0](0),
    마지막 경계 뒤로는 마지막 스케줄이 끝까지 이어집니다. boundaries는 스텝 단위이며 개수는
    len(schedules) − 1 이어야 합니다. 예: ``join([constant(0.1), cosine_annealing(0.1, 900)], [100])``.
    """
    if isinstance(schedules, Schedule) or not isinstance(schedules, Sequence) or isinstance(schedules, str):
        fail("schedules", schedules, "스케줄의 리스트", TypeError)
    if len(schedules) == 0:
        fail("schedules", list(schedules), "스케줄이 하나 이상 든 리스트")
    pieces = tuple(_check_schedule(s, f"schedules[{i}]") for i, s in enumerate(schedules))
    boundaries = _check_sorted_steps("boundaries", boundaries)
    if len(boundaries) != len(pieces) - 1:
        fail(
            "boundaries",
            list(boundaries),
            f"스케줄 개수보다 하나 적은 {len(pieces) - 1}개의 경계 (받은 경계는 {len(boundaries)}개)",
        )
    starts = (0,) + boundaries

    def fn(t):
        which = np.searchsorted(boundaries, t, side="right")  # 조각 번호 = t 이하인 경계의 개수
        out = np.empty(t.shape)
        for i, piece in enumerate(pieces):
            here = which == i
            out[here] = piece._fn(t[here] - starts[i])  # 구간의 시작이 조각의 스텝 0
        return out

    return _make("join", fn, schedules=pieces, boundaries=boundaries)


def by_epoch(schedule: Schedule, steps_per_epoch: int) -> Schedule:
    """에포크 단위 스케줄을 스텝 단위로 씁니다: 한 에포크 동안 학습률이 일정합니다.

    수식: lr(t) = schedule(⌊t / steps_per_epoch⌋)

    안쪽 스케줄의 단위는 에포크입니다. 스텝 0에서 schedule(0)이고, 끝은 안쪽 스케줄을 따릅니다.
    원문의 "30 에포크마다 10배씩 줄인다"는 ``by_epoch(step_decay(0.1, step_size=30), steps_per_epoch)``
    한 줄입니다.
    """
    schedule = _check_schedule(schedule)
    steps_per_epoch = check_int("steps_per_epoch", steps_per_epoch, low=1, allowed="1 이상의 정수")
    inner = schedule._fn
    return _make("by_epoch", lambda t: inner(t // steps_per_epoch), schedule=schedule, steps_per_epoch=steps_per_epoch)


# ---------------------------------------------------------------------------
# 그림과 위젯을 위한 도우미
# ---------------------------------------------------------------------------


def _check_horizon(total_steps) -> int:
    return check_int("total_steps", total_steps, low=1, allowed="1 이상의 정수")


def _clip(steps: np.ndarray, horizon: int) -> np.ndarray:
    steps = np.unique(np.asarray(steps, dtype=np.int64))
    return steps[(steps > 0) & (steps < horizon)]


def milestone_steps(schedule: Schedule, total_steps: int) -> np.ndarray:
    """0 < m < total_steps 범위에서 스케줄의 단계가 바뀌는 스텝 m들을 정렬해 돌려줍니다 (int64 배열).

    단계가 바뀌는 스텝: 계단이 떨어지는 스텝(step_decay, multistep_decay, staircase 지수 감쇠),
    감쇠가 끝나는 스텝(polynomial_decay의 total_steps, cosine_annealing의 T_max), 재시작 스텝,
    워밍업이 끝나는 스텝, one_cycle·warmup_stable_decay의 구간이 시작하는 스텝, join의 경계.
    그림에 세로선을 긋거나 위젯에 "주요 스텝"을 보여 줄 때 씁니다. 부드러운 지수 감쇠나 상수에는
    빈 배열을 돌려줍니다.
    """
    schedule = _check_schedule(schedule)
    h = _check_horizon(total_steps)
    return _clip(step_marks(schedule, h)[0], h)


def restart_steps(schedule: Schedule, total_steps: int) -> np.ndarray:
    """0 < r < total_steps 범위에서 웜 리스타트가 일어나는 스텝 r들을 정렬해 돌려줍니다 (int64 배열).

    :func:`cosine_warm_restarts`의 재시작 스텝 S_n = T_0·(T_mult^n − 1)/(T_mult − 1) (n ≥ 1)을 정확한
    정수로 줍니다. linear_warmup, join, by_epoch로 감싼 스케줄은 그만큼 옮겨서 줍니다. 재시작이 없는
    스케줄에는 빈 배열을 돌려줍니다. 예: ``restart_steps(cosine_warm_restarts(0.1, 10, 2), 100)``
    → ``[10, 30, 70]``.
    """
    schedule = _check_schedule(schedule)
    h = _check_horizon(total_steps)
    return _clip(step_marks(schedule, h)[1], h)


def cycle_starts(T_0: int, T_mult: int, total_steps: int) -> np.ndarray:
    """웜 리스타트의 주기 시작 스텝 S_n (n ≥ 0, S_n < total_steps)을 정확한 정수로 돌려줍니다.

    S_n = T_0·(T_mult^n − 1)/(T_mult − 1)  (T_mult = 1이면 n·T_0). 스텝 0(S_0)도 포함합니다.
    """
    T_0 = check_int("T_0", T_0, low=1, allowed="1 이상의 정수")
    T_mult = check_int("T_mult", T_mult, low=1, allowed="1 이상의 정수")
    h = _check_horizon(total_steps)
    if T_mult == 1:
        return np.arange(0, h, T_0, dtype=np.int64)
    starts, _ = _restart_table(T_0, T_mult)
    return starts[starts < h]
