"""Programs run inside the simulated machines: curl, nslookup, dig, ping, cat, hostname.

Each tool is a function `run(ctx: ExecContext, argv: list[str]) -> ToolResult`;
`argv[0]` is the program name as typed. Tools write what the real program writes and
exit with its exit code; they advance the simulated clock by the time they would take.
"""
