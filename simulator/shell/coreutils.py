"""The small file and system utilities students use: cat, ls, touch, rm, hostname, id, env...

Files come from `simulator.shell.machine_files`: a pod's `/etc` files and what was
written in it, a node's own `/etc`, the workstation's hands-on tree. Text filters
(grep, head, ...) are in `simulator.shell.text_filters`, bash's builtins in
`simulator.shell.builtins`.
"""

from __future__ import annotations

import datetime as dt

import posixpath

from simulator.filesystem import Entry, FileSystemError, join
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.machine_files import current_pod, machine_files, read_file
from simulator.shell.path_listing import ShellListing, in_hands_on_tree


@program("cat")
def cat(ctx: ExecContext, argv: list[str]) -> ToolResult:
    result = ToolResult()
    if len(argv) == 1:
        return result.out(ctx.stdin)
    for path in argv[1:]:
        text = read_file(ctx, path)
        if text is None and ctx.shell is not None:
            try:
                text = mounts.read_text(ctx, path)
            except FileSystemError as error:
                if str(error) == "Is a directory":
                    result.err(f"cat: {path}: Is a directory\n")
                    result.exit_code = 1
                    continue
        ctx.record(path=path, outcome="missing" if text is None else "read", reply=text or "")
        if text is None:
            result.err(f"cat: {path}: No such file or directory\n")
            result.exit_code = 1
        else:
            result.out(text)
    return result


@program("ls")
def ls(ctx: ExecContext, argv: list[str]) -> ToolResult:
    options = "".join(a[1:] for a in argv[1:] if a.startswith("-") and a != "-")
    paths = [a for a in argv[1:] if not a.startswith("-") or a == "-"] or ["."]
    result = ToolResult()
    if ctx.shell.frame.kind != "workstation":
        return list_machine(ctx, paths, options, result)
    return list_workstation(ctx, paths, options, result)


def list_workstation(ctx: ExecContext, paths: list[str], options: str, result: ToolResult) -> ToolResult:
    """The hands-on files and what the workstation's commands wrote beside them (`path_listing`),
    ordered as on a machine: missing operands first, then the files, then each directory. A path on
    the workstation's own disk (/tmp, /srv) is listed as a machine's, `-l` included."""
    listing = ShellListing(ctx)
    names, directories = [], []
    for path in sorted(paths, key=lambda p: p.encode()) if len(paths) > 1 else paths:
        own = mounts.workstation_place(ctx, path)
        if path.startswith("/") and not in_hands_on_tree(path) and own.tree.get(own.path) is not None:
            directories.append((path, own.path))
        elif listing.names(path) is not None:
            directories.append((path, None))
        elif listing.exists(path):
            names.append(path)
        else:
            result.err(f"ls: cannot access '{path}': No such file or directory\n")
            result.exit_code = 2
    if names:
        result.out(name_lines(ctx, names))
    for index, (path, own_path) in enumerate(directories):
        if len(paths) > 1:
            result.out(("\n" if index or names else "") + f"{path}:\n")
        if own_path is not None:
            list_machine(ctx, [own_path], options, result)
            continue
        shown = [n for n in listing.names(path) or [] if "a" in options or not n.startswith(".")]
        result.out("".join(f"{name}\n" for name in shown))
    return result


def list_machine(ctx: ExecContext, paths: list[str], options: str, result: ToolResult) -> ToolResult:
    """GNU ls on a node or in a container: names, or with -l the long format and `total`. As
    ls.c's main loop: an operand that is missing is reported first, the files come next in
    one block, then each directory, headed by its name when there was more than one operand."""
    etc = machine_files(ctx)
    long = "l" in options
    files, directories = [], []
    for path in sorted(paths, key=lambda p: p.encode()) if len(paths) > 1 else paths:
        link = mounts.lstat(ctx, path) if long and not path.endswith("/") else None
        if link is not None and link[1].kind == "l":  # -l shows a symlink named on the line, not what it names
            files.append((path, link[1], 1))
            continue
        found = mounts.stat(ctx, path)
        absolute = mounts.absolute(ctx, path)
        if found is None and absolute in etc:
            files.append((path, Entry("f", 0o644, ctx.now(), etc[absolute]), 1))
        elif found is None:
            prefix = absolute.rstrip("/") + "/"
            entries = sorted({key[len(prefix):].split("/")[0] for key in etc if key.startswith(prefix)})
            if entries:  # a directory of the machine's own files (the service-account token volume)
                directories.append((path, None, entries))
                continue
            result.err(f"ls: cannot access '{path}': No such file or directory\n")
            result.exit_code = 2
        elif found[1].kind != "d":
            files.append((path, found[1], 1))
        else:
            directories.append((path, found, None))
    if files:
        result.out(long_lines(ctx, files) if long else name_lines(ctx, [name for name, _, _ in files]))
    for index, (path, found, own_entries) in enumerate(directories):
        if len(paths) > 1:
            result.out(("\n" if index or files else "") + f"{path}:\n")
        if found is None:
            result.out("  ".join(own_entries) + "\n" if ctx.tty else "".join(f"{e}\n" for e in own_entries))
        else:
            list_directory(ctx, path, found, options, result)
    return result


