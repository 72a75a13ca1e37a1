"""이 가상 환경의 JupyterLab이 쓸 기본 언어를 정합니다 (사용자 전체 설정 ~/.jupyter는 건드리지 않습니다).

사용법::

    .venv/bin/python tools/lab_locale.py          # 한국어(ko_KR)
    .venv/bin/python tools/lab_locale.py en       # 영어로 되돌리기

JupyterLab은 앱 폴더의 ``settings/overrides.json``을 설정의 기본값으로 읽습니다. 앱 폴더는 이 스크립트를
실행한 파이썬 환경의 것(보통 ``<가상 환경>/share/jupyter/lab``, 환경 변수 ``JUPYTERLAB_DIR``가 있으면 그곳)이므로
다른 환경의 JupyterLab에는 영향이 없습니다. 파일에 다른 설정이 있으면 그대로 두고 언어만 바꿉니다.
사용자가 JupyterLab의 설정 → 언어에서 고른 언어(~/.jupyter/lab/user-settings)는 이 기본값보다 앞섭니다.
한국어 화면에는 ``jupyterlab-language-pack-ko-KR``(pyproject.toml의 ``lab`` 묶음)이 있어야 합니다.
"""

from __future__ import annotations

import json
import pathlib
import sys

TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
LOCALES = ("ko_KR", "en")


def overrides_path() -> pathlib.Path:
    """이 파이썬 환경의 JupyterLab이 읽는 overrides.json의 경로."""
    from jupyterlab.commands import get_app_dir

    return pathlib.Path(get_app_dir()) / "settings" / "overrides.json"


def set_locale(locale: str = "ko_KR", path: pathlib.Path | None = None) -> pathlib.Path:
    """``path``(기본: ``overrides_path()``)의 언어 설정을 ``locale``로 쓰고 그 경로를 돌려줍니다."""
    if locale not in LOCALES:
        raise ValueError(f"locale={locale!r}는 쓸 수 없습니다. {', '.join(LOCALES)} 가운데 하나여야 합니다.")
    path = overrides_path() if path is None else pathlib.Path(path)
    overrides = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    overrides.setdefault(TRANSLATION_PLUGIN, {})["locale"] = locale
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overrides, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    locale = args[0] if args else "ko_KR"
    try:
        path = set_locale(locale)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"JupyterLab 기본 언어를 {locale}로 정했습니다: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
