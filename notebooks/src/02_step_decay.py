# %% [markdown]
# # 02. 스텝 감쇠
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/02_step_decay.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F02_step_decay.ipynb)
#
# **예상 시간: 60분** (읽기와 실행 40분, 연습 문제 20분). 노트북 전체를 실행하는 데는 CPU에서 1분 안팎이 걸립니다.

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
# - **스텝 감쇠(step decay)** 와 **마일스톤 감쇠(multi-step decay)** 의 식을 쓰고, 스텝 0과 감쇠 시점의 학습률(learning rate)을 계산합니다.
# - 원문의 예 "30 에포크마다 학습률을 10배씩 줄인다"를 `by_epoch`로 정확히 만듭니다.
# - PyTorch만으로 쓴 학습 루프에 `StepLR`과 `lrcourse.torch_scheduler`를 넣어 같은 학습률이 나오는지 확인하고,
#   에포크(epoch) 단위 스케줄러(scheduler)를 스텝(step)마다 `step()`하는 흔한 실수가 무엇을 하는지 봅니다.
# - 학습률이 떨어지는 순간 학습 손실(training loss)과 검증 손실(validation loss)에 무슨 일이 일어나는지 시드 다섯 개로 확인합니다.
# - 스텝 감쇠의 장점과, "언제, 얼마나 줄일지"라는 하이퍼파라미터(hyperparameter) 문제를 실험으로 봅니다.

# %% [markdown]
# ## 1. 직관: 계단 내려가기
#
# 01에서 본 결론은 "처음엔 크게, 나중엔 작게"였습니다. 가장 단순한 방법은 정해 둔 때에 학습률을 **한 번에 뚝** 줄이는
# 것입니다. 학습률 그래프가 계단 모양이 되어 스텝 감쇠라고 부릅니다.
#
# - 큰 학습률로 손실이 더 내려가지 않고 제자리에서 흔들리기 시작하면(01의 잡음 바닥, noise floor),
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
# 스케줄은 정수 배열도 받습니다(벡터화, vectorization). 그림을 그릴 때는 `plot_schedules`를 씁니다. 학습률이 여러 자릿수에 걸치므로
# 세로축은 로그 눈금(log scale)이 알맞습니다. 로그 눈금에서 계단은 같은 높이로 내려갑니다.

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
# 여기서 단위가 **에포크**라는 점이 중요합니다. 옵티마이저(optimizer)는 배치(batch)마다, 곧 스텝마다 학습률을 씁니다. lrcourse의 스케줄은
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
# ### 3.1 PyTorch 학습 루프에 스케줄러 넣기
#
# 이 강좌의 `fit`은 학습 루프를 안에 감추고 있습니다. 그 안에서 일어나는 일을 PyTorch만으로 써 봅니다. 재료는 다섯 가지입니다.
#
# - **데이터**: 위에서 불러온 `digits`의 학습 텐서 `digits.x_train`(1,438장, 8×8 이미지)과 `digits.y_train`(레이블 0–9)
# - **모델**: `models.mlp`가 만드는 다층 퍼셉트론(MLP, multilayer perceptron). 보통의 `torch.nn.Sequential`입니다.
# - **손실**: 교차 엔트로피(cross-entropy)
# - **옵티마이저**: SGD, 처음 학습률 0.1
# - **스케줄러**: 옵티마이저의 학습률을 바꾸는 객체
#
# 순서가 중요합니다. 배치마다 `optimizer.step()`으로 가중치를 고친 **뒤에** `scheduler.step()`을 부릅니다.
# PyTorch `StepLR(step_size=30)`은 에포크를 세는 스케줄러로 쓰므로 에포크가 끝날 때 한 번 부르고,
# `lrcourse.torch_scheduler(optimizer, schedule)`은 스텝 단위 스케줄(여기서는 `by_epoch`로 감싼 `paper`)을 따르므로
# 배치마다 한 번 부릅니다. 어느 쪽이든 스텝마다 `optimizer.param_groups[0]["lr"]`, 곧 그 업데이트가 쓴 학습률을 기록합니다.
#
# 아래 함수에서 `for epoch` 아래의 열 줄 남짓이 학습 루프 전부입니다. `step_every`는 `scheduler.step()`을 어디에 둘지
# (`"epoch"`: 에포크마다, `"batch"`: 배치마다)만 고릅니다.

