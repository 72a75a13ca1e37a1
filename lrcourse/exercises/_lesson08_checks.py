"""08(마무리 프로젝트)의 채점 함수: 직접 설계한 스케줄, 글로 쓴 답, 고친 학습 스크립트.

- :func:`_check_capstone`: 스케줄의 모양(최고 학습률, 워밍업, 끝, 길이)을 범위 테스트 결과에 비추어 보고, 학습자가
  쓰지 않은 **새 시드 3개**에서 기준선(범위 테스트의 제안으로 고정한 학습률)과 함께 학습해 견줍니다. 잣대는
  :func:`lrcourse.data.exact_excess_loss`(표본 잡음이 없는 정확한 초과 손실)입니다.
- :func:`_text_checker`: 글로 쓴 답이 다뤄야 할 것을 모두 다뤘는지 봅니다(내용의 옳고 그름은 판정하지 않음).
- :func:`_check_script`: 07의 버그 세 가지가 함께 든 학습 스크립트를 돌려, 학습률 기록과 재개한 학습을 올바른 루프와 견줍니다
  (07의 채점 도구 :mod:`._lesson07_checks`를 씁니다).

torch와 학습 엔진은 채점할 때만 불러옵니다(문제 모듈은 가볍게).
"""

from __future__ import annotations

import functools
import math
import numbers
import os
import re
import tempfile

import numpy as np

from ._grading import Unsolved, Wrong, fmt, is_stub
from ._lesson07_checks import _loader, _run, _same, _sched, _simulate

# 과제와 예산: 노트북과 같습니다(노트북이 assert로 확인합니다).
VOCAB_SIZE = 16
SEQ_LEN = 16
STEPS = 300
BATCH_SIZE = 32
OPTIMIZER = "adam"
RANGE_TEST = {"start_lr": 1e-5, "end_lr": 10.0, "steps": 100}
TUNING_SEED = 0  # 범위 테스트와 설계를 하는 시드
NOTEBOOK_SEEDS = (0, 1, 2)  # 노트북에서 학습자가 견주는 시드
FRESH_SEEDS = (10, 11, 12)  # 채점기만 쓰는 새 시드 (초기 가중치와 데이터 순서가 모두 바뀜)

# 모양의 잣대
_LOW_END = 0.1  # 마지막 스텝의 학습률 ≤ 최고값의 10 %
_MIN_WARMUP = 0.01  # 워밍업은 예산의 1 % 이상 (3스텝)
_MAX_WARMUP = 0.5  # 예산의 절반보다 짧게
_EARLY_FLOOR = 0.7  # 예산의 70 %가 지나기 전에 바닥에 닿으면 남은 스텝을 버림
_HORIZON = 4  # 예산보다 긴 스케줄을 찾으려고 예산의 4배까지 봅니다

LAST_RUN: dict = {}  # 마지막으로 채점한 스케줄의 새 시드 결과 (lesson08.show_fresh_seeds가 보여 줌)


# ---------------------------------------------------------------------------
# 과제, 범위 테스트, 학습 한 번
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _task():
    from ..data import trigram_stream

    return trigram_stream(vocab_size=VOCAB_SIZE, seq_len=SEQ_LEN, num_val=256, seed=0, device="cpu")


@functools.lru_cache(maxsize=1)
def _finder():
    """노트북과 같은 범위 테스트 (시드 0). 채점할 때 한 번만 돌립니다."""
    import torch

    from ..lr_finder import lr_range_test
    from ..models import token_mlp

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return lr_range_test(token_mlp(vocab_size=VOCAB_SIZE, seed=TUNING_SEED), _task(), OPTIMIZER, batch_size=BATCH_SIZE,
                             seed=TUNING_SEED, device="cpu", **RANGE_TEST)
    finally:
        torch.set_num_threads(threads)


