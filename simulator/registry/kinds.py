"""The resource types the simulated API server serves, as `kubectl api-resources` lists them: the one
place a kind is registered.

The first week's kinds are listed as resource types here, their strategies in
`registry/strategies/`, their tables in `printers/tables.py` and their describers in
`printers/describe*.py`. Every kind added since is one module under `simulator/kinds/`
declaring all of that together (`Kind`), registered by adding it to `DECLARED`.
"""

from __future__ import annotations

from simulator.kinds import batch, configmap, rbac, secret, serviceaccount
from simulator.kinds.kind import Kind, ResourceType
from simulator.registry import strategies
from simulator.registry.strategy import Strategy

__all__ = ["Kind", "ResourceType", "RESOURCE_TYPES", "DECLARED", "by_kind", "by_name", "declared",
           "kind_for_api_version", "strategy_for"]

DECLARED: tuple[Kind, ...] = (
    configmap.KIND,
    secret.KIND,
    serviceaccount.KIND,
    batch.JOB_KIND,
    batch.CRONJOB_KIND,
    rbac.ROLE_KIND,
    rbac.ROLE_BINDING_KIND,
)

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
    *(kind.resource for kind in DECLARED),
)

_DECLARED = {kind.resource.kind: kind for kind in DECLARED}
# `kubectl get all`: the category's members in discovery order (core, apps, then the groups by name)
FIRST_WEEK_IN_ALL = ("pods", "services", "daemonsets", "deployments", "replicasets")
ALL_CATEGORY: tuple[str, ...] = FIRST_WEEK_IN_ALL + tuple(
    kind.resource.plural for kind in sorted(DECLARED, key=lambda k: (k.resource.group, k.resource.plural))
    if "all" in kind.categories)
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


def declared(kind: str) -> Kind | None:
    """The kind's declaration when it has one module of its own."""
    return _DECLARED.get(kind)


def strategy_for(kind: str) -> Strategy:
    """Defaulting, validation and allocation for a kind, wherever it is declared."""
    found = _DECLARED.get(kind)
    return found.strategy if found else strategies.for_kind(kind)


def kind_for_api_version(kind: str, api_version: str) -> ResourceType | None:
    """The type only when `kind` is served at `api_version` (apps/v1 for ReplicaSet, v1 for Service)."""
    rt = _BY_KIND.get(kind)
    if rt is None or rt.api_version != api_version:
        return None
    return rt
