"""A container's `sh -c` loop runs as a process on the simulated clock (shell/container_processes.py).

Expected values are worked by hand from the script and the clock: every command line lets
SECONDS_PER_COMMAND (2 s) pass before it runs, the kubelet starts a pod's container in the settle
of the line that created it, and the script's first statements run at that instant; `sleep 5`
wakes it exactly 5 s later. A real cluster adds a few seconds of pulling and starting first."""

from __future__ import annotations

import datetime as dt
import pickle
import time

import pytest

from simulator import Cluster
from simulator.shell.container_processes import LOG_LIMIT, append_log, loop_script

TICKS = """sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 5; done'"""


@pytest.fixture
def cluster():
    return Cluster(seed=3)


@pytest.fixture
def shell(cluster):
    return cluster.session()


def state(shell, pod: str) -> str:
    return shell.run(f"kubectl get pod {pod} -o jsonpath='{{.status.containerStatuses[0].state}}'").stdout


def started(cluster, pod: str, index: int = 0) -> float:
    """When the kubelet started the container (after ContainerCreating's pull and start time)."""
    from simulator.printers.formats import parse_rfc3339
    from simulator.registry.kinds import by_kind

    status = cluster.store.get(by_kind("Pod"), "default", pod).status["containerStatuses"][index]
    return parse_rfc3339(status["state"]["running"]["startedAt"])


