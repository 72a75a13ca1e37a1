# %% [markdown]
# # 00. 시작하기
#
# [![Colab에서 열기](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/lrcourse/lrcourse/blob/v0.2.0/student/00_start.ipynb)
# [![Binder에서 열기](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/lrcourse/lrcourse/v0.2.0?labpath=student%2F00_start.ipynb)
#
# **예상 시간: 35분** (읽기 20분, 셀 실행과 몸풀기 문제 15분. 글의 양(약 1만 자)과 문제 수로 어림한 값입니다)

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

import numpy as np

import lrcourse
from lrcourse import schedules

# 시드 0, 장치(CPU), 한글 글꼴, 진행 막대를 정합니다. GPU를 쓰는 법은 아래 '2. 실행 환경 확인'에 있습니다.
# 00은 torch의 스레드 수를 그대로 두고 '실행 환경 확인'에서 보여 줍니다.
device = lrcourse.setup(device="cpu", num_threads=None)

# %% [markdown]
# 이 노트북은 강좌를 시작하기 전에 한 번 읽고 실행하는 안내서입니다. 다음을 다룹니다.
#
# 1. 강좌가 어떻게 짜여 있는지
# 2. 실행 환경 확인 (라이브러리 버전, CPU와 GPU: GPU로 학습하는 법과 그때 달라지는 점)
# 3. 한글 그림과 위젯이 제대로 보이는지 확인
# 4. 용어집: 강좌 전체에서 쓰는 용어와 영어 원어
# 5. 연습 문제를 푸는 법과 진행 상황 보기

# %% [markdown]
# ## 1. 강좌는 이렇게 진행됩니다
#
# 이 강좌는 **학습률 스케줄링(learning rate scheduling)** 을 다룹니다. 학습률(learning rate)은 경사 하강법이
# 한 번 움직일 때의 보폭이고, 스케줄링은 그 보폭을 학습 도중에 미리 정한 계획대로 바꾸는 일입니다.
#
# | 노트북 | 내용 |
# |---|---|
# | 00 시작하기 | 환경 확인, 용어집, 연습 문제 쓰는 법 (지금 이 노트북) |
# | 01 학습률이란 | 보폭이 너무 크면 발산하고 너무 작으면 느린 까닭, 학습률 범위 테스트 |
# | 02 스텝 감쇠 | 정해진 때에 학습률을 한 번에 줄이기 |
# | 03 지수 감쇠 | 매 스텝 같은 비율로 조금씩 줄이기 |
# | 04 코사인 어닐링과 SGDR | 코사인 곡선으로 줄이기와 웜 리스타트(warm restart) |
# | 05 워밍업 | 처음에 학습률을 천천히 올리는 까닭(Adam, post-LN 트랜스포머, 큰 배치)과 길이 |
# | 06 스케줄 고르기 | 여러 스케줄 비교, Adam과 전역 스케줄, 결정 안내표, Optuna로 하이퍼파라미터 찾기 |
# | 07 PyTorch 실전 | 학습 루프에서 스케줄러 버그를 찾아 고치기, 내 스케줄러 점검하기(`lrcourse.inspect`) |
# | 08 마무리 프로젝트 | 처음 보는 과제에 스케줄을 설계하고 기준선과 견주기, 학습 스크립트 고치기, 강좌 전체 퀴즈 |
#
# 모든 레슨 노트북은 같은 순서를 따릅니다.
#
# 1. **학습 목표**: 이 노트북을 마치면 무엇을 할 수 있는지
# 2. **직관 → 수식 → 코드 → 그림**: 한 셀에 한 가지 생각, 그림은 바로 뒤에
# 3. **탐색기 위젯**: 같은 그림을 슬라이더로 직접 움직여 봅니다. 위젯 앞에는 언제나 정적인 그림이 있으므로
#    위젯이 보이지 않는 환경(예: GitHub에서 읽기)에서도 내용을 따라갈 수 있습니다.
# 4. **학습 실험**: 실제로 작은 신경망을 학습시켜 주장을 확인합니다. 결론은 `assert`로 검사하므로,
#    결론이 틀리면 노트북이 오류를 냅니다.
# 5. **정리**와 **연습 문제**
#
# 보조 코드(그림 그리기처럼 레슨의 요점이 아닌 코드)에는 "(보조 코드)"라고 적어 두었습니다. 건너뛰어도 됩니다.
#
# 노트북은 같은 소스에서 만든 두 판이 있습니다. 둘 다 저장소에 들어 있습니다.
#
# - **학생용**(`student/`): 풀이 자리가 빈칸(`...` 또는 `raise NotImplementedError`)으로 바뀌어 있습니다.
#   빈칸이 있어도 위에서 아래로 오류 없이 실행됩니다. 노트북 맨 위와 README의 Colab·Binder 배지는 이 판을 엽니다.
# - **강사용**(`notebooks/`): 연습 문제의 풀이가 들어 있고, 실행 결과와 함께 저장되어 있습니다.
#   강사 안내서(`docs/instructor.md`)에 레슨마다 링크가 있습니다.

