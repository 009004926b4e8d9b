"""The periodic job: re-send grading work that sat queued or running past a deadline
(a lost message, a killed worker, a broker restart). Work that keeps getting stuck is
given up on after a few tries and marked failed with a message, never retried forever."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from kubegrade.grading.models import ItemStatus, RegradeItem
from kubegrade.submissions.models import Status, Submission

log = logging.getLogger(__name__)
MAX_REQUEUES = 5


def _stuck_filter(cutoff: dt.datetime, queued: str, running: str, *, queue_drained: bool) -> Q:
    # Running past the hard time limit plus a margin: the worker is gone. Queued past the
    # cutoff is a lost message only once the queue is empty; before that a long backlog
    # is still draining, and re-sending it would only pile up duplicates.
    running_dead = Q(status=running, started_at__lt=cutoff)
    if not queue_drained:
        return running_dead
    return running_dead | Q(status=queued, queued_at__lt=cutoff) | Q(status=queued, queued_at__isnull=True)


def requeue_stuck(*, now: dt.datetime | None = None) -> int:
    from kubegrade.grading.queue import broker_queue_depth
    from kubegrade.grading.tasks import grade_submission_task

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.KUBEGRADE_STUCK_AFTER_SECONDS)
    depth = broker_queue_depth()
    if depth is None:
        return 0  # nothing can be sent while the broker is down; the next run tries again
    drained = depth == 0
    stuck = Submission.objects.filter(_stuck_filter(cutoff, Status.QUEUED, Status.RUNNING,
                                                    queue_drained=drained)).exclude(
        queued_at__isnull=True, submitted_at__gte=cutoff
    )
    given_up = stuck.filter(requeue_count__gte=MAX_REQUEUES).update(
        status=Status.FAILED, graded_at=now,
        status_message=f"Grading did not finish after {MAX_REQUEUES} tries; ask the instructor to regrade.",
    )
    ids = list(stuck.filter(requeue_count__lt=MAX_REQUEUES).values_list("pk", flat=True))
    for submission_id in ids:
        Submission.objects.filter(pk=submission_id).update(
            status=Status.QUEUED, queued_at=now, requeue_count=F("requeue_count") + 1
        )
        grade_submission_task.apply_async(args=[submission_id])
    items = _requeue_stuck_items(cutoff, now, drained)
    if ids or items or given_up:
        log.warning("requeued %d stuck submissions and %d regrade items; gave up on %d", len(ids), items, given_up)
    return len(ids) + items


def _requeue_stuck_items(cutoff: dt.datetime, now: dt.datetime, drained: bool) -> int:
    from kubegrade.grading.tasks import grade_submission_task

    stuck = RegradeItem.objects.filter(_stuck_filter(cutoff, ItemStatus.QUEUED, ItemStatus.RUNNING,
                                                     queue_drained=drained)).exclude(
        queued_at__isnull=True, batch__created_at__gte=cutoff
    )
    rows = list(stuck.values_list("pk", "batch_id", "submission_id"))
    for pk, batch_id, submission_id in rows:
        RegradeItem.objects.filter(pk=pk).update(status=ItemStatus.QUEUED, queued_at=now)
        grade_submission_task.apply_async(args=[submission_id], kwargs={"batch_id": batch_id})
    return len(rows)
