"""Every reference solution scores full marks, for more than one student's variant.

Quizzes have no solution folder: their hand-written answers are in
`test_quiz_hand_answers.py`; here `right_answers`, the reference the bench grades, is
checked to be a complete answer sheet.
"""

from __future__ import annotations

import pytest

from scoring.engine import grade_submission
from scoring.quiz import right_answers

from .conftest import SEEDS, lab_slugs, quiz_slugs


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", lab_slugs())
def test_reference_lab_solution_scores_full_marks(bank, slug, seed):
    assignment = bank[slug]
    files, commands = assignment.solution(seed)
    report = grade_submission(assignment, files, commands, seed)
    failing = {r.id: r.feedback for r in report.checks if not r.passed}
    assert failing == {}
    assert report.gradable and report.score == report.max_score == assignment.points


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", quiz_slugs())
def test_quiz_reference_answer_sheet_scores_full_marks(bank, slug, seed):
    assignment = bank[slug]
    report = grade_submission(assignment, {}, "", seed, answers=right_answers(assignment, seed))
    assert {r.id: r.feedback for r in report.checks if not r.passed} == {}
    assert report.score == assignment.points


def test_bank_has_the_eight_labs_and_a_quiz_per_topic():
    """Week 4's eight topics, each a lab and a quiz (other weeks add their own)."""
    assert len([slug for slug in lab_slugs() if slug.startswith("week4/")]) == 8
    assert len([slug for slug in quiz_slugs() if slug.startswith("week4/")]) == 8


def test_week_three_has_three_labs_and_a_quiz():
    assert [slug for slug in lab_slugs() if slug.startswith("week3/")] == [
        "week3/01-job-completions", "week3/02-cronjob-history", "week3/03-adopt-orphans",
        "week3/04-daemonset-nodeselector"]
    assert [slug for slug in quiz_slugs() if slug.startswith("week3/")] == ["week3/quiz-w3-jobs"]


def test_week_two_has_its_labs_and_a_quiz():
    assert [slug for slug in lab_slugs() if slug.startswith("week2/")][:3] == [
        "week2/01-image-pull", "week2/02-namespaces", "week2/03-port-forward"]
    assert [slug for slug in quiz_slugs() if slug.startswith("week2/")] == ["week2/quiz-w2-pods"]


def test_reference_clusterip_solution_scores_full_marks(bank):
    assignment = bank["week4/01-clusterip"]
    files, commands = assignment.solution(3)
    assert grade_submission(assignment, files, commands, 3).score == 10


def test_week_five_has_five_labs_and_a_quiz():
    assert [slug for slug in lab_slugs() if slug.startswith("week5/")] == [
        "week5/01-ingress-fanout", "week5/02-ingress-hosts", "week5/03-metallb-pool", "week5/04-local-client-ip",
        "week5/05-broken-ingress"]
    assert [slug for slug in quiz_slugs() if slug.startswith("week5/")] == ["week5/quiz-w5-ingress-lb"]


def test_week_ten_has_its_four_labs_and_two_quizzes():
    """Issue 25's bank: right-sized requests, a quota that holds, LimitRange defaults, a policy that
    refuses privileged pods; quizzes on resources and on PodSecurityPolicy."""
    assert [slug for slug in lab_slugs() if slug.startswith("week10/")] == [
        "week10/01-rightsize-requests", "week10/02-namespace-quota", "week10/03-limitrange-defaults",
        "week10/04-psp-no-privileged"]
    assert [slug for slug in quiz_slugs() if slug.startswith("week10/")] == [
        "week10/quiz-w10-psp", "week10/quiz-w10-resources"]
