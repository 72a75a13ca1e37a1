# %% [markdown]
# # 01. 학습률이란
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/01_learning_rate.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F01_learning_rate.ipynb)
#
# **예상 시간: 75분** (1–8절, 연습 문제 포함). 맨 끝의 **더 알아보기**(선택)는 20분쯤 더 걸립니다.
# 더 알아보기를 건너뛰어도 다음 노트북을 따라가는 데 지장이 없습니다.

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
from lrcourse.plotting import PALETTE, LINESTYLES, new_axes, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# 이 노트북을 마치면 다음을 할 수 있습니다.
#
# - 학습률(learning rate)이 경사 하강법(gradient descent)에서 무엇을 하는지 식 하나로 설명합니다.
# - 이차 함수에서 학습률이 **2/L**을 넘으면 발산(divergence)하는 까닭을 유도하고, 실제로 확인합니다.
# - 학습률이 너무 작으면 왜 느린지, 얼마나 느린지 말합니다.
# - 작은 신경망(손글씨 숫자를 분류하는 다층 퍼셉트론, MLP)에서 같은 현상을 보고, **학습률 범위 테스트(LR range test)** 로 쓸 만한 학습률을 고릅니다.
#   부드럽게 한 손실 곡선이 원래 손실보다 늦게 움직인다는 점을 감안해 그 그림을 읽습니다.
# - "학습률이 작으면 지역 최솟값(local minimum)에 갇힌다"는 말에서 맞는 부분과 틀린 부분을 가려냅니다.
# - 학습률을 학습 도중에 바꾸는 것, 곧 **스케줄링(scheduling)** 이 왜 필요한지 설명합니다.

# %% [markdown]
# ## 1. 직관: 안개 속에서 산을 내려가기
#
# 짙은 안개 속에서 산을 내려간다고 해 봅시다. 멀리는 보이지 않고, 발밑의 기울기만 느낄 수 있습니다.
# 할 수 있는 일은 "가장 가파르게 내려가는 쪽으로 한 걸음 옮기기"를 되풀이하는 것뿐입니다.
#
# - 방향은 발밑의 기울기(그래디언트, gradient)가 정합니다.
# - **보폭은 우리가 정합니다.** 이 보폭을 정하는 수가 학습률입니다.
#
# 보폭이 너무 크면 골짜기 바닥을 지나쳐 맞은편 비탈로 올라가 버립니다. 지나칠 때마다 더 높이 올라가면
# 결국 산 밖으로 튕겨 나갑니다(발산). 보폭이 너무 작으면 안전하지만 바닥까지 한참 걸립니다.

# %% [markdown]
# ## 2. 수식
#
# 가중치를 $w$, 손실(loss)을 $f(w)$라 하면 경사 하강법의 한 스텝(step)은
#
# $$w_{t+1} = w_t - \eta\, \nabla f(w_t)$$
#
# 입니다. $\eta$(에타)가 학습률입니다. 그래디언트 $\nabla f$는 오르막 방향이므로 빼서 내려갑니다.
#
# 가장 단순한 경우인 1차원 이차 함수 $f(w) = \tfrac{L}{2} w^2$을 봅시다. 최솟점은 $w^* = 0$이고,
# $L$은 곡률(curvature, 이차 미분)입니다. 기울기는 $f'(w) = L w$이므로
#
# $$w_{t+1} = w_t - \eta L w_t = (1 - \eta L)\, w_t \quad\Rightarrow\quad w_t = (1 - \eta L)^t\, w_0.$$
#
# 매 스텝 같은 수 $(1 - \eta L)$를 곱합니다. 그래서 결론이 바로 나옵니다.
#
# | 학습률 | $1 - \eta L$ | 움직임 |
# |---|---|---|
# | $0 < \eta < 1/L$ | 0과 1 사이 | 한쪽에서 곧장 다가감 (작을수록 느림) |
# | $\eta = 1/L$ | 0 | 한 스텝 만에 도착 |
# | $1/L < \eta < 2/L$ | −1과 0 사이 | 좌우로 건너뛰며 다가감 (진동하지만 수렴) |
# | $\eta = 2/L$ | −1 | 같은 두 점을 영원히 오감 |
# | $\eta > 2/L$ | −1보다 작음 | 건너뛸 때마다 더 멀어짐: **발산** |
#
# 따라서 수렴(convergence) 조건은 $|1 - \eta L| < 1$, 즉 $0 < \eta < 2/L$입니다.

# %%
L = 4.0  # 곡률: 발산 문턱은 2/L = 0.5
w0 = 1.0
steps = 12
factors = [0.1, 0.5, 0.9, 1.0, 1.1]  # 학습률을 2/L의 몇 배로 할지
# 한 배수에는 한 색과 한 선 모양: 3절의 그림도 같은 짝을 씁니다.
factor_style = {f: dict(color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)]) for i, f in enumerate(factors)}

trajectories = {}
for factor in factors:
    lr = factor * 2 / L
    trajectories[factor] = w0 * (1 - lr * L) ** np.arange(steps + 1)
    print(f"학습률 {lr:.3f} (= {factor:.1f} × 2/L): 곱하는 수 1 − ηL = {1 - lr * L:+.2f}, 12스텝 뒤 |w| = {abs(trajectories[factor][-1]):.3g}")

# 문턱이 정확히 2/L인지: 바로 아래(0.99배)는 2,000스텝 뒤 수렴하고, 바로 위(1.01배)는 발산해야 합니다.
assert abs((1 - 0.99 * 2 / L * L) ** 2000) < 1e-3, "문턱 바로 아래는 수렴해야 합니다"
assert abs((1 - 1.01 * 2 / L * L) ** 2000) > 1e3, "문턱 바로 위는 발산해야 합니다"
print("문턱 확인: 0.99 × 2/L은 수렴, 1.01 × 2/L은 발산")

# %% [markdown]
# 마지막 두 줄은 문턱이 정확히 $2/L$인지 확인한 것입니다. 그림으로 보면 다섯 가지 움직임이 한눈에 보입니다. 왼쪽은 위치 $w_t$ 자체, 오른쪽은 최솟점까지의 거리
# $|w_t|$를 로그 눈금으로 그린 것입니다. 로그 눈금에서는 "매 스텝 같은 수를 곱함"이 직선으로 보입니다.
# 0.1배와 0.9배는 오른쪽 그림에서 겹칩니다. $|1 - \eta L|$이 둘 다 0.8이기 때문입니다. 한쪽은 곧장, 한쪽은 좌우로
# 건너뛰며 같은 빠르기로 다가갑니다.

# %%
# (보조 코드) 그림
fig, (ax_w, ax_abs) = new_axes(ncols=2, figsize=(11, 3.8))
for factor, w in trajectories.items():
    style = dict(**factor_style[factor], marker="o", ms=3)
    ax_w.plot(w, **style)
    ax_abs.plot(np.abs(w) + 1e-16, label=f"η = {factor:.1f} × 2/L", **style)
