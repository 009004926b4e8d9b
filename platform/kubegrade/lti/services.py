"""Writes for LMS launches: the account, the enrolment with the role the LMS gives, the
course an LMS context maps to, and the assignment a resource link opens.

A launch from an LMS signs the person in as whoever the LMS says they are; accounts made
here have no usable password, so they can sign in only through the LMS until one is set.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from lti_tool.models import LtiContext, LtiLaunch, LtiRegistration, LtiUser
from lti_tool.utils import sync_data_from_launch

from kubegrade.accounts.models import User
from kubegrade.courses.models import Course, CourseAssignment, Enrollment, EnrollmentState, Role
from kubegrade.courses.services import enrollment_upsert
from kubegrade.lti.models import CourseContext, LineItem

CUSTOM_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/custom"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
# LTI role names, last path segment (membership roles, and the TA sub-role), to ours.
# The strongest role named wins; a launch naming none of these is refused.
ROLE_RANK = [("Instructor", Role.INSTRUCTOR), ("TeachingAssistant", Role.TA), ("Learner", Role.STUDENT)]


class LaunchNotUsable(Exception):
    """A valid launch we cannot act on (no role we know, an assignment not in the course)."""


@dataclass(frozen=True)
class LaunchResult:
    user: User
    course: Course
    role: str
    course_assignment: CourseAssignment | None


def role_from_lti_roles(roles: list[str]) -> str:
    names = {role.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for role in roles}
    for lti_name, role in ROLE_RANK:
        if lti_name in names:
            return role
    raise LaunchNotUsable("The LMS sent no role KubeGrade knows (Learner, TeachingAssistant or Instructor).")


@transaction.atomic
def launch_sign_in(lti_launch: LtiLaunch) -> LaunchResult:
    role = role_from_lti_roles(lti_launch.roles_claim or [])
    sync_data_from_launch(lti_launch)
    user = _account_for(lti_launch)
    course = course_for_context(lti_launch.context)
    enrollment = enrollment_upsert(course=course, user=user, role=role)
    if enrollment.state != EnrollmentState.ACTIVE:  # back in the LMS course: no longer marked as left
        Enrollment.objects.filter(pk=enrollment.pk).update(state=EnrollmentState.ACTIVE)
    course_assignment = None
    if lti_launch.is_resource_launch:
        course_assignment = _assignment_for(lti_launch, course)
    return LaunchResult(user, course, role, course_assignment)


def _account_for(lti_launch: LtiLaunch) -> User:
    lti_user = lti_launch.user
    return account_for(lti_launch.registration, lti_user.sub, given_name=lti_user.given_name,
                       family_name=lti_user.family_name, email=lti_user.email)


def account_for(registration: LtiRegistration, sub: str, *, given_name: str = "", family_name: str = "",
                email: str = "") -> User:
    """The account of an LMS user, from a launch or a roster (made on first sight, with no
    usable password)."""
    lti_user, _ = LtiUser.objects.get_or_create(registration=registration, sub=sub, defaults={
        "given_name": given_name, "family_name": family_name, "email": email})
    if lti_user.auth_user_id is not None:
        return lti_user.auth_user
    user, created = User.objects.get_or_create(username=f"lti{registration.pk}-{sub}"[:150])
    if created:
        user.set_unusable_password()
    user.first_name, user.last_name, user.email = given_name[:150], family_name[:150], email
    user.save()
    lti_user.auth_user = user
    lti_user.save(update_fields=["auth_user"])
    return user


def course_for_context(context: LtiContext) -> Course:
    link = CourseContext.objects.select_related("course").filter(context=context).first()
    if link is not None:
        return link.course
    code = slugify(f"lms-{context.deployment.registration_id}-{context.label or context.id_on_platform}")[:40]
    course, _ = Course.objects.get_or_create(code=code, defaults={"title": context.title or code})
    CourseContext.objects.create(context=context, course=course)
    return course


def _assignment_for(lti_launch: LtiLaunch, course: Course) -> CourseAssignment | None:
    """The course assignment of the resource link: known from an earlier launch or deep
    link, else the `assignment` custom parameter (the bank slug) deep linking set."""
    link_id = lti_launch.resource_link_claim.get("id", "")
    known = LineItem.objects.filter(context=lti_launch.context, resource_link_id=link_id).first()
    custom = lti_launch.get_claim(CUSTOM_CLAIM) or {}
    ags = lti_launch.get_claim(AGS_CLAIM) or {}
    if known is not None:
        ca = known.course_assignment
    elif custom.get("assignment"):
        ca = CourseAssignment.objects.filter(course=course, assignment__slug=custom["assignment"]).first()
        if ca is None:
            raise LaunchNotUsable(f"The assignment {custom['assignment']!r} is not part of {course.code}.")
    else:
        return None
    line_item_remember(context=lti_launch.context, course_assignment=ca, resource_link_id=link_id,
                       url=ags.get("lineitem", ""))
    return ca


def line_item_remember(*, context: LtiContext, course_assignment: CourseAssignment, resource_link_id: str = "",
                       url: str = "") -> LineItem:
    """One line item per (context, course assignment): found again, never created twice.
    What the launch says (resource link, line item URL) fills in what was unknown."""
    item, _ = LineItem.objects.get_or_create(context=context, course_assignment=course_assignment)
    changed = {}
    if resource_link_id and item.resource_link_id != resource_link_id:
        changed["resource_link_id"] = resource_link_id
    if url and item.url != url:
        changed["url"] = url
    if changed:
        LineItem.objects.filter(pk=item.pk).update(**changed)
        for name, value in changed.items():
            setattr(item, name, value)
    return item


def registration_create(*, name: str, issuer: str, client_id: str, auth_url: str, token_url: str, keyset_url: str,
                        deployment_ids: list[str]) -> LtiRegistration:
    """Registers a platform (the admin does the same) with its deployments, active."""
    registration, _ = LtiRegistration.objects.update_or_create(
        issuer=issuer, client_id=client_id,
        defaults={"name": name, "auth_url": auth_url, "token_url": token_url, "keyset_url": keyset_url,
                  "is_active": True},
    )
    for deployment_id in deployment_ids:
        registration.deployments.update_or_create(deployment_id=deployment_id, defaults={"is_active": True})
    return registration
