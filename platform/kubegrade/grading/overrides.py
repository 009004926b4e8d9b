"""Manual grade overrides: who, when, why; the newest one standing for a student's
assignment wins. Removing one brings the computed score back and keeps the row (who
removed it, when) for the student's timeline. The reason is the staff's record: the
student sees it only when `reason_shown`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from kubegrade.courses.models import CourseAssignment, Enrollment, Role
from kubegrade.errors import InvalidSubmission, NotFound
from kubegrade.events import effective_grades_changed
from kubegrade.grading.models import GradeOverride


def grade_override_create(*, course_assignment: CourseAssignment, student, score: float, reason: str, by,
                          reason_shown: bool = False) -> GradeOverride:
    if not reason.strip():
        raise InvalidSubmission(gettext("An override needs a reason."), field="reason")
    if not 0 <= score <= course_assignment.assignment.points:
        raise InvalidSubmission(gettext("The score must be between 0 and %(points)s.")
                                % {"points": f"{course_assignment.assignment.points:g}"}, field="score")
    if not Enrollment.objects.filter(course_id=course_assignment.course_id, user=student, role=Role.STUDENT).exists():
        raise InvalidSubmission(gettext("%(student)s is not a student of this course.") % {"student": student}, field="student")
    override = GradeOverride.objects.create(
        course_assignment=course_assignment, student=student, score=score, reason=reason.strip(), created_by=by,
        reason_shown=reason_shown,
    )
    effective_grades_changed(course_assignment_id=course_assignment.pk, student_ids=[student.pk])
    return override


@transaction.atomic
def grade_override_remove(*, override_id: int, course_id: int, student_id: int, by) -> GradeOverride:
    """Removes a standing override of `student_id` in `course_id` (ids from the URL: an id of
    another course or student is not found); the score is computed again and sent to the LMS."""
    override = (GradeOverride.objects.select_for_update()
                .filter(pk=override_id, course_assignment__course_id=course_id, student_id=student_id,
                        removed_at__isnull=True).first())
    if override is None:
        raise NotFound(gettext("No such override standing for this student."))
    override.removed_at, override.removed_by = timezone.now(), by
    override.save(update_fields=["removed_at", "removed_by"])
    effective_grades_changed(course_assignment_id=override.course_assignment_id, student_ids=[student_id])
    return override
