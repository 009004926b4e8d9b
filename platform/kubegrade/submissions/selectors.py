"""Reads for submissions: a student's attempts, one submission with its grade, for
whoever may see it, and how one attempt stands against the grade that counts."""

from dataclasses import dataclass

from django.db.models import QuerySet

from kubegrade.courses.access import can_view_submission
from kubegrade.courses.selectors import AssignmentStanding, assignment_standing
from kubegrade.gradebook.policy import days_late, late_factor
from kubegrade.errors import NotFound
from kubegrade.submissions.models import Submission


def submissions_of_student(*, student_id: int, course_assignment_id: int) -> QuerySet[Submission]:
    return Submission.objects.filter(student_id=student_id, course_assignment_id=course_assignment_id).order_by(
        "-attempt"
    )


def submission_for_viewer(*, user, submission_id: int) -> Submission:
    """The submission if `user` owns it or teaches its course; NotFound otherwise."""
    submission = (
        Submission.objects.select_related("course_assignment__course", "course_assignment__assignment", "student")
        .filter(pk=submission_id)
        .order_by()
        .first()
    )
    if submission is None or not can_view_submission(user=user, submission=submission):
        raise NotFound("No such submission.")
    return submission


@dataclass(frozen=True)
class AttemptGrade:
    """One attempt against the assignment's grade: this attempt's late days and its score
    after the late penalty (in the assignment's points), whether it is the one that counts,
    and the student's standing (the gradebook's effective score)."""

    standing: AssignmentStanding
    late_days: int
    late_score: float | None
    counts: bool


def attempt_grade(*, submission: Submission) -> AttemptGrade:
    ca = submission.course_assignment
    standing = assignment_standing(course_assignment=ca, student_id=submission.student_id)
    late = days_late(submission.submitted_at, standing.due_at)
    late_score = None
    if submission.score is not None and submission.gradable:
        scale = ca.assignment.points / submission.max_score if submission.max_score else 1.0
        factor = late_factor(late, ca.late_penalty_percent_per_day, ca.late_days_max)
        late_score = round(submission.score * scale * factor, 4)
    return AttemptGrade(standing, late, late_score, standing.grade.submission_id == submission.pk)


def submission_current_grade(*, submission: Submission):
    return submission.grades.order_by("-graded_at", "-pk").first()
