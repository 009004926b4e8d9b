"""kube-proxy in iptables mode, as the course set it (`kube_proxy_mode: iptables`).

Each node's kube-proxy writes NAT rules for every Service address: the ClusterIP, each
`externalIPs` entry, each LoadBalancer ingress IP, and the NodePort on the node's own
addresses. No address is bound to an interface (there is no `kube-ipvs0`), so a
ClusterIP answers no ping and a port the Service does not define matches no rule: the
packet is routed away and lost, and a client waits until its timeout. ExternalName
Services get nothing. From `pkg/proxy/iptables/proxier.go` (v1.23):

- the endpoints of a service port are sorted by `ip:port` (`endpointslicecache.go`:
  "Ensure endpoints are always returned in the same order", `sort.Sort(byEndpoint(...))`)
  and the KUBE-SVC chain jumps to endpoint i of n with `-m statistic --mode random
  --probability 1/(n-i)` (printed `%0.10f`), the last one unconditionally: every new
  connection draws anew, from the cluster's seeded `kube-proxy` stream, so two curls in
  a row may reach the same pod (the lecture's `fd7br`, `fd7br`);
- a service port with no ready endpoint has a REJECT rule: connection refused at once;
- `sessionAffinity: ClientIP` is `-m recent --rcheck --seconds <timeout> --reap` per
  endpoint: a client keeps its endpoint until `timeoutSeconds` pass without a connection;
- `externalTrafficPolicy: Local` (KUBE-XLB): pods (`-s` the cluster CIDR) and the node's
  own traffic (`--src-type LOCAL`) are sent to the cluster-wide chain; anyone else gets
  only the node's own endpoints, with their address kept, and a node with none marks the
  packet to drop ("has no local endpoints"): the client waits until its timeout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.network.topology import Topology

SERVICES = by_kind("Service")
ENDPOINTS = by_kind("Endpoints")
PROXIED_TYPES = ("ClusterIP", "NodePort", "LoadBalancer")
DEFAULT_AFFINITY_SECONDS = 10800


@dataclass(frozen=True)
class VirtualServer:
    kind: str  # "cluster-ip", "external-ip", "load-balancer" or "node-port"
    protocol: str
    ip: str
    port: int
    service: KubeObject = field(compare=False)
    service_port: dict = field(compare=False)

    @property
    def key(self) -> tuple:
        return (self.protocol, self.ip, self.port, self.service.metadata.uid)

    @property
    def local_only(self) -> bool:
        """externalTrafficPolicy: Local narrows every address except the ClusterIP."""
        return self.kind != "cluster-ip" and self.service.spec.get("externalTrafficPolicy") == "Local"

    @property
    def affinity_seconds(self) -> int | None:
        spec = self.service.spec
        if spec.get("sessionAffinity") != "ClientIP":
            return None
        config = (spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}
        return int(config.get("timeoutSeconds") or DEFAULT_AFFINITY_SECONDS)


@dataclass(frozen=True)
class RealServer:
    ip: str
    port: int
    node: str | None = None  # nodeName of the endpoint address (None for hand-written Endpoints)
    target: dict | None = field(default=None, compare=False)  # the address's targetRef

    @property
    def key(self) -> str:
        return f"{self.ip}:{self.port}"


@dataclass(frozen=True)
class Choice:
    """The endpoint the rules picked; None with `dropped` False is a REJECT (no endpoints),
    with `dropped` True a KUBE-MARK-DROP (Local policy, no endpoint on this node)."""

    real_server: RealServer | None
    dropped: bool = False
    keeps_client_address: bool = False  # Local policy: no SNAT, the pod sees the client


def statistic_probability(index: int, count: int) -> float:
    """The `--probability` of rule `index` of `count`, as iptables is given it (`%0.10f`)."""
    return float(f"{1.0 / (count - index):0.10f}")


def virtual_server(topology: "Topology", node: str, ip: str, port: int, protocol: str = "TCP") -> VirtualServer | None:
    """The rules on `node` for ip:port (a "virtual server"), or None: the address has no such service port."""
    node_ip = topology.node_ip(node)
    for service in topology.store.list(SERVICES):
        spec = service.spec
        if spec.get("type", "ClusterIP") not in PROXIED_TYPES:
            continue
        for kind, address in _service_addresses(service):
            if address == ip:
                found = _port_match(service, kind, ip, port, protocol, "port")
                if found:
                    return found
        if ip == node_ip and spec.get("type") in ("NodePort", "LoadBalancer"):
            found = _port_match(service, "node-port", ip, port, protocol, "nodePort")
            if found:
                return found
    return None


def is_service_address(topology: "Topology", ip: str) -> bool:
    """A ClusterIP, external IP or LB IP that kube-proxy writes rules for (bound to no interface)."""
    for service in topology.store.list(SERVICES):
        if service.spec.get("type", "ClusterIP") in PROXIED_TYPES:
            if any(address == ip for _, address in _service_addresses(service)):
                return True
    return False


def load_balancer_ips(service: KubeObject) -> list[str]:
    ingress = (service.status.get("loadBalancer") or {}).get("ingress") or []
    return [entry["ip"] for entry in ingress if entry.get("ip")]


def _service_addresses(service: KubeObject):
    cluster_ip = service.spec.get("clusterIP")
    if cluster_ip and cluster_ip != "None":
        yield "cluster-ip", cluster_ip
    for address in service.spec.get("externalIPs") or []:
        yield "external-ip", address
    if service.spec.get("type") == "LoadBalancer":
        for address in load_balancer_ips(service):
            yield "load-balancer", address


def _port_match(service: KubeObject, kind: str, ip: str, port: int, protocol: str, field_name: str):
    for service_port in service.spec.get("ports") or []:
        if service_port.get(field_name) == port and service_port.get("protocol", "TCP") == protocol:
            return VirtualServer(kind, protocol, ip, port, service, service_port)
    return None


def ready_real_servers(topology: "Topology", vs: VirtualServer) -> list[RealServer]:
    """The ready addresses of the Service's Endpoints for this port (kube-proxy matches by port name)."""
    endpoints = topology.store.find(ENDPOINTS, vs.service.namespace, vs.service.name)
    if endpoints is None:
        return []
    name = vs.service_port.get("name") or ""
    servers = []
    for subset in endpoints.body.get("subsets") or []:
        for entry in subset.get("ports") or []:
            if (entry.get("name") or "") == name and entry.get("protocol", "TCP") == vs.protocol:
                servers.extend(RealServer(a["ip"], entry["port"], a.get("nodeName"), a.get("targetRef"))
                               for a in subset.get("addresses") or [])
    return servers


