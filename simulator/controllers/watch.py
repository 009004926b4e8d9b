"""Which objects a controller must look at again: like an informer's event handlers, an object
is due when it changed or when something it depends on changed in its namespace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.objects import KubeObject

if TYPE_CHECKING:
    from simulator.cluster import Cluster


def due(cluster: "Cluster", controller: str, obj: KubeObject, inputs: tuple[str, ...],
        cluster_inputs: tuple[str, ...] = ()) -> bool:
    """`inputs` are read in the object's namespace; `cluster_inputs` are cluster-scoped (nodes)."""
    seen = cluster.synced.get((controller, obj.namespace, obj.name))
    if seen is None or seen[0] != obj.metadata.resource_version:
        return True
    store = cluster.store
    return store.changed_since(inputs, obj.namespace, seen[1]) or store.changed_since(cluster_inputs, None, seen[1])


def mark_synced(cluster: "Cluster", controller: str, obj: KubeObject) -> None:
    cluster.synced[(controller, obj.namespace, obj.name)] = (obj.metadata.resource_version, cluster.store.revision)
