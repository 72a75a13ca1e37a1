# %% [markdown]
# # 03. 지수 감쇠
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/03_exponential_decay.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F03_exponential_decay.ipynb)
#
# **예상 시간: 50분** (1–7절, 예측 하나와 연습 문제 네 개 포함)

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
from lrcourse.plotting import LINESTYLES, PALETTE, new_axes, plot_schedules, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# ## 학습 목표
#
# 이 노트북을 마치면 다음을 할 수 있습니다.
#
# 1. 학습률(learning rate)의 **지수 감쇠(exponential decay)** 스케줄(schedule) lr·gamma^t를 읽고, gamma에서 반감기(half-life, 학습률이 절반이 되는 스텝 수)를 계산합니다.
# 2. 스텝(step) 단위와 에포크(epoch) 단위 감쇠, `decay_steps`, `staircase`를 구별하고 서로 바꿔 씁니다.
# 3. "N스텝 뒤에 목표 학습률에 닿도록" gamma를 고릅니다: gamma = (목표/lr)^(1/N).
# 4. 너무 빨리 줄이면 학습이 멈춘다는 것을 실제 학습으로 확인하고, 그 까닭을 학습률의 합으로 설명합니다.
# 5. 원문의 "스텝 감쇠보다 더 빠르게 줄어들 수 있다"가 정확히 언제 참인지 말합니다.
#
# 앞의 02에서 본 **스텝 감쇠(step decay)** 는 정해진 때에 학습률을 한꺼번에 줄였습니다. 이번에는 매 스텝 조금씩 줄입니다.

# %% [markdown]
# ## 1. 직관: 매 스텝 같은 비율로
#
# 학습률에 매 스텝 1보다 조금 작은 수 gamma(예: 0.99)를 곱한다고 해 봅시다.
#
# - 스텝 감쇠처럼 계단이 없습니다. 학습률이 매 스텝 매끄럽게 줄어듭니다.
# - 줄어드는 **양**이 아니라 **비율**이 일정합니다. 처음에는 많이 줄고(큰 값의 1%), 나중에는 조금 줄어듭니다(작은 값의 1%).
# - 그래서 세로축을 로그 눈금으로 그리면 곡선이 **직선**이 됩니다. 같은 스텝 수마다 같은 배수로 줄기 때문입니다.
#
# "같은 스텝 수마다 같은 배수"는 방사성 붕괴와 같은 모양입니다. 그래서 **반감기**로 생각하면 편합니다.
# 학습률이 절반이 되는 스텝 수 h는 gamma^h = 1/2에서
#
# $$h = \frac{\ln 2}{-\ln \gamma}$$
#
# 입니다. gamma = 0.99이면 약 69스텝마다, gamma = 0.999이면 약 693스텝마다 절반이 됩니다. gamma가 1에 아주 가까운 수라서
# 0.99와 0.999는 비슷해 보이지만, 반감기로는 10배 차이입니다.

# %% [markdown]
# ## 2. 수식
#
# 원문의 수식은 `new_lr = initial_lr * (decay_rate ^ step)`입니다. 이 강좌의 이름으로 쓰면(decay_rate = gamma, PyTorch의 이름)
#
# $$\text{lr}(t) = \text{lr}_0 \cdot \gamma^{\,t}$$
#
# 입니다. 스텝 0에서 lr₀이고, 끝이 없이 0을 향해 줄어들지만 0이 되지는 않습니다. 조금 더 일반적인 꼴은 `decay_steps` 스텝마다 gamma배가 되는
#
# $$\text{lr}(t) = \text{lr}_0 \cdot \gamma^{\,t / \text{decay\_steps}}$$
#
# 이고, `staircase=True`이면 지수를 내림해 ⌊t / decay_steps⌋로 씁니다(3절). `lrcourse.schedules.exponential_decay`가 이 식입니다.
# `decay_steps=1`이면 PyTorch의 `ExponentialLR(gamma)`를 스텝마다 한 번 `step()`한 것과 같습니다. 직접 비교해 봅시다.

# %%
s = schedules.exponential_decay(0.1, gamma=0.99)
print(s)
for t in [0, 1, 10, 69, 100, 1000]:
    print(f"스텝 {t:>4}: 학습률 {s(t):.6g}")

# PyTorch ExponentialLR을 1000번 step()한 값과 비교합니다.
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
torch_sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.99)
torch_lrs = [torch_sched.get_last_lr()[0]]
for _ in range(1000):
    opt.step()
    torch_sched.step()
    torch_lrs.append(torch_sched.get_last_lr()[0])
ours = s(np.arange(1001))
max_rel = np.max(np.abs(ours - torch_lrs) / ours)
assert max_rel < 1e-9
print(f"PyTorch ExponentialLR과의 상대 차이: 최대 {max_rel:.0e} (1e-9 미만)")

# %% [markdown]
# PyTorch는 매 스텝 직전 학습률에 gamma를 곱해 나가고(재귀식), lrcourse는 스텝 t에서 lr₀·gamma^t를 바로 계산합니다(닫힌 식).
# 값은 같지만 닫힌 식에는 반올림 오차가 쌓이지 않고, 중간 스텝에서 바로 시작할 수 있습니다.
#
# 반감기 공식도 확인합니다. gamma = 0.99의 반감기는 ln 2 / (−ln 0.99) ≈ 68.97스텝이므로, 스텝 69의 학습률은 0.05에 아주 가깝습니다.

