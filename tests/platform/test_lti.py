"""LTI 1.3 against a real platform implementation (lti1p3platform 0.1.8, made strict in
lti_test_platform.py), over HTTP with the tool served by pytest-django's live server:
OIDC login -> launch -> signed in with the LMS's role -> graded -> the score arrives."""

import ast
import re
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


def first_launch(lms, sub: str = "prof", roles: list[str] | None = None, *, choice: str | int = "new",
                 **claims_kw) -> requests.Response:
    """An instructor's first launch from an LMS course not linked yet: the tool asks for a
    course; `choice` is "new" or the id of a course they instruct. The answer's `browser`
    is theirs, signed in."""
    resp = launch(lms, sub, roles or [INSTRUCTOR], **claims_kw)
    assert resp.status_code == 302 and resp.headers["Location"] == "/lti/link-course/", resp.text
    page = resp.browser.get(f"{lms.tool}/lti/link-course/")
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"csrfmiddlewaretoken": token, **({"choice": "new"} if choice == "new" else {"course": choice})}
    done = resp.browser.post(f"{lms.tool}/lti/link-course/", data=data, headers={"Referer": page.url},
                             allow_redirects=False)
    done.browser, done.page, done.form = resp.browser, page, resp.form
    return done


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

    if role != "instructor":
        first_launch(lms, "prof")  # the LMS course is linked by its instructor's first launch
    resp = first_launch(lms, f"user-{role}") if role == "instructor" else launch(lms, f"user-{role}", roles)
    assert resp.status_code == 302 and "/courses/" in resp.headers["Location"]
    enrollment = Enrollment.objects.get(user__username__endswith=f"user-{role}")
    assert enrollment.role == role and enrollment.course.title == "Kubernetes"
    assert not enrollment.user.has_usable_password()
    page = resp.browser.get(lms.tool + resp.headers["Location"])
    assert page.status_code == 200


def test_a_launch_opens_the_assignment_its_resource_link_points_at(lms):
    import platform_factories as f

    from kubegrade.courses.services import course_assignment_add

    first_launch(lms)
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
    first = first_launch(lms, "alice")
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

    first_launch(lms)
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

    assert first_launch(lms).status_code == 302  # the key set is now cached
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


# --- issue 16: roles, course links, resend scope, launch failures -------------------------

INST_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"


def test_an_institution_instructor_who_is_a_learner_here_is_a_student(lms):
    """Finding 1: Canvas sends a faculty member's institution role on every launch."""
    from kubegrade.courses.models import Enrollment

    first_launch(lms)
    resp = launch(lms, "faculty", [INST_INSTRUCTOR, LEARNER])
    assert resp.status_code == 302
    enrollment = Enrollment.objects.get(user__username__endswith="faculty")
    assert enrollment.role == "student"
    gradebook = resp.browser.get(f"{lms.tool}/courses/{enrollment.course_id}/gradebook/")
    assert gradebook.status_code == 403


def test_an_institution_role_alone_is_refused_with_a_page(lms):
    first_launch(lms)
    resp = launch(lms, "dean", [INST_INSTRUCTOR, "http://purl.imsglobal.org/vocab/lis/v2/system/person#User"])
    assert resp.status_code == 403 and 'id="lti-refused"' in resp.text and "no role in this course" in resp.text


def test_a_student_before_the_instructor_links_the_course_is_told_what_to_do(lms):
    resp = launch(lms, "early", [LEARNER])
    assert resp.status_code == 409 and "its instructor opens KubeGrade from the LMS once" in resp.text


def test_a_squatted_lms_code_is_never_the_lms_courses_course(lms):
    """Finding 2: a course made by hand with the code the LMS course used to be found by
    is not bound on the first launch; the squatter sees no LMS student."""
    import platform_factories as f

    from lti_tool.models import LtiRegistration

    from kubegrade.courses.models import Course, Enrollment
    from kubegrade.lti.models import CourseContext

    registration = LtiRegistration.objects.get()
    squatter = f.UserFactory(username="squatter")
    squatted = Course.objects.create(code=f"lms-{registration.pk}-k8s", title="Mine")
    Enrollment.objects.create(course=squatted, user=squatter, role="instructor")
    first_launch(lms)
    launch(lms, "alice", [LEARNER])
    linked = CourseContext.objects.get().course
    assert linked != squatted
    assert set(squatted.enrollments.values_list("user__username", flat=True)) == {"squatter"}
    assert linked.enrollments.get(user__username__endswith="alice").role == "student"