style_axes(ax_w, "위치 w의 변화 (f(w) = 2w², 최솟점 w* = 0)", "스텝", "위치 w")
ax_w.set_ylim(-2.5, 2.5)
style_axes(ax_abs, "최솟점까지의 거리 (로그 눈금)", "스텝", "|w − w*|", log=True)
ax_abs.set_ylim(1e-13, 1e2)
ax_abs.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## 3. 여러 차원: 최소제곱 문제
#
# 실제 손실은 방향마다 곡률이 다릅니다. 최소제곱(least squares) 문제 $f(x) = \tfrac12\lVert Ax - b\rVert^2$의
# 곡률은 헤세 행렬(Hessian) $H = A^\top A$의 고윳값들입니다. 고유 방향마다 1차원에서 본 일이 따로 일어나므로
# 방향 $i$에서는 매 스텝 $(1 - \eta\lambda_i)$를 곱합니다.
#
# - **가장 가파른 방향**(가장 큰 곡률 $L = \lambda_{\max}$)이 발산 문턱 $\eta < 2/L$을 정합니다.
# - **가장 완만한 방향**(가장 작은 곡률 $\mu = \lambda_{\min}$)이 수렴 속도를 정합니다: 그 방향은 매 스텝
#   $(1 - \eta\mu)$만큼만 줄어듭니다.
#
# `lrcourse.data.make_least_squares`는 곡률을 정확히 정한 문제를 만듭니다. $L = 1$, $\mu = 0.1$인 2차원 문제를 씁니다.

# %%
problem = data.make_least_squares(dim=2, L=1.0, condition=10.0, seed=0)
H = problem.A.T @ problem.A
print(problem)
print("헤세 행렬의 고윳값:", np.round(np.linalg.eigvalsh(H), 6))
critical = 2 / problem.L
print(f"발산 문턱 2/L = {critical:g}")

# %% [markdown]
# 같은 시작점에서 2절 그림의 학습률 네 개(문턱의 0.1배, 0.5배 $=1/L$, 0.9배, 1.1배)로 경사 하강을 해 봅니다.
# `train.gradient_descent`는 반복점과 손실을 모두 기록합니다. 문턱이 여기서도 정확히 $2/L$(가장 큰 고윳값으로 구한 값)인지
# 문턱 바로 아래(0.99배)와 바로 위(1.01배)로도 확인합니다.

# %%
x0 = problem.x_star + np.array([2.0, -1.5])  # 최솟점에서 조금 떨어진 시작점
runs = {factor: train.gradient_descent(problem, factor * critical, steps=300, x0=x0) for factor in [0.1, 0.5, 0.9, 1.1]}
for factor, run in runs.items():
    print(f"η = {factor:4.2f} × 2/L: 처음 손실 {run.losses[0]:.3g} → 300스텝 뒤 {run.losses[-1]:.3g}  ({'발산' if run.diverged else '수렴 중'})")

below = train.gradient_descent(problem, 0.99 * critical, steps=300, x0=x0)
above = train.gradient_descent(problem, 1.01 * critical, steps=300, x0=x0)
print(f"η = 0.99 × 2/L: 300스텝 뒤 손실 {below.losses[-1]:.3g},  η = 1.01 × 2/L: 300스텝 뒤 손실 {above.losses[-1]:.3g}")
assert below.losses[-1] < 1e-4 * below.losses[0], "문턱 바로 아래는 (진동하면서도) 수렴해야 합니다"
assert above.diverged and above.losses[-1] > 100 * above.losses[0], "문턱 바로 위는 발산해야 합니다"
assert runs[0.9].losses[-1] < 1e-10 and runs[1.1].diverged

# %% [markdown]
# 왼쪽 그림은 손실의 등고선 위에 처음 10스텝의 반복점을 그린 것입니다. 0.1배는 골짜기를 따라 천천히 미끄러지고,
# 0.5배($=1/L$)는 가파른 방향을 한 번에 건너고, 0.9배는 가파른 방향으로 좌우를 건너뛰면서도 안으로 들어오고,
# 1.1배는 건너뛸 때마다 바깥으로 나갑니다. 오른쪽은 같은 네 학습률의 300스텝 동안의 손실을 로그 눈금으로 그린 것입니다.
# 색과 선 모양은 2절 그림과 같습니다: 한 학습률에는 한 색입니다.

# %%
# (보조 코드) 등고선과 손실 곡선
fig, (ax_path, ax_loss) = new_axes(ncols=2, figsize=(11, 4.2))
gx, gy = np.meshgrid(np.linspace(-4, 4, 161), np.linspace(-3.2, 3.2, 129))
grid = np.stack([problem.x_star[0] + gx, problem.x_star[1] + gy], axis=-1)
ax_path.contour(grid[..., 0], grid[..., 1], problem.loss(grid), levels=np.geomspace(0.01, 20, 12), colors="0.8", linewidths=0.8)
for factor, run in runs.items():
    path = run.iterates[:11]
    ax_path.plot(path[:, 0], path[:, 1], marker="o", ms=2.5, lw=1, **factor_style[factor], label=f"η = {factor} × 2/L")
ax_path.plot(*x0, "o", color="black", ms=6, label="시작점")
ax_path.plot(*problem.x_star, "*", color="black", ms=14, label="최솟점", zorder=5)
ax_path.set_xlim(grid[..., 0].min(), grid[..., 0].max())
ax_path.set_ylim(grid[..., 1].min(), grid[..., 1].max())
ax_path.set_aspect("equal")
style_axes(ax_path, "손실 등고선과 반복점 (처음 10스텝)", "x₁", "x₂")
ax_path.legend(loc="lower left", fontsize=8)
for factor, run in runs.items():
    ax_loss.plot(run.losses, **factor_style[factor], label=f"η = {factor} × 2/L")
style_axes(ax_loss, "손실 (로그 눈금)", "스텝", "손실 f(x)", log=True)
ax_loss.set_ylim(1e-12, 1e4)
plt.show()

# %% [markdown]
# ## 4. 너무 작은 학습률: 기어가기
#
# 문턱 아래에서는 모두 수렴하지만 속도가 다릅니다. 가장 완만한 방향은 매 스텝 $(1-\eta\mu)$를 곱하므로,
# 손실을 일정 비율 줄이는 데 필요한 스텝 수는 대략 $1/(\eta\mu)$에 비례합니다. **학습률을 10배 줄이면 10배
# 오래 걸립니다.** 손실이 처음의 100만분의 1이 될 때까지 걸린 스텝을 세어 봅시다.

# %%
def steps_to_reach(problem, lr, x0, ratio=1e-6, max_steps=100_000):
    run = train.gradient_descent(problem, lr, steps=max_steps, x0=x0)
    below = np.flatnonzero(run.losses <= ratio * run.losses[0])
    return int(below[0]) if below.size else None


needed = {factor: steps_to_reach(problem, factor * critical, x0) for factor in [0.5, 0.05, 0.005]}
for factor, n in needed.items():
    print(f"η = {factor:5.3f} × 2/L: 손실이 100만분의 1이 될 때까지 {n:6d}스텝")

# 학습률이 10배 작아지면 스텝 수는 대략 10배 (8~12배) 늘어납니다.
assert 8 < needed[0.05] / needed[0.5] < 12
assert 8 < needed[0.005] / needed[0.05] < 12

# %% [markdown]
# 그래서 "안전하게 아주 작은 학습률"은 공짜가 아닙니다. 같은 계산 예산이라면 작은 학습률은 최솟점에 한참
# 못 미친 곳에서 멈춥니다. 좋은 학습률은 발산 문턱보다 조금 아래, 너무 많이 아래는 아닌 곳에 있습니다.

