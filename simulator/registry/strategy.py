"""The strategy every kind starts from: name validation and nothing to allocate."""

from __future__ import annotations

from typing import Protocol

from simulator.errors import FieldError, invalid
from simulator.objects import KubeObject
from simulator.registry.allocators import ClusterIPAllocator, NodePortAllocator
from simulator.registry.limits import object_meta_errors
from simulator.registry.names import validate_labels, validate_object_name


class APIStore(Protocol):
    """What a strategy uses of the store (`registry.store.APIStore`): its allocators."""

    cluster_ips: ClusterIPAllocator
    node_ports: NodePortAllocator


class Strategy:
    name_rule = "subdomain"

    def default(self, obj: KubeObject) -> None:
        """Fill the fields the API server defaults."""

    def validate(self, obj: KubeObject) -> list[FieldError]:
        """Kind-specific checks beyond metadata."""
        return []

    def validate_create(self, obj: KubeObject, store: "APIStore") -> None:
        errors = validate_object_name(obj.name, self.name_rule)
        errors += validate_labels(obj.labels, "metadata.labels") + object_meta_errors(obj)
        errors += self.validate(obj)
        if errors:
            raise invalid(obj.kind, obj.name, errors)

    def validate_update(self, old: KubeObject, new: KubeObject, store: "APIStore") -> None:
        errors = validate_labels(new.labels, "metadata.labels") + object_meta_errors(new) + self.validate(new)
        errors += self.validate_immutable(old, new)
        if errors:
            raise invalid(new.kind, new.name, errors)

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        return []

    def allocate(self, obj: KubeObject, store: "APIStore") -> None:
        """Take addresses or ports the object needs (ClusterIP, NodePort)."""

    def reallocate(self, old: KubeObject, new: KubeObject, store: "APIStore") -> None:
        """Keep, take or give back allocations when an object is updated."""

    def release(self, obj: KubeObject, store: "APIStore") -> None:
        """Give back what `allocate` took."""

    def in_use(self, obj: KubeObject, store) -> bool:
        """Whether a finalizer holds the object on delete (a claim a pod mounts, a bound volume): it then
        stays with a deletionTimestamp until its controller finalizes the deletion."""
        return False
