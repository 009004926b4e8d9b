"""The gradebook: best/latest policy, late penalties, extensions, overrides marked,
CSV, the histogram, and a query count that does not grow with the class."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kubegrade.courses.models import Role
from kubegrade.courses.services import extension_grant
from kubegrade.gradebook.export import gradebook_csv_rows, gradebook_detail_csv_rows
from kubegrade.gradebook.plots import histogram_bins, histogram_svg
from kubegrade.gradebook.policy import days_late, late_factor
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.grading.overrides import grade_override_create
from kubegrade.submissions.models import Status
from platform_factories import EnrollmentFactory, SubmissionFactory


def graded(world, student, score, *, days_after_due=-1, attempt=None, ca=None):
    ca = ca or world.lab
    kwargs = {"attempt": attempt} if attempt else {}
    return SubmissionFactory(
        course_assignment=ca, student=student, status=Status.GRADED, score=score, max_score=10.0, gradable=True,
        submitted_at=ca.due_at + dt.timedelta(days=days_after_due), **kwargs,
    )


def cell(book, username, column=0):
    return next(r for r in book.rows if r.username == username).cells[column]


def test_days_late_round_up_and_the_penalty_stops_at_zero():
    due = timezone.now()
    assert days_late(due, due) == 0 and days_late(due + dt.timedelta(seconds=1), due) == 1
    assert late_factor(2, 10, 3) == pytest.approx(0.8) and late_factor(4, 10, 3) == 0.0
    assert late_factor(1, 150, 3) == 0.0


def test_best_policy_counts_the_best_penalised_attempt(course_world):
    graded(course_world, course_world.alice, 6.0, attempt=1)
    graded(course_world, course_world.alice, 10.0, days_after_due=2, attempt=2)  # 10 * 0.8 = 8
    c = cell(gradebook_build(course=course_world.course), "alice")
    assert c.score == 8.0 and c.late_days == 2 and c.attempts == 2


def test_latest_policy_counts_the_latest_attempt(course_world):
    course_world.lab.score_policy = "latest"
    course_world.lab.save()
    graded(course_world, course_world.alice, 9.0, days_after_due=-3, attempt=1)
    graded(course_world, course_world.alice, 5.0, days_after_due=-2, attempt=2)
    assert cell(gradebook_build(course=course_world.course), "alice").score == 5.0


def test_an_extension_removes_the_late_penalty(course_world):
    graded(course_world, course_world.bob, 10.0, days_after_due=2)
    extension_grant(course_assignment=course_world.lab, student=course_world.bob, granted_by=course_world.prof,
                    due_at=course_world.lab.due_at + dt.timedelta(days=3), reason="sick")
    c = cell(gradebook_build(course=course_world.course), "bob")
    assert c.score == 10.0 and c.late_days == 0


def test_an_override_replaces_the_score_and_is_marked(course_world):
    graded(course_world, course_world.alice, 4.0)
    grade_override_create(course_assignment=course_world.lab, student=course_world.alice, score=9.5,
                          reason="regrade request accepted", by=course_world.prof)
    book = gradebook_build(course=course_world.course)
    c = cell(book, "alice")
    assert c.score == 9.5 and c.overridden and c.override_reason == "regrade request accepted"
    rows = gradebook_csv_rows(book)  # Canvas's gradebook import layout
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Test lab (week4/90-lab)", "Test lab (week4/91-quiz)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "10.00", "10.00"]
    assert ["Test", str(course_world.alice.pk), "alice", "alice", "k8s-test", "9.50", ""] in rows
    detail = gradebook_detail_csv_rows(book)
    assert ["alice", "Test", "week4/90-lab", "10.00", "4.00", "0", "0.00", "", "9.50", "regrade request accepted",
            "9.50", "1"] in detail


def test_failed_and_not_gradable_attempts_do_not_count(course_world):
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice, status=Status.FAILED)
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice, status=Status.GRADED,
                      score=0.0, max_score=10.0, gradable=False)
    c = cell(gradebook_build(course=course_world.course), "alice")
    assert c.score is None and c.attempts == 0  # neither costs an attempt (submissions.attempts), as for the limit


@pytest.mark.parametrize("extra_students", [0, 25])
def test_the_gradebook_takes_five_queries_whatever_the_class_size(course_world, extra_students):
    for i in range(extra_students):
        e = EnrollmentFactory(course=course_world.course, role=Role.STUDENT)
        graded(course_world, e.user, 7.0, ca=course_world.lab)
        graded(course_world, e.user, 3.0, ca=course_world.quiz)
    with CaptureQueriesContext(connection) as queries:
        book = gradebook_build(course=course_world.course)
        gradebook_csv_rows(book)
    assert len(queries) == 5
    assert len(book.rows) == 2 + extra_students


def test_the_histogram_bins_scores_by_percent_and_renders_svg():
    assert histogram_bins([(10, 10), (0, 10), (5, 10), (9.99, 10)]) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]
    svg = histogram_svg([(10, 10)], label="week4/<lab>")
    assert svg.startswith("<svg") and "&lt;lab&gt;" in svg and svg.count("<rect") == 10
