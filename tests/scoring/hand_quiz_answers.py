"""Quiz answers written by hand in `quiz_answers/<quiz>.seed<N>.yaml`, as a student types them.

Each file has `right:` and `wrong:` answers per question id, reasoned from the lecture and
the fact sheet with the student's own names and addresses looked up by `kubectl get`. A
`predict` or `short` answer is a string, or a list of strings each of which is right (a
load-balanced reply may come from any pod). A `choice` answer is the list of the choice
texts to tick; it is typed as letters, found among the choices the student is shown, so
a text that is not on the page fails the test instead of being silently skipped.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

ANSWERS_DIR = Path(__file__).resolve().parent / "quiz_answers"
FILE_NAME = re.compile(r"^(?P<quiz>quiz-[\w-]+)\.seed(?P<seed>\d+)\.yaml$")


@dataclass(frozen=True)
class HandAnswers:
    right: dict[str, list[str]]  # question id -> every answer that must be accepted, as typed
    wrong: dict[str, str]  # question id -> one answer that must earn nothing, as typed
    written: dict[str, list[str]]  # question id -> the right answers as written (choice texts, not letters)

    def first_right(self) -> dict[str, str]:
        return {question: accepted[0] for question, accepted in self.right.items()}


def hand_answer_files() -> list[tuple[str, int]]:
    """(quiz slug, seed) of every file in quiz_answers/."""
    found = (FILE_NAME.match(path.name) for path in sorted(ANSWERS_DIR.glob("*.yaml")))
    weeks = {path.parent.name: path.parent.parent.name for path in ANSWERS_DIR.parents[2].glob("assignments/week*/quiz-*/spec.yaml")}
    return [(f"{weeks.get(match['quiz'], 'week4')}/{match['quiz']}", int(match["seed"])) for match in found if match]


def load_hand_answers(assignment, seed: int) -> HandAnswers:
    path = ANSWERS_DIR / f"{assignment.slug.split('/')[-1]}.seed{seed}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shown = {question.id: question.choices for question in assignment.questions("en", seed)}
    kinds = {str(q["id"]): q["kind"] for q in assignment.spec["questions"]}

    def as_typed(question: str, value) -> list[str]:
        if kinds[question] == "choice":
            return [_letters(value, shown[question], question)]
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]

    return HandAnswers(right={q: as_typed(q, v) for q, v in data["right"].items()},
                       wrong={q: as_typed(q, v)[0] for q, v in data["wrong"].items()},
                       written={q: [str(item) for item in (v if isinstance(v, list) else [v])]
                                for q, v in data["right"].items()})


def _letters(texts: list, choices: list[str], question: str) -> str:
    missing = [str(t) for t in texts if str(t) not in choices]
    assert not missing, f"{question}: {missing} not among the choices shown {choices}"
    return ", ".join(string.ascii_lowercase[choices.index(str(t))] for t in texts)
