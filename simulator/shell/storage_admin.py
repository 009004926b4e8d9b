"""What the course types to serve NFS (week 6, slides 476-515): `apt install` of the NFS packages,
`service nfs-kernel-server restart`, `showmount -e`, `exportfs -ra`, and `tee` to write /etc/exports
without an editor. State lives in `Machines.packages` and `Machines.nfs_exports` (simulator/nfs.py).

apt's output is abridged: the package lists, the NEW packages and `Setting up` lines are printed as
apt 2.0 (Ubuntu 20.04) words them; the download, unpack and trigger lines, and the versions, are left
out. A prompt for additional packages is taken as answered yes (`-y`): the terminal cannot wait on it.
"""

from __future__ import annotations

from simulator import nfs
from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts

# package -> what it depends on among the packages simulated (nfs-common needs rpcbind; the server both)
PACKAGES = {"nfs-common": ("rpcbind",), "nfs-kernel-server": ("nfs-common", "rpcbind"), "rpcbind": ()}
VIRTUAL = {"portmap": "rpcbind"}  # focal's portmap is a virtual package rpcbind provides
SERVICES = {"nfs-kernel-server": "nfs-server", "nfs-server": "nfs-server"}
LOCK_DENIED = ("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
               "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n")
UNSTABLE_CLI = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"


def machine(ctx: ExecContext) -> str:
    """The machine a command runs on: `remote` for the workstation, else the node's name."""
    return nfs.WORKSTATION if ctx.vantage.kind == "remote" else ctx.vantage.name


def with_dependencies(names: list[str]) -> list[str]:
    wanted: list[str] = []
    for name in names:
        for package in (*PACKAGES[name], name):
            for needed in (*PACKAGES[package], package):
                if needed not in wanted:
                    wanted.append(needed)
    return wanted


