"""The scheduler's VolumeBinding plugin of 1.23 (`pkg/scheduler/framework/plugins/volumebinding`).

PreFilter: a claim the pod names must exist and not be deleted, and a claim of an Immediate class
must already be bound (`pod has unbound immediate PersistentVolumeClaims`); the status is the same
for every node. Filter, per node: a bound claim's volume must allow the node (its nodeAffinity,
`node(s) had volume node affinity conflict`); a claim of a WaitForFirstConsumer class needs an
Available volume that suits it and the node (`node(s) didn't find available persistent volumes to
bind`). PreBind binds the volumes it chose, which the PV controller then reports Bound.
"""

from __future__ import annotations

from simulator.controllers.context import ControllerContext
from simulator.controllers.persistentvolume import bind, claims_of, is_delay_binding
from simulator.controllers.pv_matching import find_best_match, node_matches
from simulator.kinds.persistentvolume import PV, PVC
from simulator.objects import KubeObject

NODE_CONFLICT = "node(s) had volume node affinity conflict"
BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"


def prefilter(ctx: ControllerContext, pod: KubeObject) -> str | None:
    """Why no node can take the pod whatever it is, or None."""
    unbound_immediate = False
    for name in claims_of(pod):
        claim = ctx.store.find(PVC, pod.namespace, name)
        if claim is None:
            return f'persistentvolumeclaim "{name}" not found'
        if claim.metadata.deletion_timestamp is not None:
            return f'persistentvolumeclaim "{name}" is being deleted'
        if not claim.spec.get("volumeName") and not is_delay_binding(ctx, claim):
            unbound_immediate = True
    return "pod has unbound immediate PersistentVolumeClaims" if unbound_immediate else None


def filter_node(ctx: ControllerContext, pod: KubeObject, node: KubeObject) -> str | None:
    """This node's reason, or None when the pod's volumes can be on it."""
    if not claims_of(pod):
        return None
    return _plan(ctx, pod, node)[0]


def _plan(ctx: ControllerContext, pod: KubeObject, node: KubeObject) -> tuple[str | None, list]:
    """(the node's failure, the (volume, claim) pairs to bind there)."""
    volumes = ctx.store.list(PV)
    taken: set[str] = set()
    pairs = []
    for name in claims_of(pod):
        claim = ctx.store.find(PVC, pod.namespace, name)
        if claim is None:
            continue
        bound = claim.spec.get("volumeName")
        if bound:
            volume = next((v for v in volumes if v.name == bound), None)
            if volume is not None and not node_matches(volume.spec.get("nodeAffinity"), node):
                return NODE_CONFLICT, []
            continue
        free = [v for v in volumes if v.name not in taken]
        volume = find_best_match(claim, free, True, node)
        if volume is None:
            return BIND_CONFLICT, []
        taken.add(volume.name)
        pairs.append((volume, claim))
    return None, pairs


def prebind(ctx: ControllerContext, pod: KubeObject, node: KubeObject) -> None:
    """Bind the delayed claims to the volumes chosen for this node."""
    if not claims_of(pod):
        return
    for volume, claim in _plan(ctx, pod, node)[1]:
        bind(ctx, ctx.store.get(PV, None, volume.name), ctx.store.get(PVC, claim.namespace, claim.name))
