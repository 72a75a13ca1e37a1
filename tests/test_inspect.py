"""스케줄러 점검기(lrcourse.inspect): 기록한 학습률이 손으로 돌린 PyTorch 값과 같은지, 찾는 것마다 있을 때와 없을 때,
잘못된 입력, 명령줄."""

from __future__ import annotations

import json
import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as L
from torch.optim.lr_scheduler import LRScheduler

import lrcourse
from lrcourse.inspect import KINDS, Finding, SchedulerReport, inspect_scheduler, main

ROOT = pathlib.Path(lrcourse.__file__).resolve().parent.parent
N = 3000  # 학습 길이(옵티마이저 스텝)
SPE = 100  # 에포크당 스텝: N = 30 에포크


def by_hand(build, steps, lr=0.1, metrics=None, every=1):
    """사용자의 루프 그대로: 학습률을 읽고, optimizer.step(), scheduler.step(). 예외가 나면 거기까지의 행."""
    lrs = lr if isinstance(lr, list) else [lr]
    opt = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": v} for v in lrs], lr=lrs[0],
                          momentum=0.9)
    sched = build(opt)
    rows, calls = [], 0
    for i in range(steps):
        rows.append([g["lr"] for g in opt.param_groups])
        opt.step()
        if (i + 1) % every:
            continue
        try:
            sched.step() if metrics is None else sched.step(metrics[calls])
        except ValueError:
            break
        calls += 1
    return np.array(rows, dtype=np.float64)


def kinds(report):
    return [f.kind for f in report.findings]


def found(report, kind):
    matches = [f for f in report.findings if f.kind == kind]
    assert len(matches) <= 1
    return matches[0] if matches else None


def warmup_cosine(warmup, decay):
    """nanoGPT식 워밍업 + 코사인(바닥 0)을 LambdaLR로. decay 스텝 뒤에는 0에 머묾."""
    def factor(s):
        if s < warmup:
            return (s + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(s - warmup, decay) / decay))
    return lambda opt: L.LambdaLR(opt, factor)


class WarmupLinear(LRScheduler):
    """다른 라이브러리의 것처럼 LRScheduler를 상속한 스케줄러: 선형 워밍업 뒤 선형으로 0까지."""

    def __init__(self, optimizer, warmup, total):
        self.warmup, self.total = warmup, total
        super().__init__(optimizer)

    def get_lr(self):
        t = self.last_epoch
        f = (t + 1) / self.warmup if t < self.warmup else max(0.0, (self.total - t) / (self.total - self.warmup))
        return [base * f for base in self.base_lrs]


class NoisyScheduler(L.StepLR):
    """step() 안에서 get_lr()을 직접 부르는 스케줄러: PyTorch가 스텝마다 get_last_lr() 경고를 냅니다."""

    def step(self, epoch=None):
        if self.last_epoch >= 5:
            self.get_lr()
        super().step()


# ---------------------------------------------------------------------------
# 기록: 손으로 돌린 PyTorch 값과 비트 단위로 같음
# ---------------------------------------------------------------------------

SCHEDULERS = {
    "LambdaLR": warmup_cosine(100, 2900),
    "SequentialLR": lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.01, 1.0, 300), L.CosineAnnealingLR(o, 2700)], [300]),
    "ChainedScheduler": lambda o: L.ChainedScheduler([L.ConstantLR(o, 0.1, 20), L.ExponentialLR(o, 0.999)]),
    "OneCycleLR": lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=N),
    "CosineAnnealingWarmRestarts": lambda o: L.CosineAnnealingWarmRestarts(o, T_0=500, T_mult=2),
    "third_party": lambda o: WarmupLinear(o, 100, N),
}


@pytest.mark.parametrize("name", SCHEDULERS)
def test_lrs_are_the_values_torch_gives_when_stepped_by_hand(name):
    report = inspect_scheduler(SCHEDULERS[name], N)
    assert report.lrs.shape == (N, 1) and report.lrs.dtype == np.float64
    np.testing.assert_array_equal(report.lrs, by_hand(SCHEDULERS[name], N))
    assert report.findings == []  # 모두 계획한 3000스텝에 맞게 만든 스케줄입니다
    assert report.ok and report.scheduler_name == name.replace("third_party", "WarmupLinear")


