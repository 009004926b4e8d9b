"""The grading pipeline end to end: HTTP API -> PostgreSQL -> Redis -> a real Celery
worker process -> the real scoring engine -> PostgreSQL. Including a worker killed
mid-grade, a broker that lost its messages, and regrade-all."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from conftest import CLUSTERIP
from kg_worker_process import WorkerProcess, broker_flush, wait_for
from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.demo import demo_course_seed
from kubegrade.courses.models import CourseAssignment
from kubegrade.courses.services import assignments_sync_from_bank
from kubegrade.grading.models import Grade
from kubegrade.grading.regrade import regrade_progress, regrade_start
from kubegrade.grading.stuck import requeue_stuck
from kubegrade.submissions.models import Status, Submission
from kubegrade.submissions.services import submission_create
from kubegrade.submissions.variants import variant_seed

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis, pytest.mark.needs_worker]


@pytest.fixture
def demo(real_worker):
    results, _ = assignments_sync_from_bank()
    assert CLUSTERIP in {r.slug for r in results}
    course, _ = demo_course_seed()
    users = {e.user.username: e.user for e in course.enrollments.select_related("user")}
    ca = CourseAssignment.objects.get(course=course, assignment__slug=CLUSTERIP)
    return course, users, ca


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


def solution_for(user, slug=CLUSTERIP) -> tuple[dict[str, bytes], str]:
    return bank_assignment(slug).solution(variant_seed(user_id=user.pk, assignment_slug=slug))


def graded_detail(client, submission_id: int, timeout: float = 90) -> dict:
    def poll():
        body = client.get(f"/api/v1/submissions/{submission_id}/").json()
        return body if body["status"] in {"graded", "failed"} else None

    return wait_for(poll, timeout=timeout, what=f"submission {submission_id} to be graded")


def test_the_clusterip_solution_gets_full_marks_through_the_api_and_a_real_worker(demo):
    course, users, ca = demo
    student = users["student1"]
    files, commands = solution_for(student)
    r = api(student).post(f"/api/v1/assignments/{ca.pk}/submissions/",
                          {"files": [SimpleUploadedFile(n, d) for n, d in files.items()], "commands": commands},
                          format="multipart")
    assert r.status_code == 201 and r.json()["status"] == "queued"
    body = graded_detail(api(student), r.json()["id"])
    assert body["status"] == "graded", body
    assert body["score"] == body["max_score"] == 10.0
    assert body["checks"] and all(c["passed"] for c in body["checks"])
    assert "kubectl apply -f svc-web.yaml" in body["transcript"]
    times = [body[k] for k in ("submitted_at", "queued_at", "started_at", "graded_at")]
    assert times == sorted(times)
    csv = api(users["instructor"]).get(f"/api/v1/courses/{course.pk}/gradebook/?format=csv").content.decode()
    assert any(",student1,student1," in line and ",10.00," in line for line in csv.splitlines()), csv


def test_a_wrong_submission_gets_partial_marks_with_hints(demo):
    _, users, ca = demo
    student = users["student2"]  # reads Korean
    bank = bank_assignment(CLUSTERIP)
    files, commands, _ = bank.wrong_submission("selector-typo", variant_seed(user_id=student.pk,
                                                                            assignment_slug=CLUSTERIP))
    sub = submission_create(student=student, course_assignment=ca, files=files, commands=commands)
    body = graded_detail(api(student), sub.pk)
    assert body["status"] == "graded" and 0 <= body["score"] < body["max_score"]
    failed = [c for c in body["checks"] if not c["passed"]]
    # A check that follows from a named cause is folded under it: the cause's hint speaks for it.
    assert failed and all(c["hint"] or (c["cause"] and c["cause_hint"]) for c in failed), failed
    assert any(c["cause"] for c in failed), "a selector typo is named as one cause"


def test_a_worker_killed_mid_grade_loses_nothing_and_grades_once(demo, real_worker, worker_env):
    _, users, ca = demo
    real_worker.stop()
    slow = WorkerProcess(worker_env, app="kg_slow_worker", KG_TEST_GRADE_DELAY=30,
                         CELERY_VISIBILITY_TIMEOUT=3600).start()
    student = users["student1"]
    files, commands = solution_for(student)
    sub = submission_create(student=student, course_assignment=ca, files=files, commands=commands)
    wait_for(lambda: Submission.objects.get(pk=sub.pk).status == Status.RUNNING, timeout=30,
             what="the worker to start grading")
    slow.kill()
    sub.refresh_from_db()
    assert sub.status == Status.RUNNING and not Grade.objects.filter(submission=sub).exists()
    # The restarted worker takes the unacknowledged message back after the visibility timeout.
    restarted = WorkerProcess(worker_env, CELERY_VISIBILITY_TIMEOUT=2).start()
    try:
        wait_for(lambda: Submission.objects.get(pk=sub.pk).status == Status.GRADED, timeout=90,
                 what="the restarted worker to grade the submission")
        # The stuck job sends it once more; the duplicate must not make a second grade.
        Submission.objects.filter(pk=sub.pk).update(status=Status.RUNNING,
                                                    started_at=timezone.now() - dt.timedelta(hours=1))
        Submission.objects.filter(pk=sub.pk).update(status=Status.GRADED)
        requeue_stuck(now=timezone.now() + dt.timedelta(hours=1))
        import time
        time.sleep(3)
    finally:
        restarted.stop()
    assert Grade.objects.filter(submission=sub).count() == 1
    sub.refresh_from_db()
    assert sub.status == Status.GRADED and sub.score == 10.0


def test_lost_broker_messages_are_recovered_by_the_stuck_submission_job(demo, real_worker):
    _, users, ca = demo
    real_worker.stop()  # nothing consumes while the broker "restarts"
    student = users["student2"]
    files, commands = solution_for(student)
    sub = submission_create(student=student, course_assignment=ca, files=files, commands=commands)
    broker_flush()  # Redis restarted without persistence: every queued message is gone
    assert requeue_stuck() == 0  # not overdue yet
    assert requeue_stuck(now=timezone.now() + dt.timedelta(hours=1)) == 1
    real_worker.start()
    wait_for(lambda: Submission.objects.get(pk=sub.pk).status == Status.GRADED, timeout=90,
             what="the requeued submission to be graded")
    assert Grade.objects.filter(submission=sub).count() == 1


def test_regrade_all_runs_as_a_batch_with_progress_in_the_database(demo):
    course, users, ca = demo
    subs = []
    for name in ("student1", "student2"):
        files, commands = solution_for(users[name])
        subs.append(submission_create(student=users[name], course_assignment=ca, files=files, commands=commands))
    wait_for(lambda: not Submission.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).exists(),
             timeout=120, what="the first grading")
    batch = regrade_start(course_assignment=ca, by=users["instructor"])
    assert regrade_progress(batch=batch).total == 2
    progress = wait_for(lambda: (p := regrade_progress(batch=batch)).finished and p, timeout=120,
                        what="the regrade batch")
    assert (progress.done, progress.failed) == (2, 0)
    assert Grade.objects.filter(batch=batch).count() == 2 and Grade.objects.count() == 4
