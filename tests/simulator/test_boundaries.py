"""The simulator stays framework-free: the grader, the CLI and the web platform all build on it."""

from __future__ import annotations

import ast
from pathlib import Path

import simulator

FORBIDDEN = ("django", "celery", "rest_framework", "kubegrade", "scoring")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_under_simulator_imports_a_web_framework_or_the_layers_above():
    root = Path(simulator.__file__).parent
    offenders = {str(p.relative_to(root)): sorted(imported_modules(p) & set(FORBIDDEN))
                 for p in root.rglob("*.py")}
    allowed = {"__main__.py": ["scoring"]}  # `python -m simulator grade` hands over to the engine above
    assert {k: v for k, v in offenders.items() if v and allowed.get(k) != v} == {}


# Import circles ----------------------------------------------------------------------------
# Every import counts, wherever it is written: at the top, inside a function, or under
# `if TYPE_CHECKING:`. A circle hidden in a function still ties its modules into one
# unit that cannot be understood, tested or loaded apart.

def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def simulator_imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """The modules of `simulator` that `path` imports: `from a.b import c` is `a.b.c` when that
    is a module, else `a.b`; a name that is no module counts as its nearest enclosing one."""
    def nearest(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(nearest(alias.name) for alias in node.names if alias.name.startswith("simulator"))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, path.name == "__init__.py")
            if base == "simulator" or base.startswith("simulator."):
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else nearest(base)
                             for a in node.names)
    return {name for name in found if name and name != module}


def import_graph(root: Path) -> dict[str, set[str]]:
    paths = {module_name(path, root): path for path in root.rglob("*.py")}
    return {module: simulator_imports(path, module, set(paths)) for module, path in paths.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (`a -> b -> ... -> a`), or None; depth-first, in a stable order."""
    state: dict[str, str] = {}  # "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                circle = visit(target, path + [target])
                if circle:
                    return circle
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            circle = visit(module, [module])
            if circle:
                return circle
    return None


def test_no_module_under_simulator_imports_itself_through_a_circle():
    circle = find_circle(import_graph(Path(simulator.__file__).parent))
    assert circle is None, "an import circle inside simulator/: " + " -> ".join(circle)


def test_the_circle_finder_reports_a_circle_through_a_function_level_or_type_checking_import(tmp_path):
    package = tmp_path / "simulator"
    (package / "shell").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "shell" / "__init__.py").write_text("")
    (package / "cluster.py").write_text("from simulator.shell.session import Session\n")
    (package / "shell" / "session.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import frames\n")
    (package / "shell" / "frames.py").write_text("def f():\n    from simulator import cluster\n")
    assert find_circle(import_graph(package)) == ["simulator.cluster", "simulator.shell.session",
                                                  "simulator.shell.frames", "simulator.cluster"]
    (package / "shell" / "frames.py").write_text("def f():\n    from simulator.objects import KubeObject\n")
    assert find_circle(import_graph(package)) is None


def test_only_the_package_entry_points_import_the_cluster_the_layers_compose_into():
    """`simulator.cluster` composes the layers; below it nothing imports it (the scoring
    engine and the platform above it do, and `python -m simulator`)."""
    graph = import_graph(Path(simulator.__file__).parent)
    importers = sorted(module for module, targets in graph.items() if "simulator.cluster" in targets)
    assert importers == ["simulator", "simulator.__main__"]