def test_row_i_is_the_lr_used_by_optimizer_step_i():
    # StepLR(step_size=10, gamma=0.5): 스텝 0–9는 0.1, 10–19는 0.05. 행 0은 만든 직후의 값입니다.
    lrs = inspect_scheduler(lambda o: L.StepLR(o, 10, 0.5), 25).lrs[:, 0]
    assert lrs[0] == lrs[9] == 0.1 and lrs[10] == lrs[19] == 0.05 and lrs[20] == 0.025


def test_each_param_group_is_scaled_by_the_schedule():
    report = inspect_scheduler(SCHEDULERS["LambdaLR"], N, lr=[0.1, 0.01])
    assert report.lrs.shape == (N, 2)
    np.testing.assert_array_equal(report.lrs, by_hand(SCHEDULERS["LambdaLR"], N, lr=[0.1, 0.01]))
    np.testing.assert_allclose(report.lrs[:, 1], report.lrs[:, 0] / 10, rtol=1e-12)  # 같은 배율, 다른 기본값


def test_reduce_lr_on_plateau_follows_the_metric_sequence():
    # 지표가 스텝 0–4에서 좋아지고 그 뒤로 그대로: 스텝 5, 6, 7 뒤의 step()이 나쁜 횟수 1, 2, 3이고
    # 3 > patience=2이므로 스텝 7 뒤에 10배 줄어듭니다: 행 8부터 0.01.
    metrics = [1.0, 0.9, 0.8, 0.7, 0.6] + [0.6] * 15
    build = lambda o: L.ReduceLROnPlateau(o, patience=2)  # noqa: E731
    report = inspect_scheduler(build, 20, metrics=metrics, lr=[0.1, 0.02])
    np.testing.assert_array_equal(report.lrs, by_hand(build, 20, lr=[0.1, 0.02], metrics=metrics))
    assert report.lrs[7, 0] == 0.1 and report.lrs[8, 0] == pytest.approx(0.01)
    np.testing.assert_allclose(report.lrs[:, 1], report.lrs[:, 0] / 5)


def test_interval_epoch_steps_once_per_epoch_with_one_metric_per_epoch():
    metrics = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]  # 6 에포크, 나아지지 않음
    build = lambda o: L.ReduceLROnPlateau(o, patience=1)  # noqa: E731
    report = inspect_scheduler(build, 6 * SPE, steps_per_epoch=SPE, interval="epoch", metrics=metrics)
    np.testing.assert_array_equal(report.lrs, by_hand(build, 6 * SPE, metrics=metrics, every=SPE))
    # 첫 에포크의 지표가 기준이 되고, 나쁜 에포크 2번째(에포크 2의 끝) 뒤에 줄어듭니다: 에포크 안에서는 그대로입니다.
    assert np.all(report.lrs[: 3 * SPE] == 0.1) and np.all(report.lrs[3 * SPE: 5 * SPE] == pytest.approx(0.01))


def test_tensor_learning_rates_are_copied_at_each_step():
    # 텐서 학습률은 PyTorch가 제자리에서(fill_) 바꿉니다: 같은 텐서를 기록하면 모든 행이 마지막 값이 됩니다.
    def build(opt):
        opt.param_groups[0]["lr"] = torch.tensor(0.1)
        return L.StepLR(opt, 10, 0.5)

    lrs = inspect_scheduler(build, 25).lrs[:, 0]
    np.testing.assert_allclose(lrs[[0, 10, 20]], [0.1, 0.05, 0.025], rtol=1e-6)  # float32 텐서


# ---------------------------------------------------------------------------
# 찾는 것마다: 있는 스케줄러와 없는 스케줄러
# ---------------------------------------------------------------------------


def test_cosine_that_rises_again_after_t_max():
    report = inspect_scheduler(lambda o: L.CosineAnnealingLR(o, T_max=1000), N)
    finding = found(report, "cosine_rises_again")
    assert finding.step == 1000  # 바닥: T_max번 step()한 뒤
    assert "다시 올라갑니다" in finding.message and "2000스텝 일찍" in finding.message
    assert kinds(inspect_scheduler(lambda o: L.CosineAnnealingLR(o, T_max=N), N)) == []


