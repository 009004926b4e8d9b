"""What CoreDNS 1.8.6's kubernetes plugin answers, read from the API store.

kubespray's Corefile (`roles/kubernetes-apps/ansible/templates/coredns-config.yml.j2`)
runs `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough
in-addr.arpa ip6.arpa }`, then `forward`, `cache 30`, `loop`, `reload`, `loadbalance`.
The rules below follow `coredns:plugin/kubernetes` (parse.go `parseRequest`,
kubernetes.go `findServices`/`findPods`, reverse.go, handler.go) and
`plugin/backend_lookup.go`:

- `svc.ns.svc.cluster.local` A: a ClusterIP (also NodePort/LoadBalancer) answers its
  ClusterIP whether or not it has endpoints; a headless Service answers one A per
  *ready* endpoint address (an empty or all-NotReady headless Service is NXDOMAIN:
  `err` stays `errNoItems`); an ExternalName answers a CNAME plus the target's
  records looked up upstream, all in one answer.
- `endpoint.svc.ns.svc.cluster.local`: one endpoint, named by its pod's `hostname`
  (when `subdomain` names the Service) or its dashed IP, for any Service kind.
- `_port._proto.svc.ns.svc.cluster.local` and `svc.ns.svc...` SRV: `0 w port target`,
  `w = floor(100/n)`, targets' A records in the additional section.
- `a-b-c-d.ns.pod.cluster.local`: A a.b.c.d without checking a pod exists (`pods
  insecure`); the namespace must exist.
- A name with only a namespace (`default.svc.cluster.local`) is NODATA; anything
  else under cluster.local is NXDOMAIN. NXDOMAIN and NODATA carry the zone SOA.
- AAAA on an IPv4 Service is NOERROR with no data. TTL is 5 everywhere.
- Reverse lookups find ClusterIPs first, then endpoint addresses; anything else
  falls through to the upstream (returns None here).
- The handler sets AA=1 and RA=1 on every reply.

Not modelled yet: `dns-version` TXT, wildcard (`*`/`any`) queries, dual-stack
Services, EndpointSlices (1.23 serves the same data), and `ignore empty_service`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from simulator.clock import LECTURE_EPOCH
from simulator.dns.message import NOERROR, NXDOMAIN, DNSAnswer, Record, absolute, is_ip
from simulator.dns.upstream import public_answer
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.registry.store import APIStore

ZONE = "cluster.local."
REVERSE_ZONES = ("in-addr.arpa.", "ip6.arpa.")
TTL = 5
COREDNS_SERVICE_IP = "10.233.0.3"


class NoItems(Exception):
    """CoreDNS's errNoItems / errInvalidRequest: the name does not exist (NXDOMAIN)."""


@dataclass(frozen=True)
class Target:
    """One `msg.Service`: an address (or external name) and port under a DNS name."""

    host: str  # an IP address, or the external name of an ExternalName Service
    port: int  # -1 when the endpoint declares no ports
    domain: str  # the name an SRV record points at


@dataclass(frozen=True)
class Request:
    """`parseRequest`: the labels of a name below cluster.local."""

    kind: str = ""  # "svc", "pod", or "" for the zone apex
    namespace: str = ""
    service: str = ""
    endpoint: str = ""
    port: str = ""
    protocol: str = ""


def in_zone(qname: str) -> bool:
    return qname == ZONE or qname.endswith("." + ZONE)


def is_reverse(qname: str) -> bool:
    return any(qname == zone or qname.endswith("." + zone) for zone in REVERSE_ZONES)


def parse_request(qname: str) -> Request:
    base = qname[: -len(ZONE)].rstrip(".")
    if base in ("", "svc", "pod"):
        return Request(kind=base)
    segs = base.split(".")
    kind = segs.pop()
    if kind not in ("svc", "pod"):
        raise NoItems
    namespace = segs.pop() if segs else ""
    service = segs.pop() if segs else ""
    if len(segs) == 1:
        return Request(kind, namespace, service, endpoint=segs[0])
    if len(segs) == 2:
        return Request(kind, namespace, service, port=segs[0].lstrip("_"), protocol=segs[1].lstrip("_"))
    if len(segs) > 2:
        raise NoItems
    return Request(kind, namespace, service)


