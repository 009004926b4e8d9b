"""Sending grading work to the broker. The database row always exists first; a send
that fails is logged and left to the stuck-submission job."""

import logging

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
