"""Running a course without the Django admin: services (course creation, policies,
CSV enrolment all or nothing with per-row errors, extensions in bulk and from CSV, who
has not submitted), analytics numbers on hand-made grades, the gradebook's sort and
filter, and who may open which staff page (students 403, outsiders 404)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kubegrade.accounts.models import User
from kubegrade.courses.models import Enrollment, Extension, Role
from kubegrade.courses.staff_selectors import missing_submissions
from kubegrade.courses.staff_services import (
    course_assignment_configure,
    course_create,
    enrollments_import_csv,
    extensions_grant_many,
    extensions_import_csv,
)
from kubegrade.errors import InvalidSubmission
from kubegrade.gradebook.analytics import AttemptChecks, analytics_from_attempts, normalise_output
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.gradebook.table import TableQuery, table_rows
from kubegrade.grading.overrides import grade_override_create
from platform_factories import SubmissionFactory, UserFactory


def test_creating_a_course_makes_its_creator_the_instructor(course_world):
    course = course_create(code="k8s-2031", title="Kubernetes 2031", by=course_world.prof)
    assert Enrollment.objects.get(course=course).role == Role.INSTRUCTOR
    with pytest.raises(InvalidSubmission, match='"k8s-2031" already exists'):
        course_create(code="k8s-2031", title="again", by=course_world.prof)


def test_policies_are_set_and_checked(course_world):
    course_assignment_configure(course_assignment=course_world.lab, max_attempts=2, answers_shown="never",
                                score_policy="latest", late_penalty_percent_per_day=25.0)
    course_world.lab.refresh_from_db()
    assert (course_world.lab.max_attempts, course_world.lab.answers_shown, course_world.lab.score_policy) == (
        2, "never", "latest")
    with pytest.raises(ValueError, match="not a course assignment policy: course"):
        course_assignment_configure(course_assignment=course_world.lab, course=course_world.other)


def test_a_csv_enrolment_with_a_bad_row_enrols_nobody_and_names_each_bad_line(course_world):
    text = ("username,email,first_name,last_name,role\n"
            "carol,carol@example.org,Carol,Kim,\n"
            "alice,,,,professor\n"
            "nobody,,,,\n"
            "carol,carol@example.org,,,ta\n")
    report = enrollments_import_csv(course=course_world.course, text=text)
    assert report.errors == [
        'Line 3: unknown role "professor" (use student, ta, instructor).',
        'Line 4: no user "nobody": give an email to create it.',
        'Line 5: "carol" is listed twice.',
    ]
    assert not User.objects.filter(username="carol").exists()
    assert Enrollment.objects.get(course=course_world.course, user=course_world.alice).role == Role.STUDENT


def test_a_good_csv_creates_users_enrols_them_and_updates_roles(course_world):
    text = "\ufeffUsername,Email,First_name,Last_name,Role\ncarol,carol@example.org,Carol,Kim,\nbob,,,,ta\n"
    report = enrollments_import_csv(course=course_world.course, text=text)
    assert (report.ok, report.created, report.updated) == (True, 1, 1)
    carol = User.objects.get(username="carol")
    assert not carol.has_usable_password() and carol.first_name == "Carol"
    assert Enrollment.objects.get(course=course_world.course, user=course_world.bob).role == Role.TA


def test_a_csv_without_the_username_column_says_what_the_header_lacks(course_world):
    report = enrollments_import_csv(course=course_world.course, text="user,mail\nx,y\n")
    assert report.errors == ["Line 1: the header lacks username (expected: username)."]


def test_extensions_are_granted_to_several_students_at_once(course_world):
    due = timezone.now() + dt.timedelta(days=9)
    granted = extensions_grant_many(course_assignment=course_world.lab, student_ids=[course_world.alice.pk,
                                    course_world.bob.pk], due_at=due, reason="flood", by=course_world.ta)
    assert len(granted) == 2 and set(Extension.objects.values_list("reason", flat=True)) == {"flood"}
    with pytest.raises(InvalidSubmission, match=f"Not students of this course: {course_world.ta.pk}"):
        extensions_grant_many(course_assignment=course_world.lab, student_ids=[course_world.ta.pk], due_at=due,
                              reason="", by=course_world.prof)


def test_extensions_from_csv_are_all_or_nothing(course_world):
    bad = ("username,assignment,due_at,reason\n"
           "alice,week4/90-lab,2031-01-02 23:59,flu\n"
           "bob,week4/99-none,2031-01-02 23:59,\n"
           "ta,week4/90-lab,next friday,\n")
    report = extensions_import_csv(course=course_world.course, text=bad, by=course_world.prof)
    assert report.errors == [
        'Line 3: no assignment "week4/99-none" in this course.',
        'Line 4: "ta" is not a student of this course.',
        'Line 4: due_at "next friday" is not a date and time like 2031-01-02 23:59.',
    ]
    assert not Extension.objects.exists()
    good = "username,assignment,due_at,reason\nalice,week4/90-lab,2031-01-02T23:59+09:00,flu\n"
    assert extensions_import_csv(course=course_world.course, text=good, by=course_world.prof).created == 1
    ext = Extension.objects.get()
    assert ext.due_at == dt.datetime(2031, 1, 2, 14, 59, tzinfo=dt.timezone.utc) and ext.granted_by == course_world.prof


def test_who_has_not_submitted(course_world):
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice)
    missing = {m.course_assignment.assignment.slug: [u.username for u in m.students]
               for m in missing_submissions(course=course_world.course)}
    assert missing == {"week4/90-lab": ["bob"], "week4/91-quiz": ["alice", "bob"]}


def _check(cid, passed, got=""):
    return {"id": cid, "title": cid, "passed": passed, "got": got}


def test_analytics_numbers_on_hand_made_grades():
    attempts = [
        # student 1: fails ep then gets full marks on the 2nd attempt
        AttemptChecks(1, 1, 5, 10, [_check("svc", True), _check("ep", False, "web-7d9f8b6c4d-x2x9z  10.244.1.5:80")]),
        AttemptChecks(1, 2, 10, 10, [_check("svc", True), _check("ep", True)]),
        # student 2: full marks at once
        AttemptChecks(2, 1, 10, 10, [_check("svc", True), _check("ep", True)]),
        # student 3: same wrong output as student 1 with other names and addresses; never full marks
        AttemptChecks(3, 1, 0, 10, [_check("svc", False, "<none>"), _check("ep", False, "web-5c6f7d8b9a-abcde 10.244.2.9:80")]),
        # student 4: full marks on the 4th attempt
        *[AttemptChecks(4, n, 0, 10, [_check("svc", False, "<none>"), _check("ep", False, "")]) for n in (1, 2, 3)],
        AttemptChecks(4, 4, 10, 10, [_check("svc", True), _check("ep", True)]),
    ]
    a = analytics_from_attempts(attempts)
    assert a.students == 4
    shares = {c.check_id: (c.failing, c.students) for c in a.checks}
    assert shares == {"svc": (1, 4), "ep": (1, 4)}  # only student 3's latest attempt still fails
    ep = next(c for c in a.checks if c.check_id == "ep")
    assert ep.wrong_outputs == [("", 3), ("web-<hash> <ip>", 2)]
    assert a.attempts_to_full_marks == [1, 2, 4] and a.median_attempts_to_full_marks == 2


def test_normalising_a_wrong_output_keeps_the_mistake():
    assert normalise_output("curl: (7) Failed to connect to 10.96.0.12 port 80 after 3s") == \
        "curl: (7) Failed to connect to <ip> port 80 after <age>"


def test_the_gradebook_sorts_and_filters(course_world):
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.alice, status="graded", score=4.0,
                      max_score=10.0, gradable=True)
    SubmissionFactory(course_assignment=course_world.lab, student=course_world.bob, status="graded", score=9.0,
                      max_score=10.0, gradable=True, submitted_at=course_world.lab.due_at + dt.timedelta(hours=5))
    grade_override_create(course_assignment=course_world.quiz, student=course_world.alice, score=3, reason="x",
                          by=course_world.prof)
    book = gradebook_build(course=course_world.course)
    lab = course_world.lab.pk

    def names(**params):
        return [r.username for r in table_rows(book, TableQuery.from_params(params, [lab, course_world.quiz.pk]))]

    assert names(sort="score", column=str(lab), order="desc") == ["bob", "alice"]  # 8.10 (one day late) > 4
    assert names(sort="total") == ["alice", "bob"]  # 7 < 8.1
    assert names(show="late") == ["bob"] and names(show="overridden") == ["alice"]
    assert names(show="missing", column=str(course_world.quiz.pk)) == ["bob"]  # alice's override is a score
    assert names(q="ALI") == ["alice"]


@pytest.fixture
def staff_urls(course_world):
    w = course_world
    return [reverse("courses:manage", args=[w.course.pk]), reverse("courses:missing", args=[w.course.pk]),
            reverse("gradebook:analytics", args=[w.course.pk]), reverse("gradebook:detail-csv", args=[w.course.pk]),
            reverse("courses:extensions-bulk", args=[w.lab.pk])]


@pytest.mark.parametrize(("who", "status"), [("prof", 200), ("ta", 200), ("alice", 403), ("outsider", 404)])
def test_staff_pages_are_for_the_courses_staff(client, course_world, staff_urls, who, status):
    client.force_login(getattr(course_world, who))
    assert [client.get(url).status_code for url in staff_urls] == [status] * len(staff_urls)


@pytest.mark.parametrize(("who", "status"), [("prof", 200), ("ta", 403), ("alice", 403), ("outsider", 404)])
def test_only_instructors_change_policies(client, course_world, who, status):
    client.force_login(getattr(course_world, who))
    assert client.get(reverse("courses:policy", args=[course_world.lab.pk])).status_code == status
    r = client.post(reverse("courses:enrol", args=[course_world.course.pk]), {"username": "outsider", "role": "student"})
    assert r.status_code == (302 if status == 200 else status)


def test_creating_a_course_needs_the_operator_flag(client, course_world):
    client.force_login(course_world.prof)
    assert client.get(reverse("courses:new")).status_code == 403
    User.objects.filter(pk=course_world.prof.pk).update(can_create_courses=True)
    r = client.post(reverse("courses:new"), {"code": "k8s-new", "title": "New"})
    assert r.status_code == 302 and r["Location"].endswith("/manage/")


def test_forms_keep_what_was_typed_after_an_error(client, course_world):
    client.force_login(course_world.prof)
    r = client.post(reverse("gradebook:override", args=[course_world.course.pk, course_world.alice.pk]),
                    {"course_assignment": course_world.lab.pk, "score": "12", "reason": "appeal after the exam"})
    page = r.content.decode()
    assert r.status_code == 400 and "between 0 and 10" in page
    assert 'value="appeal after the exam"' in page and 'value="12"' in page
    r = client.post(reverse("courses:enrol", args=[course_world.course.pk]), {"username": "zed", "role": "ta"})
    assert r.status_code == 400 and 'No user &quot;zed&quot;' in r.content.decode() and 'value="zed"' in r.content.decode()


def test_a_bad_csv_upload_shows_every_wrong_row(client, course_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(course_world.prof)
    upload = SimpleUploadedFile("roster.csv", b"username,email\nnobody,\n", content_type="text/csv")
    r = client.post(reverse("courses:enrol-csv", args=[course_world.course.pk]), {"enrol-file": upload})
    assert r.status_code == 400 and "Line 2: no user &quot;nobody&quot;: give an email to create it." in r.content.decode()


# --- issue 16: the permission table ------------------------------------------------------

def _set(course_world, who: str, **fields):
    Enrollment.objects.filter(course=course_world.course, user=getattr(course_world, who)).update(**fields)


def test_tas_change_no_grade_the_instructor_owns(client, course_world, django_capture_on_commit_callbacks):
    """Finding 5: README says TAs grant extensions and change nothing else. Overrides,
    regrade-all, roster sync and passback resends are the instructor's."""
    w = course_world
    client.force_login(w.ta)
    override = reverse("gradebook:override", args=[w.course.pk, w.alice.pk])
    assert client.post(override, {"course_assignment": w.lab.pk, "score": "7", "reason": "x"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("gradebook:regrade", args=[w.lab.pk])).status_code == 403
    assert client.post(reverse("lti:roster-sync", args=[w.course.pk])).status_code == 403
    assert client.post(reverse("lti:passback-resend", args=[w.lab.pk])).status_code == 403
    assert client.post(reverse("courses:settings", args=[w.course.pk]),
                       {"tas_may_override_grades": "on"}).status_code == 403
    assert not w.lab.overrides.exists() and not w.lab.regrade_batches.exists()
    assert client.get(reverse("gradebook:regrade", args=[w.lab.pk])).status_code == 200  # they still see it
    r = client.post(reverse("gradebook:extensions", args=[w.lab.pk]),
                    {"student": w.bob.pk, "due_at": "2031-01-02T10:00", "reason": "ill"})
    assert r.status_code == 302


def test_the_course_setting_lets_tas_override_and_nothing_more(client, course_world):
    w = course_world
    client.force_login(w.prof)
    assert client.post(reverse("courses:settings", args=[w.course.pk]),
                       {"tas_may_override_grades": "on"}).status_code == 302
    client.force_login(w.ta)
    r = client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                    {"course_assignment": w.lab.pk, "score": "7", "reason": "appeal"})
    assert r.status_code == 302 and w.lab.overrides.get().created_by == w.ta
    assert client.post(reverse("gradebook:regrade", args=[w.lab.pk])).status_code == 403
    assert client.post(reverse("lti:passback-resend", args=[w.lab.pk])).status_code == 403