# %%
half_life = math.log(2) / -math.log(0.99)
print(f"gamma=0.99의 반감기: {half_life:.2f}스텝, 스텝 69의 학습률: {s(69):.5f}")
assert abs(s(69) - 0.05) < 0.001

# %% [markdown]
# gamma를 몇 가지로 바꿔 그려 봅니다. 왼쪽은 보통 눈금, 오른쪽은 로그 눈금입니다. 로그 눈금에서는 모두 직선이고,
# 기울기가 ln gamma입니다. 보통 눈금에서는 작은 학습률이 0에 붙어 구별되지 않습니다. 학습률이 여러 자릿수에 걸치면 로그 눈금으로 봐야 합니다.

# %%
gammas = [0.999, 0.995, 0.99, 0.98]
curves = {f"gamma={g} (반감기 {math.log(2) / -math.log(g):.0f}스텝)": schedules.exponential_decay(0.1, g) for g in gammas}
fig, (ax_lin, ax_log) = new_axes(ncols=2, figsize=(12, 4))
plot_schedules(curves, 1000, ax=ax_lin, title="지수 감쇠: 보통 눈금")
plot_schedules(curves, 1000, ax=ax_log, log=True, title="지수 감쇠: 로그 눈금 (직선이 됩니다)")
plt.show()

# %% [markdown]
# ## 3. 스텝 단위와 에포크 단위, `decay_steps`와 `staircase`
#
# 원문은 "매 스텝(또는 에포크)마다" 곱한다고 합니다. 어느 쪽이냐에 따라 gamma의 뜻이 완전히 달라집니다.
# 한 에포크의 스텝 수를 `steps_per_epoch`라고 합시다(아래 예에서는 20). "에포크마다 gamma_e = 0.5배"를 구현하는 방법은 네 가지입니다.
#
# | 방법 | 코드 | 한 에포크 안에서 |
# |---|---|---|
# | ① 에포크 단위 스케줄을 스텝에 적용 | `by_epoch(exponential_decay(lr, 0.5), steps_per_epoch)` | 일정 (계단) |
# | ② 계단식 지수 감쇠 | `exponential_decay(lr, 0.5, decay_steps=steps_per_epoch, staircase=True)` | 일정 (계단) |
# | ③ 부드러운 지수 감쇠 | `exponential_decay(lr, 0.5, decay_steps=steps_per_epoch)` | 매 스텝 조금씩 |
# | ④ 스텝당 gamma로 환산 | `exponential_decay(lr, 0.5 ** (1 / steps_per_epoch))` | 매 스텝 조금씩 |
#
# ①과 ②는 같은 계단이고, ③과 ④는 같은 매끄러운 곡선입니다. 네 가지 모두 에포크 경계(스텝 0, 20, 40, …)에서는 값이 같습니다.
# ②는 `step_decay(lr, step_size=steps_per_epoch, gamma=0.5)`와도 같습니다. 계단식 지수 감쇠가 곧 스텝 감쇠입니다.

# %%
lr0, steps_per_epoch, gamma_e = 0.1, 20, 0.5
t = np.arange(6 * steps_per_epoch)
per_epoch = schedules.by_epoch(schedules.exponential_decay(lr0, gamma_e), steps_per_epoch)
stair = schedules.exponential_decay(lr0, gamma_e, decay_steps=steps_per_epoch, staircase=True)
smooth = schedules.exponential_decay(lr0, gamma_e, decay_steps=steps_per_epoch)
per_step = schedules.exponential_decay(lr0, gamma_e ** (1 / steps_per_epoch))
mistake = schedules.exponential_decay(lr0, gamma_e)  # 에포크 단위 gamma를 스텝마다 씀 (흔한 실수)

assert np.array_equal(per_epoch(t), stair(t))  # ① = ②
assert np.array_equal(stair(t), schedules.step_decay(lr0, steps_per_epoch, gamma_e)(t))  # ② = 스텝 감쇠
assert np.allclose(smooth(t), per_step(t), rtol=1e-12)  # ③ = ④
boundaries = t[::steps_per_epoch]
assert np.allclose(stair(boundaries), smooth(boundaries), rtol=1e-12)  # 에포크 경계에서는 모두 같음
print("①=②=step_decay, ③=④, 에포크 경계에서는 넷 모두 같습니다.")
after_one_epoch, intended_lr = mistake(steps_per_epoch), stair(steps_per_epoch)
print(f"실수(⑤): 스텝 {steps_per_epoch}의 학습률 {after_one_epoch:.2e} (의도한 값 {intended_lr:.2e}의 {after_one_epoch / intended_lr:.1e}배)")

# %%
# (보조 코드) 그림
fig, ax = new_axes(figsize=(9, 4))
plot_schedules(
    {
        "①② 에포크마다 ×0.5 (계단)": stair,
        "③④ 매 스텝 부드럽게 (스텝당 0.5^(1/20))": smooth,
        "⑤ 실수: 0.5를 스텝마다": mistake,
    },
    t,
    ax=ax,
    log=True,
    title="같은 gamma=0.5, 다른 단위 (한 에포크 = 20스텝)",
)
for b in boundaries[1:]:
    ax.axvline(b, color="0.8", lw=0.8, zorder=0)
ax.set_ylim(1e-8, 0.2)
plt.show()

