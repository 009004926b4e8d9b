"""What listens where: the sockets open on pods and nodes, and which app answers on each.

A pod listens on the ports its running containers' processes serve (`apps.images`);
a `hostNetwork` pod listens on its node's addresses instead, and a container port
with `hostPort` is reachable on the node's IP through the CNI portmap plugin. Nodes
run the daemons kubespray installs (sshd, kubelet, kube-proxy healthz; the API
server and etcd on the control plane).

A program started from the shell may open a socket of its own while it runs (`kubectl
proxy` on 127.0.0.1:8001 of the machine it runs on): `Sockets`, the hosts' socket table,
keyed by the machine (`remote` or a node's name) and port, which the program opens when
it starts serving and closes when its job ends.

Not modelled: programs started by hand with `kubectl exec` (`nc -l`, `python -m
http.server`), UDP sockets other than DNS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.apps.images import container_run, find_image
from simulator.objects import KubeObject

if TYPE_CHECKING:
    from simulator.network.topology import Topology

NODELOCALDNS_IP = "169.254.25.10"
# (port, app, on every address or only 127.0.0.1) — kubeadm binds the controller
# manager and scheduler to 127.0.0.1; kube-proxy metrics stays on localhost too.
EVERY_NODE = (
    (22, "sshd", False),
    (10250, "kubelet", False),
    (10256, "kube-proxy-healthz", False),
    (9253, "nodelocaldns-metrics", False),
    (10249, "kube-proxy-metrics", True),
    (9099, "calico-felix-health", True),
)
# kubespray's nginx-proxy static pod on each worker (nginx-proxy.manifest.j2 and nginx.conf.j2):
# the API server on 127.0.0.1:6443 for the local kubelet, its health check on 8081
WORKER = (
    (6443, "kube-apiserver-proxy", True),
    (8081, "nginx-proxy-healthz", False),
)
CONTROL_PLANE = (
    (6443, "kube-apiserver", False),
    (2379, "etcd", False),
    (2380, "etcd-peer", False),
    (10257, "kube-controller-manager", True),
    (10259, "kube-scheduler", True),
)
NODELOCALDNS_PORTS = {53: "dns", 9254: "nodelocaldns-health"}
TERMINAL_PHASES = ("Succeeded", "Failed")


@dataclass(frozen=True)
class Listener:
    """An open TCP socket: who owns it and which app answers."""

    app: str
    pod: KubeObject | None = None  # the pod whose container listens (None: a node daemon)
    container: dict | None = None
    port: int = 0  # the port the process listens on (a hostPort maps to the containerPort)


@dataclass(frozen=True)
class OpenSocket:
    """A listening socket a shell program opened: which app answers and on which address."""

    app: str
    address: str = "127.0.0.1"  # what it bound: 127.0.0.1, 0.0.0.0 or one of the machine's addresses
    settings: tuple = ()  # (name, value) pairs the app reads (kubectl proxy's filter and prefix)

    def accepts(self, ip: str, loopback: bool) -> bool:
        if self.address in ("0.0.0.0", ip):
            return True
        return loopback and self.address.startswith("127.") and ip == self.address


class Sockets:
    """The sockets shell programs hold open, per machine: `remote` or a node's name."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, int], OpenSocket] = {}

    def open(self, machine: str, port: int, socket: OpenSocket) -> bool:
        """Bind: False when the port is taken (EADDRINUSE)."""
        if (machine, port) in self.table:
            return False
        self.table[(machine, port)] = socket
        return True

    def close(self, machine: str, port: int) -> None:
        self.table.pop((machine, port), None)

    def taken(self, machine: str, port: int) -> bool:
        return (machine, port) in self.table

    def find(self, machine: str, ip: str, port: int, loopback: bool) -> OpenSocket | None:
        found = self.table.get((machine, port))
        return found if found is not None and found.accepts(ip, loopback) else None


def pod_has_sandbox(pod: KubeObject) -> bool:
    """The pod's network namespace exists: it has an IP and has not finished."""
    return bool(pod.status.get("podIP")) and pod.status.get("phase") not in TERMINAL_PHASES


def pod_listener(pod: KubeObject, port: int) -> Listener | None:
    """The running container of `pod` serving TCP `port`, if any."""
    running = {s.get("name") for s in pod.status.get("containerStatuses") or [] if "running" in (s.get("state") or {})}
    for container in pod.spec.get("containers") or []:
        if container.get("name") not in running:
            continue
        image = find_image(str(container.get("image") or ""))
        if image is None:
            continue
        run = container_run(image, container)
        if port in run.listens:
            return Listener(run.app or "tcp", pod, container, port)
    return None


def node_listener(topology: "Topology", node: str, port: int, loopback: bool = False) -> Listener | None:
    """A daemon or hostNetwork pod on `node` serving `port` (on 127.0.0.1 when `loopback`)."""
    for daemon_port, app, localhost_only in daemons(topology, node):
        if daemon_port == port and (loopback or not localhost_only):
            return Listener(app, port=port)
    for pod in pods_on(topology, node):
        if pod.spec.get("hostNetwork") and not is_mirror_pod(pod):  # static pods serve as the daemons above
            listener = pod_listener(pod, port)
            if listener is not None:
                return listener
    return None


def host_port_target(topology: "Topology", node: str, port: int) -> tuple[KubeObject, int] | None:
    """A `hostPort` on `node`: the portmap plugin DNATs it to this pod and containerPort."""
    for pod in pods_on(topology, node):
        if pod.spec.get("hostNetwork") or not pod_has_sandbox(pod):
            continue
        for container in pod.spec.get("containers") or []:
            for declared in container.get("ports") or []:
                if declared.get("hostPort") == port and declared.get("protocol", "TCP") == "TCP":
                    return pod, declared.get("containerPort")
    return None


def nodelocaldns_listener(port: int) -> Listener | None:
    app = NODELOCALDNS_PORTS.get(port)
    return Listener(app, port=port) if app else None


def daemons(topology: "Topology", node: str):
    yield from EVERY_NODE
    yield from CONTROL_PLANE if is_control_plane(topology, node) else WORKER


def is_mirror_pod(pod: KubeObject) -> bool:
    """The API's copy of a kubelet's static pod: its controller is the Node."""
    return any(ref.get("kind") == "Node" for ref in pod.metadata.owner_references or [])


def is_control_plane(topology: "Topology", node: str) -> bool:
    from simulator.registry.kinds import by_kind

    obj = topology.store.find(by_kind("Node"), None, node)
    return obj is not None and "node-role.kubernetes.io/control-plane" in obj.labels


def pods_on(topology: "Topology", node: str) -> list[KubeObject]:
    from simulator.registry.kinds import by_kind

    return [p for p in topology.store.list(by_kind("Pod")) if p.spec.get("nodeName") == node]
