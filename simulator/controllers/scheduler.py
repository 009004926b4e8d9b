"""The scheduler: bind each unscheduled pod to the node that spreads its owner's pods best."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.cluster import Cluster

PODS = by_kind("Pod")
NODES = by_kind("Node")
MAX_PODS_PER_NODE = 110


def tolerates_node(pod_spec: dict, node: KubeObject) -> bool:
    """NoSchedule taints must be tolerated (the master carries node-role.kubernetes.io/master)."""
    tolerations = pod_spec.get("tolerations") or []
    for taint in node.spec.get("taints") or []:
        if taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not any(_tolerates(t, taint) for t in tolerations):
            return False
    return True


def _tolerates(toleration: dict, taint: dict) -> bool:
    if toleration.get("effect") and toleration.get("effect") != taint.get("effect"):
        return False
    if toleration.get("operator") == "Exists":
        return not toleration.get("key") or toleration.get("key") == taint.get("key")
    return toleration.get("key") == taint.get("key") and toleration.get("value", "") == taint.get("value", "")


def reconcile(cluster: "Cluster") -> None:
    pending = [p for p in cluster.store.list(PODS) if not p.spec.get("nodeName")]
    if not pending:
        return
    nodes = cluster.store.list(NODES)
    pods = cluster.store.list(PODS)
    for pod in pending:
        node = choose_node(cluster, pod, nodes, pods)
        if node is None:
            report_unschedulable(cluster, pod, nodes, pods)
            continue
        pod.spec["nodeName"] = node.name
        pod.status["conditions"] = [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                     "lastTransitionTime": cluster.rfc3339_now()}]
        cluster.store.update(pod, validate=False)
        cluster.events.record(pod.namespace, "Pod", pod.name, "Normal", "Scheduled",
                              f"Successfully assigned {pod.namespace}/{pod.name} to {node.name}",
                              "default-scheduler", cluster.clock.now())


def feasible(pod: KubeObject, node: KubeObject, pods_on_node: int) -> bool:
    selector = pod.spec.get("nodeSelector") or {}
    if any(node.labels.get(k) != v for k, v in selector.items()):
        return False
    return tolerates_node(pod.spec, node) and pods_on_node < MAX_PODS_PER_NODE


def choose_node(cluster: "Cluster", pod: KubeObject, nodes: list[KubeObject], pods: list[KubeObject]) -> KubeObject | None:
    owner = pod.metadata.owner_uid()
    per_node = {n.name: 0 for n in nodes}
    siblings = {n.name: 0 for n in nodes}
    for other in pods:
        node_name = other.spec.get("nodeName")
        if node_name in per_node:
            per_node[node_name] += 1
            if owner and other.metadata.owner_uid() == owner:
                siblings[node_name] += 1
    candidates = [n for n in nodes if feasible(pod, n, per_node[n.name])]
    if not candidates:
        return None
    best = min(siblings[n.name] for n in candidates)
    finalists = [n for n in candidates if siblings[n.name] == best]
    return finalists[cluster.random("scheduler").randrange(len(finalists))]


def report_unschedulable(cluster: "Cluster", pod: KubeObject, nodes: list[KubeObject], pods: list[KubeObject]) -> None:
    reasons: dict[str, int] = {}
    for node in nodes:
        count = sum(1 for p in pods if p.spec.get("nodeName") == node.name)
        if not tolerates_node(pod.spec, node):
            key = "{node-role.kubernetes.io/master: }" if node.spec.get("taints") else "{}"
            reason = f"node(s) had taint {key}, that the pod didn't tolerate"
        elif any(node.labels.get(k) != v for k, v in (pod.spec.get("nodeSelector") or {}).items()):
            reason = "node(s) didn't match Pod's node affinity/selector"
        elif count >= MAX_PODS_PER_NODE:
            reason = "Too many pods"
        else:
            continue
        reasons[reason] = reasons.get(reason, 0) + 1
    parts = sorted(f"{n} {r}" for r, n in reasons.items())
    message = f"0/{len(nodes)} nodes are available: {', '.join(parts)}."
    conditions = [{"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                   "lastTransitionTime": cluster.rfc3339_now(), "reason": "Unschedulable", "message": message}]
    if pod.status.get("conditions") != conditions:
        pod.status["conditions"] = conditions
        cluster.store.update(pod, validate=False)
        cluster.events.record(pod.namespace, "Pod", pod.name, "Warning", "FailedScheduling", message,
                              "default-scheduler", cluster.clock.now())
