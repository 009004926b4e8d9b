"""Architecture guards: the platform reaches the scoring engine through its adapter
modules only, views and tasks stay thin (no ORM writes of their own), and every module of
the platform, the simulator and the scoring engine stays under 400 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KUBEGRADE = ROOT / "platform" / "kubegrade"
SIZE_GUARDED = ("platform/kubegrade", "simulator", "scoring")
MAX_MODULE_LINES = 400
SCORING_ADAPTERS = {"courses/bank.py", "grading/engine.py", "gradebook/copy_detection.py", "workspaces/engine.py"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _modules():
    return [p for p in KUBEGRADE.rglob("*.py") if "migrations" not in p.parts]


def test_only_the_adapters_import_the_scoring_package():
    importers = {str(p.relative_to(KUBEGRADE)) for p in _modules()
                 if any(m == "scoring" or m.startswith("scoring.") for m in _imports(p))}
    assert importers == SCORING_ADAPTERS


def test_views_and_tasks_do_not_write_through_the_orm():
    writes = (".save(", ".create(", ".update(", ".delete(", "bulk_create(")
    offenders = [str(p.relative_to(KUBEGRADE)) for p in _modules()
                 if p.name in {"views.py", "tasks.py", "serializers.py"}
                 and any(w in p.read_text(encoding="utf-8") for w in writes)]
    assert offenders == []


def test_modules_stay_under_400_lines():
    modules = [p for folder in SIZE_GUARDED for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
    long = {str(p.relative_to(ROOT)): n for p in modules
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def _private_names_imported_from_siblings(path: Path) -> list[str]:
    """`from kubegrade.x import _name`: a module reaching into another one's private parts."""
    return [f"{node.module}.{alias.name}" for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kubegrade")
            for alias in node.names if alias.name.startswith("_")]


def test_no_module_imports_another_modules_private_names():
    # a write another module needs is a public service (workspace_event_append), not `_append`
    offenders = {str(p.relative_to(KUBEGRADE)): names for p in _modules()
                 if (names := _private_names_imported_from_siblings(p))}
    assert offenders == {}
