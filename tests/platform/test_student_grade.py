"""The grade that counts, as the student sees it: the course page, the assignment page,
the result page and the API show the gradebook's effective score in every case (late
with its penalty, an extension, an override, best and latest), and the due date with
the extension. Expected values are worked by hand from the course's policy:
10 %/day, 3 days at most, 10 points."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kubegrade.courses.services import extension_grant
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.grading.models import Grade
from kubegrade.grading.overrides import grade_override_create
from kubegrade.submissions.models import Status
from platform_factories import SubmissionFactory
from test_api_permissions import client_for


def graded(ca, student, score, *, days_after_due, attempt):
    submission = SubmissionFactory(
        course_assignment=ca, student=student, status=Status.GRADED, score=score, max_score=10.0, gradable=True,
        submitted_at=ca.due_at + dt.timedelta(days=days_after_due, minutes=-5),  # a part day counts whole
        attempt=attempt, graded_at=timezone.now(),
    )
    Grade.objects.create(submission=submission, version=submission.version, score=score, max_score=10.0,
                         graded_at=submission.graded_at, first_error="$ kubectl apply -f service.yaml\nerror: x")
    return submission


@pytest.fixture
def w(course_world):
    """The lab's due date 2 days and 1 hour in the past, as in the issue's report."""
    lab = course_world.lab
    lab.due_at = timezone.now() - dt.timedelta(days=2, hours=1)
    lab.save()
    return course_world


def api_grade(student, ca):
    rows = client_for(student).get(f"/api/v1/courses/{ca.course_id}/assignments/").json()
    return next(r for r in rows if r["id"] == ca.pk)


def gradebook_score(w, username):
    book = gradebook_build(course=w.course)
    return next(r for r in book.rows if r.username == username).cells[0].score


def test_a_late_attempt_shows_the_penalised_score_everywhere(client, w):
    late = graded(w.lab, w.alice, 10.0, days_after_due=2, attempt=1)  # 2 days late: 10 * (1 - 0.2) = 8
    assert gradebook_score(w, "alice") == 8.0
    item = api_grade(w.alice, w.lab)
    assert item["grade"] == {"score": 8.0, "max_score": 10.0, "raw_score": 10.0, "late_days": 2, "penalty": 2.0,
                             "overridden": False, "override_reason": None, "counted_submission_id": late.pk,
                             "attempts": 1}
    client.force_login(w.alice)
    course_page = client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()
    assert "<strong>8</strong> / 10" in course_page and "late −2" in course_page
    page = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert 'id="effective-score">8<' in page and 'id="raw-score">10<' in page
    assert "−2 (2 days late)" in page
    result = client.get(reverse("submissions:detail", args=[late.pk])).content.decode()
    assert "Submitted 2 days late: this attempt scores 8 after the late penalty." in result
    assert "This is the attempt that counts." in result
    assert 'id="first-error"' in result and "error: x" in result
    detail = client_for(w.alice).get(f"/api/v1/submissions/{late.pk}/").json()
    assert (detail["late_days"], detail["late_score"], detail["counts"]) == (2, 8.0, True)
    assert detail["grade"]["score"] == 8.0


def test_an_extension_moves_the_due_date_in_the_api_and_removes_the_penalty(client, w):
    graded(w.lab, w.bob, 10.0, days_after_due=2, attempt=1)
    new_due = w.lab.due_at + dt.timedelta(days=3)
    extension_grant(course_assignment=w.lab, student=w.bob, granted_by=w.prof, due_at=new_due, reason="sick")
    item = api_grade(w.bob, w.lab)
    assert item["extended"] is True
    assert dt.datetime.fromisoformat(item["due_at"]) == new_due
    assert dt.datetime.fromisoformat(item["course_due_at"]) == w.lab.due_at
    assert item["grade"]["score"] == 10.0 and item["grade"]["late_days"] == 0
    assert gradebook_score(w, "bob") == 10.0
    client.force_login(w.bob)
    page = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert 'id="late-warning"' not in page and "extension" in page


def test_an_override_is_shown_with_its_reason(client, w):
    graded(w.lab, w.alice, 10.0, days_after_due=2, attempt=1)
    grade_override_create(course_assignment=w.lab, student=w.alice, score=7.5, reason="oral exam", by=w.prof,
                          reason_shown=True)
    assert gradebook_score(w, "alice") == 7.5
    grade = api_grade(w.alice, w.lab)["grade"]
    assert (grade["score"], grade["overridden"], grade["override_reason"]) == (7.5, True, "oral exam")
    client.force_login(w.alice)
    page = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert 'id="effective-score">7.50<' in page and "7.50 · oral exam" in page
    assert "set by staff" in client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()


def test_best_counts_the_best_penalised_attempt_and_latest_the_latest(w):
    on_time = graded(w.lab, w.alice, 7.0, days_after_due=0, attempt=1)
    late = graded(w.lab, w.alice, 10.0, days_after_due=1, attempt=2)  # 9 after 1 day's penalty
    grade = api_grade(w.alice, w.lab)["grade"]
    assert (grade["score"], grade["counted_submission_id"]) == (9.0, late.pk)
    assert client_for(w.alice).get(f"/api/v1/submissions/{on_time.pk}/").json()["counts"] is False
    w.lab.score_policy = "latest"
    w.lab.save()
    assert api_grade(w.alice, w.lab)["grade"]["score"] == 9.0
    newest = graded(w.lab, w.alice, 4.0, days_after_due=2, attempt=3)  # latest: 4 * 0.8 = 3.2
    grade = api_grade(w.alice, w.lab)["grade"]
    assert (grade["score"], grade["counted_submission_id"]) == (3.2, newest.pk)
    assert gradebook_score(w, "alice") == 3.2


def test_the_assignment_page_warns_before_a_late_submission_with_its_cost(client, w):
    client.force_login(w.alice)
    page = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert ("a submission now is 3 days late and loses 30% (at most 7 of 10 points)." in page)
    assert "3 days late" in page and "KST" in page  # the due date's zone is named


def test_staff_get_the_course_due_date_and_no_grade(w):
    item = api_grade(w.prof, w.lab)
    assert item["grade"] is None and item["extended"] is False
    assert item["due_at"] == item["course_due_at"]
