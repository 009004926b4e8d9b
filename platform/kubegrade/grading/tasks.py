"""Celery tasks: thin wrappers that pass ids to the grading services.

acks_late + reject_on_worker_lost put a message back if the worker dies mid-grade; the
services make a second delivery harmless.
"""

from celery import shared_task
from django.conf import settings

from kubegrade.grading.services import submission_grade
from kubegrade.grading.stuck import requeue_stuck


@shared_task(
    name="kubegrade.grading.grade_submission",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT,
    time_limit=settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT + 15,
    ignore_result=True,
)
def grade_submission_task(submission_id: int, batch_id: int | None = None) -> None:
    submission_grade(submission_id=submission_id, batch_id=batch_id)


@shared_task(name="kubegrade.grading.requeue_stuck", ignore_result=True)
def requeue_stuck_task() -> int:
    return requeue_stuck()