# %% [markdown]
# ⑤가 가장 흔한 실수입니다. PyTorch 예제는 보통 `ExponentialLR(optimizer, gamma=0.9)`를 **에포크마다** `scheduler.step()`합니다.
# 이 한 줄을 배치(batch) 루프 안으로 옮기면 같은 gamma가 스텝마다 곱해지고, 에포크당 스텝이 수십~수백이므로 학습률은 첫 에포크 안에 사실상 0이 됩니다.
# 6절에서 이 실수가 실제 학습을 어떻게 멈추는지 봅니다.
#
# 에포크 단위 gamma_e를 스텝 단위로 바꾸려면 (에포크당 스텝 수)제곱근을 씁니다: gamma_step = gamma_e^(1/steps_per_epoch). 0.5 ÷ 20 같은 나눗셈이 아닙니다.

# %% [markdown]
# ## 4. 목표 학습률에 닿는 gamma 고르기
#
# 실제로는 gamma를 직접 떠올리기보다 "lr₀ = 0.1에서 시작해 2,000스텝 뒤에 1e-4가 되게" 같은 목표에서 출발합니다.
# lr₀·gamma^N = 목표를 gamma에 대해 풀면
#
# $$\gamma = \left(\frac{\text{목표}}{\text{lr}_0}\right)^{1/N}$$
#
# 입니다. 0.1 → 1e-4는 1,000분의 1이므로 gamma = 0.001^(1/2000) ≈ 0.99655입니다. (연습 문제 1에서 이것을 함수로 씁니다.)

# %%
lr_start, lr_target, N = 0.1, 1e-4, 2000
gamma = (lr_target / lr_start) ** (1 / N)
s = schedules.exponential_decay(lr_start, gamma)
print(f"gamma = {gamma:.6f}, 스텝 {N}의 학습률: {s(N):.3g}")
assert math.isclose(s(N), lr_target, rel_tol=1e-9)

# %% [markdown]
# gamma는 아주 예민한 손잡이입니다. N스텝 뒤의 학습률은 gamma^N에 비례하므로, gamma를 조금만 바꿔도 N이 크면 끝 값이 크게 바뀝니다.
# 위의 gamma ≈ 0.99655를 소수 셋째 자리에서 ±0.001만 바꿔 보겠습니다.

# %%
for g in [gamma - 0.001, gamma, gamma + 0.001]:
    end = schedules.exponential_decay(lr_start, g)(N)
    print(f"gamma = {g:.5f} → 스텝 {N}의 학습률 {end:.2e} (목표의 {end / lr_target:.2g}배)")
assert schedules.exponential_decay(lr_start, gamma + 0.001)(N) / lr_target > 7
assert schedules.exponential_decay(lr_start, gamma - 0.001)(N) / lr_target < 0.15

# %% [markdown]
# gamma를 0.001 바꿨을 뿐인데 끝 학습률이 약 7배 달라집니다(e^(±2000·0.001/0.9966) ≈ 7.4). 그래서 gamma를 손으로 맞추기보다
# **시작 값, 끝 값, 스텝 수**를 정하고 위 공식으로 gamma를 계산하는 편이 안전합니다. 학습 스텝 수를 바꾸면 gamma도 다시 계산해야 합니다.
#
# 02의 스텝 감쇠는 "언제 줄일까"와 "얼마나 줄일까"를 따로 골라야 했습니다. 지수 감쇠에서는 고를 값이 gamma 하나로 줄지만,
# 고르기가 쉬워지지는 않습니다. gamma와 학습 길이가 함께 정하는 **끝 학습률**(그리고 학습률의 합)이 결과를 좌우하는데,
# 그 끝 값이 위에서 본 것처럼 gamma에 아주 예민하기 때문입니다. 6절의 학습에서는 gamma의 작은 차이가 검증 손실을 크게 바꾸는 것을 봅니다.

# %% [markdown]
# ## 5. 탐색기: gamma, decay_steps, staircase를 움직여 보기
#
# 먼저 정적인 그림입니다. 지수 감쇠(gamma = 0.995)와 같은 시작 값의 스텝 감쇠(300스텝마다 ×0.1)를 로그 눈금으로 겹쳐 그렸습니다.
# 아래 탐색기는 이 그림에서 시작합니다.

# %%
fig, ax = new_axes(figsize=(8, 3.8))
plot_schedules(
    {"지수 감쇠 (gamma=0.995)": schedules.exponential_decay(0.1, 0.995), "스텝 감쇠 (300스텝마다 ×0.1)": schedules.step_decay(0.1, 300, 0.1)},
    1000,
    ax=ax,
    log=True,
    title="지수 감쇠와 스텝 감쇠 (탐색기의 처음 모습)",
)
plt.show()

# %% [markdown]
# 탐색기에서 해 볼 것:
#
# - `gamma`를 0.990, 0.995, 0.999로 바꾸며 로그 눈금에서 기울기가 어떻게 바뀌는지 봅니다.
# - `decay_steps`를 100으로 올리고 `staircase`를 켜면 스텝 감쇠와 같은 계단이 됩니다.
# - 두 번째 스케줄(스텝 감쇠)의 `step_size`를 바꾸며 두 곡선이 어디서 엇갈리는지 봅니다(7절).

# %%
from lrcourse.widgets import schedule_explorer

schedule_explorer(
    "exponential_decay",
    total_steps=1000,
    log_scale=True,
    lr=0.1,
    gamma=0.995,
    compare="step_decay",
    compare_params={"lr": 0.1, "step_size": 300, "gamma": 0.1},
)

