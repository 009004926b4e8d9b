"""What a student sees of a bank assignment: Markdown instructions rendered to HTML in
their language, the variant values the spec marks `shown: true` (as text) and, for
quizzes, the questions. Internal variables (a troubleshooting task's typo, an answer)
never leave the bank."""

import logging
from dataclasses import dataclass, field

from kubegrade.courses.bank import bank_assignment
from kubegrade.security.safe_markdown import markdown_to_safe_html

log = logging.getLogger(__name__)


@dataclass
class RenderedAssignment:
    html: str = ""
    variant: dict[str, str] = field(default_factory=dict)  # the shown values only, as text
    questions: list = field(default_factory=list)
    starter: dict[str, str] = field(default_factory=dict)
    error: str = ""


LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class QuestionView:
    id: str
    kind: str
    prompt_html: str
    choices: list[tuple[str, str]]


def _question_view(question) -> QuestionView:
    """Choices are answered by letter (`a, c`), the form the engine accepts for several."""
    return QuestionView(
        id=question.id, kind=question.kind,
        prompt_html=markdown_to_safe_html(question.prompt),
        choices=[(LETTERS[i], text) for i, text in enumerate(question.choices)],
    )


def render_for_student(*, slug: str, content_hash: str | None, language: str, seed: int, kind: str) -> RenderedAssignment:
    try:
        bank = bank_assignment(slug, content_hash)
        text = bank.render_instructions(language, seed)
        variant = dict(bank.shown_values(seed))
        questions = [_question_view(q) for q in bank.questions(language, seed)] if kind == "quiz" else []
    except Exception as exc:  # a broken bank entry must not take the page down
        log.exception("rendering %s failed", slug)
        return RenderedAssignment(error=f"The instructions could not be loaded ({type(exc).__name__}).")
    html = markdown_to_safe_html(text)
    return RenderedAssignment(html=html, variant=variant, questions=questions, starter=_starter_texts(bank, seed))


def shown_values_for(*, course_assignment, student_id: int) -> dict[str, str]:
    """A student's own `shown: true` values, as the assignment page shows them; {} when
    the bank entry cannot be read (the page says why)."""
    from kubegrade.submissions.variants import variant_seed

    assignment = course_assignment.assignment
    version = assignment.current_version
    seed = variant_seed(user_id=student_id, assignment_slug=assignment.slug)
    try:
        return dict(bank_assignment(assignment.slug, version.content_hash if version else None).shown_values(seed))
    except Exception:  # noqa: BLE001 - a broken bank entry must not take the API down
        log.exception("shown values of %s failed", assignment.slug)
        return {}


def _starter_texts(bank, seed: int) -> dict[str, str]:
    starter = getattr(bank, "starter_files", None)
    if starter is None:
        return {}
    return {name: data.decode("utf-8", "replace") for name, data in starter(seed).items()}
