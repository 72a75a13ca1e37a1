"""07(PyTorch 실전) 채점기의 테스트.

채점기는 학습자의 학습 루프를 실제로 돌려 옵티마이저가 쓴 학습률을 올바른 루프의 것과 견줍니다. 여기서는 문제마다
모범 답과 그와 같은 다른 올바른 형태(다른 API로 같은 학습률)는 맞다고 하고, 노트북이 보여 주는 버그와 흔한 변형은
**그 까닭을 말하며** 틀렸다고 하는지 봅니다. 틀린 답은 모범 답 코드의 몇 줄을 바꿔 만듭니다: 모범 답이 바뀌면
바꿀 줄이 없어 테스트가 바로 알려 줍니다. 메시지에는 정답 학습률이 나오지 않아야 합니다(학습자 자신의 값과
문제가 준 상수만).
"""

from __future__ import annotations

import contextlib
import io
import math
import re

import numpy as np
import pytest
import torch

from lrcourse.exercises import UNSOLVED
from lrcourse.exercises import _lesson07_checks as checks
from lrcourse.exercises import lesson07 as ex

from test_exercises_lessons34 import _not_implemented, assert_correct

EXERCISES = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5, ex.q6, ex.q7, ex.q8, ex.q9, ex.q10]
# 문제가 준 상수(처음 학습률, 헤드의 학습률, gamma): 메시지에 나와도 정답을 알려 주지 않습니다.
GIVEN = [0.1, 0.01, 0.5, 0.8]


@pytest.fixture(autouse=True)
def _private_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def solution_code(exercise) -> str:
    """``solution()``이 보여 주는 모범 답 코드."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exercise.solution()
    return buffer.getvalue().split("모범 답안:\n", 1)[1]


def variant(exercise, *replacements):
    """모범 답 코드에서 (옛 줄, 새 줄)을 바꿔 실행하고, 첫 함수를 돌려줍니다."""
    code = solution_code(exercise)
    for old, new in replacements:
        assert old in code, f"모범 답에 {old!r}이(가) 없습니다"
        code = code.replace(old, new)
    namespace = {"__name__": "lesson07_variant"}
    exec(code, namespace)  # noqa: S102 - 우리가 쓴 모범 답의 변형
    import types

    return next(v for v in namespace.values() if isinstance(v, types.FunctionType))


def _floats(text):
    text = re.sub(r'"[^"]*"', "", text)  # 따옴표 안은 PyTorch 경고를 그대로 옮긴 것 ("PyTorch 1.1.0 …")
    return [float(t) for t in re.findall(r"(?<![\w.])-?\d+\.\d+(?:e-?\d+)?|(?<![\w.])\d+e-?\d+", text)]


def assert_wrong(exercise, answer, *fragments):
    """틀렸다고 하고, 메시지에 ``fragments``가 모두 있으며, 실수 값은 학습자 자신의 학습률이나 주어진 상수뿐이어야 합니다."""
    result = exercise.evaluate(answer)
    assert result.status == "wrong", result.message
    for fragment in fragments:
        assert fragment in result.message, f"{fragment!r}이(가) 메시지에 없습니다: {result.message}"
    own = _own_values(exercise, answer)
    for number in _floats(result.message) if own is not None else []:
        assert any(math.isclose(number, v, rel_tol=1e-4) for v in list(own) + GIVEN), (number, result.message)
    return result.message


def _own_values(exercise, answer):
    """학습자의 루프가 쓴 학습률(과 돌려준 값)들: 메시지에 나와도 되는 값."""
    if exercise is ex.q10:
        optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        scheduler = answer(optimizer, 40)
        values = []
        for _ in range(40):
            values.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
        return values
    args = {ex.q3: (checks._loader(), 4), ex.q7: (checks._loader(), lambda m: 1.0, 6), ex.q2: (checks._loader(), 6)}.get(exercise, (checks._loader(), 4))
    if exercise is ex.q9:
        return None  # q9의 메시지에 나오는 값은 재개한 학습의 것입니다 (q9 테스트가 정답과 따로 견줌)
    run = checks._run(answer, *args)
    values = list(run.trace.ravel())
    if isinstance(run.result, list):
        values += [float(np.ravel(v)[0]) for v in run.result]
    return values


# ---------------------------------------------------------------------------
# 공통: 빈칸, 모범 답, 힌트
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
@pytest.mark.parametrize("stub", [Ellipsis, None, _not_implemented], ids=["ellipsis", "none", "not_implemented"])
def test_untouched_stub_is_unsolved(exercise, stub):
    result = exercise.evaluate(stub)
    assert result.status == "unsolved" and UNSOLVED in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_shown_solution_is_accepted(exercise):
    assert_correct(exercise, variant(exercise))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_two_hint_levels(exercise, capsys):
    exercise.hint()
    exercise.hint(2)
    out = capsys.readouterr().out
    assert "힌트 1/2" in out and "힌트 2/2" in out


def test_checker_never_leaves_a_hook_or_thread_setting_behind():
    """채점이 끝나면 전역 옵티마이저 훅과 torch 스레드 수가 원래대로여야 합니다 (학습자의 다음 셀에 영향이 없게)."""
    from torch.optim import optimizer as optimizer_module

    hooks = len(optimizer_module._global_optimizer_pre_hooks)
    threads = torch.get_num_threads()
    ex.q2.evaluate(variant(ex.q2))
    ex.q2.evaluate(_not_implemented)
    assert len(optimizer_module._global_optimizer_pre_hooks) == hooks
    assert torch.get_num_threads() == threads


# ---------------------------------------------------------------------------
# q1: 스텝 순서
# ---------------------------------------------------------------------------

Q1_LOOP = """    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # 에포크를 마친 뒤, optimizer.step() 다음에"""


