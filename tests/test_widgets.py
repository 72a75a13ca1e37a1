"""탐색기(lrcourse.widgets)가 노트북 밖에서도 약속대로 움직이는지: 만들기, 슬라이더 → 그림, 오류 → 한국어 메시지.

브라우저에서 실제로 그려지는지는 tests/browser/에서 봅니다.
"""

import base64
import html
import inspect
import os
import re

import ipywidgets as widgets
import numpy as np
import pytest

from lrcourse import schedules, widgets as lw

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png(explorer) -> bytes:
    return bytes(explorer.image.value)


def test_every_schedule_factory_is_in_the_dropdown():
    # 스케줄 모듈에 팩토리가 새로 생기면 탐색기에도 있어야 합니다 (Schedule 클래스와 표시용 도우미는 빼고).
    helpers = {"Schedule", "milestone_steps", "restart_steps", "cycle_starts"}
    factories = {name for name in schedules.__all__ if name not in helpers}
    explorer = lw.schedule_explorer()
    options = {value for _, value in explorer.control("schedule").options}
    assert factories <= options


# 탐색기가 보여 주는 수식: 팩토리 docstring의 '수식' 문단(과 기호를 정의하는 앞 문단)을 그대로 옮긴 글입니다.
# docstring의 수식이 바뀌면 이 표도 함께 고쳐야 합니다: 탐색기에 보이는 글이 바뀌는 것이기 때문입니다.
FORMULAS = {
    "constant": "lr(t) = lr   (t는 스텝)",
    "step_decay": "lr(t) = lr · gamma^⌊t / step_size⌋",
    "multistep_decay": "lr(t) = lr · gamma^(t 이하인 마일스톤의 개수)",
    "exponential_decay": "lr(t) = lr · gamma^(t / decay_steps)   (staircase=True면 지수를 ⌊t / decay_steps⌋로 내림)",
    "polynomial_decay": "lr(t) = end_lr + (lr − end_lr) · (1 − min(t, total_steps) / total_steps)^power",
    "cosine_annealing": "lr(t) = eta_min + (lr − eta_min) · (1 + cos(π · min(t, T_max) / T_max)) / 2",
    "cosine_warm_restarts": (
        "첫 주기의 길이는 T_0 스텝이고, 재시작할 때마다 주기가 T_mult배 길어집니다. n번째 주기(n = 0, 1, …)는 "
        "스텝 S_n = T_0·(T_mult^n − 1)/(T_mult − 1)에서 시작합니다 (T_mult = 1이면 S_n = n·T_0). "
        "주기 안의 위치 T_cur = t − S_n, 주기 길이 T_i = T_0·T_mult^n 으로\n"
        "lr(t) = eta_min + (lr − eta_min) · (1 + cos(π · T_cur / T_i)) / 2"
    ),
    "linear_warmup": (
        "(s = start_factor, base = schedule(0))\n"
        "t < W:  lr(t) = base · (s + (1 − s) · t / W)\n"
        "t ≥ W:  lr(t) = schedule(t − W)"
    ),
    "one_cycle": (
        "initial_lr = max_lr / div_factor, min_lr = initial_lr / final_div_factor 입니다. 구간 경계는 PyTorch와 "
        "똑같이 e₁ = pct_start·total_steps − 1 (three_phase면 e₂ = 2·pct_start·total_steps − 2), 마지막 경계는 "
        "total_steps − 1 입니다 (부동소수점 값 그대로 씁니다).\n"
        "(a = 구간 시작 스텝, b = 구간 끝 스텝, p = (t − a)/(b − a))\n"
        "t ≤ e₁:         initial_lr → max_lr        (a = 0, b = e₁)\n"
        "(three_phase) t ≤ e₂: max_lr → initial_lr  (a = e₁, b = e₂)\n"
        "그 밖:          (직전 값) → min_lr          (b = total_steps − 1)\n"
        "anneal_strategy='cos':    lr = end + (start − end)/2 · (1 + cos(π·p))\n"
        "anneal_strategy='linear': lr = start + (end − start) · p"
    ),
    "warmup_stable_decay": (
        "W = warmup_steps, D = decay_steps, T = total_steps, p = (t − (T − D)) / D 로\n"
        "t < W:           lr(t) = lr · t / W                     (워밍업, 스텝 0에서 0)\n"
        "W ≤ t < T − D:   lr(t) = lr                              (유지)\n"
        "T − D ≤ t ≤ T:   lr(t) = min_lr + (lr − min_lr) · f(p)   (감쇠)\n"
        "t > T:           lr(t) = min_lr\n"
        "f(p) = 1 − p ('linear'), (1 + cos(π·p))/2 ('cosine'), 1 − √p ('1-sqrt')"
    ),
    "join": "(b₀ < b₁ < … 는 boundaries, b₋₁ = 0)\nb_{i−1} ≤ t < b_i 이면 lr(t) = schedules[i](t − b_{i−1})",
    "by_epoch": "lr(t) = schedule(⌊t / steps_per_epoch⌋)",
}
# 탐색기가 수식 아래에 덧붙이는 설명: 슬라이더가 팩토리의 어느 인자가 되는지.
NOTES = {
    "polynomial_decay": "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    "linear_warmup": "워밍업 뒤에는 cosine_annealing(lr, T_max=전체 스텝 − warmup_steps)을 따릅니다.",
    "one_cycle": "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    "warmup_stable_decay": "total_steps는 '전체 스텝' 슬라이더 값을 씁니다.",
    "join": "join([constant(lr), cosine_annealing(lr, T_max=전체 스텝 − 경계)], [경계]) 입니다. "
            "두 번째 조각은 경계에서 자기 스텝 0부터 셉니다.",
    "by_epoch": "by_epoch(step_decay(lr, step_size, gamma), steps_per_epoch) 입니다.",
}