# %%
def train_plain(make_scheduler, step_every, epochs=90, batch_size=64):
    """PyTorch만으로 쓴 학습 루프. 스텝마다 쓴 학습률과 배치 손실을 돌려줍니다."""
    model = models.mlp(hidden=(64,), seed=0)  # 초기 가중치는 시드 0으로 고정
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = make_scheduler(optimizer)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(0)  # 데이터 순서도 시드 0으로 고정
    lrs, losses = [], []
    for epoch in range(epochs):
        perm = torch.randperm(len(digits.x_train), generator=order)  # 에포크마다 섞기
        for i in range(len(digits.x_train) // batch_size):  # 남는 배치는 버림
            idx = perm[i * batch_size : (i + 1) * batch_size]
            loss = loss_fn(model(digits.x_train[idx]), digits.y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            lrs.append(optimizer.param_groups[0]["lr"])  # 이 업데이트가 쓰는 학습률
            optimizer.step()
            losses.append(loss.item())
            if step_every == "batch":
                scheduler.step()  # 배치마다
        if step_every == "epoch":
            scheduler.step()  # 에포크가 끝날 때 한 번
    return np.array(lrs), np.array(losses)

# %% [markdown]
# 같은 루프를 두 번 돌립니다: 한 번은 PyTorch `StepLR`을 에포크마다, 한 번은 `torch_scheduler(optimizer, paper)`를 배치마다
# `step()`합니다. 두 학습률 기록이 스케줄 함수가 주는 값 `paper(np.arange(n))`(스텝 0부터 n − 1까지)과 같은지 확인합니다.
# 두 학습에 몇 초 걸립니다.

# %%
n_steps = 90 * steps_per_epoch
lrs_steplr, loss_steplr = train_plain(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1), "epoch")
lrs_bridge, loss_bridge = train_plain(lambda opt: lrcourse.torch_scheduler(opt, paper), "batch")
expected_lrs = paper(np.arange(n_steps))

print(f"기록한 학습률: {len(lrs_steplr)}스텝 (= 90에포크 × {steps_per_epoch}스텝)")
print(f"StepLR(에포크마다 step())과 스케줄 함수의 최대 차이: {np.abs(lrs_steplr - expected_lrs).max():.1e}")
print(f"torch_scheduler(배치마다 step())와 스케줄 함수의 최대 차이: {np.abs(lrs_bridge - expected_lrs).max():.1e}")
print(f"마지막 에포크의 평균 학습 손실: StepLR {loss_steplr[-steps_per_epoch:].mean():.4f}, torch_scheduler {loss_bridge[-steps_per_epoch:].mean():.4f}")

assert len(lrs_steplr) == len(lrs_bridge) == n_steps
assert np.allclose(lrs_steplr, expected_lrs, rtol=1e-12, atol=0), "에포크마다 step()한 StepLR은 by_epoch(step_decay)와 같은 학습률입니다"
assert np.allclose(lrs_bridge, expected_lrs, rtol=1e-12, atol=0), "배치마다 step()한 torch_scheduler는 스케줄 함수와 같은 학습률입니다"
assert np.allclose(loss_steplr, loss_bridge, rtol=1e-6, atol=0), "같은 초기 가중치, 같은 데이터 순서, 같은 학습률이면 손실도 같습니다"

# %% [markdown]
# 두 루프는 학습률이 같고(차이는 부동소수점 반올림 정도), 초기 가중치와 데이터 순서도 같으므로 배치 손실까지 같습니다.
# StepLR은 직전 학습률에 `gamma`를 곱해 나가고, lrcourse 스케줄은 스텝 번호에서 닫힌 식으로 계산하므로 마지막 자리가
# 조금 다를 수 있습니다.
#
# 이 강좌의 `fit`은 바로 이 루프를 돕니다(`fit_batched`는 같은 일을 모델 여러 개에 한꺼번에 합니다). 다른 점은 스케줄러
# 객체 대신, 스텝 k의 업데이트 직전에 옵티마이저의 학습률을 `schedule(k)`로 정한다는 것입니다. 그래서 위의 두 루프와 같은
# 학습률을 씁니다(4.1에서 확인합니다). 다음 절부터는 이 루프를 다시 쓰지 않고 `fit_batched`를 씁니다.

# %% [markdown]
# ### 3.2 흔한 실수: 에포크 단위 스케줄러를 배치마다 `step()`하기
#
# 학습 루프 안쪽(배치마다)에 `scheduler.step()`을 두면, `StepLR(step_size=30)`은 "30에포크"가 아니라 "30스텝"마다
# 떨어집니다. 22배 이르게 떨어지는 셈입니다. 오류도 경고도 나지 않아 찾기 어렵습니다. 같은 루프에서 `StepLR`의
# `step()`만 배치마다 불러 봅니다.

# %%
lrs_wrong, loss_wrong = train_plain(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1), "batch")
lr_trace = {"에포크마다": lrs_steplr, "배치마다": lrs_wrong}
epoch_mean = {"에포크마다": loss_steplr.reshape(90, steps_per_epoch).mean(axis=1),
              "배치마다": loss_wrong.reshape(90, steps_per_epoch).mean(axis=1)}
first_drop = {name: int(np.argmax(lrs < 0.099)) for name, lrs in lr_trace.items()}  # 학습률이 처음 0.1보다 작아지는 스텝
for name, lrs in lr_trace.items():
    print(f"StepLR을 {name} step(): 처음 떨어지는 스텝 {first_drop[name]:3d},  에포크 5의 학습률 {lrs[5 * steps_per_epoch]:.0e},  "
          f"마지막 에포크의 평균 학습 손실 {epoch_mean[name][-1]:.4f}")

