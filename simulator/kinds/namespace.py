"""Namespace (core/v1, cluster-scoped): the first of the first week's kinds in a module of its own.

From Kubernetes 1.23: the table `printers.go printNamespace` (NAME, STATUS from status.phase, AGE)
and the describer `describe.go NamespaceDescriber` (`printers/describe.py describe_namespace`,
shared with the ResourceQuota and LimitRange blocks it prints). Defaulting: status.phase Active and the
`kubernetes` finalizer here (PrepareForCreate); the `kubernetes.io/metadata.name` label where namespaces are
created; the store refuses objects in a namespace that does not exist.
"""

from __future__ import annotations

from simulator.kinds.kind import Kind, ResourceType
from simulator.printers.columns import AGE, NAME, Column
from simulator.printers.describe import describe_namespace
from simulator.printers.formats import status_of
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("namespaces", "namespace", "Namespace", "", "v1", False, ("ns",))


class NamespaceStrategy(Strategy):
    """`pkg/registry/core/namespace/strategy.go` PrepareForCreate: a new namespace is Active and carries
    the `kubernetes` finalizer the namespace controller removes once it is emptied."""

    def default(self, obj) -> None:
        spec = obj.body.get("spec") or {}
        if not spec.get("finalizers"):
            spec["finalizers"] = ["kubernetes"]
        obj.body["spec"] = spec
        status = obj.body.get("status") or {}
        status.setdefault("phase", "Active")
        obj.body["status"] = status


def _phase(namespace, ctx) -> str:
    return str(status_of(namespace).get("phase") or "")


KIND = Kind(
    resource=RESOURCE,
    strategy=NamespaceStrategy(),
    columns=(NAME, Column("Status", _phase), AGE),
    describe=describe_namespace,
)