# %% [markdown]
# ### 끝난 레슨의 커널은 꺼 주세요
#
# 노트북을 열면 그 뒤에서 코드를 실행하는 파이썬 프로세스, **커널(kernel)** 이 하나 뜹니다. 레슨 하나를 위에서
# 아래까지 실행하면 커널이 쓰는 메모리는 레슨마다 약 390–690 MiB까지 올라갑니다(잰 값: 01이 약 690 MiB로 가장 크고,
# 00은 약 450 MiB, 02–08은 약 390–500 MiB). 05의 4.6절은 프로세스 3개(torchrun과 학습 프로세스 2개)를 15초쯤 더 띄워,
# 그동안은 커널과 합해 약 1.25 GB를 씁니다. 노트북 탭을 닫아도 커널은 살아 있고 메모리도 그대로 차지합니다.
# **Binder는 한 사람에게 메모리를 1–2 GB만 줍니다.** 끝난 레슨의 커널을 두세 개 켜 둔 채 다음 레슨을 실행하면
# 한도를 넘어 커널이 죽고(재시작되고) 변수가 모두 사라질 수 있습니다. 다음 레슨으로 넘어가기 전에 끝난 레슨의 커널을 끄세요.
#
# - **JupyterLab**: 메뉴 **커널 → 커널 종료**(지금 노트북의 커널) 또는 **커널 → 모든 커널 종료**. 왼쪽 사이드바의
#   실행 중인 커널 패널(한국어 화면의 이름은 "현재 실행중인 탭")에서 커널마다 끌 수도 있습니다.
# - **Colab**: 메뉴 **런타임 → 세션 관리**에서 끝난 노트북의 세션을 종료합니다.
#
# 커널을 꺼도 노트북 파일과 연습 문제 진행 기록은 남습니다. 사라지는 것은 변수뿐이니, 다시 열면 위에서부터 실행하세요.

# %% [markdown]
# ## 2. 실행 환경 확인
#
# 아래 셀은 버전과 장치를 보여 줍니다. 결과는 컴퓨터마다 다릅니다.

# %% tags=["nbval-ignore-output"]
import platform

import matplotlib
import ipywidgets
import torch

print(f"파이썬      {platform.python_version()}")
print(f"lrcourse    {lrcourse.__version__}")
print(f"numpy       {np.__version__}")
print(f"torch       {torch.__version__}")
print(f"matplotlib  {matplotlib.__version__}")
print(f"ipywidgets  {ipywidgets.__version__}")
print(f"GPU(CUDA)   {'있습니다: ' + torch.cuda.get_device_name(0) if torch.cuda.is_available() else '없습니다'}")
print(f"학습 장치   {device} (설정 셀에서 정한 장치)")
print(f"CPU 스레드  torch가 {torch.get_num_threads()}개를 씁니다")

# %% [markdown]
# 강좌가 기대하는 최소 버전을 확인합니다. 여기서 오류가 나면 `make setup`(또는 `pip install -e .`)으로
# 다시 설치하세요.

# %%
def version_tuple(text):
    """'2.13.0+cpu' → (2, 13)"""
    return tuple(int(part) for part in text.split("+")[0].split(".")[:2])


assert version_tuple(torch.__version__) >= (2, 3), "torch 2.3 이상이 필요합니다"
assert version_tuple(np.__version__) >= (1, 25), "numpy 1.25 이상이 필요합니다"
assert version_tuple(matplotlib.__version__) >= (3, 7), "matplotlib 3.7 이상이 필요합니다"
assert version_tuple(ipywidgets.__version__) >= (7, 7), "ipywidgets 7.7 이상이 필요합니다"
print("필요한 라이브러리가 모두 있습니다.")

