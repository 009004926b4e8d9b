"""The machines under the kubelets: what lives on a VM rather than in the API server.

- each machine's address (a VM keeps it when its Node object is deleted),
- each node's pod address block (Calico IPAM), which the kubelet allocates from,
- each kubelet's static pod manifests (/etc/kubernetes/manifests), which it mirrors,
- files written inside containers (`kubectl exec -- touch`, `curl -o`, `wget`), which
  exec readiness probes read; `files_revision` tells the kubelet they changed.

Nodes are never added or readdressed here, so addresses are remembered once read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.filesystem import Entry, Tree
from simulator.static_pod_files import APISERVER_NODE, seed_master_files
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.registry.allocators import NodeBlockIPAM
    from simulator.registry.store import APIStore

NODES = by_kind("Node")


class Machines:
    def __init__(self, store: "APIStore", addresses: dict[str, str]) -> None:
        self.store = store
        self.addresses = dict(addresses)  # machine name -> InternalIP, as the VMs were built
        self._node_addresses: dict[str, str] = {}  # Nodes that are no VM here (added by hand), read once
        self.pod_ipam: dict[str, "NodeBlockIPAM"] = {}
        self.static_pods: dict[str, list[KubeObject]] = {}  # node -> its kubelet's manifests
        self.pod_files: dict[str, dict[str, str]] = {}  # pod uid -> path -> content
        self.files_revision = 0
        self.container_env: dict[str, list[tuple[str, str]]] = {}  # "<pod uid>/<container>" -> env at its start
        self.container_logs: dict[str, str] = {}  # "<pod uid>/<container>" -> what its command printed
        self.trees: dict[str, Tree] = {}  # simulator.filesystem: node disks, emptyDirs, containers' own files
        # (pod uid, container) -> (when its process exits, exit code, what it prints): batch processes
        self.processes: dict[tuple[str, str], tuple[float, int, str]] = {}
        # what `apt install` added to a machine ("remote" is the workstation), and the NFS exports a running
        # nfs-kernel-server serves (read from /etc/exports when the service starts): simulator/nfs.py
        self.packages: dict[str, set[str]] = {}
        self.nfs_exports: dict[str, list[tuple[str, str]]] = {}  # machine -> [(path, client spec with options)]
        # the master's kube-apiserver restarting after its manifest changed: until when (inf: it cannot start)
        self.apiserver_down_until: float | None = None
        # the same for the master's other static pods (kube-scheduler, kube-controller-manager), by component
        self.component_down_until: dict[str, float] = {}

    def apiserver_down(self, now: float) -> bool:
        return self.apiserver_down_until is not None and now < self.apiserver_down_until

    def component_down(self, component: str, now: float) -> bool:
        until = getattr(self, "component_down_until", {}).get(component)  # a snapshot from before it was kept
        return until is not None and now < until

    def next_process_exit(self) -> float | None:
        return min((exit_at for exit_at, _, _ in self.processes.values()), default=None)

    def names(self) -> list[str]:
        """The VMs, whatever the API says about them (see `Cluster.machine_names`)."""
        return list(self.addresses)

    def node_ip(self, node_name: str) -> str:
        """A machine's InternalIP; a Node the VMs do not know is read from its status once."""
        address = self.addresses.get(node_name) or self._node_addresses.get(node_name)
        if address is None:
            node = self.store.get(NODES, None, node_name)
            address = next(a["address"] for a in node.status["addresses"] if a["type"] == "InternalIP")
            self._node_addresses[node_name] = address
        return address

    def node_names(self) -> list[str]:
        """The nodes the API server knows (`kubectl get nodes`)."""
        return [n.name for n in self.store.list(NODES)]

    def write_pod_file(self, pod: KubeObject, path: str, content: str | None) -> None:
        """Create (or with None, remove) a file in a pod, as `touch`/`rm` in `kubectl exec` do."""
        files = self.pod_files.setdefault(pod.metadata.uid, {})
        if content is None:
            files.pop(path, None)
        else:
            files.setdefault(path, content)
        self.files_revision += 1

    def node_tree(self, node_name: str, now: float) -> Tree:
        """A node's disk: Ubuntu's `/tmp` (sticky, with subdirectories the simulator does not model)."""
        tree = self.trees.get(f"node:{node_name}")
        if tree is None:
            tree = self.trees[f"node:{node_name}"] = Tree(now)
            for path, mode, extra in (("/tmp", 0o1777, 9), ("/home", 0o755, 0), ("/home/vagrant", 0o755, 0),
                                      ("/root", 0o700, 0), ("/mnt", 0o755, 0), ("/var", 0o755, 0), ("/srv", 0o755, 0),
                                      ("/etc", 0o755, 0)):
                tree.entries[path] = Entry("d", mode, now, extra_links=extra)
            tree.entries["/home/vagrant"].owner = "vagrant"
            if node_name == APISERVER_NODE:
                seed_master_files(tree, now)
        return tree

    def prepare_volumes(self, pod: KubeObject, now: float) -> None:
        """What the kubelet does before it starts a pod's containers: a hostPath of type
        DirectoryOrCreate is made on the node (0755 root:root) if it is missing."""
        node = pod.spec.get("nodeName")
        for volume in pod.spec.get("volumes") or []:
            host_path = volume.get("hostPath")
            if node and host_path and host_path.get("type") == "DirectoryOrCreate":
                tree = self.node_tree(node, now)
                if tree.get(host_path.get("path", "/")) is None:
                    tree.mkdir(host_path["path"], now, parents=True)

    def forget_pod(self, uid: str) -> None:
        """A deleted pod's emptyDirs, container filesystems, processes and logs go with it."""
        for key in [k for k in self.trees if k.startswith((f"emptydir:{uid}:", f"rootfs:{uid}:"))]:
            del self.trees[key]
        self.pod_files.pop(uid, None)
        for key in [key for key in self.processes if key[0] == uid]:  # its batch processes stop
            del self.processes[key]
        for table in (self.container_env, self.container_logs):
            for key in [k for k in table if k.startswith(f"{uid}/")]:
                del table[key]
