"""The network fabric as programs see it: open a TCP connection, send a ping.

A facade over `kube_proxy`, `routing` and `listeners` (not a Kubernetes Service); it
reads the cluster through a `Topology` (store, clock, machines' addresses) and keeps
kube-proxy's affinity state, its seeded random draws and the pods' access logs.

    connection = cluster.network.connect(vantage, "10.233.53.193", 80)
    connection.outcome      # "connected", "refused", "timeout" or "unreachable"
    connection.backend      # who answered: a pod, a node daemon, a public host
    cluster.network.ping(vantage, "10.233.53.193")   # False: in iptables mode no interface has it

A connection to a Service address is balanced by the iptables rules of the node where
it enters (`kube_proxy`); everything else is routed as `routing` describes and
answered by whatever listens there (`listeners`). Connecting never advances the
clock: `Connection.elapsed` says how long the kernel took to decide, and the
caller (curl, ssh) waits that long or its own timeout, whichever is shorter.

A Service address on a port the Service does not define matches no rule: the packet
follows the default route and is lost, so the client waits until its timeout (fact
sheet, section 9; there is no local address that sshd or the kubelet could answer on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import random

from simulator.network import listeners, routing
from simulator.network.forwards import Forwards, host_of

from simulator.network.kube_proxy import Iptables, VirtualServer, virtual_server
from simulator.network.routing import Destination
from simulator.objects import KubeObject
from simulator.outside import PublicHost
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.network.topology import Topology

ERRORS = {"refused": "Connection refused", "timeout": "Connection timed out", "unreachable": "No route to host"}
ELAPSED = {"connected": 0.001, "refused": 0.001, "timeout": routing.SYN_TIMEOUT_SECONDS,
           "unreachable": routing.ARP_FAILURE_SECONDS}
PUBLIC_PORTS = (80, 443)
ICMP_ANSWERING_APPS = frozenset({"google", "example", "k8s-io", "kubernetes-io"})  # github, naver, httpbin drop ICMP
PUBLIC_TTL = 113  # UNVERIFIED: what Google's echo replies carried at the NAT gateway
RTT_MS = {"host": (0.025, 0.095), "node-local": (0.045, 0.120), "lan": (0.35, 1.6), "internet": (31.0, 38.0)}


@dataclass(frozen=True)
class Backend:
    """Whoever accepted the connection."""

    kind: str  # "pod", "node", "nodelocaldns", "public" or "remote"
    ip: str
    port: int
    app: str  # key into apps.http ("node-web", "nginx", "sshd", "google", ...)
    pod: KubeObject | None = None
    container: dict | None = None
    node: str | None = None
    host: PublicHost | None = None
    socket: listeners.OpenSocket | None = None  # a shell program's own socket (kind "process")


@dataclass(frozen=True)
class Connection:
    outcome: str  # "connected", "refused", "timeout" or "unreachable"
    ip: str  # the address dialled
    port: int
    backend: Backend | None = None
    source_ip: str = ""  # the client address the backend sees (after any masquerade)
    virtual_server: VirtualServer | None = None  # the Service address and port whose rules balanced it
    elapsed: float = 0.0  # seconds until connect() returns, with no client timeout
    tunnel: str = ""  # "port-forward": accepted by a local kubectl, carried to the pod through the API server

    @property
    def connected(self) -> bool:
        return self.outcome == "connected"

    @property
    def error(self) -> str:
        """strerror() of the failed connect, as curl and ssh print it."""
        return ERRORS.get(self.outcome, "")


@dataclass(frozen=True)
class Echo:
    """The answer to one ICMP echo request."""

    reply: bool
    ttl: int = 64
    rtt_ms: tuple[float, float] = RTT_MS["host"]  # the range round trips fall in
    error: str = ""  # "Destination Host Unreachable" when ARP fails on the LAN


class Network:
    def __init__(self, topology: "Topology", rng: random.Random) -> None:
        self.topology = topology
        self.kube_proxy = Iptables(topology, rng)
        self.access_logs: dict[str, list[str]] = {}  # pod uid -> lines its server printed per request
        self.sockets = listeners.Sockets()  # what shell programs listen on (`kubectl proxy`)
        self.forwards = Forwards()  # what `kubectl port-forward` listens on

    def __setstate__(self, state: dict) -> None:
        """A cluster pickled before kubectl proxy and port-forward existed (a stored workspace) has
        no socket table yet."""
        self.__dict__.update(state)
        self.__dict__.setdefault("sockets", listeners.Sockets())
        self.__dict__.setdefault("forwards", Forwards())

    # TCP ------------------------------------------------------------------
    def connect(self, vantage: Vantage, ip: str, port: int, protocol: str = "TCP") -> Connection:
        dest = routing.classify(self.topology, ip)
        if dest.kind == "loopback" and (forward := self.forwards.accepting(host_of(vantage), ip, port)) is not None:
            return self._forwarded(forward, ip, port)
        why = routing.blocked(vantage, dest)
        if why:
            return _failed(why, ip, port)
        machine = dest.node if dest.kind == "node" else "remote" if dest.kind == "remote" else None
        if machine is not None and (forward := self.forwards.accepting(machine, ip, port)) is not None:
            return self._forwarded(forward, ip, port)  # kubectl port-forward --address 0.0.0.0 (or this IP)
        entry = routing.entry_node(self.topology, vantage, dest)
        if entry is None and dest.kind == "service":
            return _failed("unreachable", ip, port)  # from the LAN: no node answers ARP for the address
        if entry is not None:
            vs = virtual_server(self.topology, entry, ip, port, protocol)
            if vs is not None:
                return self._balance(vantage, entry, vs)
            if dest.kind == "service":
                return _failed("timeout", ip, port)  # no rule for this port: routed away and lost
        return self._deliver(vantage, dest, entry, port, vantage.ip)

    def _forwarded(self, forward, ip: str, port: int) -> Connection:
        """kubectl accepts, says so, and the kubelet connects to the port in the pod's own network
        namespace (the pod sees 127.0.0.1). Nothing listening there, or the pod gone: the error
        stream says why, kubectl 1.23 logs it, closes its connection to the kubelet (lost
        connection to pod) and exits; curl's connection closes without a byte (Empty reply)."""
        from simulator.registry.kinds import by_kind
        from simulator.network.forwards import forward_failure

        announce = forward.announce or (lambda text, stream="stdout": None)
        announce(f"Handling connection for {forward.local_port}\n")
        pod = self.topology.store.find(by_kind("Pod"), forward.namespace, forward.pod)
        backend = _pod_backend(pod, forward.remote_port) if pod is not None else None
        if backend is None:
            announce(forward_failure(forward, pod, self.topology.clock.now()), "stderr")
            forward.lost = True
            self.forwards.remove(forward)
            backend = Backend("pod", ip, forward.remote_port, "", pod)  # an app of no name answers nothing
        return Connection("connected", ip, port, backend, "127.0.0.1", None, ELAPSED["connected"], "port-forward")

    def _balance(self, vantage: Vantage, entry: str, vs: VirtualServer) -> Connection:
        # KUBE-XLB sends pods (-s clusterCIDR) and the node's own traffic (--src-type LOCAL) to the cluster chain
        cluster_chain = vantage.kind == "pod" or (vantage.kind == "node" and vantage.node == entry)
        choice = self.kube_proxy.choose(entry, vs, vantage.ip, cluster_chain)
        if choice.real_server is None:  # KUBE-MARK-DROP: the client waits; REJECT: refused at once
            return _failed("timeout" if choice.dropped else "refused", vs.ip, vs.port, vs)
        server = choice.real_server
        target = routing.classify(self.topology, server.ip)
        why = routing.blocked(routing_vantage(self.topology, entry), target)
        if why:
            return _failed(why, vs.ip, vs.port, vs)
        source = vantage.ip if choice.keeps_client_address else None
        delivered = self._deliver(routing_vantage(self.topology, entry), target, target.node, server.port,
                                  source or self._masquerade(vantage, entry, target))
        return Connection(delivered.outcome, vs.ip, vs.port, delivered.backend, delivered.source_ip, vs,
                          delivered.elapsed)

    def _deliver(self, vantage: Vantage, dest: Destination, entry: str | None, port: int, source: str) -> Connection:
        backend = self._listener(vantage, dest, entry, port, source)
        if isinstance(backend, Connection):
            return backend
        if backend is None:
            return _failed("timeout" if dest.kind == "public" else "refused", dest.ip, port)
        return Connection("connected", dest.ip, port, backend, source, None, ELAPSED["connected"])

    def _listener(self, vantage: Vantage, dest: Destination, entry: str | None, port: int, source: str):
        kind = dest.kind
        opened = self._opened_socket(vantage, dest, port)
        if opened is not None:
            return opened
        if kind == "pod" or (kind == "loopback" and vantage.kind == "pod"):
            pod = dest.pod if kind == "pod" else self._vantage_pod(vantage)
            return _pod_backend(pod, port) if pod is not None else None
        if kind == "node":
            return self._node_backend(dest.node, dest.ip, port, source)
        if kind in ("service", "loopback") and entry is not None:
            found = listeners.node_listener(self.topology, entry, port, loopback=kind == "loopback")
            return Backend("node", dest.ip, port, found.app, found.pod, found.container, entry) if found else None
        if kind == "nodelocaldns":
            found = listeners.nodelocaldns_listener(port)
            return Backend("nodelocaldns", dest.ip, port, found.app, node=entry) if found else None
        if kind == "public" and dest.host.app and port in PUBLIC_PORTS:
            return Backend("public", dest.ip, port, dest.host.app, host=dest.host)
        return None

    def _opened_socket(self, vantage: Vantage, dest: Destination, port: int) -> Backend | None:
        """A socket a shell program holds on the machine the packet is for."""
        if dest.kind == "loopback" and vantage.kind in ("remote", "node"):
            machine = vantage.name
        elif dest.kind in ("node", "remote"):
            machine = dest.node if dest.kind == "node" else "remote"
        else:
            return None
        found = self.sockets.find(machine, dest.ip, port, dest.kind == "loopback")
        if found is None:
            return None
        return Backend("process", dest.ip, port, found.app, node=machine if machine != "remote" else None, socket=found)

    def _node_backend(self, node: str, ip: str, port: int, source: str):
        mapped = listeners.host_port_target(self.topology, node, port)
        if mapped is not None:
            pod, container_port = mapped
            backend = _pod_backend(pod, container_port)
            if backend is None:
                return _failed("refused", ip, port)
            return Connection("connected", ip, port, backend, source, None, ELAPSED["connected"])
        found = listeners.node_listener(self.topology, node, port)
        return Backend("node", ip, port, found.app, found.pod, found.container, node) if found else None

    def _masquerade(self, vantage: Vantage, entry: str, target: Destination) -> str:
        """The source after kube-proxy's MASQUERADE: pods keep theirs, others take the node's."""
        if vantage.kind == "pod":
            return vantage.ip
        if target.kind == "pod" and target.node != entry:
            return tunnel_address(self.topology, entry)
        return self.topology.node_ip(entry)

    def _vantage_pod(self, vantage: Vantage) -> KubeObject | None:
        from simulator.registry.kinds import by_kind

        return self.topology.store.find(by_kind("Pod"), vantage.namespace, vantage.name)

    # ICMP -----------------------------------------------------------------
    def ping(self, vantage: Vantage, ip: str) -> bool:
        """Whether an echo request from `vantage` to `ip` gets a reply."""
        return self.echo(vantage, ip).reply

    def echo(self, vantage: Vantage, ip: str) -> Echo:
        dest = routing.classify(self.topology, ip)
        why = routing.blocked(vantage, dest)
        if why == "unreachable":
            return Echo(False, error="Destination Host Unreachable")
        if why:
            return Echo(False)
        if dest.kind == "service" and routing.entry_node(self.topology, vantage, dest) is None:
            return Echo(False, error="Destination Host Unreachable")  # from the LAN, nobody answers ARP
        if dest.kind == "service":
            return Echo(False)  # iptables mode: no interface holds a Service address, nothing answers
        if dest.kind == "public":
            if dest.host.app not in ICMP_ANSWERING_APPS:
                return Echo(False)
            return Echo(True, PUBLIC_TTL - (1 if vantage.kind == "pod" else 0), RTT_MS["internet"])
        if dest.kind == "loopback" or (dest.kind == "pod" and vantage.kind == "pod" and dest.ip == vantage.ip):
            return Echo(True, 64, RTT_MS["host"])
        return self._echo_in_cluster(vantage, dest)

    def _echo_in_cluster(self, vantage: Vantage, dest: Destination) -> Echo:
        if dest.kind == "pod":
            hops = routing.forwarding_hops(vantage, dest.node, None)
            where = dest.node
        else:
            where = dest.node if dest.kind in ("node",) else routing.entry_node(self.topology, vantage, dest)
            hops = routing.forwarding_hops(vantage, None, where)
        return Echo(True, 64 - hops, _rtt_class(vantage, where, dest.kind == "pod"))