@pytest.mark.parametrize("build", [
    lambda o: L.CosineAnnealingWarmRestarts(o, T_0=500),  # 재시작은 한 번에 뛰어오릅니다: 의도한 것
    lambda o: L.CyclicLR(o, 0.001, 0.1, step_size_up=200),  # 삼각형: 바닥이 뾰족합니다
], ids=["warm_restarts", "triangular_cyclic"])
def test_intended_rises_are_not_cosine_rises(build):
    assert "cosine_rises_again" not in kinds(inspect_scheduler(build, N))


def test_decay_that_does_not_reach_its_minimum_at_the_planned_end():
    # 흔한 실수: 워밍업 300스텝 뒤의 코사인에 T_max = 전체 스텝(3000)을 줌 → 스텝 3000에 2700/3000만 지남.
    wrong = lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.01, 1.0, 300), L.CosineAnnealingLR(o, N)], [300])  # noqa
    report = inspect_scheduler(wrong, N, steps_per_epoch=SPE)
    # 워밍업이 봉우리의 1 %(start_factor=0.01)에서 시작해도 '첫 에포크 안에 1 % 아래로 떨어짐'이 아닙니다.
    assert kinds(report) == ["min_not_reached"]
    finding = found(report, "min_not_reached")
    assert finding.step == N - 1 and "줄고 있습니다" in finding.message
    assert kinds(inspect_scheduler(SCHEDULERS["SequentialLR"], N)) == []  # T_max = 3000 − 300
    # OneCycleLR의 total_steps가 실제보다 길면 끝에서도 감쇠 중입니다.
    assert kinds(inspect_scheduler(lambda o: L.OneCycleLR(o, 0.5, total_steps=4000), N)) == ["min_not_reached"]


def test_warmup_that_never_ends_is_a_decay_that_never_starts():
    finding = found(inspect_scheduler(warmup_cosine(5000, 5000), N), "min_not_reached")
    assert finding.step == N - 1 and "계속 올라갑니다" in finding.message


def test_decay_that_reaches_its_minimum_early():
    # 워밍업 100 + 코사인 2000스텝: 스텝 2100에 0에 닿고 900스텝 동안 0에 머뭅니다.
    finding = found(inspect_scheduler(warmup_cosine(100, 2000), N), "min_reached_early")
    assert finding.step == 2100 and "900스텝" in finding.message
    assert kinds(inspect_scheduler(warmup_cosine(100, 2900), N)) == []
    # 계획한 길이가 2100스텝이라면(total_steps) 일찍 닿은 것이 아닙니다.
    assert kinds(inspect_scheduler(warmup_cosine(100, 2000), N, total_steps=2100)) == []


def test_epoch_schedule_stepped_per_batch():
    # StepLR(step_size=30)은 '30 에포크마다'로 쓴 것: 배치마다 부르면 30스텝마다 → 100배 자주.
    report = inspect_scheduler(lambda o: L.StepLR(o, step_size=30), N, steps_per_epoch=SPE)
    finding = found(report, "epoch_schedule_per_batch")
    assert finding.step == 30 and "100배" in finding.message and "step_size=3000" in finding.message
    # 같은 스케줄러를 에포크마다 부르면(10 에포크마다 줄이는 StepLR) 아무것도 없습니다.
    assert kinds(inspect_scheduler(lambda o: L.StepLR(o, 10), N, steps_per_epoch=SPE, interval="epoch")) == []
    # 스텝으로 쓴 간격(1000스텝 = 10 에포크)도 괜찮습니다. 에포크 길이를 모르면 보지 않습니다.
    assert kinds(inspect_scheduler(lambda o: L.StepLR(o, 1000), N, steps_per_epoch=SPE)) == []
    assert kinds(inspect_scheduler(lambda o: L.StepLR(o, 30), N)) == []


