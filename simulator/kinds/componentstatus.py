"""ComponentStatus (v1, cluster-scoped, `cs`): what `kubectl get componentstatuses` lists.

The API server keeps no such objects: each read probes the components it knows of
(pkg/registry/core/componentstatus/rest.go), so they are built at read time by
`apiserver/componentstatus.py` and served through `registry/read_view.ClusterReads`. The resource
only allows get and list (`rest.go` implements neither Creater nor Updater nor Deleter), so a write
gets the API server's 405. Every request gets the deprecation warning of
`k8s.io/api/core/v1` ComponentStatus (`APILifecycleDeprecated` 1.19). Table from `printers.go
printComponentStatus`: NAME STATUS MESSAGE ERROR, the Healthy condition's status as
`Healthy`/`Unhealthy` (`Unknown` without one).
"""

from __future__ import annotations

from simulator.errors import StatusError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("componentstatuses", "componentstatus", "ComponentStatus", "", "v1", False, ("cs",))
DEPRECATION = "v1 ComponentStatus is deprecated in v1.19+"


def method_not_allowed() -> StatusError:
    return StatusError("MethodNotAllowed", "the server does not allow this method on the requested resource", 405)


class ComponentStatusStrategy(Strategy):
    def validate_create(self, obj: KubeObject, store) -> None:
        raise method_not_allowed()

    def validate_update(self, old: KubeObject, new: KubeObject, store) -> None:
        raise method_not_allowed()


def _healthy(obj: KubeObject) -> dict | None:
    return next((c for c in obj.body.get("conditions") or [] if c.get("type") == "Healthy"), None)


def _status(obj: KubeObject, ctx) -> str:
    condition = _healthy(obj)
    if condition is None:
        return "Unknown"
    return "Healthy" if condition.get("status") == "True" else "Unhealthy"


KIND = Kind(
    resource=RESOURCE,
    strategy=ComponentStatusStrategy(),
    columns=(NAME, Column("Status", _status),
             Column("Message", lambda o, ctx: str((_healthy(o) or {}).get("message", ""))),
             Column("Error", lambda o, ctx: str((_healthy(o) or {}).get("error", "")))),
    deprecation=DEPRECATION,
)
