"""Where a command comes from: `which` (debianutils) and bash's `type`, agreeing with what the
shell would run (`dispatch.machine_has`).

Paths: kubectl is /usr/local/bin/kubectl on the workstation (week 2's slides 381 install it
there) and on the nodes (kubespray's bin_dir); the daemons' tools are in /usr/sbin; the rest
of Ubuntu 20.04's programs are found in /usr/bin first (merged /usr, PATH's order). In a
container the images' base tools are in /bin (Debian's images before bookworm are not
merged-/usr; busybox links its applets there), anything else in /usr/bin.
`type` says keyword, builtin or path; bash's aliases (Ubuntu's `ls --color=auto`), functions
and its hash of run programs ("is hashed") are not simulated.
"""

from __future__ import annotations

from simulator.apps.images import COREUTILS, SHELLS
from simulator.programs.catalog import find_program
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.dispatch import machine_has
from simulator.shell.grammar import RESERVED
from simulator.shell.tool_args import Usage, getopt

LOCAL_BIN = {"kubectl"}
SBIN = {"service", "exportfs", "showmount"}


def path_of(ctx: ExecContext, name: str) -> str | None:
    """The file the shell would run for `name` here, or None."""
    if ctx.shell is None or not machine_has(ctx.shell, name):
        return None
    registered = find_program(name)
    if registered is not None and registered.builtin and name not in ("echo", "printf", "test", "[", "true", "false",
                                                                       "kill", "pwd", "sleep"):
        return None  # only a builtin: no file (cd, export, type...)
    if ctx.vantage.kind == "pod":
        return f"/bin/{name}" if name in COREUTILS or name in SHELLS else f"/usr/bin/{name}"
    if name in LOCAL_BIN:
        return f"/usr/local/bin/{name}"
    return f"/usr/sbin/{name}" if name in SBIN else f"/usr/bin/{name}"


@program("which")
def which(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """debianutils' which: each found path on a line; status 1 if any is not found, 2 for a bad option."""
    args = argv[1:]
    if args[:1] == ["-a"]:
        args = args[1:]
    bad = next((a for a in args if a.startswith("-") and a != "--"), None)
    if bad is not None:
        return ToolResult(exit_code=2).err("Illegal option " + bad[:2] + "\n").out("Usage: /usr/bin/which [-a] args\n")
    result, status = ToolResult(), 0
    for name in (a for a in args if a != "--"):
        found = path_of(ctx, name) if "/" not in name else None
        if found is None:
            status = 1
            continue
        result.out(found + "\n")
    result.exit_code = status
    return result


@program("type", builtin=True)
def type_of(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """bash's type: `-t` the kind's word, `-p`/`-P` the path only, `-a` every form."""
    try:
        parsed = getopt("type", argv[1:], "aftpP")
    except Usage as refusal:
        letter = str(refusal).split("'")[1] if "'" in str(refusal) else "?"
        return ToolResult(exit_code=2).err(f"bash: type: -{letter}: invalid option\n"
                                           "type: usage: type [-afptP] name [name ...]\n")
    result, status = ToolResult(), 0
    for name in parsed.operands:
        kinds = describe(ctx, name)
        if parsed.has("p", "P"):
            kinds = [(kind, text) for kind, text in kinds if kind == "file"]
        if not kinds:
            status = 1
            if not parsed.has("t", "p", "P"):
                result.err(f"bash: type: {name}: not found\n")
            continue
        for kind, text in kinds if parsed.has("a") else kinds[:1]:
            if parsed.has("t"):
                result.out(kind + "\n")
            elif parsed.has("p", "P"):
                result.out(text + "\n")
            else:
                result.out(f"{name} is {text}\n")
    result.exit_code = status
    return result


def describe(ctx: ExecContext, name: str) -> list[tuple[str, str]]:
    found = []
    if name in RESERVED:
        found.append(("keyword", "a shell keyword"))
    registered = find_program(name)
    if registered is not None and registered.builtin:
        found.append(("builtin", "a shell builtin"))
    path = path_of(ctx, name)
    if path is not None:
        found.append(("file", path))
    return found
