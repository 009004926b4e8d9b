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
