"""학습 탐색기의 워밍업 슬라이더: 버튼을 누르면 고른 스케줄 앞에 선형 워밍업을 붙여 학습합니다."""

import html

import pytest

from lrcourse import schedules, widgets as lw

PER_EPOCH = 22  # 학습 세트 1,438장, 배치 64


def test_warmup_zero_keeps_the_schedule_as_it_was():
    explorer = lw.training_explorer("constant", epochs=1, run=False)
    assert explorer.control("warmup").value == 0
    explorer.train()
    assert "constant(lr=0.5)" in explorer.status.value
    assert "linear_warmup" not in explorer.status.value


def test_warmup_slider_prepends_linear_warmup_and_cosine_ends_at_the_last_step():
    total = 2 * PER_EPOCH
    explorer = lw.training_explorer("cosine_annealing", epochs=2, optimizer="adam", warmup=10, lr=0.01, run=False)
    # 워밍업 10스텝이면 뒤의 코사인은 나머지 34스텝이어야 학습 끝에서 다 줄어듭니다 (T_max = 전체 − W).
    assert explorer.control("T_max").value == total - 10
    explorer.train()
    expected = schedules.linear_warmup(schedules.cosine_annealing(0.01, total - 10), 10)
    shown = html.unescape(explorer.status.value)
    assert repr(expected) in shown, shown
    # 슬라이더를 옮기면 (손대지 않은) T_max도 따라가고, 버튼을 눌러야 새 설정으로 학습합니다.
    before = bytes(explorer.image.value)
    explorer.control("warmup").value = 20
    assert explorer.control("T_max").value == total - 20
    assert bytes(explorer.image.value) == before
    explorer.train()
    assert bytes(explorer.image.value) != before
    expected = schedules.linear_warmup(schedules.cosine_annealing(0.01, total - 20), 20)
    assert repr(expected) in html.unescape(explorer.status.value)


def test_choosing_cosine_later_also_gets_t_max_total_minus_warmup():
    explorer = lw.training_explorer("constant", epochs=2, warmup=10, run=False)
    explorer.control("schedule").value = "cosine_annealing"
    assert explorer.control("T_max").value == 2 * PER_EPOCH - 10


def test_hand_set_t_max_is_left_alone():
    explorer = lw.training_explorer("cosine_annealing", epochs=2, warmup=10, T_max=30, run=False)
    explorer.control("warmup").value = 5
    assert explorer.control("T_max").value == 30


def test_warmup_out_of_range_is_a_korean_error():
    with pytest.raises(ValueError, match="매개변수 'warmup'"):
        lw.training_explorer("constant", epochs=1, warmup=PER_EPOCH, run=False)
