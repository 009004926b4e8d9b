"""The simulator's own object-count quota: a bound on what one student's cluster may hold.

Not a Kubernetes ResourceQuota (those are `resource_admission`'s): a cluster-wide and
per-namespace count that answers as a ResourceQuota named `kubegrade-quota` would, so
absurd input (a loop creating objects) stays bounded. kube-system is exempt per namespace.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import forbidden_quota
from simulator.objects import KubeObject
from simulator.registry.kinds import ResourceType


@dataclass(frozen=True)
class Quota:
    """Limits that answer as a ResourceQuota would, so absurd input stays bounded."""

    pods_per_namespace: int = 110
    objects_per_namespace: int = 500
    namespaces: int = 50
    objects_per_cluster: int = 5000
    name: str = "kubegrade-quota"


def check_object_quota(objects: dict, quota: Quota, rt: ResourceType, obj: KubeObject) -> None:
    """Refuse a create past the cluster's or the namespace's count; `objects` is the store's tables."""
    total = sum(len(table) for table in objects.values())
    if total >= quota.objects_per_cluster:
        raise forbidden_quota(rt.group_resource, obj.name, quota.name, total,
                              quota.objects_per_cluster, "count/objects")
    if rt.kind == "Namespace":
        used = len(objects.get("namespaces", {}))
        if used >= quota.namespaces:
            raise forbidden_quota(rt.group_resource, obj.name, quota.name, used, quota.namespaces, "count/namespaces")
        return
    if obj.namespace is None or obj.namespace == "kube-system":
        return
    if rt.kind == "Pod":
        used = sum(1 for ns, _ in objects.get("pods", {}) if ns == obj.namespace)
        if used >= quota.pods_per_namespace:
            raise forbidden_quota("pods", obj.name, quota.name, used, quota.pods_per_namespace, "pods")
    used = sum(1 for table in objects.values() for ns, _ in table if ns == obj.namespace)
    if used >= quota.objects_per_namespace:
        what = f"count/{rt.group_resource}"
        raise forbidden_quota(rt.group_resource, obj.name, quota.name, used, quota.objects_per_namespace, what)