assert first_drop["에포크마다"] == 30 * steps_per_epoch, "의도대로라면 에포크 30(스텝 660)에 처음 떨어집니다"
assert first_drop["배치마다"] == 30, "배치마다 step()하면 스텝 30에 벌써 떨어집니다"
assert np.isclose(lrs_wrong[5 * steps_per_epoch], 0.1 * 0.1 ** (5 * steps_per_epoch // 30)), "에포크 5(스텝 110)까지 세 번 떨어졌습니다"
assert epoch_mean["배치마다"][-1] > 10 * epoch_mean["에포크마다"][-1], "학습률이 너무 일찍 작아져 학습이 거의 멈춥니다"
assert abs(epoch_mean["배치마다"][-1] / epoch_mean["배치마다"][5] - 1) < 0.01, "에포크 5 뒤로는 학습 손실이 1%도 바뀌지 않습니다"

# %%
# (보조 코드) 그림: 학습률 기록과 에포크별 평균 학습 손실
fig, (ax_lr, ax_loss) = new_axes(ncols=2, figsize=(11, 3.8))
for i, name in enumerate(lr_trace):
    label = f"StepLR, {name} step()" + (" (실수)" if name == "배치마다" else "")
    ax_lr.plot(np.arange(n_steps) / steps_per_epoch, lr_trace[name], color=PALETTE[i], linestyle=LINESTYLES[i], lw=2, label=label)
    ax_loss.plot(np.arange(90) + 0.5, epoch_mean[name], color=PALETTE[i], linestyle=LINESTYLES[i], lw=2, label=label)
ax_lr.set_ylim(1e-6, 0.3)
style_axes(ax_lr, "학습률 기록 (1e-6 아래는 잘림)", "에포크", "학습률 (로그 눈금)", log=True)
style_axes(ax_loss, "에포크별 평균 학습 손실", "에포크", "학습 손실 (로그 눈금)", log=True)
ax_lr.legend(loc="lower right")
ax_loss.legend(loc="center right")
plt.show()

# %% [markdown]
# 왼쪽 그림에서 실수한 쪽(주황 점선)은 두 번째 에포크(스텝 30)에 벌써 떨어지기 시작해 에포크 5에는 1e-4, 그 뒤로는 그림
# 밖으로 내려갑니다. 오른쪽 그림처럼 학습 손실은 처음 몇 에포크 만에 멈춥니다. 학습 곡선이 일찍 평평해지면 학습률부터 그려 보세요.
#
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
# 비교 대상은 학습률 0.1 고정입니다. 두 학습은 초기 가중치와 데이터 순서가 같으므로, 에포크 30까지는 똑같고 차이는
# 스케줄에서만 옵니다. `fit_batched`로 둘을 한꺼번에 학습합니다.
#
# 학습 한 번의 결과는 초기 가중치와 데이터 순서라는 우연에 기댑니다. 그래서 이 노트북의 학습 실험은 모두
# **시드(seed) 다섯 개**(0–4)로 되풀이하고, 다섯 시드에서 모두 성립한 것만 `assert`로 확인합니다. 시드 s는 두 가지를
# 함께 바꿉니다: 초기 가중치(`models.mlp(seed=s)`)와 데이터 순서(`fit_batched(seed=s)`, 에포크마다 섞는 순서).
# 학습/검증 분할(`data.load_digits()`)은 모든 시드에서 같습니다. 그림은 따로 적지 않으면 시드 0입니다.

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
# (보조 코드) 한글이 섞인 표의 열을 맞춰 출력합니다 (한글은 영문보다 두 칸 넓게 보입니다).
from lrcourse.notebook import print_table


# %%
seeds = [0, 1, 2, 3, 4]


def run_seeds(schedule_dict, **kwargs):
    """시드마다 fit_batched를 한 번씩 불러 {시드: {이름: History}}를 돌려줍니다.

    시드 s는 초기 가중치(models.mlp(seed=s))와 데이터 순서(fit_batched의 seed=s)를 함께 바꿉니다.
    """
    return {
        seed: fit_batched(models.mlp(hidden=(64,), seed=seed), digits, schedule_dict, seed=seed, device=device,
                          progress=False, **kwargs)  # 몇 초면 끝나므로 진행 막대 없이
        for seed in seeds
    }


paper_seeds = run_seeds({"고정 0.1": 0.1, "30에포크마다 ÷10": paper}, epochs=90, batch_size=64)
paper_epoch_loss = {seed: {name: h.loss.reshape(90, steps_per_epoch).mean(axis=1) for name, h in runs_.items()}
                    for seed, runs_ in paper_seeds.items()}
rows = []
for seed in seeds:
    e_step, e_const = paper_epoch_loss[seed]["30에포크마다 ÷10"], paper_epoch_loss[seed]["고정 0.1"]
    h_step, h_const = paper_seeds[seed]["30에포크마다 ÷10"], paper_seeds[seed]["고정 0.1"]
    rows.append([f"시드 {seed}", f"{e_step[29]:.4f} → {e_step[30]:.4f} (×{e_step[30] / e_step[29]:.2f})",
                 f"{e_const[29]:.4f} → {e_const[89]:.4f}", f"{h_const.final_val_loss:.4f} / {h_step.final_val_loss:.4f}",
                 f"{h_step.final_val_acc:.3f}"])
print_table(["", "÷10 학습 손실 에포크 29 → 30", "고정 학습 손실 에포크 29 → 89", "검증 손실 고정 / ÷10", "÷10 정확도"], rows)

# fit_batched도 3.1의 두 루프와 같은 학습률을 씁니다.
assert np.allclose(paper_seeds[0]["30에포크마다 ÷10"].lr, lrs_bridge, rtol=1e-12, atol=0)

# %%
# (보조 코드) 그림: 시드 0
fig, ax = new_axes(figsize=(7, 3.8))
for i, (name, e) in enumerate(paper_epoch_loss[0].items()):
    ax.plot(np.arange(90) + 0.5, e, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=f"학습 손실: {name}")
for drop in (30, 60):
    ax.axvline(drop, color="0.5", lw=1, ls=":")
style_axes(ax, "원문 설정 (시드 0): 에포크별 평균 학습 손실 (점선: 감쇠)", "에포크", "학습 손실 (로그 눈금)", log=True)
plt.show()

# %% [markdown]
# 학습은 잘 됩니다(정확도 95% 이상). 그런데 에포크 30에서 학습률을 줄여도 학습 손실이 뚝 떨어지지 **않고**, 그 뒤로는
# 오히려 고정 학습률보다 천천히 내려가서 90에포크 끝에는 고정 학습률의 검증 손실이 더 낮습니다. 다섯 시드 모두 같았습니다.
# 고정 학습률의 학습 손실이 에포크 30 뒤에도 계속 내려가는 것에서 보듯, 이 문제에서 학습률 0.1은 아직 "흔들리는 바닥"에
# 닿지 않은, 한창 내려가는 중의 학습률이었습니다. 잡음 바닥(01의 8절)에 닿지 않았으니 학습률을 줄여서 얻을
# 것은 없고, 느려지기만 합니다.

# %%
for seed in seeds:
    e_step, e_const = paper_epoch_loss[seed]["30에포크마다 ÷10"], paper_epoch_loss[seed]["고정 0.1"]
    h_step, h_const = paper_seeds[seed]["30에포크마다 ÷10"], paper_seeds[seed]["고정 0.1"]
    assert h_step.final_val_acc > 0.95, f"시드 {seed}: 원문 설정도 학습은 잘 됩니다"
    assert 0.9 * e_step[29] < e_step[30] < 1.1 * e_step[29], f"시드 {seed}: 감쇠해도 학습 손실이 뚝 떨어지지 않습니다"
    assert e_const[89] < 0.6 * e_const[29], f"시드 {seed}: 고정 0.1의 학습 손실은 에포크 30 뒤에도 한참 더 내려갑니다"
    assert h_const.final_val_loss < 0.8 * h_step.final_val_loss, f"시드 {seed}: 이 문제에서는 고정 0.1이 더 좋습니다"
print("원문 설정, 시드 5개 모두: 감쇠 순간의 이득이 없고, 끝에는 고정 학습률이 더 낫습니다 (감쇠 시점이 이 문제에 맞지 않음).")

# %% [markdown]
# 예측과 견주어 봅니다. 시드 0에서 에포크 29와 30의 평균 학습 손실을 넘깁니다.

# %%
paper_step = paper_epoch_loss[0]["30에포크마다 ÷10"]
ex.p1.compare(paper_step[29], paper_step[30])

# %% [markdown]
# ### 4.2 큰 학습률에서 줄이기
#
# 감쇠가 빛나는 때는 학습률이 커서 손실이 바닥 근처에서 흔들릴 때입니다(01의 8절). 그래서 학습률을 0.5로 키우고
# 배치를 32로 줄여(잡음이 더 큼) 다시 해 봅니다. 원문의 모양(세 구간, 구간마다 ÷10)은 그대로 두되, 이 작은 문제는
# 몇 에포크 만에 배우므로 구간을 **10에포크**로 줄여 30에포크 학습합니다. 비교 대상은 학습률 0.5 고정입니다.
# 이번에는 에포크마다 검증 손실(학습에 쓰지 않은 검증 세트 359장의 평균 손실)도 측정합니다.

# %%
batch_size, epochs, lr = 32, 30, 0.5
spe = train.steps_per_epoch(digits, batch_size)  # 배치 32에서 한 에포크의 스텝 수
step_seeds = run_seeds(
    {"고정 0.5": lr, "10에포크마다 ÷10": schedules.by_epoch(schedules.step_decay(lr, step_size=10, gamma=0.1), spe)},
    epochs=epochs,
    batch_size=batch_size,  # 검증은 기본값대로 에포크마다
)
runs = step_seeds[0]  # 그림은 시드 0
# 에포크마다 평균 학습 손실 (배치 손실은 잡음이 커서 에포크로 평균합니다)
epoch_loss = {seed: {name: h.loss.reshape(epochs, spe).mean(axis=1) for name, h in runs_.items()} for seed, runs_ in step_seeds.items()}
rows = []
for seed in seeds:
    stepped, constant_run = epoch_loss[seed]["10에포크마다 ÷10"], epoch_loss[seed]["고정 0.5"]
    rows.append([f"시드 {seed}", f"{1 - stepped[10] / stepped[9]:.0%} / {1 - constant_run[10] / constant_run[9]:.0%}",
                 f"{1 - stepped[20] / stepped[19]:.0%}", f"{stepped[10] / constant_run[10]:.2f}",
                 f"{stepped[-1]:.4f} / {constant_run[-1]:.4f}"])
print("에포크별 평균 학습 손실")
print_table(["", "첫 감쇠 직후 감소 ÷10 / 고정", "두 번째 감쇠 직후 감소 ÷10", "에포크 10 ÷10 ÷ 고정", "마지막 에포크 ÷10 / 고정"], rows)

# %%
# (보조 코드) 그림: 에포크별 학습 손실과 학습률(시드 0), 검증 손실(시드 5개)
fig, (ax_loss, ax_val) = new_axes(ncols=2, figsize=(11, 4))
x = np.arange(epochs) + 0.5
for i, name in enumerate(runs):
    style = dict(color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)])
    ax_loss.plot(x, epoch_loss[0][name], marker="o", ms=3, label=f"학습 손실: {name}", **style)
    for seed in seeds:
        h = step_seeds[seed][name]
        if seed == 0:
            ax_val.plot(h.val_step / spe, h.val_loss, marker="o", ms=3, lw=1.8, label=f"{name} (시드 0)", **style)
        else:
            ax_val.plot(h.val_step / spe, h.val_loss, lw=0.8, alpha=0.5, label=f"{name} (시드 1–4)" if seed == 1 else None, **style)
