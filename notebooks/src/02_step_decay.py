# %% [markdown]
# # 02. 스텝 감쇠
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/main/notebooks/02_step_decay.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/main?labpath=notebooks%2F02_step_decay.ipynb)

# %% tags=["setup"]
# 설정 셀: Colab에서는 lrcourse 패키지를 설치합니다. torch는 Colab에 이미 있으므로 건드리지 않습니다.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "lrcourse @ git+https://github.com/lrcourse/lrcourse"],
        check=True,
    )

import matplotlib.pyplot as plt
import numpy as np
import torch

import lrcourse
from lrcourse import data, models, schedules, train
from lrcourse.batched import fit_batched
from lrcourse.plotting import PALETTE, LINESTYLES, new_axes, plot_schedules, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# - **스텝 감쇠(step decay)** 와 **마일스톤 감쇠(multi-step decay)** 의 식을 쓰고, 스텝 0과 감쇠 시점의 학습률을 계산합니다.
# - 원문의 예 "30 에포크마다 학습률을 10배씩 줄인다"를 `by_epoch`로 정확히 만들고, PyTorch `StepLR`과 같은지 확인합니다.
# - 에포크(epoch) 단위 스케줄을 스텝(step)마다 `step()`하는 흔한 실수를 알아봅니다.
# - 학습률이 떨어지는 순간 손실에 무슨 일이 일어나는지 학습으로 확인합니다.
# - 스텝 감쇠의 장점과, "언제, 얼마나 줄일지"라는 하이퍼파라미터(hyperparameter) 문제를 실험으로 봅니다.

# %% [markdown]
# ## 1. 직관: 계단 내려가기
#
# 01에서 본 결론은 "처음엔 크게, 나중엔 작게"였습니다. 가장 단순한 방법은 정해 둔 때에 학습률을 **한 번에 뚝** 줄이는
# 것입니다. 학습률 그래프가 계단 모양이 되어 스텝 감쇠라고 부릅니다.
#
# - 큰 학습률로 손실이 더 내려가지 않고 제자리에서 흔들리기 시작하면(01의 잡음 바닥),
# - 학습률을 예컨대 10분의 1로 줄여 흔들림을 줄이고 더 낮은 곳으로 내려갑니다.
# - 이것을 몇 번 되풀이합니다.

# %% [markdown]
# ## 2. 수식
#
# **스텝 감쇠** (`step_decay(lr, step_size, gamma)`, PyTorch `StepLR`): `step_size` 스텝마다 `gamma`를 곱합니다.
#
# $$\eta_t = \eta_0 \cdot \gamma^{\lfloor t / \text{step\_size} \rfloor}$$
#
# - 스텝 0에서 $\eta_0$입니다. $t = $ `step_size`에서 처음으로 $\eta_0\gamma$가 됩니다(스텝은 0부터 셉니다).
# - 끝이 없습니다: 학습을 오래 하면 계속 줄어듭니다.
#
# **마일스톤 감쇠** (`multistep_decay(lr, milestones, gamma)`, PyTorch `MultiStepLR`): 정해 둔 스텝(마일스톤)들에서 `gamma`를 곱합니다.
#
# $$\eta_t = \eta_0 \cdot \gamma^{\,\#\{m \in \text{milestones} : m \le t\}}$$
#
# - 간격이 일정하지 않아도 됩니다. 마지막 마일스톤 뒤로는 일정합니다.
# - 스텝 감쇠는 마일스톤이 `step_size`, `2·step_size`, …인 특별한 경우입니다.

# %%
step = schedules.step_decay(0.1, step_size=30, gamma=0.1)
multi = schedules.multistep_decay(0.1, milestones=[50, 75], gamma=0.1)

for t in [0, 29, 30, 59, 60, 99]:
    print(f"스텝 {t:3d}: step_decay {step(t):.0e},  multistep_decay {multi(t):.0e}")

# 감쇠 시점 바로 앞과 당일을 확인합니다.
assert step(29) == 0.1 and np.isclose(step(30), 0.01)
assert np.isclose(multi(49), 0.1) and np.isclose(multi(50), 0.01) and np.isclose(multi(75), 0.001)

# %% [markdown]
# 스케줄은 정수 배열도 받습니다(벡터화). 그림을 그릴 때는 `plot_schedules`를 씁니다. 학습률이 여러 자릿수에 걸치므로
# 세로축은 로그 눈금이 알맞습니다. 로그 눈금에서 계단은 같은 높이로 내려갑니다.

