"""07 PyTorch 실전: 학습 루프의 학습률 버그 찾기.

문제마다 학습자가 고친 학습 루프(함수)를 **실제로 돌리고**, 옵티마이저가 ``step()``마다 쓴 학습률을 올바른
루프가 쓰는 학습률과 견줍니다(채점 도구는 :mod:`._lesson07_checks`). 틀린 답에는 흔한 실수마다 그 까닭을 말하고,
그 밖에는 처음 어긋난 스텝과 방향만 말합니다(정답 값은 말하지 않음).
"""

from __future__ import annotations

import math

import numpy as np

from ._exercise import Exercise, Prediction
from ._lesson07_checks import (
    _check_accumulation,
    _check_groups,
    _check_logged,
    _check_one_cycle,
    _check_per_epoch,
    _check_picklable,
    _check_plateau,
    _check_resume,
    _check_sequential,
    _check_step_order,
    _same,
)
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)

LESSON = "07"
TITLE = "PyTorch 실전: 스케줄러 버그 찾기"

# ---------------------------------------------------------------------------
# 문제 목록
# ---------------------------------------------------------------------------


_IMPORTS = """\
import math
import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler
from lrcourse import models

"""


def _exercise(name, title, checker, hints, code, explanation):
    return Exercise(LESSON, name, title, checker=checker, hint=hints, solution=_IMPORTS + code, explanation=explanation)


q1 = _exercise(
    "q1", "train_step_order(loader, epochs): StepLR(step_size=2, gamma=0.5)를 에포크 끝에, optimizer.step() 다음에", _check_step_order,
    ("StepLR(step_size=2)라면 에포크 0과 1은 처음 학습률을 써야 합니다. 에포크 1의 학습률은 무엇이고, scheduler.step()은 어디서 불리나요?",
     "PyTorch 1.1부터 순서는 optimizer.step() → scheduler.step()입니다. 에포크 단위 스케줄이면 scheduler.step()을 배치 루프가 끝난 뒤로 옮기세요."),
    '''\
def train_step_order(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # 에포크를 마친 뒤, optimizer.step() 다음에
    return model''',
    "이제 처음 학습률부터 차례로 쓰고, PyTorch의 순서 경고도 사라집니다.",
)

q2 = _exercise(
    "q2", "train_per_epoch(loader, epochs): 에포크로 쓴 MultiStepLR(milestones=[3, 5])을 에포크마다", _check_per_epoch,
    ("milestones=[3, 5]는 무엇을 세나요? scheduler.step()이 한 번 불릴 때마다 스케줄러의 시계가 한 칸 갑니다.",
     "scheduler.step()을 배치 루프 밖(에포크 끝)으로 옮기세요. 배치마다 부르고 싶다면 milestones를 배치 수로 바꿔야 합니다(len(loader)를 곱함)."),
    '''\
def train_per_epoch(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[3, 5], gamma=0.1)  # 에포크 3, 5에서
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # 에포크마다 한 번
    return model''',
    "스케줄러의 '스텝'은 step()을 부른 횟수일 뿐입니다. 스케줄을 쓴 단위(에포크·배치)와 부르는 자리가 같아야 합니다.",
)

q3 = _exercise(
    "q3", "train_accumulate(loader, epochs, accum_steps): 기울기 누적에서 스케줄은 옵티마이저 스텝을 셉니다", _check_accumulation,
    ("T_max는 옵티마이저 스텝 수로 정했습니다. 그런데 scheduler.step()은 몇 번 불리나요?",
     "scheduler.step()을 optimizer.step()과 같은 if 블록 안, optimizer.step() 바로 뒤로 옮기세요."),
    '''\
def train_accumulate(loader, epochs, accum_steps=4):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    updates = epochs * math.ceil(len(loader) / accum_steps)  # 옵티마이저 스텝 수
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=updates)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            (F.cross_entropy(model(x), y) / accum_steps).backward()
            if (i + 1) % accum_steps == 0 or i + 1 == len(loader):
                optimizer.step()
                optimizer.zero_grad()
                scheduler.step()  # 옵티마이저 스텝마다 한 번
    return model''',
    "기울기 누적이나 여러 GPU에서는 '배치'와 '옵티마이저 스텝'이 다릅니다. 스케줄은 옵티마이저 스텝을 셉니다.",
)