def list_directory(ctx: ExecContext, path: str, found, options: str, result: ToolResult) -> None:
    place, entry = found
    absolute = mounts.absolute(ctx, path)
    names = mounts_children(ctx, absolute)
    everything = "a" in options
    if not everything:
        names = [n for n in names if not n.startswith(".")]
    rows = []
    if everything:
        rows.append((".", entry, place.tree.links(place.path)))
        parent = mounts.stat(ctx, posixpath.dirname(absolute) if absolute != "/" else "/")
        if parent is not None:
            rows.append(("..", parent[1], parent[0].tree.links(parent[0].path)))
    for name in names:
        child = mounts.lstat(ctx, join(absolute, name))
        if child is not None:
            rows.append((name, child[1], child[0].tree.links(child[0].path)))
    if "l" in options:
        total = sum(4 if e.kind == "d" else 0 if e.kind == "l" else -(-len(e.content.encode()) // 4096) * 4
                    for _, e, _ in rows)  # a short symlink's target lives in its inode: no blocks
        result.out(f"total {total}\n" + long_lines(ctx, rows))
    else:
        result.out(name_lines(ctx, [name for name, _, _ in rows]))


def name_lines(ctx: ExecContext, names: list[str]) -> str:
    """GNU ls's names: on a terminal one row two spaces apart when they fit in 80 columns (the
    column layout of longer listings is not simulated: one name a line), else one name a line."""
    if ctx.tty and names and sum(len(n) + 2 for n in names) - 2 <= 80:
        return "  ".join(names) + "\n"
    return "".join(f"{name}\n" for name in names)


def mounts_children(ctx: ExecContext, absolute: str) -> list[str]:
    place = mounts.locate(ctx, absolute)
    return place.tree.children(place.path) if place is not None else []


def long_lines(ctx: ExecContext, rows: list[tuple[str, Entry, int]]) -> str:
    """`ls -l`'s columns, right-aligned numbers, dates as GNU prints them in the C locale."""
    sizes = [4096 if e.kind == "d" else len(e.content.encode()) for _, e, _ in rows]
    link_width = max(len(str(links)) for _, _, links in rows)
    size_width = max(len(str(size)) for size in sizes)
    owner_width = max(len(e.owner) for _, e, _ in rows)
    group_width = max(len(e.group or e.owner) for _, e, _ in rows)
    lines = []
    for (name, entry, links), size in zip(rows, sizes):
        owner, group = f"{entry.owner:<{owner_width}}", f"{entry.group or entry.owner:<{group_width}}"
        lines.append(f"{mode_text(entry)} {links:>{link_width}} {owner} {group} {size:>{size_width}} "
                     f"{ls_time(ctx, entry.mtime)} {name}{' -> ' + entry.content if entry.kind == 'l' else ''}\n")
    return "".join(lines)


def mode_text(entry: Entry) -> str:
    bits = "".join(flag if entry.mode & (1 << (8 - i)) else "-" for i, flag in enumerate("rwxrwxrwx"))
    if entry.mode & 0o2000:  # setgid: in the group's x place
        bits = bits[:5] + ("s" if bits[5] == "x" else "S") + bits[6:]
    if entry.mode & 0o1000:
        bits = bits[:8] + ("t" if bits[8] == "x" else "T")
    return {"d": "d", "l": "l"}.get(entry.kind, "-") + bits


def ls_time(ctx: ExecContext, moment: float) -> str:
    when = dt.datetime.fromtimestamp(int(moment), tz=dt.timezone.utc)
    if abs(ctx.now() - moment) > 182 * 86400:
        return f"{when:%b} {when.day:>2}  {when.year}"
    return f"{when:%b} {when.day:>2} {when:%H:%M}"


@program("touch")
def touch(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """Creates a file (or updates its time) where the path lives; on the workstation it changes nothing."""
    result = ToolResult()
    for path in (a for a in argv[1:] if not a.startswith("-")):
        place = mounts.locate(ctx, path)
        if place is None:
            continue
        try:
            mounts.writable(place)
            place.tree.touch(place.path, ctx.now(), user=mounts.user(ctx))
        except FileSystemError as error:
            result.err(f"touch: cannot touch '{path}': {error}\n")
            result.exit_code = 1
            continue
        pod = current_pod(ctx)
        if pod is not None and place.mount is None:
            ctx.machines.write_pod_file(pod, mounts.absolute(ctx, path), "")
        ctx.machines.files_revision += 1
    return result


@program("mkdir")
def mkdir(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parents = any(a.startswith("-") and "p" in a for a in args)
    result = ToolResult()
    for path in (a for a in args if not a.startswith("-")):
        place = mounts.locate(ctx, path)
        if place is None:
            continue
        try:
            mounts.writable(place)
            place.tree.mkdir(place.path, ctx.now(), parents=parents, user=mounts.user(ctx))
        except FileSystemError as error:
            result.err(f"mkdir: cannot create directory '{path}': {error}\n")
            result.exit_code = 1
    return result


@program("chmod")
def chmod(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """Octal modes (`chmod 777 dir`), `-R` for a tree; symbolic modes `+x`/`-w`/`a+rwx` for who=all."""
    args = [a for a in argv[1:] if a not in ("-R", "-r")]
    if len(args) < 2:
        return ToolResult.failure("chmod: missing operand\nTry 'chmod --help' for more information.\n")
    mode_text_given, paths = args[0], args[1:]
    result = ToolResult()
    for path in paths:
        found = mounts.stat(ctx, path)
        if found is None:
            result.err(f"chmod: cannot access '{path}': No such file or directory\n")
            result.exit_code = 1
            continue
        place, entry = found
        new = parse_mode(mode_text_given, entry.mode)
        if new is None:
            return ToolResult.failure(f"chmod: invalid mode: '{mode_text_given}'\n"
                                      "Try 'chmod --help' for more information.\n")
        if place.read_only:
            result.err(f"chmod: changing permissions of '{path}': Read-only file system\n")
            result.exit_code = 1
            continue
        if mounts.user(ctx) not in ("root", entry.owner):
            result.err(f"chmod: changing permissions of '{path}': Operation not permitted\n")
            result.exit_code = 1
            continue
        entry.mode = new
    return result


def parse_mode(text: str, current: int) -> int | None:
    if text.isdigit() and all(c in "01234567" for c in text):
        return int(text, 8)
    who, op, what = "", "", ""
    for i, c in enumerate(text):
        if c in "+-=":
            who, op, what = text[:i], c, text[i + 1:]
            break
    if not op or any(c not in "ugoa" for c in who) or any(c not in "rwxt" for c in what):
        return None
    who = who or "a"
    mask = 0
    for c in what:
        if c == "t":
            mask |= 0o1000
            continue
        bit = {"r": 4, "w": 2, "x": 1}[c]
        for w, shift in (("u", 6), ("g", 3), ("o", 0)):
            if w in who or "a" in who:
                mask |= bit << shift
    if op == "+":
        return current | mask
    if op == "-":
        return current & ~mask
    return mask


@program("rm")
def rm(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    pod = current_pod(ctx)
    result = ToolResult()
    for path in (a for a in args if not a.startswith("-")):
        link = mounts.lstat(ctx, path)
        place = link[0] if link is not None else mounts.locate(ctx, path)  # a symlink goes, not what it names
        try:
            if place is None:
                raise FileSystemError("No such file or directory")
            mounts.writable(place)
            place.tree.remove(place.path, ctx.now(), recursive="r" in flags or "R" in flags)
        except FileSystemError as error:
            if str(error) == "No such file or directory" and "f" in flags:
                continue
            result.err(f"rm: cannot remove '{path}': {error}\n")
            result.exit_code = 1
            continue
        if pod is not None and place.mount is None:
            ctx.machines.write_pod_file(pod, mounts.absolute(ctx, path), None)
        ctx.machines.files_revision += 1
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


@program("env", "printenv")
def env(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """In a container: the runtime's PATH and HOSTNAME, TERM with a terminal, what the kubelet set
    when the container started (`Machines.container_env`), HOME; `printenv NAME` prints one value."""
    home = "/root" if ctx.shell.frame.user == "root" else "/home/vagrant"
    variables = [("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ("HOSTNAME", ctx.vantage.name)]
    pod = current_pod(ctx)
    if pod is not None:
        if ctx.tty:
            variables.append(("TERM", "xterm"))
        container = mounts.running_container(ctx, pod)
        variables.extend(ctx.machines.container_env.get(f"{pod.metadata.uid}/{container.get('name')}", []))
    variables.append(("HOME", home))
    names = [a for a in argv[1:] if not a.startswith("-")]
    if argv[0] == "printenv" and names:
        found = dict(variables)
        result = ToolResult().out("".join(f"{found[n]}\n" for n in names if n in found))
        result.exit_code = 0 if all(n in found for n in names) else 1
        return result
    return ToolResult().out("".join(f"{k}={v}\n" for k, v in variables))