def test_q1_old_order_is_named_with_torch_warning():
    buggy = variant(ex.q1, (Q1_LOOP, """    for epoch in range(epochs):
        scheduler.step()
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()"""))
    assert_wrong(ex.q1, buggy, "optimizer.step()보다 먼저", "PyTorch도 경고했습니다", "before `optimizer.step()`")


def test_q1_per_batch_and_never_stepped():
    per_batch = variant(ex.q1, ("            optimizer.step()\n        scheduler.step()", "            optimizer.step()\n            scheduler.step()"))
    assert_wrong(ex.q1, per_batch, "배치마다")
    never = variant(ex.q1, ("        scheduler.step()  # 에포크를", "        pass  # 에포크를"))
    assert_wrong(ex.q1, never, "한 번도 바뀌지 않았습니다")


def test_q1_deprecated_epoch_argument_is_told_about_its_warning():
    # step(epoch)는 학습률이 맞아도 PyTorch의 폐지 예정 경고를 냅니다: 경고 없는 루프를 요구합니다.
    with_epoch = variant(ex.q1, ("        scheduler.step()  # 에포크를", "        scheduler.step(epoch + 1)  # 에포크를"))
    assert_wrong(ex.q1, with_epoch, "경고")


# ---------------------------------------------------------------------------
# q2: 에포크 단위와 배치 단위
# ---------------------------------------------------------------------------


def test_q2_per_batch_is_named():
    buggy = variant(ex.q2, ("            optimizer.step()\n        scheduler.step()", "            optimizer.step()\n            scheduler.step()"))
    assert_wrong(ex.q2, buggy, "배치마다", "milestones=[3, 5]")


def test_q2_milestones_in_batches_stepped_per_batch_is_also_right():
    """다른 올바른 형태: 배치마다 부르되 milestones를 배치 수로 씀 (같은 학습률)."""
    per_batch_steps = variant(ex.q2, ("milestones=[3, 5]", "milestones=[3 * len(loader), 5 * len(loader)]"),
                              ("            optimizer.step()\n        scheduler.step()", "            optimizer.step()\n            scheduler.step()"))
    assert_correct(ex.q2, per_batch_steps)


def test_q2_hard_coded_notebook_batch_count_fails_on_the_checkers_data():
    """노트북의 배치 수(23)를 박아 넣으면 채점기의 데이터(배치 5개)에서는 줄이는 때가 어긋납니다."""
    hard_coded = variant(ex.q2, ("milestones=[3, 5]", "milestones=[3 * 23, 5 * 23]"),
                         ("            optimizer.step()\n        scheduler.step()", "            optimizer.step()\n            scheduler.step()"))
    message = assert_wrong(ex.q2, hard_coded, "한 번도 바뀌지 않았습니다", "len(loader)")
    assert "0.01" not in message  # 에포크 3의 정답 학습률