# %% [markdown]
# ## 6. 학습 실험: 너무 빨리 줄이면 학습이 멈춥니다
#
# 왜 멈출까요? SGD에서 스텝 t의 업데이트 크기는 lr(t)·(그래디언트 크기)입니다. 그래디언트 크기가 어떤 값 G를 넘지 않는다면,
# 학습 전체에서 가중치가 움직일 수 있는 거리는 **학습률의 합** Σ lr(t)·G를 넘지 못합니다. 지수 감쇠의 합은 등비급수라서
#
# $$\sum_{t=0}^{\infty} \text{lr}_0\,\gamma^{t} = \frac{\text{lr}_0}{1-\gamma}$$
#
# 로 **유한**합니다. 스텝을 아무리 많이 돌려도 이 "이동 예산"을 넘지 못합니다. gamma = 0.9를 스텝마다 쓰면 예산은 lr₀의 10배,
# 곧 상수 학습률로 10스텝 학습한 만큼뿐입니다. 가중치가 좋은 곳에 닿기 전에 예산이 바닥나면 손실은 그 자리에 멈춥니다.
#
# 손글씨 숫자(8×8, 10개 클래스)를 분류하는 작은 MLP(다층 퍼셉트론)를 SGD로 30에포크(660스텝) 학습합니다. 학습률은 모두 0.5에서 시작합니다.
#
# - **상수 0.5**: 비교 기준
# - **에포크마다 ×0.9**: `by_epoch(exponential_decay(0.5, 0.9), 22)` (의도한 스케줄)
# - **스텝마다 ×0.9**: 같은 gamma를 스텝마다 (3절의 실수)
# - **스텝마다 ×0.99**: 덜 극단적이지만 여전히 빠른 감쇠
#
# 같은 실험을 시드(seed) 다섯 개(0–4)로 되풀이합니다. 시드마다 **초기 가중치와 데이터 순서(배치 구성)가 함께** 바뀝니다.
# 한 시드 안에서는 `train.compare`가 네 스케줄에 같은 초기 가중치와 같은 데이터 순서를 써서, 결과의 차이가 스케줄에서만 오게 합니다.
# `batched=True`는 네 학습을 한꺼번에(벡터화해) 돌립니다. `fit`을 네 번 부른 것과 같은 결과를 더 빨리 냅니다.

# %%
# (보조 코드) 한글이 섞인 표의 열을 맞춰 출력합니다 (한글은 영문보다 두 칸 넓게 보입니다).
from lrcourse.notebook import print_table


# %% [markdown]
# ### 예측해 보기
#
# 실행하기 전에 예측해 보세요. 네 스케줄 가운데 660스텝 뒤 **검증 손실(validation loss)이 가장 낮은** 것은 무엇일까요? (시드 다섯 개의 평균)
#
# - (a) 상수 0.5 (줄이지 않음)
# - (b) 에포크마다 ×0.9
# - (c) 스텝마다 ×0.99
# - (d) 스텝마다 ×0.9
#
# `prediction`에 `"a"`, `"b"`, `"c"`, `"d"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
from lrcourse.exercises import lesson03 as ex

# BEGIN SOLUTION
prediction = "a"
# END SOLUTION
ex.p1.predict(prediction)

# %%
digits = data.load_digits()
batch_size = 64
steps_per_epoch = train.steps_per_epoch(digits, batch_size)  # 한 에포크의 스텝 수 (마지막 모자란 배치는 버림)
epochs = 30
total_steps = epochs * steps_per_epoch
lr0 = 0.5
print(f"학습 샘플 {digits.num_train}개, 배치 {batch_size} → 에포크당 {steps_per_epoch}스텝, 모두 {total_steps}스텝")

plans = {
    "상수 0.5": schedules.constant(lr0),
    "에포크마다 ×0.9": schedules.by_epoch(schedules.exponential_decay(lr0, 0.9), steps_per_epoch),
    "스텝마다 ×0.9 (실수)": schedules.exponential_decay(lr0, 0.9),
    "스텝마다 ×0.99": schedules.exponential_decay(lr0, 0.99),
}
# 모든 실험에 같은 설정을 씁니다. 학습이 몇 초면 끝나므로 진행 막대는 끕니다(progress=False).
train_kwargs = dict(optimizer="sgd", steps=total_steps, batch_size=batch_size, device=device, progress=False)
seeds = [0, 1, 2, 3, 4]
by_seed = [
    train.compare(plans, lambda: models.mlp(seed=seed), digits, seed=seed, batched=True, **train_kwargs) for seed in seeds
]
hist = by_seed[0]  # 그림과 자세한 표는 시드 0
val_loss = {name: np.array([hs[name].final_val_loss for hs in by_seed]) for name in plans}

print("시드 0")
print_table(
    ["스케줄", "학습률의 합", "끝 학습률", "검증 손실", "검증 정확도"],
    [[name, f"{h.lr.sum():.1f}", f"{h.lr[-1]:.1e}", f"{h.final_val_loss:.3f}", f"{h.final_val_acc:.3f}"] for name, h in hist.items()],
)
print()
print("검증 손실, 시드 5개 (시드마다 초기 가중치와 데이터 순서가 함께 다름)")
print_table(
    ["스케줄"] + [f"시드 {seed}" for seed in seeds] + ["평균"],
    [[name] + [f"{v:.3f}" for v in losses] + [f"{losses.mean():.3f}"] for name, losses in val_loss.items()],
)


