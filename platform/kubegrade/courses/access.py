"""Who may see what: membership and role checks shared by pages and the API.

Outsiders get NotFound (a course's existence is not revealed); members without the
needed role get PermissionDenied.
"""

from django.utils.translation import gettext

from kubegrade.courses.models import STAFF_ROLES, CourseAssignment, Enrollment, Role
from kubegrade.errors import NotFound, PermissionDenied


def enrollment_get(*, user, course_id: int) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course_id=course_id).select_related("course").first()


def require_member(*, user, course_id: int) -> Enrollment:
    enrollment = enrollment_get(user=user, course_id=course_id)
    if enrollment is None:
        raise NotFound("No such course.")
    return enrollment


def require_staff(*, user, course_id: int) -> Enrollment:
    enrollment = require_member(user=user, course_id=course_id)
    if enrollment.role not in STAFF_ROLES:
        raise PermissionDenied(gettext("Only the course's instructors and TAs can do this."))
    return enrollment


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
    if not ca.published and enrollment.role not in STAFF_ROLES:
        raise NotFound("No such assignment.")
    return ca, enrollment


def can_view_submission(*, user, submission) -> bool:
    if submission.student_id == user.pk:
        return True
    enrollment = enrollment_get(user=user, course_id=submission.course_assignment.course_id)
    return enrollment is not None and enrollment.role in STAFF_ROLES


def require_instructor(*, user, course_id: int) -> Enrollment:
    """Managing a course (its assignments, policies and roster) is for its instructors;
    TAs see the staff pages and grant extensions but change nothing else."""
    enrollment = require_member(user=user, course_id=course_id)
    if enrollment.role != Role.INSTRUCTOR:
        raise PermissionDenied(gettext("Only the course's instructors can do this."))
    return enrollment


def require_course_creator(*, user) -> None:
    """Creating a course is for users an operator marked `can_create_courses`
    (or superusers); see README, "Running a course"."""
    if not (user.is_authenticated and (user.can_create_courses or user.is_superuser)):
        raise PermissionDenied(gettext("Only users allowed to create courses can do this."))
