"""kube-proxy in IPVS mode with the `rr` scheduler, kubespray's default.

Each node's kube-proxy turns every Service address into an IPVS virtual server:
the ClusterIP (bound to the dummy `kube-ipvs0`, so it is local on every node),
each `externalIPs` entry, each LoadBalancer ingress IP, and the NodePort on the
node's own address. Real servers are the ready addresses of the Service's
Endpoints for that port. ExternalName Services get nothing.

Scheduling follows the kernel and kube-proxy source:
- kube-proxy adds real servers in sorted `ip:port` order (`sets.String.List()` in
  `pkg/proxy/ipvs/proxier.go syncEndpoint`), and `__ip_vs_update_dest` puts each
  new one at the head of the list (`list_add_rcu`), so the list runs in reverse
  sorted order;
- `ip_vs_rr_schedule` starts at the list head and moves one step per connection;
  removing the destination it points at moves it back one (`ip_vs_rr_del_dest`);
- the state is per node and per virtual server: the IPVS of the node where the
  connection enters picks the backend;
- `sessionAffinity: ClientIP` is IPVS persistence: a client keeps its backend
  until `timeoutSeconds` of simulated time pass without a new connection.

The state is synced lazily, when a connection needs it, not at every change.
"""

from __future__ import annotations

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
    """The real server IPVS picked, or None when the virtual server has none."""

    real_server: RealServer | None
    no_local_endpoints: bool = False  # Local policy, and this node has none: cluster endpoints were used


class RoundRobin:
    """One node's destination list for one virtual server and the rr position in it."""

    def __init__(self) -> None:
        self.destinations: list[str] = []
        self.position = -1  # index of the last destination chosen; -1 is the list head

    def sync(self, wanted: list[str]) -> None:
        for key in sorted(wanted):
            if key not in self.destinations:
                self.destinations.insert(0, key)
                if self.position >= 0:
                    self.position += 1
        for key in [d for d in self.destinations if d not in wanted]:
            index = self.destinations.index(key)
            self.destinations.pop(index)
            if index <= self.position:
                self.position -= 1

    def pick(self) -> str | None:
        if not self.destinations:
            return None
        self.position = (self.position + 1) % len(self.destinations)
        return self.destinations[self.position]


def virtual_server(topology: "Topology", node: str, ip: str, port: int, protocol: str = "TCP") -> VirtualServer | None:
    """The IPVS virtual server on `node` for ip:port, or None (the address has no such service port)."""
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
    """The address is bound to kube-ipvs0 on every node (a ClusterIP, external IP or LB IP)."""
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


class IPVS:
    """The IPVS tables of every node: scheduler positions and persistence templates."""

    def __init__(self, topology: "Topology") -> None:
        self.topology = topology
        self._schedulers: dict[tuple, RoundRobin] = {}
        self._templates: dict[tuple, tuple[str, float]] = {}  # (node, vs, client) -> (real server, expiry)

    def choose(self, node: str, vs: VirtualServer, client_ip: str) -> Choice:
        ready = ready_real_servers(self.topology, vs)
        if not ready:
            return Choice(None)
        servers, no_local = ready, False
        if vs.local_only:
            local = [s for s in ready if s.node == node]
            servers, no_local = (local, False) if local else (ready, True)
        by_key = {s.key: s for s in servers}
        scheduler = self._schedulers.setdefault((node, vs.key), RoundRobin())
        scheduler.sync(list(by_key))
        key = self._persistent(node, vs, client_ip, by_key) or scheduler.pick()
        self._remember(node, vs, client_ip, key)
        return Choice(by_key[key], no_local)

    def _persistent(self, node: str, vs: VirtualServer, client_ip: str, servers: dict) -> str | None:
        if vs.affinity_seconds is None:
            return None
        template = self._templates.get((node, vs.key, client_ip))
        if template is None:
            return None
        key, expiry = template
        if self.topology.clock.now() >= expiry or key not in servers:
            return None
        return key

    def _remember(self, node: str, vs: VirtualServer, client_ip: str, key: str) -> None:
        if vs.affinity_seconds is not None:
            self._templates[(node, vs.key, client_ip)] = (key, self.topology.clock.now() + vs.affinity_seconds)

    def destinations(self, node: str, vs: VirtualServer) -> list[str]:
        """The real servers in the node's IPVS list order, as `ipvsadm -Ln` would list them."""
        scheduler = self._schedulers.setdefault((node, vs.key), RoundRobin())
        servers = ready_real_servers(self.topology, vs)
        if vs.local_only:
            servers = [s for s in servers if s.node == node] or servers
        scheduler.sync([s.key for s in servers])
        return list(scheduler.destinations)
