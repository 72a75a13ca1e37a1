# %% [markdown]
# # 06. 스케줄 고르기: 비교, Adam, 하이퍼파라미터 튜닝
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/06_choosing.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F06_choosing.ipynb)
#
# **예상 시간: 75분**

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
from lrcourse.plotting import LINESTYLES, PALETTE, new_axes, plot_schedules, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# 이 노트북을 마치면 다음을 할 수 있습니다.
#
# 1. 지금까지 본 스케줄 여덟 가지(상수, 스텝 감쇠, 지수 감쇠, 코사인, 워밍업 + 코사인, 선형 감쇠, 워밍업-유지-감쇠(WSD), 원사이클(one-cycle))를 **같은 스텝 예산**에서 SGD(모멘텀 0.9)와 AdamW로 견주고, 결과를 시드 여러 개의 평균 ± 표준편차로 읽습니다.
# 2. 스케줄의 **모양**과 **최고 학습률(peak learning rate)** 가운데 무엇이 결과를 더 크게 바꾸는지 측정으로 따져 봅니다(SGD와 AdamW에서 답이 다릅니다).
# 3. 지표를 보고 학습률을 줄이는 **성능 기반 스케줄링(performance scheduling)**, 곧 PyTorch `ReduceLROnPlateau`가 무엇에 반응하는지(`patience`, `factor`, `threshold`, `cooldown`) 말하고, 언제 쓰는지 압니다.
# 4. "Adam도 전역 스케줄을 함께 쓰면 낫다"는 원문의 말을 측정으로 따져 봅니다.
# 5. "워밍업 + 코사인이 표준"이라는 원문의 말을 최근 대형 모델 학습의 보고(WSD, 0까지 선형 감쇠)와 나란히 놓고, 이 강좌의 측정이 무엇을 말해 주고 무엇은 말해 주지 못하는지 구별합니다.
# 6. 상황마다 어떤 스케줄로 시작할지 정하는 **결정 안내표**를 근거와 함께 읽습니다.

# %% [markdown]
# ## 1. 직관: 같은 예산, 다른 모양
#
# 스텝 예산 T가 정해져 있을 때 스케줄이 정하는 것은 세 가지뿐입니다.
#
# - **얼마나 높이 올라가는가**: 최고 학습률. 여기서 멀리 빨리 갈지, 발산할지가 갈립니다(01).
# - **높은 곳에 얼마나 오래 머무는가**: 곡선 아래 넓이, 곧 평균 학습률. 상수와 WSD는 오래 머물고, 지수 감쇠는 일찍 내려옵니다.
# - **어떻게 끝나는가**: 끝에서 학습률을 충분히 줄이면 잡음이 줄어 손실이 한 번 더 내려갑니다(02–04).
#
# 그래서 "어떤 모양이 가장 좋은가"는 "**어떤 최고 학습률에서** 견주는가"와 떼어 물을 수 없습니다. 한 학습률에 모든 모양을 세우면,
# 그 학습률이 어떤 모양에는 너무 작고 어떤 모양에는 알맞을 수 있습니다. 이 노트북은 먼저 모양마다 최고 학습률을 훑은 뒤(3절),
# 모양마다 가장 좋은 학습률로 새 시드에서 다시 견줍니다(4절).

# %% [markdown]
# ## 2. 수식: 여덟 가지 스케줄
#
# 최고 학습률 η, 예산 T = 300스텝, 워밍업 W = 30스텝(예산의 10 %)으로 둡니다. 스텝 t = 0, 1, …, T − 1에서
#
# | 이름 | 학습률 η(t) | lrcourse |
# |---|---|---|
# | 상수 | η | `constant(η)` |
# | 스텝 감쇠 | η · 0.1^(t ≥ 150) · 0.1^(t ≥ 225) | `multistep_decay(η, [150, 225], 0.1)` |
# | 지수 감쇠 | η · γ^t, γ = 0.01^(1/T) (끝에서 η/100) | `exponential_decay(η, γ)` |
# | 코사인 | η · (1 + cos(πt/T))/2 | `cosine_annealing(η, T)` |
# | 워밍업 + 코사인 | t < W: η·t/W, 그 뒤 η · (1 + cos(π(t − W)/(T − W)))/2 | `linear_warmup(cosine_annealing(η, T − W), W)` |
# | 선형 감쇠 | η · (1 − t/T) (0까지) | `polynomial_decay(η, T)` |
# | WSD | t < W: η·t/W, 유지 η, 마지막 D = 60스텝(20 %) 동안 η에서 0으로 직선 | `warmup_stable_decay(η, T, W, D)` |
# | 원사이클 | η/25에서 η까지 30 % 동안 코사인으로 올리고, η/25/10⁴까지 코사인으로 내림 | `one_cycle(η, T)` |
#
# 입니다. 평균 학습률(곡선 아래 넓이 ÷ T)은 상수가 η, WSD가 0.85η, 코사인·선형 감쇠가 약 0.5η, 지수 감쇠가 약 0.21η입니다. 아래 코드가 계산합니다.

# %%
T = 300  # 스텝 예산: 배치 64로 약 14 에포크
W = T // 10  # 워밍업 30스텝
D = T // 5  # WSD의 감쇠 구간 60스텝


