"""What an attempt is, in one place: the attempt limit, the gradebook's count, the API and
the pages all read it from here.

Every submission is an attempt except one graded as not gradable (a missing file, no
answers: PrairieLearn's rule, a format error costs no attempt) and one the grader failed on
(its fault, not the student's). Queued and running ones count, so several sent at once
cannot pass the limit; one that turns out not gradable gives its attempt back.

`Submission.attempt` is a submission's number in the order they were handed in, not this
count: a not-gradable submission keeps its number and costs nothing.
"""

from django.db.models import Q

from kubegrade.submissions.models import Status, Submission

COUNTED = ~Q(status=Status.FAILED) & ~Q(status=Status.GRADED, gradable=False)


def counts_as_attempt(status: str, gradable: bool | None) -> bool:
    """The rule of COUNTED for one row already read (the gradebook reads them in bulk)."""
    return status != Status.FAILED and not (status == Status.GRADED and gradable is False)


def attempts_used(*, course_assignment_id: int, student_id: int) -> int:
    return Submission.objects.filter(course_assignment_id=course_assignment_id, student_id=student_id).filter(
        COUNTED).count()
