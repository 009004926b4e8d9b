"""The gradebook: students x assignments, the counted attempt per cell with late
penalties and overrides applied. Built from five queries whatever the course size
(pinned in tests): enrolments, course assignments, graded submissions, extensions,
overrides."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from kubegrade.courses.models import Course, CourseAssignment, Enrollment, EnrollmentState, Extension, Role
from kubegrade.gradebook.policy import Attempt, counted_attempt
from kubegrade.grading.models import GradeOverride
from kubegrade.submissions.attempts import counts_as_attempt
from kubegrade.submissions.models import Status, Submission


@dataclass(frozen=True)
class Cell:
    """One student's standing on one course assignment: the effective score (the one
    rule every page, the API and the CSV show) and what it was made of."""

    score: float | None
    max_score: float
    raw_score: float | None = None
    late_days: int = 0
    submission_id: int | None = None
    attempts: int = 0
    override_reason: str | None = None
    late_score: float | None = None
    due_at: dt.datetime | None = None
    extended: bool = False
    override_reason_shown: bool = False

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None

    @property
    def reason_for_student(self) -> str | None:
        """The override's reason when staff chose to show it to the student, else None."""
        return self.override_reason if self.override_reason_shown else None

    @property
    def penalty(self) -> float:
        """Points the late policy took off the counted attempt (before any override)."""
        if self.raw_score is None or self.late_score is None:
            return 0.0
        return round(self.raw_score - self.late_score, 4)


@dataclass
class Row:
    student_id: int
    username: str
    name: str
    cells: list[Cell] = field(default_factory=list)
    left: bool = False  # the LMS roster no longer lists them (issue 11): kept, with their grades, and marked
    counted: list[bool] | None = None  # per cell: its column counts in the total (published); None: all do

    @property
    def total(self) -> float:
        counted = self.counted or [True] * len(self.cells)
        return sum(c.score or 0.0 for c, counts in zip(self.cells, counted) if counts)


@dataclass
class Gradebook:
    """Every column, hidden (unpublished) ones included for staff; totals, the Canvas CSV
    and the LMS count only the published ones, as students see them."""

    course: Course
    columns: list[CourseAssignment]
    rows: list[Row]

    @property
    def max_total(self) -> float:
        return sum(ca.assignment.points for ca in self.columns if ca.published)

    @property
    def published_columns(self) -> list[int]:
        return [i for i, ca in enumerate(self.columns) if ca.published]

    def column_scores(self, index: int) -> list[tuple[float, float]]:
        return [(r.cells[index].score, r.cells[index].max_score) for r in self.rows if r.cells[index].score is not None]


def gradebook_build(*, course: Course) -> Gradebook:
    students = list(
        Enrollment.objects.filter(course=course, role=Role.STUDENT).select_related("user").order_by("user__username")
    )
    columns = list(
        CourseAssignment.objects.filter(course=course)
        .select_related("assignment")
        .order_by("assignment__week", "due_at", "assignment__slug")
    )
    cells = effective_cells(course_id=course.pk, columns=columns, student_ids=[e.user_id for e in students])
    book_rows = [
        Row(e.user_id, e.user.username, e.user.display_name(), [cells[(e.user_id, ca.pk)] for ca in columns],
            left=e.state == EnrollmentState.LEFT, counted=[ca.published for ca in columns])
        for e in students
    ]
    return Gradebook(course=course, columns=columns, rows=book_rows)


def student_cells(*, student_id: int, columns: list[CourseAssignment]) -> dict[int, Cell]:
    """One student's effective score per course assignment (by id), by the gradebook's rule."""
    if not columns:
        return {}
    cells = effective_cells(course_id=columns[0].course_id, columns=columns, student_ids=[student_id])
    return {ca.pk: cells[(student_id, ca.pk)] for ca in columns}