def make_schedule(name, lr):
    """이름과 최고 학습률 lr로 여덟 가지 스케줄 가운데 하나를 만듭니다 (예산 T 스텝)."""
    return {
        "상수": lambda: schedules.constant(lr),
        "스텝 감쇠": lambda: schedules.multistep_decay(lr, [T // 2, 3 * T // 4], 0.1),
        "지수 감쇠": lambda: schedules.exponential_decay(lr, 0.01 ** (1 / T)),
        "코사인": lambda: schedules.cosine_annealing(lr, T),
        "워밍업 + 코사인": lambda: schedules.linear_warmup(schedules.cosine_annealing(lr, T - W), W),
        "선형 감쇠": lambda: schedules.polynomial_decay(lr, T),
        "WSD": lambda: schedules.warmup_stable_decay(lr, T, W, D),
        "원사이클": lambda: schedules.one_cycle(lr, T),
    }[name]()


SHAPES = ["상수", "스텝 감쇠", "지수 감쇠", "코사인", "워밍업 + 코사인", "선형 감쇠", "WSD", "원사이클"]
t = np.arange(T)
for name in SHAPES:
    print(f"{name:<10} 평균 학습률 / 최고 학습률 = {make_schedule(name, 1.0)(t).mean():.3f}")

# %%
# (보조 코드) 그림: 여덟 가지 모양 (최고 학습률 1로 맞춤). 모양마다 색과 선 모양은 이 노트북의 모든 그림에서 같습니다.
fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
for ax, group, title in [(axes[0], SHAPES[:4], "학습률 스케줄 (1): 워밍업 없음"),
                         (axes[1], SHAPES[4:], "학습률 스케줄 (2): 워밍업이 있는 것과 선형 감쇠")]:
    for n in group:
        i = SHAPES.index(n)
        ax.plot(t, make_schedule(n, 1.0)(t), color=PALETTE[i], ls=LINESTYLES[i % 4], lw=1.8, label=n)
    style_axes(ax, title, "스텝", "학습률 / 최고 학습률")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4)  # 곡선을 가리지 않게 축 아래에
plt.tight_layout()
plt.show()

# %% [markdown]
# 그림에서 볼 것: 지수 감쇠는 처음부터 빠르게 내려와 예산의 절반쯤에 이미 최고값의 10 % 아래입니다. WSD는 마지막 20 % 전까지 최고값에 머뭅니다.
# 원사이클은 작은 값에서 시작해(워밍업과 같은 역할) 스텝 90 근처에서 꼭대기에 닿습니다.
#
# ### 탐색기
#
# 아래 학습 탐색기로 스케줄 하나를 골라 직접 학습해 보세요. '기준선도 함께'가 켜져 있어 같은 최고 학습률의 상수 스케줄이 나란히 그려집니다.
# 처음 설정은 AdamW, WSD(최고 학습률 0.03, 14 에포크 ≈ 308스텝)입니다. 해 볼 것:
#
# - 스케줄을 `cosine_annealing`, `polynomial_decay`, `one_cycle`로 바꿔 가며 끝의 검증 손실을 봅니다.
# - 최고 학습률을 0.003으로 낮추면 상수 기준선과 감쇠 스케줄의 순서가 어떻게 되는지 봅니다. 3절의 훑기가 이것을 모든 모양에 대해 합니다.

# %%
from lrcourse.widgets import training_explorer

training_explorer("warmup_stable_decay", epochs=14, optimizer="adamw", baseline=True, lr=0.03, warmup_steps=30, decay_steps=60)

# %%
# (보조 코드) 한글이 섞인 표의 열을 맞춰 출력합니다 (한글은 영문보다 두 칸 넓게 보입니다).
from lrcourse.notebook import print_table


# %% [markdown]
# ## 3. 실험 1: 모양마다 최고 학습률 훑기
#
# **설정**: 손글씨 숫자(digits), MLP(은닉 64), 배치 64, 300스텝. SGD는 모멘텀 0.9, AdamW는 PyTorch 기본값(β = (0.9, 0.999), weight_decay = 0.01).
# 최고 학습률은 두 배 간격으로 7개(SGD 0.03–1.92, AdamW 0.002–0.128)이고, 모양 8개 × 학습률 7개 = 56개를 배치 엔진(`fit_batched`)으로 한 번에 학습합니다.
# **시드 0, 1, 2**: 시드마다 `fit_batched`를 한 번 부르고, 초기 가중치(`models.mlp(seed=s)`)와 데이터 순서(`seed=s`)가 **함께** 바뀝니다.
# 지표는 마지막(스텝 300) 검증 손실(validation loss)입니다. 발산한 학습은 무한대로 둡니다.
#
# 이 시드 0–2는 학습률을 **고르는 데** 씁니다. 고른 학습률로 견주는 것은 4절에서 새 시드 3–5로 합니다(고른 시드로 견주면 운 좋은 시드 덕을 보기 때문입니다).

# %%
digits = data.load_digits()
GRID = {"sgd": 0.03 * 2.0 ** np.arange(7), "adamw": 0.002 * 2.0 ** np.arange(7)}
OPTIONS = {"sgd": dict(momentum=0.9), "adamw": {}}
OPT_NAMES = {"sgd": "SGD (모멘텀 0.9)", "adamw": "AdamW"}


def final_val_losses(plans, opt, seed):
    """스케줄 목록을 시드 seed(초기 가중치와 데이터 순서)로 함께 학습해 마지막 검증 손실 배열을 돌려줍니다 (발산은 inf)."""
    runs = fit_batched([models.mlp(seed=seed) for _ in plans], digits, plans, opt, steps=T, seed=seed,
                       eval_every=T, device=device, progress=False, **OPTIONS[opt])
    return np.array([np.inf if h.diverged else h.val_loss[-1] for h in runs])


sweep = {}  # sweep[opt]: (시드, 모양, 학습률) 검증 손실
for opt in ["sgd", "adamw"]:
    plans = [make_schedule(n, lr) for n in SHAPES for lr in GRID[opt]]
    sweep[opt] = np.stack([final_val_losses(plans, opt, s).reshape(len(SHAPES), -1) for s in [0, 1, 2]])

best_lr = {}
for opt in ["sgd", "adamw"]:
    mean = sweep[opt].mean(axis=0)
    best_lr[opt] = {n: GRID[opt][np.argmin(mean[i])] for i, n in enumerate(SHAPES)}
    print(f"{OPT_NAMES[opt]}: 검증 손실 (시드 0–2 평균, inf = 발산한 시드가 있음)")
    print_table(["모양"] + [f"{lr:.3g}" for lr in GRID[opt]] + ["가장 좋은 학습률"],
                [[n] + [f"{v:.4f}" if np.isfinite(v) else "inf" for v in mean[i]] + [f"{best_lr[opt][n]:.3g}"]
                 for i, n in enumerate(SHAPES)])
    print()

# %% [markdown]
# ### 3.1 모양 대 최고 학습률
#
# 물음: 모양마다 자기에게 가장 좋은 학습률을 주면, 여덟 모양의 결과는 **어느 한 학습률을 모두에게 똑같이 줄 때**보다 서로 가까워지는가?
# 재는 값은 여덟 모양의 검증 손실에서 (가장 나쁜 것 − 가장 좋은 것), 곧 **모양 사이의 폭**입니다. 공통 학습률은 일곱 개 모두를 봅니다.

# %%
def shape_spread(losses):
    """(모양, 학습률) 검증 손실 → (모양마다 맞춘 학습률에서의 폭, 공통 학습률마다의 폭 배열)."""
    tuned = losses.min(axis=1)
    return tuned.max() - tuned.min(), losses.max(axis=0) - losses.min(axis=0)


spreads = {opt: [shape_spread(sweep[opt][s]) for s in range(3)] for opt in ["sgd", "adamw"]}
for opt in ["sgd", "adamw"]:
    print(f"{OPT_NAMES[opt]}: 모양 사이의 폭 (시드마다 따로 고른 학습률)")
    print_table(["시드", "맞춘 학습률에서"] + [f"공통 {lr:.3g}" for lr in GRID[opt]],
                [[s, f"{tuned:.4f}"] + [f"{v:.4f}" for v in shared] for s, (tuned, shared) in enumerate(spreads[opt])])
    print()

# %%
# (보조 코드) 그림: 최고 학습률에 따른 마지막 검증 손실 (시드 0–2 평균)
fig, axes = plt.subplots(1, 2, figsize=(12, 4.6))
for ax, opt in zip(axes, ["sgd", "adamw"]):
    mean = sweep[opt].mean(axis=0)
    for i, n in enumerate(SHAPES):
        ax.plot(GRID[opt], np.where(np.isfinite(mean[i]), mean[i], np.nan), color=PALETTE[i], ls=LINESTYLES[i % 4],
                marker="o", ms=3, lw=1.5, label=n)
    style_axes(ax, f"{OPT_NAMES[opt]}: 최고 학습률과 모양 (시드 0–2 평균)", "최고 학습률 (로그 눈금)", "마지막 검증 손실 (로그 눈금)", log=True)
    ax.set_xscale("log")
    ax.set_ylim(0.02, 1.0)
    if ax.get_legend() is not None:  # 범례는 그림 아래에 하나만 둡니다
        ax.get_legend().remove()
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=8, fontsize=8)
plt.tight_layout(rect=(0, 0.07, 1, 1))
plt.show()

# %%
for s in range(3):
    sgd_tuned, sgd_shared = spreads["sgd"][s]
    adamw_tuned, adamw_shared = spreads["adamw"][s]
    # SGD: 모양마다 학습률을 맞추면 모양 사이의 폭이 어느 공통 학습률에서의 폭보다도 좁습니다 (세 시드 모두).
    assert sgd_tuned < sgd_shared.min(), (s, sgd_tuned, sgd_shared)
    # AdamW: 맞춰도 가장 좋은 공통 학습률에서의 폭보다 넓어지지는 않지만, 뚜렷이(30 % 넘게) 좁아지지도 않습니다.
    assert 0.7 * adamw_shared.min() < adamw_tuned <= adamw_shared.min(), (s, adamw_tuned, adamw_shared)
    # 가장 작은 공통 학습률에서는 두 옵티마이저 모두 넓이가 가장 큰 상수 스케줄이 이깁니다.
    assert SHAPES[np.argmin(sweep["sgd"][s][:, 0])] == "상수" and SHAPES[np.argmin(sweep["adamw"][s][:, 0])] == "상수"
print("확인했습니다 (시드 0, 1, 2).")


def cost_of_4x_error(losses):
    """모양마다: 자기에게 가장 좋은 학습률에서 4배(격자 두 칸) 벗어났을 때 더 나빠지는 양 (두 방향 가운데 나쁜 쪽)."""
    best = losses.argmin(axis=1)
    return np.array([max(losses[i, j] for j in (b - 2, b + 2) if 0 <= j < losses.shape[1]) - losses[i, b]
                     for i, b in enumerate(best)])


for opt in ["sgd", "adamw"]:
    print(f"{OPT_NAMES[opt]}: 학습률을 4배 잘못 골랐을 때 더 나빠지는 양 (모양 순서: {', '.join(SHAPES)})")
    for s in range(3):
        cost = cost_of_4x_error(sweep[opt][s])
        print(f"  시드 {s}: " + " ".join(f"{c:.3f}" for c in cost) + f"   (모양 사이의 폭 {spreads[opt][s][0]:.3f})")
for s in range(3):
    # SGD: 학습률을 4배 잘못 고르면, 모든 모양에서 모양 사이의 폭 전체보다 더 나빠집니다 (세 시드 모두).
    assert np.all(cost_of_4x_error(sweep["sgd"][s]) > spreads["sgd"][s][0]), s
    # AdamW: 그렇지 않은 모양이 시드마다 있습니다. 가장 좋은 학습률 둘레가 더 평평합니다.
    assert not np.all(cost_of_4x_error(sweep["adamw"][s]) > spreads["adamw"][s][0]), s

