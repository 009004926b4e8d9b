"""Which filesystem a path names from where a program runs (`simulator.filesystem` holds them).

In a container a path goes through the container's `volumeMounts`, longest `mountPath`
first, as the runtime's bind mounts do: an emptyDir is the pod's own tree (every container
that mounts it sees the same files), a hostPath is the node's tree under `hostPath.path`,
`subPath` goes one directory further and `readOnly` refuses writes (`Read-only file
system`); anything else is the container's own filesystem. On a node (after `ssh`) a path is
the node's tree. The workstation keeps the hands-on tree (`simulator.files`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from simulator.files import WORKSTATION_HOME
from simulator.apps import fortune
from simulator.atomic_writer import resolve
from simulator.controllers.projected_volumes import PROJECTED, start_tree, volume_tree as projected_tree
from simulator.controllers.volume_mounts import source_of, volume_tree
from simulator.filesystem import Entry, FileSystemError, Tree, emptydir_tree, normal
from simulator.nfs import machine_at, read_only as export_read_only, workstation_tree
from simulator.printers.formats import parse_rfc3339
from simulator.programs.context import ExecContext
from simulator.shell.machine_files import current_pod, read_file

# what containerd (runc's default devices and mounts, the kubelet's termination-log) puts in a container's
# /dev: the week-10 slides' `kubectl exec -it pod-non-privileged -- ls /dev` (lines 922-925). The device
# files are plain files here; a privileged container's /dev (the host's devices) is not modelled.
CONTAINER_DEV = (("core", "f"), ("fd", "d"), ("full", "f"), ("mqueue", "d"), ("null", "f"), ("ptmx", "f"), ("pts", "d"),
                 ("random", "f"), ("shm", "d"), ("stderr", "f"), ("stdin", "f"), ("stdout", "f"),
                 ("termination-log", "f"), ("tty", "f"), ("urandom", "f"), ("zero", "f"))
VOLUME_SOURCES = ("emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "persistentVolumeClaim", "nfs")


@dataclass
class Place:
    tree: Tree
    path: str  # inside the tree
    read_only: bool = False
    mount: dict | None = None  # the volumeMount the path went through


def absolute(ctx: ExecContext, path: str) -> str:
    """A path as typed, made absolute against the shell's working directory."""
    if path.startswith("/"):
        return normal(path)
    frame = getattr(ctx.shell, "frame", None)
    cwd = "/" if frame is None or frame.cwd in ("~", "") else frame.cwd
    if frame is not None and frame.cwd == "~" and frame.kind == "ssh":
        cwd = "/root" if frame.user == "root" else "/home/vagrant"
    return normal(posixpath.join(cwd, path))


def locate(ctx: ExecContext, path: str, container: str | None = None) -> Place | None:
    """Where `path` lives from here, the workstation's own tree for what it wrote."""
    vantage = ctx.vantage
    if vantage.kind == "remote":
        return workstation_place(ctx, path)
    path = absolute(ctx, path)
    if vantage.kind == "node":
        return Place(ctx.machines.node_tree(vantage.name, ctx.now()), path)
    if vantage.kind != "pod":
        return None
    pod = current_pod(ctx)
    if pod is None:
        return None
    container = running_container(ctx, pod, container)
    mounts = sorted(container.get("volumeMounts") or [], key=lambda m: len(normal(m.get("mountPath", "/"))),
                    reverse=True)
    for mount in mounts:
        point = normal(mount.get("mountPath", "/"))
        if path == point or path.startswith(point.rstrip("/") + "/"):
            place = volume_place(ctx, pod, mount, path[len(point):].lstrip("/"))
            if place is not None:
                return place
    return Place(container_tree(ctx, pod, container), path)


def workstation_place(ctx: ExecContext, path: str) -> Place:
    """What the workstation's commands wrote (`> out.txt`): beside the hands-on tree, which stays read-only."""
    joined = ctx.files.join(path) if ctx.files is not None else path
    if not joined.startswith("/"):
        joined = posixpath.join(WORKSTATION_HOME, joined)
    return Place(workstation_tree(ctx.machines, ctx.now()), normal(joined))


