"""08(마무리 프로젝트) 채점기의 테스트.

- 문제 1(스케줄 설계): 모범 답은 맞고, 흔히 틀리는 스케줄(워밍업 없음, 끝이 낮지 않음, 예산보다 긺, 최고 학습률이 너무 높음 …)은
  **각자의 까닭**으로 틀립니다. 모양 검사의 메시지에는 범위 테스트의 값(정답의 실마리)이 숫자로 나오지 않습니다.
  모양은 맞지만 기준선을 이기지 못하는 스케줄(최고 학습률 = 범위 테스트의 최저점)은 새 시드의 학습 결과로 틀립니다.
- 문제 2·3(글): 다뤄야 할 것이 빠지면 빠진 것을 말합니다.
- 문제 4(고칠 스크립트): 노트북의 버그 스크립트와 하나씩만 고친 변형이 **처음 어긋난 것**의 까닭으로 틀립니다.
- 퀴즈: 객관식은 자연스러운 꼴("b", "B", "(b)", 2)을 받고, 틀린 보기마다 그 보기의 까닭을 말하되 맞는 보기는 말하지 않습니다.
"""

from __future__ import annotations

import ast
import contextlib
import io
import math
import re
import types
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from lrcourse import schedules as S
from lrcourse.exercises import UNSOLVED
from lrcourse.exercises import _lesson08_checks as checks
from lrcourse.exercises import _lesson08_quiz as quiz_items
from lrcourse.exercises import lesson08 as ex

from test_exercises_lessons34 import _not_implemented, assert_correct, assert_wrong

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = [ex.q1, ex.q2, ex.q3, ex.q4, *ex.QUIZ]
T = ex.STEPS


