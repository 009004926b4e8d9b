"""The bank loader: every spec validates, and mistakes are reported with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scoring.bank import SpecError, load_assignment, load_bank

BANK = Path(__file__).resolve().parents[2] / "assignments"
EXAMPLE = BANK / "week4" / "01-clusterip"


def test_every_spec_in_the_bank_loads():
    slugs = [assignment.slug for assignment in load_bank(BANK)]
    assert "week4/01-clusterip" in slugs
    assert slugs == sorted(slugs)


def test_assignment_exposes_the_platform_interface():
    assignment = load_assignment(EXAMPLE)
    assert assignment.slug == "week4/01-clusterip"
    assert assignment.week == 4 and assignment.kind == "lab"
    assert set(assignment.title) == {"ko", "en"}
    assert assignment.points == 10.0 and assignment.due_days == 7
    assert len(assignment.content_hash) == 64
    assert assignment.submission.files == ["svc-web.yaml"]
    assert assignment.submission.commands is False
    assert assignment.path == EXAMPLE


def _copy(tmp_path: Path, source: Path = EXAMPLE) -> Path:
    target = tmp_path / "week4" / source.name
    shutil.copytree(source, target)
    return target


def _edit(folder: Path, old: str, new: str) -> None:
    spec = folder / "spec.yaml"
    text = spec.read_text()
    assert old in text, old
    spec.write_text(text.replace(old, new, 1))


def _line_of(folder: Path, needle: str) -> int:
    return next(n for n, line in enumerate((folder / "spec.yaml").read_text().splitlines(), 1) if needle in line)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "points: 10\n", "points: [10\n")
    with pytest.raises(SpecError) as error:
        load_assignment(folder)
    assert f"{folder / 'spec.yaml'}:" in str(error.value)
    assert "YAML syntax" in str(error.value)


def test_unknown_expectation_is_reported_at_its_line(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "expect: {equals: ClusterIP}", "expect: {equal: ClusterIP}")
    with pytest.raises(SpecError) as error:
        load_assignment(folder)
    line = _line_of(folder, "expect: {equal: ClusterIP}")
    assert f"spec.yaml:{line}: checks[0].expect: unknown key 'equal'" in str(error.value)


def test_misspelled_fact_reference_is_reported_at_its_line(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'run: "curl -s -m 3 http://{{ cluster_ip }}"', 'run: "curl -s -m 3 http://{{ clusterip }}"')
    with pytest.raises(SpecError) as error:
        load_assignment(folder)
    line = _line_of(folder, "{{ clusterip }}")
    assert f"spec.yaml:{line}: checks[7].run: unknown name {{{{ clusterip }}}}" in str(error.value)


def test_duplicate_check_id_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "id: clusterip.C008", "id: clusterip.C001")
    with pytest.raises(SpecError, match="already used on line"):
        load_assignment(folder)


def test_check_points_must_add_up_to_the_assignment_points(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "points: 10\n", "points: 12\n")
    with pytest.raises(SpecError, match=r"spec.yaml:\d+: points: is 12 but the checks add up to 10"):
        load_assignment(folder)


def test_instructions_may_not_use_facts_computed_on_a_cluster(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "Write a **ClusterIP** Service", "Write a {{ cluster_ip }} Service")
    with pytest.raises(SpecError, match=r"instructions.en: unknown name \{\{ cluster_ip \}\}"):
        load_assignment(folder)


def test_missing_setup_file_is_reported(tmp_path):
    folder = _copy(tmp_path)
    (folder / "setup" / "rs-web.yaml").unlink()
    with pytest.raises(SpecError, match="no such file in setup/: rs-web.yaml"):
        load_assignment(folder)


def test_load_bank_collects_problems_from_every_spec(tmp_path):
    first = _copy(tmp_path)
    _edit(first, "kind: lab", "kind: homework")
    second = tmp_path / "week4" / "02-copy"
    shutil.copytree(EXAMPLE, second)
    _edit(second, "week: 4", "week: four")
    with pytest.raises(SpecError) as error:
        load_bank(tmp_path)
    assert len(error.value.problems) >= 2
    assert "kind: must be 'lab' or 'quiz'" in str(error.value)
    assert "spec.week: must be of type int" in str(error.value)


def test_folder_without_spec_is_an_error():
    with pytest.raises(SpecError, match="no spec.yaml"):
        load_assignment(BANK / "week4")


def test_scoring_imports_no_web_framework():
    root = Path(__file__).resolve().parents[2] / "scoring"
    for module in root.glob("*.py"):
        text = module.read_text()
        for framework in ("django", "celery", "rest_framework"):
            assert f"import {framework}" not in text and f"from {framework}" not in text, module
