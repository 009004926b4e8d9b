"""A quiz question never prints another question's answer: for every quiz and two
students' variants, no question's prompt or choices contains the right answer of any
other question (or its own prompt its own answer).

The right answers come from `scoring.quiz.right_answers`: this test is structural (what
the page shows against what is graded), not a test of whether those answers are right;
that is tests/scoring/test_quiz_hand_answers.py, on answers written by hand.
"""

from __future__ import annotations

import pytest

from scoring.bank import load_assignment
from scoring.quiz import right_answers

from .conftest import BANK_ROOT, SEEDS, quiz_slugs

# Answers this short ("6", "a, c", "0/1") appear everywhere by chance and reveal nothing.
MIN_REVEALING_LENGTH = 4


def revealing(answer: str) -> bool:
    return len(answer.strip()) >= MIN_REVEALING_LENGTH


def shown_texts(quiz, seed: int) -> dict[str, tuple[str, list[str]]]:
    """Per question id, what the student reads before answering: (prompt, choices), both languages."""
    shown = {}
    for lang in ("en", "ko"):
        for question in quiz.questions(lang, seed):
            prompt, choices = shown.get(question.id, ("", []))
            shown[question.id] = (prompt + "\n" + question.prompt, choices + question.choices)
    return shown


def leaks(quiz, seed: int) -> list[str]:
    answers = {qid: answer for qid, answer in right_answers(quiz, seed).items() if revealing(answer)}
    found = []
    for asked, (prompt, choices) in shown_texts(quiz, seed).items():
        for answered, answer in answers.items():
            if answer in prompt:
                found.append(f"{asked} prompt prints {answered}'s answer {answer!r}")
            if answered != asked and any(answer in choice for choice in choices):
                found.append(f"{asked} choices print {answered}'s answer {answer!r}")
    return found


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", quiz_slugs())
def test_no_question_prints_another_questions_answer(slug, seed):
    assert leaks(load_assignment(BANK_ROOT / slug), seed) == []


def test_the_check_finds_a_prompt_that_prints_an_answer(tmp_path):
    """The guard itself: quiz-01 with the ClusterIP back in question 1's prompt is caught."""
    import shutil

    copy = tmp_path / "week4" / "quiz-01-clusterip"
    shutil.copytree(BANK_ROOT / "week4" / "quiz-01-clusterip", copy)
    spec = copy / "spec.yaml"
    text = spec.read_text(encoding="utf-8")
    first_prompt_en = next(line for line in text.splitlines() if line.strip().startswith("en: \"On the master node"))
    spec.write_text(text.replace(first_prompt_en, '      en: "On the master node, what does `curl -s http://'
                                 '{{ cluster_ip }}` print?"'), encoding="utf-8")
    assert any("quiz-clusterip.Q003's answer" in leak for leak in leaks(load_assignment(copy), SEEDS[0]))