def test_a_second_lms_course_with_the_same_label_gets_its_own_course(lms):
    from kubegrade.lti.models import CourseContext

    first_launch(lms, context_id="course-77", context_label="K8S")
    first_launch(lms, "prof2", context_id="course-99", context_label="K8S")
    courses = {c.context.id_on_platform: c.course for c in CourseContext.objects.select_related("course", "context")}
    assert courses["course-77"] != courses["course-99"]
    assert not courses["course-77"].enrollments.filter(user__username__endswith="prof2").exists()


def test_an_lms_course_links_to_a_course_its_instructor_already_runs(lms):
    """The first launch offers the instructor's own courses; the roster, policies and
    extensions of the chosen one stay, and the LMS's students join it."""
    import datetime as dt

    import platform_factories as f
    from django.utils import timezone

    from kubegrade.accounts.models import User
    from kubegrade.courses.models import Course, Enrollment, Extension
    from kubegrade.courses.services import course_assignment_add
    from kubegrade.courses.staff_services import course_create
    from kubegrade.lti.models import CourseContext

    resp = launch(lms, "prof", [INSTRUCTOR])  # makes the account; the course is chosen below
    prof = User.objects.get(username__endswith="prof")
    mine = course_create(code="k8s-by-hand", title="By hand", by=prof)
    someone_elses = f.CourseFactory(code="not-mine")
    hand_student = f.UserFactory(username="hand")
    Enrollment.objects.create(course=mine, user=hand_student, role="student")
    lab = course_assignment_add(course=mine, assignment=f.AssignmentFactory(slug="week4/90-lab"),
                                late_penalty_percent_per_day=25.0)
    Extension.objects.create(course_assignment=lab, student=hand_student, due_at=timezone.now() + dt.timedelta(days=3))
    page = resp.browser.get(f"{lms.tool}/lti/link-course/")
    assert "k8s-by-hand" in page.text and "not-mine" not in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    stolen = resp.browser.post(f"{lms.tool}/lti/link-course/", headers={"Referer": page.url},
                               data={"csrfmiddlewaretoken": token, "course": someone_elses.pk}, allow_redirects=False)
    assert stolen.status_code == 404 and not CourseContext.objects.exists()
    done = resp.browser.post(f"{lms.tool}/lti/link-course/", headers={"Referer": page.url},
                             data={"csrfmiddlewaretoken": token, "course": mine.pk}, allow_redirects=False)
    assert done.status_code == 302 and done.headers["Location"] == f"/courses/{mine.pk}/"
    assert CourseContext.objects.get().course == mine and Course.objects.count() == 2
    launch(lms, "alice", [LEARNER])
    assert set(mine.enrollments.values_list("user__username", flat=True)) >= {"hand", f"lti{lms_registration_pk()}-alice"}
    lab.refresh_from_db()
    assert lab.late_penalty_percent_per_day == 25.0 and lab.extensions.get().student == hand_student


def lms_registration_pk() -> int:
    from lti_tool.models import LtiRegistration

    return LtiRegistration.objects.get().pk


def test_a_resend_only_touches_scores_of_the_course_in_the_url(lms, linked):
    """Finding 4: send ids are sequential; another course's instructor names one."""
    import platform_factories as f
    from django.test import Client

    from kubegrade.courses.services import course_assignment_add, enrollment_upsert
    from kubegrade.lti.models import ScoreSend

    ca, alice, engine = linked
    lms.fail_with = [(400, "no")]
    _graded(ca, alice, 10)
    row = ScoreSend.objects.get()
    assert row.state == "failed"
    other = f.CourseFactory(code="other")
    other_ca = course_assignment_add(course=other, assignment=f.AssignmentFactory(slug="week4/91-lab"))
    mallory = f.UserFactory(username="mallory")
    enrollment_upsert(course=other, user=mallory, role="instructor")
    client = Client()
    client.force_login(mallory)
    r = client.post(f"/lti/assignments/{other_ca.pk}/passback/send/", {"send": row.pk})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.state == "failed" and len(lms.scores) == 0
    r = client.post(f"/lti/assignments/{ca.pk}/passback/send/", {"send": row.pk})
    assert r.status_code == 404


