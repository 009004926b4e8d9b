"""The workspace's HTTP API: who may open, read and type (owner writes, staff read, others
404), the terminal's round trips (commands, a streaming watch, Ctrl-C, kubectl edit,
completion), files, reset and submit; the grade agrees with the student's own terminal;
and a web server killed between two commands loses nothing."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from kg_workspaces import ENDPOINTS, workspace_world
from kg_worker_process import ROOT, worker_env_for

from kubegrade.courses.bank import bank_assignment
from kubegrade.workspaces import cache

SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: notes\nspec:\n  ports:\n  - port: 80\n"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


@pytest.fixture
def w(db, requires_scoring):
    cache.clear()
    world = workspace_world()
    world.api = client_for(world.alice)
    world.ws = world.api.post(f"/api/v1/assignments/{world.endpoints.pk}/workspace/").json()
    yield world
    cache.clear()


def command(w, line, api=None):
    return (api or w.api).post(f"/api/v1/workspaces/{w.ws['id']}/commands/", {"line": line}, format="json")


def test_opening_twice_gives_201_then_200_with_the_workspace_shape(w):
    again = w.api.post(f"/api/v1/assignments/{w.endpoints.pk}/workspace/")
    assert again.status_code == 200 and again.json()["id"] == w.ws["id"]
    assert set(w.ws) == {"id", "course_assignment", "owner", "read_only", "prompt", "following", "editing", "files",
                         "history", "history_total", "limits"}
    assert (w.ws["owner"], w.ws["read_only"], w.ws["prompt"], w.ws["editing"]) == ("alice", False, "remote > ", None)
    assert w.ws["limits"] == {"max_line": 4096, "commands_per_minute": 60, "max_files": 8, "max_bytes": 40000}
    assert {f["name"] for f in w.ws["files"]} == {"endpoints.yaml", "svc-legacy.yaml"}


def test_staff_read_read_only_and_every_write_is_403(w):
    for staff in (w.prof, w.ta):
        api = client_for(staff)
        detail = api.get(f"/api/v1/workspaces/{w.ws['id']}/")
        assert detail.status_code == 200 and detail.json()["read_only"] is True
        writes = [api.post(f"/api/v1/workspaces/{w.ws['id']}/{verb}/", body, format="json") for verb, body in
                  [("commands", {"line": "kubectl get pods"}), ("follow", {}), ("interrupt", {}),
                   ("edit", {"content": "x"}), ("complete", {"line": "kub"}), ("reset", {}), ("submit", {})]]
        writes.append(api.put(f"/api/v1/workspaces/{w.ws['id']}/files/a.yaml", {"content": ""}, format="json"))
        writes.append(api.delete(f"/api/v1/workspaces/{w.ws['id']}/files/endpoints.yaml"))
        assert [r.status_code for r in writes] == [403] * 9
        assert {r.json()["code"] for r in writes} == {"permission_denied"}
    assert client_for(w.prof).post(f"/api/v1/assignments/{w.endpoints.pk}/workspace/").status_code == 403


def test_other_students_and_other_courses_get_404(w):
    for outsider in (w.bob, w.stranger):
        api = client_for(outsider)
        assert api.get(f"/api/v1/workspaces/{w.ws['id']}/").status_code == 404
        assert command(w, "kubectl get pods", api).status_code == 404
    assert client_for(w.stranger).post(f"/api/v1/assignments/{w.endpoints.pk}/workspace/").status_code == 404


def test_a_command_returns_output_exit_code_and_the_next_prompt_and_joins_the_history(w):
    r = command(w, "ssh vagrant@192.168.100.200")
    assert r.status_code == 200
    body = r.json()
    assert (body["prompt"], body["next_prompt"], body["exit_code"], body["following"], body["editing"]) == \
        ("remote > ", "master > ", 0, False, None)
    assert command(w, "exit").json()["next_prompt"] == "remote > "
    detail = w.api.get(f"/api/v1/workspaces/{w.ws['id']}/").json()
    assert [(h["line"], h["prompt"]) for h in detail["history"]] == [
        ("ssh vagrant@192.168.100.200", "remote > "), ("exit", "master > ")]
    assert detail["history_total"] == 2
    older = w.api.get(f"/api/v1/workspaces/{w.ws['id']}/history/?before={detail['history'][1]['seq']}").json()
    assert [h["line"] for h in older] == ["ssh vagrant@192.168.100.200"]


def test_a_watch_streams_until_ctrl_c(w):
    command(w, "kubectl apply -f svc-legacy.yaml")
    started = command(w, "kubectl get svc -w").json()
    assert started["following"] is True and "kubernetes" in started["output"]
    followed = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/follow/").json()
    assert set(followed) == {"output", "following", "next_prompt"} and followed["following"] is True
    stopped = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/interrupt/").json()
    assert (stopped["exit_code"], stopped["following"], stopped["output"]) == (130, False, "")
    assert w.api.post(f"/api/v1/workspaces/{w.ws['id']}/follow/").json() == {
        "output": "", "following": False, "next_prompt": "remote > "}


def test_kubectl_edit_opens_the_object_in_the_editor_and_applies_it_on_save(w):
    w.api.put(f"/api/v1/workspaces/{w.ws['id']}/files/notes.yaml", {"content": SERVICE}, format="json")
    command(w, "kubectl apply -f notes.yaml")
    opened = command(w, "kubectl edit svc notes").json()
    assert opened["editing"]["path"].endswith(".yaml") and "name: notes" in opened["editing"]["content"]
    assert w.api.get(f"/api/v1/workspaces/{w.ws['id']}/").json()["editing"] == opened["editing"]
    assert command(w, "kubectl get svc").status_code == 400  # the editor is open: save or Ctrl-C first
    saved = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/edit/",
                       {"content": opened["editing"]["content"].replace("port: 80", "port: 81")}, format="json")
    assert (saved.json()["output"], saved.json()["editing"]) == ("service/notes edited\n", None)
    assert command(w, "kubectl get svc notes -o jsonpath={.spec.ports[0].port}").json()["output"] == "81"


def test_completion_offers_kubectl_verbs(w):
    pytest.importorskip("simulator.shell.completion", reason="the simulator's completion is not there yet")
    r = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/complete/", {"line": "kubectl ge"}, format="json").json()
    assert r["start"] == len("kubectl ") and "get" in r["candidates"]


def test_files_are_written_and_deleted_and_bad_input_is_refused_with_a_code(w):
    base = f"/api/v1/workspaces/{w.ws['id']}/files/"
    assert w.api.put(base + "notes.yaml", {"content": SERVICE}, format="json").json() == {
        "name": "notes.yaml", "size": len(SERVICE)}
    assert command(w, "kubectl apply -f notes.yaml").json()["output"] == "service/notes created\n"
    assert w.api.delete(base + "notes.yaml").status_code == 204
    assert w.api.delete(base + "notes.yaml").status_code == 404
    big = w.api.put(base + "big.yaml", {"content": "#" * 40001}, format="json")
    assert big.status_code == 413 and big.json()["limit"] == "max_bytes"
    long_line = command(w, "echo " + "x" * 4096)
    assert long_line.status_code == 413 and long_line.json()["limit"] == "max_line"


def test_commands_past_the_rate_are_throttled_with_retry_after(w, settings):
    settings.KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE = 1
    command(w, "true")
    r = command(w, "true")
    assert r.status_code == 429 and r.json()["code"] == "throttled" and int(r["Retry-After"]) >= 1


def test_reset_gives_a_fresh_cluster_and_empty_history(w):
    command(w, "kubectl apply -f svc-legacy.yaml")
    reset = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/reset/").json()
    assert (reset["history"], reset["history_total"]) == ([], 0)
    service = bank_assignment(ENDPOINTS).variant(reset and _seed(w))["service"]
    assert "NotFound" in command(w, f"kubectl get svc {service}").json()["output"]


def _seed(w) -> int:
    from kubegrade.workspaces.models import Workspace

    return Workspace.objects.get(pk=w.ws["id"]).seed


def test_the_grade_and_the_students_terminal_never_disagree(w, django_capture_on_commit_callbacks):
    """Endpoints lab: the solution typed in the terminal prints what the grader's replay of
    the same lines prints, and the submission handed in from the workspace gets full marks."""
    seed = _seed(w)
    files, _ = bank_assignment(ENDPOINTS).solution(seed)
    for name, data in files.items():
        w.api.put(f"/api/v1/workspaces/{w.ws['id']}/files/{name}", {"content": data.decode()}, format="json")
    lines = ["kubectl apply -f svc-legacy.yaml", "kubectl apply -f endpoints.yaml"]  # the spec's apply:
    terminal = [f"{r['prompt']}{r['line']}\n{r['output']}" for r in (command(w, line).json() for line in lines)]
    with django_capture_on_commit_callbacks(execute=True):
        submitted = w.api.post(f"/api/v1/workspaces/{w.ws['id']}/submit/", {}, format="json")
    assert submitted.status_code == 201 and submitted.json()["url"].endswith(
        f"/submissions/{submitted.json()['submission']['id']}/")
    detail = w.api.get(f"/api/v1/submissions/{submitted.json()['submission']['id']}/").json()
    assert (detail["status"], detail["score"], detail["max_score"]) == ("graded", 10.0, 10.0)
    for block in terminal:
        assert block in detail["transcript"]
    from kubegrade.submissions.models import Submission

    assert Submission.objects.get(pk=detail["id"]).workspace_id == w.ws["id"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, token: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST", headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


GUNICORN_LOG = Path(tempfile.gettempdir()) / f"kubegrade-workspace-web-{os.getpid()}.log"


def _gunicorn(env: dict, port: int) -> subprocess.Popen:
    with GUNICORN_LOG.open("ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "kubegrade.wsgi", "--bind", f"127.0.0.1:{port}",
                                 "--workers", "1", "--timeout", "120"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _kill_group(web: subprocess.Popen) -> None:
    """SIGKILL the master and its worker, and wait until both are gone: a worker still
    dying holds the old listening socket, and a connection the kernel hands it is reset."""
    os.killpg(web.pid, signal.SIGKILL)
    web.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(web.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_web_server_killed_between_two_commands_loses_nothing(requires_postgres, requires_scoring):
    from django.db import connection

    world = workspace_world()
    token = api_token_issue(user=world.alice).key
    env = {**worker_env_for(connection.settings_dict), "KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE": "1000"}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    web = _gunicorn(env, port)
    try:
        ws = _post(f"{base}/assignments/{world.endpoints.pk}/workspace/", token)
        first = _post(f"{base}/workspaces/{ws['id']}/commands/", token,
                      {"line": "kubectl create deployment survivor --image=nginx --replicas=3"})
        assert first["output"] == "deployment.apps/survivor created\n"
        _kill_group(web)
        web = _gunicorn(env, port)
        second = _post(f"{base}/workspaces/{ws['id']}/commands/", token,
                       # its pods take a few seconds to start (ContainerCreating), as on the course's cluster
                       {"line": "sleep 5; kubectl get deployment survivor -o jsonpath={.status.readyReplicas}"})
        assert second["output"] == "3" and second["seq"] == first["seq"] + 1
    finally:
        _kill_group(web)
