"""The simulator stays framework-free: the grader, the CLI and the web platform all build on it."""

from __future__ import annotations

import ast
from pathlib import Path

import simulator
from tests.import_graph import find_circle, import_graph

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
