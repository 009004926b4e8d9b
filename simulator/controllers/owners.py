"""Owner references: which objects a controller owns, and how it adopts orphans."""

from __future__ import annotations

from simulator.objects import KubeObject, match_label_selector


def controller_ref(owner: KubeObject) -> dict:
    return {
        "apiVersion": owner.api_version,
        "blockOwnerDeletion": True,
        "controller": True,
        "kind": owner.kind,
        "name": owner.name,
        "uid": owner.metadata.uid,
    }


def owned_by(owner: KubeObject, candidates: list[KubeObject]) -> list[KubeObject]:
    """Objects controlled by `owner`, adopting matching orphans as the controllers do."""
    selector = owner.spec.get("selector")
    result = []
    for obj in candidates:
        uid = obj.metadata.owner_uid()
        if uid == owner.metadata.uid:
            result.append(obj)
        elif uid is None and match_label_selector(selector, obj.labels) and selector:
            obj.metadata.owner_references.append(controller_ref(owner))
            result.append(obj)
    return result