# %% [markdown]
# ## 5. 진짜 신경망에서: 손글씨 숫자 MLP
#
# 신경망의 손실은 이차 함수가 아니고 곡률도 학습 중에 바뀌므로, 문턱을 식으로 미리 구할 수는 없습니다. 그래도
# 같은 세 가지 모습이 나타나는지 봅시다. 8×8 손글씨 숫자(학습 1,438장)를 은닉층 하나(유닛 64개, 활성화 함수 ReLU)짜리
# MLP로 분류하고, 확률적 경사 하강법(SGD, 배치(batch) 64개)으로 10에포크(epoch) 학습합니다.
#
# `fit_batched`는 같은 초기화의 모델 여러 개를 학습률만 바꿔 한꺼번에 학습합니다(벡터화). 결과는 `train.fit`을
# 여러 번 부른 것과 같고 훨씬 빠릅니다.

# %% [markdown]
# ### 예측해 보기
#
# 실행하기 전에 예측해 보세요. 다섯 학습률 0.003, 0.03, 0.3, 3, 10 가운데 10에포크 뒤 **검증 손실이 가장 낮은** 것은
# 무엇일까요? `prediction`에 그 학습률(예: `0.03`)을 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
from lrcourse.exercises import lesson01 as ex

# BEGIN SOLUTION
prediction = 0.3
# END SOLUTION
ex.p1.predict(prediction)

# %%
digits = data.load_digits()
model = models.mlp(hidden=(64,), seed=0)
candidates = [0.003, 0.03, 0.3, 3.0, 10.0]
histories = fit_batched(model, digits, {f"{lr:g}": lr for lr in candidates}, epochs=10, batch_size=64, seed=0, device=device, progress=False)

print("학습률   검증 손실   검증 정확도   상태")
for name, h in histories.items():
    state = f"발산 (스텝 {h.diverged_step})" if h.diverged else "완료"
    print(f"{name:>6}   {h.final_val_loss:9.3f}   {h.final_val_acc:11.3f}   {state}")

# %% [markdown]
# 검증 손실(validation loss)을 에포크마다 그려 봅니다. 찍기만 하는 모델의 손실은 $\ln 10 \approx 2.30$입니다.

# %%
# (보조 코드) 그림
fig, ax = new_axes()
steps_per_epoch = train.steps_per_epoch(digits, 64)
for i, (name, h) in enumerate(histories.items()):
    label = f"학습률 {name}" + (f" (스텝 {h.diverged_step}에서 발산)" if h.diverged else "")
    ax.plot(h.val_step / steps_per_epoch, h.val_loss, marker="o", ms=3, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=label)
ax.axhline(np.log(10), color="0.5", lw=1, ls=":", label="찍기 (ln 10)")
style_axes(ax, "학습률에 따른 검증 손실 (숫자 MLP, SGD, 시드 0)", "에포크", "검증 손실")
ax.set_ylim(0, 2.6)
plt.show()

# %% [markdown]
# 이차 함수에서 본 것과 같은 모습입니다.
#
# - **0.003**: 10에포크가 지나도 손실이 찍기 수준에서 거의 내려오지 않았습니다. 기어가는 중입니다.
# - **0.03**: 내려가고는 있지만 느립니다.
# - **0.3**: 가장 좋습니다.
# - **3**: 발산해 멈추지는 않았지만, 손실이 찍기 수준에서 내려오지 않습니다. 처음 몇 스텝의 지나치게 큰 업데이트가
#   가중치를 망가뜨려 은닉층의 ReLU가 거의 모두 꺼졌기 때문입니다(바로 아래에서 확인합니다). 이것은 발산(손실이 끝없이
#   커지거나 NaN이 됨)이 아니라 **죽은 ReLU(dead ReLU)로 학습이 멈춘 것**입니다. 손실은 찍기 수준 $\ln 10 \approx 2.30$에 머뭅니다.
# - **10**: 손실이 폭발해 몇 스텝 만에 발산으로 멈췄습니다.
#
# 시드 하나의 결과일 수도 있으니, 시드 0, 1, 2에서 같은 실험을 해서 결론을 `assert`로 확인합니다. 시드 $s$는 **초기 가중치**
# (`models.mlp(seed=s)`)와 **데이터 순서**(`seed=s`)를 함께 바꿉니다. 위 그림은 시드 0입니다.

# %%
sweep = {0: histories}
for seed in (1, 2):
    sweep[seed] = fit_batched(models.mlp(hidden=(64,), seed=seed), digits, {f"{lr:g}": lr for lr in candidates}, epochs=10, batch_size=64, seed=seed, device=device, progress=False)

print("검증 손실 (초기 가중치와 데이터 순서를 함께 바꾼 시드 0, 1, 2)")
print("학습률   " + "".join(f"   시드 {seed}" for seed in sweep))
for name in histories:
    print(f"{name:>6}   " + "".join(f"{sweep[seed][name].final_val_loss:9.3f}" for seed in sweep))

for seed, runs_of_seed in sweep.items():
    best_of_seed = min(runs_of_seed, key=lambda name: runs_of_seed[name].final_val_loss)
    assert best_of_seed == "0.3", (seed, best_of_seed)
    assert runs_of_seed["10"].diverged, f"시드 {seed}: 학습률 10은 발산해야 합니다"
    assert not runs_of_seed["3"].diverged and runs_of_seed["3"].final_val_acc < 0.3, f"시드 {seed}: 학습률 3은 발산하지 않고 찍기 수준에 머물러야 합니다"
    assert runs_of_seed["0.003"].final_val_loss > 2.0, f"시드 {seed}: 학습률 0.003은 10에포크 뒤에도 거의 배우지 못해야 합니다"
    assert runs_of_seed["0.03"].final_val_loss > 3 * runs_of_seed["0.3"].final_val_loss, f"시드 {seed}: 학습률 0.03은 아직 한참 내려가는 중이어야 합니다"
    assert runs_of_seed["0.3"].final_val_acc > 0.9
best = min(histories, key=lambda name: histories[name].final_val_loss)
print(f"세 시드 모두 가장 좋은 학습률: {best}. 너무 작으면 기어가고, 너무 크면 망가지거나 발산합니다.\n")
ex.p1.compare(float(best))  # 예측과 견주어 봅니다

# %% [markdown]
# 학습률 3에서 정말 ReLU가 꺼졌는지 확인해 봅시다. 학습이 끝난 뒤, 학습 데이터 1,438장 가운데 어느 것에도 한 번도
# 켜지지 않는(출력이 늘 0인) 은닉 유닛의 비율을 셉니다. 이런 유닛은 기울기도 늘 0이라 다시 살아나지 못합니다.
# 이번에도 시드 0, 1, 2(초기 가중치와 데이터 순서를 함께 바꿈)에서 셉니다.

# %%
def dead_fraction(model, x):
    """은닉층(Flatten → Linear → ReLU)의 유닛 가운데 모든 입력에서 출력이 0인 것의 비율."""
    with torch.no_grad():
        hidden = model[:3](x)
    return (hidden.max(dim=0).values <= 0).float().mean().item()


dead = {}
for seed in (0, 1, 2):
    for lr in (0.3, 3.0):
        net = models.mlp(hidden=(64,), seed=seed)
        train.fit(net, digits, "sgd", lr, epochs=10, batch_size=64, seed=seed, device=device, progress=False)
        dead[seed, lr] = dead_fraction(net, digits.x_train)
    print(f"시드 {seed}: 꺼진 은닉 유닛  학습률 0.3 → {dead[seed, 0.3]:4.0%},  학습률 3 → {dead[seed, 3.0]:4.0%}")
