"""Issue 19, staff items 10-16: what left staff stuck running a 30-student course. Policies
validated with clear messages; CSV-enrolled students invited by email to set a password (and
"Forgot your password?" for them too); assignments added as drafts; one time-zone rule (the
course's) for pages and CSVs; overrides that can be removed and whose reason stays private
unless shown; analytics merging generated names and naming checks by title; hidden assignments
out of totals and the Canvas CSV, whose `ID` is filled; roster search and paging; a timeline
per student."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import platform_factories as f
from kubegrade.accounts.models import User
from kubegrade.courses.models import CourseAssignment, Extension
from kubegrade.courses.staff_services import course_assignment_configure, enrollments_import_csv, extensions_import_csv
from kubegrade.gradebook.analytics import AttemptChecks, analytics_from_attempts, normalise_output
from kubegrade.gradebook.export import gradebook_csv_rows, gradebook_detail_csv_rows
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.grading.models import Grade, GradeOverride
from kubegrade.grading.overrides import grade_override_create


def graded(ca, student, score, **extra):
    return f.SubmissionFactory(course_assignment=ca, student=student, status="graded", score=score, max_score=10.0,
                               gradable=True, graded_at=timezone.now(), **extra)


# Item 10: policy values validated, one rule (the model's) for the staff page, the admin and services.

@pytest.mark.parametrize("field, value, message", [
    ("late_penalty_percent_per_day", -5, "The late penalty is a percentage per day from 0 to 100."),
    ("late_penalty_percent_per_day", 150, "The late penalty is a percentage per day from 0 to 100."),
    ("max_attempts", 0, "The attempt limit is at least 1; leave it empty for unlimited."),
])
def test_a_policy_out_of_range_is_refused_by_the_service(course_world, field, value, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        course_assignment_configure(course_assignment=course_world.lab, **{field: value})
    course_world.lab.refresh_from_db()
    assert getattr(course_world.lab, field) != value


def _policy_post(ca, **changes):
    values = {"due_at": timezone.localtime(ca.due_at).strftime("%Y-%m-%dT%H:%M"),
              "late_penalty_percent_per_day": "10", "late_days_max": "3", "score_policy": "best",
              "max_attempts": "", "answers_shown": "after_each_attempt", "published": "on"}
    return {**values, **changes}


@pytest.mark.parametrize("language, penalty_message, attempts_message", [
    ("en", "The late penalty is a percentage per day from 0 to 100.",
     "The attempt limit is at least 1; leave it empty for unlimited."),
    ("ko", "지각 감점은 하루당 0에서 100 사이의 백분율입니다.", "제출 횟수 제한은 1 이상입니다. 무제한이면 비워 두세요."),
])
def test_the_policy_page_refuses_a_negative_penalty_and_zero_attempts_with_clear_messages(
        client, course_world, language, penalty_message, attempts_message):
    course_world.prof.language = language
    course_world.prof.save()
    client.force_login(course_world.prof)
    r = client.post(reverse("courses:policy", args=[course_world.lab.pk]),
                    _policy_post(course_world.lab, late_penalty_percent_per_day="-5", max_attempts="0"),
                    HTTP_ACCEPT_LANGUAGE=language)
    html = r.content.decode()
    assert r.status_code == 400 and penalty_message in html and attempts_message in html
    course_world.lab.refresh_from_db()
    assert (course_world.lab.late_penalty_percent_per_day, course_world.lab.max_attempts) == (10.0, None)


def test_the_manage_page_says_unlimited_not_an_infinity_sign(client, course_world):
    client.force_login(course_world.prof)
    html = client.get(reverse("courses:manage", args=[course_world.course.pk])).content.decode()
    assert "∞" not in html and "<td>unlimited</td>" in html


# Item 14: an assignment added from the bank is a draft until staff publish it.

def test_an_assignment_added_on_the_manage_page_is_a_draft_students_do_not_see(client, course_world):
    extra = f.AssignmentFactory(slug="week4/93-extra")
    client.force_login(course_world.prof)
    r = client.post(reverse("courses:assignment-add", args=[course_world.course.pk]), {"assignment": extra.pk})
    ca = CourseAssignment.objects.get(course=course_world.course, assignment=extra)
    assert r.status_code == 302 and r["Location"] == reverse("courses:policy", args=[ca.pk])
    assert ca.published is False
    policy_page = client.get(r["Location"]).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="published"[^>]*>', policy_page).group(0)
    assert "checked" not in checkbox
    client.force_login(course_world.alice)
    assert client.get(reverse("courses:assignment", args=[ca.pk])).status_code == 404


# Item 13: the course's zone for its staff pages, forms, CSV imports and exports, printed with the times.

@pytest.fixture
def new_york_course(course_world):
    course_world.course.time_zone = "America/New_York"
    course_world.course.save()
    return course_world


def test_an_extension_csv_reads_times_in_the_courses_zone_whatever_the_viewers(new_york_course):
    w = new_york_course
    with timezone.override(zoneinfo.ZoneInfo("Asia/Seoul")):  # the viewer's zone must not matter
        report = extensions_import_csv(course=w.course, text=f"username,assignment,due_at\nalice,{w.lab.assignment.slug},"
                                                             "2031-01-02 23:59\n", by=w.prof)
    assert report.ok
    due = Extension.objects.get(student=w.alice).due_at
    assert due == dt.datetime(2031, 1, 3, 4, 59, tzinfo=dt.timezone.utc)


def test_the_detail_csv_writes_times_in_the_courses_zone_with_its_offset(new_york_course):
    w = new_york_course
    Extension.objects.create(course_assignment=w.lab, student=w.alice, granted_by=w.prof,
                             due_at=dt.datetime(2031, 1, 3, 4, 59, tzinfo=dt.timezone.utc))
    rows = gradebook_detail_csv_rows(gradebook_build(course=w.course))
    alice_lab = next(r for r in rows if r[0] == "alice" and r[2] == w.lab.assignment.slug)
    assert alice_lab[rows[0].index("extended_to")] == "2031-01-02T23:59:00-05:00"


def test_staff_pages_show_the_courses_zone_even_to_a_viewer_elsewhere(client, new_york_course):
    w = new_york_course
    w.prof.time_zone = "Asia/Seoul"
    w.prof.save()
    client.force_login(w.prof)
    html = client.get(reverse("courses:manage", args=[w.course.pk])).content.decode()
    assert "Times in America/New_York, the course's time zone." in html
    assert '<span id="csv-zone">America/New_York</span>' in html
    due = timezone.localtime(w.lab.due_at, zoneinfo.ZoneInfo("America/New_York"))
    assert due.strftime("%Y-%m-%d %H:%M") in html


def test_a_due_date_typed_on_the_policy_page_is_in_the_courses_zone(client, new_york_course):
    w = new_york_course
    client.force_login(w.prof)
    r = client.post(reverse("courses:policy", args=[w.lab.pk]), _policy_post(w.lab, due_at="2031-06-01T09:00"))
    assert r.status_code == 302
    w.lab.refresh_from_db()
    assert w.lab.due_at == dt.datetime(2031, 6, 1, 13, 0, tzinfo=dt.timezone.utc)  # EDT is UTC-4


# Item 16: overrides removed; the reason private unless shown.

def test_an_override_can_be_removed_and_the_computed_score_counts_again(client, course_world):
    w = course_world
    graded(w.lab, w.alice, 8.0)
    override = grade_override_create(course_assignment=w.lab, student=w.alice, score=3, reason="copied", by=w.prof)
    assert gradebook_build(course=w.course).rows[0].cells[0].score == 3
    client.force_login(w.prof)
    page = client.get(reverse("gradebook:student", args=[w.course.pk, w.alice.pk])).content.decode()
    remove_url = reverse("gradebook:override-remove", args=[w.course.pk, w.alice.pk, override.pk])
    assert f'action="{remove_url}"' in page
    r = client.post(remove_url)
    assert r.status_code == 302
    override.refresh_from_db()
    assert override.removed_by == w.prof and override.removed_at is not None
    assert gradebook_build(course=w.course).rows[0].cells[0].score == 8.0
    assert client.post(remove_url).status_code == 404  # already removed
    page = client.get(reverse("gradebook:student", args=[w.course.pk, w.alice.pk])).content.decode()
    assert "removed by prof" in page


def test_an_override_of_another_course_or_student_is_not_removed_through_this_url(client, course_world):
    w = course_world
    override = grade_override_create(course_assignment=w.lab, student=w.alice, score=3, reason="x", by=w.prof)
    client.force_login(w.prof)
    assert client.post(reverse("gradebook:override-remove", args=[w.course.pk, w.bob.pk, override.pk])).status_code == 404
    client.force_login(w.otherprof)
    assert client.post(reverse("gradebook:override-remove",
                               args=[w.other.pk, w.alice.pk, override.pk])).status_code == 404
    assert GradeOverride.objects.get(pk=override.pk).removed_at is None


def test_an_overrides_reason_reaches_the_student_only_when_shown(client, course_world):
    from kubegrade.lti.passback import score_comment

    w = course_world
    graded(w.lab, w.alice, 8.0)
    client.force_login(w.prof)
    r = client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                    {"course_assignment": w.lab.pk, "score": "5", "reason": "talked to the TA about plagiarism"})
    assert r.status_code == 302 and GradeOverride.objects.get().reason_shown is False
    client.force_login(w.alice)
    page = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert 'id="override">5' in page and "plagiarism" not in page
    cell = gradebook_build(course=w.course).rows[0].cells[0]
    assert score_comment(cell) == "KubeGrade: 5/10. Set by staff."
    grade_override_create(course_assignment=w.lab, student=w.alice, score=6, reason="oral exam", by=w.prof,
                          reason_shown=True)
    assert "6 · oral exam" in client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()


# Item 16: analytics merge generated names and name checks by title.

def test_analytics_count_one_wrong_output_made_with_two_generated_names_once():
    attempts = [
        AttemptChecks(1, 1, 0, 10, [{"id": "svc.exists", "title": "The Service exists", "passed": False,
                                     "got": 'Error from server (NotFound): services "svc-web-j8jh" not found'}]),
        AttemptChecks(2, 1, 0, 10, [{"id": "svc.exists", "title": "The Service exists", "passed": False,
                                     "got": 'Error from server (NotFound): services "svc-web-frnr" not found'}]),
    ]
    check = analytics_from_attempts(attempts).checks[0]
    assert check.wrong_outputs == [('Error from server (NotFound): services "svc-web-<hash>" not found', 2)]
    assert check.name == "The Service exists"
    assert normalise_output("port name http on nginx-http") == "port name http on nginx-http"  # words stay


def test_the_analytics_page_names_checks_by_title(client, course_world):
    w = course_world
    sub = graded(w.lab, w.alice, 0.0)
    Grade.objects.create(submission=sub, version=sub.version, score=0, max_score=10, graded_at=timezone.now(),
                         checks=[{"id": "svc.selector", "title": "Selector matches the pods", "passed": False,
                                  "got": "<none>"}])
    client.force_login(w.prof)
    html = client.get(reverse("gradebook:analytics", args=[w.course.pk])).content.decode()
    assert "<title>Selector matches the pods</title>" in html  # the bar's label
    assert "<td>Selector matches the pods <span" in html


# Item 16: hidden assignments out of totals and the Canvas CSV; its ID filled.

def test_a_hidden_assignment_counts_in_no_total_and_no_canvas_column(course_world):
    w = course_world
    graded(w.lab, w.alice, 8.0)
    graded(w.quiz, w.alice, 9.0)
    w.quiz.published = False
    w.quiz.save()
    book = gradebook_build(course=w.course)
    alice = next(r for r in book.rows if r.username == "alice")
    assert (alice.total, book.max_total) == (8.0, 10.0)
    rows = gradebook_csv_rows(book)
    assert rows[0][5:] == [f"Test lab ({w.lab.assignment.slug})"]
    assert [r for r in rows if r[2] == "alice"] == [["Test", str(w.alice.pk), "alice", "alice", "k8s-test", "8.00"]]


# Item 16: the roster searched and paged.

def test_the_roster_is_searched_and_paged(client, course_world):
    w = course_world
    for i in range(120):
        f.EnrollmentFactory(course=w.course, user=f.UserFactory(username=f"stu{i:03d}", email=f"s{i}@uni.example"))
    client.force_login(w.prof)
    url = reverse("courses:manage", args=[w.course.pk])
    first = client.get(url).content.decode()
    assert first.count("<tr><td>stu") + first.count("<tr><td>alice") + first.count("<tr><td>bob") <= 50
    assert "Page 1 of 3" in first and "124 people" in first
    third = client.get(url, {"page": 3}).content.decode()
    assert "Page 3 of 3" in third and "<tr><td>stu119</td>" in third
    found = client.get(url, {"q": "S42@UNI"}).content.decode()
    assert "<tr><td>stu042</td>" in found and "<tr><td>stu043</td>" not in found and "1 person" in found
    assert "Nobody matches." in client.get(url, {"q": "zzz"}).content.decode()


# Item 11: invitations and password links by email after a CSV import.

def test_students_enrolled_from_a_csv_are_invited_and_sign_in_with_the_password_they_set(client, course_world):
    w = course_world
    report = enrollments_import_csv(course=w.course, text="username,email,first_name\n"
                                                          "minji,minji@uni.example,Minji\njoon,joon@uni.example,Joon\n")
    assert report.ok and not User.objects.get(username="minji").has_usable_password()
    client.force_login(w.prof)
    page = client.get(reverse("courses:manage", args=[w.course.pk])).content.decode()
    assert "2 people have no password yet and cannot sign in." in page
    r = client.post(reverse("courses:invitations", args=[w.course.pk]))
    assert r.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["joon@uni.example", "minji@uni.example"]
    message = next(m for m in mail.outbox if m.to == ["minji@uni.example"])
    assert message.subject == "You are invited to Test course on KubeGrade"
    assert "username minji" in message.body
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
    client.logout()
    form = client.get(link, follow=True)
    assert 'id="set-password-form"' in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "kube-minji-2031", "new_password2": "kube-minji-2031"})
    assert done.status_code == 302
    assert client.post("/login/", {"username": "minji", "password": "kube-minji-2031"}).status_code == 302
    client.logout()
    assert 'id="link-invalid"' in client.get(link, follow=True).content.decode()  # a link works once


def test_forgot_password_sends_a_link_to_an_account_that_never_had_one(client, course_world):
    enrollments_import_csv(course=course_world.course, text="username,email\nsora,sora@uni.example\n")
    login_page = client.get("/login/").content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page
    r = client.post(reverse("password_reset"), {"email": "SORA@uni.example"})
    assert r.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == ["sora@uni.example"]
    assert "/password-reset/" in mail.outbox[0].body
    client.post(reverse("password_reset"), {"email": "nobody@uni.example"})
    assert len(mail.outbox) == 1  # no account, no mail, and the same page either way


def test_reset_emails_to_one_inbox_stop_at_the_rate_and_the_links_sent_still_work(client, course_world, settings):
    """A stranger asking again and again fills no inbox: past the rate nothing is sent, the
    answer is 429 with Retry-After, and the owner's links already sent still set the password."""
    settings.KUBEGRADE_PASSWORD_RESETS_PER_EMAIL = 3
    enrollments_import_csv(course=course_world.course, text="username,email\nsora,sora@uni.example\n")
    stranger = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": "sora@uni.example"}, **stranger).status_code == 302
    for email in ("sora@uni.example", "SORA@Uni.Example"):
        r = client.post(reverse("password_reset"), {"email": email}, **stranger)
        assert r.status_code == 429 and 3000 < int(r["Retry-After"]) <= 3601
        assert "the newest link in its inbox works" in r.content.decode()
    r = client.post(reverse("password_reset"), {"email": "sora@uni.example"}, REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 429  # from another address too: the inbox is what is counted
    assert len(mail.outbox) == 3
    # an address with no account is counted alike, so the 429 says nothing about who has an account
    for _ in range(3):
        client.post(reverse("password_reset"), {"email": "nobody@uni.example"}, REMOTE_ADDR="203.0.113.10")
    assert client.post(reverse("password_reset"), {"email": "nobody@uni.example"},
                       REMOTE_ADDR="203.0.113.10").status_code == 429
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "kube-sora-2031", "new_password2": "kube-sora-2031"})
    assert done.status_code == 302  # not locked out: the owner uses the newest link


