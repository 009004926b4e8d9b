"""The staff pages of issue 19 in headless Chromium at 390 and 1280 px, English and Korean:
the gradebook's cells keep their words whole and its header cells sit over their columns,
its student and total columns stick while the card scrolls sideways (and it really scrolls:
the card, not the table, is the scroller); the manage page's roster search and paging, the
timeline and the student page with override removal fit the width. Screenshots go to
/tmp/kubegrade-staff-*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from kubegrade.courses.models import Role
from kubegrade.grading.overrides import grade_override_create
from platform_factories import AssignmentFactory, CourseAssignmentFactory, EnrollmentFactory, SubmissionFactory

pytestmark = [pytest.mark.needs_browser]
SHOT = "/tmp/kubegrade-staff-{}-{}-{}.png"


@pytest.fixture
def wide_course(course_world):
    w = course_world
    for n in range(10):
        CourseAssignmentFactory(course=w.course, assignment=AssignmentFactory(slug=f"week4/{n + 10:02d}-extra-lab"))
    for n in range(60):
        EnrollmentFactory(course=w.course, user__username=f"student{n:02d}", user__first_name="Minji Kim",
                          role=Role.STUDENT)
    sub = SubmissionFactory(course_assignment=w.lab, student=w.alice, status="graded", score=8.0, max_score=10.0,
                            gradable=True, attempt=1, submitted_at=timezone.now() - dt.timedelta(hours=1),
                            graded_at=timezone.now())
    assert sub.pk
    grade_override_create(course_assignment=w.quiz, student=w.alice, score=3, reason="oral exam", by=w.prof)
    return w


def _signed_in(chromium, live_server, user, width, lang):
    type(user).objects.filter(pk=user.pk).update(language=lang)
    page = chromium.new_context(viewport={"width": width, "height": 860}).new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _no_sideways_page_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


HEADERS_OVER_COLUMNS = """table => {
  const heads = [...table.tHead.rows[0].cells].map(c => c.getBoundingClientRect());
  const cells = [...table.tBodies[0].rows[0].cells].map(c => c.getBoundingClientRect());
  return heads.map((h, i) => [Math.round(h.left - cells[i].left), Math.round(h.width - cells[i].width)]);
}"""
# A cell wrapping a letter at a time is narrower than its longest word: every word of every
# username link and score fits on one line (its line boxes number one).
ONE_LINE_LINKS = """table => [...table.querySelectorAll('td.sticky-student a, thead a, td.num > a, .badge')]
  .filter(el => el.getClientRects().length > 1 || el.getBoundingClientRect().height > 2 * parseFloat(
      getComputedStyle(el).lineHeight || 20)).map(el => el.textContent)"""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_gradebook_reads_at_phone_and_desk_width_with_columns_that_stick(chromium, live_server, wide_course,
                                                                              width, lang):
    w = wide_course
    page = _signed_in(chromium, live_server, w.prof, width, lang)
    page.goto(f"{live_server.url}/courses/{w.course.pk}/gradebook/")
    table = page.locator("#gradebook")
    offsets = table.evaluate(HEADERS_OVER_COLUMNS)
    assert len(offsets) == 14 and all(abs(dx) <= 1 and abs(dw) <= 1 for dx, dw in offsets), offsets
    assert table.evaluate(ONE_LINE_LINKS) == []
    scroller = page.locator(".gradebook-scroll")
    moved = scroller.evaluate("el => { el.scrollLeft = 240; return el.scrollLeft; }")
    assert moved > 0, "the card does not scroll sideways: the sticky columns could not be tested"
    box = scroller.bounding_box()
    first_row = page.locator("#gradebook tbody tr").first
    student, total = first_row.locator("td").first.bounding_box(), first_row.locator("td").last.bounding_box()
    second = first_row.locator("td").nth(1).bounding_box()
    assert abs(student["x"] - box["x"]) < 2, "the student column scrolled away"
    assert abs(total["x"] + total["width"] - (box["x"] + box["width"])) < 20, "the total left the view"
    assert second["x"] < student["x"] + student["width"], "the next column did not pass under the student column"
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("gradebook", lang, width))
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_manage_page_searches_and_pages_the_roster_and_the_timeline_fits(chromium, live_server, wide_course,
                                                                             width, lang):
    w = wide_course
    page = _signed_in(chromium, live_server, w.prof, width, lang)
    page.goto(f"{live_server.url}/courses/{w.course.pk}/manage/")
    assert page.locator("#roster tbody tr").count() == 50 and page.locator("#roster-pages").is_visible()
    offsets = page.locator("#roster").evaluate(HEADERS_OVER_COLUMNS)
    assert all(abs(dx) <= 1 and abs(dw) <= 1 for dx, dw in offsets), offsets
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("manage", lang, width), full_page=True)
    page.fill("#roster-q", "student07")
    page.click("#roster-search button[type=submit]")
    assert page.locator("#roster tbody tr").all_inner_texts()[0].startswith("student07")
    assert page.locator("#roster tbody tr").count() == 1
    page.goto(f"{live_server.url}/courses/{w.course.pk}/students/{w.alice.pk}/")
    assert page.locator("#overrides form button").count() == 1
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("student", lang, width), full_page=True)
    page.click("#overrides form button")
    assert page.locator("#overrides .removed").count() == 1
    page.click("#timeline-link")
    kinds = page.locator("#timeline tbody tr").evaluate_all("rows => rows.map(r => r.className)")
    assert kinds[:2] == ["timeline-override_removed", "timeline-override"], kinds
    offsets = page.locator("#timeline").evaluate(HEADERS_OVER_COLUMNS)
    assert all(abs(dx) <= 1 and abs(dw) <= 1 for dx, dw in offsets), offsets
    _no_sideways_page_scroll(page)
    page.screenshot(path=SHOT.format("timeline", lang, width), full_page=True)
    page.context.close()