def running_container(ctx: ExecContext, pod, wanted: str | None = None) -> dict:
    """The container named (a check's), or the one `kubectl exec -c` chose, else the pod's first."""
    containers = pod.spec.get("containers") or [{}]
    frame = getattr(ctx.shell, "frame", None)
    if wanted is None and frame is not None and frame.kind == "exec":
        wanted = frame.container
    return next((c for c in containers if c.get("name") == wanted), containers[0])


def fs_group(pod) -> int | None:
    group = (pod.spec.get("securityContext") or {}).get("fsGroup")
    return int(group) if isinstance(group, int) else None


def pod_started(pod) -> float:
    return parse_rfc3339(pod.status.get("startTime")) or pod.metadata.creation_timestamp


def volume_place(ctx: ExecContext, pod, mount: dict, rest: str) -> Place | None:
    volume = next((v for v in pod.spec.get("volumes") or [] if v.get("name") == mount.get("name")), None)
    if volume is None:
        return None
    sub = mount.get("subPath") or ""
    read_only = bool(mount.get("readOnly"))
    trees = ctx.machines.trees
    if "emptyDir" in volume:
        tree = emptydir_tree(trees, pod.metadata.uid, volume["name"], pod_started(pod), fs_group(pod))
        if sub and tree.get(sub) is None:
            tree.mkdir(sub, pod_started(pod), mode=0o755, parents=True)  # the kubelet makes a missing subPath
        fortune.pages_into(tree, "/" + sub, pod, volume["name"], ctx.now())  # a writer whose pages follow the clock
        return Place(tree, resolve(tree, posixpath.join("/", sub, rest)), read_only, mount)  # git-sync's link
    if any(source in volume for source in PROJECTED):
        return projected_place(ctx, pod, volume, mount, sub, rest)
    if "hostPath" in volume:
        tree = ctx.machines.node_tree(pod.spec.get("nodeName", ""), ctx.now())
        base = normal(posixpath.join(volume["hostPath"].get("path", "/"), sub))
        if sub and tree.get(base) is None and tree.get(volume["hostPath"].get("path", "/")) is not None:
            tree.mkdir(base, pod_started(pod), parents=True)  # the kubelet makes a missing subPath
        return Place(tree, normal(posixpath.join(base, rest)), read_only, mount)
    return storage_place(ctx, pod, volume, mount, sub, rest)


def storage_place(ctx: ExecContext, pod, volume: dict, mount: dict, sub: str, rest: str) -> Place | None:
    """A claim's PersistentVolume (hostPath or local on the node, nfs on its server) or an nfs volume:
    files that outlive the pod. An export without `rw`, or a claim mounted readOnly, refuses writes."""
    found = source_of(ctx.store, pod, volume)
    if found is None:
        return None
    _, spec = found
    node = pod.spec.get("nodeName", "")
    place = volume_tree(ctx.machines, spec, node, ctx.now())
    if place is None:
        return None
    tree, base = place
    read_only = bool(mount.get("readOnly")) or bool((volume.get("persistentVolumeClaim") or {}).get("readOnly"))
    if spec.get("nfs") is not None:
        nfs = spec["nfs"]
        server = machine_at(ctx.machines, str(nfs.get("server") or ""))
        read_only = read_only or bool(nfs.get("readOnly")) or (
            server is not None and export_read_only(ctx.machines, server, base, ctx.machines.node_ip(node)))
    base = normal(posixpath.join(base, sub))
    if sub and tree.get(base) is None:
        tree.mkdir(base, pod_started(pod), parents=True)  # the kubelet makes a missing subPath
    return Place(tree, normal(posixpath.join(base, rest)), read_only, mount)


def projected_place(ctx: ExecContext, pod, volume: dict, mount: dict, sub: str, rest: str) -> Place:
    """A configMap, secret or downwardAPI volume: the tree the kubelet's AtomicWriter keeps, its
    symlinks followed (`..data`, each key's link); a subPath binds the file the container started
    with. Always read-only: the runtime mounts them so."""
    tree = projected_tree(ctx.machines, pod, volume, pod_started(pod), ctx.store, ctx.random("atomic-writer"))
    if sub:
        start = start_tree(ctx.machines, pod, volume) or tree
        return Place(start, resolve(start, posixpath.join(resolve(start, "/" + sub), rest)), True, mount)
    return Place(tree, resolve(tree, "/" + rest), True, mount)


