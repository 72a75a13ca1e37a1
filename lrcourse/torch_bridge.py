"""lrcourse 스케줄을 PyTorch 학습률 스케줄러로 쓰는 다리.

``torch_scheduler(optimizer, schedule)``는 ``torch.optim.lr_scheduler.LRScheduler``를 돌려줍니다.
``scheduler.step()``을 k번 부른 뒤 ``get_last_lr()``는 모든 파라미터 그룹에서 ``schedule(k)``와
정확히 같습니다. 만든 직후 옵티마이저의 ``param_group['lr']``은 ``schedule(0)``입니다.

PyTorch 스케줄러에서 자주 겪는 함정을 이렇게 피합니다.

- **재귀 오차(drift)**: ``StepLR``·``CosineAnnealingLR`` 등은 직전 학습률에 곱해 나가는
  재귀식으로 다음 값을 구하므로 수천 스텝 뒤에는 반올림 오차가 쌓이고, 누가 중간에
  ``param_group['lr']``을 바꾸면 그 뒤가 모두 어긋납니다. 여기서는 매 스텝 스텝 수 k에서
  ``schedule(k)``를 닫힌 식으로 새로 계산합니다. 직전 값은 쓰지 않습니다.
- **재개 시 점프(resume jump)**: ``state_dict()``에는 스텝 수 같은 평범한 파이썬 숫자와
  스케줄의 repr 문자열만 들어갑니다(스케줄 객체는 넣지 않습니다). 그래서 ``torch.save``와
  기본값 ``torch.load``(``weights_only=True``)를 거쳐도 읽힙니다. ``load_state_dict()``는 저장된
  스텝의 학습률을 옵티마이저에 바로 다시 넣으므로, 옵티마이저 상태를 먼저 읽든 나중에 읽든
  끊기지 않은 학습과 똑같은 학습률이 이어집니다. 다른 스케줄로 만든 스케줄러에 상태를 읽으면
  조용히 다른 곡선을 따르지 않고 ``ValueError``를 냅니다.
- **get_lr와 get_last_lr의 혼동**: 학습률을 볼 때는 ``get_last_lr()``을 쓰세요. PyTorch의
  재귀식 스케줄러에서 ``get_lr()``을 직접 부르면 틀린 값과 경고가 나오지만, 여기서는
  ``get_lr()``도 닫힌 식이라 ``get_last_lr()``과 같은 값을 경고 없이 돌려줍니다.
- **순서 경고**: 보통의 ``optimizer.step(); scheduler.step()`` 루프에서는 경고가 나오지
  않습니다. ``scheduler.step()``을 ``optimizer.step()``보다 먼저 부르면 PyTorch가 경고하는데,
  이것은 실제로 첫 학습률을 건너뛰는 실수이므로 그대로 둡니다.
- **step(epoch)**: PyTorch에서 폐지 예정인 ``scheduler.step(epoch)``도 결정적으로 동작합니다:
  학습률을 ``schedule(epoch)``로 두고, 이어지는 ``step()``은 ``schedule(epoch + 1)``을 줍니다.
  PyTorch의 폐지 예정 경고는 그대로 나옵니다. 새 코드에서는 쓰지 마세요.
"""

from __future__ import annotations

from typing import Sequence

from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler

from ._checks import check_int, fail
from .schedules import Schedule

__all__ = ["torch_scheduler", "ScheduleLR"]


def torch_scheduler(optimizer: Optimizer, schedule: Schedule | Sequence[Schedule]) -> "ScheduleLR":
    """lrcourse 스케줄을 따르는 PyTorch 학습률 스케줄러를 만듭니다.

    Args:
        optimizer: ``torch.optim.Optimizer`` (SGD, Adam, AdamW …).
        schedule: 모든 파라미터 그룹에 쓸 스케줄 하나, 또는 그룹마다 하나씩인 스케줄의 리스트
            (길이는 ``len(optimizer.param_groups)``와 같아야 합니다).

    Returns:
        ``LRScheduler``. 만든 직후 각 그룹의 학습률은 ``schedule(0)``이고, ``step()``을 k번 부른 뒤
        ``get_last_lr()``은 ``[schedule(k), …]``입니다. 옵티마이저를 만들 때 준 ``lr``은 덮어씁니다.

    예::

        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        sched = torch_scheduler(opt, cosine_annealing(0.1, T_max=1000))
        for batch in data:
            ...
            opt.step()
            sched.step()
    """
    return ScheduleLR(optimizer, schedule)


