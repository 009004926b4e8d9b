"""The import graph of one package, read from its source, and a circle finder over it: shared by
the simulator's and the platform's import-circle tests.

Every import counts, wherever it is written: at the top, inside a function, or under
`if TYPE_CHECKING:`. A circle hidden in a function still ties its modules into one unit that
cannot be understood, tested or loaded apart."""

from __future__ import annotations

import ast
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute_base(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """What `from ... import` names, with a relative import resolved against `module`."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def package_imports(path: Path, module: str, modules: set[str], package: str) -> set[str]:
    """The modules of `package` that `path` imports: `from a.b import c` is `a.b.c` when that
    is a module, else `a.b`; a name that is no module counts as its nearest enclosing one."""
    def nearest(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def inside(name: str) -> bool:
        return name == package or name.startswith(package + ".")

    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(nearest(alias.name) for alias in node.names if inside(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = absolute_base(node, module, path.name == "__init__.py")
            if inside(base):
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else nearest(base)
                             for a in node.names)
    return {name for name in found if name and name != module}


def import_graph(root: Path, skip_parts: tuple[str, ...] = ()) -> dict[str, set[str]]:
    """module -> the package's modules it imports, for every `.py` under `root` (the package
    folder; its name is the package's), leaving out paths with a part in `skip_parts`."""
    paths = {module_name(path, root): path for path in root.rglob("*.py")
             if not set(skip_parts) & set(path.parts)}
    return {module: package_imports(path, module, set(paths), root.name) for module, path in paths.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (`a -> b -> ... -> a`), or None; depth-first, in a stable order."""
    state: dict[str, str] = {}  # "open" while on the path, "done" after

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