# %% [markdown]
# 그림에서 곡선들은 **옆으로 밀린** 모습입니다. 평균 학습률이 작은 모양(지수 감쇠)은 오른쪽(큰 최고 학습률)에서 가장 좋아지고,
# 평균 학습률이 큰 모양(상수, WSD)은 왼쪽에서 먼저 좋아지고 먼저 나빠집니다. 그래서 한 학습률에 모두를 세우면 "넓이가 맞은 모양"이 이기고
# (가장 작은 학습률에서는 세 시드 모두 상수가 이겼습니다), 그 순위는 학습률을 바꾸면 바뀝니다.
#
# 물음에 대한 답은 옵티마이저마다 달랐습니다.
#
# - **SGD**: 모양마다 학습률을 맞추면 모양 사이의 폭이 어느 공통 학습률에서보다도 좁았습니다(세 시드 모두).
# - **AdamW**: 거의 좁아지지 않았습니다. 여덟 모양 가운데 여섯이 같은 학습률(0.064)을 골랐고, 폭을 정하는 두 모양(가장 나쁜 지수 감쇠와 가장 좋은 원사이클)이
#   같은 학습률에서 가장 좋았기 때문입니다. 두 시드에서는 폭이 가장 좋은 공통 학습률의 폭과 같았고, 한 시드에서만 좁았습니다.
#
# 그럼 무엇이 더 중요할까요? 마지막 셀은 모양마다 최고 학습률을 4배(격자 두 칸) 잘못 골랐을 때 더 나빠지는 양을 모양 사이의 폭과 견줍니다.
#
# - **SGD**: 모든 모양, 모든 시드에서 4배 틀린 학습률의 손해가 모양 사이의 폭 전체보다 컸습니다. SGD에서는 모양보다 최고 학습률이 먼저입니다.
# - **AdamW**: 그렇지 않은 모양이 시드마다 있었습니다. AdamW는 가장 좋은 학습률 둘레가 더 평평해서, 4배 안에서는 모양의 차이와 비슷한 크기만 바뀝니다.
#   (그래도 격자 양 끝(0.002, 0.128)은 크게 나쁩니다.)
#
# 실용적인 결론: 스케줄을 바꿨다면 **최고 학습률을 다시 훑으세요**. 모양마다 가장 좋은 학습률이 다르므로(위 표의 마지막 열), 다른 스케줄로 찾은 학습률을 그대로 가져다 쓰면
# 모양을 견준 것이 아니라 학습률을 견준 것이 될 수 있습니다. SGD에서는 특히 그렇습니다.

# %% [markdown]
# ## 4. 실험 2: 새 시드에서 여덟 스케줄을 나란히
#
# 3절에서 모양마다 고른 학습률로, 고를 때 쓰지 않은 **시드 3, 4, 5**에서 다시 학습합니다(시드마다 초기 가중치와 데이터 순서가 함께 바뀝니다).
# 모양 8개를 시드마다 `fit_batched` 한 번으로 학습합니다.

# %%
fresh = {}  # fresh[opt]: (시드, 모양) 검증 손실
for opt in ["sgd", "adamw"]:
    plans = [make_schedule(n, best_lr[opt][n]) for n in SHAPES]
    fresh[opt] = np.stack([final_val_losses(plans, opt, s) for s in [3, 4, 5]])

rows = []
for i, n in enumerate(SHAPES):
    row = [n]
    for opt in ["sgd", "adamw"]:
        v = fresh[opt][:, i]
        row += [f"{best_lr[opt][n]:.3g}", f"{v.mean():.4f} ± {v.std():.4f}"]
    rows.append(row)
print("마지막 검증 손실, 새 시드 3–5의 평균 ± 표준편차 (학습률은 시드 0–2로 고름)")
print_table(["모양", "SGD 학습률", "SGD 검증 손실", "AdamW 학습률", "AdamW 검증 손실"], rows)

# %%
# (보조 코드) 그림: 새 시드에서의 마지막 검증 손실 (막대 = 평균, 점 = 시드)
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharey=True)
x = np.arange(len(SHAPES))
for ax, opt in zip(axes, ["sgd", "adamw"]):
    v = fresh[opt]
    ax.bar(x, v.mean(axis=0), color=[PALETTE[i] for i in range(len(SHAPES))], alpha=0.6)
    for k in range(v.shape[0]):
        ax.plot(x, v[k], "k.", ms=5)
    style_axes(ax, f"{OPT_NAMES[opt]}: 모양마다 맞춘 학습률, 시드 3–5", "스케줄", "마지막 검증 손실")
    ax.set_xticks(x)
    ax.set_xticklabels(SHAPES, rotation=35, ha="right", fontsize=8)
plt.tight_layout()
plt.show()

# %%
sgd_f, adamw_f = fresh["sgd"], fresh["adamw"]
const = SHAPES.index("상수")
for opt in ["sgd", "adamw"]:
    v = fresh[opt]
    # 두 옵티마이저 모두: 상수 학습률이 평균 검증 손실이 가장 높고, 시드 사이의 흔들림(표준편차)도 가장 큽니다.
    assert np.argmax(v.mean(axis=0)) == const and np.argmax(v.std(axis=0)) == const, (opt, v)
# SGD: 끝에서 0 가까이 내려가는 여섯 모양(지수 감쇠와 상수를 뺀 것)은 평균이 0.01 안에 모입니다.
ends_low = [SHAPES.index(n) for n in ["스텝 감쇠", "코사인", "워밍업 + 코사인", "선형 감쇠", "WSD", "원사이클"]]
sgd_means = sgd_f.mean(axis=0)[ends_low]
assert sgd_means.max() - sgd_means.min() < 0.01, sgd_means
# SGD 선형 감쇠의 큰 표준편차는 시드 5 하나에서 온 것입니다 (다른 두 시드보다 0.02 넘게 나쁨).
linear_sgd = sgd_f[:, SHAPES.index("선형 감쇠")]
assert linear_sgd[2] > linear_sgd[:2].max() + 0.02, linear_sgd
# 원사이클: SGD에서 시드 사이의 표준편차가 가장 작고, AdamW에서 평균이 가장 낮습니다 (8절의 표가 씁니다).
assert np.argmin(sgd_f.std(axis=0)) == SHAPES.index("원사이클") and np.argmin(adamw_f.mean(axis=0)) == SHAPES.index("원사이클")
print(f"SGD: 끝에서 0 가까이 가는 여섯 모양의 평균 폭 {sgd_means.max() - sgd_means.min():.4f}")
# AdamW: 워밍업이 있는 세 모양(워밍업 + 코사인, WSD, 원사이클)의 평균이 워밍업 없는 감쇠(스텝, 코사인, 선형)의 평균보다 모두 낮습니다.
warm = adamw_f.mean(axis=0)[[SHAPES.index(n) for n in ["워밍업 + 코사인", "WSD", "원사이클"]]]
cold = adamw_f.mean(axis=0)[[SHAPES.index(n) for n in ["스텝 감쇠", "코사인", "선형 감쇠"]]]
assert warm.max() < cold.min(), (warm, cold)
print(f"AdamW: 워밍업 있음 평균 {np.round(warm, 4)}, 없음 {np.round(cold, 4)}")
# 다만 시드마다는 뒤집히는 곳이 있습니다: 시드 3에서는 워밍업 없는 코사인이 워밍업 + 코사인보다 낮습니다.
assert adamw_f[0, SHAPES.index("코사인")] < adamw_f[0, SHAPES.index("워밍업 + 코사인")]
# AdamW에서 지수 감쇠는 학습률을 맞춰도 상수 다음으로 나쁩니다(평균).
assert np.argsort(adamw_f.mean(axis=0))[-2] == SHAPES.index("지수 감쇠")
print("시드별 AdamW (시드 3, 4, 5):")
for n in ["상수", "코사인", "워밍업 + 코사인", "WSD", "원사이클"]:
    print(f"  {n:<10} " + " ".join(f"{x:.4f}" for x in adamw_f[:, SHAPES.index(n)]))

# %% [markdown]
# 읽는 법:
#
# - **상수 학습률은 평균이 가장 나쁘고 시드에 가장 많이 흔들립니다**(두 옵티마이저 모두). 끝에서도 큰 학습률로 움직이므로 마지막 가중치가 잡음에 따라 달라집니다.
#   02–04에서 본 "끝에서 줄이면 잡음이 줄어든다"와 같은 이야기입니다.
# - **SGD**에서는 끝에서 0 가까이 내려가는 여섯 모양이 평균 0.01 안에 모였습니다. 학습률을 맞춘 뒤에는 감쇠의 모양이 결과를 거의 바꾸지 않습니다.
#   선형 감쇠(학습률 0.48)의 표준편차가 큰 것은 한 시드(시드 5)에서만 크게 나빴기 때문입니다(위 그림의 점).
# - **AdamW**에서는 평균으로 보면 워밍업이 있는 모양(워밍업 + 코사인, WSD, 원사이클)이 워밍업 없는 감쇠보다 나았습니다. 다만 시드마다 보면 뒤집히는 곳이 있습니다
#   (시드 3에서는 워밍업 없는 코사인이 워밍업 + 코사인보다 낮습니다). 그래서 "워밍업이 AdamW를 돕는다"는 여기서는 평균에서만 말할 수 있습니다.
#   높은 학습률의 Adam에서 워밍업이 왜 필요한지는 05에서 다뤘습니다.
# - **지수 감쇠**(끝에서 η/100)는 예산의 대부분을 작은 학습률로 보내므로, 학습률을 맞춰도 AdamW에서 상수 다음으로 나빴습니다.
#
# 이 결론들은 작은 MLP 하나, 300스텝, 세 시드에서 얻은 것입니다. 차이 가운데 몇몇(0.005 안팎)은 시드 사이의 표준편차와 같은 크기이므로 순위를 한 자리씩 읽지는 마세요.

