"""What the network layer reads: the API objects, the machines' addresses and the time.

kube-proxy, routing, listeners and MetalLB read Services, Endpoints, Pods and Nodes
from `store`, the VMs' addresses from `node_ip`/`machine_names`, and the time from
`clock` (IPVS session affinity expires). They never write, never move the clock.
`Topology` says so as a Protocol; `MachineTopology` is the one the Cluster hands the
network (a Cluster satisfies it too, so a test may pass one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from simulator.clock import SimClock
    from simulator.machines import Machines
    from simulator.registry.store import APIStore


class Topology(Protocol):
    @property
    def store(self) -> "APIStore": ...

    @property
    def clock(self) -> "SimClock": ...

    def node_ip(self, node_name: str) -> str: ...

    def machine_names(self) -> list[str]: ...

    def node_names(self) -> list[str]: ...


@dataclass(frozen=True)
class MachineTopology:
    store: "APIStore"
    clock: "SimClock"
    machines: "Machines"

    def node_ip(self, node_name: str) -> str:
        return self.machines.node_ip(node_name)

    def machine_names(self) -> list[str]:
        """The VMs, whose addresses outlive their Node objects."""
        return self.machines.names()

    def node_names(self) -> list[str]:
        """The nodes the API server knows."""
        return self.machines.node_names()
