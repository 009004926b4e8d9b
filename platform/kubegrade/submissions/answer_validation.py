"""Checks on a quiz's answers before anything is stored: only the assignment's question
ids, at most one answer each, as text PostgreSQL can store (no NUL, no lone surrogate)
and of bounded length. A lab takes no answers at all.

The question ids come from the bank entry of the version being answered; an entry the
bank cannot read leaves only the text checks (grading would report it anyway).
"""

import logging

from kubegrade.courses.bank import bank_assignment
from kubegrade.errors import InvalidAnswers

log = logging.getLogger(__name__)
MAX_ANSWER_CHARS = 2000


def question_ids(*, slug: str, content_hash: str | None, kind: str) -> set[str] | None:
    """The ids a submission may answer, or None when the bank entry cannot be read."""
    if kind != "quiz":
        return set()
    try:
        return {q.id for q in bank_assignment(slug, content_hash).questions("en", 0)}
    except Exception:  # noqa: BLE001 - an unreadable entry must not turn a refusal into a 500
        log.warning("questions of %s could not be read; answer ids not checked", slug)
        return None


def storable_text(text: str, *, what: str) -> str:
    """`text` unless PostgreSQL would refuse it (NUL) or UTF-8 cannot encode it (a lone surrogate)."""
    if "\x00" in text:
        raise InvalidAnswers(f"{what} contains a NUL character; send plain text.", field="answers")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidAnswers(f"{what} contains an unpaired surrogate (character {exc.start}); "
                             "send valid Unicode text.", field="answers") from exc
    return text


def validate_answers(answers: dict[str, str] | None, allowed_ids: set[str] | None) -> dict[str, str] | None:
    if not answers:
        return answers
    if allowed_ids is not None:
        unknown = sorted(key for key in answers if key not in allowed_ids)
        if unknown:
            shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            expected = sorted(allowed_ids)
            detail = (f"{shown}: not a question of this assignment; its questions are {', '.join(expected)}."
                      if expected else "This assignment takes no answers.")
            raise InvalidAnswers(detail, field="answers", unknown_count=len(unknown), expected=expected)
    for key, value in answers.items():
        storable_text(key, what="A question id")
        storable_text(value, what=f"The answer to {key[:40]}")
        if len(value) > MAX_ANSWER_CHARS:
            raise InvalidAnswers(f"The answer to {key[:40]} is {len(value)} characters; "
                                 f"an answer may have at most {MAX_ANSWER_CHARS}.", field="answers")
    return answers
