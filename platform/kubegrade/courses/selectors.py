"""Reads for courses: a user's courses and a course's assignments with a student's
standing on each (the effective score comes from the gradebook's one rule,
`gradebook.selectors.effective_cells`)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kubegrade.courses.models import STAFF_ROLES, CourseAssignment, Enrollment, EnrollmentState, Extension, Role
from kubegrade.gradebook.policy import DueStatus, due_status
from kubegrade.gradebook.selectors import Cell, student_cells
from kubegrade.submissions.models import PENDING_STATUSES, Submission


def enrollments_for_user(*, user) -> QuerySet[Enrollment]:
    """The courses listed for a user: staff who left a course no longer see it (students
    who left still read their past work there)."""
    left_staff = Q(state=EnrollmentState.LEFT) & ~Q(role=Role.STUDENT)
    return Enrollment.objects.filter(user=user).exclude(left_staff).select_related("course").order_by("course__code")


def course_assignments_visible(*, enrollment: Enrollment) -> QuerySet[CourseAssignment]:
    qs = CourseAssignment.objects.filter(course_id=enrollment.course_id).select_related("assignment")
    if enrollment.role not in STAFF_ROLES:
        qs = qs.filter(published=True)
    return qs.order_by("assignment__week", "due_at", "assignment__slug")


@dataclass(frozen=True)
class AssignmentStanding:
    """A student's standing on one course assignment: the gradebook's cell (effective
    score, raw score, late days and penalty, override, counted attempt, due date with
    extension), whether an attempt is being graded, and the due date against now."""

    course_assignment: CourseAssignment
    grade: Cell
    pending: bool
    due: DueStatus

    @property
    def attempts(self) -> int:
        return self.grade.attempts

    @property
    def due_at(self):
        return self.grade.due_at


def assignment_standings(*, enrollment: Enrollment, now=None) -> list[AssignmentStanding]:
    """One row per visible assignment with the student's effective score, by the gradebook's rule."""
    cas = list(course_assignments_visible(enrollment=enrollment))
    return _standings(cas, enrollment.user_id, now)


def assignment_standing(*, course_assignment: CourseAssignment, student_id: int, now=None) -> AssignmentStanding:
    return _standings([course_assignment], student_id, now)[0]


def _standings(cas: list[CourseAssignment], student_id: int, now) -> list[AssignmentStanding]:
    now = now or timezone.now()
    cells = student_cells(student_id=student_id, columns=cas)
    pending = set(
        Submission.objects.filter(student_id=student_id, course_assignment__in=cas, status__in=PENDING_STATUSES)
        .values_list("course_assignment_id", flat=True)
    )
    return [
        AssignmentStanding(
            course_assignment=ca, grade=cells[ca.pk], pending=ca.pk in pending,
            due=due_status(now, due_at=cells[ca.pk].due_at, percent_per_day=ca.late_penalty_percent_per_day,
                           max_days=ca.late_days_max),
        )
        for ca in cas
    ]


def effective_due_at(*, course_assignment: CourseAssignment, student_id: int):
    ext = Extension.objects.filter(course_assignment=course_assignment, student_id=student_id).first()
    return ext.due_at if ext else course_assignment.due_at
