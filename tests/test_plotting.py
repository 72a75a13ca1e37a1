"""lrcourse.plotting: 한국어 글꼴이 없는 컴퓨터에서도 한글 그림이 경고 없이 그려지는지, 그림 도우미가 약속대로 그리는지."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_hex

import lrcourse
from lrcourse import plotting
from lrcourse import schedules as S

FONT_DIR = Path(lrcourse.__file__).resolve().parent / "fonts"

# 하위 프로세스: 새 matplotlib 캐시로 시작해 시스템의 한글 글꼴을 모두 목록에서 지워(=한국어 글꼴이 없는
# Colab·Binder·CI), 한글 제목·축 이름·범례와 음수 눈금, 로그 눈금(수식 빼기 기호)이 있는 그림을 PNG로 저장합니다.
# 경고는 오류로 바꾸고, matplotlib이 logging으로 내는 글리프 경고(수식 쪽)도 모읍니다.
SCRIPT = textwrap.dedent(
    """
    import json, logging, sys, warnings
    warnings.simplefilter("error")
    # matplotlib 3.7.0–3.10.6이 pyparsing 3.3과 함께(Colab: 3.10.0 + 3.3.2) 내는 폐지 예정 경고만 뺍니다 (docs/versions.md).
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="(matplotlib|pyparsing)[.]")
    log_messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            log_messages.append(record.getMessage())

    logging.getLogger("matplotlib").addHandler(Collect(level=logging.WARNING))
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    HANGUL = 0xD55C  # '한'
    def has_hangul(path):
        try:
            return HANGUL in FT2Font(path).get_charmap()
        except Exception:
            return False

    manager = font_manager.fontManager
    removed = sorted({f.fname for f in manager.ttflist if has_hangul(f.fname)})
    manager.ttflist = [f for f in manager.ttflist if f.fname not in removed]
    manager._findfont_cached.cache_clear()
    left = sorted({f.fname for f in manager.ttflist if has_hangul(f.fname)})

    if sys.argv[1] == "bundled":
        import lrcourse.plotting as plotting
        from lrcourse import schedules as S
        ax = plotting.plot_schedules(
            {"상수": S.constant(0.1), "계단 감쇠": S.step_decay(0.1, step_size=30)},
            100, log=True, title="한글 제목: 학습률 비교",
        )
        plotting.mark_divergence(ax, 70)
        ax.set_xlim(-50, 100)  # 음수 눈금 이름표
        fig = ax.figure
    else:  # 대조군: 내장 글꼴 없이 같은 한글을 그리면 경고가 나야 합니다
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], label="상수")
        ax.set_title("한글 제목")
        ax.legend()

    fig.savefig(sys.argv[2], format="png")
    font_props = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    print(json.dumps({
        "removed": removed,
        "left": left,
        "nanum": font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
            if sys.argv[1] == "bundled" else None,
        "fallback_chain": [str(p) for p in manager._find_fonts_by_props(font_props)],
        "xticklabels": [t.get_text() for t in ax.get_xticklabels()],
        "log": log_messages,
    }))
    """
)


def run_fresh(mode, tmp_path):
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path / "mplconfig"))  # 빈 캐시: 글꼴 목록을 새로 만듭니다
    png = tmp_path / f"{mode}.png"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, str(png)], capture_output=True, text=True, env=env, timeout=120
    )
    return result, png


def test_hangul_figure_without_korean_system_font_has_no_glyph_warning(tmp_path):
    result, png = run_fresh("bundled", tmp_path)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["left"] == []  # 시스템의 한글 글꼴이 정말 모두 빠졌는지
    assert info["log"] == []  # 수식(로그 눈금)의 글리프 경고도 없어야 합니다
    # 한글을 그리는 글꼴은 패키지 안의 파일이어야 합니다
    assert Path(info["nanum"]).resolve() == FONT_DIR / "NanumGothic.ttf"
    assert str(FONT_DIR / "NanumGothic.ttf") in info["fallback_chain"]
    # 음수 눈금은 하이픈으로 씁니다 (나눔고딕에는 U+2212가 없음)
    assert any(t.startswith("-") for t in info["xticklabels"]) and not any("\u2212" in t for t in info["xticklabels"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_bundled_font_the_same_hangul_figure_warns(tmp_path):
    # 위 테스트가 실제로 실패할 수 있음을 보이는 대조군: 글꼴을 등록하지 않으면 Glyph 경고가 오류가 됩니다
    result, _ = run_fresh("control", tmp_path)
    assert result.returncode != 0
    assert "Glyph" in result.stderr and "missing" in result.stderr


def test_bundled_font_and_licence_are_in_the_package():
    assert (FONT_DIR / "NanumGothic.ttf").stat().st_size > 1_000_000
    licence = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence and "NAVER" in licence


def test_bundled_font_lacks_unicode_minus_so_it_is_switched_off():
    from matplotlib.ft2font import FT2Font

    assert 0x2212 not in FT2Font(str(plotting.FONT_PATH)).get_charmap()
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_bundled_font_is_preferred_even_when_system_has_nanum():
    path = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
    assert Path(path).resolve() == plotting.FONT_PATH


def test_use_korean_font_is_idempotent():
    count = sum(f.fname == str(plotting.FONT_PATH) for f in font_manager.fontManager.ttflist)
    plotting.use_korean_font()
    assert sum(f.fname == str(plotting.FONT_PATH) for f in font_manager.fontManager.ttflist) == count


@pytest.fixture
def schedule_set():
    return {
        "상수": S.constant(0.05),
        "계단 감쇠": S.step_decay(0.1, step_size=10, gamma=0.5),
        "역제곱근": S._make("inverse_sqrt", lambda t: 0.1 / np.sqrt(t + 1.0)),
    }


@pytest.mark.filterwarnings("ignore::DeprecationWarning:(matplotlib|pyparsing)[.]")  # 위 SCRIPT의 주석
@pytest.mark.filterwarnings("error")
def test_plot_schedules_draws_every_schedule_with_its_values_and_name(schedule_set):
    ax = plotting.plot_schedules(schedule_set, 50)
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, (name, schedule) in zip(lines, schedule_set.items()):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(50))  # 정수 n → 스텝 0 … n−1
        np.testing.assert_array_equal(line.get_ydata(), schedule(np.arange(50)))
        assert line.get_label() == name
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(schedule_set)
    assert ax.get_xlabel() == "스텝" and ax.get_ylabel() == "학습률"
    assert ax.get_title() == "학습률 스케줄"
    assert ax.get_yscale() == "linear"
    matplotlib.pyplot.close(ax.figure)


def test_lines_differ_in_both_colour_and_linestyle():
    # 색만으로 구별하지 않습니다: 선 모양 수만큼의 스케줄은 색도 선 모양도 모두 다릅니다
    many = {f"스케줄 {i}": S.constant(0.01 * (i + 1)) for i in range(len(plotting.LINESTYLES))}
    ax = plotting.plot_schedules(many, 5)
    colours = [to_hex(line.get_color()) for line in ax.get_lines()]
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert len(set(colours)) == len(many)
    assert len(set(styles)) == len(many)
    assert set(c.upper() for c in colours) <= set(c.upper() for c in plotting.PALETTE)
    # 팔레트 한 바퀴(8개) 안에서는 (색, 선 모양) 쌍이 겹치지 않습니다
    pairs = {(plotting.PALETTE[i % 8], plotting.LINESTYLES[i % len(plotting.LINESTYLES)]) for i in range(8)}
    assert len(pairs) == 8
    matplotlib.pyplot.close(ax.figure)


def test_palette_is_okabe_ito():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(plotting.PALETTE) == okabe_ito and len(plotting.PALETTE) == 8


def test_plot_schedules_on_given_axes_with_array_steps_and_log_scale(schedule_set):
    fig, ax = plotting.new_axes(detached=True)
    steps = np.array([0, 5, 10, 100, 1000])
    out = plotting.plot_schedules(schedule_set, steps, ax=ax, log=True, title="비교", xlabel="에포크")
    assert out is ax
    assert ax.get_yscale() == "log"
    assert ax.get_title() == "비교" and ax.get_xlabel() == "에포크"
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), steps)


def test_step_like_schedules_are_drawn_as_stairs_and_smooth_ones_as_lines():
    # 학습률은 한 스텝 동안 일정합니다: 스텝 감쇠의 떨어짐이 스텝 29→30의 비스듬한 선이 아니라 스텝 30의 수직선이어야
    # 합니다. 매 스텝 바뀌는 코사인은 선으로 잇고, 드문드문 고른 스텝도 선으로 잇습니다.
    fig, ax = plotting.new_axes(detached=True)
    plotting.plot_schedules({"계단": S.step_decay(0.1, 30), "코사인": S.cosine_annealing(0.1, 90)}, 90, ax=ax)
    assert [line.get_drawstyle() for line in ax.get_lines()] == ["steps-post", "default"]
    fig, ax = plotting.new_axes(detached=True)
    plotting.plot_schedules({"계단": S.step_decay(0.1, 5)}, np.array([0, 5, 10, 100]), ax=ax)
    assert ax.get_lines()[0].get_drawstyle() == "default"


def test_single_schedule_title_names_it():
    fig, ax = plotting.new_axes(detached=True)
    plotting.plot_schedules({"계단 감쇠": S.step_decay(0.1, 5)}, 10, ax=ax)
    assert ax.get_title() == "학습률 스케줄: 계단 감쇠"


@pytest.mark.parametrize(
    "schedules, steps, error, word",
    [
        ({}, 10, ValueError, "schedules"),
        ([S.constant(0.1)], 10, TypeError, "schedules"),
        ({"a": 0.1}, 10, TypeError, "schedules"),
        ({"a": S.constant(0.1)}, 0, ValueError, "steps"),
        ({"a": S.constant(0.1)}, -5, ValueError, "steps"),
        ({"a": S.constant(0.1)}, 10.0, TypeError, "steps"),
        ({"a": S.constant(0.1)}, np.array([0, -1, 2]), ValueError, "steps"),
        ({"a": S.constant(0.1)}, np.zeros((2, 2), dtype=int), ValueError, "steps"),
    ],
    ids=["empty", "list", "number_as_schedule", "zero_steps", "negative_steps", "float_steps",
         "negative_step_in_array", "2d_steps"],
)
def test_plot_schedules_bad_input(schedules, steps, error, word):
    with pytest.raises(error, match=word):
        plotting.plot_schedules(schedules, steps)


def test_new_axes_shapes_and_detached_figure_is_not_tracked_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig, axes = plotting.new_axes(ncols=3, detached=True)
    assert axes.shape == (3,)
    assert plt.get_fignums() == before
    fig, ax = plotting.new_axes(figsize=(4, 3))
    assert tuple(fig.get_size_inches()) == (4, 3)
    plt.close(fig)
    with pytest.raises(ValueError, match="ncols"):
        plotting.new_axes(ncols=0)


def test_figure_to_png_returns_png_bytes_and_closes_pyplot_figure():
    import matplotlib.pyplot as plt

    fig, ax = plotting.new_axes()
    plotting.style_axes(ax, "제목", "스텝", "손실", log=False)
    data = plotting.figure_to_png(fig)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert fig.number not in plt.get_fignums()


def test_mark_divergence():
    fig, ax = plotting.new_axes(detached=True)
    assert plotting.mark_divergence(ax, None) is None  # 발산하지 않은 기록은 그대로
    line = plotting.mark_divergence(ax, 42)
    assert list(line.get_xdata()) == [42, 42]
    assert "42" in line.get_label()
    with pytest.raises(ValueError, match="step"):
        plotting.mark_divergence(ax, -1)


def test_style_axes_log_grid_and_legend():
    fig, ax = plotting.new_axes(detached=True)
    ax.plot([1, 2], [1e-3, 1e-1], label="곡선")
    plotting.style_axes(ax, "제목", "스텝", "학습률", log=True)
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is not None
    assert ax.xaxis.get_gridlines()[0].get_visible()


def test_plot_schedules_reachable_from_package():
    assert lrcourse.plot_schedules is plotting.plot_schedules
