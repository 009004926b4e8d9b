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