assert all(dead[seed, 3.0] > 0.9 and dead[seed, 0.3] < 0.2 for seed in (0, 1, 2))

# %% [markdown]
# ## 6. 학습률 범위 테스트: 첫 번째 실용 도구
#
# 위처럼 학습률마다 끝까지 학습해 보는 것은 비쌉니다. **학습률 범위 테스트**(LR range test, Leslie Smith 2017)는
# 학습 한 번으로 쓸 만한 범위를 찾습니다.
#
# 1. 아주 작은 학습률(예: $10^{-5}$)에서 시작해, 스텝마다 학습률을 같은 비율로 키웁니다(로그 눈금에서 직선).
# 2. 스텝마다 손실을 기록합니다.
# 3. 손실이 발산하기 시작하면 멈춥니다.
#
# 손실을 학습률에 대해 그리면, 처음에는 평평하고(너무 작음), 어느 구간에서 빠르게 내려가고(좋음), 어느 점을
# 넘으면 치솟습니다(너무 큼). 흔한 규칙(fastai)은 **부드럽게 한 손실이 가장 낮았던 학습률의 1/10**을 고르는 것입니다.
#
# `lrcourse.lr_finder.lr_range_test`가 이 일을 합니다(fastai의 `lr_find`와 같은 방식). 학습률 $10^{-5}$에서 $10$까지
# 200스텝 동안 키웁니다. 한 에포크가 22스텝이므로 9에포크쯤 학습하는 셈이지만, 대부분의 스텝은 너무 작은 학습률에서
# 보냅니다. 테스트가 끝나면 모델의 가중치는 시작할 때로 되돌려집니다.
#
# ### 부드럽게 한 곡선은 늦게 움직입니다
#
# 한 스텝의 손실은 배치마다 들쭉날쭉하므로, 범위 테스트는 손실을 **지수 이동 평균**(exponential moving average, EMA)으로
# 부드럽게 한 뒤 최저점을 찾습니다: 스텝마다 새 손실을 $1-\beta = 2\%$만 섞습니다($\beta = 0.98$, 처음 몇 스텝의 치우침은 보정).
# 그래서 부드러운 손실은 대략 최근 $1/(1-\beta) = 50$스텝의 평균처럼 움직이고, **원래 손실보다 늦습니다.** 이 테스트에서
# 학습률은 스텝마다 약 1.07배씩 커지므로, 50스텝은 학습률로 약 32배(한 자릿수 반)입니다.
#
# 최저점은 그만큼 늦지는 않습니다. 부드러운 손실은 지금 손실이 자기보다 낮은 동안 계속 내려가다가, 원래 손실이 다시 올라와
# 자기를 넘어설 때 최저점을 찍습니다. 그러니 **부드러운 손실의 최저점에서 원래 손실은 이미 올라가는 중**입니다.
#
# 아래 그림은 원래 손실(옅은 선), 부드러운 손실(굵은 선)과 함께, 원래 손실의 **이동 중앙값**(rolling median, 앞뒤 5스텝씩
# 11스텝)을 그립니다. 이동 중앙값은 앞과 뒤를 똑같이 보므로 늦지 않고, 튀는 값 몇 개에 흔들리지 않습니다.

# %%
from lrcourse.lr_finder import lr_range_test

finder = lr_range_test(models.mlp(hidden=(64,), seed=0), digits, start_lr=1e-5, end_lr=10.0, steps=200, batch_size=64, seed=0, device=device)
print(f"부드러운 손실이 가장 낮은 곳:  학습률 {finder.min_lr:.2g}")
print(f"제안 (가장 낮은 곳의 1/10):    학습률 {finder.suggested_lr:.2g}")


def rolling_median(values, half=5):
    """(보조 코드) 앞뒤 half스텝씩, 모두 2·half + 1스텝의 중앙값. 가운데를 기준으로 하므로 지연이 없습니다."""
    return np.array([np.median(values[max(0, k - half) : k + half + 1]) for k in range(len(values))])


def range_test_minima(result):
    """(보조 코드) 원래 손실(이동 중앙값)의 최저점 위치와 부드러운 손실의 최저점(min_lr) 위치."""
    return int(np.argmin(rolling_median(result.loss))), int(np.argmin(np.abs(result.lr - result.min_lr)))


# (보조 코드) 그림: LRFinderResult.plot 대신 원래 손실의 최저점도 표시합니다.
median = rolling_median(finder.loss)
i_raw, i_smooth = range_test_minima(finder)
fig, ax = new_axes(figsize=(8, 4.4))
ax.plot(finder.lr, finder.loss, color="0.65", lw=0.8, label="손실 (스텝마다)")
ax.plot(finder.lr, median, color=PALETTE[0], lw=1.5, ls="--", label="손실의 이동 중앙값 (지연 없음)")
ax.plot(finder.lr, finder.smoothed_loss, color=PALETTE[1], lw=2.2, label="부드러운 손실 (EMA, β = 0.98)")
ax.plot(finder.lr[i_raw], median[i_raw], "D", color=PALETTE[0], ms=8, label=f"원래 손실의 최저점 (학습률 {finder.lr[i_raw]:.2g})")
ax.plot(finder.min_lr, finder.smoothed_loss[i_smooth], "s", color=PALETTE[1], ms=8, label=f"부드러운 손실의 최저점 (학습률 {finder.min_lr:.2g})")
ax.axvline(finder.suggested_lr, color=PALETTE[2], ls=":", lw=1.5, label=f"제안 = 부드러운 최저점의 1/10 ({finder.suggested_lr:.2g})")
ax.annotate("", xy=(finder.min_lr, 1.1), xytext=(finder.lr[i_raw], 1.1), arrowprops=dict(arrowstyle="->", color="0.2"))
ax.text(np.sqrt(finder.min_lr * finder.lr[i_raw]), 1.13, f"지연 {i_smooth - i_raw}스텝", ha="center", va="bottom", fontsize=9)
ax.set_xscale("log")
ax.set_ylim(1.0, 2.6)
style_axes(ax, "학습률 범위 테스트 (숫자 MLP, SGD, 시드 0)", "학습률 (로그 눈금)", "학습 손실")
ax.legend(loc="lower left", fontsize=8)
plt.show()

# %%
# 시드 하나의 우연이 아닌지, 시드 0, 1, 2(초기 가중치와 데이터 순서를 함께 바꿈)에서 두 최저점을 견주어 봅니다.
finders = {0: finder}
for seed in (1, 2):
    finders[seed] = lr_range_test(models.mlp(hidden=(64,), seed=seed), digits, start_lr=1e-5, end_lr=10.0, steps=200, batch_size=64, seed=seed, device=device)

