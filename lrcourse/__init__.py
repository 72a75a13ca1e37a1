"""lrcourse: 학습률 스케줄링 강좌의 도우미 라이브러리.

- :mod:`lrcourse.schedules`: 정확하고 벡터화된 스케줄 (PyTorch와 같은 값)
- :mod:`lrcourse.torch_bridge`: 스케줄을 PyTorch 스케줄러로 (``torch_scheduler``)
- :mod:`lrcourse.data`, :mod:`lrcourse.models`, :mod:`lrcourse.train`: 오프라인 데이터와 빠른 학습 엔진
  (:mod:`lrcourse.batched`: MLP 여럿을 한꺼번에, :mod:`lrcourse.lr_finder`: 학습률 범위 시험,
  :mod:`lrcourse.history`: 학습 기록과 그림, :mod:`lrcourse.checkpoint`: 멈췄다가 이어 학습하기)
- :mod:`lrcourse.quadratic`: 최소제곱 문제 위의 경사 하강법
- :mod:`lrcourse.plotting`: 한글 글꼴을 내장한 그림 도구
- :mod:`lrcourse.widgets`, :mod:`lrcourse.exercises`: 노트북용 탐색기와 연습 문제 채점기
- :mod:`lrcourse.notebook`: 노트북 설정(``lrcourse.setup``)과 한글 표 출력
- :mod:`lrcourse.search`: Optuna로 스케줄의 하이퍼파라미터 찾기 (멈췄다가 이어 하는 검색)
- :mod:`lrcourse.inspect`: 여러분의 PyTorch 스케줄러를 학습 없이 돌려 보고 흔한 실수 찾기 (``python -m lrcourse.inspect``)
- :mod:`lrcourse.large_batch`: torch.distributed(DDP)로 큰 배치 학습, 선형 스케일링 규칙과 워밍업 (``python -m lrcourse.large_batch``)

``import lrcourse``는 가볍게 유지합니다: torch·matplotlib을 쓰는 모듈은 처음 쓸 때 불러옵니다.
"""

from importlib import import_module

from . import schedules
from .schedules import *  # noqa: F401,F403

__version__ = "0.2.0"

# 이름 → 그 이름이 있는 하위 모듈. 처음 접근할 때 불러옵니다.
_LAZY = {
    "torch_scheduler": "torch_bridge",
    "plot_schedules": "plotting",
    "fit": "train",
    "compare": "train",
    "lr_range_test": "lr_finder",
    "fit_batched": "batched",
    "schedule_explorer": "widgets",
    "lr_explorer": "widgets",
    "training_explorer": "widgets",
    "setup": "notebook",
    "inspect_scheduler": "inspect",
}
_SUBMODULES = {"torch_bridge", "plotting", "data", "models", "train", "batched", "lr_finder", "history", "checkpoint",
               "quadratic", "widgets", "exercises", "notebook", "search", "inspect",
               "large_batch"}


def __getattr__(name):
    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'lrcourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES | set(_LAZY))