@pytest.mark.django_db
def test_one_address_mailing_many_inboxes_is_refused_past_its_rate(client, settings):
    settings.KUBEGRADE_PASSWORD_RESETS_PER_ADDRESS = 4
    codes = [client.post(reverse("password_reset"), {"email": f"user{n}@uni.example"},
                         REMOTE_ADDR="198.51.100.8").status_code for n in range(6)]
    assert codes == [302, 302, 302, 302, 429, 429]
    assert client.post(reverse("password_reset"), {"email": "user9@uni.example"},
                       REMOTE_ADDR="198.51.100.99").status_code == 302
    with translation.override("ko"):
        r = client.post(reverse("password_reset"), {"email": "user10@uni.example"}, REMOTE_ADDR="198.51.100.8",
                        HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 429 and int(r["Retry-After"]) > 3000
    assert "이 네트워크에서 비밀번호 링크 요청이 너무 많습니다." in r.content.decode()


def test_invitations_name_the_people_without_an_email(client, course_world):
    u = f.UserFactory(username="noemail")
    u.set_unusable_password()
    u.save()
    f.EnrollmentFactory(course=course_world.course, user=u)
    client.force_login(course_world.prof)
    r = client.post(reverse("courses:invitations", args=[course_world.course.pk]), follow=True)
    assert "No email, so no invitation: noemail." in r.content.decode() and not mail.outbox


def test_a_ta_cannot_send_invitations(client, course_world):
    client.force_login(course_world.ta)
    assert client.post(reverse("courses:invitations", args=[course_world.course.pk])).status_code == 403


# The per-student timeline.

def test_the_timeline_answers_what_happened_to_a_students_grade(client, course_world):
    from kubegrade.grading.models import RegradeBatch
    from kubegrade.lti.models import LineItem, ScoreSend
    from kubegrade.workspaces.models import Workspace, WorkspaceEvent
    from lti_tool.models import LtiContext, LtiDeployment, LtiRegistration

    w = course_world
    base = timezone.now() - dt.timedelta(hours=5)
    at = [base + dt.timedelta(minutes=10 * i) for i in range(8)]
    ws = Workspace.objects.create(course_assignment=w.lab, owner=w.alice, version=w.lab.assignment.current_version,
                                  seed=1, last_event_at=at[0])
    for seq in (1, 2):
        WorkspaceEvent.objects.create(workspace=ws, run=1, seq=seq, kind="command", line="kubectl get svc",
                                      created_at=at[0])
    sub = graded(w.lab, w.alice, 4.0, submitted_at=at[1], attempt=1)
    Grade.objects.create(submission=sub, version=sub.version, score=4, max_score=10, graded_at=at[2])
    batch = RegradeBatch.objects.create(course_assignment=w.lab, version=sub.version, created_by=w.prof)
    Grade.objects.create(submission=sub, batch=batch, version=sub.version, score=6, max_score=10, graded_at=at[3])
    ext = Extension.objects.create(course_assignment=w.lab, student=w.alice, granted_by=w.ta, reason="ill",
                                   due_at=at[7])
    Extension.objects.filter(pk=ext.pk).update(created_at=at[4])
    override = grade_override_create(course_assignment=w.lab, student=w.alice, score=9, reason="oral exam", by=w.prof)
    GradeOverride.objects.filter(pk=override.pk).update(created_at=at[5], removed_at=at[6], removed_by=w.prof)
    registration = LtiRegistration.objects.create(name="lms", issuer="https://lms.example", client_id="c")
    deployment = LtiDeployment.objects.create(registration=registration, deployment_id="d")
    context = LtiContext.objects.create(deployment=deployment, id_on_platform="ctx")
    item = LineItem.objects.create(context=context, course_assignment=w.lab, url="https://lms.example/li/1")
    ScoreSend.objects.create(line_item=item, student=w.alice, lms_user_id="u1", version=2, sent_version=2,
                             timestamp=at[6], sent_at=at[6] + dt.timedelta(minutes=5), state="sent",
                             body={"scoreGiven": 6.0, "scoreMaximum": 10.0})
    client.force_login(w.ta)
    html = client.get(reverse("courses:timeline", args=[w.course.pk, w.alice.pk])).content.decode()
    kinds = re.findall(r'<tr class="timeline-(\w+)">', html)
    assert kinds == ["passback", "override_removed", "override", "extension", "regraded", "graded", "submitted",
                     "workspace"]
    for text in ("Attempt 1 regraded: 6/10.", "Override to 9/10 by prof: oral exam (reason private to staff).",
                 "Override to 9/10 removed by prof", "by ta. ill", "LMS score 6/10 (version 2): sent",
                 "Workspace run 1: 2 commands"):
        assert text in html, text
    client.force_login(w.alice)
    assert client.get(reverse("courses:timeline", args=[w.course.pk, w.alice.pk])).status_code == 403
    client.force_login(w.otherprof)
    assert client.get(reverse("courses:timeline", args=[w.course.pk, w.alice.pk])).status_code == 404


def test_the_timeline_reads_a_fixed_number_of_queries(client, course_world, django_assert_max_num_queries):
    w = course_world
    for attempt in range(1, 30):
        graded(w.lab, w.alice, 5.0, attempt=attempt)
    client.force_login(w.ta)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("courses:timeline", args=[w.course.pk, w.alice.pk])).status_code == 200


