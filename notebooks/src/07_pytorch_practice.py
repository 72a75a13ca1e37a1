# %% [markdown]
# # 07. PyTorch 실전: 학습 루프에서 스케줄러 버그 찾기
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/07_pytorch_practice.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F07_pytorch_practice.ipynb)
#
# **예상 시간: 80분** (버그 찾기 열 문제와 예측 하나 포함)

# %% tags=["setup"]
# 설정 셀: Colab에서는 이 강좌의 판(v0.2.0)에 맞는 lrcourse를 설치합니다. pip는 -U 없이 부르면 요구 조건을 이미
# 채운 패키지를 바꾸지 않습니다. 그래서 Colab의 torch(torch>=2.3을 채움)와 이미 불러온 패키지가 그대로이고,
# 런타임을 다시 시작할 필요가 없습니다. 이 판이 이미 설치되어 있으면(셀을 다시 실행할 때) 건너뜁니다.
import sys

if "google.colab" in sys.modules:
    import importlib.metadata
    import subprocess

    try:
        installed = importlib.metadata.version("lrcourse")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != "0.2.0":
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "lrcourse @ git+https://github.com/lrcourse/lrcourse@v0.2.0"],
            check=True,
        )
        importlib.invalidate_caches()  # 방금 설치한 패키지를 이 커널이 바로 찾도록

import io
import math
import os
import re
import tempfile
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

import lrcourse
from lrcourse import data, models, schedules
from lrcourse.plotting import LINESTYLES, PALETTE, new_axes, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# 강좌를 마치고 자기 PyTorch 코드로 돌아가면, 학습률 스케줄의 버그는 대개 공식이 아니라 **학습 루프**에 있습니다.
# 이 노트북을 마치면 다음을 할 수 있습니다.
#
# 1. 학습 루프가 옵티마이저(optimizer)에 **실제로 준** 학습률(learning rate)을 스텝(step)마다 기록하고, 스케줄러(scheduler)가 주려던 값과 견줍니다.
# 2. 흔한 버그 열 가지를 실제로 도는 루프에서 찾아 고칩니다: 스텝 순서, 에포크(epoch) 단위와 배치(batch) 단위, 기울기 누적, `get_lr()`과 `get_last_lr()`,
#    `SequentialLR`의 다시 세기, `OneCycleLR`의 `total_steps`, `ReduceLROnPlateau`의 지표, 파라미터 그룹, 체크포인트(checkpoint)에서 재개하기, 저장되지 않는 `LambdaLR`.
# 3. 스케줄러 점검기(`lrcourse.inspect`)로 스케줄을 학습 없이 미리 보고, 명령줄의 `--strict`로 학습 스크립트가 망가진 스케줄을 시작 전에 거르게 합니다.
# 4. `lrcourse.torch_scheduler`로 닫힌 식 스케줄을 끊김 없이 재개합니다.
#
# 문제마다 순서는 같습니다. **버그가 있는 루프**를 돌려 기록한 학습률과 점검기의 그림을 보고, 무엇이 틀렸는지 찾은 뒤, 아래 풀이 셀에서 루프를 고쳐 `ex.qN.check(함수)`로 확인합니다.
# 풀이 셀의 빈칸(`raise NotImplementedError`)은 위의 버그가 있는 루프에서 고칠 부분입니다: 그 부분을 복사해 고쳐 넣으세요.
# 채점기는 여러분의 함수를 **직접 돌립니다**: 노트북과 다른 작은 데이터(에포크마다 배치 5개)로 돌리고,
# 옵티마이저가 `step()`마다 쓴 학습률을 올바른 루프의 것과 견줍니다. 그래서 배치 수를 코드에 박아 넣은 답은 통과하지 못합니다.

# %% [markdown]
# ## 0. 실험 도구
#
# **과제**: 손글씨 숫자(digits) 1,438장, 배치 64의 `DataLoader`(섞기는 시드로 고정), MLP(은닉 32), SGD(학습률 0.1, 모멘텀 0.9).
# 에포크마다 배치 23개이고 마지막 배치는 30장입니다(1,438 = 22 × 64 + 30). 6 에포크(138스텝)를 학습합니다.

# %%
digits = data.load_digits()
train_set = torch.utils.data.TensorDataset(digits.x_train, digits.y_train)


def make_loader(seed=0):
    """배치 64, 시드로 고정한 섞기. 같은 시드로 만든 로더는 언제나 같은 차례의 에포크 순서를 냅니다."""
    return torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(seed))


def evaluate(model):
    """검증 세트(359장)의 손실."""
    with torch.no_grad():
        return F.cross_entropy(model(digits.x_val), digits.y_val).item()


def fresh_optimizer():
    """노트북의 모델(MLP, 은닉 32, 시드 0)과 SGD(0.1, 모멘텀 0.9). 스케줄러만 살펴볼 때 씁니다."""
    return torch.optim.SGD(models.mlp(hidden=(32,), seed=0).parameters(), lr=0.1, momentum=0.9)


loader = make_loader()
EPOCHS = 6
SPE = len(loader)  # 에포크마다 배치 수
TOTAL = EPOCHS * SPE
print(f"학습 {len(train_set)}장, 배치 64 → 에포크마다 배치 {SPE}개 (마지막 배치 {len(train_set) - 64 * (SPE - 1)}장), 전체 {TOTAL}스텝")
assert SPE == 23 and len(train_set) // 64 == 22  # 나눗셈으로 센 배치 수(22)는 실제(23)보다 하나 적습니다 (6절)

# %% [markdown]
# **학습률 기록기.** PyTorch에는 모든 옵티마이저의 `step()` 직전에 불리는 전역 훅(`torch.optim.optimizer.register_optimizer_step_pre_hook`)이 있습니다.
# 여기에 "지금 그룹마다의 학습률을 적어라"를 걸면, 루프 코드를 한 줄도 바꾸지 않고 **옵티마이저가 실제로 쓴** 학습률을 얻습니다.
# 루프가 무엇을 출력하든(4절처럼 틀린 값을 출력하더라도) 이것이 진짜입니다. 채점기도 같은 방법을 씁니다.
#
# 루프가 PyTorch 경고를 내면 기록기가 모아 글로 돌려주고, 루프가 오류를 내면 잡아서 돌려줍니다(노트북이 멈추지 않도록).

# %%
from types import SimpleNamespace

from torch.optim.optimizer import register_optimizer_step_pre_hook


def record_lrs(train_fn, *args, **kwargs):
    """train_fn(*args, **kwargs)을 돌리며 옵티마이저 step()마다 그룹별 학습률을 기록합니다.

    돌려주는 것: lrs (스텝 × 그룹 배열), warnings (PyTorch 경고의 첫 문장 목록), error (루프가 낸 오류 또는 None), result (돌려준 값).
    """
    lrs = []
    handle = register_optimizer_step_pre_hook(lambda opt, args, kwargs: lrs.append([g["lr"] for g in opt.param_groups]))
    result = error = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = train_fn(*args, **kwargs)
            except Exception as err:  # 루프의 오류도 관찰 결과입니다
                error = err
    finally:
        handle.remove()
    messages = [str(w.message).split(".  ")[0] for w in caught]
    return SimpleNamespace(lrs=np.array(lrs, dtype=float).reshape(len(lrs), -1), warnings=messages, error=error, result=result)


