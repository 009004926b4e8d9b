"""A due date or late policy changed on the staff pages, and extensions granted to several
students or from a CSV, reach the LMS as new score versions (the beat sweep is scheduled
for what is left pending)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from test_lti import _graded, launch, linked, lms  # noqa: F401  (fixtures and the launch helper)


def test_the_passback_sweep_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "kubegrade.lti.scores_sweep" in tasks and "kubegrade.lti.rosters_sync" in tasks


def test_moving_the_due_date_on_the_policy_page_resends_without_the_penalty(lms, linked):
    from kubegrade.courses.staff_services import course_assignment_configure

    ca, alice, engine = linked
    ca.due_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1)  # 47 h late: two days
    ca.save()
    _graded(ca, alice, 10)
    assert [b["scoreGiven"] for _, b in lms.scores] == [8.0]
    course_assignment_configure(course_assignment=ca, due_at=timezone.now() + dt.timedelta(days=3))
    assert [b["scoreGiven"] for _, b in lms.scores] == [8.0, 10.0]
    course_assignment_configure(course_assignment=ca, published=True)  # not a score policy: nothing sent
    assert len(lms.scores) == 2


def test_a_harsher_late_policy_is_resent(lms, linked):
    from kubegrade.courses.staff_services import course_assignment_configure

    ca, alice, engine = linked
    ca.due_at = timezone.now() - dt.timedelta(hours=23)  # one day late
    ca.save()
    _graded(ca, alice, 10)
    course_assignment_configure(course_assignment=ca, late_penalty_percent_per_day=25)
    assert [b["scoreGiven"] for _, b in lms.scores] == [9.0, 7.5]


def test_extensions_granted_in_bulk_and_from_csv_are_resent(lms, linked):
    from kubegrade.accounts.models import User
    from kubegrade.courses.staff_services import extensions_grant_many, extensions_import_csv

    ca, alice, engine = linked
    ca.due_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1)
    ca.save()
    _graded(ca, alice, 10)
    prof = User.objects.get(username__endswith="prof")
    extensions_grant_many(course_assignment=ca, student_ids=[alice.pk], due_at=timezone.now() - dt.timedelta(hours=20),
                          reason="ill", by=prof)
    assert [b["scoreGiven"] for _, b in lms.scores] == [8.0, 9.0]
    due = (timezone.now() + dt.timedelta(days=1)).isoformat()
    report = extensions_import_csv(course=ca.course, by=prof,
                                   text=f"username,assignment,due_at,reason\n{alice.username},week4/90-lab,{due},ill\n")
    assert report.ok, report.errors
    assert [b["scoreGiven"] for _, b in lms.scores] == [8.0, 9.0, 10.0]


def test_a_due_date_moved_in_the_django_admin_is_resent(lms, linked):
    import re

    from django.test import Client

    from kubegrade.accounts.models import User

    ca, alice, engine = linked
    ca.due_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1)
    ca.save()
    _graded(ca, alice, 10)
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.test", "x"))
    url = f"/admin/courses/courseassignment/{ca.pk}/change/"
    page = admin.get(url).content.decode()
    form = {name: value for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)}
    form.update({name: value for name, value in re.findall(
        r'<select name="([^"]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected', page, re.S)})
    later = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    form.update({"due_at_0": later.strftime("%Y-%m-%d"), "due_at_1": later.strftime("%H:%M:%S"), "_save": "Save"})
    if 'name="published"' in page and "checked" not in re.search(r'<input[^>]*name="published"[^>]*>', page).group(0):
        form.pop("published", None)
    answer = admin.post(url, form)
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert [b["scoreGiven"] for _, b in lms.scores] == [8.0, 10.0]