# %% [markdown]
# ## 5. Adam에도 전역 스케줄이 필요한가
#
# 원문은 "Adam 같은 적응형 옵티마이저는 매개변수마다 학습률을 스스로 조절하지만, 전역 학습률 스케줄을 함께 쓰면 더 좋은 성능을 얻는 경우가 많다"고 합니다.
#
# 왜 그럴까요? Adam의 업데이트는 lr · m̂ / (√v̂ + ε)입니다. m̂/√v̂는 기울기의 **크기를 정규화**할 뿐, 시간이 갈수록 작아지지 않습니다.
# 바닥 근처에서 기울기가 대부분 배치 잡음이면 m̂/√v̂의 크기는 1보다 조금 작은 정도로 머물고, 가중치는 계속 lr 크기로 흔들립니다.
# "매개변수마다 조절한다"는 것은 매개변수 사이의 **상대적인** 보폭이지, 학습이 끝나 갈 때 보폭을 줄이는 일이 아닙니다. 그 일은 전역 학습률이 합니다.
#
# 4절의 측정이 이 주장을 봅니다. AdamW의 상수 학습률(자기에게 가장 좋은 학습률 0.032)과, 코사인·워밍업 + 코사인·WSD·원사이클(각자 가장 좋은 학습률)을 새 시드 3–5에서 견줍니다.

# %%
for n in ["코사인", "워밍업 + 코사인", "WSD", "원사이클"]:
    gain = adamw_f[:, const] - adamw_f[:, SHAPES.index(n)]
    # 시드 3, 4, 5 모두에서 이 감쇠 스케줄의 검증 손실이 상수 학습률보다 낮습니다.
    assert np.all(gain > 0), (n, gain)
    print(f"AdamW 상수 − {n}: 시드별 {' '.join(f'{g:+.4f}' for g in gain)}")
linear_gain = adamw_f[:, const] - adamw_f[:, SHAPES.index("선형 감쇠")]
print(f"AdamW 상수 − 선형 감쇠: 시드별 {' '.join(f'{g:+.4f}' for g in linear_gain)}")
# 선형 감쇠는 평균으로는 상수보다 낫지만, 시드 5에서는 0.001 안에서 같습니다.
assert linear_gain.mean() > 0 and abs(linear_gain[2]) < 0.001, linear_gain
# 7절에서 쓰는 비교: AdamW에서 WSD와 원사이클의 평균이 워밍업 + 코사인보다 낮습니다 (차이는 시드 사이의 흔들림 크기).
adamw_mean = adamw_f.mean(axis=0)
assert max(adamw_mean[SHAPES.index("WSD")], adamw_mean[SHAPES.index("원사이클")]) < adamw_mean[SHAPES.index("워밍업 + 코사인")]

# %% [markdown]
# 원문의 말은 이 측정에서 **맞습니다**. 각자 학습률을 맞춘 뒤에도 코사인, 워밍업 + 코사인, WSD, 원사이클은 세 시드 모두에서 AdamW의 상수 학습률보다 나았습니다.
# 선형 감쇠는 평균으로는 나았지만 한 시드(시드 5)에서는 상수와 거의 같았습니다(위의 마지막 줄). 그래서 "Adam이면 스케줄이 필요 없다"는 이 문제에서 틀렸고,
# "전역 스케줄이 도움이 되는 경우가 많다"는 원문의 조심스러운 표현이 측정과 맞습니다.
# 큰 언어 모델의 학습도 거의 모두 AdamW에 워밍업과 감쇠를 함께 씁니다(7절).

# %% [markdown]
# ## 6. 성능 기반 스케줄링: `ReduceLROnPlateau`
#
# 지금까지의 스케줄은 모두 **스텝 수의 함수**였습니다. 미리 정한 때에 미리 정한 만큼 줄입니다. `torch.optim.lr_scheduler.ReduceLROnPlateau`는 다릅니다.
# **지표(metric)**, 보통 검증 손실을 받아 "한동안 나아지지 않았으면" 줄입니다. 스텝 수가 아니라 지표에 반응합니다.
#
# 규칙 (`mode="min"`, 기본 `threshold_mode="rel"`): `scheduler.step(지표)`를 부를 때마다
#
# 1. 지표가 지금까지의 최고값 best보다 **threshold 비율 넘게** 좋으면(지표 < best · (1 − threshold)) best를 바꾸고 나쁜 횟수를 0으로 돌립니다. 아니면 나쁜 횟수에 1을 더합니다.
# 2. 줄인 직후 **cooldown**번의 호출 동안은 나쁜 횟수를 0으로 둡니다(줄인 효과가 나타날 시간을 줍니다).
# 3. 나쁜 횟수가 **patience를 넘으면**(patience + 1번째 나쁜 호출) 학습률에 **factor**를 곱하고(min_lr 아래로는 내려가지 않음), 나쁜 횟수를 0으로 돌립니다.
#
# 단위는 "`step(지표)`를 부른 횟수"입니다. 에포크마다 한 번 부르면 patience는 에포크 수이고, 100스텝마다 부르면 100스텝 단위입니다.
# 다른 스케줄러와 달리 `step()`에 지표를 넘겨야 하므로, `lrcourse.train.fit`의 스케줄 함수(스텝 → 학습률)로는 쓸 수 없습니다. 아래처럼 PyTorch 루프에서 씁니다.
#
# **설정**: 3절과 같은 MLP와 데이터, SGD(모멘텀 0.9), 학습률 0.24(3절에서 코사인에 가장 좋았던 값), 30 에포크(660스텝). 에포크 끝마다 검증 손실을 재서 `step`에 넘깁니다.
# `factor=0.5`, `threshold=1e-4`, `cooldown=0`, `patience`는 2와 5. 시드 0, 1, 2에서 초기 가중치와 데이터 순서가 함께 바뀝니다. 같은 루프에서 상수 학습률도 학습합니다.

# %%
import math

import torch.nn.functional as F


def train_with_plateau(seed, patience=None, lr=0.24, epochs=30, batch_size=64):
    """PyTorch 루프. patience가 None이면 상수 학습률, 아니면 ReduceLROnPlateau(검증 손실). (에포크별 검증 손실, 에포크별 학습률)."""
    model = models.mlp(seed=seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = None
    if patience is not None:
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=patience,
                                                               threshold=1e-4, cooldown=0)
    x, y = digits.x_train, digits.y_train
    generator = torch.Generator().manual_seed(seed)
    val_losses, lrs = [], []
    for epoch in range(epochs):
        lrs.append(optimizer.param_groups[0]["lr"])  # 이 에포크에 쓴 학습률
        order = torch.randperm(len(y), generator=generator)
        for i in range(0, len(y), batch_size):
            batch = order[i : i + batch_size]
            loss = F.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            val_loss = F.cross_entropy(model(digits.x_val), digits.y_val).item()
        val_losses.append(val_loss)
        if scheduler is not None:
            scheduler.step(val_loss)  # 스텝 수가 아니라 지표를 넘깁니다
    return np.array(val_losses), np.array(lrs)


plateau = {(kind, s): train_with_plateau(s, patience) for s in [0, 1, 2]
           for kind, patience in [("상수", None), ("patience 2", 2), ("patience 5", 5)]}
rows = []
for s in [0, 1, 2]:
    row = [s]
    for kind in ["상수", "patience 2", "patience 5"]:
        v, lrs = plateau[(kind, s)]
        cuts = [e for e in range(1, len(lrs)) if lrs[e] < lrs[e - 1]]
        row.append(f"{v[-1]:.4f}" + ("" if kind == "상수" else f" (줄임: {cuts})"))
    rows.append(row)
print("마지막(30 에포크) 검증 손실. 괄호: 학습률을 절반으로 줄인 때 (몇 번째 에포크가 끝난 뒤)")
print_table(["시드", "상수 0.24", "ReduceLROnPlateau patience 2", "ReduceLROnPlateau patience 5"], rows)