def container_tree(ctx: ExecContext, pod, container: dict) -> Tree:
    """The container's own filesystem: its image's directories and the mount points the runtime made."""
    key = f"rootfs:{pod.metadata.uid}:{container.get('name')}"
    tree = ctx.machines.trees.get(key)
    if tree is None:
        started = pod_started(pod)
        tree = ctx.machines.trees[key] = Tree(started, root_links=1)
        for directory, mode in (("/tmp", 0o1777), ("/root", 0o700), ("/etc", 0o755), ("/home", 0o755),
                                ("/var", 0o755), ("/usr", 0o755), ("/mnt", 0o755)):
            tree.entries[directory] = Entry("d", mode, started)
        for name, kind in CONTAINER_DEV:
            tree.entries[f"/dev/{name}"] = Entry(kind, 0o755 if kind == "d" else 0o666, started)
        tree.entries["/dev"] = Entry("d", 0o755, started)
        for mount in container.get("volumeMounts") or []:
            point = normal(mount.get("mountPath", "/"))
            if tree.get(point) is None:
                tree.mkdir(point, started, parents=True)
    return tree


def stat(ctx: ExecContext, path: str) -> tuple[Place, Entry] | None:
    place = locate(ctx, path)
    if place is None:
        return None
    entry = place.tree.get(place.path)
    return (place, entry) if entry is not None else None


def user(ctx: ExecContext) -> str:
    """Who a command runs as: root in a container (the course's images), the login or sudo's root elsewhere."""
    frame = getattr(ctx.shell, "frame", None)
    if ctx.vantage.kind == "pod" or frame is None:
        return "root"
    return frame.user


def lstat(ctx: ExecContext, path: str) -> tuple[Place, Entry] | None:
    """As `stat`, but a symlink is itself (ls -l shows `name -> target`), not what it points at."""
    parent = locate(ctx, posixpath.dirname(absolute(ctx, path)))
    if parent is not None:
        link = parent.tree.get(posixpath.join(parent.path, posixpath.basename(absolute(ctx, path))))
        if link is not None and link.kind == "l":
            return Place(parent.tree, posixpath.join(parent.path, posixpath.basename(absolute(ctx, path))),
                         parent.read_only, parent.mount), link
    return stat(ctx, path)


def writable(place: Place) -> None:
    if place.read_only:
        raise FileSystemError("Read-only file system")


def write_text(ctx: ExecContext, path: str, text: str, append: bool = False) -> None:
    """`>`/`>>` and the programs that write files; raises FileSystemError with errno's text."""
    place = locate(ctx, path)
    if place is None:
        raise FileSystemError("Permission denied")
    writable(place)
    place.tree.write(place.path, text, ctx.now(), append=append, user=user(ctx))
    if place.mount is None and ctx.vantage.kind == "pod":
        pod = current_pod(ctx)
        ctx.machines.pod_files.setdefault(pod.metadata.uid, {})[absolute(ctx, path)] = place.tree.get(place.path).content
    ctx.machines.files_revision += 1


def read_text(ctx: ExecContext, path: str) -> str:
    place = locate(ctx, path)
    if place is None:
        raise FileSystemError("No such file or directory")
    entry = place.tree.get(place.path)
    if entry is None:
        raise FileSystemError("No such file or directory")
    if entry.kind == "d":
        raise FileSystemError("Is a directory")
    return entry.content


def read_anywhere(ctx: ExecContext, path: str) -> str | None:
    """A file's text for the programs that read files (cat, grep, base64...): a machine's `/etc`,
    the hands-on tree, then what lives in the filesystems here; None when there is no such file."""
    text = read_file(ctx, path)
    if text is not None:
        return text
    try:
        return read_text(ctx, path)
    except FileSystemError:
        return None


def file_kind(ctx: ExecContext, path: str) -> str | None:
    """What `test -e/-f/-d` and `[[ -e ]]` see at `path` in a node or a container (through its volume
    mounts and their symlinks, as a downward API file's `labels -> ..data/labels`): "dir", "file" or None."""
    place = locate(ctx, path)
    if place is None:
        return None
    try:
        entry = place.tree.get(resolve(place.tree, place.path))
    except FileSystemError:
        return None
    if entry is None:
        return None
    return "dir" if entry.kind == "d" else "file"
