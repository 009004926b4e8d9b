"""BIND's nslookup: 9.16 (Ubuntu 20.04, Debian bullseye) and 9.9.5 (jessie-dnsutils).

Read from `isc-projects/bind9:bin/dig/nslookup.c` (the 2011 9.8/9.9 file for 9.9.5,
the 9.16-era file for 9.16) and `bin/dig/dighost.c`:
- `Server:\\t\\t<as typed>`, `Address:\\t<ip>#53`, a blank line; 9.16 prints this
  header only for the A lookup (and for every lookup once a type is set).
- Search: a name with fewer dots than ndots (resolv.conf, or `-ndots=`) is tried
  with each search domain, then as is; otherwise (or with a trailing dot) only as
  is. Only NXDOMAIN moves on to the next candidate (CHANGES 3640, in 9.9.5).
- A records print `Name:\\t<fqdn>` and `Address: <ip>`; other records print
  `<owner>\\t<what> = <rdata>` (`canonical name = google.com.`).
- `Non-authoritative answer:` when AA=0, for the A lookup only (9.16).
- 9.16 follows the CNAME chain and asks AAAA for the final name, printing nothing
  when that answer is empty; 9.9.5 asks only A (the AAAA lookup arrived in 9.11).
- NXDOMAIN: `** server can't find <name>: NXDOMAIN`. 9.16 names the last name
  tried and exits 1 (`query_error | print_error`); 9.9.5 names what was typed and
  exits 0 (its main() returns 0).
- An empty answer with a type set: `*** Can't find <name>: No answer`; with AA=0
  and a type other than A/AAAA the `Authoritative answers can be found from:`
  block follows.
- A server that never answers: `;; connection timed out; no servers could be
  reached` after 3 tries of 5 s.
- Unknown `-option`: `*** Invalid option: option` on stdout, then the lookup runs.
- Every run ends with an empty line (main's `puts("")`).

Not modelled: interactive mode beyond reading commands from stdin, `-debug`
sections, `-vc`, `-port=` other than 53, `-class=` other than IN.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.dns.clients import ClientBuild, record_lookup
from simulator.dns.message import NOERROR, NXDOMAIN, TYPE_CODES, DNSAnswer, is_ip, reverse_name
from simulator.programs.context import ExecContext, ToolResult

TIMEOUT_SECONDS = 15  # dighost: 3 tries of 5 s
RTYPE_TEXT = {"A": "internet address = ", "NS": "nameserver = ", "CNAME": "canonical name = ", "SOA": "soa = ",
              "PTR": "name = ", "MX": "mail exchanger = ", "TXT": "text = ", "AAAA": "has AAAA address ",
              "SRV": "service = "}
TYPE_OPTIONS = ("type=", "ty=", "querytype=", "query=", "qu=", "q=")
KNOWN_TYPES = set(TYPE_CODES) | {"HINFO", "AXFR", "IXFR", "DS", "DNSKEY", "RRSIG", "NSEC", "CAA", "NAPTR", "SPF"}


@dataclass
class Options:
    name: str | None = None
    server: str | None = None
    qtype: str = "A"
    default_lookups: bool = True
    usesearch: bool = True
    ndots: int | None = None
    domain: str | None = None
    version: bool = False
    early: list[str] = field(default_factory=list)  # lines printed while parsing


def parse_args(args: list[str], build: ClientBuild) -> Options:
    opts, have_lookup = Options(), False
    for arg in args:
        if arg.startswith("-") and arg != "-":
            if arg.lower().startswith("-ver") and not build.is_old_bind:
                opts.version = True
                return opts
            set_option(opts, arg[1:], build)
        elif arg == "-":
            have_lookup = True
        elif not have_lookup:
            opts.name, have_lookup = arg, True
        else:
            opts.server = arg
    return opts


def set_option(opts: Options, opt: str, build: ClientBuild) -> None:
    low = opt.lower()
    prefix = next((p for p in TYPE_OPTIONS if low.startswith(p)), None)
    if prefix is not None:
        value = opt[len(prefix):]
        if value.upper() not in KNOWN_TYPES:
            opts.early.append(f"unknown query type: {value}\n")
            return
        opts.qtype = value.upper()
        opts.default_lookups = False
        return
    if low.startswith("ndots=") and value_is_int(opt[6:]):
        opts.ndots = int(opt[6:])
    elif low.startswith(("domain=", "do=")):
        opts.domain, opts.usesearch = opt.split("=", 1)[1], True
    elif low.startswith("nosearch") or low.startswith("nodef"):
        opts.usesearch = False
    elif low.startswith(("sea", "def")):
        opts.usesearch = True
    elif not _known_flag(low):
        opts.early.append(f"*** Invalid option: {opt}\n")


def value_is_int(text: str) -> bool:
    return text.isdigit()


def _known_flag(low: str) -> bool:
    prefixes = ("class=", "cl=", "port=", "po=", "timeout=", "t=", "retry=", "ret=", "rec", "norec", "vc", "novc",
                "deb", "nodeb", "d2", "nod2", "sil", "fail", "nofail", "all")
    return low.startswith(prefixes)


def candidates(name: str, search: tuple[str, ...], ndots: int, usesearch: bool) -> list[str]:
    """dighost's search walk: suffixes first when the name has fewer than ndots dots."""
    if name.endswith("."):
        return [name]
    if not usesearch or name.count(".") >= ndots or not search:
        return [name + "."]
    return [f"{name}.{domain.strip('.')}." for domain in search] + [name + "."]


