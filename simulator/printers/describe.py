"""`kubectl describe`: one function per kind, writing describe.go's lines through the tabwriter.

Each describer writes exactly the strings kubectl 1.23's `pkg/describe/describe.go`
writes (a tab after each label, `  ` per level), and `DescribeWriter` feeds them to
the Go tabwriter with describe's settings, so tab-less lines split the alignment
blocks just as they do in kubectl.

Here: the Service, Endpoints, Namespace and ResourceQuota describers and the dispatch by
kind; the shared writer (labels, annotations, events) is `describe_writer`. Pods, ReplicaSets, Deployments and DaemonSets
are in `describe_workloads`, Nodes in `describe_node`.
"""

from __future__ import annotations

from typing import Any, Callable

from simulator.objects import KubeObject
from simulator.printers import describe_node, describe_workloads
from simulator.printers.describe_writer import DescribeContext, DescribeWriter, controlled_by
from simulator.printers.formats import (
    format_endpoints,
    format_labels,
    int_or_string,
    parse_rfc3339,
    spec_of,
    status_of,
)

__all__ = ["DescribeContext", "DescribeWriter", "controlled_by", "describe"]

# Service and Endpoints -----------------------------------------------------


def describe_service(svc: KubeObject, ctx: DescribeContext) -> str:
    w, spec = DescribeWriter(), spec_of(svc)
    w.write(0, f"Name:\t{svc.name}\n")
    w.write(0, f"Namespace:\t{svc.namespace}\n")
    w.labels("Labels", svc.labels)
    w.annotations("Annotations", svc.metadata.annotations)
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type') or ''}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP') or ''}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status_of(svc).get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(i.get('ip') or i.get('hostname') or '' for i in ingress)}\n")
    endpoints = ctx.endpoints.body if ctx.endpoints is not None else None
    for port in spec.get("ports") or []:
        _describe_service_port(w, port, endpoints)
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity') or ''}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    w.events(ctx.events, ctx.now)
    return w.text()


def _describe_service_port(w: DescribeWriter, port: dict[str, Any], endpoints: dict[str, Any] | None) -> None:
    name, protocol = port.get("name") or "<unset>", port.get("protocol") or "TCP"
    w.write(0, f"Port:\t{name}\t{port.get('port')}/{protocol}\n")
    w.write(0, f"TargetPort:\t{int_or_string(port.get('targetPort', 0))}/{protocol}\n")
    if port.get("nodePort"):
        w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{protocol}\n")
    w.write(0, f"Endpoints:\t{format_endpoints(endpoints, {port.get('name') or ''})}\n")


def describe_endpoints(ep: KubeObject, ctx: DescribeContext) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{ep.name}\n")
    w.write(0, f"Namespace:\t{ep.namespace}\n")
    w.labels("Labels", ep.labels)
    w.annotations("Annotations", ep.metadata.annotations)
    w.write(0, "Subsets:\n")
    for subset in ep.body.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or [])
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
        w.write(1, f"Addresses:\t{ready or '<none>'}\n")
        w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for port in subset["ports"]:
                w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port')}\t{port.get('protocol') or ''}\n")
        w.write(0, "\n")
    w.events(ctx.events, ctx.now)
    return w.text()


# Namespace and ResourceQuota ------------------------------------------------


def describe_namespace(ns: KubeObject, ctx: DescribeContext) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{ns.name}\n")
    w.labels("Labels", ns.labels)
    w.annotations("Annotations", ns.metadata.annotations)
    w.write(0, f"Status:\t{status_of(ns).get('phase') or ''}\n")
    conditions = status_of(ns).get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in conditions:
            changed = ctx.time(parse_rfc3339(c.get("lastTransitionTime")))
            w.write(1, f"{c.get('type')}\t{c.get('status')}\t{changed}\t{c.get('reason', '')}\t"
                       f"{c.get('message', '')}\n")
    w.write(0, "\n")
    _resource_quotas(w, ctx.resource_quotas)
    w.write(0, "\n")
    _limit_ranges(w, ctx.limit_ranges)
    return w.text()


def _resource_quotas(w: DescribeWriter, quotas: list[KubeObject]) -> None:
    """`DescribeResourceQuotas`."""
    if not quotas:
        w.write(0, "No resource quota.\n")
        return
    w.write(0, "Resource Quotas\n")
    for quota in sorted(quotas, key=lambda q: q.name):
        w.write(1, f"Name:\t{quota.name}\n")
        _quota_scopes(w, quota, level=1, prefix="* ")
        w.write(1, "Resource\tUsed\tHard\n")
        w.write(1, "--------\t---\t---\n")
        hard, used = status_of(quota).get("hard") or {}, status_of(quota).get("used") or {}
        for name in sorted(hard):
            w.write(1, f"{name}\t{used.get(name, '0')}\t{hard[name]}\n")


SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node "
                   "before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running "
                      "pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort "
                  "quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable "
                     "or guaranteed quality of service.",
}


def _quota_scopes(w: DescribeWriter, quota: KubeObject, level: int, prefix: str) -> None:
    scopes = sorted(spec_of(quota).get("scopes") or [])
    if not scopes:
        return
    w.write(level, f"Scopes:\t{', '.join(scopes)}\n")
    for scope in scopes:
        if scope in SCOPE_HELP:
            w.write(level, f"{prefix}{SCOPE_HELP[scope]}\n")


def _limit_ranges(w: DescribeWriter, limit_ranges: list[dict[str, Any]]) -> None:
    """`DescribeLimitRanges`; Go iterates a map here, so resources are sorted for a stable order."""
    if not limit_ranges:
        w.write(0, "No LimitRange resource.\n")
        return
    w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    for limit_range in limit_ranges:
        for item in (limit_range.get("spec") or {}).get("limits") or []:
            fields = ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")
            names = sorted({name for f in fields for name in item.get(f) or {}})
            for name in names:
                values = "\t".join(str((item.get(f) or {}).get(name, "-")) for f in fields)
                w.write(0, f" {item.get('type', '')}\t{name}\t{values}\n")


def describe_resource_quota(quota: KubeObject, ctx: DescribeContext) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{quota.name}\n")
    w.write(0, f"Namespace:\t{quota.namespace}\n")
    _quota_scopes(w, quota, level=0, prefix=" * ")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard, used = status_of(quota).get("hard") or {}, status_of(quota).get("used") or {}
    for name in sorted(hard):
        w.write(0, f"{name}\t{used.get(name, '0')}\t{hard[name]}\n")
    return w.text()


# dispatch --------------------------------------------------------------------


def _describers() -> dict[str, Callable[[KubeObject, DescribeContext], str]]:
    return {
        "Service": describe_service,
        "Endpoints": describe_endpoints,
        "ResourceQuota": describe_resource_quota,
        "Pod": describe_workloads.describe_pod,
        "ReplicaSet": describe_workloads.describe_replica_set,
        "Deployment": describe_workloads.describe_deployment,
        "DaemonSet": describe_workloads.describe_daemon_set,
        "Node": describe_node.describe_node,
    }


def describe(obj: KubeObject, ctx: DescribeContext) -> str:
    """`kubectl describe` text for one object, ending in a newline."""
    describer = _describers().get(obj.kind)
    if describer is None:
        raise ValueError(f"no description has been implemented for {obj.kind}")
    return describer(obj, ctx)
