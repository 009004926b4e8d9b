"""Quiz answers written by hand (not computed by the grader) earn full marks, and the
deliberately wrong ones earn nothing, for two students' variants of every quiz."""

from __future__ import annotations

import pytest

from scoring.bank import load_assignment
from scoring.engine import grade_submission

from .conftest import BANK_ROOT, SEEDS, quiz_slugs
from .hand_quiz_answers import hand_answer_files, load_hand_answers


@pytest.fixture(scope="module")
def quizzes():
    """The quizzes alone: a lab being rewritten elsewhere in the bank does not stop these tests."""
    return {slug: load_assignment(BANK_ROOT / slug) for slug in quiz_slugs()}


def test_every_quiz_has_hand_written_answers_for_both_seeds(quizzes):
    assert sorted(hand_answer_files()) == sorted((slug, seed) for slug in quiz_slugs() for seed in SEEDS)
    for slug, seed in hand_answer_files():
        answers = load_hand_answers(quizzes[slug], seed)
        asked = {str(q["id"]) for q in quizzes[slug].spec["questions"]}
        assert set(answers.right) == set(answers.wrong) == asked, (slug, seed)


@pytest.mark.parametrize(("slug", "seed"), hand_answer_files())
def test_hand_written_right_answers_score_full_marks(quizzes, slug, seed):
    quiz = quizzes[slug]
    report = grade_submission(quiz, {}, "", seed, answers=load_hand_answers(quiz, seed).first_right())
    assert {r.id: r.feedback for r in report.checks if not r.passed} == {}
    assert report.score == quiz.points


@pytest.mark.parametrize(("slug", "seed"), hand_answer_files())
def test_every_hand_written_alternative_is_accepted(quizzes, slug, seed):
    """A load-balanced reply may come from any pod: each pod's answer is right."""
    quiz = quizzes[slug]
    answers = load_hand_answers(quiz, seed)
    for question, accepted in answers.right.items():
        for alternative in accepted[1:]:
            report = grade_submission(quiz, {}, "", seed, answers={**answers.first_right(), question: alternative})
            assert report.check(question).passed, (question, alternative, report.check(question).expected)


@pytest.mark.parametrize(("slug", "seed"), hand_answer_files())
def test_hand_written_wrong_answers_score_nothing(quizzes, slug, seed):
    quiz = quizzes[slug]
    report = grade_submission(quiz, {}, "", seed, answers=load_hand_answers(quiz, seed).wrong)
    assert {r.id: r.points for r in report.checks if r.passed} == {}
    assert report.score == 0
