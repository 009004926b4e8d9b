"""Per-student variants: deterministic per seed, different across seeds, rendered into text."""

from __future__ import annotations

from pathlib import Path

from scoring.bank import load_assignment
from scoring.variants import compute_variant

EXAMPLE = Path(__file__).resolve().parents[2] / "assignments" / "week4" / "01-clusterip"


def test_same_seed_gives_the_same_variant():
    assignment = load_assignment(EXAMPLE)
    assert assignment.variant(42) == assignment.variant(42)
    assert load_assignment(EXAMPLE).variant(42) == assignment.variant(42)


def test_students_get_different_service_names():
    assignment = load_assignment(EXAMPLE)
    names = {assignment.variant(seed)["service"] for seed in range(50)}
    assert len(names) >= 45


def test_instructions_render_the_students_own_values():
    assignment = load_assignment(EXAMPLE)
    variant = assignment.variant(3)
    for lang in ("ko", "en"):
        text = assignment.render_instructions(lang, 3)
        assert variant["service"] in text and variant["rs"] in text
        assert "{{" not in text


def test_solution_files_render_with_the_variant():
    assignment = load_assignment(EXAMPLE)
    files, commands = assignment.solution(5)
    assert f"name: {assignment.variant(5)['service']}" in files["svc-web.yaml"].decode()
    assert commands == ""


def test_adding_a_variable_does_not_change_the_others():
    first = compute_variant("x", 1, {"a": {"int": [1, 1000]}})
    second = compute_variant("x", 1, {"z": {"int": [1, 9]}, "a": {"int": [1, 1000]}})
    assert first["a"] == second["a"]


def test_int_variable_respects_range_and_exclusions():
    values = {compute_variant("x", seed, {"p": {"int": [30000, 30003], "exclude": [30001]}})["p"] for seed in range(60)}
    assert values == {30000, 30002, 30003}


def test_derived_value_uses_earlier_variables():
    variant = compute_variant("x", 1, {"app": {"pick": ["web"]}, "rs": {"value": "rs-{{ app }}"}})
    assert variant["rs"] == "rs-web"
