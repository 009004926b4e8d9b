"""The REST API's boundaries: token auth, students see only their own work, staff only
their own courses, 403/404/413/429 with stable codes, and the OpenAPI schema."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from platform_factories import SubmissionFactory

YAML = b"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


@pytest.fixture
def w(course_world, stub_engine):
    return course_world


def test_a_token_is_issued_for_username_and_password_and_nothing_is_logged(w, caplog):
    caplog.set_level(logging.DEBUG)
    r = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "pw-for-tests"})
    assert r.status_code == 200 and len(r.json()["token"]) == 40
    token = r.json()["token"]
    client_for(w.alice).get("/api/v1/courses/")
    bad = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "wrong-secret-9"})
    assert bad.status_code == 400
    assert "pw-for-tests" not in caplog.text and "wrong-secret-9" not in caplog.text and token not in caplog.text


def test_anonymous_requests_are_refused(w):
    assert APIClient().get("/api/v1/courses/").status_code == 401


def test_courses_lists_only_the_users_courses_with_their_role(w):
    assert client_for(w.alice).get("/api/v1/courses/").json() == [
        {"id": w.course.pk, "code": "k8s-test", "title": "Test course", "role": "student"}]
    assert client_for(w.outsider).get("/api/v1/courses/").json() == []


def test_course_assignments_are_hidden_from_outsiders(w):
    r = client_for(w.alice).get(f"/api/v1/courses/{w.course.pk}/assignments/")
    assert r.status_code == 200 and [a["slug"] for a in r.json()] == ["week4/90-lab", "week4/91-quiz"]
    r = client_for(w.outsider).get(f"/api/v1/courses/{w.course.pk}/assignments/")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_a_student_submits_files_and_commands_and_gets_201(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(w.alice).post(
            f"/api/v1/assignments/{w.lab.pk}/submissions/",
            {"files": [SimpleUploadedFile("service.yaml", YAML)], "commands": "kubectl apply -f service.yaml\n"},
            format="multipart",
        )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] in {"queued", "graded"} and body["attempt"] == 1
    detail = client_for(w.alice).get(f"/api/v1/submissions/{body['id']}/").json()
    assert detail["status"] == "graded" and detail["score"] == 10.0 and detail["max_score"] == 10.0
    assert detail["checks"][0]["expected"] == "3 endpoints" and detail["transcript"].startswith("$ kubectl")


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 404), ("ta", 200), ("prof", 200),
                                               ("otherprof", 404), ("outsider", 404)])
def test_a_submission_is_visible_to_its_owner_and_the_course_staff_only(w, who, status):
    sub = SubmissionFactory(course_assignment=w.lab, student=w.alice)
    assert client_for(getattr(w, who)).get(f"/api/v1/submissions/{sub.pk}/").status_code == status


@pytest.mark.parametrize(("who", "status"), [("ta", 201), ("outsider", 404), ("otherprof", 404)])
def test_only_students_of_the_course_may_submit(w, who, status):
    r = client_for(getattr(w, who)).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                         {"commands": "kubectl get svc"}, format="multipart")
    assert r.status_code == (403 if who == "ta" else status)


@pytest.mark.parametrize(("who", "status"), [("prof", 200), ("ta", 200), ("alice", 403), ("outsider", 404),
                                               ("otherprof", 404)])
def test_the_gradebook_is_for_the_courses_staff_only(w, who, status):
    r = client_for(getattr(w, who)).get(f"/api/v1/courses/{w.course.pk}/gradebook/")
    assert r.status_code == status
    if status == 403:
        assert r.json()["code"] == "permission_denied"


def test_the_gradebook_exports_csv(w):
    SubmissionFactory(course_assignment=w.lab, student=w.bob, status="graded", score=7.5, max_score=10.0,
                      gradable=True)
    r = client_for(w.prof).get(f"/api/v1/courses/{w.course.pk}/gradebook/?format=csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    lines = r.content.decode().splitlines()
    assert lines[0].startswith("Student,ID,SIS User ID,SIS Login ID,Section,Test lab (week4/90-lab)")
    assert f"Test,{w.bob.pk},bob,bob,k8s-test,7.50," in lines


def test_an_upload_over_the_assignment_limit_is_413_naming_the_limit(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("big.yaml", b"a: b\n" * 1000)]}, format="multipart")
    assert r.status_code == 413
    assert r.json()["code"] == "upload_too_large" and r.json()["limit"] == "max_bytes" and "4096" in r.json()["detail"]


def test_a_request_over_the_site_limit_is_413_before_it_is_read(w, settings):
    settings.KUBEGRADE_MAX_REQUEST_BYTES = 10_000
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("huge.yaml", b"x" * 20_000)]}, format="multipart")
    assert r.status_code == 413 and r.json()["limit_bytes"] == 10_000 and "10000 bytes" in r.json()["detail"]


def test_a_binary_upload_is_400_with_a_message(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("kubectl", b"\x7fELF\x02\x01\x00\x00")]},
                                 format="multipart")
    assert r.status_code == 400 and r.json()["code"] == "binary_file" and "binary" in r.json()["detail"]


def test_submitting_too_fast_is_429_with_retry_after(w, settings):
    settings.KUBEGRADE_SUBMIT_RATE_PER_MINUTE = 1
    url = f"/api/v1/assignments/{w.lab.pk}/submissions/"
    assert client_for(w.alice).post(url, {"commands": "kubectl get svc"}).status_code == 201
    r = client_for(w.alice).post(url, {"commands": "kubectl get svc"})
    assert r.status_code == 429 and r.json()["code"] == "throttled" and int(r["Retry-After"]) >= 1


def test_the_openapi_schema_describes_the_v1_endpoints(w):
    r = client_for(w.alice).get("/api/schema/?format=json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ["/api/v1/courses/", "/api/v1/courses/{course_id}/assignments/", "/api/v1/auth/token/",
              "/api/v1/assignments/{course_assignment_id}/submissions/", "/api/v1/submissions/{submission_id}/",
              "/api/v1/courses/{course_id}/gradebook/"]:
        assert p in paths


def test_the_openapi_schema_describes_each_check_and_says_the_answers_may_be_hidden(w):
    schemas = client_for(w.alice).get("/api/schema/?format=json").json()["components"]["schemas"]
    assert schemas["SubmissionDetail"]["properties"]["checks"]["items"] == {"$ref": "#/components/schemas/Check"}
    check = schemas["Check"]
    assert set(check["properties"]) == {"id", "title", "points", "max_points", "passed", "run", "expected", "got",
                                        "hint", "feedback", "cause", "cause_expected", "cause_got", "cause_hint"}
    for hidden in ("expected", "feedback"):
        assert check["properties"][hidden]["nullable"] is True and hidden not in check["required"]
    assert "hide" in check["properties"]["cause_expected"]["description"] and "cause_expected" not in check["required"]
    assert {"id", "points", "max_points", "passed", "got"} <= set(check["required"])


@pytest.mark.parametrize("fmt", ["multipart", "json"])
def test_quiz_answers_are_submitted_as_a_json_object(w, fmt, django_capture_on_commit_callbacks):
    url = f"/api/v1/assignments/{w.quiz.pk}/submissions/"
    answers = {"Q001": "a, c", "Q002": "10.233.0.1"}
    body = {"answers": json.dumps(answers) if fmt == "multipart" else answers}
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(w.alice).post(url, body, format=fmt)
    assert r.status_code == 201, r.content
    from kubegrade.submissions.models import Submission

    assert Submission.objects.get(pk=r.json()["id"]).answers == answers
    bad = client_for(w.alice).post(url, {"answers": "[1, 2]"}, format="multipart")
    assert bad.status_code == 400 and "answers" in bad.json()


def test_the_api_docs_page_loads_swagger_ui_from_the_app_itself(client):
    """Offline the page must still work: no CDN in the HTML, and the files it names are served."""
    import re

    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower() and "jsdelivr" not in html.lower()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    from django.contrib.staticfiles import finders

    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
