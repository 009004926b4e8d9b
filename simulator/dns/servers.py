"""The DNS servers a query can reach, and what each one adds on the way.

- **nodelocaldns** (169.254.25.10 on every node; kubespray
  `nodelocaldns-config.yml.j2`): `cluster.local`, `in-addr.arpa` and `ip6.arpa` go
  to CoreDNS (10.233.0.3, `force_tcp`), everything else to the node's upstream;
  `cache 30` per node. A cache hit is marked authoritative (`coredns:plugin/cache/
  item.go toMsg` sets `Authoritative = true`) and shows the remaining TTL; a miss
  passes the upstream reply on with its TTLs capped at the cache duration, so
  `google.com` is non-authoritative the first time and authoritative after.
  With no ready CoreDNS endpoint the forward to 10.233.0.3 is refused: SERVFAIL.
- **CoreDNS** (10.233.0.3 and the coredns pod IPs): the kubernetes plugin
  (`records.py`), else `forward` upstream; `loadbalance` shuffles A/AAAA records
  after the cache, so every reply gets a fresh order (the cluster's "dns" random stream).
- **systemd-resolved** (127.0.0.53 on nodes and on the workstation): forwards to
  `DNS=` (nodelocaldns on nodes, kubespray `resolved.conf.j2`; the public resolver
  on the workstation), never sets AA, compresses names, answers with EDNS
  udp 65494 and no COOKIE, and does not send single-label names to unicast DNS.
- **public resolvers** (8.8.8.8, 1.1.1.1, ...): `upstream.py`.

Which servers a vantage can reach: pods and nodes reach nodelocaldns and CoreDNS;
nodes (and hostNetwork pods) also their own 127.0.0.53; the workstation, outside
the cluster, reaches only its own stub and the public resolvers. Anything else
times out. This stays deliberately simpler than the network package's routing.

Not modelled: CoreDNS's own cache (its answers are fresh each time), negative
caching in systemd-resolved (kubespray sets `Cache=no-negative` anyway), LLMNR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.dns.message import NXDOMAIN, SERVFAIL, DNSAnswer, absolute
from simulator.dns.records import REVERSE_ZONES, ZONE, KubernetesRecords
from simulator.dns.upstream import PUBLIC_RESOLVERS, public_answer
from simulator.objects import pod_is_ready
from simulator.registry.kinds import by_kind
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.clock import SimClock
    from simulator.randomness import RandomStreams
    from simulator.registry.store import APIStore

NODELOCALDNS_IP = "169.254.25.10"
COREDNS_IP = "10.233.0.3"
RESOLVED_STUB_IP = "127.0.0.53"
CACHE_SECONDS = 30
RESOLVED_UDP_SIZE = 65494
UPSTREAM_QUERY_MS = (18, 45)


@dataclass
class CachedAnswer:
    reply: DNSAnswer
    stored_at: float
    duration: int


class DNSServers:
    """Route one question to the server at an address, as seen from a vantage."""

    def __init__(self, store: "APIStore", clock: "SimClock", streams: "RandomStreams") -> None:
        self.store = store
        self.clock = clock  # nodelocaldns's cache ages with it; asking never advances it
        self.streams = streams  # its "dns" stream orders round-robin answers and times queries
        self.kubernetes = KubernetesRecords(store)
        self._caches: dict[str, dict[tuple[str, str], CachedAnswer]] = {}

    def ask(self, vantage: Vantage, server: str, qname: str, qtype: str = "A") -> DNSAnswer | None:
        """The reply `server` sends for one question, or None when nothing answers."""
        qname = absolute(qname)
        if server == NODELOCALDNS_IP and vantage.in_cluster:
            return self.nodelocaldns(vantage.node or "", qname, qtype)
        if server in self.coredns_addresses() and vantage.in_cluster:
            return self.coredns(qname, qtype)
        if server == RESOLVED_STUB_IP and self._has_stub(vantage):
            return self.resolved(vantage, qname, qtype)
        if server in PUBLIC_RESOLVERS:
            return self._timed(public_answer(qname, qtype))
        return None

    # the servers -----------------------------------------------------------
    def nodelocaldns(self, node: str, qname: str, qtype: str) -> DNSAnswer:
        cache = self._caches.setdefault(node, {})
        now = self.clock.now()
        hit = cache.get((qname, qtype))
        if hit is not None and now - hit.stored_at < hit.duration:
            remaining = max(0, int(hit.duration - (now - hit.stored_at)))
            return _with_ttl(hit.reply, remaining, authoritative=True, query_time_ms=0, echoes_cookie=True)
        reply = self._forward_from_nodelocaldns(qname, qtype)
        if reply.rcode == SERVFAIL:
            return reply
        duration = min(CACHE_SECONDS, _minimal_ttl(reply))
        reply = _with_ttl(reply, duration)
        if duration > 0:
            cache[(qname, qtype)] = CachedAnswer(reply.copy(), now, duration)
        return reply

    def _forward_from_nodelocaldns(self, qname: str, qtype: str) -> DNSAnswer:
        if _served_by_coredns(qname):
            if not self.coredns_ready():
                return DNSAnswer(qname, qtype, rcode=SERVFAIL, recursion_available=True)
            return self.coredns(qname, qtype)
        return self._forwarded(public_answer(qname, qtype))

    def coredns(self, qname: str, qtype: str) -> DNSAnswer:
        reply = self.kubernetes.answer(qname, qtype)
        if reply is None:
            reply = self._forwarded(public_answer(qname, qtype))
        reply.answer = self.loadbalance(reply.answer)
        return reply

    def resolved(self, vantage: Vantage, qname: str, qtype: str) -> DNSAnswer:
        if qname.count(".") == 1:  # ResolveUnicastSingleLabel=no: never sent upstream
            reply = DNSAnswer(qname, qtype, rcode=NXDOMAIN)
        elif vantage.kind == "remote":
            reply = self._timed(public_answer(qname, qtype))
        else:
            reply = self.nodelocaldns(vantage.node or vantage.name, qname, qtype)
        # resolved builds its stub reply from cached RRs: no AA, no authority section
        return reply.copy(authoritative=False, compressed=True, echoes_cookie=False,
                          edns_udp_size=RESOLVED_UDP_SIZE, authority=[], additional=[])

    # helpers ---------------------------------------------------------------
    def loadbalance(self, records: list) -> list:
        """`plugin/loadbalance roundRobin`: CNAMEs and others first, addresses shuffled."""
        addresses = [r for r in records if r.type in ("A", "AAAA")]
        if len(addresses) > 1:
            self.streams.stream("dns").shuffle(addresses)
        return [r for r in records if r.type not in ("A", "AAAA")] + addresses

    def _coredns_pods(self) -> list:
        store = self.store
        return store.cached(("coredns-pods",), lambda: store.list(
            by_kind("Pod"), "kube-system", {"matchLabels": {"k8s-app": "kube-dns"}}))

    def coredns_addresses(self) -> set[str]:
        return {COREDNS_IP, *(p.status.get("podIP", "") for p in self._coredns_pods() if p.status.get("podIP"))}

    def coredns_ready(self) -> bool:
        """A Terminating pod has left the Service's endpoints (ShouldPodBeInEndpoints) though still Ready."""
        return any(pod_is_ready(p) and p.metadata.deletion_timestamp is None for p in self._coredns_pods())

    def _has_stub(self, vantage: Vantage) -> bool:
        if vantage.kind in ("node", "remote"):
            return True
        pod = self.store.find(by_kind("Pod"), vantage.namespace, vantage.name)
        return bool(pod is not None and pod.spec.get("hostNetwork"))

    def _forwarded(self, reply: DNSAnswer) -> DNSAnswer:
        """An upstream reply passed on by CoreDNS's `forward`: re-packed uncompressed,
        the OPT record resized to the client's buffer, the upstream's options kept."""
        reply = self._timed(reply)
        reply.compressed, reply.edns_udp_size, reply.echoes_cookie = False, None, False
        return reply

    def _timed(self, reply: DNSAnswer) -> DNSAnswer:
        low, high = UPSTREAM_QUERY_MS
        reply.query_time_ms = self.streams.stream("dns").randint(low, high)
        return reply

    def flush(self) -> None:
        self._caches.clear()


def _served_by_coredns(qname: str) -> bool:
    return any(qname == zone or qname.endswith("." + zone) for zone in (ZONE, *REVERSE_ZONES))


def _minimal_ttl(reply: DNSAnswer) -> int:
    """`dnsutil.MinimalTTL`: the smallest TTL in the answer, or the SOA's for negative replies."""
    records = reply.answer or reply.authority
    return min((r.ttl for r in records), default=CACHE_SECONDS)


def _with_ttl(reply: DNSAnswer, ttl: int, **changes) -> DNSAnswer:
    fresh = reply.copy(**changes)
    fresh.answer = [r.with_ttl(ttl) for r in fresh.answer]
    fresh.authority = [r.with_ttl(ttl) for r in fresh.authority]
    fresh.additional = [r.with_ttl(ttl) for r in fresh.additional]
    return fresh
