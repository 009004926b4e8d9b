"""The staff services' refusals read in the viewer's language: a Korean instructor who
types an impossible score sees the Korean sentence on the Korean page, and a CSV's wrong
rows are listed in Korean with their line numbers. (Expected text: the Korean table in
kubegrade/locale/translate_ko.py, as a reader of the page would see it.)"""

import pytest
from django.urls import reverse
from django.utils import translation


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A Korean request leaves Korean active in this thread (Django's LocaleMiddleware does
    not reset it); the services called directly by later tests expect the default language."""
    yield
    translation.deactivate()


def korean(client, user):
    user.language = "ko"
    user.save()
    client.force_login(user)
    return client


def test_an_invalid_override_on_the_korean_page_is_refused_in_korean(client, course_world):
    r = korean(client, course_world.prof).post(
        reverse("gradebook:override", args=[course_world.course.pk, course_world.alice.pk]),
        {"course_assignment": course_world.lab.pk, "score": "12", "reason": "재시험"})
    page = r.content.decode()
    assert r.status_code == 400
    assert "점수는 0에서 10 사이여야 합니다." in page
    assert "must be between" not in page


def test_the_same_refusal_stays_english_for_an_english_viewer(client, course_world):
    client.force_login(course_world.prof)
    r = client.post(reverse("gradebook:override", args=[course_world.course.pk, course_world.alice.pk]),
                    {"course_assignment": course_world.lab.pk, "score": "12", "reason": "appeal"})
    assert "The score must be between 0 and 10." in r.content.decode()


def test_an_unknown_user_to_enrol_is_named_in_korean(client, course_world):
    r = korean(client, course_world.prof).post(reverse("courses:enrol", args=[course_world.course.pk]),
                                                {"username": "zed", "role": "ta"})
    assert r.status_code == 400
    assert "사용자 &quot;zed&quot;이(가) 없습니다." in r.content.decode()
