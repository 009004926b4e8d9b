"""The kubelet in time: a pod starts after its sandbox and images, a deleted pod stops after SIGTERM or its
grace period, and a crashed container is restarted after the 1.23 back-off.

Independent truth, each expectation worked by hand: Kubernetes 1.23's pkg/kubelet
(images/image_manager.go EnsureImageExists: `Pulling image "X"`, `Successfully pulled image "X" in <Go
duration>`, `Container image "X" already present on machine`; kuberuntime_manager.go doBackOff:
`back-off 10s restarting failed container=NAME pod=NAME_NAMESPACE(UID)` and the `BackOff` event `Back-off
restarting failed container`; util/flowcontrol/backoff.go: 10 s doubled to 300 s, reset when the last
update is more than 10 minutes old; kubelet_pods.go getPhase), Go's time.Duration String, and the course's
transcripts where they show a figure (09-RBAC slides.txt 763-767: `Scheduled 13s`, `Pulling 12s`,
`Successfully pulled image "whatwant/simple-nginx:v0.1" in 1.95494831s`).
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.controllers.pod_start import PULL_SECONDS, SANDBOX_SECONDS, go_duration

CRASHING = b"""apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers: [{name: main, image: "busybox:1.28", command: ["sh", "-c", "exit 3"]}]
"""


def session_with(**files: bytes):
    cluster = Cluster(seed=3, files={f"{name}.yaml": body for name, body in files.items()})
    return cluster, cluster.session()


def container(cluster, pod: str) -> dict:
    return cluster.get("pods", pod)["status"]["containerStatuses"][0]


def events_of(cluster, pod: str) -> list[tuple[str, str]]:
    return [(event.reason, event.message) for event in sorted(cluster.events.for_object("default", "Pod", pod),
                                                             key=lambda event: event.serial)]


def test_go_durations_print_as_go_prints_them():
    assert go_duration(1.95494831) == "1.95494831s"  # 09-RBAC slides.txt 765
    assert [go_duration(s) for s in (10, 20, 40, 80, 160, 300)] == ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"]


def test_a_pod_is_container_creating_without_an_address_until_its_image_is_pulled():
    cluster, shell = session_with()
    shell.run("kubectl run web --image=nginx")  # no tag: `latest`, imagePullPolicy Always
    waiting = container(cluster, "web")["state"]["waiting"]
    assert waiting == {"reason": "ContainerCreating"} and "podIP" not in cluster.get("pods", "web")["status"]
    assert shell.run("kubectl get pod web").stdout.split()[5:8] == ["web", "0/1", "ContainerCreating"]
    shell.run(f"sleep {SANDBOX_SECONDS[1] + PULL_SECONDS[1]}")
    assert "running" in container(cluster, "web")["state"] and cluster.get("pods", "web")["status"]["podIP"]
    reasons = [reason for reason, _ in events_of(cluster, "web")]
    assert reasons == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    pulled = dict(events_of(cluster, "web"))["Pulled"]
    assert pulled.startswith('Successfully pulled image "nginx" in ') and pulled.endswith("s")
    times = {event.reason: event.first_timestamp for event in cluster.events.for_object("default", "Pod", "web")}
    assert SANDBOX_SECONDS[0] <= times["Pulling"] - times["Scheduled"] <= SANDBOX_SECONDS[1]
    assert PULL_SECONDS[0] <= times["Pulled"] - times["Pulling"] <= PULL_SECONDS[1]


def test_an_image_on_the_node_is_already_present_and_starts_within_the_sandbox_time():
    cluster, shell = session_with()
    shell.run("kubectl run web --image=whatwant/node-web:1.0")  # a tag: IfNotPresent, held by every node
    shell.run("kubectl get pod web")
    assert "running" in container(cluster, "web")["state"]  # 2 s later: the sandbox takes at most 1.5 s
    assert events_of(cluster, "web")[1] == ("Pulled", 'Container image "whatwant/node-web:1.0" already present on machine')


def test_a_crashing_container_is_restarted_after_ten_then_twenty_seconds():
    """doBackOff: the first exit is acted on at the next relist and restarted; the second finds 10 s of
    back-off, the third 20 s. RESTARTS counts the restarts; the pod stays Running (getPhase: Always, every
    container restarting)."""
    cluster, shell = session_with(crash=CRASHING)
    shell.run("kubectl create -f crash.yaml")
    shell.run("sleep 3")
    status = container(cluster, "crash")
    uid = cluster.get("pods", "crash")["metadata"]["uid"]
    assert status["restartCount"] == 1
    assert status["state"]["waiting"] == {
        "reason": "CrashLoopBackOff",
        "message": f"back-off 10s restarting failed container=main pod=crash_default({uid})"}
    assert status["lastState"]["terminated"]["exitCode"] == 3 and status["lastState"]["terminated"]["reason"] == "Error"
    assert cluster.get("pods", "crash")["status"]["phase"] == "Running"
    assert ("BackOff", "Back-off restarting failed container") in events_of(cluster, "crash")
    shell.run("sleep 10")
    assert container(cluster, "crash")["restartCount"] == 2
    assert "back-off 20s " in container(cluster, "crash")["state"]["waiting"]["message"]
    row = shell.run("kubectl get pod crash").stdout.splitlines()[1].split()
    assert row[1:4] == ["0/1", "CrashLoopBackOff", "2"] and row[4].startswith("(")  # `2 (Ns ago)`


def test_the_back_off_doubles_up_to_five_minutes():
    cluster, shell = session_with(crash=CRASHING)
    shell.run("kubectl create -f crash.yaml")
    shell.run("sleep 1800")
    message = container(cluster, "crash")["state"]["waiting"]["message"]
    assert message.startswith("back-off 5m0s restarting failed container=main")
    # restarts at about 0, 1, 11, 31, 71, 151, 311, 611, 911, 1211, 1511 s: 11 by 1800 s, or 10 if the
    # eleventh is just due
    assert container(cluster, "crash")["restartCount"] in (10, 11)


def test_a_container_that_ran_ten_minutes_restarts_at_once_after_its_next_crash():
    """flowcontrol hasExpired: an exit more than 2 x 300 s after the back-off's last update (the exit before)
    starts it again at 10 s and is not in back-off, so the container is restarted at the next relist: the
    second crash, 700 s after the first, is restarted at once where `exit 3` at once waits 10 s."""
    late = CRASHING.replace(b'"exit 3"', b'"sleep 700; exit 3"').replace(b"name: crash", b"name: late")
    cluster, shell = session_with(late=late)
    shell.run("kubectl create -f late.yaml")
    shell.run("sleep 705")  # the first crash, about 701 s in: restarted at the relist
    assert container(cluster, "late")["restartCount"] == 1 and "running" in container(cluster, "late")["state"]
    shell.run("sleep 700")  # the second, about 700 s later: restarted at once too
    assert container(cluster, "late")["restartCount"] == 2 and "running" in container(cluster, "late")["state"]
    assert ("BackOff", "Back-off restarting failed container") not in events_of(cluster, "late")


@pytest.mark.parametrize("policy,code,phase,state", [("Never", 3, "Failed", "terminated"),
                                                      ("OnFailure", 0, "Succeeded", "terminated"),
                                                      ("OnFailure", 3, "Running", "waiting")])
def test_restart_policy_decides_whether_an_exit_is_restarted(policy, code, phase, state):
    pod = CRASHING.replace(b"exit 3", f"exit {code}".encode()).replace(b"spec:\n", f"spec:\n  restartPolicy: {policy}\n".encode())
    cluster, shell = session_with(crash=pod)
    shell.run("kubectl create -f crash.yaml")
    shell.run("sleep 5")
    assert cluster.get("pods", "crash")["status"]["phase"] == phase
    assert state in container(cluster, "crash")["state"]


def test_a_deleted_node_web_pod_is_terminating_for_its_grace_period_then_killed():
    """node-web's node runs as PID 1 without a SIGTERM handler: SIGKILL at the end of the 30 s grace (exit 137)."""
    cluster, shell = session_with()
    shell.run("kubectl run web --image=whatwant/node-web:1.0")
    shell.run("sleep 5")
    before = cluster.clock.now()
    assert shell.run("kubectl delete pod web").stdout == 'pod "web" deleted\n'  # kubectl waits until it is gone
    assert 30 <= cluster.clock.now() - before <= 35
    assert ("Killing", "Stopping container web") in events_of(cluster, "web")


def test_a_deleted_nginx_pod_stops_on_sigterm_within_seconds():
    cluster, shell = session_with()
    shell.run("kubectl run web --image=nginx:1.23")
    shell.run("sleep 5")
    before = cluster.clock.now()
    shell.run("kubectl delete pod web")
    assert cluster.clock.now() - before <= 6