def test_a_busybox_loop_s_log_follows_the_clock(shell, cluster):
    shell.run(f"kubectl run loop --image=busybox -- {TICKS}")
    shell.run("sleep 20")
    start = started(cluster, "loop")
    assert 0 < start - (cluster.clock.now() - 22) < 10  # created at the first line, started a few seconds later
    # ticks at start, start+5, ...; startedAt is in whole seconds, the start itself may be a fraction later
    count = int((cluster.clock.now() + 2 - start) // 5) + 1
    printed = shell.run("kubectl logs loop").stdout
    assert printed in ("".join(f"tick {i}\n" for i in range(1, n + 1)) for n in (count - 1, count))
    ticks = printed.count("\n")
    shell.run("sleep 8")  # 10 s with the line's own 2 s: two more ticks, three when both ends are ticks
    assert shell.run("kubectl logs loop").stdout in ("".join(f"tick {i}\n" for i in range(1, n + 1))
                                                     for n in (ticks + 2, ticks + 3))


def test_the_script_reads_the_container_s_env_and_the_clock(shell, cluster):
    shell.run("kubectl run greet --image=busybox --env=GREETING=hello -- "
              "sh -c 'while true; do echo \"$GREETING $(date)\"; sleep 30; done'")
    shell.run("sleep 40")
    first = dt.datetime.fromtimestamp(started(cluster, "greet"), tz=dt.timezone.utc)
    later = first + dt.timedelta(seconds=30)
    # busybox date's default format, "%a %b %e %H:%M:%S %Z %Y", in the container's UTC
    expected = [f"hello {moment:%a %b %e %H:%M:%S} UTC {moment:%Y}\n" for moment in (first, later)]
    assert shell.run("kubectl logs greet").stdout == "".join(expected)


PAIR = """apiVersion: v1
kind: Pod
metadata:
  name: pair
spec:
  volumes:
  - name: shared
    emptyDir: {}
  containers:
  - name: writer
    image: busybox
    command: ["sh", "-c"]
    args: ["i=0; while true; do i=$((i+1)); echo \\"line $i\\" >> /data/log; sleep 5; done"]
    volumeMounts: [{name: shared, mountPath: /data}]
  - name: reader
    image: busybox
    command: ["sh", "-c", "while true; do if [ -e /in/log ]; then wc -l < /in/log; fi; sleep 10; done"]
    volumeMounts: [{name: shared, mountPath: /in}]
"""


def test_a_writer_s_file_is_read_by_its_neighbour_through_the_emptydir():
    cluster = Cluster(seed=3, files={"pair.yaml": PAIR.encode()})
    shell = cluster.session()
    shell.run("kubectl apply -f pair.yaml")
    shell.run("sleep 20")
    content = shell.run("kubectl exec pair -c reader -- cat /in/log").stdout
    lines = content.splitlines()
    assert len(lines) >= 3 and lines == [f"line {i}" for i in range(1, len(lines) + 1)]
    counted = [int(n) for n in shell.run("kubectl logs pair -c reader").stdout.split()]
    assert counted and counted == sorted(counted) and counted[-1] <= len(lines) + 1  # every 10 s; its log is read 2 s after the cat
    entry = cluster.file_entry(cluster_pod_vantage(cluster, "pair"), "/in/log", container="reader")
    assert entry is not None and entry.content.startswith(content)  # state, not printed text
    assert shell.run("kubectl logs pair -c writer").stdout == ""  # its echo went to the file


def cluster_pod_vantage(cluster, name: str):
    from simulator.registry.kinds import by_kind
    from simulator.vantage import pod_vantage

    pod = cluster.store.get(by_kind("Pod"), "default", name)
    return pod_vantage(pod.name, pod.namespace, pod.status["podIP"], pod.spec["nodeName"])


def test_the_script_s_exit_ends_the_container_with_its_code(shell):
    shell.run("kubectl run three --image=busybox --restart=Never -- "
              "sh -c 'i=0; while true; do i=$((i+1)); echo $i; if [ $i -eq 3 ]; then exit 3; fi; sleep 1; done'")
    shell.run("sleep 5")  # 1 at t=2, 2 at 3, 3 and exit at 4
    assert '"exitCode":3' in state(shell, "three")
    assert '"reason":"Error"' in state(shell, "three")
    assert shell.run("kubectl logs three").stdout == "1\n2\n3\n"
    assert shell.run("kubectl get pod three -o jsonpath='{.status.phase}'").stdout == "Failed"


def test_a_loop_that_breaks_completes(shell):
    shell.run("kubectl run done --image=busybox --restart=Never -- "
              "sh -c 'while true; do echo once; break; done'")
    shell.run("sleep 1")
    assert '"exitCode":0' in state(shell, "done") and '"reason":"Completed"' in state(shell, "done")
    assert shell.run("kubectl logs done").stdout == "once\n"


def test_a_cpu_burner_is_bounded_and_keeps_running(shell, cluster):
    began = time.monotonic()
    shell.run("kubectl run burn --image=busybox -- sh -c 'while true; do :; done'")
    shell.run("kubectl run chatty --image=busybox -- sh -c 'while true; do echo x; done'")
    shell.run("sleep 30")
    assert time.monotonic() - began < 30  # wall time: the bound held (about a second here)
    listing = shell.run("kubectl get pods").stdout
    assert "burn     1/1     Running" in listing and "chatty   1/1     Running" in listing
    printed = shell.run("kubectl logs chatty").stdout
    assert 0 < len(printed) <= LOG_LIMIT and set(printed.split("\n")) == {"x", ""}


def test_the_log_rotates_whole_lines_at_the_kubelet_s_size(cluster):
    append_log(cluster, "uid/c", "a" * 10 + "\n" + "b" * (LOG_LIMIT - 5) + "\n")
    assert cluster.machines.container_logs["uid/c"] == "b" * (LOG_LIMIT - 5) + "\n"


def test_deleting_the_pod_stops_its_process(shell, cluster):
    shell.run(f"kubectl run loop --image=busybox -- {TICKS}")
    shell.run("sleep 6")
    assert len(cluster.container_processes.processes) == 1
    shell.run("kubectl delete pod loop")
    assert cluster.container_processes.processes == {}
    assert not shell.holds_runners
    shell.run("sleep 30")
    assert cluster.container_processes.processes == {}


def test_the_process_neither_enters_the_execution_log_nor_moves_the_clock(cluster):
    quiet = Cluster(seed=3)
    busy_shell, quiet_shell = cluster.session(), quiet.session()
    busy_shell.run(f"kubectl run loop --image=busybox -- {TICKS}")
    quiet_shell.run("kubectl run loop --image=busybox -- sleep 3600")
    for session in (busy_shell, quiet_shell):
        session.run("sleep 20")
    assert cluster.clock.now() == quiet.clock.now()
    programs = [entry.program for entry in busy_shell.executed.entries]
    assert "echo" not in programs and programs.count("sleep") == 1  # only the student's own sleep


def test_a_running_process_postpones_a_snapshot_and_a_pickle_keeps_its_log(shell, cluster):
    shell.run(f"kubectl run loop --image=busybox -- {TICKS}")
    shell.run("sleep 12")
    assert shell.holds_runners  # a workspace's snapshot waits; its event log rebuilds the same state
    copy = pickle.loads(pickle.dumps(cluster))
    assert copy.machines.container_logs == cluster.machines.container_logs
    assert next(log for log in copy.machines.container_logs.values() if log).startswith("tick 1\ntick 2\n")


@pytest.mark.parametrize("command, found", [
    (["sh", "-c", "while true; do sleep 1; done"], True),
    (["/bin/sh", "-c", "while :; do date; sleep 1; done"], True),
    (["bash", "-c", "echo hi; exit 3"], False),  # finite: still apps.batch_work's reading
    (["sh", "-c", "while true; do nc -l -p 80; done"], False),  # a server's loop stays the server's
    (["sleep", "3600"], False),
])
def test_which_commands_run_as_processes(command, found):
    assert (loop_script({"command": command}) is not None) is found
    assert (loop_script({"command": command[:2], "args": command[2:]}) is not None) is found  # the args form
