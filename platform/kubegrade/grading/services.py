"""Grading a submission: claim it, run the engine, store exactly one grade per run.

Called by the Celery task with ids only. Every step re-reads the database, so a
redelivered or duplicated task finds the work done and returns None quietly. The
unique constraints on `Grade` are the last guard when two deliveries race.
"""

import datetime as dt
import logging
from time import monotonic

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from kubegrade.courses.models import AssignmentVersion
from kubegrade.events import GradeRequested, effective_grades_changed, publish
from kubegrade.grading.engine import EngineOutcome, engine_run
from kubegrade.grading.models import Grade, ItemStatus, RegradeBatch, RegradeItem
from kubegrade.grading.regrade import regrade_item_counted
from kubegrade.submissions.models import PENDING_STATUSES, Status, Submission

log = logging.getLogger(__name__)


class StudentBusy(Exception):
    """This student's previous submission is still being graded: try again shortly."""


def submission_grade(*, submission_id: int, batch_id: int | None = None) -> Grade | None:
    if batch_id is not None:
        return _regrade_item_grade(submission_id=submission_id, batch_id=batch_id)
    if not _claim_one_per_student(submission_id):
        return None
    submission = Submission.objects.select_related("course_assignment__assignment", "version", "student").get(
        pk=submission_id
    )
    outcome = _run_or_fail(submission, submission.version, mark_failed=_submission_failed)
    if outcome is None:
        return None
    return _grade_store(submission, outcome, batch=None)


def _claim_one_per_student(submission_id: int) -> bool:
    """Marks the submission running unless the same student already has one running, so
    one student's burst cannot fill every worker. The student's row lock serialises two
    workers claiming for one student at once; a "running" one older than the stuck
    threshold belongs to a dead worker and does not count. Raises StudentBusy."""
    now = timezone.now()
    with transaction.atomic():
        student_id = Submission.objects.filter(pk=submission_id, status__in=PENDING_STATUSES).values_list(
            "student_id", flat=True).first()
        if student_id is None:
            return False
        list(get_user_model().objects.select_for_update().filter(pk=student_id).values_list("pk"))
        alive_since = now - dt.timedelta(seconds=settings.KUBEGRADE_STUCK_AFTER_SECONDS)
        busy = Submission.objects.filter(student_id=student_id, status=Status.RUNNING,
                                         started_at__gte=alive_since).exclude(pk=submission_id).exists()
        if busy:
            # queued_at refreshed: the stuck job sees a live message, not a lost one.
            Submission.objects.filter(pk=submission_id, status=Status.QUEUED).update(queued_at=now)
        else:
            claimed = Submission.objects.filter(pk=submission_id, status__in=PENDING_STATUSES).update(
                status=Status.RUNNING, started_at=now)
    if busy:
        raise StudentBusy(f"student {student_id} has a submission being graded")
    return bool(claimed)


def regrade_group_grade(*, batch_id: int, submission_ids: list[int]) -> int:
    """Regrades one student's items of a batch, one after the other (the engine restores
    the student's cluster after setup instead of building it again). Each item is claimed
    only when its turn comes, so a worker lost midway leaves the rest queued for the stuck
    job. Past half the time limit the rest go out as one message each, so one slow item
    cannot take the group over the limit. Returns how many grades were stored."""
    began = monotonic()
    # queued_at refreshed: the stuck job sees the group's waiting items as held, not lost.
    RegradeItem.objects.filter(batch_id=batch_id, submission_id__in=submission_ids,
                               status=ItemStatus.QUEUED).update(queued_at=timezone.now())
    stored = 0
    for position, submission_id in enumerate(submission_ids):
        if monotonic() - began > settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT / 2:
            _send_singly(batch_id, submission_ids[position:])
            break
        stored += _regrade_item_grade(submission_id=submission_id, batch_id=batch_id) is not None
    return stored


def _send_singly(batch_id: int, submission_ids: list[int]) -> None:
    for submission_id in submission_ids:
        publish(GradeRequested(submission_id, batch_id=batch_id))


