"""The ReplicaSet controller: keep `replicas` pods matching the selector.

A pod counts as available once it has been Ready for longer than `minReadySeconds`
(podutil.IsPodAvailable); the controller comes back when the next ready pod turns available,
as replica_set.go requeues after MinReadySeconds.
"""

from __future__ import annotations

from simulator.clock import parse_rfc3339

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.owners import controller_ref, owned_by
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta, pod_is_ready
from simulator.registry.kinds import by_kind
from simulator.frozen import thaw

PODS = by_kind("Pod")
REPLICASETS = by_kind("ReplicaSet")
BURST = 500  # pods created per sync, like the controller's slow-start batches
AFTER = 0.001  # "strictly after": the first moment past an instant the clock can stop at


class ReplicaSetController(Controller):
    # a refused create is tried again when what refused it changes (the real controller requeues with back-off)
    watches = ("replicasets", "pods", "podsecuritypolicies", "rolebindings", "clusterrolebindings", "resourcequotas",
               "limitranges")

    def __init__(self) -> None:
        self.synced = SyncMarks()
        self.wakes: dict[tuple[str | None, str], float] = {}  # when a ready pod of the set turns available

    def next_wake(self, ctx: ControllerContext) -> float | None:
        return min(self.wakes.values(), default=None)

    def reconcile(self, ctx: ControllerContext) -> None:
        now = ctx.clock.now()
        for rs in ctx.store.list(REPLICASETS):
            key = (rs.namespace, rs.name)
            if self.synced.due(ctx.store, rs, ("pods", "rolebindings", "resourcequotas", "limitranges"),
                               ("podsecuritypolicies", "clusterrolebindings")) or self.wakes.get(key, now + 1) <= now:
                self.wakes.pop(key, None)
                wake = sync_replica_set(ctx, rs)
                if wake is not None:
                    self.wakes[key] = wake
                self.synced.mark(ctx.store, rs)


def sync_replica_set(ctx: ControllerContext, rs: KubeObject) -> float | None:
    """manageReplicas, then the status; returns when a ready pod next turns available, if one will."""
    # FilterActivePods: a Terminating pod no longer counts, so its replacement starts at once
    pods = [pod for pod in owned_by(rs, ctx.store, PODS) if pod.metadata.deletion_timestamp is None]
    want = int(rs.spec.get("replicas", 1))
    if len(pods) < want:
        create_pods(ctx, rs, want - len(pods))
    elif len(pods) > want:
        for pod in pods_to_delete(pods, len(pods) - want):
            ctx.store.delete(PODS, pod.namespace, pod.name)
            ctx.record(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", "replicaset-controller")
    # calculateStatus counts the active pods only (FilterActivePods): a Terminating pod is no longer CURRENT or READY
    return update_status(ctx, rs, [pod for pod in owned_by(rs, ctx.store, PODS) if pod.metadata.deletion_timestamp is None])


def create_pods(ctx: ControllerContext, owner: KubeObject, count: int) -> None:
    for _ in range(min(count, BURST)):
        pod = pod_from_template(owner, owner.name + "-")
        try:
            ctx.store.create(pod)
        except StatusError as error:
            ctx.record(owner, "Warning", "FailedCreate", f"Error creating: {error.message}", "replicaset-controller")
            return
        ctx.record(owner, "Normal", "SuccessfulCreate", f"Created pod: {pod.name}", "replicaset-controller")


def pod_from_template(owner: KubeObject, generate_name: str, extra_labels: dict | None = None) -> KubeObject:
    template = owner.spec.get("template") or {}
    meta = template.get("metadata") or {}
    labels = dict(meta.get("labels") or {})
    labels.update(extra_labels or {})
    metadata = ObjectMeta(
        name="",
        namespace=owner.namespace,
        labels=labels,
        annotations=dict(meta.get("annotations") or {}),
        generate_name=generate_name,
        owner_references=[controller_ref(owner)],
    )
    spec = thaw(template.get("spec") or {})
    return KubeObject("v1", "Pod", metadata, {"spec": spec})


def pods_to_delete(pods: list[KubeObject], count: int) -> list[KubeObject]:
    """Unscheduled, then pending, then not ready, then the newest go first (controller.ActivePods)."""

    def rank(pod: KubeObject) -> tuple:
        return (
            bool(pod.spec.get("nodeName")),
            pod.status.get("phase") == "Running",
            pod_is_ready(pod),
            -pod.metadata.creation_timestamp,
        )

    return sorted(pods, key=rank)[:count]


def ready_since(pod: KubeObject) -> float | None:
    """When the pod's Ready condition last turned True; None when it is not Ready."""
    for condition in pod.status.get("conditions") or []:
        if condition.get("type") == "Ready" and condition.get("status") == "True":
            return parse_rfc3339(condition.get("lastTransitionTime")) or 0.0
    return None


def available_at(pod: KubeObject, min_ready_seconds: int) -> float | None:
    """When the pod is (or will be) available: at once when Ready with no minReadySeconds, else once
    its Ready condition is strictly older than them (`LastTransitionTime.Add(min).Before(now)`)."""
    since = ready_since(pod)
    if since is None:
        return None
    return since if min_ready_seconds <= 0 else since + min_ready_seconds + AFTER


def update_status(ctx: ControllerContext, rs: KubeObject, pods: list[KubeObject]) -> float | None:
    """calculateStatus; returns when the next ready pod turns available."""
    ready = sum(1 for p in pods if pod_is_ready(p))
    now, min_ready = ctx.clock.now(), int(rs.spec.get("minReadySeconds") or 0)
    moments = [moment for moment in (available_at(pod, min_ready) for pod in pods) if moment is not None]
    available = sum(1 for moment in moments if moment <= now)
    status = {
        "availableReplicas": available,
        "fullyLabeledReplicas": len(pods),
        "observedGeneration": rs.metadata.generation,
        "readyReplicas": ready,
        "replicas": len(pods),
    }
    status = {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration")}
    if rs.body.get("status") != status:
        ctx.store.update(rs.with_status(status))
    return min((moment for moment in moments if moment > now), default=None)
