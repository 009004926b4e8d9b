"""The student's pages in headless Chromium (English and Korean, 360/390/1280 px): no
horizontal overflow on the course, assignment, quiz and result pages, the late warning
and the effective score, the first cause of a broken manifest at the top of the result,
and the result arriving by long polling. Screenshots go to /tmp/kubegrade-student-*.png."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import CLUSTERIP
from kg_worker_process import wait_for
from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.models import CourseAssignment
from kubegrade.submissions.models import Status, Submission
from kubegrade.submissions.services import submission_create
from kubegrade.submissions.variants import variant_seed
from test_browser_flows import sign_in, site  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.needs_browser, pytest.mark.needs_worker]
SHOT = "/tmp/kubegrade-student-{}.png"
WIDTHS = (360, 390, 1280)


def overflow(page) -> int:
    """How many px the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def broken_yaml_submission(site, username):
    student = site["users"][username]
    files, commands, _ = bank_assignment(CLUSTERIP).wrong_submission(
        "broken-yaml", variant_seed(user_id=student.pk, assignment_slug=CLUSTERIP))
    return submission_create(student=student, course_assignment=site["ca"], files=files, commands=commands)


@pytest.mark.parametrize("username,lang", [("student1", "en"), ("student2", "ko")])
def test_student_pages_fit_every_width_and_show_the_grade_that_counts(page, site, username, lang):
    ca = site["ca"]
    ca.due_at = timezone.now() - dt.timedelta(days=2, hours=1)
    ca.save()
    sub = broken_yaml_submission(site, username)
    wait_for(lambda: Submission.objects.get(pk=sub.pk).status == Status.GRADED, timeout=120, what="the grade")
    quiz = CourseAssignment.objects.get(course=site["course"], assignment__slug="week4/quiz-01-clusterip")
    pages = {"course": f"/courses/{site['course'].pk}/", "assignment": f"/assignments/{ca.pk}/",
             "quiz": f"/assignments/{quiz.pk}/", "result": f"/submissions/{sub.pk}/"}
    sign_in(page, site, username)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 860})
        for name, path in pages.items():
            page.goto(site["url"] + path)
            assert overflow(page) <= 0, f"{name} at {width} px ({lang}) is {overflow(page)} px too wide"
            if width != 1280 or name in ("result", "assignment"):
                page.screenshot(path=SHOT.format(f"{name}-{lang}-{width}"), full_page=True)
    page.goto(site["url"] + pages["assignment"])
    expect(page.locator("#late-warning")).to_contain_text("30%")
    page.goto(site["url"] + pages["result"])
    expect(page.locator("#first-error")).to_contain_text("did not find expected key")
    first_error_top = page.locator("#first-error").bounding_box()["y"]
    assert first_error_top < page.locator("details.check").first.bounding_box()["y"]
    expect(page.locator("#effective-score")).to_have_text("0")
    expect(page.locator("details.check").first).not_to_have_attribute("open", "")


def test_the_result_arrives_by_long_polling_and_a_misnamed_file_costs_nothing(page, site):
    student = site["users"]["student1"]
    files, _ = bank_assignment(CLUSTERIP).solution(variant_seed(user_id=student.pk, assignment_slug=CLUSTERIP))
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/")
    page.set_input_files("#files", files=[{"name": "svc_web.yaml", "mimeType": "text/yaml",
                                           "buffer": files["svc-web.yaml"]}])
    page.click("#submit-button")
    expect(page.locator("[role=alert]").first).to_contain_text("svc-web.yaml")
    assert not Submission.objects.filter(student=student).exists()
    page.fill("textarea[name='file__svc-web.yaml']", files["svc-web.yaml"].decode())
    statuses = []
    page.on("request", lambda r: statuses.append(r.url) if "status.json" in r.url else None)
    page.click("#submit-button")
    expect(page.locator("#score")).to_contain_text("10", timeout=90_000)
    assert all("wait=25" in url for url in statuses) and len(statuses) <= 2, statuses
    page.screenshot(path=SHOT.format("result-full-marks"), full_page=True)
