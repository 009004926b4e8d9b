"""Week 10, "which process gets killed when memory is low" (slide lines 218-225): the kubelet fixes each
container's OOM score adjustment by its pod's QoS class, so the kernel kills BestEffort first, then
Burstable, Guaranteed last. `cat /proc/1/oom_score_adj` in a container shows it.

Truth: v1.23 pkg/kubelet/qos/policy.go `GetContainerOOMScoreAdjust`: node-critical pods and Guaranteed
-997, BestEffort 1000, Burstable 1000 - (1000 * memory request) / the machine's memory (integer division),
at least 1000 + (-997) = 3 and at most 999. Worked by hand for the slides' pods (lines 99-116, 127-141)
on a worker, whose machine memory is the node's capacity: 1280 MiB less the kernel's page structs and
fixed part, 1256584Ki (bootstrap.node_capacity, from slide line 45's master).
"""

from __future__ import annotations

from simulator import Cluster
from simulator.resources import oom_score_adj
from tests.simulator.test_week10_resources import LIMITS, POD, REQUESTS

WORKER_MEMORY = 1256584 * 1024
BEST_EFFORT = POD.format(name="besteffort", resources="     {}")


def score(session, pod: str, namespace: str = "default") -> str:
    return session.run(f"kubectl exec -n {namespace} {pod} -- cat /proc/1/oom_score_adj").output


def session():
    files = {"limits.yaml": LIMITS, "requests.yaml": REQUESTS, "besteffort.yaml": BEST_EFFORT}
    s = Cluster(seed=1, files={name: text.encode() for name, text in files.items()}).session()
    s.run("kubectl create -f limits.yaml -f requests.yaml -f besteffort.yaml")
    s.run("sleep 5")
    return s


def test_each_qos_class_gets_its_adjustment():
    s = session()
    assert score(s, "limits") == "-997\n"  # limits only: requests copied from them, Guaranteed
    assert score(s, "besteffort") == "1000\n"
    requested = 10 * 1024 * 1024  # the requests pod: 10Mi, Burstable
    assert score(s, "requests") == f"{1000 - (1000 * requested) // WORKER_MEMORY}\n" == "992\n"


def test_a_node_critical_pod_is_kept_like_a_guaranteed_one():
    """kube-apiserver's mirror pod is system-node-critical and Burstable (a cpu request only)."""
    s = session()
    assert s.run("kubectl get pod -n kube-system kube-apiserver-master -o jsonpath={.status.qosClass}").output \
        == "Burstable"
    spec = {"priorityClassName": "system-node-critical", "containers": [{"resources": {"requests": {"cpu": "250m"}}}]}
    assert oom_score_adj(spec, spec["containers"][0], WORKER_MEMORY) == -997
    burstable = {"containers": [{"resources": {"requests": {"memory": "2Gi"}}}]}
    assert oom_score_adj(burstable, burstable["containers"][0], WORKER_MEMORY) == 3  # floor: 1000 - 1668 -> 3
