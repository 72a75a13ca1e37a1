# %% [markdown]
# # 04. 코사인 어닐링과 SGDR
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/04_cosine_sgdr.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F04_cosine_sgdr.ipynb)
#
# **예상 시간: 60분** (1–6절, 예측 하나와 연습 문제 네 개 포함)

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

import math

import matplotlib.pyplot as plt
import numpy as np
import torch

import lrcourse
from lrcourse import data, models, schedules, train
from lrcourse.batched import fit_batched
from lrcourse.plotting import LINESTYLES, PALETTE, new_axes, plot_schedules, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# 이 노트북을 마치면 다음을 할 수 있습니다.
#
# 1. **코사인 어닐링(cosine annealing)** 의 수식을 읽고 `T_max`, `eta_min`의 뜻을 말합니다.
# 2. PyTorch `CosineAnnealingLR`을 `T_max`보다 오래 돌리면 학습률(learning rate)이 **다시 올라간다**는 것과, lrcourse는 `eta_min`에 머문다는 것을 압니다.
# 3. **웜 리스타트(warm restart)**, 곧 SGDR의 `T_0`, `T_mult`로 재시작이 정확히 어느 스텝(step)에서 일어나는지 계산합니다.
# 4. 재시작이 학습 손실(training loss)에 무엇을 하는지(잠깐 올라갔다가 다시 내려감) 실제 학습으로 봅니다.
# 5. "재시작이 지역 최솟값(local minimum)에서 벗어나게 해 일반화(generalization)를 높인다"는 주장을 여러 시드(seed)의 측정으로 따져 봅니다.

# %% [markdown]
# ## 1. 직관: 코사인 반 주기
#
# 코사인 어닐링은 학습률을 코사인 곡선의 **반 주기**(꼭대기에서 바닥까지)를 따라 줄입니다. 직선으로 줄이는 것과 비교하면 모양이 다릅니다.
#
# - **처음**: 곡선이 평평합니다. 큰 학습률을 한동안 거의 그대로 씁니다. 멀리 빨리 가는 시기입니다.
# - **가운데**: 가장 가파르게 줄어듭니다.
# - **끝**: 다시 평평해집니다. 아주 작은 학습률로 꽤 오래 머물며 잡음을 줄이고 자리를 잡습니다.
#
# 스텝 감쇠(step decay, 02)처럼 갑자기 떨어지는 곳이 없고, 지수 감쇠(exponential decay, 03)처럼 처음부터 빠르게 줄지도 않습니다. 그리고 **언제 끝나는지**(T_max)와
# **어디까지 줄이는지**(eta_min)를 처음부터 정해 둡니다. 손잡이가 둘뿐이고 둘 다 뜻이 분명합니다. 다만 고를 것이 사라지지는 않습니다.
# 03의 gamma처럼, 끝 값과 길이는 여전히 문제에 맞춰 골라야 합니다.

# %% [markdown]
# ## 2. 수식
#
# 최대 학습률 lr(PyTorch에서는 옵티마이저(optimizer)의 초기 학습률, 논문의 η_max), 최소 학습률 eta_min(η_min), 길이 T_max스텝일 때
#
# $$\text{lr}(t) = \eta_{\min} + (\text{lr} - \eta_{\min}) \cdot \frac{1 + \cos(\pi t / T_{\max})}{2}, \qquad 0 \le t \le T_{\max}$$
#
# 입니다. (1 + cos(πt/T_max))/2는 t = 0에서 1, t = T_max/2에서 1/2, t = T_max에서 0이므로 학습률은 lr → (lr + eta_min)/2 → eta_min으로 갑니다.
# 기울기는 −(lr − eta_min)·π/(2T_max)·sin(πt/T_max)라서 양 끝에서 0이고 가운데에서 가장 가파릅니다.
#
# `lrcourse.schedules.cosine_annealing(lr, T_max, eta_min)`이 이 식이고, 0 ≤ t ≤ T_max에서 PyTorch `CosineAnnealingLR(T_max, eta_min)`과 같습니다.

# %%
lr, T_max = 0.1, 100
s = schedules.cosine_annealing(lr, T_max=T_max, eta_min=0.0)
print(s)
for t in [0, 25, 50, 75, 100]:
    print(f"스텝 {t:>3}: 학습률 {s(t):.6f}  (최대의 {s(t) / lr:.3f}배)")
assert s(0) == lr and math.isclose(s(50), lr / 2, rel_tol=1e-12) and s(100) == 0.0

# %% [markdown]
# 4분의 1 지점(스텝 25)에서도 아직 최댓값의 85%이고, 4분의 3 지점(스텝 75)에서는 15%입니다. 직선 감쇠라면 각각 75%와 25%입니다.
# 코사인은 처음 구간에서 큰 학습률을, 마지막 구간에서 작은 학습률을 직선보다 더 오래 씁니다.
#
# `eta_min`을 바꿔 그려 봅니다. 로그 눈금에서 보면 eta_min = 0인 곡선은 끝에서 0을 향해 떨어지고(로그 눈금에서는 끝없이 내려감),
# eta_min > 0이면 그 값에서 평평하게 멈춥니다.

# %%
curves = {
    "eta_min = 0": schedules.cosine_annealing(0.1, 1000, eta_min=0.0),
    "eta_min = 0.001": schedules.cosine_annealing(0.1, 1000, eta_min=0.001),
    "eta_min = 0.01": schedules.cosine_annealing(0.1, 1000, eta_min=0.01),
    "비교: 직선 감쇠 (polynomial, power=1)": schedules.polynomial_decay(0.1, 1000, power=1.0),
}
fig, (ax_lin, ax_log) = new_axes(ncols=2, figsize=(12, 4))
plot_schedules(curves, 1000, ax=ax_lin, title="코사인 어닐링 (T_max = 1000스텝)")
ax_lin.legend(loc="lower left")  # 곡선이 지나지 않는 왼쪽 아래
plot_schedules({k: v for k, v in curves.items() if "직선" not in k}, 1000, ax=ax_log, log=True, title="같은 곡선, 로그 눈금")
ax_log.set_ylim(1e-5, 0.2)
plt.show()

