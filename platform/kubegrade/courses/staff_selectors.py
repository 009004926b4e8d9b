"""Reads for the course staff pages: the bank's assignments not yet in a course, the
roster, and who has not handed anything in for each assignment."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from kubegrade.courses.models import Assignment, Course, CourseAssignment, Enrollment, Role
from kubegrade.submissions.models import Submission


def bank_assignments_not_in_course(*, course: Course) -> QuerySet[Assignment]:
    return Assignment.objects.exclude(course_assignments__course=course).order_by("week", "slug")


ROSTER_PAGE_SIZE = 50


def course_roster(*, course: Course, search: str = "") -> QuerySet[Enrollment]:
    """The course's people by role then username; `search` matches a part of the username,
    the name or the email, ignoring case."""
    people = Enrollment.objects.filter(course=course).select_related("user").order_by("role", "user__username")
    for word in search.split()[:5]:
        people = people.filter(Q(user__username__icontains=word) | Q(user__first_name__icontains=word)
                               | Q(user__last_name__icontains=word) | Q(user__email__icontains=word))
    return people


def course_roster_page(*, course: Course, search: str = "", page: str | int = 1) -> Page:
    """One page of `course_roster` (an out-of-range or malformed page number gives the nearest page)."""
    return Paginator(course_roster(course=course, search=search), ROSTER_PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class MissingWork:
    course_assignment: CourseAssignment
    students: list  # users with no submission at all, by username

    @property
    def count(self) -> int:
        return len(self.students)


def missing_submissions(*, course: Course) -> list[MissingWork]:
    """Per course assignment, the students who have not submitted (three queries)."""
    students = [e.user for e in Enrollment.objects.filter(course=course, role=Role.STUDENT)
                .select_related("user").order_by("user__username")]
    submitted = set(Submission.objects.filter(course_assignment__course=course)
                    .values_list("course_assignment_id", "student_id").distinct())
    columns = CourseAssignment.objects.filter(course=course).select_related("assignment").order_by(
        "assignment__week", "due_at", "assignment__slug")
    return [MissingWork(ca, [u for u in students if (ca.pk, u.pk) not in submitted]) for ca in columns]