# %%
# (보조 코드) 학습 손실(이동 평균)과 학습률을 나란히 그립니다.
def moving_average(x, window=20):
    """앞의 window개 평균 (처음 window−1개 스텝은 있는 만큼만)."""
    c = np.cumsum(np.insert(np.asarray(x, dtype=float), 0, 0.0))
    n = np.arange(1, len(x) + 1)
    w = np.minimum(n, window)
    return (c[n] - c[n - w]) / w


def plot_runs(histories, title, window=20, lr_log=True, lr_ylim=None):
    fig, (ax_loss, ax_lr) = new_axes(ncols=2, figsize=(12, 4))
    for i, (name, h) in enumerate(histories.items()):
        style = dict(color=PALETTE[i % len(PALETTE)], linestyle=LINESTYLES[i % len(LINESTYLES)], lw=1.8, label=name)
        ax_loss.plot(h.step, moving_average(h.loss, window), **style)
        ax_lr.plot(h.step, h.lr, **style)
    style_axes(ax_loss, f"{title}: 학습 손실 ({window}스텝 이동 평균)", "스텝", "손실 (교차 엔트로피)", log=True)
    style_axes(ax_lr, f"{title}: 학습률", "스텝", "학습률", log=lr_log)
    ax_loss.legend(loc="center right")  # 오른쪽 가운데가 비어 있습니다 (곡선은 위쪽 처음과 아래쪽 끝에 모임)
    if lr_ylim is not None:
        ax_lr.set_ylim(*lr_ylim)
    return ax_loss, ax_lr


# 학습률 축은 1e-6 아래를 자릅니다: '스텝마다 ×0.9'는 스텝 125 무렵 그 아래로 사라집니다(끝에서 1e-31).
plot_runs(hist, "지수 감쇠의 속도 (시드 0)", lr_ylim=(1e-6, 1.0))
plt.show()

# %% [markdown]
# "스텝마다 ×0.9"는 처음 수십 스텝 동안만 손실이 줄고, 그 뒤로는 **수평선**입니다. 학습률이 스텝 100에서 이미 0.5·0.9¹⁰⁰ ≈ 1.3·10⁻⁵이고,
# 학습률의 합(이동 예산)이 0.5/(1 − 0.9) = 5에 불과합니다. 상수 0.5로 10스텝 학습한 만큼입니다.
# "스텝마다 ×0.99"(예산 50)는 더 오래 배우지만 역시 중간에 느려집니다.
#
# gamma에 얼마나 예민한지도 보입니다. "에포크마다 ×0.9"를 스텝당 비율로 고르게 나누면 0.9^(1/22) ≈ 0.9952이니, "스텝마다 ×0.99"와는
# gamma로 0.005 차이입니다. 그런데 학습률의 합은 105 대 50이고, 검증 손실은 위 표에서 보듯 크게 벌어집니다.
# 아래 셀은 이 결론들을 시드 다섯 개 모두에서 검사합니다.

# %%
stalled = hist["스텝마다 ×0.9 (실수)"]
# 1) 멈춤: 모든 시드에서 스텝 100–119와 마지막 20스텝의 평균 손실 차이가 0.02 미만입니다 — 그 사이 500스텝 넘게 배운 것이 없습니다.
change_after_100 = np.array([hs["스텝마다 ×0.9 (실수)"].loss[100:120].mean() - hs["스텝마다 ×0.9 (실수)"].loss[-20:].mean() for hs in by_seed])
assert np.all(np.abs(change_after_100) < 0.02), change_after_100
# 2) 학습률의 합은 등비급수의 합 lr0/(1-gamma) = 5에 (반올림 안에서) 닿아 있습니다.
assert math.isclose(stalled.lr.sum(), lr0 / (1 - 0.9), rel_tol=1e-6)
# 3) 멈춘 곳은 나쁜 곳입니다: 모든 시드에서 검증 손실이 의도한 스케줄(에포크마다 ×0.9)의 10배가 넘습니다.
assert np.all(val_loss["스텝마다 ×0.9 (실수)"] > 10 * val_loss["에포크마다 ×0.9"]), val_loss
# 4) 모든 시드에서 감쇠가 빠를수록(예산이 작을수록) 끝 손실이 큽니다: ×0.9/스텝 > ×0.99/스텝 > ×0.9/에포크.
assert np.all(val_loss["스텝마다 ×0.9 (실수)"] > val_loss["스텝마다 ×0.99"]), val_loss
assert np.all(val_loss["스텝마다 ×0.99"] > val_loss["에포크마다 ×0.9"]), val_loss
# 5) gamma에 예민합니다: gamma로 0.005 차이인 ×0.99/스텝과 ×0.9/에포크의 검증 손실이 모든 시드에서 1.5배 넘게 벌어집니다.
sensitivity = val_loss["스텝마다 ×0.99"] / val_loss["에포크마다 ×0.9"]
assert np.all(sensitivity > 1.5), sensitivity
# 6) 이 문제에서는 모든 시드에서 줄이지 않은 상수 0.5의 검증 손실이 가장 낮습니다: 0.5는 오래 써도 될 만큼 작은 학습률입니다.
assert all(hs["상수 0.5"].final_val_loss == min(h.final_val_loss for h in hs.values()) for hs in by_seed)
print(f"스텝 100 뒤 손실 변화 (시드별): {' '.join(f'{c:+.4f}' for c in change_after_100)} (멈춤)")
print(f"학습률의 합 {stalled.lr.sum():.3f} = 0.5/(1-0.9)")
print(f"검증 손실의 비 ×0.99/스텝 ÷ ×0.9/에포크 (시드별): {' '.join(f'{r:.2f}' for r in sensitivity)}")

