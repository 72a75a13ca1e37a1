"""저장소 위생: 비밀, 절대 경로, 개인 정보가 저장소·노트북 출력·사이트에 없고, make lab은 localhost에 토큰과 함께 뜹니다.

찾는 것 (``find_leaks``):
- 개인 폴더의 절대 경로: ``/home/이름``, ``/root/``, ``/Users/이름``, ``C:\\Users\\이름``, 이 기계의 작업 폴더 ``/work/``.
- 노트북 출력과 사이트에서는 더: 임시 폴더(``/tmp/``), 설치 경로(``site-packages``, ``.venv/``) — 실행한
  기계가 드러나는 경고·트레이스백입니다. 저장소의 소스에서는 ``--out /tmp/s`` 같은 사용 예라 허용합니다.
- 토큰과 키: ``token=`` 뒤의 16자 이상 16진수(Jupyter 서버 주소), GitHub·AWS·Hugging Face·OpenAI 모양의 키,
  PEM 개인 키.
- 전자 우편 주소: LICENSE와 data/의 README(데이터 출처)에만 둘 수 있습니다.
심은 예(test_planted_*)로 각 규칙이 실제로 잡는지도 확인합니다.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import shlex
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

# 어디서나 새면 안 되는 것
COMMON_RULES = {
    # /home/jovyan은 사람이 아니라 Jupyter 이미지(repo2docker, docker-stacks)의 정해진 사용자입니다(docs/instructor.md의 z2jh 설정).
    "개인 폴더 경로": re.compile(r"(?<![\w.])/(?:home|Users)/(?!jovyan\b)[A-Za-z0-9_.-]+|(?<![\w.])/root/|[A-Za-z]:\\+Users\\+\w+"),
    "작업 폴더 경로": re.compile(r"(?<![\w.])/work/"),
    "서버 토큰": re.compile(r"token=[0-9a-fA-F]{16,}"),
    "GitHub 토큰": re.compile(r"\b(?:ghp|gho|ghs|ghu)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}"),
    "AWS 키": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "Hugging Face 토큰": re.compile(r"\bhf_[A-Za-z0-9]{30,}"),
    "API 키": re.compile(r"\bsk-[A-Za-z0-9_-]{20,}"),
    "개인 키": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# 노트북 출력과 사이트에서만: 실행한 기계의 임시 폴더와 설치 경로
OUTPUT_RULES = {
    "임시 폴더 경로": re.compile(r"(?<![\w.])/tmp/"),
    "설치 경로": re.compile(r"site-packages|(?<![\w])\.venv/"),
}
# 전자 우편 주소를 둘 수 있는 파일 (저작권자, 데이터 출처)
EMAIL_ALLOWED = [re.compile(r"^LICENSE$"), re.compile(r"^data/(?:.+/)?README[^/]*$")]


def find_leaks(text: str, where: str, *, output: bool = False) -> list[str]:
    """``text``에서 찾은 것을 "어디: 종류: 찾은 글" 목록으로 돌려줍니다. ``output``이면 출력 규칙도 씁니다."""
    rules = dict(COMMON_RULES, **(OUTPUT_RULES if output else {}))
    found = [f"{where}: {kind}: {m.group(0)}" for kind, rule in rules.items() for m in rule.finditer(text)]
    if not any(allowed.search(where) for allowed in EMAIL_ALLOWED):
        found += [f"{where}: 전자 우편 주소: {m.group(0)}" for m in EMAIL.finditer(text)]
    return found


def notebook_output_text(path: pathlib.Path) -> str:
    """노트북 출력의 글(스트림, text/*, 오류)과 메타데이터. 그림(base64)은 뺍니다."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = [json.dumps(nb.get("metadata", {}), ensure_ascii=False)]
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("\n".join(output.get("traceback", [])))
            for mime, value in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    parts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return "\n".join(parts)


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"git ls-files가 실패했습니다: {result.stderr}")
    return [name for name in result.stdout.split("\0") if name]


# 규칙을 정의하는 이 파일은 규칙 글 자체가 걸리므로 뺍니다 (심은 예는 조각을 이어 만들어 둡니다).
SELF = "tests/test_hygiene.py"


def test_tracked_files_have_no_secrets_or_personal_paths():
    found = []
    for name in tracked_files():
        path = ROOT / name
        if name == SELF or not path.is_file() or path.suffix in {".ttf", ".npz", ".png"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += find_leaks(text, name)
    assert not found, "\n".join(found)


def test_notebook_outputs_have_no_machine_paths_or_secrets():
    paths = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")) + sorted(ROOT.glob("student/[0-9][0-9]_*.ipynb"))
    assert len(paths) >= 7
    found = []
    for path in paths:
        found += find_leaks(notebook_output_text(path), str(path.relative_to(ROOT)), output=True)
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_built_site_has_no_machine_paths_or_secrets(tmp_path):
    pytest.importorskip("nbconvert", reason="site 묶음이 없습니다: pip install -e '.[site]'")
    pytest.importorskip("jupyter_server_mathjax", reason="site 묶음이 없습니다: pip install -e '.[site]'")
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    out = tmp_path / "site"
    written = builder.build(ROOT / "notebooks", out)
    found = []
    # 강의 쪽·목차·CSS. 사이트에 복사한 MathJax(제3자 파일)는 빼고 봅니다.
    for path in written + [out / builder.CSS_PATH]:
        text = path.read_text(encoding="utf-8").replace(str(tmp_path), "<빌드 폴더>")
        found += find_leaks(text, f"site/{path.relative_to(out)}", output=True)
        assert "<빌드 폴더>" not in text, f"{path.name}에 빌드 폴더의 경로가 들어 있습니다"
    assert not found, "\n".join(found)


# 심은 예: 각 규칙이 실제로 잡는지. 이 파일도 검사되므로 예는 조각을 이어 만듭니다.
PLANTED = {
    "개인 폴더 경로": "/ho" + "me/alice/lrcourse/notebooks/01.ipynb",
    "작업 폴더 경로": "File /wo" + "rk/main/lrcourse/train.py, line 3",
    "서버 토큰": "http://127.0.0.1:8888/lab?tok" + "en=" + "3f" * 24,
    "GitHub 토큰": "gh" + "p_" + "A1b2" * 9,
    "개인 키": "-----BEGIN RSA PRI" + "VATE KEY-----",
    "전자 우편 주소": "kim.minji" + "@" + "example.co.kr",
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_leak_is_found(kind):
    found = find_leaks(f"설명 {PLANTED[kind]} 끝", "notebooks/src/01_learning_rate.py")
    assert any(f": {kind}: " in line for line in found), found


def test_planted_output_paths_are_found_only_in_outputs():
    warning = "/tm" + "p/pytest-of-root/pytest-3/x.py:12: UserWarning; " + "/opt/py/lib/site-" + "packages/torch"
    assert find_leaks(warning, "tools/x.py") == []  # 소스의 사용 예(--out /tmp/s)는 허용
    kinds = {line.split(": ")[1] for line in find_leaks(warning, "notebooks/01.ipynb", output=True)}
    assert kinds == {"임시 폴더 경로", "설치 경로"}


def test_email_is_allowed_only_in_license_and_data_readmes():
    email = "maintainer" + "@" + "example.org"
    assert find_leaks(email, "LICENSE") == []
    assert find_leaks(email, "data/digits/README.md") == []
    assert find_leaks(email, "README.md") != []


def test_planted_leak_in_notebook_output_is_found(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": "print(1)", "metadata": {}, "execution_count": 1,
                     "outputs": [{"output_type": "stream", "name": "stderr", "text": PLANTED["작업 폴더 경로"]}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "01.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert find_leaks(notebook_output_text(path), "01.ipynb", output=True)


def test_clean_text_passes():
    clean = ("python tools/build_notebooks.py --out /tmp/s\n~/.lrcourse_progress.json\n"
             "https://github.com/lrcourse/lrcourse\nsecrets.token_hex(16)\nworking_dir: /home/jovyan\n")
    assert find_leaks(clean, "tools/build_notebooks.py") == []


def _lab_command() -> list[str]:
    """Makefile의 ``lab:`` 규칙에서 jupyter lab을 부르는 줄(변수는 그대로)."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if re.match(r"^lab\s*:", line)))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    commands = [shlex.split(line) for line in recipe if "jupyter" in line and " lab" in line]
    assert len(commands) == 1, recipe
    return commands[0]


TOKEN_DISABLING = re.compile(
    r"(?:ServerApp|NotebookApp|IdentityProvider|PasswordIdentityProvider)\.(?:token|password)\s*=\s*(?:''|\"\"|\s|$)"
    r"|--(?:ServerApp|NotebookApp)\.(?:ip|allow_remote_access)=(?:0\.0\.0\.0|\*|\[?::\]?|True)"
    r"|disable_check_xsrf\s*=\s*True|allow_password_change|--no-token"
)


def test_make_lab_serves_on_localhost_with_a_token():
    command = _lab_command()
    options = [arg for arg in command if arg.startswith("--")]
    ips = [arg.split("=", 1)[1] for arg in options if arg.split("=", 1)[0] in ("--ip", "--ServerApp.ip")]
    assert ips == ["127.0.0.1"], f"make lab은 127.0.0.1에서만 떠야 합니다: {command}"
    for arg in options:
        name = arg.split("=", 1)[0]
        assert not name.endswith((".token", ".password", ".allow_remote_access", ".disable_check_xsrf")), arg


def test_no_file_disables_the_server_token():
    found = []
    for name in tracked_files():
        path = ROOT / name
        if name == SELF or not path.is_file() or path.suffix in {".ttf", ".npz", ".ipynb"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{name}: {m.group(0)}" for m in TOKEN_DISABLING.finditer(text)]
    assert not found, "\n".join(found)


def test_token_disabling_rule_catches_planted_examples():
    for planted in ["--ServerApp.token=''", "c.ServerApp.token = ''", "--ServerApp.ip=0.0.0.0",
                    "c.ServerApp.disable_check_xsrf = True", "--IdentityProvider.token="]:
        assert TOKEN_DISABLING.search(planted), planted
    assert not TOKEN_DISABLING.search("--IdentityProvider.token=3f9a0c")
