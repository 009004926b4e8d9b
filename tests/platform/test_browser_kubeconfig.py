"""The workspace page's "Your own kubectl" box in headless Chromium: the student downloads a
kubeconfig for their workspace and revokes it, at 390 px and 1280 px (screenshots to
/tmp/kubegrade-kubeconfig-*.png), in Korean and English."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from kubegrade.accounts.services import user_set_language

from test_browser_workspace import ENDPOINTS, sign_in, workspace_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.needs_browser]
SHOTS = "/tmp/kubegrade-kubeconfig-{}.png"


@pytest.mark.parametrize("width, lang", [(390, "ko"), (1280, "en")])
def test_the_student_downloads_and_revokes_a_kubeconfig(page, workspace_site, width, lang, settings):
    settings.KUBEGRADE_WORKSPACE_SANDBOXES = 0
    page.set_viewport_size({"width": width, "height": 900})
    student = next(name for name, user in workspace_site["users"].items()
                   if user.enrollments.filter(role="student").exists())
    user_set_language(user=workspace_site["users"][student], language=lang)
    sign_in(page, workspace_site, student)
    page.goto(f"{workspace_site['url']}/assignments/{workspace_site['ca'].pk}/workspace/")
    box = page.locator("#kubeconfig")
    box.locator("summary").click()
    expect(page.locator("#kubeconfig-download")).to_be_visible()
    page.screenshot(path=SHOTS.format(width), full_page=True)
    assert box.bounding_box()["width"] <= width
    with page.expect_download() as download:
        page.click("#kubeconfig-download")
    config = yaml.safe_load(open(download.value.path()).read())
    assert re.fullmatch(r"https://[^/]+/k8s/\d+", config["clusters"][0]["cluster"]["server"])
    assert config["users"][0]["user"]["token"].startswith("kgw_")
    page.click("#kubeconfig-revoke")
    expect(page.locator(".messages, [role=status]").first).to_contain_text(re.compile("401"))
