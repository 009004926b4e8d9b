"""The Deployment controller rolls out step by step as deployment/rolling.go, recreate.go and
progress.go of Kubernetes v1.23 do. Expected steps are worked by hand from that source for the
course's manifests (shared/course/08-Deployment-StatefulSet/hands-on), read from the events and
the objects' state, never from printed tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster

HANDS_ON = Path("/work/shared/course/08-Deployment-StatefulSet/hands-on")
pytestmark = pytest.mark.skipif(not HANDS_ON.exists(), reason="the course's week-8 files are not on this machine")
OLD, NEW = "dp-web-849797d875", "dp-web-7b65bf6694"


def scaling_events(cluster: Cluster) -> list[str]:
    events = sorted(cluster.events.for_object("default", "Deployment", "dp-web"), key=lambda event: event.serial)
    return [event.message for event in events if event.reason == "ScalingReplicaSet"]


def deployment(cluster: Cluster) -> dict:
    return cluster.get("deployments", "dp-web")


def test_rolling_update_steps_within_max_surge_and_max_unavailable():
    # replicas 10, maxSurge 1, maxUnavailable 25% -> 2 (rounded down): never more than 11 pods,
    # never fewer than 8 available. By hand from rolling.go:
    #   NewRSNewReplicas: 10 old pods, at most 11 -> new RS to 1
    #   reconcileOldReplicaSets: 11 pods - 8 min available - 1 new unavailable = 2 -> old to 8
    #   NewRSNewReplicas: 9 pods, at most 11 -> new RS to 3
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl apply -f dp-web-RollingUpdate.yaml")
    shell.run("sleep 30")
    before = len(scaling_events(cluster))
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0")
    shell.run("kubectl rollout status deployment dp-web")
    steps = scaling_events(cluster)[before:]
    assert steps[:3] == [f"Scaled up replica set {NEW} to 1", f"Scaled down replica set {OLD} to 8",
                         f"Scaled up replica set {NEW} to 3"]
    assert steps[-1] == f"Scaled down replica set {OLD} to 0"
    sizes = {OLD: 10, NEW: 0}
    for message in steps:  # replay the steps: the bounds hold after every one of them
        words = message.split()
        sizes[words[-3]] = int(words[-1])
        assert sizes[OLD] + sizes[NEW] <= 11
    status = deployment(cluster)["status"]
    assert (status["replicas"], status["updatedReplicas"], status["availableReplicas"]) == (10, 10, 10)
    progressing = next(c for c in status["conditions"] if c["type"] == "Progressing")
    assert (progressing["status"], progressing["reason"]) == ("True", "NewReplicaSetAvailable")
    assert progressing["message"] == f'ReplicaSet "{NEW}" has successfully progressed.'


def test_recreate_scales_the_old_replicaset_to_zero_before_the_new_one_exists():
    cluster = Cluster(seed=6, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("sleep 20")
    shell.run("""kubectl patch deployment dp-web -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'""")
    before = len(scaling_events(cluster))
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0")
    shell.run("kubectl rollout status deployment dp-web")
    assert scaling_events(cluster)[before:] == [f"Scaled down replica set {OLD} to 0",
                                                f"Scaled up replica set {NEW} to 3"]