def _failed(outcome: str, ip: str, port: int, vs: VirtualServer | None = None) -> Connection:
    return Connection(outcome, ip, port, None, "", vs, ELAPSED[outcome])


def _pod_backend(pod: KubeObject, port: int) -> Backend | None:
    found = listeners.pod_listener(pod, port)
    if found is None:
        return None
    return Backend("pod", pod.status.get("podIP"), port, found.app, pod, found.container, pod.spec.get("nodeName"))


def _rtt_class(vantage: Vantage, where: str | None, to_pod: bool) -> tuple[float, float]:
    if not vantage.in_cluster:
        return RTT_MS["lan"]
    if where == vantage.node:
        return RTT_MS["node-local"] if to_pod or vantage.kind == "pod" else RTT_MS["host"]
    return RTT_MS["lan"]


def routing_vantage(topology: "Topology", node: str) -> Vantage:
    """The entry node as the sender of the forwarded (DNATed) packet."""
    from simulator.vantage import node_vantage

    return node_vantage(node, topology.node_ip(node))


def tunnel_address(topology: "Topology", node: str) -> str:
    """The node's vxlan.calico address: `.0` of its pod block."""
    from simulator.registry.kinds import by_kind

    obj = topology.store.find(by_kind("Node"), None, node)
    block = (obj.spec.get("podCIDR") if obj else "") or ""
    return block.split("/")[0] or topology.node_ip(node)
