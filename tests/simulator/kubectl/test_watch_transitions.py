"""`kubectl get pods -w` across a delete: graceful deletion and a new pod's start, as a real watch shows.

Independent truth: the course's week-3 transcript (`/work/shared/course/03-RS-DS-JOB-CJ/slides.txt`,
lines 157-175: `kubectl delete pod rs-web-kxbnh` under `kubectl get pods -o wide -w`), and Kubernetes
1.23's graceful deletion (`pkg/registry/core/pod/strategy.go CheckGracefulDelete`: a scheduled pod
gets deletionTimestamp = now + terminationGracePeriodSeconds (default 30) and
deletionGracePeriodSeconds; the kubelet kills the containers, then deletes with grace 0) and
`printPod` (`Terminating` while deletionTimestamp is set; `ContainerCreating` from the waiting reason).
"""

from __future__ import annotations

import yaml

from simulator import Cluster

# slides.txt 166-175, READY and STATUS of each row after the first listing; `old` is the deleted
# pod (rs-web-kxbnh), `new` its replacement (rs-web-d2jr2); IP and NODE as `<none>` or set
TRANSCRIPT = [
    ("old", "1/1", "Terminating", True, True),        # 166
    ("new", "0/1", "Pending", False, False),          # 167
    ("new", "0/1", "Pending", False, True),           # 168
    ("new", "0/1", "ContainerCreating", False, True),  # 169
    ("new", "0/1", "ContainerCreating", False, True),  # 170
    ("new", "1/1", "Running", True, True),            # 171
    ("old", "1/1", "Terminating", True, True),        # 172
    ("old", "0/1", "Terminating", True, True),        # 173
    ("old", "0/1", "Terminating", True, True),        # 174
    ("old", "0/1", "Terminating", True, True),        # 175
]
# rows of the transcript the simulator does not produce: a second ContainerCreating (a status write
# of the sandbox's that changes no column) and the kubelet's first status of the dying pod that
# still shows it ready
NOT_SIMULATED = {4, 6}


def _watch_after_delete():
    cluster = Cluster(seed=1)
    setup = cluster.session()
    setup.run("kubectl create deployment web --image=whatwant/node-web:1.0 --replicas=2")  # rs-web's image
    setup.run("sleep 30")
    terminal = cluster.session(interactive=True)
    first = terminal.run("kubectl get pods -o wide -w").output.splitlines()
    old = setup.run("kubectl get pods -o name").output.split()[0].removeprefix("pod/")
    assert setup.run(f"kubectl delete pod {old}").output == f'pod "{old}" deleted\n'
    return cluster, setup, terminal, first, old


def test_the_watch_shows_terminating_then_the_replacement_starting():
    cluster, setup, terminal, first, old = _watch_after_delete()
    assert first[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE",
                                "READINESS", "GATES"]
    # node-web ignores SIGTERM (controllers/pod_stop.py): the old pod is killed at the end of its 30 s grace
    rows = [line.split() for line in terminal.follow(35).output.splitlines()]
    seen = [("old" if row[0] == old else "new", row[1], row[2], row[5] != "<none>", row[6] != "<none>")
            for row in rows]
    expected = [row for index, row in enumerate(TRANSCRIPT) if index not in NOT_SIMULATED]
    assert seen == expected
    names = {row[0] for row in rows}
    assert len(names) == 2  # the deleted pod and one replacement


def test_the_deleted_pod_is_gone_once_its_kubelet_stopped_it():
    cluster, setup, terminal, first, old = _watch_after_delete()
    pods = [line.split() for line in setup.run("kubectl get pods").output.splitlines()[1:]]
    assert old not in [row[0] for row in pods] and len(pods) == 2
    events = setup.run(f"kubectl get events --field-selector involvedObject.name={old}").output
    assert "Killing" in events and "Stopping container node-web" in events


def test_terminating_object_shows_deletion_fields():
    cluster = Cluster(seed=1)
    setup = cluster.session()
    setup.run("kubectl run solo --image=nginx")
    setup.run("sleep 5")  # started (the image pulled): the watch sees only the deletion's writes
    terminal = cluster.session(interactive=True)
    terminal.run("kubectl get pod solo -o yaml -w --watch-only")
    setup.run("kubectl delete pod solo")
    documents = [d for d in yaml.safe_load_all(terminal.follow(2).output) if d]
    marked = documents[0]["metadata"]
    assert marked["deletionGracePeriodSeconds"] == 30
    created = documents[0]["metadata"]["creationTimestamp"]
    assert marked["deletionTimestamp"] > created
    assert documents[-1]["metadata"]["deletionGracePeriodSeconds"] == 0  # the kubelet's final delete


def test_a_scheduled_pod_waits_for_its_kubelet_and_an_unscheduled_one_goes_at_once():
    """CheckGracefulDelete: grace 0 for a pod no kubelet runs (no nodeName)."""
    from simulator.registry.kinds import by_kind

    pods = by_kind("Pod")
    cluster = Cluster(seed=1, files={"stuck.yaml": b"""apiVersion: v1
kind: Pod
metadata: {name: stuck}
spec:
  nodeSelector: {disk: none}
  containers: [{name: c, image: nginx}]
"""})
    session = cluster.session()
    session.run("kubectl run solo --image=nginx")
    session.run("kubectl apply -f stuck.yaml")
    store = cluster.store
    marked = store.delete(pods, "default", "solo")
    assert (marked.metadata.deletion_grace_period_seconds, store.find(pods, "default", "solo") is marked) == (30, True)
    assert store.delete(pods, "default", "stuck") is not None
    assert store.find(pods, "default", "stuck") is None
