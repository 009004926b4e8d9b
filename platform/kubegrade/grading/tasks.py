"""Celery tasks: thin wrappers that pass ids to the grading services, and the subscribers
that turn the services' events (`kubegrade.events`) into messages for them.

acks_late + reject_on_worker_lost put a message back if the worker dies mid-grade; the
services make a second delivery harmless.
"""

from celery import shared_task
from django.conf import settings

from kubegrade.celery import app
from kubegrade.events import GradeRequested, RegradeFanoutRequested, RegradeGroupsReady, subscribe

from kubegrade.grading.queue import regrade_fanout
from kubegrade.grading.services import StudentBusy, regrade_group_grade, submission_grade
from kubegrade.grading.stuck import requeue_stuck


@shared_task(
    bind=True,
    name="kubegrade.grading.grade_submission",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT,
    time_limit=settings.KUBEGRADE_GRADE_HARD_TIME_LIMIT,
    ignore_result=True,
    max_retries=None,
)
def grade_submission_task(self, submission_id: int, batch_id: int | None = None) -> None:
    try:
        submission_grade(submission_id=submission_id, batch_id=batch_id)
    except StudentBusy:
        # Back to the broker with a delay: the worker slot goes to another student meanwhile.
        raise self.retry(countdown=settings.KUBEGRADE_STUDENT_BUSY_RETRY_SECONDS)


@shared_task(
    name="kubegrade.grading.regrade_group",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.KUBEGRADE_GRADE_SOFT_TIME_LIMIT,
    time_limit=settings.KUBEGRADE_GRADE_HARD_TIME_LIMIT,
    ignore_result=True,
)
def regrade_group_task(batch_id: int, submission_ids: list[int]) -> None:
    regrade_group_grade(batch_id=batch_id, submission_ids=submission_ids)


@shared_task(name="kubegrade.grading.regrade_fanout", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def regrade_fanout_task(batch_id: int) -> None:
    regrade_fanout(batch_id=batch_id)


@shared_task(name="kubegrade.grading.requeue_stuck", ignore_result=True)
def requeue_stuck_task() -> int:
    return requeue_stuck()


@subscribe(GradeRequested)
def grade_send(event: GradeRequested) -> None:
    kwargs = {} if event.batch_id is None else {"batch_id": event.batch_id}
    grade_submission_task.apply_async(args=[event.submission_id], kwargs=kwargs, countdown=event.countdown)


@subscribe(RegradeFanoutRequested)
def regrade_fanout_send(event: RegradeFanoutRequested) -> None:
    regrade_fanout_task.delay(event.batch_id)


@subscribe(RegradeGroupsReady)
def regrade_groups_send(event: RegradeGroupsReady) -> None:
    if app.conf.task_always_eager:
        for submission_ids in event.groups:
            regrade_group_task.apply_async(args=[event.batch_id, submission_ids])
        return
    # One broker connection for the chunk instead of one acquire per message.
    with app.producer_or_acquire() as producer:
        for submission_ids in event.groups:
            regrade_group_task.apply_async(args=[event.batch_id, submission_ids], producer=producer)