for drop in (10, 20):
    for ax in (ax_loss, ax_val):
        ax.axvline(drop, color="0.5", lw=1, ls=":")
lr_axis = ax_loss.twinx()
lr_trace_42 = runs["10에포크마다 ÷10"].lr
lr_axis.step(np.arange(epochs + 1), np.append(lr_trace_42[::spe], lr_trace_42[-1]), where="post", color=PALETTE[2], lw=1.2, alpha=0.7)
lr_axis.set_yscale("log")
lr_axis.set_ylabel("학습률 (÷10 스케줄, 로그 눈금)", color=PALETTE[2])
style_axes(ax_loss, "시드 0: 에포크별 평균 학습 손실 (점선: 감쇠)", "에포크", "학습 손실 (로그 눈금)", log=True)
style_axes(ax_val, "에포크 5부터의 검증 손실 (굵은 선: 시드 0, 가는 선: 시드 1–4)", "에포크", "검증 손실 (로그 눈금)", log=True)
ax_val.set_xlim(4.5, 30.5)
ax_val.set_ylim(0.025, 0.25)  # 처음 몇 에포크의 큰 값은 잘라 내고 감쇠 전후를 크게 봅니다
plt.show()

# %% [markdown]
# 먼저 학습 손실(왼쪽 그림과 위 출력)에서 세 가지를 볼 수 있습니다. 다섯 시드 모두에서 같았습니다.
#
# 1. **떨어지는 순간 학습 손실도 뚝 떨어집니다.** 에포크 10에서 학습률을 줄이자 학습 손실이 한 에포크 만에 20% 넘게
#    내려갑니다. 같은 에포크의 고정 학습률보다도 15% 넘게 낮습니다. 큰 학습률 때문에 바닥 근처에서 흔들리던 잡음이 줄어들기
#    때문입니다(01의 8절).
# 2. **두 번째 감쇠의 효과는 훨씬 작습니다.** 이미 흔들림이 작아졌으므로 더 줄여도 얻을 것이 적습니다.
# 3. **일찍 줄이면 그 뒤의 진행이 느려집니다.** 학습률이 작아진 뒤로는 손실이 천천히 내려가서, 30에포크 끝에는 오히려
#    고정 학습률의 학습 손실이 더 낮습니다.