# %% [markdown]
# ## 3. T_max 뒤에는? PyTorch와 lrcourse가 다릅니다
#
# 위 식은 t ≤ T_max에서만 씁니다. 학습을 T_max보다 오래 돌리면 어떻게 될까요?
#
# - **PyTorch** `CosineAnnealingLR`은 T_max 뒤에도 같은 코사인 식을 계속 씁니다. 코사인의 주기는 2·T_max이므로 학습률이 **다시 올라가**,
#   스텝 2·T_max에서 처음 값 lr로 돌아옵니다. 그 뒤로 내려가고 올라가기를 되풀이합니다.
# - **lrcourse** `cosine_annealing`은 T_max 뒤에 **eta_min에 머뭅니다.** 학습을 조금 더 돌렸다고 학습률이 몰래 커지는 일이 없게 하려는 선택입니다.
#
# 실제 PyTorch 스케줄러를 T_max = 100으로 만들고 300번 `step()`해서 확인합니다.

# %%
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
torch_cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100, eta_min=0.0)
torch_lrs = [torch_cos.get_last_lr()[0]]
for _ in range(300):
    opt.step()
    torch_cos.step()
    torch_lrs.append(torch_cos.get_last_lr()[0])
torch_lrs = np.array(torch_lrs)
ours = schedules.cosine_annealing(0.1, T_max=100)(np.arange(301))

# T_max까지는 같습니다.
assert np.allclose(torch_lrs[:101], ours[:101], rtol=1e-9, atol=1e-15)
# 그 뒤: PyTorch는 다시 올라가 2·T_max에서 처음 값으로, lrcourse는 0에 머묾.
assert torch_lrs[150] > 0.04 and math.isclose(torch_lrs[200], 0.1, rel_tol=1e-6)
assert np.all(ours[100:] == 0.0)
for t in [100, 150, 175, 200, 300]:
    print(f"스텝 {t}: PyTorch {torch_lrs[t]:.4f}, lrcourse {ours[t]:.4f}")

# %%
# (보조 코드) 그림
fig, ax = new_axes(figsize=(9, 3.8))
steps = np.arange(301)
ax.plot(steps, torch_lrs, color=PALETTE[1], lw=2, ls="--", label="PyTorch CosineAnnealingLR (T_max=100)")
ax.plot(steps, ours, color=PALETTE[0], lw=2, label="lrcourse cosine_annealing (T_max=100)")
ax.axvline(100, color="0.5", lw=1, ls=":")
ax.annotate("T_max", xy=(103, 0.09), ha="left", color="0.3")
style_axes(ax, "T_max를 지나면: PyTorch는 다시 오르고, lrcourse는 머뭅니다", "스텝", "학습률")
ax.set_ylim(-0.005, 0.135)  # 범례 자리를 곡선 위에 둡니다
ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# 원문은 코사인 어닐링을 "부드럽게 감소하고 다시 증가하는 것을 반복하는 방식"이라고 소개합니다. 이 말은 두 가지를 섞고 있습니다.
#
# - 보통 쓰는 코사인 어닐링은 **한 번** 내려가는 반 주기이고, T_max를 전체 학습 스텝 수로 둡니다. 그러면 다시 올라갈 일이 없습니다.
# - 다시 올라가는 것은 (1) 위에서 본 PyTorch의 부작용(T_max를 학습보다 짧게 잡았을 때 천천히 다시 오름)이거나,
#   (2) 다음 절의 **웜 리스타트**(SGDR)처럼 일부러 한 번에 되돌리는 것입니다. 둘은 모양도 뜻도 다릅니다.
#
# PyTorch에서 T_max를 실수로 에포크(epoch) 수로 주고 `step()`은 배치(batch)마다 부르면, 학습률이 첫 몇 에포크 안에 오르내리기를 되풀이합니다. 학습 곡선이 이상하면 학습률부터 그려 보세요.

# %% [markdown]
# ## 4. 웜 리스타트 (SGDR): T_0, T_mult와 재시작 위치
#
# **SGDR**(Stochastic Gradient Descent with warm Restarts, Loshchilov & Hutter, 2017)은 코사인 반 주기를 한 번이 아니라 여러 번 씁니다.
# 한 주기가 끝나면 학습률을 한 번에 최댓값으로 **되돌리고**(재시작), 다시 코사인으로 줄입니다. 가중치는 그대로 두고 학습률만 되돌리므로 "웜" 리스타트입니다.
#
# - `T_0`: 첫 주기의 길이(스텝)
# - `T_mult`: 재시작할 때마다 주기가 몇 배 길어지는지 (1이면 모두 같은 길이)
#
# 주기 길이는 T_0, T_0·T_mult, T_0·T_mult², …이고, n번째 재시작은 이 길이들의 누적 합인 스텝에서 일어납니다.
#
# $$S_n = T_0 + T_0 T_{\text{mult}} + \dots + T_0 T_{\text{mult}}^{\,n-1} = T_0 \cdot \frac{T_{\text{mult}}^{\,n} - 1}{T_{\text{mult}} - 1} \quad (T_{\text{mult}} > 1), \qquad S_n = n \cdot T_0 \quad (T_{\text{mult}} = 1)$$
#
# 예를 들어 T_0 = 100, T_mult = 2이면 주기는 100, 200, 400, 800스텝이고 재시작은 스텝 100, 300, 700에서 일어나며, 네 번째 주기는 스텝 1500에서 끝납니다.
# 주기 안에서는 위치 T_cur = t − S_n, 길이 T_i로 코사인 식을 씁니다: lr(t) = eta_min + (lr − eta_min)·(1 + cos(π·T_cur/T_i))/2.
#
# `lrcourse.schedules.restart_steps(schedule, total_steps)`는 재시작 스텝을 정확한 정수 계산으로 돌려줍니다. PyTorch `CosineAnnealingWarmRestarts`를
# 실제로 1,500번 `step()`해서, 학습률이 다시 최댓값이 되는 스텝과 값 전체가 같은지 확인합니다.