# %% [markdown]
# 검증 손실로는 모든 시드에서 상수 0.5가 가장 낮았지만, 검증 정확도로는 그렇지 않습니다. 아래 셀이 세어 보듯 몇몇 시드에서는
# "에포크마다 ×0.9"의 정확도가 상수 0.5와 같거나 더 높습니다. 검증 이미지가 359장이라 정확도 0.003은 한 장 차이입니다.
# 손실과 정확도가 늘 같은 순서로 줄을 서지는 않으므로, 어느 쪽으로 비교했는지 함께 말해야 합니다.

# %%
acc_const = np.array([hs["상수 0.5"].final_val_acc for hs in by_seed])
acc_epoch = np.array([hs["에포크마다 ×0.9"].final_val_acc for hs in by_seed])
not_higher = int(np.sum(acc_const <= acc_epoch))
print(f"검증 정확도 — 상수 0.5: {' '.join(f'{a:.3f}' for a in acc_const)}")
print(f"검증 정확도 — 에포크마다 ×0.9: {' '.join(f'{a:.3f}' for a in acc_epoch)}")
print(f"상수 0.5의 정확도가 더 높지 않은 시드: {not_higher}개 / {len(seeds)}개")
assert 0 < not_higher < len(seeds)  # 일부 시드에서만: 어느 쪽도 모든 시드에서 앞서지 않습니다

# %% [markdown]
# 예측과 견주어 봅니다. 네 스케줄의 검증 손실(시드 5개 평균)을 (a)–(d) 순서로 넘깁니다.

# %%
ex.p1.compare(*(val_loss[name].mean() for name in ["상수 0.5", "에포크마다 ×0.9", "스텝마다 ×0.99", "스텝마다 ×0.9 (실수)"]))

# %% [markdown]
# 학습률의 합은 좋은 첫 어림입니다. 하지만 유일한 기준은 아닙니다. 이 실험에서 "상수 0.5"는 합이 가장 크고 끝 손실도 낮지만,
# 문제가 더 어렵거나 학습률이 더 크면 끝까지 큰 학습률은 손실에 잡음을 남기고, 그때는 줄여야 더 내려갑니다. 감쇠는 **충분히 멀리 간 다음**
# 잡음을 줄이려고 하는 것이지, 처음부터 발을 묶으려는 것이 아닙니다. 너무 빠른 지수 감쇠는 첫 번째 일을 못 하게 막습니다.

# %% [markdown]
# ## 7. 스텝 감쇠와 나란히: "더 빠르게 줄어들 수 있다"는 언제 참인가
#
# 원문은 지수 감쇠가 "스텝 감쇠보다 더 빠르게 줄어들 수 있다"고 합니다. 맞는 말이지만 gamma에 따라 다릅니다. 정확히 따져 봅시다.
# 스텝 감쇠를 `step_decay(lr, step_size=P, gamma=g)`, 지수 감쇠를 `exponential_decay(lr, gamma=γ)`라고 하고 시작 값 lr은 같다고 합시다.
#
# 1. **첫 P스텝에서는 언제나 참입니다.** 스텝 감쇠는 스텝 P까지 lr 그대로이고, 지수 감쇠는 스텝 1부터 줄어듭니다(γ < 1이면 어떤 γ든).
# 2. **모든 스텝에서 참**(지수 감쇠가 어디서도 스텝 감쇠보다 높지 않음)인 것은 **γ ≤ g^(1/P)** 일 때, 그리고 그때뿐입니다.
#    - 충분함: t = kP + r (0 ≤ r < P)이면 γ^t = (γ^P)^k·γ^r ≤ g^k·1 이므로 지수 감쇠 ≤ 스텝 감쇠입니다.
#    - 필요함: γ^P > g이면 스텝 kP에서 (γ^P)^k > g^k이므로 지수 감쇠가 더 높습니다.
#    - γ = g^(1/P)이면 두 곡선은 스텝 0, P, 2P, …에서 만나고 그 사이에서는 지수 감쇠가 낮습니다. 계단의 각 디딤판 왼쪽 끝을 잇는 곡선이라 계단 아래에 놓입니다.
# 3. **γ > g^(1/P)이면** 처음 P스텝 동안은 지수 감쇠가 낮다가, 첫 계단(스텝 P)에서 바로 스텝 감쇠보다 **높아집니다**(γ^P > g이므로).
#    흔한 설정인 "시작과 끝의 학습률을 맞춘" 지수 감쇠가 여기에 듭니다.
#
# 660스텝, 시작 0.5에서 비교합니다. 스텝 감쇠는 220스텝마다 ×0.1이라 끝(스텝 440–659)에서 0.005입니다.
#
# - **같은 비율**: γ = 0.1^(1/220). 2번의 경계. 어디서도 스텝 감쇠보다 높지 않습니다.
# - **같은 끝 값**: 스텝 659에서 0.005가 되도록 γ = 0.01^(1/659). 3번의 경우입니다.

# %%
P = 220
step_sched = schedules.step_decay(lr0, P, 0.1)
same_rate = schedules.exponential_decay(lr0, 0.1 ** (1 / P))
same_end = schedules.exponential_decay(lr0, 0.01 ** (1 / (total_steps - 1)))
t = np.arange(total_steps)
lr_step, lr_rate, lr_end = step_sched(t), same_rate(t), same_end(t)