class KubernetesRecords:
    """The kubernetes plugin over the simulated API store."""

    def __init__(self, store: "APIStore", upstream: Callable[[str, str], DNSAnswer] = public_answer) -> None:
        self.store = store  # read only: Services, Endpoints, Pods and Namespaces
        self.upstream = upstream

    # entry point -----------------------------------------------------------
    def answer(self, qname: str, qtype: str = "A") -> DNSAnswer | None:
        """The reply for a name this plugin serves, or None to fall through."""
        qname = absolute(qname)
        if is_reverse(qname):
            return self._reverse(qname, qtype)
        if not in_zone(qname):
            return None
        reply = DNSAnswer(qname, qtype, authoritative=True, recursion_available=True)
        try:
            records, extra = self._lookup(qname, qtype)
        except NoItems:
            return self._negative(reply, NXDOMAIN)
        if not records:
            return self._negative(reply, NOERROR)
        reply.answer, reply.additional = _dedup(records), _dedup(extra)
        return reply

    def _lookup(self, qname: str, qtype: str) -> tuple[list[Record], list[Record]]:
        if qtype == "SOA":
            return [self.soa()], []
        if qtype == "NS" and qname == ZONE:
            return [Record(ZONE, "NS", TTL, "ns.dns." + ZONE)], [Record("ns.dns." + ZONE, "A", TTL, COREDNS_SERVICE_IP)]
        targets = self.targets(parse_request(qname))
        if qtype in ("A", "AAAA"):
            return self._addresses(qname, qtype, targets), []
        if qtype == "SRV":
            return self._srv(qname, targets)
        if qtype == "CNAME":
            return [Record(qname, "CNAME", TTL, absolute(t.host)) for t in targets if not is_ip(t.host)], []
        return [], []  # other types: a fake A lookup decided NXDOMAIN vs NODATA above

    def _negative(self, reply: DNSAnswer, rcode: str) -> DNSAnswer:
        reply.rcode = rcode
        reply.authority = [self.soa()]
        return reply

    # targets ---------------------------------------------------------------
    def targets(self, request: Request) -> list[Target]:
        """`findServices` / `findPods`: what the name stands for; raises NoItems."""
        if request.kind == "" or not request.namespace:
            return []
        if self._namespace(request.namespace) is None:
            raise NoItems
        if not request.service:
            return []
        if request.kind == "pod":
            return self._pod_target(request)
        service = self.store.find(by_kind("Service"), request.namespace, request.service)
        if service is None:
            raise NoItems
        targets = self._service_targets(service, request)
        if not targets:
            raise NoItems
        return targets

    def _service_targets(self, service: KubeObject, request: Request) -> list[Target]:
        spec = service.spec
        if spec.get("type") == "ExternalName":
            name = str(spec.get("externalName") or "")
            if request.endpoint or not name or is_ip(name):
                return []
            return [Target(name, 0, name)]
        if spec.get("clusterIP") == "None" or request.endpoint:
            return self._endpoint_targets(service, request)
        domain = f"{service.name}.{service.namespace}.svc.{ZONE}"
        ips = spec.get("clusterIPs") or [spec.get("clusterIP")]
        return [Target(ip, int(port.get("port", -1)), domain)
                for port in spec.get("ports") or [] if _port_matches(request, port)
                for ip in ips if ip]

    def _endpoint_targets(self, service: KubeObject, request: Request) -> list[Target]:
        endpoints = self.store.find(by_kind("Endpoints"), service.namespace, service.name)
        targets = []
        for subset in (endpoints.body.get("subsets") or []) if endpoints else []:
            ports = subset.get("ports") or [{"port": -1}]  # object.Endpoints adds a -1 sentinel
            for address in subset.get("addresses") or []:
                hostname = self.endpoint_hostname(service, address)
                if request.endpoint and request.endpoint != hostname:
                    continue
                domain = f"{hostname}.{service.name}.{service.namespace}.svc.{ZONE}"
                targets += [Target(address["ip"], int(port.get("port", -1)), domain)
                            for port in ports if _port_matches(request, port)]
        return targets

    def endpoint_hostname(self, service: KubeObject, address: dict) -> str:
        """The pod's `hostname` when its `subdomain` is this Service, else the dashed IP."""
        if address.get("hostname"):
            return address["hostname"]
        ref = address.get("targetRef") or {}
        pod = self.store.find(by_kind("Pod"), ref.get("namespace"), ref.get("name", "")) if ref else None
        if pod is not None and pod.spec.get("hostname") and pod.spec.get("subdomain") == service.name:
            return str(pod.spec["hostname"])
        return address["ip"].replace(".", "-").replace(":", "-")

    def _pod_target(self, request: Request) -> list[Target]:
        name = request.service
        dotted = name.replace("-", ".") if name.count("-") == 3 and "--" not in name else name.replace("-", ":")
        if not is_ip(dotted):
            raise NoItems
        return [Target(dotted, -1, f"{name}.{request.namespace}.pod.{ZONE}")]

    # answers ---------------------------------------------------------------
    def _addresses(self, qname: str, qtype: str, targets: list[Target], depth: int = 0) -> list[Record]:
        records: list[Record] = []
        for target in targets:
            if is_ip(target.host):
                if _family(target.host) == qtype:
                    records.append(Record(qname, qtype, TTL, target.host))
                continue
            records += self._cname_chain(qname, qtype, target.host, depth)
        return records

    def _cname_chain(self, qname: str, qtype: str, host: str, depth: int) -> list[Record]:
        cname = Record(qname, "CNAME", TTL, absolute(host))
        if depth > 7 or absolute(host) == qname:
            return []
        if in_zone(absolute(host)):
            try:
                following = self._addresses(absolute(host), qtype, self.targets(parse_request(absolute(host))), depth + 1)
            except NoItems:
                return []
            return [cname, *following] if following else []
        return [cname, *self.upstream(host, qtype).answer]

    def _srv(self, qname: str, targets: list[Target]) -> tuple[list[Record], list[Record]]:
        usable = [t for t in targets if t.port != -1]
        weight = max(1, 100 // len(targets)) if targets else 100
        records, extra = [], []
        for target in usable:
            srv_target = absolute(target.domain)
            records.append(Record(qname, "SRV", TTL, f"0 {weight} {target.port} {srv_target}"))
            if is_ip(target.host):
                extra.append(Record(srv_target, _family(target.host), TTL, target.host))
            else:
                extra += self.upstream(target.host, "A").answer
        return records, extra

    def _reverse(self, qname: str, qtype: str) -> DNSAnswer | None:
        ip = _address_from_reverse(qname)
        if ip is None or qtype != "PTR":
            return None
        names = self.ptr_names(ip)
        if not names:
            return None
        reply = DNSAnswer(qname, qtype, authoritative=True, recursion_available=True)
        reply.answer = [Record(qname, "PTR", TTL, name) for name in names]
        return reply

    def ptr_names(self, ip: str) -> list[str]:
        """`serviceRecordForIP`: a ClusterIP's Service name, else every endpoint naming the IP."""
        store = self.store
        for service in store.list(by_kind("Service")):
            if ip in (service.spec.get("clusterIPs") or [service.spec.get("clusterIP")]):
                return [f"{service.name}.{service.namespace}.svc.{ZONE}"]
        names = []
        for endpoints in store.list(by_kind("Endpoints")):
            service = store.find(by_kind("Service"), endpoints.namespace, endpoints.name)
            for subset in endpoints.body.get("subsets") or []:
                for address in subset.get("addresses") or []:
                    if address.get("ip") == ip and service is not None:
                        host = self.endpoint_hostname(service, address)
                        names.append(f"{host}.{endpoints.name}.{endpoints.namespace}.svc.{ZONE}")
        return names

    # zone data -------------------------------------------------------------
    def soa(self) -> Record:
        return Record(ZONE, "SOA", TTL, f"ns.dns.{ZONE} hostmaster.{ZONE} {self.serial()} 7200 1800 86400 {TTL}")

    def serial(self) -> int:
        """`APIConn.Modified()`: the Unix time of the last change CoreDNS watched."""
        store = self.store

        def newest() -> int:
            stamps = (o.metadata.creation_timestamp for kind in ("Service", "Endpoints", "Namespace")
                      for o in store.list(by_kind(kind)))
            return int(max(stamps, default=LECTURE_EPOCH))

        return store.cached(("dns-serial",), newest)

    def _namespace(self, name: str) -> KubeObject | None:
        return self.store.find(by_kind("Namespace"), None, name)


def _port_matches(request: Request, port: dict) -> bool:
    """`matchPortAndProtocol`: an empty port or protocol in the request matches any."""
    name, protocol = str(port.get("name") or ""), str(port.get("protocol") or "TCP")
    return (not request.port or request.port.lower() == name.lower()) and \
        (not request.protocol or request.protocol.lower() == protocol.lower())


def _family(ip: str) -> str:
    return "A" if isinstance(ipaddress.ip_address(ip), ipaddress.IPv4Address) else "AAAA"


def _address_from_reverse(qname: str) -> str | None:
    if qname.endswith(".in-addr.arpa."):
        parts = qname[: -len(".in-addr.arpa.")].split(".")
        if len(parts) == 4 and all(p.isdigit() for p in parts):
            return ".".join(reversed(parts))
    return None


def _dedup(records: list[Record]) -> list[Record]:
    """`dnsutil.Dedup`: identical records (same name, type, data) appear once."""
    seen, unique = set(), []
    for record in records:
        key = (record.name, record.type, record.data)
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique
