"""Workspace commands run in sandbox processes with OS limits, never in the web process
(issue 17, finding 4-5): the web process keeps no cluster, a sandbox's address space is
capped, a dead sandbox is replaced and the next command goes on from the database, and the two bombs of the issue stop inside a
workspace command."""

import os
import signal
from pathlib import Path

import pytest
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from kg_workspaces import workspace_world

from kubegrade.workspaces import cache, sandbox


@pytest.fixture
def w(db, requires_scoring, settings):
    settings.KUBEGRADE_WORKSPACE_SANDBOXES = 1
    cache.clear()
    world = workspace_world()
    world.api = APIClient()
    world.api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=world.alice).key}")
    world.ws = world.api.post(f"/api/v1/assignments/{world.endpoints.pk}/workspace/").json()
    world.url = f"/api/v1/workspaces/{world.ws['id']}/"
    yield world
    cache.clear()


def sandbox_pid(w) -> int:
    box = sandbox.sandbox_for(w.ws["id"])
    assert box.process is not None and box.process.is_alive()
    return box.process.pid


def command(w, line):
    response = w.api.post(w.url + "commands/", {"line": line}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_commands_run_in_a_sandbox_process_and_the_web_process_keeps_no_cluster(w):
    assert command(w, "kubectl create deployment web --image=nginx --replicas=2")["exit_code"] == 0
    assert command(w, "kubectl get deployment web -o jsonpath={.spec.replicas}")["output"] == "2"
    assert sandbox_pid(w) != os.getpid() and cache.size() == 0


def test_a_sandboxs_address_space_is_capped(w):
    command(w, "true")
    pid = sandbox_pid(w)
    limits = Path(f"/proc/{pid}/limits").read_text()
    address_space = next(line for line in limits.splitlines() if line.startswith("Max address space"))
    assert address_space.split()[3] != "unlimited"


def test_a_dead_sandbox_is_replaced_and_the_next_command_goes_on_from_the_database(w):
    command(w, "kubectl create deployment kept --image=nginx --replicas=3")
    pid = sandbox_pid(w)
    os.kill(pid, signal.SIGKILL)
    assert command(w, "kubectl get deployment kept -o jsonpath={.spec.replicas}")["output"] == "3"
    assert sandbox_pid(w) != pid


def test_after_every_sandbox_ends_the_state_reloads_from_the_snapshot(w):
    command(w, "kubectl create deployment kept --image=nginx --replicas=3")
    sandbox.stop_all()
    assert command(w, "kubectl get deployment kept -o jsonpath={.spec.replicas}")["output"] == "3"


def test_the_regex_bomb_finishes_at_once_in_a_workspace_command(w):
    step = command(w, "echo " + "a" * 27 + " | grep -E '(a|a)+b'")
    assert (step["output"], step["exit_code"]) == ("", 1)


def test_the_annotation_bomb_is_refused_in_a_workspace_command(w):
    command(w, "A=" + "a" * 1000)
    for _ in range(8):
        command(w, "A=$A$A")
    assert command(w, "kubectl annotate svc kubernetes a1=$A")["exit_code"] == 0
    refused = command(w, "kubectl annotate svc kubernetes a2=$A")
    assert refused["output"] == ('The Service "kubernetes" is invalid: metadata.annotations: Too long: '
                                 'must have at most 262144 bytes\n')
    rendered = command(w, "kubectl get svc kubernetes -o jsonpath='" + "{.metadata.annotations}" * 170 + "'")
    assert rendered["output"].startswith("[") and "characters of output cut" in rendered["output"].splitlines()[0]
