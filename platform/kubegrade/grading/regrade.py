"""Regrade-all for a course assignment: a batch row plus one item per submission, all
in the database, so progress survives page reloads, web restarts and lost messages.

The instructor's POST only stores the batch and its items (one INSERT ... SELECT) and
queues one fan-out task; the grading messages are sent by that task in chunks
(`queue.regrade_fanout`). Each finished item bumps a counter on its batch, so progress
and "is the batch over?" never scan the items.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from kubegrade.courses.models import CourseAssignment
from kubegrade.errors import InvalidSubmission
from kubegrade.events import RegradeFanoutRequested, effective_grades_changed, publish_on_commit
from kubegrade.grading.models import Grade, ItemStatus, RegradeBatch, RegradeItem
from kubegrade.submissions.models import PENDING_STATUSES, Submission


def regrade_start(*, course_assignment: CourseAssignment, by) -> RegradeBatch:
    """Stores a batch with one queued item per graded submission and returns at once; a
    second POST while a batch against the same spec version runs returns that batch."""
    version = course_assignment.assignment.current_version
    if version is None:
        raise InvalidSubmission(gettext("The assignment has no loaded spec to regrade against."))
    with transaction.atomic():
        # The assignment's row lock makes two simultaneous POSTs one batch.
        CourseAssignment.objects.select_for_update().filter(pk=course_assignment.pk).first()
        running = RegradeBatch.objects.filter(course_assignment=course_assignment, version=version,
                                              finished_at__isnull=True).first()
        if running is not None:
            return running
        batch = RegradeBatch.objects.create(course_assignment=course_assignment, version=version, created_by=by)
        batch.total = _items_insert(batch, course_assignment)
        batch.finished_at = None if batch.total else batch.created_at
        batch.save(update_fields=["total", "finished_at"])
        if batch.total:
            publish_on_commit(RegradeFanoutRequested(batch.pk), robust=True)
    return batch


def _items_insert(batch: RegradeBatch, course_assignment: CourseAssignment) -> int:
    """One queued item per finished submission, written by the database in one statement
    (10,000 rows in tens of milliseconds, where building model objects took seconds), in
    student order so the fan-out can send a student's attempts together."""
    ids = (Submission.objects.filter(course_assignment=course_assignment)
           .exclude(status__in=PENDING_STATUSES).order_by("student_id", "pk").values("pk"))
    select_sql, params = ids.query.sql_with_params()
    table = connection.ops.quote_name(RegradeItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (batch_id, status, message, requeue_count, submission_id) "
            f"SELECT %s, %s, '', 0, chosen.* FROM ({select_sql}) AS chosen",
            [batch.pk, ItemStatus.QUEUED, *params],
        )
        return cursor.rowcount


def regrade_item_counted(*, batch: RegradeBatch, status: str) -> None:
    """Counts one item as done or failed, and closes the batch with its last item.
    Call inside the transaction that finished the item, once per item (the caller's
    conditional update decides that). Scores go to the LMS once, when the batch closes."""
    field = "done" if status == ItemStatus.DONE else "failed"
    RegradeBatch.objects.filter(pk=batch.pk).update(**{field: F(field) + 1})
    closed = RegradeBatch.objects.filter(pk=batch.pk, finished_at__isnull=True,
                                         total__lte=F("done") + F("failed")).update(finished_at=timezone.now())
    if closed:
        effective_grades_changed(course_assignment_id=batch.course_assignment_id)


@dataclass(frozen=True)
class RegradeProgress:
    batch_id: int
    total: int
    done: int
    failed: int
    pending: int
    finished: bool

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * (self.done + self.failed) / self.total)

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "percent": self.percent}


def regrade_progress(*, batch: RegradeBatch) -> RegradeProgress:
    """Read from the batch's counters (one query however many items it has)."""
    total, done, failed = RegradeBatch.objects.filter(pk=batch.pk).values_list("total", "done", "failed").get()
    pending = max(total - done - failed, 0)
    return RegradeProgress(batch_id=batch.pk, total=total, done=done, failed=failed, pending=pending,
                           finished=pending == 0)


@dataclass(frozen=True)
class RegradeEntry:
    """One regrade of one submission, for its timeline: the run's own times and result."""

    batch_id: int
    by: str
    status: str
    queued_at: object
    started_at: object
    finished_at: object
    score: float | None
    max_score: float | None


def regrade_entries_for_submission(*, submission_id: int) -> list[RegradeEntry]:
    """Every regrade run of the submission, oldest first (two queries)."""
    items = list(
        RegradeItem.objects.filter(submission_id=submission_id).select_related("batch__created_by").order_by("pk")
    )
    grades = {
        batch_id: (score, max_score)
        for batch_id, score, max_score in Grade.objects.filter(
            submission_id=submission_id, batch__isnull=False
        ).values_list("batch_id", "score", "max_score")
    }
    return [
        RegradeEntry(
            batch_id=item.batch_id,
            by=item.batch.created_by.username if item.batch.created_by else "",
            status=item.status, queued_at=item.queued_at or item.batch.created_at,
            started_at=item.started_at, finished_at=item.finished_at,
            score=grades.get(item.batch_id, (None, None))[0], max_score=grades.get(item.batch_id, (None, None))[1],
        )
        for item in items
    ]