per_step = (10.0 / 1e-5) ** (1 / 199)  # 스텝마다 학습률이 커지는 배수
print(f"학습률은 스텝마다 {per_step:.3f}배: EMA의 시간 규모 50스텝 = 학습률 {per_step ** 50:.0f}배")
print("시드   원래 손실의 최저점      부드러운 손실의 최저점    지연")
for seed, result in finders.items():
    i_raw, i_smooth = range_test_minima(result)
    median = rolling_median(result.loss)
    lag = i_smooth - i_raw
    print(f"{seed:>3}    학습률 {result.lr[i_raw]:.2f} (손실 {median[i_raw]:.2f})   학습률 {result.min_lr:.2f} (원래 손실 {median[i_smooth]:.2f})   "
          f"{lag}스텝 = 학습률 {result.min_lr / result.lr[i_raw]:.1f}배")
    assert 10 <= lag <= 20 and 2 < result.min_lr / result.lr[i_raw] < 3.5, "부드러운 최저점이 10여 스텝(학습률 2–3배) 늦습니다"
    assert median[i_smooth] > median[i_raw] + 0.3, "부드러운 최저점에서 원래 손실은 이미 한참 올라와 있습니다"

# %% [markdown]
# 세 시드 모두 부드러운 손실의 최저점이 원래 손실의 최저점보다 10여 스텝, 학습률로 2–3배 늦게 찍혔고, 그곳에서 원래 손실은
# 이미 최저보다 0.3 넘게 올라와 있었습니다. 그림의 네모(■)는 손실이 아직 멀쩡한 곳이 아니라 이미 망가지기 시작한 곳입니다.
#
# 그러면 어느 학습률로 처음부터 학습해야 할까요? 세 가지를 시드마다 10에포크 학습해 봅시다: 제안값(부드러운 최저점의 1/10),
# 부드러운 손실의 최저점, 원래 손실의 최저점.

# %%
print("10에포크 뒤 검증 정확도: 제안값 | 부드러운 손실의 최저점 | 원래 손실의 최저점")
for seed, result in finders.items():
    i_raw, _ = range_test_minima(result)
    picks = {"제안값": result.suggested_lr, "부드러운 최저점": result.min_lr, "원래 손실의 최저점": float(result.lr[i_raw])}
    trained = fit_batched(models.mlp(hidden=(64,), seed=seed), digits, picks, epochs=10, batch_size=64, seed=seed, device=device, progress=False)
    print(f"시드 {seed}:  " + "  |  ".join(f"학습률 {picks[name]:4.2f} → {h.final_val_acc:.3f}" for name, h in trained.items()))
    assert 0.05 < result.suggested_lr < 1.0, "제안값은 5절에서 끝까지 학습해서 찾은 좋은 자릿수에 있어야 합니다"
    assert trained["제안값"].final_val_acc > 0.9
    assert trained["부드러운 최저점"].final_val_acc < 0.3, "부드러운 최저점의 학습률을 처음부터 쓰면 학습이 망가집니다"
    assert trained["원래 손실의 최저점"].final_val_acc > 0.9, "원래 손실의 최저점은 처음부터 써도 학습됩니다"

# %% [markdown]
# 범위 테스트의 손실은 그 학습률 하나의 성적이 아닙니다. 손실이 가장 낮았던 것은, 그보다 작은 학습률들로 모델이 이미
# 어느 정도 학습된 뒤였기 때문입니다. 그래서 최저점의 학습률을 처음부터 써도 된다는 보장은 없고, 흔한 규칙은 한 자릿수를 낮춥니다.
#
# 이 실험에서는 세 시드 모두 다음과 같았습니다.
#
# - 부드러운 손실의 최저점(학습률 2 안팎)을 처음부터 쓰면, 5절의 학습률 3처럼 ReLU가 꺼져 찍기 수준에 머뭅니다.
# - 원래 손실의 최저점(0.8 안팎)은 처음부터 써도 잘 학습됩니다. 부드러운 최저점이 망가진 쪽에 찍힌 것은 주로 지연 때문입니다.
# - 제안값(0.2 안팎)은 5절에서 가장 좋았던 0.3과 같은 자릿수입니다. "1/10"에는 지연으로 늦게 찍힌 만큼을 되돌리는 몫도 들어 있습니다.
#
# 범위 테스트는 "어느 자릿수(0.01? 0.1? 1?)인지"를 싸게 알려 주는 도구입니다. 정밀한 답은 아닙니다. 고른 값
# 근처에서 두세 개를 짧게 비교해 보는 것이 좋습니다.

# %% [markdown]
# ## 7. "학습률이 작으면 지역 최솟값에 갇힌다"?
#
# 원문은 학습률이 너무 작으면 학습이 매우 느려지고 지역 최솟값에 갇히기 쉽다고 말합니다. 앞부분(느리다)은
# 방금 확인했습니다. 뒷부분은 조심해서 읽어야 합니다. 맞는 부분과 오해를 부르는 부분이 섞여 있기 때문입니다.
#
# 골짜기가 두 개인 1차원 함수로 실험해 봅시다.
#
# $$f(w) = (w^2 - 1)^2 + 0.3\,w$$
#
# 왼쪽 골짜기($w \approx -1.04$)가 더 깊은 **전역 최솟값**(global minimum), 오른쪽 골짜기($w \approx 0.96$)가
# 얕은 **지역 최솟값**입니다. 두 골짜기 사이에 언덕($w \approx 0.08$)이 있습니다.

# %%
def double_well(w):
    return (w**2 - 1) ** 2 + 0.3 * w


def double_well_grad(w):
    return 4 * w * (w**2 - 1) + 0.3


def descend(w0, lr, steps, noise=0.0, n_runs=1, seed=0):
    """w ← w − lr·(f'(w) + noise·ξ)를 독립 실행 n_runs개에서 한꺼번에 합니다. 모든 반복점을 돌려줍니다.

    noise > 0이면 미니배치처럼 잡음 섞인 기울기를 씁니다. 실행마다 잡음 ξ가 따로 뽑히고, seed가 그 잡음 전체를 정합니다.
    """
    rng = np.random.default_rng(seed)
    lrs = lr if callable(lr) else (lambda k: lr)
    w = np.full(n_runs, float(w0))
    path = [w.copy()]
    for k in range(steps):
        w = w - lrs(k) * (double_well_grad(w) + noise * rng.standard_normal(n_runs))
        path.append(w.copy())
    return np.array(path)


global_min, barrier, local_min = np.sort(np.roots([4, 0, -4, 0.3]).real)
print(f"전역 최솟값 w = {global_min:.4f} (f = {double_well(global_min):.3f})")
print(f"언덕 꼭대기 w = {barrier:.4f} (f = {double_well(barrier):.3f})")
print(f"지역 최솟값 w = {local_min:.4f} (f = {double_well(local_min):.3f})")

# %% [markdown]
# ### 실험 1: 작은 학습률은 "시작한 골짜기"로 갑니다
#
# 학습률 0.01(작음)로 두 곳에서 출발합니다: 오른쪽 $w_0 = 1.5$와 왼쪽 $w_0 = -1.5$. 그리고 아주 작은
# 학습률 0.0005로 오른쪽에서 같은 300스텝을 갑니다.

# %%
right = descend(1.5, lr=0.01, steps=300)[:, 0]
left = descend(-1.5, lr=0.01, steps=300)[:, 0]
tiny = descend(1.5, lr=0.0005, steps=300)[:, 0]
print(f"학습률 0.01,   w0 = +1.5 → {right[-1]:+.4f}")
print(f"학습률 0.01,   w0 = -1.5 → {left[-1]:+.4f}")
print(f"학습률 0.0005, w0 = +1.5 → {tiny[-1]:+.4f}  (아직 내려가는 중)")

