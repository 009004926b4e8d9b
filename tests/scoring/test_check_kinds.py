"""The registries of check kinds agree with everything that names them: the catalogue
(both languages), the README's lists, the spec loader's allowed keys, and the phrases
each condition really describes itself with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.checks import CHECK_SOURCES
from scoring.expectations import EXPECTATIONS, MISSING, MODIFIER, OVER_TRIES, PER_TRY, Try
from scoring.facts import Facts
from scoring.messages import LANGS, TEXTS, Phrase
from scoring.spec_schema import CHECK_KEYS, EXPECT_KEYS
from simulator import Cluster

README = Path(__file__).resolve().parents[2] / "README.md"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _readme_paragraph(title: str) -> str:
    """The README paragraph that opens with `**title**`, up to the next blank line."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"**{title}**")
    end = text.find("\n\n", start)
    return text[start:end if end >= 0 else None]


def _backticked(paragraph: str) -> set[str]:
    return {word.split(":")[0] for word in re.findall(r"`([^`]+)`", paragraph)}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_every_expectation_is_described_in_english_and_korean(name):
    entry = EXPECTATIONS[name]
    assert entry.phrases, f"{name} names no phrase of the catalogue"
    for key in entry.phrases:
        assert key in TEXTS, f"{name}: {key!r} is not in scoring.messages.TEXTS"
        assert set(TEXTS[key]) == set(LANGS) and HANGUL.search(TEXTS[key]["ko"]), (name, key)


def test_every_expectation_is_listed_in_the_readme():
    listed = _backticked(_readme_paragraph("Expectations"))
    assert set(EXPECTATIONS) - listed == set()


def test_every_check_source_is_listed_in_the_readme():
    listed = _backticked(_readme_paragraph("Check sources"))
    assert set(CHECK_SOURCES) - listed == set()


def test_the_loader_allows_exactly_the_registered_expectations_and_sources():
    assert EXPECT_KEYS == set(EXPECTATIONS)
    assert set(CHECK_SOURCES) <= CHECK_KEYS


def test_each_expectation_is_judged_one_way():
    for entry in EXPECTATIONS.values():
        assert entry.judged in (PER_TRY, OVER_TRIES, MODIFIER), entry.name
        assert (entry.condition is not None) == (entry.judged == PER_TRY), entry.name
        assert (entry.modifies in EXPECTATIONS) == (entry.judged == MODIFIER), entry.name
    assert EXPECTATIONS["distinct"].judged == OVER_TRIES
    assert EXPECTATIONS["may_be_empty"].modifies == "same_set"


def test_only_the_students_own_runs_earn_the_points_with_one_passing_try():
    assert [name for name, source in CHECK_SOURCES.items() if source.any_try_earns] == ["ran"]


# Hand-picked specs and tries that reach every description each condition can give.
SAMPLES = {
    "equals": [("a", Try("x", "a")), ("a", Try("x", inspected=True)), (MISSING, Try("x", inspected=True))],
    "matches": [("^a", Try("x", "a"))],
    "exit_code": [(0, Try("x", "", 0)), ("nonzero", Try("x", "", 7))],
    "one_of": [(["a", "b"], Try("x", "a")), ([], Try("x", ""))],
    "contains": [("a", Try("x", "abc"))],
    "same_set": [(["a"], Try("x", "a")), ([], Try("x", ""))],
    "includes": [(["a"], Try("x", "a b")), ([], Try("x", ""))],
    "count": [(2, Try("x", "a b"))],
    "ready_pod_ips": [({"app": "nothing-runs-this"}, Try("x", ""))],
    "absent": [(True, Try("x", inspected=True)), (False, Try("x", inspected=True, value="1"))],
    "exists": [(True, Try("x", inspected=True)), (False, Try("x", inspected=True))],
}


def _phrase_keys(described) -> set[str]:
    if not isinstance(described, Phrase):
        return set()
    return {described.key} | {key for value in described.values.values() for key in _phrase_keys(value)}


def test_each_condition_describes_itself_with_its_registered_phrases():
    facts = Facts(Cluster(seed=1), {}, {})
    per_try = {name for name, entry in EXPECTATIONS.items() if entry.judged == PER_TRY}
    assert set(SAMPLES) == per_try
    for name, samples in SAMPLES.items():
        condition = EXPECTATIONS[name].condition
        used = {key for spec, attempt in samples for key in _phrase_keys(condition(spec, attempt, facts)[1])}
        assert used == set(EXPECTATIONS[name].phrases), name
