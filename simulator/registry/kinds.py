"""The resource types the simulated API server serves, as `kubectl api-resources` lists them: the one
place a kind is registered.

The first week's kinds (but Namespace) are listed as resource types here, their strategies in
`registry/strategies/`, their tables in `printers/tables.py` and their describers in
`printers/describe*.py`. Every kind added since is one module under `simulator/kinds/`
declaring all of that together (`Kind`), registered by adding it to `DECLARED`.
"""

from __future__ import annotations

from simulator.kinds import (apiservice, batch, componentstatus, configmap, crd, ingress, ingressclass, limitrange, namespace,
                             persistentvolume, podsecuritypolicy, rbac, secret, serviceaccount, statefulset, storageclass,
                             validatingwebhook)
from simulator.kinds.kind import Kind, ResourceType
from simulator.registry import strategies
from simulator.registry.strategy import Strategy

__all__ = ["Kind", "ResourceType", "RESOURCE_TYPES", "DECLARED", "BUILT_IN", "TypeRegistry", "by_kind", "by_name",
           "declared", "kind_for_api_version", "strategy_for"]

DECLARED: tuple[Kind, ...] = (
    namespace.KIND,
    configmap.KIND,
    secret.KIND,
    serviceaccount.KIND,
    batch.JOB_KIND,
    batch.CRONJOB_KIND,
    rbac.ROLE_KIND,
    rbac.ROLE_BINDING_KIND,
    rbac.CLUSTER_ROLE_KIND,
    rbac.CLUSTER_ROLE_BINDING_KIND,
    crd.KIND,
    statefulset.KIND,
    ingressclass.KIND,
    ingress.KIND,
    validatingwebhook.KIND,
    podsecuritypolicy.KIND,
    limitrange.KIND,
    persistentvolume.PV_KIND,
    persistentvolume.PVC_KIND,
    storageclass.KIND,
    apiservice.KIND,
    componentstatus.KIND,
)

RESOURCE_TYPES: tuple[ResourceType, ...] = (
    ResourceType("pods", "pod", "Pod", "", "v1", True, ("po",)),
    ResourceType("services", "service", "Service", "", "v1", True, ("svc",)),
    ResourceType("endpoints", "endpoints", "Endpoints", "", "v1", True, ("ep",)),
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


class TypeRegistry:
    """The types one cluster serves: the built-in ones, then those its CustomResourceDefinitions add.

    The store builds one from its definitions whenever they change (`APIStore.types`); every lookup
    of what a user typed or a manifest names goes through it, so a custom resource is found by
    plural, singular, short names and categories like any other. A built-in name wins a clash."""

    def __init__(self, custom: tuple[Kind, ...] = ()) -> None:
        self.custom = custom
        self._custom_by_kind = {(k.resource.group, k.resource.kind): k for k in custom}
        self._custom_by_name: dict[str, ResourceType] = {}
        for kind in custom:
            rt = kind.resource
            for alias in (rt.plural, rt.singular, rt.kind.lower(), *rt.short_names, rt.group_resource, rt.qualified):
                self._custom_by_name.setdefault(alias, rt)

    @property
    def resource_types(self) -> tuple[ResourceType, ...]:
        return RESOURCE_TYPES + tuple(kind.resource for kind in self.custom)

    def by_name(self, name: str) -> ResourceType | None:
        return by_name(name) or self._custom_by_name.get(name) or self._custom_by_name.get(name.lower())

    def category(self, name: str) -> tuple[str, ...]:
        """The plurals a category expands to (`all`; a definition's `categories`), empty when none."""
        custom = tuple(k.resource.plural for k in sorted(self.custom, key=lambda k: (k.resource.group, k.resource.plural))
                       if name in k.categories)
        if name == "all":
            return ALL_CATEGORY + custom
        return custom

    def declared(self, kind: str, api_version: str | None = None) -> Kind | None:
        if api_version is not None and "/" in api_version:
            found = self._custom_by_kind.get((api_version.partition("/")[0], kind))
            if found is not None:
                return found
        return declared(kind) or next((k for (g, name), k in self._custom_by_kind.items() if name == kind), None)

    def by_kind(self, kind: str, api_version: str | None = None) -> ResourceType | None:
        rt = by_kind(kind)
        if rt is not None and (api_version is None or rt.group == _group_of(api_version)):
            return rt
        found = self.declared(kind, api_version)
        return found.resource if found else rt

    def kind_for_api_version(self, kind: str, api_version: str) -> ResourceType | None:
        found = kind_for_api_version(kind, api_version)
        if found is not None:
            return found
        custom = self._custom_by_kind.get((_group_of(api_version), kind))
        if custom is not None and api_version.rpartition("/")[2] in custom.served_versions:
            return custom.resource
        return None

    def strategy_for(self, kind: str, api_version: str | None = None) -> Strategy:
        found = self.declared(kind, api_version)
        return found.strategy if found else strategies.for_kind(kind)


def _group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0]


BUILT_IN = TypeRegistry()