# %% [markdown]
# ### CPU와 GPU
#
# 강좌의 모든 노트북은 CPU만으로 노트북마다 1분 안팎에 끝나도록 만들었습니다. GPU는 필요 없습니다.
# GPU를 쓰는 법과 그때 달라지는 점은 강좌 전체에서 여기에만 적습니다.
#
# **레슨은 CPU에서 학습합니다.** 레슨마다 맨 위 설정 셀이 `device = lrcourse.setup(device="cpu")`로 장치를 정하고,
# 학습 함수(`fit`, `fit_batched`, `lr_range_test`)에 `device=device`로 넘깁니다. 저장된 실행 결과는 모두 CPU에서
# 만든 것입니다. GPU가 있는 컴퓨터에서 열어도 같은 계산을 하므로, 여러분이 실행한 숫자가 저장된 숫자와 같아야 합니다.
# 같은 컴퓨터에서는 같은 시드면 결과가 비트 단위까지 같습니다(아래 셀에서 확인합니다). CPU 종류나 torch 버전이
# 다르면 마지막 자리가 달라질 수는 있습니다.
#
# **GPU로 학습하려면** 설정 셀의 `device="cpu"`를 `device="auto"`(CUDA GPU가 있으면 GPU, 없으면 CPU)나
# `device="cuda"`(GPU가 없으면 학습할 때 오류)로 바꾸세요. 설정 셀이 돌려준 `device`가 학습 함수로 넘어가므로
# 그 노트북의 학습이 모두 GPU에서 돕니다. 학습 하나만 GPU에서 돌리려면 그 함수에 `device="cuda"`를 직접 넘기세요.
# Colab에서는 먼저 메뉴의 **런타임 → 런타임 유형 변경**에서 GPU를 고르세요.
#
# **GPU에서 달라지는 것**은 두 가지입니다.
#
# 1. **숫자가 조금 다릅니다.** 초기 가중치는 CPU에서 시드로 만든 뒤 옮기고, 배치 순서도 CPU의 난수 생성기로
#    정하므로 GPU에서도 같습니다. 다른 것은 부동소수점(floating point) 계산입니다. GPU는 행렬 곱과 합을 CPU와 다른 순서로 더하는
#    자기만의 연산(커널, kernel)을 쓰므로 결과의 마지막 자리가 다릅니다. 어떤 GPU 연산은 같은 GPU에서 다시 실행해도
#    더하는 순서가 바뀌어 결과가 조금씩 다릅니다(비결정적 커널, nondeterministic kernel). PyTorch 문서의 "Reproducibility" 항목도
#    같은 시드라도 CPU와 GPU, 플랫폼, 버전 사이에 결과가 같다는 보장은 없다고 밝힙니다.
#    레슨의 `assert`는 숫자 하나가 아니라 결론(어느 스케줄의 손실이 더 낮은지, 발산했는지)을 검사하고,
#    결론은 시드 여러 개에서 확인한 것입니다. 그래서 GPU에서도 결론은 그대로여야 합니다. 다만 저장된 출력과
#    `assert`는 CPU에서만 검사했습니다. GPU에서 `assert`가 실패한다면, 그 결론이 반올림 차이에 흔들릴 만큼
#    아슬아슬했다는 뜻일 수 있습니다.
# 2. **빠르지 않을 수 있습니다.** 강좌의 모델은 작습니다(숫자 MLP의 한 스텝은 CPU에서 밀리초 단위입니다).
#    한 스텝에는 행렬 곱, ReLU, 손실, 역전파, 가중치 갱신 같은 작은 연산이 여럿 들어 있고, GPU는 연산 하나를
#    맡길 때마다 고정 비용이 듭니다. 계산이 이렇게 작으면 그 고정 비용이 계산 시간보다 클 수 있어서,
#    GPU가 CPU보다 빠르다는 보장이 없습니다. GPU가 이기는 것은 모델과 배치가 클 때입니다. 이 강좌는 GPU에서 시간을
#    재지 않았으므로, 궁금하면 아래 마지막 셀로 직접 재 보세요.
#
# 먼저 CPU에서 같은 학습을 두 번 해서 결과가 비트 단위까지 같은지 봅니다. 손글씨 숫자 데이터로 작은 다층 퍼셉트론(MLP)을
# 학습률 0.5로 5에포크 학습합니다(모델과 데이터는 01에서 자세히 봅니다). 시드 0이 초기 가중치와 배치 순서를 정합니다.

# %%
from lrcourse import models, train
from lrcourse.data import load_digits

digits = load_digits(device="cpu")


def train_digits(model, epochs, lr=0.5, seed=0, device=device):
    """숫자 MLP를 SGD로 학습합니다. 작은 모델은 스레드 하나가 가장 빠릅니다(레슨의 설정 셀과 같습니다)."""
    return train.fit(model, digits, "sgd", lr, epochs=epochs, batch_size=64, seed=seed,
                     device=device, progress=False, num_threads=1)


