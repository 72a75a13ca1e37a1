"""tools/lab_locale.py: JupyterLab 기본 언어를 이 환경의 overrides.json에만 씁니다 (make setup, make lab)."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLUGIN = "@jupyterlab/translation-extension:plugin"


def load_tool():
    spec = importlib.util.spec_from_file_location("lab_locale", ROOT / "tools" / "lab_locale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lab_locale = load_tool()


def test_writes_locale_and_keeps_other_overrides(tmp_path):
    path = tmp_path / "settings" / "overrides.json"
    path.parent.mkdir()
    other = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    path.write_text(json.dumps(other), encoding="utf-8")
    lab_locale.set_locale("ko_KR", path)
    assert json.loads(path.read_text(encoding="utf-8")) == {**other, PLUGIN: {"locale": "ko_KR"}}
    lab_locale.set_locale("en", path)  # 영어로 되돌리기
    assert json.loads(path.read_text(encoding="utf-8"))[PLUGIN] == {"locale": "en"}


def test_unknown_locale_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="locale='ko'.*ko_KR, en"):
        lab_locale.set_locale("ko", tmp_path / "overrides.json")
    assert not (tmp_path / "overrides.json").exists()


def test_default_path_is_this_environment_not_the_home_folder():
    pytest.importorskip("jupyterlab", reason="lab 묶음이 없습니다: pip install -e '.[lab]'")
    import sys

    path = lab_locale.overrides_path()
    assert path.name == "overrides.json" and path.parent.name == "settings"
    assert pathlib.Path(sys.prefix) in path.parents or "JUPYTERLAB_DIR" in __import__("os").environ
    assert pathlib.Path.home() / ".jupyter" not in path.parents


def test_make_setup_and_lab_set_the_locale():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^setup:.*\blab-locale\b", makefile, re.M)
    assert re.search(r"^lab-locale:.*\n\t\$\(PY\) tools/lab_locale\.py \$\(LAB_LOCALE\)$", makefile, re.M)
    assert re.search(r"^LAB_LOCALE \?= ko_KR$", makefile, re.M)
