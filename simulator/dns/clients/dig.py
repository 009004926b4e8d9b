"""BIND's dig (9.16 on Ubuntu 20.04 and bullseye, 9.9.5 in jessie-dnsutils).

Layout from `bin/dig/dig.c` (`printgreeting`, `printmessage`, `received`) and
`lib/dns/masterdump.c`: the greeting line starts with a newline; the header, flags
and counts (ADDITIONAL counts the OPT record); a blank line; the OPT pseudosection
(9.16 sends a COOKIE, which CoreDNS echoes back: `(echoed)`; 9.9.5 sends none);
each non-empty section followed by a blank line; `Query time`, `SERVER`,
`WHEN` (`%a %b %d %H:%M:%S %Z %Y`, from the simulated clock, UTC) and `MSG SIZE`.
Records are laid out with `dns_master_stylecreate(..., 24, 32, 40, 48, 80, 8)`:
TTL at column 24, class at 32, type at 40, rdata at 48, tabs of 8, and a single
space when the previous field already passed the column.

Options: `@server`, `-t type`, a type word, `-x addr`, `-q name`, `-p 53`, `-4`,
`+short`, `+[no]search`, `+ndots=`, `+[no]recurse`, `+[no]cmd`, `+[no]comments`,
`+[no]stats`, `+[no]question`, `+[no]answer`, `+[no]authority`, `+[no]additional`,
`+[no]all`, `+[no]cookie`, `+[no]edns`, `+tcp`, `+time=`, `+tries=`. Anything else
prints `Invalid option: +x` and the usage on stderr, exit 1.

Not modelled: `+trace`, `+multiline`, `+yaml`, batch files, several queries on
one command line (only the first name is asked).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from simulator.dns.clients import ClientBuild, record_lookup
from simulator.dns.clients.bind_nslookup import candidates
from simulator.dns.message import NXDOMAIN, TYPE_CODES, DNSAnswer, is_ip, reverse_name, wire_size
from simulator.programs.context import ExecContext, ToolResult

USAGE = ("Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
         "            {global-d-opt} host [@local-server] {local-d-opt}\n"
         "            [ host [@local-server] {local-d-opt} [...]]\n\n"
         "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n")
FLAG_OPTIONS = ("short", "search", "recurse", "cmd", "comments", "stats", "question", "answer", "authority",
                "additional", "all", "cookie", "edns", "tcp", "vc", "time", "tries", "ndots", "retry", "ttlid",
                "class", "identify", "nsid", "qr", "besteffort", "defname", "showsearch", "fail", "ignore")
TIMEOUT_SECONDS = 15
CLIENT_UDP_SIZE = 4096


@dataclass
class DigOptions:
    name: str | None = None
    qtype: str = "A"
    server: str | None = None
    short: bool = False
    search: bool = False
    ndots: int | None = None
    recurse: bool = True
    cookie: bool = True
    edns: bool = True
    sections: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(
        ("cmd", "comments", "stats", "question", "answer", "authority", "additional"), True))


class InvalidOption(Exception):
    pass


def parse_args(args: list[str]) -> DigOptions:
    opts, rest = DigOptions(), list(args)
    while rest:
        arg = rest.pop(0)
        if arg.startswith("@"):
            opts.server = arg[1:]
        elif arg.startswith("+"):
            _plus_option(opts, arg[1:])
        elif arg.startswith("-") and len(arg) > 1:
            _dash_option(opts, arg, rest)
        elif arg.upper() in TYPE_CODES and (opts.name is not None or any(not w.startswith(("@", "+", "-")) for w in rest)):
            # dig takes a type word before the name too (`dig SRV svc...`, as week 8 does)
            opts.qtype = arg.upper()
        elif arg.upper() == "IN":
            continue
        elif opts.name is None:
            opts.name = arg
    return opts


def _plus_option(opts: DigOptions, option: str) -> None:
    word, _, value = option.partition("=")
    state = not word.lower().startswith("no")
    word = word[2:].lower() if not state else word.lower()
    match = next((full for full in FLAG_OPTIONS if word and full.startswith(word)), None)
    if match is None:
        raise InvalidOption(f"Invalid option: +{option}\n")
    if match == "short":
        opts.short = state
    elif match in ("search", "defname"):
        opts.search = state
    elif match == "ndots" and value.isdigit():
        opts.ndots = int(value)
    elif match == "recurse":
        opts.recurse = state
    elif match == "cookie":
        opts.cookie = state
    elif match == "edns":
        opts.edns = state
    elif match == "all":
        opts.sections = dict.fromkeys(opts.sections, state)
    elif match in opts.sections:
        opts.sections[match] = state


def _dash_option(opts: DigOptions, arg: str, rest: list[str]) -> None:
    flag, value = arg[1], arg[2:]
    if flag in "46":
        return
    if flag not in "tqxpcb":
        raise InvalidOption(f"Invalid option: {arg}\n")
    value = value or (rest.pop(0) if rest else "")
    if flag == "t":
        opts.qtype = value.upper()
    elif flag == "q":
        opts.name = value
    elif flag == "x":
        opts.name, opts.qtype = reverse_name(value), "PTR"


class Dig:
    def __init__(self, ctx: ExecContext, build: ClientBuild) -> None:
        self.ctx, self.build = ctx, build
        self.dns = ctx.dns
        self.rng = ctx.random("dns")

    def run(self, args: list[str]) -> ToolResult:
        try:
            opts = parse_args(args)
        except InvalidOption as error:
            return ToolResult(exit_code=1).err(str(error) + USAGE)
        if self.build.is_old_bind:
            opts.cookie = False
        server = opts.server or self.dns.server_for(self.ctx.vantage)
        if opts.server and not is_ip(opts.server):
            found = self.dns.getaddrinfo(self.ctx.vantage, opts.server)
            if not found:
                return ToolResult(exit_code=10).err(f"dig: couldn't get address for '{opts.server}': not found\n")
            server = found[0]
        name = opts.name if opts.name is not None else "."
        reply, asked = self._ask(opts, server, name)
        record_lookup(self.ctx, name, opts.qtype, server, reply, asked)
        return self._render(opts, args, server, reply, asked)

    def _ask(self, opts: DigOptions, server: str, name: str) -> tuple[DNSAnswer | None, str]:
        settings = self.dns.settings(self.ctx.vantage)
        ndots = opts.ndots if opts.ndots is not None else settings.ndots
        names = candidates(name, settings.search, ndots, True) if opts.search else [_absolute(name)]
        reply, asked = None, names[0]
        for asked in names:
            reply = self.dns.ask(self.ctx.vantage, server, asked, opts.qtype)
            if reply is None or reply.rcode != NXDOMAIN:
                break
        return reply, asked

    # output --------------------------------------------------------------------
    def _render(self, opts: DigOptions, args: list[str], server: str, reply: DNSAnswer | None,
                asked: str) -> ToolResult:
        result, show = ToolResult(), opts.sections
        if show["cmd"] and not opts.short:
            found = "; (1 server found)\n" if opts.server else ""
            result.out(f"\n; <<>> DiG {self.build.version} <<>> {' '.join(args)}\n{found};; global options: +cmd\n")
        if reply is None:
            self.ctx.elapse(TIMEOUT_SECONDS)
            result.exit_code = 9
            return result.out(";; connection timed out; no servers could be reached\n")
        if opts.short:
            return result.out("".join(record.data + "\n" for record in reply.answer))
        if show["comments"]:
            result.out(self._header(opts, reply))
        result.out(self._sections(opts, reply, asked))
        if show["stats"]:
            result.out(self._stats(opts, server, reply))
        return result

    def _header(self, opts: DigOptions, reply: DNSAnswer) -> str:
        flags = " qr" + (" aa" if reply.authoritative else "") + (" rd" if opts.recurse else "") + \
            (" ra" if reply.recursion_available else "")
        extra = len(reply.additional) + (1 if opts.edns else 0)
        text = (f";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: {reply.rcode}, id: {self.rng.randrange(65536)}\n"
                f";; flags:{flags}; QUERY: 1, ANSWER: {len(reply.answer)}, AUTHORITY: {len(reply.authority)}, "
                f"ADDITIONAL: {extra}\n")
        if opts.recurse and not reply.recursion_available:
            text += ";; WARNING: recursion requested but not available\n"
        text += "\n"
        if opts.edns:
            text += f";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: {reply.edns_udp_size or CLIENT_UDP_SIZE}\n"
            if opts.cookie and reply.echoes_cookie:
                text += f"; COOKIE: {self.rng.getrandbits(64):016x} (echoed)\n"
        return text

    def _sections(self, opts: DigOptions, reply: DNSAnswer, asked: str) -> str:
        show, text = opts.sections, ""
        if show["question"]:
            header = ";; QUESTION SECTION:\n" if show["comments"] else ""
            text += header + question_line(asked, opts.qtype) + ("\n" if show["comments"] else "")
        for title, records in (("ANSWER", reply.answer), ("AUTHORITY", reply.authority),
                               ("ADDITIONAL", reply.additional)):
            if records and show[title.lower()]:
                header = f";; {title} SECTION:\n" if show["comments"] else ""
                text += header + "".join(record_line(r) for r in records) + ("\n" if show["comments"] else "")
        return text

    def _stats(self, opts: DigOptions, server: str, reply: DNSAnswer) -> str:
        when = _dt.datetime.fromtimestamp(int(self.ctx.clock.now()), tz=_dt.timezone.utc)
        size = wire_size(reply, client_opt=opts.edns, client_cookie=opts.cookie)
        return (f";; Query time: {reply.query_time_ms} msec\n;; SERVER: {server}#53({server})\n"
                f";; WHEN: {when.strftime('%a %b %d %H:%M:%S UTC %Y')}\n;; MSG SIZE  rcvd: {size}\n\n")


def record_line(record) -> str:
    """One resource record as dig prints it."""
    line = record.name
    line = _pad(line, 24) + str(record.ttl)
    line = _pad(line, 32) + "IN"
    line = _pad(line, 40) + record.type
    return _pad(line, 48) + record.data + "\n"


def question_line(qname: str, qtype: str) -> str:
    line = _pad(";" + qname, 32) + "IN"
    return _pad(line, 40) + qtype + "\n"


def _pad(line: str, column: int) -> str:
    """masterdump.c `indent()`: tabs to the column, or one space when already past it."""
    current = len(line.expandtabs(8))
    target = max(column, current + 1)
    tabs = target // 8 - current // 8
    if tabs > 0:
        return line + "\t" * tabs + " " * (target - (target // 8) * 8)
    return line + " " * (target - current)


def _absolute(name: str) -> str:
    return name if name.endswith(".") else name + "."
