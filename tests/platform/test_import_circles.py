"""No platform module imports another in a circle (issue 18, 8). Every import counts, wherever
it is written: at the top, inside a function, or under `if TYPE_CHECKING:`; a circle hidden in
a function still ties its modules into one unit (it once ran courses/services -> lti/hooks ->
lti/tasks -> lti/roster -> lti/services -> courses/services, and the grading modules through
their tasks). Services announce events (`kubegrade.events`) that tasks subscribe to instead."""

from pathlib import Path

import pytest

from tests.import_graph import find_circle, import_graph

KUBEGRADE = Path(__file__).resolve().parents[2] / "platform" / "kubegrade"


def test_no_platform_module_imports_another_in_a_circle():
    circle = find_circle(import_graph(KUBEGRADE, skip_parts=("migrations",)))
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
