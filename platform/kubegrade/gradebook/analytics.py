"""Teaching analytics per course assignment: the share of students failing each check,
the most common wrong outputs (normalised, so that two students' different pod names or
addresses count as the same mistake), and the median number of attempts to full marks.

The numbers come from plain values (`AttemptChecks`) so they can be checked on
hand-made grades; `course_analytics` reads them in one query per course. A student's
standing on a check is their latest graded attempt's; wrong outputs are counted over
every failed try, since each is a student meeting the mistake.
"""

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from kubegrade.courses.models import Course, CourseAssignment
from kubegrade.grading.models import Grade

TOP_WRONG_OUTPUTS = 3
MAX_OUTPUT_CHARS = 160


@dataclass(frozen=True)
class AttemptChecks:
    student_id: int
    attempt: int
    score: float
    max_score: float
    checks: list[dict]  # the grade's checks: id, title, passed, got


@dataclass(frozen=True)
class CheckFailure:
    check_id: str
    title: str
    failing: int
    students: int
    wrong_outputs: list[tuple[str, int]]

    @property
    def share(self) -> float:
        return self.failing / self.students if self.students else 0.0

    @property
    def name(self) -> str:
        """What staff read: the check's title (its stable id when it has none)."""
        return self.title or self.check_id


@dataclass(frozen=True)
class AssignmentAnalytics:
    course_assignment: CourseAssignment | None
    students: int
    checks: list[CheckFailure]
    attempts_to_full_marks: list[int]  # one number per student who reached full marks

    @property
    def median_attempts_to_full_marks(self) -> float | None:
        return statistics.median(self.attempts_to_full_marks) if self.attempts_to_full_marks else None


_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
# Generated names: a pod's `<deployment>-<template hash>-<5>`, a `generateName`'s `-<5>`, and a
# variant's `prefix` + four characters of apimachinery's alphabet (no vowels, so words are kept):
# `svc-web-j8jh` and `svc-web-frnr` are one mistake made by two students.
_GENERATED_SUFFIX = re.compile(r"\b([a-z][a-z0-9-]*?)-[a-z0-9]{8,10}-[a-z0-9]{5}\b|\b([a-z][a-z0-9-]*?)-[a-z0-9]{5}\b"
                               r"|\b([a-z][a-z0-9-]*?)-(?!http\b|grpc\b|sctp\b)[bcdfghjklmnpqrstvwxz2456789]{4}\b")
_AGE = re.compile(r"\b\d+(?:s|m|h|d)\b")
_SPACES = re.compile(r"\s+")


def normalise_output(text: str) -> str:
    """The mistake without what differs between students: addresses become <ip>,
    generated pod suffixes <hash>, ages <age>, runs of blanks one space."""
    text = _ADDRESS.sub("<ip>", str(text or ""))
    text = _GENERATED_SUFFIX.sub(lambda m: f"{m.group(1) or m.group(2) or m.group(3)}-<hash>", text)
    text = _AGE.sub("<age>", text)
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= MAX_OUTPUT_CHARS else text[:MAX_OUTPUT_CHARS - 1] + "…"


def analytics_from_attempts(attempts: list[AttemptChecks], course_assignment=None) -> AssignmentAnalytics:
    by_student: dict[int, list[AttemptChecks]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: (a.student_id, a.attempt)):
        by_student[a.student_id].append(a)
    latest = [tries[-1] for tries in by_student.values()]
    titles, failing, wrong = {}, Counter(), defaultdict(Counter)
    for a in latest:
        for c in a.checks:
            titles.setdefault(c.get("id", "?"), c.get("title", ""))
            failing[c.get("id", "?")] += not c.get("passed")
    for a in attempts:
        for c in a.checks:
            if not c.get("passed"):
                wrong[c.get("id", "?")][normalise_output(c.get("got", ""))] += 1
    checks = [CheckFailure(cid, titles[cid], failing[cid], len(latest), wrong[cid].most_common(TOP_WRONG_OUTPUTS))
              for cid in titles]
    checks.sort(key=lambda c: (-c.share, c.check_id))
    return AssignmentAnalytics(course_assignment, len(latest), checks, _attempts_to_full_marks(by_student))


def _attempts_to_full_marks(by_student: dict[int, list[AttemptChecks]]) -> list[int]:
    """How many graded attempts each student needed: the position of their first full mark."""
    needed = []
    for tries in by_student.values():
        first = next((i for i, a in enumerate(tries, start=1) if a.max_score and a.score >= a.max_score), None)
        if first is not None:
            needed.append(first)
    return sorted(needed)


def course_analytics(*, course: Course) -> list[AssignmentAnalytics]:
    """One entry per course assignment, from each graded submission's newest gradable grade."""
    columns = list(CourseAssignment.objects.filter(course=course).select_related("assignment")
                   .order_by("assignment__week", "due_at", "assignment__slug"))
    newest: dict[int, tuple] = {}
    rows = Grade.objects.filter(submission__course_assignment__course=course, gradable=True).order_by(
        "graded_at", "pk").values_list("submission_id", "submission__course_assignment_id", "submission__student_id",
                                       "submission__attempt", "score", "max_score", "checks")
    for row in rows:
        newest[row[0]] = row[1:]
    per_ca: dict[int, list[AttemptChecks]] = defaultdict(list)
    for caid, sid, attempt, score, max_score, checks in newest.values():
        per_ca[caid].append(AttemptChecks(sid, attempt, score, max_score, checks or []))
    return [analytics_from_attempts(per_ca.get(ca.pk, []), ca) for ca in columns]
