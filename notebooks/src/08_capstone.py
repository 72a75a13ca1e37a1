# %% [markdown]
# # 08. 마무리 프로젝트: 새 과제에 스케줄 설계하기
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/08_capstone.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F08_capstone.ipynb)
#
# **예상 시간: 90분** (설계 프로젝트와 글 두 개, 고칠 스크립트 하나, 퀴즈 13문항, 예측 하나 포함)

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
import os
import tempfile
import warnings
from types import SimpleNamespace

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
# 강좌의 마지막 노트북입니다. 지금까지 배운 것을 **강좌가 한 번도 학습하지 않은 과제**에 써 봅니다. 이 노트북을 마치면 다음을 할 수 있습니다.
#
# 1. 새 과제에서 학습률(learning rate) 범위 테스트(LR range test)를 돌리고, 그 결과로 워밍업(warmup) + 감쇠(decay) 스케줄(schedule)을 설계하고, 그 근거를 글로 씁니다.
# 2. 설계한 스케줄을 기준선(baseline)과 시드(seed) 3개에서 견주고, 결론을 숫자와 함께 씁니다. 채점기는 여러분이 쓰지 않은 **새 시드 3개**에서 다시 확인합니다.
# 3. 07의 버그 여러 개가 함께 든 PyTorch 학습 스크립트를 고칩니다.
# 4. 퀴즈 13문항으로 강좌 전체(00–08)를 돌아보고, 다음에 읽을 원논문을 고릅니다.

# %% [markdown]
# ## 0. 과제: 트라이그램 토큰 스트림
#
# 지금까지의 레슨은 손글씨 숫자(digits)의 MLP, 최소제곱 문제, 수열 뒤집기의 작은 트랜스포머를 학습했습니다. 여기서는 셋 다 아닌 과제를 씁니다.
#
# - **데이터**: `data.trigram_stream(vocab_size=16)`. 고정된 무작위 트라이그램 모델(앞의 두 토큰 → 다음 토큰의 분포)이 끝없이 만드는 토큰 수열입니다.
#   같은 배치를 두 번 보지 않습니다(스트림).
# - **모델**: `models.token_mlp(vocab_size=16)`. 위치마다 지금 토큰과 바로 앞 토큰의 임베딩을 이어 붙여 MLP로 다음 토큰을 예측합니다.
# - **옵티마이저(optimizer)와 예산**: Adam, 배치(batch) 32(수열 32개 × 목표 15개), **300스텝(step)**.
# - **잣대: 정확한 초과 손실(excess loss)**. 이 과제는 참 분포를 알므로, 모델의 손실이 도달할 수 있는 하한(조건부 엔트로피)과의 차이를
#   `data.exact_excess_loss(model, task)`가 표본 없이 정확히 계산합니다. 검증 세트의 표본 잡음이 없으니 작은 차이도 믿을 수 있습니다. 0이면 참 분포를 완벽히 배운 것입니다.
# - **시드**: 시드 s는 모델의 초기 가중치(`token_mlp(seed=s)`)와 데이터 순서(`fit(seed=s)`)를 **둘 다** 바꿉니다. 트라이그램 모델(과제 자체)은 언제나 같습니다.
#   설계는 시드 0으로, 비교는 시드 0, 1, 2로 합니다. 채점기는 시드 10, 11, 12로 확인합니다.

# %%
from lrcourse.exercises import lesson08 as ex
from lrcourse.lr_finder import lr_range_test
from lrcourse.train import fit

VOCAB, STEPS, BATCH = 16, 300, 32
SEEDS = [0, 1, 2]
task = data.trigram_stream(vocab_size=VOCAB, seq_len=16, num_val=256, seed=0, device=device)


def train_once(schedule, seed):
    """token_mlp(시드 seed)를 Adam, 배치 32, 300스텝으로 학습하고 (History, 정확한 초과 손실)을 돌려줍니다. 발산하면 초과 손실은 NaN."""
    model = models.token_mlp(vocab_size=VOCAB, seed=seed)
    history = fit(model, task, "adam", schedule, steps=STEPS, batch_size=BATCH, seed=seed, eval_every=STEPS, device=device, progress=False)
    return history, (math.nan if history.diverged else data.exact_excess_loss(model, task))


