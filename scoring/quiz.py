"""Quizzes whose right answers come from the student's own seeded cluster.

Three kinds of question (spec.yaml `questions:`):

- `predict`: "what does this print?"; the answer is what `run:` prints from `vantage:`
  (over `repeat:` tries every distinct output is accepted, for load-balanced replies);
  whitespace is compared loosely, since nobody types table padding.
- `short`: `answer:` is rendered from variables and facts (a ClusterIP, a count).
- `choice`: `answer:` names the right choice(s), or `correct_when:` runs a check per
  choice (`{{ choice }}` bound) and every choice that passes is right. Students answer
  with letters (`a`, `a,c`), numbers or the choice text.
"""

from __future__ import annotations

import re
import string

from scoring.bank import Assignment, Question
from scoring.checks import CheckResult, GradingContext, collect_tries, run_line, score_tries
from scoring.facts import Facts, FactMissing
from scoring.messages import localize, pick, text
from scoring.replay import build_cluster
from scoring.templates import TemplateError, as_text
from scoring.vantages import VantageUnavailable, resolve_vantage

LETTERS = string.ascii_lowercase


def render_questions(assignment: Assignment, lang: str, seed: int) -> list[Question]:
    facts = Facts(lambda: build_cluster(assignment, seed)[0], assignment.variant(seed), assignment.spec.get("facts") or {})
    return [Question(str(q["id"]), str(q["kind"]), facts.render(pick(q["prompt"], lang)), _choices(q, facts))
            for q in assignment.spec["questions"]]


def _choices(question: dict, facts: Facts) -> list[str]:
    return [facts.render(str(choice)) for choice in question.get("choices", [])]


def grade_answers(assignment: Assignment, answers: dict[str, str], seed: int, lang: str, guard
                  ) -> tuple[list[CheckResult], str]:
    cluster, setup_lines = build_cluster(assignment, seed, guard)
    facts = Facts(cluster, assignment.variant(seed), assignment.spec.get("facts") or {})
    context = GradingContext(cluster, facts, [], lang, guard)
    results = [_grade_one(context, question, answers.get(str(question["id"]), ""))
               for question in assignment.spec["questions"]]
    return results, (text("transcript_setup", lang) + "\n" + "".join(setup_lines)
                     + text("transcript_checks", lang) + "\n" + "".join(context.ran))


def _grade_one(ctx: GradingContext, question: dict, answer: str) -> CheckResult:
    prompt = ctx.facts.render(pick(question["prompt"], ctx.lang))
    max_points = float(question.get("points", 1))
    explain = ctx.facts.render(pick(question.get("explain"), ctx.lang))
    hint = ctx.facts.render(pick(question.get("hint"), ctx.lang))
    try:
        accepted, run, display = _right_answers(ctx, question)
    except (FactMissing, VantageUnavailable, TemplateError) as error:
        reason = localize(error, ctx.lang)
        return CheckResult(str(question["id"]), _title(prompt), 0.0, max_points, False, "", "", reason, hint,
                           text("fact_missing", ctx.lang, reason=reason))
    correct = _matches(question, answer, accepted, _choices(question, ctx.facts))
    feedback = text("passed", ctx.lang) if correct else " ".join(
        part for part in (explain, text("hint", ctx.lang, hint=hint) if hint else "") if part) or display
    return CheckResult(str(question["id"]), _title(prompt), max_points if correct else 0.0, max_points, correct,
                       run, display, answer.strip() or text("no_answer", ctx.lang), hint, feedback)


def _right_answers(ctx: GradingContext, question: dict) -> tuple[set[str] | frozenset, str, str]:
    """(accepted answers, normalised; the command run, if any; the right answer as shown)."""
    kind = question["kind"]
    if kind == "predict":
        vantage = resolve_vantage(ctx.cluster, ctx.facts.render_data(question.get("vantage")))
        line = ctx.facts.render(question["run"])
        outputs = {run_line(ctx, vantage, line).output.rstrip("\n") for _ in range(int(question.get("repeat", 1)))}
        return {_loose(output) for output in outputs}, line, text("or_separator", ctx.lang).join(sorted(outputs))
    if kind == "short":
        values = _as_list(ctx.facts.render_data(question["answer"]))
        return {_loose(as_text(v)).lower() for v in values}, "", " | ".join(as_text(v) for v in values)
    return _right_choices(ctx, question)