# %%
for seed in seeds:
    stepped, constant_run = epoch_loss[seed]["10에포크마다 ÷10"], epoch_loss[seed]["고정 0.5"]
    first_gain = 1 - stepped[10] / stepped[9]  # 첫 감쇠 직후 한 에포크 동안 줄어든 비율
    second_gain = 1 - stepped[20] / stepped[19]
    assert first_gain > 0.2, f"시드 {seed}: 학습률이 떨어지면 학습 손실이 바로 크게 떨어집니다"
    assert stepped[10] < 0.85 * constant_run[10], f"시드 {seed}: 같은 에포크의 고정 학습률보다 낮습니다"
    assert second_gain < first_gain / 2, f"시드 {seed}: 두 번째 감쇠의 효과는 첫 번째보다 훨씬 작습니다"
    assert constant_run[-1] < stepped[-1], f"시드 {seed}: 너무 일찍 줄이면 끝에는 고정 학습률에 뒤집힙니다"

# %% [markdown]
# #### 검증 손실은 다른 이야기를 합니다
#
# 학습 손실만 보면 감쇠가 "효과를 냈다"고 말하고 싶어집니다. 그런데 모델이 얼마나 좋은지는 학습에 쓰지 않은 데이터의
# 손실, 곧 검증 손실로 판단합니다. 오른쪽 그림과 아래 출력을 보세요.
#
# - **감쇠 직후의 검증 손실은 고정 학습률보다 뚜렷이 낮지 않습니다.** 한 에포크 뒤의 값을 견주면, 시드에 따라 ÷10 쪽이
#   낮기도 하고 고정 쪽이 낮기도 합니다. 학습 손실에서 본 "뚝"이 검증 손실에서는 시드의 우연과 구별되지 않습니다.
# - **감쇠 뒤 검증 손실은 흔들림이 거의 없어지지만, 더 내려가지도 않고 평평해집니다.** 고정 학습률의 검증 손실은 에포크마다
#   크게 흔들리면서도(튀어 오르는 에포크가 있습니다) 계속 내려갑니다.
# - **30에포크 끝에는 모든 시드에서 고정 학습률의 검증 손실이 더 낮습니다.** ÷10 스케줄은 감쇠 뒤 어느 에포크에서도
#   고정 학습률의 마지막 값까지 내려가지 못했습니다.
#
# 감쇠 순간 학습 손실이 뚝 떨어지는 것은 큰 학습률이 만들던 흔들림이 줄어든 것이지, 그만큼 더 좋은 모델이 되었다는 뜻이
# 아닙니다. 이 문제에서 에포크 10은 너무 이른 감쇠였고, 학습 손실과 검증 손실 모두 끝에는 그렇게 말합니다. 스케줄은 검증
# 손실로, 시드 여러 개로 판단하세요.

