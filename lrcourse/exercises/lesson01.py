"""01 학습률이란: 발산 문턱 2/L, 경사 하강법 직접 쓰기, 학습률 범위 테스트 읽기, 지역 최솟값에 대한 오해."""

from __future__ import annotations

import numpy as np

from . import Exercise, expect_choice, expect_function, progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "01"
TITLE = "학습률이란"


# ---------------------------------------------------------------------------
# q1: 헤세 행렬에서 발산 문턱 2/L
# ---------------------------------------------------------------------------


def _critical_lr(H):
    return 2.0 / float(np.linalg.eigvalsh(np.asarray(H, dtype=np.float64)).max())


def _rotated(eigenvalues, seed):
    """고윳값이 ``eigenvalues``인 대칭 행렬 (대각이 아니어서 대각 원소만 보면 틀립니다)."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigenvalues), len(eigenvalues))))
    return np.round(q @ np.diag(eigenvalues) @ q.T, 12)


_Q1_CASES = [
    np.diag([4.0, 1.0]),  # 대각 행렬: 2/4 = 0.5
    np.diag([1.0, 10.0]),  # 가장 큰 곡률이 뒤에 있음: 2/10
    np.array([[2.0, 1.0], [1.0, 2.0]]),  # 고윳값 3, 1: 대각 원소(2)만 보면 1.0으로 틀림
    _rotated([5.0, 2.0, 0.5], seed=1),  # 3차원, 회전된 행렬: 2/5
    np.array([[0.5]]),  # 1차원: 2/0.5 = 4
]

q1 = Exercise(
    LESSON,
    "q1",
    "헤세 행렬 H에서 경사 하강법이 발산하기 시작하는 학습률 critical_lr(H)",
    checker=expect_function(
        _critical_lr,
        [(H,) for H in _Q1_CASES],
        arg_names=["H"],
        mistakes=[
            (lambda H: 1.0 / np.linalg.eigvalsh(H).max(),
             "문턱은 1/L이 아니라 2/L입니다: 1/L과 2/L 사이에서는 진동하면서도 수렴합니다."),
            (lambda H: 2.0 / np.linalg.eigvalsh(H).min(), "가장 작은 곡률이 아니라 가장 큰 곡률이 문턱을 정합니다."),
            (lambda H: 2.0 / np.max(np.diag(H)), "대각 원소는 (행렬이 대각이 아니면) 고윳값이 아닙니다."),
        ],
    ),
    hint=(
        "이차 함수 f(w) = ½ wᵀHw에서 경사 하강법은 고유 방향마다 (1 − lr·λ)를 곱합니다. 모든 방향에서 "
        "|1 − lr·λ| < 1이어야 하므로 가장 큰 고윳값 λ_max가 문턱을 정합니다. "
        "np.linalg.eigvalsh(H)가 대칭 행렬의 고윳값을 줍니다. 대각 원소는 고윳값이 아닐 수 있습니다."
    ),
    solution='''\
def critical_lr(H):
    L = np.linalg.eigvalsh(H).max()   # 가장 큰 곡률 (가장 큰 고윳값)
    return 2.0 / L''',
    explanation="가장 가파른 방향 하나가 전체의 학습률 상한을 정합니다.",
)


# ---------------------------------------------------------------------------
# q2: 1차원 경사 하강법
# ---------------------------------------------------------------------------


class _Grad:
    """메시지에 읽기 좋은 이름으로 보이는 기울기 함수."""

    def __init__(self, text, fn):
        self.text, self.fn = text, fn

    def __call__(self, w):
        return self.fn(w)

    def __repr__(self):
        return self.text


def _gradient_descent_1d(grad, w0, lr, steps):
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return np.array(ws)


_SQUARE = _Grad("grad(w)=2w", lambda w: 2.0 * w)
_DOUBLE_WELL = _Grad("grad(w)=4w(w²−1)", lambda w: 4.0 * w * (w * w - 1.0))
_SHIFTED = _Grad("grad(w)=w−3", lambda w: w - 3.0)

q2 = Exercise(
    LESSON,
    "q2",
    "gradient_descent_1d(grad, w0, lr, steps): 시작점을 포함한 steps+1개의 위치",
    checker=expect_function(
        _gradient_descent_1d,
        [
            (_SQUARE, 1.0, 0.1, 3),  # w ← 0.8·w: [1, 0.8, 0.64, 0.512]
            (_SHIFTED, 0.0, 0.5, 4),  # 최솟점 3을 향해 반씩 다가감
            (_DOUBLE_WELL, 0.5, 0.05, 6),  # 비선형 기울기: 매 스텝 새 위치에서 기울기를 다시 구해야 함
            (_SQUARE, 2.0, 0.1, 0),  # 0스텝: 시작점만
        ],
        arg_names=["grad", "w0", "lr", "steps"],
        mistakes=[
            (lambda grad, w0, lr, steps: _gradient_descent_1d(grad, w0, -lr, steps),
             "부호를 확인하세요: 기울기는 오르막 방향이므로 빼야(−) 내려갑니다."),
        ],
    ),
    hint=(
        "w ← w − lr · grad(w)를 steps번 되풀이하고, 시작점 w0까지 포함해 steps+1개의 위치를 목록으로 "
        "돌려주세요. 기울기는 매 스텝 지금 위치에서 새로 구합니다. 빼기(−)인지 확인하세요: 기울기는 "
        "오르막 방향입니다."
    ),
    solution='''\
def gradient_descent_1d(grad, w0, lr, steps):
    ws = [w0]
    for _ in range(steps):
        w = ws[-1]
        ws.append(w - lr * grad(w))   # 내리막(기울기의 반대) 방향으로 lr만큼
    return ws''',
)


# ---------------------------------------------------------------------------
# q3: 학습률 범위 테스트 결과 읽기
# ---------------------------------------------------------------------------


def _pick_lr(lrs, losses):
    lrs = np.asarray(lrs, dtype=np.float64)
    losses = np.asarray(losses, dtype=np.float64)
    return float(lrs[np.nanargmin(losses)] / 10.0)


def _range_test_curve(num, low, high, best, blowup_at=None):
    """작은 학습률에서 평평하고, ``best`` 근처에서 가장 낮고, 그 뒤로 치솟는 손실 곡선."""
    lrs = np.geomspace(low, high, num)
    x = np.log10(lrs / best)
    losses = 2.3 - 1.5 * np.exp(-((x + 0.4) ** 2)) + np.where(x > 0, 3.0 * x**2, 0.0)
    if blowup_at is not None:
        losses[blowup_at:] = np.nan  # 발산해서 멈춘 뒤의 기록은 NaN
    return lrs, losses


_Q3_CASES = [
    _range_test_curve(9, 1e-4, 1e0, best=0.1),
    _range_test_curve(25, 1e-5, 10.0, best=0.03),
    _range_test_curve(30, 1e-5, 10.0, best=0.3, blowup_at=27),  # 끝에 NaN: np.argmin은 NaN을 고름
]

q3 = Exercise(
    LESSON,
    "q3",
    "pick_lr(lrs, losses): 가장 낮은 손실을 낸 학습률의 1/10 (NaN은 건너뜀)",
    checker=expect_function(
        _pick_lr,
        _Q3_CASES,
        arg_names=["lrs", "losses"],
        mistakes=[
            (lambda lrs, losses: lrs[np.argmin(losses)] / 10,
             "np.argmin은 NaN이 있으면 NaN의 위치를 돌려줍니다. 발산 뒤의 NaN을 건너뛰려면 np.nanargmin을 쓰세요."),
            (lambda lrs, losses: lrs[np.nanargmin(losses)],
             "가장 낮은 점의 학습률을 그대로 쓰지 말고 10으로 나누세요."),
        ],
    ),
    hint=(
        "손실이 가장 낮은 위치의 학습률을 찾아 10으로 나눕니다. 발산한 뒤의 손실은 NaN으로 기록되는데, "
        "np.argmin은 NaN이 있으면 NaN의 위치를 돌려줍니다. np.nanargmin을 쓰세요."
    ),
    solution='''\
def pick_lr(lrs, losses):
    best = np.nanargmin(losses)      # NaN(발산 뒤)은 건너뛰고 가장 낮은 손실의 위치
    return lrs[best] / 10            # 가장 낮은 점은 이미 불안정의 문턱 근처이므로 한 자릿수 낮춥니다''',
    explanation="손실이 가장 낮은 학습률은 발산 문턱 바로 앞이라 그대로 쓰면 불안정하기 쉽습니다.",
)


# ---------------------------------------------------------------------------
# q4: "학습률이 작으면 지역 최솟값에 갇힌다"
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON,
    "q4",
    "참/거짓: 학습률이 작으면 그것만으로 지역 최솟값에 갇힌다",
    checker=expect_choice(
        False,
        [True, False],
        explain=(
            "이중 우물 실험을 다시 보세요. 작은 학습률의 경사 하강법은 어느 골짜기로 갔나요? "
            "그 골짜기를 정한 것은 학습률이었나요, 시작점이었나요?"
        ),
    ),
    hint=(
        "작은 학습률은 시작한 골짜기의 바닥으로 (느리게) 내려갑니다. 그 골짜기가 지역 최솟값이면 거기에 "
        "수렴하지만, 전역 최솟값의 골짜기에서 시작했으면 전역 최솟값에 수렴합니다. 답은 True 또는 False로 "
        "쓰세요."
    ),
    solution='''\
answer = False
# 작은 학습률은 '시작한 골짜기'에 수렴하게 할 뿐, 지역 최솟값을 만들지도 고르지도 않습니다.
# 어느 골짜기에 들어가는지는 주로 시작점이 정합니다. 맞는 부분: 큰(그리고 잡음이 있는) 스텝은
# 골짜기 사이의 언덕을 넘을 수 있고, 작은 스텝은 그러지 못합니다. 그래서 '처음엔 크게, 나중엔 작게'가 도움이 됩니다.''',
    explanation="작은 학습률이 하는 일은 '시작한 골짜기에 느리게 수렴'입니다. 골짜기를 넘나드는 것은 크고 잡음 섞인 스텝입니다.",
)