first_run = train_digits(models.mlp(hidden=(64,), seed=0), epochs=5)
second_run = train_digits(models.mlp(hidden=(64,), seed=0), epochs=5)
print(f"{len(first_run.loss)}스텝의 학습 손실이 두 번 모두 같은가: {np.array_equal(first_run.loss, second_run.loss)}")
print(f"마지막 검증 손실: {first_run.final_val_loss!r}, {second_run.final_val_loss!r}")
assert np.array_equal(first_run.loss, second_run.loss) and first_run.final_val_loss == second_run.final_val_loss

# %% [markdown]
# GPU의 반올림 차이가 학습에서 어떻게 되는지는 GPU 없이도 흉내 낼 수 있습니다. 모든 가중치를 float32가 나타낼 수 있는
# 가장 작은 간격(1 ulp, 값의 약 1천만분의 1)만큼 움직인 뒤 같은 학습을 합니다. 학습 30에포크(660스텝),
# 학습률 0.5, 시드 0, 1, 2이고, 시드마다 초기 가중치와 배치 순서가 함께 바뀝니다. 움직이기 전과 뒤의 학습 손실
# 차이를 첫 에포크와 마지막 에포크에서 보고, 마지막 검증 손실의 차이를 **시드를 바꿀 때의 차이**와 견줍니다.
# GPU의 차이는 처음 한 번이 아니라 매 스텝 생기므로 똑같지는 않지만, 한 번 생기는 차이의 크기(마지막 자리 몇 개)는
# 같은 정도입니다.

# %%
def nudged_by_one_ulp(model):
    """모든 가중치를 float32의 가장 작은 간격 하나만큼 키운 모델을 돌려줍니다."""
    with torch.no_grad():
        for weight in model.parameters():
            weight.copy_(torch.nextafter(weight, torch.full_like(weight, float("inf"))))
    return model


print("시드 | 검증 손실 | 1 ulp 움직인 뒤 | 차이    | 학습 손실 차이: 첫 에포크 → 마지막 에포크")
val_gaps, grew, final_val = [], [], []
for seed in [0, 1, 2]:
    plain = train_digits(models.mlp(hidden=(64,), seed=seed), epochs=30, seed=seed)
    moved = train_digits(nudged_by_one_ulp(models.mlp(hidden=(64,), seed=seed)), epochs=30, seed=seed)
    per_epoch = train.steps_per_epoch(digits, 64)
    loss_gap = np.abs(plain.loss - moved.loss)
    first_gap, last_gap = loss_gap[:per_epoch].max(), loss_gap[-per_epoch:].max()
    val_gap = abs(plain.final_val_loss - moved.final_val_loss)
    print(f"{seed:>4} | {plain.final_val_loss:.6f}  | {moved.final_val_loss:.6f}        | {val_gap:.1e} | "
          f"{first_gap:.1e} → {last_gap:.1e}")
    val_gaps.append(val_gap)
    grew.append(last_gap > first_gap)
    final_val.append(plain.final_val_loss)
seed_spread = max(final_val) - min(final_val)
print(f"시드를 바꿀 때 검증 손실의 차이(최대 − 최소): {seed_spread:.4f}")
print(f"1 ulp가 만든 검증 손실 차이의 최댓값: {max(val_gaps):.1e} (시드 차이의 {max(val_gaps) / seed_spread:.1%})")
assert any(grew) and not all(grew), "차이는 시드에 따라 커지기도, 줄어들기도 합니다"
assert max(val_gaps) < 0.05 * seed_spread, "반올림 크기의 차이는 시드를 바꿀 때의 차이보다 훨씬 작습니다"

# %% [markdown]
# 반올림 크기의 차이는 학습 동안 어떤 시드에서는 커지고 어떤 시드에서는 줄어듭니다. 어느 쪽이든 이 강좌의 작은
# 학습에서는 시드를 바꿀 때의 차이보다 훨씬 작았습니다. 그래서 여러 시드에서 성립한 결론은 GPU의 반올림 차이로
# 뒤집히지 않을 것입니다. 다만 학습이 불안정하면 이 차이가 훨씬 크게 자랄 수 있습니다. 다른 신경망과 데이터에서는
# 초기 가중치 한 비트의 차이만으로도 시드를 바꾼 것만큼 다른 모델이 된다는 보고가 있습니다(Summers & Dinneen,
# "Nondeterminism and Instability in Neural Network Optimization", ICML 2021).
#
# 아래 셀은 GPU가 있으면 같은 학습을 CPU와 GPU에서 해서 숫자 차이와 걸린 시간을 보여 줍니다. GPU가 없으면 CPU의
# 시간만 보여 줍니다. 결과는 컴퓨터마다 다릅니다.