def test_a_launch_without_the_login_cookie_is_a_page_not_a_500(lms):
    """Finding 6: in an iframe that blocks third-party cookies the cookie our login set
    never comes back; so does any POST to the launch URL from elsewhere."""
    browser = requests.Session()
    lms.launches["alice"] = lms.launch_claims(sub="alice", roles=[LEARNER], nonce="")
    login = browser.get(f"{lms.tool}/lti/login/", params={
        "iss": lms.issuer, "client_id": lms.client_id, "login_hint": "alice",
        "target_link_uri": f"{lms.tool}/lti/launch/", "lti1p3_new_window": "1"}, allow_redirects=False)
    form = browser.get(login.headers["Location"]).json()
    browser.cookies.clear()
    resp = browser.post(form["action"], data={"id_token": form["id_token"], "state": form["state"]},
                        allow_redirects=False)
    assert resp.status_code == 400 and "new window" in resp.text and 'id="lti-refused"' in resp.text
    bare = requests.post(f"{lms.tool}/lti/launch/", data={"id_token": "x", "state": "y"}, allow_redirects=False)
    assert bare.status_code == 400
    korean = requests.post(f"{lms.tool}/lti/launch/", data={}, headers={"Accept-Language": "ko"},
                           allow_redirects=False)
    assert korean.status_code == 400 and "새 창" in korean.text


def test_the_login_in_an_iframe_first_checks_cookies_with_pylti1p3s_page(lms):
    resp = requests.get(f"{lms.tool}/lti/login/", params={
        "iss": lms.issuer, "client_id": lms.client_id, "login_hint": "alice",
        "target_link_uri": f"{lms.tool}/lti/launch/"}, allow_redirects=False)
    assert resp.status_code == 200 and 'id="lti1p3-new-tab-link"' in resp.text
    assert "Open KubeGrade in a new window" in resp.text and '"lti1p3_new_window": "1"' in resp.text
    nonce = re.search(r"'nonce-([^']+)'", resp.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}"' in resp.text


def test_a_forged_token_does_not_use_up_the_real_launchs_nonce(lms):
    browser = requests.Session()
    lms.launches["alice"] = lms.launch_claims(sub="alice", roles=[LEARNER], nonce="")
    first_launch(lms)
    login = browser.get(f"{lms.tool}/lti/login/", params={
        "iss": lms.issuer, "client_id": lms.client_id, "login_hint": "alice",
        "target_link_uri": f"{lms.tool}/lti/launch/", "lti1p3_new_window": "1"}, allow_redirects=False)
    form = browser.get(login.headers["Location"]).json()
    forged = _resign(lms, form, key=rsa_pair()[1], sub="mallory")
    refused = browser.post(form["action"], data={"id_token": forged, "state": form["state"]}, allow_redirects=False)
    assert refused.status_code == 403
    real = browser.post(form["action"], data={"id_token": form["id_token"], "state": form["state"]},
                        allow_redirects=False)
    assert real.status_code == 302, real.text


def test_an_overrides_comment_does_not_name_the_late_penalty_it_replaced():
    from kubegrade.gradebook.selectors import Cell
    from kubegrade.lti.passback import score_comment

    late = Cell(score=8.0, max_score=10.0, raw_score=10.0, late_score=8.0, late_days=2)
    assert score_comment(late) == "KubeGrade: 8/10. 2 day(s) late: -2."
    overridden = Cell(score=6.0, max_score=10.0, raw_score=10.0, late_score=8.0, late_days=2,
                      override_reason="Shared work", override_reason_shown=True)
    assert score_comment(overridden) == "KubeGrade: 6/10. Set by staff: Shared work"
    private = Cell(score=6.0, max_score=10.0, raw_score=10.0, late_score=8.0, late_days=2, override_reason="Shared work")
    assert score_comment(private) == "KubeGrade: 6/10. Set by staff."
