"""Shell builtins and the small coreutils students use: cd, echo, cat, ls, grep, head, wc...

Files: a pod sees `/etc/resolv.conf`, `/etc/hostname`, `/etc/hosts` and what `touch`
wrote; nodes see their own `/etc` files; the workstation sees the hands-on files
(the cluster's file source, where `kubectl -f` reads).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from simulator.tools.base import ExecContext, ToolResult

if TYPE_CHECKING:
    from simulator.shell.session import Session

PROGRAMS = frozenset({"cat", "ls", "hostname", "touch", "rm", "grep", "head", "tail", "wc", "sort", "env", "id", "whoami", "date", "uname"})
MAX_SLEEP = 3600.0


def run(session: "Session", ctx: ExecContext, argv: list[str]) -> ToolResult:
    handler = globals().get(f"_{argv[0]}")
    if handler is None:
        return ToolResult()
    return handler(session, ctx, argv[1:])


# builtins -----------------------------------------------------------------
def _cd(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    frame = session.frame
    target = args[0] if args else "~"
    if frame.kind == "workstation":
        files = session.cluster.files
        if target in ("~", ""):
            files.cwd = "."
            return ToolResult()
        if not files.is_dir(target):
            return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
        files.cwd = files.join(target)
        return ToolResult()
    if target not in ("/", "~", "/root", "/tmp", "/etc", "/var", "/home", ".", ".."):
        return ToolResult(exit_code=1).err(f"bash: cd: {target}: No such file or directory\n")
    frame.cwd = "/" if target in ("/", "..") else ("~" if target == "~" else target)
    return ToolResult()


def _exit(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    frame = session.frame
    if len(session.frames) == 1:
        return ToolResult()
    session.frames.pop()
    if frame.kind == "exec":
        return ToolResult().out("exit\n")
    return ToolResult().out(f"logout\nConnection to {frame.vantage.ip} closed.\n")


_logout = _exit


def _echo(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    newline = True
    if args[:1] == ["-n"]:
        newline, args = False, args[1:]
    return ToolResult().out(" ".join(args) + ("\n" if newline else ""))


def _pwd(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    frame = session.frame
    if frame.kind == "workstation":
        cwd = session.cluster.files.cwd
        return ToolResult().out("/home/remote" + ("" if cwd == "." else "/" + cwd.lstrip("./")) + "\n")
    home = "/root" if frame.user == "root" else f"/home/{frame.user}"
    return ToolResult().out((home if frame.cwd == "~" else frame.cwd) + "\n")


def _true(session, ctx, args) -> ToolResult:
    return ToolResult()


def _false(session, ctx, args) -> ToolResult:
    return ToolResult(exit_code=1)


def _clear(session, ctx, args) -> ToolResult:
    return ToolResult()


_history = _clear


def _export(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    values = dict(a.split("=", 1) for a in args if "=" in a)  # `export NAME` alone keeps NAME's value
    for name in args:
        if "=" not in name:
            session.env.setdefault(name, "")
    return session.assign(values) if values else ToolResult()


def _type(session, ctx, args) -> ToolResult:
    return ToolResult().out("".join(f"{a} is /usr/bin/{a}\n" for a in args))


def _sleep(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    try:
        seconds = float(args[0].rstrip("s")) if args else None
    except ValueError:
        seconds = None
    if seconds is None or seconds < 0:
        text = f"sleep: invalid time interval '{args[0]}'\n" if args else "sleep: missing operand\n"
        return ToolResult(exit_code=1).err(text + "Try 'sleep --help' for more information.\n")
    session.cluster.tick(min(seconds, MAX_SLEEP))
    return ToolResult()


# files --------------------------------------------------------------------
def machine_files(session: "Session", ctx: ExecContext) -> dict[str, str]:
    """The text files this machine has, besides the workstation's hands-on tree."""
    cluster, vantage = session.cluster, ctx.vantage
    files = {"/etc/hostname": f"{vantage.name}\n"}
    dns = getattr(cluster.dns, "resolv_conf", None)
    if dns is not None:
        files["/etc/resolv.conf"] = dns(vantage)
    if vantage.kind == "pod":
        pod = cluster.store.find(_pods(), vantage.namespace, vantage.name)
        if pod is not None:
            files["/etc/hosts"] = pod_hosts_file(pod)
            files.update(cluster.pod_files.get(pod.metadata.uid, {}))
    elif vantage.kind == "node":
        files["/etc/hosts"] = node_hosts_file(cluster, vantage.name)
    return files


def node_hosts_file(cluster, node_name: str) -> str:
    """Ubuntu's defaults plus the block kubespray writes for every inventory host."""
    block = "".join(f"{cluster.node_ip(n)} {n}.cluster.local {n}\n" for n in cluster.machine_names())
    return (f"127.0.0.1 localhost\n127.0.1.1 {node_name} {node_name}\n\n"
            "# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n"
            "fe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n"
            f"# Ansible inventory hosts BEGIN\n{block}# Ansible inventory hosts END\n")


def pod_hosts_file(pod) -> str:
    """The kubelet-managed /etc/hosts."""
    ip = pod.status.get("podIP", "")
    return ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
            f"{ip}\t{pod.name}\n")


def _pods():
    from simulator.registry.kinds import by_kind

    return by_kind("Pod")


def read_file(session: "Session", ctx: ExecContext, path: str) -> str | None:
    if session.frame.kind == "workstation" and not path.startswith("/etc/"):
        files = session.cluster.files
        try:
            if files.is_dir(path):
                return None
            return files.read(path).decode("utf-8", errors="replace")
        except (FileNotFoundError, IsADirectoryError, PermissionError, OSError):
            return None
    absolute = path if path.startswith("/") else ("/" if session.frame.cwd == "~" else session.frame.cwd.rstrip("/") + "/") + path
    return machine_files(session, ctx).get(absolute)