# %%
total_steps = 1500
sgdr = schedules.cosine_warm_restarts(0.5, T_0=100, T_mult=2)
restarts = schedules.restart_steps(sgdr, total_steps).tolist()
print("lrcourse 재시작 스텝:", restarts)

opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
torch_sgdr = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=100, T_mult=2)
torch_lrs = [torch_sgdr.get_last_lr()[0]]
for _ in range(total_steps - 1):
    opt.step()
    torch_sgdr.step()
    torch_lrs.append(torch_sgdr.get_last_lr()[0])
torch_lrs = np.array(torch_lrs)
torch_restarts = [t for t in range(1, total_steps) if torch_lrs[t] > torch_lrs[t - 1]]
print("PyTorch에서 학습률이 다시 올라간 스텝:", torch_restarts)

assert restarts == [100, 300, 700] == torch_restarts
assert np.allclose(sgdr(np.arange(total_steps)), torch_lrs, rtol=1e-9, atol=1e-15)
# 닫힌 식과도 같습니다: S_n = T_0·(T_mult^n − 1)/(T_mult − 1)
assert restarts == [100 * (2**n - 1) // (2 - 1) for n in (1, 2, 3)]
print("재시작 위치와 모든 스텝의 학습률이 PyTorch와 같습니다.")

# %% [markdown]
# PyTorch에는 함정이 하나 있습니다. `step()`을 인자 없이 부르면 위처럼 정확하지만, `scheduler.step(epoch)`처럼 스텝 번호를 넘기는(폐지 예정인) 방식은
# 주기 번호를 부동소수점 로그 log_{T_mult}(…)로 구합니다. 그래서 경계에서 어긋날 수 있습니다. 예를 들어 T_0 = 1, T_mult = 3이면 스텝 121(= 1 + 3 + 9 + 27 + 81)이 재시작이어야 하는데,
# log₃ 243이 4.999…로 계산되어 직전 주기의 끝 값을 줍니다. lrcourse는 로그를 쓰지 않고 정수 표에서 주기를 찾습니다.
# 아래 셀에서 직접 확인합니다. `step(epoch)`는 PyTorch가 폐지 예정 경고를 내므로, 이 확인에서만 경고를 끕니다.

# %%
import warnings

opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
torch_by_epoch = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=1, T_mult=3)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # step(epoch)의 폐지 예정 경고
    torch_by_epoch.step(121)
ours_121 = schedules.cosine_warm_restarts(1.0, T_0=1, T_mult=3)(121)
print(f"스텝 121 (재시작): PyTorch step(121) → {torch_by_epoch.get_last_lr()[0]:.4f}, lrcourse → {ours_121:.4f}")
assert 121 in schedules.restart_steps(schedules.cosine_warm_restarts(1.0, T_0=1, T_mult=3), 200)
assert ours_121 == 1.0  # PyTorch 쪽은 검사하지 않습니다: 이후 판에서 고쳐질 수 있습니다(torch 2.13에서는 0.0)

# %%
# (보조 코드) 그림: T_mult = 1과 2, 재시작 위치 표시
fig, ax = new_axes(figsize=(10, 4))
sgdr_equal = schedules.cosine_warm_restarts(0.5, T_0=300, T_mult=1)
plot_schedules(
    {"T_0=100, T_mult=2 (주기 100, 200, 400, 800)": sgdr, "T_0=300, T_mult=1 (주기 300 ×5)": sgdr_equal},
    total_steps,
    ax=ax,
    title="웜 리스타트: 재시작 위치 (세로 점선 = T_0=100, T_mult=2의 재시작)",
)
for r in restarts:
    ax.axvline(r, color=PALETTE[0], lw=0.8, ls=":")
ax.set_ylim(-0.02, 0.66)  # 범례를 곡선 위 한 줄에 둡니다
ax.legend(loc="upper center", ncol=2)
plt.show()

# %% [markdown]
# T_mult = 2가 흔히 쓰이는 까닭은 뒤로 갈수록 주기가 길어져, 모델이 자리를 잡은 뒤에는 작은 학습률에서 오래 머물 수 있기 때문입니다.
# 그리고 T_0를 잘 고르면 **마지막 주기가 학습 끝에서 정확히 끝나게** 할 수 있습니다(연습 문제 4). 그렇지 않으면 재시작 직후의 큰 학습률로 학습을 마치게 됩니다.

# %% [markdown]
# ## 5. 탐색기: T_0, T_mult, eta_min을 움직여 보기
#
# 정적인 그림부터 봅니다. 웜 리스타트(T_0 = 100, T_mult = 2)와 한 번의 코사인(T_max = 1500)을 겹쳐 그렸습니다. 아래 탐색기는 이 그림에서 시작합니다.

# %%
fig, ax = new_axes(figsize=(8, 3.8))
plot_schedules(
    {"웜 리스타트 (T_0=100, T_mult=2)": sgdr, "코사인 어닐링 (T_max=1500)": schedules.cosine_annealing(0.5, total_steps)},
    total_steps,
    ax=ax,
    title="웜 리스타트와 한 번의 코사인 (탐색기의 처음 모습)",
)
ax.set_ylim(-0.02, 0.66)  # 범례를 곡선 위 한 줄에 둡니다
ax.legend(loc="upper center", ncol=2)
plt.show()

# %% [markdown]
# 탐색기에서 해 볼 것:
#
# - `T_mult`를 1, 2, 3으로 바꾸며 재시작 스텝(아래 글에 나옵니다)이 어떻게 바뀌는지 봅니다.
# - `T_0`를 바꿔 마지막 주기가 전체 스텝(1500)에서 딱 끝나는 값을 찾아봅니다.
# - 두 번째 스케줄의 `T_max`를 500으로 줄이면, lrcourse의 코사인은 500 뒤에 eta_min에 머뭅니다.

# %%
from lrcourse.widgets import schedule_explorer

