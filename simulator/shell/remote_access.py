"""`ssh` from the workstation to a node (and between nodes), and `sudo` on a node.

Both change the shell they run in (`ctx.shell`): ssh pushes a node's frame (or runs
one command there), sudo makes the frame's user root for one command or for good."""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.vantage import node_vantage

SSH_CONNECT_TIMEOUT = 130.0  # the kernel's SYN retries before ssh gives up


@program("ssh")
def run_ssh(ctx: ExecContext, argv: list[str]) -> ToolResult:
    shell = ctx.shell
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
    user = user or ("vagrant" if shell.frame.user in ("remote", "root") else shell.frame.user)
    ip = _resolve(ctx, host)
    if ip is None:
        return ToolResult(exit_code=255).err(
            f"ssh: Could not resolve hostname {host}: Temporary failure in name resolution\n")
    node = _node_at(ctx, ip)
    if node is None:
        connection = ctx.network.connect(ctx.vantage, ip, 22)
        ctx.elapse(SSH_CONNECT_TIMEOUT if connection.outcome == "timeout" else connection.elapsed)
        if connection.outcome != "connected":
            return ToolResult(exit_code=255).err(f"ssh: connect to host {host} port 22: {connection.error}\n")
        return ToolResult(exit_code=255).err("kex_exchange_identification: Connection closed by remote host\n")
    from simulator.shell.frames import Frame

    frame = Frame(node_vantage(node, ip), "ssh", user)
    if command:
        shell.frames.append(frame)
        try:
            return shell.execute(" ".join(command))
        finally:
            shell.frames.pop()
    shell.frames.append(frame)
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


def _resolve(ctx: ExecContext, host: str) -> str | None:
    if all(part.isdigit() for part in host.split(".")) and host.count(".") == 3:
        return host
    getaddrinfo = getattr(ctx.dns, "getaddrinfo", None)
    addresses = getaddrinfo(ctx.vantage, host) if getaddrinfo else None
    return addresses[0] if addresses else None


def _node_at(ctx: ExecContext, ip: str) -> str | None:
    for name in ctx.machines.names():  # ssh reaches the VM even when its Node object is gone
        if ctx.machines.node_ip(name) == ip:
            return name
    return None


@program("sudo")
def run_sudo(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    frame = ctx.shell.frame
    if not args:
        return ToolResult(exit_code=1).err("usage: sudo -h | -K | -k | -V\n")
    if args in (["-i"], ["-s"], ["su"], ["su", "-"], ["-i", "-u", "root"]):
        frame.user = "root"
        return ToolResult()
    previous, frame.user = frame.user, "root"
    try:
        return ctx.shell.run_argv(args, ctx.stdin, ctx.tty)
    finally:
        frame.user = previous
