"""Celery tasks for passback and roster sync: ids in, the services in `passback.py` do the work."""

import logging

from celery import shared_task

from kubegrade.events import EffectiveGradesChanged, subscribe
from kubegrade.lti.models import LineItem
from kubegrade.lti.passback import pending_scores_send, score_versions_refresh
from kubegrade.lti.roster import RosterUnavailable, roster_sync
from kubegrade.lti.selectors import contexts_with_roster, registrations_with_pending

log = logging.getLogger(__name__)


@shared_task(name="kubegrade.lti.scores_refresh", acks_late=True, ignore_result=True)
def scores_refresh_task(course_assignment_id: int, student_ids: list[int] | None = None) -> None:
    for registration_id in score_versions_refresh(course_assignment_id=course_assignment_id, student_ids=student_ids):
        scores_send_task.delay(registration_id)


@shared_task(name="kubegrade.lti.scores_send", acks_late=True, ignore_result=True)
def scores_send_task(registration_id: int) -> None:
    pending_scores_send(registration_id=registration_id)


@shared_task(name="kubegrade.lti.scores_sweep", ignore_result=True)
def scores_sweep_task() -> None:
    """Beat: a platform whose scores were left pending (a send that found the lease
    taken just as its holder finished, a worker lost mid-send) is drained again."""
    for registration_id in registrations_with_pending():
        scores_send_task.delay(registration_id)


@shared_task(name="kubegrade.lti.roster_sync", acks_late=True, ignore_result=True)
def roster_sync_task(context_id: int) -> None:
    try:
        roster_sync(context_id=context_id)
    except RosterUnavailable as exc:
        log.warning("lti.roster context=%s unavailable: %s", context_id, exc)


@shared_task(name="kubegrade.lti.rosters_sync", ignore_result=True)
def rosters_sync_task() -> None:
    """Beat: every LMS course that offered its roster service is synced again."""
    for context_id in contexts_with_roster():
        roster_sync_task.delay(context_id)


@subscribe(EffectiveGradesChanged)
def scores_refresh_send(event: EffectiveGradesChanged) -> None:
    """After a change committed: a course assignment linked to an LMS sends its scores again."""
    if not LineItem.objects.filter(course_assignment_id=event.course_assignment_id).exists():
        return  # not linked to an LMS: nothing to pass back
    ids = None if event.student_ids is None else list(event.student_ids)
    scores_refresh_task.delay(event.course_assignment_id, ids)
