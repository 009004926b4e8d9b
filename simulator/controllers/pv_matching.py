"""Which PersistentVolume serves a claim, as 1.23 decides it: component-helpers'
`storage/volume/pv_helpers.go` (`FindMatchingVolume`, `CheckNodeAffinity`) and pv_controller.go's
`checkVolumeSatisfyClaim`. Read by the PV controller (`persistentvolume.py`) and the scheduler's
volume binding (`scheduler_volumes.py`); they decide nothing of their own.
"""

from __future__ import annotations

from simulator.kinds.persistentvolume import claim_class, storage_bytes, volume_class
from simulator.objects import KubeObject, match_label_selector


def node_matches(affinity: dict | None, node: KubeObject) -> bool:
    """`CheckNodeAffinity`: any required term whose every expression holds for the node's labels
    (`matchFields` on metadata.name too); a volume without node affinity fits every node."""
    terms = ((affinity or {}).get("required") or {}).get("nodeSelectorTerms")
    if not terms:
        return True
    fields = {"metadata.name": node.name}
    return any(_term_matches(term, node.labels, fields) for term in terms)


def _term_matches(term: dict, labels: dict, fields: dict) -> bool:
    expressions = term.get("matchExpressions") or []
    field_expressions = term.get("matchFields") or []
    if not expressions and not field_expressions:
        return False
    return (all(_requirement(e, labels) for e in expressions)
            and all(_requirement(e, fields) for e in field_expressions))


def _requirement(expression: dict, labels: dict) -> bool:
    key, operator = expression.get("key"), expression.get("operator")
    values = [str(v) for v in expression.get("values") or []]
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    if operator in ("Gt", "Lt") and key in labels and values:
        try:
            have, want = int(labels[key]), int(values[0])
        except ValueError:
            return False
        return have > want if operator == "Gt" else have < want
    return False


def bound_to(volume: KubeObject, claim: KubeObject) -> bool:
    """`IsVolumeBoundToClaim`: the claimRef names the claim (and its uid, once one is written)."""
    ref = volume.spec.get("claimRef") or {}
    if ref.get("name") != claim.name or ref.get("namespace") != claim.namespace:
        return False
    return not ref.get("uid") or ref.get("uid") == claim.metadata.uid


def satisfies(volume: KubeObject, claim: KubeObject) -> str | None:
    """`checkVolumeSatisfyClaim`: why the volume cannot serve the claim, or None."""
    if volume.metadata.deletion_timestamp is not None:
        return f'the volume is marked for deletion "{volume.name}"'
    if storage_bytes(volume.spec.get("capacity")) < storage_bytes((claim.spec.get("resources") or {}).get("requests")):
        return "requested PV is too small"
    if volume_class(volume) != claim_class(claim):
        return "storageClassName does not match"
    if (volume.spec.get("volumeMode") or "Filesystem") != (claim.spec.get("volumeMode") or "Filesystem"):
        return "incompatible volumeMode"
    if not set(claim.spec.get("accessModes") or []) <= set(volume.spec.get("accessModes") or []):
        return "incompatible accessMode"
    return None


def find_best_match(claim: KubeObject, volumes: list[KubeObject], delay_binding: bool,
                    node: KubeObject | None = None) -> KubeObject | None:
    """`FindMatchingVolume`: the pre-bound volume, else the smallest that satisfies the claim (on `node`'s
    topology when the scheduler asks); the controller itself leaves delayed claims to the scheduler."""
    best = None
    wanted = storage_bytes((claim.spec.get("resources") or {}).get("requests"))
    selector = claim.spec.get("selector")
    for volume in sorted(volumes, key=lambda v: v.name):
        if (volume.spec.get("volumeMode") or "Filesystem") != (claim.spec.get("volumeMode") or "Filesystem"):
            continue
        if volume.metadata.deletion_timestamp is not None:
            continue
        if node is not None and not node_matches(volume.spec.get("nodeAffinity"), node):
            continue
        if volume.spec.get("claimRef") and bound_to(volume, claim):
            return volume  # pre-bound to this claim: taken whatever its size
        if node is None and delay_binding:
            continue
        if (volume.status.get("phase") != "Available" or volume.spec.get("claimRef")
                or (selector and not match_label_selector(selector, volume.labels))
                or volume_class(volume) != claim_class(claim)):
            continue
        size = storage_bytes(volume.spec.get("capacity"))
        if size < wanted or not set(claim.spec.get("accessModes") or []) <= set(volume.spec.get("accessModes") or []):
            continue
        if best is None or size < storage_bytes(best.spec.get("capacity")):
            best = volume
    return best