def show_warnings(run):
    """기록한 PyTorch 경고를 글로 보여 줍니다 (같은 경고는 한 번만)."""
    for message in dict.fromkeys(run.warnings):
        print(f"PyTorch 경고 (UserWarning): {message}")
    if not run.warnings:
        print("PyTorch 경고 없음")


def show_findings(report):
    """점검기(lrcourse.inspect)가 찾은 것을 글로 보여 줍니다."""
    if not report.findings:
        print(f"점검기: {report.scheduler_name}에서 찾은 것 없음")
    for f in report.findings:
        print(f"점검기: [{f.kind}] 스텝 {f.step}: {f.message}")


def plot_lrs(curves, title, *, log=False, epoch_lines=True, ax=None):
    """(보조 코드) {이름: 스텝마다의 학습률} 곡선을 겹쳐 그립니다. 옅은 세로선은 에포크 경계입니다."""
    if ax is None:
        _, ax = new_axes(figsize=(8, 3.6))
    if epoch_lines:
        for e in range(1, EPOCHS):
            ax.axvline(e * SPE, color="0.85", lw=0.8, zorder=0)
    for i, (name, values) in enumerate(curves.items()):
        ax.plot(np.arange(len(values)), values, color=PALETTE[i], ls=LINESTYLES[i], lw=1.8, label=name, drawstyle="steps-post")
    style_axes(ax, title, "스텝 (옵티마이저 step 횟수, 옅은 세로선 = 에포크 경계)", "학습률" + (" (로그 눈금)" if log else ""), log=log)
    ax.legend(loc="best", fontsize=9)
    return ax


from lrcourse.exercises import lesson07 as ex

# %% [markdown]
# **스케줄러 점검기.** `lrcourse.inspect.inspect_scheduler(build, steps, steps_per_epoch=…, interval=…)`는 여러분의 코드에서 스케줄러를 만드는 줄
# (`build`: 옵티마이저를 받아 스케줄러를 돌려주는 함수)을 받아, 학습 없이 버리는 파라미터 위에서 스케줄러를 `steps`번 돌립니다. 돌려주는 보고서에는
# 스텝마다 그룹마다의 학습률(`report.lrs`), 찾은 문제(`report.findings`: 종류, 스텝, 설명), 그림(`report.plot()`)이 있습니다.
# 찾는 것: 코사인이 바닥을 찍고 다시 오름, 감쇠가 계획한 끝에서 바닥에 닿지 않음(또는 너무 일찍 닿음), 에포크로 쓴 스케줄을 배치마다 부름(또는 그 반대),
# 끝을 넘은 `step()`의 오류, 바뀌지 않는 학습률, PyTorch 경고. 학습하지 않으므로 GPU 한 시간을 쓰기 전에 곧바로 봅니다.
#
# 점검기는 **스케줄러만** 봅니다. `step()`을 루프의 어디서 부르는지는 `interval`(`"step"`: 옵티마이저 스텝마다, `"epoch"`: 에포크 끝에)로 알려 줘야 하고,
# 루프 안의 실수(순서, 기록, 재개)는 보지 못합니다. 그런 실수는 위의 학습률 기록기로 봅니다. 이 노트북은 둘을 함께 씁니다.

# %%
from lrcourse.inspect import inspect_scheduler

# %% [markdown]
# ## 1. 스텝 순서: `scheduler.step()`은 `optimizer.step()` 다음에
#
# PyTorch 1.1 이전에는 에포크를 시작할 때 `scheduler.step()`을 부르는 코드가 흔했습니다. 1.1부터는 순서가 바뀌어 **`optimizer.step()` → `scheduler.step()`** 입니다.
# 옛 순서로 쓰면 스케줄이 한 칸 앞서 가서 모든 에포크가 **다음 에포크의 학습률**을 씁니다. PyTorch는 경고를 내지만, 경고는 쉽게 지나칩니다.
#
# 아래 루프는 `StepLR(step_size=2, gamma=0.5)`: 2 에포크마다 학습률을 반으로 줄이려는 루프입니다. 돌려서 기록을 보세요.

# %%
def train_step_order_buggy(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)  # 2 에포크마다 학습률 반으로
    for epoch in range(epochs):
        scheduler.step()
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
    return model


run1 = record_lrs(train_step_order_buggy, loader, EPOCHS)
show_warnings(run1)
report1 = inspect_scheduler(lambda opt: lr_scheduler.StepLR(opt, step_size=2, gamma=0.5), TOTAL, steps_per_epoch=SPE, interval="epoch")
show_findings(report1)
intended1 = report1.lrs[:, 0]  # 에포크 끝에 step()하면 스케줄러가 주는 학습률
print("에포크마다 쓴 학습률:", run1.lrs[::SPE, 0].round(4).tolist())
print("의도한 학습률:       ", intended1[::SPE].round(4).tolist())
plot_lrs({"기록: 버그가 있는 루프": run1.lrs[:, 0], "의도: StepLR(2, 0.5)를 에포크 끝에": intended1}, "1. 스텝 순서: 스케줄이 한 에포크 앞서 감")
plt.show()
assert np.array_equal(run1.lrs[:-SPE, 0], intended1[SPE:])  # 에포크 e가 에포크 e + 1의 학습률을 씀
assert run1.lrs[SPE, 0] == 0.05 and intended1[SPE] == 0.1
assert any("before `optimizer.step()`" in w for w in run1.warnings)

# %% [markdown]
# 점검기는 스케줄러 자체에서 아무것도 찾지 못했습니다: 스케줄러는 멀쩡하고, 버그는 루프에서 `step()`을 부르는 자리입니다. 그래서 루프 기록과 견줘야 보입니다.
#
# 그림에서 볼 것: 기록은 의도보다 한 에포크 먼저 내려갑니다. 0.1로 두 에포크가 아니라 한 에포크만 학습하고, 마지막 에포크는 계획에 없던 0.0125를 씁니다.
# `StepLR(step_size=1)`이나 `ExponentialLR`이라면 처음 학습률을 한 번도 쓰지 못합니다.
#
# ### 문제 1
#
# 위 루프를 고쳐 `train_step_order(loader, epochs)`를 쓰세요. 학습률은 에포크 0, 1에 0.1, 에포크 2, 3에 0.05, …여야 하고 PyTorch 경고가 없어야 합니다.
# 아래 셀의 빈칸(`raise NotImplementedError`)을 고친 루프의 몸통으로 바꾸세요. 위 셀에서 복사해 고치면 됩니다.

