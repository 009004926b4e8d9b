"""The ingress-nginx controller 1.3.0's control loop (its HTTP side is `apps/ingress_nginx.py`).

Once its pod runs, every Ingress of its class gets the controller's `Sync` event `Scheduled for sync`
from `nginx-ingress-controller` when first seen or changed (`internal/ingress/controller/store`),
and its status address: without `--publish-service` (the bare-metal manifest) the addresses of the
nodes its pods run on (`internal/ingress/status` `runningAddresses`, the node's InternalIP when it
has no ExternalIP), whose update is synced again (the second `Sync`: the slides' `x2`).
"""

from __future__ import annotations

from simulator.apps.ingress_nginx import served_ingresses
from simulator.controllers.context import Controller, ControllerContext
from simulator.objects import pod_is_ready
from simulator.registry.kinds import by_kind

NAMESPACE = "ingress-nginx"
IMAGE = "registry.k8s.io/ingress-nginx/controller:"
SOURCE = "nginx-ingress-controller"


def controller_pods(store) -> list:
    return [pod for pod in store.list(by_kind("Pod"), NAMESPACE) if pod_is_ready(pod) and any(
        str(c.get("image") or "").startswith(IMAGE) for c in pod.spec.get("containers") or [])]


def node_address(store, name: str) -> str | None:
    node = store.find(by_kind("Node"), None, name)
    if node is None:
        return None
    addresses = node.status.get("addresses") or []
    for kind in ("ExternalIP", "InternalIP"):
        for address in addresses:
            if address.get("type") == kind:
                return address.get("address")
    return None


class IngressNginxController(Controller):
    watches = ("ingresses", "ingressclasses", "pods")

    def __init__(self) -> None:
        self.synced: dict[tuple[str | None, str], str] = {}  # ingress -> resourceVersion last synced

    def reconcile(self, ctx: ControllerContext) -> None:
        pods = controller_pods(ctx.store)
        if not pods:
            return
        addresses = sorted({a for a in (node_address(ctx.store, p.spec.get("nodeName")) for p in pods) if a})
        for ingress in served_ingresses(ctx.store):
            key = (ingress.namespace, ingress.name)
            version = ingress.metadata.resource_version
            if self.synced.get(key) != version:
                ctx.record(ingress, "Normal", "Sync", "Scheduled for sync", SOURCE)
                self.synced[key] = version
            wanted = [{"ip": ip} for ip in addresses]
            current = ((ingress.body.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
            if current != wanted:
                updated = ingress.clone()
                updated.body.setdefault("status", {})["loadBalancer"] = {"ingress": wanted}
                stored = ctx.store.update(updated)
                ctx.record(stored, "Normal", "Sync", "Scheduled for sync", SOURCE)
                self.synced[key] = stored.metadata.resource_version