# %% tags=["nbval-ignore-output"]
on_cpu = train_digits(models.mlp(hidden=(64,), seed=0), epochs=30, device="cpu")
if torch.cuda.is_available():
    train_digits(models.mlp(hidden=(64,), seed=0), epochs=1, device="cuda")  # 첫 실행은 CUDA 준비 시간이 섞이므로 버립니다
    on_gpu = train_digits(models.mlp(hidden=(64,), seed=0), epochs=30, device="cuda")
    loss_gap = np.abs(on_cpu.loss - on_gpu.loss)
    print(f"학습 손실의 차이: 첫 스텝 {loss_gap[0]:.1e}, 가장 큰 차이 {loss_gap.max():.1e}")
    print(f"마지막 검증 손실: CPU {on_cpu.final_val_loss:.6f}, GPU {on_gpu.final_val_loss:.6f}")
    print(f"걸린 시간({len(on_cpu.loss)}스텝): CPU {on_cpu.wall_time:.2f}초, GPU {on_gpu.wall_time:.2f}초")
else:
    print("GPU(CUDA)가 없어 CPU에서만 학습했습니다.")
    print(f"걸린 시간: CPU {on_cpu.wall_time:.2f}초 ({len(on_cpu.loss)}스텝, 한 스텝에 "
          f"{1000 * on_cpu.wall_time / len(on_cpu.loss):.2f}밀리초)")

# %% [markdown]
# ## 3. 한글 그림과 위젯 확인
#
# `lrcourse.plotting`을 불러오면 패키지에 들어 있는 나눔고딕 글꼴이 등록됩니다. 그래서 한국어 글꼴이 없는
# 컴퓨터에서도 그림의 한글이 네모(□)로 깨지지 않습니다. 아래 그림의 제목, 축 이름, 범례가 한글로 보이면
# 성공입니다. 그림은 02에서 자세히 볼 **스텝 감쇠(step decay)** 스케줄 두 개입니다.

# %%
import matplotlib.pyplot as plt

from lrcourse.plotting import plot_schedules

ax = plot_schedules(
    {
        "상수 0.1": schedules.constant(0.1),
        "30스텝마다 ÷10": schedules.step_decay(0.1, step_size=30, gamma=0.1),
    },
    steps=100,
    log=True,
    title="한글 확인: 학습률 스케줄 두 개",
)
plt.show()

# %% [markdown]
# 다음은 위젯(ipywidgets) 확인입니다. 슬라이더를 움직이면 오른쪽 글자가 바로 바뀌어야 합니다.
# 움직이지 않거나 위젯 대신 `IntSlider(...)` 같은 글자만 보이면, 커널이 실행 중인지 확인하고 이 셀을
# 다시 실행하세요. JupyterLab 4, Jupyter Notebook 7, Colab, VS Code는 별도 설정 없이 위젯을 보여 줍니다.

# %%
slider = ipywidgets.IntSlider(value=30, min=1, max=90, description="step_size")
label = ipywidgets.Label()


def show_lr(change=None):
    s = schedules.step_decay(0.1, step_size=slider.value, gamma=0.1)
    label.value = f"스텝 60의 학습률: {s(60):.4g}"


slider.observe(show_lr, names="value")
show_lr()
ipywidgets.HBox([slider, label])

# %% [markdown]
# 강좌의 탐색기들은 같은 위젯 위에 그림을 그려 넣습니다. 위의 정적 그림과 같은 스케줄로 탐색기를 하나 띄워 봅니다.
# 슬라이더를 움직이면 그림이 바뀌어야 합니다. 탐색기는 02 이후에 자세히 씁니다.

# %%
from lrcourse.widgets import schedule_explorer

schedule_explorer("step_decay", total_steps=100, log_scale=True, lr=0.1, step_size=30, gamma=0.1)

# %% [markdown]
# 위젯이 없어도 같은 계산은 보통의 코드로 할 수 있습니다. 예를 들어 `step_size=30`이면 스텝 60은 두 번째
# 감쇠가 일어난 뒤이므로 학습률이 0.1 → 0.01 → 0.001이 되어 있어야 합니다.

# %%
s = schedules.step_decay(0.1, step_size=30, gamma=0.1)
print(f"스텝 0: {s(0):g}, 스텝 29: {s(29):g}, 스텝 30: {s(30):g}, 스텝 60: {s(60):g}")
assert np.isclose(s(60), 0.001)