# %% tags=["solution"]
def train_step_order(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    # BEGIN SOLUTION
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # 에포크를 마친 뒤, optimizer.step() 다음에
    # END SOLUTION
    return model


ex.q1.check(train_step_order)

# %% [markdown]
# ## 2. 에포크로 쓴 스케줄을 배치마다 부르기
#
# 스케줄러는 시계를 모릅니다. `step()`을 부른 **횟수**만 셉니다. `MultiStepLR(milestones=[3, 5])`를 "3, 5 에포크에서 줄이기"로 썼는데
# `step()`을 배치마다 부르면 3, 5번째 **배치**에서 줄입니다. 반대로 전체 스텝 수로 쓴 코사인을 에포크마다 부르면 거의 내려가지 않습니다.

# %%
def train_per_epoch_buggy(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[3, 5], gamma=0.1)  # 에포크 3, 5에서 1/10로
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


run2 = record_lrs(train_per_epoch_buggy, loader, EPOCHS)
show_warnings(run2)
build2 = lambda opt: lr_scheduler.MultiStepLR(opt, milestones=[3, 5], gamma=0.1)  # noqa: E731 (루프에서 스케줄러를 만드는 줄)
report2 = inspect_scheduler(build2, TOTAL, steps_per_epoch=SPE)  # 루프처럼 옵티마이저 스텝마다 step()
show_findings(report2)
intended2 = inspect_scheduler(build2, TOTAL, steps_per_epoch=SPE, interval="epoch").lrs[:, 0]
ax = report2.plot(log=True)
ax.lines[0].set_label("점검기: 배치마다 step()")
ax.plot(intended2, color=PALETTE[2], ls="--", lw=1.5, label="에포크 끝에 step()하면")
ax.set_title("2. 점검기: 에포크로 쓴 MultiStepLR을 배치마다 step()")
ax.legend(loc="upper right")
plt.show()
print(f"스텝 5부터 학습률 {run2.lrs[5, 0]:.4g}: 에포크마다 step()하면 {intended2[5]:.4g}")
assert np.array_equal(report2.lrs, run2.lrs)  # 점검기는 학습 없이 루프와 같은 학습률을 냅니다
assert [f.kind for f in report2.findings] == ["epoch_schedule_per_batch"]
assert np.isclose(run2.lrs[5, 0], 0.001) and np.all(run2.lrs[5:, 0] == run2.lrs[5, 0])  # 학습의 96 %를 0.001로

# 반대 방향: 전체 스텝 수(138)로 쓴 코사인을 에포크마다 부르면
report2_reverse = inspect_scheduler(lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=TOTAL), TOTAL, steps_per_epoch=SPE, interval="epoch")
show_findings(report2_reverse)
print(f"마지막 에포크의 학습률: {report2_reverse.lrs[-1, 0]:.4f} (처음 0.1)")
assert [f.kind for f in report2_reverse.findings] == ["batch_schedule_per_epoch"] and report2_reverse.lrs[-1, 0] > 0.099

# %% [markdown]
# 점검기가 스텝 3에서 "에포크로 쓴 스케줄을 배치마다 부름"을 찾았습니다. 그림(로그 눈금, 위 눈금은 에포크)에서 학습률은 첫 에포크가 끝나기도 전에(스텝 3, 5)
# 두 번 떨어지고, 학습의 거의 전부를 1/100의 학습률로 보냅니다. 점검기의 학습률은 루프 기록과 똑같습니다: 스케줄러를 부르는 방식만 같으면 학습할 필요가 없습니다.
# 반대 방향(전체 스텝 수로 쓴 코사인을 에포크마다 부름)도 점검기가 찾습니다: 6번 부른 코사인은 0.1에서 0.3 %만 내려왔습니다.
#
# ### 문제 2
#
# `train_per_epoch(loader, epochs)`: 같은 `MultiStepLR(milestones=[3, 5], gamma=0.1)`이 에포크 3, 5에서 줄이도록 고치세요.

# %% tags=["solution"]
def train_per_epoch(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[3, 5], gamma=0.1)
    # BEGIN SOLUTION
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # 에포크마다 한 번
    # END SOLUTION
    return model


ex.q2.check(train_per_epoch)

# %% [markdown]
# ## 3. 기울기 누적: 스케줄은 옵티마이저 스텝을 셉니다
#
# 메모리가 모자라면 작은 배치 `accum_steps`개의 기울기를 모아 한 번에 `optimizer.step()`합니다(기울기 누적, gradient accumulation).
# 그러면 **배치 수와 옵티마이저 스텝 수가 달라집니다**. 아래 루프는 T_max를 옵티마이저 스텝 수(에포크마다 ⌈23/4⌉ = 6번, 6 에포크에 36번)로 맞게 정했지만,
# `scheduler.step()`을 작은 배치마다 부릅니다.

# %%
ACCUM = 4


def train_accumulate_buggy(loader, epochs, accum_steps=ACCUM):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    updates = epochs * math.ceil(len(loader) / accum_steps)  # 옵티마이저 스텝 수
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=updates)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            (F.cross_entropy(model(x), y) / accum_steps).backward()
            if (i + 1) % accum_steps == 0 or i + 1 == len(loader):
                optimizer.step()
                optimizer.zero_grad()
            scheduler.step()
    return model


run3 = record_lrs(train_accumulate_buggy, loader, EPOCHS)
show_warnings(run3)
UPDATES = EPOCHS * math.ceil(SPE / ACCUM)
build3 = lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=UPDATES)  # noqa: E731
report3 = inspect_scheduler(build3, TOTAL, steps_per_epoch=SPE)  # 스케줄러는 작은 배치마다, 곧 138번 step()됩니다
show_findings(report3)
intended3 = inspect_scheduler(build3, UPDATES).lrs[:, 0]  # 옵티마이저 스텝마다 한 번이면
fig, axes = new_axes(2, figsize=(13, 3.8))
report3.plot(axes[0])
axes[0].set_title("점검기: 스케줄러가 본 스텝 (작은 배치마다 138번)")
axes[0].set_xlabel("scheduler.step() 횟수 (작은 배치마다 한 번)")
plot_lrs({"기록: 버그가 있는 루프": run3.lrs[:, 0], "의도: 옵티마이저 스텝마다 코사인": intended3},
         f"루프 기록: 옵티마이저 스텝 {UPDATES}번 (기울기 누적 {ACCUM})", epoch_lines=False, ax=axes[1])
axes[1].set_xlabel("옵티마이저 스텝")
axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)  # 곡선을 가리지 않게 축 아래에
plt.show()
assert [f.kind for f in report3.findings] == ["cosine_rises_again"]
low = int(np.argmax(run3.lrs[:, 0] < 0.002))  # 처음으로 최고값의 2 % 아래
print(f"옵티마이저 스텝 {len(run3.lrs)}번 가운데 스텝 {low}에서 이미 {run3.lrs[low, 0]:.2g}, 마지막 스텝의 학습률 {run3.lrs[-1, 0]:.3f}")
assert len(run3.lrs) == UPDATES == 36
assert low < UPDATES / 3 and run3.lrs[-1, 0] > 0.08  # 코사인이 일찍 바닥에 닿고, 다시 올라 높은 학습률로 끝남
below = run3.lrs[:, 0] < 0.002
assert np.sum(below[1:] & ~below[:-1]) == 2  # 바닥 근처(최고값의 2 % 아래)로 두 번 내려감

# %% [markdown]
# 점검기가 "코사인이 바닥을 찍고 다시 오름"을 찾았습니다(왼쪽). 오른쪽은 옵티마이저가 실제로 쓴 값입니다: 스케줄러가 옵티마이저보다 약 4배 빨리 가서 코사인이 학습의 1/4쯤에 바닥에 닿습니다. PyTorch의 `CosineAnnealingLR`은 T_max를 지나면
# **다시 올라가므로**(주기 2·T_max인 코사인) 학습 동안 두 번 내려갔다 오르고, 처음 학습률에 가까운 값으로 끝납니다. 경고도 하나 나왔습니다: 첫 `scheduler.step()`이 첫 `optimizer.step()`(작은 배치 4개째)보다 먼저 불렸기 때문입니다.
#
# ### 문제 3
#
# `train_accumulate(loader, epochs, accum_steps=4)`: 스케줄이 옵티마이저 스텝을 세도록 고치세요. 채점기는 `accum_steps`를 바꿔서도 돌립니다.

