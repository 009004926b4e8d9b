"""Pages in headless Chromium at 390 px and 1280 px, English and Korean: every table's header
cells sit over their columns (the course page, the gradebook, analytics, similarity and the
result page), badges keep their words whole; and the workspace terminal on a phone: the
prompt on one row, Korean in its two cells without gaps, and a key bar for the keys a touch
keyboard lacks. Screenshots go to /tmp/kubegrade-pages-*.png."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from test_browser_teaching import _page, big_course  # noqa: F401  (a fixture)
from test_browser_workspace import workspace_site  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.needs_browser]
SHOT = "/tmp/kubegrade-pages-{}-{}-{}.png"

MISALIGNED_HEADERS = """() => {
  const bad = [];
  let checked = 0;
  for (const table of document.querySelectorAll("main table")) {
    if (!table.getClientRects().length) continue;
    const rows = [...table.rows];
    const head = rows.find((row) => row.cells.length > 1 && [...row.cells].every((c) => c.tagName === "TH"));
    if (!head || [...head.cells].some((c) => c.colSpan > 1)) continue;
    const body = rows.find((row) => row !== head && row.cells.length === head.cells.length
                                    && [...row.cells].every((c) => c.colSpan === 1));
    if (!body) continue;
    checked += 1;
    [...head.cells].forEach((th, i) => {
      const a = th.getBoundingClientRect(), b = body.cells[i].getBoundingClientRect();
      if (Math.abs(a.left - b.left) > 1 || Math.abs(a.right - b.right) > 1) {
        bad.push(`${table.id || table.className || "table"}: "${th.textContent.trim()}" at ${Math.round(a.left)}-`
                 + `${Math.round(a.right)} over a column at ${Math.round(b.left)}-${Math.round(b.right)}`);
      }
    });
  }
  return {checked, bad};
}"""

BROKEN_BADGES = """() => [...document.querySelectorAll("main .badge")]
  .filter((b) => b.getClientRects().length > 1 || b.getBoundingClientRect().height > 30)
  .map((b) => b.textContent.trim())"""


def headers_over_columns(page, name):
    result = page.evaluate(MISALIGNED_HEADERS)
    assert result["bad"] == [], (name, result["bad"])
    assert page.evaluate(BROKEN_BADGES) == [], name
    return result["checked"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [390, 1280])
def test_every_tables_header_cells_sit_over_their_columns(chromium, live_server, big_course, width, lang):  # noqa: F811
    w = big_course
    staff = _page(chromium, live_server, w.prof, width, lang)
    checked = 0
    for name, url in [("gradebook", reverse("gradebook:gradebook", args=[w.course.pk])),
                      ("analytics", reverse("gradebook:analytics", args=[w.course.pk])),
                      ("similarity", reverse("gradebook:similarity", args=[w.lab.pk])),
                      ("staff-course", reverse("courses:detail", args=[w.course.pk]))]:
        staff.goto(live_server.url + url)
        staff.wait_for_load_state()
        checked += headers_over_columns(staff, name)
        staff.screenshot(path=SHOT.format(name, width, lang), full_page=True)
    student = _page(chromium, live_server, w.alice, width, lang)
    student.goto(live_server.url + reverse("courses:detail", args=[w.course.pk]))
    checked += headers_over_columns(student, "course")
    student.screenshot(path=SHOT.format("course", width, lang), full_page=True)
    submission = _graded_with_a_cause(w)
    student.goto(live_server.url + reverse("submissions:detail", args=[submission.pk]))
    expect(student.locator("#cause-1")).to_be_visible()
    checked += headers_over_columns(student, "result")
    student.screenshot(path=SHOT.format("result", width, lang), full_page=True)
    assert checked >= 3  # the gradebook, the course page's list and analytics at least have header rows


CELL_AND_HANGUL = """() => {
  const term = window.kubegradeWorkspace.terminal.term;
  const row = document.querySelector("#terminal .xterm-rows > div");
  const style = getComputedStyle(row);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontSize} ${term.options.fontFamily}`;
  return {cols: term.cols, cell: canvas.measureText("m").width, hangul: canvas.measureText("한").width};
}"""


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                   device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_on_a_phone_the_terminal_fits_keeps_korean_in_two_cells_and_has_a_key_bar(phone_page, workspace_site):
    from test_browser_workspace import PROMPT, sign_in, terminal_text, wait_for_last_line, wait_for_terminal

    page, site = phone_page, workspace_site
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    measured = page.evaluate(CELL_AND_HANGUL)
    assert measured["cols"] >= 50, measured  # 45 before: kubectl's rows wrapped over 2-3 lines
    # 한 fills its two cells (the gap was a quarter of them with DejaVu Sans Mono in front)
    assert abs(measured["hangul"] - 2 * measured["cell"]) <= 0.1 * 2 * measured["cell"], measured
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    keys = page.locator("#terminal-keys")
    expect(keys).to_be_visible()
    page.locator("#terminal").click()
    page.keyboard.type("kub")
    keys.locator("[data-key=tab]").click()
    wait_for_last_line(page, "remote > kubectl")
    page.keyboard.type("get nodes")  # completion left a space after kubectl
    keys.locator("[data-key=ctrl-c]").click()
    wait_for_terminal(page, r"kubectl get nodes\^C\nremote >\s*$")
    page.keyboard.type("echo 안녕하세요 world")
    page.keyboard.press("Enter")
    wait_for_terminal(page, r"^안녕하세요 world$")
    keys.locator("[data-key=up]").click()
    wait_for_last_line(page, "remote > echo 안녕하세요 world")
    keys.locator("[data-key=ctrl]").click()
    expect(keys.locator("[data-key=ctrl]")).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("u")  # Ctrl then u: readline's kill to the start of the line
    wait_for_last_line(page, "remote >")
    expect(keys.locator("[data-key=ctrl]")).to_have_attribute("aria-pressed", "false")
    assert re.search(r"^remote > echo 안녕하세요 world$", terminal_text(page), re.M)
    page.screenshot(path=SHOT.format("workspace", 390, "en"), full_page=False)



def _graded_with_a_cause(w):
    from django.utils import timezone

    from kubegrade.grading.models import Grade
    from kubegrade.submissions.models import Status
    from platform_factories import SubmissionFactory
    from test_result_page_causes import engine_report

    report = engine_report("selector-typo")
    submission = SubmissionFactory(course_assignment=w.lab, student=w.alice, status=Status.GRADED, attempt=9,
                                   score=report["score"], max_score=report["max_score"], gradable=True,
                                   graded_at=timezone.now())
    Grade.objects.create(submission=submission, version=submission.version, score=report["score"],
                         max_score=report["max_score"], checks=report["checks"], message=report["message"],
                         graded_at=submission.graded_at)
    return submission
