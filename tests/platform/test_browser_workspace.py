"""The lab workspace in headless Chromium against a live server, the real workspace API and
simulator, and a real Celery worker grading what is handed in. Screenshots at 1280 px and
390 px go to /tmp/kubegrade-workspace-*.png.

The student reads the pod IPs off the terminal as a person would (the rows xterm.js shows,
wrapped lines joined), never from the database; the expected marks are the lab's own
points (10) and the servers' reply is node-web's `You've hit <pod name>`."""

import json
import re

import pytest
from playwright.sync_api import expect

from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.demo import demo_course_seed
from kubegrade.courses.models import CourseAssignment
from kubegrade.courses.services import assignments_sync_from_bank
from kubegrade.submissions.variants import variant_seed

pytestmark = [pytest.mark.needs_browser]
ENDPOINTS = "week4/05-endpoints"
SHOTS = "/tmp/kubegrade-workspace-{}.png"
PROMPT = r"^remote >\s*$"  # xterm.js trims a row's trailing blanks
POD_ROW = re.compile(r"^(legacy-\w{5})\s+1/1\s+Running\s+\d+\s+\S+\s+(\d+\.\d+\.\d+\.\d+)\s", re.M)

TERMINAL_TEXT = """() => {
  if (!window.kubegradeWorkspace) return "";
  const buffer = window.kubegradeWorkspace.terminal.term.buffer.active;
  const lines = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text; else lines.push(text);
  }
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines.join("\\n");
}"""


@pytest.fixture
def workspace_site(live_server, settings, django_db_serialized_rollback=None):
    assignments_sync_from_bank()
    course, accounts = demo_course_seed()
    users = {e.user.username: e.user for e in course.enrollments.select_related("user")}
    passwords = {a.username: a.password for a in accounts}
    ca = CourseAssignment.objects.get(course=course, assignment__slug=ENDPOINTS)
    return {"url": live_server.url, "course": course, "users": users, "passwords": passwords, "ca": ca}


@pytest.fixture
def graded_site(real_worker, workspace_site):
    return workspace_site


@pytest.fixture(autouse=True)
def script_errors_fail_the_test(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and "favicon" not in response.url
            and errors.append(f"{response.status} {response.url}"))
    yield
    if errors:
        page.screenshot(path=SHOTS.format("failure"), full_page=True)
    assert not errors, errors


