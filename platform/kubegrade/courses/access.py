"""Who may do what in a course: the one permission table (role x action) and the checks
that read it. Pages, the API, the LMS views and the workspace and submission code ask
here; nothing else decides from a role name. README "Who may do what" prints the table
(`permission_table_markdown`, checked by a test).

An enrolment's actions come from its role and state, and for TAs from one course
setting (`Course.tas_may_override_grades`). Someone who left the course in the LMS
(`EnrollmentState.LEFT`) keeps only what is theirs: a student reads their own past work,
staff lose everything. Outsiders get NotFound (a course's existence is not revealed);
members without the action get PermissionDenied.
"""

from enum import StrEnum

from django.utils.translation import gettext, gettext_lazy

from kubegrade.courses.models import CourseAssignment, Enrollment, EnrollmentState, Role
from kubegrade.errors import NotFound, PermissionDenied


class Action(StrEnum):
    VIEW_COURSE = "view the course and its published assignments"
    READ_OWN_WORK = "read their own submissions, grades and workspaces"
    SUBMIT = "submit work and use a workspace"
    VIEW_STAFF_PAGES = ("see every student's work: gradebook, similarity, analytics, workspaces, "
                        "unpublished assignments, passback status")
    GRANT_EXTENSION = "grant extensions"
    OVERRIDE_GRADE = "override a grade"
    REGRADE_ALL = "regrade a whole assignment"
    SYNC_ROSTER = "sync the roster from the LMS"
    RESEND_PASSBACK = "send grades to the LMS again"
    MANAGE_COURSE = ("change the course: assignments, policies, enrolments, settings, "
                     "deep links, linking an LMS course")


_STUDENT = frozenset({Action.VIEW_COURSE, Action.READ_OWN_WORK, Action.SUBMIT})
_TA = frozenset({Action.VIEW_COURSE, Action.VIEW_STAFF_PAGES, Action.GRANT_EXTENSION})
_INSTRUCTOR = frozenset(Action) - {Action.READ_OWN_WORK, Action.SUBMIT}

# (role, state) -> actions. The TA row gains OVERRIDE_GRADE when the course turns on
# "TAs may override grades" (see `actions_of`).
PERMISSIONS: dict[tuple[str, str], frozenset[Action]] = {
    (Role.STUDENT, EnrollmentState.ACTIVE): _STUDENT,
    (Role.STUDENT, EnrollmentState.LEFT): frozenset({Action.VIEW_COURSE, Action.READ_OWN_WORK}),
    (Role.TA, EnrollmentState.ACTIVE): _TA,
    (Role.TA, EnrollmentState.LEFT): frozenset(),
    (Role.INSTRUCTOR, EnrollmentState.ACTIVE): _INSTRUCTOR,
    (Role.INSTRUCTOR, EnrollmentState.LEFT): frozenset(),
}
TA_OVERRIDE_SETTING_GRANTS = frozenset({Action.OVERRIDE_GRADE})

_REFUSALS = {
    Action.OVERRIDE_GRADE: gettext_lazy("Only the course's instructors can override grades "
                                        "(unless the course lets its TAs do it)."),
    Action.REGRADE_ALL: gettext_lazy("Only the course's instructors can regrade a whole assignment."),
    Action.SYNC_ROSTER: gettext_lazy("Only the course's instructors can sync the roster from the LMS."),
    Action.RESEND_PASSBACK: gettext_lazy("Only the course's instructors can send grades to the LMS again."),
    Action.MANAGE_COURSE: gettext_lazy("Only the course's instructors can do this."),
}


def actions_of(enrollment: Enrollment | None) -> frozenset[Action]:
    if enrollment is None:
        return frozenset()
    actions = PERMISSIONS.get((enrollment.role, enrollment.state), frozenset())
    if (enrollment.role == Role.TA and enrollment.state == EnrollmentState.ACTIVE
            and enrollment.course.tas_may_override_grades):
        actions |= TA_OVERRIDE_SETTING_GRANTS
    return actions


def allowed(enrollment: Enrollment | None, action: Action) -> bool:
    return action in actions_of(enrollment)


