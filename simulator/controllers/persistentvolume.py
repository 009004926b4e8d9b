"""The PersistentVolume controller of kube-controller-manager 1.23 (`pkg/controller/volume/persistentvolume/
pv_controller.go`): it binds each claim to the smallest Available volume that satisfies it, marks a
volume whose claim is gone Released and reclaims it by its policy.

Matching (`FindMatchingVolume`, component-helpers `storage/volume/pv_helpers.go`): a volume pre-bound
to the claim wins; otherwise it must be Available and unclaimed, match the claim's selector, be of
the claim's class (`""` matches only volumes without a class), have the same volumeMode, hold at
least the request and offer every access mode asked for; the smallest such volume is taken. A claim
whose class binds `WaitForFirstConsumer` is left to the scheduler (`scheduler_volumes.py`), which
picks a volume that suits the pod's node. Binding writes `spec.claimRef` and the
`pv.kubernetes.io/bound-by-controller` annotation on the volume and `spec.volumeName`,
`bind-completed` and the volume's access modes and capacity on the claim, both `Bound`.

The events keep 1.23's reasons and texts. A claim is synced when it is written (the informer's add and
update) and on every resync, 15 s apart (`--pvclaimbinder-sync-period`, `ctrl.resync` re-queues every
claim); each sync of a claim still waiting says why again, which the recorder counts: `describe pvc`
shows `(x5 over 62s)`. The resync's phase is the controller manager's start, drawn per cluster. Resyncs
are not waited for one by one: when the controller next runs (at the next command, or the next timer
of any controller) it says, at each missed resync's own time, what it would have said then.
"""

from __future__ import annotations

import re

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.pv_matching import bound_to, find_best_match, satisfies
from simulator.kinds.persistentvolume import PV, PVC, claim_class, claim_in_use
from simulator.kinds.storageclass import RESOURCE as STORAGE_CLASS, binding_mode
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

PODS = by_kind("Pod")
BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
SELECTED_NODE = "volume.kubernetes.io/selected-node"
SOURCE = "persistentvolume-controller"
RESYNC_PERIOD = 15.0  # PVClaimBinderSyncPeriod's default
CAUGHT_UP_ONE_BY_ONE = 1000  # missed resyncs told at their own times (over 4 h); older ones counted in one go


def is_delay_binding(ctx: ControllerContext, claim: KubeObject) -> bool:
    """`IsDelayBindingMode`: the claim's class exists and binds WaitForFirstConsumer."""
    name = claim_class(claim)
    sc = ctx.store.find(STORAGE_CLASS, None, name) if name else None
    return sc is not None and binding_mode(sc) == "WaitForFirstConsumer"


def bind(ctx: ControllerContext, volume: KubeObject, claim: KubeObject) -> None:
    """`bind`: the volume's claimRef and phase first, then the claim's volumeName, annotations and status."""
    ref = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": claim.name, "namespace": claim.namespace,
           "resourceVersion": str(claim.metadata.resource_version), "uid": claim.metadata.uid}
    current = volume.spec.get("claimRef") or {}
    if current.get("uid") != claim.metadata.uid or volume.status.get("phase") != "Bound":
        changed = volume.clone()
        if not current:
            changed.metadata.annotations[BOUND_BY_CONTROLLER] = "yes"
        changed.body["spec"]["claimRef"] = ref if current.get("uid") != claim.metadata.uid else dict(current)
        changed.body["status"] = {**changed.body.get("status", {}), "phase": "Bound"}
        volume = ctx.store.update(changed)
    status = {**claim.status, "phase": "Bound", "accessModes": list(volume.spec.get("accessModes") or []),
              "capacity": dict(volume.spec.get("capacity") or {})}
    if (claim.spec.get("volumeName") == volume.name and claim.metadata.annotations.get(BIND_COMPLETED) == "yes"
            and claim.status == status):
        return
    changed = claim.clone()
    if changed.spec.get("volumeName") != volume.name:
        changed.body["spec"]["volumeName"] = volume.name
        changed.metadata.annotations[BOUND_BY_CONTROLLER] = "yes"
    changed.metadata.annotations[BIND_COMPLETED] = "yes"
    changed.body["status"] = status
    ctx.store.update(changed)


