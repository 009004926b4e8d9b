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
from simulator.programs.catalog import every_program, find_program
from simulator.programs.context import MAX_OUTPUT, ExecContext, Shell, ToolResult
from simulator.programs.registry import NODE, WORKSTATION
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.registry.store import APIStore

HOSTS = {"workstation": WORKSTATION, "ssh": NODE}  # a frame's kind -> the machine it is on


def machine_has(session: Shell, name: str) -> bool:
    """Whether `name` is on the frame's machine: installed on a VM, shipped in the pod's image,
    or a bash builtin. Only the module of `name` is imported (`programs.catalog`)."""
    frame = session.frame
    registered = find_program(name)
    if registered is not None and registered.builtin:
        return True
    if frame.kind in HOSTS:
        return registered is not None and HOSTS[frame.kind] in registered.hosts
    return name in pod_programs(session.cluster.store, frame.vantage.namespace, frame.vantage.name, frame.container)


def programs_at(session: Shell) -> frozenset[str]:
    """Every name `machine_has` (tab completion lists them)."""
    programs = every_program()
    builtins = frozenset(name for name, p in programs.items() if p.builtin)
    frame = session.frame
    if frame.kind in HOSTS:
        return frozenset(name for name, p in programs.items() if HOSTS[frame.kind] in p.hosts) | builtins
    return pod_programs(session.cluster.store, frame.vantage.namespace, frame.vantage.name, frame.container) | builtins


def pod_programs(store: "APIStore", namespace: str | None, pod_name: str, container: str | None = None) -> frozenset[str]:
    pod = store.find(by_kind("Pod"), namespace, pod_name)
    return container_programs(pod, container) if pod is not None else frozenset()


def dispatch(session: Shell, ctx: ExecContext, argv: list[str]) -> ToolResult:
    name = argv[0]
    program_name = name.rsplit("/", 1)[-1] if "/" in name else name
    if not machine_has(session, program_name):
        return command_not_found(session, name)
    registered = find_program(program_name)
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