# %% tags=["solution"]
def train_accumulate(loader, epochs, accum_steps=ACCUM):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    updates = epochs * math.ceil(len(loader) / accum_steps)
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=updates)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            (F.cross_entropy(model(x), y) / accum_steps).backward()
            # BEGIN SOLUTION
            if (i + 1) % accum_steps == 0 or i + 1 == len(loader):
                optimizer.step()
                optimizer.zero_grad()
                scheduler.step()  # 옵티마이저 스텝마다 한 번
            # END SOLUTION
    return model


ex.q3.check(train_accumulate)

# %% [markdown]
# ## 4. `get_lr()`과 `get_last_lr()`
#
# 학습률을 기록할 때 `scheduler.get_lr()`을 부르는 코드가 많습니다. 이름과 달리 `get_lr()`은 **지금 학습률이 아니라 `step()` 안에서 다음 값을 구하는 식**입니다.
# `ExponentialLR`처럼 직전 값에 곱해 나가는 스케줄러에서는 `step()` 밖에서 부르면 γ를 한 번 더 곱한 값을 돌려줍니다. 지금 학습률은 `get_last_lr()`입니다.

# %%
def train_logged_buggy(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
    lrs = []
    for epoch in range(epochs):
        lrs.append(scheduler.get_lr()[0])  # 이번 에포크에 쓸 학습률을 적어 둠
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    return lrs


run4 = record_lrs(train_logged_buggy, loader, EPOCHS)
show_warnings(run4)
used4 = run4.lrs[::SPE, 0]
print("루프가 적은 학습률:      ", np.round(run4.result, 5).tolist())
print("옵티마이저가 실제로 쓴 값:", used4.round(5).tolist())
assert np.allclose(run4.result[1:], used4[1:] * 0.8)  # γ를 한 번 더 곱한 값 (에포크 0은 torch 판에 따라 다름)

# %% [markdown]
# 에포크 1부터 적은 값이 실제보다 한 단계(×0.8) 작습니다(이 노트북을 만든 torch에서는 에포크 0도 그렇습니다).
# 이 기록으로 학습 곡선과 학습률을 나란히 놓고 분석하면 틀린 결론을 냅니다.
#
# ### 문제 4
#
# `train_logged(loader, epochs)`: 에포크마다 그 에포크에 옵티마이저가 쓰는 학습률을 적어 목록으로 돌려주도록 고치세요(경고 없이).

# %% tags=["solution"]
def train_logged(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
    lrs = []
    for epoch in range(epochs):
        # BEGIN SOLUTION
        lrs.append(scheduler.get_last_lr()[0])  # 또는 optimizer.param_groups[0]["lr"]
        # END SOLUTION
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    return lrs


ex.q4.check(train_logged)

# %% [markdown]
# ## 5. `SequentialLR`은 다음 스케줄러를 스텝 0부터 셉니다
#
# 워밍업(warmup) 뒤에 코사인을 붙일 때 PyTorch에서는 `SequentialLR`을 씁니다. milestone에 이르면 두 번째 스케줄러가 **자기 스텝 0부터** 시작합니다.
# 그래서 코사인의 `T_max`는 전체 스텝 수가 아니라 **남은 스텝 수(전체 − 워밍업)** 여야 합니다(05에서 본 T_max = T − W).

# %%
WARMUP = SPE  # 첫 에포크 동안 워밍업


def train_warmup_cosine_buggy(loader, epochs, warmup_steps=WARMUP):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    total = epochs * len(loader)
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_steps)
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)
    scheduler = lr_scheduler.SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_steps])
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


run5 = record_lrs(train_warmup_cosine_buggy, loader, EPOCHS)
show_warnings(run5)
report5 = inspect_scheduler(lambda opt: lr_scheduler.SequentialLR(
    opt, [lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=WARMUP), lr_scheduler.CosineAnnealingLR(opt, T_max=TOTAL)],
    milestones=[WARMUP]), TOTAL, steps_per_epoch=SPE)
show_findings(report5)
report5.plot(log=True)
plt.show()
print(f"마지막 스텝의 학습률: {run5.lrs[-1, 0]:.4f} (최고값 0.1의 {run5.lrs[-1, 0] / 0.1:.0%})")
assert np.allclose(report5.lrs, run5.lrs) and [f.kind for f in report5.findings] == ["min_not_reached"]
assert run5.lrs[-1, 0] > 0.05 * 0.1  # 코사인이 전체의 83 %만 돌고 끝남

# %% [markdown]
# 점검기가 "계획한 끝에서 감쇠가 바닥에 닿지 않음"을 찾았습니다. 그림(로그 눈금)에서 학습이 끝날 때 학습률이 최고값의 몇 % 남아 있습니다. 코사인이 스텝 23부터 자기 스텝 0으로 다시 세므로 남은 115스텝 동안 T_max = 138의 83 %만 돕니다.
#
# ### 문제 5
#
# `train_warmup_cosine(loader, epochs, warmup_steps)`: 마지막 스텝 뒤에 학습률이 0(eta_min)에 닿도록 고치세요.

# %% tags=["solution"]
def train_warmup_cosine(loader, epochs, warmup_steps=WARMUP):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    total = epochs * len(loader)
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_steps)
    # BEGIN SOLUTION
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup_steps)  # 남은 스텝만
    # END SOLUTION
    scheduler = lr_scheduler.SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_steps])
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


ex.q5.check(train_warmup_cosine)

# %% [markdown]
# ## 6. `OneCycleLR`을 `total_steps`보다 많이 부르기
#
# `OneCycleLR`은 전체 스텝 수를 미리 받고, 그보다 많이 `step()`하면 학습 도중(대개 마지막 에포크 끝)에 `ValueError`로 멈춥니다.
# 흔한 원인은 배치 수를 `len(dataset) // batch_size`로 세는 것입니다. 마지막 배치가 덜 찬 `DataLoader`(`drop_last=False`, 기본값)는 배치를 하나 더 냅니다.

# %%
def train_one_cycle_buggy(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    steps_per_epoch = len(loader.dataset) // loader.batch_size
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * steps_per_epoch)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


run6 = record_lrs(train_one_cycle_buggy, loader, EPOCHS)
show_warnings(run6)
print(f"루프의 오류: {type(run6.error).__name__}: {run6.error}")
print(f"멈추기 전까지 옵티마이저 스텝 {len(run6.lrs)}번 (계획 {TOTAL}번)")
assert isinstance(run6.error, ValueError) and len(run6.lrs) == EPOCHS * 22 + 1

