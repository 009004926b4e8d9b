"""The DaemonSet controller: one pod on every node the pod template tolerates and whose labels
match its `nodeSelector`; a pod on a node that stopped matching is deleted. Its pods carry the
tolerations `AddOrUpdateDaemonPodTolerations` adds (pkg/controller/daemon/util/daemonset_util.go,
v1.23), so DefaultTolerationSeconds finds not-ready and unreachable already tolerated, forever."""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.owners import owned_by
from simulator.controllers.replicaset import pod_from_template
from simulator.controllers.scheduler import tolerates_node
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.objects import KubeObject, pod_is_ready
from simulator.registry.kinds import by_kind

DAEMONSETS = by_kind("DaemonSet")
PODS = by_kind("Pod")
NODES = by_kind("Node")


class DaemonSetController(Controller):
    watches = ("daemonsets", "pods", "nodes")

    def __init__(self) -> None:
        self.synced = SyncMarks()

    def reconcile(self, ctx: ControllerContext) -> None:
        for daemonset in ctx.store.list(DAEMONSETS):
            if self.synced.due(ctx.store, daemonset, ("pods",), cluster_inputs=("nodes",)):
                sync_daemon_set(ctx, daemonset)
                self.synced.mark(ctx.store, daemonset)


# (key, effect) in AddOrUpdateDaemonPodTolerations' order; network-unavailable only with hostNetwork
DAEMON_TOLERATIONS = (("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
                      ("node.kubernetes.io/disk-pressure", "NoSchedule"),
                      ("node.kubernetes.io/memory-pressure", "NoSchedule"),
                      ("node.kubernetes.io/pid-pressure", "NoSchedule"),
                      ("node.kubernetes.io/unschedulable", "NoSchedule"))
NETWORK_UNAVAILABLE = ("node.kubernetes.io/network-unavailable", "NoSchedule")


def add_daemon_pod_tolerations(spec: dict) -> None:
    """`AddOrUpdateTolerationInPodSpec` for each: a toleration of the same key, operator, value and
    effect (`MatchToleration`) is replaced in place by the controller's own, any other is appended."""
    wanted = DAEMON_TOLERATIONS + ((NETWORK_UNAVAILABLE,) if spec.get("hostNetwork") else ())
    tolerations = list(spec.get("tolerations") or [])
    for key, effect in wanted:
        toleration = {"key": key, "operator": "Exists", "effect": effect}
        same = [i for i, t in enumerate(tolerations) if isinstance(t, dict) and t.get("key", "") == key
                and t.get("operator", "Equal") == "Exists" and t.get("value", "") == "" and t.get("effect", "") == effect]
        if same:
            tolerations[same[0]] = toleration
        else:
            tolerations.append(toleration)
    spec["tolerations"] = tolerations


def selects_node(pod_spec: dict, node: KubeObject) -> bool:
    """The template's `nodeSelector`: every label it names, with that value, on the node."""
    labels = node.labels
    return all(labels.get(key) == value for key, value in (pod_spec.get("nodeSelector") or {}).items())


def sync_daemon_set(ctx: ControllerContext, daemonset: KubeObject) -> None:
    pod_spec = (daemonset.spec.get("template") or {}).get("spec") or {}
    nodes = [n for n in ctx.store.list(NODES) if tolerates_node(pod_spec, n) and selects_node(pod_spec, n)]
    wanted = {n.name for n in nodes}
    pods = owned_by(daemonset, ctx.store, PODS)
    for pod in [p for p in pods if p.spec.get("nodeName") not in wanted]:  # the node stopped matching
        ctx.store.delete(PODS, pod.namespace, pod.name)
        ctx.record(daemonset, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", "daemonset-controller")
    pods = [p for p in pods if p.spec.get("nodeName") in wanted]
    covered = {p.spec.get("nodeName") for p in pods}
    for node in nodes:
        if node.name in covered:
            continue
        pod = pod_from_template(daemonset, daemonset.name + "-")
        add_daemon_pod_tolerations(pod.spec)
        pod.spec["nodeName"] = node.name
        try:
            ctx.store.create(pod)
        except StatusError as error:
            ctx.record(daemonset, "Warning", "FailedCreate", f"Error creating: {error.message}", "daemonset-controller")
            break
    pods = owned_by(daemonset, ctx.store, PODS)
    ready = sum(1 for p in pods if pod_is_ready(p))
    status = {
        "currentNumberScheduled": len(pods),
        "desiredNumberScheduled": len(nodes),
        "numberAvailable": ready,
        "numberMisscheduled": 0,
        "numberReady": ready,
        "observedGeneration": daemonset.metadata.generation,
        "updatedNumberScheduled": len(pods),
    }
    if daemonset.body.get("status") != status:
        ctx.store.update(daemonset.with_status(status))
