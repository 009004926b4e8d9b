"""Namespace (core/v1, cluster-scoped): the first of the first week's kinds in a module of its own.

From Kubernetes 1.23: the table `printers.go printNamespace` (NAME, STATUS from status.phase, AGE)
and the describer `describe.go NamespaceDescriber` (`printers/describe.py describe_namespace`,
shared with the ResourceQuota and LimitRange blocks it prints). Defaulting (status.phase Active,
the `kubernetes.io/metadata.name` label) is the API server's and lives where namespaces are
created; the store refuses objects in a namespace that does not exist.
"""

from __future__ import annotations

from simulator.kinds.kind import Kind, ResourceType
from simulator.printers.columns import AGE, NAME, Column
from simulator.printers.describe import describe_namespace
from simulator.printers.formats import status_of
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("namespaces", "namespace", "Namespace", "", "v1", False, ("ns",))


def _phase(namespace, ctx) -> str:
    return str(status_of(namespace).get("phase") or "")


KIND = Kind(
    resource=RESOURCE,
    strategy=Strategy(),
    columns=(NAME, Column("Status", _phase), AGE),
    describe=describe_namespace,
)
