"""pyproject.toml(pip 사용자)과 environment.yml(conda 사용자)이 같은 패키지를 설치하는지, torch는 하한만 두는지."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# environment.yml에서 설치 대상이 아닌 항목: 파이썬 자체, pip 자체, 이 패키지(-e .)
NOT_A_DEPENDENCY = {"python", "pip"}
# conda 채널의 이름이 PyPI 이름과 다른 경우 (conda-forge의 pytorch = PyPI의 torch)
CONDA_TO_PYPI = {"pytorch": "torch"}

NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")


def normalize(name: str) -> str:
    """PEP 503 이름 정규화: 대소문자, '-', '_', '.'의 차이를 없앱니다."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_requirement(text: str) -> tuple[str, str]:
    """'torch>=2.3 ; python_version>"3"' → ('torch', '>=2.3'). 이름은 정규화합니다."""
    match = NAME.match(text.split(";", 1)[0])
    if match is None:
        raise ValueError(f"요구 사항을 읽을 수 없습니다: {text!r}")
    name = normalize(match.group(1))
    return CONDA_TO_PYPI.get(name, name), match.group(2).replace(" ", "")


def pyproject_requirements(text: str) -> dict[str, str]:
    project = tomllib.loads(text)["project"]
    items = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        items += group
    return dict(split_requirement(item) for item in items)


def environment_requirements(text: str) -> dict[str, str]:
    """environment.yml의 dependencies 목록(conda 항목과 그 안의 ``pip:`` 목록)을 이름 → 버전 조건으로."""
    requirements = {}
    dependencies = yaml.safe_load(text).get("dependencies") or []
    pip_items = [item["pip"] for item in dependencies if isinstance(item, dict) and "pip" in item]
    for item in [d for d in dependencies if isinstance(d, str)] + [i for group in pip_items for i in group]:
        item = str(item).strip()
        if item.startswith("-"):  # '-e .' 같은 pip 옵션: 이 패키지 자체
            continue
        name, spec = split_requirement(item)
        if name in NOT_A_DEPENDENCY:
            continue
        requirements[name] = spec
    return requirements


