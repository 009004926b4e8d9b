"""Interactive sessions: `kubectl get -w` streaming until Ctrl-C, `kubectl edit` handing its file
to an editor, and `python -m simulator shell --assignment`.

Expected texts are written from kubectl 1.23's source: the watch printer flushes each event
on its own through a tabwriter with minwidth 6 and padding 3 (`printers.GetNewTabWriter`),
`formatEventType` pads ADDED/MODIFIED/DELETED to 8 characters, and `editoptions.go` writes
the edit header and its reasons; bash reports a job killed by Ctrl-C as status 130.
"""

from __future__ import annotations

import re

import io
import pickle

import pytest

from simulator import Cluster
from simulator.__main__ import main

EDIT_HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
               "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
               "# reopened with the relevant failures.\n#\n")


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=3)


@pytest.fixture
def terminal(cluster):
    return cluster.session(interactive=True)


def pod_name(cluster, prefix: str) -> str:
    return next(pod["metadata"]["name"] for pod in cluster.list("pods", "default")
                if pod["metadata"]["name"].startswith(prefix))


# kubectl get -w ---------------------------------------------------------------
def test_watch_on_an_empty_namespace_prints_nothing_and_keeps_the_terminal(terminal):
    result = terminal.run("kubectl get pods -w")
    assert (result.output, result.exit_code, result.following) == ("", 0, True)
    assert terminal.follow(5).output == ""


def test_watch_prints_the_header_with_the_first_event_then_each_change_aligned_on_its_own(cluster, terminal):
    terminal.run("kubectl get pods -w")
    cluster.session().run("kubectl run solo --image=nginx")
    lines = terminal.follow(6).output.splitlines()  # nginx (`latest`) is pulled first: Running within 4.5 s
    assert lines[:2] == ["NAME   READY   STATUS    RESTARTS   AGE",
                         "solo   0/1     Pending   0          0s"]
    assert "solo   0/1   ContainerCreating   0     0s" in lines[2:]
    assert re.fullmatch(r"solo   1/1   Running   0     [2-4]s", lines[-1])


def test_watch_with_output_watch_events_adds_the_event_column(cluster, terminal):
    cluster.session().run("kubectl create deployment web --image=nginx --replicas=2")
    cluster.tick(5)  # the pods pull nginx (`latest`) and start
    first = terminal.run("kubectl get deployments --watch --output-watch-events")
    assert first.output == ("EVENT      NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n"
                            "ADDED      web    2/2     2            2           7s\n")
    cluster.session().run("kubectl scale deployment web --replicas=3")
    rows = terminal.follow(5).output.splitlines()
    assert rows and all(row.startswith("MODIFIED   web   ") for row in rows)
    assert rows[-1].startswith("MODIFIED   web   3/3   3     3     ")


def test_watch_only_skips_the_first_listing(cluster, terminal):
    cluster.session().run("kubectl create deployment web --image=nginx")
    result = terminal.run("kubectl get deployments --watch-only")
    assert (result.output, result.following) == ("", True)


def test_a_deleted_object_arrives_as_deleted(cluster, terminal):
    cluster.session().run("kubectl run solo --image=nginx")
    terminal.run("kubectl get pods -w --output-watch-events")
    cluster.session().run("kubectl delete pod solo")
    assert terminal.follow(1).output.splitlines()[-1].startswith("DELETED    solo   ")


def test_ctrl_c_ends_the_watch_with_status_130(terminal):
    terminal.run("kubectl get pods -w")
    stopped = terminal.interrupt()
    assert (stopped.output, stopped.exit_code, stopped.following) == ("", 130, False)
    assert terminal.run("echo $?").output == "130\n"
    watched = [entry for entry in terminal.executed.entries if entry.program == "kubectl"][-1]
    assert watched.exit_code == 130


def test_the_rest_of_the_line_waits_for_the_watch_and_ctrl_c_drops_it(terminal):
    result = terminal.run("kubectl get pods -w; echo after")
    assert "after" not in result.output and result.following
    terminal.interrupt()
    assert [entry.program for entry in terminal.executed.entries] == ["kubectl"]


def test_a_new_line_ends_a_running_watch_first(terminal):
    terminal.run("kubectl get pods -w")
    result = terminal.run("echo hi")
    assert (result.output, result.following) == ("hi\n", False)


def test_follow_without_a_watch_is_empty(terminal):
    result = terminal.follow(3)
    assert (result.output, result.following) == ("", False)