class ScheduleLR(LRScheduler):
    """:func:`torch_scheduler`가 돌려주는 스케줄러. 직접 만들지 말고 ``torch_scheduler``를 쓰세요.

    PyTorch가 ``LRScheduler``의 하위 클래스를 요구하므로 있는 작은 클래스입니다. 학습률은 언제나
    ``schedule(last_epoch)``입니다 (``last_epoch`` = 지금까지 부른 ``step()`` 횟수).
    """

    def __init__(self, optimizer: Optimizer, schedule: Schedule | Sequence[Schedule]) -> None:
        if not isinstance(optimizer, Optimizer):
            fail("optimizer", type(optimizer).__name__, "torch.optim.Optimizer 객체", TypeError)
        n_groups = len(optimizer.param_groups)
        if isinstance(schedule, Schedule):
            schedules = [schedule] * n_groups
        elif isinstance(schedule, (list, tuple)):
            schedules = list(schedule)
            if len(schedules) != n_groups:
                fail(
                    "schedule",
                    f"스케줄 {len(schedules)}개",
                    f"스케줄 하나, 또는 파라미터 그룹 수({n_groups})만큼의 스케줄 리스트",
                )
            for i, s in enumerate(schedules):
                if not isinstance(s, Schedule):
                    fail(f"schedule[{i}]", s, "lrcourse.schedules의 팩토리가 만든 스케줄", TypeError)
        else:
            fail(
                "schedule",
                schedule,
                "lrcourse.schedules의 팩토리가 만든 스케줄(예: cosine_annealing(0.1, 1000)) 또는 그 리스트",
                TypeError,
            )
        # 스케줄 객체는 state_dict에 넣지 않습니다(weights_only 로드가 못 읽음). repr로 같은 스케줄인지 확인합니다.
        self._schedules = schedules
        self.schedule_reprs = [repr(s) for s in schedules]
        super().__init__(optimizer)  # 여기서 step()이 한 번 불려 last_epoch = 0, lr = schedule(0)
        # PyTorch는 base_lrs에 옵티마이저의 처음 lr을 넣지만, 여기서 기준은 스케줄의 스텝 0 값입니다.
        self.base_lrs = [float(s(0)) for s in schedules]

    def get_lr(self) -> list[float]:
        """스텝 ``last_epoch``의 학습률을 그룹마다 닫힌 식으로 계산합니다 (``get_last_lr()``과 같은 값)."""
        return [float(s(self.last_epoch)) for s in self._schedules]

    # step(epoch)가 주어지면 PyTorch는 이 닫힌 식을 씁니다. 우리 get_lr는 원래 닫힌 식입니다.
    _get_closed_form_lr = get_lr

    def step(self, epoch: int | None = None) -> None:
        """스케줄을 한 스텝 진행합니다. ``optimizer.step()`` 다음에 부르세요.

        ``epoch``(폐지 예정)를 주면 학습률을 ``schedule(epoch)``로 둡니다. 0 이상의 정수만 받습니다.
        """
        if epoch is not None:
            epoch = check_int("epoch", epoch, low=0, allowed="None 또는 0 이상의 정수 (보통은 인자 없이 step())")
        super().step(epoch)

    def state_dict(self) -> dict:
        """재개에 필요한 상태. 평범한 파이썬 숫자·문자열만 담습니다 (스케줄 객체는 빠집니다)."""
        return {k: v for k, v in super().state_dict().items() if k != "_schedules"}

    def load_state_dict(self, state_dict: dict) -> None:
        """저장된 상태를 읽고, 그 스텝의 학습률을 옵티마이저에 바로 다시 넣습니다.

        같은 스케줄(repr이 같음)과 같은 파라미터 그룹 수로 만든 스케줄러에만 읽을 수 있습니다.
        """
        if not isinstance(state_dict, dict) or "last_epoch" not in state_dict or "schedule_reprs" not in state_dict:
            fail("state_dict", type(state_dict).__name__, "torch_scheduler(...).state_dict()가 만든 사전", TypeError)
        saved = list(state_dict["schedule_reprs"])
        if saved != self.schedule_reprs:
            fail(
                "state_dict",
                f"스케줄 {saved}로 저장된 상태",
                f"이 스케줄러와 같은 스케줄 {self.schedule_reprs} (다른 스케줄로 재개하면 학습률이 점프합니다)",
            )
        state = {k: v for k, v in state_dict.items() if k != "_schedules"}
        super().load_state_dict(state)  # last_epoch와 get_last_lr()이 읽는 값이 저장된 스텝의 것이 됩니다
        # 옵티마이저를 새로 만들었다면 lr이 schedule(0)이므로, 저장된 스텝의 값을 닫힌 식으로 다시 넣습니다.
        # torch의 공개 방법(param_group['lr']에 쓰기)만 씁니다: 비공개 LRScheduler._update_lr는 torch 2.2에 없습니다.
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