class Iptables:
    """The NAT rules of every node: a random draw per connection, and `recent` lists for affinity."""

    def __init__(self, topology: "Topology", rng: random.Random) -> None:
        self.topology = topology
        self.rng = rng  # the cluster's `kube-proxy` stream: the kernel's random draws, seeded
        self._recent: dict[tuple, tuple[str, float]] = {}  # (node, vs, client) -> (endpoint, expiry)

    def choose(self, node: str, vs: VirtualServer, client_ip: str, cluster_chain: bool) -> Choice:
        """`cluster_chain`: the Local policy's KUBE-XLB sends this client to all endpoints."""
        ready = ready_real_servers(self.topology, vs)
        if not ready:
            return Choice(None)
        servers, keeps_address = ready, False
        if vs.local_only and not cluster_chain:
            servers = [s for s in ready if s.node == node]
            if not servers:
                return Choice(None, dropped=True)
            keeps_address = True
        by_key = {s.key: s for s in sorted(servers, key=lambda s: s.key)}
        key = self._recent_endpoint(node, vs, client_ip, by_key) or self._draw(list(by_key))
        self._remember(node, vs, client_ip, key)
        return Choice(by_key[key], keeps_client_address=keeps_address)

    def _draw(self, keys: list[str]) -> str:
        """Walk the KUBE-SVC chain: rule i jumps with probability 1/(n-i), the last always."""
        for index, key in enumerate(keys[:-1]):
            if self.rng.random() < statistic_probability(index, len(keys)):
                return key
        return keys[-1]

    def _recent_endpoint(self, node: str, vs: VirtualServer, client_ip: str, servers: dict) -> str | None:
        if vs.affinity_seconds is None:
            return None
        entry = self._recent.get((node, vs.key, client_ip))
        if entry is None:
            return None
        key, expiry = entry
        if self.topology.clock.now() >= expiry or key not in servers:
            return None
        return key

    def _remember(self, node: str, vs: VirtualServer, client_ip: str, key: str) -> None:
        if vs.affinity_seconds is not None:
            self._recent[(node, vs.key, client_ip)] = (key, self.topology.clock.now() + vs.affinity_seconds)