# 2번: γ = g^(1/P)이면 어디서도 높지 않고(반올림 여유), 경계 스텝에서는 만납니다.
assert np.all(lr_rate <= lr_step * (1 + 1e-12))
assert np.allclose(lr_rate[::P], lr_step[::P], rtol=1e-12)
# 1번과 3번: 같은 끝 값의 지수 감쇠는 첫 구간에서는 낮고, 그 뒤 어느 스텝부터 높아집니다.
assert np.all(lr_end[1:P] < lr_step[1:P])
first_above = int(np.argmax(lr_end > lr_step))
assert first_above == P  # 첫 계단에서 바로 높아집니다
assert math.isclose(lr_end[-1], lr_step[-1], rel_tol=1e-9)  # 끝 값은 같습니다
above_steps = int(np.sum(lr_end > lr_step))
print(f"같은 비율 γ={0.1 ** (1 / P):.5f}: 모든 스텝에서 스텝 감쇠 이하")
print(f"같은 끝 값 γ={0.01 ** (1 / (total_steps - 1)):.5f}: 스텝 {first_above}부터 스텝 감쇠보다 높은 구간이 생김 ({above_steps}스텝 동안 높음)")
print(f"학습률의 합 — 스텝 감쇠 {lr_step.sum():.1f}, 같은 끝 값 {lr_end.sum():.1f}, 같은 비율 {lr_rate.sum():.1f}")

# %%
# (보조 코드) 그림
fig, ax = new_axes(figsize=(9, 4))
plot_schedules(
    {
        "스텝 감쇠 (220스텝마다 ×0.1)": step_sched,
        "지수 감쇠, 같은 끝 값 γ=0.01^(1/659)": same_end,
        "지수 감쇠, 같은 비율 γ=0.1^(1/220)": same_rate,
    },
    t,
    ax=ax,
    log=True,
    title="시작 0.5가 같은 스텝 감쇠와 지수 감쇠",
)
ax.fill_between(t, lr_step, lr_end, where=lr_end > lr_step, color=PALETTE[1], alpha=0.15, label="같은 끝 값이 더 높은 구간")
ax.legend()
plt.show()

# %% [markdown]
# 그림에서 보듯 "같은 끝 값" 지수 감쇠는 첫 구간에서 훨씬 빨리 내려가고, 뒤쪽 구간의 일부에서는 스텝 감쇠보다 높습니다.
# 전체로 보면 학습률의 합이 스텝 감쇠보다 작습니다. 곧 원문의 말은 **학습률의 합(이동 예산)** 으로 보면 이 설정에서 참입니다.
#
# 그러면 학습 결과는 어떨까요? 세 스케줄로 같은 MLP를 6절과 같은 시드 5개에서 학습해 평균과 표준편차를 봅니다.
# 이번에도 시드마다 초기 가중치와 데이터 순서가 함께 바뀌고, 한 시드 안에서는 세 스케줄이 초기 가중치와 데이터 순서를 똑같이 씁니다.

# %%
side_by_side = {"스텝 감쇠": step_sched, "지수, 같은 끝 값": same_end, "지수, 같은 비율": same_rate}
results = {name: [] for name in side_by_side}
for seed in seeds:
    hs = train.compare(side_by_side, lambda: models.mlp(seed=seed), digits, seed=seed, batched=True, **train_kwargs)
    for name, h in hs.items():
        results[name].append((h.final_val_loss, h.final_val_acc, h.loss[P - 20 : P].mean()))
    if seed == 0:
        first_seed = hs

rows = []
for name, runs_of_schedule in results.items():
    r = np.array(runs_of_schedule)
    rows.append(
        [name, f"{side_by_side[name](t).sum():.1f}", f"{r[:, 0].mean():.3f} ± {r[:, 0].std():.3f}", f"{r[:, 1].mean():.3f} ± {r[:, 1].std():.3f}"]
    )
print_table(["스케줄", "학습률의 합", "검증 손실 (평균 ± 표준편차)", "검증 정확도"], rows)

plot_runs(first_seed, "스텝 감쇠 대 지수 감쇠 (시드 0)")
plt.show()

# %%
step_loss = np.array([r[0] for r in results["스텝 감쇠"]])
end_loss = np.array([r[0] for r in results["지수, 같은 끝 값"]])
rate_loss = np.array([r[0] for r in results["지수, 같은 비율"]])
# 시드마다: 학습률의 합이 클수록 끝 검증 손실이 낮습니다 (스텝 감쇠 < 같은 끝 값 < 같은 비율).
assert np.all(step_loss < end_loss) and np.all(end_loss < rate_loss), (step_loss, end_loss, rate_loss)
# 첫 구간 끝(스텝 200–219)에서도 마찬가지: 지수 감쇠는 이미 작은 학습률이라 손실이 더 높습니다.
assert all(results["지수, 같은 끝 값"][i][2] > results["스텝 감쇠"][i][2] for i in range(len(seeds)))
print("모든 시드에서: 검증 손실 스텝 감쇠 < 지수(같은 끝 값) < 지수(같은 비율)")