# ---------------------------------------------------------------------------
# q3: 기울기 누적
# ---------------------------------------------------------------------------

Q3_BLOCK = """                optimizer.step()
                optimizer.zero_grad()
                scheduler.step()  # 옵티마이저 스텝마다 한 번"""


def test_q3_stepping_every_micro_batch_is_named():
    buggy = variant(ex.q3, (Q3_BLOCK, """                optimizer.step()
                optimizer.zero_grad()
            scheduler.step()"""))
    assert_wrong(ex.q3, buggy, "작은 배치마다", "다시 오릅니다", "PyTorch도 경고했습니다")


def test_q3_t_max_counted_in_micro_batches_is_named():
    buggy = variant(ex.q3, ("T_max=updates", "T_max=epochs * len(loader)"))
    assert_wrong(ex.q3, buggy, "T_max를 작은 배치 수로")


def test_q3_forgetting_accumulation_changes_the_step_count():
    buggy = variant(ex.q3, ("if (i + 1) % accum_steps == 0 or i + 1 == len(loader):", "if True:"))
    assert_wrong(ex.q3, buggy, "옵티마이저 스텝을 20번", "많습니다")  # 배치 5개 × 4 에포크


def test_q3_checker_uses_its_own_accum_steps():
    """accum_steps를 무시하고 4를 박아 넣은 답은 채점기의 accum_steps=2에서 틀립니다."""
    fixed_four = variant(ex.q3, ("updates = epochs * math.ceil(len(loader) / accum_steps)", "accum_steps = 4\n    updates = epochs * math.ceil(len(loader) / accum_steps)"))
    assert ex.q3.evaluate(fixed_four).status == "wrong"


# ---------------------------------------------------------------------------
# q4: get_lr과 get_last_lr
# ---------------------------------------------------------------------------

Q4_LINE = "lrs.append(scheduler.get_last_lr()[0])"


def test_q4_get_lr_is_named_with_its_warning():
    buggy = variant(ex.q4, (Q4_LINE, "lrs.append(scheduler.get_lr()[0])"))
    assert_wrong(ex.q4, buggy, "get_lr()은 지금 학습률이 아니라", "get_last_lr()")


@pytest.mark.parametrize("line", [
    'lrs.append(optimizer.param_groups[0]["lr"])',
    "lrs.append(scheduler.get_last_lr())",  # 원소 하나짜리 목록도 받음
    "lrs.append(torch.tensor(scheduler.get_last_lr()[0]))",
])
def test_q4_natural_forms_are_accepted(line):
    assert_correct(ex.q4, variant(ex.q4, (Q4_LINE, line)))


def test_q4_missing_return_and_wrong_length_and_logging_after_step():
    assert_wrong(ex.q4, variant(ex.q4, ("    return lrs", "    return None")), "돌려주지 않았습니다")
    assert_wrong(ex.q4, variant(ex.q4, ("    return lrs", "    return lrs[:-1]")), "에포크마다 하나씩")
    # 에포크가 끝난 뒤(step() 다음) 적으면 다음 에포크의 값을 적습니다.
    late = variant(ex.q4, (f"        {Q4_LINE}  # 이번 에포크에 쓸 학습률\n", ""), ("        scheduler.step()\n", f"        scheduler.step()\n        {Q4_LINE}\n"))
    assert_wrong(ex.q4, late, "그다음 에포크의 학습률", "배치 루프 앞에서")


# ---------------------------------------------------------------------------
# q5: SequentialLR
# ---------------------------------------------------------------------------


def test_q5_full_length_cosine_is_named():
    buggy = variant(ex.q5, ("T_max=total - warmup_steps", "T_max=total"))
    assert_wrong(ex.q5, buggy, "SequentialLR은 milestone에서", "스텝 0부터")


