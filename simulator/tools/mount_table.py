"""The mounts a simulated machine has, with each filesystem's size and use: what `df` and `mount` read.

A node (Ubuntu 20.04 Server, the course's whatwant/Ubuntu-20.04-Server box): udev, the /run
tmpfs, the root logical volume (sized as the Week-10 slides' `ephemeral-storage: 25155844Ki`),
/dev/shm, /run/lock, /sys/fs/cgroup, the vagrant login's /run/user/1000; and for each pod the
kubelet runs there: a sandbox's shm and each container's overlay rootfs under containerd's
/run/containerd, each memory-backed volume's tmpfs and each NFS volume under
/var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>.

A container (containerd 1.5 with runc's defaults): the overlay root, /dev, /sys/fs/cgroup,
its volumes in `volumeMounts` order (an emptyDir or hostPath is a bind of the node's disk, a
`medium: Memory` emptyDir a tmpfs, NFS its export), the kubelet's /etc/hosts,
/dev/termination-log, /etc/hostname and /etc/resolv.conf from the node's disk, /dev/shm, the
service-account token's tmpfs, and runc's masked /proc and /sys paths.

Sizes: a memory-backed volume's tmpfs is sized as 1.23's `calculateEmptyDirMemorySize`
(pkg/volume/emptydir/empty_dir.go, SizeMemoryBackedVolumes on by default since 1.22): the
node's allocatable memory, lowered to the pod's memory limit and then to `sizeLimit`. Files
count where they live: a Memory emptyDir's against its tmpfs, a disk one's against the root
volume. What the installed system takes on the root volume (BASE_USED_KI) and on /run is a
model figure: no slide shows `df`. Not modelled: /boot, snap loop devices, `df -i`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from simulator.bootstrap import DISK_KI
from simulator.printers.quantity import parse_quantity
from simulator.programs.context import ExecContext
from simulator.registry.kinds import by_kind
from simulator.shell.machine_files import current_pod
from simulator.shell.mounts import running_container

ROOT_DEVICE = "/dev/mapper/ubuntu--vg-ubuntu--lv"  # Ubuntu Server 20.04's installer: LVM on the whole disk
BASE_USED_KI = 7_162_880  # the system, kubespray's binaries and the pulled images (model figure, ~6.8G)
RUN_USED_KI = 1_148  # /run: systemd's and containerd's state (model figure)
EXT4_RESERVED = 0.05  # mkfs.ext4's reserved blocks: not available to users
BLOCK = 4  # KiB: a file takes whole 4 KiB blocks
TMPFS_64M = 65536  # runc's /dev and containerd's sandbox /dev/shm: size=65536k
MEMORY_BACKED = ("projected", "secret")  # the kubelet wraps these in a Memory emptyDir


@dataclass(frozen=True)
class Mount:
    device: str
    point: str
    fstype: str
    options: str
    size_kib: int = 0  # 0: a filesystem without blocks (proc, sysfs, cgroup), which df leaves out
    used_kib: int = 0
    reserved_kib: int = 0
    filesystem: str = ""  # which filesystem: df shows one row for all its mounts

    @property
    def avail_kib(self) -> int:
        return max(0, self.size_kib - self.used_kib - self.reserved_kib)


def tree_kib(tree) -> int:
    """What the files written in a tree take: whole 4 KiB blocks each (directories, most of them the
    image's or the kubelet's, are left out of the count)."""
    if tree is None:
        return 0
    return BLOCK * sum(-(-len(e.content.encode()) // (BLOCK * 1024)) for e in tree.entries.values() if e.kind == "f")


def node_memory(ctx: ExecContext, node_name: str) -> tuple[int, int]:
    """(MemTotal, allocatable memory) in KiB, from the Node's status."""
    node = ctx.store.find(by_kind("Node"), None, node_name)
    status = node.status if node is not None else {}
    total = parse_quantity(str((status.get("capacity") or {}).get("memory", "2030728Ki")))
    allocatable = parse_quantity(str((status.get("allocatable") or {}).get("memory", "1404040Ki")))
    return total.whole() // 1024, allocatable.whole() // 1024


