"""Which node answers ARP for a LoadBalancer IP, as MetalLB's layer-2 mode elects it.

Only used when something gave a LoadBalancer Service an ingress IP (MetalLB's controller,
`controllers/metallb.py`, or a test by hand); without MetalLB the EXTERNAL-IP stays `<pending>`
and the Service works as a NodePort.

MetalLB's speakers sort the eligible nodes by `sha256(node + "#" + ip)` and the
first one announces the IP (`metallb/metallb: speaker/layer2_controller.go
ShouldAnnounce`). Eligible once MetalLB 0.13.4 is installed: nodes with a ready speaker, when an
L2Advertisement covers the address's pool and the Service has a ready endpoint (that release has no
exclusion label: the course's `master` announces); with `externalTrafficPolicy: Local`, only nodes
that run a ready endpoint. An address given by hand without MetalLB: nodes without the
`node.kubernetes.io/exclude-from-external-load-balancers` label.

Also MetalLB's configuration as read from the store (pools, advertisements, its pods), shared with
its controller (`controllers/metallb.py`).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from simulator.network import kube_proxy
from simulator.objects import KubeObject, match_label_selector, pod_is_ready
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.network.topology import Topology

EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers"
NAMESPACE = "metallb-system"
CONTROLLER_IMAGE = "quay.io/metallb/controller:"
SPEAKER_IMAGE = "quay.io/metallb/speaker:"
POOLS = "ipaddresspools.metallb.io"
ADVERTISEMENTS = "l2advertisements.metallb.io"
PODS = by_kind("Pod")
MAX_POOL_ADDRESSES = 1 << 16  # a bound, not MetalLB's: each range of a pool is walked to at most this many


def running_with_image(store, prefix: str) -> list[KubeObject]:
    """The ready pods in metallb-system running an image of `prefix` (the controller's or a speaker's)."""
    return [pod for pod in store.list(PODS, NAMESPACE) if pod_is_ready(pod) and any(
        str(c.get("image") or "").startswith(prefix) for c in pod.spec.get("containers") or [])]


def custom_objects(store, name: str) -> list[KubeObject]:
    rt = store.types.by_name(name)
    return store.list(rt, NAMESPACE) if rt is not None else []


def pool_addresses(pool: KubeObject):
    """Each address of a pool in order: `a-b` ranges and CIDRs (`addresses`), as the allocator walks them."""
    for entry in (pool.spec.get("addresses") or []):
        text = str(entry).strip()
        try:
            if "-" in text:
                first, last = (ipaddress.ip_address(part.strip()) for part in text.split("-", 1))
            else:
                network = ipaddress.ip_network(text, strict=False)
                first, last = network[0], network[-1]
        except ValueError:
            continue
        if int(last) - int(first) >= MAX_POOL_ADDRESSES:
            last = type(first)(int(first) + MAX_POOL_ADDRESSES - 1)
        for value in range(int(first), int(last) + 1):
            yield str(type(first)(value))


def pool_of(store, ip: str) -> KubeObject | None:
    for pool in custom_objects(store, POOLS):
        if ip in pool_addresses(pool):
            return pool
    return None


def assigned(service: KubeObject) -> list[str]:
    ingress = ((service.body.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    return [entry["ip"] for entry in ingress if entry.get("ip")]


def announcing_node(topology: "Topology", ip: str) -> str | None:
    service = _service_with_ingress(topology, ip)
    if service is None:
        return None
    return speaker_election(topology.store, service, ip)


def speaker_election(store, service, ip: str) -> str | None:
    """The node whose speaker answers ARP for `ip`, or None when no speaker announces it.

    Once MetalLB's definitions are installed, only nodes running a ready speaker take part, and only
    when an L2Advertisement in metallb-system covers the address's pool (all pools when it names none,
    `ipAddressPools` by name, `ipAddressPoolSelectors` by the pool's labels). Before that, an address
    given by hand is elected among all nodes, as the simulator always did."""
    nodes = [n.name for n in store.list(by_kind("Node")) if EXCLUDE_LABEL not in n.labels]
    if store.types.by_name(ADVERTISEMENTS) is not None:
        # v0.13.4 `speaker/layer2_controller.go ShouldAnnounce`: no announcement without a ready
        # endpoint; every node with a ready speaker is eligible (this release has no exclusion label)
        speakers = {p.spec.get("nodeName") for p in running_with_image(store, SPEAKER_IMAGE)}
        pool = pool_of(store, ip)
        if pool is None or not any(_advertises(ad, pool)
                                   for ad in custom_objects(store, ADVERTISEMENTS)):
            return None
        if not _nodes_with_ready_endpoints(store, service):
            return None
        nodes = sorted(n for n in speakers if n)
    if service.spec.get("externalTrafficPolicy") == "Local":
        with_endpoints = _nodes_with_ready_endpoints(store, service)
        nodes = [n for n in nodes if n in with_endpoints]
    if not nodes:
        return None
    import hashlib  # here, as in apiserver/tokens.py: not imported before a command line's prompt

    return min(nodes, key=lambda node: hashlib.sha256(f"{node}#{ip}".encode()).digest())


def _advertises(advertisement, pool) -> bool:
    names = advertisement.spec.get("ipAddressPools") or []
    selectors = advertisement.spec.get("ipAddressPoolSelectors") or []
    if not names and not selectors:
        return True
    return pool.name in names or any(match_label_selector(selector, pool.labels) for selector in selectors)


def _nodes_with_ready_endpoints(store, service) -> set[str]:
    endpoints = store.find(by_kind("Endpoints"), service.namespace, service.name)
    if endpoints is None:
        return set()
    return {a.get("nodeName") for subset in endpoints.body.get("subsets") or [] for a in subset.get("addresses") or []}


def _service_with_ingress(topology: "Topology", ip: str):
    for service in topology.store.list(by_kind("Service")):
        if service.spec.get("type") == "LoadBalancer" and ip in kube_proxy.load_balancer_ips(service):
            return service
    return None
