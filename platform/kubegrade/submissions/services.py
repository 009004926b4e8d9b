"""Writes for submissions: store a validated submission, then queue it once committed.

`submission_create` is the one way a submission comes to exist (pages and API both call
it); it refuses an attempt over the course assignment's limit before storing anything
(`feedback_policy`). The grading itself lives in `kubegrade.grading`.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kubegrade.courses.access import Action, allowed
from kubegrade.courses.models import CourseAssignment, Enrollment, Role
from kubegrade.errors import InvalidSubmission, NotFound, PermissionDenied, SubmitThrottled
from kubegrade.events import GradeRequested, publish
from kubegrade.submissions.feedback_policy import refuse_when_no_attempt_left
from kubegrade.submissions.answer_validation import question_ids, validate_answers
from kubegrade.submissions.models import Submission
from kubegrade.submissions.validation import validate_commands, validate_file_names, validate_files
from kubegrade.submissions.validation import take_commands_file, validate_limits, validate_nonempty
from kubegrade.submissions.variants import variant_seed

log = logging.getLogger(__name__)


def _lock_student_enrollment(*, student, course_assignment: CourseAssignment) -> Enrollment:
    """The student's enrolment, locked: one submitter at a time per enrolment keeps
    attempt numbers and the rate limit exact."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(course_id=course_assignment.course_id, user=student)
        .order_by()
        .first()
    )
    if enrollment is None or (not course_assignment.published and enrollment.role == Role.STUDENT):
        raise NotFound("No such assignment.")
    if enrollment.role != Role.STUDENT:
        raise PermissionDenied("Only students of the course submit work.")
    if not allowed(enrollment, Action.SUBMIT):  # a student who left reads their work, adds none
        raise PermissionDenied("You left this course: your past work stays readable, new work is closed.")
    return enrollment


def _check_rate(*, student, now: dt.datetime) -> None:
    limit = settings.KUBEGRADE_SUBMIT_RATE_PER_MINUTE
    if limit <= 0:
        return
    window_start = now - dt.timedelta(seconds=60)
    recent = list(
        Submission.objects.filter(student=student, submitted_at__gt=window_start)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        retry = max(1, int((recent[-1] - window_start).total_seconds()) + 1)
        raise SubmitThrottled(
            _("At most %(limit)d submissions a minute; try again in %(retry)d s.") % {"limit": limit, "retry": retry},
            retry_after_seconds=retry, limit_per_minute=limit,
        )


def submission_create(
    *,
    student,
    course_assignment: CourseAssignment,
    files: dict[str, bytes] | None = None,
    commands: str = "",
    answers: dict[str, str] | None = None,
    workspace=None,
) -> Submission:
    version = course_assignment.assignment.current_version
    if version is None:
        raise InvalidSubmission("This assignment has no loaded spec yet; ask the instructor.")
    files, commands = files or {}, commands or ""
    with translation.override(student.language):
        files, commands = take_commands_file(files, commands, version.submission_limits)
        validate_limits(files, commands, version.submission_limits)
        texts = validate_files(files)
        commands = validate_commands(commands)
        answers = validate_answers(answers, question_ids(
            slug=course_assignment.assignment.slug, content_hash=version.content_hash,
            kind=course_assignment.assignment.kind))
        validate_nonempty(texts, commands, answers)
        validate_file_names(texts, commands, version.submission_limits)
    with transaction.atomic():
        _lock_student_enrollment(student=student, course_assignment=course_assignment)
        refuse_when_no_attempt_left(course_assignment=course_assignment, student=student)
        now = timezone.now()
        with translation.override(student.language):
            _check_rate(student=student, now=now)
        last = Submission.objects.filter(course_assignment=course_assignment, student=student).aggregate(
            n=Max("attempt")
        )["n"]
        submission = Submission.objects.create(
            course_assignment=course_assignment,
            student=student,
            version=version,
            attempt=(last or 0) + 1,
            seed=variant_seed(user_id=student.pk, assignment_slug=course_assignment.assignment.slug),
            files=texts,
            commands=commands,
            answers=answers,
            workspace=workspace,
            submitted_at=now,
            queued_at=now,  # handed to the broker when this transaction commits
        )
        transaction.on_commit(lambda: submission_enqueue(submission_id=submission.pk), robust=True)
    log.info("submission.created id=%s student=%s assignment=%s attempt=%s", submission.pk, student.pk,
             course_assignment.assignment.slug, submission.attempt)
    return submission


def submission_enqueue(*, submission_id: int) -> None:
    """Sends the grading task. A failed send (broker down) is logged by on_commit's
    robust mode; the submission stays queued and the stuck-submission job sends it later."""
    publish(GradeRequested(submission_id))