report6 = inspect_scheduler(lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=EPOCHS * (len(train_set) // 64)),
                            TOTAL, steps_per_epoch=SPE)
show_findings(report6)
report6.plot(log=True)
plt.show()
assert [(f.kind, f.step) for f in report6.findings] == [("error", EPOCHS * 22)]

# %% [markdown]
# 루프는 마지막 에포크의 배치 하나를 남기고 멈췄습니다. 긴 학습이라면 몇 시간 뒤, 체크포인트를 저장하기 직전일 수도 있습니다.
# 점검기는 같은 오류를 학습 없이 찾습니다(스텝 132 뒤의 `step()`).
#
# 노트북 밖에서는 명령줄로 씁니다. `--strict`를 주면 무엇이든 찾았을 때 종료 코드가 1이므로, 학습 스크립트나 CI가 망가진 스케줄로 학습을 시작하기 전에 멈출 수 있습니다.
# 식 안에서는 `opt`(옵티마이저), `torch`, `lr_scheduler`, `math`만 쓸 수 있습니다.

# %%
import subprocess

command = [sys.executable, "-m", "lrcourse.inspect", "lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=132)",
           "--steps", "138", "--steps-per-epoch", "23", "--json", "--strict"]
cli = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
print("$ python -m lrcourse.inspect \"lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=132)\" --steps 138 --steps-per-epoch 23 --json --strict")
print(cli.stdout, end="")
print(f"종료 코드: {cli.returncode}")
assert cli.returncode == 1 and '"kind": "error"' in cli.stdout
#
# ### 문제 6
#
# `train_one_cycle(loader, epochs)`: `total_steps`가 실제 스텝 수와 같도록 고치세요.

# %% tags=["solution"]
def train_one_cycle(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    # BEGIN SOLUTION
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))
    # END SOLUTION
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


ex.q6.check(train_one_cycle)

# %% [markdown]
# ## 7. `ReduceLROnPlateau`와 그 지표
#
# `ReduceLROnPlateau`(06의 6절)는 `step(지표)`로 받은 값이 `patience`번 넘게 나아지지 않으면 학습률을 `factor`배로 줄입니다. 그러니 **무엇을, 얼마나 자주 주는지**가 곧 스케줄입니다.
# 의도한 쓰임은 에포크마다 검증 손실(validation loss)입니다. 다른 스케줄러처럼 배치마다 부르며 그 배치의 학습 손실을 주면, `patience`가 배치를 세고 한 배치의 잡음에 반응합니다.
# (지표 없이 `scheduler.step()`만 부르면 `TypeError`로 바로 멈춥니다.)

# %%
def train_plateau_buggy(loader, evaluate, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=0)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step(loss.item())
    return model


try:
    lr_scheduler.ReduceLROnPlateau(fresh_optimizer()).step()  # 지표 없이
    no_metric = None
except TypeError as err:
    no_metric = err
print(f"지표 없이 step(): TypeError: {no_metric}")
assert no_metric is not None

plateau_runs = [record_lrs(train_plateau_buggy, make_loader(seed), evaluate, EPOCHS) for seed in [0, 1, 2]]
for seed, run in zip([0, 1, 2], plateau_runs):
    cuts = int(np.sum(np.diff(run.lrs[:, 0]) < 0))
    print(f"데이터 순서 시드 {seed}: 학습률을 {cuts}번 줄였고, 첫 에포크가 끝날 때 {run.lrs[SPE, 0]:.2g}, 마지막 {run.lrs[-1, 0]:.2g}")
plot_lrs({f"기록: 시드 {s}": run.lrs[:, 0] for s, run in zip([0, 1, 2], plateau_runs)}, "7. ReduceLROnPlateau에 배치마다 학습 손실", log=True)
plt.show()
for run in plateau_runs:
    assert np.all(run.lrs[2 * SPE:, 0] < 1e-7)  # 세 시드 모두 두 에포크가 지나기 전에 1e-7 아래로

# %% [markdown]
# 시드(여기서는 데이터 순서만 바뀜, 초기 가중치는 같음) 셋 모두에서 학습률이 두 에포크가 지나기 전에 1e-7 아래로 떨어졌고, 나머지 학습은 사실상 멈췄습니다
# (`ReduceLROnPlateau`는 바뀜이 `eps` = 1e-8보다 작으면 더 줄이지 않으므로 1.2e-8에 머뭅니다). 한 배치의 손실은 다음 배치에서 조금만 올라도 "나아지지 않음"이고,
# `patience=0`이면 그때마다 반으로 줄이기 때문입니다.

# %% [markdown]
# 점검기로도 미리 볼 수 있습니다. `ReduceLROnPlateau`는 지표를 받아야 하므로 `metrics=`에 지표의 나열을 줍니다. 아래는 (보조 코드) **만든 지표**입니다:
# 학습 손실처럼 줄어드는 곡선에 한 배치 정도의 잡음(약 ±30 %)을 곱했습니다. 배치마다 부르면(`interval="step"`) 점검기가 "첫 에포크 안에 학습률이 봉우리의 1 % 아래로"와
# "최솟값에 일찍 닿음"을 찾습니다. 잡음 없는 같은 곡선의 에포크 끝 값을 에포크마다 주면(`interval="epoch"`) 지표가 계속 나아지므로 학습률을 줄이지 않고,
# 점검기는 "학습률이 바뀌지 않음"으로 알립니다. 이 경우는 의도한 동작입니다: 점검기의 찾은 것은 경고이지 판결이 아닙니다.

# %%
rng = np.random.default_rng(0)
smooth = 0.1 + 2.0 / (1 + np.arange(TOTAL) / 5)  # (보조 코드) 줄어드는 손실 곡선
noisy = smooth * np.exp(0.3 * rng.standard_normal(TOTAL))  # 배치마다의 잡음
build7 = lambda opt: lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=0)  # noqa: E731
report7 = inspect_scheduler(build7, TOTAL, steps_per_epoch=SPE, metrics=noisy)
report7_epoch = inspect_scheduler(build7, TOTAL, steps_per_epoch=SPE, interval="epoch", metrics=smooth[SPE - 1::SPE])
show_findings(report7)
show_findings(report7_epoch)
ax = report7.plot(log=True)
ax.set_title("7. 점검기: 잡음 섞인 (만든) 지표를 배치마다 준 ReduceLROnPlateau")
plt.show()
assert [f.kind for f in report7.findings] == ["epoch_schedule_per_batch", "min_reached_early"]
assert [f.kind for f in report7_epoch.findings] == ["lr_never_changes"]  # 지표가 계속 나아지므로 줄이지 않음

# %% [markdown]
# ### 문제 7
#
# `train_plateau(loader, evaluate, epochs)`: 에포크마다 `evaluate(model)`로 잰 검증 손실을 스케줄러에 주도록 고치세요. 채점기는 자기 `evaluate`를 넘겨
# 스케줄러가 받은 값이 그 검증 손실인지 봅니다.

# %% tags=["solution"]
def train_plateau(loader, evaluate, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=0)
    for epoch in range(epochs):
        # BEGIN SOLUTION
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step(evaluate(model))  # 에포크마다 검증 손실로
        # END SOLUTION
    return model


ex.q7.check(train_plateau)

# %% [markdown]
# ## 8. 파라미터 그룹마다 다른 학습률
#
# 미세 조정(fine-tuning)에서는 몸통과 헤드에 다른 학습률을 주곤 합니다. 여기서는 몸통 0.1, 헤드 0.01입니다. PyTorch 스케줄러는 그룹마다의 **처음 학습률에 비율을 곱하므로**
# 두 그룹의 비(10 : 1)가 학습 내내 지켜집니다. 그런데 학습률을 손으로 넣는 루프는 흔히 모든 그룹에 같은 값을 넣습니다.

