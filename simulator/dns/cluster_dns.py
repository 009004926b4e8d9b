"""ClusterDNS: the one object the rest of the simulator asks about names (a facade, not a Service).

    dns = cluster.dns
    dns.resolv_conf(vantage)                  # the exact /etc/resolv.conf text
    dns.getaddrinfo(vantage, "svc-web")       # ["10.233.12.34"], or None: curl exit 6
    dns.query(vantage, "svc-web.default.svc.cluster.local", "A")   # a DNSAnswer
    dns.server_for(vantage)                   # "169.254.25.10"

It reads the API store, the clock (nodelocaldns's cache), the cluster's "dns" random
stream and the machines' addresses (/etc/hosts), never the whole Cluster. The parts
live next door: `records` (CoreDNS's kubernetes plugin, `KubernetesRecords(store)`),
`upstream` (public names), `servers` (nodelocaldns, CoreDNS, systemd-resolved and who
can reach which), `resolvconf` (each machine's settings) and `resolver` (libc's search
list and ndots). nslookup and dig are in `simulator.dns.clients`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.dns.message import DNSAnswer
from simulator.dns.resolvconf import ResolvConf, for_vantage
from simulator.dns.resolver import HostResolution, StubResolver
from simulator.dns.servers import DNSServers
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.clock import SimClock
    from simulator.machines import Machines
    from simulator.randomness import RandomStreams
    from simulator.registry.store import APIStore


class ClusterDNS:
    def __init__(self, store: "APIStore", clock: "SimClock", streams: "RandomStreams", machines: "Machines") -> None:
        self.store = store
        self.servers = DNSServers(store, clock, streams)
        self.resolver = StubResolver(machines, self.servers)

    # configuration -----------------------------------------------------------
    def resolv_conf(self, vantage: Vantage) -> str:
        """The exact text of /etc/resolv.conf on this machine, trailing newline included."""
        return self.settings(vantage).text

    def settings(self, vantage: Vantage) -> ResolvConf:
        return for_vantage(self.store, vantage)

    def server_for(self, vantage: Vantage) -> str:
        """The nameserver this machine sends its queries to (the first in resolv.conf)."""
        return self.settings(vantage).nameserver

    # resolving ---------------------------------------------------------------
    def getaddrinfo(self, vantage: Vantage, name: str) -> list[str] | None:
        """IPv4 addresses for `name` as curl or ping get them, or None when it cannot resolve."""
        result = self.resolve_host(vantage, name)
        return result.addresses if result.ok else None

    def resolve_host(self, vantage: Vantage, name: str) -> HostResolution:
        """getaddrinfo() with its trace: which names were asked and whether a server timed out."""
        return self.resolver.resolve(vantage, name, self.settings(vantage))

    def query(self, vantage: Vantage, qname: str, qtype: str = "A", server: str | None = None) -> DNSAnswer:
        """One question, as dig asks it: no search list; a server that does not answer gives SERVFAIL."""
        reply = self.ask(vantage, server or self.server_for(vantage), qname, qtype)
        return reply if reply is not None else DNSAnswer(qname if qname.endswith(".") else qname + ".", qtype, "SERVFAIL")

    def ask(self, vantage: Vantage, server: str, qname: str, qtype: str = "A") -> DNSAnswer | None:
        """One question to one server address; None when nothing answers there (a timeout)."""
        return self.servers.ask(vantage, server, qname, qtype.upper())

    def ptr_names(self, ip: str) -> list[str]:
        """Names CoreDNS gives an in-cluster address in a reverse lookup."""
        return self.servers.kubernetes.ptr_names(ip)