def shown_text(html_widget) -> str:
    """HTML 위젯 하나(<div …>글</div>)가 화면에 보이는 글."""
    match = re.fullmatch(r"<div[^>]*>(.*)</div>", html_widget.value, flags=re.S)
    assert match, html_widget.value
    return html.unescape(match.group(1))


def test_formula_table_covers_the_dropdown():
    options = {value for _, value in lw.schedule_explorer().control("schedule").options}
    assert set(FORMULAS) == options


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_each_schedule_draws_with_its_exact_formula_and_no_error(name):
    explorer = lw.schedule_explorer(name)
    assert png(explorer).startswith(PNG_MAGIC)
    assert explorer.message.value == ""
    expected = f"{name}: {FORMULAS[name]}" + (f"\n{NOTES[name]}" if name in NOTES else "")
    assert shown_text(explorer.formula) == expected


def test_second_schedule_formula_follows_the_first():
    explorer = lw.schedule_explorer("constant", compare="step_decay")
    assert shown_text(explorer.formula) == f"constant: {FORMULAS['constant']}\nstep_decay: {FORMULAS['step_decay']}"


def test_moving_a_slider_changes_the_figure():
    explorer = lw.schedule_explorer("step_decay")
    before = png(explorer)
    explorer.control("gamma").value = 0.5
    after = png(explorer)
    assert after.startswith(PNG_MAGIC) and after != before


def test_initial_values_from_keyword_arguments():
    explorer = lw.schedule_explorer("cosine_warm_restarts", T_0=50, total_steps=400, log_scale=True)
    assert explorer.control("T_0").value == 50
    assert explorer.control("total_steps").value == 400
    assert explorer.control("log_scale").value is True
    # T_0=50, 400 스텝이면 재시작은 50, 100, …, 350의 7번입니다.
    keys_html = explorer.key_values.value
    assert "재시작 스텝: 50, 100, 150, 200, 250, 300, 350" in keys_html


def test_unknown_keyword_is_a_korean_error():
    with pytest.raises(ValueError, match="알 수 없는 매개변수"):
        lw.schedule_explorer("cosine_annealing", T_0=50)
    with pytest.raises(ValueError, match="매개변수 'schedule'"):
        lw.schedule_explorer("cosine")


