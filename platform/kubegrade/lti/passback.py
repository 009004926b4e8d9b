"""Automatic grade passback (LTI AGS): the LMS gets the effective score the student and
the gradebook see (`gradebook.selectors.effective_cells`, the one rule).

Two steps. `score_versions_refresh` recomputes the score of the students a change
touched and, when the score body differs from the last version, stores a new version
with its own timestamp (strictly increasing per line item and student) and marks it
pending: unchanged grades are not resent, a retry resends the same version. Then
`pending_scores_send` drains one platform's pending scores one request at a time,
under a lease on the registration (whatever the number of workers), backing off on
429, on Canvas's 403 "Rate Limit Exceeded" and on 5xx.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lti_tool.models import LtiRegistration, LtiUser

from kubegrade.courses.models import CourseAssignment, Enrollment, Role
from kubegrade.gradebook.selectors import Cell, effective_cells
from kubegrade.lti import ags_client
from kubegrade.lti.models import LineItem, PlatformSendLock, ScoreSend, SendState
from kubegrade.submissions.models import Submission

log = logging.getLogger(__name__)
LEASE_SECONDS = 120


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


# --- versions -------------------------------------------------------------------------

def score_versions_refresh(*, course_assignment_id: int, student_ids: list[int] | None = None) -> set[int]:
    """New versions for the students whose effective score changed; returns the ids of
    the registrations that now have something to send."""
    line_items = list(LineItem.objects.filter(course_assignment_id=course_assignment_id)
                      .select_related("context__deployment__registration"))
    if not line_items:
        return set()
    ca = CourseAssignment.objects.select_related("assignment").get(pk=course_assignment_id)
    if student_ids is None:
        student_ids = list(Enrollment.objects.filter(course_id=ca.course_id, role=Role.STUDENT)
                           .values_list("user_id", flat=True))
    cells = effective_cells(course_id=ca.course_id, columns=[ca], student_ids=student_ids)
    touched = set()
    for item in line_items:
        registration = item.context.deployment.registration
        subs = dict(LtiUser.objects.filter(registration=registration, auth_user_id__in=student_ids)
                    .values_list("auth_user_id", "sub"))
        for student_id, sub in subs.items():
            if _version_store(item, student_id, sub, cells[(student_id, ca.pk)]):
                touched.add(registration.pk)
    return touched


def score_body(cell: Cell, sub: str) -> dict | None:
    """The AGS score for a cell, without its timestamp; None while nothing is graded."""
    if cell.score is None:
        return None
    body = {"userId": sub, "scoreGiven": cell.score, "scoreMaximum": cell.max_score,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded", "comment": score_comment(cell)}
    if cell.submission_id is not None:
        submitted = Submission.objects.filter(pk=cell.submission_id).values_list("submitted_at", flat=True).first()
        if submitted is not None:
            # The student's submission time, so a regrade is not marked late by the LMS.
            body["submission"] = {"submittedAt": _iso(submitted)}
    return body


def score_comment(cell: Cell) -> str:
    parts = [f"KubeGrade: {cell.score:g}/{cell.max_score:g}."]
    if cell.overridden:  # the score staff set replaced the graded one and its late penalty
        parts.append(f"Set by staff: {cell.reason_for_student}" if cell.reason_for_student else "Set by staff.")
    elif cell.late_days and cell.penalty:
        parts.append(f"{cell.late_days} day(s) late: -{cell.penalty:g}.")
    return " ".join(parts)


def _version_store(item: LineItem, student_id: int, sub: str, cell: Cell) -> bool:
    body = score_body(cell, sub)
    if body is None:
        return False
    row = ScoreSend.objects.filter(line_item=item, student_id=student_id).first()
    if row is not None and row.body == body:
        return False
    now = timezone.now()
    if row is None:
        ScoreSend.objects.create(line_item=item, student_id=student_id, lms_user_id=sub, version=1, timestamp=now,
                                 body=body)
        return True
    stamp = max(now, row.timestamp + dt.timedelta(milliseconds=1))
    ScoreSend.objects.filter(pk=row.pk).update(version=row.version + 1, timestamp=stamp, body=body, lms_user_id=sub,
                                               state=SendState.PENDING, tries=0)
    return True


def resend_mark(*, course_assignment_id: int, send_ids: list[int]) -> set[int]:
    """"Send again": failed (or sent) scores of this course assignment go back to pending
    with the same version. Ids of another course assignment's rows are ignored."""
    rows = ScoreSend.objects.filter(pk__in=send_ids, line_item__course_assignment_id=course_assignment_id)
    rows.update(state=SendState.PENDING, tries=0)
    return set(rows.values_list("line_item__context__deployment__registration_id", flat=True))


# --- sending --------------------------------------------------------------------------

