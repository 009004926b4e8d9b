"""Production settings (issue 12): the site refuses to start on a missing, public or shared
secret with DEBUG off, docker-compose carries no default secret, `check --deploy` passes
behind a TLS-terminating proxy, and every page is served under a Content Security Policy
that the pages, the workspace terminal and editor, and the API docs work under."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "platform" / "kubegrade" / "templates"


def manage(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KUBEGRADE_HTTPS"))}
    env.update(PYTHONPATH=str(ROOT / "platform"), DJANGO_SETTINGS_MODULE="kubegrade.settings")
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


KEY, OTHER_KEY = secrets.token_urlsafe(50), secrets.token_urlsafe(50)


def test_debug_off_without_a_secret_key_refuses_to_start_naming_the_variable():
    r = manage("check", DJANGO_SECRET_KEY=None, KUBEGRADE_VARIANT_SECRET=OTHER_KEY)
    assert r.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in r.stderr.splitlines()[-1]


@pytest.mark.parametrize("public", ["dev-only-insecure-key-change-me-in-production", "change-me-in-production"])
def test_debug_off_on_a_public_default_key_refuses_to_start(public):
    r = manage("check", DJANGO_SECRET_KEY=public, KUBEGRADE_VARIANT_SECRET=OTHER_KEY)
    assert r.returncode != 0 and "DJANGO_SECRET_KEY is a public default value" in r.stderr


@pytest.mark.parametrize("variable, weak", [
    ("DJANGO_SECRET_KEY", "x"), ("DJANGO_SECRET_KEY", "a1b2c3d4e5" * 4), ("DJANGO_SECRET_KEY", "abab" * 20),
    ("KUBEGRADE_VARIANT_SECRET", "short-but-not-public")])
def test_debug_off_on_a_secret_djangos_rule_calls_weak_refuses_to_start_in_one_line(variable, weak):
    """Issue 16, finding 11: one-character secrets started production; only check --deploy warned."""
    keys = {"DJANGO_SECRET_KEY": KEY, "KUBEGRADE_VARIANT_SECRET": OTHER_KEY, variable: weak}
    r = manage("check", **keys)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"manage.py: {variable} is weak (")
    assert "Django's rule wants at least 50 and 5" in lines[0] and "token_urlsafe" in lines[0]


def test_the_variant_secret_no_longer_defaults_to_the_secret_key_in_production():
    r = manage("check", DJANGO_SECRET_KEY=KEY, KUBEGRADE_VARIANT_SECRET=None)
    assert r.returncode != 0 and "KUBEGRADE_VARIANT_SECRET is not set" in r.stderr
    r = manage("check", DJANGO_SECRET_KEY=KEY, KUBEGRADE_VARIANT_SECRET=KEY)
    assert r.returncode != 0 and "KUBEGRADE_VARIANT_SECRET equals DJANGO_SECRET_KEY" in r.stderr


def test_debug_on_still_starts_on_the_development_key_for_make_run():
    r = manage("check", DJANGO_DEBUG="1", DJANGO_SECRET_KEY=None, KUBEGRADE_VARIANT_SECRET=None)
    assert r.returncode == 0, r.stderr


def test_check_deploy_passes_with_debug_off_behind_a_tls_proxy(tmp_path):
    r = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=KEY,
               KUBEGRADE_VARIANT_SECRET=OTHER_KEY, KUBEGRADE_VAR_DIR=str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_docker_compose_refuses_to_render_without_the_secrets():
    if not shutil.which("docker-compose"):
        pytest.skip("needs docker-compose (apt-get install docker-compose)")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "KUBEGRADE_VARIANT_SECRET"}}
    r = subprocess.run(["docker-compose", "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode != 0 and "set DJANGO_SECRET_KEY" in r.stderr
    env.update(DJANGO_SECRET_KEY=KEY, KUBEGRADE_VARIANT_SECRET=OTHER_KEY)
    r = subprocess.run(["docker-compose", "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "change-me" not in r.stdout and KEY in r.stdout


def test_pages_carry_a_csp_and_run_only_the_sites_own_script_files(client, course_world):
    client.force_login(course_world.alice)
    r = client.get("/courses/")
    policy = r["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    html = r.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts), scripts
    assert client.get("/courses/")["Content-Security-Policy"] != policy  # a fresh nonce per request


def test_no_template_relies_on_inline_handlers_or_javascript_urls():
    offenders = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")
                 if re.search(r"\son[a-z]+=|javascript:|<script>", p.read_text())]
    assert offenders == []


def test_the_api_docs_page_loads_swagger_ui_from_files_not_an_inline_script(client, course_world):
    client.force_login(course_world.alice)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in html and "<script>" not in html


@pytest.mark.needs_browser
def test_pages_terminal_editor_and_api_docs_run_in_chromium_without_csp_violations(live_server, page):
    from kubegrade.courses.demo import demo_course_seed
    from kubegrade.courses.models import CourseAssignment
    from kubegrade.courses.services import assignments_sync_from_bank

    assignments_sync_from_bank()
    course, accounts = demo_course_seed()
    ca = CourseAssignment.objects.get(course=course, assignment__slug="week4/05-endpoints")
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("pageerror", lambda e: violations.append(str(e)))
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "student1")
    page.fill("#id_password", "kube-student1")
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    page.goto(f"{live_server.url}/assignments/{ca.pk}/workspace/")
    page.wait_for_selector(".xterm-rows")  # xterm.js drew the terminal
    page.wait_for_selector(".ace_editor")  # ACE drew the editor
    page.wait_for_function("window.kubegradeWorkspace !== undefined")
    with page.expect_navigation():  # site/forms.js submits the form on change
        page.select_option("select[name=language]", "ko")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI rendered the schema
    assert violations == []
