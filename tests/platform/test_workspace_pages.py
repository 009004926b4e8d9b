"""The workspace pages, server-rendered: who sees which page (the student's own, staff
read-only, others 404), what the page hands its script (one JSON tag, no inline script),
and the front-end libraries served by the app from node_modules, never from a CDN."""

import json
import re

import pytest
from django.test import Client

from kg_workspaces import workspace_world

from kubegrade.workspaces import cache
from kubegrade.workspaces.services import workspace_open


@pytest.fixture
def w(db, requires_scoring):
    cache.clear()
    yield workspace_world()
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_config(response) -> dict:
    found = re.search(r'<script id="workspace-config" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_a_student_opens_their_own_workspace_page_with_its_config_and_no_inline_script(w):
    response = signed_in(w.alice).get(f"/assignments/{w.endpoints.pk}/workspace/")
    assert response.status_code == 200
    html = response.content.decode()
    config = page_config(response)
    assert config["openUrl"] == f"/api/v1/assignments/{w.endpoints.pk}/workspace/"
    assert config["readOnly"] is False and config["takesCommands"] is False and config["maxBytes"] == 20000
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and 'type="application/json"' not in attrs]
    assert inline == []
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, body in scripts if "src=" in attrs]
    assert sources == ["/static/site/forms.js", "/static/site/time-zone.js", "/static/vendor/xterm/xterm.js",
                       "/static/vendor/xterm-addon-fit/addon-fit.js", "/static/vendor/ace/ace.js",
                       "/static/workspace/workspace.js"]
    assert 'id="variant"' in html and "svc-legacy-" in html  # "Your values"
    assert 'id="reset-button"' in html and 'id="submit-open"' in html and "staff-banner" not in html


def test_the_front_end_libraries_are_served_by_the_app_from_node_modules(w):
    client = Client()
    for path in ("/static/vendor/xterm/xterm.js", "/static/vendor/xterm/xterm.css",
                 "/static/vendor/xterm-addon-fit/addon-fit.js", "/static/vendor/ace/ace.js",
                 "/static/vendor/ace/mode-yaml.js", "/static/vendor/ace/theme-tomorrow.js",
                 "/static/workspace/terminal.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content if response.streaming else [response.content])


def test_the_assignment_page_links_students_to_their_workspace(w):
    student_page = signed_in(w.alice).get(f"/assignments/{w.endpoints.pk}/").content.decode()
    assert f'href="/assignments/{w.endpoints.pk}/workspace/"' in student_page
    staff_page = signed_in(w.prof).get(f"/assignments/{w.endpoints.pk}/").content.decode()
    assert 'id="workspace-link"' not in staff_page


def test_staff_have_no_workspace_of_their_own_and_outsiders_get_404(w):
    response = signed_in(w.prof).get(f"/assignments/{w.endpoints.pk}/workspace/")
    assert response.status_code == 302 and response["Location"] == f"/assignments/{w.endpoints.pk}/"
    assert signed_in(w.stranger).get(f"/assignments/{w.endpoints.pk}/workspace/").status_code == 404


def test_instructors_and_tas_read_a_students_workspace_and_others_get_404(w):
    workspace, _ = workspace_open(user=w.alice, course_assignment=w.endpoints)
    for staff in (w.prof, w.ta):
        response = signed_in(staff).get(f"/workspaces/{workspace.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="staff-banner"' in html and w.alice.username in html
        assert 'id="reset-button"' not in html and 'id="file-save"' not in html and "submit-dialog" not in html
        config = page_config(response)
        assert config["readOnly"] is True and config["workspaceUrl"] == f"/api/v1/workspaces/{workspace.pk}/"
    for outsider in (w.bob, w.stranger):
        assert signed_in(outsider).get(f"/workspaces/{workspace.pk}/").status_code == 404
    owner = signed_in(w.alice).get(f"/workspaces/{workspace.pk}/")
    assert owner.status_code == 302 and owner["Location"] == f"/assignments/{w.endpoints.pk}/workspace/"


def test_the_student_detail_page_links_staff_to_the_students_workspaces(w):
    workspace, _ = workspace_open(user=w.alice, course_assignment=w.endpoints)
    html = signed_in(w.prof).get(f"/courses/{w.course.pk}/students/{w.alice.pk}/").content.decode()
    assert f'href="/workspaces/{workspace.pk}/"' in html
    assert "/workspaces/" not in signed_in(w.prof).get(f"/courses/{w.course.pk}/students/{w.bob.pk}/").content.decode()
