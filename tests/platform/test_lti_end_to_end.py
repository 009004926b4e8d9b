"""LTI end to end over HTTP, as deployed: the tool on gunicorn, grading and passback on a
real Celery worker (Redis, PostgreSQL, the real scoring engine), the LMS played by the
strict test platform. Login -> launch (instructor, then student) -> deep link -> the
student submits through the assignment page -> graded -> the score arrives with the AGS
fields; an extension, an override and a failing platform follow."""

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from conftest import CLUSTERIP
from kg_worker_process import ROOT, WorkerProcess, broker_flush, wait_for
from lti_test_platform import LmsTestServer
from test_lti import INSTRUCTOR, LEARNER, first_launch, launch
from test_lti_deep_linking import deep_link

pytestmark = pytest.mark.needs_worker


@pytest.fixture
def real_worker(requires_postgres, requires_redis, requires_scoring, worker_env, transactional_db):
    """The conftest's real worker, with passback's backoff shortened (0.05 s, doubling)."""
    broker_flush()
    worker = WorkerProcess(worker_env, KUBEGRADE_LTI_BACKOFF_SECONDS="0.05").start()
    yield worker
    worker.stop()


@pytest.fixture
def tool(real_worker, worker_env, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "gunicorn.log").open("ab")
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "kubegrade.wsgi", "--bind", f"127.0.0.1:{port}",
                            "--workers", "2", "--timeout", "60"], cwd=ROOT, env=worker_env, stdout=log,
                           stderr=subprocess.STDOUT, start_new_session=True)

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    wait_for(listening, timeout=60, what="gunicorn to listen")
    yield f"http://127.0.0.1:{port}"
    os.killpg(web.pid, signal.SIGTERM)
    web.wait(20)


@pytest.fixture
def lms(tool):
    from lti_tool.models import Key

    from kubegrade.lti.services import registration_create

    Key.objects.generate()
    platform = LmsTestServer().start(tool)
    registration_create(name="Test LMS", issuer=platform.issuer, client_id=platform.client_id,
                        auth_url=f"{platform.url}/auth", token_url=f"{platform.url}/token",
                        keyset_url=f"{platform.url}/jwks", deployment_ids=[platform.deployment_id])
    platform.tool = tool
    yield platform
    platform.stop()


