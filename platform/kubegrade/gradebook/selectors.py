"""The gradebook: students x assignments, the counted attempt per cell with late
penalties and overrides applied. Built from five queries whatever the course size
(pinned in tests): enrolments, course assignments, graded submissions, extensions,
overrides."""

from collections import defaultdict
from dataclasses import dataclass, field

from kubegrade.courses.models import Course, CourseAssignment, Enrollment, Extension, Role
from kubegrade.gradebook.policy import Attempt, counted_attempt
from kubegrade.grading.models import GradeOverride
from kubegrade.submissions.models import Status, Submission


@dataclass(frozen=True)
class Cell:
    score: float | None
    max_score: float
    raw_score: float | None = None
    late_days: int = 0
    submission_id: int | None = None
    attempts: int = 0
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None


@dataclass
class Row:
    student_id: int
    username: str
    name: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(c.score or 0.0 for c in self.cells)


@dataclass
class Gradebook:
    course: Course
    columns: list[CourseAssignment]
    rows: list[Row]

    @property
    def max_total(self) -> float:
        return sum(ca.assignment.points for ca in self.columns)

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
    attempts = defaultdict(list)
    counts = defaultdict(int)
    rows = Submission.objects.filter(course_assignment__course=course).values_list(
        "pk", "student_id", "course_assignment_id", "submitted_at", "score", "max_score", "status", "gradable"
    )
    for pk, sid, caid, at, score, max_score, status, gradable in rows:
        counts[(sid, caid)] += 1
        if status == Status.GRADED and gradable and score is not None:
            attempts[(sid, caid)].append(Attempt(pk, at, score, max_score))
    extensions = {
        (sid, caid): due
        for sid, caid, due in Extension.objects.filter(course_assignment__course=course).values_list(
            "student_id", "course_assignment_id", "due_at"
        )
    }
    overrides = {}
    for sid, caid, score, reason in GradeOverride.objects.filter(course_assignment__course=course).order_by(
        "created_at", "pk"
    ).values_list("student_id", "course_assignment_id", "score", "reason"):
        overrides[(sid, caid)] = (score, reason)
    book_rows = [
        Row(e.user_id, e.user.username, e.user.display_name(),
            [_cell(ca, e.user_id, attempts, counts, extensions, overrides) for ca in columns])
        for e in students
    ]
    return Gradebook(course=course, columns=columns, rows=book_rows)


def _cell(ca, student_id, attempts, counts, extensions, overrides) -> Cell:
    key = (student_id, ca.pk)
    counted = counted_attempt(
        attempts.get(key, []),
        due_at=extensions.get(key, ca.due_at),
        policy=ca.score_policy,
        percent_per_day=ca.late_penalty_percent_per_day,
        max_days=ca.late_days_max,
    )
    points = ca.assignment.points
    base = Cell(score=None, max_score=points, attempts=counts.get(key, 0))
    if counted is not None:
        scale = points / counted.max_score if counted.max_score else 1.0
        base = Cell(
            score=round(counted.score * scale, 4), max_score=points, raw_score=counted.raw_score * scale,
            late_days=counted.late_days, submission_id=counted.submission_id, attempts=base.attempts,
        )
    if key in overrides:
        score, reason = overrides[key]
        return Cell(score=score, max_score=points, raw_score=base.raw_score, late_days=base.late_days,
                    submission_id=base.submission_id, attempts=base.attempts, override_reason=reason)
    return base
