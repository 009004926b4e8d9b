"""mount with no arguments: the mount table, one `DEVICE on DIR type TYPE (OPTIONS)` a line, as
util-linux's mount (the nodes, Debian/Ubuntu images) and busybox's applet both print it;
`-t TYPE` keeps one type (`mount -t tmpfs`, `mount -t nfs4`). The table is `mount_table`'s.
Mounting is not simulated: `mount SOURCE DIR` says so (a course mounts NFS through a PV)."""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.tools.mount_table import mounts_here


@program("mount")
def run_mount(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args, wanted = argv[1:], None
    if args[:1] == ["-t"] and len(args) == 2:
        wanted, args = args[1], []
    elif args in ([], ["-l"]):
        args = []
    if args:
        return ToolResult.failure("mount: the simulator lists mounts but does not mount filesystems; "
                                  "a pod mounts its volumes (nfs, hostPath, a PersistentVolume)\n", 32)
    table = mounts_here(ctx)
    if table is None:
        return ToolResult.failure("mount: the simulator does not model the workstation's mounts; "
                                  "run mount on a node (ssh) or in a pod (kubectl exec)\n", 32)
    types = set(wanted.split(",")) if wanted else None
    lines = [f"{m.device} on {m.point} type {m.fstype} ({m.options})\n" for m in table
             if types is None or m.fstype in types]
    for mount in table:
        if types is None or mount.fstype in types:
            ctx.record(device=mount.device, mounted_on=mount.point, type=mount.fstype)
    return ToolResult().out("".join(lines))
