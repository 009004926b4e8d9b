"""LTI 1.3 against a real platform implementation (lti1p3platform 0.1.8, made strict in
lti_test_platform.py), over HTTP with the tool served by pytest-django's live server:
OIDC login -> launch -> signed in with the LMS's role -> graded -> the score arrives."""

import ast
import time
import uuid
from pathlib import Path

import pytest
import requests

from lti_test_platform import LmsTestServer, rsa_pair

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
KUBEGRADE = Path(__file__).resolve().parents[2] / "platform" / "kubegrade"


@pytest.fixture
def lms(live_server, settings):
    from lti_tool.models import Key

    from kubegrade.lti.services import registration_create

    settings.KUBEGRADE_LTI_BACKOFF_SECONDS = 0.05
    Key.objects.generate()
    platform = LmsTestServer().start(live_server.url)
    registration_create(name="Test LMS", issuer=platform.issuer, client_id=platform.client_id,
                        auth_url=f"{platform.url}/auth", token_url=f"{platform.url}/token",
                        keyset_url=f"{platform.url}/jwks", deployment_ids=[platform.deployment_id])
    platform.tool = live_server.url
    yield platform
    platform.stop()


def launch(lms, sub: str, roles: list[str], claims: dict | None = None, **claims_kw) -> requests.Response:
    """A browser through the whole flow: the LMS starts the login, we redirect to its
    auth endpoint, it posts the id_token back to our launch URL (`claims` when given)."""
    browser = requests.Session()
    lms.launches[sub] = claims or lms.launch_claims(sub=sub, roles=roles, nonce="", **claims_kw)
    login = browser.get(f"{lms.tool}/lti/login/", params={
        "iss": lms.issuer, "client_id": lms.client_id, "login_hint": sub,
        "target_link_uri": f"{lms.tool}/lti/launch/", "lti1p3_new_window": "1"}, allow_redirects=False)
    assert login.status_code == 302, login.text
    form = browser.get(login.headers["Location"]).json()
    resp = browser.post(form["action"], data={"id_token": form["id_token"], "state": form["state"]},
                        allow_redirects=False)
    resp.browser, resp.form = browser, form
    return resp


def test_no_module_but_the_adapter_imports_pylti1p3():
    importers = set()
    for path in KUBEGRADE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "pylti1p3" or n.startswith("pylti1p3.") for n in names):
                importers.add(str(path.relative_to(KUBEGRADE)))
    assert importers == {"lti/pylti_adapter.py"}


@pytest.mark.parametrize("roles, role", [([LEARNER], "student"), ([INSTRUCTOR], "instructor"), ([TA], "ta")])
def test_a_launch_signs_in_with_the_role_the_lms_gives(lms, roles, role):
    from kubegrade.courses.models import Enrollment

    resp = launch(lms, f"user-{role}", roles)
    assert resp.status_code == 302 and "/courses/" in resp.headers["Location"]
    enrollment = Enrollment.objects.get(user__username__endswith=f"user-{role}")
    assert enrollment.role == role and enrollment.course.title == "Kubernetes"
    assert not enrollment.user.has_usable_password()
    page = resp.browser.get(lms.tool + resp.headers["Location"])
    assert page.status_code == 200


def test_a_launch_opens_the_assignment_its_resource_link_points_at(lms):
    import platform_factories as f

    from kubegrade.courses.services import course_assignment_add

    launch(lms, "prof", [INSTRUCTOR])
    from kubegrade.lti.models import CourseContext

    course = CourseContext.objects.get().course
    ca = course_assignment_add(course=course, assignment=f.AssignmentFactory(slug="week4/90-lab"))
    resp = launch(lms, "alice", [LEARNER], custom={"assignment": "week4/90-lab"})
    assert resp.headers["Location"] == f"/assignments/{ca.pk}/"


def _refusal(lms, mutate) -> requests.Response:
    browser = requests.Session()
    lms.launches["mallory"] = lms.launch_claims(sub="mallory", roles=[LEARNER], nonce="")
    login = browser.get(f"{lms.tool}/lti/login/", params={
        "iss": lms.issuer, "client_id": lms.client_id, "login_hint": "mallory",
        "target_link_uri": f"{lms.tool}/lti/launch/", "lti1p3_new_window": "1"}, allow_redirects=False)
    form = browser.get(login.headers["Location"]).json()
    id_token = mutate(form)
    return browser.post(form["action"], data={"id_token": id_token, "state": form["state"]}, allow_redirects=False)


