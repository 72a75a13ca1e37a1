"""lrcourse.train: fit/History, 발산 처리, 진행 막대, compare, 체크포인트 재개, 경사 하강법."""

import json
import warnings

import matplotlib
import numpy as np
import pytest
import torch

from lrcourse import _engine, data, models, schedules, train

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def _fit(digits, **kw):
    kw.setdefault("steps", 30)
    kw.setdefault("progress", False)
    return train.fit(models.mlp(hidden=(32,)), digits, **kw)


def test_lr_is_schedule_of_step_and_loss_is_recorded_every_step(digits):
    s = schedules.step_decay(0.2, step_size=10, gamma=0.5)
    h = _fit(digits, schedule=s, eval_every=10)
    np.testing.assert_array_equal(h.step, np.arange(30))
    np.testing.assert_array_equal(h.lr, s(np.arange(30)))  # 스케줄은 옵티마이저 스텝마다 한 번 나아갑니다
    assert h.loss.shape == (30,) and np.all(np.isfinite(h.loss))
    np.testing.assert_array_equal(h.val_step, [0, 10, 20, 30])  # 학습 전 + 10스텝마다
    assert h.val_loss[-1] < h.val_loss[0]  # 30스텝이면 무작위 초기화보다는 나아집니다
    assert not h.diverged and h.diverged_step is None
    assert h.config["device"] == "cpu"  # device='auto'는 GPU가 없으면 CPU


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "adamw"])
def test_same_seed_is_bit_identical_on_cpu(digits, optimizer):
    lr = 0.1 if optimizer == "sgd" else 1e-3
    a = _fit(digits, optimizer=optimizer, schedule=lr, seed=3)
    b = _fit(digits, optimizer=optimizer, schedule=lr, seed=3)
    c = _fit(digits, optimizer=optimizer, schedule=lr, seed=4)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.val_loss, b.val_loss)
    assert not np.array_equal(a.loss, c.loss)  # 다른 시드는 다른 배치 순서


def test_epochs_convert_to_steps_and_validate_each_epoch(digits):
    per_epoch = 1438 // 64  # 학습 1,438장, 모자란 마지막 배치는 버림
    assert train.steps_per_epoch(digits, 64) == per_epoch
    assert train.epochs_to_steps(3, digits, 64) == 3 * per_epoch
    h = _fit(digits, steps=None, epochs=2, batch_size=64)
    assert len(h.loss) == 2 * per_epoch
    np.testing.assert_array_equal(h.val_step, [0, per_epoch, 2 * per_epoch])


def test_each_epoch_visits_every_example_once(digits):
    get = _engine.batches(digits, 64, seed=0, device=torch.device("cpu"))
    seen = torch.cat([get(k)[1] for k in range(22)])
    # 한 에포크의 레이블 분포는 (버려진 30장을 빼면) 학습 세트와 같아야 합니다
    full = torch.bincount(digits.y_train, minlength=10)
    assert torch.all(torch.bincount(seen, minlength=10) <= full) and len(seen) == 22 * 64