def effective_cells(
    *, course_id: int, columns: list[CourseAssignment], student_ids: list[int]
) -> dict[tuple[int, int], Cell]:
    """The effective score of every (student, course assignment) of `columns`: the counted
    attempt under best/latest, the late penalty from the due date or the student's
    extension, then a staff override that was not removed. Three queries (submissions, extensions, overrides)
    whatever the number of students."""
    mine = {"course_assignment__course_id": course_id, "student_id__in": list(student_ids)}
    attempts = defaultdict(list)
    counts = defaultdict(int)
    rows = _fetch_rows(Submission.objects.filter(**mine).values_list(
        "pk", "student_id", "course_assignment_id", "submitted_at", "score", "max_score", "status", "gradable"
    ))
    for pk, sid, caid, at, score, max_score, status, gradable in rows:
        counts[(sid, caid)] += counts_as_attempt(status, gradable)
        if status == Status.GRADED and gradable and score is not None:
            attempts[(sid, caid)].append(Attempt(pk, at, score, max_score))
    extensions = {
        (sid, caid): due
        for sid, caid, due in Extension.objects.filter(**mine).values_list(
            "student_id", "course_assignment_id", "due_at"
        )
    }
    overrides = {}
    for sid, caid, score, reason, shown in GradeOverride.objects.filter(**mine, removed_at__isnull=True).order_by(
        "created_at", "pk"
    ).values_list("student_id", "course_assignment_id", "score", "reason", "reason_shown"):
        overrides[(sid, caid)] = (score, reason, shown)
    # Each column's policy read once, not once per student (model attribute and related
    # lookups were a visible share of the 8,000 cells at 500 x 16).
    policies = [_ColumnPolicy(ca.pk, ca.due_at, ca.score_policy, ca.late_penalty_percent_per_day, ca.late_days_max,
                              ca.assignment.points) for ca in columns]
    return {
        (sid, col.pk): _cell(col, sid, attempts, counts, extensions, overrides)
        for sid in student_ids for col in policies
    }


@dataclass(frozen=True)
class _ColumnPolicy:
    pk: int
    due_at: dt.datetime
    score_policy: str
    percent_per_day: float
    max_days: int
    points: float


def _fetch_rows(queryset) -> list[tuple]:
    """The rows of `queryset`, with timestamps decoded by psycopg's C loader on
    PostgreSQL. Django registers its own time-zone loader for every connection, a
    subclass of psycopg's pure-Python one: at 16,000 submissions that decoding alone
    was about 140 ms of the gradebook. The loader is swapped on this one cursor only;
    the session's time zone is UTC (Django sets it), so the values are the same
    aware datetimes."""
    if connection.vendor != "postgresql":
        return list(queryset)
    import psycopg

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        adapters = cursor.cursor.adapters
        oid = adapters.types["timestamptz"].oid
        adapters.register_loader(oid, psycopg.adapters.get_loader(oid, psycopg.pq.Format.TEXT))
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cell(col: _ColumnPolicy, student_id, attempts, counts, extensions, overrides) -> Cell:
    key = (student_id, col.pk)
    due_at = extensions.get(key, col.due_at)
    points = col.points
    counted = counted_attempt(
        attempts[key], due_at=due_at, policy=col.score_policy,
        percent_per_day=col.percent_per_day, max_days=col.max_days,
    ) if key in attempts else None
    score = late_score = raw_score = submission_id = None
    late_days = 0
    if counted is not None:
        scale = points / counted.max_score if counted.max_score else 1.0
        score = late_score = round(counted.score * scale, 4)
        raw_score, late_days, submission_id = counted.raw_score * scale, counted.late_days, counted.submission_id
    reason, shown = None, False
    if key in overrides:
        score, reason, shown = overrides[key]
    return Cell(score=score, max_score=points, raw_score=raw_score, late_days=late_days,
                submission_id=submission_id, attempts=counts.get(key, 0), override_reason=reason,
                late_score=late_score, due_at=due_at, extended=key in extensions, override_reason_shown=shown)