# %% [markdown]
# ## 4. 용어집
#
# 강좌는 아래 용어를 씁니다. 각 노트북에서 처음 나올 때는 괄호 안에 영어를 함께 적습니다. 다른 자료를
# 찾아볼 때는 영어 용어로 검색하면 자료가 훨씬 많습니다.
#
# | 한국어 | 영어 | 뜻 |
# |---|---|---|
# | 학습률 | learning rate (lr) | 경사 하강법이 그래디언트 반대 방향으로 한 번에 움직이는 보폭에 곱하는 수. 한국어 자료는 대부분 이 이름을 씁니다. 검색할 때도 "학습률"로 찾으세요. |
# | 경사 하강법 | gradient descent (GD) | 손실의 그래디언트 반대 방향으로 가중치를 조금씩 옮기는 방법: w ← w − lr · ∇L(w) |
# | 확률적 경사 하강법 | stochastic gradient descent (SGD) | 전체 데이터 대신 작은 배치로 구한 그래디언트로 움직이는 경사 하강법 |
# | 그래디언트 | gradient | 손실이 가장 빠르게 커지는 방향과 크기 (기울기) |
# | 손실 | loss | 모델이 얼마나 틀렸는지를 재는 수. 학습은 이것을 줄입니다 |
# | 교차 엔트로피 | cross-entropy | 분류 문제의 손실. 정답 클래스에 모델이 준 확률이 p이면 −ln p입니다. 정답을 확신하면 0에 가깝습니다 |
# | 찍기 수준 | chance level | 아무것도 배우지 못한 모델이 모든 클래스에 같은 확률을 줄 때의 성적. 10개 클래스면 손실 ln 10 ≈ 2.30, 정확도 10 % |
# | 다층 퍼셉트론 | multilayer perceptron (MLP) | 완전 연결층(`Linear`) 사이에 활성화 함수(여기서는 ReLU)를 넣어 쌓은 신경망. 강좌의 "숫자 MLP"는 8×8 손글씨 숫자를 10개 클래스로 분류하는 작은 MLP입니다 |
# | ReLU | rectified linear unit | 입력이 양수면 그대로, 음수면 0을 내보내는 활성화 함수: max(0, x) |
# | 죽은 ReLU | dead ReLU | 어느 입력에서도 출력이 0이라 기울기가 흐르지 않아 더는 배우지 못하는 ReLU 유닛. 지나치게 큰 업데이트가 만들 수 있습니다 |
# | 옵티마이저 | optimizer | 그래디언트로 가중치를 바꾸는 규칙 (SGD, Adam, AdamW 등) |
# | 하이퍼파라미터 | hyperparameter | 학습이 정하지 않고 사람이 정하는 값 (학습률, 배치 크기, 감쇠 시점 등) |
# | 배치 | batch | 한 번의 업데이트에 쓰는 샘플 묶음 |
# | 스텝 | step | 옵티마이저 업데이트 한 번. 이 강좌의 스케줄은 스텝 0부터 셉니다 |
# | 에포크 | epoch | 학습 데이터를 한 바퀴 다 보는 것. 한 에포크의 스텝 수는 (샘플 수 / 배치 크기)를, 꽉 차지 않은 마지막 배치도 쓰면 올림하고 버리면(`drop_last=True`) 내림한 값입니다. 이 강좌의 학습 함수는 버립니다(1,438장, 배치 64 → 22스텝) |
# | 스케줄 | schedule | 스텝 t를 넣으면 그때의 학습률을 주는 함수 lr(t) |
# | 스케줄러 | scheduler | 옵티마이저의 학습률을 스케줄대로 바꿔 주는 객체 (PyTorch의 `LRScheduler`) |
# | 감쇠 | decay | 학습률을 줄여 나가는 것 |
# | 스텝 감쇠 | step decay | 정해진 스텝(에포크)마다 학습률에 gamma를 곱해 계단처럼 줄이기 |
# | 지수 감쇠 | exponential decay | 매 스텝 같은 비율로 줄이기 |
# | 코사인 어닐링 | cosine annealing | 코사인 곡선의 반 주기를 따라 부드럽게 줄이기 |
# | 웜 리스타트 | warm restart | 줄였던 학습률을 다시 처음 값으로 되돌리기 (SGDR) |
# | 워밍업 | warmup | 학습 초반에 작은 학습률에서 목표 학습률까지 올리기 |
# | 발산 | divergence | 손실이 줄지 않고 커져 무한대(또는 NaN)로 가는 것. 학습률이 너무 크면 일어납니다. 이 강좌의 학습 함수는 손실이 NaN·무한대가 되거나 정해 둔 한계를 넘으면 발산으로 보고 멈춥니다. 손실이 커지지 않고 찍기 수준에 머무는 것(예: ReLU가 대부분 죽은 경우)은 발산이 아닙니다 |
# | 수렴 | convergence | 손실(또는 가중치)이 한 값에 가까워지며 자리 잡는 것 |
# | 지역 최솟값 | local minimum | 주변보다는 낮지만 가장 낮지는 않을 수 있는 골짜기의 바닥 |
# | 학습률 범위 테스트 | LR range test | 학습률을 작은 값에서 큰 값으로 키워 가며 손실을 보고 학습률을 고르는 방법 |
# | 검증 손실 | validation loss | 학습에 쓰지 않은 데이터에서 잰 손실 |

