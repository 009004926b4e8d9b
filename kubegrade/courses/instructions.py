"""What a student sees of a bank assignment: Markdown instructions rendered to HTML in
their language, their variant values and, for quizzes, the questions."""

import logging
from dataclasses import dataclass, field

import markdown

from kubegrade.courses.bank import bank_assignment

log = logging.getLogger(__name__)


@dataclass
class RenderedAssignment:
    html: str = ""
    variant: dict[str, object] = field(default_factory=dict)
    questions: list = field(default_factory=list)
    error: str = ""


def render_for_student(*, slug: str, content_hash: str | None, language: str, seed: int, kind: str) -> RenderedAssignment:
    try:
        bank = bank_assignment(slug, content_hash)
        text = bank.render_instructions(language, seed)
        variant = dict(bank.variant(seed))
        questions = list(bank.questions(language, seed)) if kind == "quiz" else []
    except Exception as exc:  # a broken bank entry must not take the page down
        log.exception("rendering %s failed", slug)
        return RenderedAssignment(error=f"The instructions could not be loaded ({type(exc).__name__}).")
    html = markdown.markdown(text, extensions=["fenced_code", "tables"])
    return RenderedAssignment(html=html, variant=variant, questions=questions)
