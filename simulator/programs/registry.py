"""One registry of the programs the simulated machines have, each with one signature.

A program registers where it is defined:

    @program("curl", hosts=UBUNTU)
    def run(ctx: ExecContext, argv: list[str]) -> ToolResult: ...

`hosts` says which machines have it installed (the workstation, the Ubuntu nodes); in a
pod a program exists only when its image ships it (`simulator.apps.images`), and a shell
builtin exists wherever a shell runs. The registry only fills when the defining modules
are imported: `simulator.shell.dispatch` imports every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.programs.context import ExecContext, ToolResult

Runner = Callable[[ExecContext, list[str]], ToolResult]
WORKSTATION = "workstation"
NODE = "node"
UBUNTU = frozenset({WORKSTATION, NODE})  # the lecture's workstation and nodes are Ubuntu 20.04 VMs


@dataclass(frozen=True)
class Program:
    name: str
    run: Runner
    hosts: frozenset[str] = frozenset()  # machines with it installed; pods: their image decides
    builtin: bool = False  # part of bash itself: there in every shell, a pod's included


PROGRAMS: dict[str, Program] = {}


def program(*names: str, hosts: frozenset[str] = UBUNTU, builtin: bool = False) -> Callable[[Runner], Runner]:
    """Register the decorated `run(ctx, argv)` under each of `names` (`exit` and `logout`)."""
    def register(run: Runner) -> Runner:
        for name in names:
            if name in PROGRAMS:
                raise ValueError(f"program {name!r} is registered twice")
            PROGRAMS[name] = Program(name, run, frozenset(hosts), builtin)
        return run
    return register


def installed_on(host: str) -> frozenset[str]:
    """The names a shell on the workstation or a node finds: its programs and the builtins."""
    return frozenset(p.name for p in PROGRAMS.values() if host in p.hosts or p.builtin)


def builtin_names() -> frozenset[str]:
    return frozenset(p.name for p in PROGRAMS.values() if p.builtin)