# %%
# (보조 코드) 그림: 시드 0의 에포크별 학습률과 검증 손실
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
epochs_axis = np.arange(1, 31)
for i, kind in enumerate(["상수", "patience 2", "patience 5"]):
    v, lrs = plateau[(kind, 0)]
    axes[0].step(epochs_axis, lrs, where="post", color=PALETTE[i], ls=LINESTYLES[i], lw=1.8, label=kind)
    axes[1].plot(epochs_axis, v, color=PALETTE[i], ls=LINESTYLES[i], lw=1.8, marker="o", ms=3, label=kind)
style_axes(axes[0], "ReduceLROnPlateau의 학습률 (시드 0)", "에포크", "학습률 (로그 눈금)", log=True)
style_axes(axes[1], "검증 손실 (시드 0)", "에포크", "검증 손실 (로그 눈금)", log=True)
axes[0].legend(loc="lower left")
axes[1].legend(loc="upper right")
plt.tight_layout()
plt.show()

# %%
first_cut = {}
for kind in ["patience 2", "patience 5"]:
    first_cut[kind] = [int(np.argmax(plateau[(kind, s)][1] < 0.24)) for s in [0, 1, 2]]
# 지표에 반응하므로 줄이는 때가 시드마다 다릅니다 (스텝 감쇠라면 모든 시드에서 같은 스텝).
assert len(set(first_cut["patience 2"])) > 1, first_cut
for s in [0, 1, 2]:
    constant_v = plateau[("상수", s)][0][-1]
    # patience 2는 검증 손실의 잡음에도 반응해 일찍(에포크 10 이하) 줄이고, 세 시드 모두에서 상수보다 나쁘게 끝납니다.
    assert first_cut["patience 2"][s] <= 10 and plateau[("patience 2", s)][0][-1] > constant_v, s
    # patience 5는 늦게(에포크 20 뒤) 딱 한 번 줄이고, 상수와 0.002 안에서 같게 끝납니다.
    assert np.count_nonzero(np.diff(plateau[("patience 5", s)][1])) == 1
    assert first_cut["patience 5"][s] > 20 and abs(plateau[("patience 5", s)][0][-1] - constant_v) < 0.002, s
print("처음 줄인 때 (몇 번째 에포크가 끝난 뒤):", first_cut)

# %% [markdown]
# 무엇을 보았나요?
#
# - `ReduceLROnPlateau`는 **지표의 흔들림**에도 반응합니다. 검증 세트 359장의 손실은 에포크마다 조금씩 오르내리므로, patience 2는 아직 배우는 중인 에포크 6–10이 끝난 뒤
#   학습률을 줄이기 시작했고, 세 시드 모두 상수 학습률보다 나쁘게 끝났습니다. patience 5는 에포크 20이 지나서 한 번 줄였고 상수와 같게 끝났습니다.
#   줄인 때가 시드마다 다른 것이 "스텝이 아니라 지표에 반응한다"는 뜻입니다.
# - 그래서 `patience`는 지표의 잡음보다 길어야 하고, `threshold`는 잡음 크기의 개선을 "나아졌다"로 세지 않게 하는 값이며, `cooldown`은 줄인 뒤 효과가 보일 때까지 기다리는 값입니다.
#   이 손잡이들은 검증을 얼마나 자주 하느냐와 함께 정해야 합니다.
# - **어디에 맞나**: 학습을 얼마나 할지 미리 모를 때, 검증 지표를 어차피 자주 잴 때, 그리고 정확히 재현할 필요가 덜할 때입니다(같은 설정이라도 시드마다 다른 스케줄이 됩니다).
#   예산을 알면 미리 계획한 감쇠(4절)가 더 단순하고 재현됩니다. 워밍업과 섞기도 어렵습니다: PyTorch `SequentialLR`과 `ChainedScheduler`는 `ReduceLROnPlateau`를 받지 않으므로
#   워밍업 구간은 루프에서 따로 다뤄야 합니다.

# %% [markdown]
# ## 7. "워밍업 + 코사인이 표준"과 최근 연구
#
# 원문은 "코사인 어닐링과 학습률 워밍업을 함께 쓰는 것이 현재 많은 딥러닝 모델에서 표준처럼 쓰인다"고 합니다. 이 말은 널리 맞습니다. 많은 공개 모델의 학습 설정이 그렇습니다.
# 다만 최근의 큰 언어 모델 학습 보고는 두 가지를 더합니다.
#
# - **워밍업-유지-감쇠(WSD)**: Hu et al. (2024, "MiniCPM: Unveiling the Potential of Small Language Models with Scalable Training Strategies")은 워밍업 뒤 학습률을 오래 유지하다가
#   마지막 짧은 구간(약 10 %)에서만 줄이는 WSD를 썼고, 감쇠 구간에서 손실이 크게 떨어지는 것을 보고했습니다.
#   Hägele et al. (2024, "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations")은 상수 학습률 + 짧은 감쇠(cooldown, 약 20 %)가 코사인과 같거나 나은 결과를 내며,
#   **학습 길이를 미리 정하지 않아도 된다**는 것을 보였습니다. 유지 구간의 체크포인트에서 언제든 감쇠를 시작할 수 있으니, 한 번의 학습으로 여러 길이의 결과를 얻고 학습을 이어 갈 수도 있습니다.
# - **0까지 선형 감쇠**: Defazio et al. (2023, "When, Why and How Much? Adaptive Learning Rate Scheduling by Refinement")은 여러 과제의 큰 비교에서 0까지 선형 감쇠가 코사인보다 좋거나 같았다고 보고했습니다.
#   Bergsma et al. (2025, "Straight to Zero: Why Linearly Decaying the Learning Rate to Zero Works Best for LLMs")은 큰 언어 모델에서 0까지 선형 감쇠(D2Z)가
#   최고값의 10 %까지만 줄이는 흔한 코사인보다 낫고, 그 이득이 매개변수당 토큰 수가 많을수록 커진다고 보고했습니다.
#
# **이 강좌의 측정이 말해 주는 것**(4–5절, 작은 MLP, 300스텝, 시드 3개):
#
# - 학습률을 맞추면 SGD에서 워밍업 + 코사인, WSD, 선형 감쇠, 원사이클은 평균 0.01 안에서 비슷했습니다. 워밍업 + 코사인이 "표준"으로 무난하다는 것과 맞고,
#   WSD나 0까지 선형 감쇠가 그보다 나쁘지 않다는 것과도 맞습니다.
# - AdamW에서는 평균으로 WSD와 원사이클이 워밍업 + 코사인보다 조금 낮았습니다. 시드 사이의 흔들림과 비슷한 크기라서 "WSD가 낫다"는 증거로는 약합니다.
# - 두 결과 모두 "끝에서 0 가까이 줄인다"가 "어떤 곡선으로 줄인다"보다 중요하다는 쪽을 가리킵니다. 평균이 가장 나쁜 것은 두 옵티마이저 모두 상수였고,
#   AdamW에서는 너무 일찍 작아지는 지수 감쇠가 그다음이었습니다.
#
# **말해 주지 못하는 것**: 위 논문들의 주장은 수억–수십억 개 매개변수의 언어 모델을 수십억–수천억 토큰 학습한 규모에서 나왔습니다. 매개변수당 토큰 수, 배치 크기, 학습 길이에 따라
# 가장 좋은 감쇠의 길이와 모양이 달라진다는 것이 그 논문들의 요점이기도 합니다. 1,797장의 숫자 이미지로 300스텝 학습한 MLP로는 그 규모의 효과(예: D2Z의 이득이 학습이 길수록 커지는가)를
# 확인할 수도 반박할 수도 없습니다. 이 노트북의 측정은 "작은 문제에서도 같은 방향인가"까지만 말합니다.

