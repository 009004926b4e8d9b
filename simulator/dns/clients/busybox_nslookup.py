"""busybox's nslookup applet: the 1.28 one that calls getaddrinfo(), and the 1.29+ one.

1.28 (`networking/nslookup.c` before the 2018 rewrite; busybox:1.28 is what the
Kubernetes DNS-debugging docs use): `print_host()` prints `%-10s %s` headers and
`Address N: <ip> <reverse name>`, the server first, then the name; resolution is
libc's, so search and ndots apply. Failure: `nslookup: can't resolve '<name>'` on
stderr, exit 1. Options are not accepted (any `-x` prints the usage).

1.29+ (the rewrite, read from a current `networking/nslookup.c`): its own resolver
sends A then AAAA; the search list is used only when the name has no dot, and then
only the suffixed names are asked (never the bare name). Each reply is printed as
it arrives, followed by a blank line: `** server can't find X: NXDOMAIN` (exit 1),
or `Non-authoritative answer:` when AA=0 and the records; an empty reply prints
only the blank line. The header is `Server:\\t\\t<ns>` / `Address:\\t<ns>:53`.

Not modelled: `-debug`, `-retry`, `-timeout`, `-port`; replies arriving out of order.
"""

from __future__ import annotations

from simulator.dns.clients import ClientBuild, record_lookup
from simulator.dns.message import NOERROR, DNSAnswer, is_ip, reverse_name
from simulator.programs.context import ExecContext, ToolResult

USAGE_128 = """\
BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.

Usage: nslookup [HOST] [SERVER]

Query the nameserver for the IP address of the given HOST
optionally using a specified DNS server
"""
USAGE_135 = """\
BusyBox v1.35.0 (2022-01-17 19:57:02 UTC) multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any
"""
QUERY_TYPES = ("SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY")
TIMEOUT_SECONDS = 5


def run_busybox(ctx: ExecContext, args: list[str], build: ClientBuild) -> ToolResult:
    if build.is_old_busybox:
        return _run_128(ctx, args)
    return _run_135(ctx, args)


# 1.28 -------------------------------------------------------------------------
def _run_128(ctx: ExecContext, args: list[str]) -> ToolResult:
    if not args or args[0].startswith("-") or len(args) > 2:
        return ToolResult(exit_code=1).err(USAGE_128)
    dns, vantage = ctx.dns, ctx.vantage
    result = ToolResult()
    server = args[1] if len(args) > 1 else dns.server_for(vantage)
    result.out(_print_host_128(ctx, server, "Server:", [server]) + "\n")
    resolution = dns.resolve_host(vantage, args[0])
    if resolution.timed_out:
        ctx.elapse(resolution.seconds)
    addresses = resolution.addresses + _ipv6_of(ctx, resolution) if resolution.ok else []
    answered = resolution.tried[-1] if resolution.ok and resolution.tried else args[0]
    rcode = "NOERROR" if resolution.ok else "timeout" if resolution.timed_out else "NXDOMAIN"
    # getaddrinfo() hands back addresses only: the applet never sees the CNAMEs on the way
    ctx.record(name=args[0].rstrip(".").lower(), type="A", server=server, fqdn=answered.rstrip(".").lower(),
               rcode=rcode, answers=addresses, cnames=[])
    if not resolution.ok:
        result.exit_code = 1
        return result.err(f"nslookup: can't resolve '{args[0]}'\n")
    return result.out(_print_host_128(ctx, args[0], "Name:", addresses))


def _print_host_128(ctx: ExecContext, host: str, header: str, addresses: list[str]) -> str:
    lines = [f"{header:<10} {host}\n"]
    for index, address in enumerate(addresses, start=1):
        name = _reverse_lookup(ctx, address)
        lines.append(f"Address {index}: {address} {name}\n" if name else f"Address {index}: {address}\n")
    return "".join(lines)


def _reverse_lookup(ctx: ExecContext, address: str) -> str | None:
    """getnameinfo(NI_NAMEREQD): the first PTR name, without its final dot."""
    dns = ctx.dns
    reply = dns.ask(ctx.vantage, dns.server_for(ctx.vantage), reverse_name(address), "PTR")
    if reply is None or reply.rcode != NOERROR:
        return None
    names = [r.data for r in reply.answer if r.type == "PTR"]
    return names[0].rstrip(".") if names else None