# %%
after_drop_ratio, rows = {}, []
for seed in seeds:
    v_step, v_const = step_seeds[seed]["10에포크마다 ÷10"].val_loss, step_seeds[seed]["고정 0.5"].val_loss  # [e]: e에포크 뒤
    after_drop_ratio[seed] = v_step[11] / v_const[11]
    jump_step, jump_const = np.abs(np.diff(v_step[11:])).max(), np.abs(np.diff(v_const[11:])).max()
    rows.append([f"시드 {seed}", f"{after_drop_ratio[seed]:.2f}", f"{jump_step:.4f} / {jump_const:.4f}",
                 f"{v_step[11:].min():.4f}", f"{v_step[-1]:.4f} / {v_const[-1]:.4f}"])
    assert jump_step < jump_const / 5, f"시드 {seed}: 감쇠 뒤 검증 손실은 거의 흔들리지 않습니다"
    assert v_step[11:].min() > v_const[-1], f"시드 {seed}: ÷10은 감쇠 뒤 어느 에포크에서도 고정의 마지막 값까지 내려가지 못합니다"
    assert v_step[-1] > 1.15 * v_const[-1], f"시드 {seed}: 30에포크 끝의 검증 손실은 고정 학습률이 낮습니다"
assert min(after_drop_ratio.values()) < 1 < max(after_drop_ratio.values()), "감쇠 직후 검증 손실은 시드에 따라 ÷10이 낮기도, 고정이 낮기도 합니다"
print("검증 손실")
print_table(["", "감쇠 한 에포크 뒤 ÷10 ÷ 고정", "감쇠 뒤 에포크 사이 가장 큰 변화 ÷10 / 고정", "감쇠 뒤 ÷10 최솟값", "30에포크 뒤 ÷10 / 고정"], rows)

# %% [markdown]
# ## 5. 장점과 하이퍼파라미터 문제
#
# **장점**
#
# - 구현과 이해가 쉽습니다. 식 한 줄이고, 로그를 보면 언제 무엇이 바뀌었는지 바로 압니다.
# - 감쇠가 효과를 낼 때는 그 효과가 학습 손실 곡선에 뚜렷이 보입니다(4.2). 다만 4.2에서 보았듯 학습 손실의 "뚝"이 곧
#   검증 손실의 이득은 아닙니다.
# - 오래 쓰여 온 만큼 검증된 설정(예: ImageNet에서 30에포크마다 ÷10)이 많습니다.
#
# **단점: 언제, 얼마나 줄일지**
#
# 스텝 감쇠에는 처음 학습률 말고도 **감쇠 시점**과 **감쇠 비율 gamma**라는 하이퍼파라미터가 있습니다. 4절에서 본 것처럼
# 잘못 고르면 고정 학습률보다도 나쁠 수 있습니다. 얼마나 민감한지 측정해 봅시다. 같은 30에포크 학습에서 감쇠를 **한 번**만
# 하되, 시점(에포크 5, 10, 15, 20, 25)과 비율(×0.5, ×0.1, ×0.01)을 바꾼 15가지에 고정 학습률 0.5를 더해 16가지를,
# 시드 다섯 개로 학습합니다(시드마다 `fit_batched` 한 번).