def is_staff(enrollment: Enrollment | None) -> bool:
    """Sees the staff side of the course (every student's work)."""
    return allowed(enrollment, Action.VIEW_STAFF_PAGES)


def enrollment_get(*, user, course_id: int) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course_id=course_id).select_related("course").first()


def require(*, user, course_id: int, action: Action) -> Enrollment:
    """The caller's enrolment when they may do `action` in the course; NotFound for
    people with no enrolment (and staff who left), PermissionDenied for the others."""
    enrollment = enrollment_get(user=user, course_id=course_id)
    actions = actions_of(enrollment)
    if not actions:
        raise NotFound("No such course.")
    if action not in actions:
        raise PermissionDenied(str(_REFUSALS.get(action, gettext("Only the course's instructors and TAs can do this."))))
    return enrollment


def require_member(*, user, course_id: int) -> Enrollment:
    return require(user=user, course_id=course_id, action=Action.VIEW_COURSE)


def require_staff(*, user, course_id: int) -> Enrollment:
    return require(user=user, course_id=course_id, action=Action.VIEW_STAFF_PAGES)


def require_instructor(*, user, course_id: int) -> Enrollment:
    return require(user=user, course_id=course_id, action=Action.MANAGE_COURSE)


def course_assignment_for_member(*, user, course_assignment_id: int) -> tuple[CourseAssignment, Enrollment]:
    ca = (
        CourseAssignment.objects.select_related("course", "assignment", "assignment__current_version")
        .filter(pk=course_assignment_id)
        .order_by()  # Meta.ordering would add joins to a primary-key lookup
        .first()
    )
    if ca is None:
        raise NotFound("No such assignment.")
    enrollment = require_member(user=user, course_id=ca.course_id)
    if not ca.published and not is_staff(enrollment):
        raise NotFound("No such assignment.")
    return ca, enrollment


def course_assignment_for(*, user, course_assignment_id: int, action: Action) -> CourseAssignment:
    """A course assignment by id from a URL, with the caller allowed `action` in its course."""
    ca = (CourseAssignment.objects.select_related("course", "assignment", "assignment__current_version")
          .filter(pk=course_assignment_id).order_by().first())
    if ca is None:
        raise NotFound("No such assignment.")
    require(user=user, course_id=ca.course_id, action=action)
    return ca


def can_view_submission(*, user, submission) -> bool:
    enrollment = enrollment_get(user=user, course_id=submission.course_assignment.course_id)
    if submission.student_id == user.pk:
        return allowed(enrollment, Action.READ_OWN_WORK)
    return is_staff(enrollment)


def require_course_creator(*, user) -> None:
    """Creating a course is for users an operator marked `can_create_courses`
    (or superusers); see README, "Running a course"."""
    if not (user.is_authenticated and (user.can_create_courses or user.is_superuser)):
        raise PermissionDenied(gettext("Only users allowed to create courses can do this."))


def admin_site_open_to(user) -> bool:
    """The Django admin spans every course, outside the table above: operators' only
    (superusers). Django's own `is_staff` flag, given to an instructor, would otherwise open
    every course's enrolments, grades and LMS links to them."""
    return bool(user.is_active and user.is_superuser)


def permission_table_markdown() -> str:
    """The table as the README prints it: one row per action, one column per enrolment."""
    columns = [(Role.STUDENT, EnrollmentState.ACTIVE, "Student"), (Role.STUDENT, EnrollmentState.LEFT, "Student (left)"),
               (Role.TA, EnrollmentState.ACTIVE, "TA"), (Role.TA, EnrollmentState.LEFT, "TA (left)"),
               (Role.INSTRUCTOR, EnrollmentState.ACTIVE, "Instructor"),
               (Role.INSTRUCTOR, EnrollmentState.LEFT, "Instructor (left)")]
    lines = ["| Action | " + " | ".join(title for _, _, title in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for action in Action:
        cells = []
        for role, state, _ in columns:
            granted = action in PERMISSIONS[(role, state)]
            setting = role == Role.TA and state == EnrollmentState.ACTIVE and action in TA_OVERRIDE_SETTING_GRANTS
            cells.append("yes" if granted else ("if the course allows" if setting else "no"))
        lines.append(f"| {action.value} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