untrained = data.exact_excess_loss(models.token_mlp(vocab_size=VOCAB, seed=0), task)
print(f"엔트로피 하한(손실이 도달할 수 있는 가장 낮은 값): {task.entropy_floor:.4f} nats")
print(f"학습 전 모델의 초과 손실: {untrained:.4f} nats (균등 분포로 찍으면 ln 16 − 하한 = {math.log(VOCAB) - task.entropy_floor:.4f})")
assert (VOCAB, STEPS, BATCH, SEEDS[0]) == (ex.VOCAB_SIZE, ex.STEPS, ex.BATCH_SIZE, ex.TUNING_SEED)  # 채점기도 같은 설정
assert not set(SEEDS) & set(ex.FRESH_SEEDS)  # 채점기의 시드는 여기서 쓰지 않습니다

# %% [markdown]
# ## 1. 학습률 범위 테스트
#
# 01의 6절에서 본 학습률 범위 테스트를 새 과제에 돌립니다. 학습률을 $10^{-5}$에서 $10$까지 100스텝 동안 지수적으로 키우며 시드 0의 모델을 한 번 학습합니다.
# 결과에는 부드러운 손실이 **가장 가파르게 내려가는 곳**(`steepest_lr`), **가장 낮은 곳**(`min_lr`), 그리고 fastai의 **제안**(`suggested_lr` = 최저점 ÷ 10)이 있습니다.

# %%
finder = lr_range_test(models.token_mlp(vocab_size=VOCAB, seed=0), task, "adam", start_lr=1e-5, end_lr=10.0, steps=100, batch_size=BATCH, seed=0, device=device)
print(finder)
ax = finder.plot(title="학습률 범위 테스트: 트라이그램 과제, Adam, 시드 0")
ax.legend(loc="lower left", fontsize=9)
plt.show()
assert ex.RANGE_TEST == {"start_lr": 1e-5, "end_lr": 10.0, "steps": 100}  # 채점기도 같은 범위 테스트를 씁니다
assert 1e-2 <= finder.steepest_lr < 1e-1 <= finder.min_lr < 1  # 가장 가파른 곳은 10^-2 근처, 최저점은 10^-1 넘어
assert finder.suggested_lr < finder.steepest_lr < 2 * finder.suggested_lr and finder.steepest_lr < finder.min_lr / 5  # 제안과 가깝고, 최저점보다 한참 아래

# %% [markdown]
# 그림에서 볼 것: 부드러운 손실은 $10^{-2}$ 근처에서 가장 가파르게 내려가고, $10^{-1}$을 넘어 바닥을 찍은 뒤 $1$ 근처에서 치솟습니다.
# 제안(최저점 ÷ 10)과 가장 가파른 곳은 가깝고(2배 안), 최저점은 그보다 한 자릿수 가까이 위에 있습니다. 어느 것을 최고 학습률로 삼을까요?
#
# ### 예측해 보기: 최저점의 학습률로 고정하면
#
# 가장 낮은 손실이 나온 학습률(`finder.min_lr`)로 300스텝 내내 고정해 학습하면, 제안(`finder.suggested_lr`)으로 고정한 학습과 견줘 초과 손실은 어떨까요? 실행하기 전에 적으세요.
#
# - (a) 작다 (0.8배 아래: 큰 학습률로 더 빨리 배우므로)
# - (b) 비슷하다 (0.8–1.5배)
# - (c) 훨씬 크다 (1.5배 넘게)
#
# `prediction`에 `"a"`, `"b"`, `"c"` 가운데 하나를 넣으세요. 예측은 채점하지 않습니다.

# %% tags=["solution"]
# BEGIN SOLUTION
prediction = "c"
# END SOLUTION
ex.p1.predict(prediction)

# %%
at_min = [train_once(finder.min_lr, seed)[1] for seed in SEEDS]
baseline_runs = [train_once(finder.suggested_lr, seed) for seed in SEEDS]  # 기준선: 범위 테스트의 제안으로 고정 (뒤에서 다시 씁니다)
baseline = [excess for _, excess in baseline_runs]
for seed, a, b in zip(SEEDS, at_min, baseline):
    print(f"시드 {seed}: 최저점 {finder.min_lr:.3g}로 고정 {a:.4f}, 제안 {finder.suggested_lr:.3g}로 고정 {b:.4f} → {a / b:.1f}배")
ex.p1.compare(at_min, baseline)
assert all(a > 1.5 * b for a, b in zip(at_min, baseline))  # 세 시드 모두
assert all(a > 0.9 * untrained for a in at_min)  # 학습 전 모델의 초과 손실 근처에 머묾

