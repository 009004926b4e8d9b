"""No platform module imports another in a circle (issue 18, 8). Every import counts, wherever
it is written: at the top, inside a function, or under `if TYPE_CHECKING:`; a circle hidden in
a function still ties its modules into one unit (it once ran courses/services -> lti/hooks ->
lti/tasks -> lti/roster -> lti/services -> courses/services, and the grading modules through
their tasks). Services announce events (`kubegrade.events`) that tasks subscribe to instead."""

import ast
from pathlib import Path

import pytest

KUBEGRADE = Path(__file__).resolve().parents[2] / "platform" / "kubegrade"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kubegrade_imports(path: Path, module: str, modules: set[str]) -> set[str]:
    """The platform modules `path` imports: `from a.b import c` is `a.b.c` when that is a
    module, else `a.b`; relative imports resolved; a name that is no module counts as its
    nearest enclosing one."""
    def nearest(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(nearest(alias.name) for alias in node.names if alias.name.startswith("kubegrade"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(package[:len(package) - (node.level - 1)] + ([node.module] if node.module else []))
            if base == "kubegrade" or base.startswith("kubegrade."):
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else nearest(base)
                             for a in node.names)
    return {name for name in found if name and name != module}


def import_graph(root: Path = KUBEGRADE) -> dict[str, set[str]]:
    paths = {module_name(p, root): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    return {module: kubegrade_imports(path, module, set(paths)) for module, path in paths.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (circle := visit(target, path + [target])):
                return circle
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (circle := visit(module, [module])):
            return circle
    return None


def test_no_platform_module_imports_another_in_a_circle():
    circle = find_circle(import_graph())
    assert circle is None, " -> ".join(circle or [])


@pytest.mark.parametrize("where", ["top", "function", "type_checking"])
def test_a_circle_is_found_wherever_its_import_is_written(tmp_path, where):
    """The finder itself, on a hand-made package: a -> b at the top, b -> a as written."""
    package = tmp_path / "kubegrade"
    (package / "grading").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "grading" / "__init__.py").write_text("")
    (package / "grading" / "services.py").write_text("from kubegrade.grading.tasks import send\n")
    back = {"top": "from . import services\n",
            "function": "def send():\n    from kubegrade.grading.services import x\n",
            "type_checking": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..grading import services\n"}
    (package / "grading" / "tasks.py").write_text(back[where])
    assert find_circle(import_graph(package)) == [
        "kubegrade.grading.services", "kubegrade.grading.tasks", "kubegrade.grading.services"]