def test_divergence_stops_cleanly_without_warnings(digits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 경고가 하나라도 나면 실패
        h = _fit(digits, schedule=50.0, steps=200)
    assert h.diverged
    assert len(h.loss) == h.diverged_step + 1 < 200  # 발산한 스텝까지만 기록하고 멈춥니다
    last = h.loss[-1]
    assert not np.isfinite(last) or last > _engine.default_loss_bound(digits)
    assert np.all(np.isfinite(h.loss[:-1]))
    ax = h.plot()
    texts = [t.get_text() for t in ax.texts]
    assert any("발산" in t for t in texts)  # 그림에 발산 지점이 표시됩니다
    matplotlib.pyplot.close("all")


def test_loss_bound_is_configurable(digits):
    h = _fit(digits, schedule=0.1, loss_bound=1.0)  # 초기 손실 ≈ ln 10 ≈ 2.3 > 1
    assert h.diverged and h.diverged_step == 0


def test_progress_bar_respects_env_and_flag(digits, monkeypatch, capsys):
    monkeypatch.setenv("LRCOURSE_PROGRESS", "0")
    _fit(digits, progress=True)
    assert capsys.readouterr().err == ""  # 환경 변수가 0이면 progress=True여도 조용합니다
    monkeypatch.delenv("LRCOURSE_PROGRESS")
    _fit(digits, progress=None)
    assert capsys.readouterr().err == ""  # 짧은 학습(2초 미만)에는 막대가 없습니다
    _fit(digits, progress=True)
    assert "스텝" in capsys.readouterr().err


def test_history_converts_to_plain_dict_and_plots(digits):
    h = _fit(digits, schedule=schedules.cosine_annealing(0.1, 30), name="코사인")
    d = h.to_dict()
    assert d["name"] == "코사인" and d["lr"].shape == (30,) and "checkpoint" not in d
    json.dumps(h.to_dict(as_lists=True))  # JSON으로 바로 저장할 수 있어야 합니다
    ax = h.plot()
    assert ax.get_xlabel() == "스텝" and ax.get_ylabel() == "손실" and ax.lr_axis.get_ylabel() == "학습률"
    assert "코사인" in ax.get_title()
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize(
    "kwargs, exc, word",
    [
        ({"optimizer": "rmsprop"}, ValueError, "optimizer"),
        ({"steps": 10, "epochs": 1}, ValueError, "steps"),
        ({"schedule": "cosine"}, TypeError, "schedule"),
        ({"batch_size": 5000}, ValueError, "batch_size"),
        ({"device": 3}, TypeError, "device"),
        ({"schedule": schedules.constant(0.1), "checkpoint_at": 31}, ValueError, "checkpoint_at"),
    ],
)
def test_bad_arguments_are_reported(digits, kwargs, exc, word):
    with pytest.raises(exc, match=word):
        _fit(digits, **kwargs)


def test_compare_uses_same_init_and_leaves_model_untouched(digits):
    model = models.mlp(hidden=(32,))
    before = [p.clone() for p in model.parameters()]
    runs = train.compare({"a": schedules.constant(0.1), "b": schedules.constant(0.1), "c": schedules.constant(0.05)},
                         model, digits, steps=20, progress=False)
    assert list(runs) == ["a", "b", "c"] and runs["a"].name == "a"
    np.testing.assert_array_equal(runs["a"].loss, runs["b"].loss)  # 같은 초기화 + 같은 데이터 순서
    assert runs["a"].loss[0] == runs["c"].loss[0]  # 첫 손실은 업데이트 전이므로 같습니다
    assert not np.array_equal(runs["a"].loss, runs["c"].loss)
    assert all(torch.equal(p, q) for p, q in zip(before, model.parameters()))


# ---------------------------------------------------------------------------
# 체크포인트와 재개
# ---------------------------------------------------------------------------

RESUME_CASES = {
    # 워밍업 20스텝의 한가운데(스텝 9)에서 끊기
    "mid_warmup": (schedules.linear_warmup(schedules.cosine_annealing(0.5, 40), 20), 9, "sgd"),
    # 웜 리스타트(스텝 15, 30 …)를 사이에 두고 끊기: 스텝 13에서 끊고 이어서 스텝 15의 재시작을 지납니다
    "across_restart": (schedules.cosine_warm_restarts(0.3, T_0=15), 13, "sgd"),
    # Adam은 모멘트와 스텝 수가 상태에 있으므로 그것까지 이어져야 합니다
    "adam_mid_warmup": (schedules.linear_warmup(schedules.constant(3e-3), 25), 11, "adam"),
}


@pytest.mark.parametrize("case", list(RESUME_CASES))
def test_resume_continues_exactly(digits, case, tmp_path):
    schedule, cut, optimizer = RESUME_CASES[case]
    total = 60
    kw = dict(optimizer=optimizer, schedule=schedule, steps=total, seed=2, momentum=0.9 if optimizer == "sgd" else 0.0)
    full = _fit(digits, **kw)
    first = _fit(digits, checkpoint_at=cut, **kw)
    assert len(first.loss) == cut and first.checkpoint["step"] == cut
    path = train.save_checkpoint(first.checkpoint, tmp_path / "ckpt.pt")
    fresh = models.mlp(hidden=(32,), seed=99)  # 다른 초기화의 새 모델이어도 체크포인트가 덮어씁니다
    rest = train.fit(fresh, digits, resume=path, progress=False, **kw)
    np.testing.assert_array_equal(rest.step, np.arange(cut, total))
    np.testing.assert_array_equal(np.concatenate([first.lr, rest.lr]), full.lr)
    np.testing.assert_array_equal(np.concatenate([first.loss, rest.loss]), full.loss)  # 비트 단위로 같습니다
    np.testing.assert_array_equal(rest.val_loss[-1], full.val_loss[-1])


def test_resume_with_different_schedule_is_refused(digits):
    first = _fit(digits, schedule=schedules.constant(0.1), checkpoint_at=5)
    with pytest.raises(ValueError, match="schedule"):
        _fit(digits, schedule=schedules.constant(0.2), resume=first.checkpoint)


# ---------------------------------------------------------------------------
# 스트림 과제
# ---------------------------------------------------------------------------


def test_stream_tasks_train_and_report_excess_loss():
    t = data.trigram_stream(vocab_size=8, seq_len=8, num_val=256)
    h = train.fit(models.token_mlp(vocab_size=8, hidden=32), t, "adam", 1e-2, steps=40, progress=False)
    assert h.entropy_floor == t.entropy_floor
    assert np.all(h.excess_val_loss > -0.1)  # 기대값으로는 0 이상 (검증 표본 잡음만큼 여유)
    assert h.excess_val_loss[-1] < h.excess_val_loss[0]
    r = data.reversal_task(vocab_size=6, seq_len=6, num_val=64)
    h = train.fit(models.tiny_transformer(vocab_size=6, seq_len=6, d_model=16, nhead=2), r, "adam", 1e-3,
                  steps=5, progress=False)
    assert len(h.loss) == 5 and np.all(np.isfinite(h.loss))
    with pytest.raises(ValueError, match="data"):
        train.fit(models.token_mlp(vocab_size=8), t, steps=None, epochs=1, progress=False)


# ---------------------------------------------------------------------------
# 경사 하강법
# ---------------------------------------------------------------------------


def test_gradient_descent_iterates_and_losses():
    p = data.make_least_squares(dim=3, L=2.0, condition=4.0)
    r = train.gradient_descent(p, lr=1 / p.L, steps=200)
    assert r.iterates.shape == (201, 3) and r.losses.shape == (201,)
    np.testing.assert_array_equal(r.iterates[0], np.zeros(3))  # 기본 시작점은 원점
    # 학습률 1/L이면 가장 느린 방향의 수축률은 1 − mu/L = 0.75: 200스텝이면 거의 정확히 x*
    np.testing.assert_allclose(r.iterates[-1], p.x_star, atol=1e-10)
    assert np.all(np.diff(r.losses[:50]) < 0) and not r.diverged  # 반올림 바닥(1e-30) 전까지 단조 감소
    # 스케줄도 받습니다: 학습률 0이면 움직이지 않습니다
    s = train.gradient_descent(p, schedules.linear_warmup(schedules.constant(0.5), 10), steps=1, x0=np.ones(3))
    np.testing.assert_array_equal(s.iterates[1], np.ones(3))
    with pytest.raises(ValueError, match="x0"):
        train.gradient_descent(p, 0.1, 5, x0=np.ones(2))


# ---------------------------------------------------------------------------
# 배치 엔진
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer, lrs, extra", [
    ("sgd", [0.02, 0.05, 0.1, 0.2], {"momentum": 0.9}),
    ("sgd", [0.05, 0.3], {"weight_decay": 1e-3}),
    ("adam", [3e-4, 1e-3, 3e-3], {}),
    ("adamw", [1e-3, 3e-3], {"weight_decay": 0.05}),
])
def test_batched_engine_matches_sequential_runs(digits, optimizer, lrs, extra):
    from lrcourse.batched import fit_batched

    sched = {f"lr={lr}": schedules.linear_warmup(schedules.cosine_annealing(lr, 30), 10) for lr in lrs}
    kw = dict(optimizer=optimizer, steps=40, seed=1, eval_every=20, **extra)
    batched = fit_batched(models.mlp(), digits, sched, progress=False, **kw)
    sequential = train.compare(sched, models.mlp(), digits, progress=False, **kw)
    assert list(batched) == list(sched)
    for name in sched:
        b, s = batched[name], sequential[name]
        np.testing.assert_array_equal(b.lr, s.lr)
        # 안정한 학습률에서는 float32 반올림 차이만: 40스텝 뒤에도 손실이 1e-4 안에서 같습니다
        np.testing.assert_allclose(b.loss, s.loss, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(b.val_loss, s.val_loss, rtol=1e-4, atol=1e-5)
        np.testing.assert_array_equal(b.val_step, s.val_step)


def test_batched_engine_stops_only_the_diverging_copy(digits):
    from lrcourse.batched import fit_batched

    runs = fit_batched(models.mlp(), digits, [0.1, 80.0], steps=30, progress=False)
    alone = train.fit(models.mlp(), digits, schedule=0.1, steps=30, progress=False)
    assert runs[1].diverged and len(runs[1].loss) == runs[1].diverged_step + 1
    assert not runs[0].diverged  # 옆 복사본의 NaN이 번지지 않습니다
    np.testing.assert_allclose(runs[0].loss, alone.loss, rtol=1e-4, atol=1e-5)


def test_batched_engine_accepts_one_model_per_copy(digits):
    from lrcourse.batched import fit_batched

    inits = [models.mlp(seed=s) for s in (0, 1)]
    runs = fit_batched(inits, digits, [0.1, 0.1], steps=10, progress=False)
    assert runs[0].loss[0] != runs[1].loss[0]  # 초기화가 다르면 첫 손실부터 다릅니다
    other = train.fit(models.mlp(seed=1), digits, schedule=0.1, steps=10, progress=False)
    np.testing.assert_allclose(runs[1].loss, other.loss, rtol=1e-5)
    with pytest.raises(TypeError, match="model"):
        fit_batched(models.cnn(), digits, [0.1], steps=2)


# ---------------------------------------------------------------------------
# 학습률 범위 시험
# ---------------------------------------------------------------------------


def test_lr_range_test_sweeps_exponentially_and_restores_weights(digits):
    import lrcourse

    model = models.mlp(hidden=(32,))
    before = [p.clone() for p in model.parameters()]
    r = lrcourse.lr_range_test(model, digits, "adam", start_lr=1e-5, end_lr=1e4, steps=60)
    # 학습률은 등비수열: 이웃한 비가 모두 (1e4 / 1e-5)^(1/59)
    ratio = (1e4 / 1e-5) ** (1 / 59)
    np.testing.assert_allclose(r.lr[1:] / r.lr[:-1], ratio, rtol=1e-12)
    assert r.lr[0] == pytest.approx(1e-5)
    # Adam으로 1e4까지 올리면 반드시 폭발합니다: 최저치의 4배를 넘는 순간 멈춥니다
    assert r.diverged and len(r.lr) < 60
    assert r.smoothed_loss[-1] > 4 * np.nanmin(r.smoothed_loss[:-1]) or not np.isfinite(r.smoothed_loss[-1])
    # 부드러운 손실은 편향 보정 EMA: 첫 값은 첫 손실 그대로
    assert r.smoothed_loss[0] == pytest.approx(r.loss[0])
    assert r.steepest_lr <= r.min_lr and r.suggested_lr == pytest.approx(r.min_lr / 10)
    assert all(torch.equal(p, q) for p, q in zip(before, model.parameters()))  # 가중치를 되돌립니다
    ax = r.plot()
    assert ax.get_xscale() == "log" and "학습률" in ax.get_xlabel()
    matplotlib.pyplot.close("all")


def test_lr_range_test_suggestion_trains_better_than_extremes(digits):
    from lrcourse.lr_finder import lr_range_test

    r = lr_range_test(models.mlp(), digits, "adam", steps=100)
    # 제안된 학습률은 범위의 양 끝(너무 작거나, 최저점의 10배)보다 같은 예산에서 더 잘 학습합니다
    acc = {lr: train.fit(models.mlp(), digits, "adam", lr, steps=100, progress=False).final_val_acc
           for lr in (1e-5, r.suggested_lr, 10 * r.min_lr)}
    assert acc[r.suggested_lr] > max(acc[1e-5], acc[10 * r.min_lr]) + 0.1


def test_num_threads_applies_during_fit_and_is_restored(digits):
    before = torch.get_num_threads()
    h1 = _fit(digits, num_threads=1)
    assert torch.get_num_threads() == before
    h2 = _fit(digits, num_threads=1)
    np.testing.assert_array_equal(h1.loss, h2.loss)
    with pytest.raises(ValueError, match="num_threads"):
        _fit(digits, num_threads=0)


def test_compare_batched_matches_sequential_compare(digits):
    plans = {"상수": schedules.constant(0.05), "코사인": schedules.cosine_annealing(0.1, 20)}
    fast = train.compare(plans, models.mlp(), digits, steps=20, batched=True, progress=False)
    slow = train.compare(plans, models.mlp, digits, steps=20, progress=False)  # 모델 대신 만드는 함수도 받습니다
    for name in plans:
        np.testing.assert_allclose(fast[name].loss, slow[name].loss, rtol=1e-4, atol=1e-5)


def test_per_epoch_schedule_via_by_epoch_changes_only_at_epoch_boundaries(digits):
    per_epoch = train.steps_per_epoch(digits, 64)
    s = schedules.by_epoch(schedules.step_decay(0.1, step_size=1, gamma=0.5), per_epoch)
    h = _fit(digits, schedule=s, steps=None, epochs=3)
    changes = np.flatnonzero(np.diff(h.lr)) + 1
    np.testing.assert_array_equal(changes, [per_epoch, 2 * per_epoch])  # 에포크가 바뀌는 스텝에서만
    assert h.lr[0] == 0.1 and h.lr[-1] == pytest.approx(0.025)


def test_sparse_divergence_check_records_the_same_history(digits, monkeypatch):
    # GPU에서는 25스텝마다 검사합니다. 여기서는 CPU에서 그 경로를 흉내 내 같은 기록이 나오는지 봅니다.
    plan = schedules.linear_warmup(schedules.constant(60.0), 40)
    every_step = _fit(digits, schedule=plan, steps=100)
    monkeypatch.setitem(_engine.CHECK_EVERY, "cpu", 25)
    sparse = _fit(digits, schedule=plan, steps=100)
    assert every_step.diverged and sparse.diverged
    assert sparse.diverged_step == every_step.diverged_step
    np.testing.assert_array_equal(sparse.loss, every_step.loss)
    np.testing.assert_array_equal(sparse.val_step, every_step.val_step)
    np.testing.assert_array_equal(sparse.val_loss, every_step.val_loss)