# %% [markdown]
# 세 시드 모두 최저점의 학습률은 제안보다 몇 배 나쁜 곳에서 끝났습니다. 발산하지는 않았지만 학습 전 모델(거의 균등 분포로 찍기)의 초과 손실 근처에 머물러,
# 사실상 아무것도 배우지 못했습니다. 범위 테스트의 최저점은
# "그 학습률을 **잠깐** 썼을 때 아직 손실이 내려가던 마지막 곳"이라, 그 학습률을 처음부터 끝까지 쓰기에는 너무 큽니다. 이것이 fastai가 최저점을 10으로 나누는 까닭입니다.
#
# ## 2. 기준선: 제안 학습률로 고정
#
# 비교의 기준선은 범위 테스트가 제안한 학습률로 고정한 학습입니다(위 셀의 `baseline`). 범위 테스트만 돌리고 스케줄을 쓰지 않는 사람이 얻는 결과입니다.

# %%
print(f"기준선 (상수 {finder.suggested_lr:.4g}): 초과 손실", " · ".join(f"시드 {s} {b:.4f}" for s, b in zip(SEEDS, baseline)))
print(f"시드 사이의 흔들림(최대 − 최소): {max(baseline) - min(baseline):.4f}")

# %% [markdown]
# ## 3. 스케줄 설계하기
#
# ### 문제 1
#
# 300스텝 예산에 맞는 **워밍업 + 감쇠** 스케줄 `my_schedule`을 `lrcourse.schedules`로 만드세요(`fit`에 그대로 넣는 스케줄). 범위 테스트 결과(`finder`)를 보고 정하고,
# 시드 0에서 `train_once(my_schedule, 0)`으로 시험해 봐도 됩니다. 채점기 `ex.q1.check(my_schedule)`은 두 단계로 봅니다.
#
# 1. **모양**: 최고 학습률이 범위 테스트에 비추어 말이 되는가(최저점보다 크지 않고, 제안의 1/10보다 작지 않음), 워밍업이 있는가(작은 값에서 시작해 예산의 1 % 넘게 오름),
#    끝이 낮은가(마지막 스텝에서 최고값의 10 % 아래), 길이가 예산에 맞는가(예산 뒤에야 낮아지거나, 예산의 70 %도 가기 전에 바닥에 닿지 않음), 감쇠 중에 다시 오르지 않는가.
#    어긋나면 그 까닭을 하나씩 말합니다.
# 2. **새 시드**: 여러분이 쓰지 않은 시드 3개(10, 11, 12)에서 여러분의 스케줄과 기준선을 학습해, **세 시드 모두에서** 초과 손실이 기준선보다 작아야 합니다.
#
# 쓸 수 있는 팩토리: `schedules.linear_warmup(본 스케줄, W)`, `cosine_annealing(lr, T_max)`(코사인 어닐링, cosine annealing), `polynomial_decay(lr, total_steps)`(선형 감쇠),
# `warmup_stable_decay(lr, total_steps, warmup_steps, decay_steps)`, `one_cycle(max_lr, total_steps)`, `join([...], [...])`.

# %% tags=["solution"]
# BEGIN SOLUTION
peak = finder.steepest_lr  # 가장 가파르게 내려가는 곳: 제안보다 조금 높고, 최저점보다 한참 아래
warmup_steps = STEPS // 10  # 예산의 10 %
my_schedule = schedules.linear_warmup(schedules.cosine_annealing(peak, STEPS - warmup_steps), warmup_steps)
# END SOLUTION
ex.q1.check(my_schedule)

# %% [markdown]
# 채점기가 새 시드에서 잰 값입니다(여러분의 스케줄이 모양 검사를 통과했을 때만 나옵니다).

# %%
ex.show_fresh_seeds()

# %% [markdown]
# ### 문제 2
#
# 위의 설계를 고른 근거를 두세 문장으로 `justification`에 쓰세요. 다룰 것: 최고 학습률을 범위 테스트의 무엇에서 골랐고 왜인지, 워밍업을 왜 넣었는지,
# 왜 어떤 모양으로 줄이는지, 길이가 예산과 어떻게 맞는지. 채점기는 네 가지를 **다 다뤘는지만** 봅니다(내용의 옳고 그름은 판정하지 않음). 쓰고 나서 `ex.q2.solution()`과 견주어 보세요.

# %% tags=["solution"]
# BEGIN SOLUTION
justification = """최고 학습률은 범위 테스트에서 손실이 가장 가파르게 내려간 곳(finder.steepest_lr)으로 골랐다. 최저점은 이미 손실이 다시 오르기 직전이라
300스텝 내내 쓰기에는 너무 크다(예측 p1). 워밍업 30스텝(예산의 10 %)은 Adam의 첫 걸음이 모든 매개변수를 거의 학습률만큼 움직이므로 처음을 살살 가게 한다.
감쇠는 코사인으로 남은 270스텝 동안 0까지 줄여, 예산의 끝에서 잡음을 줄이고 바닥에 자리 잡게 한다."""
# END SOLUTION
ex.q2.check(justification)