# %% [markdown]
# 이 문제(작은 MLP, SGD, 660스텝)에서는 학습률을 일찍 줄이는 쪽이 손해였습니다. 지수 감쇠가 "더 빠르게 줄어드는" 만큼 덜 배웁니다.
# 일반적인 결론으로 받아들이지는 마세요. 학습률 0.5가 이 문제에서 충분히 작아 오래 유지해도 불안정하지 않기 때문입니다
# (6절에서 시드 다섯 개 모두 상수 0.5가 가장 낮은 검증 손실을 냈습니다).
# 초기 학습률이 불안정할 만큼 크면 일찍 줄이는 편이 나을 수 있습니다. 결론은 이렇습니다.
#
# - 지수 감쇠와 스텝 감쇠를 공정하게 비교하려면 시작 값만이 아니라 **곡선 전체**(특히 학습률의 합과 끝 값)를 맞춰 봐야 합니다.
# - 스텝 감쇠를 "같은 비율" γ = g^(1/P)의 지수 감쇠로 바꾸면 학습률의 합이 크게 줄어(122 → 48) 이 실험에서 결과가 가장 나빴습니다.
#   매끄러운 버전을 쓰고 싶다면 학습률의 합과 끝 값을 원래 스케줄과 견주어 고르고, 결과를 직접 비교해 보세요.

# %% [markdown]
# ## 정리
#
# - 지수 감쇠는 lr(t) = lr₀·γ^(t/decay_steps)입니다. 로그 눈금에서 직선이고, 반감기는 ln 2 / (−ln γ)스텝입니다. `decay_steps=1`이면 PyTorch `ExponentialLR`과 같습니다.
# - 에포크 단위 γ_e를 스텝 단위로 바꾸면 γ_e^(1/에포크당 스텝)입니다. `staircase=True`는 계단(= 스텝 감쇠), 기본값은 매끄러운 곡선입니다. 에포크 단위 γ를 스텝마다 쓰는 것은 흔하고 치명적인 실수입니다.
# - 목표 학습률에 N스텝 뒤 닿는 γ는 (목표/lr₀)^(1/N)입니다. 고를 값은 γ 하나뿐이지만 끝 학습률이 γ에 아주 예민하고, 학습 결과도 그만큼 바뀝니다(6절: γ로 0.005 차이에 검증 손실 1.5배 넘게). 그래서 γ는 손으로 맞추지 말고 시작 값, 끝 값, 스텝 수에서 계산합니다.
# - 학습률의 합은 lr₀/(1 − γ)를 넘지 못합니다. 너무 빨리 줄이면 이 예산이 바닥나 학습이 멈춥니다(실험의 시드 다섯 개 모두에서 손실이 수평선).
# - "스텝 감쇠보다 빠르게 줄어들 수 있다": 첫 구간에서는 언제나, 모든 스텝에서는 γ ≤ g^(1/P)일 때만 참입니다. 시작과 끝을 맞추면 첫 구간에서 더 빨리 줄고 뒤쪽의 일부에서는 더 높습니다.
#
# 다음 노트북 **04 코사인 어닐링과 SGDR**에서는 끝 값과 전체 길이를 처음부터 정해 두는 곡선을 봅니다.

# %% [markdown]
# ## 연습 문제
#
# 각 문제의 빈칸을 채우고 셀을 실행하세요. 막히면 `ex.qN.hint()`, 더 구체적인 힌트는 `ex.qN.hint(2)`, 답을 보려면 `ex.qN.solution()`을 실행합니다.

# %%
from lrcourse.exercises import lesson03 as ex

# %% [markdown]
# ### 문제 1
#
# `gamma_for_target(lr, target_lr, steps)`를 쓰세요. 스텝 0에서 `lr`인 지수 감쇠(`decay_steps=1`)가 **스텝 `steps`에서 정확히 `target_lr`** 이 되게 하는 gamma를 돌려줍니다.

# %% tags=["solution"]
def gamma_for_target(lr, target_lr, steps):
    # BEGIN SOLUTION
    return (target_lr / lr) ** (1 / steps)
    # END SOLUTION


ex.q1.check(gamma_for_target)

# %% [markdown]
# ### 문제 2
#
# 에포크마다 학습률에 0.9를 곱하던 스케줄을, 에포크당 45스텝인 학습에서 **매 스텝 부드럽게** 줄이려 합니다.
# 에포크 경계(스텝 0, 45, 90, …)에서는 원래 값과 같아야 합니다. 스텝당 gamma는 얼마입니까? `answer`에 숫자를
# **소수 넷째 자리까지**(반올림) 넣거나, 그 값을 계산하는 식을 그대로 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.9 ** (1 / 45)
# END SOLUTION
ex.q2.check(answer)

# %% [markdown]
# ### 문제 3
#
# `exponential_lr(t, lr, gamma, decay_steps=1, staircase=False)`를 쓰세요. 스텝 t의 학습률을 돌려줍니다(`lrcourse`의 `exponential_decay`와 같은 식).

# %% tags=["solution"]
def exponential_lr(t, lr, gamma, decay_steps=1, staircase=False):
    # BEGIN SOLUTION
    exponent = t // decay_steps if staircase else t / decay_steps
    return lr * gamma**exponent
    # END SOLUTION


ex.q3.check(exponential_lr)

# %% [markdown]
# ### 문제 4
#
# 스텝 감쇠 `step_decay(lr, step_size=30, gamma=0.1)`와 시작 값이 같은 지수 감쇠 `exponential_decay(lr, gamma=γ)`가
# **어느 스텝에서도 스텝 감쇠보다 높지 않으려면** γ는 최대 얼마까지 될 수 있습니까? (7절) `answer`에 숫자를
# **소수 넷째 자리까지**(반올림) 넣거나, 그 값을 계산하는 식을 그대로 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 0.1 ** (1 / 30)
# END SOLUTION
ex.q4.check(answer)

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()
