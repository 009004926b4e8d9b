"""The public DNS beyond the cluster: what a recursive resolver such as 8.8.8.8 answers.

Names come from the built-in Internet (`simulator.outside.PUBLIC_HOSTS`): a known
name answers with its addresses (following its CNAME chain), an unknown one is
NXDOMAIN with the SOA of its top-level zone, or of the root when the TLD itself does
not exist (`svc-web.default.svc.cluster.` ends in the non-existent TLD `cluster`).
Replies are recursive answers: RA=1, AA=0, names compressed.

Not modelled: TTLs that count down at the resolver (every public record has TTL
300), PTR records for public addresses, and SOA serials that change over time.
"""

from __future__ import annotations

from simulator.dns.message import NOERROR, NXDOMAIN, DNSAnswer, Record, absolute
from simulator.outside import lookup_public

PUBLIC_TTL = 300
PUBLIC_RESOLVERS = ("8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1")
ROOT_SOA = Record(".", "SOA", 86400, "a.root-servers.net. nstld.verisign-grs.com. 2022080300 1800 900 604800 86400")
TLD_SOAS = {
    "com": Record("com.", "SOA", 900, "a.gtld-servers.net. nstld.verisign-grs.com. 1659522600 1800 900 604800 86400"),
    "net": Record("net.", "SOA", 900, "a.gtld-servers.net. nstld.verisign-grs.com. 1659522600 1800 900 604800 86400"),
    "org": Record("org.", "SOA", 900, "a0.org.afilias-nst.info. hostmaster.donuts.email. 1659522600 7200 900 1209600 3600"),
    "io": Record("io.", "SOA", 900, "a0.nic.io. hostmaster.donuts.email. 1659522600 7200 900 1209600 3600"),
    "kr": Record("kr.", "SOA", 900, "b.dns.kr. domain-manager.nic.or.kr. 2022080301 3600 900 604800 10800"),
}
MAX_CHAIN = 8


def public_answer(qname: str, qtype: str = "A") -> DNSAnswer:
    """The answer a public recursive resolver gives for one question."""
    qname = absolute(qname)
    reply = DNSAnswer(qname, qtype, authoritative=False, recursion_available=True, compressed=True,
                      echoes_cookie=False, edns_udp_size=512)
    name, host = qname, lookup_public(qname)
    if host is None:
        reply.rcode = NXDOMAIN
        reply.authority = [zone_soa(qname)]
        return reply
    for _ in range(MAX_CHAIN):
        if host is None or host.cname is None:
            break
        target = absolute(host.cname)
        reply.answer.append(Record(name, "CNAME", PUBLIC_TTL, target))
        name, host = target, lookup_public(target)
    if qtype == "CNAME" or host is None:
        return reply
    values = host.ipv4 if qtype == "A" else host.ipv6 if qtype == "AAAA" else ()
    reply.answer += [Record(name, qtype, PUBLIC_TTL, value) for value in values]
    if not values:
        reply.authority = [registered_zone_soa(name)]
    reply.rcode = NOERROR
    return reply


def zone_soa(name: str) -> Record:
    """The SOA an NXDOMAIN for `name` carries: its TLD's, or the root's."""
    labels = name.rstrip(".").split(".")
    return TLD_SOAS.get(labels[-1], ROOT_SOA) if labels and labels[-1] else ROOT_SOA


def registered_zone_soa(name: str) -> Record:
    """A NODATA answer's SOA: the zone of the registered domain (`google.com.`)."""
    zone = ".".join(name.rstrip(".").split(".")[-2:]) + "."
    return Record(zone, "SOA", 60, f"ns1.{zone} dns-admin.{zone} 463926214 900 900 1800 60")