@pytest.fixture(autouse=True)
def _private_progress_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def solution_answer(exercise):
    """``solution()``이 보여 주는 모범 답을 실행해 답(answer 또는 첫 함수)을 돌려줍니다."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exercise.solution()
    namespace = {"__name__": "lesson08_solution"}
    exec(buffer.getvalue().split("모범 답안:\n", 1)[1], namespace)  # noqa: S102 - 우리가 쓴 모범 답
    if "answer" in namespace:
        return namespace["answer"]
    return next(v for v in namespace.values() if isinstance(v, types.FunctionType))


def _warmup_cosine(peak, warmup=30, t_max=None, eta_min=0.0):
    main = S.cosine_annealing(peak, T - warmup if t_max is None else t_max, eta_min=eta_min)
    return S.linear_warmup(main, warmup) if warmup else main


def _finder_numbers():
    f = checks._finder()
    return [f.min_lr, f.suggested_lr, f.steepest_lr]


def _numbers(text):
    return [float(t) for t in re.findall(r"(?<![\w.])\d+\.\d+(?:e-?\d+)?|(?<![\w.])\d+e-?\d+", text)]


# ---------------------------------------------------------------------------
# 공통
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_untouched_stub_is_unsolved(exercise):
    for stub in (Ellipsis, None):
        result = exercise.evaluate(stub)
        assert result.status == "unsolved" and UNSOLVED in result.message


def test_unsolved_script_function_is_unsolved():
    assert ex.q4.evaluate(_not_implemented).status == "unsolved"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_shown_solution_is_accepted(exercise):
    assert_correct(exercise, solution_answer(exercise))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_two_hint_levels(exercise, capsys):
    exercise.hint()
    exercise.hint(2)
    out = capsys.readouterr().out
    assert "힌트 1/2" in out and "힌트 2/2" in out


def test_module_stays_light_and_counts_all_exercises():
    from lrcourse.exercises import lessons

    number, title, exercises = next(row for row in lessons() if row[0] == "08")
    assert title == ex.TITLE and [e.name for e in exercises] == [f"q{i}" for i in range(1, 18)]
    assert len(ex.QUIZ) >= 10


# ---------------------------------------------------------------------------
# 문제 1: 스케줄 설계
# ---------------------------------------------------------------------------


def test_reference_schedule_beats_the_baseline_on_every_fresh_seed(capsys):
    """모범 답(가장 가파른 곳 + 워밍업 30 + 코사인)은 새 시드 3개 모두에서 기준선을 이기고, 표가 그 값을 보입니다."""
    answer = _warmup_cosine(checks._finder().steepest_lr)
    assert_correct(ex.q1, answer)
    assert all(m < b for m, b in zip(checks.LAST_RUN["mine"], checks.LAST_RUN["baseline"]))
    ex.show_fresh_seeds()
    out = capsys.readouterr().out
    assert all(f"{s:>4} |" in out for s in ex.FRESH_SEEDS)
    assert not set(ex.FRESH_SEEDS) & set(ex.NOTEBOOK_SEEDS)  # 채점기의 시드는 학습자가 쓰지 않은 시드


@pytest.mark.parametrize("make", [
    lambda f: S.warmup_stable_decay(f.steepest_lr, T, warmup_steps=30, decay_steps=90),
    lambda f: S.one_cycle(f.steepest_lr, T),
    lambda f: S.linear_warmup(S.polynomial_decay(f.suggested_lr, T - 15), 15),
], ids=["wsd", "one_cycle", "linear_to_zero_at_the_suggestion"])
def test_other_reasonable_designs_are_accepted(make):
    """채점기는 한 가지 답을 바라지 않습니다: WSD, 원사이클, 제안 학습률에서 0까지 선형 감쇠도 새 시드에서 기준선을 이깁니다."""
    assert_correct(ex.q1, make(checks._finder()))


SHAPE_CASES = [  # (이름, 스케줄을 만드는 함수(finder를 받음), 메시지에 있어야 할 말)
    ("no_warmup", lambda f: _warmup_cosine(f.steepest_lr, warmup=0), "워밍업이 (사실상) 없습니다"),
    ("one_step_warmup", lambda f: _warmup_cosine(f.steepest_lr, warmup=1), "워밍업이 (사실상) 없습니다"),
    ("constant_number", lambda f: f.suggested_lr, "워밍업이 (사실상) 없습니다"),
    ("warmup_too_long", lambda f: _warmup_cosine(f.steepest_lr, warmup=200, t_max=100), "워밍업이 너무 깁니다"),
    ("does_not_end_low", lambda f: _warmup_cosine(f.steepest_lr, eta_min=f.steepest_lr / 4), "끝이 낮지 않습니다"),
    ("warmup_then_constant", lambda f: S.linear_warmup(S.constant(f.steepest_lr), 30), "끝이 낮지 않습니다"),
    ("too_long_for_budget", lambda f: _warmup_cosine(f.steepest_lr, t_max=3 * T), "예산보다 긴 스케줄입니다"),
    ("peak_far_too_high", lambda f: _warmup_cosine(10 * f.min_lr), "발산"),
    ("peak_too_low", lambda f: _warmup_cosine(f.suggested_lr / 100), "10배 넘게 작습니다"),
    ("ends_too_early", lambda f: _warmup_cosine(f.steepest_lr, t_max=100), "너무 일찍 바닥에 닿습니다"),
    ("restarts", lambda f: S.linear_warmup(S.cosine_warm_restarts(f.steepest_lr, T_0=90, T_mult=2), 30), "다시 오릅니다"),
]


@pytest.mark.parametrize("name, make, reason", SHAPE_CASES, ids=[c[0] for c in SHAPE_CASES])
def test_each_malformed_schedule_gets_its_own_reason_without_the_range_test_values(name, make, reason):
    message = assert_wrong(ex.q1, make(checks._finder()), reason)
    for number in _numbers(message.split("\n")[0]):
        assert not any(math.isclose(number, v, rel_tol=1e-3) for v in _finder_numbers()), (number, message)
    others = {r for _, _, r in SHAPE_CASES} - {reason}
    assert not any(other in message for other in others), message  # 까닭은 하나만


def test_peak_far_too_high_names_the_range_test_minimum_by_name():
    message = assert_wrong(ex.q1, _warmup_cosine(10 * checks._finder().min_lr), "finder.min_lr", "범위 테스트")
    assert "기준선" not in message  # 모양 검사에서 멈추고 학습하지 않음


def test_well_formed_schedule_that_does_not_beat_the_baseline_fails_on_fresh_seeds():
    """최고 학습률 = 범위 테스트의 최저점: 모양은 맞지만(최저점보다 크지 않음) 학습이 망가져 기준선에 집니다."""
    message = assert_wrong(ex.q1, _warmup_cosine(checks._finder().min_lr), "모양은 좋지만", "기준선")
    assert message.count("시드 ") >= 3  # 새 시드마다의 값을 보입니다
    assert all(f"시드 {s}" in message for s in ex.FRESH_SEEDS)


def test_divergence_on_a_fresh_seed_is_named(monkeypatch):
    diverged = SimpleNamespace(diverged=True, diverged_step=17)
    monkeypatch.setattr(checks, "train_once", lambda schedule, seed: (diverged, math.nan))
    monkeypatch.setattr(checks, "_baseline", lambda seeds: (0.2, 0.2, 0.2))
    assert_wrong(ex.q1, _warmup_cosine(checks._finder().steepest_lr), f"새 시드 {ex.FRESH_SEEDS[0]}에서 스텝 17에 발산")


@pytest.mark.parametrize("answer, reason", [
    (lambda k: 0.01, "lrcourse.schedules로 만든 스케줄"),
    ([0.01] * T, "lrcourse.schedules로 만든 스케줄"),
    ("cosine", "lrcourse.schedules로 만든 스케줄"),
    (-0.1, "0보다 큰"),
    (True, "lrcourse.schedules로 만든 스케줄"),
])
def test_answers_that_fit_cannot_take_are_told(answer, reason):
    assert_wrong(ex.q1, answer, reason)


def test_ready_guards_cells_that_need_an_answer(capsys):
    assert not ex.ready(..., "my_schedule")
    assert UNSOLVED in capsys.readouterr().out
    assert ex.ready(S.constant(0.1), "my_schedule")


# ---------------------------------------------------------------------------
# 문제 2·3: 글
# ---------------------------------------------------------------------------

Q2_TEXT = solution_answer(ex.q2)
Q3_TEXT = solution_answer(ex.q3)


@pytest.mark.parametrize("exercise, text, remove, reason", [
    (ex.q2, Q2_TEXT, ["범위 테스트"], "범위 테스트의 어느 결과"),
    (ex.q2, Q2_TEXT, ["워밍업"], "워밍업을 왜"),
    (ex.q2, Q2_TEXT, ["감쇠", "코사인", "줄"], "감쇠의 모양"),
    (ex.q2, Q2_TEXT, ["예산", "스텝", "끝"], "예산(스텝 수)"),
    (ex.q3, Q3_TEXT, ["시드"], "어느 시드"),
    (ex.q3, Q3_TEXT, list("0123456789"), "숫자"),
    (ex.q3, Q3_TEXT, ["기준선", "상수", "고정"], "기준선"),
    (ex.q3, Q3_TEXT, ["워밍업", "감쇠", "최고", "코사인", "줄"], "스케줄의 어느 부분"),
])
def test_written_answer_missing_a_part_names_it(exercise, text, remove, reason):
    for word in remove:
        text = text.replace(word, "")
    assert_wrong(exercise, text, reason)


@pytest.mark.parametrize("exercise", [ex.q2, ex.q3], ids=lambda e: e.key)
def test_written_answer_must_be_text_of_some_length(exercise):
    assert_wrong(exercise, 3, "글(문자열)")
    assert_wrong(exercise, "워밍업 범위 테스트", "너무 짧습니다")


# ---------------------------------------------------------------------------
# 문제 4: 고칠 학습 스크립트
# ---------------------------------------------------------------------------


def _notebook_buggy_script():
    source = (ROOT / "notebooks" / "src" / "08_capstone.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "train_script_buggy"]
    namespace = {"__name__": "lesson08_notebook"}
    exec("import os\nimport torch\nimport torch.nn.functional as F\nfrom torch.optim import lr_scheduler\nfrom lrcourse import models\n", namespace)  # noqa: S102
    exec(compile(ast.Module(body=defs, type_ignores=[]), "08_capstone.py", "exec"), namespace)  # noqa: S102
    return namespace["train_script_buggy"]


def _script_code():
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        ex.q4.solution()
    return buffer.getvalue().split("모범 답안:\n", 1)[1]


def _script_variant(*replacements):
    code = _script_code()
    for old, new in replacements:
        assert old in code, old
        code = code.replace(old, new)
    namespace = {"__name__": "lesson08_variant"}
    exec(code, namespace)  # noqa: S102
    return namespace["train_script"]


TOTAL_BUG = ("total_steps=epochs * len(loader)", "total_steps=epochs * (len(loader.dataset) // loader.batch_size)")
ORDER_BUG = ("            optimizer.step()\n            scheduler.step()  # optimizer.step() 다음에", "            scheduler.step()\n            optimizer.step()")
LOAD_BUG = ('        scheduler.load_state_dict(checkpoint["scheduler"])  # 스케줄러가 몇 스텝째인지\n', "")
SAVE_BUG = ('\n                        "scheduler": scheduler.state_dict(), "epoch"', '\n                        "epoch"')


def test_notebook_buggy_script_is_told_the_first_wrong_thing():
    message = assert_wrong(ex.q4, _notebook_buggy_script(), "ValueError", "total_steps", "len(loader)")
    assert "재개" not in message


@pytest.mark.parametrize("bugs, reasons", [
    ([TOTAL_BUG], ["ValueError", "total_steps"]),
    ([ORDER_BUG, LOAD_BUG, SAVE_BUG], ["optimizer.step()보다 먼저", "PyTorch도 경고했습니다"]),
    ([LOAD_BUG, SAVE_BUG], ["재개하고", "scheduler.state_dict()"]),
    ([LOAD_BUG], ["재개하고", "스텝 0부터"]),
    ([("total_steps=epochs * len(loader)", "total_steps=epochs * len(loader) + epochs")], ["total_steps가 실제 스텝 수보다 큽니다"]),
    ([("            scheduler.step()  # optimizer.step() 다음에\n", ""), ("        if stop_after", "        scheduler.step()\n        if stop_after")],
     ["에포크마다"]),
    ([('        start = checkpoint["epoch"]\n', "")], ["저장한 에포크부터 이어 가지 않았습니다"]),
    ([('        model.load_state_dict(checkpoint["model"])\n', "")], ["가중치"]),
    ([("            torch.save(", "            (lambda *args: None)(")], ["체크포인트 파일이 없습니다"]),
], ids=["total_steps", "order", "resume", "resume_load_only", "total_too_big", "per_epoch", "restart_epoch", "model_state", "no_save"])
def test_each_remaining_script_bug_gets_its_own_reason(bugs, reasons):
    assert_wrong(ex.q4, _script_variant(*bugs), *reasons)


def test_closed_form_torch_scheduler_script_is_accepted():
    """다른 올바른 꼴: lrcourse.torch_scheduler와 one_cycle로 같은 학습률 (torch의 OneCycleLR과 같은 곡선)."""
    closed = _script_variant(("lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))",
                              "__import__('lrcourse').torch_scheduler(optimizer, __import__('lrcourse').schedules.one_cycle(0.1, epochs * len(loader)))"))
    assert_correct(ex.q4, closed)


# ---------------------------------------------------------------------------
# 퀴즈
# ---------------------------------------------------------------------------

CHOICE = [(e, item) for e, item in zip(ex.QUIZ, quiz_items.QUIZ_ITEMS) if "options" in item]
VALUE = [(e, item) for e, item in zip(ex.QUIZ, quiz_items.QUIZ_ITEMS) if "options" not in item]


def test_quiz_covers_the_course():
    topics = " ".join(item["topic"] for item in quiz_items.QUIZ_ITEMS)
    for lesson in ("01", "02", "03", "04", "05", "06", "07", "08"):
        assert lesson in topics, lesson
    assert len(CHOICE) >= 5 and len(VALUE) >= 5


@pytest.mark.parametrize("exercise, item", CHOICE, ids=[e.key for e, _ in CHOICE])
def test_choice_accepts_natural_forms(exercise, item):
    key = item["answer"]
    index = list(item["options"]).index(key) + 1
    for form in (key, key.upper(), f"({key})", f" {key} ", f"{key})", index, str(index), np.int64(index)):
        assert_correct(exercise, form)


@pytest.mark.parametrize("exercise, item", CHOICE, ids=[e.key for e, _ in CHOICE])
def test_each_wrong_option_gets_its_reason_and_never_the_right_one(exercise, item):
    right = item["answer"]
    for key in item["options"]:
        if key == right:
            continue
        message = assert_wrong(exercise, key, item["reasons"][key], f"({key})")
        assert f"({right})" not in message and item["options"][right] not in message, message


@pytest.mark.parametrize("exercise, item", CHOICE, ids=[e.key for e, _ in CHOICE])
def test_choice_outside_the_options_is_told(exercise, item):
    for bad in ("z", 0, 9, True, 1.5):
        assert_wrong(exercise, bad, "가운데 하나")


@pytest.mark.parametrize("exercise, item", VALUE, ids=[e.key for e, _ in VALUE])
def test_value_question_accepts_the_value_and_names_each_known_mistake(exercise, item):
    assert_correct(exercise, item["answer"])
    assert_correct(exercise, np.float64(item["answer"]))
    for wrong, reason in item.get("mistakes", ()):
        message = assert_wrong(exercise, wrong, reason)
        for number in _numbers(message):
            assert not math.isclose(number, item["answer"], rel_tol=1e-6), message


def test_stated_precision_is_respected():
    half_life = next(e for e, item in VALUE if item["name"] == "반감기")
    assert_correct(half_life, 69)
    assert_correct(half_life, 68.97)
    assert_wrong(half_life, 68)
    threshold = next(e for e, item in VALUE if item["name"] == "발산 문턱")
    assert_correct(threshold, 0.50)
    assert_wrong(threshold, 0.4)


def test_check_quiz_and_score(capsys):
    answers = [item["answer"] for item in quiz_items.QUIZ_ITEMS]
    answers[3] = "a" if answers[3] != "a" else "b"  # 퀴즈 4를 틀리게
    answers[5] = ...  # 퀴즈 6은 아직
    ex.check_quiz(answers)
    out = capsys.readouterr().out
    assert "퀴즈 1 — q5: 정답입니다" in out and "퀴즈 4 — q8: 틀렸습니다" in out and f"퀴즈 6 — q10: {UNSOLVED}" in out
    ex.quiz_score()
    out = capsys.readouterr().out
    assert f"퀴즈 점수: {len(answers) - 2}/{len(answers)}" in out and "다시 볼 문항: 4" in out and "아직 풀지 않은 문항: 6" in out
    ex.check_quiz([...] * 3)
    assert "13문항인데 답이 3개" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# 예측 p1
# ---------------------------------------------------------------------------


def test_p1_outcome_follows_the_ratio():
    assert ex._min_lr_outcome([0.6, 0.6, 0.6], [0.17, 0.17, 0.17]) == "c"
    assert ex._min_lr_outcome([0.18, 0.17, 0.19], [0.17, 0.17, 0.17]) == "b"
    assert ex._min_lr_outcome([0.1, 0.1, 0.1], [0.17, 0.17, 0.17]) == "a"
    assert ex._min_lr_outcome([math.nan] * 3, [0.17] * 3) == "c"  # 발산도 '훨씬 큼'