# %% [markdown]
# ## 4. 세 시드에서 견주기
#
# 이제 여러분의 스케줄을 기준선과 같은 시드 0, 1, 2에서 학습합니다. 먼저 두 스케줄의 학습률을 겹쳐 보고, 그다음 학습 손실과 초과 손실을 봅니다.
# (위의 빈칸을 아직 채우지 않았다면 이 셀들은 "아직 풀지 않았습니다"만 보입니다.)

# %%
if ex.ready(my_schedule, "my_schedule"):
    steps = np.arange(STEPS)
    _, ax = new_axes(figsize=(8, 3.6))
    ax.plot(steps, np.full(STEPS, finder.suggested_lr), color=PALETTE[0], ls=LINESTYLES[0], lw=1.8, label=f"기준선: 상수 {finder.suggested_lr:.3g}")
    ax.plot(steps, my_schedule(steps), color=PALETTE[1], ls=LINESTYLES[1], lw=1.8, label="my_schedule")
    for value, name, style in ((finder.steepest_lr, "범위 테스트의 가장 가파른 곳", ":"), (finder.min_lr, "범위 테스트의 최저점", "-.")):
        ax.axhline(value, color="0.5", ls=style, lw=1, label=f"{name} ({value:.3g})")
    style_axes(ax, "설계한 스케줄과 기준선", "스텝", "학습률 (로그 눈금)", log=True)
    ax.set_ylim(1e-4, 0.5)
    ax.legend(loc="lower center", fontsize=9)
    plt.show()

# %%
if ex.ready(my_schedule, "my_schedule"):
    mine_runs = [train_once(my_schedule, seed) for seed in SEEDS]
    base_runs = [history for history, _ in baseline_runs]
    mine = [excess for _, excess in mine_runs]
    print("시드 | my_schedule | 기준선 | 차이")
    for seed, m, b in zip(SEEDS, mine, baseline):
        print(f"{seed:>4} | {m:11.4f} | {b:6.4f} | {m - b:+.4f}")
    print(f"평균 | {np.mean(mine):11.4f} | {np.mean(baseline):6.4f} | {np.mean(mine) - np.mean(baseline):+.4f}")
    _, ax = new_axes(figsize=(8, 3.8))
    window = 20
    for i, (name, histories) in enumerate((("기준선", base_runs), ("my_schedule", [h for h, _ in mine_runs]))):
        for j, h in enumerate(histories):
            smooth = np.convolve(h.loss - task.entropy_floor, np.ones(window) / window, mode="valid")
            ax.plot(np.arange(window - 1, STEPS), smooth, color=PALETTE[i], ls=LINESTYLES[i], lw=1.4, alpha=0.85,
                    label=name if j == 0 else None)
    style_axes(ax, "학습 손실 − 엔트로피 하한 (20스텝 이동 평균, 시드 0·1·2)", "스텝", "초과 학습 손실 (nats, 로그 눈금)", log=True)
    ax.legend(loc="upper right")
    plt.show()

# %% [markdown]
# 모범 답(워밍업 30스텝 + 코사인, 최고 학습률 = 가장 가파른 곳)에서는 세 시드 모두 초과 손실이 기준선보다 작았고, 그 차이는 기준선의 시드 사이 흔들림보다 컸습니다.
# 학습 곡선을 보면 처음 100스텝 남짓은 오히려 기준선이 조금 낮고(워밍업 동안 학습률이 작음), 학습률이 줄어드는 뒤쪽에서 워밍업 + 코사인이 앞서 차이가 벌어집니다.
#
# ### 무엇 덕분인가: 워밍업을 빼 보기
#
# 이득이 워밍업에서 왔는지 감쇠에서 왔는지 보려고, 같은 코사인에서 워밍업만 뺍니다. 최고 학습률을 모범 답의 값과 그 두 배에서 견줍니다(시드 0, 1, 2).

# %%
def warmup_cosine(peak, warmup):
    return schedules.linear_warmup(schedules.cosine_annealing(peak, STEPS - warmup), warmup) if warmup else schedules.cosine_annealing(peak, STEPS)


ablation = {}
for factor in (1, 2):
    peak = factor * finder.steepest_lr
    for warmup in (30, 0):
        ablation[factor, warmup] = [train_once(warmup_cosine(peak, warmup), seed)[1] for seed in SEEDS]