@pytest.fixture(scope="module")
def pyproject():
    return pyproject_requirements((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment():
    return environment_requirements((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_parser_reads_conda_and_pip_sections():
    sample = """
name: demo
channels:
  - conda-forge
dependencies:   # 주석
  - python=3.11
  - NumPy >=1.24
  - ipywidgets>=7.7.1
  - pip
  - pip:
      - torch>=2.2
      - Some_Package[extra]>=1.0
      - -e .
  - tqdm>=4.64
variables:
  - not_a_dependency
"""
    assert environment_requirements(sample) == {
        "numpy": ">=1.24",  # 대소문자와 공백은 정규화
        "ipywidgets": ">=7.7.1",
        "torch": ">=2.2",  # pip: 목록 안
        "some-package": ">=1.0",  # 밑줄 → '-', extras는 이름이 아님
        "tqdm": ">=4.64",  # pip: 목록이 끝난 뒤의 conda 항목
    }
    # conda-forge 이름 pytorch는 PyPI 이름 torch와 같은 패키지
    assert environment_requirements("dependencies:\n  - pytorch>=2.2\n") == {"torch": ">=2.2"}


def test_pyproject_and_environment_name_the_same_packages(pyproject, environment):
    only_pip = sorted(set(pyproject) - set(environment))
    only_conda = sorted(set(environment) - set(pyproject))
    assert not only_pip and not only_conda, (
        f"pyproject.toml에만 있음: {only_pip}, environment.yml에만 있음: {only_conda}"
    )


def test_pyproject_and_environment_give_the_same_bounds(pyproject, environment):
    differ = {name: (pyproject[name], environment[name]) for name in pyproject.keys() & environment.keys()
              if pyproject[name] != environment[name]}
    assert not differ, f"버전 조건이 다릅니다 (pyproject, environment): {differ}"


def test_torch_has_only_a_lower_bound(pyproject, environment):
    # Colab은 자체 torch를 가지고 있어 ==나 상한이 있으면 pip가 torch를 다시 설치합니다
    for source, requirements in [("pyproject.toml", pyproject), ("environment.yml", environment)]:
        assert "torch" in requirements, source
        clauses = [c for c in requirements["torch"].split(",") if c]
        assert clauses, f"{source}: torch에 하한이 없습니다"
        assert all(c.startswith(">=") for c in clauses), f"{source}: torch 조건 {requirements['torch']!r}"


def test_wheel_ships_the_font_and_the_digits_data(tmp_path):
    # Colab은 git에서 (편집 불가로) 설치하므로, 글꼴과 숫자 데이터가 휠 안에 있어야 노트북이 돕니다.
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("lrcourse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lrcourse/_data/digits.npz" in names
    assert "lrcourse/fonts/NanumGothic.ttf" in names
    assert "lrcourse/fonts/OFL.txt" in names


CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def binder_requirements() -> dict[str, str]:
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    items = [line.split("#", 1)[0].strip() for line in lines]
    return dict(split_requirement(item) for item in items if item and not item.startswith("-"))


def makefile_torch_version() -> str:
    match = re.search(r"^TORCH_SPEC\s*\?=\s*torch==(\S+)\s*$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert match, "Makefile에 TORCH_SPEC ?= torch==버전 줄이 없습니다"
    return match.group(1)


def test_environment_takes_torch_from_the_cpu_index():
    # PyPI의 Linux용 torch는 CUDA 빌드(약 2.8 GB)입니다. conda는 pip: 목록을 requirements 파일로 넘기므로
    # 옵션 줄 --extra-index-url이 그대로 pip에 갑니다. torch는 conda 목록이 아니라 이 pip: 목록에 있어야 합니다.
    dependencies = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    (pip_items,) = [item["pip"] for item in dependencies if isinstance(item, dict) and "pip" in item]
    assert f"--extra-index-url {CPU_INDEX}" in [str(item).strip() for item in pip_items]
    assert any(split_requirement(str(item))[0] == "torch" for item in pip_items if not str(item).startswith("-"))


def test_binder_installs_the_packages_of_pyproject(pyproject):
    # binder/requirements.txt는 이 패키지의 의존성을 이름으로 나열합니다(이 패키지 자체는 postBuild가 --no-deps로
    # 설치하므로, 여기서 빠진 의존성은 Binder에 없습니다). 더 있는 것은 둘: 한국어 화면의 언어 팩과,
    # 같은 이미지를 JupyterHub에서 쓸 때의 nbgitpuller(docs/instructor.md).
    from packaging.version import Version

    binder = binder_requirements()
    dependencies = dict(split_requirement(d) for d in tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    assert set(binder) - {"jupyterlab-language-pack-ko-kr", "nbgitpuller"} == set(dependencies)
    for name, spec in dependencies.items():
        floor = Version(spec.removeprefix(">="))
        if name == "torch":
            # Makefile과 같은 버전의 CPU 빌드로 고정합니다(캐시되는 이미지에서 버전이 흔들리지 않게).
            assert binder[name] == f"=={makefile_torch_version()}+cpu"
            assert Version(makefile_torch_version()) >= floor
        else:
            # 같은 하한이거나 더 높은 하한: Binder가 이 패키지가 지원하지 않는 판을 설치하지 않습니다.
            assert binder[name].startswith(">=") and Version(binder[name].removeprefix(">=")) >= floor, name


def test_min_requirements_pin_every_library_floor(pyproject):
    # make test-min이 설치하는 목록: torch를 뺀 모든 의존성이 정확히 그 하한이어야 하한을 검사한 것이 됩니다
    import importlib.util

    spec = importlib.util.spec_from_file_location("min_requirements", ROOT / "tools" / "min_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pins = dict(split_requirement(p) for p in module.floor_pins((ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for name, spec_ in (split_requirement(d) for d in dependencies):
        if name == "torch":
            assert name not in pins  # CI 머신에 있는 CPU 빌드 하나를 씁니다 (docs/versions.md)
        else:
            assert pins[name] == "==" + spec_.removeprefix(">="), name
    for tool in module.MIN_TEST_TOOLS:
        assert pins[tool] == "==" + pyproject[tool].removeprefix(">="), tool
