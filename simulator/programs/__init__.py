"""What a program running on a simulated machine is given, and the registry that names them.

`context` holds the one signature every program has, `run(ctx: ExecContext, argv) ->
ToolResult`; `registry` holds one `Program` record per name, registered with the
`program` decorator where the program is defined. The shell
(`simulator.shell.dispatch`) looks a typed name up there.
"""
