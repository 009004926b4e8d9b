"""dig: BIND's DNS lookup utility, as the node, workstation or pod ships it.

The output format and options are in `simulator.dns.clients.dig`.
"""

from __future__ import annotations

from simulator.dns.clients import client_build
from simulator.dns.clients.dig import Dig
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program


@program("dig")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return Dig(ctx, client_build(ctx)).run(argv[1:])