print("최고 학습률        | 워밍업 | 시드 0 · 1 · 2의 초과 손실")
for (factor, warmup), values in ablation.items():
    print(f"{factor} × 가장 가파른 곳 | {warmup:>4}스텝 | " + " · ".join(f"{v:.4f}" for v in values))
gap_1 = [b - a for a, b in zip(ablation[1, 30], ablation[1, 0])]
gap_2 = [b - a for a, b in zip(ablation[2, 30], ablation[2, 0])]
print(f"워밍업을 뺀 손해: 최고 학습률 1배 {np.round(gap_1, 4).tolist()}, 2배 {np.round(gap_2, 4).tolist()}")
gain = [b - m for m, b in zip(ablation[1, 30], baseline)]  # 워밍업 + 코사인이 기준선보다 나은 만큼
assert max(abs(g) for g in gap_1) < 0.1 * min(gain) and min(gap_1) < 0 < max(gap_1)  # 1배: 감쇠의 이득의 1/10도 안 되고 방향도 시드마다 다름
assert all(g > 0.02 for g in gap_2)  # 2배: 세 시드 모두 워밍업 없이 나빠짐
assert all(v < b for v, b in zip(ablation[1, 0], baseline))  # 워밍업 없는 코사인도 기준선을 이김: 이득은 감쇠에서

# %% [markdown]
# 가장 가파른 곳을 최고 학습률로 쓰면 워밍업을 빼도 결과가 거의 같았고(차이가 기준선을 이긴 폭의 1/10도 안 되고, 방향도 시드마다 다름), 워밍업 없는 코사인도 기준선을 이겼습니다.
# 이 과제에서 이득의 대부분은 **끝에서 0까지 줄이는 감쇠**에서 옵니다(06의 결론과 같음). 최고 학습률을 두 배로 올리면 사정이 달라집니다:
# 워밍업 없이 시작한 학습은 세 시드 모두 눈에 띄게 나빴습니다. 워밍업은 최고 학습률을 범위 테스트의 위험한 쪽으로 올릴 때의 안전장치입니다(05의 Adam 실험과 같은 방향).
#
# ### 문제 3
#
# 표와 그림을 보고 결론을 `conclusion`에 두세 문장으로 쓰세요. 다룰 것: 몇 개의, 어느 시드에서 무엇을 쟀는지, 기준선과 견줘 어땠는지(숫자와 함께), 그 차이가 시드 사이의 흔들림보다 큰지,
# 이득이 스케줄의 어느 부분에서 왔다고 보는지. 채점기는 네 가지를 다 다뤘는지만 봅니다.

# %% tags=["solution"]
# BEGIN SOLUTION
conclusion = """시드 0, 1, 2 모두에서 워밍업 + 코사인의 초과 손실이 기준선(제안 학습률로 고정)보다 작았고, 차이(평균 약 0.07)는 기준선의 시드 사이 흔들림(0.002 아래)보다 훨씬 컸다.
같은 최고 학습률에서 워밍업을 빼도 결과가 거의 같았으므로 이득은 대부분 끝에서 0까지 줄이는 감쇠에서 온다. 워밍업은 최고 학습률을 두 배로 올렸을 때 필요했다.
채점기의 새 시드 3개에서도 기준선을 이겼다."""
# END SOLUTION
ex.q3.check(conclusion)

# %% [markdown]
# ## 5. 고칠 학습 스크립트
#
# 실제 코드의 버그는 하나씩 오지 않습니다. 아래는 손글씨 숫자를 `OneCycleLR`로 6 에포크(epoch) 학습하고, 중간에 멈췄다 체크포인트(checkpoint)에서 이을 수 있는 흔한 모양의 스크립트입니다.
# 07에서 본 버그가 **여럿** 들어 있습니다. 07처럼 옵티마이저가 실제로 쓴 학습률을 기록하고, 스케줄러 점검기(`lrcourse.inspect`)로 스케줄러를 미리 보며 찾으세요.
#
# 데이터와 기록기는 07의 0절과 같습니다: 학습 1,438장, 배치 64(에포크마다 배치 23개, 마지막 배치 30장), MLP(은닉 32), SGD(모멘텀 0.9).

# %%
from torch.optim.optimizer import register_optimizer_step_pre_hook

from lrcourse.inspect import inspect_scheduler

digits = data.load_digits()
train_set = torch.utils.data.TensorDataset(digits.x_train, digits.y_train)


def make_loader(seed=0):
    """배치 64, 시드로 고정한 섞기."""
    return torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(seed))