# %%
drop_epochs = [5, 10, 15, 20, 25]
gammas = [0.5, 0.1, 0.01]
decays = [(drop, gamma) for drop in drop_epochs for gamma in gammas]
sweep = {"고정": lr}
for drop, gamma in decays:
    sweep[(drop, gamma)] = schedules.by_epoch(schedules.multistep_decay(lr, milestones=[drop], gamma=gamma), spe)
names = {key: "고정 0.5" if key == "고정" else f"{key[0]}에포크 ×{key[1]}" for key in sweep}
sweep_seeds = run_seeds(
    {names[key]: s for key, s in sweep.items()},
    epochs=epochs,
    batch_size=batch_size,
    eval_every=epochs * spe,  # 끝에서만 검증
)
final_val = {seed: {key: runs_[names[key]].final_val_loss for key in sweep} for seed, runs_ in sweep_seeds.items()}
final_train = {seed: {key: runs_[names[key]].loss[-spe:].mean() for key in sweep} for seed, runs_ in sweep_seeds.items()}
print("30에포크 뒤 검증 손실 / 마지막 에포크의 평균 학습 손실")
print_table(["설정"] + [f"시드 {seed}" for seed in seeds],
            [[names[key]] + [f"{final_val[seed][key]:.4f} / {final_train[seed][key]:.4f}" for seed in seeds] for key in sweep])

# %%
# (보조 코드) 그림: 감쇠 시점 × 감쇠 비율에 따른 최종 검증 손실, 시드 5개
fig, ax = new_axes(figsize=(8, 4.2))
const_vals = np.array([final_val[seed]["고정"] for seed in seeds])
ax.axhspan(const_vals.min(), const_vals.max(), color="0.85", label="고정 0.5 (시드 5개의 범위)")
for i, gamma in enumerate(gammas):
    vals = np.array([[final_val[seed][(drop, gamma)] for drop in drop_epochs] for seed in seeds])  # (시드, 감쇠 시점)
    ax.plot(drop_epochs, vals.mean(axis=0), color=PALETTE[i], linestyle=LINESTYLES[i], lw=2, label=f"×{gamma} (시드 평균)")
    for seed_vals in vals:
        ax.plot(np.array(drop_epochs) + 0.4 * (i - 1), seed_vals, color=PALETTE[i], marker="o", ms=3.5, ls="none", alpha=0.6)
ax.plot([], [], color="0.3", marker="o", ms=3.5, ls="none", alpha=0.6, label="점: 시드 하나")
ax.set_xticks(drop_epochs)
style_axes(ax, "언제, 얼마나 줄일까: 시드 5개", "감쇠 시점 (에포크)", "30에포크 뒤 검증 손실")
ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# 다섯 시드 모두에서 성립한 것은 이렇습니다(아래 셀에서 `assert`로 확인합니다).
#
# - 같은 "한 번 줄이기"인데도 가장 좋은 설정과 가장 나쁜 설정의 검증 손실이 두 배 넘게 차이 납니다.
# - **늦게** 줄일수록 좋았습니다. 15가지 가운데 가장 좋은 것은 언제나 에포크 25의 감쇠였고, ×0.5와 ×0.1에서는 시점이
#   늦을수록 검증 손실이 낮았습니다. 큰 학습률로 충분히 진행한 뒤에 줄여야 빠른 진행과 낮은 바닥을 둘 다 얻습니다.
# - 일찍 줄이면(에포크 5나 10) 비율과 관계없이 고정 학습률보다 나빴습니다. 에포크 5에서 ×0.01로 줄이면 학습이 사실상 멈춰
#   고정 학습률보다 1.5배 넘게 나쁩니다.
#
# 모든 시드에서 성립하지는 **않은** 것도 있습니다.
#
# - ×0.01에서는 "늦을수록 좋다"가 모든 시드에서 성립하지 않았습니다(아래 출력).
# - 가장 좋은 설정 자체가 시드에 따라 바뀝니다.
# - **"잘 고른 감쇠가 고정 학습률보다 낫다"는 모든 시드에서 성립하지 않았습니다.** 대부분의 시드에서는 늦은 감쇠가 고정
#   학습률보다 검증 손실이 5% 넘게(한 시드에서는 20% 넘게) 낮았지만, 한 시드에서는 15가지 가운데 가장 좋은 것도 고정
#   학습률보다 1% 넘게 낫지 않았습니다. 게다가 "가장 좋은 것"은 15가지를 모두 해 본 뒤에 고른 것이라 운이 섞여 있습니다.
#   시드 하나만 보면 "감쇠가 이긴다"고 결론 내리기 쉽지만, 시드를 바꾸면 그 결론이 흔들립니다.

# %%
best_by_seed = {seed: min(decays, key=final_val[seed].get) for seed in seeds}
gains = [1 - final_val[seed][best_by_seed[seed]] / final_val[seed]["고정"] for seed in seeds]  # 가장 좋은 감쇠가 고정보다 낮은 비율
rows = []
for seed, gain in zip(seeds, gains):
    fv = final_val[seed]
    worst_decay = max(decays, key=fv.get)
    rows.append([f"시드 {seed}", f"{names[best_by_seed[seed]]}  {fv[best_by_seed[seed]]:.4f}", f"{fv['고정']:.4f}",
                 f"{gain:.1%} 낮음" if gain >= 0 else f"{-gain:.1%} 높음", f"{names[worst_decay]}  {fv[worst_decay]:.4f}"])