def pending_scores_send(*, registration_id: int) -> int:
    """Sends this platform's pending scores, oldest change first; returns how many were
    accepted. Returns at once when another worker holds the platform's lease: that worker
    sends them. A score stored pending just as the holder found nothing left is seen by
    its check after letting the lease go, so nothing waits for the beat sweep."""
    sent = 0
    while _lease_take(registration_id):
        try:
            registration = LtiRegistration.objects.get(pk=registration_id)
            while (row := _next_pending(registration_id)) is not None:
                sent += _send_one(registration, row)
        finally:
            PlatformSendLock.objects.filter(registration_id=registration_id).update(leased_until=None)
        if _next_pending(registration_id) is None:
            break
    return sent


def _lease_take(registration_id: int) -> bool:
    now = timezone.now()
    PlatformSendLock.objects.get_or_create(registration_id=registration_id)
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    return bool(PlatformSendLock.objects.filter(free, registration_id=registration_id)
                .update(leased_until=now + dt.timedelta(seconds=LEASE_SECONDS)))


def _next_pending(registration_id: int) -> ScoreSend | None:
    return (ScoreSend.objects.filter(state=SendState.PENDING,
                                     line_item__context__deployment__registration_id=registration_id)
            .select_related("line_item__context", "line_item__course_assignment__assignment")
            .order_by("timestamp", "pk").first())


def _send_one(registration: LtiRegistration, row: ScoreSend) -> int:
    """One try of one version. A retryable answer waits (backoff) and leaves it pending."""
    _wait_not_before(registration.pk)
    version, body = row.version, {**row.body, "timestamp": _iso(row.timestamp)}
    try:
        url = _line_item_url(registration, row.line_item)
        answer = ags_client.score_post(registration, url, body)
        if answer.status == 401:  # a token the LMS revoked early: one fresh token, same version
            ags_client.token_forget(registration, ags_client.SCORE_SCOPE)
            answer = ags_client.score_post(registration, url, body)
    except ags_client.PlatformUnreachable as exc:
        answer = ags_client.Answer(status=0, text=str(exc))
    log.info("lti.score version=%s send=%s status=%s", version, row.pk, answer.status)
    return _answer_record(registration, row, version, answer)


def _answer_record(registration, row: ScoreSend, version: int, answer) -> int:
    same_version = ScoreSend.objects.filter(pk=row.pk, version=version)
    now = timezone.now()
    if answer.ok:
        same_version.update(state=SendState.SENT, sent_version=version, sent_at=now, tries=row.tries + 1,
                            answer_status=answer.status, answer="Accepted by the LMS.")
        ScoreSend.objects.filter(pk=row.pk).exclude(version=version).update(sent_version=version, sent_at=now)
        return 1
    tries = row.tries + 1
    words = answer_in_words(answer)
    if is_retryable(answer) and tries < _setting("KUBEGRADE_LTI_MAX_TRIES", 5):
        wait = answer.retry_after or _setting("KUBEGRADE_LTI_BACKOFF_SECONDS", 2.0) * 2 ** (tries - 1)
        PlatformSendLock.objects.filter(registration=registration).update(
            not_before=now + dt.timedelta(seconds=min(wait, 300)))
        same_version.update(tries=tries, answer_status=answer.status or None, answer=words + " Will try again.")
        return 0
    same_version.update(state=SendState.FAILED, tries=tries, answer_status=answer.status or None, answer=words)
    return 0


def is_retryable(answer) -> bool:
    rate_limited_403 = answer.status == 403 and "rate limit exceeded" in answer.text.lower()
    return answer.status in (0, 429) or answer.status >= 500 or rate_limited_403


def answer_in_words(answer) -> str:
    text = answer.text.strip()[:300]
    if answer.status == 0:
        return f"The LMS could not be reached: {text}"
    if answer.status in (404, 422) and ("user" in text.lower() or "student" in text.lower()):
        return f"The LMS says the user was not found or is not a student ({answer.status}): {text}"
    if answer.status == 400:
        return f"The LMS refused the score as incorrect (400): {text}"
    if answer.status == 429 or (answer.status == 403 and "rate limit" in text.lower()):
        return f"The LMS asked to slow down ({answer.status})."
    if answer.status in (401, 403):
        return f"The LMS refused KubeGrade's access ({answer.status}): {text}"
    if answer.status >= 500:
        return f"The LMS had an error ({answer.status})."
    return f"The LMS answered {answer.status}: {text}"


def _wait_not_before(registration_id: int) -> None:
    lock = PlatformSendLock.objects.filter(registration_id=registration_id).values_list("not_before", flat=True).first()
    if lock is not None:
        wait = (lock - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait)


def _line_item_url(registration: LtiRegistration, item: LineItem) -> str:
    if item.url:
        return item.url
    ca = item.course_assignment
    url = ags_client.line_item_find_or_create(
        registration, item.context.lineitems_url, resource_link_id=item.resource_link_id,
        resource_id=f"kubegrade:{ca.assignment.slug}", label=ca.assignment.title_en, score_maximum=ca.assignment.points)
    LineItem.objects.filter(pk=item.pk).update(url=url)
    item.url = url
    return url


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
