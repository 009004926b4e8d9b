"""The teachers' pages in headless Chromium, English and Korean, at 390 px and 1280 px:
the course staff page, a gradebook of 16 assignments whose student and total columns
stay in view while it scrolls sideways, sort and filter, analytics plots, the missing
work list. Screenshots go to /tmp/kubegrade-teach-*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from kubegrade.courses.models import Role
from kubegrade.grading.models import Grade
from platform_factories import AssignmentFactory, CourseAssignmentFactory, EnrollmentFactory, SubmissionFactory

pytestmark = [pytest.mark.needs_browser]
SHOT = "/tmp/kubegrade-teach-{}-{}-{}.png"


@pytest.fixture
def big_course(course_world):
    w = course_world
    for n in range(14):
        CourseAssignmentFactory(course=w.course, assignment=AssignmentFactory(slug=f"week4/{n + 10:02d}-extra-lab"))
    for n in range(6):
        EnrollmentFactory(course=w.course, user__username=f"student{n:02d}", role=Role.STUDENT)
    for attempt, (student, score) in enumerate([(w.alice, 5.0), (w.alice, 10.0), (w.bob, 0.0)], start=1):
        sub = SubmissionFactory(course_assignment=w.lab, student=student, status="graded", score=score,
                                max_score=10.0, gradable=True, attempt=attempt,
                                submitted_at=w.lab.due_at - dt.timedelta(days=1))
        Grade.objects.create(submission=sub, version=sub.version, score=score, max_score=10.0, graded_at=timezone.now(),
                             checks=[{"id": "svc.selector", "title": "Selector", "passed": score == 10.0,
                                      "got": "" if score == 10.0 else "web-5c6f7d8b9a-abcde 10.244.2.9:80"}])
    return w


def _page(chromium, live_server, user, width, lang):
    type(user).objects.filter(pk=user.pk).update(language=lang)
    context = chromium.new_context(viewport={"width": width, "height": 860})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _no_sideways_page_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [390, 1280])
def test_an_instructor_runs_the_course_and_reads_a_wide_gradebook(chromium, live_server, big_course, width, lang):
    w = big_course
    page = _page(chromium, live_server, w.prof, width, lang)
    page.goto(f"{live_server.url}/courses/{w.course.pk}/manage/")
    assert page.locator("#course-assignments tbody tr").count() == 16 and page.locator("#roster tbody tr").count() == 10
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("manage", lang, width), full_page=True)

    page.goto(f"{live_server.url}/courses/{w.course.pk}/gradebook/")
    assert page.locator("#gradebook thead th").count() == 18
    scroller = page.locator(".gradebook-scroll")
    scroller.evaluate("el => el.scrollLeft = el.scrollWidth")
    box = scroller.bounding_box()
    student = page.locator("#gradebook tbody tr").first.locator("td").first.bounding_box()
    total = page.locator("#gradebook tbody tr").first.locator("td").last.bounding_box()
    assert abs(student["x"] - box["x"]) < 2, "the student column scrolled away"
    assert total["x"] + total["width"] <= box["x"] + box["width"] + 2, "the total left the view"
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("gradebook", lang, width), full_page=False)

    page.select_option("select[name=show]", "missing")
    page.select_option("select[name=column]", str(w.lab.pk))
    page.click("#gradebook-filter button[type=submit]")
    usernames = page.locator("#gradebook tbody td.sticky-student a").all_inner_texts()
    assert sorted(usernames) == [f"student{n:02d}" for n in range(6)]

    page.goto(f"{live_server.url}/courses/{w.course.pk}/analytics/")
    card = page.locator(f"#analytics-{w.lab.pk}")
    assert card.locator("svg.bars").count() == 1 and card.locator("svg.attempts").count() == 1
    assert "1" in card.locator(".median").inner_text()  # alice: full marks on her 2nd attempt, median 2
    assert "web-<hash> <ip>" in card.locator(".wrong-outputs").inner_text()
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("analytics", lang, width), full_page=True)

    page.goto(f"{live_server.url}/courses/{w.course.pk}/missing/")
    assert "bob" in page.locator(f"#missing-{w.quiz.pk}").inner_text()
    _no_sideways_page_scroll(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_ta_grants_an_extension_to_two_students_and_an_override_error_keeps_the_form(
        chromium, live_server, course_world, width, lang):
    w = course_world
    page = _page(chromium, live_server, w.ta, width, lang)
    page.goto(f"{live_server.url}/assignments/{w.lab.pk}/extensions/bulk/")
    page.check(f"input[name=students][value='{w.alice.pk}']")
    page.check(f"input[name=students][value='{w.bob.pk}']")
    page.fill("#id_due_at", "2031-01-02T10:00")
    page.fill("#id_reason", "storm")
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("bulk-extension", lang, width), full_page=True)
    page.click("#bulk-extension-form button[type=submit]")
    assert w.lab.extensions.count() == 2
    w.course.tas_may_override_grades = True  # overrides are the instructor's unless the course lets TAs
    w.course.save()
    page.goto(f"{live_server.url}/courses/{w.course.pk}/students/{w.alice.pk}/")
    page.fill("#id_score", "12")
    page.fill("#id_reason", "appeal after the exam")
    page.click("#override-form button[type=submit]")
    assert page.locator("#override-errors").is_visible()
    assert page.input_value("#id_reason") == "appeal after the exam" and page.input_value("#id_score") == "12"
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("override-error", lang, width), full_page=True)
    page.context.close()
