"""The scheduler: bind each unscheduled pod to the node that spreads its owner's pods best."""

from __future__ import annotations

from simulator.controllers import scheduler_volumes
from simulator.controllers.context import Controller, ControllerContext
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind
from simulator.resources import node_allocatable, pod_requests

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


class Scheduler(Controller):
    """Keeps no state of its own: every unscheduled pod is looked at on each run."""

    watches = ("pods", "nodes", "persistentvolumeclaims", "persistentvolumes")

    def reconcile(self, ctx: ControllerContext) -> None:
        if ctx.machines.component_down("kube-scheduler", ctx.clock.now()):
            return  # its static pod is restarting or gone (controllers/control_plane_files.py): nothing binds
        pending = [p for p in ctx.store.list(PODS) if not p.spec.get("nodeName")]
        if pending:
            schedule(ctx, pending)


def schedule(ctx: ControllerContext, pending: list[KubeObject]) -> None:
    nodes = ctx.store.list(NODES)
    pods = ctx.store.list(PODS)  # kept up to date as pods are bound: each choice counts the ones before
    position = {p.metadata.uid: index for index, p in enumerate(pods)}
    for pod in pending:
        everywhere = scheduler_volumes.prefilter(ctx, pod)  # a PreFilter's status holds for every node
        node = None if everywhere else choose_node(ctx, pod, nodes, pods)
        if node is None:
            report_unschedulable(ctx, pod, nodes, pods, everywhere)
            continue
        scheduler_volumes.prebind(ctx, pod, node)
        bound = pod.clone()  # what the pods/binding subresource writes: the node and PodScheduled
        bound.spec["nodeName"] = node.name
        bound.status["conditions"] = [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                       "lastTransitionTime": ctx.now_rfc3339()}]
        pods[position[pod.metadata.uid]] = ctx.store.update(bound)
        ctx.record(pod, "Normal", "Scheduled", f"Successfully assigned {pod.namespace}/{pod.name} to {node.name}",
                   "default-scheduler")


TERMINAL_PHASES = ("Succeeded", "Failed")


def node_failures(ctx: ControllerContext, pod: KubeObject, node: KubeObject, on_node: list[KubeObject]) -> list[str]:
    """The reasons of the first filter plugin that rejects the node, in v1.23's default plugin order.

    TaintToleration, then NodeAffinity (nodeSelector), then NodeResourcesFit, whose `fitsRequest`
    may give several reasons at once (too many pods, insufficient cpu, memory, ephemeral-storage),
    then VolumeBinding (the claims' volumes and the node).
    """
    if not tolerates_node(pod.spec, node):
        key = "{node-role.kubernetes.io/master: }" if node.spec.get("taints") else "{}"
        return [f"node(s) had taint {key}, that the pod didn't tolerate"]
    if any(node.labels.get(k) != v for k, v in (pod.spec.get("nodeSelector") or {}).items()):
        return ["node(s) didn't match Pod's node affinity/selector"]
    failures = resource_failures(pod, node, on_node)
    if failures:
        return failures
    volume_failure = scheduler_volumes.filter_node(ctx, pod, node)
    return [volume_failure] if volume_failure else []


def resource_failures(pod: KubeObject, node: KubeObject, on_node: list[KubeObject]) -> list[str]:
    allocatable = node_allocatable(node.status)
    failures = []
    if len(on_node) + 1 > min(allocatable["pods"], MAX_PODS_PER_NODE):
        failures.append("Too many pods")
    wanted = pod_requests(pod.spec)
    if not any(wanted.values()):
        return failures
    requested = {name: 0 for name in wanted}
    for other in on_node:
        for name, amount in pod_requests(other.spec).items():
            requested[name] += amount
    for name in ("cpu", "memory", "ephemeral-storage"):
        if wanted[name] > allocatable[name] - requested[name]:
            failures.append(f"Insufficient {name}")
    return failures


def pods_by_node(pods: list[KubeObject], nodes: list[KubeObject]) -> dict[str, list[KubeObject]]:
    """What the scheduler's cache holds per node: bound pods that have not terminated."""
    by_node: dict[str, list[KubeObject]] = {n.name: [] for n in nodes}
    for other in pods:
        node_name = other.spec.get("nodeName")
        if node_name in by_node and other.status.get("phase") not in TERMINAL_PHASES:
            by_node[node_name].append(other)
    return by_node


def choose_node(ctx: ControllerContext, pod: KubeObject, nodes: list[KubeObject],
                pods: list[KubeObject]) -> KubeObject | None:
    owner = pod.metadata.owner_uid()
    on_node = pods_by_node(pods, nodes)
    siblings = {name: sum(1 for p in bound if owner and p.metadata.owner_uid() == owner)
                for name, bound in on_node.items()}
    candidates = [n for n in nodes if not node_failures(ctx, pod, n, on_node[n.name])]
    if not candidates:
        return None
    best = min(siblings[n.name] for n in candidates)
    finalists = [n for n in candidates if siblings[n.name] == best]
    return finalists[ctx.rng.stream("scheduler").randrange(len(finalists))]


def report_unschedulable(ctx: ControllerContext, pod: KubeObject, nodes: list[KubeObject],
                         pods: list[KubeObject], everywhere: str | None = None) -> None:
    """`FitError.Error()`: each reason counted over the nodes, the "N reason" strings sorted."""
    reasons: dict[str, int] = {}
    on_node = pods_by_node(pods, nodes)
    for node in nodes:
        for reason in [everywhere] if everywhere else node_failures(ctx, pod, node, on_node[node.name]):
            reasons[reason] = reasons.get(reason, 0) + 1
    parts = sorted(f"{n} {r}" for r, n in reasons.items())
    message = f"0/{len(nodes)} nodes are available: {', '.join(parts)}."
    conditions = [{"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                   "lastTransitionTime": ctx.now_rfc3339(), "reason": "Unschedulable", "message": message}]
    if pod.status.get("conditions") != conditions:
        ctx.store.update(pod.with_status({**pod.status, "conditions": conditions}))
        ctx.record(pod, "Warning", "FailedScheduling", message, "default-scheduler")
