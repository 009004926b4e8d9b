"""Typical wrong submissions earn exactly the partial marks their expect.yaml intends,
and each failed check's feedback says something a student can act on."""

from __future__ import annotations

import re

import pytest

from scoring.answers_file import ANSWERS_FILE, parse_answers
from scoring.engine import grade_submission
from scoring.messages import text

from .conftest import SEEDS, wrong_cases
from .hand_quiz_answers import load_hand_answers


def _grade(assignment, case, seed):
    files, commands, expect = assignment.wrong_submission(case, seed)
    answers = parse_answers(files.pop(ANSWERS_FILE, b"")) if assignment.kind == "quiz" else None  # as the CLI reads it
    return grade_submission(assignment, files, commands, seed, answers), expect


def _intended_score(expect: dict, seed: int) -> float:
    """`score: 7`, or per seed (`score: {1: 7, 7: 6.5}`) where the variant changes the share
    a mistake costs (e.g. one replica out of 2 or out of 4)."""
    score = expect["score"]
    return float(score[seed] if isinstance(score, dict) else score)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("slug", "case"), wrong_cases())
def test_wrong_submission_scores_the_intended_partial_marks(bank, slug, case, seed):
    report, expect = _grade(bank[slug], case, seed)
    assert report.gradable == expect.get("gradable", True)
    assert report.score == pytest.approx(_intended_score(expect, seed))
    if "failed" in expect:
        assert sorted(r.id for r in report.checks if not r.passed) == sorted(expect["failed"])
    for check_id, phrase in (expect.get("feedback") or {}).items():
        assert phrase.lower() in report.check(check_id).feedback.lower(), report.check(check_id).feedback
    if "transcript" in expect:
        assert expect["transcript"] in report.transcript
    if "message" in expect:
        assert expect["message"] in report.message


@pytest.mark.parametrize(("slug", "case"), wrong_cases())
def test_every_failed_check_explains_itself(bank, slug, case):
    report, _ = _grade(bank[slug], case, SEEDS[0])
    for result in report.checks:
        if not result.passed:
            assert result.feedback.strip() and result.got.strip(), result
            if result.expected:
                assert _states_a_value(result.expected), result
            elif result.cause:  # folded under a named root cause (scoring.diagnosis), which says why
                assert result.feedback == text("follows_from", "en", cause=result.cause), result
            else:  # nothing to expect (the object it is read from is gone): the feedback says why
                assert result.feedback.startswith(text("fact_missing", "en", reason=result.got)), result


def _states_a_value(expected: str) -> bool:
    """Something a student can read: no template left, no Python object's repr or empty container."""
    return "{{" not in expected and expected.strip() not in ("[]", "{}") \
        and not re.search(r"<\w+(\.\w+)+ object at 0x", expected)


@pytest.mark.parametrize(("slug", "case"), [(slug, case) for slug, case in wrong_cases() if "/quiz-" in slug])
def test_a_missed_quiz_question_shows_the_hand_written_right_answer(bank, slug, case):
    report, _ = _grade(bank[slug], case, SEEDS[0])
    written = load_hand_answers(bank[slug], SEEDS[0]).written
    for result in report.checks:
        if not result.passed:
            shown = _loose(result.expected)
            assert all(_loose(answer) in shown for answer in written[result.id]), (result.expected, written[result.id])


def _loose(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_selector_typo_loses_the_reachability_checks(bank):
    report, _ = _grade(bank["week4/01-clusterip"], "selector-typo", 1)
    lost = {r.id for r in report.checks if not r.passed}
    assert {"clusterip.C004", "clusterip.C005", "clusterip.C006", "clusterip.C007"} <= lost
    assert "(exit code 7: connection refused: nothing answers on that address and port)" in \
        report.check("clusterip.C004").feedback  # curl -s prints nothing; the exit code tells


def test_targetport_80_keeps_the_endpoints_but_is_refused(bank):
    report, _ = _grade(bank["week4/01-clusterip"], "targetport-80", 1)
    assert report.check("clusterip.C002").passed
    assert not report.check("clusterip.C003").passed
    assert "targetPort 80" in report.check("clusterip.C003").cause  # named as the cause, not left to a hint


def test_forgetting_clusterip_none_loses_the_dns_answer(bank):
    report, _ = _grade(bank["week4/06-headless"], "forgot-clusterip-none", 1)
    assert not report.check("headless.C001").passed
    assert not report.check("headless.C002").passed