def record_lrs(train_fn, *args, **kwargs):
    """(07의 기록기) train_fn을 돌리며 옵티마이저 step()마다 학습률을 기록합니다: lrs, warnings, error, result."""
    lrs = []
    handle = register_optimizer_step_pre_hook(lambda opt, args, kwargs: lrs.append(opt.param_groups[0]["lr"]))
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
    return SimpleNamespace(lrs=np.array(lrs), warnings=[str(w.message).split(".  ")[0] for w in caught], error=error, result=result)


EPOCHS, SPE = 6, len(make_loader())
TOTAL = EPOCHS * SPE


def train_script_buggy(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    steps_per_epoch = len(loader.dataset) // loader.batch_size
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * steps_per_epoch)
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
            scheduler.step()
            optimizer.step()
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch + 1}, path)
            return model
    return model


with tempfile.TemporaryDirectory() as tmp:
    whole_run = record_lrs(train_script_buggy, make_loader(), EPOCHS, os.path.join(tmp, "a.pt"))
    loader = make_loader()  # 멈춘 뒤에도 같은 DataLoader를 이어 씁니다
    first = record_lrs(train_script_buggy, loader, EPOCHS, os.path.join(tmp, "b.pt"), stop_after=3)
    second = record_lrs(train_script_buggy, loader, EPOCHS, os.path.join(tmp, "b.pt"))
for message in dict.fromkeys(whole_run.warnings):
    print(f"PyTorch 경고 (UserWarning): {message}")
print(f"끊기지 않은 학습: {type(whole_run.error).__name__}: {whole_run.error} (옵티마이저 스텝 {len(whole_run.lrs)}번에서 멈춤, 계획 {TOTAL}번)")
report = inspect_scheduler(lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=EPOCHS * (len(train_set) // 64)), TOTAL, steps_per_epoch=SPE)
for f in report.findings:
    print(f"점검기: [{f.kind}] 스텝 {f.step}: {f.message}")
intended = inspect_scheduler(lambda opt: lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=TOTAL), TOTAL).lrs[:, 0]
resumed = np.concatenate([first.lrs, second.lrs])
_, ax = new_axes(figsize=(8, 3.6))
ax.plot(intended, color=PALETTE[0], ls=LINESTYLES[0], lw=1.8, label=f"의도: OneCycleLR(total_steps={TOTAL})를 optimizer.step() 다음에")
ax.plot(resumed, color=PALETTE[1], ls=LINESTYLES[1], lw=1.8, label="기록: 버그 스크립트를 3 에포크 뒤 멈췄다 이음")
ax.axvline(3 * SPE, color=PALETTE[2], ls=":", lw=1.2, label=f"재개한 스텝 {3 * SPE}")
style_axes(ax, "5. 버그 스크립트가 쓴 학습률", "스텝 (옵티마이저 step 횟수)", "학습률 (로그 눈금)", log=True)
ax.legend(loc="lower center", fontsize=9)
plt.show()
assert isinstance(whole_run.error, ValueError) and len(whole_run.lrs) == EPOCHS * 22  # 마지막 에포크에서 멈춤
assert any("before `optimizer.step()`" in w for w in whole_run.warnings)
assert first.lrs[0] > intended[0]  # 첫 스텝부터 한 칸 앞선 학습률
assert second.lrs[0] < intended[3 * SPE] / 10  # 재개하자 원사이클의 처음(작은 학습률)으로 돌아감
assert [f.kind for f in report.findings] == ["error"]

# %% [markdown]
# 세 가지가 보입니다. PyTorch가 **스텝 순서**를 경고했고(`scheduler.step()`이 `optimizer.step()` 앞), 끊기지 않은 학습은 마지막 에포크에 **`ValueError`** 로 멈췄습니다
# (`total_steps`를 `len(dataset) // batch_size`로 세어 배치 하나씩 모자람; 점검기도 학습 없이 같은 오류를 찾음). 그림에서는 3 에포크 뒤 이은 학습이
# 원사이클을 **처음부터 다시** 오릅니다: 체크포인트에 스케줄러 상태가 없어서 새 `OneCycleLR`이 자기 스텝 0부터 셉니다.
#
# ### 문제 4
#
# `train_script(loader, epochs, path, stop_after=None)`: 위 스크립트를 고쳐, 끊기지 않은 학습의 학습률이 `OneCycleLR(max_lr=0.1, total_steps=실제 스텝 수)`를
# `optimizer.step()` 다음에 부른 것과 같고, 멈췄다 이은 학습이 끊기지 않은 학습과 학습률도 가중치도 같게 하세요. 채점기는 여러분의 함수를 노트북과 다른 작은 데이터(에포크마다 배치 5개)로
# 끊기지 않게 한 번, 2 에포크 뒤 멈췄다 이어서 한 번 돌리고, **처음 어긋난 것**을 말합니다.

# %% tags=["solution"]
def train_script(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    # BEGIN SOLUTION
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))  # 실제 배치 수
    start = 0
    if os.path.exists(path):
        checkpoint = torch.load(path)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])  # 스케줄러가 몇 스텝째인지
        start = checkpoint["epoch"]
    for epoch in range(start, epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()  # optimizer.step() 다음에
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch + 1}, path)
            return model
    # END SOLUTION
    return model


