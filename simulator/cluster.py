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
from pathlib import Path
from typing import Any

from simulator.clock import SECONDS_PER_COMMAND, SimClock, rfc3339
from simulator.controllers import ControllerContext, ControllerManager
from simulator.events import EventRecorder
from simulator.files import DirectoryFiles, FileSource, MemoryFiles
from simulator.machines import Machines
from simulator.objects import KubeObject
from simulator.programs.context import ExecContext
from simulator.randomness import RandomStreams
from simulator.registry.kinds import by_kind, by_name
from simulator.registry.store import APIStore, Quota
from simulator.shell.container_processes import ContainerProcesses
from simulator.shell.mounts import locate
from simulator.shell.results import CommandResult, EditRequest
from simulator.vantage import REMOTE, Vantage, node_vantage, pod_vantage

__all__ = ["Cluster", "CommandResult", "EditRequest"]



class Cluster:
    """One picklable object holding every part; each layer is handed only the parts it reads.

    - `store` (the API server), `clock`, `events`, `streams` (seeded random sources),
      `machines` (what lives on the VMs: addresses, pod blocks, static pods, container files);
    - `controller_manager`: the controllers and their sync state, run by `settle`, each
      with a `ControllerContext` of the parts above;
    - `network` (a `Topology`: store, clock, machines) and `dns` (store, clock, streams, machines).
    """

    def __new__(cls, *args, **kwargs) -> "Cluster":
        """A copy of the lecture cluster as bootstrapped once per process (unpickling is fast)."""
        return pickle.loads(_lecture_template())

    def __reduce_ex__(self, protocol):
        return (_empty_cluster, (), self.__dict__)

    def __init__(self, seed: int = 0, files: FileSource | dict[str, bytes] | str | Path | None = None,
                 quota: Quota | None = None) -> None:
        """Reseed every random stream with `seed`; set where `-f` reads and the quota."""
        self.seed = seed
        self.streams.reseed(seed)
        self.files = _file_source(files)
        self.store.quota = quota or Quota()
        self._default_session = None

    def _bootstrap(self) -> None:
        """Build the lecture's cluster from scratch (once per process; see `_lecture_template`)."""
        from simulator import bootstrap

        self.seed = "bootstrap"
        self.clock = SimClock()
        self.streams = RandomStreams(self.seed)
        self.store = APIStore(self.clock, self.streams.stream)
        self.events = EventRecorder()
        self.machines = Machines(self.store, bootstrap.MACHINE_IPS)
        self.controller_manager = ControllerManager(
            ControllerContext(self.store, self.clock, self.events, self.streams, self.machines))
        self.files = MemoryFiles({})
        bootstrap.build_lecture_cluster(self.controller_manager.ctx)
        from simulator.dns import ClusterDNS
        from simulator.network import Network
        from simulator.network.topology import MachineTopology

        self.network = Network(MachineTopology(self.store, self.clock, self.machines), self.streams.stream("kube-proxy"))
        self.dns = ClusterDNS(self.store, self.clock, self.streams, self.machines)
        self.settle()

    # randomness and time ---------------------------------------------------
    def random(self, stream: str) -> random.Random:
        """One seeded source per concern, so adding a pod never changes a ClusterIP."""
        return self.streams.stream(stream)

    def rfc3339_now(self) -> str:
        return rfc3339(self.clock.now())

    @staticmethod
    def rfc3339(timestamp: float) -> str:
        return rfc3339(timestamp)

    def settle(self) -> None:
        self.controller_manager.settle()
        if self.container_processes.step(self):  # a container's script ended: the kubelet ends its container
            self.controller_manager.settle()

    def next_wake(self) -> float | None:
        """When a controller next has work from time alone (see `ControllerManager.next_wake`), or a
        container's script wakes from its sleep."""
        wakes = (self.controller_manager.next_wake(), self.container_processes.next_wake(self.clock.now()))
        return min((wake for wake in wakes if wake is not None), default=None)

    @property
    def container_processes(self) -> ContainerProcesses:
        """Containers' shell scripts running as processes (a cluster pickled before they existed has none)."""
        processes = self.__dict__.get("_container_processes")
        if processes is None:
            processes = self.__dict__["_container_processes"] = ContainerProcesses()
        return processes

    @property
    def pod_files(self) -> dict[str, dict[str, str]]:
        """Files written in containers: pod uid -> path -> content (see `Machines`)."""
        return self.machines.pod_files

    def write_pod_file(self, pod: KubeObject, path: str, content: str | None) -> None:
        """Create (or with None, remove) a file in a pod, as `touch`/`rm` in `kubectl exec` do."""
        self.machines.write_pod_file(pod, path, content)

    def file_entry(self, vantage: Vantage, path: str, container: str | None = None):
        """The file at `path` as seen from a node or a pod's container (through its volume mounts),
        a `simulator.filesystem.Entry`, or None: what a grading check reads, not what was printed."""
        place = locate(self.exec_context(vantage), path, container)
        return None if place is None else place.tree.get(place.path)

    def tick(self, seconds: float = SECONDS_PER_COMMAND) -> None:
        """Let time pass with no one typing: each controller's timer on the way acts at its instant."""
        target = self.clock.now() + seconds
        while (wake := self.next_wake()) is not None and wake <= target:
            self.clock.advance(wake - self.clock.now())
            self.settle()
        self.clock.advance(max(0.0, target - self.clock.now()))
        self.settle()

    # running commands ------------------------------------------------------
    def exec_context(self, vantage: Vantage, tty: bool = False, stdin: str = "", shell=None) -> ExecContext:
        """The parts one run of a program is handed (`simulator.programs.context`)."""
        return ExecContext(self.store, self.clock, self.events, self.streams, self.machines, self.network,
                           self.dns, self.files, self.settle, vantage, tty=tty, stdin=stdin, shell=shell)

    def api_server(self, server_address: str | None = None):
        """The API server over this cluster (`apiserver.http_api`), reaching pods for the proxy
        subresource from the control-plane node as the real one does."""
        from simulator.apiserver.http_api import SERVER_ADDRESS, ApiServer
        from simulator.network.transfer import api_dial

        return ApiServer(self.store, self.clock, server_address or SERVER_ADDRESS, dial=api_dial(self.exec_context(REMOTE)),
                         machines=self.machines)

    def session(self, vantage: Vantage = REMOTE, echo: bool = False, interactive: bool = False):
        """`interactive`: a person types into it (the workspace's terminal), so `kubectl get -w`
        streams and `kubectl edit` opens an editor; the grader's sessions are not interactive."""
        from simulator.shell.session import Session

        return Session(self, vantage, echo=echo, interactive=interactive)

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
        rt = self.store.types.by_name(resource)  # the cluster's types: custom resources of its CRDs too
        obj = self.store.find(rt, namespace, name) if rt else None
        return obj.to_dict() if obj else None

    def list(self, resource: str, namespace: str | None = None, selector: dict | None = None) -> list[dict[str, Any]]:
        rt = self.store.types.by_name(resource)
        if rt is None:
            return []
        match = {"matchLabels": selector} if selector else None
        return [o.to_dict() for o in self.store.list(rt, namespace, match)]

    def node_ip(self, node_name: str) -> str:
        """A node's InternalIP. A machine whose Node object was deleted keeps its address: the VM is still up."""
        return self.machines.node_ip(node_name)

    def node_names(self) -> list[str]:
        """The nodes the API server knows (`kubectl get nodes`)."""
        return self.machines.node_names()

    def machine_names(self) -> list[str]:
        """The lecture's VMs, whatever the API says about them.

        A Node object is only the kubelet's registration: `kubectl delete node worker2`
        removes it, while the VM keeps running, answers ssh and keeps its /etc/hosts, and
        its kubelet does not register again until it restarts. So ssh, a node's vantage and
        the hosts files follow the machines; scheduling and `foreach: nodes` follow the
        Node objects.
        """
        return self.machines.names()