class BindNslookup:
    def __init__(self, ctx: ExecContext, build: ClientBuild) -> None:
        self.ctx, self.build = ctx, build
        self.dns = ctx.dns
        self.result = ToolResult()
        self.failed = False

    def run(self, args: list[str]) -> ToolResult:
        opts = parse_args(args, self.build)
        if opts.version:
            return self.result.err(f"nslookup {self.build.version}\n")
        self._out("".join(opts.early))
        if opts.name is None:
            return self._interactive(opts)
        server = self._server(opts)
        if server is not None:
            self.lookup(opts, opts.name, *server)
        self._out("\n")
        self.result.exit_code = 0 if self.build.is_old_bind else int(self.failed)
        return self.result

    def _server(self, opts: Options) -> tuple[str, str] | None:
        """(what Server: shows, the address queried)."""
        if opts.server is None:
            address = self.dns.server_for(self.ctx.vantage)
            return address, address
        if is_ip(opts.server):
            return opts.server, opts.server
        addresses = self.dns.getaddrinfo(self.ctx.vantage, opts.server)
        if not addresses:
            self.result.err(f"nslookup: couldn't get address for '{opts.server}': not found\n")
            self.result.exit_code = 1
            self.failed = True
            return None
        return opts.server, addresses[0]

    def lookup(self, opts: Options, name: str, userarg: str, server: str) -> None:
        settings = self.dns.settings(self.ctx.vantage)
        qtype, search = opts.qtype, settings.search
        if opts.domain:
            search = (opts.domain, *search)
        if is_ip(name):
            names, qtype = [reverse_name(name)], "PTR"
        else:
            ndots = opts.ndots if opts.ndots is not None else settings.ndots
            names = candidates(name, search, ndots, opts.usesearch)
        reply, asked = self._walk(server, names, qtype)
        record_lookup(self.ctx, name, qtype, server, reply, asked)
        if reply is None:
            self._timeout()
            return
        self.print_reply(opts, reply, asked, name, userarg, server, qtype)

    def _walk(self, server: str, names: list[str], qtype: str) -> tuple[DNSAnswer | None, str]:
        reply, asked = None, names[0]
        for asked in names:
            reply = self.dns.ask(self.ctx.vantage, server, asked, qtype)
            if reply is None or reply.rcode != NXDOMAIN:
                break
        return reply, asked

    def _timeout(self) -> None:
        self.ctx.elapse(TIMEOUT_SECONDS)
        self._out(";; connection timed out; no servers could be reached\n")
        self.failed = True

    # printing ----------------------------------------------------------------
    def print_reply(self, opts: Options, reply: DNSAnswer, asked: str, typed: str, userarg: str,
                    server: str, qtype: str) -> None:
        headed = not opts.default_lookups or qtype == "A" or self.build.is_old_bind
        if headed:
            self._out(f"Server:\t\t{userarg}\nAddress:\t{server}#53\n\n")
        if reply.rcode != NOERROR:
            shown = typed if self.build.is_old_bind and reply.rcode == NXDOMAIN else _format_name(asked)
            self._out(f"** server can't find {shown}: {reply.rcode}\n")
            self.failed = True
            return
        if not reply.authoritative and (not opts.default_lookups or qtype == "A" or self.build.is_old_bind):
            self._out("Non-authoritative answer:\n")
        if reply.answer:
            self._out(print_section(reply.answer, self.build))
        elif not opts.default_lookups or self.build.is_old_bind:
            self._out(f"*** Can't find {typed}: No answer\n")
        address_types = ("A",) if self.build.is_old_bind else ("A", "AAAA")
        if not reply.authoritative and qtype not in address_types:
            self._out("\nAuthoritative answers can be found from:\n")
            self._out(print_section(reply.authority + reply.additional, self.build))
        if opts.default_lookups and qtype == "A" and not self.build.is_old_bind:
            self._aaaa_followup(reply, asked, server)

    def _aaaa_followup(self, reply: DNSAnswer, asked: str, server: str) -> None:
        """9.16 adds an AAAA lookup for the end of the CNAME chain; only its records show."""
        target = chase_cname(reply, asked)
        aaaa = self.dns.ask(self.ctx.vantage, server, target, "AAAA")
        if aaaa is None:
            self._timeout()
        elif aaaa.rcode != NOERROR:
            self._out(f"** server can't find {_format_name(target)}: {aaaa.rcode}\n")
            self.failed = True
        elif aaaa.answer:
            self._out(print_section(aaaa.answer, self.build))
        elif not reply.answer:
            self._out(f"*** Can't find {_format_name(target)}: No answer\n")

    def _interactive(self, opts: Options) -> ToolResult:
        """Commands read from stdin: `set opt`, `server addr`, `exit`, or a name."""
        server = self._server(opts)
        for line in self.ctx.stdin.splitlines():
            words = line.split()
            if self.ctx.tty:
                self._out("> ")
            if not words:
                continue
            if words[0] == "exit":
                break
            if words[0] == "set" and len(words) > 1:
                set_option(opts, words[1], self.build)
                self._out("".join(opts.early))
                opts.early.clear()
            elif words[0] in ("server", "lserver") and len(words) > 1:
                server = (words[1], words[1])
                self._out(f"Default server: {words[1]}\nAddress: {words[1]}#53\n\n")
            elif server is not None:
                self.lookup(opts, words[0], *server)
        self._out("\n")
        return self.result

    def _out(self, text: str) -> None:
        if text:
            self.result.out(text)


