"""스케줄러 점검기: 여러분의 코드가 만드는 PyTorch 학습률 스케줄러를 학습 없이 미리 돌려 봅니다.

:func:`inspect_scheduler`는 옵티마이저를 받아 스케줄러를 돌려주는 함수(여러분의 코드에서 스케줄러를 만드는
그 줄)를 받아, 버릴 파라미터 위에서 스케줄러를 N번 step()하고 파라미터 그룹마다 스텝마다의 학습률과
찾은 문제를 돌려줍니다. GPU 한 시간을 쓰기 전에 스케줄이 계획대로인지 봅니다. ::

    from torch.optim import lr_scheduler
    from lrcourse.inspect import inspect_scheduler

    report = inspect_scheduler(lambda opt: lr_scheduler.StepLR(opt, step_size=30), 3000, steps_per_epoch=100)
    report.lrs.shape      # (3000, 1): 행 i = 옵티마이저 스텝 i에 쓰는 학습률
    report.findings       # [Finding(kind='epoch_schedule_per_batch', step=30, message='학습률이 30스텝마다 …')]
    report.plot()

명령줄(노트북 밖에서, 학습 스크립트나 CI가 망가진 스케줄을 미리 거르도록)::

    python -m lrcourse.inspect "lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=3000)" \\
        --steps 3000 --steps-per-epoch 100 --out lr.png --strict

옵션은 ``python -m lrcourse.inspect --help``에 있습니다.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
from torch.optim import lr_scheduler
from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

from ._checks import check_choice, check_int, check_real, fail
from ._inspect_rules import KINDS, find_shape_problems
from ._inspect_trace import collect_warnings, run_scheduler, warning_message

__all__ = ["inspect_scheduler", "Finding", "SchedulerReport", "KINDS", "main"]


def inspect_scheduler(
    build: Callable,
    steps: int,
    *,
    steps_per_epoch: int | None = None,
    total_steps: int | None = None,
    interval: str = "step",
    metrics: Sequence[float] | None = None,
    lr: float | Sequence[float] = 0.1,
) -> "SchedulerReport":
    """스케줄러를 학습 없이 ``steps``번의 옵티마이저 스텝만큼 돌려 학습률을 기록하고 문제를 찾습니다.

    Args:
        build: 옵티마이저를 받아 스케줄러를 돌려주는 함수. 여러분의 코드에서 스케줄러를 만드는 그대로 씁니다
            (``lambda opt: lr_scheduler.SequentialLR(opt, [...], milestones=[100])``). ``LRScheduler``의 하위
            클래스(``LambdaLR``, ``SequentialLR``, ``ChainedScheduler``, ``OneCycleLR``, 다른 라이브러리의 것)와
            ``ReduceLROnPlateau``를 받습니다. 받은 옵티마이저에 붙여야 합니다.
        steps: 학습의 옵티마이저 스텝 수(1 이상).
        steps_per_epoch: 한 에포크의 옵티마이저 스텝 수. 주면 에포크·배치 단위 실수를 찾고 그림 위에 에포크 눈금을 둡니다.
        total_steps: 계획한 학습 길이(옵티마이저 스텝). 감쇠가 이 끝에서 최솟값에 닿는지 봅니다. 기본은 ``steps``.
        interval: 여러분의 루프가 ``scheduler.step()``을 부르는 때. ``"step"``(기본): 옵티마이저 스텝마다.
            ``"epoch"``: 에포크의 마지막 배치 뒤에 한 번(``steps_per_epoch``가 있어야 합니다).
        metrics: ``ReduceLROnPlateau``에 ``step(metric)``으로 줄 지표의 나열. ``scheduler.step()``을 부르는
            횟수(``"step"``이면 ``steps``, ``"epoch"``이면 에포크 수) 이상이어야 합니다.
        lr: 옵티마이저의 학습률. 수의 리스트면 그 수만큼 파라미터 그룹을 만듭니다(그룹마다 다른 학습률).

    Returns:
        :class:`SchedulerReport`. ``lrs``는 모양 (스텝, 그룹)의 float64 배열이고 **행 i는 옵티마이저 스텝 i에
        쓰는 학습률**입니다: 행 0은 스케줄러를 만든 직후의 값, 행 i는 ``scheduler.step()``을 i번 부른 뒤의
        값입니다(``"epoch"``이면 그 에포크 동안 같은 값). 루프는 여러분의 것과 같습니다: 학습률을 읽고,
        옵티마이저 스텝, ``scheduler.step()``. 그래서 마지막 스텝 뒤에도 ``scheduler.step()``을 한 번 부릅니다.
        ``step()``이 예외를 내면(``OneCycleLR``을 ``total_steps``보다 많이 부름) 그 스텝의 'error'로 알리고
        멈춥니다: 그때 ``lrs``는 실제로 돈 스텝(그 스텝까지)의 행만 가집니다.

    찾는 것(``Finding.kind``)과 그 어림 규칙. 모두 곡선의 모양만 보므로 한계가 있습니다:

    - ``error``: ``step()``이 낸 예외(멈춘 스텝에서 알립니다), 또는 NaN·무한대인 학습률(처음 그런 스텝).
    - ``warning``: 만들거나 step()하는 동안 PyTorch가 낸 경고(같은 경고는 처음 스텝에 한 번, 횟수와 함께).
    - ``lr_never_changes``: 모든 그룹에서 학습률이 한 번도 바뀌지 않음.
    - ``cosine_rises_again``: 매끄럽게 줄다 평평한 바닥을 찍고 다시 서서히 오름(T_max가 짧은 코사인).
      웜 리스타트처럼 한 번에 뛰는 재시작, 바닥이 뾰족한 삼각형 CyclicLR은 아닙니다. 일부러 매끄럽게 오르내리는
      주기 스케줄은 잘못 찾습니다.
    - ``min_reached_early`` / ``min_not_reached``: 봉우리부터 계획한 끝까지 줄기만 하는 감쇠가 끝보다 1 % 넘게
      일찍 최솟값에 닿아 머묾 / 끝에서도 아직 가파르게 줄고 있음(또는 끝까지 오르기만 함: 워밍업이 안 끝남).
      0이 아닌 바닥으로 가는 *선형* 감쇠는 제때 끝나도 못 닿았다고 봅니다(바닥 값을 곡선으로 알 수 없음).
    - ``epoch_schedule_per_batch`` (``steps_per_epoch``가 있을 때): 계단이 한 에포크보다 짧은 간격으로 바뀌거나,
      학습률이 첫 에포크 안에 봉우리의 1 % 아래로 떨어짐. 짧은 간격이 의도인 계단도 찾습니다.
    - ``batch_schedule_per_epoch`` (``interval="epoch"``일 때): step()마다 바뀌는 스케줄이 학습이 끝날 때도
      워밍업 중이거나 10 % 넘게 움직이지 않음. 일부러 아주 조금만 바꾸는 스케줄도 찾습니다.

    파라미터 그룹이 여럿이면 종류마다 가장 이른 것 하나를 그룹 번호와 함께 알립니다.

    어떻게 돌리는가: 그룹마다 버릴 파라미터 하나(기울기 없음)로 ``torch.optim.SGD(momentum=0.9)``를 만듭니다.
    ``optimizer.step()``은 첫 ``scheduler.step()`` 앞에서 한 번만 부릅니다. PyTorch는 순서를 첫 step()에서만
    검사하고, 기울기가 없는 옵티마이저 스텝은 아무것도 바꾸지 않으며, 한 번에 약 60 µs로 스케줄러 스텝보다
    열 배 넘게 비싸기 때문입니다. 그래서 순서 경고가 나오면 그것은 ``build`` 안에서 step()을 부른 탓입니다.
    """
    if not callable(build):
        fail("build", build, "옵티마이저를 받아 스케줄러를 돌려주는 함수 (예: lambda opt: StepLR(opt, 30))", TypeError)
    steps = check_int("steps", steps, low=1, allowed="1 이상의 정수")
    if steps_per_epoch is not None:
        steps_per_epoch = check_int("steps_per_epoch", steps_per_epoch, low=1, allowed="None 또는 1 이상의 정수")
    planned = steps if total_steps is None else check_int("total_steps", total_steps, low=1,
                                                          allowed="None 또는 1 이상의 정수")
    interval = check_choice("interval", interval, ("step", "epoch"))
    if interval == "epoch" and steps_per_epoch is None:
        fail("steps_per_epoch", None, 'interval="epoch"일 때는 1 이상의 정수 (에포크가 몇 스텝인지)')
    group_lrs = _group_lrs(lr)
    optimizer = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": v} for v in group_lrs],
                                lr=group_lrs[0], momentum=0.9)
    calls = steps if interval == "step" else steps // steps_per_epoch
    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always")
        scheduler = build(optimizer)
        plateau = _check_scheduler(scheduler, optimizer)
        metric_list = _metric_list(metrics, plateau, calls, interval)
        seen: dict = {}
        collect_warnings(log, 0, seen)
        optimizer.step()  # PyTorch의 순서 검사를 위해 한 번 (위 설명)
        every = steps_per_epoch if interval == "epoch" else 1  # scheduler.step()을 몇 행마다 부르는지
        lrs, error = run_scheduler(scheduler, optimizer, steps, every, metric_list, log, seen)
    rows = lrs.shape[0]
    found = [] if error is None else [error]
    found += [("warning", step, warning_message(text, count)) for text, (step, count) in seen.items()]
    found += find_shape_problems(lrs, planned_end=planned if planned <= rows else None,
                                 steps_per_epoch=steps_per_epoch, interval=interval,
                                 scheduler_steps=calls if interval == "step" else min(calls, rows // steps_per_epoch))
    findings = sorted((Finding(*f) for f in found), key=lambda f: f.step)
    return SchedulerReport(lrs, findings, type(scheduler).__name__, steps, steps_per_epoch, planned, interval)


def _group_lrs(lr) -> list[float]:
    allowed = "0보다 큰 유한한 실수, 또는 그런 수의 비어 있지 않은 리스트(파라미터 그룹마다 하나)"
    if isinstance(lr, (list, tuple)):
        if not lr:
            fail("lr", lr, allowed)
        return [check_real(f"lr[{i}]", v, low=0.0, low_inclusive=False, allowed=allowed) for i, v in enumerate(lr)]
    return [check_real("lr", lr, low=0.0, low_inclusive=False, allowed=allowed)]


def _check_scheduler(scheduler, optimizer) -> bool:
    """``build``가 돌려준 것이 받은 옵티마이저에 붙은 스케줄러인지 봅니다. ReduceLROnPlateau이면 True."""
    if not isinstance(scheduler, (LRScheduler, ReduceLROnPlateau)):
        fail("build", f"{type(scheduler).__name__}을(를) 돌려주는 함수",
             "torch.optim.lr_scheduler.LRScheduler(또는 ReduceLROnPlateau) 객체를 돌려주는 함수", TypeError)
    if getattr(scheduler, "optimizer", None) is not optimizer:
        fail("build", f"다른 옵티마이저에 붙은 {type(scheduler).__name__}을(를) 돌려주는 함수",
             "받은 옵티마이저(opt)에 붙인 스케줄러를 돌려주는 함수")
    return isinstance(scheduler, ReduceLROnPlateau)


def _metric_list(metrics, plateau: bool, calls: int, interval: str) -> list[float] | None:
    if metrics is None:
        if plateau:
            fail("metrics", None, "ReduceLROnPlateau에 step(metric)으로 줄 지표의 나열 (예: 검증 손실 리스트)")
        return None
    if not plateau:
        fail("metrics", "지표의 나열", "None (metrics는 ReduceLROnPlateau에만 씁니다)")
    try:
        values = np.asarray(metrics, dtype=np.float64)
    except (TypeError, ValueError):
        fail("metrics", metrics, "실수의 1차원 나열", TypeError)
    if values.ndim != 1 or values.size < calls:
        when = "스텝" if interval == "step" else "에포크"
        fail("metrics", f"모양 {values.shape}인 나열", f"scheduler.step()을 부르는 횟수({when}마다 한 번, {calls}번) "
             "이상의 길이인 1차원 실수 나열")
    return values[:calls].tolist()


@dataclass(frozen=True)
class Finding:
    """찾은 것 하나: 종류(``kind``, :data:`KINDS`의 키), 옵티마이저 스텝(``step``), 한국어 설명(``message``)."""

    kind: str
    step: int
    message: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "step": self.step, "message": self.message}


class SchedulerReport:
    """:func:`inspect_scheduler`의 결과: 학습률 기록 ``lrs``(모양 (스텝, 그룹)), 찾은 것 ``findings``, 그림 ``plot()``."""

    def __init__(self, lrs, findings, scheduler_name, steps, steps_per_epoch, total_steps, interval):
        self.lrs = lrs
        self.findings = findings
        self.scheduler_name = scheduler_name
        self.steps = steps
        self.steps_per_epoch = steps_per_epoch
        self.total_steps = total_steps
        self.interval = interval

    @property
    def ok(self) -> bool:
        """찾은 것이 없으면 True."""
        return not self.findings

    def __repr__(self) -> str:
        kinds = ", ".join(f.kind for f in self.findings) or "없음"
        return (f"SchedulerReport({self.scheduler_name}, 스텝 {self.lrs.shape[0]}, 그룹 {self.lrs.shape[1]}, "
                f"찾은 것: {kinds})")

    def table(self, at: Sequence[int] | None = None) -> str:
        """몇 스텝의 학습률을 글 표로 돌려줍니다. 기본은 처음·¼·½·¾·끝과 찾은 것의 스텝."""
        rows = self.lrs.shape[0]
        if at is None:
            at = {0, rows // 4, rows // 2, 3 * rows // 4, rows - 1} | {f.step for f in self.findings}
        at = sorted(s for s in set(at) if 0 <= s < rows)
        groups = self.lrs.shape[1]
        names = ["학습률"] if groups == 1 else [f"그룹 {g}" for g in range(groups)]
        lines = ["스텝".rjust(8) + "".join(name.rjust(14) for name in names)]
        for s in at:
            lines.append(f"{s:>8}" + "".join(f"{v:>14.6g}" for v in self.lrs[s]))
        return "\n".join(lines)

    def plot(self, ax=None, *, log: bool | None = None):
        """그룹마다 학습률을 그리고 찾은 것의 스텝에 세로 점선과 이름을 둡니다. 그린 Axes를 돌려줍니다.

        ``log``가 None이면 학습률이 모두 양수이고 두 자릿수 넘게 걸칠 때 로그 눈금을 씁니다.
        """
        from . import plotting

        if ax is None:
            _, ax = plotting.new_axes()
        steps = np.arange(self.lrs.shape[0])
        for g in range(self.lrs.shape[1]):
            label = None if self.lrs.shape[1] == 1 else f"그룹 {g}"  # 그룹이 하나면 범례 없이
            ax.plot(steps, self.lrs[:, g], color=plotting.PALETTE[g % 8], linewidth=1.8,
                    linestyle=plotting.LINESTYLES[g % 4], label=label)
        positive = self.lrs[self.lrs > 0]
        if log is None:
            log = positive.size == self.lrs.size and positive.size > 0 and positive.max() > 100 * positive.min()
        marked = set()  # 표시는 검정 점선: 주홍은 그룹 1의 선 색입니다
        for finding in self.findings:
            if finding.step in marked:
                continue
            marked.add(finding.step)
            ax.axvline(finding.step, color=plotting.PALETTE[6], linestyle=":", linewidth=1.2)
            ax.annotate(KINDS.get(finding.kind, finding.kind), xy=(finding.step, 1.0 - 0.07 * (len(marked) % 4)),
                        xycoords=("data", "axes fraction"), xytext=(3, -12), textcoords="offset points",
                        color=plotting.PALETTE[6], fontsize=8)
        if self.steps_per_epoch:
            spe = self.steps_per_epoch
            top = ax.secondary_xaxis("top", functions=(lambda s: s / spe, lambda e: e * spe))
            top.set_xlabel("에포크")
        return plotting.style_axes(ax, f"학습률 점검: {self.scheduler_name}", "스텝 (옵티마이저 스텝)", "학습률", log=bool(log))


# ---------------------------------------------------------------------------
# 명령줄
# ---------------------------------------------------------------------------

_SCOPE_NAMES = "torch, lr_scheduler(= torch.optim.lr_scheduler), math, opt"


class _ExpressionError(Exception):
    """식을 평가하다 난 예외를 점검기 자신의 입력 오류와 구별하려고 감쌉니다."""


class _KoreanParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"오류: 명령줄 인자가 잘못되었습니다: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _KoreanParser(
        prog="python -m lrcourse.inspect",
        add_help=False,
        description="PyTorch 학습률 스케줄러를 학습 없이 돌려 보고, 찾은 문제와 몇 스텝의 학습률을 보여 줍니다.",
        epilog=(f"식 안에서 쓸 수 있는 이름은 {_SCOPE_NAMES}뿐입니다. 내장 함수(print, min, max, __import__ …)는 "
                "없습니다: min/max 대신 math.fmin/math.fmax를 쓰세요. 이것은 보안 경계가 아닙니다: 믿을 수 있는 식만 "
                "넣으세요. 종료 코드: 0 정상, 1 --strict이고 무엇이든 찾음, 2 식이나 인자가 잘못됨."),
    )
    what = parser.add_argument_group("스케줄러")
    what.add_argument("expression", help="opt(옵티마이저)로 스케줄러를 만드는 파이썬 식. "
                      '예: "lr_scheduler.StepLR(opt, step_size=30)"')
    what.add_argument("--lr", default="0.1", help="옵티마이저 학습률. 쉼표로 여럿을 주면 파라미터 그룹마다 하나 "
                      "(예: 0.1,0.01). 기본 0.1")
    what.add_argument("--metrics", default=None, help="ReduceLROnPlateau에 줄 지표, 쉼표로 구분 (예: 1.0,0.9,0.9,0.95)")
    length = parser.add_argument_group("학습 길이")
    length.add_argument("--steps", type=int, required=True, help="옵티마이저 스텝 수 (1 이상)")
    length.add_argument("--steps-per-epoch", type=int, default=None, help="한 에포크의 옵티마이저 스텝 수")
    length.add_argument("--total-steps", type=int, default=None, help="계획한 학습 길이 (기본: --steps)")
    length.add_argument("--interval", choices=("step", "epoch"), default="step",
                        help="scheduler.step()을 부르는 때: step(옵티마이저 스텝마다, 기본) 또는 epoch(에포크마다)")
    output = parser.add_argument_group("출력")
    output.add_argument("--json", action="store_true", help="찾은 것을 JSON 리스트(kind, step, message)로만 출력")
    output.add_argument("--strict", action="store_true", help="무엇이든 찾으면 종료 코드 1")
    output.add_argument("--out", default=None, help="학습률 그림을 저장할 PNG 경로")
    output.add_argument("-h", "--help", action="help", help="이 도움말을 보이고 끝냅니다")
    return parser


def _numbers(text: str, name: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        fail(name, text, "쉼표로 구분한 수 (예: 0.1,0.01)")


def _build_from(expression: str) -> Callable:
    try:
        code = compile(expression, "<식>", "eval")
    except SyntaxError as exc:
        raise _ExpressionError(f"식의 문법이 틀렸습니다: {exc.msg} (열 {exc.offset}): {expression!r}") from None

    def build(opt):
        scope = {"__builtins__": {}, "torch": torch, "lr_scheduler": lr_scheduler, "math": math, "opt": opt}
        try:
            return eval(code, scope)  # noqa: S307 - 내장 함수 없이, 정해진 이름만으로 평가합니다
        except NameError as exc:
            raise _ExpressionError(f"식에서 쓸 수 없는 이름입니다: {exc.name or exc}. 쓸 수 있는 이름은 "
                                   f"{_SCOPE_NAMES}뿐이고 내장 함수는 없습니다.") from None
        except Exception as exc:  # noqa: BLE001 - 식이 낸 예외를 한국어 설명과 함께 보여 줍니다
            raise _ExpressionError(f"식으로 스케줄러를 만들다가 예외가 났습니다: {type(exc).__name__}: {exc}") from None

    return build


def main(argv: Sequence[str] | None = None) -> int:
    """명령줄 진입점. 종료 코드(0, 1, 2)를 돌려줍니다."""
    args = _parser().parse_args(argv)
    try:
        lrs = _numbers(args.lr, "--lr")
        metrics = None if args.metrics is None else _numbers(args.metrics, "--metrics")
        report = inspect_scheduler(_build_from(args.expression), args.steps, steps_per_epoch=args.steps_per_epoch,
                                   total_steps=args.total_steps, interval=args.interval, metrics=metrics,
                                   lr=lrs[0] if len(lrs) == 1 else lrs)
    except (_ExpressionError, ValueError, TypeError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        name, rows, groups = report.scheduler_name, report.lrs.shape[0], report.lrs.shape[1]
        epoch = f", 에포크당 {report.steps_per_epoch}스텝" if report.steps_per_epoch else ""
        print(f"스케줄러: {name} (파라미터 그룹 {groups}개, {rows}스텝{epoch})")
        if report.findings:
            print(f"찾은 것 {len(report.findings)}개:")
            for f in report.findings:
                print(f"  - [{f.kind}] 스텝 {f.step}: {f.message}")
        else:
            print("찾은 것이 없습니다.")
        print()
        print(report.table())
    if args.out:
        from . import plotting

        _, ax = plotting.new_axes(detached=True)  # pyplot 없이 그려 파일로만 저장합니다
        report.plot(ax)
        ax.figure.savefig(args.out, dpi=100)
        print(f"그림을 저장했습니다: {args.out}", file=sys.stderr if args.json else sys.stdout)
    return 1 if args.strict and report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
