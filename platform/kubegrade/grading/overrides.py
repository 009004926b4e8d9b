"""Manual grade overrides: who, when, why; the newest one for a student's assignment wins."""

from django.utils.translation import gettext

from kubegrade.courses.models import CourseAssignment, Enrollment, Role
from kubegrade.errors import InvalidSubmission
from kubegrade.grading.models import GradeOverride
from kubegrade.lti.hooks import effective_grades_changed


def grade_override_create(*, course_assignment: CourseAssignment, student, score: float, reason: str, by) -> GradeOverride:
    if not reason.strip():
        raise InvalidSubmission(gettext("An override needs a reason."), field="reason")
    if not 0 <= score <= course_assignment.assignment.points:
        raise InvalidSubmission(gettext("The score must be between 0 and %(points)s.")
                                % {"points": f"{course_assignment.assignment.points:g}"}, field="score")
    if not Enrollment.objects.filter(course_id=course_assignment.course_id, user=student, role=Role.STUDENT).exists():
        raise InvalidSubmission(gettext("%(student)s is not a student of this course.") % {"student": student}, field="student")
    override = GradeOverride.objects.create(
        course_assignment=course_assignment, student=student, score=score, reason=reason.strip(), created_by=by
    )
    effective_grades_changed(course_assignment_id=course_assignment.pk, student_ids=[student.pk])
    return override