def _regrade_item_grade(*, submission_id: int, batch_id: int) -> Grade | None:
    items = RegradeItem.objects.filter(
        batch_id=batch_id, submission_id=submission_id, status__in=[ItemStatus.QUEUED, ItemStatus.RUNNING]
    )
    if not items.update(status=ItemStatus.RUNNING, started_at=timezone.now()):
        return None
    item = RegradeItem.objects.select_related(
        "batch__version", "submission__course_assignment__assignment", "submission__student"
    ).get(batch_id=batch_id, submission_id=submission_id)

    def failed(sub, message):
        with transaction.atomic():
            _item_finish(item.batch, sub.pk, ItemStatus.FAILED, message)

    outcome = _run_or_fail(item.submission, item.batch.version, mark_failed=failed)
    if outcome is None:
        return None
    return _grade_store(item.submission, outcome, batch=item.batch)


def _run_or_fail(submission: Submission, version: AssignmentVersion, *, mark_failed) -> EngineOutcome | None:
    try:
        return engine_run(
            slug=submission.course_assignment.assignment.slug,
            content_hash=version.content_hash,
            files=submission.files,
            commands=submission.commands,
            seed=submission.seed,
            answers=submission.answers,
            lang=submission.student.language,
        )
    except SoftTimeLimitExceeded:
        limit = settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT
        mark_failed(submission, f"Grading took longer than the {limit} s limit.")
    except Exception as exc:  # the engine's bug must not leave the submission running forever
        log.exception("grading submission %s failed", submission.pk)
        mark_failed(submission, f"The grader failed: {type(exc).__name__}: {exc}")
    return None


def _submission_failed(submission: Submission, message: str) -> None:
    Submission.objects.filter(pk=submission.pk, status=Status.RUNNING).update(
        status=Status.FAILED, status_message=message, graded_at=timezone.now()
    )


def _version_for(submission: Submission, content_hash: str, fallback: AssignmentVersion) -> AssignmentVersion:
    if content_hash == fallback.content_hash:
        return fallback
    assignment = submission.course_assignment.assignment
    version, _ = AssignmentVersion.objects.get_or_create(
        assignment=assignment, content_hash=content_hash, defaults={"points": assignment.points, "submission_limits": {}}
    )
    return version


def _grade_store(submission: Submission, outcome: EngineOutcome, *, batch: RegradeBatch | None) -> Grade | None:
    report = outcome.report
    now = timezone.now()
    fallback = batch.version if batch else submission.version
    version = _version_for(submission, outcome.content_hash, fallback)
    try:
        with transaction.atomic():
            grade = Grade.objects.create(
                submission=submission, batch=batch, version=version,
                score=float(report["score"]), max_score=float(report["max_score"]),
                gradable=bool(report.get("gradable", True)), message=report.get("message", ""),
                checks=report.get("checks", []), transcript=report.get("transcript", ""),
                first_error=report.get("first_error", ""),
                timing=report.get("timing", {}), engine_version=str(report.get("engine_version", "")),
                graded_at=now,
            )
            # A regrade is its own entry (the grade row and its item keep their times);
            # the submission's phase times stay those of its first grading run.
            own_times = {"graded_at": now} if batch is None else {}
            Submission.objects.filter(pk=submission.pk).update(
                status=Status.GRADED, score=grade.score, max_score=grade.max_score,
                gradable=grade.gradable, status_message=grade.message, **own_times,
            )
            if batch is not None and not _item_finish(batch, submission.pk, ItemStatus.DONE, ""):
                raise IntegrityError("the item was finished by another run")  # keeps that run's result
    except IntegrityError:
        log.info("grade.duplicate submission=%s batch=%s ignored", submission.pk, batch and batch.pk)
        return None
    log.info("grade.stored submission=%s batch=%s score=%s/%s gradable=%s engine_ms=%s", submission.pk,
             batch and batch.pk, grade.score, grade.max_score, grade.gradable, grade.timing.get("total_ms"))
    if batch is None:  # a regrade tells the LMS once, when its batch closes
        effective_grades_changed(course_assignment_id=submission.course_assignment_id,
                                 student_ids=[submission.student_id])
    return grade


def _item_finish(batch: RegradeBatch, submission_id: int, status: str, message: str) -> bool:
    """Finishes the item unless a run of it already did (a re-sent item that two workers
    graded): only the run whose update matched counts it on the batch."""
    finished = RegradeItem.objects.filter(
        batch=batch, submission_id=submission_id, status__in=[ItemStatus.QUEUED, ItemStatus.RUNNING]
    ).update(status=status, message=message, finished_at=timezone.now())
    if finished:
        regrade_item_counted(batch=batch, status=status)
    return bool(finished)