@program("apt", "apt-get")
def apt(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = [a for a in argv[1:] if not a.startswith("-")]
    result = ToolResult()
    if argv[0] == "apt" and not ctx.tty:
        result.err(UNSTABLE_CLI)
    if not args or args[0] not in ("install", "update"):
        result.exit_code = 100
        return result.err(f"E: Invalid operation {args[0]}\n" if args else "E: only install and update are simulated\n")
    if ctx.vantage.kind == "pod":  # an image's package lists are empty until `apt-get update`, which needs the
        result.exit_code = 100     # Internet's archive: not simulated
        if args[0] == "update":
            return result.err("E: apt-get update reaches archive.ubuntu.com, which the simulator does not serve\n")
        return result.out("Reading package lists... Done\nBuilding dependency tree       \n"
                          "Reading state information... Done\n").err(f"E: Unable to locate package {args[1] if len(args) > 1 else ''}\n")
    if mounts.user(ctx) != "root":
        result.exit_code = 100
        return result.err(LOCK_DENIED if args[0] == "install" else
                          "Reading package lists... Done\nE: Could not open lock file /var/lib/apt/lists/lock - "
                          "open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n")
    if args[0] == "update":
        return result.out("Reading package lists... Done\n")
    return install(ctx, args[1:], result)


def install(ctx: ExecContext, names: list[str], result: ToolResult) -> ToolResult:
    result.out("Reading package lists... Done\nBuilding dependency tree       \nReading state information... Done\n")
    chosen = []
    for name in names:
        if name in VIRTUAL:
            result.out(f"Note, selecting '{VIRTUAL[name]}' instead of '{name}'\n")
            name = VIRTUAL[name]
        if name not in PACKAGES:
            result.exit_code = 100
            return result.err(f"E: Unable to locate package {name}\n")
        chosen.append(name)
    here = ctx.machines.packages.setdefault(machine(ctx), set())
    for name in chosen:
        if name in here:
            result.out(f"{name} is already the newest version.\n")
    new = [p for p in with_dependencies(chosen) if p not in here]
    additional = [p for p in new if p not in chosen]
    if additional:
        result.out("The following additional packages will be installed:\n  " + " ".join(sorted(additional)) + "\n")
    if new:
        result.out("The following NEW packages will be installed:\n  " + " ".join(sorted(new)) + "\n")
    result.out(f"0 upgraded, {len(new)} newly installed, 0 to remove and 0 not upgraded.\n")
    for package in new:
        result.out(f"Setting up {package} ...\n")
        here.add(package)
        if package == nfs.SERVER_PACKAGE:
            start_server(ctx)
    if new:
        ctx.machines.files_revision += 1  # a kubelet waiting on mount.nfs tries again
    return result


def start_server(ctx: ExecContext) -> None:
    """The package's postinst: a default /etc/exports, and the server started on it."""
    tree = nfs.tree_of(ctx.machines, machine(ctx), ctx.now())
    if tree.get("/etc/exports") is None:
        tree.write("/etc/exports", nfs.DEFAULT_EXPORTS, ctx.now())
    nfs.reload_exports(ctx.machines, machine(ctx), ctx.now())


def control(ctx: ExecContext, unit: str, action: str) -> ToolResult:
    """start, restart, reload, stop of the NFS server, as root (polkit refuses anyone else without a tty)."""
    name = machine(ctx)
    if unit not in SERVICES or not nfs.installed(ctx.machines, name, nfs.SERVER_PACKAGE):
        return ToolResult(exit_code=5).err(f"Failed to {action} {unit}.service: Unit {unit}.service not found.\n")
    if mounts.user(ctx) != "root":
        return ToolResult(exit_code=1).err(
            f"Failed to {action} {unit}.service: Interactive authentication required.\n"
            f"See system logs and 'systemctl status {unit}.service' for details.\n")
    if action == "stop":
        ctx.machines.nfs_exports.pop(name, None)
        ctx.machines.files_revision += 1
    elif action in ("start", "restart", "reload"):
        nfs.reload_exports(ctx.machines, name, ctx.now())
    else:
        return ToolResult(exit_code=1).err(f"Unknown operation {action}.\n")
    return ToolResult()


@program("service")
def service(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if len(argv) < 3:
        return ToolResult(exit_code=1).err("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n")
    unit, action = argv[1], argv[2]
    if unit not in SERVICES or not nfs.installed(ctx.machines, machine(ctx), nfs.SERVER_PACKAGE):
        return ToolResult(exit_code=1).err(f"{unit}: unrecognized service\n")
    return control(ctx, unit, action)


@program("systemctl")
def systemctl(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = [a for a in argv[1:] if not a.startswith("-")]
    if len(args) < 2 or args[0] not in ("start", "stop", "restart", "reload"):
        return ToolResult(exit_code=1).err("systemctl: only start, stop, restart and reload of a unit are simulated\n")
    return control(ctx, args[1].removesuffix(".service"), args[0])


@program("exportfs")
def exportfs(ctx: ExecContext, argv: list[str]) -> ToolResult:
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
    if mounts.user(ctx) != "root":
        return ToolResult(exit_code=1).err("exportfs: could not open /var/lib/nfs/.etab.lock for locking: errno 13 "
                                           "(Permission denied)\n")
    if not nfs.installed(ctx.machines, machine(ctx), nfs.SERVER_PACKAGE):
        return ToolResult(exit_code=127).err(command_not_found("exportfs", "nfs-kernel-server"))
    if not flags or set(flags) - set("ra"):
        return ToolResult(exit_code=1).err("exportfs: only -r and -a (re-export everything in /etc/exports) are simulated\n")
    nfs.reload_exports(ctx.machines, machine(ctx), ctx.now())
    return ToolResult()


def command_not_found(command: str, package: str) -> str:
    """Ubuntu's command-not-found hook for a program a package would bring."""
    return f"Command '{command}' not found, but can be installed with:\n\nsudo apt install {package}\n\n"


@program("showmount")
def showmount(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if not nfs.installed(ctx.machines, machine(ctx), nfs.CLIENT_PACKAGE):
        return ToolResult(exit_code=127).err(command_not_found("showmount", "nfs-common"))
    args = [a for a in argv[1:] if not a.startswith("-")]
    if "-e" not in argv[1:] and "--exports" not in argv[1:]:
        return ToolResult(exit_code=1).err("showmount: only -e (the server's export list) is simulated\n")
    host = args[0] if args else "localhost"
    server = machine(ctx) if host in ("localhost", "127.0.0.1") else nfs.machine_at(ctx.machines, host)
    if server is None:
        return ToolResult(exit_code=1).err("clnt_create: RPC: Unknown host\n")
    if server not in ctx.machines.nfs_exports:
        return ToolResult(exit_code=1).err("clnt_create: RPC: Program not registered\n")
    groups: dict[str, list[str]] = {}
    for path, client in ctx.machines.nfs_exports[server]:
        groups.setdefault(path, []).append(client.split("(", 1)[0] or "*")
    width = max((len(path) for path in groups), default=0)
    lines = "".join(f"{path:<{width}} {','.join(clients)}\n" for path, clients in groups.items())
    return ToolResult().out(f"Export list for {host}:\n{lines}")


@program("tee")
def tee(ctx: ExecContext, argv: list[str]) -> ToolResult:
    append = any(a in ("-a", "--append") for a in argv[1:])
    result = ToolResult().out(ctx.stdin)
    for path in (a for a in argv[1:] if not a.startswith("-")):
        try:
            mounts.write_text(ctx, path, ctx.stdin, append=append)
        except FileSystemError as error:
            result.err(f"tee: {path}: {error}\n")
            result.exit_code = 1
    return result
