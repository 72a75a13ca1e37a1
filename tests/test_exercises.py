"""연습 문제 채점기: 맞는 답은 받고, 그럴듯한 오답은 구체적인 메시지로 거절하고, 빈칸은 알아보며,
진행 기록 파일이 없거나 깨져도 노트북을 멈추지 않는지.

각 채점기마다 (정답, [(오답, 메시지에 꼭 들어갈 말들), …]) 표를 둡니다. 메시지에 들어갈 말은
'어느 입력에서, 무엇을 기대했고, 무엇을 받았는지'입니다.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

import lrcourse.exercises as core
from lrcourse.exercises import UNSOLVED, Exercise, Wrong, expect_choice, expect_function, expect_value
from lrcourse.exercises import lesson00, lesson01, lesson02


@pytest.fixture(autouse=True)
def progress_path(tmp_path, monkeypatch):
    """모든 테스트가 홈 폴더 대신 임시 진행 기록 파일을 씁니다."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(path))
    return path


def _stub(*args, **kwargs):
    raise NotImplementedError("여기에 답을 쓰세요")


# ---------------------------------------------------------------------------
# 오답 후보 (모두 학습자가 실제로 하기 쉬운 실수)
# ---------------------------------------------------------------------------


def spe_floor(n, b, drop_last=False):  # 마지막 작은 배치를 잊음
    return n // b


def spe_ceil_only(n, b, drop_last=False):  # drop_last를 무시
    return math.ceil(n / b)


def spe_float(n, b, drop_last=False):  # 정수로 만들지 않음
    return n / b


def spe_right(n, b, drop_last=False):
    return n // b if drop_last else math.ceil(n / b)


def crit_one_over(H):  # 2/L이 아니라 1/L
    return 1.0 / np.linalg.eigvalsh(H).max()


def crit_min_eig(H):  # 가장 작은 곡률을 씀
    return 2.0 / np.linalg.eigvalsh(H).min()


def crit_diag(H):  # 대각 원소를 고윳값으로 착각
    return 2.0 / np.max(np.diag(H))


def crit_trace(H):  # 고윳값의 합
    return 2.0 / np.trace(H)


def crit_right(H):
    return 2.0 / np.linalg.eigvalsh(H).max()


def gd_ascent(grad, w0, lr, steps):  # 부호가 반대
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] + lr * grad(ws[-1]))
    return ws


def gd_no_start(grad, w0, lr, steps):  # 시작점을 빠뜨림
    ws, w = [], w0
    for _ in range(steps):
        w = w - lr * grad(w)
        ws.append(w)
    return ws


def gd_frozen_grad(grad, w0, lr, steps):  # 기울기를 한 번만 구함
    g = grad(w0)
    return [w0 - k * lr * g for k in range(steps + 1)]


