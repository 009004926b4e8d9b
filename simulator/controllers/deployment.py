"""The Deployment controller: one ReplicaSet per pod template, old ones scaled to zero.

Revisions follow deployment/sync.go: a new ReplicaSet gets the highest old revision plus
one, a ReplicaSet whose template comes back (`kubectl rollout undo`) is bumped to it, and
the Deployment carries the current number; `kubernetes.io/change-cause` and the other
annotations are copied from the Deployment as `SetNewReplicaSetAnnotations` copies them.
Not done yet: the rollout is not gradual (maxSurge/maxUnavailable); old pods go at once.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.template_hash import compute_hash
from simulator.controllers.owners import controller_ref, owned_by
from simulator.controllers.watch import SyncMarks
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind
from simulator.frozen import thaw

DEPLOYMENTS = by_kind("Deployment")
REPLICASETS = by_kind("ReplicaSet")
REVISION = "deployment.kubernetes.io/revision"
# annotationsToSkip in deployment/util: the Deployment's own bookkeeping never reaches its ReplicaSets
NOT_COPIED = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                        "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"})


def pod_template_hash(template: dict, collision_count: int | None = None) -> str:
    """controller.ComputeHash of the template as the API server stored it: the real cluster's names."""
    return compute_hash(template, collision_count)


class DeploymentController(Controller):
    watches = ("deployments", "replicasets")

    def __init__(self) -> None:
        self.synced = SyncMarks()

    def reconcile(self, ctx: ControllerContext) -> None:
        for deployment in ctx.store.list(DEPLOYMENTS):
            if self.synced.due(ctx.store, deployment, ("replicasets",)):
                sync_deployment(ctx, deployment)
                self.synced.mark(ctx.store, deployment)


def sync_deployment(ctx: ControllerContext, deployment: KubeObject) -> None:
    template = deployment.spec.get("template") or {}
    replica_sets = owned_by(deployment, ctx.store, REPLICASETS)
    current = next((rs for rs in replica_sets if same_template_ignoring_hash(rs, template)), None)
    want = int(deployment.spec.get("replicas", 1))
    revision = str(max((revision_of(rs) for rs in replica_sets if rs is not current), default=0) + 1)
    if current is None and deployment.spec.get("paused"):
        return  # a paused Deployment rolls nothing new out (the controller's `sync` never creates a ReplicaSet)
    if current is None:
        current = new_replica_set(deployment, template,
                                  pod_template_hash(template, deployment.status.get("collisionCount")), want)
        current.metadata.annotations.update(copied_annotations(deployment), **{REVISION: revision})
        current = ctx.store.create(current)
        ctx.record(deployment, "Normal", "ScalingReplicaSet", f"Scaled up replica set {current.name} to {want}",
                   "deployment-controller")
    else:
        if revision_of(current) < int(revision):
            changed = current.clone()
            changed.metadata.annotations.update(copied_annotations(deployment), **{REVISION: revision})
            current = ctx.store.update(changed)
        if current.spec.get("replicas") != want:
            verb = "up" if want > current.spec.get("replicas", 0) else "down"
            current = ctx.store.update(with_replicas(current, want))
            ctx.record(deployment, "Normal", "ScalingReplicaSet",
                       f"Scaled {verb} replica set {current.name} to {want}", "deployment-controller")
    for old in replica_sets:
        if old.metadata.uid != current.metadata.uid and old.spec.get("replicas", 0) != 0:
            ctx.store.update(with_replicas(old, 0))
            ctx.record(deployment, "Normal", "ScalingReplicaSet", f"Scaled down replica set {old.name} to 0",
                       "deployment-controller")
    if deployment.metadata.annotations.get(REVISION) != revision_of_text(current):
        changed = deployment.clone()
        changed.metadata.annotations[REVISION] = revision_of_text(current)
        deployment = ctx.store.update(changed)
    update_status(ctx, deployment, current, replica_sets)


def with_replicas(replica_set: KubeObject, replicas: int) -> KubeObject:
    """A copy of `replica_set` scaled to `replicas`, for the store to update."""
    scaled = replica_set.clone()
    scaled.spec["replicas"] = replicas
    return scaled


def revision_of(rs: KubeObject) -> int:
    """deploymentutil.Revision: the annotation as a number, 0 when absent or not one."""
    try:
        return int(rs.metadata.annotations.get(REVISION, "0"))
    except ValueError:
        return 0


def revision_of_text(rs: KubeObject) -> str:
    return str(revision_of(rs))


def copied_annotations(deployment: KubeObject) -> dict[str, str]:
    return {k: v for k, v in deployment.metadata.annotations.items() if k not in NOT_COPIED}


def same_template_ignoring_hash(rs: KubeObject, template: dict) -> bool:
    """deploymentutil.EqualIgnoreHash: the RS runs this template, whatever its hash label."""
    ours = rs.spec.get("template") or {}
    if ours.get("spec") != template.get("spec"):
        return False
    ours_meta, their_meta = ours.get("metadata") or {}, template.get("metadata") or {}
    labels = {k: v for k, v in (ours_meta.get("labels") or {}).items() if k != "pod-template-hash"}
    rest = {k: v for k, v in ours_meta.items() if k != "labels"}
    return labels == (their_meta.get("labels") or {}) and rest == {k: v for k, v in their_meta.items() if k != "labels"}


def new_replica_set(deployment: KubeObject, template: dict, template_hash: str, replicas: int) -> KubeObject:
    template = thaw(template)
    labels = dict((template.get("metadata") or {}).get("labels") or {})
    labels["pod-template-hash"] = template_hash
    template.setdefault("metadata", {})["labels"] = labels
    selector = thaw(deployment.spec.get("selector") or {})
    selector.setdefault("matchLabels", {})["pod-template-hash"] = template_hash
    metadata = ObjectMeta(
        name=f"{deployment.name}-{template_hash}",
        namespace=deployment.namespace,
        labels=labels,
        annotations={"deployment.kubernetes.io/desired-replicas": str(replicas),
                     "deployment.kubernetes.io/max-replicas": str(replicas + max(1, -(-replicas // 4)))},
        owner_references=[controller_ref(deployment)],
    )
    return KubeObject("apps/v1", "ReplicaSet", metadata, {"spec": {"replicas": replicas, "selector": selector, "template": template}})


def update_status(ctx: ControllerContext, deployment: KubeObject, current: KubeObject,
                  replica_sets: list[KubeObject]) -> None:
    total = sum(rs.status.get("replicas", 0) for rs in replica_sets)
    ready = sum(rs.status.get("readyReplicas", 0) for rs in replica_sets)
    updated = current.status.get("replicas", 0)
    want = int(deployment.spec.get("replicas", 1))
    status: dict = {"observedGeneration": deployment.metadata.generation, "replicas": total, "updatedReplicas": updated}
    if ready:
        status["readyReplicas"] = ready
        status["availableReplicas"] = ready
    if total - ready:
        status["unavailableReplicas"] = max(0, want - ready)
    status["conditions"] = [
        {"type": "Available", "status": "True" if ready >= want else "False",
         "reason": "MinimumReplicasAvailable" if ready >= want else "MinimumReplicasUnavailable",
         "message": "Deployment has minimum availability." if ready >= want else "Deployment does not have minimum availability."},
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
         "message": f'ReplicaSet "{current.name}" has successfully progressed.'},
    ]
    if deployment.body.get("status") != status:
        ctx.store.update(deployment.with_status(status))