assert abs(right[-1] - local_min) < 1e-3, "오른쪽에서 출발하면 지역 최솟값에 수렴"
assert abs(left[-1] - global_min) < 1e-3, "왼쪽에서 출발하면 전역 최솟값에 수렴 (같은 작은 학습률)"
assert abs(tiny[-1] - local_min) > 0.05, "아주 작은 학습률은 300스텝 뒤에도 바닥에 닿지 못함"

# %% [markdown]
# 같은 작은 학습률이 한 번은 지역 최솟값, 한 번은 전역 최솟값에 수렴했습니다. **어느 골짜기로 갈지 정한 것은
# 학습률이 아니라 시작점입니다.** 작은 학습률이 하는 일은 "출발한 골짜기의 바닥으로, 천천히, 충실히 내려가기"입니다.
# 학습률을 더 줄이면(0.0005) 골짜기를 바꾸지는 않고 더 느려질 뿐입니다.
#
# ### 실험 2: 큰 보폭은 언덕을 건너뛸 수 있습니다
#
# 이번에는 오른쪽 $w_0 = 1.5$에서 학습률 0.2로 출발합니다.

# %%
big = descend(1.5, lr=0.2, steps=300)[:, 0]
print("학습률 0.2의 처음 네 위치:", np.round(big[:4], 3))
print(f"300스텝 뒤: {big[-1]:+.4f}")
assert big[1] < barrier < big[0], "첫 스텝에서 언덕을 건너뜀"
assert abs(big[-1] - global_min) < 1e-3, "그리고 전역 최솟값에 수렴"

# %% [markdown]
# 첫 스텝의 보폭이 커서 언덕 너머 왼쪽 골짜기로 떨어졌습니다. 하지만 이것을 "큰 학습률이 더 좋은 최솟값을 찾는다"로
# 일반화하면 안 됩니다. 어디로 건너뛸지는 시작점과 학습률에 따라 우연히 정해집니다. 또 학습률이 조금 더 크면 골짜기
# 바닥에 앉지 못합니다. 2절의 문턱 $2/L$을 골짜기마다 그곳의 곡률 $f''(w)$로 구해 보면, 더 깊은 전역 최솟값이 더
# **가파르기** 때문에 문턱이 더 낮습니다. 학습률 0.26은 그 사이에 있습니다.

# %%
curvature = lambda w: 12 * w**2 - 4  # f''(w)
print(f"전역 최솟값의 문턱 2/f'' = {2 / curvature(global_min):.3f}, 지역 최솟값의 문턱 2/f'' = {2 / curvature(local_min):.3f}")
near_global = descend(global_min + 0.01, lr=0.26, steps=2000)[:, 0]
near_local = descend(local_min + 0.01, lr=0.26, steps=2000)[:, 0]
print(f"학습률 0.26, 전역 최솟값 옆에서 출발 → 마지막 두 위치 {near_global[-2]:+.4f}, {near_global[-1]:+.4f} (바닥 주위를 오감)")
print(f"학습률 0.26, 지역 최솟값 옆에서 출발 → 마지막 두 위치 {near_local[-2]:+.4f}, {near_local[-1]:+.4f} (바닥에 앉음)")
assert abs(near_global[-1] - near_global[-2]) > 0.1, "가파른 전역 최솟값에는 앉지 못하고 오감"
assert abs(near_local[-1] - local_min) < 1e-6, "완만한 지역 최솟값에는 앉음"

# %% [markdown]
# 큰 학습률은 "더 낮은" 골짜기가 아니라 "더 완만한" 골짜기에서만 가만히 있을 수 있습니다. 둘은 같은 것이 아닙니다.

# %% [markdown]
# ### 실험 3: 잡음 섞인 큰 스텝은 골짜기 사이를 오갑니다
#
# 실제 학습은 미니배치로 구한 **잡음 섞인** 기울기를 씁니다. 한 스텝의 잡음 크기는 학습률에 비례하므로, 학습률이 크면
# 잡음도 큽니다. 지역 최솟값 바닥($w_0 = 0.96$)에서 독립 실행 1,000개를 같은 잡음 세기로 3,000스텝 돌려,
# 끝에 전역 최솟값 쪽 골짜기(언덕 왼쪽)에 있는 비율을 셉니다. 시드는 잡음(실행마다 따로 뽑는 ξ)만 바꿉니다. 시작점은 모두
# 같습니다. 시드 1, 2, 3에서 셉니다.

# %%
n_runs, noise, noise_seeds = 1000, 2.0, (1, 2, 3)
small_noisy = {seed: descend(local_min, lr=0.01, steps=3000, noise=noise, n_runs=n_runs, seed=seed)[-1] for seed in noise_seeds}
large_noisy = {seed: descend(local_min, lr=0.1, steps=3000, noise=noise, n_runs=n_runs, seed=seed)[-1] for seed in noise_seeds}
frac_small = {seed: np.mean(small_noisy[seed] < barrier) for seed in noise_seeds}
frac_large = {seed: np.mean(large_noisy[seed] < barrier) for seed in noise_seeds}
for seed in noise_seeds:
    print(f"잡음 시드 {seed}: 전역 최솟값 골짜기에 있는 비율  학습률 0.01 → {frac_small[seed]:5.1%},  학습률 0.1 → {frac_large[seed]:5.1%}")
assert all(frac_small[seed] < 0.05 for seed in noise_seeds), "작은 학습률(작은 잡음)은 출발한 골짜기를 떠나지 못함"
assert all(frac_large[seed] > 0.8 for seed in noise_seeds), "큰 학습률(큰 잡음)은 언덕을 넘어 더 깊은 골짜기에 주로 머묾"

# %% [markdown]
# 여기에 원문 주장의 **맞는 부분**이 있습니다. 잡음 섞인 큰 스텝은 언덕을 넘나들고, 오래 지나면 더 깊은 골짜기에서 더
# 많은 시간을 보냅니다. 작은 스텝은 출발한 골짜기를 거의 떠나지 못합니다.
#
# 그러나 큰 학습률에는 대가가 있습니다. 골짜기 안에서도 계속 흔들려 바닥에 가만히 있지 못합니다. 그래서 두 가지를
# **차례로** 씁니다. 처음에는 크게(탐색), 나중에는 작게(정착). 처음 2,000스텝은 0.1, 나머지 1,000스텝은 0.01로
# 바꿔 봅시다. 이것이 다음 노트북부터 다룰 **학습률 스케줄**입니다.

# %%
decayed = {seed: descend(local_min, lr=lambda k: 0.1 if k < 2000 else 0.01, steps=3000, noise=noise, n_runs=n_runs, seed=seed)[-1] for seed in noise_seeds}
for seed in noise_seeds:
    in_global = decayed[seed] < barrier
    spread_large = np.std(large_noisy[seed][large_noisy[seed] < barrier])
    spread_decayed = np.std(decayed[seed][in_global])
    print(f"잡음 시드 {seed}: 0.1 → 0.01은 전역 골짜기 {np.mean(in_global):.1%}, 흩어짐(표준편차) {spread_decayed:.3f}   "
          f"0.1 고정은 {frac_large[seed]:.1%}, {spread_large:.3f}")
    assert np.mean(in_global) > 0.8, "줄인 뒤에도 깊은 골짜기에 있음"
    assert spread_decayed < 0.5 * spread_large, "줄이면 바닥에 훨씬 가깝게 모임"

