"""nslookup: BIND's (Ubuntu nodes, the workstation, dnsutils pods) or busybox's applet.

The build that runs is picked from where the command runs
(`simulator.dns.clients.client_build`); the behaviour of each build lives in
`simulator.dns.clients.bind_nslookup` and `simulator.dns.clients.busybox_nslookup`.
"""

from __future__ import annotations

from simulator.dns.clients import client_build
from simulator.dns.clients.bind_nslookup import BindNslookup
from simulator.dns.clients.busybox_nslookup import run_busybox
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program


@program("nslookup")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    build = client_build(ctx)
    if build.family == "busybox":
        return run_busybox(ctx, argv[1:], build)
    return BindNslookup(ctx, build).run(argv[1:])
