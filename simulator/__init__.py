"""A pure-Python simulation of the Week-4 lecture's 3-node kubespray cluster.

Layered like Kubernetes itself: `objects` (API objects), `registry` (defaulting,
validation, allocators, the API store), `controllers` (ReplicaSet, Deployment,
DaemonSet, Endpoints, scheduler, kubelet), `network` (kube-proxy in IPVS mode and
routing), `dns` (CoreDNS records and the stub resolver), `apps` (what each image
answers), `tools` (curl, nslookup, dig, ping), `shell` (parsing and dispatch, kubectl)
and `printers` (all output formatting). No web framework is imported here.
"""

from simulator.cluster import Cluster, CommandResult

__all__ = ["Cluster", "CommandResult"]
