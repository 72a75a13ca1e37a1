"""Colab의 버전 목록(tools/colab-pins.txt)과 그 검사 도구(tools/check_pins.py).

``make test-colab``은 이 목록을 설치하고 이 패키지를 설치한 뒤 버전이 하나도 바뀌지 않았는지 봅니다. 여기서는
빠르게 두 가지를 확인합니다: pyproject.toml의 조건이 Colab의 버전을 모두 허용하는지(허용하지 않으면 Colab에서
pip가 그 패키지를 바꿉니다), 검사 도구가 정말로 다른 버전과 빠진 패키지를 잡는지.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PINS_FILE = ROOT / "tools" / "colab-pins.txt"


def _load_tool():
    spec = importlib.util.spec_from_file_location("check_pins", ROOT / "tools" / "check_pins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_pins = _load_tool()


@pytest.fixture(scope="module")
def pins() -> dict[str, str]:
    return check_pins.read_pins(PINS_FILE.read_text(encoding="utf-8"))


def test_pins_hold_colabs_widget_kernel_and_plotting_versions(pins):
    # googlecolab/backend-info의 pip-freeze.txt (2026-08-19)에 있는 버전. Colab이 판을 올리면 함께 고칩니다.
    assert pins["ipywidgets"] == "7.7.1"  # Colab은 ipywidgets 8을 그리지 못합니다
    assert pins["ipykernel"] == "6.17.1"
    assert pins["ipython"] == "7.34.0"
    assert pins["numpy"] == "2.1.3"
    assert pins["matplotlib"] == "3.10.0"
    assert "torch" not in pins  # Colab의 torch 2.11은 이 머신에 설치할 수 없어 Makefile의 TORCH_SPEC을 씁니다


def test_pyproject_allows_every_colab_version(pins):
    # 조건이 Colab의 버전을 허용하지 않으면, Colab의 설정 셀에서 pip가 그 패키지를 올리거나 내립니다.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    checked = []
    for item in project["dependencies"]:
        requirement = Requirement(item)
        name = check_pins.normalize(requirement.name)
        if name in pins:
            assert requirement.specifier.contains(pins[name], prereleases=True), (item, pins[name])
            checked.append(name)
    assert {"numpy", "matplotlib", "ipywidgets", "tqdm"} <= set(checked)


def test_check_finds_changed_and_missing_versions():
    pins = check_pins.read_pins("# 주석\nIPyWidgets==7.7.1  # 설명\n\nnumpy==2.1.3\nmatplotlib_inline==0.2.2\n")
    assert pins == {"ipywidgets": "7.7.1", "numpy": "2.1.3", "matplotlib-inline": "0.2.2"}
    installed = {"ipywidgets": "8.1.9", "numpy": "2.1.3"}.get
    assert check_pins.differences(pins, installed) == [
        "ipywidgets: 7.7.1이어야 하는데 8.1.9입니다",
        "matplotlib-inline: 0.2.2이어야 하는데 설치되어 있지 않습니다",
    ]
    assert check_pins.differences({"numpy": "2.1.3"}, installed) == []


@pytest.mark.parametrize("line", ["ipywidgets>=7.7.1", "ipywidgets", "ipywidgets==7.7.1\nipywidgets==8.0.0"])
def test_pins_must_be_exact_and_unique(line):
    with pytest.raises(ValueError, match="줄"):
        check_pins.read_pins(line)


def test_make_test_colab_uses_the_pins_file_and_checks_after_installing():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test-colab:\n((?:\t.*\n)+)", makefile, flags=re.M).group(1)
    install_package = recipe.index("pip install --quiet .\n")
    # 이 패키지를 설치한 뒤에 핀을 검사해야 "설치해도 바뀌지 않음"을 확인한 것입니다.
    assert "tools/check_pins.py $(COLAB_PINS)" in recipe[install_package:]
    assert "COLAB_PINS := tools/colab-pins.txt" in makefile