def test_second_schedule_overlay_changes_figure_and_key_values():
    explorer = lw.schedule_explorer("cosine_annealing")
    alone = png(explorer)
    explorer.control("compare_schedule").value = "step_decay"
    assert png(explorer) == alone  # 겹쳐 그리기를 켜기 전에는 그림이 그대로입니다
    explorer.control("compare").value = True
    assert png(explorer) != alone
    assert "2: step_decay(" in explorer.key_values.value


def test_invalid_combination_shows_korean_error_and_keeps_last_figure():
    # WSD: warmup_steps + decay_steps가 전체 스텝을 넘을 수 없습니다.
    explorer = lw.schedule_explorer("warmup_stable_decay", total_steps=1000, warmup_steps=100, decay_steps=200)
    good = png(explorer)
    explorer.control("warmup_steps").value = 900  # 900 + 200 > 1000
    assert "decay_steps" in explorer.message.value and "허용되는 값" in explorer.message.value
    assert png(explorer) == good
    explorer.control("warmup_steps").value = 100
    assert explorer.message.value == ""  # 고치면 메시지가 사라집니다


def test_bad_milestones_text_is_a_korean_error():
    explorer = lw.schedule_explorer("multistep_decay")
    explorer.control("milestones").value = "300, 육백"
    assert "milestones" in explorer.message.value and "쉼표로 구분한 정수" in explorer.message.value


def test_step_sliders_reach_twice_the_total_and_follow_it():
    # T_max가 그린 구간보다 긴 경우(끝까지 다 줄지 않음)도 볼 수 있게 스텝 슬라이더는 전체 스텝의 2배까지 갑니다.
    explorer = lw.schedule_explorer("cosine_annealing", total_steps=1000, T_max=1500)
    assert explorer.control("T_max").value == 1500
    end_lr = schedules.cosine_annealing(0.1, 1500)(999)  # 0.1·(1 + cos(π·999/1500))/2 ≈ 0.025: 아직 다 줄지 않음
    assert end_lr > 0.02
    assert f"끝 학습률 (스텝 999): {end_lr:.4g}" in explorer.key_values.value
    explorer.control("total_steps").value = 200
    assert explorer.control("T_max").value == 400  # 새 최댓값 2·200으로 잘립니다
    assert explorer.message.value == ""


def test_out_of_range_initial_values_are_korean_errors_not_clamped():
    # 슬라이더는 범위 밖 값을 말없이 잘라 냅니다: 처음 값은 그 전에 검사해야 합니다.
    with pytest.raises(ValueError, match="'T_mult'"):
        lw.schedule_explorer("cosine_warm_restarts", T_mult=10)
    with pytest.raises(ValueError, match="'lr'"):
        lw.schedule_explorer("constant", lr=5.0)
    with pytest.raises(ValueError, match="'T_0'.*전체 스텝의 2배"):
        lw.schedule_explorer("cosine_warm_restarts", total_steps=100, T_0=500)
    with pytest.raises(ValueError, match="'anneal_strategy'"):
        lw.schedule_explorer("one_cycle", anneal_strategy="cosine")


def test_unexpected_error_in_callback_is_shown_not_raised(monkeypatch):
    explorer = lw.schedule_explorer("constant")

    def broken(*args, **kwargs):
        raise RuntimeError("부서짐")

    monkeypatch.setattr(schedules, "constant", broken)  # 탐색기는 그릴 때마다 팩토리를 부릅니다
    explorer.control("lr").value = 0.2  # 예외가 여기서 튀어나오면 테스트가 실패합니다
    assert "예상하지 못한 오류" in explorer.message.value and "RuntimeError" in explorer.message.value


