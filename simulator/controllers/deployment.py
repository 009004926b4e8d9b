"""The Deployment controller: one ReplicaSet per pod template, old ones scaled to zero.

Revisions follow deployment/sync.go: a new ReplicaSet gets the highest old revision plus
one, a ReplicaSet whose template comes back (`kubectl rollout undo`) is bumped to it, and
the Deployment carries the current number; `kubernetes.io/change-cause` and the other
annotations are copied from the Deployment as `SetNewReplicaSetAnnotations` copies them.
The rollout follows deployment/rolling.go and recreate.go step by step: the new ReplicaSet grows
within maxSurge, old ones shrink as far as maxUnavailable allows counting available pods, each
scaling an event `ScalingReplicaSet`; the Progressing condition follows progress.go, timing
out after progressDeadlineSeconds without progress (ProgressDeadlineExceeded).
"""

from __future__ import annotations


from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.deployment_status import (check_paused_conditions, fenceposts, max_unavailable,
                                                    sync_rollout_status, want_of)
from simulator.controllers.template_hash import compute_hash
from simulator.controllers.owners import controller_ref, owned_by
from simulator.controllers.watch import SyncMarks
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind
from simulator.frozen import thaw

DEPLOYMENTS = by_kind("Deployment")
REPLICASETS = by_kind("ReplicaSet")
PODS = by_kind("Pod")
REVISION = "deployment.kubernetes.io/revision"
# annotationsToSkip in deployment/util: the Deployment's own bookkeeping never reaches its ReplicaSets
NOT_COPIED = frozenset({"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                        "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"})


def pod_template_hash(template: dict, collision_count: int | None = None) -> str:
    """controller.ComputeHash of the template as the API server stored it: the real cluster's names."""
    return compute_hash(template, collision_count)


class DeploymentController(Controller):
    watches = ("deployments", "replicasets", "pods")  # pods: a Recreate waits for the old ones to be gone

    def __init__(self) -> None:
        self.synced = SyncMarks()
        self.deadlines: dict[tuple[str | None, str], float] = {}  # when a rollout in progress times out

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        """A progress deadline passing moves a Deployment without any write (the real loop requeues)."""
        return any(deadline <= ctx.clock.now() for deadline in self.deadlines.values())

    def reconcile(self, ctx: ControllerContext) -> None:
        now = ctx.clock.now()
        for deployment in ctx.store.list(DEPLOYMENTS):
            key = (deployment.namespace, deployment.name)
            # deletePod: a Recreate rollout is synced again when its old pods are gone (deployment_controller.go)
            recreate = (deployment.spec.get("strategy") or {}).get("type") == "Recreate"
            watched = ("replicasets", "pods") if recreate else ("replicasets",)
            if self.synced.due(ctx.store, deployment, watched) or self.deadlines.get(key, now + 1) <= now:
                self.deadlines.pop(key, None)
                deadline = sync_deployment(ctx, deployment)
                if deadline is not None:
                    self.deadlines[key] = deadline
                self.synced.mark(ctx.store, deployment)


def sync_deployment(ctx: ControllerContext, deployment: KubeObject) -> float | None:
    """syncDeployment: paused ones are only scaled; the others roll out by their strategy.

    Returns when the rollout would time out if nothing moves (the controller's requeue).
    """
    deployment = check_paused_conditions(ctx, deployment)
    replica_sets = sorted(owned_by(deployment, ctx.store, REPLICASETS), key=created_order)
    strategy = (deployment.spec.get("strategy") or {}).get("type") or "RollingUpdate"
    create = not deployment.spec.get("paused")
    new_rs, old_rss = new_and_old(ctx, deployment, replica_sets, create=create and strategy != "Recreate")
    if collided(ctx, deployment):
        return ctx.clock.now()  # collisionCount went up: sync again at once under the new name (a requeue)
    if deployment.spec.get("paused"):
        if new_rs is not None:
            scale_to(ctx, deployment, new_rs, min(new_rs.spec.get("replicas", 0), want_of(deployment))
                     if sum(rs.spec.get("replicas", 0) for rs in old_rss) else want_of(deployment))
    elif strategy == "Recreate":
        new_rs, old_rss = rollout_recreate(ctx, deployment, new_rs, old_rss, replica_sets)
    else:
        rollout_rolling(ctx, deployment, new_rs, old_rss)
    if collided(ctx, deployment):
        return ctx.clock.now()
    fresh = sorted(owned_by(deployment, ctx.store, REPLICASETS), key=created_order)
    new_rs = next((rs for rs in fresh if new_rs is not None and rs.metadata.uid == new_rs.metadata.uid), None)
    if new_rs is not None and deployment.metadata.annotations.get(REVISION) != revision_of_text(new_rs):
        changed = deployment.clone()
        changed.metadata.annotations[REVISION] = revision_of_text(new_rs)
        deployment = ctx.store.update(changed)
    return sync_rollout_status(ctx, deployment, new_rs, fresh)


def collided(ctx: ControllerContext, deployment: KubeObject) -> bool:
    """Whether this sync found a hash collision and raised the Deployment's collisionCount."""
    latest = ctx.store.find(DEPLOYMENTS, deployment.namespace, deployment.name)
    def count(obj: KubeObject) -> int:
        return int((obj.body.get("status") or {}).get("collisionCount") or 0)
    return latest is not None and count(latest) > count(deployment)


def created_order(rs: KubeObject) -> tuple:
    return (rs.metadata.creation_timestamp, rs.name)


def new_and_old(ctx: ControllerContext, deployment: KubeObject, replica_sets: list[KubeObject],
                create: bool) -> tuple[KubeObject | None, list[KubeObject]]:
    """getAllReplicaSetsAndSyncRevision: the ReplicaSet of the current template (made if asked), the rest."""
    template = deployment.spec.get("template") or {}
    current = next((rs for rs in replica_sets if same_template_ignoring_hash(rs, template)), None)
    old = [rs for rs in replica_sets if rs is not current]
    revision = str(max((revision_of(rs) for rs in old), default=0) + 1)
    if current is not None:
        min_ready = deployment.spec.get("minReadySeconds") or 0
        if revision_of(current) < int(revision) or (current.spec.get("minReadySeconds") or 0) != min_ready:
            changed = current.clone()
            if revision_of(current) < int(revision):
                changed.metadata.annotations.update(copied_annotations(deployment), **{REVISION: revision})
            set_min_ready_seconds(changed.spec, min_ready)  # getNewReplicaSet keeps the new RS's in step
            current = ctx.store.update(changed)
        return current, old
    if not create:
        return None, old
    replicas = new_rs_replicas(deployment, old, None)
    current = new_replica_set(deployment, template,
                              pod_template_hash(template, deployment.status.get("collisionCount")), replicas)
    current.metadata.annotations.update(copied_annotations(deployment), **{REVISION: revision})
    taken = ctx.store.find(REPLICASETS, deployment.namespace, current.name)
    if taken is not None:
        return resolve_collision(ctx, deployment, taken, template), old
    current = ctx.store.create(current)
    if replicas > 0:
        ctx.record(deployment, "Normal", "ScalingReplicaSet", f"Scaled up replica set {current.name} to {replicas}",
                   "deployment-controller")
    return current, old


def resolve_collision(ctx: ControllerContext, deployment: KubeObject, taken: KubeObject,
                      template: dict) -> KubeObject | None:
    """getNewReplicaSet on AlreadyExists: the Deployment's own ReplicaSet of this template is taken as
    it is; any other means two templates share a hash, so collisionCount goes up and the next sync
    names the ReplicaSet anew (sync.go)."""
    ours = any(ref.get("uid") == deployment.metadata.uid and ref.get("controller")
               for ref in taken.metadata.owner_references)
    if ours and same_template_ignoring_hash(taken, template):
        return taken
    status = dict(deployment.body.get("status") or {})
    status["collisionCount"] = int(status.get("collisionCount") or 0) + 1
    ctx.store.update(deployment.with_status(status))
    return None


def new_rs_replicas(deployment: KubeObject, old_rss: list[KubeObject], new_rs: KubeObject | None) -> int:
    """NewRSNewReplicas: how far the new ReplicaSet may grow now."""
    want = want_of(deployment)
    if ((deployment.spec.get("strategy") or {}).get("type") or "RollingUpdate") != "RollingUpdate":
        return want
    current_new = new_rs.spec.get("replicas", 0) if new_rs is not None else 0
    pods = sum(rs.spec.get("replicas", 0) for rs in old_rss) + current_new
    most = want + fenceposts(deployment)[0]
    if pods >= most:
        return current_new
    return current_new + min(most - pods, max(0, want - current_new))


def scale_to(ctx: ControllerContext, deployment: KubeObject, rs: KubeObject, replicas: int) -> bool:
    """scaleReplicaSetAndRecordEvent, with the desired/max replicas annotations set on the way."""
    if rs.spec.get("replicas", 0) == replicas:
        return False
    verb = "up" if replicas > rs.spec.get("replicas", 0) else "down"
    scaled = with_replicas(rs, replicas)
    want = want_of(deployment)
    scaled.metadata.annotations["deployment.kubernetes.io/desired-replicas"] = str(want)
    scaled.metadata.annotations["deployment.kubernetes.io/max-replicas"] = str(want + fenceposts(deployment)[0])
    ctx.store.update(scaled)
    ctx.record(deployment, "Normal", "ScalingReplicaSet", f"Scaled {verb} replica set {rs.name} to {replicas}",
               "deployment-controller")
    return True


def rollout_rolling(ctx: ControllerContext, deployment: KubeObject, new_rs: KubeObject,
                    old_rss: list[KubeObject]) -> None:
    """rolloutRolling: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable."""
    want = want_of(deployment)
    if new_rs.spec.get("replicas", 0) > want:
        if scale_to(ctx, deployment, new_rs, want):
            return
    elif new_rs.spec.get("replicas", 0) < want:
        if scale_to(ctx, deployment, new_rs, new_rs_replicas(deployment, old_rss, new_rs)):
            return
    reconcile_old(ctx, deployment, new_rs, [rs for rs in old_rss if rs.spec.get("replicas", 0) > 0])


def reconcile_old(ctx: ControllerContext, deployment: KubeObject, new_rs: KubeObject,
                  old_rss: list[KubeObject]) -> None:
    """reconcileOldReplicaSets: unhealthy old pods first, then as many as availability allows."""
    if not old_rss:
        return
    want, unavailable = want_of(deployment), max_unavailable(deployment)
    all_pods = sum(rs.spec.get("replicas", 0) for rs in old_rss) + new_rs.spec.get("replicas", 0)
    min_available = want - unavailable
    new_unavailable = new_rs.spec.get("replicas", 0) - int(new_rs.status.get("availableReplicas") or 0)
    room = all_pods - min_available - new_unavailable
    if room <= 0:
        return
    cleaned = 0
    remaining: list[KubeObject] = []
    for rs in old_rss:  # cleanupUnhealthyReplicas, oldest first
        replicas, available = rs.spec.get("replicas", 0), int(rs.status.get("availableReplicas") or 0)
        if cleaned < room and replicas and replicas != available:
            count = min(room - cleaned, replicas - available)
            scale_to(ctx, deployment, rs, replicas - count)
            cleaned += count
            rs = ctx.store.get(REPLICASETS, rs.namespace, rs.name)
        remaining.append(rs)
    available = sum(int(rs.status.get("availableReplicas") or 0) for rs in [*remaining, new_rs])
    if available <= min_available:
        return
    total, done = available - min_available, 0
    for rs in remaining:  # scaleDownOldReplicaSetsForRollingUpdate, oldest first
        replicas = rs.spec.get("replicas", 0)
        if done >= total:
            break
        if replicas == 0:
            continue
        count = min(replicas, total - done)
        scale_to(ctx, deployment, rs, replicas - count)
        done += count


def rollout_recreate(ctx: ControllerContext, deployment: KubeObject, new_rs: KubeObject | None,
                     old_rss: list[KubeObject], replica_sets: list[KubeObject]):
    """rolloutRecreate: every old pod gone before the new ReplicaSet is made and scaled up."""
    scaled_down = False
    for rs in old_rss:
        scaled_down |= scale_to(ctx, deployment, rs, 0)
    if scaled_down:
        return new_rs, old_rss
    old_uids = {rs.metadata.uid for rs in old_rss}
    if any(owner_uid in old_uids for owner_uid in pod_owner_uids(ctx, deployment)):
        return new_rs, old_rss
    if new_rs is None:
        new_rs, old_rss = new_and_old(ctx, deployment, replica_sets, create=True)
        if new_rs is None:
            return new_rs, old_rss  # a hash collision: the next sync makes it
    scale_to(ctx, deployment, new_rs, want_of(deployment))
    return new_rs, old_rss


def pod_owner_uids(ctx: ControllerContext, deployment: KubeObject) -> list[str]:
    """The controllers of the pods in the Deployment's namespace still running (oldPodsRunning)."""
    uids = []
    for pod in ctx.store.list(PODS, deployment.namespace):
        if pod.status.get("phase") in ("Succeeded", "Failed"):
            continue
        uids.extend(ref.get("uid") for ref in pod.metadata.owner_references if ref.get("controller"))
    return uids


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
    spec = {"replicas": replicas, "selector": selector, "template": template}
    set_min_ready_seconds(spec, deployment.spec.get("minReadySeconds") or 0)
    return KubeObject("apps/v1", "ReplicaSet", metadata, {"spec": spec})


def set_min_ready_seconds(spec: dict, seconds: int) -> None:
    """The ReplicaSet's minReadySeconds as the Deployment's (omitted when zero, as the JSON omits it)."""
    if seconds:
        spec["minReadySeconds"] = seconds
    else:
        spec.pop("minReadySeconds", None)
