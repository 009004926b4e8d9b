"""The small file and system utilities students use: cat, ls, touch, rm, hostname, id, env...

Files come from `simulator.shell.machine_files`: a pod's `/etc` files and what was
written in it, a node's own `/etc`, the workstation's hands-on tree. Text filters
(grep, head, ...) are in `simulator.shell.text_filters`, bash's builtins in
`simulator.shell.builtins`.
"""

from __future__ import annotations

import datetime as dt

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.machine_files import current_pod, machine_files, read_file


@program("cat")
def cat(ctx: ExecContext, argv: list[str]) -> ToolResult:
    result = ToolResult()
    if len(argv) == 1:
        return result.out(ctx.stdin)
    for path in argv[1:]:
        text = read_file(ctx, path)
        ctx.record(path=path, outcome="missing" if text is None else "read", reply=text or "")
        if text is None:
            result.err(f"cat: {path}: No such file or directory\n")
            result.exit_code = 1
        else:
            result.out(text)
    return result


@program("ls")
def ls(ctx: ExecContext, argv: list[str]) -> ToolResult:
    paths = [a for a in argv[1:] if not a.startswith("-")] or ["."]
    result = ToolResult()
    if ctx.shell.frame.kind != "workstation":
        files = machine_files(ctx)
        for path in paths:
            if path in files:
                result.out(path + "\n")
            else:
                result.err(f"ls: cannot access '{path}': No such file or directory\n")
                result.exit_code = 2
        return result
    files = ctx.files
    for path in paths:
        if not files.exists(path):
            result.err(f"ls: cannot access '{path}': No such file or directory\n")
            result.exit_code = 2
        elif files.is_dir(path):
            result.out("".join(f"{name}\n" for name in files.list_dir(path)))
        else:
            result.out(path + "\n")
    return result


@program("touch")
def touch(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """Creates files only in a pod (readiness probes read them); elsewhere it changes nothing."""
    pod = current_pod(ctx)
    if pod is not None:
        for path in argv[1:]:
            ctx.machines.write_pod_file(pod, path if path.startswith("/") else "/" + path, "")
    return ToolResult()


@program("rm")
def rm(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    pod = current_pod(ctx)
    result = ToolResult()
    written = ctx.machines.pod_files.get(pod.metadata.uid, {}) if pod else {}
    for path in (a for a in args if not a.startswith("-")):
        if path not in written:
            if "-f" not in args:
                result.err(f"rm: cannot remove '{path}': No such file or directory\n")
                result.exit_code = 1
            continue
        ctx.machines.write_pod_file(pod, path, None)
    return result


@program("hostname")
def hostname(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if argv[1:2] == ["-i"]:
        return ToolResult().out(f"{ctx.vantage.ip}\n")
    return ToolResult().out(f"{ctx.vantage.name}\n")


@program("whoami")
def whoami(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return ToolResult().out(f"{ctx.shell.frame.user}\n")


@program("id")
def user_id(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if ctx.shell.frame.user == "root":
        return ToolResult().out("uid=0(root) gid=0(root) groups=0(root)\n")
    return ToolResult().out("uid=1000(vagrant) gid=1000(vagrant) groups=1000(vagrant)\n")


@program("uname")
def uname(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if "-a" in argv[1:]:
        return ToolResult().out(f"Linux {ctx.vantage.name} 5.4.0-122-generic #138-Ubuntu SMP Wed Jun 22 15:00:31 UTC 2022 x86_64 x86_64 x86_64 GNU/Linux\n")
    if "-r" in argv[1:]:
        return ToolResult().out("5.4.0-122-generic\n")
    return ToolResult().out("Linux\n")


@program("date")
def date(ctx: ExecContext, argv: list[str]) -> ToolResult:
    moment = dt.datetime.fromtimestamp(int(ctx.now()), tz=dt.timezone.utc)
    return ToolResult().out(moment.strftime("%a %b %d %H:%M:%S UTC %Y").replace(" 0", "  ", 1) + "\n")


@program("env")
def env(ctx: ExecContext, argv: list[str]) -> ToolResult:
    home = "/root" if ctx.shell.frame.user == "root" else "/home/vagrant"
    return ToolResult().out(f"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME={ctx.vantage.name}\nHOME={home}\n")
