"""06 스케줄 고르기: WSD의 평균 학습률, ReduceLROnPlateau의 규칙, 측정에 비춘 참/거짓, 감쇠 구간 예측."""

from __future__ import annotations

from ._exercise import Exercise, Prediction
from ._grading import expect_choices, expect_function, expect_value
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "06"
TITLE = "스케줄 고르기"


# ---------------------------------------------------------------------------
# q1: WSD의 평균 학습률 ÷ 최고 학습률 (T=1000, W=50, D=300)
# ---------------------------------------------------------------------------


def _wsd_mean_ratio(T, W, D):
    warmup = sum(t / W for t in range(W))  # 0, 1/W, …, (W−1)/W
    decay = sum(1 - k / D for k in range(D))  # 1, 1 − 1/D, …, 1/D (스텝 T에서 0이지만 T는 범위 밖)
    return (warmup + (T - W - D) + decay) / T


_Q1_ANSWER = _wsd_mean_ratio(1000, 50, 300)  # 0.825

q1 = Exercise(
    LESSON,
    "q1",
    "warmup_stable_decay(lr, 1000, warmup_steps=50, decay_steps=300)의 평균 학습률 ÷ 최고 학습률 (스텝 0–999)",
    checker=expect_value(
        _Q1_ANSWER, decimals=3, name="평균 학습률 ÷ 최고 학습률",
        mistakes=[
            (0.65, "유지 구간(650스텝)만 세었습니다. 워밍업과 감쇠 구간에서도 학습률은 0이 아닙니다: 두 구간의 평균은 각각 최고값의 약 절반입니다."),
            ((650 + 150.5) / 1000, "워밍업 구간을 빠뜨렸습니다. 워밍업 50스텝 동안에도 학습률은 0에서 lr까지 오릅니다."),
            ((24.5 + 650) / 1000, "감쇠 구간을 빠뜨렸습니다. 마지막 300스텝 동안 학습률은 lr에서 0으로 내려가므로 평균은 약 lr/2입니다."),
            (1.0, "워밍업과 감쇠 구간을 최고 학습률로 세었습니다. 그 두 구간에서 학습률은 직선으로 오르내립니다."),
            (0.5, "0.5는 코사인이나 선형 감쇠의 평균입니다. WSD는 대부분의 스텝을 최고 학습률에 머뭅니다."),
        ],
    ),
    hint=(
        "세 구간으로 나눠 더하세요: 워밍업(0에서 lr까지 직선), 유지(lr), 감쇠(lr에서 0까지 직선). 직선 구간의 평균은 대략 lr/2입니다.",
        "워밍업 합 = Σ_{t<50} t/50, 유지 = 1000 − 50 − 300 = 650스텝, 감쇠 합 = Σ_{k<300} (1 − k/300). 세 합을 더해 1000으로 나눕니다 "
        "(lr = 1로 두면 됩니다). 소수 셋째 자리까지 반올림해 적거나 식을 그대로 넣으세요.",
    ),
    solution="answer = (sum(t / 50 for t in range(50)) + (1000 - 50 - 300) + sum(1 - k / 300 for k in range(300))) / 1000  # 0.825",
    explanation="WSD는 같은 최고 학습률의 코사인(약 0.5)보다 평균 학습률이 훨씬 큽니다. 그래서 같은 최고 학습률에서 비교하면 다르게 움직이고, 가장 좋은 최고 학습률도 보통 더 작습니다(3절).",
)


# ---------------------------------------------------------------------------
# q2: ReduceLROnPlateau(mode="min", threshold_mode="rel")의 학습률 순서
# ---------------------------------------------------------------------------


def _plateau_lrs(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0, reset_after_cut=True):
    """PyTorch의 규칙대로 매 step 뒤의 학습률. ``reset_after_cut=False``는 흔한 실수(줄인 뒤 나쁜 횟수를 그대로 둠)."""
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
            cooldown_left = cooldown
            if reset_after_cut:
                bad = 0
        out.append(lr)
    return out