def test_a_rollout_that_cannot_progress_exceeds_its_deadline():
    cluster = Cluster(seed=7, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("""kubectl patch deployment dp-web -p '{"spec":{"progressDeadlineSeconds":30}}'""")
    shell.run("sleep 20")
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:9.9")  # no such tag
    result = shell.run("kubectl rollout status deployment dp-web")
    assert result.exit_code == 1
    assert result.stderr.strip() == 'error: deployment "dp-web" exceeded its progress deadline'
    conditions = {c["type"]: c for c in deployment(cluster)["status"]["conditions"]}
    assert (conditions["Progressing"]["status"], conditions["Progressing"]["reason"]) == \
        ("False", "ProgressDeadlineExceeded")
    assert conditions["Available"]["status"] == "True"  # the old pods still serve
    new_rs = next(rs for rs in cluster.list("replicasets", "default") if rs["metadata"]["name"] != OLD)
    assert conditions["Progressing"]["message"] == f'ReplicaSet "{new_rs["metadata"]["name"]}" has timed out progressing.'


def event_times(cluster: Cluster) -> dict[str, float]:
    events = cluster.events.for_object("default", "Deployment", "dp-web")
    return {event.message: event.first_timestamp for event in events if event.reason == "ScalingReplicaSet"}


def test_min_ready_seconds_holds_each_step_until_the_new_pod_has_been_ready_that_long():
    # dp-web-v1.yaml: 3 replicas, default 25%/25% -> maxSurge 1 (rounded up), maxUnavailable 0 (down).
    # rolling.go scales the old ReplicaSet down only as new pods become *available*, and
    # podutil.IsPodAvailable makes a pod available once its Ready condition is older than
    # minReadySeconds (`LastTransitionTime.Add(minReadySeconds).Before(now)`): each step waits >= 10 s.
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("sleep 20")
    shell.run("""kubectl patch deployment dp-web -p '{"spec": {"minReadySeconds": 10}}'""")
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0")
    status = shell.run("kubectl rollout status deployment dp-web")
    assert status.exit_code == 0
    times = event_times(cluster)
    up_1, down_2 = times[f"Scaled up replica set {NEW} to 1"], times[f"Scaled down replica set {OLD} to 2"]
    down_1, down_0 = times[f"Scaled down replica set {OLD} to 1"], times[f"Scaled down replica set {OLD} to 0"]
    assert down_2 - up_1 > 10 and down_1 - down_2 > 10 and down_0 - down_1 > 10
    replica_sets = {rs["metadata"]["name"]: rs for rs in cluster.list("replicasets", "default")}
    assert replica_sets[NEW]["spec"]["minReadySeconds"] == 10  # the new ReplicaSet gets the Deployment's


def test_a_ready_pod_is_not_available_before_min_ready_seconds():
    """The Deployment's READY counts Ready pods, AVAILABLE only those Ready for minReadySeconds."""
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("sleep 20")
    shell.run("""kubectl patch deployment dp-web -p '{"spec":{"minReadySeconds":30,"strategy":{"type":"Recreate","rollingUpdate":null}}}'""")
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0")
    shell.run("sleep 40")  # Recreate: the old node-web pods are killed at the end of their 30 s grace, then the new start
    status = deployment(cluster)["status"]
    assert (status["readyReplicas"], status.get("availableReplicas", 0)) == (3, 0)
    lines = shell.run("kubectl rollout status deployment dp-web").stdout.splitlines()
    # DeploymentStatusViewer (kubectl polymorphichelpers/rollout_status.go): every pod updated, none available
    # yet, then each as its 30 s pass (the pods started at their own times: a line per status write), then done
    waiting = 'Waiting for deployment "dp-web" rollout to finish: {} of 3 updated replicas are available...'
    assert lines[0] == waiting.format(0) and lines[-1] == 'deployment "dp-web" successfully rolled out'
    assert lines[1:-1] in ([], [waiting.format(1)], [waiting.format(2)], [waiting.format(1), waiting.format(2)])
    assert deployment(cluster)["status"]["availableReplicas"] == 3


def test_rollout_status_prints_each_line_of_the_viewer_as_the_rollout_moves():
    """rollout_status.go's lines in order while dp-web-RollingUpdate.yaml (10 replicas, maxSurge 1,
    maxUnavailable 25% -> 2) rolls to 2.0, each new pod available 5 s after it is Ready: new replicas
    counted up, then the old ones pending termination. (The simulated kubelet starts a pod whose image
    the node has at once, so without minReadySeconds or a probe the steps share one instant.)"""
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run("kubectl apply -f dp-web-RollingUpdate.yaml")
    shell.run("sleep 30")
    shell.run("""kubectl patch deployment dp-web -p '{"spec": {"minReadySeconds": 5}}'""")
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0")
    lines = shell.run("kubectl rollout status deployment dp-web").stdout.splitlines()
    waiting = 'Waiting for deployment "dp-web" rollout to finish: '
    assert lines[-1] == 'deployment "dp-web" successfully rolled out'
    counted = [int(line[len(waiting):].split()[0]) for line in lines if line.endswith("new replicas have been updated...")]
    assert counted == sorted(counted) and counted[-1] < 10 and len(counted) >= 2
    for line in lines[:-1]:
        assert line.startswith(waiting) and line.endswith(("out of 10 new replicas have been updated...",
                                                           "old replicas are pending termination...",
                                                           "updated replicas are available..."))