def displayed(widget, monkeypatch) -> dict:
    """셀이 위젯을 보여 줄 때 노트북에 나가는 MIME 묶음 (ipywidgets 8과 Colab의 7.7.1 모두).

    ipywidgets 8은 IPython이 ``_repr_mimebundle_``을 불러 묶음을 받고, 7.x는 ``_ipython_display_``가 묶음을
    ``IPython.display.display(묶음, raw=True)``로 직접 내보냅니다.
    """
    if hasattr(type(widget), "_repr_mimebundle_"):
        return widget._repr_mimebundle_()
    import IPython.display
    from ipywidgets.widgets import widget as widget_module

    sent = []
    for module in (IPython.display, widget_module):  # 탐색기는 IPython.display의 것을, ipywidgets는 자기가 import한 것을 부릅니다
        monkeypatch.setattr(module, "display", lambda data, raw=False: sent.append((data, raw)))
    widget._ipython_display_()
    assert len(sent) == 1 and sent[0][1] is True
    return sent[0][0]


def ipywidgets_own_bundle(widget, monkeypatch) -> dict:
    """탐색기가 손대기 전, ipywidgets 자신이 같은 위젯에 내는 묶음 (클래스의 메서드로)."""
    cls = type(widget)
    if hasattr(cls, "_repr_mimebundle_"):
        return cls._repr_mimebundle_(widget)
    from ipywidgets.widgets import widget as widget_module

    sent = []
    monkeypatch.setattr(widget_module, "display", lambda data, raw=False: sent.append(data))
    cls._ipython_display_(widget)
    assert len(sent) == 1
    return sent[0]


def test_explorer_output_is_one_widget_with_short_stable_repr(monkeypatch):
    # nbval은 text/plain을 비교합니다: 위젯의 repr 앞 110자가 실행마다 같아야 합니다.
    a, b = lw.schedule_explorer(), lw.schedule_explorer()
    assert isinstance(a, widgets.VBox)
    assert displayed(a, monkeypatch)["text/plain"] == displayed(b, monkeypatch)["text/plain"]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXPLORERS = {
    "schedule_explorer": lambda: lw.schedule_explorer("step_decay", total_steps=100, gamma=0.5),
    "lr_explorer": lambda: lw.lr_explorer(lr_factor=0.5),
    "training_explorer": lambda: lw.training_explorer("constant", epochs=1),
}


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_display_output_adds_the_current_figure_as_png_and_keeps_the_rest(name, monkeypatch):
    # 위젯을 그릴 수 없는 곳(nbconvert HTML, GitHub)은 image/png를 보여 줍니다. text/plain(nbval이 비교)과
    # 위젯 보기는 ipywidgets가 내는 그대로여야 합니다: 그래야 저장된 노트북의 출력과 같고 JupyterLab이 위젯을 그립니다.
    explorer = EXPLORERS[name]()
    data = displayed(explorer, monkeypatch)
    own = ipywidgets_own_bundle(explorer, monkeypatch)
    assert set(data) == {"text/plain", WIDGET_VIEW, "image/png"}
    assert data["text/plain"] == own["text/plain"] and data["text/plain"].startswith("VBox(children=(HBox(")
    assert data[WIDGET_VIEW] == own[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0,
                                                     "model_id": explorer.model_id}
    assert base64.b64decode(data["image/png"]) == png(explorer)  # 위젯 안의 그림과 같은 PNG
    assert png(explorer).startswith(PNG_MAGIC)


def test_png_in_display_output_follows_the_sliders(monkeypatch):
    explorer = lw.schedule_explorer("step_decay", total_steps=100)
    before = displayed(explorer, monkeypatch)["image/png"]
    explorer.control("gamma").value = 0.5
    after = displayed(explorer, monkeypatch)["image/png"]
    assert after != before and base64.b64decode(after) == png(explorer)


def test_training_explorer_before_the_first_run_shows_no_png(monkeypatch):
    explorer = lw.training_explorer("constant", epochs=1, run=False)
    assert "image/png" not in displayed(explorer, monkeypatch)  # 아직 그림이 없습니다: 빈 그림을 내지 않습니다
    explorer.train()
    assert base64.b64decode(displayed(explorer, monkeypatch)["image/png"]) == png(explorer)