def gd_right(grad, w0, lr, steps):
    ws = [w0]
    for _ in range(steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return ws


def pick_no_divide(lrs, losses):  # 가장 낮은 점을 그대로 씀
    return lrs[np.nanargmin(losses)]


def pick_argmin_nan(lrs, losses):  # NaN이 있으면 NaN의 위치를 고름
    return lrs[np.argmin(losses)] / 10


def pick_last(lrs, losses):  # 범위의 끝
    return lrs[-1] / 10


def pick_times_ten(lrs, losses):
    return lrs[np.nanargmin(losses)] * 10


def pick_right(lrs, losses):
    return lrs[np.nanargmin(losses)] / 10


def step_off_by_one(t, lr, step_size, gamma):  # 한 스텝 일찍 떨어짐
    return lr * gamma ** ((t + 1) // step_size)


def step_ceil(t, lr, step_size, gamma):  # 올림: 스텝 1부터 이미 한 번 떨어짐
    return lr * gamma ** math.ceil(t / step_size)


def step_smooth(t, lr, step_size, gamma):  # 내림을 빠뜨려 지수 감쇠가 됨
    return lr * gamma ** (t / step_size)


def step_linear(t, lr, step_size, gamma):  # 거듭제곱 대신 곱셈
    return lr * gamma * (t // step_size) if t >= step_size else lr


def step_right(t, lr, step_size, gamma):
    return lr * gamma ** (t // step_size)


def multi_strict(t, lr, milestones, gamma):  # 마일스톤 당일에 아직 안 떨어짐
    return lr * gamma ** sum(m < t for m in milestones)


def multi_first_only(t, lr, milestones, gamma):  # 첫 마일스톤을 주기로 착각
    return lr * gamma ** (t // milestones[0])


def multi_once(t, lr, milestones, gamma):  # 몇 번 지났든 한 번만 곱함
    return lr * gamma if any(m <= t for m in milestones) else lr


def multi_right(t, lr, milestones, gamma):
    return lr * gamma ** sum(m <= t for m in milestones)


# (문제, 정답, [(오답, 메시지에 들어갈 말들)])
CASES = [
    (lesson00.q1, 32, [
        (31, ["기대한 값은 32", "받은 값은 31", "마지막의 작은 배치"]),
        (31.25, ["받은 값은 31.25", "정수"]),
        (32000, ["받은 값은 32000"]),
        ("32", ["숫자 하나를 기대", "str"]),
    ]),
    (lesson00.q2, spe_right, [
        (spe_floor, ["입력 n_samples=1000, batch_size=32에서", "기대한 값은 32", "받은 값은 31"]),
        (spe_ceil_only, ["drop_last=True", "기대한 값은 31", "받은 값은 32"]),
        (spe_float, ["batch_size=32에서", "받은 값은 31.25"]),
        (32, ["함수를 기대"]),
    ]),
    (lesson00.q3, 319, [
        (320, ["기대한 값은 319", "받은 값은 320", "0부터"]),
        (310, ["받은 값은 310"]),
        (32, ["받은 값은 32"]),
    ]),
    (lesson01.q1, crit_right, [
        (crit_one_over, ["입력 H=", "기대한 값은 0.5", "받은 값은 0.25", "2/L"]),
        (crit_min_eig, ["기대한 값은 0.5", "받은 값은 2"]),
        (crit_diag, ["모양 (2, 2)", "기대한 값은 0.666667", "받은 값은 1"]),
        (crit_trace, ["기대한 값은 0.5", "받은 값은 0.4"]),
    ]),
    (lesson01.q2, gd_right, [
        (gd_ascent, ["grad(w)=2w", "[1]번 값으로 0.8", "받은 값은 1.2", "부호"]),
        (gd_no_start, ["모양이 (4,)", "모양이 (3,)"]),
        (gd_frozen_grad, ["grad(w)=2w", "[2]번 값으로 0.64", "받은 값은 0.6"]),
    ]),
    (lesson01.q3, pick_right, [
        (pick_no_divide, ["입력 lrs=", "losses=", "받은 값은", "10으로 나누세요"]),
        (pick_argmin_nan, ["nan, nan, nan] (길이 30)", "받은 값은", "np.nanargmin"]),
        (pick_last, ["받은 값은 0.1"]),
        (pick_times_ten, ["받은 값은"]),
    ]),
    (lesson01.q4, False, [
        (True, ["True", "맞지 않습니다", "시작점"]),
        ("False", ["True, False 가운데 하나", "'False'"]),
        (0, ["가운데 하나", "0"]),
    ]),
    (lesson02.q1, step_right, [
        (step_off_by_one, ["입력 t=29, lr=0.1, step_size=30, gamma=0.1에서", "기대한 값은 0.1", "받은 값은 0.01", "일찍"]),
        (step_ceil, ["입력 t=1,", "기대한 값은 0.1", "받은 값은 0.01", "올림"]),
        (step_smooth, ["입력 t=1,", "기대한 값은 0.1", "받은 값은 0.0926119", "매끄러운"]),
        (step_linear, ["t=60", "기대한 값은 0.001", "받은 값은 0.02"]),
    ]),
    (lesson02.q2, multi_right, [
        (multi_strict, ["입력 t=30", "milestones=[30, 80]", "기대한 값은 0.01", "받은 값은 0.1"]),
        (multi_first_only, ["t=60", "기대한 값은 0.01", "받은 값은 0.001"]),
        (multi_once, ["t=80", "기대한 값은 0.001", "받은 값은 0.01"]),
    ]),
    (lesson02.q3, 0.001, [
        (0.1 * 0.1 ** (7450 // 30), ["기대한 값은 0.001", "스텝을 에포크로 착각"]),
        (0.0001, ["받은 값은 0.0001", "두 번"]),
        (0.01, ["받은 값은 0.01"]),
    ]),
    (lesson02.q4, 1e-4, [
        (0.1, ["기대한 값은 0.0001", "받은 값은 0.1", "배치마다"]),
        (0.01, ["받은 값은 0.01", "세 번"]),
        (0.001, ["받은 값은 0.001"]),
    ]),
]
IDS = [ex.key for ex, _, _ in CASES]


@pytest.mark.parametrize("exercise, right, wrongs", CASES, ids=IDS)
def test_accepts_the_right_answer(exercise, right, wrongs, capsys):
    result = exercise.evaluate(right)
    assert result.status == "correct", result.message
    exercise.check(right)
    assert "정답입니다" in capsys.readouterr().out
    assert exercise.key in core.solved()


@pytest.mark.parametrize("exercise, right, wrongs", CASES, ids=IDS)
def test_rejects_plausible_wrong_answers_with_specific_message(exercise, right, wrongs):
    assert len(wrongs) >= 3
    for wrong, must_say in wrongs:
        result = exercise.evaluate(wrong)
        assert result.status == "wrong", (wrong, result.message)
        for phrase in must_say:
            assert phrase in result.message, (phrase, result.message)
    assert exercise.key not in core.solved()  # 오답은 기록하지 않음


@pytest.mark.parametrize("exercise, right, wrongs", CASES, ids=IDS)
def test_untouched_stub_says_not_solved(exercise, right, wrongs, capsys):
    stubs = [..., None]
    if callable(right):
        stubs.append(_stub)
    for stub in stubs:
        result = exercise.evaluate(stub)
        assert result.status == "unsolved", (stub, result.message)
        exercise.check(stub)  # 예외 없이 메시지만
        out = capsys.readouterr().out
        assert UNSOLVED in out and "틀렸습니다" not in out
    assert exercise.key not in core.solved()


@pytest.mark.parametrize("exercise", [ex for ex, _, _ in CASES], ids=IDS)
def test_shown_solution_is_accepted(exercise, capsys):
    """모범 답안(solution()이 보여 주는 코드)을 그대로 실행한 결과도 정답이어야 합니다."""
    exercise.solution()
    code = capsys.readouterr().out.split("모범 답안:\n", 1)[1]
    namespace = {"math": math, "np": np}
    exec(code, namespace)  # noqa: S102 - 우리가 쓴 모범 답안
    functions = [v for v in namespace.values() if isinstance(v, types.FunctionType)]
    answer = namespace["answer"] if "answer" in namespace else functions[0]
    assert exercise.evaluate(answer).correct


def test_every_lesson_exercise_has_korean_hint_and_solution_and_handles_stubs(capsys):
    lessons = core.lessons()
    assert [n for n, _, _ in lessons][:3] == ["00", "01", "02"]
    for _, title, exercises in lessons:
        assert title
        for ex in exercises:
            ex.hint()
            ex.solution()
            out = capsys.readouterr().out
            assert "힌트" in out and "모범 답안" in out
            assert ex.evaluate(...).status == "unsolved"
            assert ex.evaluate(None).status == "unsolved"
    lesson_exercises = {n: ex for n, _, ex in lessons}
    for number in ("01", "02"):
        assert len(lesson_exercises[number]) >= 3  # 레슨마다 연습 문제 3개 이상


# ---------------------------------------------------------------------------
# 채점 도우미의 일반 동작
# ---------------------------------------------------------------------------


def _exercise(checker):
    return Exercise("99", "q1", "시험용", checker=checker, hint="힌트", solution="answer = 1")


def test_learner_function_errors_become_messages_not_exceptions():
    def broken(t):
        return 1 / 0

    ex = _exercise(expect_function(lambda t: t, [(3,)], arg_names=["t"]))
    result = ex.evaluate(broken)
    assert result.status == "wrong"
    assert "입력 t=3에서" in result.message and "ZeroDivisionError" in result.message


def test_function_returning_none_is_told_about_return():
    def forgot_return(t):
        t * 2

    result = _exercise(expect_function(lambda t: 2 * t, [(1,)])).evaluate(forgot_return)
    assert result.status == "wrong" and "return" in result.message


def test_learner_cannot_change_the_checkers_inputs():
    """학습자 함수가 인자(목록)를 바꿔도 다음 입력과 기대값이 오염되지 않습니다."""
    milestones = [30, 80]

    def mutating(t, ms):
        ms.append(0)
        return t

    ex = _exercise(expect_function(lambda t, ms: t, [(1, milestones), (2, milestones)]))
    assert ex.evaluate(mutating).correct
    assert milestones == [30, 80]


def test_value_tolerance_and_numpy_and_torch_scalars():
    import torch

    ex = _exercise(expect_value(0.001))
    assert ex.evaluate(0.001 * (1 + 1e-9)).correct  # 반올림 오차는 받음
    assert ex.evaluate(np.float32(0.001)).correct  # float32의 상대 오차 ~1e-8도 받음
    assert ex.evaluate(np.array([0.001])).correct
    assert ex.evaluate(torch.tensor(0.001, dtype=torch.float64)).correct
    assert not ex.evaluate(0.0011).correct  # 10% 차이는 거절
    assert not ex.evaluate(True).correct  # bool은 숫자가 아님


def test_hidden_value_mode_says_only_direction():
    ex = _exercise(expect_value(32, reveal=False))
    message = ex.evaluate(31).message
    assert "작습니다" in message and "32" not in message
    assert "큽니다" in ex.evaluate(40).message


def test_close_looking_numbers_show_more_digits():
    """짧은 표기로 같아 보이는 두 값은 자릿수를 늘려 차이가 보이게 합니다."""
    message = _exercise(expect_value(0.1)).evaluate(0.1000002).message
    assert "0.1000002" in message


def test_choice_requires_exact_type():
    ex = _exercise(expect_choice("b", ["a", "b"]))
    assert ex.evaluate("b").correct
    assert "가운데 하나" in ex.evaluate("c").message


def test_custom_checker_with_wrong():
    def checker(answer):
        if answer != 3:
            raise Wrong("셋이어야 합니다")

    ex = _exercise(checker)
    assert ex.evaluate(3).correct
    assert "셋이어야 합니다" in ex.evaluate(4).message


def test_bad_exercise_definition_is_rejected():
    with pytest.raises(ValueError, match="lesson"):
        Exercise("1", "q1", "x", checker=lambda a: None, hint="", solution="")
    with pytest.raises(ValueError, match="name"):
        Exercise("01", "first", "x", checker=lambda a: None, hint="", solution="")


# ---------------------------------------------------------------------------
# 진행 기록
# ---------------------------------------------------------------------------


def test_progress_records_only_correct_answers_and_shows_them(progress_path, capsys):
    lesson00.q1.check(31)
    assert not progress_path.exists()
    lesson00.q1.check(32)
    data = json.loads(progress_path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and "00.q1" in data["solved"]
    capsys.readouterr()
    core.progress()
    out = capsys.readouterr().out
    assert "✅q1 ⬜q2 ⬜q3  (1/3)" in out
    assert "01 학습률이란" in out and "02 스텝 감쇠" in out
    assert str(progress_path) in out


def test_progress_accumulates_across_lessons(progress_path):
    lesson00.q1.check(32)
    lesson02.q4.check(1e-4)
    lesson02.q4.check(1e-4)  # 두 번 맞혀도 한 번
    assert core.solved() == {"00.q1", "02.q4"}


def test_default_progress_file_is_in_home(monkeypatch, tmp_path):
    monkeypatch.delenv("LRCOURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert core.progress_file() == tmp_path / ".lrcourse_progress.json"
    lesson00.q3.check(319)
    assert (tmp_path / ".lrcourse_progress.json").exists()


def test_progress_shows_a_home_path_as_tilde(monkeypatch, tmp_path, capsys):
    # 노트북 출력에 사용자 이름이나 임시 폴더 경로가 남지 않도록 홈 아래 경로는 ~/…로 보입니다.
    monkeypatch.delenv("LRCOURSE_PROGRESS_FILE")
    monkeypatch.setenv("HOME", str(tmp_path))
    core.progress()
    assert "(기록 파일: ~/.lrcourse_progress.json)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"[1, 2, 3]", b'{"solved": [1]}', b'{"solved": {"00.q1": 5}, "version": 99}', b"\xff\xfe\x00garbage"],
    ids=["broken-json", "empty", "list", "solved-not-dict", "odd-values", "binary"],
)
def test_corrupt_progress_file_never_breaks_a_notebook(progress_path, content, capsys):
    progress_path.write_bytes(content)
    core.progress()  # 예외 없음
    lesson00.q1.check(32)  # 예외 없이 정답 메시지, 그리고 파일을 고쳐 씀
    assert "정답입니다" in capsys.readouterr().out
    assert "00.q1" in core.solved()
    json.loads(progress_path.read_text(encoding="utf-8"))


def test_unwritable_progress_location_never_breaks_a_notebook(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    # 부모가 파일이라 만들 수 없는 경로 (root로 실행해도 실패합니다)
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(blocker / "sub" / "progress.json"))
    lesson00.q1.check(32)
    core.progress()
    out = capsys.readouterr().out
    assert "정답입니다" in out and "0문제를 풀었습니다" in out


def test_progress_file_that_is_a_directory(monkeypatch, tmp_path, capsys):
    folder = tmp_path / "progress.json"
    folder.mkdir()
    monkeypatch.setenv("LRCOURSE_PROGRESS_FILE", str(folder))
    lesson00.q1.check(32)
    core.progress()
    assert "정답입니다" in capsys.readouterr().out


def test_reset_progress(progress_path):
    lesson00.q1.check(32)
    core.reset_progress()
    assert core.solved() == set()
    core.reset_progress()  # 없는 파일도 괜찮음


def test_exercise_modules_stay_light():
    """progress()는 모든 문제 모듈을 불러오므로, 문제 모듈이 torch나 matplotlib을 불러오면 안 됩니다."""
    code = textwrap.dedent(
        """
        import sys, os
        os.environ["LRCOURSE_PROGRESS_FILE"] = os.devnull + ".missing"
        import lrcourse.exercises as ex
        ex.lessons()
        heavy = sorted(m for m in ("torch", "matplotlib") if m in sys.modules)
        print(",".join(heavy))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"문제 모듈이 무거운 모듈을 불러왔습니다: {out}"
