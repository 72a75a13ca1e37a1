"""lrcourse의 import 규칙: 공개 모듈의 비공개 이름을 가져오지 않고, 모듈끼리 서로를 import하지 않습니다(순환 없음).

패키지 안의 .py 파일을 모두 ``ast``로 읽습니다(함수 안의 import까지). 파일을 일반적으로 훑으므로
``widgets.py`` 하나든 ``widgets/`` 패키지든, ``exercises/``처럼 하위 패키지가 늘어도 그대로 검사합니다.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import lrcourse

PACKAGE_ROOT = pathlib.Path(lrcourse.__file__).resolve().parent


def read_package(root: pathlib.Path, package: str = "lrcourse") -> dict[str, tuple[str, bool]]:
    """모듈 이름 → (소스, 패키지인지). ``a/b.py`` → ``package.a.b``, ``a/__init__.py`` → ``package.a``."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join([package, *parts])] = (path.read_text(encoding="utf-8"), is_package)
    return modules


def is_private(module: str) -> bool:
    """이름의 어느 부분이든 ``_``로 시작하면(``__init__`` 같은 던더 제외) 비공개 모듈입니다."""
    return any(part.startswith("_") and not part.startswith("__") for part in module.split("."))


def _private_name(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def analyse(modules: dict[str, tuple[str, bool]], package: str = "lrcourse"):
    """(import 그래프 {모듈: {가져오는 패키지 안의 모듈}}, 규칙 위반 목록)을 돌려줍니다."""
    graph = {name: set() for name in modules}
    violations = []
    for name, (source, is_package) in modules.items():
        tree = ast.parse(source, filename=name)
        module_aliases = {}  # 이 파일에서 공개 모듈을 가리키는 이름 → 모듈
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        graph[name].add(alias.name)
                        if alias.asname and not is_private(alias.name):
                            module_aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    source_module = ".".join(base + ([node.module] if node.module else []))
                else:
                    source_module = node.module or ""
                if source_module != package and not source_module.startswith(package + "."):
                    continue
                for alias in node.names:
                    submodule = f"{source_module}.{alias.name}"
                    if submodule in modules:  # from 패키지 import 모듈
                        graph[name].add(submodule)
                        if not is_private(submodule):
                            module_aliases[alias.asname or alias.name] = submodule
                        continue
                    if source_module in modules:
                        graph[name].add(source_module)
                    if _private_name(alias.name) and not is_private(source_module):
                        violations.append(f"{name}: from {source_module} import {alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in module_aliases and _private_name(node.attr)):
                violations.append(f"{name}: {module_aliases[node.value.id]}.{node.attr}")
        graph[name].discard(name)
    return graph, violations


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """서로 닿는 모듈 묶음(강한 연결 요소) 가운데 둘 이상인 것. 각 묶음이 순환 하나 이상을 품습니다."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


# ---------------------------------------------------------------------------
# 검사기 자신이 잡아야 할 것을 잡는지 (작은 가짜 패키지로)
# ---------------------------------------------------------------------------


def _fake(**sources) -> dict[str, tuple[str, bool]]:
    return {("pkg." + k).removesuffix(".__init__") if k != "__init__" else "pkg": (v, k.endswith("__init__"))
            for k, v in sources.items()}


def test_checker_finds_a_cycle_through_a_function_level_import():
    fake = _fake(__init__="", a="from .b import f\n",
                 b="def f():\n    from .a import g  # 함수 안이어도 순환입니다\n    return g\n", c="from . import a\n")
    graph, _ = analyse(fake, "pkg")
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.a"} and graph["pkg.c"] == {"pkg.a"}
    assert find_cycles(graph) == [["pkg.a", "pkg.b"]]  # c는 a를 쓰기만 하므로 순환에 들지 않습니다


def test_checker_finds_a_cycle_through_a_subpackage_init():
    # 하위 패키지의 __init__이 모듈을 가져오고, 그 모듈이 __init__에 정의된 이름을 가져오면 순환입니다.
    fake = _fake(__init__="", **{"w.__init__": "from .explorer import explorer\nSTYLE = 1\n",
                                 "w.explorer": "from . import STYLE\n\ndef explorer():\n    return STYLE\n"})
    graph, _ = analyse(fake, "pkg")
    assert find_cycles(graph) == [["pkg.w", "pkg.w.explorer"]]


def test_checker_accepts_a_layered_package():
    fake = _fake(__init__="", _engine="import torch\n", train="from ._engine import batches, _helper\n",
                 batched="from ._engine import batches\nfrom . import history\n", history="import numpy\n",
                 lr_finder="from . import train\n")
    graph, violations = analyse(fake, "pkg")
    assert find_cycles(graph) == [] and violations == []  # 비공개 모듈의 비공개 이름은 괜찮습니다


def test_checker_finds_private_names_taken_from_public_modules():
    fake = _fake(__init__="", train="def _batches():\n    pass\n",
                 lr_finder="from .train import _batches\n",
                 widgets="from . import train as t\n\ndef f():\n    return t._batches\n")
    _, violations = analyse(fake, "pkg")
    assert violations == ["pkg.lr_finder: from pkg.train import _batches", "pkg.widgets: pkg.train._batches"]


# ---------------------------------------------------------------------------
# lrcourse 자신
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package():
    modules = read_package(PACKAGE_ROOT)
    assert {"lrcourse", "lrcourse.train", "lrcourse._engine", "lrcourse.schedules"} <= set(modules)
    return analyse(modules)


def test_no_module_imports_a_private_name_of_a_public_module(package):
    _, violations = package
    assert violations == []


def test_import_graph_has_no_cycle(package):
    graph, _ = package
    assert find_cycles(graph) == []


def test_training_modules_share_the_engine_not_each_other(package):
    graph, _ = package
    for user in ("lrcourse.train", "lrcourse.batched", "lrcourse.lr_finder"):
        assert "lrcourse._engine" in graph[user]
    # batched와 lr_finder는 train을 모릅니다(train만 compare(batched=True)를 위해 batched를 씁니다).
    assert "lrcourse.train" not in graph["lrcourse.batched"] | graph["lrcourse.lr_finder"]
    # 엔진은 학습 모듈 위에 있지 않습니다.
    assert not graph["lrcourse._engine"] & {"lrcourse.train", "lrcourse.batched", "lrcourse.lr_finder"}
