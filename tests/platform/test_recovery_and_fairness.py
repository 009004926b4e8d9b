"""Recovery in seconds and fairness, with real worker processes on Redis and PostgreSQL:
a worker holds only what it is grading (prefetch of one), a killed worker's submission is
graded again once the stuck threshold (hard time limit + margin) passes, and one student's
burst never occupies more than one worker slot."""

import time

import pytest

from conftest import CLUSTERIP
from kg_worker_process import WorkerProcess, wait_for
from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.demo import demo_course_seed
from kubegrade.courses.models import CourseAssignment
from kubegrade.courses.services import assignments_sync_from_bank
from kubegrade.grading.models import Grade
from kubegrade.grading.stuck import requeue_stuck
from kubegrade.submissions.models import Status, Submission
from kubegrade.submissions.services import submission_create
from kubegrade.submissions.variants import variant_seed

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis, pytest.mark.needs_worker]

# The workers under test run with a short grading limit so the stuck threshold
# (hard limit 10 s + margin 10 s = 20 s) is reached within the test.
SHORT_LIMITS = {"KUBEGRADE_GRADE_SOFT_TIME_LIMIT": "5"}
STUCK_AFTER = 20


@pytest.fixture
def started():
    """Workers a test starts, stopped however the test ends."""
    workers: list[WorkerProcess] = []
    yield lambda worker: workers.append(worker.start()) or worker
    for worker in workers:
        worker.stop()


@pytest.fixture
def lab(real_worker, settings):
    real_worker.stop()  # each test starts the workers it needs
    settings.KUBEGRADE_STUCK_AFTER_SECONDS = STUCK_AFTER
    assignments_sync_from_bank()
    course, _ = demo_course_seed()
    users = {e.user.username: e.user for e in course.enrollments.select_related("user")}
    return users, CourseAssignment.objects.get(course=course, assignment__slug=CLUSTERIP)


def submit(student, ca) -> Submission:
    files, commands = bank_assignment(CLUSTERIP).solution(variant_seed(user_id=student.pk, assignment_slug=CLUSTERIP))
    return submission_create(student=student, course_assignment=ca, files=files, commands=commands)


def all_graded(subs) -> bool:
    return Submission.objects.filter(pk__in=[s.pk for s in subs], status=Status.GRADED).count() == len(subs)


def test_a_killed_worker_strands_only_what_it_was_grading_and_that_is_graded_after_the_threshold(lab, worker_env, started):
    users, ca = lab
    slow = started(WorkerProcess(worker_env, app="kg_slow_worker", KG_TEST_GRADE_DELAY=60,
                                 CELERY_VISIBILITY_TIMEOUT=3600, **SHORT_LIMITS))
    first = submit(users["student1"], ca)
    wait_for(lambda: Submission.objects.get(pk=first.pk).status == Status.RUNNING, timeout=30,
             what="the slow worker to start grading")
    waiting = [submit(users["student2"], ca), submit(users["student2"], ca)]
    time.sleep(1)  # a worker with a larger prefetch would reserve these now
    slow.kill()
    killed_at = time.monotonic()
    # The visibility timeout is an hour: only messages still in the queue can be graded.
    started(WorkerProcess(worker_env, CELERY_VISIBILITY_TIMEOUT=3600, **SHORT_LIMITS))
    wait_for(lambda: all_graded(waiting), timeout=60, what="the submissions behind the killed one")
    assert Submission.objects.get(pk=first.pk).status == Status.RUNNING

    def requeued_and_graded():
        requeue_stuck()
        return all_graded([first])

    wait_for(requeued_and_graded, timeout=STUCK_AFTER + 40, interval=1, what="the stuck job to regrade it")
    recovery = time.monotonic() - killed_at
    assert recovery < 60, f"recovered in {recovery:.1f} s"
    for sub in [first, *waiting]:
        assert Grade.objects.filter(submission=sub).count() == 1


def test_one_students_burst_takes_one_worker_slot_and_the_others_are_not_held_up(lab, worker_env, started):
    users, ca = lab
    started(WorkerProcess(worker_env, app="kg_slow_worker", KG_TEST_GRADE_DELAY=3, concurrency=2,
                          KUBEGRADE_STUDENT_BUSY_RETRY_SECONDS=1))
    burst = [submit(users["student1"], ca) for _ in range(3)]
    other = submit(users["student2"], ca)
    most_running_for_one_student = 0
    deadline = time.monotonic() + 120
    while not all_graded([*burst, other]) and time.monotonic() < deadline:
        running = Submission.objects.filter(pk__in=[s.pk for s in burst], status=Status.RUNNING).count()
        most_running_for_one_student = max(most_running_for_one_student, running)
        time.sleep(0.05)
    assert all_graded([*burst, other])
    assert most_running_for_one_student == 1
    graded_at = {s.pk: Submission.objects.get(pk=s.pk).graded_at for s in [*burst, other]}
    # The other student did not wait behind the whole burst (3 x 3 s in a row).
    assert graded_at[other.pk] < max(graded_at[s.pk] for s in burst)
    assert Grade.objects.filter(submission__in=[*burst, other]).count() == 4


def test_the_request_id_of_the_post_is_on_the_workers_line_that_stores_the_grade(real_worker):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    assignments_sync_from_bank()
    course, _ = demo_course_seed()
    student = course.enrollments.get(user__username="student1").user
    ca = CourseAssignment.objects.get(course=course, assignment__slug=CLUSTERIP)
    files, commands = bank_assignment(CLUSTERIP).solution(variant_seed(user_id=student.pk, assignment_slug=CLUSTERIP))
    client = APIClient()
    client.force_authenticate(student)
    r = client.post(f"/api/v1/assignments/{ca.pk}/submissions/",
                    {"files": [SimpleUploadedFile(n, d) for n, d in files.items()], "commands": commands},
                    format="multipart", HTTP_X_REQUEST_ID="drill-req-42abcdef")
    assert r.status_code == 201 and r["X-Request-ID"] == "drill-req-42abcdef"
    stored = f"grade.stored submission={r.json()['id']} "
    line = wait_for(lambda: next((ln for ln in real_worker.output().splitlines() if stored in ln), None),
                    timeout=60, what="the worker to store the grade")
    assert " rid=drill-req-42abcdef " in line
