"""Times in the viewer's own time zone, labelled: the `tz` cookie the browser's script
sets, the user's saved zone before it, settings.TIME_ZONE (Asia/Seoul) when neither
names a real zone. The lab is due at 2031-01-15 14:30 UTC, which is 09:30 EST in New
York (UTC-5 in January) and 23:30 KST in Seoul (UTC+9): worked by hand."""

import datetime as dt

import pytest
from django.urls import reverse

from test_api_permissions import client_for

DUE_UTC = dt.datetime(2031, 1, 15, 14, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def w(course_world):
    course_world.lab.due_at = DUE_UTC
    course_world.lab.save()
    return course_world


def course_page(client, w, **cookies):
    client.force_login(w.alice)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()


def test_a_viewer_in_new_york_sees_new_york_time_and_its_label(client, w):
    page = course_page(client, w, tz="America/New_York")
    assert "2031-01-15 09:30 EST" in page
    assert "KST" not in page


def test_without_a_cookie_the_page_shows_the_server_zone_labelled(client, w):
    assert "2031-01-15 23:30 KST" in course_page(client, w)


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "../../etc/passwd", "", "x" * 300])
def test_an_invalid_cookie_falls_back_to_the_server_zone(client, w, bad):
    page = course_page(client, w, tz=bad)
    assert "2031-01-15 23:30 KST" in page


def test_the_users_saved_zone_wins_over_the_cookie(client, w):
    w.alice.time_zone = "Europe/London"
    w.alice.save()
    page = course_page(client, w, tz="America/New_York")
    assert "2031-01-15 14:30 GMT" in page


def test_one_viewers_zone_does_not_leak_into_the_next_request(client, w):
    course_page(client, w, tz="America/New_York")
    del client.cookies["tz"]
    assert "2031-01-15 23:30 KST" in client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()


def test_the_api_keeps_iso_8601_with_an_offset(w):
    api = client_for(w.alice)
    api.cookies["tz"] = "America/New_York"
    rows = api.get(f"/api/v1/courses/{w.course.pk}/assignments/").json()
    due = next(r for r in rows if r["id"] == w.lab.pk)["due_at"]
    parsed = dt.datetime.fromisoformat(due.replace("Z", "+00:00"))
    assert parsed.utcoffset() is not None and parsed == DUE_UTC


def test_every_page_loads_the_time_zone_script_from_the_site_itself(client, w):
    page = course_page(client, w)
    assert '<script src="/static/site/time-zone.js" defer></script>' in page
