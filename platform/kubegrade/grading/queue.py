"""Sending grading work to the broker. The database row always exists first; a send
that fails is logged and left to the stuck-submission job."""

import logging

from django.conf import settings
from django.utils import timezone

from kubegrade.grading.models import RegradeItem

log = logging.getLogger(__name__)


def regrade_items_enqueue(*, batch_id: int, submission_ids: list[int]) -> None:
    from kubegrade.grading.tasks import grade_submission_task

    for submission_id in submission_ids:
        try:
            grade_submission_task.apply_async(args=[submission_id], kwargs={"batch_id": batch_id})
        except Exception:
            log.exception("could not queue regrade of submission %s; the stuck job will retry", submission_id)
            return
    RegradeItem.objects.filter(batch_id=batch_id, queued_at__isnull=True).update(queued_at=timezone.now())


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
