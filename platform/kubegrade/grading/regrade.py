"""Regrade-all for a course assignment: a batch row plus one item per submission, all
in the database, so progress survives page reloads, web restarts and lost messages."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from kubegrade.courses.models import CourseAssignment
from kubegrade.errors import InvalidSubmission
from kubegrade.grading.models import Grade, ItemStatus, RegradeBatch, RegradeItem
from kubegrade.grading.queue import regrade_items_enqueue
from kubegrade.submissions.models import PENDING_STATUSES, Submission


def regrade_start(*, course_assignment: CourseAssignment, by) -> RegradeBatch:
    version = course_assignment.assignment.current_version
    if version is None:
        raise InvalidSubmission("The assignment has no loaded spec to regrade against.")
    with transaction.atomic():
        ids = list(
            Submission.objects.filter(course_assignment=course_assignment)
            .exclude(status__in=PENDING_STATUSES)
            .values_list("pk", flat=True)
        )
        batch = RegradeBatch.objects.create(
            course_assignment=course_assignment, version=version, created_by=by, total=len(ids)
        )
        RegradeItem.objects.bulk_create([RegradeItem(batch=batch, submission_id=i) for i in ids], batch_size=500)
        if not ids:
            batch.finished_at = batch.created_at
            batch.save(update_fields=["finished_at"])
        transaction.on_commit(lambda: regrade_items_enqueue(batch_id=batch.pk, submission_ids=ids), robust=True)
    return batch


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
    counts = RegradeItem.objects.filter(batch=batch).aggregate(
        done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        failed=Count("pk", filter=Q(status=ItemStatus.FAILED)),
        pending=Count("pk", filter=Q(status__in=[ItemStatus.QUEUED, ItemStatus.RUNNING])),
    )
    return RegradeProgress(
        batch_id=batch.pk, total=batch.total, done=counts["done"], failed=counts["failed"],
        pending=counts["pending"], finished=counts["pending"] == 0,
    )


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