# %% [markdown]
# ## 8. 결정 안내표
#
# | 상황 | 이렇게 시작하세요 | 근거 |
# |---|---|---|
# | 간단한 시작 | 워밍업 + 코사인(또는 0까지 선형 감쇠), 최고 학습률을 먼저 훑기 | 3절: 학습률을 맞추면 모양 사이의 폭이 좁아짐(SGD, 세 시드). 4절: SGD에서 끝이 0 가까운 여섯 모양이 0.01 안. 원문의 "스텝 감쇠로 시작"도 4절에서 그들과 같은 무리였습니다 |
# | 예산(스텝 수)을 안다 | 그 예산에 맞춘 감쇠: 워밍업 + 코사인, 0까지 선형 감쇠, WSD | 4절: 상수가 가장 나쁘고 가장 흔들림(두 옵티마이저). Defazio et al. 2023, Bergsma et al. 2025: 0까지 선형 감쇠가 코사인과 같거나 나음 |
# | 예산을 모르거나 학습을 이어 간다 | WSD(유지 구간의 체크포인트에서 감쇠를 시작), 또는 지표를 자주 잰다면 `ReduceLROnPlateau`(patience를 잡음보다 길게) | Hu et al. 2024, Hägele et al. 2024: 감쇠 시점을 나중에 정해도 코사인과 같은 수준. 6절: patience 2는 잡음에 반응해 나빠졌고 patience 5는 상수와 같았음 |
# | 빠른 한 번의 실행 | 원사이클(워밍업이 들어 있어 높은 최고 학습률을 바로 써도 됨), 최고 학습률은 학습률 범위 테스트(`lr_range_test`)나 짧은 훑기로 | 4절: AdamW에서 원사이클의 평균이 가장 낮고, SGD에서 시드 사이의 흔들림이 가장 작음(시드 3개, 평균 차이는 흔들림 크기). Smith & Topin 2019(super-convergence): 원사이클로 짧은 학습 |
# | Adam / AdamW | 상수로 두지 말고 워밍업 + 감쇠(워밍업 + 코사인, WSD, 원사이클) | 5절: 코사인·워밍업 + 코사인·WSD·원사이클이 세 시드 모두 상수보다 나음. 4절: AdamW에서 워밍업 있는 모양의 평균이 더 낮음. 05: 높은 학습률의 Adam은 워밍업이 있어야 안정 |
#
# 어느 줄에서 시작하든 **최고 학습률은 그 스케줄로 다시 훑으세요**(3절). 이 표의 측정 근거는 작은 문제의 것이고, 큰 모델에 대한 근거는 인용한 논문의 것입니다.

# %% [markdown]
# ## 스케줄의 하이퍼파라미터 튜닝 (Optuna)
#
# 원문은 "적절한 스케줄러를 선택하고 하이퍼파라미터를 튜닝하는 것"이 중요하다는 말로 끝납니다. 스케줄을 하나 고르면
# 그 스케줄에도 하이퍼파라미터(hyperparameter)가 따라옵니다: 최고 학습률, 워밍업 길이, 언제부터 얼마나 줄일지.
# 이 절에서는 이 셋을 손으로 고르지 않고 **Optuna**로 찾습니다.
#
# 찾을 스케줄 가족은 **워밍업-유지-감쇠**(WSD, warmup-stable-decay) 하나입니다. 세 하이퍼파라미터가 각자 다른 일을 하기
# 때문입니다(T = 전체 스텝 수).
#
# | 하이퍼파라미터 | 찾는 범위 | 스케줄에서 |
# |---|---|---|
# | `lr` (최고 학습률) | 0.003 – 1, 로그 균등 | 유지 구간의 학습률 |
# | `warmup_share` (워밍업 비율) | 0 – 0.3 | 워밍업 W = round(warmup_share · T) 스텝 |
# | `decay_share` (감쇠 비율) | 0.05 – 1 | 워밍업 뒤 남은 스텝 중 마지막 D = round(decay_share · (T − W)) 스텝 동안 0까지 선형 감쇠 |
#
# `decay_share = 1`이면 유지 구간 없이 "워밍업 + 선형 감쇠"이고, 작을수록 오래 유지하다가 끝에서 짧게 내립니다.
# 학습은 숫자(digits) MLP, SGD(모멘텀 0.9), 배치 64, 6 에포크(132 스텝)입니다.
#
# 비교할 **손으로 고른 기본값**은 흔히 쓰는 "워밍업 + 코사인"입니다: 학습률 0.1, 전체의 10 % 선형 워밍업, 나머지 스텝
# 동안 0까지 코사인 감쇠, 옵티마이저는 같은 SGD(모멘텀 0.9). 라이브러리 `lrcourse.search`가 이 모든 것을 담고 있습니다.

# %%
from lrcourse import search

tuning_steps = 6 * train.steps_per_epoch(data.load_digits(), search.BATCH_SIZE)  # 6 에포크 = 132 스텝
examples = {
    "lr 0.3, 워밍업 10 %, 감쇠 100 %": search.wsd_from_params(
        {"lr": 0.3, "warmup_share": 0.1, "decay_share": 1.0}, tuning_steps),
    "lr 0.3, 워밍업 10 %, 감쇠 20 %": search.wsd_from_params(
        {"lr": 0.3, "warmup_share": 0.1, "decay_share": 0.2}, tuning_steps),
    "lr 0.1, 워밍업 30 %, 감쇠 50 %": search.wsd_from_params(
        {"lr": 0.1, "warmup_share": 0.3, "decay_share": 0.5}, tuning_steps),
    "기본값: 워밍업 10 % + 코사인, lr 0.1": search.default_schedule(tuning_steps),
}
ax = plot_schedules(examples, tuning_steps + 1, title="찾는 스케줄 가족(WSD)의 예와 기본값")
ax.set_ylim(top=0.48)  # 범례를 곡선 위 빈칸에
ax.legend(loc="upper right")
plt.show()
first = examples["lr 0.3, 워밍업 10 %, 감쇠 20 %"]
print(f"감쇠 20 %: 워밍업 {first.params['warmup_steps']}스텝, 감쇠 {first.params['decay_steps']}스텝, "
      f"스텝 {tuning_steps}에서 학습률 {first(tuning_steps):.1f}")
assert first(13) == 0.3 and first(tuning_steps) == 0.0

# %% [markdown]
# ### TPE, 가지치기, 그리고 파일에 남는 기록
#
# - **TPE**(Tree-structured Parzen Estimator, Bergstra et al. 2011): 처음 8번은 무작위로 뽑고, 그 뒤로는 지금까지의
#   시도(trial)를 "좋은 쪽"과 "나쁜 쪽"으로 나눠 좋은 쪽에 더 흔한 값을 뽑습니다. 시드를 정해 두면 같은 시도를 뽑습니다.
# - **가지치기**(pruning): 에포크마다 검증 손실을 알리고(`trial.report`), 같은 에포크에서 앞선 시도들의 중앙값보다
#   나쁘면 멈춥니다(`MedianPruner`). 시간이 덜 듭니다. 함정이 하나 있습니다: 워밍업 중이거나 아직 감쇠하지 않은
#   스케줄은 중간 손실이 높습니다. WSD의 좋은 점은 끝에서 감쇠할 때 나타나므로, 일찍 자르면 늦게 감쇠하는 스케줄이
#   억울하게 잘립니다. 그래서 앞 절반(3 에포크)을 마칠 때까지는 자르지 않습니다. 이 함정이 실제로 어떤지는 아래에서 잽니다.
# - **기록 파일**: 탐색 기록(study)은 홈 폴더의 `~/.lrcourse/optuna/<이름>.log`에 적힙니다(Optuna의 `JournalStorage`,
#   환경 변수 `LRCOURSE_OPTUNA_DIR`로 폴더를 바꿀 수 있습니다). 시도 하나가 끝날 때마다 파일에 적히므로, 커널이 멈추거나
#   노트북을 닫아도 끝난 시도는 남습니다. 같은 이름으로 다시 열면 그 시도들에서 이어 갑니다.
#
# 이 데모는 매번 같은 결과를 보여 주려고 데모 파일을 지우고 시작합니다. 여러분의 탐색 파일은 지우지 마세요.

# %%
demo_file = search.study_path("06_demo")
demo_file.unlink(missing_ok=True)  # 데모만: 처음부터

study = search.schedule_study("06_demo", seed=0, epochs=6)
print("기록 파일:", search.shown_path(demo_file))
search.run(study, 8)  # 끝난 시도가 8개가 될 때까지


def trial_table(trials):
    """(보조 코드) 시도 표: 번호, 상태, 하이퍼파라미터, 마지막으로 알린 검증 손실과 그 에포크."""
    print("번호  상태          lr  워밍업   감쇠  검증 손실 (에포크)")
    for t in trials:
        state = {"COMPLETE": "완료", "PRUNED": "가지치기"}.get(t.state.name, t.state.name)
        if t.user_attrs.get("diverged"):
            result = "발산"
        else:
            epoch, loss = max(t.intermediate_values.items())
            result = f"{loss:.4f} ({epoch})"
        state = state + " " * (8 - 2 * len(state))  # 한글은 두 칸 폭
        print(f"{t.number:>4}  {state}  {t.params['lr']:>7.4f}  {t.params['warmup_share']:>5.1%}  "
              f"{t.params['decay_share']:>5.1%}  {result}")


trial_table(study.trials)
assert len(search.finished_trials(study)) == 8

