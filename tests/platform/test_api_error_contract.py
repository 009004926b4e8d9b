"""The API's error contract everywhere (issue 12): every 4xx and 5xx under /api/ is JSON
with a `code`, hostile answers and commands are refused with 400/413 before anything is
stored (never a 500, never an attempt), chunked bodies are refused with 411 rather than
read as empty, and a 403 or 404 is logged as one line, not a traceback."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path
from rest_framework.test import APIClient

from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.models import Assignment, AssignmentVersion, CourseAssignment
from kubegrade.courses.services import course_assignment_add
from kubegrade.submissions.models import Submission
from kubegrade.urls import urlpatterns as kubegrade_urlpatterns


def explode(request):
    raise RuntimeError("secret detail that must not leak")


urlpatterns = [path("api/v1/explode/", explode), *kubegrade_urlpatterns]
handler500 = "kubegrade.api.error_pages.server_error"
handler404 = "kubegrade.api.error_pages.page_not_found"
handler400 = "kubegrade.api.error_pages.bad_request"


@pytest.fixture
def w(course_world, stub_engine):
    return course_world


def api(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def bank_quiz(w, slug="week4/quiz-01-clusterip") -> CourseAssignment:
    """The bank's own quiz in the world's course: its question ids are quiz-clusterip.Q001..Q003."""
    bank = bank_assignment(slug)
    assignment = Assignment.objects.create(slug=slug, week=4, kind="quiz", title_en="Quiz", points=bank.points)
    assignment.current_version = AssignmentVersion.objects.create(
        assignment=assignment, content_hash=bank.content_hash, points=bank.points,
        submission_limits={"files": [], "commands": False})
    assignment.save()
    return course_assignment_add(course=w.course, assignment=assignment)


def submit(client, ca, **body):
    return client.post(f"/api/v1/assignments/{ca.pk}/submissions/", body, format="json")


def test_an_unknown_api_url_is_a_json_404_with_a_code(w):
    r = api(w.alice).get("/api/v1/no-such-thing/")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"
    assert r.json()["code"] == "not_found"


def test_a_page_404_stays_html(w, client):
    client.force_login(w.alice)
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_json_405_with_a_code(w):
    r = api(w.alice).delete("/api/v1/courses/")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


@pytest.mark.urls(__name__)
def test_an_unexpected_error_is_a_json_500_without_the_exception_text(w, caplog):
    r = api(w.alice).get("/api/v1/explode/")
    assert r.status_code == 500 and r.json()["code"] == "server_error"
    assert "secret detail" not in r.content.decode()


def test_a_body_over_the_size_limit_is_a_json_413(w, settings):
    settings.KUBEGRADE_MAX_REQUEST_BYTES = 1000
    r = api(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/", {"commands": "x" * 2000}, format="json")
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"


def test_a_multipart_body_of_more_files_than_django_parses_is_a_json_400_and_no_attempt(w):
    files = [SimpleUploadedFile(f"f{i}.yaml", b"a") for i in range(1_000)]  # Django stops at 100
    r = api(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/", {"files": files}, format="multipart")
    assert r.status_code == 400 and r.json()["code"] == "bad_request"
    assert "files" in r.json()["detail"] and not Submission.objects.exists()


def test_a_multipart_body_of_ten_thousand_files_is_refused_in_json_and_no_attempt(w):
    files = [SimpleUploadedFile(f"f{i}.yaml", b"") for i in range(10_000)]
    r = api(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/", {"files": files}, format="multipart")
    assert r.status_code in (400, 413) and r.json()["code"] in ("bad_request", "request_too_large")
    assert not Submission.objects.exists()


def test_a_chunked_body_is_refused_with_411_not_read_as_empty(w):
    r = api(w.alice).generic("POST", f"/api/v1/assignments/{w.lab.pk}/submissions/", b'{"commands": "kubectl get po"}',
                             content_type="application/json", HTTP_TRANSFER_ENCODING="chunked")
    assert r.status_code == 411 and r.json()["code"] == "length_required"
    assert "Content-Length" in r.json()["detail"] and not Submission.objects.exists()


@pytest.mark.parametrize("answer, what", [("10.0.0.1\x00", "NUL"), ("\ud800", "unpaired surrogate")])
def test_nul_or_a_lone_surrogate_in_an_answer_is_a_400_not_a_500(w, answer, what):
    body = json.dumps({"answers": {"quiz-clusterip.Q001": answer}})  # \u escapes, as a client would send
    r = api(w.alice).generic("POST", f"/api/v1/assignments/{bank_quiz(w).pk}/submissions/", body,
                             content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_answers" and what in r.json()["detail"]
    assert not Submission.objects.exists()


def test_a_lone_surrogate_in_commands_is_a_400_not_a_500(w):
    body = r'{"commands": "kubectl get po \ud800"}'  # a JSON escape may carry a lone surrogate
    r = api(w.alice).generic("POST", f"/api/v1/assignments/{w.lab.pk}/submissions/", body,
                             content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid" and "surrogate" in json.dumps(r.json()).lower()
    assert not Submission.objects.exists()


def test_thirty_thousand_unknown_answer_keys_are_refused_and_cost_no_attempt(w):
    answers = {f"junk-{i}": "a" for i in range(30_000)}
    r = submit(api(w.alice), bank_quiz(w), answers=answers)
    assert r.status_code == 400 and r.json()["code"] == "invalid_answers"
    assert r.json()["unknown_count"] == 30_000
    assert r.json()["expected"] == ["quiz-clusterip.Q001", "quiz-clusterip.Q002", "quiz-clusterip.Q003"]
    assert not Submission.objects.exists()


def test_an_over_long_answer_is_refused(w):
    r = submit(api(w.alice), bank_quiz(w), answers={"quiz-clusterip.Q001": "a" * 2001})
    assert r.status_code == 400 and "at most 2000" in r.json()["detail"]


def test_the_quizs_own_question_ids_are_accepted(w):
    r = submit(api(w.alice), bank_quiz(w), answers={"quiz-clusterip.Q001": "b", "quiz-clusterip.Q003": "10.0.0.1"})
    assert r.status_code == 201, r.content


def test_a_lab_takes_no_answers(w):
    r = submit(api(w.alice), w.lab, commands="kubectl get svc", answers={"Q001": "b"})
    assert r.status_code == 400 and r.json()["detail"] == "This assignment takes no answers."


def test_a_million_byte_commands_on_a_lab_that_takes_none_is_413_and_no_attempt(w):
    version = w.lab.assignment.current_version
    version.submission_limits = {**version.submission_limits, "commands": False}
    version.save()
    yaml = SimpleUploadedFile("service.yaml", b"apiVersion: v1\nkind: Service\n")
    r = api(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                          {"files": [yaml], "commands": "x" * 1_000_000}, format="multipart")
    assert r.status_code == 413 and r.json()["code"] == "upload_too_large"
    assert not Submission.objects.exists()


def test_a_404_and_a_403_are_logged_as_one_line_without_a_traceback(w, client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    client.force_login(w.outsider)
    client.get(f"/courses/{w.course.pk}/")  # not theirs: 404
    client.force_login(w.alice)
    client.get(f"/courses/{w.course.pk}/gradebook/")  # a student: 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert {r.status_code for r in records} == {403, 404}
    assert all(r.exc_info is None for r in records)
    assert "Traceback" not in caplog.text