@pytest.mark.parametrize("who", ["ta", "prof"])
def test_staff_who_left_the_lms_course_lose_all_access(client, course_world, staff_urls, who):
    """Finding 3: roster sync marks them as left; no page, export or API is theirs now."""
    w = course_world
    sub = SubmissionFactory(course_assignment=w.lab, student=w.alice)
    _set(w, who, state="left")
    client.force_login(getattr(w, who))
    urls = staff_urls + [reverse("gradebook:gradebook", args=[w.course.pk]),
                         reverse("gradebook:similarity", args=[w.lab.pk]),
                         reverse("submissions:detail", args=[sub.pk]),
                         f"/api/v1/courses/{w.course.pk}/gradebook/"]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.post(reverse("gradebook:extensions", args=[w.lab.pk]),
                       {"student": w.bob.pk, "due_at": "2031-01-02T10:00", "reason": "x"}).status_code == 404
    assert w.course.code not in client.get(reverse("courses:list")).content.decode()


def test_students_who_left_read_their_own_past_work_and_add_none(client, course_world):
    w = course_world
    mine = SubmissionFactory(course_assignment=w.lab, student=w.alice, status="graded", score=7.0, max_score=10.0)
    bobs = SubmissionFactory(course_assignment=w.lab, student=w.bob)
    _set(w, "alice", state="left")
    client.force_login(w.alice)
    assert client.get(reverse("submissions:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("submissions:detail", args=[bobs.pk])).status_code == 404
    assert client.get(reverse("courses:detail", args=[w.course.pk])).status_code == 200
    r = client.post(reverse("submissions:submit", args=[w.lab.pk]), {"commands": "kubectl get pods"})
    assert r.status_code == 403 and w.lab.submissions.filter(student=w.alice).count() == 1
    assert client.get(reverse("gradebook:gradebook", args=[w.course.pk])).status_code == 403


def test_an_lms_course_code_cannot_be_taken_by_hand(client, course_world):
    """Finding 2: `lms-` codes are the LMS's; the form, the service and the admin refuse them."""
    from django.core.exceptions import ValidationError

    from kubegrade.courses.models import Course

    User.objects.filter(pk=course_world.prof.pk).update(can_create_courses=True)
    client.force_login(course_world.prof)
    r = client.post(reverse("courses:new"), {"code": "lms-1-k8s", "title": "Mine now"})
    assert r.status_code == 400 and "kept for courses made from an LMS" in r.content.decode()
    with pytest.raises(InvalidSubmission, match="kept for courses made from an LMS"):
        course_create(code="LMS-1-k8s", title="Mine now", by=course_world.prof)
    with pytest.raises(ValidationError):
        Course(code="lms-2-k8s", title="x").full_clean()
    assert not Course.objects.filter(code__istartswith="lms-").exists()


def test_the_readme_prints_the_permission_table():
    from pathlib import Path

    from kubegrade.courses.access import permission_table_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert permission_table_markdown() in readme


def test_the_admin_is_the_operators_only(client, course_world):
    """Django's is_staff flag on an instructor does not open every course through the admin."""
    User.objects.filter(pk=course_world.prof.pk).update(is_staff=True)
    client.force_login(course_world.prof)
    assert client.get("/admin/courses/enrollment/").status_code == 302  # to the admin's sign-in
    User.objects.filter(pk=course_world.prof.pk).update(is_superuser=True)
    assert client.get("/admin/courses/enrollment/").status_code == 200


def test_the_instructor_sets_the_course_time_zone_from_the_zone_database_on_the_settings_form(client, course_world):
    w = course_world
    client.force_login(w.prof)
    page = client.get(reverse("courses:manage", args=[w.course.pk])).content.decode()
    assert 'name="time_zone"' in page and '<option value="Asia/Seoul">' in page
    url = reverse("courses:settings", args=[w.course.pk])
    assert client.post(url, {"time_zone": "Asia/Seoul"}).status_code == 302
    w.course.refresh_from_db()
    assert w.course.time_zone == "Asia/Seoul"
    for bad in ("Mars/Olympus", "../etc/passwd", "Asia/Seoul " * 8):
        r = client.post(url, {"time_zone": bad})
        assert r.status_code == 400, bad
        assert "is not a time zone of the zone database" in r.content.decode() or "at most 64" in r.content.decode()
        w.course.refresh_from_db()
        assert w.course.time_zone == "Asia/Seoul"
    client.force_login(w.ta)
    assert client.post(url, {"time_zone": "UTC"}).status_code == 403
    w.course.refresh_from_db()
    assert w.course.time_zone == "Asia/Seoul"