q4 = _exercise(
    "q4", "train_logged(loader, epochs): 에포크마다 실제로 쓰는 학습률을 적어 돌려줌 (get_last_lr)", _check_logged,
    ("적어 둔 값과 옵티마이저의 param_groups[0]['lr']을 에포크 1에서 견줘 보세요. 어느 쪽이 실제로 쓰인 값인가요?",
     "get_lr()은 step() 안에서 쓰는 '다음 값의 식'입니다. 적을 때는 scheduler.get_last_lr()[0] (또는 optimizer.param_groups[0]['lr'])을 쓰세요."),
    '''\
def train_logged(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ExponentialLR(optimizer, gamma=0.8)
    lrs = []
    for epoch in range(epochs):
        lrs.append(scheduler.get_last_lr()[0])  # 이번 에포크에 쓸 학습률
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    return lrs''',
    "get_last_lr()은 마지막 step()이 정한 값, 곧 지금 옵티마이저가 쓰는 값입니다.",
)

q5 = _exercise(
    "q5", "train_warmup_cosine(loader, epochs, warmup_steps): SequentialLR(LinearLR → CosineAnnealingLR)이 끝에서 바닥에 닿게", _check_sequential,
    ("milestone이 지난 뒤 CosineAnnealingLR은 자기 스텝 몇부터 세나요? 그러면 학습이 끝날 때까지 코사인은 몇 스텝을 도나요?",
     "SequentialLR은 두 번째 스케줄러를 스텝 0부터 다시 셉니다. 코사인의 T_max를 전체 스텝 수 − warmup_steps로 두세요."),
    '''\
def train_warmup_cosine(loader, epochs, warmup_steps=20):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    total = epochs * len(loader)
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_steps)
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup_steps)  # 남은 스텝만
    scheduler = lr_scheduler.SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_steps])
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model''',
    "05에서 본 T_max = T − W가 PyTorch에서도 그대로입니다.",
)

q6 = _exercise(
    "q6", "train_one_cycle(loader, epochs): OneCycleLR의 total_steps를 실제 배치 수로", _check_one_cycle,
    ("마지막 배치가 덜 찬 DataLoader에서 len(loader)와 len(loader.dataset) // loader.batch_size는 같나요?",
     "total_steps=epochs * len(loader)로 두세요 (또는 epochs=epochs, steps_per_epoch=len(loader))."),
    '''\
def train_one_cycle(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model''',
    "len(loader)는 DataLoader가 실제로 내는 배치 수입니다(drop_last=False면 올림).",
)

q7 = _exercise(
    "q7", "train_plateau(loader, evaluate, epochs): ReduceLROnPlateau에 에포크마다 검증 손실을", _check_plateau,
    ("scheduler.step(…)에 주는 값은 무엇이고, 몇 번 부르나요? evaluate(model)은 어디서 쓰이나요?",
     "배치 루프가 끝난 뒤 val_loss = evaluate(model)을 재고 scheduler.step(val_loss)를 한 번 부르세요."),
    '''\
def train_plateau(loader, evaluate, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=0)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step(evaluate(model))  # 에포크마다 검증 손실로
    return model''',
    "ReduceLROnPlateau는 받은 지표만 봅니다: 무엇을 주는지가 곧 스케줄입니다.",
)

q8 = _exercise(
    "q8", "train_two_groups(loader, epochs): 몸통 0.1, 헤드 0.01인 두 그룹에 같은 코사인 비율을 곱함", _check_groups,
    ("학습 중에 두 그룹의 학습률 비는 얼마여야 하나요? 손으로 넣는 값은 그룹마다 다른가요?",
     "스케줄을 비율로 쓰세요: lr_scheduler.LambdaLR(optimizer, cosine)은 그룹마다 처음 학습률에 cosine(step)을 곱합니다. "
     "손으로 넣으려면 group['lr'] = group['initial_lr'] * cosine(step)처럼 그룹의 값에서 출발합니다."),
    '''\
def train_two_groups(loader, epochs):
    model = models.mlp(hidden=(32,), seed=0)
    body, head = model[:-1], model[-1]
    optimizer = torch.optim.SGD([{"params": body.parameters(), "lr": 0.1},
                                 {"params": head.parameters(), "lr": 0.01}], momentum=0.9)
    total = epochs * len(loader)

    def cosine(step):
        return 0.5 * (1 + math.cos(math.pi * step / total))

    scheduler = lr_scheduler.LambdaLR(optimizer, cosine)  # 그룹마다 처음 학습률 × cosine(step)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model''',
    "PyTorch 스케줄러는 모두 그룹마다의 처음 학습률(initial_lr)에서 출발합니다. 그래서 그룹 사이의 비가 학습 내내 지켜집니다.",
)