def test_smooth_epoch_schedule_stepped_per_batch():
    # CosineAnnealingLR(T_max=30)은 30 에포크용: 배치마다 부르면 첫 에포크 안에 0으로 떨어지고 다시 오릅니다.
    report = inspect_scheduler(lambda o: L.CosineAnnealingLR(o, T_max=30), N, steps_per_epoch=SPE)
    assert kinds(report) == ["epoch_schedule_per_batch", "cosine_rises_again"]
    assert kinds(inspect_scheduler(lambda o: L.CosineAnnealingLR(o, 30), N, steps_per_epoch=SPE,
                                   interval="epoch")) == []


def test_batch_schedule_stepped_per_epoch():
    # OneCycleLR(total_steps=3000)을 에포크마다 부르면 30 에포크 동안 3000스텝 가운데 30스텝만 씁니다: 워밍업 중에 끝남.
    build = lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=N)  # noqa: E731
    finding = found(inspect_scheduler(build, N, steps_per_epoch=SPE, interval="epoch"), "batch_schedule_per_epoch")
    assert finding.step == N - 1 and "워밍업" in finding.message
    # 에포크 수로 만든 OneCycleLR(total_steps=30 에포크)을 에포크마다 부르면 괜찮습니다.
    per_epoch = lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=30)  # noqa: E731
    assert kinds(inspect_scheduler(per_epoch, N, steps_per_epoch=SPE, interval="epoch")) == []
    # 조금만 움직이는 스텝 스케줄(ExponentialLR(0.999)를 30번: 3 %)도 에포크마다라면 찾습니다.
    slow = inspect_scheduler(lambda o: L.ExponentialLR(o, 0.999), N, steps_per_epoch=SPE, interval="epoch")
    assert kinds(slow) == ["batch_schedule_per_epoch"] and "움직였습니다" in slow.findings[0].message
    assert kinds(inspect_scheduler(lambda o: L.ExponentialLR(o, 0.9), N, steps_per_epoch=SPE,
                                   interval="epoch")) == []


def test_error_past_the_end_is_reported_at_its_step_and_stops_there():
    build = lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=2000)  # noqa: E731
    report = inspect_scheduler(build, N)
    finding = found(report, "error")
    # step()을 2001번째 부르는 곳: 옵티마이저 스텝 2000 뒤. 스텝 0–2000은 돌았으므로 2001행입니다.
    assert finding.step == 2000 and "Tried to step 2001 times" in finding.message and "total_steps" in finding.message
    assert report.lrs.shape == (2001, 1)
    np.testing.assert_array_equal(report.lrs, by_hand(build, N))
    assert "error" not in kinds(inspect_scheduler(lambda o: L.OneCycleLR(o, 0.5, total_steps=N), N))


def test_a_learning_rate_that_is_not_finite_is_an_error_at_its_step():
    report = inspect_scheduler(lambda o: L.LambdaLR(o, lambda s: math.inf if s >= 50 else 1.0), 200, steps_per_epoch=10)
    assert [(f.kind, f.step) for f in report.findings] == [("error", 50)] and "inf" in report.findings[0].message
    assert report.lrs.shape == (200, 1)  # 예외가 아니므로 끝까지 돕니다


def test_lr_that_never_changes():
    report = inspect_scheduler(lambda o: L.StepLR(o, step_size=5000), N, lr=[0.1, 0.01])
    assert [(f.kind, f.step) for f in report.findings] == [("lr_never_changes", 0)]
    assert "0.1, 0.01" in report.findings[0].message
    assert kinds(inspect_scheduler(lambda o: L.StepLR(o, step_size=1000), N)) == []


def test_torch_warnings_are_reported_once_with_their_first_step_and_count():
    report = inspect_scheduler(lambda o: NoisyScheduler(o, step_size=1000), 20)
    finding = found(report, "warning")
    # last_epoch가 5가 된 뒤의 step(): 스텝 5에서 처음, 스텝 5–19에서 15번.
    assert finding.step == 5 and "15번" in finding.message and "get_last_lr()" in finding.message
    assert kinds(inspect_scheduler(lambda o: L.StepLR(o, step_size=10), 20)) == []


