"""Writes for courses: syncing the bank into the database, enrolments, course
assignments and extensions."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kubegrade.courses.bank import bank_load_all
from kubegrade.courses.models import (
    Assignment,
    AssignmentVersion,
    Course,
    CourseAssignment,
    Enrollment,
    Extension,
    Role,
    policy_for_kind,
)
from kubegrade.events import effective_grades_changed


@dataclass(frozen=True)
class SyncResult:
    slug: str
    content_hash: str
    new_version: bool


def _submission_limits(bank_assignment) -> dict[str, object]:
    """The spec's `submission:` as the platform needs it before grading: the editors to
    show and the limits an upload is checked against (`submissions.validation`)."""
    sub = bank_assignment.submission
    return {
        "files": list(sub.files),
        "commands": bool(sub.commands),
        "max_files": sub.max_files,
        "max_bytes": sub.max_bytes,
        "max_commands": sub.max_commands,
    }


@transaction.atomic
def assignment_upsert_from_bank(bank_assignment) -> SyncResult:
    assignment, _ = Assignment.objects.update_or_create(
        slug=bank_assignment.slug,
        defaults={
            "week": bank_assignment.week,
            "kind": bank_assignment.kind,
            "title_en": bank_assignment.title.get("en", bank_assignment.slug),
            "title_ko": bank_assignment.title.get("ko", ""),
            "points": bank_assignment.points,
            "due_days": bank_assignment.due_days,
        },
    )
    version, created = AssignmentVersion.objects.get_or_create(
        assignment=assignment,
        content_hash=bank_assignment.content_hash,
        defaults={"points": bank_assignment.points, "submission_limits": _submission_limits(bank_assignment)},
    )
    if assignment.current_version_id != version.pk:
        assignment.current_version = version
        assignment.save(update_fields=["current_version"])
    return SyncResult(assignment.slug, version.content_hash, created)


def assignments_sync_from_bank() -> tuple[list[SyncResult], list[str]]:
    """Loads the bank into the database; returns what was loaded and the specs that failed."""
    assignments, errors = bank_load_all()
    return [assignment_upsert_from_bank(a) for a in assignments], errors


def course_get_or_create(*, code: str, title: str) -> Course:
    course, _ = Course.objects.get_or_create(code=code, defaults={"title": title})
    return course


def enrollment_upsert(*, course: Course, user, role: str = Role.STUDENT) -> Enrollment:
    enrollment, _ = Enrollment.objects.update_or_create(course=course, user=user, defaults={"role": role})
    return enrollment


def course_assignment_add(
    *, course: Course, assignment: Assignment, due_at: dt.datetime | None = None, **policy: object
) -> CourseAssignment:
    """Adds `assignment` to `course`; attempts and answer reveal default by kind
    (`POLICY_BY_KIND`), any `policy` given overrides them."""
    due_at = due_at or timezone.now() + dt.timedelta(days=assignment.due_days)
    by_kind = policy_for_kind(assignment.kind)
    defaults = {"due_at": due_at, "max_attempts": by_kind.max_attempts, "answers_shown": by_kind.answers_shown}
    ca, _ = CourseAssignment.objects.get_or_create(course=course, assignment=assignment, defaults={**defaults, **policy})
    return ca


def extension_grant(
    *, course_assignment: CourseAssignment, student, due_at: dt.datetime, granted_by, reason: str = ""
) -> Extension:
    if not Enrollment.objects.filter(course=course_assignment.course, user=student, role=Role.STUDENT).exists():
        raise ValueError(f"{student} is not a student of {course_assignment.course.code}")
    extension, _ = Extension.objects.update_or_create(
        course_assignment=course_assignment,
        student=student,
        defaults={"due_at": due_at, "granted_by": granted_by, "reason": reason},
    )
    effective_grades_changed(course_assignment_id=course_assignment.pk, student_ids=[student.pk])
    return extension
