"""Binder(repo2docker)가 만들 이미지: 캐시되는 순서, CPU torch, 한국어 JupyterLab.

``jupyter-repo2docker --no-build``는 Docker 없이 Dockerfile만 만들어 출력합니다. 이 저장소에서 git이
추적하는 파일만 임시 폴더에 복사해(새로 clone한 것과 같게) 그 Dockerfile을 검사합니다. 실제 Binder
빌드(이미지를 만들고 패키지를 내려받는 일)는 여기서 하지 않습니다.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
KOREAN_OVERRIDE = {"@jupyterlab/translation-extension:plugin": {"locale": "ko_KR"}}
LANGUAGE_PACK = "jupyterlab-language-pack-ko-kr"


def clean_copy(destination: Path) -> Path:
    """git이 추적하는 파일만(작업 트리의 현재 내용으로) 복사합니다: .venv, student/ 빌드 등은 빠집니다."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"git 저장소가 아니어서 추적 파일 목록을 만들 수 없습니다: {err}")
    for name in listing.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def repo2docker_dockerfile(repo: Path) -> str:
    """Docker 데몬 없이 repo2docker가 만들 Dockerfile을 돌려줍니다 (mybinder.org처럼 사용자 1000 jovyan)."""
    executable = Path(sys.executable).with_name("jupyter-repo2docker")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "repo2docker"]
    result = subprocess.run(
        command + ["--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        cwd=repo.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"repo2docker --no-build 실패:\n{result.stderr[-3000:]}"
    assert "FROM " in result.stdout, f"Dockerfile이 출력되지 않았습니다:\n{result.stdout[-2000:]}"
    return result.stdout


def instructions(dockerfile: str) -> list[str]:
    """주석과 빈 줄을 뺀 Dockerfile 명령 목록 (줄 이음 '\\'는 한 명령으로 합칩니다)."""
    joined = re.sub(r"\\\n", " ", dockerfile)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def index_of(steps: list[str], pattern: str) -> int:
    matches = [i for i, step in enumerate(steps) if re.search(pattern, step)]
    assert len(matches) == 1, f"{pattern!r}에 맞는 명령이 {len(matches)}개입니다"
    return matches[0]


def requirement_lines(text: str) -> tuple[list[str], list[Requirement]]:
    """requirements.txt를 (pip 옵션 줄, 요구 사항) 두 목록으로."""
    options, requirements = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-"):
            options.append(line)
        elif line:
            requirements.append(Requirement(line))
    return options, requirements


def makefile_torch_version() -> str:
    match = re.search(r"^TORCH_SPEC\s*\?=\s*torch==(\S+)\s*$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert match, "Makefile에 TORCH_SPEC ?= torch==버전 줄이 없습니다"
    return match.group(1)


def base_jupyterlab_version(python: str) -> Version:
    """설치된 repo2docker의 기본 conda 환경(그 파이썬 버전의 linux-64 잠금 파일)에 든 JupyterLab 버전."""
    import repo2docker

    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / f"environment.py-{python}-linux-64.lock"
    assert lock.exists(), f"repo2docker에 파이썬 {python}용 기본 환경이 없습니다: {lock.name}"
    found = re.findall(r"/jupyterlab-(\d[^-]*)-[^/\s]*\.conda", lock.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{lock.name}에서 jupyterlab을 찾지 못했습니다"
    return Version(found[0])


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    pytest.importorskip("repo2docker", reason="jupyter-repo2docker가 설치되어 있지 않습니다 (pip install -e '.[test]')")
    return clean_copy(tmp_path_factory.mktemp("binder") / "lrcourse")


@pytest.fixture(scope="module")
def steps(repo):
    return instructions(repo2docker_dockerfile(repo))


def test_requirements_are_installed_before_the_repository_is_copied(steps):
    # 저장소 복사(COPY src/) 전에 pip가 돌아야 Docker가 그 층을 캐시해, 커밋마다 torch를 다시 받지 않습니다.
    # binder/requirements.txt에 '-e .' 같은 로컬 경로가 하나라도 있으면 repo2docker가 순서를 뒤집습니다.
    pip = index_of(steps, r'^RUN \$\{KERNEL_PYTHON_PREFIX\}/bin/pip install .*-r "?binder/requirements\.txt')
    copy_repo = index_of(steps, r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/$")
    assert pip < copy_repo, "binder/requirements.txt를 저장소 전체를 복사한 뒤에 설치합니다 (캐시가 깨집니다)"
    # 그 앞에 복사되는 것은 requirements.txt 하나뿐입니다: 다른 파일이 바뀌어도 pip 층은 그대로입니다.
    copied_before = [s for s in steps[:pip] if re.match(r"^COPY --chown=\S+ src/", s)]
    assert copied_before == ["COPY --chown=1000:1000 src/binder/requirements.txt ${REPO_DIR}/binder/requirements.txt"]


def test_postbuild_runs_after_the_repository_is_copied(steps):
    copy_repo = index_of(steps, r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/$")
    post_build = index_of(steps, r"^RUN \./binder/postBuild$")
    assert copy_repo < post_build


def test_image_uses_python_from_runtime_txt(steps, repo):
    # runtime.txt의 python-3.11: repo2docker가 그 파이썬의 기본 환경 잠금 파일을 복사합니다.
    version = (repo / "binder" / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
    encoded = "environment-2epy-2d" + version.replace(".", "-2e") + "-2dlinux-2d64-2elock"
    assert any(s.startswith("COPY") and encoded in s and s.endswith("/tmp/env/environment.lock") for s in steps)


def test_torch_is_the_makefiles_version_as_a_cpu_build(repo):
    options, requirements = requirement_lines((repo / "binder" / "requirements.txt").read_text(encoding="utf-8"))
    assert f"--extra-index-url {CPU_INDEX}" in options
    (torch,) = [r for r in requirements if r.name == "torch"]
    # +cpu 로컬 버전은 PyTorch CPU 색인에만 있습니다: PyPI의 Linux용 torch(CUDA 빌드, 약 2.8 GB)로 바뀌지 않습니다.
    assert str(torch.specifier) == f"=={makefile_torch_version()}+cpu"


def test_language_pack_matches_the_images_jupyterlab(repo):
    _, requirements = requirement_lines((repo / "binder" / "requirements.txt").read_text(encoding="utf-8"))
    (pack,) = [r for r in requirements if r.name.lower() == LANGUAGE_PACK]
    (clause,) = pack.specifier
    assert clause.operator == "=="
    # 언어 팩 X.Y.postN은 JupyterLab X.Y용입니다. 다른 X.Y이면 번역이 빠지거나 팩이 무시됩니다.
    python = (repo / "binder" / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
    lab = base_jupyterlab_version(python)
    assert Version(clause.version).release[:2] == lab.release[:2], f"JupyterLab {lab}에 언어 팩 {clause.version}"


def test_postbuild_installs_the_package_and_sets_korean(repo, tmp_path):
    # postBuild를 가짜 환경 접두사로 실행합니다: pip는 받은 인자를 적기만 하고, 설정은 임시 폴더에 쓰입니다.
    prefix = tmp_path / "env"
    (prefix / "bin").mkdir(parents=True)
    pip = prefix / "bin" / "pip"
    pip.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/pip-args"\n', encoding="utf-8")
    pip.chmod(0o755)
    work = shutil.copytree(repo, tmp_path / "repo")
    env = dict(os.environ, KERNEL_PYTHON_PREFIX=str(prefix), NB_PYTHON_PREFIX=str(prefix))
    subprocess.run(["bash", str(work / "binder" / "postBuild")], cwd=work, env=env, check=True, timeout=60)

    args = (prefix / "bin" / "pip-args").read_text(encoding="utf-8").split()
    assert args[0] == "install" and args[-1] == "."
    assert "--no-deps" in args  # 의존성은 캐시된 requirements.txt 층에 있습니다
    assert not {"-e", "--editable"} & set(args)  # 편집 불가 설치: 홈 폴더가 가려져도 패키지는 그대로
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(overrides.read_text(encoding="utf-8")) == KOREAN_OVERRIDE