def root_volume(ctx: ExecContext, node_name: str, point: str = "/") -> Mount:
    used = BASE_USED_KI + disk_files_kib(ctx, node_name)
    return Mount(ROOT_DEVICE, point, "ext4", "rw,relatime", DISK_KI, min(used, DISK_KI),
                 int(DISK_KI * EXT4_RESERVED), "root")


def disk_files_kib(ctx: ExecContext, node_name: str) -> int:
    """The student's files on a node's disk: its own tree, its pods' disk emptyDirs and containers' layers."""
    uids = {pod.metadata.uid for pod in pods_on(ctx, node_name)}
    total = tree_kib(ctx.machines.trees.get(f"node:{node_name}"))
    for key, tree in ctx.machines.trees.items():
        kind, _, rest = key.partition(":")
        if kind in ("emptydir", "rootfs") and rest.split(":")[0] in uids and not memory_emptydir(ctx, key):
            total += tree_kib(tree)
    return total


def memory_emptydir(ctx: ExecContext, key: str) -> bool:
    if not key.startswith("emptydir:"):
        return False
    _, uid, name = key.split(":", 2)
    pod = next((p for p in ctx.store.list(by_kind("Pod")) if p.metadata.uid == uid), None)
    volume = next((v for v in (pod.spec.get("volumes") or []) if v.get("name") == name), None) if pod else None
    return bool(volume and (volume.get("emptyDir") or {}).get("medium") == "Memory")


def pods_on(ctx: ExecContext, node_name: str) -> list:
    return [p for p in ctx.store.list(by_kind("Pod")) if p.spec.get("nodeName") == node_name
            and p.status.get("phase") in ("Pending", "Running") and p.status.get("containerStatuses")]


def memory_volume_kib(ctx: ExecContext, pod, volume: dict) -> int:
    """calculateEmptyDirMemorySize: node allocatable, then the pod's memory limit, then sizeLimit."""
    _, size = node_memory(ctx, pod.spec.get("nodeName", ""))
    limits = [(c.get("resources") or {}).get("limits", {}).get("memory") for c in pod.spec.get("containers") or []]
    if limits and all(limits):
        pod_limit = sum(parse_quantity(str(limit)).whole() for limit in limits) // 1024
        size = pod_limit if 0 < pod_limit <= size else size
    size_limit = (volume.get("emptyDir") or {}).get("sizeLimit")
    if size_limit:
        wanted = parse_quantity(str(size_limit)).whole() // 1024
        size = wanted if 0 < wanted <= size else size
    return size


def volume_dir(pod, plugin: str, name: str) -> str:
    return f"/var/lib/kubelet/pods/{pod.metadata.uid}/volumes/kubernetes.io~{plugin}/{name}"


def pod_volume_mounts(ctx: ExecContext, pod, node_name: str) -> list[Mount]:
    """What the kubelet mounted for one pod on its node: tmpfs for memory-backed volumes, NFS exports."""
    mounts = []
    for volume in pod.spec.get("volumes") or []:
        name = volume.get("name", "")
        if (volume.get("emptyDir") or {}).get("medium") == "Memory":
            used = tree_kib(ctx.machines.trees.get(f"emptydir:{pod.metadata.uid}:{name}"))
            mounts.append(tmpfs(volume_dir(pod, "empty-dir", name), memory_volume_kib(ctx, pod, volume), used,
                                f"{pod.metadata.uid}/{name}"))
        plugin = next((p for p in MEMORY_BACKED if p in volume), None)
        if plugin is not None:
            mounts.append(tmpfs(volume_dir(pod, plugin, name), memory_volume_kib(ctx, pod, volume), 12,
                                f"{pod.metadata.uid}/{name}"))
        nfs = nfs_source(ctx, pod, volume)
        if nfs is not None:
            server, path, label = nfs
            mounts.append(Mount(f"{server}:{path}", volume_dir(pod, "nfs", label), "nfs4",
                                f"rw,relatime,vers=4.2,addr={server},clientaddr={ctx.machines.node_ip(node_name)}",
                                DISK_KI, min(DISK_KI, BASE_USED_KI), int(DISK_KI * EXT4_RESERVED),
                                f"nfs:{server}:{path}"))
    return mounts