def test_the_korean_policy_messages_exist():
    with translation.override("ko"):
        assert translation.gettext("The late penalty is a percentage per day from 0 to 100.") != \
            "The late penalty is a percentage per day from 0 to 100."


# Issue 18, 8: one meaning of "attempt" (submissions.attempts) for the limit, the gradebook,
# the API and the pages.

def test_the_gradebook_the_limit_the_api_and_the_page_count_the_same_attempts(client, course_world):
    from rest_framework.test import APIClient

    from kubegrade.submissions.feedback_policy import attempts_left

    w = course_world
    w.lab.max_attempts = 3
    w.lab.save()
    graded(w.lab, w.alice, 6.0, attempt=1)
    f.SubmissionFactory(course_assignment=w.lab, student=w.alice, status="graded", gradable=False, score=0,
                        max_score=10.0, attempt=2)  # a format error: costs no attempt
    f.SubmissionFactory(course_assignment=w.lab, student=w.alice, status="failed", attempt=3)  # the grader's fault
    f.SubmissionFactory(course_assignment=w.lab, student=w.alice, status="queued", attempt=4)  # counts until graded
    cell = next(r for r in gradebook_build(course=w.course).rows if r.username == "alice").cells[0]
    assert cell.attempts == 2
    assert attempts_left(course_assignment=w.lab, student_id=w.alice.pk) == 1
    api = APIClient()
    api.force_authenticate(w.alice)
    item = next(i for i in api.get(f"/api/v1/courses/{w.course.pk}/assignments/").json() if i["id"] == w.lab.pk)
    assert item["grade"]["attempts"] == 2
    client.force_login(w.alice)
    assert "1 of 3 attempts left" in client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