def train_once(schedule, seed: int):
    """token_mlp(시드 seed)를 Adam, 배치 32, 300스텝으로 학습하고 (History, 정확한 초과 손실)을 돌려줍니다. 발산하면 초과 손실은 NaN."""
    from ..data import exact_excess_loss
    from ..models import token_mlp
    from ..train import fit

    model = token_mlp(vocab_size=VOCAB_SIZE, seed=seed)
    history = fit(model, _task(), OPTIMIZER, schedule, steps=STEPS, batch_size=BATCH_SIZE, seed=seed, eval_every=STEPS,
                  device="cpu", progress=False, num_threads=1)
    return history, (math.nan if history.diverged else exact_excess_loss(model, _task()))


@functools.lru_cache(maxsize=4)
def _baseline(seeds: tuple) -> tuple:
    """기준선: 범위 테스트의 제안(suggested_lr)으로 고정한 학습률의 초과 손실 (시드마다)."""
    return tuple(train_once(_finder().suggested_lr, s)[1] for s in seeds)


# ---------------------------------------------------------------------------
# 스케줄을 학습률 표로
# ---------------------------------------------------------------------------


def _as_schedule(answer):
    """답을 :class:`lrcourse.schedules.Schedule`로. ``fit``이 받는 것(스케줄 또는 상수 학습률)만 받습니다."""
    from .. import schedules

    if is_stub(answer):
        raise Unsolved
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        if not (math.isfinite(answer) and answer > 0):
            raise Wrong(f"상수 학습률 {fmt(answer)}은(는) 0보다 큰 유한한 값이어야 합니다.")
        return schedules.constant(float(answer))
    if isinstance(answer, schedules.Schedule):
        return answer
    what = "함수" if callable(answer) else f"{type(answer).__name__} 값 {fmt(answer)}"
    raise Wrong(f"lrcourse.schedules로 만든 스케줄(fit에 그대로 넣는 것)을 기대했는데 {what}을(를) 받았습니다. "
                "linear_warmup, cosine_annealing, polynomial_decay, warmup_stable_decay, join 같은 팩토리로 만드세요.")


# ---------------------------------------------------------------------------
# 모양 검사: 실패마다 그 까닭 (정답 값은 말하지 않음)
# ---------------------------------------------------------------------------


