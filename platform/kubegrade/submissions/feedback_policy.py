"""A course assignment's attempt limit and answer reveal, applied to one student.

- Attempts: what counts as one is `submissions.attempts` (the gradebook counts the same way).
- Answers: `visible_result` is the one path by which a grade reaches a viewer; the result
  page and the API both call it. Staff see everything. A student whose policy does not yet
  show the answers gets the checks without `expected`, a quiz without its explanations,
  hints and the commands it ran, and the transcript without the grader's own probes.
  The stored grade keeps everything.

It does not close an assignment to submissions at its due date; the late policy scores those.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kubegrade.courses.access import enrollment_get, is_staff
from kubegrade.courses.models import AnswerReveal, AssignmentKind, CourseAssignment
from kubegrade.courses.selectors import effective_due_at
from kubegrade.grading.engine import transcript_probe_headers
from kubegrade.security.safe_markdown import inline_markdown_to_safe_html
from kubegrade.submissions.attempts import attempts_used as attempts_counted
from kubegrade.submissions.models import PENDING_STATUSES, Submission

def attempts_used(*, course_assignment: CourseAssignment, student_id: int) -> int:
    return attempts_counted(course_assignment_id=course_assignment.pk, student_id=student_id)


def attempts_left(*, course_assignment: CourseAssignment, student_id: int) -> int | None:
    """None when attempts are unlimited."""
    if course_assignment.max_attempts is None:
        return None
    used = attempts_used(course_assignment=course_assignment, student_id=student_id)
    return max(0, course_assignment.max_attempts - used)


def closes_at(*, course_assignment: CourseAssignment, student_id: int) -> dt.datetime:
    """When no further attempt of this student's can earn points: their due date (with an
    extension) plus the late days the late policy still scores."""
    due = effective_due_at(course_assignment=course_assignment, student_id=student_id)
    return due + dt.timedelta(days=course_assignment.late_days_max)


def answers_visible(*, course_assignment: CourseAssignment, student_id: int, now: dt.datetime | None = None) -> bool:
    policy = course_assignment.answers_shown
    if policy == AnswerReveal.AFTER_EACH_ATTEMPT:
        return True
    if policy == AnswerReveal.NEVER:
        return False
    closed = (now or timezone.now()) >= closes_at(course_assignment=course_assignment, student_id=student_id)
    if policy == AnswerReveal.AFTER_DUE_DATE or closed:
        return closed
    return _last_attempt_graded(course_assignment, student_id)


def _last_attempt_graded(course_assignment: CourseAssignment, student_id: int) -> bool:
    """Every allowed attempt used and none still being graded: one that turns out not
    gradable gives its attempt back, and must not have shown the answers first."""
    left = attempts_left(course_assignment=course_assignment, student_id=student_id)
    pending = Submission.objects.filter(
        course_assignment=course_assignment, student_id=student_id, status__in=PENDING_STATUSES
    ).exists()
    return left == 0 and not pending


def refuse_when_no_attempt_left(*, course_assignment: CourseAssignment, student) -> None:
    """Raises AttemptsExhausted (in the student's language) when one more attempt is not allowed:
    the limit is reached, or the answers are already shown to this student."""
    from kubegrade.errors import AttemptsExhausted

    with translation.override(student.language):
        left = attempts_left(course_assignment=course_assignment, student_id=student.pk)
        if left == 0:
            raise AttemptsExhausted(
                _("You have used all %(n)d attempts at this assignment.") % {"n": course_assignment.max_attempts},
                max_attempts=course_assignment.max_attempts, attempts_left=0,
            )
        reveal = course_assignment.answers_shown
        if reveal != AnswerReveal.AFTER_EACH_ATTEMPT and answers_visible(
            course_assignment=course_assignment, student_id=student.pk
        ):
            raise AttemptsExhausted(
                _("The expected answers are shown now, so this assignment takes no more attempts."),
                max_attempts=course_assignment.max_attempts, attempts_left=left,
            )


@dataclass(frozen=True)
class Reveal:
    """Whether a viewer sees the expected answers and, when not, when they will."""

    visible: bool
    note: str = ""


def reveal_for(*, submission: Submission, viewer) -> Reveal:
    ca = submission.course_assignment
    enrollment = enrollment_get(user=viewer, course_id=ca.course_id)
    if is_staff(enrollment):
        return Reveal(True)
    if answers_visible(course_assignment=ca, student_id=submission.student_id):
        return Reveal(True)
    return Reveal(False, _hidden_note(ca, submission.student_id))


def _hidden_note(ca: CourseAssignment, student_id: int) -> str:
    closes = date_format(timezone.localtime(closes_at(course_assignment=ca, student_id=student_id)), "Y-m-d H:i T")
    if ca.answers_shown == AnswerReveal.NEVER:
        return _("The expected answers of this assignment are not shown to students.")
    if ca.answers_shown == AnswerReveal.AFTER_LAST_ATTEMPT:
        return _("The expected answers are shown after your last attempt, or from %(when)s.") % {"when": closes}
    return _("The expected answers are shown from %(when)s, when the due date and its late days are over.") % {
        "when": closes}


def visible_result(*, grade, submission: Submission, viewer) -> dict | None:
    """The grade as `viewer` may see it: a plain dict for the page and the API alike."""
    if grade is None:
        return None
    reveal = reveal_for(submission=submission, viewer=viewer)
    is_quiz = submission.course_assignment.assignment.kind == AssignmentKind.QUIZ
    checks = [{**check, "exit_meaning": exit_meaning_of(check.get("feedback") or ""),
               "title_html": inline_markdown_to_safe_html(check.get("title") or "")} for check in grade.checks or []]
    transcript = grade.transcript
    if not reveal.visible:
        checks = [_without_answer(check, is_quiz) for check in checks]
        transcript = _without_grader_probes(transcript)
    causes, unfolded = checks_by_cause(checks)
    return {
        "score": grade.score, "max_score": grade.max_score, "gradable": grade.gradable, "message": grade.message,
        "checks": checks, "causes": causes, "unfolded_checks": unfolded,
        "transcript": transcript, "engine_version": grade.engine_version,
        "first_error": grade.first_error,
        "spec_version": grade.version.content_hash if grade.version_id else "",
        "answers_visible": reveal.visible, "answers_note": reveal.note,
    }


EXIT_MEANING = re.compile(r"\(((?:exit code|종료 코드) \d+: [^()]*)\)")


def exit_meaning_of(feedback: str) -> str:
    """What the engine said a well-known exit code means (curl 6, 7, 28...), as the API's
    feedback has it; it names no expected value, so it stays when the answers are hidden."""
    found = EXIT_MEANING.search(feedback)
    return found.group(1) if found else ""


def checks_by_cause(checks: list[dict]) -> tuple[list[dict], list[dict]]:
    """The root causes the engine named, each with the checks folded under it, in the order
    the causes first appear; then every other check in the spec's order."""
    causes: dict[str, list[dict]] = {}
    unfolded = []
    for check in checks:
        if check.get("cause") and not check.get("passed"):
            causes.setdefault(check["cause"], []).append(check)
        else:
            unfolded.append(check)
    return [_cause_of(text, folded) for text, folded in causes.items()], unfolded


def _cause_of(text: str, folded: list[dict]) -> dict:
    """A cause as the engine described it; every check folded under it carries the same
    description (grades stored before causes had one show the text alone)."""
    first = folded[0]
    return {"text": text, "expected": first.get("cause_expected", ""), "got": first.get("cause_got", ""),
            "hint": first.get("cause_hint", ""), "checks": folded}


def _without_answer(check: dict, is_quiz: bool) -> dict:
    """A lab's feedback quotes the expected value, so it goes with it; its hint stays (the
    instructor's nudge). A quiz's feedback is the explanation, its hint and its command
    (a predict question's `run:`) lead to the answer too."""
    hidden = {**check, "expected": "", "feedback": "", "cause_expected": ""}
    if is_quiz:
        hidden.update(hint="", run="")
    return hidden


def _without_grader_probes(transcript: str) -> str:
    """The transcript up to the grader's own checks: what the setup and the student's own
    commands did stays, the probes whose outputs are the answers go."""
    headers = transcript_probe_headers()
    lines = transcript.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.rstrip("\n") in headers:
            return "".join(lines[:index])
    return transcript