schedule_explorer(
    "cosine_warm_restarts",
    total_steps=total_steps,
    lr=0.5,
    T_0=100,
    T_mult=2,
    compare="cosine_annealing",
    compare_params={"lr": 0.5, "T_max": total_steps},
)

# %% [markdown]
# ## 6. 학습 실험: 재시작은 손실에 무엇을 하나, 그리고 정말 더 나은가
#
# 원문은 재시작이 "모델이 지역 최적해에서 벗어나 더 나은 최적해를 탐색하도록 유도할 수 있고", 그래서 "일반화 성능을 높이는 데 효과적"이라고 합니다.
# 두 가지를 나눠서 측정해 봅니다.
#
# 1. 재시작 직후에 무슨 일이 일어나는가? (손실이 튀는가)
# 2. 끝난 뒤 결과가 더 좋은가? (같은 스텝 예산, 여러 시드)
#
# 손글씨 숫자 MLP를 SGD(학습률 0.5에서 시작)로 1,500스텝(약 68에포크) 학습합니다. 스케줄은 다섯 가지입니다.
#
# - **코사인 (T_max=1500)**: 한 번의 코사인
# - **SGDR (T_0=100, T_mult=2)**: 재시작 100, 300, 700, 마지막 주기가 1500에서 끝남
# - **스텝 감쇠 (750, 1125에서 ×0.1)**: 02의 다중 스텝 감쇠
# - **코사인 (T_max=300)**, **코사인 (T_max=700)**: SGDR의 주기 끝(300, 700)과 같은 예산으로 처음부터 계획한 코사인. 끝나면 학습률 0에 머무르므로 가중치가 더 바뀌지 않습니다.
#
# 시드는 다섯 개(0–4)이고, 시드마다 **초기 가중치와 데이터 순서(배치 구성)가 함께** 바뀝니다. `models.mlp(seed=seed)`가 초기 가중치를,
# `fit_batched(..., seed=seed)`가 데이터 순서를 정합니다. 시드마다 `lrcourse.batched.fit_batched`를 한 번 불러 다섯 스케줄을 한꺼번에 학습합니다.
# 한 번의 호출 안에서는 다섯 학습이 같은 초기 가중치와 같은 데이터 순서를 쓰므로, 한 시드 안의 차이는 스케줄에서만 옵니다.
# `fit`을 다섯 번 부른 것과 같은 결과를 벡터화해 훨씬 빨리 냅니다. 검증 손실(validation loss)과 정확도는 20스텝마다 측정합니다.

# %% [markdown]
# ### 예측해 보기
#
# 실행하기 전에 예측해 보세요. 1,500스텝 예산이 끝났을 때 시드 5개의 **평균 검증 정확도가 가장 높은** 것은 무엇일까요?
#
# - (a) 코사인 한 번 (T_max=1500)
# - (b) SGDR (T_0=100, T_mult=2)
# - (c) 스텝 감쇠 (750, 1125)
# - (d) 셋이 0.01 안에서 비슷하다
#
# `prediction`에 `"a"`, `"b"`, `"c"`, `"d"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다. 결과는 6.2절 끝에서 견줍니다.

# %% tags=["solution"]
from lrcourse.exercises import lesson04 as ex

# BEGIN SOLUTION
prediction = "d"
# END SOLUTION
ex.p1.predict(prediction)

# %%
lr0 = 0.5
plans = {
    "코사인 (T_max=1500)": schedules.cosine_annealing(lr0, total_steps),
    "SGDR (T_0=100, T_mult=2)": schedules.cosine_warm_restarts(lr0, T_0=100, T_mult=2),
    "스텝 감쇠 (750, 1125)": schedules.multistep_decay(lr0, [750, 1125], gamma=0.1),
    "코사인 (T_max=300)": schedules.cosine_annealing(lr0, 300),
    "코사인 (T_max=700)": schedules.cosine_annealing(lr0, 700),
}
names = list(plans)
seeds = [0, 1, 2, 3, 4]
digits = data.load_digits()
by_seed = [
    fit_batched(
        models.mlp(seed=seed),  # 초기 가중치: 다섯 스케줄이 같은 초기화를 나눠 씁니다
        digits,
        plans,
        optimizer="sgd",
        steps=total_steps,
        batch_size=64,
        seed=seed,  # 데이터 순서: 다섯 스케줄이 같은 순서를 봅니다
        eval_every=20,
        device=device,
        progress=False,
    )
    for seed in seeds
]
runs = {name: [hs[name] for hs in by_seed] for name in names}
h0 = runs[names[0]][0]
print(f"{len(seeds) * len(names)}개 학습 완료: 각 {len(h0.loss)}스텝, 검증 {len(h0.val_step)}번")


# %%
# (보조 코드) 표와 그림 도우미
from lrcourse.notebook import print_table


def val_at(history, step):
    """스텝 step에서 측정한 (검증 손실, 검증 정확도)."""
    i = int(np.searchsorted(history.val_step, step))
    assert history.val_step[i] == step, (history.val_step[i], step)
    return history.val_loss[i], history.val_acc[i]


def moving_average(x, window=20):
    """앞의 window개 평균 (처음 window−1개 스텝은 있는 만큼만)."""
    c = np.cumsum(np.insert(np.asarray(x, dtype=float), 0, 0.0))
    n = np.arange(1, len(x) + 1)
    w = np.minimum(n, window)
    return (c[n] - c[n - w]) / w


# %% [markdown]
# ### 6.1 재시작 직후: 손실이 튑니다
#
# 시드 0의 SGDR과 한 번의 코사인을 나란히 그립니다. 위는 학습률, 아래는 학습 손실(training loss, 20스텝 이동 평균)과 검증 손실입니다. 점선이 재시작입니다.