def test_q5_wrong_milestone_is_found_at_its_step():
    buggy = variant(ex.q5, ("milestones=[warmup_steps]", "milestones=[warmup_steps + 1]"))
    assert_wrong(ex.q5, buggy, "스텝 6(에포크 1)", "큽니다")  # 워밍업 5스텝 + 하나 늦게 코사인을 다시 시작


def test_q5_closed_form_torch_scheduler_is_accepted():
    """다른 올바른 형태: torch_scheduler와 lrcourse 스케줄로 같은 곡선."""
    closed = variant(ex.q5, (
        "    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_steps)\n"
        "    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup_steps)  # 남은 스텝만\n"
        "    scheduler = lr_scheduler.SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_steps])",
        "    from lrcourse import schedules, torch_scheduler\n"
        "    scheduler = torch_scheduler(optimizer, schedules.linear_warmup(schedules.cosine_annealing(0.1, total - warmup_steps),"
        " warmup_steps, start_factor=0.1))"))
    assert_correct(ex.q5, closed)


# ---------------------------------------------------------------------------
# q6: OneCycleLR
# ---------------------------------------------------------------------------


def test_q6_floor_division_error_is_named():
    buggy = variant(ex.q6, ("total_steps=epochs * len(loader)", "total_steps=epochs * (len(loader.dataset) // loader.batch_size)"))
    assert_wrong(ex.q6, buggy, "ValueError", "len(dataset) // batch_size")


def test_q6_too_many_total_steps_is_named():
    buggy = variant(ex.q6, ("total_steps=epochs * len(loader)", "total_steps=epochs * (len(loader) + 1)"))
    assert_wrong(ex.q6, buggy, "total_steps가 실제 스텝 수보다 큽니다")


def test_q6_epochs_and_steps_per_epoch_form_is_accepted():
    assert_correct(ex.q6, variant(ex.q6, ("total_steps=epochs * len(loader)", "epochs=epochs, steps_per_epoch=len(loader)")))


# ---------------------------------------------------------------------------
# q7: ReduceLROnPlateau
# ---------------------------------------------------------------------------

Q7_BODY = """        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step(evaluate(model))  # 에포크마다 검증 손실로"""


def test_q7_per_batch_train_loss_is_named():
    buggy = variant(ex.q7, (Q7_BODY, """        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step(loss.item())"""))
    assert_wrong(ex.q7, buggy, "30번", "배치마다")


def test_q7_last_batch_train_loss_per_epoch_is_named():
    buggy = variant(ex.q7, (Q7_BODY, """        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
        scheduler.step(loss)"""))
    assert_wrong(ex.q7, buggy, "검증 손실이 아닙니다")


def test_q7_missing_metric_is_named():
    assert_wrong(ex.q7, variant(ex.q7, ("scheduler.step(evaluate(model))", "scheduler.step()")), "지표를 주지 않았습니다")


def test_q7_validation_loss_as_a_tensor_or_stored_first_is_accepted():
    stored = variant(ex.q7, ("        scheduler.step(evaluate(model))", "        val_loss = evaluate(model)\n        scheduler.step(torch.tensor(val_loss))"))
    assert_correct(ex.q7, stored)


# ---------------------------------------------------------------------------
# q8: 파라미터 그룹
# ---------------------------------------------------------------------------

Q8_SCHED = "    scheduler = lr_scheduler.LambdaLR(optimizer, cosine)  # 그룹마다 처음 학습률 × cosine(step)\n"
Q8_STEP = "            scheduler.step()\n"


def _manual(expression):
    return variant(ex.q8, (Q8_SCHED, "    step = 0\n"), ("            optimizer.zero_grad()\n", "            for group in optimizer.param_groups:\n"
                   f"                group['lr'] = {expression}\n            optimizer.zero_grad()\n"), (Q8_STEP, "            step += 1\n"))


def test_q8_same_value_for_every_group_is_named():
    assert_wrong(ex.q8, _manual("0.1 * cosine(step)"), "두 그룹의 학습률이 같습니다")