def test_step_before_optimizer_step_inside_build_is_reported():
    def build(opt):
        sched = L.StepLR(opt, step_size=1000)
        sched.step()  # optimizer.step()보다 먼저: 스케줄의 첫 값을 건너뜀
        return sched

    finding = found(inspect_scheduler(build, 20), "warning")
    assert finding.step == 0 and "optimizer.step()보다 먼저" in finding.message


def test_findings_of_several_groups_name_the_group():
    build = lambda o: L.LambdaLR(o, [lambda s: 1.0, lambda s: 0.5 * (1 + math.cos(math.pi * s / 1000))])  # noqa
    finding = found(inspect_scheduler(build, N, lr=[0.1, 0.01]), "cosine_rises_again")
    assert finding.message.startswith("(파라미터 그룹 1)") and finding.step == 1000


# ---------------------------------------------------------------------------
# 잘못된 입력
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, exc, words", [
    (dict(build=42), TypeError, ["'build'", "42", "함수"]),
    (dict(build=lambda o: 42), TypeError, ["'build'", "int", "LRScheduler"]),
    (dict(build=lambda o: L.StepLR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1), 5)), ValueError,
     ["'build'", "다른 옵티마이저"]),
    (dict(steps=0), ValueError, ["'steps'", "0", "1 이상의 정수"]),
    (dict(steps=10.0), ValueError, ["'steps'", "10.0"]),
    (dict(steps_per_epoch=0), ValueError, ["'steps_per_epoch'", "0"]),
    (dict(total_steps=-1), ValueError, ["'total_steps'", "-1"]),
    (dict(interval="batch"), ValueError, ["'interval'", "'batch'", "'step' 또는 'epoch'"]),
    (dict(interval="epoch"), ValueError, ["'steps_per_epoch'", "interval"]),
    (dict(metrics=[1.0] * 10), ValueError, ["'metrics'", "ReduceLROnPlateau"]),
    (dict(lr=-0.1), ValueError, ["'lr'", "-0.1", "0보다 큰"]),
    (dict(lr=[]), ValueError, ["'lr'", "[]"]),
    (dict(build=lambda o: L.ReduceLROnPlateau(o)), ValueError, ["'metrics'", "None", "ReduceLROnPlateau"]),
    (dict(build=lambda o: L.ReduceLROnPlateau(o), metrics=[1.0] * 9), ValueError, ["'metrics'", "(9,)", "10번"]),
])
def test_bad_input_names_the_parameter_the_value_and_what_is_allowed(kwargs, exc, words):
    args = dict(build=lambda o: L.StepLR(o, 5), steps=10) | kwargs
    with pytest.raises(exc) as info:
        inspect_scheduler(args.pop("build"), args.pop("steps"), **args)
    for word in words:
        assert word in str(info.value)


# ---------------------------------------------------------------------------
# 결과 객체와 그림
# ---------------------------------------------------------------------------


def test_report_plot_marks_each_finding_and_has_korean_labels():
    import matplotlib.pyplot as plt

    report = inspect_scheduler(lambda o: L.CosineAnnealingLR(o, T_max=30), N, steps_per_epoch=SPE)
    ax = report.plot()
    try:
        assert ax.get_title() == "학습률 점검: CosineAnnealingLR" and ax.get_ylabel() == "학습률"
        marks = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
        assert sorted(line.get_xdata()[0] for line in marks) == [29, 30]  # 찾은 것 둘의 스텝
        texts = {t.get_text() for t in ax.texts}
        assert {KINDS["epoch_schedule_per_batch"], KINDS["cosine_rises_again"]} <= texts
    finally:
        plt.close(ax.figure)


def test_report_objects_and_lazy_export():
    report = inspect_scheduler(lambda o: L.StepLR(o, 5000), 10)
    assert isinstance(report, SchedulerReport) and not report.ok and "lr_never_changes" in repr(report)
    assert report.findings[0].to_dict() == {"kind": "lr_never_changes", "step": 0,
                                            "message": report.findings[0].message}
    assert isinstance(report.findings[0], Finding) and set(KINDS) >= {f.kind for f in report.findings}
    assert lrcourse.inspect_scheduler is inspect_scheduler
    assert report.table().splitlines()[0].split() == ["스텝", "학습률"]


