"""A generated class for the gradebook: S students x A course assignments with about two
attempts per cell, graded, failed, not gradable and pending attempts, late attempts (some
past the late-day limit), best and latest policies, extensions and overrides (some cells
overridden twice). Seeded, written with bulk inserts; used by `bench/gradebook.py` and by
the gradebook's tests (run inside a Django environment). It writes no score rule: what the
cells should show is for the reader to compute."""

import datetime as dt
import random
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from kubegrade.courses.models import Assignment, AssignmentVersion, Course, CourseAssignment, Enrollment, Extension, Role
from kubegrade.grading.models import GradeOverride
from kubegrade.submissions.models import Status, Submission

DUE = dt.datetime(2025, 4, 7, 14, 59, tzinfo=dt.timezone.utc)


def _assignments(course: Course, count: int, rng: random.Random) -> list[CourseAssignment]:
    columns = []
    for i in range(count):
        slug = f"week4/{course.code}-{i:02d}"
        assignment = Assignment.objects.create(slug=slug, week=4 + i % 3, kind="lab", title_en=f"Lab {i}",
                                               title_ko=f"실습 {i}", points=rng.choice([10.0, 10.0, 5.0, 12.5]))
        assignment.current_version = AssignmentVersion.objects.create(
            assignment=assignment, content_hash=f"hash-{slug}", points=assignment.points, submission_limits={})
        assignment.save(update_fields=["current_version"])
        columns.append(CourseAssignment.objects.create(
            course=course, assignment=assignment, due_at=DUE + dt.timedelta(days=7 * i, microseconds=123456 * i),
            late_penalty_percent_per_day=rng.choice([10.0, 25.0, 33.3]), late_days_max=rng.choice([2, 3, 5]),
            score_policy="latest" if i % 4 == 3 else "best"))
    return columns


def _attempts(ca, student, rng: random.Random) -> list[Submission]:
    rows = []
    for attempt in range(1, rng.choice([0, 1, 2, 2, 2, 3, 4]) + 1):
        offset = dt.timedelta(seconds=rng.randint(-5 * 86400, 7 * 86400), microseconds=rng.randint(0, 999999))
        status = rng.choices([Status.GRADED, Status.FAILED, Status.QUEUED], [90, 6, 4])[0]
        max_score = rng.choice([ca.assignment.points, 1.0, 20.0])
        graded = status == Status.GRADED
        rows.append(Submission(
            course_assignment=ca, student=student, version_id=ca.assignment.current_version_id, attempt=attempt,
            seed=attempt, status=status, submitted_at=ca.due_at + offset,
            score=round(rng.uniform(0, max_score), rng.choice([0, 2, 3])) if graded else None,
            max_score=max_score if graded else None, gradable=(rng.random() > 0.05) if graded else None))
    return rows


def generate_class(*, code: str, students: int, assignments: int, seed: int = 13) -> SimpleNamespace:
    """The course, its staff member and counts of what was written."""
    rng = random.Random(seed)
    course = Course.objects.create(code=code, title=f"Generated class {code}")
    users = get_user_model().objects
    prof = users.create(username=f"{code}-prof", first_name="Prof")
    Enrollment.objects.create(course=course, user=prof, role=Role.INSTRUCTOR)
    people = users.bulk_create([users.model(username=f"{code}-s{i:04d}", first_name=f"S{i}", last_name="Kim")
                                for i in range(students)])
    Enrollment.objects.bulk_create([Enrollment(course=course, user=u, role=Role.STUDENT) for u in people])
    columns = _assignments(course, assignments, rng)
    submissions, extensions, overrides = [], [], []
    for student in people:
        for ca in columns:
            submissions += _attempts(ca, student, rng)
            if rng.random() < 0.06:
                extensions.append(Extension(course_assignment=ca, student=student, reason="sick", granted_by=prof,
                                            due_at=ca.due_at + dt.timedelta(days=rng.randint(1, 6), hours=3)))
            for _ in range(rng.choice([0] * 30 + [1, 1, 2])):
                overrides.append(GradeOverride(course_assignment=ca, student=student, created_by=prof,
                                               score=round(rng.uniform(0, ca.assignment.points), 1),
                                               reason=f"regrade <{rng.randint(1, 99)}>"))
    Submission.objects.bulk_create(submissions, batch_size=2000)
    Extension.objects.bulk_create(extensions)
    GradeOverride.objects.bulk_create(overrides)
    return SimpleNamespace(course=course, prof=prof, columns=columns, students=people,
                           submissions=len(submissions), extensions=len(extensions), overrides=len(overrides))
