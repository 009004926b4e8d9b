"""Names and Role Provisioning (NRPS 2.0): the LMS's roster of a context, read page by
page (`Link: <...>; rel="next"`) with a `contextmembership.readonly` token, made into
KubeGrade accounts and enrolments.

Students who never launched anything appear in the course (and its gradebook) after a
sync; people the LMS lists as Inactive or Deleted, or no longer lists at all, keep their
enrolment and grades but are marked as having left (`EnrollmentState.LEFT`). Only
people KubeGrade knows through this platform are ever marked: an account enrolled by
hand is the staff's business, not the LMS's.
"""

import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from lti_tool.models import LtiContext, LtiRegistration

from kubegrade.courses.models import Enrollment, EnrollmentState
from kubegrade.lti import ags_client
from kubegrade.lti.roles import course_role_from_lti_roles
from kubegrade.lti.services import account_for, course_linked_to

log = logging.getLogger(__name__)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 1000  # a platform whose "next" never ends does not keep a worker forever
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class RosterUnavailable(Exception):
    """The LMS did not give the roster; the message says why, in words."""


@dataclass
class RosterReport:
    added: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    kept: int = 0


def members_fetch(registration: LtiRegistration, memberships_url: str) -> list[dict]:
    members, url, pages = [], memberships_url, 0
    while url and pages < MAX_PAGES:
        token = ags_client.access_token(registration, NRPS_SCOPE)
        answer, link = ags_client.get_with_link(url, headers={"Authorization": f"Bearer {token}", "Accept": NRPS_TYPE})
        if not answer.ok:
            raise RosterUnavailable(f"The LMS did not give the roster ({answer.status}): {answer.text[:300]}")
        members += ags_client.resp_json(answer).get("members", [])
        match = _NEXT.search(link or "")
        url, pages = (match.group(1) if match else None), pages + 1
    return members


def roster_sync(*, context_id: int) -> RosterReport:
    """Reads the roster of one LMS context and brings the course's enrolments in line."""
    context = LtiContext.objects.select_related("deployment__registration").get(pk=context_id)
    if not context.memberships_url:
        raise RosterUnavailable("The LMS has not offered its roster service for this course (no NRPS claim yet).")
    registration = context.deployment.registration
    members = members_fetch(registration, context.memberships_url)
    return _roster_apply(context, registration, members)


@transaction.atomic
def _roster_apply(context: LtiContext, registration: LtiRegistration, members: list[dict]) -> RosterReport:
    course = course_linked_to(context)
    if course is None:
        raise RosterUnavailable("This LMS course is not linked to a KubeGrade course yet.")
    report, listed = RosterReport(), set()
    for member in members:
        role = course_role_from_lti_roles(member.get("roles", []))
        if role is None:
            continue  # an administrator, observer or mentor: no course role here (institution roles never give one)
        listed.add(member["user_id"])
        user = account_for(registration, member["user_id"], given_name=member.get("given_name", ""),
                           family_name=member.get("family_name", ""), email=member.get("email", ""))
        active = member.get("status", "Active") == "Active"
        enrollment = Enrollment.objects.filter(course=course, user=user).first()
        if enrollment is None:
            if active:
                Enrollment.objects.create(course=course, user=user, role=role)
                report.added.append(user.username)
            continue
        state = EnrollmentState.ACTIVE if active else EnrollmentState.LEFT
        if state == EnrollmentState.LEFT and enrollment.state != state:
            report.left.append(user.username)
        Enrollment.objects.filter(pk=enrollment.pk).update(role=role, state=state)
        report.kept += active
    gone = (Enrollment.objects.filter(course=course, state=EnrollmentState.ACTIVE,
                                      user__lti_users__registration=registration)
            .exclude(user__lti_users__sub__in=listed).select_related("user"))
    for enrollment in gone:
        report.left.append(enrollment.user.username)
    gone.update(state=EnrollmentState.LEFT)
    log.info("lti.roster context=%s added=%s left=%s kept=%s", context.pk, len(report.added), len(report.left),
             report.kept)
    return report

