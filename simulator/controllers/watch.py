"""Which objects a controller must look at again: like an informer's event handlers, an object
is due when it changed or when something it depends on changed in its namespace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.registry.store import APIStore


class SyncMarks:
    """One controller's record of what it synced: (namespace, name) -> (resourceVersion, store revision)."""

    def __init__(self) -> None:
        self._synced: dict[tuple[str | None, str], tuple[int, int]] = {}

    def due(self, store: "APIStore", obj: KubeObject, inputs: tuple[str, ...],
            cluster_inputs: tuple[str, ...] = ()) -> bool:
        """`inputs` are read in the object's namespace; `cluster_inputs` are cluster-scoped (nodes)."""
        seen = self._synced.get((obj.namespace, obj.name))
        if seen is None or seen[0] != obj.metadata.resource_version:
            return True
        return store.changed_since(inputs, obj.namespace, seen[1]) or store.changed_since(cluster_inputs, None, seen[1])

    def mark(self, store: "APIStore", obj: KubeObject) -> None:
        """Synced as the store holds it now: a sync that wrote `obj` (a new copy) wrote what it saw."""
        latest = store.find(by_kind(obj.kind), obj.namespace, obj.name) or obj
        self._synced[(obj.namespace, obj.name)] = (latest.metadata.resource_version, store.revision)