def _right_choices(ctx: GradingContext, question: dict) -> tuple[frozenset, str, str]:
    choices = _choices(question, ctx.facts)
    if "answer" in question:
        wanted = {as_text(v).strip() for v in _as_list(ctx.facts.render_data(question["answer"]))}
        right = frozenset(i for i, choice in enumerate(choices) if choice.strip() in wanted)
    else:
        right = frozenset(i for i, choice in enumerate(choices) if _choice_passes(ctx, question["correct_when"], choice))
    display = ", ".join(f"{LETTERS[i]}) {choices[i]}" for i in sorted(right)) or text("no_right_choice", ctx.lang)
    return frozenset({right}), "", display


def _choice_passes(ctx: GradingContext, condition: dict, choice: str) -> bool:
    ctx.facts.bound = {"choice": choice}
    try:
        spec = dict(condition)
        return score_tries(dict(spec["expect"]), collect_tries(ctx, spec), ctx)[0] >= 1.0
    finally:
        ctx.facts.bound = {}


def _matches(question: dict, answer: str, accepted, choices: list[str]) -> bool:
    if question["kind"] == "choice":
        return _selected(answer, choices) in accepted
    normal = _loose(answer)
    return (normal.lower() if question["kind"] == "short" else normal) in accepted


def _selected(answer: str, raw_choices: list[str]) -> frozenset[int]:
    """`b`, `a, c`, `2`, `1 3` or the exact text of a choice."""
    cleaned = answer.strip().lower()
    tokens = [t for t in re.split(r"[\s,;/]+", cleaned.replace(")", " ")) if t]
    if tokens and all(len(t) == 1 and t in LETTERS[:len(raw_choices)] for t in tokens):
        return frozenset(LETTERS.index(t) for t in tokens)
    if tokens and all(t.isdigit() and 1 <= int(t) <= len(raw_choices) for t in tokens):
        return frozenset(int(t) - 1 for t in tokens)
    return frozenset(i for i, choice in enumerate(raw_choices) if choice.strip().lower() == cleaned)


def _loose(value: str) -> str:
    """Whitespace-insensitive form: every run of spaces, tabs and newlines made one space.

    A web form or a YAML answers file rarely keeps a table's padding or its line breaks.
    """
    return re.sub(r"\s+", " ", str(value)).strip()


def _title(prompt: str) -> str:
    """The prompt's first line; a long one cut at a word, never inside a `code` span (the
    page renders the title as Markdown, and a lone backtick would show raw)."""
    first = prompt.strip().splitlines()[0] if prompt.strip() else ""
    if len(first) <= 90:
        return first
    cut = first[:88].rsplit(" ", 1)[0].rstrip()
    if cut.count("`") % 2:
        cut = cut[:cut.rindex("`")].rstrip()
    return cut + " …"


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def right_answers(assignment: Assignment, seed: int) -> dict[str, str]:
    """One accepted answer per question for this seed (letters for choices): the quiz's reference."""
    cluster, _ = build_cluster(assignment, seed)
    facts = Facts(cluster, assignment.variant(seed), assignment.spec.get("facts") or {})
    context = GradingContext(cluster, facts, [], "en", _NoBudget())
    answers = {}
    for question in assignment.spec["questions"]:
        accepted, _, display = _right_answers(context, question)
        if question["kind"] == "choice":
            answers[str(question["id"])] = ", ".join(LETTERS[i] for i in sorted(next(iter(accepted))))
        else:
            answers[str(question["id"])] = display.split(text("or_separator", "en"))[0].split(" | ")[0]
    return answers


class _NoBudget:
    def check(self) -> None:
        return None