# %%
cos0, sgdr0 = runs["코사인 (T_max=1500)"][0], runs["SGDR (T_0=100, T_mult=2)"][0]
fig, (ax_lr, ax_loss) = new_axes(nrows=2, figsize=(10, 7))
for i, (label, h) in enumerate([("코사인 (T_max=1500)", cos0), ("SGDR (T_0=100, T_mult=2)", sgdr0)]):
    color, ls = PALETTE[i % len(PALETTE)], LINESTYLES[i % len(LINESTYLES)]
    ax_lr.plot(h.step, h.lr, color=color, ls=ls, lw=1.8, label=label)
    ax_loss.plot(h.step, moving_average(h.loss), color=color, ls=ls, lw=1.0, alpha=0.6, label=f"{label}: 학습 손실")
    ax_loss.plot(h.val_step, h.val_loss, color=color, ls=ls, lw=2.2, label=f"{label}: 검증 손실")
for ax in (ax_lr, ax_loss):
    for r in restarts:
        ax.axvline(r, color="0.5", lw=0.8, ls=":")
style_axes(ax_lr, "학습률 (점선 = SGDR 재시작, 시드 0)", "스텝", "학습률")
ax_lr.set_ylim(-0.02, 0.66)  # 범례를 곡선 위 한 줄에 둡니다
ax_lr.legend(loc="upper center", ncol=2)
style_axes(ax_loss, "손실: 재시작 직후에 올라갔다가 다시 내려갑니다 (시드 0)", "스텝", "손실 (교차 엔트로피)", log=True)
ax_loss.set_ylim(0.02, 3)
plt.show()

# %% [markdown]
# 시드 0에서는 두 번째와 세 번째 재시작(스텝 300, 700)에서 학습 손실과 검증 손실이 위로 튀었다가, 주기 끝으로 갈수록 다시 내려갑니다.
# 주기가 끝날 무렵 학습률이 0에 가까워 모델이 한 골짜기의 바닥 근처에 자리 잡았는데, 학습률을 갑자기 0.5로 올리면 그 바닥에서 밀려나기 때문입니다.
# 원문의 "지역 최적해에서 벗어난다"는 이 장면을 가리킵니다.
#
# 아래 셀은 다섯 시드 모두에서 튐의 크기를 측정합니다. 학습 손실은 재시작 직전 20스텝의 평균과, 재시작 뒤 100스텝 안의 20스텝 이동 평균 가운데 가장 큰 값을 비교합니다.
# 검증 손실은 재시작 스텝에서 측정한 값(재시작 직전의 모델)과, 재시작 뒤 100스텝 안에서 측정한 값 가운데 가장 큰 값을 비교합니다.

# %%
rows, train_jump, val_jump = [], {}, {}
for r in restarts:
    hs = runs["SGDR (T_0=100, T_mult=2)"]
    train_before = np.array([h.loss[r - 20 : r].mean() for h in hs])
    train_after = np.array([moving_average(h.loss)[r + 19 : r + 100].max() for h in hs])  # 창 전체가 재시작 뒤인 이동 평균
    val_before = np.array([val_at(h, r)[0] for h in hs])
    val_after = np.array([h.val_loss[(h.val_step > r) & (h.val_step <= r + 100)].max() for h in hs])
    train_jump[r], val_jump[r] = train_after / train_before, val_after / val_before
    rows.append(
        [
            f"스텝 {r}",
            " ".join(f"{x:.3f}" for x in train_jump[r]),
            " ".join(f"{x:.3f}" for x in val_jump[r]),
            f"{int(np.sum(val_jump[r] > 1))}개 / {len(seeds)}개",
        ]
    )
print("재시작 뒤 100스텝 안의 최댓값 ÷ 직전 값 (시드 0–4)")
print_table(["재시작", "학습 손실", "검증 손실", "검증 손실이 오른 시드"], rows)

# 자리 잡은 뒤의 재시작(300, 700): 모든 시드에서 학습 손실이 10% 넘게 튑니다.
assert np.all(train_jump[300] > 1.1) and np.all(train_jump[700] > 1.1), train_jump
# 첫 재시작(100)의 학습 손실 튐은 모든 시드에서 뒤의 두 재시작보다 작습니다.
assert np.all(train_jump[100] < np.minimum(train_jump[300], train_jump[700])), train_jump
# 검증 손실: 스텝 700에서는 모든 시드에서 오릅니다.
assert np.all(val_jump[700] > 1.0), val_jump
# 스텝 100과 300에서는 일부 시드에서만 오릅니다 (모든 시드에서 참인 말이 아닙니다).
assert 0 < np.sum(val_jump[100] > 1) < len(seeds) and 0 < np.sum(val_jump[300] > 1) < len(seeds), val_jump

# %% [markdown]
# 다섯 시드 모두에서 참인 것은 둘입니다. 자리 잡은 뒤의 재시작(300, 700)에서는 **학습 손실**이 튀고, 스텝 700에서는 **검증 손실**도 튑니다.
# 스텝 100과 300의 검증 손실은 시드에 따라 다릅니다. 위 표의 마지막 열이 몇 개의 시드에서 올랐는지 보여 줍니다. 한 시드(시드 0)만 보고
# "재시작하면 검증 손실이 튄다"고 말했다면 지나친 일반화였을 것입니다.
# 첫 재시작(스텝 100)에서는 학습 손실의 튐도 가장 작습니다. 모델이 아직 바닥에 닿지 않았고, 큰 학습률이 오히려 빨리 배우게 해 주는 시기이기 때문입니다.
# (첫 주기 100스텝은 이 문제에 너무 짧습니다.)
# 재시작은 "자리 잡은 곳에서 밀어내는" 효과가 있지만, 그것이 **더 나은 곳으로** 가게 하는지는 별개의 질문입니다. 다음 절에서 측정합니다.

# %% [markdown]
# ### 6.2 끝난 뒤: 더 좋은가?
#
# 같은 1,500스텝 예산에서 끝난 결과를 다섯 시드의 평균 ± 표준편차로 봅니다. SGDR의 주기 끝(300, 700)에서 측정한 값도 함께 봅니다.

