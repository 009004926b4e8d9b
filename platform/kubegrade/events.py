"""What a write announces, and who acts on it: the one place services and tasks meet.

Services publish plain events ("this submission is ready to grade", "these students'
effective grades may have changed"); the modules that send Celery messages subscribe to
them (`grading.tasks`, `lti.tasks`, loaded by their apps' `ready`). So a service never
imports a task, and no platform module imports another in a circle
(`tests/platform/test_import_circles.py`).

`publish` hands an event to its subscribers at once, in the caller's transaction (a failed
send propagates to the caller, which decides: the stuck job resends what stays queued);
`publish_on_commit` waits for the transaction to commit, so a worker never reads a row
that is not stored yet (the database is the source of truth; stored before queued). An
event nobody subscribed to is an error, not a silent drop.

It does not persist events: the rows they name (a queued submission, a regrade item, a
score version) are the outbox, and the periodic jobs resend from them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

_subscribers: dict[type, list[Callable]] = defaultdict(list)


@dataclass(frozen=True)
class GradeRequested:
    """Grade one submission (a regrade item when `batch_id` is set), after `countdown` seconds."""

    submission_id: int
    batch_id: int | None = None
    countdown: float | None = None


@dataclass(frozen=True)
class RegradeGroupsReady:
    """Send one message per group of a student's submissions in a regrade batch."""

    batch_id: int
    groups: list[list[int]]


@dataclass(frozen=True)
class RegradeFanoutRequested:
    """Split a regrade batch into messages (resumable: unsent items only)."""

    batch_id: int


@dataclass(frozen=True)
class EffectiveGradesChanged:
    """These students' effective scores on a course assignment may have changed (every
    student when `student_ids` is None): an LMS link sends them again."""

    course_assignment_id: int
    student_ids: tuple[int, ...] | None = None


def subscribe(event_type: type) -> Callable[[Callable], Callable]:
    """Registers the decorated function as a handler of `event_type` (once per function)."""
    def register(handler: Callable) -> Callable:
        if handler not in _subscribers[event_type]:
            _subscribers[event_type].append(handler)
        return handler
    return register


def publish(event: object) -> None:
    handlers = _subscribers.get(type(event))
    if not handlers:
        raise LookupError(f"nothing subscribes to {type(event).__name__}: is its app's tasks module loaded?")
    for handler in handlers:
        handler(event)


def publish_on_commit(event: object, *, robust: bool = False) -> None:
    """Publishes when the current transaction commits (at once outside one); with `robust`,
    a failing handler is logged by Django instead of raised after the commit."""
    transaction.on_commit(lambda: publish(event), robust=robust)


def effective_grades_changed(*, course_assignment_id: int, student_ids: list[int] | None = None) -> None:
    """After the change commits, the scores of `student_ids` (every student when None) are
    recomputed and passed back to a linked LMS."""
    ids = None if student_ids is None else tuple(student_ids)
    publish_on_commit(EffectiveGradesChanged(course_assignment_id, ids))
