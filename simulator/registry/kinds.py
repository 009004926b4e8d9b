"""The resource types the simulated API server serves, as `kubectl api-resources` lists them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    plural: str
    singular: str
    kind: str
    group: str  # "" for the core group
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """`replicaset.apps`, `service`: the prefix kubectl prints before `/name`."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def group_resource(self) -> str:
        """`replicasets.apps`, `services`: the resource named in API error messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


RESOURCE_TYPES: tuple[ResourceType, ...] = (
    ResourceType("pods", "pod", "Pod", "", "v1", True, ("po",)),
    ResourceType("services", "service", "Service", "", "v1", True, ("svc",)),
    ResourceType("endpoints", "endpoints", "Endpoints", "", "v1", True, ("ep",)),
    ResourceType("namespaces", "namespace", "Namespace", "", "v1", False, ("ns",)),
    ResourceType("nodes", "node", "Node", "", "v1", False, ("no",)),
    ResourceType("replicasets", "replicaset", "ReplicaSet", "apps", "v1", True, ("rs",)),
    ResourceType("deployments", "deployment", "Deployment", "apps", "v1", True, ("deploy",)),
    ResourceType("daemonsets", "daemonset", "DaemonSet", "apps", "v1", True, ("ds",)),
    ResourceType("resourcequotas", "resourcequota", "ResourceQuota", "", "v1", True, ("quota",)),
    ResourceType("events", "event", "Event", "", "v1", True, ("ev",)),
    ResourceType("endpointslices", "endpointslice", "EndpointSlice", "discovery.k8s.io", "v1", True),
)

_BY_KIND = {rt.kind: rt for rt in RESOURCE_TYPES}
_BY_NAME: dict[str, ResourceType] = {}
for _rt in RESOURCE_TYPES:
    for _alias in (_rt.plural, _rt.singular, _rt.kind.lower(), *_rt.short_names, _rt.group_resource, _rt.qualified):
        _BY_NAME[_alias] = _rt


def by_kind(kind: str) -> ResourceType | None:
    return _BY_KIND.get(kind)


def by_name(name: str) -> ResourceType | None:
    """Resolve what a user types (`svc`, `services`, `replicaset.apps`, `Service`)."""
    return _BY_NAME.get(name) or _BY_NAME.get(name.lower())


def kind_for_api_version(kind: str, api_version: str) -> ResourceType | None:
    """The type only when `kind` is served at `api_version` (apps/v1 for ReplicaSet, v1 for Service)."""
    rt = _BY_KIND.get(kind)
    if rt is None or rt.api_version != api_version:
        return None
    return rt
