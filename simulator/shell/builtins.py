"""bash's own builtins: cd, exit/logout, pwd, true, false, clear, history, export, sleep,
test/[, jobs and kill; and the programs that stand for shells (`bash script.sh`) and editors.

The builtins that steer the interpreter (break, continue, return, local, wait, fg) are in
`simulator.shell.interpreter`; echo and printf are in `simulator.shell.printing`.

A builtin is part of the shell, so it exists wherever a shell runs, a pod's included,
and it may change the shell itself through `ctx.shell` (the frame stack, variables).
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.conditions import TestError, evaluate_test
from simulator.shell.jobs import parse_signal

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
        if files.is_dir(target):
            files.cwd = files.join(target)
            return ToolResult()
        from simulator.shell.mounts import workstation_place  # the workstation's own disk: /srv, /tmp, ...
        place = workstation_place(ctx, target)
        entry = place.tree.get(place.path)
        if entry is None or entry.kind != "d":
            return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
        files.cwd = place.path
        return ToolResult()
    if target not in MACHINE_DIRS:
        from simulator.shell import mounts  # a directory the machine's filesystem holds (the master's manifests)

        found = mounts.stat(ctx, target) if frame.kind == "ssh" else None
        if found is None or found[1].kind != "d":
            return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
        frame.cwd = mounts.absolute(ctx, target)
        return ToolResult()
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


@program("pwd", builtin=True)
def pwd(ctx: ExecContext, argv: list[str]) -> ToolResult:
    frame = ctx.shell.frame
    if frame.kind == "workstation":
        cwd = ctx.files.cwd
        if cwd.startswith("/"):
            return ToolResult().out(cwd + "\n")
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


@program("test", "[", builtin=True)
def test(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`test EXPR` and `[ EXPR ]`: status 0 true, 1 false, 2 a malformed expression."""
    name, args = argv[0], argv[1:]
    if name == "[":
        if not args or args[-1] != "]":
            return ToolResult(exit_code=2).err("bash: [: missing `]'\n")
        args = args[:-1]
    try:
        return ToolResult(exit_code=0 if evaluate_test(args, lambda path: _file_kind(ctx, path)) else 1)
    except TestError as error:
        return ToolResult(exit_code=2).err(f"bash: {name}: {error}\n")


def _file_kind(ctx: ExecContext, path: str) -> str | None:
    if ctx.shell.frame.kind == "workstation":
        files = ctx.files
        return "dir" if files.is_dir(path) else "file" if files.exists(path) else None
    if path in MACHINE_DIRS:
        return "dir"
    from simulator.shell.machine_files import read_file
    from simulator.shell.mounts import file_kind

    return "file" if read_file(ctx, path) is not None else file_kind(ctx, path)


@program("jobs", builtin=True)
def jobs(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`jobs [-l|-p]`: the job table; jobs that ended are reported here once and leave it."""
    options = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
    unknown = next((o for o in options if o not in "lp"), None)
    if unknown:
        return ToolResult(exit_code=2).err(f"bash: jobs: -{unknown}: invalid option\n"
                                           "jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n")
    return ToolResult().out(ctx.shell.jobs.listing(with_pid="l" in options, pids_only="p" in options))


KILL_USAGE = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n"


@program("kill", builtin=True)
def kill(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`kill [-9|-KILL|-s KILL] %1|PID...`: end a job; bash reports it before a later prompt."""
    table = ctx.shell.jobs
    args, signal = argv[1:], 15
    if args[:1] == ["-l"]:
        return ToolResult().out(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 9) SIGKILL\t15) SIGTERM\n")
    if args[:1] in (["-s"], ["-n"]) and len(args) > 1:
        args = [f"-{args[1]}", *args[2:]]
    if args and args[0].startswith("-") and args[0] != "--":
        parsed = parse_signal(args[0])
        if parsed is None:
            return ToolResult(exit_code=1).err(f"bash: kill: {args[0][1:]}: invalid signal specification\n")
        signal, args = parsed, args[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        return ToolResult(exit_code=2).err(KILL_USAGE)
    result = ToolResult()
    for target in args:
        job = table.find(target)
        if job is None:
            if target.startswith("%"):
                text = f"bash: kill: {target}: no such job\n"
            elif target.lstrip("-").isdigit():
                text = f"bash: kill: ({target}) - No such process\n"
            else:
                text = f"bash: kill: {target}: arguments must be process or job IDs\n"
            result.err(text)
            result.exit_code = 1
            continue
        if signal in (0, 18, 19):  # a test for existence, or stop/continue: the job goes on
            continue
        job.end(signal)
        job.notify_after = 1  # bash reaps it after the prompt is back: the notice comes one line later
    return result


@program("sh", "bash")
def shell_program(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`bash script.sh` runs the file in a new shell; `bash` alone opens one, which looks the
    same at this prompt. (`sh -c` and `bash -c` are run by the interpreter itself.)"""
    args = [a for a in argv[1:] if not a.startswith("-")]
    if not args:
        return ToolResult()
    from simulator.shell.machine_files import read_file

    text = read_file(ctx, args[0])
    if text is None:
        if argv[0] == "bash":
            return ToolResult(exit_code=127).err(f"bash: {args[0]}: No such file or directory\n")
        return ToolResult(exit_code=2).err(f"sh: 0: cannot open {args[0]}: No such file\n")
    return ctx.shell.execute(text, shell=argv[0])


EDITOR_POINTER = ("{name}: this simulated terminal has no text editor. To change a file, open it in the "
                  "workspace's file panel (the tree beside the terminal) and save it there; to change a live "
                  "object, `kubectl edit <type>/<name>` opens it in that editor.\n")


@program("vi", "vim")
def editor(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """No terminal editor: a pointer to the workspace's editor instead of "command not found"."""
    return ToolResult(exit_code=1).err(EDITOR_POINTER.format(name=argv[0]))
