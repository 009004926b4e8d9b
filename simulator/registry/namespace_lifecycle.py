"""A namespace's deletion as the API server of 1.23 runs it: Terminating until emptied.

- `DELETE` of a namespace that carries finalizers (every namespace gets `kubernetes` at create,
  `pkg/registry/core/namespace/storage/storage.go` Delete) does not remove it: it sets
  deletionTimestamp and status.phase `Terminating` and answers with the object (kubectl prints
  `namespace "dev" deleted`); a second delete changes nothing.
- The namespace controller (`controllers/namespace.py`) empties it and then finalizes it: the
  `kubernetes` finalizer goes, and a namespace with no finalizer left and a deletionTimestamp
  is removed (`finalize` here).
- The NamespaceLifecycle admission plugin refuses new objects in it
  (`staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go`:
  `unable to create new content in namespace %s because it is being terminated`, Forbidden),
  and objects in a namespace that does not exist are NotFound.

The store calls in here (this module never imports it): the writes below use its own
primitives, as its graceful pod deletion does, since an ordinary update may not set a
deletionTimestamp nor drop a finalizer.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import forbidden, not_found
from simulator.objects import KubeObject, store_in_place
from simulator.registry.kinds import ResourceType

APIStore = Any  # the registry's store, which calls in here
TERMINATING = "Terminating"


def is_terminating(namespace: KubeObject) -> bool:
    return namespace.metadata.deletion_timestamp is not None


def admit_create(rt: ResourceType, obj: KubeObject, namespace: KubeObject | None) -> None:
    """NamespaceLifecycle on create: the namespace must exist and must not be going away."""
    if namespace is None:
        raise not_found("namespaces", obj.namespace)
    if is_terminating(namespace):
        raise forbidden(rt.group_resource, obj.name,
                        f"unable to create new content in namespace {namespace.name} because it is being terminated")


def terminate(store: APIStore, namespace: KubeObject) -> KubeObject:
    """The first delete: deletionTimestamp now, phase Terminating (a MODIFIED event); later ones: nothing."""
    if is_terminating(namespace):
        return namespace
    marked = namespace.clone()
    marked.metadata.deletion_timestamp = store.clock.now()
    marked.metadata.deletion_grace_period_seconds = 0
    marked.body["status"] = {**(marked.body.get("status") or {}), "phase": TERMINATING}
    _write(store, marked)
    return marked


def finalize(store: APIStore, namespace: KubeObject) -> None:
    """The namespace controller's last step: the `kubernetes` finalizer removed (the finalize
    subresource), and with no finalizer left the API server deletes the namespace."""
    finalized = namespace.clone()
    finalized.body["spec"] = {**(finalized.body.get("spec") or {}), "finalizers": []}
    _write(store, finalized)
    store.delete(store.type_of(finalized), None, finalized.name)


def _write(store: APIStore, obj: KubeObject) -> None:
    rt = store.type_of(obj)
    store._stamp(obj, "MODIFIED")  # noqa: SLF001 - the store's own write path, as its graceful pod delete
    store._objects[rt.plural][(None, obj.name)] = store_in_place(obj)  # noqa: SLF001
    store._forget(rt.plural)  # noqa: SLF001
