"""07(PyTorch 실전)의 채점 도구와 채점 함수: 학습자의 학습 루프를 돌려 옵티마이저가 쓴 학습률을 견줍니다.

기록은 PyTorch의 전역 훅 ``torch.optim.optimizer.register_optimizer_step_pre_hook``이 합니다: 루프가 무엇을
출력하든, 옵티마이저가 실제로 쓴 값을 봅니다. 올바른 학습률과 흔한 실수의 학습률은 버리는 파라미터 위에서 같은
스케줄러를 그 실수대로 움직여(:func:`_simulate`) 만듭니다. 채점용 데이터는 손글씨 숫자의 앞 300장(배치 64 →
에포크마다 배치 5개, 마지막 배치는 44장)이라 노트북의 데이터와 배치 수가 다릅니다: 배치 수를 코드에 박아 넣은
답은 여기서 드러납니다. torch는 채점할 때만 불러옵니다(문제 모듈은 가볍게: ``ex.progress()``가 모든 문제 모듈을
불러옵니다).
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import warnings

import numpy as np

from ._grading import Wrong, fmt, off_by, to_number

_LR = 0.1
_EPOCHS = 4  # 채점할 때의 에포크 수 (노트북과 다름)
_GET_LR_WARNING = "get_last_lr()"


# ---------------------------------------------------------------------------
# 채점 도구: 작은 데이터, 학습률 기록, 흔한 실수의 학습률 만들기
# ---------------------------------------------------------------------------


def _loader(seed=0):
    """채점용 DataLoader: 숫자 300장, 배치 64(마지막 배치 44장), 시드로 고정한 섞기."""
    import torch

    from ..data import load_digits

    digits = load_digits()
    dataset = torch.utils.data.TensorDataset(digits.x_train[:300], digits.y_train[:300])
    return torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(seed))


class _Run:
    """학습 루프 한 번: 옵티마이저 스텝마다 그룹별 학습률(lrs), 경고 문장, 오류, 돌려준 값."""

    def __init__(self):
        self.lrs, self.warnings, self.error, self.result = [], [], None, None

    @property
    def trace(self):
        return np.asarray(self.lrs, dtype=np.float64).reshape(len(self.lrs), -1)

    def note(self) -> str:
        """PyTorch가 낸 경고를 채점 메시지에 덧붙일 문장으로."""
        if not self.warnings:
            return ""
        first = self.warnings[0].split(".  ")[0]
        return f" PyTorch도 경고했습니다: \"{first}\"."


def _run(fn, *args, **kwargs) -> _Run:
    """``fn``을 돌리며 옵티마이저가 쓴 학습률과 경고를 기록합니다. 학습자 코드의 오류는 ``error``에 담습니다."""
    import torch
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    run = _Run()
    handle = register_optimizer_step_pre_hook(lambda opt, a, k: run.lrs.append([float(g["lr"]) for g in opt.param_groups]))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # 작은 모델은 스레드 하나가 가장 빠릅니다(여러 스레드는 바쁜 기계에서 서로 기다림)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                run.result = fn(*args, **kwargs)
            except NotImplementedError:
                raise
            except Exception as err:  # noqa: BLE001 - 학습자 루프의 오류도 채점 결과입니다
                run.error = err
        run.warnings = [str(w.message) for w in caught]
    finally:
        handle.remove()
        torch.set_num_threads(threads)
    return run


def _simulate(make_scheduler, events, groups=(_LR,)):
    """버리는 파라미터로 스케줄러를 ``events``대로 움직입니다: ``"o"``는 옵티마이저 스텝(그때 학습률 기록), ``"s"``는 스케줄러 스텝."""
    import torch

    params = [torch.nn.Parameter(torch.zeros(1)) for _ in groups]
    optimizer = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, groups)], lr=groups[0])
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scheduler = make_scheduler(optimizer)
        for event in events:
            if event == "o":
                out.append([g["lr"] for g in optimizer.param_groups])
                optimizer.step()
            else:
                scheduler.step()
    return np.asarray(out, dtype=np.float64)


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))


def _compare(run: _Run, expected, mistakes=(), spe=None):
    """기록한 학습률이 ``expected``와 같지 않으면 :class:`Wrong`. 흔한 실수와 같으면 그 까닭을 말합니다."""
    if run.error is not None:
        raise Wrong(f"루프가 도중에 {type(run.error).__name__} 오류를 냈습니다: {run.error}")
    got, expected = run.trace, np.asarray(expected, dtype=np.float64)
    if _same(got, expected):
        if run.warnings:
            raise Wrong("학습률은 맞지만 루프가 경고를 냈습니다." + run.note() + " 경고 없이 돌도록 고치세요.")
        return
    for trace, reason in mistakes:
        if _same(got, trace):
            raise Wrong(reason + run.note())
    if len(got) != len(expected):
        more = "많습니다" if len(got) > len(expected) else "적습니다"
        raise Wrong(f"옵티마이저 스텝을 {len(got)}번 했습니다: 올바른 루프보다 {more}. 에포크와 배치를 모두 돌았는지 보세요." + run.note())
    if got.shape[1] != expected.shape[1]:
        raise Wrong(f"파라미터 그룹이 {got.shape[1]}개입니다. 문제가 말한 그룹 수와 다릅니다." + run.note())
    bad = ~np.isclose(got, expected, rtol=1e-6, atol=1e-12)
    step, group = (int(i) for i in np.argwhere(bad)[0])
    where = f"스텝 {step}" + (f"(에포크 {step // spe})" if spe else "") + (f", 그룹 {group}" if expected.shape[1] > 1 else "")
    raise Wrong(f"{where}에서 옵티마이저가 쓴 학습률 {fmt(got[step, group])}은(는) 올바른 루프보다 {off_by(expected[step, group], got[step, group])}." + run.note())


def _sched(name, **kw):
    """``optimizer``를 받아 torch 스케줄러를 만드는 함수."""
    from torch.optim import lr_scheduler

    return lambda optimizer: getattr(lr_scheduler, name)(optimizer, **kw)


def _per_epoch(spe, epochs):  # 올바른 에포크 단위 루프: 배치를 다 돈 뒤 scheduler.step()
    return ("o" * spe + "s") * epochs


def _per_batch(spe, epochs):  # 배치마다 optimizer.step(); scheduler.step()
    return "os" * (spe * epochs)


# ---------------------------------------------------------------------------
# q1: 스텝 순서 / q2: 에포크 단위 스케줄을 배치마다 / q3: 기울기 누적
# ---------------------------------------------------------------------------

_ORDER = "scheduler.step()을 optimizer.step()보다 먼저 불렀습니다: 스케줄이 한 칸 앞서 가서, 매 에포크가 다음 에포크의 학습률을 썼습니다."
_NEVER = ("학습률이 한 번도 바뀌지 않았습니다: scheduler.step()을 부르지 않았거나, 줄이는 때가 학습이 끝난 뒤로 잡혔습니다 "
          "(노트북의 배치 수를 코드에 박아 넣었다면 len(loader)를 쓰세요).")


def _check_step_order(train):
    spe, E = 5, _EPOCHS
    make = _sched("StepLR", step_size=2, gamma=0.5)
    _compare(_run(train, _loader(), E), _simulate(make, _per_epoch(spe, E)), [
        (_simulate(make, ("s" + "o" * spe) * E), _ORDER),
        (_simulate(make, _per_batch(spe, E)), "scheduler.step()을 배치마다 불렀습니다. StepLR(step_size=2)는 에포크를 세도록 쓰였습니다."),
        (_simulate(make, "o" * spe * E), _NEVER),
    ], spe)


def _check_per_epoch(train):
    spe, E = 5, 6
    make = _sched("MultiStepLR", milestones=[3, 5], gamma=0.1)
    _compare(_run(train, _loader(), E), _simulate(make, _per_epoch(spe, E)), [
        (_simulate(make, _per_batch(spe, E)), "아직 scheduler.step()을 배치마다 부릅니다: milestones=[3, 5]가 에포크가 아니라 배치 3개, 5개째에 옵니다."),
        (_simulate(make, ("s" + "o" * spe) * E), _ORDER),
        (_simulate(make, "o" * spe * E), _NEVER),
    ], spe)


def _accumulation_events(spe, epochs, accum, step_every_batch=False):
    events = ""
    for _ in range(epochs):
        for i in range(spe):
            update = (i + 1) % accum == 0 or i + 1 == spe
            events += ("o" if update else "") + ("s" if update or step_every_batch else "")
    return events


def _check_accumulation(train):
    spe, E, accum = 5, _EPOCHS, 2  # 노트북(4)과 다른 누적 수로 돌립니다: 에포크마다 옵티마이저 스텝 3번
    updates = E * math.ceil(spe / accum)
    make = _sched("CosineAnnealingLR", T_max=updates)
    _compare(_run(train, _loader(), E, accum_steps=accum), _simulate(make, _accumulation_events(spe, E, accum)), [
        (_simulate(make, _accumulation_events(spe, E, accum, True)),
         "scheduler.step()을 작은 배치마다 불렀습니다: 스케줄이 옵티마이저 스텝보다 accum_steps배 빨리 가서, 코사인이 일찍 바닥에 닿은 뒤 다시 오릅니다."),
        (_simulate(_sched("CosineAnnealingLR", T_max=E * spe), _accumulation_events(spe, E, accum)),
         "T_max를 작은 배치 수로 세었습니다: 스케줄은 옵티마이저 스텝을 세므로, 이대로는 끝에서 최저 학습률에 닿지 않습니다."),
    ])


# ---------------------------------------------------------------------------
# q4: get_lr()과 get_last_lr()
# ---------------------------------------------------------------------------


def _as_lr(value, where):
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    return float(to_number(value, where))


def _check_logged(train):
    spe, E, gamma = 5, _EPOCHS, 0.8
    run = _run(train, _loader(), E)
    _compare(_without_warnings(run), _simulate(_sched("ExponentialLR", gamma=gamma), _per_epoch(spe, E)), spe=spe)
    logged = run.result
    if logged is None or not hasattr(logged, "__len__"):
        raise Wrong(f"루프가 적어 둔 학습률 목록을 돌려주지 않았습니다 (받은 것: {fmt(logged)}). return lrs를 잊지 않았는지 보세요.")
    if len(logged) != E:
        raise Wrong(f"적어 둔 학습률이 {len(logged)}개입니다: 에포크마다 하나씩이어야 합니다.")
    used = run.trace[::spe, 0]
    values = [_as_lr(v, f"에포크 {e}에 적은 값: ") for e, v in enumerate(logged)]
    if _same(values, used):
        if any(_GET_LR_WARNING in w for w in run.warnings):
            raise Wrong("적은 값은 맞지만 PyTorch가 get_lr()을 부르지 말라고 경고했습니다." + run.note())
        return
    if _same(values[1:], used[1:] * gamma) and any(_GET_LR_WARNING in w for w in run.warnings):
        raise Wrong("적은 학습률이 옵티마이저가 실제로 쓴 값보다 한 단계 작습니다: get_lr()은 지금 학습률이 아니라 "
                    "다음 스텝을 계산하는 식이라, step() 밖에서 부르면 gamma를 한 번 더 곱합니다." + run.note())
    if _same(values[:-1], used[1:]):
        raise Wrong("매 에포크에 그다음 에포크의 학습률을 적었습니다: scheduler.step() 뒤에 읽으면 이미 다음 값입니다. 에포크를 시작할 때(배치 루프 앞에서) 적으세요.")
    e = int(np.flatnonzero(~np.isclose(values, used, rtol=1e-6))[0])
    raise Wrong(f"에포크 {e}에 적은 학습률 {fmt(values[e])}은(는) 그 에포크에 옵티마이저가 실제로 쓴 값보다 {off_by(used[e], values[e])}.")


def _without_warnings(run):
    """q4에서는 get_lr() 경고를 따로 말하므로, 학습률 비교에서는 경고를 빼고 봅니다."""
    copy = _Run()
    copy.lrs, copy.error, copy.result = run.lrs, run.error, run.result
    copy.warnings = [w for w in run.warnings if _GET_LR_WARNING not in w]
    return copy


# ---------------------------------------------------------------------------
# q5: SequentialLR / q6: OneCycleLR
# ---------------------------------------------------------------------------


def _warmup_cosine(warmup, t_max):
    from torch.optim import lr_scheduler as S

    return lambda opt: S.SequentialLR(opt, [S.LinearLR(opt, start_factor=0.1, total_iters=warmup),
                                            S.CosineAnnealingLR(opt, T_max=t_max)], milestones=[warmup])


def _check_sequential(train):
    spe, E, W = 5, _EPOCHS, 5
    T = spe * E
    _compare(_run(train, _loader(), E, warmup_steps=W), _simulate(_warmup_cosine(W, T - W), _per_batch(spe, E)), [
        (_simulate(_warmup_cosine(W, T), _per_batch(spe, E)),
         "코사인의 T_max가 전체 스텝 수입니다. SequentialLR은 milestone에서 두 번째 스케줄러를 그 스케줄러의 스텝 0부터 시작하므로, "
         "코사인이 끝까지 내려가지 못합니다."),
    ], spe)


def _check_one_cycle(train):
    spe, E = 5, _EPOCHS
    run = _run(train, _loader(), E)
    if isinstance(run.error, ValueError) and "total steps" in str(run.error):
        raise Wrong("OneCycleLR이 total_steps보다 많이 step()되어 ValueError를 냈습니다: total_steps가 실제 배치 수보다 작습니다. "
                    "마지막 배치가 덜 찬 DataLoader는 len(dataset) // batch_size보다 배치가 하나 더 많습니다.")
    make = _sched("OneCycleLR", max_lr=_LR, total_steps=spe * E)
    longer = _sched("OneCycleLR", max_lr=_LR, total_steps=spe * E + E)
    _compare(run, _simulate(make, _per_batch(spe, E)), [
        (_simulate(longer, _per_batch(spe, E)), "total_steps가 실제 스텝 수보다 큽니다: 학습이 끝날 때 학습률이 아직 최저값까지 내려가지 않았습니다."),
    ], spe)


# ---------------------------------------------------------------------------
# q7: ReduceLROnPlateau와 그 지표
# ---------------------------------------------------------------------------


def _check_plateau(train):
    import torch
    import torch.nn.functional as F
    from torch.optim import lr_scheduler

    from ..data import load_digits

    digits = load_digits()
    x_val, y_val = digits.x_val[:200], digits.y_val[:200]
    evaluated, stepped = [], []

    def evaluate(model):
        with torch.no_grad():
            value = F.cross_entropy(model(x_val), y_val).item()
        evaluated.append(value)
        return value

    original = lr_scheduler.ReduceLROnPlateau.step

    def recording_step(self, metrics, *args, **kwargs):
        stepped.append((len(evaluated), float(metrics)))
        return original(self, metrics, *args, **kwargs)

    spe, E = 5, 6
    lr_scheduler.ReduceLROnPlateau.step = recording_step
    try:
        run = _run(train, _loader(), evaluate, E)
    finally:
        lr_scheduler.ReduceLROnPlateau.step = original
    if isinstance(run.error, TypeError) and "metrics" in str(run.error):
        raise Wrong("scheduler.step()에 지표를 주지 않았습니다: ReduceLROnPlateau는 step(지표)로 검증 손실을 받아야 판단합니다.")
    if len(stepped) != E:
        how = "배치마다" if len(stepped) > E else "에포크마다 한 번이 아니게"
        raise Wrong(f"scheduler.step(…)을 {len(stepped)}번, {how} 불렀습니다. 검증 손실은 에포크 끝에 한 번 재고, 그때 한 번 부릅니다.")
    if not all(count > 0 and math.isclose(value, evaluated[count - 1], rel_tol=1e-6) for count, value in stepped):
        raise Wrong("scheduler.step(…)에 준 값이 evaluate(model)이 돌려준 검증 손실이 아닙니다 (마지막 배치의 학습 손실인가요?). "
                    "한 배치의 손실은 잡음이 커서, 학습률을 줄일지가 그 배치에 따라 갈립니다.")
    make = lambda opt: lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=0)  # noqa: E731
    expected = []
    replay = _replay_plateau(make, [value for _, value in stepped])
    for e in range(E):
        expected += [[replay[e]]] * spe
    _compare(run, expected, spe=spe)


def _replay_plateau(make, metrics):
    """검증 손실 순서를 ReduceLROnPlateau에 그대로 먹여, 에포크마다 쓸 학습률을 얻습니다."""
    import torch

    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=_LR)
    scheduler, out = make(optimizer), []
    for value in metrics:
        out.append(optimizer.param_groups[0]["lr"])
        scheduler.step(value)
    return out


# ---------------------------------------------------------------------------
# q8: 파라미터 그룹마다 다른 학습률
# ---------------------------------------------------------------------------


def _cosine_factor(total):
    return lambda step: 0.5 * (1 + math.cos(math.pi * step / total))


def _check_groups(train):
    spe, E = 5, _EPOCHS
    T = spe * E
    make = _sched("LambdaLR", lr_lambda=_cosine_factor(T))
    run = _run(train, _loader(), E)
    expected = _simulate(make, _per_batch(spe, E), groups=(_LR, _LR / 10))
    same = np.repeat(expected[:, :1], 2, axis=1)
    head_fixed = expected.copy()
    head_fixed[:, 1] = _LR / 10
    _compare(run, expected, [
        (same, "두 그룹의 학습률이 같습니다: 스케줄 값을 모든 그룹에 그대로 넣으면 헤드의 학습률(몸통의 1/10)이 사라집니다. "
               "스케줄은 그룹마다의 처음 학습률에 곱하는 비율이어야 합니다."),
        (head_fixed, "헤드 그룹의 학습률이 처음 값에 머뭅니다: 스케줄이 첫 그룹만 바꿨습니다."),
    ], spe)


# ---------------------------------------------------------------------------
# q9: 체크포인트와 재개
# ---------------------------------------------------------------------------


def _check_resume(train):
    import torch

    spe, E, stop = 5, _EPOCHS, 2
    with tempfile.TemporaryDirectory(prefix="lrcourse-07-") as tmp:
        path = os.path.join(tmp, "checkpoint.pt")
        loader = _loader()
        first = _run(train, loader, E, path, stop_after=stop)
        if first.error is None and not os.path.exists(path):
            raise Wrong(f"stop_after={stop}에서 멈춘 뒤 path에 체크포인트 파일이 없습니다: torch.save(…, path)를 했는지 보세요.")
        second = _run(train, loader, E, path)
        whole = _run(train, _loader(), E, os.path.join(tmp, "fresh.pt"))
    for run in (first, second, whole):
        if run.error is not None:
            raise Wrong(f"루프가 도중에 {type(run.error).__name__} 오류를 냈습니다: {run.error}")
    expected = _simulate(_sched("CosineAnnealingLR", T_max=spe * E), _per_batch(spe, E))
    _compare(whole, expected, spe=spe)
    if len(first.lrs) != stop * spe:
        raise Wrong(f"stop_after={stop}로 부른 첫 실행이 옵티마이저 스텝을 {len(first.lrs)}번 했습니다: {stop} 에포크를 마치고 저장한 뒤 멈춰야 합니다.")
    resumed = _Run()
    resumed.lrs, resumed.warnings = first.lrs + second.lrs, first.warnings + second.warnings
    if len(resumed.lrs) != len(whole.lrs):
        raise Wrong(f"재개한 실행이 옵티마이저 스텝을 {len(second.lrs)}번 했습니다: 저장한 에포크부터 이어 가지 않았습니다 (시작 에포크를 체크포인트에서 읽으세요).")
    got, want = resumed.trace[stop * spe:, 0], whole.trace[stop * spe:, 0]
    if not _same(got, want):
        k = int(np.flatnonzero(~np.isclose(got, want, rtol=1e-6))[0])
        jump = "재개 직후" if k == 0 else f"재개하고 {k}스텝 뒤"
        raise Wrong(f"{jump}(스텝 {stop * spe + k}) 학습률 {fmt(got[k])}이(가) 끊기지 않은 학습보다 {off_by(want[k], got[k])}: "
                    "스케줄러가 처음부터 다시 셉니다. scheduler.state_dict()를 체크포인트에 넣고, 재개할 때 scheduler.load_state_dict()로 읽으세요.")
    models = [second.result, whole.result]
    if all(isinstance(m, torch.nn.Module) for m in models):
        a, b = (torch.cat([p.detach().flatten() for p in m.parameters()]) for m in models)
        if a.shape != b.shape or not torch.allclose(a, b, rtol=1e-5, atol=1e-7):
            raise Wrong("학습률은 이어지지만 재개한 모델의 가중치가 끊기지 않은 학습과 다릅니다: 모델과 옵티마이저(모멘텀) 상태도 저장하고 읽으세요.")


# ---------------------------------------------------------------------------
# q10: 저장할 수 있는 LambdaLR
# ---------------------------------------------------------------------------


def _warmup_cosine_factor(total):
    warmup = total // 10
    return lambda step: step / warmup if step < warmup else 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


def _check_picklable(make_scheduler):
    import torch

    T, k = 40, 17

    def fresh(total):
        optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=_LR)
        return optimizer, make_scheduler(optimizer, total)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _simulate(lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, _warmup_cosine_factor(T)), "os" * T)
        run = _Run()
        optimizer, scheduler = fresh(T)
        for step in range(T):
            run.lrs.append([optimizer.param_groups[0]["lr"]])
            optimizer.step()
            scheduler.step()
            if step + 1 == k:
                saved = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}
    _compare(run, expected)
    if isinstance(scheduler, torch.optim.lr_scheduler.LambdaLR) and None in saved["scheduler"].get("lr_lambdas", []):
        raise Wrong("학습률은 맞지만 state_dict()의 'lr_lambdas'가 None입니다: lambda나 def 함수는 체크포인트에 저장되지 않습니다. "
                    "__call__이 있는 클래스의 객체(설정을 속성으로 가짐)를 쓰세요.")
    buffer = io.BytesIO()
    try:
        torch.save(saved, buffer)
        buffer.seek(0)
        loaded = torch.load(buffer, weights_only=True)
    except Exception as err:  # noqa: BLE001
        raise Wrong(f"scheduler.state_dict()를 torch.save/torch.load(weights_only=True)로 저장하고 읽지 못했습니다: {type(err).__name__}: {err}") from None
    # 설정이 바뀐 채(전체 스텝 2배) 재개해도 저장한 스케줄을 그대로 잇거나, 다르다고 알려야 합니다.
    optimizer, scheduler = fresh(2 * T)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            optimizer.load_state_dict(loaded["optimizer"])
            scheduler.load_state_dict(loaded["scheduler"])
            rest = []
            for _ in range(T - k):
                rest.append(optimizer.param_groups[0]["lr"])
                optimizer.step()
                scheduler.step()
    except (ValueError, TypeError):
        return  # 다른 스케줄로 재개하려 하면 거절함 (torch_scheduler처럼): 조용히 다른 곡선을 따르지 않으므로 괜찮습니다
    if not _same(rest, expected[k:, 0]):
        raise Wrong("total_steps를 바꿔 만든 스케줄러에 상태를 읽자 저장한 것과 다른 곡선을 따릅니다: 스케줄의 설정이 체크포인트에 들어가지 않았습니다.")