def test_other_widgets_are_displayed_as_ipywidgets_does(monkeypatch):
    # 그림은 탐색기 객체에만 붙습니다: 같은 클래스(VBox)의 다른 위젯은 그대로입니다.
    explorer = lw.schedule_explorer()
    box = widgets.VBox([widgets.IntSlider()])
    assert "image/png" in displayed(explorer, monkeypatch)
    assert displayed(box, monkeypatch) == ipywidgets_own_bundle(box, monkeypatch)
    assert set(displayed(box, monkeypatch)) == {"text/plain", WIDGET_VIEW}


def test_lr_explorer_says_diverges_past_one():
    explorer = lw.lr_explorer(lr_factor=0.5)
    assert "수렴합니다" in explorer.status.value
    before = png(explorer)
    explorer.control("lr_factor").value = 1.1
    assert "발산합니다" in explorer.status.value
    assert png(explorer) != before
    explorer.control("lr_factor").value = 0.02
    assert "너무 작습니다" in explorer.status.value


def test_lr_explorer_threshold_matches_gradient_descent():
    # 상태 글과 실제 경사 하강이 같은 말을 해야 합니다: 0.99 × 2/L은 손실이 줄고 1.01 × 2/L은 늘어납니다.
    # 탐색기의 문제는 make_least_squares(dim=2, L=1, condition, seed)입니다.
    from lrcourse.data import make_least_squares
    from lrcourse.train import gradient_descent

    problem = make_least_squares(dim=2, L=1.0, condition=10.0, seed=0)
    for factor, diverges in ((0.99, False), (1.01, True)):
        result = gradient_descent(problem, factor * 2.0 / problem.L, 2000, x0=problem.x_star + 1.0)
        assert result.diverged is diverges
        explorer = lw.lr_explorer(lr_factor=factor, condition=10.0, seed=0)
        assert ("발산합니다" in explorer.status.value) is diverges, explorer.status.value


def test_training_explorer_button_trains_and_redraws():
    explorer = lw.training_explorer("constant", epochs=2, run=False)
    assert explorer.image.value == b""
    explorer.train()
    first = png(explorer)
    assert first.startswith(PNG_MAGIC), explorer.message.value
    assert "검증 정확도" in explorer.status.value
    assert explorer.control("button").disabled is False  # 끝나면 다시 누를 수 있습니다
    explorer.control("lr").value = 0.05
    assert png(explorer) == first  # 슬라이더만 움직여서는 다시 학습하지 않습니다
    explorer.train()
    assert png(explorer) != first
    assert "2: constant(lr=0.05)" in explorer.status.value


def test_training_explorer_button_is_disabled_while_training(monkeypatch):
    seen = []
    explorer = lw.training_explorer("constant", epochs=1, run=False)

    def fake_fit(*args, **kwargs):
        seen.append(explorer.control("button").disabled)
        raise ValueError("매개변수 'x'의 값이 잘못되었습니다: 시험용 오류.")

    import lrcourse.train

    monkeypatch.setattr(lrcourse.train, "fit", fake_fit)
    explorer.train()
    assert seen == [True]
    assert explorer.control("button").disabled is False
    assert "시험용 오류" in explorer.message.value


def test_explorers_draw_without_pyplot_figures():
    # 셀을 실행해도 위젯 말고 다른 그림이 나오지 않아야 합니다: pyplot에 Figure가 남으면 인라인 백엔드가 그립니다.
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    lw.schedule_explorer()
    lw.lr_explorer()
    assert set(plt.get_fignums()) == before


def test_signatures_document_every_keyword():
    for fn in (lw.schedule_explorer, lw.lr_explorer, lw.training_explorer):
        doc = inspect.getdoc(fn)
        for name, p in inspect.signature(fn).parameters.items():
            if p.kind is p.KEYWORD_ONLY or p.kind is p.POSITIONAL_OR_KEYWORD:
                assert f"{name}:" in doc, (fn.__name__, name)


def test_schedule_explorer_values_match_the_schedule():
    # 그림의 선은 스케줄 값 그대로입니다: 주요 값 글에 나온 끝 학습률을 직접 계산한 값과 비교합니다.
    explorer = lw.schedule_explorer("exponential_decay", total_steps=500, gamma=0.99)
    expected = schedules.exponential_decay(0.1, 0.99)(499)
    assert f"끝 학습률 (스텝 499): {expected:.4g}" in explorer.key_values.value
    assert np.isclose(expected, 0.1 * 0.99 ** 499)