q9 = _exercise(
    "q9", "train_resumable(loader, epochs, path, stop_after): 멈췄다 이어도 학습률과 가중치가 끊기지 않게", _check_resume,
    ("체크포인트에 무엇이 들어 있나요? 재개할 때 새로 만든 스케줄러는 자기가 몇 스텝째라고 알고 있나요?",
     "저장할 때 'scheduler': scheduler.state_dict()를 넣고, 재개할 때 스케줄러를 만든 뒤 scheduler.load_state_dict(ckpt['scheduler'])를 부르세요."),
    '''\
import os


def train_resumable(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(loader))
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
            scheduler.step()
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch + 1}, path)
            return model
    return model''',
    "재개에는 네 가지가 필요합니다: 모델, 옵티마이저, 스케줄러의 state_dict와 어디까지 했는지(에포크).",
)

q10 = _exercise(
    "q10", "make_scheduler(optimizer, total_steps): 체크포인트에 설정까지 저장되는 워밍업 + 코사인 LambdaLR", _check_picklable,
    ("scheduler.state_dict()['lr_lambdas']를 출력해 보세요. lambda 대신 무엇이면 그 안에 설정이 들어갈까요?",
     "__init__에서 total_steps와 warmup_steps를 속성으로 두고 __call__(step)이 비율을 돌려주는 클래스를 만들어 그 객체를 LambdaLR에 주세요. "
     "또는 lrcourse.torch_scheduler(optimizer, linear_warmup(cosine_annealing(0.1, total − W), W))를 돌려주세요."),
    '''\
class WarmupCosine:
    """LambdaLR에 줄 비율. 설정을 속성으로 가지므로 state_dict에 저장됩니다."""

    def __init__(self, total_steps, warmup_steps):
        self.total_steps = total_steps
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        if step < self.warmup_steps:
            return step / self.warmup_steps
        progress = (step - self.warmup_steps) / (self.total_steps - self.warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * progress))


def make_scheduler(optimizer, total_steps):
    return lr_scheduler.LambdaLR(optimizer, WarmupCosine(total_steps, total_steps // 10))''',
    "LambdaLR.state_dict()는 함수가 아닌 호출 가능한 객체의 속성(__dict__)만 저장합니다. torch_scheduler는 스케줄의 repr을 저장하고 다른 스케줄로 재개하려 하면 거절합니다.",
)


# ---------------------------------------------------------------------------
# p1: 스케줄러 상태 없이 재개하면?
# ---------------------------------------------------------------------------


def _resume_outcome(whole, resumed, resume_step, initial_lr):
    """끊기지 않은 학습의 학습률, 재개한 학습의 학습률, 재개한 스텝, 처음 학습률 → 선택지."""
    whole, resumed = np.asarray(whole, dtype=np.float64), np.asarray(resumed, dtype=np.float64)
    if _same(whole, resumed):
        return "a"
    if math.isclose(resumed[resume_step], initial_lr, rel_tol=1e-6):
        return "b"
    return "c"


p1 = Prediction(
    LESSON,
    "p1",
    "체크포인트에 모델과 옵티마이저만 넣고 스케줄러 상태는 빼고 재개하면, 재개한 뒤의 학습률은?",
    choices={
        "a": "끊기지 않은 학습과 똑같다 (옵티마이저 상태에 학습률이 들어 있으므로)",
        "b": "재개한 스텝에서 처음 학습률로 돌아간다",
        "c": "그 밖: 끊기지 않은 학습과도, 처음 학습률로 돌아가는 것과도 다르다",
    },
    outcome=_resume_outcome,
    why=(
        "옵티마이저의 state_dict에는 그룹마다 지금 학습률('lr')과 처음 학습률('initial_lr')이 들어 있어서, 재개 직후의 학습률은 이어집니다. "
        "그러나 새로 만든 CosineAnnealingLR은 자기가 스텝 0에 있다고 압니다. PyTorch의 코사인은 직전 학습률에서 다음 값을 구하는 재귀식이라, "
        "지금 학습률에서 코사인을 처음부터 다시 그립니다: 끝까지 내려가지 못하고 높은 학습률로 학습을 마칩니다. "
        "스케줄러마다 어긋나는 모양이 다르므로(LambdaLR처럼 스텝 수에서 값을 구하는 스케줄러는 다음 step()에서 스케줄의 처음으로 돌아감), 재개는 언제나 스케줄러 상태와 함께 합니다."
    ),
)
