"""Week 10: requests, limits and QoS as v1.23 keeps them, and the scheduler's resource refusals.

Independent truth: the v1.23.7 source. `SetDefaults_Pod` (pkg/apis/core/v1/defaults.go)
copies each container's limits into its missing requests, on pods only; `GetPodQOS`
(pkg/apis/core/v1/helper/qos/qos.go) gives Guaranteed when every container limits cpu and
memory and the sums of requests equal those of limits; NodeResourcesFit's `fitsRequest`
(pkg/scheduler/framework/plugins/noderesources/fit.go) says `Insufficient cpu` and the
FitError counts each reason over the nodes, sorted. The course's worker1 allocates 900m cpu.
Slides (10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt) line 74:
" - requests를 설정하지 않으면, limits 값으로 requests 값 설정됨" (requests default to limits).
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind
from simulator.resources import pod_requests, qos_class

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
 containers:
 - image: busybox
   command: ["dd", "if=/dev/zero", "of=/dev/null"]
   name: dd
   resources:
{resources}
"""
# slide lines 87-99: 08-week/limits/pod-limits.yaml
LIMITS = POD.format(name="limits", resources="     limits:\n       cpu: 200m\n       memory: 10Mi")
# slide lines 48-62: 08-week/requests/pod-requests.yaml
REQUESTS = POD.format(name="requests", resources="     requests:\n       cpu: 200m\n       memory: 10Mi")


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        resources:
          limits:
            cpu: 100m
            memory: 64Mi
"""


def session_with(**files: str):
    cluster = Cluster(seed=7, files={f"{name}.yaml": body.encode() for name, body in files.items()})
    return cluster, cluster.session()


def test_a_pod_with_only_limits_gets_them_as_requests_and_is_guaranteed():
    cluster, session = session_with(limits=LIMITS)
    assert session.run("kubectl create -f limits.yaml").output == "pod/limits created\n"
    pod = cluster.store.get(by_kind("Pod"), "default", "limits")
    assert pod.spec["containers"][0]["resources"]["requests"] == {"cpu": "200m", "memory": "10Mi"}
    assert pod.status["qosClass"] == "Guaranteed"
    described = session.run("kubectl describe pod limits").stdout.splitlines()
    start = described.index("    Limits:")
    assert described[start:start + 6] == ["    Limits:", "      cpu:     200m", "      memory:  10Mi",
                                          "    Requests:", "      cpu:        200m", "      memory:     10Mi"]
    assert "QoS Class:          Guaranteed" in described


def test_a_pod_with_only_requests_is_burstable_and_one_without_either_best_effort():
    cluster, session = session_with(requests=REQUESTS)
    session.run("kubectl create -f requests.yaml")
    session.run("kubectl run plain --image=busybox")
    pods = by_kind("Pod")
    assert cluster.store.get(pods, "default", "requests").status["qosClass"] == "Burstable"
    assert cluster.store.get(pods, "default", "plain").status["qosClass"] == "BestEffort"


def test_templates_keep_their_requests_unset():
    """Only pods are defaulted: a Deployment's template keeps what was written, its pods get requests."""
    cluster, session = session_with(web=DEPLOYMENT)
    assert session.run("kubectl create -f web.yaml").output == "deployment.apps/web created\n"
    deployment = cluster.store.get(by_kind("Deployment"), "default", "web")
    resources = deployment.spec["template"]["spec"]["containers"][0]["resources"]
    assert resources == {"limits": {"cpu": "100m", "memory": "64Mi"}}
    pod = cluster.store.list(by_kind("Pod"), "default", {"matchLabels": {"app": "web"}})[-1]
    assert pod.spec["containers"][0]["resources"]["requests"] == {"cpu": "100m", "memory": "64Mi"}


@pytest.mark.parametrize(("spec", "expected"), [
    ({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}},
                     {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}}]},
     "Guaranteed"),
    # one container without a memory limit: not Guaranteed even though what is set is equal
    ({"containers": [{"resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "1"}}}]}, "Burstable"),
    # zero requests do not count (`quantity.Cmp(zero) == 1`)
    ({"containers": [{"resources": {"requests": {"cpu": "0"}}}]}, "BestEffort"),
    # storage is not a QoS resource
    ({"containers": [{"resources": {"requests": {"ephemeral-storage": "1Gi"}}}]}, "BestEffort"),
    ({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}}}]},
     "Burstable"),
])
def test_qos_classes_as_get_pod_qos_gives_them(spec, expected):
    assert qos_class(spec) == expected


def test_scheduler_requests_are_the_larger_of_the_containers_sum_and_any_init_container():
    spec = {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}},
                           {"resources": {"requests": {"cpu": "200m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "500m", "memory": "1Mi"}}}]}
    assert pod_requests(spec) == {"cpu": 500, "memory": 64 * 1024 * 1024, "ephemeral-storage": 0}


def test_a_pod_asking_more_cpu_than_any_worker_has_stays_pending_with_the_schedulers_event():
    big = LIMITS.replace("name: limits", "name: big").replace("200m", "2")
    cluster, session = session_with(big=big)
    session.run("kubectl create -f big.yaml")
    message = ("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, "
               "that the pod didn't tolerate, 2 Insufficient cpu.")
    pod = cluster.store.get(by_kind("Pod"), "default", "big")
    assert "nodeName" not in pod.spec
    assert pod.status["conditions"][0]["message"] == message
    assert session.run("kubectl describe pod big").stdout.splitlines()[-1].split(None, 4)[4] == message


def test_requests_fill_a_node_and_the_next_pod_goes_to_the_other_worker_then_waits():
    """worker1 and worker2 allocate 900m each (the course's 1-cpu workers less kubespray's reservation)."""
    pods = {f"p{i}": LIMITS.replace("name: limits", f"name: p{i}").replace("200m", "600m") for i in range(3)}
    cluster, session = session_with(**pods)
    for name in pods:
        session.run(f"kubectl create -f {name}.yaml")
    nodes = [cluster.store.get(by_kind("Pod"), "default", name).spec.get("nodeName") for name in pods]
    assert sorted(nodes[:2]) == ["worker1", "worker2"] and nodes[2] is None
    assert cluster.store.get(by_kind("Pod"), "default", "p2").status["conditions"][0]["message"].endswith(
        "2 Insufficient cpu.")
    session.run("kubectl delete pod p0")
    assert cluster.store.get(by_kind("Pod"), "default", "p2").spec.get("nodeName") == nodes[0]
