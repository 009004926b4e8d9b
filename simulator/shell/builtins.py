"""bash's own builtins: cd, exit/logout, echo, pwd, true, false, clear, history, export, type, sleep.

A builtin is part of the shell, so it exists wherever a shell runs, a pod's included,
and it may change the shell itself through `ctx.shell` (the frame stack, variables).
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program

MAX_SLEEP = 3600.0
MACHINE_DIRS = ("/", "~", "/root", "/tmp", "/etc", "/var", "/home", ".", "..")  # where a node or pod shell may cd


@program("cd", builtin=True)
def cd(ctx: ExecContext, argv: list[str]) -> ToolResult:
    frame = ctx.shell.frame
    target = argv[1] if len(argv) > 1 else "~"
    if frame.kind == "workstation":
        files = ctx.files
        if target in ("~", ""):
            files.cwd = "."
            return ToolResult()
        if not files.is_dir(target):
            return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
        files.cwd = files.join(target)
        return ToolResult()
    if target not in MACHINE_DIRS:
        return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
    frame.cwd = "/" if target in ("/", "..") else ("~" if target == "~" else target)
    return ToolResult()


@program("exit", "logout", builtin=True)
def exit_shell(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """Leave a pod's shell or a node's ssh session; at the workstation's own prompt, nothing."""
    frames = ctx.shell.frames
    if len(frames) == 1:
        return ToolResult()
    frame = frames.pop()
    if frame.kind == "exec":
        return ToolResult().out("exit\n")
    return ToolResult().out(f"logout\nConnection to {frame.vantage.ip} closed.\n")


@program("echo", builtin=True)
def echo(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args, newline = argv[1:], True
    if args[:1] == ["-n"]:
        newline, args = False, args[1:]
    return ToolResult().out(" ".join(args) + ("\n" if newline else ""))


@program("pwd", builtin=True)
def pwd(ctx: ExecContext, argv: list[str]) -> ToolResult:
    frame = ctx.shell.frame
    if frame.kind == "workstation":
        cwd = ctx.files.cwd
        return ToolResult().out("/home/remote" + ("" if cwd == "." else "/" + cwd.lstrip("./")) + "\n")
    home = "/root" if frame.user == "root" else f"/home/{frame.user}"
    return ToolResult().out((home if frame.cwd == "~" else frame.cwd) + "\n")


@program("true", "clear", "history", builtin=True)
def succeed(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`true`; `clear` and `history` print nothing worth grading, so they only succeed."""
    return ToolResult()


@program("false", builtin=True)
def fail(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return ToolResult(exit_code=1)


@program("export", builtin=True)
def export(ctx: ExecContext, argv: list[str]) -> ToolResult:
    shell, args = ctx.shell, argv[1:]
    values = dict(a.split("=", 1) for a in args if "=" in a)  # `export NAME` alone keeps NAME's value
    for name in args:
        if "=" not in name:
            shell.env.setdefault(name, "")
    return shell.assign(values) if values else ToolResult()


@program("type", builtin=True)
def type_of(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return ToolResult().out("".join(f"{a} is /usr/bin/{a}\n" for a in argv[1:]))


@program("sleep", builtin=True)
def sleep(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """Wait, and let the controllers catch up: `sleep 10; kubectl get pods` shows progress."""
    args = argv[1:]
    try:
        seconds = float(args[0].rstrip("s")) if args else None
    except ValueError:
        seconds = None
    if seconds is None or seconds < 0:
        text = f"sleep: invalid time interval '{args[0]}'\n" if args else "sleep: missing operand\n"
        return ToolResult(exit_code=1).err(text + "Try 'sleep --help' for more information.\n")
    ctx.elapse(min(seconds, MAX_SLEEP))
    ctx.settle()
    return ToolResult()