# %%
checkpoints = [100, 300, 700, 1500]
rows = []
summary = {}
for name in names:
    losses = np.array([[val_at(h, c)[0] for c in checkpoints] for h in runs[name]])
    accs = np.array([[val_at(h, c)[1] for c in checkpoints] for h in runs[name]])
    summary[name] = (losses, accs)
    rows.append([name] + [f"{losses[:, k].mean():.4f} ± {losses[:, k].std():.4f}" for k in range(len(checkpoints))])
print("검증 손실 (시드 5개의 평균 ± 표준편차)")
print_table(["스케줄"] + [f"스텝 {c}" for c in checkpoints], rows)
print()
print("마지막(스텝 1500) 검증 손실과 정확도, 시드별 (시드 0–4)")
print_table(
    ["스케줄", "검증 손실", "검증 정확도", "평균 정확도"],
    [
        [
            n,
            " ".join(f"{v:.4f}" for v in summary[n][0][:, -1]),
            " ".join(f"{a:.3f}" for a in summary[n][1][:, -1]),
            f"{summary[n][1][:, -1].mean():.4f}",
        ]
        for n in names[:3]
    ],
)

# %%
# (보조 코드) 그림: 검증 손실의 평균(선)과 시드 사이의 범위(띠)
fig, ax = new_axes(figsize=(10, 4.2))
for i, name in enumerate(names):
    curves_of = np.array([h.val_loss for h in runs[name]])
    steps_of = runs[name][0].val_step
    ax.plot(steps_of, curves_of.mean(axis=0), color=PALETTE[i % len(PALETTE)], ls=LINESTYLES[i % len(LINESTYLES)], lw=1.8, label=name)
    ax.fill_between(steps_of, curves_of.min(axis=0), curves_of.max(axis=0), color=PALETTE[i], alpha=0.12)
for r in restarts:
    ax.axvline(r, color="0.5", lw=0.8, ls=":")
style_axes(ax, "검증 손실 (시드 5개 평균, 띠 = 최소–최대)", "스텝", "검증 손실 (교차 엔트로피)", log=True)
ax.set_ylim(0.03, 3)
plt.show()

# %%
cos_l, cos_a = summary["코사인 (T_max=1500)"]
sgdr_l, sgdr_a = summary["SGDR (T_0=100, T_mult=2)"]
step_l, step_a = summary["스텝 감쇠 (750, 1125)"]
final_acc = {n: summary[n][1][:, -1].mean() for n in names[:3]}

# 1) 같은 예산(1500스텝) 끝에서 세 스케줄의 평균 검증 정확도는 0.01(검증 이미지 약 3.6장) 안에 모입니다.
assert max(final_acc.values()) - min(final_acc.values()) < 0.01, final_acc
# 2) SGDR의 주기 끝은 같은 길이로 계획한 코사인과 거의 같습니다: 모든 시드에서 검증 손실 차이 0.005 미만.
for step_, planned in [(300, "코사인 (T_max=300)"), (700, "코사인 (T_max=700)"), (1500, "코사인 (T_max=1500)")]:
    k = checkpoints.index(step_)
    diff = sgdr_l[:, k] - summary[planned][0][:, k]
    assert np.all(np.abs(diff) < 0.005), (step_, diff)
    print(f"스텝 {step_}: SGDR − {planned} (시드별) {' '.join(f'{d:+.4f}' for d in diff)}")
# 3) 이 문제에서는 한 번의 코사인을 중간(스텝 300)에 멈춘 모델이 모든 시드에서 SGDR의 300 스냅숏보다 낫습니다.
assert np.all(cos_l[:, 1] < sgdr_l[:, 1]), (cos_l[:, 1], sgdr_l[:, 1])
# 4) 스텝 1500의 검증 손실은 모든 시드에서 스텝 감쇠가 코사인과 SGDR보다 낮습니다 (차이는 작습니다).
assert np.all(step_l[:, -1] < cos_l[:, -1]) and np.all(step_l[:, -1] < sgdr_l[:, -1]), (step_l[:, -1], cos_l[:, -1], sgdr_l[:, -1])
print(f"스텝 1500: 스텝 감쇠 − 코사인 (시드별) {' '.join(f'{d:+.4f}' for d in step_l[:, -1] - cos_l[:, -1])}")
print(f"시드 간 표준편차: 코사인 {cos_l[:, -1].std():.4f}, 스텝 감쇠 {step_l[:, -1].std():.4f}")
print("결론을 모두 확인했습니다.")

# %% [markdown]
# 6절 처음에 적은 예측과 견주어 봅니다. 세 스케줄의 마지막 평균 검증 정확도를 (a)–(c) 순서로 넘깁니다.

# %%
ex.p1.compare(cos_a[:, -1].mean(), sgdr_a[:, -1].mean(), step_a[:, -1].mean())

# %% [markdown]
# ### 6.3 스냅숏 앙상블은?
#
# 재시작의 쓸모로 흔히 드는 것이 **스냅숏 앙상블**(snapshot ensembles, Huang et al., 2017)입니다. 주기 끝마다 모델을 저장해 두었다가, 예측할 때
# 그 모델들의 확률을 평균합니다. 학습은 한 번인데 모델 여러 개를 얻는 셈입니다. 이 문제에서 측정해 봅니다.
# `train.fit`의 `checkpoint_at`으로 스텝 300, 700에서 멈춰 모델을 복사해 두고, `resume`으로 이어서 1500까지 학습합니다(끊지 않은 학습과 똑같이 이어집니다).
# 비교를 위해 한 번의 코사인에서도 같은 스텝의 모델을 모읍니다. 시드 3개(0–2)이고, 6.2처럼 시드마다 초기 가중치와 데이터 순서가 함께 바뀝니다.

# %%
import copy

import torch.nn.functional as F


def snapshots(schedule, seed, at=(300, 700, total_steps)):
    """schedule로 학습하며 스텝 at마다 모델을 복사해 돌려줍니다 (중간에 멈췄다가 그대로 이어 학습)."""
    model, checkpoint, saved = models.mlp(seed=seed), None, []
    for stop in at:
        h = train.fit(model, digits, schedule=schedule, steps=total_steps, seed=seed, device=device, progress=False,
                      checkpoint_at=stop if stop < total_steps else None, resume=checkpoint)
        saved.append(copy.deepcopy(model))
        checkpoint = h.checkpoint
    return saved