def nfs_source(ctx: ExecContext, pod, volume: dict) -> tuple[str, str, str] | None:
    """(server, export, the name the kubelet mounts it under) for an nfs volume or a claim bound to an NFS PV."""
    if "nfs" in volume:
        return str(volume["nfs"].get("server")), str(volume["nfs"].get("path")), volume.get("name", "")
    claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
    if not claim:
        return None
    bound = ctx.store.find(by_kind("PersistentVolumeClaim"), pod.metadata.namespace, claim)
    pv_name = (bound.spec.get("volumeName") if bound is not None else None) or ""
    pv = ctx.store.find(by_kind("PersistentVolume"), None, pv_name) if pv_name else None
    if pv is None or "nfs" not in pv.spec:
        return None
    return str(pv.spec["nfs"].get("server")), str(pv.spec["nfs"].get("path")), pv_name


def tmpfs(point: str, size_kib: int, used_kib: int, filesystem: str, options: str = "rw,relatime",
          device: str = "tmpfs") -> Mount:
    return Mount(device, point, "tmpfs", f"{options},size={size_kib}k" if "size=" not in options else options,
                 size_kib, min(used_kib, size_kib), 0, filesystem or point)


def container_id(pod, salt: str) -> str:
    return hashlib.sha256(f"{pod.metadata.uid}/{salt}".encode()).hexdigest()


