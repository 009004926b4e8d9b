"""Only variables a spec marks `shown: true` reach "Your values", as readable text; the
loader names a wrong `shown:` with its file and line."""

from __future__ import annotations

import shutil

import pytest

from scoring.bank import SpecError, load_assignment
from scoring.variants import display_value

from .conftest import BANK_ROOT, SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_the_troubleshooting_lab_shows_the_service_names_and_hides_the_typo_and_the_fix(seed):
    lab = load_assignment(BANK_ROOT / "week4" / "08-troubleshooting")
    variant, shown = lab.variant(seed), lab.shown_values(seed)
    assert list(shown) == ["web_svc", "api_svc"]
    assert shown["web_svc"] == variant["web_svc"] and shown["web_svc"].startswith("svc-web-")
    assert all(variant["typo"] not in value and variant["app"] not in value for value in shown.values())


def test_a_quiz_keeps_the_value_one_of_its_questions_asks_for_internal():
    """quiz-06 asks how many addresses the headless Service returns: one per replica."""
    quiz = load_assignment(BANK_ROOT / "week4" / "quiz-06-headless")
    assert "replicas" in quiz.variant(1) and "replicas" not in quiz.shown_values(1)


def test_names_the_student_must_write_are_shown():
    lab = load_assignment(BANK_ROOT / "week4" / "02-nodeport")
    assert {"service", "node_port", "app"} <= set(lab.shown_values(7))
    assert lab.shown_values(7)["node_port"] == str(lab.variant(7)["node_port"])


def test_a_mapping_or_a_list_reads_as_text_never_as_a_python_repr():
    assert display_value({"app": "node-web", "typo": "node-wbe"}) == "app: node-web, typo: node-wbe"
    assert display_value(["10.0.0.1", "10.0.0.2"]) == "10.0.0.1, 10.0.0.2"
    assert display_value({"ports": [80, 8080], "ready": True}) == "ports: 80, 8080, ready: true"
    assert display_value(30123) == "30123"


def _copy_with_variables(tmp_path, old: str, new: str):
    copy = tmp_path / "week4" / "quiz-01-clusterip"
    shutil.copytree(BANK_ROOT / "week4" / "quiz-01-clusterip", copy)
    spec = copy / "spec.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(old) == 1
    spec.write_text(text.replace(old, new), encoding="utf-8")
    first_new_line = new.splitlines()[0]
    line = next(n for n, row in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if row == first_new_line)
    return copy, line


def test_a_shown_value_that_is_not_true_or_false_is_named_with_its_line(tmp_path):
    copy, line = _copy_with_variables(tmp_path, "  replicas: {int: [2, 4]}", '  replicas: {int: [2, 4], shown: "maybe"}')
    with pytest.raises(SpecError) as error:
        load_assignment(copy)
    assert f"spec.yaml:{line}: variables.replicas.shown: must be true" in str(error.value)
    assert "'maybe'" in str(error.value)


def test_a_misspelt_shown_key_is_refused_rather_than_silently_hiding_the_value(tmp_path):
    copy, line = _copy_with_variables(tmp_path, "  replicas: {int: [2, 4]}", "  replicas: {int: [2, 4], show: true}")
    with pytest.raises(SpecError) as error:
        load_assignment(copy)
    assert f"spec.yaml:{line}: variables.replicas: unknown key 'show'" in str(error.value)


def test_a_shown_mapping_variable_is_listed_as_key_value_text(tmp_path):
    copy, _ = _copy_with_variables(
        tmp_path, "  replicas: {int: [2, 4]}",
        "  replicas: {int: [2, 4]}\n  pair: {pick: [{app: node-web, port: 8080}], shown: true}")
    assert load_assignment(copy).shown_values(1)["pair"] == "app: node-web, port: 8080"