_TEMPLATE: bytes | None = None
_TEMPLATE_COPY: "Cluster | None" = None


def _empty_cluster() -> "Cluster":
    return object.__new__(Cluster)


def _lecture_template() -> bytes:
    """The bootstrapped lecture cluster, pickled once per process."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _set_template(_build_template())
    return _TEMPLATE


def _set_template(data: bytes) -> None:
    """Keep the template, and one copy of it alive: its API objects are read-only, so every
    `Cluster` made from the template shares them (`objects.StoredObject`) instead of copying."""
    global _TEMPLATE, _TEMPLATE_COPY
    _TEMPLATE, _TEMPLATE_COPY = data, pickle.loads(data)


def _build_template() -> bytes:
    template = object.__new__(Cluster)
    template._bootstrap()
    return pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL)


def load_cached_template(directory: Path | None = None) -> None:
    """Take the bootstrapped cluster from the user's cache (`template_cache`) instead of building
    it in this process: for a command line, which starts a new process each time."""
    if _TEMPLATE is None:
        from simulator.template_cache import cached_template

        _set_template(cached_template(_build_template, directory))


def _file_source(files: FileSource | dict[str, bytes] | str | Path | None) -> FileSource:
    if files is None:
        return DirectoryFiles(Path.cwd())
    if isinstance(files, dict):
        return MemoryFiles(files)
    if isinstance(files, (str, Path)):
        return DirectoryFiles(Path(files))
    return files
