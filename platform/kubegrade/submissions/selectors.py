"""Reads for submissions: a student's attempts, one submission with its grade, for
whoever may see it."""

from django.db.models import QuerySet

from kubegrade.courses.access import can_view_submission
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


def submission_current_grade(*, submission: Submission):
    return submission.grades.order_by("-graded_at", "-pk").first()
