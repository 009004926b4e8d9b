"""host: BIND's simple lookup utility (bind9-host 9.16 on the Ubuntu VMs, 9.9.5 in jessie-dnsutils).

    host svc-web            -> svc-web.default.svc.cluster.local has address 10.233.53.193
    host svc-ext            -> svc-ext.default.svc.cluster.local is an alias for github.com.
                               github.com has address 20.200.245.247
    host nothing            -> Host nothing not found: 3(NXDOMAIN)        (exit 1)

Layout from `bin/dig/host.c`: without `-t` it asks A, then AAAA, then MX for the name
(through the search list, as resolv.conf's `ndots` says) and prints each answer record
as a sentence (`has address`, `has IPv6 address`, `is an alias for`, `mail is handled
by`); an alias is printed with the A answer only (UNVERIFIED: that later answers do not
repeat it). A second argument is the server, announced with `Using domain server:`.
Each query is recorded for graders (`simulator.dns.clients.record_lookup`).

Not modelled: `-v`, `-a`, `-l`, `-C`, reverse lookups of addresses, TCP.
"""

from __future__ import annotations

from simulator.dns.clients import record_lookup
from simulator.dns.clients.bind_nslookup import candidates
from simulator.dns.message import NXDOMAIN, is_ip
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program

TIMEOUT_SECONDS = 15  # 3 tries of 5 s before host gives up on the server
USAGE = "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n" \
        "            [-R number] [-m flag] [-p port] hostname [server]\n"
SENTENCES = {"A": "has address", "AAAA": "has IPv6 address", "MX": "mail is handled by"}


@program("host")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    words, qtypes = list(argv[1:]), ["A", "AAAA", "MX"]
    if len(words) >= 2 and words[0] == "-t":
        qtypes = [words[1].upper()]
        words = words[2:]
    if not words or len(words) > 2 or any(word.startswith("-") for word in words):
        return ToolResult(exit_code=1).err(USAGE)
    result = ToolResult()
    server = _server(ctx, words[1] if len(words) > 1 else None, result)
    if server is None:
        return result
    for qtype in qtypes:
        if not _lookup(ctx, words[0], qtype, server, result, first=qtype == qtypes[0]):
            break
    return result


def _server(ctx: ExecContext, named: str | None, result: ToolResult) -> str | None:
    if named is None:
        return ctx.dns.server_for(ctx.vantage)
    address = named if is_ip(named) else (ctx.dns.getaddrinfo(ctx.vantage, named) or [None])[0]
    if address is None:
        result.exit_code = 1
        result.err(f"host: couldn't get address for '{named}': not found\n")
        return None
    result.out(f"Using domain server:\nName: {named}\nAddress: {address}#53\nAliases: \n\n")
    return address


def _lookup(ctx: ExecContext, name: str, qtype: str, server: str, result: ToolResult, first: bool) -> bool:
    """Ask one type through the search list and print its answer; False when host stops there."""
    settings = ctx.dns.settings(ctx.vantage)
    reply, asked = None, name
    for asked in candidates(name, settings.search, settings.ndots, True):
        reply = ctx.dns.ask(ctx.vantage, server, asked, qtype)
        if reply is None or reply.rcode != NXDOMAIN:
            break
    record_lookup(ctx, name, qtype, server, reply, asked)
    if reply is None:
        ctx.elapse(TIMEOUT_SECONDS)
        result.exit_code = 1
        result.out(";; connection timed out; no servers could be reached\n")
        return False
    if reply.rcode == NXDOMAIN:
        result.exit_code = 1
        result.out(f"Host {name} not found: 3(NXDOMAIN)\n")
        return False
    for record in reply.answer:
        owner = record.name.rstrip(".")
        if record.type == "CNAME" and first:
            result.out(f"{owner} is an alias for {record.data}\n")
        elif record.type == qtype and qtype in SENTENCES:
            result.out(f"{owner} {SENTENCES[qtype]} {record.data}\n")
    return True