# ---------------------------------------------------------------------------
# 명령줄: 한 프로세스 안에서 (빠름)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("expression, words", [
    ("lr_scheduler.StepLR(opt,", ["문법", "never closed"]),
    ("lr_scheduler.NoSuchLR(opt)", ["예외", "AttributeError", "NoSuchLR"]),
    ("min(1, 2)", ["쓸 수 없는 이름", "min", "내장 함수"]),
    ("lr_scheduler.LambdaLR(opt, lambda s: max(0.1, s))", ["쓸 수 없는 이름", "max"]),
    ("open('/etc/passwd')", ["쓸 수 없는 이름", "open"]),
    ("42", ["'build'", "LRScheduler"]),
    ("lr_scheduler.OneCycleLR(opt, max_lr=0.1)", ["예외", "ValueError", "total_steps"]),
])
def test_cli_bad_expression_is_a_korean_error_and_exit_2(capsys, expression, words):
    assert main([expression, "--steps", "10"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("오류: ")
    for word in words:
        assert word in captured.err


def test_cli_math_is_in_scope_and_groups_and_metrics_are_options(capsys):
    expression = "lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / 3000)))"
    assert main([expression, "--steps", "3000", "--lr", "0.1,0.01", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "찾은 것이 없습니다." in out and "그룹 1" in out
    assert main(["lr_scheduler.ReduceLROnPlateau(opt, patience=0)", "--steps", "3", "--metrics", "1,2,3",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["lr_scheduler.ReduceLROnPlateau(opt)", "--steps", "3", "--metrics", "1,x"]) == 2
    assert "'--metrics'" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# 명령줄: 새 프로세스로 (python -m lrcourse.inspect)
# ---------------------------------------------------------------------------


def run_cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "lrcourse.inspect", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_prints_findings_and_a_table_and_writes_a_png(tmp_path):
    result = run_cli("lr_scheduler.StepLR(opt, step_size=30)", "--steps", "3000", "--steps-per-epoch", "100",
                     "--out", "lr.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # --strict 없이는 찾아도 0
    assert "[epoch_schedule_per_batch] 스텝 30: 학습률이 30스텝마다 바뀝니다" in result.stdout
    assert "      30          0.01" in result.stdout  # 표: 스텝 30의 학습률
    assert (tmp_path / "lr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_readme_command_prints_what_the_readme_shows(tmp_path):
    """README의 명령줄 예시를 그대로 실행하면 README에 적은 출력이 한 글자도 다르지 않게 나옵니다."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 내 스케줄러 점검하기"):]
    command, shown = re.search(r"```bash\n(python -m lrcourse\.inspect .+?)\n```\n\n```text\n(.+?)```", section, re.S).groups()
    args = shlex.split(command)[3:]  # "python -m lrcourse.inspect" 뒤
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown


def test_cli_json_and_strict_exit_codes(tmp_path):
    bad = run_cli("lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=2000)", "--steps", "3000", "--json",
                  "--strict", cwd=tmp_path)
    assert bad.returncode == 1, bad.stderr
    findings = json.loads(bad.stdout)
    assert [(f["kind"], f["step"]) for f in findings] == [("error", 2000)] and "total_steps" in findings[0]["message"]
    good = run_cli("lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=3000)", "--steps", "3000", "--json",
                   "--strict", cwd=tmp_path)
    assert good.returncode == 0 and json.loads(good.stdout) == []


@pytest.mark.parametrize("expression", ["__import__('os').system('echo hacked')", "lr_scheduler.StepLR(opt,"])
def test_cli_bad_expression_exits_2_without_a_traceback(tmp_path, expression):
    result = run_cli(expression, "--steps", "10", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "hacked" not in result.stdout
    assert result.stderr.startswith("오류: ")


def test_cli_help_is_korean_and_says_what_the_expression_may_use(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for words in ["torch, lr_scheduler", "math", "opt", "내장 함수", "math.fmin", "종료 코드", "--strict", "--json"]:
        assert words in out
