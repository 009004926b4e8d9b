"""The StorageObjectInUseProtection finalizers as the store keeps them (it keeps no finalizer lists): a claim
deleted while a pod uses it (kubernetes.io/pvc-protection), or a volume deleted while Bound (pv-protection),
is marked deleted and stays, Terminating, until the protection controller (controllers/persistentvolume.py)
finds it free and deletes it with `finalize=True`. Whether an object is held is its strategy's `in_use`."""

from __future__ import annotations

from simulator.objects import KubeObject, store_in_place


def hold(store, rt, obj: KubeObject) -> KubeObject:  # the store calls in: this module never imports it
    """The first delete marks it (deletionTimestamp now, a MODIFIED event); later ones change nothing."""
    if obj.metadata.deletion_timestamp is not None:
        return obj
    marked = obj.clone()
    marked.metadata.deletion_timestamp = store.clock.now()
    marked.metadata.deletion_grace_period_seconds = 0
    store._stamp(marked, "MODIFIED")  # noqa: SLF001 - the store's own write path, as its graceful pod delete
    store._objects[rt.plural][(store._ns(rt, obj.namespace), obj.name)] = store_in_place(marked)  # noqa: SLF001
    store._forget(rt.plural)  # noqa: SLF001
    return marked