# %%
fig, (ax_lin, ax_log) = new_axes(ncols=2, figsize=(11, 3.8))
plot_schedules({"step_decay(0.1, 30)": step, "multistep_decay(0.1, [50, 75])": multi}, steps=100, ax=ax_lin, title="선형 눈금")
plot_schedules({"step_decay(0.1, 30)": step, "multistep_decay(0.1, [50, 75])": multi}, steps=100, ax=ax_log, log=True, title="로그 눈금")
plt.show()

# %% [markdown]
# ## 3. 원문의 예: "30 에포크마다 10배씩 줄인다"
#
# 원문은 "30 에포크마다 학습률을 10배씩 줄인다 (0.1 → 0.01 → 0.001)"를 예로 듭니다. ImageNet 분류 모델(ResNet 등)을
# 90에포크 동안 학습할 때 널리 쓰던 설정입니다(예: PyTorch의 ImageNet 예제 코드).
#
# 여기서 단위가 **에포크**라는 점이 중요합니다. 옵티마이저는 배치마다, 곧 스텝마다 학습률을 씁니다. lrcourse의 스케줄은
# 모두 스텝 단위이고, 에포크 단위 스케줄은 `by_epoch`로 감싸 스텝 단위로 바꿉니다.
#
# $$\eta_t = \text{schedule}(\lfloor t / \text{steps\_per\_epoch} \rfloor)$$
#
# 숫자 데이터(학습 1,438장)를 배치 64로 나누면 한 에포크는 22스텝입니다(남는 배치는 버림).

# %%
digits = data.load_digits()
steps_per_epoch = train.steps_per_epoch(digits, batch_size=64)
paper = schedules.by_epoch(schedules.step_decay(0.1, step_size=30, gamma=0.1), steps_per_epoch=steps_per_epoch)
print(f"한 에포크 = {steps_per_epoch}스텝")
for epoch in [0, 29, 30, 59, 60, 89]:
    t = epoch * steps_per_epoch
    print(f"에포크 {epoch:2d} (스텝 {t:4d}): 학습률 {paper(t):.0e}")

assert np.isclose(paper(29 * steps_per_epoch), 0.1)
assert np.isclose(paper(30 * steps_per_epoch), 0.01)
assert np.isclose(paper(60 * steps_per_epoch), 0.001)
assert np.isclose(paper(30 * steps_per_epoch - 1), 0.1), "에포크 30의 첫 스텝 전까지는 0.1"

# %% [markdown]
# PyTorch로는 `StepLR(optimizer, step_size=30, gamma=0.1)`을 만들고 **에포크마다 한 번** `scheduler.step()`을 부릅니다.
# 두 방법이 같은 학습률을 주는지 90에포크 동안 확인해 봅시다.

# %%
param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
torch_lrs = []
for epoch in range(90):
    torch_lrs.append(optimizer.param_groups[0]["lr"])  # 이 에포크 동안 쓰는 학습률
    for _ in range(steps_per_epoch):
        optimizer.step()  # (여기서 배치 하나를 학습)
    scheduler.step()  # 에포크가 끝날 때 한 번

ours = paper(np.arange(90) * steps_per_epoch)
assert np.allclose(torch_lrs, ours, rtol=1e-12), "by_epoch(step_decay)는 에포크마다 step()하는 StepLR과 같아야 합니다"
print("90에포크 모두에서 PyTorch StepLR(에포크마다 step())과 같은 학습률입니다.")

# %% [markdown]
# ### 흔한 실수: 에포크 단위 스케줄러를 배치마다 `step()`하기
#
# 학습 루프 안쪽(배치마다)에 `scheduler.step()`을 두면, `StepLR(step_size=30)`은 "30에포크"가 아니라 "30스텝"마다
# 떨어집니다. 22배 빨리 떨어지는 셈입니다. 오류도 경고도 나지 않아 찾기 어렵습니다.

# %%
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
for _ in range(steps_per_epoch * 5):  # 5에포크 동안, 실수로 배치마다 step()
    optimizer.step()
    scheduler.step()