def ensemble_val(members):
    """모델들의 소프트맥스 확률을 평균한 예측의 (검증 손실, 검증 정확도)."""
    x_val, y_val = digits.x_val.to(device), digits.y_val.to(device)
    with torch.no_grad():
        p = torch.stack([F.softmax(m(x_val), dim=-1) for m in members]).mean(dim=0)
        return F.nll_loss(torch.log(p), y_val).item(), (p.argmax(dim=1) == y_val).float().mean().item()


rows, ens = [], {"SGDR": [], "코사인": []}
for seed in [0, 1, 2]:
    for label, plan in [("SGDR", plans["SGDR (T_0=100, T_mult=2)"]), ("코사인", plans["코사인 (T_max=1500)"])]:
        members = snapshots(plan, seed)
        final, two, three = ensemble_val(members[-1:]), ensemble_val(members[1:]), ensemble_val(members)
        ens[label].append((final[0], two[0], three[0]))
        rows.append([f"{label}, 시드 {seed}", f"{final[0]:.4f} / {final[1]:.3f}", f"{two[0]:.4f} / {two[1]:.3f}", f"{three[0]:.4f} / {three[1]:.3f}"])
print("검증 손실 / 정확도")
print_table(["학습", "마지막 모델 (1500)", "앙상블 (700, 1500)", "앙상블 (300, 700, 1500)"], rows)

# %%
sgdr_ens = np.array(ens["SGDR"])
# 모든 시드에서: SGDR 스냅숏 앙상블의 검증 손실이 마지막 모델 하나보다 높습니다 (앞 스냅숏이 훨씬 덜 학습되었기 때문).
assert np.all(sgdr_ens[:, 1] > sgdr_ens[:, 0]) and np.all(sgdr_ens[:, 2] > sgdr_ens[:, 0]), sgdr_ens
# 마지막 모델끼리는 SGDR과 코사인이 거의 같습니다 (6.2와 같은 결론, 차이 0.005 미만).
assert np.all(np.abs(sgdr_ens[:, 0] - np.array(ens["코사인"])[:, 0]) < 0.005)
print("스냅숏 앙상블은 이 문제에서 마지막 모델 하나보다 나쁩니다.")

# %% [markdown]
# 앙상블이 도움이 되려면 구성원들이 **비슷하게 좋으면서 서로 다르게 틀려야** 합니다. 여기서는 앞의 스냅숏(300, 700)이 마지막 모델보다 훨씬 덜 학습되어 있어서,
# 평균하면 오히려 나빠졌습니다. 스냅숏 앙상블 논문은 더 크고 오래 학습하는 모델에서 여러 주기가 각각 충분히 수렴한 경우를 다룹니다. 이 작은 문제에서는 그 조건이 맞지 않습니다.

# %% [markdown]
# ### 6.4 측정이 말해 주는 것
#
# 원문의 주장을 하나씩 봅니다. 이 실험(작은 MLP, 손글씨 숫자, SGD, 1,500스텝, 시드 5개: 시드마다 초기 가중치와 데이터 순서가 함께 다름)에서 본 것입니다.
#
# - **"재시작하면 지역 최적해에서 벗어난다"**: 자리 잡은 뒤의 재시작(300, 700)에서 학습 손실이 튀는 것은 모든 시드에서 사실입니다(6.1). 모델은 자리 잡았던 곳에서 밀려납니다.
#   검증 손실은 스텝 700에서는 모든 시드에서, 스텝 300에서는 일부 시드에서만 튀었습니다.
#   하지만 "벗어난 뒤 더 좋은 곳에 간다"는 증거는 없었습니다. SGDR의 주기 끝(300, 700, 1500)은 **같은 길이로 처음부터 계획한 코사인 한 번**과 검증 손실이
#   거의 같았습니다(모든 시드에서 차이 0.005 미만). 재시작 뒤의 개선은 "다른 골짜기를 찾아서"라기보다 "학습을 더 했기 때문"으로 설명됩니다.
# - **"일반화 성능을 높인다"**: 같은 예산 끝에서 코사인, SGDR, 스텝 감쇠의 평균 검증 정확도는 0.01 안에 모였습니다.
#   이 문제에서는 재시작의 일반화(generalization) 이득이 보이지 않습니다. 원문의 말은 "그럴 수도 있다"는 가설로 읽어야 하고, "효과적이다"는 이 측정으로는 지지되지 않습니다.
# - **재시작이 실제로 주는 것**: 주기마다 학습률이 바닥에 닿는 **스냅숏 시점**(여기서는 100, 300, 700, 1500)이 생깁니다. 각 스냅숏은 그 길이로 계획한 코사인만큼 좋습니다.
#   전체 예산을 미리 모를 때("언제든 멈출 수 있는" anytime 학습) 쓸모가 있습니다. 다만 이 문제처럼 큰 학습률이 곧 빠른 학습인 경우에는,
#   한 번의 긴 코사인을 중간에 멈춘 모델이 스냅숏보다 나았습니다(스텝 300에서, 모든 시드). 스냅숏 앙상블도 여기서는 마지막 모델 하나보다 나빴습니다(6.3).
# - **코사인 곡선 자체는 더 나은가?** 코사인 어닐링이 요즘 널리 쓰이니 곡선의 모양이 좋기 때문이라고 생각하기 쉽습니다. 이 실험은 그 증거가 되지 못합니다.
#   스텝 1500의 검증 손실은 시드 다섯 개 모두에서 **스텝 감쇠가 코사인보다 조금 낮았고**, 정확도는 셋이 같은 수준이었습니다(6.2의 표).
#   차이가 시드 간 표준편차와 비슷한 크기이고 작은 문제 하나에서 얻은 것이라, 거꾸로 "스텝 감쇠가 낫다"고 일반화할 수도 없습니다.
#   이 측정이 말해 주는 것은 "이 문제에서는 끝에서 학습률을 충분히 줄이기만 하면 곡선의 모양은 결과를 거의 바꾸지 않는다"입니다.
#
# SGDR 논문(Loshchilov & Hutter, 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR)이 실제로 측정한 것도 곡선 모양의 우열이 아닙니다.
# 논문은 CIFAR-10과 CIFAR-100에서 WRN(wide residual network)을 학습해, WRN 원논문이 쓴 스텝 스케줄(정해진 에포크에서 학습률을 한꺼번에 줄임)과 비교했습니다.
# SGDR은 그 스텝 스케줄과 비슷한 테스트 오류에 2–4배 적은 에포크로 닿았고(anytime 성능), 주기 끝 스냅숏들을 모은 앙상블로 당시 최고 수준의
# 테스트 오류(CIFAR-10 3.14%, CIFAR-100 16.21%)를 보고했습니다. 곧 논문이 보인 이점은 "같은 예산에서 곡선 덕분에 더 좋은 모델"이 아니라
# "좋은 모델에 더 빨리 닿고, 그 길에서 스냅숏을 얻는다"입니다. 오늘날 큰 모델의 학습에서는 재시작 없이 워밍업 + 코사인 한 번(다음 노트북들에서 다룸)이 흔합니다.
# 이 결론은 작은 문제 하나에서 얻은 것입니다. 여러분의 문제에서는 직접 측정해 보세요. 이 노트북의 실험 셀을 바꿔 돌리면 됩니다.

