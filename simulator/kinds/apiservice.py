"""APIService (apiregistration.k8s.io/v1, cluster-scoped): a group/version the aggregator proxies to a Service.

Table from kube-aggregator 1.23's `pkg/registry/apiservice/etcd` table convertor (NAME SERVICE
AVAILABLE AGE): SERVICE is `namespace/name` or `Local`; AVAILABLE the `Available` condition's
status, `False (Reason)` when it is not True, `Unknown` with no condition yet (the condition is
kept by controllers/apiservice.py, as the aggregator's AvailableConditionController keeps it).
"""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("apiservices", "apiservice", "APIService", "apiregistration.k8s.io", "v1", False)


class APIServiceStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        """ValidateAPIService: the name is `version.group`; a remote one needs the priorities."""
        spec = obj.body.get("spec") or {}
        group, version = str(spec.get("group") or ""), str(spec.get("version") or "")
        errors = []
        if not version:
            errors.append(FieldError("Required value", "spec.version"))
        if obj.name != f"{version}.{group}" and group:
            errors.append(FieldError("Invalid value", "metadata.name", obj.name, f"must be {version}.{group}"))
        if spec.get("service") is not None:
            for field in ("groupPriorityMinimum", "versionPriority"):
                if not 0 < int(spec.get(field) or 0) <= 20000:
                    errors.append(FieldError("Invalid value", f"spec.{field}", spec.get(field),
                                             "must be positive and less than 20000"))
        return errors


def service_cell(obj: KubeObject, ctx) -> str:
    service = (obj.body.get("spec") or {}).get("service")
    return f"{service.get('namespace')}/{service.get('name')}" if service else "Local"


def available_cell(obj: KubeObject, ctx) -> str:
    for condition in (obj.body.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Available":
            status = str(condition.get("status"))
            return status if status == "True" else f"{status} ({condition.get('reason')})"
    return "Unknown"


def is_available(obj: KubeObject) -> bool:
    return available_cell(obj, None) == "True"


KIND = Kind(
    resource=RESOURCE,
    strategy=APIServiceStrategy(),
    columns=(NAME, Column("Service", service_cell), Column("Available", available_cell), AGE),
)