def _cat(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    result = ToolResult()
    if not args:
        return result.out(ctx.stdin)
    for path in args:
        text = read_file(session, ctx, path)
        if text is None:
            result.err(f"cat: {path}: No such file or directory\n")
            result.exit_code = 1
        else:
            result.out(text)
    return result


def _ls(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    paths = [a for a in args if not a.startswith("-")] or ["."]
    result = ToolResult()
    if session.frame.kind != "workstation":
        files = machine_files(session, ctx)
        for path in paths:
            if path in files:
                result.out(path + "\n")
            else:
                result.err(f"ls: cannot access '{path}': No such file or directory\n")
                result.exit_code = 2
        return result
    files = session.cluster.files
    for path in paths:
        if not files.exists(path):
            result.err(f"ls: cannot access '{path}': No such file or directory\n")
            result.exit_code = 2
        elif files.is_dir(path):
            result.out("".join(f"{name}\n" for name in files.list_dir(path)))
        else:
            result.out(path + "\n")
    return result


def _touch(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    pod = _current_pod(session, ctx)
    if pod is not None:
        for path in args:
            session.cluster.write_pod_file(pod, path if path.startswith("/") else "/" + path, "")
    return ToolResult()


def _rm(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    pod = _current_pod(session, ctx)
    result = ToolResult()
    written = session.cluster.pod_files.get(pod.metadata.uid, {}) if pod else {}
    for path in (a for a in args if not a.startswith("-")):
        if path not in written:
            if "-f" not in args:
                result.err(f"rm: cannot remove '{path}': No such file or directory\n")
                result.exit_code = 1
            continue
        session.cluster.write_pod_file(pod, path, None)
    return result


def _current_pod(session: "Session", ctx: ExecContext):
    if ctx.vantage.kind != "pod":
        return None
    return session.cluster.store.find(_pods(), ctx.vantage.namespace, ctx.vantage.name)


def _hostname(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    if args[:1] == ["-i"]:
        return ToolResult().out(f"{ctx.vantage.ip}\n")
    return ToolResult().out(f"{ctx.vantage.name}\n")


def _whoami(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    return ToolResult().out(f"{session.frame.user}\n")


def _id(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    if session.frame.user == "root":
        return ToolResult().out("uid=0(root) gid=0(root) groups=0(root)\n")
    return ToolResult().out("uid=1000(vagrant) gid=1000(vagrant) groups=1000(vagrant)\n")


def _uname(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    if "-a" in args:
        return ToolResult().out(f"Linux {ctx.vantage.name} 5.4.0-122-generic #138-Ubuntu SMP Wed Jun 22 15:00:31 UTC 2022 x86_64 x86_64 x86_64 GNU/Linux\n")
    if "-r" in args:
        return ToolResult().out("5.4.0-122-generic\n")
    return ToolResult().out("Linux\n")


def _date(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    import datetime as dt

    moment = dt.datetime.fromtimestamp(int(session.cluster.clock.now()), tz=dt.timezone.utc)
    return ToolResult().out(moment.strftime("%a %b %d %H:%M:%S UTC %Y").replace(" 0", "  ", 1) + "\n")


def _env(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    home = "/root" if session.frame.user == "root" else "/home/vagrant"
    return ToolResult().out(f"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME={ctx.vantage.name}\nHOME={home}\n")


# filters ------------------------------------------------------------------
def _grep(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    flags = {a for a in args if a.startswith("-") and len(a) > 1}
    words = [a for a in args if not (a.startswith("-") and len(a) > 1)]
    if not words:
        return ToolResult(exit_code=2).err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
    pattern, paths = words[0], words[1:]
    text = ctx.stdin if not paths else "".join(read_file(session, ctx, p) or "" for p in paths)
    try:
        regex = re.compile(pattern if ("-E" in flags or "-F" not in flags) else re.escape(pattern),
                           re.IGNORECASE if "-i" in flags else 0)
    except re.error:
        regex = re.compile(re.escape(pattern))
    invert = "-v" in flags
    lines = [line for line in text.splitlines(keepends=True) if bool(regex.search(line)) != invert]
    if "-c" in flags:
        return ToolResult(exit_code=0 if lines else 1).out(f"{len(lines)}\n")
    return ToolResult(exit_code=0 if lines else 1).out("".join(lines))


def _count_arg(args: list[str], default: int = 10) -> int:
    for index, arg in enumerate(args):
        if arg == "-n" and index + 1 < len(args) and args[index + 1].lstrip("-").isdigit():
            return int(args[index + 1].lstrip("-"))
        if arg.startswith("-") and arg[1:].isdigit():
            return int(arg[1:])
    return default


def _head(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    lines = ctx.stdin.splitlines(keepends=True)
    return ToolResult().out("".join(lines[:_count_arg(args)]))


def _tail(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    lines = ctx.stdin.splitlines(keepends=True)
    count = _count_arg(args)
    return ToolResult().out("".join(lines[-count:] if count else []))


def _wc(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    text = ctx.stdin
    if "-l" in args:
        return ToolResult().out(f"{text.count(chr(10))}\n")
    return ToolResult().out(f"{text.count(chr(10)):7d} {len(text.split()):7d} {len(text.encode()):7d}\n")


def _sort(session: "Session", ctx: ExecContext, args: list[str]) -> ToolResult:
    lines = sorted(ctx.stdin.splitlines(), reverse="-r" in args)
    return ToolResult().out("".join(line + "\n" for line in lines))