wrong_lr = optimizer.param_groups[0]["lr"]
print(f"5에포크(110스텝) 뒤의 학습률: 의도 {paper(5 * steps_per_epoch):g}, 실제 {wrong_lr:.0e}")
assert np.isclose(wrong_lr, 0.1 * 0.1 ** (5 * steps_per_epoch // 30)), "110스텝 동안 30, 60, 90번째 step()에서 세 번 떨어졌습니다"

# %% [markdown]
# lrcourse에서는 학습 루프가 스케줄을 언제나 스텝 번호로 부릅니다(스텝 t의 업데이트에 `schedule(t)`). 그래서
# `step_decay(0.1, step_size=30)`을 그대로 쓰면 30**스텝**마다 떨어집니다. 에포크 단위로 생각한 스케줄은
# `by_epoch(…, steps_per_epoch)`로 감싸야 하고, 감싸면 안쪽의 `step_size=30`은 30**에포크**를 뜻하게 됩니다.
# "누가 몇 번 `step()`을 불렀는지"를 세는 상태가 없으므로, 부르는 위치를 잘못 두는 실수가 생기지 않습니다.

# %% [markdown]
# ### 탐색기
#
# 아래 그림은 원문의 스케줄(90에포크, 0.1에서 30에포크마다 ÷10)을 에포크 축에 그린 것입니다. 그 아래 탐색기에서
# `step_size`, `gamma`를 움직여 보고, 두 번째 스케줄로 `multistep_decay`를 겹쳐 보세요.

# %%
ax = plot_schedules({"by_epoch(step_decay(0.1, 30), 22)": paper}, steps=90 * steps_per_epoch, log=True, title="원문의 예: 30에포크마다 10배씩")
ax.set_xticks(np.arange(0, 91, 15) * steps_per_epoch, [str(e) for e in range(0, 91, 15)])
ax.set_xlabel("에포크")
plt.show()

# %%
from lrcourse.widgets import schedule_explorer

schedule_explorer("step_decay", total_steps=900, log_scale=True, lr=0.1, step_size=300, gamma=0.1, compare="multistep_decay")

# %% [markdown]
# ## 4. 학습 실험: 학습률이 떨어지는 순간
#
# ### 4.1 원문 설정 그대로
#
# 먼저 원문의 스케줄을 그대로 써 봅니다: 숫자 MLP, SGD, 배치 64, 처음 학습률 0.1, 30에포크마다 ÷10, 90에포크.
# 비교 대상은 학습률 0.1 고정입니다. 두 학습은 초기화와 데이터 순서가 같으므로, 에포크 30까지는 똑같고 차이는
# 스케줄에서만 옵니다. `fit_batched`로 둘을 한꺼번에 학습합니다(2초 안팎).

# %% [markdown]
# ### 예측해 보기
#
# 실행하기 전에 예측해 보세요. 에포크 30에서 학습률을 0.1에서 0.01로 줄이는 순간, 에포크별 평균 학습 손실은 어떻게 될까요?
#
# - (a) 뚝 떨어진다 (한 에포크 만에 10% 넘게)
# - (b) 거의 그대로다 (10% 안쪽의 변화)
# - (c) 올라간다 (10% 넘게)
#
# `prediction`에 `"a"`, `"b"`, `"c"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
from lrcourse.exercises import lesson02 as ex

# BEGIN SOLUTION
prediction = "b"
# END SOLUTION
ex.p1.predict(prediction)

# %%
paper_runs = fit_batched(
    models.mlp(hidden=(64,), seed=0),
    digits,
    {"고정 0.1": 0.1, "30에포크마다 ÷10": paper},
    epochs=90,
    batch_size=64,
    seed=0,
    device=device,
    progress=False,  # 몇 초면 끝나므로 진행 막대 없이
)
paper_epoch_loss = {name: h.loss.reshape(90, steps_per_epoch).mean(axis=1) for name, h in paper_runs.items()}
for name, h in paper_runs.items():
    e = paper_epoch_loss[name]
    print(f"{name:>11}: 에포크 29 → 30 학습 손실 {e[29]:.4f} → {e[30]:.4f},  90에포크 뒤 검증 손실 {h.final_val_loss:.4f}, 정확도 {h.final_val_acc:.3f}")

# %%
# (보조 코드) 그림
fig, ax = new_axes(figsize=(7, 3.8))
for i, (name, e) in enumerate(paper_epoch_loss.items()):
    ax.plot(np.arange(90) + 0.5, e, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=f"학습 손실: {name}")
for drop in (30, 60):
    ax.axvline(drop, color="0.5", lw=1, ls=":")
style_axes(ax, "원문 설정: 에포크별 평균 학습 손실 (점선: 감쇠)", "에포크", "학습 손실 (로그 눈금)", log=True)
plt.show()

# %% [markdown]
# 학습은 잘 됩니다(정확도 95% 이상). 그런데 에포크 30에서 학습률을 줄여도 손실이 뚝 떨어지지 **않고**, 그 뒤로는
# 오히려 고정 학습률보다 천천히 내려가서 90에포크 끝에는 고정 학습률이 더 좋습니다. 이 문제에서 학습률 0.1은
# 아직 "흔들리는 바닥"에 닿지 않은, 한창 내려가는 중의 학습률이었기 때문입니다. 잡음 바닥에 닿지 않았으니 학습률을
# 줄여서 얻을 것은 없고, 느려지기만 합니다.

# %%
paper_const, paper_step = paper_epoch_loss["고정 0.1"], paper_epoch_loss["30에포크마다 ÷10"]
assert paper_runs["30에포크마다 ÷10"].final_val_acc > 0.95, "원문 설정도 학습은 잘 됩니다"
assert paper_step[30] > 0.9 * paper_step[29], "학습률 0.1이 잡음 바닥에 닿지 않았으므로 감쇠해도 손실이 뚝 떨어지지 않습니다"
assert paper_runs["고정 0.1"].final_val_loss < 0.8 * paper_runs["30에포크마다 ÷10"].final_val_loss, "이 문제에서는 고정 0.1이 더 좋습니다"
print("원문 설정: 감쇠 순간의 이득이 없고, 끝에는 고정 학습률이 더 낫습니다 (감쇠 시점이 이 문제에 맞지 않음).")

# %% [markdown]
# 예측과 견주어 봅니다. 에포크 29와 30의 평균 학습 손실을 넘깁니다.

# %%
ex.p1.compare(paper_step[29], paper_step[30])

# %% [markdown]
# ### 4.2 큰 학습률에서 줄이기
#
# 감쇠가 빛나는 때는 학습률이 커서 손실이 바닥 근처에서 흔들릴 때입니다(01의 8절). 그래서 학습률을 0.5로 키우고
# 배치를 32로 줄여(잡음이 더 큼) 다시 해 봅니다. 원문의 모양(세 구간, 구간마다 ÷10)은 그대로 두되, 이 작은 문제는
# 몇 에포크 만에 배우므로 구간을 **10에포크**로 줄여 30에포크 학습합니다. 비교 대상은 학습률 0.5 고정입니다.

# %%
batch_size, epochs, lr = 32, 30, 0.5
spe = train.steps_per_epoch(digits, batch_size)
runs = fit_batched(
    models.mlp(hidden=(64,), seed=0),
    digits,
    {
        "고정 0.5": lr,
        "10에포크마다 ÷10": schedules.by_epoch(schedules.step_decay(lr, step_size=10, gamma=0.1), spe),
    },
    epochs=epochs,
    batch_size=batch_size,
    seed=0,
    device=device,
    progress=False,  # 몇 초면 끝나므로 진행 막대 없이
)
# 에포크마다 평균 학습 손실 (배치 손실은 잡음이 커서 에포크로 평균합니다)
epoch_loss = {name: h.loss.reshape(epochs, spe).mean(axis=1) for name, h in runs.items()}
for name in runs:
    e = epoch_loss[name]
    print(f"{name:>11}: 에포크 9 → 10 학습 손실 {e[9]:.4f} → {e[10]:.4f},  에포크 19 → 20 {e[19]:.4f} → {e[20]:.4f},  마지막 {e[-1]:.4f}")

# %%
# (보조 코드) 그림: 에포크별 학습 손실과 학습률, 검증 손실
fig, (ax_loss, ax_val) = new_axes(ncols=2, figsize=(11, 4))
x = np.arange(epochs) + 0.5
for i, (name, e) in enumerate(epoch_loss.items()):
    ax_loss.plot(x, e, marker="o", ms=3, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=f"학습 손실: {name}")
    ax_val.plot(runs[name].val_step / spe, runs[name].val_loss, marker="o", ms=3, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=name)
for drop in (10, 20):
    for ax in (ax_loss, ax_val):
        ax.axvline(drop, color="0.5", lw=1, ls=":")
lr_axis = ax_loss.twinx()
lr_axis.step(np.arange(epochs + 1), np.append(runs["10에포크마다 ÷10"].lr[::spe], runs["10에포크마다 ÷10"].lr[-1]), where="post", color=PALETTE[2], lw=1.2, alpha=0.7)
lr_axis.set_yscale("log")
lr_axis.set_ylabel("학습률 (÷10 스케줄, 로그 눈금)", color=PALETTE[2])
style_axes(ax_loss, "에포크별 평균 학습 손실 (점선: 학습률이 떨어지는 때)", "에포크", "학습 손실 (로그 눈금)", log=True)
style_axes(ax_val, "검증 손실", "에포크", "검증 손실 (로그 눈금)", log=True)
plt.show()

# %% [markdown]
# 이번에는 세 가지를 볼 수 있습니다.
#
# 1. **떨어지는 순간 손실도 뚝 떨어집니다.** 에포크 10에서 학습률을 줄이자 학습 손실이 바로 크게 내려갑니다. 같은 에포크의
#    고정 학습률보다도 낮습니다. 큰 학습률 때문에 바닥 근처에서 흔들리던 잡음이 줄어들기 때문입니다(01의 8절).
# 2. **두 번째 감쇠의 효과는 훨씬 작습니다.** 이미 흔들림이 작아졌으므로 더 줄여도 얻을 것이 적습니다.
# 3. **일찍 줄이면 그 뒤의 진행이 느려집니다.** 학습률이 작아진 뒤로는 손실이 천천히 내려가서, 30에포크 끝에는 오히려
#    고정 학습률의 학습 손실이 더 낮습니다. 4.1과 같은 이유로, 이 문제에서는 10에포크가 "너무 이른" 감쇠였습니다.
#
# 이 세 관찰을 `assert`로 확인합니다.

# %%
stepped, constant_run = epoch_loss["10에포크마다 ÷10"], epoch_loss["고정 0.5"]
first_gain = 1 - stepped[10] / stepped[9]  # 첫 감쇠 직후 한 에포크 동안 줄어든 비율
second_gain = 1 - stepped[20] / stepped[19]
print(f"첫 감쇠: 학습 손실 {first_gain:.0%} 감소 (같은 때 고정 학습률은 {1 - constant_run[10] / constant_run[9]:.0%})")
print(f"두 번째 감쇠: 학습 손실 {second_gain:.0%} 감소")
print(f"마지막 에포크 학습 손실: ÷10 스케줄 {stepped[-1]:.4f}, 고정 {constant_run[-1]:.4f}")

assert first_gain > 0.25, "학습률이 떨어지면 학습 손실이 바로 크게 떨어집니다"
assert stepped[10] < 0.85 * constant_run[10], "같은 에포크의 고정 학습률보다 낮습니다"
assert second_gain < first_gain / 2, "두 번째 감쇠의 효과는 첫 번째보다 훨씬 작습니다"
assert constant_run[-1] < stepped[-1], "너무 일찍 줄이면 끝에는 고정 학습률에 뒤집힙니다"

# %% [markdown]
# ## 5. 장점과 하이퍼파라미터 문제
#
# **장점**
#
# - 구현과 이해가 쉽습니다. 식 한 줄이고, 로그를 보면 언제 무엇이 바뀌었는지 바로 압니다.
# - 감쇠가 효과를 낼 때는 그 효과가 손실 곡선에 뚜렷이 보입니다(4.2). 학습이 어떻게 되고 있는지 판단하기 쉽습니다.
# - 오래 쓰여 온 만큼 검증된 설정(예: ImageNet에서 30에포크마다 ÷10)이 많습니다.
#
# **단점: 언제, 얼마나 줄일지**
#
# 스텝 감쇠에는 처음 학습률 말고도 **감쇠 시점**과 **감쇠 비율 gamma**라는 하이퍼파라미터가 있습니다. 4절에서 본 것처럼
# 잘못 고르면 고정 학습률보다도 나쁠 수 있습니다. 얼마나 민감한지 재 봅시다. 같은 30에포크 학습에서 감쇠를 **한 번**만
# 하되, 시점(에포크 5, 10, 15, 20, 25)과 비율(×0.5, ×0.1, ×0.01)을 바꿔 15가지를 한꺼번에 학습합니다.

# %%
drop_epochs = [5, 10, 15, 20, 25]
gammas = [0.5, 0.1, 0.01]
sweep = {("고정", None): lr}
for drop in drop_epochs:
    for gamma in gammas:
        sweep[(drop, gamma)] = schedules.by_epoch(schedules.multistep_decay(lr, milestones=[drop], gamma=gamma), spe)
names = {key: f"{key[0]}에포크 ×{key[1]}" if key[1] else "고정" for key in sweep}
results = fit_batched(
    models.mlp(hidden=(64,), seed=0),
    digits,
    {names[key]: s for key, s in sweep.items()},
    epochs=epochs,
    batch_size=batch_size,
    seed=0,
    device=device,
    eval_every=epochs * spe,  # 끝에서만 검증
    progress=False,
)
final_val = {key: results[names[key]].final_val_loss for key in sweep}
grid = np.array([[final_val[(drop, gamma)] for drop in drop_epochs] for gamma in gammas])
print(f"고정 학습률 {lr}: 검증 손실 {final_val[('고정', None)]:.4f}")

# %%
# (보조 코드) 그림: 감쇠 시점 × 감쇠 비율에 따른 최종 검증 손실
fig, ax = new_axes(figsize=(7, 3.6))
image = ax.imshow(grid, cmap="viridis_r", aspect="auto")
ax.set_xticks(range(len(drop_epochs)), [str(d) for d in drop_epochs])
ax.set_yticks(range(len(gammas)), [f"×{g}" for g in gammas])
for (i, j), value in np.ndenumerate(grid):
    ax.text(j, i, f"{value:.3f}", ha="center", va="center", color="white" if value > grid.mean() else "black")
fig.colorbar(image, ax=ax, label="30에포크 뒤 검증 손실")
ax.set_title(f"언제, 얼마나 줄일까 (고정 학습률: {final_val[('고정', None)]:.3f})")
ax.set_xlabel("감쇠 시점 (에포크)")
ax.set_ylabel("감쇠 비율 gamma")
plt.show()

# %% [markdown]
# - 같은 "한 번 줄이기"인데도 가장 좋은 설정과 가장 나쁜 설정의 검증 손실이 두 배 넘게 차이 납니다.
# - 이 문제에서는 **늦게** 줄일수록 좋았습니다. 큰 학습률로 충분히 진행한 뒤에 줄여야 빠른 진행과 낮은 바닥을 둘 다 얻습니다.
# - 일찍, 크게 줄이면(에포크 5, ×0.01) 학습이 사실상 멈춰 고정 학습률보다 나빠집니다.
#
# 가장 좋은 시점과 비율은 문제, 모델, 배치 크기, 전체 학습 길이에 따라 달라집니다. "30에포크마다 ÷10"은 ImageNet의
# ResNet에 맞춘 값이지 어디서나 맞는 법칙이 아닙니다. 새 문제마다 이 두 값을 다시 골라야 한다는 것이 스텝 감쇠의 가장 큰
# 약점이고, 다음 노트북들의 지수 감쇠와 코사인 어닐링은 이 선택을 줄이는 방향으로 나아갑니다.

# %%
best = min(final_val, key=final_val.get)
worst = max(final_val, key=final_val.get)
print(f"가장 좋음: {names[best]} → {final_val[best]:.4f}")
print(f"가장 나쁨: {names[worst]} → {final_val[worst]:.4f} ({final_val[worst] / final_val[best]:.1f}배)")

assert final_val[worst] > 1.8 * final_val[best], "감쇠 시점과 비율에 따라 결과가 크게 달라집니다"
assert best[0] != "고정" and best[0] >= 15, "이 문제에서는 늦게 줄이는 것이 가장 좋습니다"
assert final_val[best] < final_val[("고정", None)], "잘 고르면 고정 학습률보다 좋습니다"
assert final_val[(5, 0.01)] > final_val[("고정", None)], "일찍, 크게 줄이면 고정 학습률보다 나쁩니다"

# %% [markdown]
# ### 탐색기: 직접 학습해 보기
#
# 아래 탐색기는 숫자 MLP를 고른 스케줄로 학습합니다. 슬라이더를 움직인 뒤 **학습** 버튼을 누르세요(1초 남짓 걸립니다).
# `step_size`(스텝 단위, 20에포크 = 440스텝)를 바꿔 가며 감쇠 시점이 결과를 어떻게 바꾸는지 보세요. '상수 학습률
# 기준선도 함께'가 켜져 있어 같은 학습률의 고정 스케줄이 나란히 그려집니다.

# %%
from lrcourse.widgets import training_explorer

training_explorer("step_decay", epochs=20, baseline=True, lr=0.5, step_size=220, gamma=0.1)

# %% [markdown]
# ## 정리
#
# - 스텝 감쇠: $\eta_t = \eta_0\gamma^{\lfloor t/\text{step\_size}\rfloor}$. 마일스톤 감쇠: 정해 둔 스텝마다 $\gamma$를 곱합니다.
#   스텝 0에서 $\eta_0$이고, 감쇠 당일(t = step_size, t = 마일스톤)에 떨어집니다.
# - "30에포크마다 ÷10"은 에포크 단위입니다. lrcourse에서는 `by_epoch(step_decay(0.1, 30), steps_per_epoch)`이고, PyTorch에서는
#   에포크마다 한 번 `StepLR.step()`입니다. 배치마다 부르면 `steps_per_epoch`배 빨리 떨어집니다.
# - 학습률이 커서 손실이 바닥 근처에서 흔들리던 중이라면, 학습률이 떨어지는 순간 학습 손실이 뚝 떨어집니다(4.2). 뒤의
#   감쇠일수록 효과가 작습니다. 손실이 아직 한창 내려가는 중이라면 얻는 것 없이 느려지기만 합니다(4.1).
# - 장점은 단순함과 해석하기 쉬움, 단점은 "언제, 얼마나"라는 두 하이퍼파라미터입니다. 같은 한 번의 감쇠라도 시점과 비율에
#   따라 결과가 두 배 넘게 달라졌고, 너무 이른 감쇠는 고정 학습률보다도 나빴습니다.

# %% [markdown]
# ## 연습 문제

# %%
from lrcourse.exercises import lesson02 as ex

# %% [markdown]
# ### 문제 1: 스텝 감쇠 직접 쓰기
#
# 스텝 `t`(0부터)에서의 학습률을 돌려주는 `my_step_decay(t, lr, step_size, gamma)`를 쓰세요. `lrcourse`의 함수는 쓰지 마세요.

# %% tags=["solution"]
def my_step_decay(t, lr, step_size, gamma):
    # BEGIN SOLUTION
    return lr * gamma ** (t // step_size)
    # END SOLUTION


ex.q1.check(my_step_decay)

# %% [markdown]
# ### 문제 2: 마일스톤 감쇠 직접 쓰기
#
# 마일스톤 목록 `milestones`(오름차순 스텝 번호)에 닿을 때마다 `gamma`를 곱하는 `my_multistep_decay(t, lr, milestones, gamma)`를 쓰세요.

# %% tags=["solution"]
def my_multistep_decay(t, lr, milestones, gamma):
    # BEGIN SOLUTION
    drops = sum(1 for m in milestones if m <= t)
    return lr * gamma**drops
    # END SOLUTION


ex.q2.check(my_multistep_decay)

# %% [markdown]
# ### 문제 3: 에포크 단위 스케줄 읽기
#
# `by_epoch(step_decay(0.1, step_size=30, gamma=0.1), steps_per_epoch=100)`의 **스텝 7450**에서의 학습률은 얼마일까요?
# 코드로 스케줄을 만들지 말고 계산해 보세요. `answer`에 숫자(또는 그 숫자를 계산하는 식)를 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.1 * 0.1 ** ((7450 // 100) // 30)
# END SOLUTION
ex.q3.check(answer)

# %% [markdown]
# ### 문제 4: 배치마다 `step()`한 StepLR
#
# 누군가 `StepLR(optimizer, step_size=30, gamma=0.1)`(처음 학습률 0.1)을 배치마다 `step()`했습니다. 한 에포크가 100스텝일 때,
# 첫 에포크가 끝난 뒤(`step()`을 100번 부른 뒤) 옵티마이저의 학습률은 얼마일까요?

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.1 * 0.1 ** (100 // 30)
# END SOLUTION
ex.q4.check(answer)

# %% tags=["nbval-ignore-output"]
ex.progress()
