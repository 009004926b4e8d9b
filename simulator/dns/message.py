"""DNS messages as data: records, answers, and the size a reply takes on the wire.

A `DNSAnswer` is what a server sends back for one question: rcode, the AA and RA
flags, and the answer/authority/additional sections. Names are absolute and end
with a dot, as they travel on the wire; rdata is kept in presentation format
(`10.233.12.34`, `google.com.`, `0 100 80 svc-web.default.svc.cluster.local.`).

`wire_size` computes the `MSG SIZE  rcvd:` that dig prints. CoreDNS (and so
nodelocaldns) sends replies uncompressed whenever they fit the client's buffer:
miekg/dns `Msg.Truncate` clears `Compress` when the uncompressed length fits, and
CoreDNS calls it from `request.Scrub` on every reply. systemd-resolved and public
recursive resolvers compress names.

Not modelled: DNSSEC records, TSIG, truncation (no answer here exceeds 512 bytes).
"""

from __future__ import annotations

import copy
import ipaddress
from dataclasses import dataclass, field

NOERROR, NXDOMAIN, SERVFAIL, REFUSED = "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED"
TYPE_CODES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33, "ANY": 255}
COOKIE_OPTION_SIZE = 4 + 8  # option code and length, then the 8-byte client cookie echoed back


@dataclass(frozen=True)
class Record:
    name: str  # absolute owner name, with the trailing dot
    type: str  # "A", "AAAA", "CNAME", "SRV", "SOA", "PTR", ...
    ttl: int
    data: str  # rdata in presentation format

    def with_ttl(self, ttl: int) -> "Record":
        return self if ttl == self.ttl else Record(self.name, self.type, ttl, self.data)


@dataclass
class DNSAnswer:
    qname: str  # absolute, with the trailing dot
    qtype: str = "A"
    rcode: str = NOERROR
    answer: list[Record] = field(default_factory=list)
    authority: list[Record] = field(default_factory=list)
    additional: list[Record] = field(default_factory=list)
    authoritative: bool = False  # the AA flag
    recursion_available: bool = True  # the RA flag
    compressed: bool = False  # names compressed on the wire (affects MSG SIZE only)
    edns_udp_size: int | None = None  # the OPT record's payload size; None: the client's own
    echoes_cookie: bool = True  # CoreDNS keeps a client COOKIE option in the reply OPT
    query_time_ms: int = 0

    @property
    def addresses(self) -> list[str]:
        """The A and AAAA data in answer order (what a client collects)."""
        return [r.data for r in self.answer if r.type in ("A", "AAAA")]

    def ipv4(self) -> list[str]:
        return [r.data for r in self.answer if r.type == "A"]

    def copy(self, **changes) -> "DNSAnswer":
        """A copy with its own record lists (dataclasses.replace is too slow on this hot path)."""
        fresh = copy.copy(self)
        fresh.answer, fresh.authority, fresh.additional = list(self.answer), list(self.authority), list(self.additional)
        for name, value in changes.items():
            if name not in self.__dataclass_fields__:
                raise TypeError(f"DNSAnswer has no field {name!r}")
            setattr(fresh, name, value)
        return fresh


def absolute(name: str) -> str:
    """`svc-web` -> `svc-web.`; lower-cased as CoreDNS matches names case-insensitively."""
    name = name.lower()
    return name if name.endswith(".") else name + "."


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def reverse_name(ip: str) -> str:
    return ipaddress.ip_address(ip).reverse_pointer + "."


# wire size ---------------------------------------------------------------
def wire_size(reply: DNSAnswer, client_opt: bool, client_cookie: bool) -> int:
    """Bytes of the reply as sent: header, question, sections and the OPT record."""
    names: dict[str, int] = {}
    size = 12
    size += _name_size(reply.qname, names, size, reply.compressed) + 4
    for record in (*reply.answer, *reply.authority, *reply.additional):
        size += _record_size(record, names, size, reply.compressed)
    if client_opt:
        size += 11 + (COOKIE_OPTION_SIZE if client_cookie and reply.echoes_cookie else 0)
    return size


def _record_size(record: Record, names: dict[str, int], offset: int, compress: bool) -> int:
    owner = _name_size(record.name, names, offset, compress)
    rdata = _rdata_size(record, names, offset + owner + 10, compress)
    return owner + 10 + rdata


def _rdata_size(record: Record, names: dict[str, int], offset: int, compress: bool) -> int:
    kind, data = record.type, record.data
    if kind == "A":
        return 4
    if kind == "AAAA":
        return 16
    if kind in ("CNAME", "PTR", "NS"):
        return _name_size(data, names, offset, compress)
    if kind == "SRV":  # RFC 2782: the target is never compressed
        return 6 + _name_size(data.split()[3], {}, offset + 6, False)
    if kind == "SOA":
        mname, rname = data.split()[:2]
        first = _name_size(mname, names, offset, compress)
        return first + _name_size(rname, names, offset + first, compress) + 20
    if kind == "TXT":
        return len(data.strip('"')) + 1
    return len(data)


def _name_size(name: str, names: dict[str, int], offset: int, compress: bool) -> int:
    """Length of `name` on the wire, remembering its suffixes for later pointers."""
    labels = [label for label in name.rstrip(".").split(".") if label]
    size = 0
    for index in range(len(labels)):
        suffix = ".".join(labels[index:]).lower()
        if compress and suffix in names:
            return size + 2
        if offset + size < 0x4000:
            names.setdefault(suffix, offset + size)
        size += 1 + len(labels[index])
    return size + 1
