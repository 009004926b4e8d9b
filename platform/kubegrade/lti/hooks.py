"""What grading, overrides, extensions and due dates call when a student's effective
grade may have changed. Light on imports on purpose: those modules import this one."""

from django.db import transaction


def effective_grades_changed(*, course_assignment_id: int, student_ids: list[int] | None = None) -> None:
    """After the change commits, recompute and pass back the scores of `student_ids`
    (every student of the course assignment when None)."""
    from kubegrade.lti.models import LineItem
    from kubegrade.lti.tasks import scores_refresh_task

    if not LineItem.objects.filter(course_assignment_id=course_assignment_id).exists():
        return  # not linked to an LMS: nothing to pass back
    ids = None if student_ids is None else list(student_ids)
    transaction.on_commit(lambda: scores_refresh_task.delay(course_assignment_id, ids))
