"""ping: ICMP echo through the simulated network, as iputils (Ubuntu, Debian) or busybox print it.

    ping -c 3 10.233.53.193        # a ClusterIP does not answer: iptables mode binds it nowhere

iputils (s20190709 on Ubuntu 20.04, `ping_common.c`): `PING host (ip) 56(84) bytes of
data.`, one `64 bytes from ...: icmp_seq=N ttl=T time=X ms` per reply (time with 3,
2, 1 or 0 decimals as it grows), then the statistics block; a name given on the
command line is shown as its canonical name and each reply as its PTR name. busybox
(`networking/ping.c`): `seq=` from 0, `packets received`, `round-trip min/avg/max`.

Without `-c` (or `-w`) ping never ends; the simulation stops it after four packets
as if Ctrl-C were pressed, printing `^C` the way the terminal echoes it, and exits
as ping does on SIGINT (0 with replies, 1 without). Times come from
`ctx.random("ping")`, so a seed gives the same numbers every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.network.transfer import canonical_name, resolve, reverse_name
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program

INTERRUPT_AFTER = 4
LINGER_SECONDS = 10.0  # iputils waits this long for the last reply (MAXWAIT)
USAGE = """
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
"""
WITH_VALUE = set("cIiwWlmMpQsStTF")


@dataclass
class PingOptions:
    target: str = ""
    count: int | None = None
    deadline: int | None = None
    interval: float = 1.0
    quiet: bool = False
    numeric: bool = False
    size: int = 56


class PingUsage(Exception):
    pass


@program("ping")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    busybox = _is_busybox(ctx)
    try:
        options = _parse(argv[1:])
    except PingUsage as error:
        return ToolResult(exit_code=1 if busybox else 2).err(str(error))
    resolution = resolve(ctx.dns, ctx.vantage, options.target)
    ctx.elapse(resolution.seconds)
    if not resolution.addresses:
        return _unknown_host(options.target, resolution.timed_out, busybox)
    ip = resolution.addresses[0]
    shown = options.target if busybox else canonical_name(ctx.dns, ctx.vantage, options.target, resolution)
    echo = ctx.network.echo(ctx.vantage, ip)
    numeric = options.numeric or options.target == ip
    peer = ip if numeric or busybox else _peer(ctx, ip)
    return Pinger(ctx, options, busybox, shown, ip, peer, echo).run()


class Pinger:
    def __init__(self, ctx: ExecContext, options: PingOptions, busybox: bool, shown: str, ip: str, peer: str, echo):
        self.ctx, self.options, self.busybox = ctx, options, busybox
        self.shown, self.ip, self.peer, self.echo = shown, ip, peer, echo
        self.rng = ctx.random("ping")
        self.result = ToolResult()

    def run(self) -> ToolResult:
        count, interrupted = self._count()
        size = self.options.size
        if self.busybox:
            self.result.out(f"PING {self.shown} ({self.ip}): {size} data bytes\n")
        else:
            self.result.out(f"PING {self.shown} ({self.ip}) {size}({size + 28}) bytes of data.\n")
        times = [self._one(seq) for seq in range(1, count + 1)]
        replies = [t for t in times if t is not None]
        self._advance(count, replies)
        if interrupted:
            self.result.out("^C")
        self.result.out(self._statistics(count, replies))
        self.result.exit_code = 0 if replies else 1
        return self.result

    def _count(self) -> tuple[int, bool]:
        if self.options.count is not None:
            return self.options.count, False
        if self.options.deadline is not None:
            return max(int(self.options.deadline / self.options.interval), 1), False
        return INTERRUPT_AFTER, True

    def _one(self, seq: int) -> int | None:
        """One echo request: the round trip in microseconds, or None without a reply."""
        if not self.echo.reply:
            if self.echo.error and not self.options.quiet and not self.busybox:
                self.result.out(f"From {self._sender_ip()} icmp_seq={seq} {self.echo.error}\n")
            return None
        low, high = self.echo.rtt_ms
        micros = max(int(self.rng.uniform(low, high) * 1000), 1)
        if not self.options.quiet:
            self.result.out(self._reply_line(seq, micros))
        return micros

    def _reply_line(self, seq: int, micros: int) -> str:
        size = self.options.size + 8
        if self.busybox:
            return f"{size} bytes from {self.ip}: seq={seq - 1} ttl={self.echo.ttl} time={micros // 1000}.{micros % 1000:03d} ms\n"
        who = self.ip if self.peer == self.ip and self.shown == self.ip else f"{self.peer} ({self.ip})"
        return f"{size} bytes from {who}: icmp_seq={seq} ttl={self.echo.ttl} time={_trip(micros)} ms\n"

    def _statistics(self, count: int, replies: list[int]) -> str:
        loss = (count - len(replies)) * 100 // count if count else 0
        if self.busybox:
            text = (f"\n--- {self.shown} ping statistics ---\n"
                    f"{count} packets transmitted, {len(replies)} packets received, {loss}% packet loss\n")
            if replies:
                low, avg, high = min(replies), sum(replies) // len(replies), max(replies)
                text += f"round-trip min/avg/max = {_us(low)}/{_us(avg)}/{_us(high)} ms\n"
            return text
        return self._iputils_statistics(count, replies)

    def _iputils_statistics(self, count: int, replies: list[int]) -> str:
        errors = count if self.echo.error else 0
        loss = (count - len(replies)) * 100 / count if count else 0
        elapsed = (count - 1) * int(self.options.interval * 1000) + self.rng.randint(1, 3 * count + 40) if count > 1 else 0
        text = f"\n--- {self.shown} ping statistics ---\n{count} packets transmitted, {len(replies)} received"
        text += f", +{errors} errors" if errors else ""
        text += f", {_percent(loss)}% packet loss, time {elapsed}ms\n"
        tail = []
        if replies:
            mean = sum(replies) // len(replies)
            mdev = math.isqrt(max(sum(t * t for t in replies) // len(replies) - mean * mean, 0))
            tail.append(f"rtt min/avg/max/mdev = {_us(min(replies))}/{_us(mean)}/{_us(max(replies))}/{_us(mdev)} ms")
        if errors and count > 1:
            tail.append(f"pipe {min(count, 3)}")
        return text + ", ".join(tail) + "\n"

    def _advance(self, count: int, replies: list[int]) -> None:
        waiting = (count - 1) * self.options.interval
        waiting += max(replies) / 1e6 if len(replies) == count else LINGER_SECONDS if self.options.count else 1.0
        self.ctx.elapse(waiting)

    def _sender_ip(self) -> str:
        vantage = self.ctx.vantage
        return self.ctx.machines.node_ip(vantage.node) if vantage.kind == "pod" else vantage.ip


def _parse(args: list[str]) -> PingOptions:
    options, index = PingOptions(), 0
    while index < len(args):
        word = args[index]
        index += 1
        if not word.startswith("-") or word == "-":
            options.target = word
            continue
        letter, rest = word[1:2], word[2:]
        if letter in WITH_VALUE:
            value = rest or (args[index] if index < len(args) else None)
            if value is None:
                raise PingUsage(f"ping: option requires an argument -- '{letter}'\n{USAGE}")
            index += 0 if rest else 1
            _set(options, letter, value)
        elif letter in "qn46aAbBdDfhLOrRUvV":
            options.quiet |= letter == "q"
            options.numeric |= letter == "n"
        else:
            raise PingUsage(f"ping: invalid option -- '{letter}'\n{USAGE}")
    if not options.target:
        raise PingUsage("ping: usage error: Destination address required\n")
    return options


def _set(options: PingOptions, letter: str, value: str) -> None:
    try:
        number = float(value)
    except ValueError:
        raise PingUsage(f"ping: invalid argument: '{value}'\n") from None
    if letter == "c":
        if number < 1:
            raise PingUsage(f"ping: invalid argument: '{value}': out of range: 1 <= value <= 9223372036854775807\n")
        options.count = int(number)
    elif letter == "w":
        options.deadline = int(number)
    elif letter == "i":
        options.interval = max(number, 0.002)
    elif letter == "s":
        options.size = int(number)


def _unknown_host(target: str, timed_out: bool, busybox: bool) -> ToolResult:
    if busybox:
        return ToolResult(exit_code=1).err(f"ping: bad address '{target}'\n")
    reason = "Temporary failure in name resolution" if timed_out else "Name or service not known"
    return ToolResult(exit_code=2).err(f"ping: {target}: {reason}\n")


def _peer(ctx: ExecContext, ip: str) -> str:
    return reverse_name(ctx.dns, ip) or ip


def _trip(micros: int) -> str:
    """iputils: 3 decimals under 1 ms, 2 under 10, 1 under 100, none above."""
    if micros >= 100000 - 50:
        return f"{(micros + 500) // 1000}"
    if micros >= 10000 - 5:
        return f"{(micros + 50) // 1000}.{((micros + 50) % 1000) // 100}"
    if micros >= 1000:
        return f"{(micros + 5) // 1000}.{((micros + 5) % 1000) // 10:02d}"
    return f"{micros // 1000}.{micros % 1000:03d}"


def _us(micros: int) -> str:
    return f"{micros // 1000}.{micros % 1000:03d}"


def _percent(value: float) -> str:
    """printf's %g, as iputils prints the loss."""
    return f"{value:g}"


def _is_busybox(ctx: ExecContext) -> bool:
    if ctx.vantage.kind != "pod":
        return False
    from simulator.registry.kinds import by_kind

    pod = ctx.store.find(by_kind("Pod"), ctx.vantage.namespace, ctx.vantage.name)
    images = [str(c.get("image") or "") for c in (pod.spec.get("containers") or [])] if pod else []
    return any(image.split(":")[0].rsplit("/", 1)[-1] == "busybox" for image in images)
