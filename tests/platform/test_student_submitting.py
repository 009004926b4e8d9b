"""Submitting never costs an attempt by mistake, and the result arrives at once: a file
the grader would never read is refused before it is stored (400, a stable code, the
files expected), a refused web form comes back as typed and in the student's language,
and the status answers as soon as grading ends (long polling, bounded)."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kubegrade.submissions.models import Status, Submission
from platform_factories import SubmissionFactory
from test_api_permissions import YAML, client_for


@pytest.fixture
def w(course_world, stub_engine):
    return course_world


def test_a_misnamed_file_is_refused_naming_the_files_expected_and_nothing_is_stored(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("servce.yaml", YAML)]}, format="multipart")
    assert r.status_code == 400
    assert r.json()["code"] == "unexpected_file_name"
    assert r.json()["expected"] == ["service.yaml"] and r.json()["files"] == ["servce.yaml"]
    assert "service.yaml" in r.json()["detail"]
    assert not Submission.objects.exists()


def test_an_extra_file_is_taken_when_the_students_commands_can_use_it(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("service.yaml", YAML),
                                            SimpleUploadedFile("extra.yaml", YAML)]}, format="multipart")
    assert r.status_code == 201


def test_a_refused_web_form_keeps_what_was_typed(client, w):
    version = w.lab.assignment.current_version
    version.submission_limits["commands"] = False  # so no command of the student's could read svc.yml
    version.save()
    client.force_login(w.alice)
    r = client.post(reverse("submissions:submit", args=[w.lab.pk]),
                    {"file__service.yaml": "kind: Service  # typed by hand\n",
                     "files": SimpleUploadedFile("svc.yml", YAML)})
    page = r.content.decode()
    assert r.status_code == 400 and "svc.yml is not a file this assignment reads" in page
    assert "kind: Service  # typed by hand" in page
    assert not Submission.objects.exists()


def test_the_rate_limit_refusal_is_in_the_students_language_and_keeps_the_form(client, w, settings):
    settings.KUBEGRADE_SUBMIT_RATE_PER_MINUTE = 1
    w.alice.language = "ko"
    w.alice.save()
    client.force_login(w.alice)
    client.post(reverse("submissions:submit", args=[w.lab.pk]), {"file__service.yaml": "kind: Service\n"})
    r = client.post(reverse("submissions:submit", args=[w.lab.pk]), {"file__service.yaml": "kind: Service # 2\n"})
    page = r.content.decode()
    assert r.status_code == 429 and "1분에 최대 1번" in page
    assert "kind: Service # 2" in page


class SimulatedWaitClock:
    """Stands in for `time` in the long-poll loop: each poll's sleep moves the clock on by the
    poll interval at once, so how long a request waited is counted in polls, not measured
    against a busy machine's wall clock."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = 0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps += 1
        self.now += seconds


def test_the_status_answers_at_once_when_graded_and_waits_while_pending(client, w, settings, monkeypatch):
    from kubegrade.submissions import result_wait

    clock = SimulatedWaitClock()
    monkeypatch.setattr(result_wait, "time", clock)
    settings.KUBEGRADE_RESULT_WAIT_SECONDS = 1
    client.force_login(w.alice)
    done = SubmissionFactory(course_assignment=w.lab, student=w.alice, status=Status.GRADED, score=1, max_score=1)
    assert client.get(f"/submissions/{done.pk}/status.json?wait=25").json()["pending"] is False
    assert clock.sleeps == 0  # a graded submission is answered without a single poll
    pending = SubmissionFactory(course_assignment=w.lab, student=w.alice, status=Status.QUEUED)
    assert client.get(f"/submissions/{pending.pk}/status.json?wait=25").json()["pending"] is True
    # bounded by KUBEGRADE_RESULT_WAIT_SECONDS (1 s: 20 polls of 50 ms), not the 25 s asked (500 polls)
    assert clock.now == pytest.approx(1.0, abs=result_wait.POLL_SECONDS)
    assert clock.sleeps == pytest.approx(1 / result_wait.POLL_SECONDS, abs=1)


@pytest.mark.usefixtures("requires_scoring")
def test_the_api_returns_the_values_the_page_shows(client, db, settings):
    from conftest import CLUSTERIP
    from kubegrade.courses.demo import demo_course_seed
    from kubegrade.courses.models import CourseAssignment
    from kubegrade.courses.services import assignments_sync_from_bank

    assignments_sync_from_bank()
    course, _ = demo_course_seed()
    ca = CourseAssignment.objects.get(course=course, assignment__slug=CLUSTERIP)
    student = course.enrollments.get(user__username="student1").user
    variant = client_for(student).get(f"/api/v1/assignments/{ca.pk}/").json()["variant"]
    client.force_login(student)
    page = client.get(reverse("courses:assignment", args=[ca.pk])).content.decode()
    assert variant and all(f"<th>{k}</th><td><code>{v}</code>" in page for k, v in variant.items())


@pytest.mark.usefixtures("requires_scoring")
def test_commands_sh_uploaded_as_a_file_is_taken_as_the_commands(db, django_capture_on_commit_callbacks):
    """The README keeps typed commands in commands.sh and the local check reads it from
    there; uploaded beside the manifest, the server runs it too and the solution scores full
    marks (it scored 6/10 with "Not asked for, so not applied: commands.sh")."""
    from conftest import ROOT
    from kubegrade.courses.demo import demo_course_seed
    from kubegrade.courses.models import CourseAssignment
    from kubegrade.courses.services import assignments_sync_from_bank
    from scoring.bank import load_assignment

    assignments_sync_from_bank()
    course, _ = demo_course_seed()
    ca = CourseAssignment.objects.get(course=course, assignment__slug="week4/03-dns-fqdn")
    student = course.enrollments.get(user__username="student1").user
    from kubegrade.submissions.variants import variant_seed

    files, commands = load_assignment(ROOT / "assignments/week4/03-dns-fqdn").solution(
        variant_seed(user_id=student.pk, assignment_slug=ca.assignment.slug))
    uploads = [SimpleUploadedFile(name, data) for name, data in files.items()]
    uploads.append(SimpleUploadedFile("commands.sh", commands.encode()))
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(student).post(f"/api/v1/assignments/{ca.pk}/submissions/", {"files": uploads},
                                     format="multipart")
    assert r.status_code == 201, r.content
    submission = Submission.objects.get(pk=r.json()["id"])
    assert submission.commands == commands and "commands.sh" not in submission.files
    assert submission.status == Status.GRADED
    assert submission.score == submission.max_score, submission.report.get("message")


def test_different_commands_in_the_box_and_in_commands_sh_are_refused(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("service.yaml", YAML),
                                            SimpleUploadedFile("commands.sh", b"kubectl get svc\n")],
                                  "commands": "kubectl get pods\n"}, format="multipart")
    assert r.status_code == 400 and "commands.sh" in r.json()["detail"]
    assert not Submission.objects.exists()


def test_a_starter_commands_sh_of_comments_only_leaves_the_typed_commands(w):
    r = client_for(w.alice).post(f"/api/v1/assignments/{w.lab.pk}/submissions/",
                                 {"files": [SimpleUploadedFile("service.yaml", YAML),
                                            SimpleUploadedFile("commands.sh", b"# Diagnose first, then fix.\n")],
                                  "commands": "kubectl get pods\n"}, format="multipart")
    assert r.status_code == 201, r.content
    submission = Submission.objects.get(pk=r.json()["id"])
    assert submission.commands == "kubectl get pods\n" and set(submission.files) == {"service.yaml"}