# %% [markdown]
# ## 정리
#
# - 코사인 어닐링: lr(t) = eta_min + (lr − eta_min)·(1 + cos(πt/T_max))/2. 처음과 끝이 평평하고 가운데가 가파릅니다. T_max는 보통 전체 학습 스텝 수로 둡니다.
# - PyTorch `CosineAnnealingLR`은 T_max 뒤에 다시 올라가 2·T_max에서 처음 값이 됩니다. lrcourse `cosine_annealing`은 eta_min에 머뭅니다.
# - SGDR: 주기 길이 T_0, T_0·T_mult, …, 재시작 스텝 S_n = T_0·(T_mult^n − 1)/(T_mult − 1). T_0를 골라 마지막 주기가 학습 끝에서 끝나게 합니다.
# - 자리 잡은 뒤의 재시작 직후에는 학습 손실이 튑니다(모든 시드). 검증 손실은 시드에 따라 튀기도 하고 아니기도 합니다. 이 실험에서 재시작은 일반화를 높이지 않았고,
#   주기 끝은 같은 길이의 코사인 한 번과 같았습니다. 재시작의 쓸모는 "언제든 멈출 수 있는 스냅숏"이고, 스냅숏 앙상블은 이 문제에서 마지막 모델 하나보다 나빴습니다.
# - 같은 예산 끝에서 코사인, SGDR, 스텝 감쇠의 정확도는 같은 수준이었고 검증 손실은 스텝 감쇠가 조금 낮았습니다. 이 문제에서 코사인 곡선의 모양 자체가 주는 이득은 보이지 않았습니다.
#
# 다음 노트북에서는 코사인 앞에 붙이는 **워밍업(warmup)** 을 다룹니다.

# %% [markdown]
# ## 연습 문제
#
# 각 문제의 빈칸을 채우고 셀을 실행하세요. 막히면 `ex.qN.hint()`, 더 구체적인 힌트는 `ex.qN.hint(2)`, 답을 보려면 `ex.qN.solution()`을 실행합니다.

# %%
from lrcourse.exercises import lesson04 as ex

# %% [markdown]
# ### 문제 1
#
# `cosine_lr(t, lr, T_max, eta_min=0.0)`를 쓰세요. 스텝 t의 코사인 어닐링 학습률을 돌려주되, lrcourse처럼 **t ≥ T_max이면 eta_min**에 머뭅니다.

# %% tags=["solution"]
def cosine_lr(t, lr, T_max, eta_min=0.0):
    # BEGIN SOLUTION
    if t >= T_max:
        return eta_min
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
    # END SOLUTION


ex.q1.check(cosine_lr)

# %% [markdown]
# ### 문제 2
#
# PyTorch `CosineAnnealingLR(optimizer, T_max=100, eta_min=0)`(옵티마이저의 학습률 0.1)을 **175번** `step()`한 뒤 `get_last_lr()`은 얼마입니까?
# 3절의 그림을 떠올리세요. `answer`에 숫자를 **소수 넷째 자리까지**(반올림) 넣거나, 그 값을 계산하는 식을 그대로 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.1 * (1 + math.cos(math.pi * 175 / 100)) / 2
# END SOLUTION
ex.q2.check(answer)

# %% [markdown]
# ### 문제 3
#
# `restart_steps(T_0, T_mult, total_steps)`를 쓰세요. 스텝 0, 1, …, total_steps − 1 가운데 웜 리스타트가 일어나는 스텝을 작은 것부터 담은 리스트를 돌려줍니다.
# 스텝 0은 학습의 시작이라 넣지 않습니다. 예: `restart_steps(100, 2, 1500)` → `[100, 300, 700]`.

# %% tags=["solution"]
def restart_steps(T_0, T_mult, total_steps):
    # BEGIN SOLUTION
    steps, start, length = [], 0, T_0
    while start + length < total_steps:
        start += length
        steps.append(start)
        length *= T_mult
    return steps
    # END SOLUTION


ex.q3.check(restart_steps)

# %% [markdown]
# ### 문제 4
#
# 2,100스텝 학습에 `cosine_warm_restarts(lr, T_0, T_mult=2)`를 씁니다. 주기 **3개**가 정확히 스텝 2100에서 끝나려면 T_0는 얼마여야 합니까?
# `answer`에 정수(int)를 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 2100 // (1 + 2 + 4)
# END SOLUTION
ex.q4.check(answer)

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()
