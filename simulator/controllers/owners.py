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


def owned_by(owner: KubeObject, store, rt) -> list[KubeObject]:
    """Objects of type `rt` controlled by `owner`, adopting matching orphans as the controllers do."""
    by_owner, orphans = store.controlled_index(rt, owner.namespace)
    result = list(by_owner.get(owner.metadata.uid, ()))
    selector = owner.spec.get("selector")
    if selector and orphans:
        for obj in orphans:
            if match_label_selector(selector, obj.labels) and obj.metadata.owner_uid() is None:
                adopted = obj.clone()
                adopted.metadata.owner_references.append(controller_ref(owner))
                result.append(store.update(adopted))
    return result