# %% [markdown]
# ## 5. 연습 문제 푸는 법
#
# 레슨마다 끝에 연습 문제가 있고, 답은 자동으로 채점됩니다. 노트북에서는 이렇게 씁니다.
#
# ```python
# from lrcourse.exercises import lesson00 as ex
#
# ex.q1.check(answer)   # 채점: 정답이면 축하, 틀리면 무엇이 틀렸는지 알려 줍니다
# ex.q1.hint()          # 힌트 1단계: 어디를 볼지
# ex.q1.hint(2)         # 힌트 2단계: 어떻게 풀지
# ex.q1.solution()      # 모범 답안 (먼저 스스로 풀어 보세요)
# ex.progress()         # 강좌 전체에서 지금까지 푼 문제
# ```
#
# 답은 값일 수도 있고, 직접 쓴 함수일 수도 있습니다. 틀리면 채점기는 **정답을 말하지 않고** 무엇이 틀렸는지만
# 말합니다: 너무 큰지 작은지, 자릿수가 모자란지, 정수여야 하는데 실수인지, 흔한 실수 가운데 어느 것인지.
# 함수는 여러 입력을 넣어 보고 어느 입력에서 무엇을 돌려주었는지 알려 줍니다. 아직 빈칸 그대로이면
# "아직 풀지 않았습니다"라고만 말하고 오류를 내지 않습니다.
#
# 몸풀기로 **스텝**과 **에포크**를 세어 봅시다.

# %%
from lrcourse.exercises import lesson00 as ex

# %% [markdown]
# ### 연습용 문제: 채점기가 답하는 방법
#
# 채점기가 어떻게 답하는지 연습용 문제 `ex.demo`로 먼저 봅니다. 이 문제는 진행 기록에 세지 않습니다.
#
# 학습 샘플이 1,000개이고 배치 크기가 100입니다. 한 에포크는 몇 스텝일까요? 빈칸(`...`), 실수 `1000 / 100`,
# 그리고 배치 크기 `100`을 차례로 넣어 봅니다.

# %%
ex.demo.check(...)
ex.demo.check(1000 / 100)
ex.demo.check(100)

# %% [markdown]
# 막히면 힌트를 봅니다. `hint()`는 어디를 볼지, `hint(2)`는 어떻게 풀지 알려 줍니다.

# %%
ex.demo.hint()
ex.demo.hint(2)

# %% [markdown]
# 이제 연습용 문제의 답을 직접 넣어 보세요.

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 1000 // 100
# END SOLUTION
ex.demo.check(answer)

# %% [markdown]
# ### 문제 1
#
# 학습 샘플이 1,000개이고 배치 크기가 64입니다. 마지막에 남는 작은 배치도 버리지 않고 씁니다.
# 한 에포크는 몇 스텝일까요? `answer`에 정수(int)를 넣으세요.

# %% tags=["solution"]
import math

# BEGIN SOLUTION
answer = math.ceil(1000 / 64)
# END SOLUTION
ex.q1.check(answer)

# %% [markdown]
# ### 문제 2
#
# 문제 1을 함수로 만드세요. `steps_per_epoch(n_samples, batch_size, drop_last=False)`는 한 에포크의 스텝 수를
# 정수로 돌려줍니다. `drop_last=True`이면 꽉 차지 않은 마지막 배치를 버립니다(PyTorch `DataLoader`의 같은 이름
# 인자와 같은 뜻). 채점기는 나누어떨어질 때, 남을 때, 샘플이 배치 하나보다 적을 때를 모두 넣어 봅니다.
# 막히면 `ex.q2.hint()`를 실행하세요.

# %% tags=["solution"]
def steps_per_epoch(n_samples, batch_size, drop_last=False):
    # BEGIN SOLUTION
    if drop_last:
        return n_samples // batch_size
    return math.ceil(n_samples / batch_size)
    # END SOLUTION


