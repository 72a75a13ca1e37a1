# %% [markdown]
# # 05. 워밍업
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/05_warmup.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F05_warmup.ipynb)
#
# **예상 시간: 70분** (1–6절, 예측 하나와 연습 문제 네 개 포함)

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
import torch.nn.functional as F

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
# 1. **선형 워밍업(linear warmup)** 의 식을 읽고 `warmup_steps`(W)와 `start_factor`의 뜻을 말합니다.
# 2. 워밍업 뒤에 코사인 어닐링(cosine annealing)을 붙일 때 **T_max = 전체 스텝 − W** 로 두어야 하는 까닭을 말하고, PyTorch `LinearLR` + `SequentialLR`로 같은 스케줄을 만듭니다.
# 3. 워밍업이 필요한 네 가지 까닭(무작위 초기 가중치와 큰 첫 걸음, Adam의 2차 모멘트 추정, post-LN 트랜스포머, 큰 배치)을 각각 실제 학습으로 봅니다.
# 4. 워밍업 길이를 훑어 보고, 경험칙 2/(1 − β₂)와 견줍니다.

# %% [markdown]
# ## 1. 직관: 처음에는 살살
#
# 원문은 워밍업(warmup)을 이렇게 설명합니다. 학습을 시작할 때 가중치는 무작위로 초기화되어 불안정하니, 처음부터 큰 학습률(learning rate)을 쓰면 학습이
# 흔들릴 수 있다. 그래서 **처음 얼마 동안은 아주 작은 학습률에서 시작해 목표 학습률까지 직선으로 올린 뒤**, 본 스케줄(예: 코사인 어닐링)로 넘어간다.
#
# 이 설명은 맞지만 절반입니다. 이 노트북에서는 워밍업이 필요한 까닭을 네 가지로 나누어 하나씩 **실제로 학습해** 봅니다.
#
# - **무작위 초기 가중치와 큰 첫 걸음** (4.1): 원문이 말하는 까닭입니다.
# - **Adam의 2차 모멘트 추정** (4.2–4.3): Adam 같은 적응형 옵티마이저(optimizer)는 처음 몇 스텝(step) 동안 기울기 크기를 제대로 모릅니다.
# - **post-LN 트랜스포머** (4.4): 층 정규화(layer normalization)를 어디에 두느냐에 따라 워밍업 없이는 아예 배우지 못하기도 합니다.
# - **큰 배치(batch)와 선형 스케일링 규칙** (4.5): 배치를 키우며 학습률을 같은 비율로 키우면 처음이 위험해집니다.
#
# 원문은 워밍업 기간을 "몇 번의 에포크(epoch)"라고 하지만, 실제로는 스텝 수로 정하는 일이 많습니다. 이 강좌도 스텝으로 셉니다.

# %% [markdown]
# ## 2. 수식: 선형 워밍업과 start_factor
#
# 워밍업 길이를 W스텝, 본 스케줄을 main, 본 스케줄의 처음 값(최대 학습률)을 base = main(0), 시작 비율을 s(`start_factor`)라 하면
#
# $$\text{lr}(t) = \begin{cases} \text{base} \cdot \left(s + (1 - s)\,\dfrac{t}{W}\right) & t < W \\[4pt] \text{main}(t - W) & t \ge W \end{cases}$$
#
# 입니다. 스텝 0에서 base·s, 스텝 W에서 처음으로 base이고, 그 뒤는 본 스케줄입니다.
#
# - **본 스케줄은 t − W를 받습니다.** 워밍업이 끝난 스텝 W가 본 스케줄의 스텝 0입니다. 그래서 전체 학습이 T스텝이면 본 스케줄은 T − W스텝만 돕니다.
#   워밍업 뒤에 코사인을 붙일 때 **T_max = T − W** 로 두어야 마지막 스텝에서 학습률이 0(eta_min)에 닿습니다.
# - **start_factor**: `lrcourse.schedules.linear_warmup`의 기본값은 0입니다(Hugging Face `transformers`의 `get_cosine_schedule_with_warmup`과 같은 관례로, 스텝 0의 학습률이 0).
#   스텝 0을 버리기 싫으면 1/W 같은 작은 양수를 줍니다. PyTorch `LinearLR`의 기본값은 1/3이고 0은 받지 않습니다(3절).

# %%
T, W, lr = 1000, 100, 0.1
right = schedules.linear_warmup(schedules.cosine_annealing(lr, T_max=T - W), W)
wrong = schedules.linear_warmup(schedules.cosine_annealing(lr, T_max=T), W)
print(right)
for t in [0, 1, 50, 99, 100, 550, 999]:
    print(f"스텝 {t:>3}: T_max = T − W → {right(t):.5f},   T_max = T → {wrong(t):.5f}")
assert right(0) == 0.0 and math.isclose(right(50), lr / 2) and right(100) == lr
assert right(999) < 1e-6 and wrong(999) > 0.002  # T_max = T이면 끝에서 아직 0.0025 남습니다

# %% [markdown]
# T_max를 전체 스텝 수 T로 두면 마지막 스텝(999)의 학습률이 0.0025로, 최대의 2.5%가 남습니다. 작아 보이지만 코사인의 꼬리(3–4절의 04 노트북)가 하는 일,
# 곧 끝에서 아주 작은 학습률로 자리를 잡는 구간이 잘려 나간 것입니다. 워밍업이 길수록 더 많이 남습니다. 그림으로 봅니다.

# %%
fig, (ax_a, ax_b) = new_axes(ncols=2, figsize=(12, 4))
plot_schedules({"T_max = T − W (맞음)": right, "T_max = T (끝에서 0에 못 닿음)": wrong}, T, ax=ax_a,
               title="워밍업 100 + 코사인, 전체 1000스텝")
ax_a.axvline(W, color="0.5", lw=1, ls=":")
ax_a.legend(loc="upper right")
starts = {f"start_factor = {s:.3g}": schedules.linear_warmup(schedules.cosine_annealing(lr, T - W), W, start_factor=s)
          for s in (0.0, 0.1, 1 / 3)}
plot_schedules(starts, 200, ax=ax_b, title="처음 200스텝: start_factor에 따라 시작점만 다릅니다")
ax_b.set_ylim(0, 0.11)
ax_b.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## 3. PyTorch: LinearLR + SequentialLR과 그 함정
#
# PyTorch에는 워밍업 스케줄러가 따로 없고, 두 스케줄러를 이어 붙입니다.
#
# ```python
# warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=s, total_iters=W)
# cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T - W)
# sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[W])
# ```
#
# **함정**: `SequentialLR`은 마일스톤(W)에서 다음 스케줄러를 **그 스케줄러의 스텝 0부터 다시** 시작합니다. 학습의 스텝 t는 코사인의 스텝 t − W입니다.
# 그래서 `T_max`를 전체 스텝 수 T로 주면 코사인이 끝까지 내려가지 못한 채 학습이 끝납니다. `T_max = T − W`라야 합니다.
# lrcourse의 `linear_warmup`도 같은 방식(본 스케줄이 t − W를 받음)이라, 둘은 같은 학습률을 줍니다. 실제로 돌려 확인합니다.
# `LinearLR`은 start_factor로 0을 받지 않으므로(0 < s ≤ 1) 여기서는 s = 0.01로 비교합니다.

