"""Where a command runs: the lecture's `remote` workstation, a node, or a pod."""

from __future__ import annotations

from dataclasses import dataclass

REMOTE_IP = "192.168.100.1"  # the workstation on the VirtualBox host-only network, outside the cluster


@dataclass(frozen=True)
class Vantage:
    kind: str  # "remote", "node" or "pod"
    name: str  # "remote", the node name, or the pod name
    ip: str  # source address of traffic from here
    namespace: str | None = None  # pods only
    node: str | None = None  # the node a pod runs on, or the node itself

    @property
    def in_cluster(self) -> bool:
        return self.kind in ("node", "pod")


REMOTE = Vantage("remote", "remote", REMOTE_IP)


def node_vantage(name: str, ip: str) -> Vantage:
    return Vantage("node", name, ip, None, name)


def pod_vantage(name: str, namespace: str, ip: str, node: str) -> Vantage:
    return Vantage("pod", name, ip, namespace, node)