ex.q2.check(steps_per_epoch)

# %% [markdown]
# ### 예측해 보기
#
# 레슨에는 실험 셀 앞에 **예측해 보기**가 있습니다. 실험을 실행하기 전에 결과를 예측해 적고(`ex.p1.predict(…)`),
# 실험 뒤에 `ex.p1.compare(…)`가 결과와 견줍니다. 예측은 채점하지 않습니다. 틀린 예측이 가장 많이 가르쳐 줍니다.
#
# 손글씨 숫자 학습 세트는 1,438장입니다. 마지막 작은 배치도 쓸 때, 배치를 64에서 128로 두 배로 늘리면
# 한 에포크의 스텝 수는 어떻게 될까요?
#
# - (a) 정확히 절반이 된다
# - (b) 절반보다 조금 많다
# - (c) 절반보다 조금 적다
#
# `prediction`에 `"a"`, `"b"`, `"c"` 가운데 하나를 넣으세요.

# %% tags=["solution"]
# BEGIN SOLUTION
prediction = "b"
# END SOLUTION
ex.p1.predict(prediction)

# %%
steps_64, steps_128 = math.ceil(1438 / 64), math.ceil(1438 / 128)
print(f"배치 64: 한 에포크 {steps_64}스텝, 배치 128: 한 에포크 {steps_128}스텝")
ex.p1.compare(steps_64, steps_128)

# %% [markdown]
# 참고로 이 강좌의 학습 함수(`lrcourse.train.fit`)는 `drop_last=True`처럼 남는 배치를 버립니다. 그래서 손글씨 숫자
# 학습 세트 1,438장을 배치 64로 나누면 한 에포크는 22스텝입니다(1438 // 64 = 22). 에포크마다 새로 섞으므로 빠지는 30장은 매번 다릅니다.
# 위에서 5에포크 학습한 기록으로 확인합니다.

# %%
print(f"학습 세트 {digits.num_train}장, 배치 64: 한 에포크 {train.steps_per_epoch(digits, 64)}스텝, "
      f"5에포크 학습의 기록 {len(first_run.loss)}스텝")
assert digits.num_train == 1438 and train.steps_per_epoch(digits, 64) == 1438 // 64 == 22
assert len(first_run.loss) == 5 * 22

# %% [markdown]
# ### 문제 3
#
# 에포크당 16스텝으로 10에포크를 학습합니다. 스텝 번호를 0부터 셀 때, **마지막 스텝의 번호**는 무엇일까요?

# %% tags=["solution"]
# BEGIN SOLUTION
answer = 10 * 16 - 1
# END SOLUTION
ex.q3.check(answer)

# %% [markdown]
# ### 진행 상황
#
# `ex.progress()`는 강좌 전체에서 푼 문제를 보여 줍니다. 기록은 홈 폴더의 작은 파일
# `~/.lrcourse_progress.json`에 남습니다(환경 변수 `LRCOURSE_PROGRESS_FILE`로 위치를 바꿀 수 있습니다).
# 파일이 없거나 깨져도 노트북은 멈추지 않고 빈 기록에서 다시 시작합니다. 처음부터 다시 하고 싶으면
# `from lrcourse.exercises import reset_progress; reset_progress()`로 기록을 지웁니다. 결과는 사람마다 다릅니다.

# %% tags=["nbval-ignore-output"]
ex.progress()

# %% [markdown]
# ## 정리
#
# - 레슨은 학습 목표 → 직관 → 수식 → 코드 → 그림 → 위젯 → 학습 실험 → 정리 → 연습 문제 순서입니다.
# - 그림의 한글과 위젯이 보이면 준비가 끝났습니다.
# - 레슨은 CPU에서 학습하므로 같은 torch 버전이면 보통 저장된 숫자를 그대로 다시 얻습니다. GPU로 학습하려면 설정 셀에서 `device="auto"`를
#   주세요. 숫자는 조금 달라지지만 여러 시드에서 확인한 결론은 그대로여야 하고, 작은 모델이라 빨라지지 않을 수 있습니다.
# - 스텝은 옵티마이저 업데이트 한 번, 에포크는 데이터 한 바퀴입니다. 스케줄은 스텝 0부터 셉니다.
# - 연습 문제는 `ex.qN.check(답)`으로 채점하고, `hint()`, `solution()`, `ex.progress()`를 씁니다.
#
# 다음 노트북 **01 학습률이란**에서 학습률이 무엇을 하는지부터 시작합니다.
