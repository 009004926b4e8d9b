"""The stub resolver in libc: /etc/hosts, then DNS with the search list and ndots.

`query_order` is glibc's `__res_context_search` (resolv/res_query.c):
- a name with a trailing dot is tried as is, and only as is;
- a name with at least `ndots` dots is tried as is first, then with each search
  domain appended;
- otherwise each search domain is tried first and the bare name last.
The walk goes on after NXDOMAIN, NODATA (`got_nodata`) and SERVFAIL (`got_servfail`)
and stops at the first candidate with addresses; a server that never answers ends
the walk. `getaddrinfo` (what curl, ping and wget call) asks for A and AAAA for
each candidate and returns the IPv4 addresses.

So from a pod (ndots:5) `svc-web.default.svc` fails twice and then resolves as
`svc-web.default.svc.cluster.local`, while `svc-web.default.svc.cluster` fails
with every suffix and as is: curl's `Could not resolve host`, exit 6.

/etc/hosts comes first (`hosts: files dns`): localhost, the pod's own name (the
kubelet-managed file), and on nodes the node's own name plus the inventory block
kubespray writes (`roles/kubernetes/preinstall/tasks/0090-etchosts.yml`).

Not modelled: `options rotate`/`attempts`/`timeout`, musl's different search
rules (Alpine images), hostAliases, and IPv6-only answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.dns.message import NOERROR, DNSAnswer, is_ip
from simulator.dns.resolvconf import ResolvConf
from simulator.registry.kinds import by_kind
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.dns.servers import DNSServers
    from simulator.machines import Machines

RESOLVER_TIMEOUT_SECONDS = 5  # glibc RES_TIMEOUT, per server and attempt
RESOLVER_ATTEMPTS = 2  # glibc RES_DFLRETRY


@dataclass
class HostResolution:
    """What a getaddrinfo() call did: the addresses, and the questions it asked."""

    name: str
    addresses: list[str] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)  # absolute names queried, in order
    source: str = "dns"  # "literal", "hosts" or "dns"
    timed_out: bool = False  # no nameserver answered
    seconds: float = 0.0  # time spent waiting on servers that did not answer

    @property
    def ok(self) -> bool:
        return bool(self.addresses)


def query_order(name: str, conf: ResolvConf) -> list[str]:
    """Absolute names glibc asks for, in order, for `name` under `conf`."""
    if name.endswith("."):
        return [name]
    order, tried_as_is = [], False
    if name.count(".") >= conf.ndots:
        order.append(name + ".")
        tried_as_is = True
    order += [f"{name}.{domain.strip('.')}." if domain.strip(".") else name + "." for domain in conf.search]
    if not tried_as_is and name + "." not in order:
        order.append(name + ".")
    return _unique(order)


class StubResolver:
    """getaddrinfo() for one machine."""

    def __init__(self, machines: "Machines", servers: "DNSServers") -> None:
        self.machines = machines  # /etc/hosts lists the VMs; a pod's own entry comes from the API
        self.store = machines.store
        self.servers = servers

    def resolve(self, vantage: Vantage, name: str, conf: ResolvConf) -> HostResolution:
        result = HostResolution(name)
        if is_ip(name):
            result.addresses, result.source = [name], "literal"
            return result
        from_hosts = self.hosts_lookup(vantage, name)
        if from_hosts:
            result.addresses, result.source = from_hosts, "hosts"
            return result
        for candidate in query_order(name, conf):
            result.tried.append(candidate)
            reply = self._ask_any(vantage, conf, candidate, "A", result)
            if reply is None:
                result.timed_out = True
                return result
            self._ask_any(vantage, conf, candidate, "AAAA", result)
            if reply.rcode == NOERROR and reply.ipv4():
                result.addresses = reply.ipv4()
                return result
        return result

    def _ask_any(self, vantage: Vantage, conf: ResolvConf, qname: str, qtype: str,
                 result: HostResolution) -> DNSAnswer | None:
        """res_send: each nameserver in turn until one answers."""
        for server in conf.nameservers:
            reply = self.servers.ask(vantage, server, qname, qtype)
            if reply is not None:
                return reply
            result.seconds += RESOLVER_TIMEOUT_SECONDS * RESOLVER_ATTEMPTS
        return None

    # /etc/hosts --------------------------------------------------------------
    def hosts_lookup(self, vantage: Vantage, name: str) -> list[str]:
        wanted = name.rstrip(".").lower()
        for address, names in self.hosts_entries(vantage):
            if wanted in (n.lower() for n in names):
                return [address] if ":" not in address else []
        return []

    def hosts_entries(self, vantage: Vantage) -> list[tuple[str, tuple[str, ...]]]:
        entries = [("127.0.0.1", ("localhost",)), ("::1", ("localhost", "ip6-localhost", "ip6-loopback"))]
        if vantage.kind == "pod":
            pod = self.store.find(by_kind("Pod"), vantage.namespace, vantage.name)
            if pod is not None and pod.spec.get("hostNetwork"):
                return entries + self._node_entries(pod.spec.get("nodeName") or "")
            if pod is not None:
                return entries + [(pod.status.get("podIP", ""), _pod_host_names(pod))]
            return entries
        if vantage.kind == "node":
            return entries + self._node_entries(vantage.name)
        return entries

    def _node_entries(self, node: str) -> list[tuple[str, tuple[str, ...]]]:
        own = [("127.0.1.1", (node, node))] if node else []
        inventory = [(self.machines.node_ip(n), (f"{n}.cluster.local", n)) for n in self.machines.names()]
        return own + inventory


def _pod_host_names(pod) -> tuple[str, ...]:
    hostname = str(pod.spec.get("hostname") or pod.name)
    subdomain = pod.spec.get("subdomain")
    if subdomain:
        return (f"{hostname}.{subdomain}.{pod.namespace}.svc.cluster.local", hostname)
    return (hostname,)


def _unique(items: list[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
