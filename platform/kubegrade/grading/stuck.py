"""The periodic job: re-send grading work that sat queued or running past a deadline
(a lost message, a killed worker, a broker restart). Work that keeps getting stuck is
given up on after a few tries and marked failed with a message, never retried forever."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kubegrade.events import GradeRequested, RegradeFanoutRequested, publish
from kubegrade.grading.models import ItemStatus, RegradeBatch, RegradeItem
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
        publish(GradeRequested(submission_id))
    items = _requeue_stuck_items(cutoff, now, drained)
    if ids or items or given_up:
        log.warning("requeued %d stuck submissions and %d regrade items; gave up on %d", len(ids), items, given_up)
    return len(ids) + items


def _requeue_stuck_items(cutoff: dt.datetime, now: dt.datetime, drained: bool) -> int:
    """Re-sends regrade items a worker lost, gives up on those re-sent MAX_REQUEUES times,
    and resumes the fan-out of batches with items never sent. Each item's UPDATE repeats
    the stuck condition, so an item that finished after the SELECT is left alone."""
    # Items never sent (queued_at empty) are the fan-out's to send, not this loop's.
    stuck_now = _stuck_filter(cutoff, ItemStatus.QUEUED, ItemStatus.RUNNING, queue_drained=drained) & Q(
        queued_at__isnull=False)
    rows = list(RegradeItem.objects.filter(stuck_now).values_list("pk", "batch_id", "submission_id"))
    requeued = 0
    for pk, batch_id, submission_id in rows:
        still_stuck = RegradeItem.objects.filter(stuck_now, pk=pk)
        if _item_given_up(still_stuck, batch_id, now):
            continue
        if still_stuck.filter(requeue_count__lt=MAX_REQUEUES).update(
                status=ItemStatus.QUEUED, queued_at=now, requeue_count=F("requeue_count") + 1):
            publish(GradeRequested(submission_id, batch_id=batch_id))
            requeued += 1
    return requeued + (_resume_fanouts(cutoff) if drained else 0)


def _item_given_up(still_stuck, batch_id: int, now: dt.datetime) -> bool:
    from kubegrade.grading.regrade import regrade_item_counted

    with transaction.atomic():
        failed = still_stuck.filter(requeue_count__gte=MAX_REQUEUES).update(
            status=ItemStatus.FAILED, finished_at=now,
            message=f"Grading did not finish after {MAX_REQUEUES} tries.")
        if failed:
            regrade_item_counted(batch=RegradeBatch.objects.get(pk=batch_id), status=ItemStatus.FAILED)
    return bool(failed)


def _resume_fanouts(cutoff: dt.datetime) -> int:
    """Batches whose fan-out stopped (its worker killed, the broker down midway) and whose
    sent items have drained: their fan-out task is sent again and carries on where it was."""
    batch_ids = list(RegradeItem.objects.filter(status=ItemStatus.QUEUED, queued_at__isnull=True,
                                                batch__created_at__lt=cutoff)
                     .order_by().values_list("batch_id", flat=True).distinct())
    for batch_id in batch_ids:
        publish(RegradeFanoutRequested(batch_id))
    return len(batch_ids)
