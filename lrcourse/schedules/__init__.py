"""학습률 스케줄: 스텝 t(0, 1, 2, …)의 순수 함수.

모든 스케줄은 팩토리 함수가 만드는 작고 변경 불가능한 호출 가능 객체(:class:`Schedule`)입니다.

- ``schedule(3)`` 처럼 정수를 넣으면 float 하나를 돌려줍니다.
- ``schedule(np.arange(100_000))`` 처럼 정수 numpy 배열을 넣으면 같은 모양의 float64 배열을
  돌려줍니다. 스텝마다 파이썬 루프를 돌지 않고 한 번에(벡터화) 계산합니다.
- 상태가 없으므로 같은 t에는 언제나 같은 값이 나옵니다. PyTorch 스케줄러처럼 직전 값에 곱해
  나가는 재귀식이 아니어서 오차가 쌓이지 않고, 중간 스텝에서 바로 재개할 수 있습니다.

단위는 모두 **스텝(옵티마이저 업데이트 한 번)** 입니다. 에포크 단위 스케줄은 :func:`by_epoch`로
스텝 단위로 바꿉니다.

워밍업 관례: 이 라이브러리에서 워밍업은 **스텝 0부터** 시작합니다. 스텝 t < W 에서 워밍업이
진행되고, 스텝 W에서 본 스케줄이 자기의 스텝 0을 맞습니다 (Hugging Face ``transformers``와 같은
관례입니다). timm의 ``warmup_prefix=False``(기본값)처럼 본 스케줄이 워밍업 동안에도 시간을 흘려
보내는 방식과는 다릅니다. 자세한 내용은 :func:`linear_warmup`을 보세요.
"""

from ._compose import by_epoch, join, milestone_steps, restart_steps
from ._core import Schedule, _make  # noqa: F401  (_make: 테스트가 임의의 스케줄을 만들 때 씁니다)
from ._cosine import cosine_annealing, cosine_warm_restarts, cycle_starts
from ._decay import constant, exponential_decay, multistep_decay, polynomial_decay, step_decay
from ._warmup import linear_warmup, one_cycle, warmup_stable_decay

__all__ = [
    "Schedule",
    "constant",
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_warm_restarts",
    "linear_warmup",
    "one_cycle",
    "warmup_stable_decay",
    "join",
    "by_epoch",
    "milestone_steps",
    "restart_steps",
    "cycle_starts",
]