class PersistentVolumeController(Controller):
    # not pods: 1.23's controller reads them only on its 15 s resync, by when the scheduler has placed them
    watches = ("persistentvolumes", "persistentvolumeclaims", "storageclasses")

    def __init__(self) -> None:
        self.told: dict[str, tuple[str, str]] = {}  # object uid -> the (reason, message) it was last told
        self.started: float | None = None  # the resyncs' phase
        self.resyncs = 0  # resyncs done since `started`
        self.synced: dict[str, int] = {}  # claim uid -> the resourceVersion its last sync saw
        self.fresh = False  # the claim in hand was written since its last sync (the informer's update)
        self.missed: list[tuple[float, int]] = []  # resyncs since the last reconcile: (when, how many)

    def reconcile(self, ctx: ControllerContext) -> None:
        self.missed = self.resyncs_missed(ctx)
        claims = sorted(ctx.store.list(PVC), key=lambda c: c.metadata.creation_timestamp)
        for claim in claims:
            self.fresh = self.synced.get(claim.metadata.uid) != claim.metadata.resource_version
            self.sync_claim(ctx, ctx.store.get(PVC, claim.namespace, claim.name))
            after = ctx.store.find(PVC, claim.namespace, claim.name)
            if after is not None:
                self.synced[claim.metadata.uid] = after.metadata.resource_version
        present = {claim.metadata.uid for claim in claims}
        self.synced = {uid: version for uid, version in self.synced.items() if uid in present}
        for volume in ctx.store.list(PV):
            self.sync_volume(ctx, volume)

    def resyncs_missed(self, ctx: ControllerContext) -> list[tuple[float, int]]:
        """The 15 s resyncs since the last reconcile, oldest first (the first reconcile fixes their phase)."""
        now = ctx.clock.now()
        if self.started is None:
            self.started = now - ctx.rng.stream("pv-controller-resync").uniform(0, RESYNC_PERIOD)
        due = int((now - self.started) // RESYNC_PERIOD)
        first, self.resyncs = self.resyncs + 1, max(self.resyncs, due)
        if due < first:
            return []
        alone = max(first, due - CAUGHT_UP_ONE_BY_ONE + 1)
        missed = [(self.started + index * RESYNC_PERIOD, 1) for index in range(alone, due + 1)]
        if alone > first:  # the spam filter held back all but one in 20 of them: count them together
            missed.insert(0, (self.started + (alone - 1) * RESYNC_PERIOD, alone - first))
        return missed

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        """A resync came round while a claim waits to be bound: it says why once more."""
        if self.started is None or int((ctx.clock.now() - self.started) // RESYNC_PERIOD) <= self.resyncs:
            return False
        return any(c.metadata.annotations.get(BIND_COMPLETED) != "yes" for c in ctx.store.list(PVC))

    def tell(self, ctx: ControllerContext, obj: KubeObject, type_: str, reason: str, message: str) -> None:
        if self.told.get(obj.metadata.uid) != (reason, message):
            self.told[obj.metadata.uid] = (reason, message)
            ctx.record(obj, type_, reason, message, SOURCE)

    def announce(self, ctx: ControllerContext, claim: KubeObject, type_: str, reason: str, message: str) -> None:
        """An unbound claim's event: said at each of its syncs, as `syncUnboundClaim` says it."""
        self.told[claim.metadata.uid] = (reason, message)
        for at, repeats in self.missed:
            if at > claim.metadata.creation_timestamp:
                ctx.record(claim, type_, reason, message, SOURCE, at=at, repeats=repeats)
        if self.fresh:
            ctx.record(claim, type_, reason, message, SOURCE)

    def pending(self, ctx: ControllerContext, claim: KubeObject, phase: str = "Pending") -> None:
        if claim.status.get("phase") != phase:
            ctx.store.update(claim.with_status({**claim.status, "phase": phase}))

    # claims ------------------------------------------------------------------------------------------
    def sync_claim(self, ctx: ControllerContext, claim: KubeObject) -> None:
        if claim.metadata.annotations.get(BIND_COMPLETED) != "yes":
            self.sync_unbound_claim(ctx, claim)
        else:
            self.sync_bound_claim(ctx, claim)

    def sync_unbound_claim(self, ctx: ControllerContext, claim: KubeObject) -> None:
        volumes = ctx.store.list(PV)
        name = claim.spec.get("volumeName")
        if not name:
            delay = is_delay_binding(ctx, claim)
            volume = find_best_match(claim, volumes, delay)
            if volume is not None:
                bind(ctx, volume, claim)
                return
            if delay and SELECTED_NODE not in claim.metadata.annotations:
                self.wait_for_consumer(ctx, claim)
            elif claim_class(claim):
                self.provision(ctx, claim)
            else:
                self.announce(ctx, claim, "Normal", "FailedBinding",
                          "no persistent volumes available for this claim and no storage class is set")
            self.pending(ctx, claim)
            return
        volume = next((v for v in volumes if v.name == name), None)
        if volume is None:
            self.pending(ctx, claim)
        elif not volume.spec.get("claimRef"):
            reason = satisfies(volume, claim)
            if reason is None:
                bind(ctx, volume, claim)
            else:
                self.announce(ctx, claim, "Warning", "VolumeMismatch", f'Cannot bind to requested volume "{name}": {reason}')
                self.pending(ctx, claim)
        elif bound_to(volume, claim):
            bind(ctx, volume, claim)
        else:
            self.announce(ctx, claim, "Warning", "FailedBinding", f'volume "{name}" already bound to a different claim.')
            self.pending(ctx, claim)

    def wait_for_consumer(self, ctx: ControllerContext, claim: KubeObject) -> None:
        """`emitEventForUnboundDelayBindingClaim`: WaitForPodScheduled once a pod that uses it waits."""
        waiting = sorted(f"{p.namespace}/{p.name}" for p in ctx.store.list(PODS, claim.namespace)
                         if not p.spec.get("nodeName") and claim.name in claims_of(p))
        if not waiting:
            self.announce(ctx, claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
        elif len(waiting) == 1:
            self.announce(ctx, claim, "Normal", "WaitForPodScheduled", f"waiting for pod {waiting[0]} to be scheduled")
        else:
            self.announce(ctx, claim, "Normal", "WaitForPodScheduled", f"waiting for pods {','.join(waiting)} to be scheduled")

    def provision(self, ctx: ControllerContext, claim: KubeObject) -> None:
        """`provisionClaim`: this cluster runs no in-tree provisioner, so every class's provisioner is external
        (kubernetes.io/no-provisioner included): the controller says it waits for one, or that the class is missing."""
        name = claim_class(claim)
        sc = ctx.store.find(STORAGE_CLASS, None, name)
        if sc is None:
            self.announce(ctx, claim, "Warning", "ProvisioningFailed", f'storageclass.storage.k8s.io "{name}" not found')
            return
        self.announce(ctx, claim, "Normal", "ExternalProvisioning",
                  f'waiting for a volume to be created, either by external provisioner "{sc.body.get("provisioner")}" '
                  "or manually created by system administrator")

    def sync_bound_claim(self, ctx: ControllerContext, claim: KubeObject) -> None:
        name = claim.spec.get("volumeName")
        volume = ctx.store.find(PV, None, name) if name else None
        if not name:
            self.tell(ctx, claim, "Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. "
                      "Data on the volume is lost!")
            self.pending(ctx, claim, "Lost")
        elif volume is None:
            self.tell(ctx, claim, "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. "
                      "Data on the volume is lost!")
            self.pending(ctx, claim, "Lost")
        elif not volume.spec.get("claimRef") or (volume.spec["claimRef"].get("uid") == claim.metadata.uid):
            bind(ctx, volume, claim)
        else:
            self.tell(ctx, claim, "Warning", "ClaimMisbound", "Two claims are bound to the same volume, "
                      "this one is bound incorrectly")
            self.pending(ctx, claim, "Lost")

    # volumes -----------------------------------------------------------------------------------------
    def sync_volume(self, ctx: ControllerContext, volume: KubeObject) -> None:
        ref = volume.spec.get("claimRef")
        if not ref or not ref.get("uid"):
            self.phase(ctx, volume, "Available")
            return
        claim = ctx.store.find(PVC, ref.get("namespace"), ref.get("name", ""))
        if claim is None or claim.metadata.uid != ref.get("uid"):
            if volume.status.get("phase") not in ("Released", "Failed"):
                volume = self.phase(ctx, volume, "Released")
            self.reclaim(ctx, volume)
        elif not claim.spec.get("volumeName"):
            return  # the claim's sync finishes the binding
        elif claim.spec["volumeName"] == volume.name:
            self.phase(ctx, volume, "Bound")
        elif volume.metadata.annotations.get(BOUND_BY_CONTROLLER) == "yes":
            self.unbind(ctx, volume)  # the claim went to another volume: give this one back

    def phase(self, ctx: ControllerContext, volume: KubeObject, phase: str, message: str = "") -> KubeObject:
        status = {**volume.status, "phase": phase}
        status.pop("message", None)
        if message:
            status["message"] = message
        if status == volume.status:
            return volume
        return ctx.store.update(volume.with_status(status))

    def unbind(self, ctx: ControllerContext, volume: KubeObject) -> None:
        changed = volume.clone()
        changed.body["spec"].pop("claimRef", None)
        changed.metadata.annotations.pop(BOUND_BY_CONTROLLER, None)
        changed.body["status"] = {"phase": "Available"}
        ctx.store.update(changed)

    def reclaim(self, ctx: ControllerContext, volume: KubeObject) -> None:
        """`reclaimVolume`: Retain keeps the volume Released for an administrator; Delete runs the volume
        plugin's deleter; Recycle scrubs the files and makes the volume Available again."""
        policy = volume.spec.get("persistentVolumeReclaimPolicy")
        if policy == "Delete":
            self.delete(ctx, volume)
        elif policy == "Recycle" and volume.status.get("phase") == "Released":
            self.recycle(ctx, volume)

    def delete(self, ctx: ControllerContext, volume: KubeObject) -> None:
        error = deleter_error(volume)
        if error is not None:
            if volume.status.get("phase") != "Failed":
                volume = self.phase(ctx, volume, "Failed", error)
                self.tell(ctx, volume, "Warning", "VolumeFailedDelete", error)
            return
        # the hostPath deleter removes the directory where kube-controller-manager runs: the master
        ctx.machines.node_tree("master", ctx.clock.now()).remove_if_present(volume.spec["hostPath"]["path"],
                                                                               ctx.clock.now())
        ctx.machines.files_revision += 1
        ctx.store.delete(PV, None, volume.name)

    def recycle(self, ctx: ControllerContext, volume: KubeObject) -> None:
        """`recycleVolumeOperation`: the plugin's recycler pod empties the volume (`rm -rf` of its contents),
        then the volume is unbound and Available. Only hostPath and nfs volumes have a recycler."""
        if volume.spec.get("nfs") is None and volume.spec.get("hostPath") is None:
            self.phase(ctx, volume, "Failed", "No recycler plugin found for the volume!")
            self.tell(ctx, volume, "Warning", "VolumeFailedRecycle", "No recycler plugin found for the volume!")
            return
        from simulator.controllers.volume_mounts import volume_tree  # the trees live with the mounts
        place = volume_tree(ctx.machines, volume, None, ctx.clock.now())
        if place is not None:
            tree, path = place
            for child in tree.children(path):
                tree.remove(f"{path.rstrip('/')}/{child}", ctx.clock.now(), recursive=True)
            ctx.machines.files_revision += 1
        self.tell(ctx, volume, "Normal", "VolumeRecycled", "Volume recycled")
        self.unbind(ctx, volume)


class StorageProtectionController(Controller):
    """The pvc-protection and pv-protection controllers: a claim deleted while a pod uses it, or a volume
    deleted while Bound, stays Terminating; once nothing holds it, the finalizer goes and so does it."""

    watches = ("pods", "persistentvolumeclaims", "persistentvolumes")

    def reconcile(self, ctx: ControllerContext) -> None:
        for claim in ctx.store.list(PVC):
            if claim.metadata.deletion_timestamp is not None and not claim_in_use(claim, ctx.store):
                ctx.store.delete(PVC, claim.namespace, claim.name, finalize=True)
        for volume in ctx.store.list(PV):
            if volume.metadata.deletion_timestamp is not None and volume.status.get("phase") != "Bound":
                ctx.store.delete(PV, None, volume.name, finalize=True)


HOSTPATH_DELETABLE = re.compile(r"/tmp/.+")


def deleter_error(volume: KubeObject) -> str | None:
    """Why the Delete policy cannot be carried out (`findDeletablePlugin`, the hostPath plugin's
    deleter, which only deletes under /tmp), or None when it can."""
    host_path = volume.spec.get("hostPath")
    if host_path is None:
        return f'error getting deleter volume plugin for volume "{volume.name}": no deletable volume plugin matched'
    path = str(host_path.get("path") or "")
    if not HOSTPATH_DELETABLE.match(path):
        return f"host_path deleter only supports /tmp/.+ but received provided {path}"
    return None


def claims_of(pod: KubeObject) -> list[str]:
    """The claims a pod's volumes name, in order."""
    return [v["persistentVolumeClaim"].get("claimName", "") for v in pod.spec.get("volumes") or []
            if v.get("persistentVolumeClaim") is not None]
