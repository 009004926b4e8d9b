"""Where a pod's persistent and network volumes keep their files, and why the kubelet cannot mount one.

A `persistentVolumeClaim` volume is the bound PersistentVolume's storage: a `hostPath` or `local`
volume is a directory on the pod's node, an `nfs` volume a directory exported by the NFS server at
its address (a node, or the workstation the course serves NFS from: `simulator.nfs`). An `nfs`
volume in the pod itself works the same way. What lives there outlives the pod.

The kubelet's mount errors are 1.23's (`pkg/volume/local/local.go` NewMounter,
`pkg/volume/nfs/nfs.go` SetUpAt through `mount-utils` `doMount`, with util-linux 2.34's and
nfs-common's own messages as Ubuntu 20.04 prints them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator import nfs
from simulator.filesystem import Tree, normal
from simulator.kinds.persistentvolume import PV, PVC
from simulator.objects import KubeObject

if TYPE_CHECKING:
    from simulator.machines import Machines
    from simulator.registry.store import APIStore


def claimed_volume(store: "APIStore", pod: KubeObject, volume: dict) -> KubeObject | None:
    """The PersistentVolume behind a pod's `persistentVolumeClaim` volume, once the claim is bound."""
    claim = store.find(PVC, pod.namespace, (volume.get("persistentVolumeClaim") or {}).get("claimName", ""))
    name = claim.spec.get("volumeName") if claim is not None else None
    return store.find(PV, None, name) if name else None


def source_of(store: "APIStore", pod: KubeObject, volume: dict) -> tuple[str, dict] | None:
    """(the name the kubelet mounts it by, the volume source) for hostPath/local/nfs storage; a claim
    resolves to its PersistentVolume (mounted under the PV's name)."""
    if volume.get("persistentVolumeClaim") is not None:
        pv = claimed_volume(store, pod, volume)
        return (pv.name, pv.spec) if pv is not None else None
    if volume.get("nfs") is not None:
        return volume.get("name", ""), volume
    return None


def volume_tree(machines: "Machines", source_holder, node: str | None, now: float) -> tuple[Tree, str] | None:
    """The tree and directory holding a volume source's files (a PV object or a source dict)."""
    spec = source_holder.spec if isinstance(source_holder, KubeObject) else source_holder
    if spec.get("nfs") is not None:
        server = nfs.machine_at(machines, str(spec["nfs"].get("server") or ""))
        if server is None:
            return None
        return nfs.tree_of(machines, server, now), normal(str(spec["nfs"].get("path") or "/"))
    for key in ("hostPath", "local"):
        if spec.get(key) is not None and node:
            return machines.node_tree(node, now), normal(str(spec[key].get("path") or "/"))
    return None


def prepare(store: "APIStore", machines: "Machines", pod: KubeObject, now: float) -> None:
    """A claimed hostPath volume of type DirectoryOrCreate is made on the node, as a pod's own is."""
    node = pod.spec.get("nodeName")
    for volume in pod.spec.get("volumes") or []:
        found = source_of(store, pod, volume) if volume.get("persistentVolumeClaim") is not None else None
        host_path = (found[1].get("hostPath") if found else None) or {}
        if node and host_path.get("type") == "DirectoryOrCreate":
            tree = machines.node_tree(node, now)
            if tree.get(host_path.get("path", "/")) is None:
                tree.mkdir(host_path["path"], now, parents=True)


def mount_failure(store: "APIStore", machines: "Machines", pod: KubeObject) -> str | None:
    """The kubelet's FailedMount message for the first volume it cannot mount, or None."""
    node = pod.spec.get("nodeName") or ""
    for volume in pod.spec.get("volumes") or []:
        found = source_of(store, pod, volume)
        if found is None:
            continue
        name, spec = found
        if spec.get("local") is not None:
            path = normal(str(spec["local"].get("path") or "/"))
            if machines.node_tree(node, 0.0).get(path) is None:
                return f'MountVolume.NewMounter initialization failed for volume "{name}" : path "{path}" does not exist'
        if spec.get("nfs") is not None:
            output = nfs.mount_output(machines, node, spec["nfs"])
            if output is not None:
                target = f"/var/lib/kubelet/pods/{pod.metadata.uid}/volumes/kubernetes.io~nfs/{name}"
                source = f"{spec['nfs'].get('server')}:{spec['nfs'].get('path')}"
                return (f'MountVolume.SetUp failed for volume "{name}" : mount failed: exit status 32\n'
                        f"Mounting command: mount\nMounting arguments: -t nfs {source} {target}\n"
                        f"Output: {output.format(target=target)}")
    return None