# %% [markdown]
# ### 멈췄다가 이어 하기
#
# 여기서 탐색을 "멈춥니다": 메모리의 `study`를 버리고, 노트북을 새로 연 것처럼 같은 이름으로 파일에서 다시 엽니다.
# 다시 연 탐색에는 파일에 있던 시도 8개가 그대로 있고, `search.run(study, 20)`은 **모두 합쳐** 20개가 될 때까지
# 12개만 더 돌립니다. 한 가지를 조심하세요: 샘플러를 같은 시드로 다시 만들면 처음 시도들과 똑같은 값을 다시 뽑습니다.
# `schedule_study`는 그래서 샘플러의 시드를 `seed + (파일에 있는 시도 수)`로 정합니다.

# %%
before = [(t.number, t.params, t.value) for t in study.trials]
del study  # 멈춤

study = search.schedule_study("06_demo", seed=0, epochs=6)  # 다시 열기: 파일에서 읽음
print(f"파일에서 읽은 시도: {len(study.trials)}개")
assert [(t.number, t.params, t.value) for t in study.trials] == before

search.run(study, 20)
trial_table(study.trials[8:])
numbers = [t.number for t in study.trials]
pruned = [t for t in study.trials if t.state.name == "PRUNED"]
print(f"모두 {len(numbers)}개 (번호 {numbers[0]}–{numbers[-1]}), 그중 가지치기 {len(pruned)}개")
assert numbers == list(range(20)) and [(t.number, t.params, t.value) for t in study.trials[:8]] == before
assert pruned and all(len(t.intermediate_values) < 6 for t in pruned)  # 잘린 시도는 끝까지 학습하지 않았음

# %% [markdown]
# 잘린 시도 여섯 가운데 다섯은 학습률이 0.5 안팎이거나 그보다 크고, 하나는 아주 작습니다(0.02). 그런데 가지치기가 옳았을까요? 잘린 시도를
# 같은 시드 0으로 끝까지 학습해 보면 알 수 있습니다(탐색에서는 하지 않는 일입니다: 그 시간을 아끼려고 자른 것이니까요).

# %%
pruned_to_end = search.final_val_losses(
    {t.number: search.wsd_from_params(t.params, tuning_steps) for t in pruned}, [0], epochs=6)
completed = np.array([t.value for t in study.trials if t.state.name == "COMPLETE"])
print(f"끝까지 돈 시도: 중앙값 {np.median(completed):.4f}, 가장 좋은 값 {completed.min():.4f}")
for number, loss in pruned_to_end.items():
    print(f"  잘린 시도 {number:>2}: 끝까지 학습하면 {loss[0]:.4f}")
pruned_final = np.array([loss[0] for loss in pruned_to_end.values()])
assert np.all(pruned_final > completed.min())  # 잘린 시도 중 가장 좋은 시도를 이겼을 것은 없음
assert np.sum(pruned_final < np.median(completed)) == 2  # 하지만 중앙값보다 좋았을 시도도 둘 잘렸음

# %% [markdown]
# ### 어느 하이퍼파라미터가 중요했나
#
# `optuna.importance`는 시도들로부터 하이퍼파라미터마다 중요도(합이 1)를 잽니다. 여기서는 PED-ANOVA(Watanabe et al.
# 2023)를 씁니다: "가장 좋은 10 % 시도에서 이 값의 분포가 전체와 얼마나 다른가"입니다. 무작위성이 없어 같은 시도에서
# 늘 같은 값을 주고, scikit-learn이 필요 없습니다(Optuna 4의 기본값인 fANOVA는 필요). 끝까지 돈(완료) 시도만 씁니다.
# 시도 20개로 잰 값이므로 순서 정도만 믿으세요.

# %%
importances = search.param_importances(study)
for name, value in importances.items():
    print(f"{name:<13} {value:.2f}  {'█' * round(value * 40)}")
assert max(importances, key=importances.get) == "lr"

# %% [markdown]
# 이 탐색에서는 최고 학습률이 가장 중요했고, 그다음이 감쇠 비율입니다. 워밍업 비율의 중요도는 0에 가깝습니다: 이
# 시도들에서는 워밍업 비율이 좋은 시도와 나머지를 가르지 못했다는 뜻입니다(워밍업이 필요 없다는 증명은 아닙니다:
# 05장에서 워밍업이 꼭 필요했던 경우와 견주어 보세요). 시도 20개로 잰 중요도는 흔들립니다. 탐색 시드만 1, 2, 3으로
# 바꿔 되풀이하면 학습률이 가장 중요한 것은 세 번 중 두 번이고, 시드 2에서는 워밍업 비율이 1위였습니다.
#
# ### 찾은 스케줄과 기본값을 새 시드로 견주기
#
# 탐색은 시드 0(검증 세트 분할, 초기 가중치, 데이터 순서 모두) 하나로 했습니다. 시드 0에서 가장 좋았던 시도는 그 시드의
# 운도 함께 고른 것이므로, 탐색에 쓰지 않은 **새 시드 5개**(101–105)로 다시 잽니다. 새 시드는 검증 세트 분할까지
# 바꾸므로, 탐색이 본 검증 세트에 맞춘 효과도 걸러집니다. 세 가지를 견줍니다: 손으로 고른 기본값(lr 0.1), 같은 모양에
# 찾은 학습률만 넣은 것, 찾은 WSD 스케줄. 가운데 것이 "학습률만 고쳐도 얼마나 되는가"를 보여 줍니다.

# %%
best = study.best_params
print("가장 좋은 시도:", study.best_trial.number,
      f"(lr {best['lr']:.4f}, 워밍업 {best['warmup_share']:.1%}, 감쇠 {best['decay_share']:.1%}), "
      f"시드 0의 검증 손실 {study.best_value:.4f}")
contenders = {
    "기본값: 워밍업 + 코사인, lr 0.1": search.default_schedule(tuning_steps),
    f"워밍업 + 코사인, 찾은 lr {best['lr']:.3f}": search.default_schedule(tuning_steps, lr=best["lr"]),
    "찾은 WSD": search.best_schedule(study, tuning_steps),
}
ax = plot_schedules(contenders, tuning_steps + 1, title="찾은 스케줄과 손으로 고른 기본값")
ax.set_ylim(top=0.58)  # 범례를 곡선 위 빈칸에
ax.legend(loc="upper right")
plt.show()

# %%
fresh_seeds = [101, 102, 103, 104, 105]  # 탐색에 쓰지 않은 시드: 분할·초기 가중치·데이터 순서가 모두 바뀝니다
fresh = search.final_val_losses(contenders, fresh_seeds, epochs=6)
print(f"마지막 검증 손실 (새 시드 {len(fresh_seeds)}개, 평균 ± 표준편차)")
for name, losses in fresh.items():
    print(f"  {losses.mean():.4f} ± {losses.std():.4f}  (시드별 {' '.join(f'{v:.3f}' for v in losses)})  {name}")
default_losses, same_shape, tuned = fresh.values()
print(f"찾은 WSD가 같은 학습률의 워밍업 + 코사인보다 낮은 시드: {int(np.sum(tuned < same_shape))}개 / {len(fresh_seeds)}개")
assert np.all(tuned < default_losses), fresh  # 새 시드 다섯 모두에서 찾은 스케줄이 기본값보다 낮음
assert np.all(same_shape < default_losses), fresh  # 학습률만 바꿔도 다섯 모두에서 낮음
gain_from_lr = default_losses.mean() - same_shape.mean()
gain_from_shape = same_shape.mean() - tuned.mean()
assert np.sum(tuned < same_shape) < len(fresh_seeds)  # WSD 모양이 나은 시드는 일부뿐
assert abs(gain_from_shape) < 0.1 * gain_from_lr, (gain_from_lr, gain_from_shape)  # 모양의 몫은 학습률 몫의 10 % 미만

