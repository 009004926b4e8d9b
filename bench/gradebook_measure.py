"""Gradebook timings inside the bench's Django environment (DATABASE_URL set, migrated):
generates the class (`bench.gradebook_data`), then times the selector, the HTML page,
the API's JSON and the CSV through Django's test client, signed in as the instructor.
Prints one JSON document: medians in ms with a breakdown, sizes, query counts.
Arguments: students assignments rounds [profile-target]."""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.gradebook_data import generate_class  # noqa: E402
from kubegrade.gradebook.selectors import gradebook_build  # noqa: E402


class SqlClock:
    """Time spent inside cursor.execute (the server's work and the transfer; psycopg
    decodes the rows later, when they are fetched)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def _timed(fn, rounds: int) -> tuple[float, float, object]:
    """Median wall ms and median SQL-execute ms of `fn`, and its last result."""
    walls, sqls, result = [], [], None
    for _ in range(rounds):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            result = fn()
            walls.append((time.perf_counter() - start) * 1000)
        sqls.append(clock.seconds * 1000)
    return statistics.median(walls), statistics.median(sqls), result


def _fetch_only(course) -> None:
    """The selector's queries with every row decoded and nothing built."""
    from kubegrade.courses.models import CourseAssignment, Enrollment, Extension
    try:
        from kubegrade.gradebook.selectors import _fetch_rows
    except ImportError:  # the selector before its C-loader cursor, to measure "before"
        _fetch_rows = list
    from kubegrade.grading.models import GradeOverride
    from kubegrade.submissions.models import Submission

    mine = {"course_assignment__course_id": course.pk}
    list(Enrollment.objects.filter(course=course).select_related("user"))
    list(CourseAssignment.objects.filter(course=course).select_related("assignment"))
    _fetch_rows(Submission.objects.filter(**mine).values_list(
        "pk", "student_id", "course_assignment_id", "submitted_at", "score", "max_score", "status", "gradable"))
    list(Extension.objects.filter(**mine).values_list("student_id", "course_assignment_id", "due_at"))
    list(GradeOverride.objects.filter(**mine).values_list("student_id", "course_assignment_id", "score", "reason"))


def main(students: int, assignments: int, rounds: int, profile: str | None) -> dict:
    made = generate_class(code=f"gb{os.getpid()}", students=students, assignments=assignments)
    course = made.course
    client = Client()
    client.force_login(made.prof)
    urls = {"page": f"/courses/{course.pk}/gradebook/", "api": f"/api/v1/courses/{course.pk}/gradebook/",
            "csv": f"/courses/{course.pk}/gradebook.csv"}
    client.get(urls["page"])  # warm: templates compiled, translations loaded, connection open
    if profile:
        target = (lambda: gradebook_build(course=course)) if profile == "selector" else (
            lambda: client.get(urls[profile]))
        cProfile.runctx("target()", globals(), {"target": target}, "/tmp/gradebook.prof")
        pstats.Stats("/tmp/gradebook.prof").sort_stats("cumulative").print_stats(45)
        pstats.Stats("/tmp/gradebook.prof").sort_stats("tottime").print_stats(25)
    out = {"students": students, "assignments": assignments, "submissions": made.submissions,
           "extensions": made.extensions, "overrides": made.overrides, "rounds": rounds}
    selector_ms, sql_ms, _ = _timed(lambda: gradebook_build(course=course), rounds)
    fetch_ms, _, _ = _timed(lambda: _fetch_only(course), rounds)
    out["selector"] = {"ms": selector_ms, "sql_ms": sql_ms, "decoding_ms": fetch_ms - sql_ms,
                       "building_ms": selector_ms - fetch_ms}
    for name, url in urls.items():
        ms, _, response = _timed(lambda: client.get(url), rounds)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        out[name] = {"ms": ms, "rendering_ms": ms - selector_ms, "bytes": len(response.content),
                     "queries": len(queries)}
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    print(json.dumps(main(int(args[0]), int(args[1]), int(args[2]), args[3] if len(args) > 3 else None)))