def _csrf(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def _iso_ms(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_from_deep_link_to_the_lms_gradebook_on_gunicorn_and_a_real_worker(lms):
    from kubegrade.accounts.models import User
    from kubegrade.courses.bank import bank_assignment
    from kubegrade.courses.models import Assignment
    from kubegrade.courses.services import assignment_upsert_from_bank, course_assignment_add, extension_grant
    from kubegrade.grading.models import RegradeBatch
    from kubegrade.grading.overrides import grade_override_create
    from kubegrade.grading.regrade import regrade_start
    from kubegrade.lti.models import CourseContext, ScoreSend
    from kubegrade.submissions.models import Submission
    from kubegrade.submissions.variants import variant_seed

    # The instructor's first launch makes the course; the lab is due 47 h ago (two days late).
    prof_browser = first_launch(lms).browser
    course = CourseContext.objects.get().course
    assignment_upsert_from_bank(bank_assignment(CLUSTERIP))
    assignment = Assignment.objects.get(slug=CLUSTERIP)
    ca = course_assignment_add(course=course, assignment=assignment)
    ca.due_at = timezone.now() - dt.timedelta(hours=47)
    ca.save()
    [link] = deep_link(lms, [ca])
    [column] = lms.columns()

    # The student follows the link, reads the page and submits the reference solution.
    resp = launch(lms, "alice", [LEARNER], claims=lms.link_launch_claims(link, sub="alice", roles=[LEARNER]))
    assert resp.headers["Location"] == f"/assignments/{ca.pk}/"
    page = resp.browser.get(lms.tool + resp.headers["Location"])
    assert page.status_code == 200
    alice = User.objects.get(username__endswith="alice")
    files, commands = bank_assignment(CLUSTERIP).solution(variant_seed(user_id=alice.pk, assignment_slug=CLUSTERIP))
    sent = resp.browser.post(f"{lms.tool}/assignments/{ca.pk}/submit/", headers={"Referer": page.url},
                             data={"csrfmiddlewaretoken": _csrf(page.text), "commands": commands},
                             files=[("files", (name, data)) for name, data in files.items()], allow_redirects=False)
    assert sent.status_code == 302 and "/submissions/" in sent.headers["Location"], sent.text[-2000:]

    wait_for(lambda: lms.scores, timeout=180, what="the first score at the LMS", interval=0.3)
    submission = Submission.objects.get(student=alice)
    column_id, body = lms.scores[0]
    assert column_id == column["id"].rsplit("/", 1)[1]
    assert body["userId"] == "alice" and body["scoreGiven"] == 8.0 and body["scoreMaximum"] == 10.0
    assert body["activityProgress"] == "Completed" and body["gradingProgress"] == "FullyGraded"
    assert body["submission"]["submittedAt"] == _iso_ms(submission.submitted_at)
    assert "2 day(s) late" in body["comment"]

    # An extension past the submission removes the penalty: a newer version arrives.
    prof = User.objects.get(username__endswith="prof")
    extension_grant(course_assignment=ca, student=alice, due_at=timezone.now() + dt.timedelta(days=1),
                    granted_by=prof)
    wait_for(lambda: len(lms.scores) == 2, timeout=60, what="the score after the extension")
    assert lms.scores[1][1]["scoreGiven"] == 10.0 and lms.scores[1][1]["timestamp"] > body["timestamp"]
    assert lms.scores[1][1]["submission"] == body["submission"]  # still when she submitted: not late

    # A regrade on the worker that finds the same score sends nothing.
    batch = regrade_start(course_assignment=ca, by=prof)
    wait_for(lambda: RegradeBatch.objects.get(pk=batch.pk).finished_at, timeout=120, what="the regrade")
    time.sleep(1)
    assert len(lms.scores) == 2

    # An override arrives as a newer version, with its reason.
    grade_override_create(course_assignment=ca, student=alice, score=6, reason="Shared work", by=prof,
                          reason_shown=True)
    wait_for(lambda: len(lms.scores) == 3, timeout=60, what="the override at the LMS")
    assert lms.scores[2][1]["scoreGiven"] == 6.0 and "Shared work" in lms.scores[2][1]["comment"]
    assert lms.scores[2][1]["timestamp"] > lms.scores[1][1]["timestamp"]

    # The LMS fails: retried (5 tries), then shown as failed; "send again" delivers it.
    lms.fail_with = [(500, "boom")] * 5
    grade_override_create(course_assignment=ca, student=alice, score=7, reason="Regraded by hand", by=prof)
    row = wait_for(lambda: ScoreSend.objects.filter(state="failed").first(), timeout=60, what="the failed state")
    assert row.tries == 5 and lms.fail_with == []
    status = prof_browser.get(f"{lms.tool}/lti/assignments/{ca.pk}/passback/")
    assert "The LMS had an error (500)." in status.text and "Send again" in status.text
    prof_browser.post(f"{lms.tool}/lti/assignments/{ca.pk}/passback/send/", headers={"Referer": status.url},
                      data={"csrfmiddlewaretoken": _csrf(status.text), "send": row.pk})
    wait_for(lambda: len(lms.scores) == 4, timeout=60, what="the score sent again")
    assert lms.scores[3][1]["scoreGiven"] == 7.0
    wait_for(lambda: ScoreSend.objects.get().state == "sent", timeout=10, what="the row marked sent")
    assert [b["timestamp"] for _, b in lms.scores] == sorted(b["timestamp"] for _, b in lms.scores)


INST_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"


def test_an_institution_instructor_learner_and_a_squatted_course_code_are_refused(lms):
    """Issue 16, findings 1 and 2, over gunicorn: a colleague allowed to create courses
    tries to take the LMS course's code by hand (refused); a course already holding it
    (made before links existed) is not where the LMS course goes; a faculty member who is
    a Learner here launches with Canvas's institution Instructor role and is a student."""
    import requests
    from lti_tool.models import LtiRegistration

    from kubegrade.accounts.models import User
    from kubegrade.courses.models import Course, Enrollment
    from kubegrade.lti.models import CourseContext

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    # Hashed as gunicorn's settings check it (the tests' own settings use a faster hasher).
    squatter = User.objects.create(username="squatter", can_create_courses=True, password=PBKDF2PasswordHasher().encode(
        "Squat-the-course-2031", PBKDF2PasswordHasher().salt()))
    code = f"lms-{LtiRegistration.objects.get().pk}-k8s"  # what the LMS course was once found by
    browser = requests.Session()
    login_page = browser.get(f"{lms.tool}/login/")
    signed_in = browser.post(login_page.url, headers={"Referer": login_page.url}, data={
        "csrfmiddlewaretoken": _csrf(login_page.text), "username": "squatter", "password": "Squat-the-course-2031"})
    assert signed_in.status_code == 200 and "/login/" not in signed_in.url
    new = browser.get(f"{lms.tool}/courses/new/")
    taken = browser.post(new.url, headers={"Referer": new.url},
                         data={"csrfmiddlewaretoken": _csrf(new.text), "code": code, "title": "Mine"})
    assert taken.status_code == 400 and "kept for courses made from an LMS" in taken.text
    assert not Course.objects.filter(code=code).exists()

    squatted = Course.objects.create(code=code, title="Made before links existed")
    Enrollment.objects.create(course=squatted, user=squatter, role="instructor")
    first_launch(lms)
    linked = CourseContext.objects.get().course
    assert linked != squatted

    faculty = launch(lms, "faculty", [INST_INSTRUCTOR, LEARNER])
    assert faculty.status_code == 302
    assert Enrollment.objects.get(user__username__endswith="faculty").role == "student"
    assert faculty.browser.get(f"{lms.tool}/courses/{linked.pk}/gradebook/").status_code == 403
    assert browser.get(f"{lms.tool}/courses/{linked.pk}/gradebook/").status_code == 404
    assert list(squatted.enrollments.values_list("user__username", flat=True)) == ["squatter"]