# %% [markdown]
# 무엇을 보여 주고 무엇을 보여 주지 못하는지 나눠 적습니다.
#
# - 찾은 스케줄은 새 시드 다섯 모두에서 손으로 고른 기본값보다 검증 손실이 낮았습니다. 탐색 시드를 1, 2, 3으로 바꿔
#   다시 찾아도 마찬가지였습니다(네 탐색 모두, 새 시드 다섯 모두).
# - 이 탐색에서 그 이득은 거의 다 **학습률**에서 왔습니다: 기본값의 모양(워밍업 + 코사인)에 찾은 학습률만 넣어도
#   이득의 90 % 이상이 나옵니다. WSD 모양이 같은 학습률의 코사인보다 나은 시드는 다섯 가운데 일부뿐입니다. 네 탐색
#   시드 가운데 세 번이 이랬고, 시드 1의 탐색은 더 낮은 학습률(약 0.2)을 골라 모양의 몫이 학습률 몫의 약 30 %였습니다.
#   그러니 "모양은 상관없다"가 아니라 "이 과제에서는 학습률을 먼저 맞추라"가 이 측정이 말하는 것입니다.
# - 탐색은 시드 하나, 6 에포크, 시도 20개로 했습니다. 더 긴 학습, 다른 모델, 다른 예산에서는 가장 좋은 값이
#   달라집니다(특히 학습률). 찾은 값을 다른 설정에 그대로 옮기지 말고, 그 설정에서 다시 찾으세요.
# - 가지치기는 시간을 아끼지만 공짜가 아닙니다: 이 탐색에서 잘린 시도 가운데 끝까지 갔으면 중앙값보다 좋았을 시도가
#   둘 있었습니다. 가장 좋은 시도를 이겼을 잘린 시도는 이번에는 없었지만 언제나 그렇지는 않습니다. 같은 탐색을
#   Optuna 4.0에서 돌리면 TPE가 9번째 시도부터 다른 값을 뽑고, 그때는 잘린 시도 하나가 끝까지 갔으면 가장 좋은
#   시도보다 나았습니다.
#
# 이 절의 숫자는 Optuna 5.0으로 잰 것입니다. 처음 무작위 시도 8개는 판과 상관없이 같지만, 그 뒤 TPE가 뽑는 값은 Optuna
# 판에 따라 달라질 수 있습니다. 위의 문장들이 탐색 시드 네 개와 Optuna 두 판(4.0, 5.0)에서 몇 번 맞는지는
# `tests/test_search.py`의 `test_claims_over_search_seeds`가 잽니다.
#
# 여러분의 탐색을 이어 가려면 이름을 바꿔(예: `search.schedule_study("my_search")`) `search.run(study, 40)`처럼
# 목표 개수를 주세요. 커널을 다시 시작해도 같은 두 줄이 파일의 시도에서 이어 갑니다.

# %% [markdown]
# ## 정리
#
# - 같은 스텝 예산에서 스케줄은 세 가지를 정합니다: 최고 학습률, 높은 곳에 머무는 시간(평균 학습률), 끝에서 얼마나 줄이는가.
# - **SGD에서는 최고 학습률이 먼저입니다.** 한 학습률에 모든 모양을 세우면 넓이가 맞은 모양이 이기고, 그 순위는 학습률에 따라 바뀝니다. SGD에서는 모양마다 학습률을 맞추면
#   모양 사이의 폭이 어느 공통 학습률에서보다 좁았고, 학습률을 4배 잘못 고른 손해가 모양 사이의 폭보다 컸습니다(세 시드). AdamW는 가장 좋은 학습률 둘레가 더 평평했고,
#   대부분의 모양이 같은 학습률을 골라 폭이 거의 줄지 않았습니다. 스케줄을 바꾸면 학습률을 다시 훑으세요.
# - 학습률을 맞춘 뒤 새 시드에서: 상수 학습률이 가장 나쁘고 가장 흔들렸습니다(두 옵티마이저). SGD에서는 끝이 0 가까운 여섯 모양이 평균 0.01 안에 모였습니다.
# - **Adam에도 전역 스케줄이 필요합니다**(이 문제에서): AdamW의 상수 학습률보다 코사인, 워밍업 + 코사인, WSD, 원사이클이 세 시드 모두 나았습니다. Adam의 정규화는 보폭의 상대적인 크기를 정할 뿐, 끝에서 보폭을 줄이지 않습니다.
# - `ReduceLROnPlateau`는 스텝이 아니라 **지표**에 반응합니다(`patience`, `factor`, `threshold`, `cooldown`, 단위는 `step(지표)`를 부른 횟수). patience가 지표의 잡음보다 짧으면 일찍 줄여 나빠집니다.
# - "워밍업 + 코사인이 표준"은 무난한 출발점입니다. 최근 큰 언어 모델의 보고는 WSD(예산을 몰라도 됨)와 0까지 선형 감쇠를 더합니다. 이 강좌의 작은 측정은 "끝에서 0 가까이 줄이는 것이 곡선의 모양보다 중요하다"까지 말하고, 규모의 효과는 말하지 못합니다.

# %% [markdown]
# ## 연습 문제
#
# 각 문제의 빈칸을 채우고 셀을 실행하세요. 막히면 `ex.qN.hint()`, 더 구체적인 힌트는 `ex.qN.hint(2)`, 답을 보려면 `ex.qN.solution()`을 실행하세요.

# %%
from lrcourse.exercises import lesson06 as ex

# %% [markdown]
# ### 문제 1 (값)
#
# `warmup_stable_decay(lr, total_steps=1000, warmup_steps=50, decay_steps=300)`의 **평균 학습률 ÷ 최고 학습률**은 얼마입니까? 스텝 0–999의 평균입니다.
# 2절의 수식을 쓰세요(워밍업은 스텝 0에서 0, 감쇠는 마지막 300스텝 동안 lr에서 0으로). `answer`에 **소수 셋째 자리까지**(반올림) 넣거나 식을 그대로 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = (sum(t / 50 for t in range(50)) + (1000 - 50 - 300) + sum(1 - k / 300 for k in range(300))) / 1000
# END SOLUTION
ex.q1.check(answer)

# %% [markdown]
# ### 문제 2 (함수)
#
# `plateau_lrs(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0)`를 쓰세요. `ReduceLROnPlateau(mode="min", threshold_mode="rel")`에
# 지표 `metrics`를 차례로 `step(지표)`로 넘길 때, **매번 step 뒤의 학습률**을 담은 리스트를 돌려줍니다. 6절의 규칙 1–3을 그대로 옮기면 됩니다.
# 예: `plateau_lrs([1.0, 1.0, 1.0], 0.1, factor=0.5, patience=1)` → `[0.1, 0.1, 0.05]`.

# %% tags=["solution"]
def plateau_lrs(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    # BEGIN SOLUTION
    best, bad, cooldown_left, out = float("inf"), 0, 0, []
    for m in metrics:
        if m < best * (1 - threshold):
            best, bad = m, 0
        else:
            bad += 1
        if cooldown_left > 0:
            cooldown_left -= 1
            bad = 0
        if bad > patience:
            lr = max(lr * factor, min_lr)
            cooldown_left, bad = cooldown, 0
        out.append(lr)
    return out
    # END SOLUTION


ex.q2.check(plateau_lrs)

# %% [markdown]
# ### 문제 3 (참/거짓)
#
# 다음 네 문장이 이 노트북의 측정과 설명에 비추어 참이면 `True`, 거짓이면 `False`로 `answer` 목록에 적으세요.
#
# - (a) `ReduceLROnPlateau`의 `patience=5`는 "5스텝 동안 나아지지 않으면 줄인다"는 뜻이다.
# - (b) WSD는 유지 구간의 체크포인트에서 감쇠를 시작할 수 있으므로, 학습 길이를 미리 정하지 않아도 된다.
# - (c) 이 노트북에서 AdamW는 매개변수마다 보폭을 조절하므로, 상수 학습률이 감쇠 스케줄과 같은 결과를 냈다.
# - (d) 스케줄을 코사인에서 WSD로 바꿀 때는 코사인으로 찾은 최고 학습률을 그대로 쓰는 것이 공정한 비교다.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = [False, True, False, False]
# END SOLUTION
ex.q3.check(answer)

# %% [markdown]
# ### 예측해 보기: 감쇠 구간의 길이
#
# 스케줄을 튜닝할 때 최고 학습률 다음으로 흔히 고르는 손잡이가 **감쇠 구간의 비율**입니다. AdamW, WSD, 최고 학습률 0.032(3절에서 WSD에 가장 좋았던 값), 워밍업 30스텝,
# 300스텝에서 감쇠 구간을 예산의 10 %, 20 %(4절의 설정), 50 %로 바꿉니다. 새 시드 3, 4, 5(초기 가중치와 데이터 순서가 함께 바뀜)의 평균 검증 손실은 어떻게 될까요? 실험 전에 적으세요.

# - (a) 10 %가 가장 낮다 (짧게 줄여야 높은 학습률에 오래 머문다)
# - (b) 20 %와 50 %가 0.002 안에서 비슷하고, 둘 다 10 %보다 0.002 넘게 낮다
# - (c) 셋이 0.002 안에서 비슷하다
# - (d) 그 밖
#
# `prediction`에 `"a"`, `"b"`, `"c"`, `"d"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
# BEGIN SOLUTION
prediction = "b"
# END SOLUTION
ex.p1.predict(prediction)

# %%
shares = [0.1, 0.2, 0.5]
share_runs = np.stack([
    final_val_losses([schedules.warmup_stable_decay(0.032, T, W, int(f * T)) for f in shares], "adamw", s) for s in [3, 4, 5]
])
print_table(["감쇠 비율", "검증 손실 (시드 3, 4, 5)", "평균"],
            [[f"{f:.0%}", " ".join(f"{v:.4f}" for v in share_runs[:, i]), f"{share_runs[:, i].mean():.4f}"] for i, f in enumerate(shares)])
ex.p1.compare(*share_runs.mean(axis=0))

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()
