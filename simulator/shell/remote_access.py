"""`ssh` from the workstation to a node (and between nodes), and `sudo` on a node."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.tools.base import ExecContext, ToolResult
from simulator.vantage import node_vantage

if TYPE_CHECKING:
    from simulator.shell.session import Session

SSH_CONNECT_TIMEOUT = 130.0  # the kernel's SYN retries before ssh gives up


def run_ssh(session: "Session", ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = _drop_options(argv[1:])
    if not args:
        return ToolResult(exit_code=255).err(
            "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n"
            "           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n"
            "           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n"
            "           [-i identity_file] [-J [user@]host[:port]] [-L address]\n"
            "           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n"
            "           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n"
            "           [-w local_tun[:remote_tun]] [destination] [command]\n")
    destination, command = args[0], args[1:]
    user, _, host = destination.rpartition("@")
    user = user or ("vagrant" if session.frame.user in ("remote", "root") else session.frame.user)
    ip = _resolve(session, ctx, host)
    if ip is None:
        return ToolResult(exit_code=255).err(
            f"ssh: Could not resolve hostname {host}: Temporary failure in name resolution\n")
    node = _node_at(session, ip)
    if node is None:
        connection = session.cluster.network.connect(ctx.vantage, ip, 22)
        if connection.outcome == "timeout":
            session.cluster.clock.advance(SSH_CONNECT_TIMEOUT)
        else:
            session.cluster.clock.advance(connection.elapsed)
        if connection.outcome != "connected":
            return ToolResult(exit_code=255).err(f"ssh: connect to host {host} port 22: {connection.error}\n")
        return ToolResult(exit_code=255).err(f"kex_exchange_identification: Connection closed by remote host\n")
    from simulator.shell.session import Frame

    frame = Frame(node_vantage(node, ip), "ssh", user)
    if command:
        session.frames.append(frame)
        try:
            return session.execute(" ".join(command))
        finally:
            session.frames.pop()
    session.frames.append(frame)
    return ToolResult()


def _drop_options(args: list[str]) -> list[str]:
    """Skip ssh's own flags (`-i key`, `-p 22`, `-o X=Y`, `-t`)."""
    rest, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif not rest and arg.startswith("-"):
            skip = arg in ("-i", "-p", "-o", "-l", "-F", "-J")
        else:
            rest.append(arg)
    return rest


def _resolve(session: "Session", ctx: ExecContext, host: str) -> str | None:
    if all(part.isdigit() for part in host.split(".")) and host.count(".") == 3:
        return host
    getaddrinfo = getattr(session.cluster.dns, "getaddrinfo", None)
    addresses = getaddrinfo(ctx.vantage, host) if getaddrinfo else None
    return addresses[0] if addresses else None


def _node_at(session: "Session", ip: str) -> str | None:
    for name in session.cluster.machine_names():  # ssh reaches the VM even when its Node object is gone
        if session.cluster.node_ip(name) == ip:
            return name
    return None


def run_sudo(session: "Session", ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    frame = session.frame
    if not args:
        return ToolResult(exit_code=1).err("usage: sudo -h | -K | -k | -V\n")
    if args in (["-i"], ["-s"], ["su"], ["su", "-"], ["-i", "-u", "root"]):
        frame.user = "root"
        return ToolResult()
    previous, frame.user = frame.user, "root"
    try:
        return session.run_argv(args, ctx.stdin, ctx.tty)
    finally:
        frame.user = previous