def sign_in(page, site, username):
    page.goto(site["url"] + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", site["passwords"][username])
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text(re.compile("My courses|내 강좌"))


def terminal_text(page) -> str:
    return page.evaluate(TERMINAL_TEXT)


def wait_for_terminal(page, pattern: str, timeout: float = 20_000) -> str:
    try:
        page.wait_for_function(f"() => new RegExp({json.dumps(pattern)}, 'm').test(({TERMINAL_TEXT})())",
                               timeout=timeout)
    except Exception:
        raise AssertionError(f"the terminal never matched {pattern!r}:\n{terminal_text(page)}")
    return terminal_text(page)


def run_in_terminal(page, line: str, until: str) -> str:
    """Types `line` into the terminal, presses Enter and waits for `until` after it."""
    before = terminal_text(page).count("\n")
    page.locator("#terminal").click()
    page.keyboard.type(line)
    page.keyboard.press("Enter")
    try:
        page.wait_for_function(
            f"() => ({TERMINAL_TEXT})().split('\\n').slice({before}).join('\\n').match(new RegExp({json.dumps(until)}, 'm'))",
            timeout=30_000)
    except Exception:
        page.screenshot(path=SHOTS.format("failure"), full_page=True)
        raise AssertionError(f"the terminal never showed {until!r} after {line!r}:\n{terminal_text(page)}")
    return "\n".join(terminal_text(page).split("\n")[before:])


def write_in_editor(page, name: str, content: str):
    """Opens the file's tab and puts the manifest over its text in one insertion, as a
    paste does (typed newlines would be indented by ACE itself)."""
    page.click(f".ws-tab[data-name='{name}']")
    page.locator("#editor .ace_content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(content)


def open_workspace(page, site, title: str):
    page.click(f"text={site['course'].code}")
    page.click(f"text={title}")
    page.click("#workspace-link")
    wait_for_terminal(page, PROMPT)


ENGLISH = {"user": "student1", "title": "A Service without a selector, with hand-written Endpoints",
           "submit": "Submit for grading", "send": "Submit", "result": "See the result", "lang": "en"}
KOREAN = {"user": "student2", "title": "selector 없는 Service 와 직접 만든 Endpoints",
          "submit": "채점 요청", "send": "제출", "result": "결과 보기", "lang": "ko"}


@pytest.mark.needs_worker
@pytest.mark.parametrize("who", [ENGLISH, KOREAN], ids=["english", "korean"])
def test_a_student_solves_the_endpoints_lab_in_the_workspace_and_gets_full_marks(page, graded_site, who):
    site = graded_site
    variant = bank_assignment(ENDPOINTS).variant(variant_seed(user_id=site["users"][who["user"]].pk,
                                                              assignment_slug=ENDPOINTS))
    service = variant["service"]
    sign_in(page, site, who["user"])
    open_workspace(page, site, who["title"])
    expect(page.locator("#variant")).to_contain_text(service)

    listing = run_in_terminal(page, "kubectl get pods -o wide", PROMPT)
    ips = dict(POD_ROW.findall(listing))
    assert set(ips) == {variant["legacy_a"], variant["legacy_b"]}, listing

    write_in_editor(page, "svc-legacy.yaml", f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {service}\n"
                                             "spec:\n  ports:\n  - port: 80\n")
    write_in_editor(page, "endpoints.yaml", (
        f"apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: {service}\nsubsets:\n- addresses:\n"
        + "".join(f"  - ip: {ip}\n" for ip in ips.values()) + "  ports:\n  - port: 8080\n"))
    expect(page.locator(".ws-tab[data-name='endpoints.yaml'] .ws-dirty")).to_be_visible()  # not saved yet
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=SHOTS.format(f"editor-{who['lang']}"), full_page=True)

    applied = run_in_terminal(page, "kubectl apply -f svc-legacy.yaml", PROMPT)
    assert f"service/{service} created" in applied
    expect(page.locator(".ws-dirty")).to_have_count(0)  # saved before the command ran
    applied = run_in_terminal(page, "kubectl apply -f endpoints.yaml", PROMPT)
    assert f"endpoints/{service} created" in applied
    replies = run_in_terminal(page, f"kubectl exec client -- curl -s http://{service}", PROMPT)
    assert re.search(r"You've hit legacy-\w{5}", replies), replies
    page.screenshot(path=SHOTS.format(f"terminal-{who['lang']}"), full_page=True)

    page.click("#submit-open")
    expect(page.locator("#submit-files")).to_have_text("endpoints.yaml, svc-legacy.yaml")
    page.click(f"#submit-send:has-text('{who['send']}')")
    page.click("#result-link")
    expect(page.locator("#score")).to_contain_text("10", timeout=90_000)
    assert page.locator(".check.fail").count() == 0
    page.screenshot(path=SHOTS.format(f"result-{who['lang']}"), full_page=True)


def last_line(page) -> str:
    return terminal_text(page).split("\n")[-1]


def type_keys(page, *keys: str):
    for key in keys:
        if key in ("Tab", "Enter", "ArrowUp", "ArrowDown", "Control+c", "Control+l", "Home", "End"):
            page.keyboard.press(key)
        else:
            page.keyboard.type(key)


def wait_for_last_line(page, expected: str):
    try:
        page.wait_for_function(f"() => ({TERMINAL_TEXT})().split('\\n').pop().trimEnd() === {json.dumps(expected)}",
                               timeout=10_000)
    except Exception:
        raise AssertionError(f"the last line never read {expected!r}:\n{terminal_text(page)}")


def paste_into_terminal(page, text: str):
    page.evaluate("""(text) => {
      const area = document.querySelector('#terminal .xterm-helper-textarea');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", text)


def test_tab_completion_history_ctrl_c_paste_and_clear_work_as_in_bash(page, workspace_site):
    site = workspace_site
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    page.locator("#terminal").click()

    type_keys(page, "kub", "Tab")
    wait_for_last_line(page, "remote > kubectl")
    type_keys(page, "ge", "Tab", "no", "Tab")
    wait_for_last_line(page, "remote > kubectl get nodes")
    type_keys(page, "w", "Tab")  # worker1 and worker2: the first Tab adds their common prefix
    wait_for_last_line(page, "remote > kubectl get nodes worker")
    type_keys(page, "Tab")  # the second lists them, then the prompt and the line again
    wait_for_terminal(page, r"^worker1\s+worker2\n.*remote > kubectl get nodes worker$")
    output = run_in_terminal(page, "1", PROMPT)
    assert re.search(r"^worker1\s+Ready\s", output, re.M), output

    type_keys(page, "ArrowUp")
    wait_for_last_line(page, "remote > kubectl get nodes worker1")
    type_keys(page, "Control+c")
    wait_for_terminal(page, r"kubectl get nodes worker1\^C\nremote >\s*$")
    type_keys(page, "kubectl get nodes wor", "Home", "# ", "End")  # line editing: Home, typing, End
    wait_for_last_line(page, "remote > # kubectl get nodes wor")
    type_keys(page, "Control+c")

    prompt_row = terminal_text(page).count("\n")
    paste_into_terminal(page, "kubectl get svc\nkubectl get ep\n")
    wait_for_terminal(page, r"^remote > kubectl get ep\n(.*\n)*remote >\s*$")
    pasted = "\n".join(terminal_text(page).split("\n")[prompt_row:])
    assert pasted.index("remote > kubectl get svc") < pasted.index("remote > kubectl get ep"), pasted
    assert "kubernetes" in pasted

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SHOTS.format("390"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("#terminal").click()
    type_keys(page, "Control+l")
    page.wait_for_function(f"() => ({TERMINAL_TEXT})().trim() === 'remote >'", timeout=10_000)

    page.reload()  # the history is the workspace's, kept by the server
    wait_for_terminal(page, r"remote > kubectl get ep\n")
    page.locator("#terminal").click()
    type_keys(page, "ArrowUp", "ArrowUp")
    wait_for_last_line(page, "remote > kubectl get svc")
    type_keys(page, "ArrowDown", "ArrowDown")
    wait_for_last_line(page, "remote >")


def test_a_watch_streams_until_ctrl_c_and_kubectl_edit_opens_in_the_editor(page, workspace_site):
    site = workspace_site
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)

    run_in_terminal(page, "kubectl get pods -w", r"^client\s+1/1\s+Running")
    page.wait_for_timeout(1500)  # at least one follow round trip
    assert not re.search(PROMPT, last_line(page)), "a watch keeps the prompt away"
    type_keys(page, "Control+c")
    wait_for_terminal(page, r"\^C\nremote >\s*$")

    page.keyboard.type("kubectl edit svc kubernetes")
    page.keyboard.press("Enter")
    expect(page.locator("#editing-bar")).to_be_visible()
    expect(page.locator("#editing-title")).to_contain_text("editing /tmp/kubectl-edit-")
    expect(page.locator("#editor")).to_contain_text("kind: Service")
    expect(page.locator("#file-tabs")).to_be_hidden()
    page.click("#edit-save")  # unchanged: kubectl says so and changes nothing
    wait_for_terminal(page, r"^Edit cancelled, no changes made\.\nremote >\s*$")
    expect(page.locator("#editing-bar")).to_be_hidden()
    expect(page.locator("#file-tabs")).to_be_visible()

    page.locator("#terminal").click()
    page.keyboard.type("kubectl edit svc kubernetes")
    page.keyboard.press("Enter")
    expect(page.locator("#editing-bar")).to_be_visible()
    page.click("#edit-cancel")
    expect(page.locator("#editing-bar")).to_be_hidden()
    wait_for_terminal(page, r"kubectl edit svc kubernetes\n(Edit cancelled, no changes made\.\n)?remote >\s*$")


def test_staff_read_a_students_workspace_without_typing_or_saving(page, workspace_site, chromium):
    from kubegrade.workspaces.models import Workspace, WorkspaceEvent

    site = workspace_site
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    run_in_terminal(page, "kubectl get pods -o wide", PROMPT)
    workspace = Workspace.objects.get(owner=site["users"]["student1"], course_assignment=site["ca"])
    events = WorkspaceEvent.objects.filter(workspace=workspace).count()

    staff = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(staff, site, "instructor")
    staff.goto(f"{site['url']}/workspaces/{workspace.pk}/")
    expect(staff.locator("#staff-banner")).to_contain_text("student1")
    wait_for_terminal(staff, r"remote > kubectl get pods -o wide\n")
    assert re.search(r"^legacy-\w{5}\s+1/1\s+Running", terminal_text(staff), re.M)
    expect(staff.locator(".ws-tab")).to_have_count(2)
    assert staff.evaluate("ace.edit('editor').getReadOnly()") is True
    for absent in ("#file-save", "#file-new", "#reset-button", "#submit-open"):
        expect(staff.locator(absent)).to_have_count(0)
    staff.locator("#terminal").click()
    staff.keyboard.type("kubectl delete pod client")
    staff.keyboard.press("Enter")
    staff.wait_for_timeout(500)
    assert WorkspaceEvent.objects.filter(workspace=workspace).count() == events
    staff.screenshot(path=SHOTS.format("staff"), full_page=True)
    staff.context.close()


def test_the_editor_creates_indents_saves_with_ctrl_s_and_deletes_files_and_reset_starts_over(page, workspace_site):
    site = workspace_site
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    page.on("dialog", lambda dialog: dialog.accept())  # the delete and reset confirmations

    page.click("#file-new")
    page.fill("#newfile-name", "notes.yaml")
    page.click("#newfile-form button[type=submit]")
    expect(page.locator(".ws-tab[data-name='notes.yaml']")).to_have_attribute("aria-selected", "true")
    page.locator("#editor .ace_content").click()
    page.keyboard.type("spec:")
    page.keyboard.press("Enter")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Delete")  # whatever ACE indented by itself
    page.keyboard.press("Tab")  # Tab indents by two spaces, as YAML wants
    page.keyboard.type("ports: []")
    expect(page.locator(".ws-tab[data-name='notes.yaml'] .ws-dirty")).to_be_visible()
    page.keyboard.press("Control+s")
    expect(page.locator(".ws-tab[data-name='notes.yaml'] .ws-dirty")).to_have_count(0)
    shown = run_in_terminal(page, "cat notes.yaml", PROMPT)
    assert "spec:\n  ports: []" in shown, shown

    page.click(".ws-tab[data-name='notes.yaml']")
    page.click("#file-delete")
    expect(page.locator(".ws-tab[data-name='notes.yaml']")).to_have_count(0)
    listed = run_in_terminal(page, "ls", PROMPT)
    assert "notes.yaml" not in listed and "endpoints.yaml" in listed, listed

    page.click("#reset-button")
    page.wait_for_function(f"() => ({TERMINAL_TEXT})().trim() === 'remote >'", timeout=20_000)
    page.locator("#terminal").click()
    page.keyboard.press("ArrowUp")  # the new run starts with no history
    wait_for_last_line(page, "remote >")


CLUSTERIP = "week4/01-clusterip"
ACE_TEXT = "() => ace.edit('editor').getValue()"


def test_submit_warns_when_kubectl_edit_left_the_file_behind_and_uses_the_live_objects(page, workspace_site):
    """The selector typo is applied from the file, then fixed with `kubectl edit` only: the
    Submit dialog names the file, and "Use the live objects" puts the fixed Service in it."""
    from kubegrade.workspaces.models import Workspace

    site = workspace_site
    ca = CourseAssignment.objects.get(course=site["course"], assignment__slug=CLUSTERIP)
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{ca.pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    workspace = Workspace.objects.get(owner=site["users"]["student1"], course_assignment=ca)
    v = bank_assignment(CLUSTERIP).variant(workspace.seed)
    typo = (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {v['service']}\nspec:\n  ports:\n  - port: 80\n"
            f"    targetPort: 8080\n  selector:\n    app: {v['app']}s\n")
    write_in_editor(page, "svc-web.yaml", typo)
    page.keyboard.press("Control+s")
    expect(page.locator(".ws-tab[data-name='svc-web.yaml'] .ws-dirty")).to_have_count(0)
    run_in_terminal(page, "kubectl apply -f svc-web.yaml", rf"^service/{v['service']} (created|configured)")

    page.click("#submit-open")
    expect(page.locator("#submit-dialog")).to_be_visible()
    expect(page.locator("#submit-drift")).to_be_hidden()  # the file is what runs: nothing to warn of
    page.locator("#submit-dialog button[value=cancel]").click()

    page.locator("#terminal").click()
    page.keyboard.type(f"kubectl edit svc {v['service']}")
    page.keyboard.press("Enter")
    expect(page.locator("#editing-bar")).to_be_visible()
    live = page.evaluate(ACE_TEXT)
    assert f"app: {v['app']}s\n" in live, live
    page.locator("#editor .ace_content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(live.replace(f"app: {v['app']}s\n", f"app: {v['app']}\n"))
    page.click("#edit-save")
    wait_for_terminal(page, rf"^service/{v['service']} edited\nremote >\s*$")

    page.click("#submit-open")
    drift = page.locator("#submit-drift")
    expect(drift).to_be_visible()
    expect(page.locator("#submit-drift-text")).to_contain_text(
        "The live cluster differs from svc-web.yaml: the grader applies the file, not what you changed with kubectl.")
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SHOTS.format(f"submit-drift-{width}"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#submit-use-live")
    expect(page.locator("#submit-drift-text")).to_have_text("Saved the live objects in svc-web.yaml.")
    expect(page.locator("#submit-use-live")).to_be_hidden()
    page.locator("#submit-dialog button[value=cancel]").click()
    page.click(".ws-tab[data-name='svc-web.yaml']")
    saved = page.evaluate(ACE_TEXT)
    assert f"app: {v['app']}\n" in saved and f"app: {v['app']}s" not in saved, saved
    shown = run_in_terminal(page, "cat svc-web.yaml", PROMPT)  # saved on the server, not only in the editor
    assert f"app: {v['app']}\n" in shown + "\n", shown


def key_bar(page, key: str):
    page.click(f"#terminal-keys button[data-key='{key}']")


def test_the_phone_key_bar_completes_interrupts_recalls_history_and_escape_changes_nothing(page, workspace_site):
    site = workspace_site
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, "student1")
    page.goto(f"{site['url']}/assignments/{site['ca'].pk}/workspace/")
    wait_for_terminal(page, PROMPT)
    expect(page.locator("#terminal-keys")).to_be_visible()
    page.screenshot(path=SHOTS.format("keybar-390"), full_page=True)
    page.locator("#terminal").click()

    page.keyboard.type("kub")
    key_bar(page, "tab")
    wait_for_last_line(page, "remote > kubectl")  # with bash's space after a whole word
    page.keyboard.type("get nodes worker1")
    page.keyboard.press("Enter")
    wait_for_terminal(page, r"^worker1\s+Ready\s(.*\n)*remote >\s*$")

    key_bar(page, "up")  # history, as the arrow key recalls it
    wait_for_last_line(page, "remote > kubectl get nodes worker1")
    key_bar(page, "esc")  # bash binds no lone Esc here: the line stays as it was, nothing printed
    page.wait_for_timeout(300)
    wait_for_last_line(page, "remote > kubectl get nodes worker1")
    key_bar(page, "left")
    page.keyboard.type("X")
    wait_for_last_line(page, "remote > kubectl get nodes workerX1")
    key_bar(page, "right")
    page.keyboard.type("Y")
    wait_for_last_line(page, "remote > kubectl get nodes workerX1Y")
    key_bar(page, "ctrl-c")
    wait_for_terminal(page, r"kubectl get nodes workerX1Y\^C\nremote >\s*$")
    key_bar(page, "down")  # past the newest entry: the empty line
    wait_for_last_line(page, "remote >")

    key_bar(page, "ctrl")  # sticky Ctrl: the next letter is its control key
    expect(page.locator("#terminal-keys button[data-key='ctrl']")).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("l")
    page.wait_for_function(f"() => ({TERMINAL_TEXT})().trim() === 'remote >'", timeout=10_000)
    expect(page.locator("#terminal-keys button[data-key='ctrl']")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#terminal-keys")).to_be_hidden()  # a desktop keyboard has these keys
