"""A pure-Python simulation of the Week-4 lecture's 3-node kubespray cluster.

Layered like Kubernetes itself: `objects` (API objects), `registry` (defaulting,
validation, allocators, the API store), `machines` (what lives on the VMs rather than
in the API), `controllers` (ReplicaSet, Deployment, DaemonSet, Endpoints, scheduler,
kubelet; each given a `ControllerContext`), `network` (kube-proxy in IPVS mode and
routing, reading a `Topology`), `dns` (CoreDNS records over the store and the stub
resolver), `apps` (what each image
answers), `tools` (curl, nslookup, dig, ping), `shell` (parsing and dispatch, kubectl)
and `printers` (all output formatting). No web framework is imported here.
"""

from simulator.cluster import Cluster, CommandResult

__all__ = ["Cluster", "CommandResult"]