def _ipv6_of(ctx: ExecContext, resolution) -> list[str]:
    if resolution.source != "dns" or not resolution.tried:
        return []
    dns = ctx.dns
    reply = dns.ask(ctx.vantage, dns.server_for(ctx.vantage), resolution.tried[-1], "AAAA")
    return [r.data for r in reply.answer if r.type == "AAAA"] if reply is not None else []


# 1.29+ ------------------------------------------------------------------------
def _run_135(ctx: ExecContext, args: list[str]) -> ToolResult:
    types, rest = [], list(args)
    while rest and rest[0].startswith("-"):
        option, _, value = rest.pop(0)[1:].partition("=")
        if option not in ("type", "querytype", "port", "retry", "debug", "t", "timeout"):
            return ToolResult(exit_code=1).err(USAGE_135)
        if option in ("type", "querytype"):
            if value.upper() not in QUERY_TYPES:
                return ToolResult(exit_code=1).err(f'nslookup: invalid query type "{value}"\n')
            types.append(value.upper())
    if not rest or len(rest) > 2:
        return ToolResult(exit_code=1).err(USAGE_135)
    dns, vantage = ctx.dns, ctx.vantage
    servers = [rest[1]] if len(rest) > 1 else list(dns.settings(vantage).nameservers) or ["127.0.0.1"]
    return _send_queries(ctx, servers, _queries(ctx, rest[0], types))


def _queries(ctx: ExecContext, name: str, types: list[str]) -> list[tuple[str, str]]:
    if not types:
        if is_ip(name):
            return [(reverse_name(name).rstrip("."), "PTR")]
        types = ["A", "AAAA"]
    search = ctx.dns.settings(ctx.vantage).search
    ordered = [t for t in QUERY_TYPES if t in types]
    queries = []
    for qtype in ordered:
        if qtype == "PTR" or not search or "." in name:
            queries.append((name, qtype))
        else:
            queries += [(f"{name}.{domain}", qtype) for domain in search]
    return queries


def _send_queries(ctx: ExecContext, servers: list[str], queries: list[tuple[str, str]]) -> ToolResult:
    result = ToolResult()
    for server in servers:
        replies = [ctx.dns.ask(ctx.vantage, server, name, qtype) for name, qtype in queries]
        for (name, qtype), reply in zip(queries, replies):
            record_lookup(ctx, name, qtype, server, reply)
        if any(reply is not None for reply in replies):
            result.out(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")
            for (name, _), reply in zip(queries, replies):
                result.exit_code |= _print_reply(result, name, reply)
            return result
        ctx.elapse(TIMEOUT_SECONDS)
    result.exit_code = 1
    return result.out(";; connection timed out; no servers could be reached\n\n")


def _print_reply(result: ToolResult, name: str, reply: DNSAnswer | None) -> int:
    if reply is None:
        return 0
    if reply.rcode != NOERROR:
        result.out(f"** server can't find {name}: {reply.rcode}\n\n")
        return 1
    text = "" if reply.authoritative else "Non-authoritative answer:\n"
    result.out(text + "".join(_record_135(r) for r in reply.answer) + "\n")
    return 0


def _record_135(record) -> str:
    name = record.name.rstrip(".")
    if record.type in ("A", "AAAA"):
        return f"Name:\t{name}\nAddress: {record.data}\n"
    formats = {"NS": "nameserver", "CNAME": "canonical name", "PTR": "name"}
    if record.type in formats:
        return f"{name}\t{formats[record.type]} = {record.data.rstrip('.')}\n"
    if record.type == "SRV":
        priority, weight, port, target = record.data.split()
        return f"{name}\tservice = {priority} {weight} {port} {target.rstrip('.')}\n"
    if record.type == "MX":
        preference, exchange = record.data.split()
        return f"{name}\tmail exchanger = {preference} {exchange.rstrip('.')}\n"
    if record.type == "SOA":
        mname, rname, *numbers = record.data.split()
        labels = ("serial", "refresh", "retry", "expire", "minimum")
        return (f"{name}\n\torigin = {mname.rstrip('.')}\n\tmail addr = {rname.rstrip('.')}\n"
                + "".join(f"\t{label} = {value}\n" for label, value in zip(labels, numbers)))
    if record.type == "TXT":
        return f'{name}\ttext = "{record.data.strip(chr(34))}"\n'
    return ""
