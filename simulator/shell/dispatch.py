"""Running a typed program: is it on this machine, then run it and record that it ran.

The workstation and the Ubuntu nodes have what the registry says is installed there
(`simulator.programs.registry`); a pod has only what its image ships
(`simulator.apps.images`); bash's builtins are everywhere. A missing program is
`bash: foo: command not found` (exit 127) at a shell prompt.

`dispatch` is the one place a program runs, so it is the one place that records it in
the session's execution log, the record graders read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.apps.images import container_programs
from simulator.programs.context import MAX_OUTPUT, ExecContext, Shell, ToolResult
from simulator.programs.registry import NODE, PROGRAMS, WORKSTATION, builtin_names, installed_on
from simulator.registry.kinds import by_kind

# Importing a program's module registers it: these imports are the list of every program.
from simulator.shell import builtins, coreutils, remote_access, text_filters  # noqa: F401, E402
from simulator.shell.kubectl import main as kubectl  # noqa: F401, E402
from simulator.tools import curl, dig, host, nslookup, ping, wget  # noqa: F401, E402

if TYPE_CHECKING:
    from simulator.registry.store import APIStore

HOSTS = {"workstation": WORKSTATION, "ssh": NODE}  # a frame's kind -> the machine it is on
INSTALLED = {host: installed_on(host) for host in (WORKSTATION, NODE)}
BUILTINS = builtin_names()


def programs_at(session: Shell) -> frozenset[str]:
    frame = session.frame
    if frame.kind in HOSTS:
        return INSTALLED[HOSTS[frame.kind]]
    return pod_programs(session.cluster.store, frame.vantage.namespace, frame.vantage.name, frame.container) | BUILTINS


def pod_programs(store: "APIStore", namespace: str | None, pod_name: str, container: str | None = None) -> frozenset[str]:
    pod = store.find(by_kind("Pod"), namespace, pod_name)
    return container_programs(pod, container) if pod is not None else frozenset()


def dispatch(session: Shell, ctx: ExecContext, argv: list[str]) -> ToolResult:
    name = argv[0]
    program_name = name.rsplit("/", 1)[-1] if "/" in name else name
    if program_name not in programs_at(session):
        return command_not_found(session, name)
    registered = PROGRAMS.get(program_name)
    if registered is None:  # an image ships it, the simulator does not model it
        return ToolResult(exit_code=127).err(f"bash: {name}: command not found\n")
    entry = session.executed.start(program_name, argv, ctx.vantage)  # what graders read: it really ran
    ctx.log_entry = entry
    result = note_cut_output(program_name, registered.run(ctx, [program_name, *argv[1:]]).cap())
    session.executed.finish(entry, result.exit_code, result.combined)
    return result


def note_cut_output(name: str, result: ToolResult) -> ToolResult:
    """A program that printed past MAX_OUTPUT keeps the first part and says it was cut."""
    if result.cut:
        result.cut = 0
        note = f"{name}: output cut at {MAX_OUTPUT // 1048576} MiB (the simulator's limit)\n"
        result.stderr += note
        result.chunks.append(("stderr", note))
    return result


def command_not_found(session: Shell, name: str) -> ToolResult:
    if session.frame.kind == "exec":
        return ToolResult(exit_code=127).err(f"bash: {name}: command not found\n")
    if "/" in name:
        return ToolResult(exit_code=127).err(f"bash: {name}: No such file or directory\n")
    return ToolResult(exit_code=127).err(f"{name}: command not found\n")