def _resign(lms, form, key=None, **changes):
    import jwt

    claims = jwt.decode(form["id_token"], options={"verify_signature": False})
    claims.update(changes)
    for name in [k for k, v in changes.items() if v is None]:
        del claims[name]
    return lms.id_token(claims, key=key)


@pytest.mark.parametrize("case, mutate, reason", [
    ("bad signature", lambda lms, f: _resign(lms, f, key=rsa_pair()[1]), "decode"),
    ("expired", lambda lms, f: _resign(lms, f, exp=int(time.time()) - 60, iat=int(time.time()) - 400), "expired"),
    ("wrong audience", lambda lms, f: _resign(lms, f, aud="someone-else", azp=None), "not"),
    ("unknown deployment", lambda lms, f: _resign(
        lms, f, **{"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "elsewhere"}), "eployment"),
    ("missing roles", lambda lms, f: _resign(
        lms, f, **{"https://purl.imsglobal.org/spec/lti/claim/roles": None}), "ole"),
])
def test_a_launch_is_refused(lms, case, mutate, reason):
    from kubegrade.accounts.models import User

    resp = _refusal(lms, lambda form: mutate(lms, form))
    assert resp.status_code == 403 and "LTI launch refused" in resp.text and reason in resp.text, resp.text
    assert not User.objects.filter(username__endswith="mallory").exists()


def test_a_replayed_id_token_is_refused(lms):
    first = launch(lms, "alice", [LEARNER])
    assert first.status_code == 302
    again = first.browser.post(first.form["action"], data={"id_token": first.form["id_token"],
                                                           "state": first.form["state"]}, allow_redirects=False)
    assert again.status_code == 403 and "nonce" in again.text


def _graded(ca, student, score, submitted_at=None):
    import platform_factories as f

    from kubegrade.grading.services import submission_grade

    submission = f.SubmissionFactory(course_assignment=ca, student=student, **(
        {"submitted_at": submitted_at} if submitted_at else {}))
    submission_grade(submission_id=submission.pk)
    return submission


@pytest.fixture
def linked(lms, stub_engine):
    """An instructor added the lab; alice launched it (so the LMS gave its line items URL)."""
    import platform_factories as f

    from kubegrade.courses.services import course_assignment_add
    from kubegrade.lti.models import CourseContext

    launch(lms, "prof", [INSTRUCTOR])
    course = CourseContext.objects.get().course
    ca = course_assignment_add(course=course, assignment=f.AssignmentFactory(slug="week4/90-lab", points=10))
    launch(lms, "alice", [LEARNER], custom={"assignment": "week4/90-lab"})
    from kubegrade.accounts.models import User

    return ca, User.objects.get(username__endswith="alice"), stub_engine


def test_a_grade_arrives_at_the_lms_with_the_score_fields(lms, linked):
    ca, alice, engine = linked
    engine.report = {**engine.report, "score": 8.0, "max_score": 10.0}
    submission = _graded(ca, alice, 8)
    assert len(lms.scores) == 1 and len(lms.line_items) == 1
    _, body = lms.scores[0]
    assert body["userId"] == "alice" and body["scoreGiven"] == 8.0 and body["scoreMaximum"] == 10.0
    assert body["activityProgress"] == "Completed" and body["gradingProgress"] == "FullyGraded"
    assert body["submission"]["submittedAt"].startswith(submission.submitted_at.strftime("%Y-%m-%dT"))
    assert "8/10" in body["comment"]


def test_an_override_arrives_as_a_newer_version_and_an_unchanged_grade_is_not_resent(lms, linked):
    from kubegrade.accounts.models import User
    from kubegrade.grading.overrides import grade_override_create
    from kubegrade.lti.passback import score_versions_refresh

    ca, alice, engine = linked
    _graded(ca, alice, 10)
    score_versions_refresh(course_assignment_id=ca.pk)  # nothing changed: nothing new
    prof = User.objects.get(username__endswith="prof")
    grade_override_create(course_assignment=ca, student=alice, score=6, reason="Copied", by=prof, reason_shown=True)
    assert [b["scoreGiven"] for _, b in lms.scores] == [10.0, 6.0]
    assert lms.scores[0][1]["timestamp"] < lms.scores[1][1]["timestamp"]
    assert "Copied" in lms.scores[1][1]["comment"]


def test_an_extension_that_removes_a_late_penalty_arrives(lms, linked):
    import datetime as dt

    from django.utils import timezone

    from kubegrade.accounts.models import User
    from kubegrade.courses.services import extension_grant

    ca, alice, engine = linked
    ca.due_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1)  # 47 h late: two days
    ca.save()
    _graded(ca, alice, 10)
    assert lms.scores[-1][1]["scoreGiven"] == 8.0  # two days late at 10 % a day
    extension_grant(course_assignment=ca, student=alice, due_at=timezone.now() + dt.timedelta(days=1),
                    granted_by=User.objects.get(username__endswith="prof"))
    assert lms.scores[-1][1]["scoreGiven"] == 10.0


def test_a_failing_platform_is_retried_then_shown_as_failed_and_sent_again(lms, linked):
    from django.test import Client

    from kubegrade.accounts.models import User
    from kubegrade.lti.models import ScoreSend

    ca, alice, engine = linked
    lms.fail_with = [(503, "busy"), (429, "slow down")]
    _graded(ca, alice, 10)
    assert len(lms.scores) == 1 and ScoreSend.objects.get().state == "sent"
    lms.fail_with = [(500, "boom")] * 10
    engine.report = {**engine.report, "score": 9.0}
    _graded(ca, alice, 9)  # best attempt stays 10: unchanged, not resent
    assert len(lms.scores) == 1
    from kubegrade.grading.overrides import grade_override_create

    grade_override_create(course_assignment=ca, student=alice, score=7, reason="x",
                          by=User.objects.get(username__endswith="prof"))
    row = ScoreSend.objects.get()
    assert row.state == "failed" and row.tries == 5 and "error (500)" in row.answer
    staff = Client()
    staff.force_login(User.objects.get(username__endswith="prof"))
    page = staff.get(f"/lti/assignments/{ca.pk}/passback/")
    assert b"The LMS had an error (500)" in page.content and b"Send again" in page.content
    lms.fail_with = []
    staff.post(f"/lti/assignments/{ca.pk}/passback/send/", {"send": row.pk})
    assert lms.scores[-1][1]["scoreGiven"] == 7.0 and ScoreSend.objects.get().state == "sent"


def test_access_tokens_are_cached_per_registration_and_scope(lms, linked):
    ca, alice, engine = linked
    _graded(ca, alice, 10)
    before = lms.token_requests
    from kubegrade.grading.overrides import grade_override_create
    from kubegrade.accounts.models import User

    grade_override_create(course_assignment=ca, student=alice, score=5, reason="y",
                          by=User.objects.get(username__endswith="prof"))
    assert lms.token_requests == before and len(lms.scores) == 2


def test_a_token_signed_with_a_rotated_key_makes_the_tool_fetch_the_key_set_again(lms):
    from kubegrade.lti.models import LaunchDatum

    assert launch(lms, "alice", [LEARNER]).status_code == 302  # the key set is now cached
    assert launch(lms, "carol", [LEARNER]).status_code == 302
    assert LaunchDatum.objects.filter(key__contains="key-set-url").exists() and lms.jwks_requests == 1
    old_kid = lms.registration.get_kid()
    assert lms.keys_rotate() != old_kid
    resp = launch(lms, "bob", [LEARNER])
    assert resp.status_code == 302, resp.text  # the unknown kid was looked up afresh, not refused
    assert lms.jwks_requests == 2


def test_a_regrade_that_changes_the_score_arrives_as_a_newer_version_with_the_first_submitted_at(lms, linked):
    from kubegrade.accounts.models import User
    from kubegrade.grading.regrade import regrade_start

    ca, alice, engine = linked
    submission = _graded(ca, alice, 10)
    engine.report = {**engine.report, "score": 7.0}  # the fixed check finds a mistake
    regrade_start(course_assignment=ca, by=User.objects.get(username__endswith="prof"))
    assert [b["scoreGiven"] for _, b in lms.scores] == [10.0, 7.0]
    assert lms.scores[1][1]["timestamp"] > lms.scores[0][1]["timestamp"]
    assert lms.scores[1][1]["submission"]["submittedAt"] == lms.scores[0][1]["submission"]["submittedAt"]
    assert lms.scores[0][1]["submission"]["submittedAt"].startswith(submission.submitted_at.strftime("%Y-%m-%dT%H:%M"))
