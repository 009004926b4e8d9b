"""Fixtures for simulator tests: a fresh lecture cluster and object factories."""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.controllers.pod_start import PULL_SECONDS, SANDBOX_SECONDS
from simulator.controllers.pod_stop import CLEANUP_SECONDS
from simulator.objects import KubeObject, ObjectMeta

# the longest a pod of the simulated registry's images takes from its bind to Running (one pull at most)
STARTED_WITHIN = SANDBOX_SECONDS[1] + PULL_SECONDS[1]


# the longest a deleted pod takes to go: a process ignoring SIGTERM killed after the default 30 s grace,
# then removed once reported (controllers/pod_stop.py)
STOPPED_WITHIN = 30 + CLEANUP_SECONDS + 1


def let_pods_stop(cluster) -> None:
    """Settle a deletion the test wrote into the store, then let the deleted pods' stop time pass."""
    cluster.settle()
    cluster.tick(STOPPED_WITHIN)


def let_pods_start(cluster) -> None:
    """Settle what a test wrote into the store, then let the scheduled pods' start time pass."""
    cluster.settle()
    cluster.tick(STARTED_WITHIN)


RS_WEB_MANIFEST = b"""apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs-web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: node-web
  template:
    metadata:
      labels:
        app: node-web
    spec:
      containers:
      - name: node-web
        image: whatwant/node-web:1.0
        ports:
        - containerPort: 8080
"""


@pytest.fixture
def rs_web_manifest() -> bytes:
    """The lecture's rs-web.yaml (three whatwant/node-web:1.0 pods labelled app=node-web)."""
    return RS_WEB_MANIFEST


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=7)


def make_service(name: str = "svc-web", *, namespace: str = "default", ports=None, selector=None, **spec) -> KubeObject:
    body = {"ports": ports if ports is not None else [{"port": 80, "targetPort": 8080}], **spec}
    if selector is not False:
        body["selector"] = selector or {"app": "node-web"}
    return KubeObject("v1", "Service", ObjectMeta(name, namespace), {"spec": body})


def make_replicaset(name: str = "rs-web", *, replicas: int = 3, labels=None, image: str = "whatwant/node-web:1.0",
                    namespace: str = "default", ports=None, readiness=None) -> KubeObject:
    labels = labels or {"app": "node-web"}
    container = {"name": "node-web", "image": image, "ports": ports or [{"containerPort": 8080}]}
    if readiness:
        container["readinessProbe"] = readiness
    spec = {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [container]}}}
    return KubeObject("apps/v1", "ReplicaSet", ObjectMeta(name, namespace), {"spec": spec})


@pytest.fixture(name="make_service")
def service_factory():
    return make_service


@pytest.fixture(name="make_replicaset")
def replicaset_factory():
    return make_replicaset