ex.q4.check(train_script)

# %% [markdown]
# ## 6. 퀴즈: 강좌 돌아보기
#
# 강좌 전체(00–08)에서 13문항입니다. 객관식은 `"b"`, `"B"`, `"(b)"`, `2`처럼 편한 꼴로 쓰고, 수치 문제는 문항이 말한 자릿수까지 쓰세요(식을 그대로 넣어도 됩니다).
# 틀리면 고른 보기가 **왜** 틀렸는지 알려 주고, 맞는 보기는 알려 주지 않습니다. 문항별 힌트는 `ex.q5.hint()`(퀴즈 1) … `ex.q17.hint()`(퀴즈 13), 더 구체적인 힌트는 `hint(2)`입니다.

# %%
ex.show_quiz()

# %% tags=["solution"]
# BEGIN SOLUTION
quiz1 = 0.5
quiz2 = 0.001
quiz3 = 69
quiz4 = "b"
quiz5 = 70
quiz6 = "b"
quiz7 = "b"
quiz8 = "c"
quiz9 = "c"
quiz10 = 4e-7
quiz11 = "b"
quiz12 = "c"
quiz13 = 0.8
# END SOLUTION
ex.check_quiz([quiz1, quiz2, quiz3, quiz4, quiz5, quiz6, quiz7, quiz8, quiz9, quiz10, quiz11, quiz12, quiz13])
ex.quiz_score()

# %% [markdown]
# ## 7. 더 읽을거리
#
# 이 강좌의 주장 대부분은 아래 논문에서 왔습니다. 강좌는 작은 모델로 그 일부를 확인했을 뿐이니, 규모가 큰 결과는 원논문에서 보세요.
#
# | 논문 | 이 강좌에 더해 주는 것 |
# |---|---|
# | Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, arXiv:1608.03983 | 코사인 어닐링과 웜 리스타트의 원전으로, 04에서 본 T_0·T_mult와 스냅숏의 쓰임을 큰 이미지 분류에서 보여 줍니다. |
# | Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", 2017, arXiv:1706.02677 | 선형 스케일링 규칙과 점진적 워밍업을 배치 8192의 ImageNet 학습에서 확인하고, 규칙이 깨지는 곳까지 보여 줍니다(05의 4.5–4.6). |
# | Xiong et al., "On Layer Normalization in the Transformer Architecture", ICML 2020, arXiv:2002.04745 | post-LN 트랜스포머가 왜 워밍업 없이 실패하고 pre-LN은 왜 괜찮은지를 초기화 때의 기울기 크기로 설명합니다(05의 4.4). |
# | Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017, arXiv:1506.01186 | 학습률 범위 테스트의 원전으로, 01과 08에서 쓴 "학습률을 키우며 한 번 학습해 보기"가 어디서 왔는지 보여 줍니다. |
# | Smith, "A disciplined approach to neural network hyper-parameters: Part 1", 2018, arXiv:1803.09820 | 원사이클 정책과, 학습률·모멘텀·배치 크기·가중치 감쇠를 함께 고르는 실용 절차를 설명합니다(06). |
# | Smith & Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates", 2017, arXiv:1708.07120 | 원사이클의 큰 최고 학습률로 훨씬 짧게 학습하는 현상을 보고합니다(06의 원사이클). |
# | Hu et al., "MiniCPM: Unveiling the Potential of Small Language Models with Scalable Training Strategies", 2024, arXiv:2404.06395 | WSD 스케줄을 제안하고, 유지 구간의 체크포인트에서 감쇠를 붙여 여러 길이로 끝내는 쓰임을 언어 모델에서 보여 줍니다(06). |
# | Hägele et al., "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations", NeurIPS 2024, arXiv:2405.18392 | 상수 학습률 + 짧은 감쇠(쿨다운)가 코사인만큼 좋고, 길이를 정하지 않아도 돼 규모 실험이 싸진다는 것을 보여 줍니다(퀴즈 9). |
# | Bergsma et al., "Straight to Zero: Why Linearly Decaying the Learning Rate to Zero Works Best for LLMs", ICLR 2025, arXiv:2502.15938 | 최고값의 10 %까지가 아니라 0까지 선형으로 줄이는 것이 큰 언어 모델에서 더 낫다는 측정과 그 설명으로, 이 강좌의 "끝에서 0 가까이"를 규모에서 확인합니다. |
# | Defazio et al., "When, Why and How Much? Adaptive Learning Rate Scheduling by Refinement", 2023, arXiv:2310.07831 | 선형 감쇠가 왜 좋은지 이론으로 설명하고, 한 번 학습한 기울기 기록으로 더 나은 스케줄을 구하는 방법을 줍니다. |
# | Defazio et al., "The Road Less Scheduled", NeurIPS 2024, arXiv:2405.15682 | 학습 길이를 미리 정하는 감쇠 스케줄 없이(schedule-free) 그에 맞먹는 결과를 내는 옵티마이저로, 이 강좌의 질문 자체를 다르게 푸는 방법입니다. |

