"""The Python API: a fresh simulated cluster from a seed, commands run from a vantage point.

    cluster = Cluster(seed=7)
    result = cluster.run("kubectl get pods -o wide")
    result.output, result.exit_code

A `Session` (`cluster.session()`) keeps shell state between lines: the working
directory, `ssh` into a node, an interactive `kubectl exec -it ... -- /bin/bash`.
"""

from __future__ import annotations

import pickle
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import bootstrap, controllers
from simulator.clock import SimClock, rfc3339
from simulator.events import EventRecorder
from simulator.files import DirectoryFiles, FileSource, MemoryFiles
from simulator.objects import KubeObject
from simulator.registry.allocators import NodeBlockIPAM
from simulator.registry.kinds import by_kind, by_name
from simulator.registry.store import APIStore, Quota
from simulator.vantage import REMOTE, Vantage, node_vantage, pod_vantage

SECONDS_PER_COMMAND = 2.0  # a typed command takes a moment; ages move as in the lecture


@dataclass
class CommandResult:
    output: str  # stdout and stderr in the order written
    stdout: str
    stderr: str
    exit_code: int
    prompt: str = "remote > "


class Cluster:
    def __new__(cls, *args, **kwargs) -> "Cluster":
        """A copy of the lecture cluster as bootstrapped once per process (unpickling is fast)."""
        return pickle.loads(_lecture_template())

    def __reduce_ex__(self, protocol):
        return (_empty_cluster, (), self.__dict__)

    def __init__(self, seed: int = 0, files: FileSource | dict[str, bytes] | str | Path | None = None,
                 quota: Quota | None = None) -> None:
        """Reseed every random stream with `seed`; set where `-f` reads and the quota."""
        self.seed = seed
        for name, stream in self._streams.items():
            stream.seed(f"{seed}:{name}")
        self.files = _file_source(files)
        self.store.quota = quota or Quota()
        self._default_session = None

    def _bootstrap(self) -> None:
        """Build the lecture's cluster from scratch (once per process; see `_lecture_template`)."""
        self.seed = "bootstrap"
        self.clock = SimClock()
        self._streams: dict[str, random.Random] = {}
        self.store = APIStore(self.clock, self.random)
        self.events = EventRecorder()
        self.pod_ipam: dict[str, NodeBlockIPAM] = {}
        self._node_ips: dict[str, str] = {}
        self.pod_files: dict[str, dict[str, str]] = {}  # pod uid -> files written with exec
        self.files_revision = 0  # bumps when a pod's files change (readiness probes read them)
        self.settled_state: tuple[int, int] = (-1, -1)
        self.kubelet_synced: dict[str, int] = {}  # pod uid -> resourceVersion the kubelet last synced
        self.kubelet_time_sensitive = False
        self.reconciled_at: dict[int, int] = {}  # reconciler index -> store revision when it last ran
        self.services_seen: set[tuple[str | None, str]] = set()  # Services the Endpoints controller knows
        self.synced: dict[tuple, tuple[int, int]] = {}  # (controller, ns, name) -> (its resourceVersion, revision)
        self.files = MemoryFiles({})
        self.static_pods: dict[str, list[KubeObject]] = {}  # node -> its kubelet's static pod manifests
        bootstrap.build_lecture_cluster(self)
        from simulator.dns import ClusterDNS
        from simulator.network import Network

        self.network = Network(self)
        self.dns = ClusterDNS(self)
        self.settle()

    # randomness and time ---------------------------------------------------
    def random(self, stream: str) -> random.Random:
        """One seeded source per concern, so adding a pod never changes a ClusterIP."""
        if stream not in self._streams:
            self._streams[stream] = random.Random(f"{self.seed}:{stream}")
        return self._streams[stream]

    def rfc3339_now(self) -> str:
        return rfc3339(self.clock.now())

    @staticmethod
    def rfc3339(timestamp: float) -> str:
        return rfc3339(timestamp)

    def settle(self) -> None:
        controllers.settle(self)

    def write_pod_file(self, pod: KubeObject, path: str, content: str | None) -> None:
        """Create (or with None, remove) a file in a pod, as `touch`/`rm` in `kubectl exec` do."""
        files = self.pod_files.setdefault(pod.metadata.uid, {})
        if content is None:
            files.pop(path, None)
        else:
            files.setdefault(path, content)
        self.files_revision += 1

    def tick(self, seconds: float = SECONDS_PER_COMMAND) -> None:
        self.clock.advance(seconds)
        self.settle()

    # running commands ------------------------------------------------------
    def session(self, vantage: Vantage = REMOTE, echo: bool = False):
        from simulator.shell.session import Session

        return Session(self, vantage, echo=echo)

    def run(self, line: str, vantage: Vantage | str = REMOTE) -> CommandResult:
        """Run one command line from a vantage (`"remote"`, a node name, or a Vantage)."""
        if isinstance(vantage, str):
            vantage = self.vantage(vantage)
        if vantage == REMOTE:
            if self._default_session is None:
                self._default_session = self.session()
            return self._default_session.run(line)
        return self.session(vantage).run(line)

    def vantage(self, where: str, namespace: str = "default") -> Vantage:
        """`remote`, a machine's name or IP, or a pod name in `namespace`."""
        if where == "remote":
            return REMOTE
        for name in self.machine_names():
            if where in (name, self.node_ip(name)):
                return node_vantage(name, self.node_ip(name))
        pod = self.store.get(by_kind("Pod"), namespace, where)
        return pod_vantage(pod.name, pod.namespace, pod.status.get("podIP", ""), pod.spec.get("nodeName", ""))

    # inspection ------------------------------------------------------------
    def get(self, resource: str, name: str, namespace: str | None = "default") -> dict[str, Any] | None:
        rt = by_name(resource)
        obj = self.store.find(rt, namespace, name) if rt else None
        return obj.to_dict() if obj else None

    def list(self, resource: str, namespace: str | None = None, selector: dict | None = None) -> list[dict[str, Any]]:
        rt = by_name(resource)
        if rt is None:
            return []
        match = {"matchLabels": selector} if selector else None
        return [o.to_dict() for o in self.store.list(rt, namespace, match)]

    def node_ip(self, node_name: str) -> str:
        """A node's InternalIP (nodes are never added or readdressed here, so it is remembered).

        A machine whose Node object was deleted keeps its address: the VM is still up.
        """
        cached = self._node_ips.get(node_name)
        if cached is None:
            cached = bootstrap.MACHINE_IPS.get(node_name)
            if cached is None:
                node = self.store.get(by_kind("Node"), None, node_name)
                cached = next(a["address"] for a in node.status["addresses"] if a["type"] == "InternalIP")
            self._node_ips[node_name] = cached
        return cached

    def node_names(self) -> list[str]:
        """The nodes the API server knows (`kubectl get nodes`)."""
        return [n.name for n in self.store.list(by_kind("Node"))]

    def machine_names(self) -> list[str]:
        """The lecture's VMs, whatever the API says about them.

        A Node object is only the kubelet's registration: `kubectl delete node worker2`
        removes it, while the VM keeps running, answers ssh and keeps its /etc/hosts, and
        its kubelet does not register again until it restarts. So ssh, a node's vantage and
        the hosts files follow the machines; scheduling and `foreach: nodes` follow the
        Node objects.
        """
        return list(bootstrap.MACHINE_IPS)

    # kubelet hooks ---------------------------------------------------------
    def readiness(self, pod: KubeObject, container: dict) -> bool:
        from simulator.controllers.probes import probe_ready

        return probe_ready(self, pod, container)

    def record_pull_failure(self, pod: KubeObject, image: str, reason: str) -> None:
        now = self.clock.now()
        if reason == "ErrImagePull":
            self.events.record(pod.namespace, "Pod", pod.name, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet", now)
            self.events.record(pod.namespace, "Pod", pod.name, "Warning", "Failed",
                               f'Failed to pull image "{image}": rpc error: code = NotFound desc = failed to pull and '
                               f'unpack image "{image}": failed to resolve reference "{image}": not found', "kubelet", now)
            self.events.record(pod.namespace, "Pod", pod.name, "Warning", "Failed", "Error: ErrImagePull", "kubelet", now)
        else:
            self.events.record(pod.namespace, "Pod", pod.name, "Normal", "BackOff", f'Back-off pulling image "{image}"', "kubelet", now)
            self.events.record(pod.namespace, "Pod", pod.name, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet", now)

    def record_container_started(self, pod: KubeObject, container: dict, image: str, first: bool) -> None:
        now, name = self.clock.now(), container.get("name")
        self.events.record(pod.namespace, "Pod", pod.name, "Normal", "Pulled",
                           f'Container image "{image}" already present on machine', "kubelet", now)
        self.events.record(pod.namespace, "Pod", pod.name, "Normal", "Created", f"Created container {name}", "kubelet", now)
        self.events.record(pod.namespace, "Pod", pod.name, "Normal", "Started", f"Started container {name}", "kubelet", now)


_TEMPLATE: bytes | None = None


def _empty_cluster() -> "Cluster":
    return object.__new__(Cluster)


def _lecture_template() -> bytes:
    """The bootstrapped lecture cluster, pickled once per process."""
    global _TEMPLATE
    if _TEMPLATE is None:
        template = object.__new__(Cluster)
        template._bootstrap()
        _TEMPLATE = pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL)
    return _TEMPLATE


def _file_source(files: FileSource | dict[str, bytes] | str | Path | None) -> FileSource:
    if files is None:
        return DirectoryFiles(Path.cwd())
    if isinstance(files, dict):
        return MemoryFiles(files)
    if isinstance(files, (str, Path)):
        return DirectoryFiles(Path(files))
    return files
