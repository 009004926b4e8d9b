"""Network programs run inside the simulated machines: curl, wget, ping, nslookup, dig.

Each registers itself (`simulator.programs.registry.program`) with the one program
signature `run(ctx: ExecContext, argv: list[str]) -> ToolResult`; `argv[0]` is the
program's name. Tools write what the real program writes, exit with its exit code and
let simulated time pass with `ctx.elapse` by the time they would take.
"""
