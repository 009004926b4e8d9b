"""Who can reach what: what an address is, and whether a packet from a vantage gets there.

The lecture's network (kubespray on VirtualBox, Calico VXLAN):
- the `remote` workstation (192.168.100.1) shares the host-only LAN with the nodes,
  so it reaches node IPs (ssh, NodePorts, the API server) and the public Internet,
  but has no route to the pod or service ranges: those packets are lost, and a
  connection hangs until it times out;
- nodes and pods reach every pod IP (Calico routes each node's /24 block), every
  node IP, every Service address (kube-proxy's iptables rules on each node rewrite it
  where a packet enters) and nodelocaldns at 169.254.25.10;
- an unused address in a node's pod block hits Calico's `blackhole` route for the
  block (projectcalico/calicoctl PR #517; `blackhole 10.188.240.0/28 proto bird` in
  projectcalico/calico#1578) and is dropped silently: a timeout, not a refusal;
- an unused address on the LAN gets no ARP answer: `No route to host` after ~3 s; so does a
  Service's `externalIPs` address from the workstation, since no node holds it (only a MetalLB
  speaker answers ARP, for the LoadBalancer addresses it announces);
- other addresses leave through the NAT gateway and, unless they are one of the
  built-in public hosts, never answer.

Not modelled: NetworkPolicy, the `EINVAL` a node's own blackhole route gives a local
`connect()`, IPv6.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.network import kube_proxy
from simulator.network.listeners import NODELOCALDNS_IP, pod_has_sandbox
from simulator.objects import KubeObject
from simulator.outside import PublicHost, host_by_ip
from simulator.registry.kinds import by_kind
from simulator.vantage import REMOTE_IP, Vantage

if TYPE_CHECKING:
    from simulator.network.topology import Topology

ipv4 = functools.lru_cache(maxsize=4096)(ipaddress.IPv4Address)  # parsed once per address
POD_CIDR = ipaddress.ip_network("10.233.64.0/18")
SERVICE_CIDR = ipaddress.ip_network("10.233.0.0/18")
LAN = ipaddress.ip_network("192.168.100.0/24")
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
ARP_FAILURE_SECONDS = 3.07  # three unanswered ARP requests, one second apart
SYN_TIMEOUT_SECONDS = 127.0  # net.ipv4.tcp_syn_retries=6: 1+2+4+8+16+32+64 s
IN_CLUSTER_ONLY = frozenset({"pod", "service", "nodelocaldns", "pod-cidr", "service-cidr"})


@dataclass(frozen=True)
class Destination:
    """What an IPv4 address is in the lecture's network."""

    kind: str  # loopback, node, pod, service, nodelocaldns, remote, public, pod-cidr, service-cidr, lan, elsewhere, invalid
    ip: str
    node: str | None = None  # the node that owns the address (a node IP, or a pod's node)
    pod: KubeObject | None = None
    host: PublicHost | None = None


def classify(topology: "Topology", ip: str) -> Destination:
    try:
        address = ipv4(ip)
    except ValueError:
        return Destination("invalid", ip)
    if address in LOOPBACK:
        return Destination("loopback", ip)
    for name in topology.machine_names():  # a deleted Node's VM still owns its address
        if topology.node_ip(name) == ip:
            return Destination("node", ip, node=name)
    pod = live_pod_at(topology, ip)
    if pod is not None:
        return Destination("pod", ip, node=pod.spec.get("nodeName"), pod=pod)
    if kube_proxy.is_service_address(topology, ip):
        return Destination("service", ip)
    return _unowned(ip, address)


def _unowned(ip: str, address: ipaddress.IPv4Address) -> Destination:
    if ip == NODELOCALDNS_IP:
        return Destination("nodelocaldns", ip)
    if ip == REMOTE_IP:
        return Destination("remote", ip)
    host = host_by_ip(ip)
    if host is not None:
        return Destination("public", ip, host=host)
    if address in POD_CIDR:
        return Destination("pod-cidr", ip)
    if address in SERVICE_CIDR:
        return Destination("service-cidr", ip)
    if address in LAN:
        return Destination("lan", ip)
    return Destination("elsewhere", ip)


def live_pod_at(topology: "Topology", ip: str) -> KubeObject | None:
    """The pod whose network namespace holds `ip` (hostNetwork pods share their node's)."""
    return topology.store.cached(("pods-by-ip",), lambda: _pods_by_ip(topology)).get(ip)


def _pods_by_ip(topology: "Topology") -> dict[str, KubeObject]:
    index: dict[str, KubeObject] = {}
    for pod in topology.store.list(by_kind("Pod")):
        ip = pod.status.get("podIP")
        if ip and ip not in index and not pod.spec.get("hostNetwork") and pod_has_sandbox(pod):
            index[ip] = pod
    return index


def blocked(vantage: Vantage, dest: Destination) -> str | None:
    """Why a packet from `vantage` never reaches `dest`: "timeout", "unreachable", or None."""
    if dest.kind in ("invalid", "pod-cidr", "service-cidr", "elsewhere"):
        return "timeout"
    if dest.kind == "lan":
        return "unreachable"
    if vantage.in_cluster:
        return None
    if dest.kind == "service" and ipv4(dest.ip) in LAN:
        return None  # on the LAN: it gets there if a node answers ARP for it (entry_node, lan_owner)
    return "timeout" if dest.kind in IN_CLUSTER_ONLY else None


def entry_node(topology: "Topology", vantage: Vantage, dest: Destination) -> str | None:
    """The node whose own stack (and kube-proxy's rules) handles a packet for `dest`, if any.

    A Service address is local on every node, so traffic from a pod or node is
    handled where it starts; from the LAN it enters the node that answered ARP.
    """
    if dest.kind == "node":
        return dest.node
    if dest.kind in ("service", "nodelocaldns"):
        return vantage.node if vantage.in_cluster else lan_owner(topology, dest.ip)
    if dest.kind == "loopback" and vantage.kind == "node":
        return vantage.node
    return None


def lan_owner(topology: "Topology", ip: str) -> str | None:
    """The node that answers ARP for a Service address on the LAN: MetalLB's L2 leader for a
    LoadBalancer IP it announces, else nobody. kube-proxy in iptables mode puts no Service address on
    an interface (an `externalIPs` entry is only a KUBE-SERVICES rule on each node), so an address no
    speaker announces gets no ARP answer from the LAN, as an unused one."""
    from simulator.network.metallb import announcing_node

    return announcing_node(topology, ip)


def forwarding_hops(vantage: Vantage, responder_pod_node: str | None, responder_node: str | None) -> int:
    """Routers that forward a reply back to `vantage` (each takes one off the TTL).

    The responder is a pod (on `responder_pod_node`) or a node's own stack
    (`responder_node`). A pod's node forwards what the pod sends out, and the
    client's node forwards what comes in for a client pod, unless that node
    itself sent it.
    """
    routers = set()
    if responder_pod_node is not None and not (vantage.kind == "node" and vantage.node == responder_pod_node):
        routers.add(responder_pod_node)
    if vantage.kind == "pod" and responder_node != vantage.node:
        routers.add(vantage.node)
    return len(routers)
