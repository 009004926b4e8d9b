"""Sending grading work to the broker. The database row always exists first; a send
that fails is logged and left to the stuck-submission job."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kubegrade.grading.models import ItemStatus, RegradeItem

log = logging.getLogger(__name__)
FANOUT_CHUNK = 500


def regrade_fanout(*, batch_id: int) -> int:
    """Sends one grading message per unsent item of the batch, a chunk at a time, and
    returns how many it sent. A chunk is marked queued in the transaction that holds its
    rows locked while sending, so a fan-out killed midway re-sends at most one chunk, and
    two fan-outs of one batch (a redelivery, the stuck job) split the chunks between them."""
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                RegradeItem.objects.select_for_update(skip_locked=True)
                .filter(batch_id=batch_id, status=ItemStatus.QUEUED, queued_at__isnull=True)
                .order_by("pk").values_list("pk", "submission_id")[:FANOUT_CHUNK]
            )
            if not rows:
                return sent
            try:
                _send_regrades(batch_id, [submission_id for _, submission_id in rows])
            except Exception:
                log.exception("could not queue regrades of batch %s; the stuck job will resume it", batch_id)
                return sent
            RegradeItem.objects.filter(pk__in=[pk for pk, _ in rows], queued_at__isnull=True).update(
                queued_at=timezone.now())
        sent += len(rows)


def _send_regrades(batch_id: int, submission_ids: list[int]) -> None:
    from kubegrade.celery import app
    from kubegrade.grading.tasks import grade_submission_task

    if app.conf.task_always_eager:
        for submission_id in submission_ids:
            grade_submission_task.apply_async(args=[submission_id], kwargs={"batch_id": batch_id})
        return
    # One broker connection for the chunk instead of one acquire per message.
    with app.producer_or_acquire() as producer:
        for submission_id in submission_ids:
            grade_submission_task.apply_async(args=[submission_id], kwargs={"batch_id": batch_id},
                                              producer=producer)


def broker_queue_depth(*, timeout: float = 2.0) -> int | None:
    """Messages waiting in the grading queue (not those a worker holds), or None when the
    broker cannot be reached within `timeout` seconds."""
    from kubegrade.celery import app

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            ok = conn.default_channel.queue_declare(queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True)
            return int(ok.message_count)
    except Exception as exc:  # a down broker is an answer here, not an error
        if "NOT_FOUND" in str(exc) or "no queue" in str(exc).lower():
            return 0
        log.warning("broker.unreachable %s: %s", type(exc).__name__, exc)
        return None
