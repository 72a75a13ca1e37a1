"""08 마무리 프로젝트: 직접 설계한 스케줄(새 시드에서 채점), 설계의 근거와 결론(글), 고칠 학습 스크립트, 강좌 전체 퀴즈.

채점 함수는 :mod:`._lesson08_checks`에 있습니다. 퀴즈의 객관식은 ``"b"``, ``"B"``, ``"(b)"``, ``2``를 모두 받고,
틀린 보기를 고르면 **그 보기가 왜 틀렸는지**만 말합니다(맞는 보기는 말하지 않음).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._exercise import Exercise, Prediction
from ._grading import Unsolved, Wrong, expect_value, fmt, is_stub, plain
from ._lesson08_checks import (
    BATCH_SIZE,
    FRESH_SEEDS,
    LAST_RUN,
    NOTEBOOK_SEEDS,
    OPTIMIZER,
    RANGE_TEST,
    STEPS,
    TUNING_SEED,
    VOCAB_SIZE,
    _check_capstone,
    _check_script,
    _text_checker,
)
from ._lesson08_quiz import QUIZ_ITEMS
from ._progress import progress  # noqa: F401  (ex.progress()로 쓰도록 다시 내보냄)
from ._progress import record

LESSON = "08"
TITLE = "마무리 프로젝트"

__all__ = ["BATCH_SIZE", "FRESH_SEEDS", "NOTEBOOK_SEEDS", "OPTIMIZER", "RANGE_TEST", "STEPS", "TUNING_SEED", "VOCAB_SIZE"]


def ready(value, name: str) -> bool:
    """값을 채웠으면 True. 빈칸(``...``)이면 "아직 풀지 않았습니다"를 보이고 False (학생용 노트북이 멈추지 않게)."""
    if is_stub(value):
        print(f"{name}: 아직 풀지 않았습니다. 위의 빈칸을 채운 뒤 이 셀을 다시 실행하세요.")
        return False
    return True


# ---------------------------------------------------------------------------
# q1: 스케줄 설계
# ---------------------------------------------------------------------------

q1 = Exercise(
    LESSON, "q1", "트라이그램 과제의 워밍업 + 감쇠 스케줄 (새 시드 3개에서 기준선을 이김)", checker=_check_capstone,
    hint=(
        "세 가지를 차례로 정하세요: 최고 학습률(범위 테스트 그림에서 손실이 가파르게 내려가는 곳 둘레; 최저점은 이미 발산 쪽입니다), "
        "워밍업 길이(예산의 몇 %), 감쇠의 모양과 길이(예산의 끝에서 0 가까이).",
        "lrcourse.schedules.linear_warmup(schedules.cosine_annealing(peak, STEPS - W), W)처럼 쓰세요. 본 스케줄은 워밍업 뒤 "
        "STEPS − W스텝만 돕니다. peak는 finder.steepest_lr 둘레에서, W는 예산의 5–10 %에서 골라 시드 0으로 확인하세요.",
    ),
    solution='''\
from lrcourse import schedules

peak = 0.0215  # 시드 0 범위 테스트의 가장 가파른 곳 (finder.steepest_lr); 제안(0.0152)보다 조금 높고 최저점(0.152)의 1/7
warmup = 30  # 예산 300스텝의 10 %
answer = schedules.linear_warmup(schedules.cosine_annealing(peak, 300 - warmup), warmup)''',
    explanation="여러분이 쓰지 않은 새 시드 3개 모두에서 기준선보다 초과 손실이 작았습니다. ex.show_fresh_seeds()로 시드별 값을 보세요.",
)


def show_fresh_seeds() -> None:
    """q1 채점기가 마지막으로 돌린 새 시드의 결과(여러분의 스케줄과 기준선의 초과 손실)를 표로 보입니다."""
    if not LAST_RUN:
        print("아직 새 시드에서 학습한 스케줄이 없습니다: 모양 검사를 통과한 스케줄을 ex.q1.check(…)로 채점하면 여기에 결과가 나옵니다.")
        return
    print(f"새 시드에서 잰 초과 손실 (nats, 낮을수록 좋음) — 최고 학습률 {LAST_RUN['peak']:.4g}, 워밍업 {LAST_RUN['warmup']}스텝")
    print("시드 | 여러분의 스케줄 | 기준선(제안 학습률 고정) | 차이")
    for seed, mine, base in zip(LAST_RUN["seeds"], LAST_RUN["mine"], LAST_RUN["baseline"]):
        print(f"{seed:>4} | {mine:15.4f} | {base:23.4f} | {mine - base:+.4f}")


# ---------------------------------------------------------------------------
# q2, q3: 글로 쓴 답 (다뤄야 할 것을 다뤘는지만 봅니다)
# ---------------------------------------------------------------------------

q2 = Exercise(
    LESSON, "q2", "스케줄 설계의 근거 (최고 학습률, 워밍업, 감쇠, 예산)",
    checker=_text_checker(80, [
        (r"범위 ?테스트|range|finder", "최고 학습률을 범위 테스트의 어느 결과(가장 가파른 곳, 최저점, 제안)를 보고 골랐는지 말하지 않았습니다."),
        (r"워밍업|warm", "워밍업을 왜 넣었는지(또는 길이를 왜 그렇게 정했는지) 말하지 않았습니다."),
        (r"감쇠|코사인|cosine|선형|linear|decay|줄", "감쇠의 모양(코사인, 선형 …)과 왜 줄이는지 말하지 않았습니다."),
        (r"예산|스텝|step|끝", "스케줄의 길이가 예산(스텝 수)과 어떻게 맞는지 말하지 않았습니다."),
    ]),
    hint=(
        "네 가지를 한두 문장씩: 최고 학습률을 범위 테스트의 무엇에서 골랐는지, 워밍업을 왜 넣었는지, 왜 줄이며 어떤 모양인지, 길이가 예산과 어떻게 맞는지.",
        "예: '최고 학습률은 범위 테스트의 …에서 골랐다. 최저점은 …이므로 쓰지 않았다. 워밍업 W스텝은 Adam의 …. 감쇠는 …로 예산 300스텝의 끝에서 0에 닿는다.' "
        "채점기는 네 가지를 다 다뤘는지만 봅니다. 내용은 ex.q2.solution()의 모범 답과 견주어 보세요.",
    ),
    solution='''\
answer = """최고 학습률은 시드 0 범위 테스트에서 손실이 가장 가파르게 내려간 곳(약 0.02)으로 골랐다. 최저점(약 0.15)은 이미 손실이 다시
오르기 직전이라 300스텝 내내 쓰기에는 너무 크다. 워밍업 30스텝(예산의 10 %)은 Adam의 첫 걸음이 모든 매개변수를 거의 학습률만큼
움직이므로 처음을 살살 가게 한다. 감쇠는 코사인으로 남은 270스텝 동안 0까지 줄여, 예산의 끝에서 잡음을 줄이고 바닥에 자리 잡게 한다."""''',
    explanation="설계의 근거를 적어 두면, 결과가 기대와 다를 때 어느 가정이 틀렸는지 찾을 수 있습니다.",
)

q3 = Exercise(
    LESSON, "q3", "세 시드의 결과에서 내린 결론",
    checker=_text_checker(60, [
        (r"시드|seed", "몇 개의, 어느 시드에서 본 결과인지 말하지 않았습니다."),
        (r"\d", "잰 값(초과 손실이나 그 차이 같은 숫자)을 하나도 적지 않았습니다."),
        (r"기준선|baseline|상수|고정", "기준선(제안 학습률로 고정)과 견준 결론이 없습니다."),
        (r"워밍업|감쇠|최고|peak|warm|decay|코사인|줄", "결과를 스케줄의 어느 부분(최고 학습률, 워밍업, 감쇠) 덕분 또는 탓으로 보는지 말하지 않았습니다."),
    ]),
    hint=(
        "무엇을 몇 개의 시드에서 쟀고, 기준선과 비교해 어땠는지(모든 시드에서? 평균만?), 그 차이가 시드 사이의 흔들림보다 큰지 적으세요.",
        "예: '시드 0, 1, 2 모두에서 내 스케줄의 초과 손실이 기준선보다 약 0.06 작았다. 시드 사이의 흔들림(약 0.01)보다 크다. 이득은 대부분 감쇠에서 온다 …' "
        "채점기는 시드, 숫자, 기준선, 스케줄의 부분을 다 다뤘는지만 봅니다.",
    ),
    solution='''\
answer = """시드 0, 1, 2 모두에서 워밍업 + 코사인의 초과 손실(약 0.10)이 기준선(제안 학습률 고정, 약 0.17)보다 작았고, 차이(약 0.07)는
시드 사이의 흔들림(0.002 아래)보다 훨씬 컸다. 같은 최고 학습률에서 워밍업을 빼도 결과는 비슷했으므로 이득은 대부분 끝에서 0까지 줄이는 감쇠에서 온다.
워밍업은 최고 학습률을 더 올릴 때 필요했다. 새 시드 3개에서도 기준선을 이겼다(채점기)."""''',
    explanation="결론에는 시드 수, 잰 값, 비교 대상, 그리고 무엇 덕분인지가 들어가야 다른 사람이 확인할 수 있습니다.",
)


# ---------------------------------------------------------------------------
# q4: 고칠 학습 스크립트
# ---------------------------------------------------------------------------

q4 = Exercise(
    LESSON, "q4", "train_script(loader, epochs, path, stop_after): OneCycleLR 학습 스크립트의 버그 세 가지 고치기", checker=_check_script,
    hint=(
        "07의 점검표로 위에서부터 보세요: total_steps는 실제 배치 수와 같은가? scheduler.step()은 optimizer.step() 다음인가? 체크포인트에 스케줄러 상태가 들어 있는가?",
        "total_steps=epochs * len(loader); 배치 루프 안에서 optimizer.step() 뒤에 scheduler.step(); torch.save에 'scheduler': scheduler.state_dict()를 넣고 "
        "재개할 때 scheduler.load_state_dict(checkpoint['scheduler'])를 부르세요.",
    ),
    solution='''\
import os

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

from lrcourse import models


def train_script(loader, epochs, path, stop_after=None):
    model = models.mlp(hidden=(32,), seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))  # 실제 배치 수
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
            scheduler.step()  # optimizer.step() 다음에
        if stop_after is not None and epoch + 1 == stop_after:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch + 1}, path)
            return model
    return model''',
    explanation="버그 셋은 각각 07의 1절(순서), 6절(total_steps), 9절(재개)에서 본 것입니다. 실제 코드에서는 이렇게 함께 나옵니다.",
)


# ---------------------------------------------------------------------------
# 퀴즈: q5 … (강좌 전체)
# ---------------------------------------------------------------------------


def _choice_key(answer, options) -> str:
    """객관식 답을 보기 글자로: "b", "B", "(b)", "b)", 2, "2" 모두 "b". 알아볼 수 없으면 :class:`Wrong`."""
    keys = list(options)
    answer = plain(answer)
    allowed = f"{', '.join(keys)} 가운데 하나(또는 번호 1–{len(keys)})"
    if isinstance(answer, str):
        text = answer.strip().strip("()[]. ").strip().lower()
        if text in keys:
            return text
        if text.isdigit():
            answer = int(text)
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool) and 1 <= int(answer) <= len(keys):
        return keys[int(answer) - 1]
    raise Wrong(f"답은 {allowed}입니다. 받은 것은 {type(answer).__name__} 값 {fmt(answer)}입니다.")


def _choice_checker(item):
    def checker(answer):
        if is_stub(answer):
            raise Unsolved
        key = _choice_key(answer, item["options"])
        if key != item["answer"]:
            raise Wrong(f"({key})는 맞지 않습니다: {item['reasons'][key]}")

    return checker


def _quiz_exercise(number, item):
    if "options" in item:
        checker = _choice_checker(item)
        solution = f'answer = "{item["answer"]}"  # ({item["answer"]}) {item["options"][item["answer"]]}'
    else:
        checker = expect_value(item["answer"], decimals=item.get("decimals"), rtol=item.get("rtol", 1e-6), name=item["name"],
                               mistakes=item.get("mistakes", ()))
        solution = ("import math\n\n" if "math." in item["solution"] else "") + f"answer = {item['solution']}"
    return Exercise(LESSON, f"q{number}", f"퀴즈 {number - 4}: {item['title']}", checker=checker, hint=item["hints"],
                    solution=solution, explanation=item["explanation"])


QUIZ = [_quiz_exercise(i + 5, item) for i, item in enumerate(QUIZ_ITEMS)]
globals().update({e.name: e for e in QUIZ})  # ex.q5, ex.q6, …
_quiz_results: dict[int, str] = {}


def show_quiz() -> None:
    """퀴즈 문항을 모두 보입니다."""
    for n, item in enumerate(QUIZ_ITEMS, 1):
        print(f"퀴즈 {n} ({item['topic']}). {item['text']}")
        for key, text in item.get("options", {}).items():
            print(f"   ({key}) {text}")
        print()


def check_quiz(answers) -> None:
    """퀴즈 답 목록을 채점합니다. 문항마다 한 줄씩, 틀린 문항은 그 까닭(정답은 말하지 않음)."""
    answers = list(answers) if isinstance(answers, (list, tuple)) else [answers]
    if len(answers) != len(QUIZ):
        print(f"퀴즈는 {len(QUIZ)}문항인데 답이 {len(answers)}개입니다. 문항마다 하나씩 넣으세요 (아직 모르는 문항은 ...).")
        return
    for n, (exercise, answer) in enumerate(zip(QUIZ, answers), 1):
        result = exercise.evaluate(answer)
        _quiz_results[n] = result.status
        if result.correct:
            record(exercise.key)
        print(f"퀴즈 {n} — {result.message}")


def quiz_score() -> None:
    """마지막으로 채점한 퀴즈의 점수와, 틀렸거나 아직 풀지 않은 문항 번호."""
    if not _quiz_results:
        print("아직 채점한 퀴즈가 없습니다: ex.check_quiz([...])를 먼저 실행하세요.")
        return
    right = [n for n, s in _quiz_results.items() if s == "correct"]
    wrong = [n for n, s in _quiz_results.items() if s == "wrong"]
    open_ = [n for n, s in _quiz_results.items() if s == "unsolved"]
    line = f"퀴즈 점수: {len(right)}/{len(QUIZ)}"
    if wrong:
        line += f" · 다시 볼 문항: {', '.join(map(str, wrong))} (ex.qN.hint()로 힌트)"
    if open_:
        line += f" · 아직 풀지 않은 문항: {', '.join(map(str, open_))}"
    print(line)


# ---------------------------------------------------------------------------
# p1: 범위 테스트의 최저점 학습률로 고정하면?
# ---------------------------------------------------------------------------


def _min_lr_outcome(at_min, at_suggestion):
    """최저점 학습률 고정과 제안 학습률 고정의 초과 손실(시드마다) → 선택지."""
    ratio = float(np.mean(at_min)) / float(np.mean(at_suggestion))
    if not math.isfinite(ratio) or ratio > 1.5:
        return "c"
    return "a" if ratio < 0.8 else "b"


p1 = Prediction(
    LESSON, "p1",
    "범위 테스트에서 손실이 가장 낮았던 학습률(finder.min_lr)로 300스텝 내내 고정하면, 제안(finder.suggested_lr = min_lr / 10)으로 고정한 기준선보다 초과 손실이?",
    choices={"a": "작다 (0.8배 아래: 큰 학습률로 더 빨리 배우므로)", "b": "비슷하다 (0.8–1.5배)", "c": "훨씬 크다 (1.5배 넘게)"},
    outcome=_min_lr_outcome,
    why=(
        "범위 테스트는 학습률을 스텝마다 키우며 한 번 학습하므로, 최저점은 '그 학습률을 잠깐 썼을 때 아직 손실이 내려가던 마지막 곳'입니다. "
        "부드럽게 한 곡선은 늦게 움직여 최저점이 실제보다 큰 학습률에 찍히고, 그 학습률을 300스텝 내내 쓰면 Adam의 걸음이 너무 커서 "
        "모델이 나쁜 곳에 갇힙니다. 그래서 fastai의 규칙은 최저점을 10으로 나누고, 워밍업 + 감쇠 스케줄의 최고 학습률도 최저점보다 아래에서 고릅니다."
    ),
)