def test_q8_only_first_group_scheduled_is_named():
    buggy = variant(ex.q8, (Q8_SCHED, "    step = 0\n"), ("            optimizer.zero_grad()\n", "            optimizer.param_groups[0]['lr'] = 0.1 * cosine(step)\n"
                    "            optimizer.zero_grad()\n"), (Q8_STEP, "            step += 1\n"))
    assert_wrong(ex.q8, buggy, "헤드 그룹의 학습률이 처음 값에 머뭅니다")


def test_q8_one_group_is_told():
    one_group = variant(ex.q8, ('[{"params": body.parameters(), "lr": 0.1},\n                                 {"params": head.parameters(), "lr": 0.01}]',
                                "model.parameters(), lr=0.1"))
    assert_wrong(ex.q8, one_group, "그룹이 1개")


@pytest.mark.parametrize("form", ["manual_initial_lr", "torch_scheduler"])
def test_q8_other_right_forms_are_accepted(form):
    if form == "manual_initial_lr":
        answer = variant(
            ex.q8, (Q8_SCHED, "    step = 0\n    base = [g['lr'] for g in optimizer.param_groups]\n"),
            ("            optimizer.zero_grad()\n", "            for group, lr in zip(optimizer.param_groups, base):\n"
             "                group['lr'] = lr * cosine(step)\n            optimizer.zero_grad()\n"), (Q8_STEP, "            step += 1\n"))
    else:
        answer = variant(ex.q8, (Q8_SCHED, "    from lrcourse import schedules, torch_scheduler\n"
                                 "    scheduler = torch_scheduler(optimizer, [schedules.cosine_annealing(0.1, total), schedules.cosine_annealing(0.01, total)])\n"))
    assert_correct(ex.q8, answer)


# ---------------------------------------------------------------------------
# q9: 체크포인트와 재개
# ---------------------------------------------------------------------------

Q9_LOAD = '        scheduler.load_state_dict(checkpoint["scheduler"])  # 스케줄러가 몇 스텝째인지\n'
Q9_SAVE = '"scheduler": scheduler.state_dict(), '


def test_q9_resume_without_scheduler_state_is_named():
    buggy = variant(ex.q9, (Q9_LOAD, ""), (Q9_SAVE, ""))
    message = assert_wrong(ex.q9, buggy, "재개하고", "끊기지 않은 학습보다", "scheduler.state_dict()")
    # 메시지의 학습률은 재개한 학습의 것이고, 끊기지 않은 학습의 값(정답)은 나오지 않습니다.
    expected = checks._simulate(checks._sched("CosineAnnealingLR", T_max=20), checks._per_batch(5, 4))[:, 0]
    for number in _floats(message):
        assert not any(math.isclose(number, v, rel_tol=1e-4) for v in expected[10:]), message


def test_q9_restarting_from_epoch_zero_is_named():
    buggy = variant(ex.q9, ('        start = checkpoint["epoch"]\n', ""))
    assert_wrong(ex.q9, buggy, "저장한 에포크부터 이어 가지 않았습니다")


def test_q9_model_state_not_loaded_is_named():
    buggy = variant(ex.q9, ('        model.load_state_dict(checkpoint["model"])\n', ""))
    assert_wrong(ex.q9, buggy, "가중치")


def test_q9_no_checkpoint_written_is_named():
    buggy = variant(ex.q9, ("            torch.save(", "            (lambda *args: None)("))
    assert_wrong(ex.q9, buggy, "체크포인트 파일이 없습니다")


def test_q9_torch_scheduler_resume_is_accepted():
    closed = variant(ex.q9, ("lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(loader))",
                             "__import__('lrcourse').torch_scheduler(optimizer, __import__('lrcourse').schedules.cosine_annealing(0.1, epochs * len(loader)))"))
    assert_correct(ex.q9, closed)


# ---------------------------------------------------------------------------
# q10: 저장할 수 있는 LambdaLR
# ---------------------------------------------------------------------------

LAMBDA_ANSWER = """
def make_scheduler(optimizer, total_steps):
    warmup = total_steps // 10
    return lr_scheduler.LambdaLR(optimizer, lambda step: step / warmup if step < warmup
                                 else 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total_steps - warmup))))
"""


def _from_code(code):
    namespace = {"__name__": "lesson07_variant"}
    exec("import math\nimport torch\nfrom torch.optim import lr_scheduler\n" + code, namespace)  # noqa: S102
    return namespace["make_scheduler"]