def chase_cname(reply: DNSAnswer, name: str) -> str:
    """Follow CNAME records in the answer, starting at `name`."""
    for _ in range(len(reply.answer)):
        step = next((r.data for r in reply.answer if r.type == "CNAME" and r.name == name), None)
        if step is None:
            break
        name = step
    return name


def print_section(records: list, build: ClientBuild) -> str:
    """`printsection`: records grouped by owner name in order of first appearance."""
    lines = []
    for owner in dict.fromkeys(r.name for r in records):
        for record in (r for r in records if r.name == owner):
            lines.append(_print_record(record, build))
    return "".join(lines)


def _print_record(record, build: ClientBuild) -> str:
    name = _format_name(record.name)
    if record.type == "A" or (record.type == "AAAA" and not build.is_old_bind):
        return f"Name:\t{name}\nAddress: {record.data}\n"
    if record.type == "SOA":
        mname, rname, serial, refresh, retry, expire, minimum = record.data.split()
        return (f"{name}\n\torigin = {_format_name(mname)}\n\tmail addr = {_format_name(rname)}\n"
                f"\tserial = {serial}\n\trefresh = {refresh}\n\tretry = {retry}\n\texpire = {expire}\n"
                f"\tminimum = {minimum}\n")
    what = RTYPE_TEXT.get(record.type, f"rdata_{TYPE_CODES.get(record.type, 0)} = ")
    return f"{name}\t{what}{record.data}\n"


def _format_name(name: str) -> str:
    """`dns_name_format`: no final dot, except for the root."""
    return name.rstrip(".") or "."