# a node ----------------------------------------------------------------------------------------------
def node_mounts(ctx: ExecContext, node_name: str, vagrant_logged_in: bool = True) -> list[Mount]:
    total, _ = node_memory(ctx, node_name)
    half, tenth = total // 2, total // 10
    mounts = [
        Mount("sysfs", "/sys", "sysfs", "rw,nosuid,nodev,noexec,relatime"),
        Mount("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
        Mount("udev", "/dev", "devtmpfs", f"rw,nosuid,noexec,relatime,size={half}k,nr_inodes={half // 4},mode=755",
              half, 0, 0, "udev"),
        Mount("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000"),
        tmpfs("/run", tenth, RUN_USED_KI, "run", f"rw,nosuid,nodev,noexec,relatime,size={tenth}k,mode=755"),
        root_volume(ctx, node_name),
        tmpfs("/dev/shm", half, 0, "shm", "rw,nosuid,nodev"),
        tmpfs("/run/lock", 5120, 0, "lock", "rw,nosuid,nodev,noexec,relatime,size=5120k"),
        tmpfs("/sys/fs/cgroup", half, 0, "cgroup", "ro,nosuid,nodev,noexec,mode=755"),
    ]
    for pod in pods_on(ctx, node_name):
        mounts.extend(pod_volume_mounts(ctx, pod, node_name))
        sandbox = container_id(pod, "sandbox")
        mounts.append(Mount("shm", f"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox}/shm", "tmpfs",
                            f"rw,nosuid,nodev,noexec,relatime,size={TMPFS_64M}k", TMPFS_64M, 0, 0, f"shm:{sandbox}"))
        for salt in ["sandbox"] + [c.get("name", "") for c in pod.spec.get("containers") or []]:
            task = container_id(pod, salt)
            mounts.append(overlay(ctx, node_name, f"/run/containerd/io.containerd.runtime.v2.task/k8s.io/{task}/rootfs"))
    if vagrant_logged_in:
        mounts.append(tmpfs("/run/user/1000", tenth, 0, "user",
                            f"rw,nosuid,nodev,relatime,size={tenth}k,mode=700,uid=1000,gid=1000"))
    return mounts


def overlay(ctx: ExecContext, node_name: str, point: str) -> Mount:
    """A container's root: containerd's overlayfs, whose upper layer is on the node's root volume."""
    disk = root_volume(ctx, node_name)
    return Mount("overlay", point, "overlay", "rw,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter."
                 "v1.overlayfs/snapshots/1/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/"
                 "snapshots/2/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/work",
                 disk.size_kib, disk.used_kib, disk.reserved_kib, f"overlay:{point}")


# a container -----------------------------------------------------------------------------------------
def container_mounts(ctx: ExecContext, pod, container: dict) -> list[Mount]:
    node_name = pod.spec.get("nodeName", "")
    total, _ = node_memory(ctx, node_name)
    half = total // 2
    mounts = [
        overlay(ctx, node_name, "/"),
        Mount("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
        tmpfs("/dev", TMPFS_64M, 0, "dev", f"rw,nosuid,size={TMPFS_64M}k,mode=755"),
        Mount("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"),
        Mount("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime"),
        Mount("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime"),
        tmpfs("/sys/fs/cgroup", half, 0, "cgroup", "rw,nosuid,nodev,noexec,relatime,mode=755"),
    ]
    kubelet_volumes = {m.point.rsplit("/", 1)[-1]: m for m in pod_volume_mounts(ctx, pod, node_name)}
    for volume_mount in container.get("volumeMounts") or []:
        mounts.append(volume_in_container(ctx, pod, node_name, volume_mount, kubelet_volumes))
    for point in ("/etc/hosts", "/dev/termination-log", "/etc/hostname", "/etc/resolv.conf"):
        mounts.append(root_volume(ctx, node_name, point))
    mounts.append(tmpfs("/dev/shm", TMPFS_64M, 0, "shm", f"rw,nosuid,nodev,noexec,relatime,size={TMPFS_64M}k",
                        device="shm"))
    for point in ("/proc/acpi", "/proc/scsi", "/sys/firmware"):  # runc's masked paths: empty read-only tmpfs
        mounts.append(tmpfs(point, half, 0, point, "ro,relatime"))
    return mounts


def volume_in_container(ctx: ExecContext, pod, node_name: str, volume_mount: dict, kubelet_volumes: dict) -> Mount:
    name = volume_mount.get("name", "")
    point = volume_mount.get("mountPath", "/")
    access = "ro" if volume_mount.get("readOnly") else "rw"
    volume = next((v for v in pod.spec.get("volumes") or [] if v.get("name") == name), {})
    kubelet = kubelet_volumes.get(name)
    if kubelet is None and "persistentVolumeClaim" in volume:
        found = nfs_source(ctx, pod, volume)
        kubelet = kubelet_volumes.get(found[2]) if found else None
    if kubelet is not None:  # a tmpfs or an NFS export the kubelet mounted, bound into the container
        return Mount(kubelet.device, point, kubelet.fstype, access + "," + kubelet.options.split(",", 1)[1],
                     kubelet.size_kib, kubelet.used_kib, kubelet.reserved_kib, kubelet.filesystem)
    disk = root_volume(ctx, node_name, point)
    return Mount(disk.device, point, disk.fstype, f"{access},relatime", disk.size_kib, disk.used_kib,
                 disk.reserved_kib, disk.filesystem)


def mounts_here(ctx: ExecContext) -> list[Mount] | None:
    """The mount table of the machine the program runs on; None on the workstation (not modelled)."""
    vantage = ctx.vantage
    if vantage.kind == "node":
        return node_mounts(ctx, vantage.name)
    pod = current_pod(ctx)
    if pod is None:
        return None
    return container_mounts(ctx, pod, running_container(ctx, pod))