print_table(["", "가장 좋은 감쇠", "고정", "고정과 견주면", "가장 나쁜 감쇠"], rows)
later_is_better = {gamma: [seed for seed in seeds if np.all(np.diff([final_val[seed][(d, gamma)] for d in drop_epochs]) < 0)] for gamma in gammas}
for gamma in gammas:
    print(f"×{gamma}: 늦을수록 검증 손실이 낮았던 시드 {later_is_better[gamma]}")

for seed in seeds:
    fv = final_val[seed]
    assert max(fv[d] for d in decays) > 2 * min(fv[d] for d in decays), f"시드 {seed}: 감쇠 시점과 비율에 따라 두 배 넘게 달라집니다"
    assert best_by_seed[seed][0] == 25, f"시드 {seed}: 가장 좋은 감쇠는 가장 늦은 에포크 25"
    assert all(fv[(drop, gamma)] > fv["고정"] for drop in (5, 10) for gamma in gammas), f"시드 {seed}: 일찍 줄이면 고정보다 나쁩니다"
    assert fv[(5, 0.01)] > 1.5 * fv["고정"], f"시드 {seed}: 에포크 5에서 ×0.01이면 고정보다 1.5배 넘게 나쁩니다"
assert later_is_better[0.5] == seeds and later_is_better[0.1] == seeds, "×0.5, ×0.1에서는 모든 시드에서 늦을수록 좋습니다"
assert later_is_better[0.01] != seeds, "×0.01에서는 모든 시드에서 그렇지는 않습니다"
assert len(set(best_by_seed.values())) > 1, "가장 좋은 설정이 시드에 따라 다릅니다"
assert sum(gain > 0.05 for gain in gains) > len(seeds) / 2, "대부분의 시드에서 가장 좋은 감쇠가 고정보다 5% 넘게 낮습니다"
assert max(gains) > 0.2, "한 시드에서는 20% 넘게 낮습니다"
assert min(gains) < 0.01, "어떤 시드에서는 15가지 가운데 가장 좋은 감쇠도 고정보다 1% 넘게 낫지 않습니다"

# %% [markdown]
# 가장 좋은 시점과 비율은 문제, 모델, 배치 크기, 전체 학습 길이에 따라 달라집니다. "30에포크마다 ÷10"은 ImageNet의
# ResNet에 맞춘 값이지 어디서나 맞는 법칙이 아닙니다. 새 문제마다 이 두 값을 다시 골라야 하고, 고른 값이 정말 나은지
# 알려면 시드 여러 개가 필요하다는 것이 스텝 감쇠의 약점입니다.
#
# 다음 노트북들의 스케줄에도 손잡이는 남습니다. 지수 감쇠(03)는 계단 대신 매 스텝 조금씩 줄이지만, 그 gamma(곧 학습률이
# 어디서 끝나는지)는 03에서 보듯 아주 예민한 손잡이입니다. 코사인 어닐링(04)에는 감쇠 시점이라는 손잡이가 없고 최대 학습률과
# 길이가 남는데, 길이는 보통 학습 예산(전체 스텝 수)으로 정해집니다.

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
# - PyTorch 학습 루프에서는 배치마다 `optimizer.step()`, 그 뒤에 `scheduler.step()`입니다. 에포크 단위 스케줄러(`StepLR`)는
#   에포크마다, `torch_scheduler`(스텝 단위 스케줄)는 배치마다 부릅니다. 이 강좌의 `fit`은 같은 루프를 돌며 스텝 k의
#   업데이트 직전에 학습률을 `schedule(k)`로 정합니다.
# - 학습률이 커서 손실이 바닥 근처에서 흔들리던 중이라면, 학습률이 떨어지는 순간 학습 손실이 뚝 떨어집니다(4.2). 뒤의
#   감쇠일수록 효과가 작습니다. 손실이 아직 한창 내려가는 중이라면 얻는 것 없이 느려지기만 합니다(4.1).
# - 학습 손실의 "뚝"은 검증 손실의 이득이 아닐 수 있습니다. 4.2에서 검증 손실은 감쇠 뒤 평평해졌고, 끝에는 모든 시드에서
#   고정 학습률이 더 낮았습니다. 스케줄은 검증 손실로, 시드 여러 개로 판단하세요.
# - 장점은 단순함과 해석하기 쉬움, 단점은 "언제, 얼마나"라는 두 하이퍼파라미터입니다. 같은 한 번의 감쇠라도 시점과 비율에
#   따라 검증 손실이 두 배 넘게 달라졌고, 늦은 감쇠가 가장 좋았으며, 이른 감쇠는 고정 학습률보다 나빴습니다(시드 5개 모두).
#   가장 좋은 감쇠가 고정 학습률보다 나은지는 시드에 따라 달랐습니다.

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
