"""Writes for LMS launches: the account, the enrolment with the role the LMS gives, the
course an LMS context maps to, and the assignment a resource link opens.

A launch from an LMS signs the person in as whoever the LMS says they are; accounts made
here have no usable password, so they can sign in only through the LMS until one is set.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from lti_tool.models import LtiContext, LtiLaunch, LtiRegistration, LtiUser
from lti_tool.utils import sync_data_from_launch

from kubegrade.accounts.models import User
from kubegrade.courses.access import Action, require
from kubegrade.courses.models import LMS_CODE_PREFIX, Course, CourseAssignment, Enrollment, EnrollmentState, Role
from kubegrade.courses.services import enrollment_upsert
from kubegrade.lti.models import CourseContext, LineItem
from kubegrade.lti.roles import course_role_from_lti_roles

CUSTOM_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/custom"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


class LaunchNotUsable(Exception):
    """A valid launch we cannot act on (no course role, an assignment not in the course);
    the message says what to do, for the person and the log."""


class ContextNotLinked(LaunchNotUsable):
    """The LMS course is not linked to a KubeGrade course yet and the person launching is
    not its instructor (who would link it)."""


@dataclass(frozen=True)
class LaunchResult:
    """`course` is None when an instructor launched from an LMS course not linked yet:
    they choose (`lti:link-course`) between a new course and one they already teach."""

    user: User
    course: Course | None
    role: str
    course_assignment: CourseAssignment | None

    @property
    def needs_link(self) -> bool:
        return self.course is None


def role_from_lti_roles(roles: list[str]) -> str:
    role = course_role_from_lti_roles(roles)
    if role is None:
        raise LaunchNotUsable(gettext("The LMS gave you no role in this course that KubeGrade uses (Learner, "
                                      "Instructor or its TeachingAssistant sub-role): ask the LMS course's "
                                      "instructor to enrol you."))
    return role


@transaction.atomic
def launch_sign_in(lti_launch: LtiLaunch) -> LaunchResult:
    role = role_from_lti_roles(lti_launch.roles_claim or [])
    if not (lti_launch.context_claim or {}).get("id"):
        raise LaunchNotUsable(gettext("The LMS sent no course with this launch: open KubeGrade from inside an "
                                      "LMS course."))
    sync_data_from_launch(lti_launch)
    user = _account_for(lti_launch)
    course = course_linked_to(lti_launch.context)
    if course is None:
        if role != Role.INSTRUCTOR:
            raise ContextNotLinked(gettext("This LMS course is not linked to a KubeGrade course yet: its "
                                           "instructor opens KubeGrade from the LMS once to set it up. Try again "
                                           "after that."))
        return LaunchResult(user, None, role, None)
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


def course_linked_to(context: LtiContext) -> Course | None:
    """The course an LMS context is linked to: by the link (registration, deployment and
    context id, as `LtiContext` is unique per deployment), never by a course code."""
    link = CourseContext.objects.select_related("course").filter(context=context).first()
    return None if link is None else link.course


def courses_to_link(*, user) -> list[Course]:
    """The courses `user` may link an LMS course to: those they instruct."""
    return [e.course for e in Enrollment.objects.filter(user=user, role=Role.INSTRUCTOR,
                                                         state=EnrollmentState.ACTIVE)
            .select_related("course").order_by("course__code")]


@transaction.atomic
def context_link_new_course(*, context: LtiContext, by: User) -> Course:
    """A new course for an LMS context, `by` its first instructor. Its code is made here
    (`lms-<context>-<label>`: the context's own id keeps it unique; nobody else may take
    the prefix), and is never used to find the course again."""
    linked = course_linked_to(context)
    if linked is not None:  # linked meanwhile (a second tab, a co-instructor): that link stands
        return linked
    code = _free_code(slugify(f"{LMS_CODE_PREFIX}{context.pk}-{context.label or context.id_on_platform}"))
    course = Course.objects.create(code=code, title=(context.title or context.label or code)[:200])
    Enrollment.objects.create(course=course, user=by, role=Role.INSTRUCTOR)
    CourseContext.objects.create(context=context, course=course)
    return course


@transaction.atomic
def context_link_existing_course(*, context: LtiContext, course_id: int, by: User) -> Course:
    """Links an LMS context to a course `by` already instructs, with its roster, policies
    and extensions; the LMS's people join it on their launches and roster syncs."""
    enrollment = require(user=by, course_id=course_id, action=Action.MANAGE_COURSE)
    return _link(context, enrollment.course)


def _free_code(base: str) -> str:
    """`base` (cut to the field's 40 characters), or with -2, -3... when a course has it
    (an older course, made before links, may hold any lms- code)."""
    code, n = base[:40].rstrip("-"), 1
    while Course.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:40 - len(str(n)) - 1].rstrip('-')}-{n}"
    return code


def _link(context: LtiContext, course: Course) -> Course:
    try:
        with transaction.atomic():
            CourseContext.objects.create(context=context, course=course)
    except IntegrityError:  # linked meanwhile (a second tab, a co-instructor): that link stands
        return course_linked_to(context)
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
            raise LaunchNotUsable(gettext("The assignment %(slug)s is not part of %(course)s: ask the instructor "
                                          "to add it, or to fix the LMS link.")
                                  % {"slug": repr(custom["assignment"]), "course": course.code})
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
