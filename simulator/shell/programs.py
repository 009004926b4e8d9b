"""Which programs each machine has, and running one: builtins, coreutils, tools, kubectl, ssh.

The workstation and the Ubuntu nodes have the usual tools; a pod has only what its
image ships (`simulator.apps.images`). A missing program is `bash: foo: command not
found` (exit 127) at a shell prompt.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable

from simulator.apps.images import find_image
from simulator.registry.kinds import by_kind
from simulator.shell import coreutils
from simulator.tools.base import ExecContext, ToolResult

if TYPE_CHECKING:
    from simulator.shell.session import Session

UBUNTU_TOOLS = frozenset({"curl", "ping", "nslookup", "dig", "ssh", "wget", "sudo"})
WORKSTATION_TOOLS = UBUNTU_TOOLS | {"kubectl"}
BUILTINS = frozenset({"cd", "exit", "logout", "echo", "pwd", "true", "false", "clear", "history", "export", "sleep", "type"})
TOOL_MODULES = {
    "curl": "simulator.tools.curl",
    "ping": "simulator.tools.ping",
    "nslookup": "simulator.tools.nslookup",
    "dig": "simulator.tools.dig",
    "wget": "simulator.tools.wget",
}


def programs_at(session: "Session") -> frozenset[str]:
    frame = session.frame
    if frame.kind == "workstation":
        return WORKSTATION_TOOLS | coreutils.PROGRAMS | BUILTINS
    if frame.kind == "ssh":
        return UBUNTU_TOOLS | {"kubectl"} | coreutils.PROGRAMS | BUILTINS
    return pod_programs(session.cluster, frame.vantage.namespace, frame.vantage.name, frame.container) | BUILTINS


def pod_programs(cluster, namespace: str | None, pod_name: str, container: str | None = None) -> frozenset[str]:
    pod = cluster.store.find(by_kind("Pod"), namespace, pod_name)
    if pod is None:
        return frozenset()
    containers = pod.spec.get("containers") or []
    chosen = next((c for c in containers if c.get("name") == container), containers[0] if containers else {})
    image = find_image(str(chosen.get("image") or ""))
    return image.programs if image else frozenset()


def dispatch(session: "Session", ctx: ExecContext, argv: list[str]) -> ToolResult:
    name = argv[0]
    program = name.rsplit("/", 1)[-1] if "/" in name else name
    if program not in programs_at(session):
        return command_not_found(session, name)
    runner = resolve(program)
    if runner is None:
        return ToolResult(exit_code=127).err(f"bash: {name}: command not found\n")
    entry = session.executed.start(program, argv, ctx.vantage)  # what graders read: it really ran
    result = runner(session, ctx, [program, *argv[1:]])
    session.executed.finish(entry, result.exit_code, result.combined)
    return result


def command_not_found(session: "Session", name: str) -> ToolResult:
    if session.frame.kind == "exec":
        return ToolResult(exit_code=127).err(f"bash: {name}: command not found\n")
    if "/" in name:
        return ToolResult(exit_code=127).err(f"bash: {name}: No such file or directory\n")
    return ToolResult(exit_code=127).err(f"{name}: command not found\n")


def resolve(program: str) -> Callable | None:
    if program in BUILTINS or program in coreutils.PROGRAMS:
        return lambda session, ctx, argv: coreutils.run(session, ctx, argv)
    if program == "kubectl":
        from simulator.shell.kubectl import main as kubectl_main

        return kubectl_main.run
    if program in ("ssh", "sudo"):
        from simulator.shell import remote_access

        return getattr(remote_access, f"run_{program}")
    module_name = TOOL_MODULES.get(program)
    if module_name is None:
        return None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return lambda session, ctx, argv: module.run(ctx, argv)