# %%
def train_two_groups_buggy(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    body, head = model[:-1], model[-1]
    optimizer = torch.optim.SGD([{"params": body.parameters(), "lr": 0.1},
                                 {"params": head.parameters(), "lr": 0.01}], momentum=0.9)
    total = epochs * len(loader)

    def cosine(step):
        return 0.5 * (1 + math.cos(math.pi * step / total))

    step = 0
    for epoch in range(epochs):
        for x, y in loader:
            for group in optimizer.param_groups:
                group["lr"] = 0.1 * cosine(step)
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            step += 1
    return model


run8 = record_lrs(train_two_groups_buggy, loader, EPOCHS)
show_warnings(run8)
print(f"그룹 수 {run8.lrs.shape[1]}, 스텝 0의 학습률: 몸통 {run8.lrs[0, 0]:.3g}, 헤드 {run8.lrs[0, 1]:.3g}")
# 같은 비율(cosine)을 스케줄러(LambdaLR)로 주면: 점검기에 그룹마다의 처음 학습률을 lr=[몸통, 헤드]로 줍니다.
report8 = inspect_scheduler(lambda opt: lr_scheduler.LambdaLR(opt, lambda step: 0.5 * (1 + math.cos(math.pi * step / TOTAL))),
                            TOTAL, steps_per_epoch=SPE, lr=[0.1, 0.01])
show_findings(report8)
fig, axes = new_axes(2, figsize=(13, 3.8))
plot_lrs({"기록: 몸통 (처음 0.1)": run8.lrs[:, 0], "기록: 헤드 (처음 0.01)": run8.lrs[:, 1]}, "버그가 있는 루프: 두 그룹에 같은 값", log=True, ax=axes[0])
report8.plot(axes[1], log=True)
axes[1].set_title("점검기: LambdaLR은 그룹마다의 처음 학습률에 곱함")
for ax in axes:
    ax.set_ylim(1e-7, 0.3)
plt.show()
assert np.array_equal(run8.lrs[:, 0], run8.lrs[:, 1])  # 헤드의 0.01이 첫 스텝부터 사라짐
assert np.allclose(report8.lrs[:, 1], report8.lrs[:, 0] / 10)  # 스케줄러는 10 : 1을 지킴

# %% [markdown]
# 왼쪽에서 두 곡선이 겹칩니다: 헤드도 0.1에서 시작합니다. 옵티마이저를 만들 때 준 0.01은 첫 스텝 전에 덮어씌워졌습니다. 오른쪽의 점검기는
# 같은 비율을 `LambdaLR`로 주면 두 그룹이 10 : 1을 지키며 함께 내려가는 것을 보여 줍니다. (점검기는 스케줄러만 보므로 손으로 학습률을 넣는 루프는 볼 수 없습니다.)
#
# ### 문제 8
#
# `train_two_groups(loader, epochs)`: 두 그룹이 각자의 처음 학습률 × `cosine(step)`을 쓰도록 고치세요. 스케줄러(`LambdaLR`)를 써도, 손으로 넣어도 됩니다.

# %% tags=["solution"]
def train_two_groups(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    body, head = model[:-1], model[-1]
    optimizer = torch.optim.SGD([{"params": body.parameters(), "lr": 0.1},
                                 {"params": head.parameters(), "lr": 0.01}], momentum=0.9)
    total = epochs * len(loader)

    def cosine(step):
        return 0.5 * (1 + math.cos(math.pi * step / total))

    # BEGIN SOLUTION
    scheduler = lr_scheduler.LambdaLR(optimizer, cosine)  # 그룹마다 처음 학습률 × cosine(step)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    # END SOLUTION
    return model


ex.q8.check(train_two_groups)

# %% [markdown]
# ## 9. 체크포인트에서 재개하기
#
# 긴 학습은 중간에 멈췄다가 체크포인트(checkpoint)에서 잇습니다. 재개는 루프의 일이라 점검기로는 볼 수 없고, 학습률 기록으로 봅니다. 아래 루프는 `stop_after` 에포크를 마치면 모델과 옵티마이저의 상태와 에포크를 저장하고 멈추며,
# 다시 부르면 저장한 곳부터 잇습니다. **스케줄러의 상태는 저장하지 않습니다.** 3 에포크 뒤 멈췄다 이은 학습을 끊기지 않은 학습과 견줍니다.

# %%
def train_resumable_buggy(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(loader))
    start = 0
    if os.path.exists(path):
        checkpoint = torch.load(path)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        start = checkpoint["epoch"]
    for epoch in range(start, epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch + 1}, path)
            return model
    return model


def stop_and_resume(train_fn, stop_after=3):
    """train_fn을 stop_after 에포크 뒤 멈췄다가 이어 돌리고, 끊기지 않은 학습과 함께 (이은 기록, 끊기지 않은 기록)을 돌려줍니다."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "checkpoint.pt")
        same_loader = make_loader()  # 멈춘 뒤에도 같은 DataLoader를 이어 써서 데이터 순서도 끊기지 않게
        first = record_lrs(train_fn, same_loader, EPOCHS, path, stop_after=stop_after)
        second = record_lrs(train_fn, same_loader, EPOCHS, path)
        whole = record_lrs(train_fn, make_loader(), EPOCHS, os.path.join(tmp, "unused.pt"))
    return np.concatenate([first.lrs, second.lrs]), whole.lrs, second.result, whole.result


# %% [markdown]
# ### 예측해 보기: 스케줄러 상태 없이 재개하면
#
# 위 루프를 3 에포크(스텝 69) 뒤 멈췄다가 이으면, 재개한 뒤의 학습률은 어떻게 될까요? 실행하기 전에 적으세요.
#
# - (a) 끊기지 않은 학습과 똑같다 (옵티마이저 상태에 학습률이 들어 있으므로)
# - (b) 재개한 스텝에서 처음 학습률(0.1)로 돌아간다
# - (c) 그 밖: 끊기지 않은 학습과도, 처음 학습률로 돌아가는 것과도 다르다
#
# `prediction`에 `"a"`, `"b"`, `"c"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
# BEGIN SOLUTION
prediction = "c"
# END SOLUTION
ex.p1.predict(prediction)

# %%
broken, whole, broken_model, whole_model = stop_and_resume(train_resumable_buggy)
RESUME = 3 * SPE
print(f"재개 직전·직후 학습률: 끊기지 않은 학습 {whole[RESUME - 1, 0]:.4f} → {whole[RESUME, 0]:.4f}, 이은 학습 {broken[RESUME - 1, 0]:.4f} → {broken[RESUME, 0]:.4f}")
print(f"마지막 스텝의 학습률: 끊기지 않은 학습 {whole[-1, 0]:.2g}, 이은 학습 {broken[-1, 0]:.2g}")
ex.p1.compare(whole[:, 0], broken[:, 0], RESUME, 0.1)
assert np.isclose(broken[RESUME, 0], whole[RESUME, 0], rtol=1e-6)  # 재개 직후는 이어지지만
assert broken[-1, 0] > 1000 * whole[-1, 0]  # 끝에서는 바닥에 닿지 못함

# 닫힌 식 스케줄러(LambdaLR)라면? 같은 망가진 재개를 스케줄러만으로 해 봅니다: 옵티마이저 상태만 읽고 스케줄러는 새로.
cosine_factor = lambda step: 0.5 * (1 + math.cos(math.pi * step / TOTAL))  # noqa: E731
optimizer = fresh_optimizer()
scheduler = lr_scheduler.LambdaLR(optimizer, cosine_factor)
for _ in range(RESUME):
    optimizer.step()
    scheduler.step()
saved_optimizer = optimizer.state_dict()
optimizer = fresh_optimizer()
scheduler = lr_scheduler.LambdaLR(optimizer, cosine_factor)
optimizer.load_state_dict(saved_optimizer)
before = optimizer.param_groups[0]["lr"]
optimizer.step()
scheduler.step()
print(f"LambdaLR: 재개 직후 {before:.4f}, 다음 step() 뒤 {optimizer.param_groups[0]['lr']:.4f} (스케줄의 스텝 1 값)")
assert np.isclose(before, 0.1 * cosine_factor(RESUME)) and np.isclose(optimizer.param_groups[0]["lr"], 0.1 * cosine_factor(1))

# %%
plot_lrs({"끊기지 않은 학습": whole[:, 0], "스케줄러 상태 없이 이은 학습": broken[:, 0]}, "9. 스텝 69에서 멈췄다 이으면", log=True)
plt.show()

# %% [markdown]
# 그림에서 볼 것(로그 눈금): 재개한 스텝 69 뒤로 두 곡선이 갈라지고, 이은 학습은 높은 학습률로 끝납니다. 새 `CosineAnnealingLR`은 자기가 스텝 0에 있다고 알고,
# PyTorch의 코사인은 직전 학습률에서 다음 값을 구하는 재귀식이라 지금 학습률(약 0.05)에서 코사인을 처음부터 다시 그립니다. 스케줄러마다 어긋나는 모양은 다르지만
# (`LambdaLR`처럼 스텝 수에서 값을 구하는 스케줄러는 다음 `step()`에서 스케줄의 처음으로 돌아갑니다: 위 셀의 마지막 줄), 고치는 법은 하나입니다: **스케줄러의 `state_dict()`를 저장하고 읽습니다.**
#
# ### 문제 9
#
# `train_resumable(loader, epochs, path, stop_after=None)`: 멈췄다 이어도 학습률과 가중치가 끊기지 않은 학습과 같도록 고치세요.
# 채점기는 멈췄다 이은 학습과 끊기지 않은 학습을 돌려 학습률과 마지막 가중치를 견줍니다.

# %% tags=["solution"]
def train_resumable(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(loader))
    start = 0
    if os.path.exists(path):
        checkpoint = torch.load(path)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        # BEGIN SOLUTION
        scheduler.load_state_dict(checkpoint["scheduler"])
        # END SOLUTION
        start = checkpoint["epoch"]
    for epoch in range(start, epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        if stop_after is not None and epoch + 1 == stop_after:
            # BEGIN SOLUTION
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch + 1}, path)
            # END SOLUTION
            return model
    return model


ex.q9.check(train_resumable)

# %% [markdown]
# ## 10. 저장되지 않는 `LambdaLR`
#
# `LambdaLR`에 `lambda`로 스케줄을 주면 두 가지가 어긋납니다.
#
# - 스케줄러 객체를 통째로 저장하면(`torch.save(scheduler, …)`, 또는 체크포인트 사전에 스케줄러 객체를 넣으면) `lambda`를 피클(pickle)할 수 없어 오류가 납니다.
# - `scheduler.state_dict()`는 저장되지만 `lambda`와 `def` 함수는 **빠집니다**(`'lr_lambdas': [None]`). 함수가 쓰는 설정(여기서는 전체 스텝 수)도 체크포인트에 없습니다.
#   그래서 재개할 때 설정이 바뀌면(예: 에포크를 늘려 다시 시작) 아무 말 없이 **다른 곡선**으로 넘어갑니다.

# %%
def make_scheduler_buggy(optimizer, total_steps):
    warmup = total_steps // 10
    return lr_scheduler.LambdaLR(optimizer, lambda step: step / warmup if step < warmup
                                 else 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total_steps - warmup))))


optimizer = fresh_optimizer()
scheduler = make_scheduler_buggy(optimizer, TOTAL)
try:
    torch.save(scheduler, io.BytesIO())
    pickle_error = None
except Exception as err:
    pickle_error = err
print(f"torch.save(scheduler): {type(pickle_error).__name__}: {re.sub(' at 0x[0-9a-f]+', '', str(pickle_error))}")
print("scheduler.state_dict()['lr_lambdas'] =", scheduler.state_dict()["lr_lambdas"])
assert pickle_error is not None and "lambda" in str(pickle_error)
assert scheduler.state_dict()["lr_lambdas"] == [None]


def half(step):
    return 0.5


print("def 함수로 만든 LambdaLR의 lr_lambdas =", lr_scheduler.LambdaLR(fresh_optimizer(), half).state_dict()["lr_lambdas"])
assert lr_scheduler.LambdaLR(fresh_optimizer(), half).state_dict()["lr_lambdas"] == [None]


def resume_with_new_total(make_scheduler, stop=3 * SPE, new_total=2 * TOTAL):
    """스텝 stop까지 돌리고 state_dict를 저장한 뒤, 전체 스텝을 new_total로 바꿔 만든 스케줄러에 읽어 TOTAL까지 잇습니다."""
    optimizer = fresh_optimizer()
    scheduler = make_scheduler(optimizer, TOTAL)
    lrs = []
    for step in range(stop):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    buffer = io.BytesIO()
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}, buffer)
    buffer.seek(0)
    saved = torch.load(buffer, weights_only=True)
    optimizer = fresh_optimizer()
    scheduler = make_scheduler(optimizer, new_total)
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    for step in range(stop, TOTAL):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return np.array(lrs)


report10 = inspect_scheduler(lambda opt: make_scheduler_buggy(opt, TOTAL), TOTAL)
show_findings(report10)  # 곡선 자체는 멀쩡합니다: 버그는 저장에 있습니다
planned10 = report10.lrs[:, 0]
assert report10.ok
resumed10 = resume_with_new_total(make_scheduler_buggy)
plot_lrs({"저장할 때의 계획": planned10, "전체 스텝을 바꿔 재개": resumed10}, "10. lambda의 설정은 체크포인트에 없음")
plt.show()
k = int(np.flatnonzero(~np.isclose(resumed10, planned10))[0])
print(f"스텝 {k}부터 계획과 다릅니다: 마지막 스텝의 학습률 {resumed10[-1]:.3f} (계획 {planned10[-1]:.2g})")
assert k == 3 * SPE + 1 and resumed10[k] > resumed10[k - 1] and 0.5 < resumed10[-1] / 0.1 < 0.7  # 뛰어오르고, 약 60 %에서 끝남

# %% [markdown]
# 점검기는 이 스케줄러에서 아무것도 찾지 못했습니다: 곡선은 멀쩡하고, 버그는 저장에 있습니다. 재개한 뒤 첫 스텝(69)은 옵티마이저 상태에서 읽은 학습률이라 이어지지만,
# 스텝 70부터는 새 설정(전체 276스텝)의 곡선으로 뛰어올라 그 곡선을 따르고, 학습은 최고값의 약 60 %에서 끝납니다.
# 설정을 일부러 바꿨다면 그것도 괜찮겠지만, 체크포인트만 보고는 어느 계획으로 학습했는지 알 수 없습니다.
#
# ### 문제 10
#
# `make_scheduler(optimizer, total_steps)`: 같은 워밍업 + 코사인(워밍업 `total_steps // 10`스텝, 스텝 0에서 0)을 돌려주되, 그 설정이 `state_dict()`에 저장되어
# 재개할 때 저장한 곡선을 그대로 잇도록(또는 다른 설정이면 거절하도록) 쓰세요. `lambda` 대신 `__call__`이 있는 클래스를 쓰면 됩니다.
# (`LambdaLR.state_dict()`는 함수가 아닌 호출 가능한 객체의 속성을 저장하고, `load_state_dict()`가 그 속성을 되돌립니다.)

# %% tags=["solution"]
class WarmupCosine:
    """LambdaLR에 줄 비율. 설정을 속성으로 가지므로 state_dict에 저장됩니다."""

    def __init__(self, total_steps, warmup_steps):
        # BEGIN SOLUTION
        self.total_steps = total_steps
        self.warmup_steps = warmup_steps
        # END SOLUTION

    def __call__(self, step):
        # BEGIN SOLUTION
        if step < self.warmup_steps:
            return step / self.warmup_steps
        progress = (step - self.warmup_steps) / (self.total_steps - self.warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * progress))
        # END SOLUTION


def make_scheduler(optimizer, total_steps):
    return lr_scheduler.LambdaLR(optimizer, WarmupCosine(total_steps, total_steps // 10))


ex.q10.check(make_scheduler)

# %% [markdown]
# ## 11. `lrcourse.torch_scheduler`: 닫힌 식 스케줄을 끊김 없이 재개하기
#
# 이 강좌의 스케줄(`lrcourse.schedules`)은 스텝 수 k를 받아 학습률을 돌려주는 닫힌 식입니다. `lrcourse.torch_scheduler(optimizer, schedule)`는
# 그 스케줄을 PyTorch `LRScheduler`로 바꿉니다. 재개에 필요한 성질을 모두 갖췄습니다.
#
# - 학습률은 언제나 `schedule(k)`입니다. 직전 값에서 다음 값을 구하는 재귀식이 아니므로, 재개한 뒤에도 지금 학습률이 아니라 스텝 수에서 값을 구합니다.
# - `state_dict()`에는 스텝 수와 스케줄의 repr 문자열 같은 평범한 값만 들어가므로 `torch.load(weights_only=True)`(torch 2.6부터 기본값)로 읽힙니다.
# - `load_state_dict()`는 저장된 스텝의 학습률을 옵티마이저에 바로 넣고, **다른 스케줄로 만든 스케줄러에 읽으려 하면 `ValueError`로 거절합니다.**
#
# 9절과 같은 루프를 `torch_scheduler`와 `lrcourse.schedules.cosine_annealing`으로 쓰고, 스케줄러 상태를 저장해 이어 봅니다.

# %%
from lrcourse import torch_scheduler


def train_resumable_closed_form(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch_scheduler(optimizer, schedules.cosine_annealing(0.1, T_max=epochs * len(loader)))
    start = 0
    if os.path.exists(path):
        checkpoint = torch.load(path, weights_only=True)  # 평범한 값만 있으므로 안전한 방식으로 읽힙니다
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        start = checkpoint["epoch"]
    for epoch in range(start, epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch + 1}, path)
            return model
    return model


resumed11, whole11, resumed_model, whole_model11 = stop_and_resume(train_resumable_closed_form)
same_weights = all(torch.equal(a, b) for a, b in zip(resumed_model.parameters(), whole_model11.parameters()))
print(f"학습률이 모든 스텝에서 같음: {np.array_equal(resumed11, whole11)}, 마지막 가중치가 비트까지 같음: {same_weights}")
assert np.array_equal(resumed11, whole11) and same_weights
assert np.allclose(whole11[:, 0], schedules.cosine_annealing(0.1, T_max=TOTAL)(np.arange(TOTAL)))

fig, axes = new_axes(2, figsize=(12, 3.8))
plot_lrs({"끊기지 않은 학습": whole[:, 0], "스케줄러 상태 없이 이은 학습": broken[:, 0]}, "망가진 재개 (9절, CosineAnnealingLR)", log=True, ax=axes[0])
plot_lrs({"끊기지 않은 학습": whole11[:, 0], "상태를 저장해 이은 학습": resumed11[:, 0]}, "올바른 재개 (torch_scheduler)", log=True, ax=axes[1])
for ax in axes:
    ax.axvline(RESUME, color=PALETTE[2], ls=":", lw=1.2)
    ax.set_ylim(1e-6, 0.2)
    ax.set_xlabel("스텝 (점선 = 재개한 스텝 69)")
plt.show()

# %% [markdown]
# 오른쪽 그림에서 두 곡선은 하나로 겹칩니다. 다른 스케줄로 만든 스케줄러에 상태를 읽으면 조용히 다른 곡선으로 넘어가지 않고 멈춥니다(10절의 `lambda`와 비교):

# %%
optimizer = fresh_optimizer()
saved_state = torch_scheduler(optimizer, schedules.cosine_annealing(0.1, T_max=TOTAL)).state_dict()
print("state_dict:", saved_state)
try:
    torch_scheduler(fresh_optimizer(), schedules.cosine_annealing(0.1, T_max=2 * TOTAL)).load_state_dict(saved_state)
    refused = None
except ValueError as err:
    refused = err
print(f"다른 스케줄로 재개: ValueError: {refused}")
assert refused is not None

# %% [markdown]
# ## 정리
#
# 학습 루프에서 확인할 것을 점검표로 모았습니다. 괄호 안은 이 노트북에서 본 증상입니다.
#
# | 확인할 것 | 버그의 증상 |
# |---|---|
# | `optimizer.step()` 다음에 `scheduler.step()` | 스케줄이 한 에포크 앞서 감, PyTorch 경고 (1절) |
# | 스케줄을 쓴 단위(에포크/배치)와 `step()`을 부르는 자리가 같은가 | 3번째 배치에서 학습률이 1/10 (2절) |
# | 기울기 누적에서는 옵티마이저 스텝마다 `scheduler.step()` | 코사인이 일찍 바닥에 닿고 다시 오름 (3절) |
# | 학습률은 `get_last_lr()`이나 `param_groups`로 읽기 | 기록이 실제보다 한 단계 작음, 경고 (4절) |
# | `SequentialLR` 뒤쪽 스케줄러는 남은 스텝만큼 | 끝에서 바닥에 닿지 않음 (5절) |
# | `OneCycleLR`의 `total_steps = epochs * len(loader)` | 마지막 에포크에 `ValueError` (6절) |
# | `ReduceLROnPlateau.step(검증 손실)`을 에포크마다 | 학습률이 몇 자릿수 떨어짐 (7절) |
# | 그룹마다 처음 학습률 × 비율 | 그룹 사이의 비가 사라짐 (8절) |
# | 모델·옵티마이저·**스케줄러**·에포크를 함께 저장하고 읽기 | 재개 뒤 곡선이 갈라짐 (9절) |
# | `lambda` 대신 설정을 속성으로 가진 클래스, 또는 `torch_scheduler` | 피클 오류, 설정이 바뀌면 조용히 다른 곡선 (10–11절) |
#
# 무엇보다, **옵티마이저가 실제로 쓴 학습률을 기록해 그려 보세요.** 저장 문제(10절)를 빼면 이 노트북의 버그는 모두 0절의 기록기(전역 `step` 훅)나 점검기의 그림에 드러났습니다.
# 학습 스크립트에서는 학습을 시작하기 전에 `python -m lrcourse.inspect "…" --steps … --steps-per-epoch … --strict`로 스케줄을 걸러 낼 수 있습니다.

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()