def _reduce_at_patience(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """흔한 실수: 나쁜 횟수가 patience와 같아지면 줄임 (patience를 넘어야 줄임)."""
    return _plateau_lrs(metrics, lr, factor, max(patience - 1, 0), threshold, cooldown, min_lr)


def _no_reset(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """흔한 실수: 줄인 뒤 나쁜 횟수를 0으로 돌리지 않음."""
    return _plateau_lrs(metrics, lr, factor, patience, threshold, cooldown, min_lr, reset_after_cut=False)


def _no_threshold(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """흔한 실수: 조금이라도 낮으면 나아졌다고 봄 (threshold 무시)."""
    return _plateau_lrs(metrics, lr, factor, patience, 0.0, cooldown, min_lr)


def _no_cooldown(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """흔한 실수: cooldown 무시."""
    return _plateau_lrs(metrics, lr, factor, patience, threshold, 0, min_lr)


def _no_min_lr(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    """흔한 실수: min_lr 아래로도 줄임."""
    return _plateau_lrs(metrics, lr, factor, patience, threshold, cooldown, 0.0)


_Q2_CASES = [
    (([1.0, 1.0, 1.0], 0.1), {"factor": 0.5, "patience": 1}),  # 문제의 예: 나쁜 호출 2번째에 줄임
    (([1.0, 0.9, 0.8, 0.7], 0.1), {"patience": 0}),  # 계속 나아지면 줄이지 않음
    (([1.0] * 6, 0.1), {"factor": 0.5, "patience": 1}),  # 줄인 뒤 나쁜 횟수를 0으로: 스텝 2, 4에서 줄임
    (([1.0, 0.99995, 0.9999, 0.9998, 0.9997], 1.0), {"factor": 0.1, "patience": 1, "threshold": 1e-3}),  # 0.1 % 넘게 나아져야 함
    (([1.0] * 8, 0.1), {"factor": 0.5, "patience": 0, "cooldown": 2}),  # 줄인 뒤 2번은 세지 않음
    (([1.0] * 8, 0.1), {"factor": 0.1, "patience": 0, "min_lr": 0.0005}),  # min_lr 아래로 내려가지 않음
    (([3.0, 2.0, 2.5, 2.4, 2.2, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0], 0.2), {"factor": 0.5, "patience": 2}),  # 섞인 경우
    (([5.0] * 13, 0.3), {"factor": 0.3, "patience": 3, "cooldown": 1, "min_lr": 0.01}),  # 모두 함께
]

q2 = Exercise(
    LESSON,
    "q2",
    "plateau_lrs(metrics, lr, factor, patience, threshold, cooldown, min_lr): ReduceLROnPlateau(mode='min')가 매 step 뒤에 두는 학습률 목록",
    checker=expect_function(
        _plateau_lrs, _Q2_CASES, arg_names=["metrics", "lr"],
        mistakes=[
            (_reduce_at_patience, "하나 일찍 줄였습니다. 나쁜 횟수가 patience와 같을 때가 아니라 patience를 넘을 때(patience + 1번째 나쁜 호출) 줄입니다."),
            (_no_reset, "줄인 뒤 나쁜 횟수를 0으로 돌리지 않았습니다. 그러면 그다음 호출마다 계속 줄어듭니다."),
            (_no_threshold, "threshold를 쓰지 않았습니다. 지표가 best · (1 − threshold)보다 낮아야 나아진 것으로 셉니다 (아주 작은 개선은 나쁜 호출)."),
            (_no_cooldown, "cooldown을 쓰지 않았습니다. 줄인 직후 cooldown번의 호출 동안은 나쁜 횟수를 0으로 둡니다."),
            (_no_min_lr, "min_lr을 쓰지 않았습니다. 줄인 학습률은 min_lr 아래로 내려가지 않습니다: max(lr · factor, min_lr)."),
        ],
    ),
    hint=(
        "상태 세 개를 들고 지표를 하나씩 봅니다: 지금까지의 최고값 best(처음엔 무한대), 나쁜 횟수, 남은 cooldown. 6절의 규칙 1 → 2 → 3 순서대로 적용하고 학습률을 목록에 넣습니다.",
        "나아짐은 m < best · (1 − threshold). cooldown이 남아 있으면 하나 줄이고 나쁜 횟수를 0으로 둡니다. 나쁜 횟수 > patience이면 "
        "lr = max(lr · factor, min_lr), 남은 cooldown = cooldown, 나쁜 횟수 = 0.",
    ),
    solution='''\
def plateau_lrs(metrics, lr, factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0.0):
    best, bad, cooldown_left, out = float("inf"), 0, 0, []
    for m in metrics:
        if m < best * (1 - threshold):   # 규칙 1: threshold 비율 넘게 나아졌는가
            best, bad = m, 0
        else:
            bad += 1
        if cooldown_left > 0:            # 규칙 2: 줄인 직후에는 세지 않음
            cooldown_left -= 1
            bad = 0
        if bad > patience:               # 규칙 3: patience를 넘으면 줄임
            lr = max(lr * factor, min_lr)
            cooldown_left, bad = cooldown, 0
        out.append(lr)
    return out''',
    explanation="PyTorch ReduceLROnPlateau(mode='min', threshold_mode='rel')의 step(지표)와 같은 규칙입니다(학습률이 eps = 1e-8 넘게 바뀔 때만 바꾸는 세부는 뺐습니다).",
)


# ---------------------------------------------------------------------------
# q3: 측정과 설명에 비춘 참/거짓
# ---------------------------------------------------------------------------

q3 = Exercise(
    LESSON,
    "q3",
    "네 문장의 참/거짓: patience의 단위, WSD와 학습 길이, AdamW와 상수 학습률, 스케줄을 바꿀 때의 최고 학습률",
    checker=expect_choices(
        [False, True, False, False], [True, False],
        explain="6절(patience의 단위), 7절(WSD), 5절(AdamW와 상수), 3절(모양 대 최고 학습률)을 다시 보세요.",
    ),
    hint=(
        "문장마다 이 노트북의 어느 절이 답하는지 찾으세요: (a) 6절, (b) 7절, (c) 5절, (d) 3절.",
        "(a) patience는 step(지표)를 부른 횟수입니다. (c) 5절의 assert가 무엇을 확인했는지, (d) 3절의 그림에서 곡선들이 옆으로 밀린 모습을 떠올리세요.",
    ),
    solution="answer = [False, True, False, False]",
    explanation=(
        "(a) 거짓: 단위는 step(지표)를 부른 횟수이고, 에포크마다 부르면 에포크입니다. (b) 참: 감쇠를 나중에 시작할 수 있습니다(Hägele et al., 2024). "
        "(c) 거짓: 코사인, 워밍업 + 코사인, WSD, 원사이클이 세 시드 모두 상수보다 나았습니다. (d) 거짓: 모양마다 가장 좋은 최고 학습률이 다르므로 다시 훑어야 합니다."
    ),
)


# ---------------------------------------------------------------------------
# p1: WSD의 감쇠 구간 비율 (AdamW, 최고 학습률 0.032, 시드 3–5)
# ---------------------------------------------------------------------------


def _decay_share_outcome(short, middle, long):
    """감쇠 비율 10 %, 20 %, 50 %의 평균 검증 손실 → 선택지. 0.002를 '비슷함'의 기준으로 봅니다."""
    losses = [short, middle, long]
    if max(losses) - min(losses) < 0.002:
        return "c"
    if abs(middle - long) < 0.002 and min(middle, long) < short - 0.002 and max(middle, long) < short:
        return "b"
    if short < min(middle, long):
        return "a"
    return "d"


p1 = Prediction(
    LESSON,
    "p1",
    "AdamW, WSD(최고 학습률 0.032, 300스텝): 감쇠 구간 10 %, 20 %, 50 % 가운데 평균 검증 손실은?",
    choices={
        "a": "10 %가 가장 낮다",
        "b": "20 %와 50 %가 0.002 안에서 비슷하고, 둘 다 10 %보다 0.002 넘게 낮다",
        "c": "셋이 0.002 안에서 비슷하다",
        "d": "그 밖",
    },
    outcome=_decay_share_outcome,
    why=(
        "감쇠 구간이 너무 짧으면(10 %, 30스텝) 학습률을 줄여 잡음을 걷어 낼 시간이 모자랍니다. 20 %와 50 %는 평균이 비슷했습니다: "
        "이 범위에서 감쇠 비율은 결과를 조금만 바꿉니다. 다만 시드마다 순서가 바뀌므로(표) 시드 하나로 비율을 고르면 잡음을 고르게 됩니다. "
        "가장 좋은 비율은 최고 학습률과 함께 정해지므로, 스케줄 튜닝은 두 손잡이를 함께, 여러 시드로 찾는 일입니다."
    ),
)