def test_a_watch_survives_pickling_with_its_cluster(cluster, terminal):
    terminal.run("kubectl get pods -w")
    restored_cluster, restored = pickle.loads(pickle.dumps((cluster, terminal)))
    restored_cluster.session().run("kubectl run solo --image=nginx")
    assert "solo" in restored.follow(1).output
    assert restored.interrupt().exit_code == 130


def test_a_watch_in_a_script_keeps_the_one_line_refusal(cluster):
    result = cluster.session().run("kubectl get pods -w")
    assert result.exit_code == 1 and not result.following
    assert result.stderr.endswith('error: "kubectl get --watch" is not simulated by KubeGrade yet: '
                                  "kubectl would keep printing changes until Ctrl-C\n")


# kubectl edit -----------------------------------------------------------------
@pytest.fixture
def web(cluster):
    script = cluster.session()
    script.run("kubectl create deployment web --image=nginx")
    script.run("kubectl expose deployment web --port=80")


def test_edit_hands_out_the_object_under_kubectls_header(web, terminal):
    result = terminal.run("kubectl edit svc web")
    assert result.exit_code == 0 and result.output == ""
    assert result.editing.path.startswith("/tmp/kubectl-edit-") and result.editing.path.endswith(".yaml")
    assert result.editing.content.startswith(EDIT_HEADER + "apiVersion: v1\nkind: Service\nmetadata:\n")
    assert "  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n" in result.editing.content


def test_saving_the_file_unchanged_cancels_the_edit(web, terminal):
    opened = terminal.run("kubectl edit svc web").editing
    result = terminal.finish_edit(opened.content.replace("# and an empty", "#   and an empty"))
    assert (result.stderr, result.exit_code, result.editing) == ("Edit cancelled, no changes made.\n", 0, None)


def test_a_saved_change_is_patched_onto_the_service(web, terminal, cluster):
    opened = terminal.run("kubectl edit svc web").editing
    result = terminal.finish_edit(opened.content.replace("- port: 80", "- port: 8080"))
    assert (result.output, result.exit_code) == ("service/web edited\n", 0)
    assert cluster.get("services", "web")["spec"]["ports"][0]["port"] == 8080


def test_an_invalid_edit_reopens_the_file_with_the_servers_reasons(web, terminal):
    opened = terminal.run("kubectl edit svc web").editing
    result = terminal.finish_edit(opened.content.replace("- port: 80", "- port: 0"))
    assert result.stderr == 'error: services "web" is invalid\n'
    assert result.editing.content.startswith(
        EDIT_HEADER + '# services "web" was not valid:\n'
        "# * spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n#\napiVersion: v1\n")
    again = terminal.finish_edit(result.editing.content)
    assert again.exit_code == 1 and again.editing is None
    assert again.stderr == (f'A copy of your changes has been stored to "{opened.path}"\n'
                            "error: Edit cancelled, no valid changes were saved.\n")


def test_a_yaml_syntax_error_reopens_the_file_naming_the_line(web, terminal):
    opened = terminal.run("kubectl edit svc web").editing
    result = terminal.finish_edit(opened.content.replace("spec:\n", "spec: : :\n"))
    line = opened.content.splitlines().index("spec:") + 1
    assert result.editing.content.startswith(
        EDIT_HEADER + f"# The edited file had a syntax error: error converting YAML to JSON: yaml: line {line}: ")


def test_an_emptied_file_cancels_the_edit(web, terminal):
    terminal.run("kubectl edit svc web")
    assert terminal.finish_edit("# nothing left\n").stderr == "Edit cancelled, saved file was empty.\n"


def test_edit_of_a_missing_object_is_the_servers_not_found(terminal):
    result = terminal.run("kubectl edit svc nope")
    assert (result.stderr, result.editing) == ('Error from server (NotFound): services "nope" not found\n', None)


def test_edit_without_a_terminal_is_a_problem_with_the_editor(web, cluster):
    result = cluster.session().run("kubectl edit svc web")
    assert (result.stderr, result.exit_code) == ('error: there was a problem with the editor "vi"\n', 1)


def test_ctrl_c_in_the_editor_leaves_the_object_as_it_was(web, terminal):
    terminal.run("kubectl edit svc web")
    assert terminal.interrupt().stderr == "Edit cancelled, no changes made.\n"


# python -m simulator shell --assignment -----------------------------------------
def test_shell_with_an_assignment_starts_from_its_setup_with_the_starter_files(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ls\nkubectl get replicasets\n"))
    assert main(["shell", "--assignment", "assignments/week4/01-clusterip", "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("svc-web.yaml\nNAME ")
    assert "rs-web-shop " in printed


def test_shell_with_a_missing_assignment_says_so_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ls\n"))
    assert main(["shell", "--assignment", "assignments/nope"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