# %% [markdown]
# ## 정리
#
# - 새 과제(트라이그램 토큰 스트림, token_mlp, Adam, 300스텝)에서 범위 테스트는 자릿수를 알려 주었습니다: 최저점의 학습률로 고정하면 세 시드 모두 제안(최저점 ÷ 10)보다 몇 배 나빴습니다.
# - 가장 가파른 곳을 최고 학습률로 한 워밍업 + 코사인은 시드 0, 1, 2와 채점기의 새 시드 10, 11, 12 모두에서 제안 학습률로 고정한 기준선을 이겼고, 차이는 시드 사이의 흔들림보다 컸습니다.
# - 이득은 대부분 끝에서 0까지 줄이는 감쇠에서 왔습니다. 같은 최고 학습률에서 워밍업을 빼도 거의 같았고, 최고 학습률을 두 배로 올리면 워밍업 없이는 세 시드 모두 나빴습니다.
# - 실제 학습 스크립트의 버그는 함께 옵니다: 옵티마이저가 쓴 학습률을 기록해 그려 보고(스텝 순서, 재개), 점검기로 스케줄러를 미리 돌려 보세요(`total_steps`).
#
# 강좌를 마쳤습니다. 자기 과제에서는 이 노트북의 순서를 그대로 쓰면 됩니다: 범위 테스트 → 워밍업 + 감쇠 설계와 근거 → 시드 여러 개로 기준선과 견주기 → 새 시드로 확인.

# %% [markdown]
# 이 노트북의 진행 상황입니다(결과는 사람마다 다릅니다).

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% tags=["instructor"]
# 강사용 확인: 모범 답으로 본문의 주장을 확인합니다 (학생용 판에는 이 셀이 없습니다).
# 문제 1: 모범 답이 채점기를 통과함 (새 시드 3개 모두에서 기준선보다 작고, 차이가 기준선의 시드 사이 흔들림보다 큼)
assert ex.LAST_RUN and all(m < b for m, b in zip(ex.LAST_RUN["mine"], ex.LAST_RUN["baseline"]))
spread = max(ex.LAST_RUN["baseline"]) - min(ex.LAST_RUN["baseline"])
assert all(b - m > spread for m, b in zip(ex.LAST_RUN["mine"], ex.LAST_RUN["baseline"]))  # 차이가 시드 사이의 흔들림보다 큼
# 4절: 시드 0, 1, 2에서 기준선을 이김, 학습 곡선의 앞쪽과 끝
assert all(m < b for m, b in zip(mine, baseline))  # 세 시드 모두 기준선보다 작음
assert min(b - m for m, b in zip(mine, baseline)) > max(baseline) - min(baseline)  # 차이가 시드 사이의 흔들림보다 큼
for (h_mine, _), h_base in zip(mine_runs, base_runs):  # 학습 곡선: 앞쪽(50–100스텝)은 기준선이, 끝(마지막 50스텝)은 모범 답이 낮음
    assert h_base.loss[50:100].mean() < h_mine.loss[50:100].mean() and h_mine.loss[-50:].mean() < h_base.loss[-50:].mean()
# 문제 3: 모범 답의 글에 적은 숫자가 측정과 맞음
assert 0.06 < np.mean(baseline) - np.mean(mine) < 0.08 and max(baseline) - min(baseline) < 0.002