def test_q10_lambda_is_named():
    assert_wrong(ex.q10, _from_code(LAMBDA_ANSWER), "'lr_lambdas'가 None", "__call__")


def test_q10_def_function_is_named_too():
    nested = LAMBDA_ANSWER.replace("    return lr_scheduler.LambdaLR(optimizer, lambda step: step / warmup if step < warmup\n"
                                   "                                 else",
                                   "    def factor(step):\n        return step / warmup if step < warmup else")
    nested = nested.replace("(total_steps - warmup))))", "(total_steps - warmup)))\n    return lr_scheduler.LambdaLR(optimizer, factor)")
    assert_wrong(ex.q10, _from_code(nested), "'lr_lambdas'가 None")


def test_q10_torch_scheduler_is_accepted_because_it_refuses_a_different_schedule():
    answer = _from_code("""
from lrcourse import schedules, torch_scheduler

def make_scheduler(optimizer, total_steps):
    warmup = total_steps // 10
    return torch_scheduler(optimizer, schedules.linear_warmup(schedules.cosine_annealing(0.1, total_steps - warmup), warmup))
""")
    assert_correct(ex.q10, answer)


def test_q10_class_with_a_different_curve_is_wrong():
    wrong = variant(ex.q10, ("return step / self.warmup_steps", "return (step + 1) / self.warmup_steps"))
    assert_wrong(ex.q10, wrong, "스텝 0에서", "큽니다")


# ---------------------------------------------------------------------------
# 예측 p1
# ---------------------------------------------------------------------------


def test_p1_outcome_follows_the_traces():
    whole = [0.1, 0.09, 0.05, 0.01]
    assert ex._resume_outcome(whole, whole, 2, 0.1) == "a"
    assert ex._resume_outcome(whole, [0.1, 0.09, 0.1, 0.09], 2, 0.1) == "b"
    assert ex._resume_outcome(whole, [0.1, 0.09, 0.05, 0.04], 2, 0.1) == "c"


# ---------------------------------------------------------------------------
# 노트북의 버그가 있는 루프 그대로: 채점기가 각각의 까닭을 말하는지
# ---------------------------------------------------------------------------

NOTEBOOK_BUGS = [
    ("train_step_order_buggy", ex.q1, "optimizer.step()보다 먼저"),
    ("train_per_epoch_buggy", ex.q2, "배치마다"),
    ("train_accumulate_buggy", ex.q3, "작은 배치마다"),
    ("train_logged_buggy", ex.q4, "get_lr()은 지금 학습률이 아니라"),
    ("train_warmup_cosine_buggy", ex.q5, "스텝 0부터"),
    ("train_one_cycle_buggy", ex.q6, "len(dataset) // batch_size"),
    ("train_plateau_buggy", ex.q7, "배치마다"),
    ("train_two_groups_buggy", ex.q8, "두 그룹의 학습률이 같습니다"),
    ("train_resumable_buggy", ex.q9, "scheduler.state_dict()"),
    ("make_scheduler_buggy", ex.q10, "'lr_lambdas'가 None"),
]


def _notebook_functions():
    """노트북 소스에서 버그가 있는 함수의 정의만 떼어 실행합니다 (셀의 나머지 실험은 돌리지 않음)."""
    import ast
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "notebooks" / "src" / "07_pytorch_practice.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.endswith("_buggy")]
    namespace = {"__name__": "lesson07_notebook", "ACCUM": 4, "WARMUP": 23}
    exec("import math, os\nimport torch\nimport torch.nn.functional as F\nfrom torch.optim import lr_scheduler\nfrom lrcourse import models\n", namespace)  # noqa: S102
    exec(compile(ast.Module(body=defs, type_ignores=[]), "07_pytorch_practice.py", "exec"), namespace)  # noqa: S102
    return namespace


@pytest.mark.parametrize("name, exercise, reason", NOTEBOOK_BUGS, ids=[n for n, _, _ in NOTEBOOK_BUGS])
def test_each_notebook_bug_gets_its_own_reason(name, exercise, reason):
    assert_wrong(exercise, _notebook_functions()[name], reason)