# %%
# (보조 코드) 실험을 한 그림에 모읍니다.
fig, (ax_f, ax_hist) = new_axes(ncols=2, figsize=(11, 4.0))
ws = np.linspace(-1.7, 1.7, 400)
ax_f.plot(ws, double_well(ws), color="0.3", lw=2, label="f(w)")
# 한 학습률에는 한 색: 0.01은 두 패널 모두 파랑, 0.1은 주홍, 0.2는 자주입니다. 출발점은 표식 모양으로 가립니다.
# 0.01(w0 = −1.5)과 0.2는 같은 곳(전역 최솟값)에 닿으므로 별의 크기를 달리해 둘 다 보이게 합니다.
for path, label, color, marker, star in [(right, "학습률 0.01, w0 = 1.5", PALETTE[0], "o", 14), (left, "학습률 0.01, w0 = −1.5", PALETTE[0], "s", 18),
                                         (big, "학습률 0.2, w0 = 1.5", PALETTE[3], "o", 10)]:
    ax_f.plot(path[:8], double_well(path[:8]), marker=marker, ls="--", ms=4, lw=1, color=color, label=label + " (처음 8스텝)")
    ax_f.plot(path[-1], double_well(path[-1]), "*", ms=star, color=color)
style_axes(ax_f, "이중 우물: 어디로 가는가 (★ = 300스텝 뒤)", "위치 w", "f(w)")
bins = np.linspace(-1.8, 1.8, 73)
ax_hist.hist(small_noisy[1], bins=bins, alpha=0.6, color=PALETTE[0], label="학습률 0.01 고정")
ax_hist.hist(large_noisy[1], bins=bins, alpha=0.6, color=PALETTE[1], label="학습률 0.1 고정")
ax_hist.hist(decayed[1], bins=bins, histtype="step", lw=2, color=PALETTE[2], label="학습률 0.1 → 0.01")
ax_hist.axvline(barrier, color="0.4", ls=":", lw=1, label="언덕")
style_axes(ax_hist, "잡음 섞인 경사 하강 3,000스텝 뒤의 위치 (독립 실행 1,000개, 잡음 시드 1)", "위치 w", "독립 실행 수")
plt.show()

# %% [markdown]
# **정리하면:**
#
# - 작은 학습률이 그 자체로 지역 최솟값을 만들거나 고르지는 않습니다. 작은 학습률은 **시작한 골짜기(가장 가까운
#   최솟값)** 로 느리게 수렴합니다. 거기가 지역 최솟값이면 거기에 머뭅니다.
# - 크고 잡음 섞인 스텝은 골짜기 사이를 넘나들 수 있습니다. 다만 바닥에 가만히 앉지 못하고, 너무 크면 가파른
#   골짜기에는 머물지 못하거나 발산합니다.
# - 실제 큰 신경망에서는 "나쁜 지역 최솟값에 갇히는 것"이 주된 문제가 아닌 경우가 많다고 알려져 있습니다. 더 흔한
#   어려움은 평평한 구간(plateau)과 안장점(saddle point)인데, 여기서도 작은 학습률의 문제는 "갇힘"이 아니라 "느림"입니다.
#
# 그러니 원문의 문장은 이렇게 고쳐 읽는 것이 정확합니다: **"학습률이 너무 작으면 느리고, 출발한 골짜기를 벗어날 만큼
# 크게 움직이지 못한다."**

# %% [markdown]
# ## 8. 그래서, 왜 스케줄인가
#
# 지금까지의 결론을 모으면 학습률 하나로는 두 가지를 다 얻을 수 없습니다.
#
# - 큰 학습률: 처음에 빨리 내려가고 언덕도 넘지만, 잡음 때문에 바닥 근처에서 계속 흔들립니다(실험 3의 0.1 고정).
# - 작은 학습률: 바닥에 정확히 앉지만, 거기까지 가는 데 너무 오래 걸리고(4절) 언덕도 넘지 못합니다(실험 3의 0.01 고정).
#
# 실험 3에서 0.1로 시작해 0.01로 줄인 실행은 둘을 다 얻었습니다. 세 잡음 시드 모두 깊은 골짜기에 0.1 고정만큼 많이 있으면서,
# 바닥 주위의 흩어짐은 절반 아래였습니다. 원문의 말로 하면, 학습률 스케줄링은 **학습 초기에는 큰 학습률로 빠르게 최적해
# 근처로 가고, 학습이 진행될수록 학습률을 줄여 안정적으로 수렴하게 하는 것**입니다. 언제, 어떤 모양으로 줄일지가 다음
# 노트북들의 주제입니다. 같은 일을 손실 곡선으로 보고 싶으면 맨 끝의 더 알아보기 B를 보세요.

# %% [markdown]
# ## 정리
#
# - 경사 하강법은 $w \leftarrow w - \eta \nabla f(w)$입니다. 학습률 $\eta$는 보폭입니다.
# - 곡률이 $L$인 이차 함수에서 경사 하강법은 $\eta < 2/L$일 때만 수렴합니다. 여러 방향이 있으면 가장 가파른 방향이
#   문턱을, 가장 완만한 방향이 속도를 정합니다. 학습률을 10배 줄이면 10배 느려집니다.
# - 신경망에서도 너무 작으면 기어가고, 너무 크면 발산하거나, 발산하지 않더라도 ReLU가 죽어 학습이 멈춥니다.
#   학습률 범위 테스트가 쓸 만한 자릿수를 싸게 알려 줍니다. 부드럽게 한 곡선은 늦게 움직이므로 그 최저점은 원래 손실의
#   최저점보다 큰 학습률에 찍힙니다.
# - 작은 학습률은 지역 최솟값에 "가두는" 것이 아니라 시작한 골짜기로 느리게 수렴하게 합니다. 골짜기를 넘나드는 것은
#   크고 잡음 섞인 스텝입니다.
# - 큰 학습률의 빠른 진행과 작은 학습률의 정확한 정착을 둘 다 얻으려고 학습률을 학습 도중에 줄입니다. 이것이
#   학습률 스케줄링입니다.

# %% [markdown]
# ## 연습 문제
#
# 빈칸을 채우고 셀을 실행하면 채점됩니다. 틀리면 무엇이 틀렸는지만 알려 주고 정답은 말하지 않습니다. 막히면 `ex.qN.hint()`,
# 더 구체적인 힌트는 `ex.qN.hint(2)`, 답이 궁금하면 `ex.qN.solution()`.

# %%
from lrcourse.exercises import lesson01 as ex

# %% [markdown]
# ### 문제 1: 발산 문턱
#
# 대칭인 헤세 행렬 `H`(numpy 배열)를 받아, 이차 함수 $\tfrac12 w^\top H w$에서 경사 하강법이 발산하기 시작하는
# 학습률을 돌려주는 `critical_lr(H)`를 쓰세요. (힌트: 대각 원소가 곧 곡률은 아닙니다.)

# %% tags=["solution"]
def critical_lr(H):
    # BEGIN SOLUTION
    L = np.linalg.eigvalsh(H).max()
    return 2.0 / L
    # END SOLUTION


ex.q1.check(critical_lr)

# %% [markdown]
# ### 문제 2: 경사 하강법 직접 쓰기
#
# 기울기 함수 `grad`, 시작점 `w0`, 학습률 `lr`, 스텝 수 `steps`를 받아 경사 하강법을 하고, **시작점을 포함한**
# `steps + 1`개의 위치를 목록으로 돌려주는 `gradient_descent_1d(grad, w0, lr, steps)`를 쓰세요.

