"""`kubectl proxy [--port=PORT] [--address=IP] [--api-prefix=P] [--accept-hosts=RE] ...`
(kubectl 1.23 `pkg/cmd/proxy/proxy.go`): listen on the machine kubectl runs on, print
`Starting to serve on 127.0.0.1:8001`, and serve until the job is ended (`kill %1`, Ctrl-C).

The socket is the network's (`network.listeners.Sockets`), opened while the program runs, so
`curl http://localhost:8001/api/v1/namespaces/default/pods` on the same machine reaches
`apps.kubectl_proxy`, which sends it to the API server with the admin's credentials.

Errors as `RunProxy` returns them through `cmdutil.CheckErr`: a taken port is
`error: listen tcp 127.0.0.1:8001: bind: address already in use`; an address the machine does
not have, `bind: cannot assign requested address`. Go prints a listener on 0.0.0.0 as `[::]`
(a dual-stack socket). Not simulated: `--www` static files, `--unix-socket`, `--keepalive`.
"""

from __future__ import annotations

import ipaddress
import math
import re

from simulator.network.listeners import OpenSocket, node_listener
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags

FLAGS = (Flag("port", "p"), Flag("address"), Flag("api-prefix"), Flag("accept-hosts"), Flag("accept-paths"),
         Flag("reject-paths"), Flag("reject-methods"), Flag("disable-filter", "", False), Flag("www", "w"),
         Flag("www-prefix", "P"), Flag("unix-socket", "u"), Flag("keepalive"))
FILTER_FLAGS = ("api-prefix", "accept-hosts", "accept-paths", "reject-paths", "reject-methods")
DEFAULT_PORT = 8001
EPHEMERAL = (32768, 60999)  # net.ipv4.ip_local_port_range, where port 0 is given from


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    parsed = parse_flags(argv[1:], FLAGS, "proxy")
    for unsimulated in ("www", "unix-socket", "keepalive"):
        if parsed.has(unsimulated):
            return ToolResult.failure(f'error: "kubectl proxy --{unsimulated}" is not simulated by KubeGrade yet\n')
    if parsed.positional:
        raise FlagError(f'error: unknown command "{parsed.positional[0]}" for "kubectl proxy"')
    port = _port(str(parsed.get("port", DEFAULT_PORT)))
    address = {"": "0.0.0.0", "localhost": "127.0.0.1"}.get(*[str(parsed.get("address", "127.0.0.1"))] * 2)
    if ctx.vantage.kind not in ("remote", "node"):
        return ToolResult.failure('error: "kubectl proxy" inside a pod is not simulated by KubeGrade yet\n')
    machine = ctx.vantage.name
    if port == 0:
        port = _free_port(ctx, machine)
    problem = _bind_problem(ctx, machine, address, port)
    if problem:
        return ToolResult.failure(f"error: listen tcp {_host_port(address, port)}: {problem}\n")
    settings = tuple((name, str(parsed.get(name))) for name in FILTER_FLAGS if parsed.has(name))
    if parsed.get("disable-filter"):
        settings += (("disable-filter", "true"),)
    shown = f"[::]:{port}" if address == "0.0.0.0" else _host_port(address, port)
    result = ToolResult().out(f"Starting to serve on {shown}\n")
    result.process = serving(ctx.network, machine, port, OpenSocket("kubectl-proxy", address, settings))
    return result


def serving(network, machine: str, port: int, socket: OpenSocket):
    """The proxy's life: its socket is open from its first step until its job ends."""
    network.sockets.open(machine, port, socket)
    try:
        while True:
            yield math.inf
    finally:
        network.sockets.close(machine, port)


def _port(text: str) -> int:
    if not re.fullmatch(r"-?\d+", text):
        raise FlagError(f'error: invalid argument "{text}" for "-p, --port" flag: strconv.ParseInt: parsing '
                        f'"{text}": invalid syntax\nSee \'kubectl proxy --help\' for usage.')
    port = int(text)
    if not 0 <= port <= 65535:
        raise FlagError(f"error: listen tcp: address {port}: invalid port")
    return port


def _host_port(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _free_port(ctx: ExecContext, machine: str) -> int:
    draw = ctx.random("kubectl-proxy")
    while True:
        port = draw.randint(*EPHEMERAL)
        if not ctx.network.sockets.taken(machine, port):
            return port


def _bind_problem(ctx: ExecContext, machine: str, address: str, port: int) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"lookup {address}: no such host" if address else ""
    own = {"0.0.0.0", "::", ctx.vantage.ip} | ({ctx.network.topology.node_ip(machine)} if machine != "remote" else set())
    if not ip.is_loopback and str(ip) not in own:
        return "bind: cannot assign requested address"
    taken = ctx.network.sockets.taken(machine, port)
    if machine != "remote" and node_listener(ctx.network.topology, machine, port, loopback=True) is not None:
        taken = True  # a daemon of the node holds it (the kubelet's 10250, the API server's 6443)
    return "bind: address already in use" if taken else ""
