"""The Endpoints controller: for each Service with a selector, list its pods' addresses.

Ready pods go to `addresses`, others to `notReadyAddresses`; a named targetPort is
resolved per pod from its container ports, and pods with the same resolved ports
share a subset (`endpoints.RepackSubsets`). Services without a selector are left
alone, so hand-written Endpoints stay as written.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta, match_labels, pod_is_ready
from simulator.registry.kinds import by_kind

SERVICES = by_kind("Service")
ENDPOINTS = by_kind("Endpoints")
PODS = by_kind("Pod")
TRIGGER = "endpoints.kubernetes.io/last-change-trigger-time"
INPUTS = ("pods", "endpoints")


class EndpointsController(Controller):
    watches = ("services", "pods", "endpoints")

    def __init__(self) -> None:
        self.synced = SyncMarks()
        self.services_seen: set[tuple[str | None, str]] = set()

    def reconcile(self, ctx: ControllerContext) -> None:
        services = ctx.store.list(SERVICES)
        current = {(s.namespace, s.name) for s in services}
        # A Service's deletion removes its Endpoints; Endpoints written before any Service of
        # that name exist stay, as in Kubernetes (the controller acts on Service events only).
        for namespace, name in self.services_seen - current:
            if ctx.store.find(ENDPOINTS, namespace, name) is not None:
                ctx.store.delete(ENDPOINTS, namespace, name)
        self.services_seen = current
        for service in services:
            selector = service.spec.get("selector")
            if not selector or service.spec.get("type") == "ExternalName":
                continue
            if self.synced.due(ctx.store, service, INPUTS):
                sync_endpoints(ctx, service, ctx.store.list(PODS, service.namespace))
                self.synced.mark(ctx.store, service)


def sync_endpoints(ctx: ControllerContext, service: KubeObject, pods: list[KubeObject]) -> None:
    subsets = build_subsets(service, [p for p in pods if match_labels(service.spec["selector"], p.labels)])
    current = ctx.store.find(ENDPOINTS, service.namespace, service.name)
    if current is not None and (current.body.get("subsets") or []) == subsets and current.labels == service.labels:
        return
    body = {"subsets": subsets} if subsets else {}
    if current is None:
        metadata = ObjectMeta(service.name, service.namespace, labels=dict(service.labels),
                              annotations={TRIGGER: ctx.now_rfc3339()})
        try:
            ctx.store.create(KubeObject("v1", "Endpoints", metadata, body))
        except StatusError:
            return  # quota: the controller retries on a later sync
        return
    changed = current.clone()
    changed.body = body
    changed.metadata.labels = dict(service.labels)
    changed.metadata.annotations[TRIGGER] = ctx.now_rfc3339()
    ctx.store.update(changed)


def build_subsets(service: KubeObject, pods: list[KubeObject]) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for pod in pods:
        ip = pod.status.get("podIP")
        if not ip or pod.metadata.deletion_timestamp is not None:  # ShouldPodBeInEndpoints
            continue
        ports = tuple(_endpoint_ports(service, pod))
        if not ports and service.spec.get("ports"):
            continue
        group = groups.setdefault(ports, {"addresses": [], "notReadyAddresses": []})
        address = {"ip": ip, "nodeName": pod.spec.get("nodeName"),
                   "targetRef": {"kind": "Pod", "name": pod.name, "namespace": pod.namespace,
                                 "resourceVersion": str(pod.metadata.resource_version), "uid": pod.metadata.uid}}
        group["addresses" if pod_is_ready(pod) else "notReadyAddresses"].append(address)
    subsets = []
    for ports, group in groups.items():
        subset: dict = {}
        for key in ("addresses", "notReadyAddresses"):
            if group[key]:
                subset[key] = sorted(group[key], key=lambda a: a["ip"])
        if ports:
            subset["ports"] = [dict(p) for p in ports]
        subsets.append(subset)
    return subsets


def _endpoint_ports(service: KubeObject, pod: KubeObject):
    for port in service.spec.get("ports") or []:
        number = resolve_target_port(port.get("targetPort", port.get("port")), pod)
        if number is None:
            continue
        entry = {"port": number, "protocol": port.get("protocol", "TCP")}
        if port.get("name"):
            entry = {"name": port["name"], **entry}
        yield tuple(sorted(entry.items()))


def resolve_target_port(target, pod: KubeObject) -> int | None:
    """podutil.FindPort: a number as is, a name looked up in the pod's container ports."""
    if isinstance(target, int):
        return target
    for container in pod.spec.get("containers") or []:
        for port in container.get("ports") or []:
            if port.get("name") == target:
                return port.get("containerPort")
    return None
