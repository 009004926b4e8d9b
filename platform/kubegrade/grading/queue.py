"""Sending grading work to the broker. The database row always exists first; a send
that fails is logged and left to the stuck-submission job."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kubegrade.events import RegradeGroupsReady, publish
from kubegrade.grading.models import ItemStatus, RegradeItem

log = logging.getLogger(__name__)
FANOUT_CHUNK = 500
# A student's attempts share a variant seed: graded in one message by one worker, the
# cluster after setup is built once and restored for the others (and one message costs
# the broker and the worker less than five). Kept small so a message stays short.
GROUP_MAX = 8


def regrade_fanout(*, batch_id: int) -> int:
    """Sends one grading message per unsent item of the batch, a chunk at a time, and
    returns how many it sent. A chunk is marked queued in the transaction that holds its
    rows locked while sending, so a fan-out killed midway re-sends at most one chunk, and
    two fan-outs of one batch (a redelivery, the stuck job) split the chunks between them."""
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                RegradeItem.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(batch_id=batch_id, status=ItemStatus.QUEUED, queued_at__isnull=True)
                .order_by("pk").values_list("pk", "submission_id", "submission__student_id")[:FANOUT_CHUNK]
            )
            if not rows:
                return sent
            try:
                _send_regrades(batch_id, _groups_by_student(rows))
            except Exception:
                log.exception("could not queue regrades of batch %s; the stuck job will resume it", batch_id)
                return sent
            RegradeItem.objects.filter(pk__in=[pk for pk, _, _ in rows], queued_at__isnull=True).update(
                queued_at=timezone.now())
        sent += len(rows)


def _groups_by_student(rows: list[tuple[int, int, int]]) -> list[list[int]]:
    """Submission ids, consecutive ones of one student together (items are stored in
    student order), at most GROUP_MAX a group."""
    groups: list[list[int]] = []
    last_student = None
    for _, submission_id, student_id in rows:
        if student_id != last_student or len(groups[-1]) >= GROUP_MAX:
            groups.append([])
        groups[-1].append(submission_id)
        last_student = student_id
    return groups


def _send_regrades(batch_id: int, groups: list[list[int]]) -> None:
    publish(RegradeGroupsReady(batch_id, groups))


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
