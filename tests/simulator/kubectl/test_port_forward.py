"""`kubectl port-forward` as kubectl 1.23 runs it: a process that listens on the workstation's
loopback and carries each connection to the pod, as a shell job or holding the terminal.

Truth: the texts are kubectl 1.23's and client-go's own (staging/src/k8s.io/kubectl/pkg/cmd/
portforward/portforward.go: the usage error, `unable to forward port because pod is not
running. Current status=%v`, translateServicePortToTargetPort; client-go tools/portforward/
portforward.go: `Forwarding from %s -> %d`, `Handling connection for %d`, `Unable to listen on
port %d: %v` with listenOnPort's `Listeners failed to create with the following errors`, and
`unable to listen on any of the requested ports: %v` of []ForwardedPort{Local, Remote}); the
kernel's bind errors (EADDRINUSE, EACCES below 1024 for a user); bash 5's job lines. The Week-2
slides' own transcript (port-forward, then curl through it) is in course_transcripts/week02.
"""

from __future__ import annotations

import pytest

from simulator import Cluster

FORWARDING = "Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n"


@pytest.fixture()
def shell():
    cluster = Cluster(seed=3)
    terminal = cluster.session()
    terminal.run("kubectl run node-web --image whatwant/node-web:1.0 --port 8080")
    terminal.run("sleep 20")
    return terminal


def test_a_background_port_forward_carries_curl_on_the_workstation_to_the_pod(shell):
    assert shell.run("curl http://localhost:8080").output == (
        "curl: (7) Failed to connect to localhost port 8080: Connection refused\n")
    started = shell.run("kubectl port-forward node-web 8080:8080 &").output
    pid = shell.jobs.jobs[0].pid
    assert started == f"[1] {pid}\n" + FORWARDING
    assert shell.run("curl http://localhost:8080").output == "Handling connection for 8080\nYou've hit node-web\n"
    assert shell.run("jobs").output == "[1]+  Running                 kubectl port-forward node-web 8080:8080 &\n"


def test_the_pod_sees_the_connection_come_from_its_own_loopback(shell):
    shell.run("kubectl port-forward node-web 8080:8080 &")
    shell.run("curl -s http://localhost:8080")
    assert shell.run("kubectl logs node-web").output.splitlines()[-1] == "Received request from ::ffff:127.0.0.1"


def test_kill_ends_the_forward_and_the_port_is_closed_again(shell):
    shell.run("kubectl port-forward node-web 8080:8080 &")
    shell.run("kill %1")
    assert shell.run("jobs").output == "[1]+  Terminated              kubectl port-forward node-web 8080:8080\n"
    assert shell.run("curl -s http://localhost:8080; echo $?").output == "7\n"


def test_a_second_forward_on_a_port_in_use_cannot_listen(shell):
    shell.run("kubectl port-forward node-web 8080:8080 &")
    result = shell.run("kubectl port-forward node-web 8080:8080")
    assert result.exit_code == 1
    assert result.output == (
        "Unable to listen on port 8080: Listeners failed to create with the following errors: "
        "[unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use "
        "unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]\n"
        "error: unable to listen on any of the requested ports: [{8080 8080}]\n")


def test_a_privileged_local_port_is_refused_to_the_workstation_user(shell):
    result = shell.run("kubectl port-forward node-web 80:8080")
    assert "bind: permission denied" in result.output
    assert result.output.endswith("error: unable to listen on any of the requested ports: [{80 8080}]\n")


def test_errors_before_listening_are_kubectls(shell):
    assert shell.run("kubectl port-forward node-web").output == (
        "error: TYPE/NAME and list of ports are required for port-forward\n"
        "See 'kubectl port-forward -h' for help and examples\n")
    assert shell.run("kubectl port-forward nope 8080").output == 'Error from server (NotFound): pods "nope" not found\n'
    assert shell.run("kubectl port-forward node-web web").output == (
        "error: Pod 'node-web' does not have a named port 'web'\n")
    assert shell.run("kubectl port-forward node-web abc:8080").output == (
        "error: error parsing local port 'abc': strconv.ParseUint: parsing \"abc\": invalid syntax\n")
    shell.run("kubectl run broken --image whatwant/node-web:10")
    assert shell.run("kubectl port-forward broken 8080").output == (
        "error: unable to forward port because pod is not running. Current status=Pending\n")


def test_a_service_forwards_to_its_target_port_on_one_of_its_pods(shell):
    shell.run("kubectl expose pod node-web --name svc-web --port 80 --target-port 8080")
    assert shell.run("kubectl port-forward svc/svc-web 9090:80 &").output.endswith(
        "Forwarding from 127.0.0.1:9090 -> 8080\nForwarding from [::1]:9090 -> 8080\n")
    assert shell.run("curl -s localhost:9090").output == "Handling connection for 9090\nYou've hit node-web\n"
    assert shell.run("kubectl port-forward svc/svc-web 9091:81").output == (
        "error: Service svc-web does not have a service port 81\n")


def test_a_port_nothing_listens_on_loses_the_connection_and_kubectl_exits(shell):
    shell.run("kubectl port-forward node-web 8081:80 &")
    output = shell.run("curl localhost:8081").output.splitlines()
    assert output[0] == "Handling connection for 8081"
    assert output[1].endswith("connect: connection refused") and "an error occurred forwarding 8081 -> 80" in output[1]
    assert output[2].endswith("portforward.go:234] lost connection to pod")
    assert output[3] == "curl: (52) Empty reply from server"
    assert shell.run("jobs").output == "[1]+  Done                    kubectl port-forward node-web 8081:80\n"


def test_in_the_foreground_it_holds_the_terminal_until_ctrl_c():
    cluster = Cluster(seed=3)
    terminal = cluster.session(interactive=True)
    terminal.run("kubectl run node-web --image whatwant/node-web:1.0")
    terminal.run("sleep 20")
    held = terminal.run("kubectl port-forward node-web 8080:8080")
    assert held.output == FORWARDING and held.following
    assert cluster.network.forwards.in_use("remote", 8080)
    terminal.interrupt()
    assert not cluster.network.forwards.in_use("remote", 8080)


def test_fg_brings_the_job_back_and_ctrl_c_ends_it():
    cluster = Cluster(seed=3)
    terminal = cluster.session(interactive=True)
    terminal.run("kubectl run node-web --image whatwant/node-web:1.0")
    terminal.run("sleep 20")
    terminal.run("kubectl port-forward node-web 8080:8080 &")
    assert terminal.run("fg %1").output == "kubectl port-forward node-web 8080:8080\n"
    terminal.interrupt()
    assert terminal.run("jobs").output == ""
    assert not cluster.network.forwards.in_use("remote", 8080)


def test_a_graded_script_left_in_the_foreground_is_stopped_by_the_line_limit(shell):
    result = shell.run("kubectl port-forward node-web 8080:8080")
    assert result.output.startswith(FORWARDING) and "stopped after 3600 s" in result.output
    assert not shell.cluster.network.forwards.in_use("remote", 8080)


def test_kubectl_proxy_and_port_forward_share_the_machines_ports(shell):
    shell.run("kubectl proxy &")
    assert "bind: address already in use" in shell.run("kubectl port-forward node-web 8001:8080").output
    shell.run("kill %1")
    shell.run("kubectl port-forward node-web 8001:8080 &")
    assert shell.run("kubectl proxy").output == "error: listen tcp 127.0.0.1:8001: bind: address already in use\n"
