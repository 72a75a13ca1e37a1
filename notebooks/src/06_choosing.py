# %% [markdown]
# # 06. 스케줄 고르기: 비교, Adam, 하이퍼파라미터 튜닝
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/main/notebooks/06_choosing.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/main?labpath=notebooks%2F06_choosing.ipynb)
#
# **예상 시간: (작성 중)**

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
from lrcourse.plotting import LINESTYLES, PALETTE, new_axes, plot_schedules, style_axes

# (보조 코드) 시드 0, torch 스레드 1개(작은 모델은 하나로 충분하고 결과가 더 잘 재현됩니다), 한글 글꼴을 정합니다.
device = lrcourse.setup(device="cpu")  # 작은 모델은 CPU가 충분히 빠릅니다. GPU로 바꾸려면 "auto"

# %% [markdown]
# <!-- PART A: 학습 목표와 스케줄 비교·Adam·결정 안내 (여기부터) -->
#
# (작성 중: 학습 목표, 모든 스케줄 비교, 최고 학습률과 모양, ReduceLROnPlateau, Adam과 전역 스케줄, 최근 연구와의 비교, 결정 안내표)
#
# <!-- PART A (여기까지) -->

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
# <!-- PART C: 정리와 연습 문제 (여기부터) -->
#
# (작성 중)
#
# <!-- PART C (여기까지) -->