def _check_shape(table: np.ndarray, finder) -> dict:
    """스케줄의 모양을 검사하고 잰 값(최고값, 워밍업 길이 …)을 돌려줍니다. 틀리면 :class:`Wrong`."""
    T = STEPS
    bad = ~np.isfinite(table) | (table < 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise Wrong(f"스텝 {k}의 학습률이 {fmt(table[k])}입니다: 모든 스텝에서 0 이상의 유한한 값이어야 합니다.")
    budget = table[:T]
    peak = float(budget.max())
    if peak <= 0:
        raise Wrong(f"예산({T}스텝) 안의 학습률이 모두 0입니다.")
    if peak > finder.min_lr:
        raise Wrong(f"최고 학습률 {fmt(peak)}이(가) 범위 테스트에서 부드러운 손실이 가장 낮았던 학습률(finder.min_lr)보다 큽니다. "
                    "범위 테스트에서 그보다 큰 학습률은 손실을 다시 키웠습니다(발산 쪽): 300스텝 내내 쓰면 발산하거나 학습이 망가집니다. "
                    "범위 테스트 그림에서 손실이 가파르게 내려가는 곳을 보고 최고 학습률을 다시 고르세요.")
    if peak < finder.suggested_lr / 10:
        raise Wrong(f"최고 학습률 {fmt(peak)}이(가) 범위 테스트의 제안(finder.suggested_lr)보다 10배 넘게 작습니다: "
                    "범위 테스트에서 손실이 아직 거의 줄지 않던 학습률이라 300스텝으로는 멀리 가지 못합니다.")
    reach = int(np.argmax(budget >= 0.99 * peak))  # 처음으로 최고값(의 99 %)에 닿는 스텝 = 워밍업 길이
    if table[0] >= 0.5 * peak or reach < max(2, math.ceil(_MIN_WARMUP * T)):
        start = f"스텝 0의 학습률이 이미 최고값의 {table[0] / peak:.0%}이고" if table[0] >= 0.5 * peak else f"스텝 0의 학습률은 최고값의 {table[0] / peak:.0%}이지만"
        raise Wrong(f"워밍업이 (사실상) 없습니다: {start} 스텝 {reach}에서 최고값에 닿습니다. "
                    f"Adam은 처음 몇 스텝의 걸음이 크므로, 작은 값에서 시작해 예산의 1 %({math.ceil(_MIN_WARMUP * T)}스텝) 넘게 천천히 올리세요.")
    if reach > _MAX_WARMUP * T:
        raise Wrong(f"워밍업이 너무 깁니다: 스텝 {reach}에야 최고값에 닿아 예산의 절반 넘게 오르기만 합니다. 감쇠할 스텝이 모자랍니다.")
    end = float(budget[-1])
    if end > _LOW_END * peak:
        later = np.flatnonzero(table[T:] <= _LOW_END * peak)
        if len(later) and table[T + int(later[0]) - 1] <= end:  # 예산 뒤에서 계속 내려가 낮아짐: 더 긴 예산에 맞춘 스케줄
            raise Wrong(f"예산보다 긴 스케줄입니다: 학습률이 스텝 {T + int(later[0])}에서야 최고값의 10 % 아래로 내려갑니다 "
                        f"(예산은 스텝 0–{T - 1}). 감쇠 길이(T_max, total_steps 등)를 예산에 맞추세요.")
        raise Wrong(f"끝이 낮지 않습니다: 마지막 스텝({T - 1})의 학습률이 최고값의 {end / peak:.0%}입니다. "
                    "감쇠가 예산의 끝에서 0 가까이(최고값의 10 % 아래) 닿게 하세요.")
    rises = np.flatnonzero(np.diff(budget[reach:]) > 0.01 * peak)
    if len(rises):
        k = reach + int(rises[0]) + 1
        raise Wrong(f"감쇠 구간의 스텝 {k}에서 학습률이 다시 오릅니다. 이 과제는 워밍업 뒤 한 번 내려가는 스케줄입니다(재시작 없음).")
    floor = float(budget[reach:].min())
    first_floor = reach + int(np.argmax(budget[reach:] <= floor + 0.01 * (peak - floor)))
    if first_floor < _EARLY_FLOOR * T:
        raise Wrong(f"너무 일찍 바닥에 닿습니다: 스텝 {first_floor}(예산의 {first_floor / T:.0%})에서 이미 끝 학습률이라, 남은 스텝을 그 학습률로 보냅니다. "
                    "감쇠가 예산의 끝까지 이어지게 하세요.")
    return {"peak": peak, "warmup": reach, "end": end}


# ---------------------------------------------------------------------------
# 채점: 모양 → 새 시드에서 기준선과 견주기
# ---------------------------------------------------------------------------


def _check_capstone(answer):
    schedule = _as_schedule(answer)
    table = np.asarray(schedule(np.arange(_HORIZON * STEPS)), dtype=np.float64)  # 예산보다 긴 스케줄을 찾으려고 4배까지
    finder = _finder()
    shape = _check_shape(table, finder)
    baseline = _baseline(FRESH_SEEDS)
    mine = []
    for seed in FRESH_SEEDS:
        history, excess = train_once(schedule, seed)
        if history.diverged:
            LAST_RUN.clear()
            raise Wrong(f"새 시드 {seed}에서 스텝 {history.diverged_step}에 발산했습니다(손실이 폭발). 최고 학습률을 낮추거나 워밍업을 늘리세요.")
        mine.append(excess)
    LAST_RUN.clear()
    LAST_RUN.update(seeds=FRESH_SEEDS, mine=tuple(mine), baseline=baseline, **shape)
    worse = [(s, m, b) for s, m, b in zip(FRESH_SEEDS, mine, baseline) if not m < b]
    if worse:
        rows = "; ".join(f"시드 {s}: 여러분 {m:.4f}, 기준선 {b:.4f}" for s, m, b in worse)
        raise Wrong(f"모양은 좋지만 새 시드 {len(FRESH_SEEDS)}개 가운데 {len(worse)}개에서 기준선(제안 학습률로 고정)보다 초과 손실이 작지 않습니다 "
                    f"({rows}). 최고 학습률이 범위 테스트에서 손실이 오르기 시작하는 곳에 너무 가깝지 않은지 보세요.")


# ---------------------------------------------------------------------------
# 글로 쓴 답
# ---------------------------------------------------------------------------


def _text_checker(min_chars: int, parts):
    """글 답 채점기: ``parts`` = [(찾을 낱말 정규식, 빠졌을 때의 까닭), …]. 내용의 옳고 그름은 판정하지 않습니다."""

    def checker(answer):
        if is_stub(answer):
            raise Unsolved
        if not isinstance(answer, str):
            raise Wrong(f"글(문자열)을 기대했는데 {type(answer).__name__} 값 {fmt(answer)}을(를) 받았습니다. 따옴표 세 개(\"\"\" … \"\"\")로 감싸 쓰세요.")
        text = answer.strip()
        if len(text) < min_chars:
            raise Wrong(f"글이 {len(text)}자로 너무 짧습니다: 두세 문장({min_chars}자 이상)으로 쓰세요.")
        for pattern, reason in parts:
            if not re.search(pattern, text, flags=re.IGNORECASE):
                raise Wrong(reason)

    return checker


# ---------------------------------------------------------------------------
# 고칠 학습 스크립트: OneCycleLR + 체크포인트 재개
# ---------------------------------------------------------------------------

_SPE, _EPOCHS, _STOP = 5, 4, 2  # 채점용 데이터: 에포크마다 배치 5개, 4 에포크, 2 에포크 뒤 멈춤


def _check_script(train):
    import torch

    T = _SPE * _EPOCHS
    make = _sched("OneCycleLR", max_lr=0.1, total_steps=T)
    expected = _simulate(make, "os" * T)
    with tempfile.TemporaryDirectory(prefix="lrcourse-08-") as tmp:
        whole = _run(train, _loader(), _EPOCHS, os.path.join(tmp, "fresh.pt"))
        if isinstance(whole.error, ValueError) and "total steps" in str(whole.error):
            raise Wrong("끊기지 않은 학습이 마지막 에포크에 ValueError로 멈췄습니다: OneCycleLR이 total_steps보다 많이 step()되었습니다. "
                        "마지막 배치가 덜 찬 DataLoader는 len(dataset) // batch_size보다 배치가 하나 더 많습니다(len(loader)를 쓰세요).")
        if whole.error is not None:
            raise Wrong(f"끊기지 않은 학습이 도중에 {type(whole.error).__name__} 오류를 냈습니다: {whole.error}")
        trace = whole.trace
        if not _same(trace, expected):
            if _same(trace, _simulate(make, "so" * T)):
                raise Wrong("scheduler.step()을 optimizer.step()보다 먼저 불렀습니다: 스케줄이 한 스텝 앞서 가서 첫 스텝부터 다음 스텝의 학습률을 씁니다." + whole.note())
            if _same(trace, _simulate(make, ("o" * _SPE + "s") * _EPOCHS)):
                raise Wrong("scheduler.step()을 에포크마다 불렀습니다: OneCycleLR의 total_steps는 배치(옵티마이저 스텝) 수이므로 배치마다 부릅니다.")
            longer = _sched("OneCycleLR", max_lr=0.1, total_steps=T + _EPOCHS)
            if _same(trace, _simulate(longer, "os" * T)):
                raise Wrong("total_steps가 실제 스텝 수보다 큽니다: 학습이 끝날 때 학습률이 아직 최저값까지 내려가지 않았습니다.")
            if len(trace) != T:
                raise Wrong(f"끊기지 않은 학습이 옵티마이저 스텝을 {len(trace)}번 했습니다: 올바른 루프와 다릅니다. 에포크와 배치를 모두 돌았는지 보세요.")
            k = int(np.flatnonzero(~np.isclose(trace[:, 0], expected[:, 0], rtol=1e-6, atol=1e-12))[0])
            raise Wrong(f"끊기지 않은 학습의 스텝 {k}에서 옵티마이저가 쓴 학습률 {fmt(trace[k, 0])}이(가) 올바른 OneCycleLR 루프와 다릅니다." + whole.note())
        if whole.warnings:
            raise Wrong("학습률은 맞지만 루프가 경고를 냈습니다." + whole.note() + " 경고 없이 돌도록 고치세요.")
        path = os.path.join(tmp, "checkpoint.pt")
        loader = _loader()
        first = _run(train, loader, _EPOCHS, path, stop_after=_STOP)
        if first.error is None and not os.path.exists(path):
            raise Wrong(f"stop_after={_STOP}에서 멈춘 뒤 path에 체크포인트 파일이 없습니다: torch.save(…, path)를 했는지 보세요.")
        second = _run(train, loader, _EPOCHS, path)
    if isinstance(second.error, ValueError) and "total steps" in str(second.error):
        raise Wrong("재개한 실행이 OneCycleLR의 total_steps를 넘어 ValueError로 멈췄습니다: 스케줄러 상태는 읽었지만 저장한 에포크부터 이어 가지 않았습니다 "
                    "(시작 에포크를 체크포인트에서 읽으세요).")
    for run in (first, second):
        if run.error is not None:
            raise Wrong(f"멈췄다 이은 학습이 도중에 {type(run.error).__name__} 오류를 냈습니다: {run.error}")
    if len(first.lrs) != _STOP * _SPE:
        raise Wrong(f"stop_after={_STOP}로 부른 첫 실행이 옵티마이저 스텝을 {len(first.lrs)}번 했습니다: {_STOP} 에포크를 마치고 저장한 뒤 멈춰야 합니다.")
    if len(first.lrs) + len(second.lrs) != T:
        raise Wrong(f"재개한 실행이 옵티마이저 스텝을 {len(second.lrs)}번 했습니다: 저장한 에포크부터 이어 가지 않았습니다 (시작 에포크를 체크포인트에서 읽으세요).")
    got, want = second.trace[:, 0], trace[_STOP * _SPE:, 0]
    if not _same(got, want):
        k = int(np.flatnonzero(~np.isclose(got, want, rtol=1e-6, atol=1e-12))[0])
        where = "재개 직후" if k == 0 else f"재개하고 {k}스텝 뒤"
        raise Wrong(f"{where}(스텝 {_STOP * _SPE + k}) 학습률 {fmt(got[k])}이(가) 끊기지 않은 학습과 다릅니다: 새로 만든 OneCycleLR이 자기 스텝 0부터 다시 셉니다. "
                    "scheduler.state_dict()를 체크포인트에 넣고, 재개할 때 scheduler.load_state_dict()로 읽으세요.")
    if isinstance(second.result, torch.nn.Module) and isinstance(whole.result, torch.nn.Module):
        a, b = (torch.cat([p.detach().flatten() for p in m.parameters()]) for m in (second.result, whole.result))
        if a.shape != b.shape or not torch.allclose(a, b, rtol=1e-5, atol=1e-7):
            raise Wrong("학습률은 이어지지만 재개한 모델의 가중치가 끊기지 않은 학습과 다릅니다: 모델과 옵티마이저(모멘텀) 상태도 저장하고 읽으세요.")
