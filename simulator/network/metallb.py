"""Which node answers ARP for a LoadBalancer IP, as MetalLB's layer-2 mode elects it.

Only used when something gave a LoadBalancer Service an ingress IP; without
MetalLB the EXTERNAL-IP stays `<pending>` and the Service works as a NodePort.

MetalLB's speakers sort the eligible nodes by `sha256(node + "#" + ip)` and the
first one announces the IP (`metallb/metallb: speaker/layer2_controller.go
ShouldAnnounce`). Eligible: nodes without the
`node.kubernetes.io/exclude-from-external-load-balancers` label (UNVERIFIED for the
MetalLB release the course used) and, with `externalTrafficPolicy: Local`, only
nodes that run a ready endpoint.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from simulator.network import kube_proxy
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.network.topology import Topology

EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers"


def announcing_node(topology: "Topology", ip: str) -> str | None:
    service = _service_with_ingress(topology, ip)
    if service is None:
        return None
    nodes = [n.name for n in topology.store.list(by_kind("Node")) if EXCLUDE_LABEL not in n.labels]
    if service.spec.get("externalTrafficPolicy") == "Local":
        with_endpoints = {s.node for vs in _virtual_servers(service, ip)
                          for s in kube_proxy.ready_real_servers(topology, vs)}
        nodes = [n for n in nodes if n in with_endpoints]
    if not nodes:
        return None
    return min(nodes, key=lambda node: hashlib.sha256(f"{node}#{ip}".encode()).digest())


def _service_with_ingress(topology: "Topology", ip: str):
    for service in topology.store.list(by_kind("Service")):
        if service.spec.get("type") == "LoadBalancer" and ip in kube_proxy.load_balancer_ips(service):
            return service
    return None


def _virtual_servers(service, ip: str):
    for port in service.spec.get("ports") or []:
        yield kube_proxy.VirtualServer("load-balancer", port.get("protocol", "TCP"), ip, port.get("port"), service, port)