def hidden_in_notebooks(w) -> bool:
    """matplotlib 3.7.0–3.10.6은 pyparsing 3.3과 함께면 그림마다 ``PyparsingDeprecationWarning``을 냅니다.

    Colab이 바로 그 조합입니다(matplotlib 3.10.0, pyparsing 3.3.2; ``make test-colab``). 이 경고는
    ``DeprecationWarning``이고 ``__main__``이 아닌 matplotlib·pyparsing 안에서 나므로, 파이썬의 기본 경고 설정이 숨겨
    노트북의 stderr에는 나오지 않습니다(``make test-colab``의 nbval이 확인합니다). 그 밖의 경고는 모두 셉니다.
    """
    inside = any(f"{os.sep}{package}{os.sep}" in w.filename for package in ("matplotlib", "pyparsing"))
    return issubclass(w.category, DeprecationWarning) and inside


def test_explorers_emit_no_warnings_or_log_messages(recwarn, caplog):
    # 노트북에서 경고나 matplotlib 로그(예: 한글 굵은 글꼴이 없다는 findfont 메시지)는 stderr 출력이 되어 nbval을 깹니다.
    explorer = lw.lr_explorer(lr_factor=1.1)  # 발산 표시까지 그립니다
    explorer.control("lr_factor").value = 0.3
    lw.schedule_explorer("one_cycle", log_scale=True, compare="cosine_warm_restarts")
    assert [str(w.message) for w in recwarn if not hidden_in_notebooks(w)] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= 30] == []


def test_milestones_preset_as_list_and_key_values():
    explorer = lw.schedule_explorer("multistep_decay", milestones=[300, 600], gamma=0.5)
    assert explorer.control("milestones").value == "300, 600"
    # 0.1에서 두 번 반으로: 끝 학습률 0.025, 최솟값은 마지막 마일스톤(600)부터
    assert "끝 학습률 (스텝 999): 0.025" in explorer.key_values.value
    assert "단계가 바뀌는 스텝: 300, 600" in explorer.key_values.value


def test_training_explorer_trains_on_one_thread_and_restores_the_setting(monkeypatch):
    # 작은 MLP는 torch 스레드 하나가 가장 빠릅니다: 탐색기는 학습하는 동안만 1개로 두고, 끝나면 사용자의 설정 그대로입니다.
    import torch

    import lrcourse.models

    real_mlp = lrcourse.models.mlp
    seen = []

    def recording_mlp(*args, **kwargs):
        model = real_mlp(*args, **kwargs)
        model.register_forward_pre_hook(lambda module, inputs: seen.append(torch.get_num_threads()))
        return model

    monkeypatch.setattr(lrcourse.models, "mlp", recording_mlp)
    saved = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        explorer = lw.training_explorer("constant", epochs=1, run=False)
        explorer.train()
        assert seen and set(seen) == {1}
        assert torch.get_num_threads() == 2
        explorer.control("baseline").value = True  # 배치 엔진으로 기준선과 함께
        explorer.train()
        assert explorer.message.value == ""
        assert "3: constant(lr=0.5)" in explorer.status.value  # 첫 실행 1개 + 고른 스케줄과 기준선 2개
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(saved)


def test_closed_explorer_is_shown_like_any_closed_widget():
    # close()는 ipywidgets 8은 _repr_mimebundle_, 7.x는 _ipython_display_를 None으로 덮습니다: 덧붙인 그림 출력도
    # 함께 사라져, 닫힌 위젯의 모델 id를 가리키는 위젯 보기를 내지 않습니다.
    explorer = lw.schedule_explorer()
    explorer.close()
    method = "_repr_mimebundle_" if hasattr(widgets.Widget, "_repr_mimebundle_") else "_ipython_display_"
    assert getattr(explorer, method) is None