# %%
def torch_lrs(T_max, T=1000, W=100, s=0.01, lr=0.1):
    """LinearLR + SequentialLR로 T스텝 동안의 학습률 목록 (스텝 t에서 옵티마이저가 쓰는 값)."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=s, total_iters=W)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T_max)
    sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[W])
    out = []
    for _ in range(T):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


ours = schedules.linear_warmup(schedules.cosine_annealing(0.1, T_max=900), 100, start_factor=0.01)(np.arange(1000))
torch_right, torch_wrong = torch_lrs(T_max=900), torch_lrs(T_max=1000)
# 같은 스케줄: 모든 스텝에서 같은 학습률 (부동소수점 반올림 차이만)
assert np.allclose(torch_right, ours, rtol=1e-9, atol=1e-12), np.abs(torch_right - ours).max()
# T_max = T로 두면 마지막 스텝에서 아직 0.0025 남습니다 (코사인의 스텝 899/1000)
assert math.isclose(torch_wrong[-1], 0.1 * (1 + math.cos(math.pi * 899 / 1000)) / 2, rel_tol=1e-6)
print(f"최대 차이 (T_max = 900): {np.abs(torch_right - ours).max():.1e}")
print(f"마지막 스텝의 학습률: T_max = 900 → {torch_right[-1]:.2e}, T_max = 1000 → {torch_wrong[-1]:.5f}")

# %% [markdown]
# 다른 라이브러리의 관례도 알아 두면 좋습니다. Hugging Face의 `get_cosine_schedule_with_warmup(opt, num_warmup_steps=W, num_training_steps=T)`는 T를 받아
# 안에서 T − W를 계산해 주므로 이 실수가 없습니다(스텝 0의 학습률 0). timm의 스케줄러는 `warmup_prefix=False`(기본값)이면 워밍업 동안에도 본 스케줄이 흘러가서,
# 워밍업이 끝났을 때 코사인은 이미 스텝 W에 와 있습니다. 같은 이름의 "워밍업 + 코사인"이 라이브러리마다 조금씩 다르니, 학습률은 **그려서** 확인하세요.

# %% [markdown]
# ## 4. 왜 워밍업인가: 까닭마다 학습으로
#
# 이 절의 실험은 모두 여러 시드(seed)로 돌리고, 결론을 `assert`로 확인합니다. 시드가 무엇을 바꾸는지(초기 가중치, 데이터 순서)는 실험마다 적습니다.
# 숫자 데이터는 손글씨 숫자(digits, 8×8 이미지, 학습 1,438장, 검증 359장)이고 모델은 작은 MLP(은닉층 64)입니다.

# %%
digits = data.load_digits(device)
inits = [models.mlp(seed=s) for s in range(4)]  # 초기 가중치 4가지 (시드 0–3)

# %% [markdown]
# ### 4.1 무작위 초기 가중치와 큰 첫 걸음
#
# 모멘텀 없는 SGD로 학습률 2(이 MLP에는 아주 큰 값)를 처음부터 쓰면 어떻게 될까요? 처음 30스텝의 학습 손실을 봅니다.
# 초기 가중치 4가지(시드 0–3), 데이터 순서는 같습니다(시드 0). 비교: 50스텝 동안 0에서 2까지 직선으로 올리는 워밍업.

# %%
T1, W1, lr1 = 300, 50, 2.0
plans1 = {"워밍업 없음": schedules.cosine_annealing(lr1, T1),
          "워밍업 50": schedules.linear_warmup(schedules.cosine_annealing(lr1, T1 - W1), W1)}
runs1 = {name: fit_batched(inits, digits, [plan] * len(inits), "sgd", steps=T1, seed=0, device=device, progress=False)
         for name, plan in plans1.items()}
first_loss = float(runs1["워밍업 없음"][0].loss[0])  # 스텝 0의 손실 ≈ ln 10 ≈ 2.3 (10개 숫자를 고르게 찍음)
for name, hs in runs1.items():
    peaks = [float(np.max(h.loss[:30])) for h in hs]
    accs = [h.final_val_acc for h in hs]
    print(f"{name}: 처음 30스텝의 최대 학습 손실 {' '.join(f'{p:6.2f}' for p in peaks)}, "
          f"마지막 검증 정확도 {' '.join(f'{a:.3f}' for a in accs)}")

# %%
# 워밍업이 없으면 모든 초기 가중치에서 처음 30스텝 안에 학습 손실이 처음보다 20% 넘게 튀어 오르고,
# 워밍업이 있으면 어느 초기 가중치에서도 처음 값(≈ 2.3)을 0.1 넘게 넘지 않습니다.
no_warm_peaks = np.array([np.max(h.loss[:30]) for h in runs1["워밍업 없음"]])
warm_peaks = np.array([np.max(h.loss[:30]) for h in runs1["워밍업 50"]])
assert np.all(no_warm_peaks > 1.2 * first_loss), no_warm_peaks
assert np.all(warm_peaks < first_loss + 0.1), warm_peaks

fig, ax = new_axes(figsize=(9, 3.8))
for k, (name, hs) in enumerate(runs1.items()):
    for i, h in enumerate(hs):
        ax.plot(h.step[:60], h.loss[:60], color=PALETTE[k], ls=LINESTYLES[k], lw=1.4, alpha=0.8,
                label=name if i == 0 else None)
style_axes(ax, "SGD 학습률 2: 처음 60스텝의 학습 손실 (초기 가중치 4가지)", "스텝", "학습 손실", log=True)
ax.legend(loc="upper right")
plt.show()

# %% [markdown]
# 무작위로 초기화된 네트워크에서 큰 학습률의 첫 걸음들은 손실을 오히려 크게 올리고(실선, 처음 15스텝 안의 튀어 오름), 한 초기 가중치에서는 발산까지 했습니다.
# 워밍업이 있으면 처음 스무 스텝 남짓은 손실이 처음 값 아래에서 내려갑니다(점선).
#
# 다만 그림이 보여 주는 것을 정직하게 적어 둡니다. 워밍업한 학습도 학습률이 1을 넘은 뒤(스텝 30 무렵부터) 손실이 튀기 시작합니다. 이 MLP와 SGD에는 학습률 2가
# **언제든** 너무 커서, 워밍업은 튀어 오름을 없앴다기보다 미루었고, 마지막 정확도도 워밍업이 있든 없든 시드에 따라 들쭉날쭉했습니다(위 표).
# 워밍업은 "처음"을 고칠 뿐, 학습 내내 너무 큰 학습률까지 고치지는 못합니다. 워밍업이 **끝 결과**를 분명히 바꾸는 경우는 4.3(Adam), 4.4(post-LN), 4.5(큰 배치)에서 봅니다.

# %% [markdown]
# ### 4.2 Adam의 2차 모멘트 추정: 처음 몇 스텝은 모든 매개변수가 lr만큼 움직입니다
#
# Adam은 매개변수마다 기울기의 이동 평균 m(1차 모멘트)과 기울기 제곱의 이동 평균 v(2차 모멘트)를 두고, 편향 보정한 값으로
# Δθ = −lr · m̂ / (√v̂ + ε) 만큼 움직입니다. **첫 스텝**에서는 m̂ = g, v̂ = g²이라 Δθ = −lr · g/|g| = −lr · sign(g): 기울기가 크든 작든
# **모든 매개변수가 정확히 lr만큼** 움직입니다. v̂가 기울기 크기를 제대로 재려면 여러 스텝의 기울기를 모아야 하는데, β₂ = 0.999이면 v는
# 대략 1/(1 − β₂) = 1000스텝의 평균입니다. 처음 몇 스텝의 v̂는 표본 몇 개로 낸 추정이라 흔들리고, 그만큼 걸음의 크기도 흔들립니다.
#
# 실제로 재어 봅니다. 학습률 0인 Adam(가중치는 그대로, 옵티마이저의 상태만 쌓임)으로 배치 64의 기울기를 200스텝 넣고, 스텝마다 |m̂/(√v̂ + ε)|,
# 곧 "lr 1당 걸음의 크기"를 기울기가 있는 매개변수들의 중앙값으로 봅니다. 초기 가중치와 배치 순서를 함께 바꾼 시드 3개(0–2)입니다.

# %%
def adam_step_sizes(seed, steps=200, beta2=0.999):
    """학습률 0인 Adam에 무작위 배치의 기울기를 넣으며, 스텝마다 |m̂/(√v̂+ε)|의 중앙값(lr 1당 걸음)을 잽니다."""
    model = models.mlp(seed=seed)
    params = list(model.parameters())
    opt = torch.optim.Adam(params, lr=0.0, betas=(0.9, beta2))
    gen = torch.Generator().manual_seed(seed)
    sizes = []
    for t in range(1, steps + 1):
        idx = torch.randint(len(digits.x_train), (64,), generator=gen)
        opt.zero_grad()
        F.cross_entropy(model(digits.x_train[idx]), digits.y_train[idx]).backward()
        opt.step()
        step_size = []
        for p in params:
            state = opt.state[p]
            m_hat = state["exp_avg"] / (1 - 0.9**t)
            v_hat = state["exp_avg_sq"] / (1 - beta2**t)
            seen = v_hat > 0  # 한 번도 기울기를 받지 않은 매개변수(늘 0인 픽셀의 가중치)는 뺍니다
            step_size.append((m_hat.abs() / (v_hat.sqrt() + 1e-8))[seen])
        sizes.append(torch.cat(step_size).median().item())
    return np.array(sizes)


step_sizes = np.array([adam_step_sizes(seed) for seed in range(3)])
for seed, s in enumerate(step_sizes):
    print(f"시드 {seed}: 스텝 1 {s[0]:.3f}, 스텝 5 {s[4]:.3f}, 스텝 20 {s[19]:.3f}, 스텝 200 {s[-1]:.3f}")
# 첫 스텝에서는 (ε를 빼면) 모든 매개변수가 정확히 lr만큼: 중앙값이 1입니다. 200스텝 뒤에는 0.6 아래입니다.
assert np.all(np.abs(step_sizes[:, 0] - 1) < 1e-3), step_sizes[:, 0]
assert np.all(step_sizes[:, -1] < 0.6), step_sizes[:, -1]

# %% [markdown]
# 처음에는 lr 1당 걸음이 1(모든 매개변수가 lr만큼)이고, 스텝이 쌓이며 기울기의 잡음이 v̂에 들어가 걸음이 작아집니다. 곧 **같은 lr이라도 Adam의 처음 걸음은 나중보다 큽니다.**
# 높은 학습률에서 이 큰 첫 걸음들이 무작위 초기 가중치를 엉뚱한 곳으로 보낼 수 있습니다(4.3에서 봅니다).
#
# **경험칙 2/(1 − β₂)는 어디서 왔나.** RAdam(Liu et al., 2019, "On the Variance of the Adaptive Learning Rate and Beyond")은 처음 스텝들에서 적응 학습률 1/√v̂의
# 분산이 크다는 것을 문제로 보고, 그 분산을 줄이는 보정 계수 r_t(처음 4스텝은 0, 곧 모멘텀 SGD처럼 움직이고, 그 뒤 1로 천천히 오름)를 곱했습니다.
# Ma & Yarats(2019, "On the Adequacy of Untuned Warmup for Adaptive Optimization")는 RAdam이 하는 일이 사실상 워밍업이라고 보고, 조율하지 않은(untuned)
# 워밍업으로 **선형 워밍업 2/(1 − β₂)스텝** (또는 지수 워밍업 1 − exp(−(1 − β₂)t))을 제안했습니다. 1/(1 − β₂)는 v의 이동 평균이 기억하는 길이이고,
# 2배는 RAdam의 보정과 맞추려고 붙은 것입니다. 아래에서 β₂ = 0.999의 r_t와 2000스텝 선형 워밍업을 직접 계산해 견줍니다. 두 곡선은 모양이 다르지만
# 곡선 위쪽의 넓이(1 − 계수를 모든 스텝에 더한 값, 곧 "덜 쓴 학습률의 합")가 거의 같습니다.

# %%
beta2 = 0.999
t = np.arange(1, 20001)
rho_inf = 2 / (1 - beta2) - 1
rho = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
radam = np.where(rho > 4, np.sqrt(np.clip((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho), 0, None)), 0.0)
linear = np.minimum(1.0, t * (1 - beta2) / 2)  # 2/(1 − β₂) = 2000스텝 선형 워밍업
print(f"2/(1 − β₂) = {2 / (1 - beta2):.0f}스텝")
print(f"덜 쓴 학습률의 합 Σ(1 − 계수): RAdam {np.sum(1 - radam):.0f}, 선형 워밍업 {np.sum(1 - linear):.0f} (스텝 × lr 단위)")
assert abs(np.sum(1 - radam) / np.sum(1 - linear) - 1) < 0.05  # 5% 안에서 같습니다

fig, (ax_a, ax_b) = new_axes(ncols=2, figsize=(12, 4))
for seed, s in enumerate(step_sizes):
    ax_a.plot(np.arange(1, len(s) + 1), s, color=PALETTE[seed], ls=LINESTYLES[seed], lw=1.6, label=f"시드 {seed}")
style_axes(ax_a, "Adam의 걸음 크기 |m̂/(√v̂+ε)| (중앙값)", "스텝", "lr 1당 걸음")
ax_a.set_ylim(0, 1.05)
ax_a.legend(loc="upper right")
ax_b.plot(t, radam, color=PALETTE[0], lw=2, label="RAdam의 보정 계수 r_t")
ax_b.plot(t, linear, color=PALETTE[1], lw=2, ls="--", label="선형 워밍업 2/(1 − β₂) = 2000스텝")
style_axes(ax_b, "β₂ = 0.999: RAdam의 보정과 조율하지 않은 워밍업", "스텝", "학습률에 곱하는 계수")
ax_b.set_xlim(0, 8000)
ax_b.legend(loc="lower right")
plt.show()

# %% [markdown]
# ### 4.3 높은 학습률의 Adam: 워밍업이 있으면 더 좋고 시드에 덜 흔들립니다
#
# 숫자 MLP를 Adam 학습률 0.2(Adam으로는 아주 큰 값; 흔한 기본값은 0.001)로 600스텝 학습합니다. 비교하는 두 스케줄은
#
# - **워밍업 없음**: 코사인 감쇠 600스텝,
# - **워밍업 100**: 100스텝 선형 워밍업 + 코사인 감쇠 500스텝(T_max = 600 − 100)
#
# 입니다. 초기 가중치 4가지(시드 0–3) × 데이터 순서 3가지(시드 0–2) = 12번씩 학습합니다. 배치 엔진(`fit_batched`)으로 한 데이터 순서의 학습을 한 번에 돌립니다.
#
# 이 설정은 미리 찾아 둔 것입니다. 라이브러리의 측정(tests/test_claims.py)에서 **감쇠 없이 상수 학습률로 끝내면** lr 0.03–0.1에서는 워밍업의 효과가 보이지
# 않았습니다(마지막 정확도가 학습률 잡음에 좌우됨). 코사인 감쇠로 끝을 정리하고 lr을 0.15–0.2로 올려야 워밍업의 효과가 뚜렷했고, 0.15에서는 차이가 작아 0.2를 씁니다.
# 그래서 여기서는 둘 다 코사인으로 끝냅니다. 아래에서 상수 학습률 0.2도 함께 돌려 감쇠가 무엇을 더하는지 봅니다.

# %%
T3, lr3 = 600, 0.2


def warmup_cosine(warmup_steps, lr=lr3, total=T3):
    """warmup_steps스텝 선형 워밍업 + 코사인 감쇠 (T_max = total − warmup_steps). 0이면 코사인만."""
    main = schedules.cosine_annealing(lr, total - warmup_steps)
    return schedules.linear_warmup(main, warmup_steps) if warmup_steps else main


plans3 = {
    "코사인, 워밍업 없음": warmup_cosine(0),
    "코사인, 워밍업 100": warmup_cosine(100),
    "상수, 워밍업 없음": schedules.constant(lr3),
    "상수, 워밍업 100": schedules.linear_warmup(schedules.constant(lr3), 100),
}
acc3 = {name: [] for name in plans3}  # 이름 → 정확도 12개 (데이터 순서 0의 초기 가중치 0–3, 데이터 순서 1의 …)
for order in range(3):
    runs = fit_batched([m for _ in plans3 for m in inits], digits, [p for p in plans3.values() for _ in inits], "adam",
                       steps=T3, seed=order, eval_every=T3, device=device, progress=False)
    for k, name in enumerate(plans3):
        acc3[name] += [h.final_val_acc for h in runs[k * len(inits):(k + 1) * len(inits)]]
acc3 = {name: np.array(a) for name, a in acc3.items()}
for name, a in acc3.items():
    print(f"{name}: 검증 정확도 {a.mean():.3f} ± {a.std():.3f} (가장 나쁜 {a.min():.3f}, 가장 좋은 {a.max():.3f})")

# %%
none3, warm3 = acc3["코사인, 워밍업 없음"], acc3["코사인, 워밍업 100"]
# 1) 워밍업이 있으면 평균 검증 정확도가 0.05 넘게 높고,
assert warm3.mean() > none3.mean() + 0.05, (none3, warm3)
# 2) 시드 사이의 표준편차가 절반 아래이며,
assert warm3.std() < 0.5 * none3.std(), (none3, warm3)
# 3) 워밍업한 12번 가운데 가장 나쁜 것도 0.95를 넘습니다.
assert warm3.min() > 0.95, warm3
# 4) 같은 초기 가중치·같은 데이터 순서끼리 짝지어 보아도 12쌍 가운데 10쌍 이상에서 워밍업 쪽이 낫거나 같습니다.
assert np.sum(warm3 >= none3) >= 10, (none3, warm3)
# 5) 상수 학습률로 끝내면 워밍업이 있어도 코사인으로 끝낸 것보다 평균이 낮고 시드 사이 표준편차가 큽니다.
const_warm3 = acc3["상수, 워밍업 100"]
assert const_warm3.mean() < warm3.mean() and const_warm3.std() > warm3.std(), (const_warm3, warm3)
print(f"짝지은 12쌍에서 워밍업이 낫거나 같은 쌍: {np.sum(warm3 >= none3)}")

fig, ax = new_axes(figsize=(9, 3.6))
for k, (name, a) in enumerate(acc3.items()):
    ax.scatter(np.full(len(a), k) + np.linspace(-0.15, 0.15, len(a)), 100 * a, color=PALETTE[k], s=22)
    ax.plot([k - 0.25, k + 0.25], [100 * a.mean()] * 2, color="0.2", lw=2)
ax.set_xticks(range(len(acc3)), list(acc3))
style_axes(ax, "Adam lr 0.2, 600스텝: 12번(초기 가중치 4 × 데이터 순서 3)의 검증 정확도, 가로선 = 평균", None, "검증 정확도 (%)")
ax.set_ylim(0, 100)
plt.show()

# %% [markdown]
# 워밍업이 없으면 어떤 시드는 97% 가까이 배우고 어떤 시드는 한참 못 미칩니다. 워밍업이 있으면 12번 모두 비슷하게 좋습니다.
# lr 0.2에서는 상수 학습률로 끝내도 워밍업의 이득이 보였습니다(위 표, 그림의 오른쪽 두 열). 다만 워밍업이 있어도 상수로 끝내면 코사인으로 끝낸 것보다 평균이 낮고
# 시드 사이 폭이 넓습니다. 높은 학습률의 잡음이 끝까지 남기 때문입니다. **워밍업은 처음을, 감쇠는 끝을** 맡습니다. 둘이 함께여야 이 높은 학습률을 가장 잘 씁니다.

# %% [markdown]
# ### 4.4 post-LN 트랜스포머: 워밍업 없이는 배우지 못합니다
#
# 원래의 트랜스포머(Vaswani et al., 2017)는 각 부분층 **뒤에서** 층 정규화를 합니다(**post-LN**). 지금 대부분의 모델(GPT-2 이후)은 부분층 **앞에서** 합니다(**pre-LN**).
# Xiong et al.(2020, "On Layer Normalization in the Transformer Architecture")은 post-LN에서 초기화 직후 출력층 근처 매개변수의 기울기가 크기 때문에
# 큰 학습률로 바로 시작하면 학습이 망가지고, 그래서 워밍업이 꼭 필요하며, pre-LN은 기울기가 고르게 작아서 워밍업 없이도 배운다고 분석했습니다.
#
# 작은 트랜스포머(4층, 너비 64, 머리 4)에게 길이 16의 토큰 열(어휘 16개)을 **뒤집는** 과제를 줍니다. Adam(β = 0.9, 0.98), 최대 학습률 0.01, 배치 32, 100스텝입니다.
# 워밍업은 35스텝이고, 워밍업이 없는 쪽도 같은 코사인 감쇠로 끝냅니다. 무작위로 찍으면 토큰 정확도는 1/16 ≈ 0.06입니다.
# 시드 3개(0–2)이고, 시드마다 초기 가중치와 데이터 순서가 함께 바뀝니다. (이 셀이 이 노트북에서 가장 오래 걸립니다: 20–30초.)

# %%
T4, W4, lr4 = 100, 35, 1e-2
task = data.reversal_task(vocab_size=16, seq_len=16, num_val=256)
plans4 = {
    "pre-LN, 워밍업 없음": (True, schedules.cosine_annealing(lr4, T4)),
    "post-LN, 워밍업 없음": (False, schedules.cosine_annealing(lr4, T4)),
    "post-LN, 워밍업 35": (False, schedules.linear_warmup(schedules.cosine_annealing(lr4, T4 - W4), W4)),
}
acc4 = {}
for name, (norm_first, plan) in plans4.items():
    acc4[name] = []
    for seed in range(3):
        model = models.tiny_transformer(16, 16, d_model=64, num_layers=4, nhead=4, norm_first=norm_first, seed=seed)
        h = train.fit(model, task, "adam", plan, steps=T4, batch_size=32, betas=(0.9, 0.98), eval_every=T4, seed=seed,
                      device=device, progress=False)
        acc4[name].append(h.final_val_acc)
    print(f"{name}: 검증 토큰 정확도 {' '.join(f'{a:.3f}' for a in acc4[name])} (시드 0–2)")

# %%
# 배웠다 = 검증 토큰 정확도 0.9 이상, 실패 = 0.2 이하 (우연 수준 0.06)
assert all(a >= 0.9 for a in acc4["pre-LN, 워밍업 없음"]), acc4
assert all(a <= 0.2 for a in acc4["post-LN, 워밍업 없음"]), acc4
assert all(a >= 0.9 for a in acc4["post-LN, 워밍업 35"]), acc4
print("세 시드 모두: pre-LN은 워밍업 없이 배우고, post-LN은 워밍업 없이 실패하며 워밍업하면 배웁니다.")

# %% [markdown]
# 세 시드 모두에서 Xiong et al.의 분석대로 나왔습니다. 이 대조는 설정에 민감하다는 것도 적어 둡니다. 이 과제를 고를 때 잰 바로는, 3층이면 post-LN이 워밍업 없이도
# 시드에 따라 배웠고(시드 4개 가운데 2개), 너비 32에서도 그랬습니다. 4층, 너비 64에서 비로소 네 시드 모두 실패했습니다. 층이 깊을수록 post-LN의 문제가 커진다는
# 분석과 맞는 방향입니다. 여기서 쓴 β₂ = 0.98에서는 4.2의 경험칙 2/(1 − β₂)가 100스텝으로, 학습 전체만큼 깁니다. 35스텝으로도 충분했습니다.

# %% [markdown]
# ### 4.5 큰 배치와 선형 스케일링 규칙
#
# Goyal et al.(2017, "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour")은 배치를 k배로 키우면 학습률도 k배로 키우는 **선형 스케일링 규칙**(linear scaling rule)으로
# ImageNet을 배치 8,192로 학습했고, 이때 처음 5에포크 동안 학습률을 서서히 올리는 워밍업(gradual warmup)이 꼭 필요했다고 보고했습니다. 학습 초기에는 네트워크가 빠르게
# 바뀌어 "큰 걸음 하나 ≈ 작은 걸음 k개"라는 규칙의 가정이 깨지기 때문입니다.
#
# 여기서는 프로세스 하나로 흉내 냅니다(여러 프로세스로 나누어 하는 실제 큰 배치 학습은 다음 4.6에서 합니다). 모멘텀 0.9 SGD로 40에포크,
# 기준은 배치 32에 학습률 0.2이고, 배치를 8배(256)로 키우며 학습률도 8배(1.6)로 키웁니다. 워밍업은 Goyal et al.처럼 5에포크입니다.
# 초기 가중치 4가지(시드 0–3) × 데이터 순서 2가지(시드 0–1) = 8번씩입니다.

# %%
epochs5, lr_base, batch_base, k = 40, 0.2, 32, 8
configs5 = {}
for batch, lr_k in [(batch_base, lr_base), (k * batch_base, k * lr_base)]:
    per_epoch = train.steps_per_epoch(digits, batch)
    total, warm = epochs5 * per_epoch, 5 * per_epoch
    configs5[f"배치 {batch}, lr {lr_k:g}, 워밍업 없음"] = (batch, total, schedules.cosine_annealing(lr_k, total))
    if batch > batch_base:
        configs5[f"배치 {batch}, lr {lr_k:g}, 워밍업 5에포크"] = (
            batch, total, schedules.linear_warmup(schedules.cosine_annealing(lr_k, total - warm), warm))
acc5 = {}
for name, (batch, total, plan) in configs5.items():
    orders = [0] if batch == batch_base else [0, 1]  # 기준(작은 배치)은 오래 걸려 데이터 순서 하나로만 봅니다
    acc5[name] = np.array([h.final_val_acc for order in orders
                           for h in fit_batched(inits, digits, [plan] * len(inits), "sgd", momentum=0.9, steps=total,
                                                batch_size=batch, seed=order, eval_every=total, device=device,
                                                progress=False)])
    print(f"{name}: {total}스텝, 검증 정확도 {acc5[name].mean():.3f} ± {acc5[name].std():.3f}, "
          f"시드별 {' '.join(f'{a:.3f}' for a in acc5[name])}")

# %%
big_none = acc5["배치 256, lr 1.6, 워밍업 없음"]
big_warm = acc5["배치 256, lr 1.6, 워밍업 5에포크"]
base5 = acc5["배치 32, lr 0.2, 워밍업 없음"]
assert base5.min() > 0.97, base5  # 기준: 작은 배치에서는 워밍업 없이도 잘 배웁니다
assert big_warm.mean() > big_none.mean() + 0.2, (big_none, big_warm)  # 큰 배치 + 8배 학습률: 워밍업이 평균을 크게 올립니다
assert np.all(big_warm > big_none), (big_none, big_warm)  # 8쌍 모두에서
print(f"워밍업이 올린 평균 정확도: {big_warm.mean() - big_none.mean():+.3f}, 기준과의 차이: {big_warm.mean() - base5.mean():+.3f}")

# %% [markdown]
# 배치 256에 학습률 1.6으로 바로 시작하면 8번 모두 기준보다 한참 못 미칩니다. 5에포크 워밍업을 붙이면 모든 쌍에서 나아지고 대부분 기준 가까이 돌아옵니다.
# 다만 완전히 같아지지는 않았습니다(위 표의 가장 나쁜 시드). 이 데이터는 1,438장뿐이라 배치 256이면 한 에포크가 5스텝이고, 전체 200스텝이 기준(1,800스텝 남짓)보다
# 훨씬 짧습니다. 이 흉내에서 말할 수 있는 것은 "규칙대로 키운 큰 학습률에는 워밍업이 필요했다"까지입니다. 이 노트북을 준비하며 배치를 더 키워 보았을 때(512, lr 3.2)는 워밍업이 있어도 8번 가운데 5번이 발산했고 나머지도 정확도 0.25 아래였습니다.

# %% [markdown]
# ### 4.6 실제로 나누어 학습하기: torch.distributed와 torchrun
#
# 4.5는 큰 배치를 프로세스 하나로 흉내 냈습니다. 실제 큰 배치 학습은 **데이터 병렬**(data parallelism)입니다. 프로세스(보통 GPU 하나에 하나)마다 모델 사본을 두고,
# 스텝마다 전역 배치를 프로세스 수만큼 나누어 각자 기울기를 구한 뒤, 기울기를 모든 프로세스에서 평균해 똑같이 업데이트합니다. PyTorch에서는
# `torch.distributed`의 `DistributedDataParallel`(DDP)이 이 평균을 맡고, `torchrun`이 프로세스들을 띄웁니다.
#
# `lrcourse.large_batch`가 이것을 합니다. 아래 셀은 **프로세스 2개**를 띄웁니다. 프로세스마다 번호(랭크, rank) 0, 1이 붙고, 프로세스끼리 기울기를 주고받는
# 통신 백엔드(backend)는 CPU에서는 gloo, GPU에서는 NCCL입니다. 여기서는 CPU에서 gloo로, 프로세스마다 torch 스레드 1개를 씁니다.
#
# - 프로세스마다 배치 128, 전역 배치 256 = 기준 배치 32의 8배. 선형 스케일링 규칙으로 학습률 0.2 × 8 = 1.6. 모멘텀 0.9 SGD, 20에포크(100스텝), 끝은 코사인 감쇠입니다.
# - **점진적 워밍업**(gradual warmup)은 Goyal et al.처럼 **기준 학습률 0.2에서** 1.6까지 직선으로 올립니다(4.1–4.5처럼 0에서가 아닙니다). 길이는 W = 25스텝(5에포크, 논문과 같은 에포크 수)과 50스텝(10에포크)입니다.
# - 비교 기준(작은 배치): 배치 32, 학습률 0.2, 같은 20에포크(880스텝), 워밍업 없음. 이것은 랭크 0이 프로세스 하나로 돌립니다. 전역 배치가 같으면 프로세스 하나의 학습과
#   DDP 학습은 같은 계산이기 때문입니다. 스텝 k의 전역 배치는 (시드, k)만으로 정해지고, 프로세스 r은 그 r번째 절반을 받습니다. 라이브러리 테스트(tests/test_large_batch.py)가
#   2 프로세스와 1 프로세스의 매개변수가 부동소수점 반올림(1e-5) 안에서 같음을 확인합니다.
# - 시드 3개(0–2). 시드 하나가 초기 가중치와 데이터 순서를 함께 바꿉니다.
#
# 모든 설정(시드 3 × 워밍업 3가지 + 기준 3번)을 한 번 띄운 프로세스 그룹 안에서 차례로 학습합니다. torchrun과 각 프로세스의 출력은 잡아 두고, 실패할 때만 보입니다(15초쯤 걸립니다).
# 그동안 프로세스 3개(torchrun과 랭크 2개)가 저마다 torch를 불러 이 커널과 합해 메모리를 약 1.25 GB까지 씁니다. Binder(한 사람에 1–2 GB)에서는 다른 레슨의 커널을 끄고 실행하세요.

# %%
from lrcourse import large_batch

dist_runs = large_batch.launch(nproc=2, backend="gloo", seeds=[0, 1, 2], warmup=[0, 25, 50], batch_per_proc=128,
                               base_lr=0.2, reference_batch=32, epochs=20)
print(f"프로세스 {dist_runs['world_size']}개({dist_runs['backend']}), 전역 배치 {dist_runs['global_batch']}, "
      f"학습률 {dist_runs['lr']:g}, {dist_runs['steps']}스텝 / 기준: 배치 32, 학습률 0.2, {dist_runs['reference_steps']}스텝")

# %% [markdown]
# **초기 불안정의 잣대**: 처음 10에포크(큰 배치 50스텝, 기준 440스텝) 동안 학습 손실(전역 배치의 평균)의 최댓값을 스텝 0의 손실로 나눈 값입니다.
# 1이면 손실이 처음 값보다 한 번도 오르지 않았고, 1.1을 넘으면 "처음보다 10% 넘게 튀어 올랐다"로 봅니다(NaN이면 무한대). 작은 배치의 손실은 배치마다 흔들려
# 1을 조금 넘을 수 있어서 문턱을 1이 아니라 1.1로 둡니다. **마지막 손실**은 학습이 끝난 뒤 검증 세트 359장 전체의 손실입니다(표본 잡음이 없습니다).

# %%
names5 = {("reference", 0): "작은 배치(기준)", ("large", 0): "큰 배치, 워밍업 없음",
          ("large", 25): "큰 배치, 워밍업 25", ("large", 50): "큰 배치, 워밍업 50"}
table5 = {name: {} for name in names5.values()}  # 이름 → 시드 → (처음 최댓값 비, 마지막 검증 손실)
for run in dist_runs["runs"]:
    name = names5[(run["kind"], run["warmup"])]
    window = 10 * train.steps_per_epoch(digits, run["batch"])  # 처음 10에포크
    table5[name][run["seed"]] = (large_batch.early_peak(run["loss"], window), run["val_loss"])
print("시드 0, 1, 2의 (처음 10에포크의 최댓값 ÷ 스텝 0의 손실)과 마지막 검증 손실:")
for name, by_seed in table5.items():
    peaks = " ".join(f"{by_seed[s][0]:6.3f}" for s in range(3))
    finals = " ".join(f"{by_seed[s][1]:.4f}" for s in range(3))
    print(f"  최댓값 비 {peaks} | 마지막 손실 {finals} | {name}")

# %%
peak5 = {name: np.array([by_seed[s][0] for s in range(3)]) for name, by_seed in table5.items()}
final5 = {name: np.array([by_seed[s][1] for s in range(3)]) for name, by_seed in table5.items()}
ref5 = final5["작은 배치(기준)"]
# 1) 워밍업이 없으면 세 시드 모두 처음 10에포크 안에 손실이 처음보다 10% 넘게 튀어 오릅니다.
assert np.all(peak5["큰 배치, 워밍업 없음"] > 1.1), peak5
# 2) 워밍업이 있으면(25, 50) 세 시드 모두 처음 값보다 1% 넘게 오르지 않습니다. 작은 배치는 배치 잡음만큼(1.1 아래).
assert all(np.all(peak5[name] < 1.01) for name in ["큰 배치, 워밍업 25", "큰 배치, 워밍업 50"]), peak5
assert np.all(peak5["작은 배치(기준)"] < 1.1), peak5
# 3) 마지막 검증 손실: 워밍업 50은 세 시드 모두 기준과 0.07 안, 워밍업 25는 0.1 안입니다. 워밍업이 없으면 모두 0.1 넘게 나쁩니다.
assert np.all(np.abs(final5["큰 배치, 워밍업 50"] - ref5) < 0.07), (final5, ref5)
assert np.all(np.abs(final5["큰 배치, 워밍업 25"] - ref5) < 0.1), (final5, ref5)
assert np.all(final5["큰 배치, 워밍업 없음"] - ref5 > 0.1), (final5, ref5)
for name in list(names5.values())[1:]:
    print(f"{name}: 기준과의 마지막 손실 차이 {' '.join(f'{g:+.3f}' for g in final5[name] - ref5)} (시드 0–2)")

# %%
fig, (ax_a, ax_b) = new_axes(ncols=2, figsize=(12, 4))
for k, name in enumerate(names5.values()):
    for run in dist_runs["runs"]:
        if names5[(run["kind"], run["warmup"])] != name:
            continue
        epoch = np.arange(len(run["loss"])) / train.steps_per_epoch(digits, run["batch"])
        if run["seed"] == 0:
            ax_a.plot(epoch, run["lr"], color=PALETTE[k], ls=LINESTYLES[k], lw=1.8, label=name)
        small = run["kind"] == "reference"  # 배치 32의 손실은 배치마다 크게 흔들리므로 가늘게, 뒤에 그립니다
        ax_b.plot(epoch, run["loss"], color=PALETTE[k], ls=LINESTYLES[k], lw=0.8 if small else 1.4,
                  alpha=0.5 if small else 0.9, zorder=1 if small else 2, label=name if run["seed"] == 0 else None)
ax_b.axhline(math.log(10), color="0.4", lw=1, ls=":", label="처음 손실 ≈ ln 10")
style_axes(ax_a, "학습률: 선형 스케일링(×8)과 점진적 워밍업(0.2 → 1.6)", "에포크", "학습률")
ax_a.legend(loc="upper right")
style_axes(ax_b, "처음 10에포크의 학습 손실 (2 프로세스 DDP, 시드 0–2)", "에포크", "학습 손실", log=True)
ax_b.set_xlim(0, 10)
ax_b.set_ylim(1e-2, 30)  # 작은 배치의 가장 낮은 값들은 잘립니다: 이 그림은 처음의 튀어 오름을 봅니다
ax_b.legend(loc="upper right", fontsize=8, ncol=2)
plt.show()

# %% [markdown]
# 세 시드 모두에서 Goyal et al.의 관찰이 나왔습니다. 배치와 학습률을 8배로 키우고 바로 시작하면 처음 몇 에포크 안에 손실이 처음의 몇 배까지 튀어 오르고, 마지막 검증 손실도
# 기준보다 0.1 넘게 나빴습니다. 기준 학습률에서 출발하는 워밍업을 붙이면 처음의 튀어 오름이 사라지고, 마지막 손실이 기준 가까이 옵니다.
#
# 정직하게 적어 둘 것이 있습니다. 워밍업한 큰 배치도 기준과 **똑같지는 않았습니다**(위 표에서 기준보다 늘 조금 높습니다). 위에서 말한 "0.07 안"(워밍업 50),
# "0.1 안"(워밍업 25)이 이 실험에서 잰 차이의 크기입니다. 그리고 워밍업 없음의 마지막 손실은 시드에 따라 크게 달라서, 세 시드에 한결같은 것은 **처음의 불안정**입니다.
# 데이터가 1,438장뿐이라 배치 256이면 한 에포크가 5스텝이고, 같은 20에포크에 큰 배치는 100스텝만 걷습니다. 그래서 워밍업 10에포크가 학습의 절반이나 됩니다.
# ImageNet의 90에포크 가운데 5에포크를 워밍업한 Goyal et al.보다 비율로는 훨씬 깁니다.
#
# **같은 명령을 여러 머신과 GPU에서.** 위 셀은 이 머신에서 아래 첫 명령과 같은 일을 합니다. torchrun을 직접 써도 되고, 머신이 여러 대면 머신마다 torchrun을 띄웁니다.
# 코드는 바꾸지 않습니다.
#
# ```bash
# # 이 머신에서 프로세스 2개 (lrcourse가 torchrun을 띄우고 끝나면 정리합니다)
# python -m lrcourse.large_batch --nproc 2 --seeds 0 1 2 --warmup 0 25 50 --out runs.json
# # torchrun을 직접
# OMP_NUM_THREADS=1 torchrun --nproc-per-node 2 -m lrcourse.large_batch --seeds 0 1 2 --warmup 0 25 50 --out runs.json
# # 머신 2대 × GPU 4개: 두 머신에서 각각 (R은 머신 번호 0, 1; HOST는 머신 0의 주소)
# torchrun --nnodes 2 --node-rank R --nproc-per-node 4 --rdzv-backend c10d --rdzv-endpoint HOST:29500 \
#     -m lrcourse.large_batch --batch-per-proc 32 --seeds 0 1 2 --warmup 0 25 50 --out runs.json
# ```
#
# - GPU가 있으면 백엔드는 저절로 NCCL이고(`--backend auto`, 프로세스마다 GPU가 하나씩 있을 때), 프로세스마다 GPU 하나(`cuda:LOCAL_RANK`)를 씁니다. CPU만 있으면 gloo입니다.
# - 전역 배치는 **프로세스 수 × `--batch-per-proc`** 입니다. 위의 8 프로세스에서 `--batch-per-proc 32`로 두어야 전역 배치가 여기와 같은 256이고, 학습률도 같은 1.6입니다.
# - Windows에서는 PyTorch의 분산 학습 지원이 제한적입니다. 이 셀이 Windows에서 실패하면 WSL2나 Colab에서 실행하세요.
# - 한 프로세스가 실패하면 torchrun이 나머지를 멈추고, `lrcourse.large_batch`는 어느 랭크가 왜 실패했는지 한국어로 알린 뒤 0이 아닌 종료 코드로 끝냅니다. 남는 프로세스나 열린 포트는 없습니다.

# %% [markdown]
# ### 4.7 날카로움(sharpness): 최근 연구가 말하는 것
#
# Kalra & Barkeshli(2024, "Why Warmup the Learning Rate? Underlying Mechanisms and Improvements", NeurIPS)는 워밍업의 효과를 손실 곡면의 **날카로움**
# (sharpness, 헤시안의 가장 큰 고윳값)으로 설명합니다. 그들의 주장을 요약하면 이렇습니다.
#
# - 경사 하강은 날카로움이 대략 2/lr보다 크면 불안정합니다(01 노트북의 2/L 경계). 워밍업 동안 학습률이 천천히 오르면, 네트워크는 날카로움이 2/lr을 넘을 때마다
#   스스로 덜 날카로운 곳으로 옮겨 가며(그들은 이것을 불안정의 경계에서 자기 안정화된다고 설명합니다), 결국 더 큰 학습률을 견디는 곳에 닿습니다.
# - 그래서 워밍업의 주된 이득은 "더 큰 최대 학습률을 쓸 수 있게 하는 것"이고, 최대 학습률을 조율할 때 결과가 덜 민감해집니다.
# - Adam에서는 앞의 2차 모멘트 문제 때문에 불안정이 더 일찍 오며, 그들은 v를 처음 기울기 제곱으로 초기화하는 등의 개선도 제안합니다.
#
# 이것은 **그 논문의 주장**이고, 이 노트북은 날카로움을 재지 않았습니다. 이 노트북에서 본 것 가운데 이 설명과 맞는 방향은 "워밍업이 있으면 같은 큰 최대 학습률을
# 견딘다"(4.3, 4.5)입니다. 날카로움을 직접 재어 확인하는 것은 이 강좌의 범위 밖에 남겨 둡니다.

# %% [markdown]
# ## 5. 탐색기: 워밍업 길이와 최대 학습률을 움직여 보세요
#
# 아래 탐색기는 숫자 MLP를 학습합니다. **워밍업 (스텝)** 슬라이더는 고른 스케줄 앞에 선형 워밍업을 붙이고(스텝 0에서 0), 코사인의 T_max를 전체 − W로 따라 맞춥니다.
# 최대 학습률은 **학습률** 슬라이더입니다. 슬라이더를 움직인 뒤 **학습** 버튼을 누르세요(1–2초). '이전 실행과 겹쳐 그리기'가 켜져 있어 최근 네 번의 실행이 함께 그려집니다.
#
# 해 볼 것: Adam, 학습률 0.2에서 워밍업을 0으로 내리고 학습해 보세요. 그다음 아래의 `seed`를 바꿔 다시 만들어 보세요(4.3에서 본 것처럼 시드에 따라 결과가 크게 다릅니다).
# 학습률을 0.02로 낮추면 워밍업이 있든 없든 비슷한지도 보세요.

# %%
from lrcourse.widgets import training_explorer

training_explorer("cosine_annealing", epochs=27, optimizer="adam", warmup=100, lr=0.2, seed=0)

# %% [markdown]
# ## 6. 얼마나 길게 워밍업할까
#
# 4.2의 경험칙대로라면 β₂ = 0.999(Adam의 기본값)에는 2/(1 − β₂) = **2000스텝**을 워밍업해야 합니다. 4.3의 학습은 전체가 600스텝이라, 이 경험칙을 그대로 쓸 수 없습니다.
# 그러면 이 문제에서는 얼마가 좋을까요? 4.3과 같은 설정(Adam lr 0.2, 워밍업 뒤 코사인, 600스텝, 초기 가중치 4 × 데이터 순서 3 = 12번)에서 워밍업 길이
# W = 0, 25, 50, 100, 200, 400을 훑습니다. W = 0과 100은 4.3의 실행을 그대로 씁니다.
#
# ### 예측해 보기
#
# 실행하기 전에 예측해 보세요. 12번의 **평균 검증 정확도**는 워밍업 길이에 따라 어떻게 될까요?
#
# - (a) 워밍업 없음(W = 0)이 가장 좋다
# - (b) 워밍업이 있으면 길이(25–400)는 0.02 안에서 비슷하고, 모두 W = 0보다 낫다
# - (c) 길수록 좋다: 가장 긴 W = 400이 분명히 가장 좋다
# - (d) 중간 길이 하나가 분명히 가장 좋다
#
# `prediction`에 `"a"`, `"b"`, `"c"`, `"d"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다. 결과는 이 절 끝에서 견줍니다.

# %% tags=["solution"]
from lrcourse.exercises import lesson05 as ex

# BEGIN SOLUTION
prediction = "b"
# END SOLUTION
ex.p1.predict(prediction)

# %%
sweep = [25, 50, 200, 400]
acc6 = {0: acc3["코사인, 워밍업 없음"], 100: acc3["코사인, 워밍업 100"]}
for order in range(3):
    runs = fit_batched([m for _ in sweep for m in inits], digits, [warmup_cosine(W) for W in sweep for _ in inits],
                       "adam", steps=T3, seed=order, eval_every=T3, device=device, progress=False)
    for k, W in enumerate(sweep):
        acc6.setdefault(W, [])
        acc6[W] = np.append(acc6[W], [h.final_val_acc for h in runs[k * len(inits):(k + 1) * len(inits)]])
acc6 = {W: np.asarray(acc6[W]) for W in sorted(acc6)}
for W, a in acc6.items():
    print(f"W = {W:>3}: 검증 정확도 {a.mean():.3f} ± {a.std():.3f} (가장 나쁜 {a.min():.3f})")

# %%
means6 = {W: a.mean() for W, a in acc6.items()}
warmed = [W for W in acc6 if W > 0]
# 워밍업이 있는 모든 길이가 없는 것보다 평균 0.05 넘게 낫고, 가장 나쁜 시드도 0.95를 넘습니다.
assert all(means6[W] > means6[0] + 0.05 for W in warmed), means6
assert all(acc6[W].min() > 0.95 for W in warmed), {W: acc6[W].min() for W in warmed}
# 워밍업 길이끼리는 평균이 0.02(검증 이미지 약 7장) 안에 모입니다: 25스텝이면 충분하고, 더 길어도 얻는 것이 없습니다.
assert max(means6[W] for W in warmed) - min(means6[W] for W in warmed) < 0.02, means6
print(f"경험칙 2/(1 − β₂) = {2 / (1 - 0.999):.0f}스텝, 이 학습 전체 = {T3}스텝")

fig, ax = new_axes(figsize=(9, 3.8))
Ws = list(acc6)
xs = np.arange(len(Ws))
for i, W in enumerate(Ws):
    ax.scatter(np.full(12, i) + np.linspace(-0.15, 0.15, 12), 100 * acc6[W], color=PALETTE[0] if W else PALETTE[1], s=18)
ax.plot(xs, [100 * means6[W] for W in Ws], "o-", color="0.2", lw=1.5, label="평균 (12번)")
ax.set_xticks(xs, [str(W) for W in Ws])
style_axes(ax, "워밍업 길이 훑기: Adam lr 0.2, 600스텝 (경험칙 2/(1 − β₂) = 2000스텝은 학습보다 김)", "워밍업 길이 W (스텝)",
           "검증 정확도 (%)")
ax.set_ylim(20, 100)
ax.legend(loc="lower right")
plt.show()

# %%
ex.p1.compare(means6)

# %% [markdown]
# 이 문제에서는 **25스텝**만 워밍업해도 워밍업의 이득을 다 얻었고, 25부터 400까지는 평균이 0.02 안에서 같았습니다. 경험칙의 2000스텝은 이 학습 전체보다 길어 쓸 수 없고,
# 쓸 필요도 없었습니다. 경험칙은 β₂만 보고 학습률, 모델, 데이터는 보지 않는 "조율하지 않은" 출발점입니다. Ma & Yarats도 그것을 튜닝 없이 쓸 수 있는 기본값으로 제안했을 뿐,
# 가장 좋은 값이라고 하지 않았습니다. 실제로는 전체 학습의 몇 %(흔히 1–10%)로 정하는 경우가 많습니다. 이 실험에서는 4–67%가 모두 비슷했습니다.
# 길이가 결과를 거의 바꾸지 않는다는 것은 좋은 소식입니다. 워밍업 길이는 정밀하게 조율할 손잡이가 아니라 "있느냐 없느냐"가 중요한 손잡이였습니다(이 문제에서).

# %% [markdown]
# ## 정리
#
# - 선형 워밍업: t < W이면 lr(t) = base·(s + (1 − s)·t/W), 그 뒤는 본 스케줄(t − W). 스텝 0에서 base·s, 스텝 W에서 base. lrcourse와 Hugging Face는 s = 0, PyTorch `LinearLR`은 s > 0만 받습니다(기본 1/3).
# - 워밍업 + 코사인은 **T_max = 전체 − W**. PyTorch `SequentialLR`은 마일스톤에서 다음 스케줄러를 자기 스텝 0부터 다시 시작하므로 여기서도 T_max = 전체 − W이고, 그렇게 두면 `lrcourse.schedules.linear_warmup`과 같은 학습률을 줍니다.
# - 워밍업의 까닭은 원문이 말한 "무작위 초기 가중치"만이 아닙니다. 이 노트북에서 본 것:
#   - 큰 학습률의 첫 걸음은 손실을 튀어 오르게 했고, 워밍업하면 처음 30스텝에는 튀지 않았습니다(4.1, 초기 가중치 4가지 모두). 학습률 자체가 너무 크면 워밍업은 튀어 오름을 미룰 뿐 끝 결과까지 고치지는 못했습니다.
#   - Adam의 첫 걸음은 모든 매개변수를 lr만큼 움직이고, 200스텝 뒤의 걸음은 그 0.6배 아래입니다(4.2, 시드 3개). 경험칙 2/(1 − β₂)는 RAdam의 보정과 "덜 쓴 학습률의 합"이 같은 선형 워밍업입니다.
#   - Adam lr 0.2에서 워밍업 + 코사인은 코사인만보다 평균 정확도가 높고 시드에 덜 흔들렸습니다(4.3, 12번). 상수 학습률로 끝내면 워밍업이 있어도 코사인으로 끝낸 것보다 낮았습니다.
#   - post-LN 트랜스포머는 워밍업 없이 실패하고 워밍업하면 배웠고, pre-LN은 워밍업 없이 배웠습니다(4.4, 시드 3개).
#   - 선형 스케일링 규칙으로 키운 큰 학습률(배치 8배, lr 8배)에는 워밍업이 필요했습니다(4.5, 8번). 프로세스 2개의 DDP 학습에서도 워밍업이 없으면 처음 10에포크에 손실이 튀어 올랐고, 기준 학습률에서 올리는 워밍업을 붙이면 마지막 검증 손실이 작은 배치와 0.07 안이었습니다(4.6, 시드 3개).
#   - 날카로움의 설명(Kalra & Barkeshli, 2024)은 그 논문의 주장이고 여기서 재지 않았습니다.
# - 워밍업 길이는 이 문제에서 25–400스텝이 모두 비슷했습니다. 경험칙 2/(1 − β₂)(β₂ = 0.999이면 2000스텝)는 학습 전체보다 길었습니다.
# - 원문의 "워밍업 + 코사인이 표준"이라는 말과 다른 스케줄들의 비교는 다음 노트북에서 다룹니다.

# %% [markdown]
# ## 연습 문제
#
# 각 문제의 빈칸을 채우고 셀을 실행하세요. 막히면 `ex.qN.hint()`, 더 구체적인 힌트는 `ex.qN.hint(2)`, 답을 보려면 `ex.qN.solution()`을 실행하세요.

# %% [markdown]
# ### 문제 1
#
# `warmup_lr(t, lr, warmup_steps, start_factor=0.0)`를 쓰세요. 스텝 t의 선형 워밍업 학습률을 돌려주고, 워밍업이 끝나면(t ≥ warmup_steps) lr을 돌려줍니다.
# 스텝 0에서 lr·start_factor, 스텝 warmup_steps에서 처음으로 lr입니다.

# %% tags=["solution"]
def warmup_lr(t, lr, warmup_steps, start_factor=0.0):
    # BEGIN SOLUTION
    if t >= warmup_steps:
        return lr
    return lr * (start_factor + (1 - start_factor) * t / warmup_steps)
    # END SOLUTION


ex.q1.check(warmup_lr)

# %% [markdown]
# ### 문제 2
#
# 전체 3,000스텝을 학습하며 처음 200스텝을 워밍업합니다. `linear_warmup(cosine_annealing(lr, T_max), 200)`이 마지막 스텝에서 0에 닿으려면 T_max는 얼마여야 합니까?
# `answer`에 정수(int)를 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 3000 - 200
# END SOLUTION
ex.q2.check(answer)

# %% [markdown]
# ### 문제 3
#
# 누군가 PyTorch로 이렇게 썼습니다(옵티마이저의 학습률 0.1, 전체 1,000스텝).
#
# ```python
# warm = LinearLR(opt, start_factor=0.01, total_iters=100)
# cos = CosineAnnealingLR(opt, T_max=1000)
# sched = SequentialLR(opt, [warm, cos], milestones=[100])
# ```
#
# 마지막 스텝(스텝 999, 곧 `sched.step()`을 999번 부른 뒤)에 옵티마이저가 쓰는 학습률은 얼마입니까? 3절을 떠올리세요.
# `answer`에 숫자를 **소수 다섯째 자리까지**(반올림) 넣거나, 그 값을 계산하는 식을 그대로 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.1 * (1 + math.cos(math.pi * 899 / 1000)) / 2
# END SOLUTION
ex.q3.check(answer)

# %% [markdown]
# ### 문제 4
#
# 트랜스포머를 Adam(β₁ = 0.9, β₂ = 0.98)으로 학습합니다. Ma & Yarats(2019)의 조율하지 않은 선형 워밍업 경험칙 2/(1 − β₂)는 몇 스텝을 권합니까? `answer`에 정수(int)를 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = round(2 / (1 - 0.98))
# END SOLUTION
ex.q4.check(answer)

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()