# %% tags=["solution"]
def gradient_descent_1d(grad, w0, lr, steps):
    # BEGIN SOLUTION
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return ws
    # END SOLUTION


ex.q2.check(gradient_descent_1d)

# %% [markdown]
# ### 문제 3: 범위 테스트 결과 읽기
#
# 범위 테스트가 학습률 배열 `lrs`와 손실 배열 `losses`를 남겼습니다. 발산한 뒤의 손실은 `NaN`입니다.
# "손실이 가장 낮았던 학습률의 1/10" 규칙으로 학습률을 고르는 `pick_lr(lrs, losses)`를 쓰세요.

# %% tags=["solution"]
def pick_lr(lrs, losses):
    # BEGIN SOLUTION
    return lrs[np.nanargmin(losses)] / 10
    # END SOLUTION


ex.q3.check(pick_lr)

# %% [markdown]
# ### 문제 4: 참일까 거짓일까
#
# "학습률이 작으면 지역 최솟값에 갇힌다"를 7절의 실험에 비추어 네 문장으로 나눴습니다. 각 문장이 그 실험의 결과에
# 비추어 참이면 `True`, 거짓이면 `False`를 골라 `answer`에 (a), (b), (c), (d) 순서의 목록으로 넣으세요.
#
# - (a) [실험 1] 잡음이 없을 때 학습률 0.01은 출발한 골짜기의 바닥으로 갔다. 어느 최솟값(지역/전역)으로 갈지는 시작점이 정했다.
# - (b) [실험 1] 오른쪽(w0 = 1.5)에서 출발할 때, 학습률을 0.01에서 0.0005로 더 줄이면 전역 최솟값 쪽으로 갈 수 있다.
# - (c) [실험 3] 잡음 섞인 기울기에서도 학습률 0.01로는 거의 모든 독립 실행이 출발한 지역 최솟값의 골짜기를 떠나지 못했다.
# - (d) [실험 2] 학습률이 크면 언제나 더 깊은 최솟값(전역 최솟값)에 자리 잡는다.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = [True, False, True, False]
# END SOLUTION
ex.q4.check(answer)

# %% [markdown]
# 지금까지 푼 문제를 봅니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% [markdown]
# ## 더 알아보기 (선택, 약 20분)
#
# 여기부터는 선택입니다. 건너뛰어도 다음 노트북을 따라가는 데 지장이 없습니다.
#
# ### A. 탐색기: 학습률을 직접 움직여 보기
#
# 아래 위젯은 3절과 같은 종류의 문제에서 학습률(2/L의 몇 배인지)과 조건수 $L/\mu$를 슬라이더로 바꾸며 반복점과
# 손실을 보여 줍니다. 해 볼 것:
#
# 1. 학습률을 0.99에서 1.01로 넘겨 보세요. 무엇이 바뀌나요?
# 2. 조건수를 100으로 올리고 학습률을 0.1로 두세요. 왜 그렇게 느린가요?

# %%
from lrcourse.widgets import lr_explorer

lr_explorer(lr_factor=0.5)

# %% [markdown]
# ### B. 잡음이 만드는 손실의 바닥
#
# 미니배치 SGD에서 8절의 "바닥 근처의 흔들림"은 손실의 **바닥(noise floor)** 으로 나타납니다. 학습률이 고정이면 손실은
# 학습률에 비례하는 높이 아래로 내려가지 못합니다. 최소제곱 문제에 잡음 섞인 기울기를 넣어 확인해 봅시다. 완만한
# 방향이 아주 완만한 문제($L/\mu = 100$)에서, 완만한 방향으로 멀리 떨어진 곳에서 출발합니다. 독립 실행 200개의 평균 손실을
# 봅니다. 시드는 잡음만 바꿉니다(시작점은 모두 같음). 그림은 시드 0이고, 결론은 시드 0, 1, 2에서 확인합니다.

# %%
hard = data.make_least_squares(dim=2, L=1.0, condition=100.0, seed=0)
slow_direction = np.linalg.eigh(hard.A.T @ hard.A)[1][:, 0]
far_start = hard.x_star + 20.0 * slow_direction


def noisy_least_squares(problem, schedule, steps, x_start, noise=0.3, n_runs=200, seed=0):
    """(보조 코드) 잡음 섞인 기울기로 경사 하강. 독립 실행 n_runs개의 평균 손실을 스텝마다 돌려줍니다."""
    rng = np.random.default_rng(seed)
    x = np.tile(x_start, (n_runs, 1))
    losses = [problem.loss(x).mean()]
    for k in range(steps):
        x = x - schedule(k) * (problem.grad(x) + noise * rng.standard_normal(x.shape))
        losses.append(problem.loss(x).mean())
    return np.array(losses)


total = 1000
decay_name = "1.0 → 700스텝에 0.1로"
plans = {
    "큰 학습률 1.0 고정": schedules.constant(1.0),
    "작은 학습률 0.1 고정": schedules.constant(0.1),
    decay_name: schedules.step_decay(1.0, step_size=700, gamma=0.1),
}
curves = {seed: {name: noisy_least_squares(hard, plan, total, far_start, seed=seed) for name, plan in plans.items()} for seed in (0, 1, 2)}
final = {seed: {name: c[-100:].mean() for name, c in by_name.items()} for seed, by_name in curves.items()}  # 마지막 100스텝 평균
print("마지막 100스텝의 평균 손실")
for name in plans:
    print(f"{name:>16}: " + ",  ".join(f"시드 {seed} {final[seed][name]:.4f}" for seed in final))

# %%
# (보조 코드) 그림
fig, ax = new_axes(figsize=(7, 4))
for i, (name, c) in enumerate(curves[0].items()):
    # 줄이는 스케줄은 굵게 아래에 깔아, 700스텝까지 겹치는 "1.0 고정"도 보이게 합니다.
    wide = dict(lw=3, zorder=1) if name == decay_name else dict(lw=1.2, zorder=2)
    ax.plot(c, color=PALETTE[i], linestyle=LINESTYLES[i % len(LINESTYLES)], label=name, **wide)
ax.axvline(700, color="0.5", lw=1, ls=":")
style_axes(ax, "잡음 섞인 경사 하강: 고정 학습률과 한 번 줄이기 (시드 0)", "스텝", "평균 손실 (로그 눈금)", log=True)
plt.show()

# %% [markdown]
# - 큰 학습률은 빨리 내려가지만 높은 바닥에서 멈춥니다.
# - 작은 학습률은 바닥이 낮지만, 완만한 방향으로 기어가느라 1,000스텝 안에 거기까지 가지 못합니다.
# - 한 번 줄인 스케줄은 앞의 700스텝 동안 큰 학습률과 똑같이 내려가고(같은 잡음을 쓰므로 두 선이 겹칩니다), 줄인 순간
#   손실이 뚝 떨어져 둘보다 낮게 끝납니다.

# %%
for seed in final:
    assert final[seed][decay_name] < final[seed]["큰 학습률 1.0 고정"] / 2, seed
    assert final[seed][decay_name] < final[seed]["작은 학습률 0.1 고정"] / 2, seed
print("세 시드 모두, 처음엔 크게 나중엔 작게: 고정된 어느 학습률보다 낮은 손실에 도달했습니다.")
