"""Reads for courses: a user's courses and a course's assignments with a student's
standing on each."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from kubegrade.courses.models import STAFF_ROLES, CourseAssignment, Enrollment, Extension
from kubegrade.submissions.models import Status, Submission


def enrollments_for_user(*, user) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(user=user).select_related("course").order_by("course__code")


def course_assignments_visible(*, enrollment: Enrollment) -> QuerySet[CourseAssignment]:
    qs = CourseAssignment.objects.filter(course_id=enrollment.course_id).select_related("assignment")
    if enrollment.role not in STAFF_ROLES:
        qs = qs.filter(published=True)
    return qs.order_by("assignment__week", "due_at", "assignment__slug")


@dataclass(frozen=True)
class AssignmentStanding:
    course_assignment: CourseAssignment
    attempts: int
    best_score: float | None
    due_at: object
    pending: bool


def assignment_standings(*, enrollment: Enrollment) -> list[AssignmentStanding]:
    """One row per visible assignment with the student's attempts and best raw score."""
    cas = list(course_assignments_visible(enrollment=enrollment))
    stats = {
        row["course_assignment_id"]: row
        for row in Submission.objects.filter(student_id=enrollment.user_id, course_assignment__in=cas)
        .values("course_assignment_id")
        .annotate(
            attempts=Count("id"),
            best=Max("score", filter=Q(status=Status.GRADED, gradable=True)),
            pending=Count("id", filter=Q(status__in=[Status.QUEUED, Status.RUNNING])),
        )
    }
    extensions = dict(
        Extension.objects.filter(student_id=enrollment.user_id, course_assignment__in=cas).values_list(
            "course_assignment_id", "due_at"
        )
    )
    return [
        AssignmentStanding(
            course_assignment=ca,
            attempts=stats.get(ca.pk, {}).get("attempts", 0),
            best_score=stats.get(ca.pk, {}).get("best"),
            due_at=extensions.get(ca.pk, ca.due_at),
            pending=bool(stats.get(ca.pk, {}).get("pending")),
        )
        for ca in cas
    ]


def effective_due_at(*, course_assignment: CourseAssignment, student_id: int):
    ext = Extension.objects.filter(course_assignment=course_assignment, student_id=student_id).first()
    return ext.due_at if ext else course_assignment.due_at
