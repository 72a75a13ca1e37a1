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
# <!-- PART B: 스케줄의 하이퍼파라미터 튜닝 (Optuna) (여기부터) -->
#
# (작성 중: Optuna로 최고 학습률·워밍업 길이·감쇠 비율 찾기, 멈췄다가 이어 하기, 중요도, 새 시드로 확인)
#
# <!-- PART B (여기까지) -->

# %% [markdown]
# <!-- PART C: 정리와 연습 문제 (여기부터) -->
#
# (작성 중)
#
# <!-- PART C (여기까지) -->
