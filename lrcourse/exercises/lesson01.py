"""01 학습률이란: 발산 문턱 2/L, 경사 하강법 직접 쓰기, 학습률 범위 테스트 읽기, 지역 최솟값에 대한 오해."""

from __future__ import annotations

import numpy as np

from ._exercise import Exercise, Prediction
from ._grading import expect_choices, expect_function
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

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
        "1차원에서는 곡률 L 하나가 문턱 2/L을 정했습니다. 방향마다 곡률이 다르면, 어느 방향의 곡률이 문턱을 정할까요? "
        "대각 원소가 곧 곡률은 아닙니다.",
        "고유 방향마다 경사 하강법은 (1 − lr·λ)를 곱하므로 모든 고윳값 λ에서 |1 − lr·λ| < 1이어야 합니다. "
        "가장 큰 고윳값을 np.linalg.eigvalsh(H)로 구해 1차원의 문턱 식에 넣습니다.",
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
        "위치 목록을 시작점 하나로 시작해, 한 스텝마다 새 위치를 하나씩 덧붙입니다. 기울기는 매 스텝 지금 위치에서 새로 구합니다.",
        "w ← w − lr · grad(w)를 steps번 되풀이하고 매번 목록에 붙입니다. 시작점까지 steps+1개입니다. "
        "빼기(−)인지 확인하세요: 기울기는 오르막 방향입니다.",
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
        "손실이 가장 낮은 곳의 '위치(인덱스)'를 찾아, 같은 위치의 학습률을 씁니다. 발산한 뒤의 NaN을 조심하세요.",
        "np.argmin은 NaN이 있으면 NaN의 위치를 돌려줍니다. np.nanargmin으로 NaN을 건너뛴 위치를 찾고, "
        "그 위치의 학습률을 10으로 나눕니다.",
    ),
    solution='''\
def pick_lr(lrs, losses):
    best = np.nanargmin(losses)      # NaN(발산 뒤)은 건너뛰고 가장 낮은 손실의 위치
    return lrs[best] / 10            # 최저점의 학습률은 처음부터 쓰기에는 크므로 한 자릿수 낮춥니다''',
    explanation=(
        "범위 테스트의 최저점은 그보다 작은 학습률들로 이미 학습된 뒤의 값이고, 부드럽게 한 곡선에서는 더 늦게(더 큰 학습률에서) "
        "찍힙니다. 그 학습률을 처음부터 쓰면 학습이 망가질 수 있어 한 자릿수 낮춥니다."
    ),
)


# ---------------------------------------------------------------------------
# q4: "학습률이 작으면 지역 최솟값에 갇힌다"를 실험마다 나눠 참/거짓으로
# ---------------------------------------------------------------------------

Q4_STATEMENTS = {
    "a": "[실험 1] 잡음이 없을 때 학습률 0.01은 출발한 골짜기의 바닥으로 갔다. 어느 최솟값(지역/전역)으로 갈지는 시작점이 정했다.",
    "b": "[실험 1] 오른쪽(w0 = 1.5)에서 출발할 때, 학습률을 0.01에서 0.0005로 더 줄이면 전역 최솟값 쪽으로 갈 수 있다.",
    "c": "[실험 3] 잡음 섞인 기울기에서도 학습률 0.01로는 거의 모든 독립 실행이 출발한 지역 최솟값의 골짜기를 떠나지 못했다.",
    "d": "[실험 2] 학습률이 크면 언제나 더 깊은 최솟값(전역 최솟값)에 자리 잡는다.",
}

q4 = Exercise(
    LESSON,
    "q4",
    "참/거짓 네 문장: 작은 학습률과 지역 최솟값 (7절의 실험)",
    checker=expect_choices(
        [True, False, True, False],
        [True, False],
        explain="각 문장 앞의 [실험 N]이 가리키는 셀의 출력과 assert를 다시 보세요.",
    ),
    hint=(
        "문장마다 그 실험의 출력 한 줄이 답을 줍니다: 어디서 출발해 어디에 닿았는지, 몇 %의 독립 실행이 언덕을 넘었는지, "
        "학습률 0.26에서 어느 골짜기에 앉았는지 보세요.",
        "작은 학습률은 골짜기를 고르지 않고 출발한 골짜기로 (느리게) 갑니다. 잡음이 있어도 작은 스텝은 언덕을 넘지 못합니다. "
        "큰 학습률은 가파른 골짜기(여기서는 전역 최솟값)에는 앉지 못하고 그 주위를 오갑니다.",
    ),
    solution='''\
answer = [True, False, True, False]
# (a) 참: 같은 학습률 0.01이 w0 = +1.5에서는 지역, −1.5에서는 전역 최솟값으로 갔습니다.
# (b) 거짓: 0.0005는 같은 오른쪽 골짜기로 더 느리게 갈 뿐입니다(300스텝 뒤에도 내려가는 중).
# (c) 참: 학습률 0.01의 독립 실행은 세 잡음 시드 모두 5% 미만만 언덕을 넘었습니다. 작은 스텝은 출발한 골짜기를 떠나지 못합니다.
# (d) 거짓: 학습률 0.26은 가파른 전역 최솟값에는 앉지 못하고 오가며, 완만한 지역 최솟값에만 앉습니다.''',
    explanation=(
        "작은 학습률은 지역 최솟값을 고르지 않습니다(a, b). 다만 출발한 골짜기를 떠나지 못하게 합니다(c). "
        "큰 학습률이 언제나 더 좋은 곳에 가는 것도 아닙니다(d)."
    ),
)


# ---------------------------------------------------------------------------
# p1: 다섯 학습률 가운데 어느 것이 가장 좋을까 (5절)
# ---------------------------------------------------------------------------

p1 = Prediction(
    LESSON,
    "p1",
    "숫자 MLP를 SGD로 10에포크: 학습률 0.003, 0.03, 0.3, 3, 10 가운데 검증 손실이 가장 낮은 것은?",
    choices={0.003: "학습률 0.003", 0.03: "학습률 0.03", 0.3: "학습률 0.3", 3: "학습률 3", 10: "학습률 10"},
    why=(
        "0.003과 0.03은 10에포크 동안 기어가느라 바닥에 닿지 못하고, 3은 ReLU를 꺼뜨려 망가지고, 10은 발산합니다. "
        "좋은 학습률은 발산 문턱보다 조금 아래, 너무 많이 아래는 아닌 곳에 있습니다(4절)."
    ),
)
