"""A pure-Python simulation of the Week-4 lecture's 3-node kubespray cluster.

Layered like Kubernetes itself: `objects` (API objects), `registry` (defaulting,
validation, allocators, the API store), `machines` (what lives on the VMs rather than
in the API), `controllers` (ReplicaSet, Deployment, DaemonSet, Endpoints, scheduler,
kubelet; each given a `ControllerContext`), `network` (kube-proxy and routing, reading
a `Topology`), `dns` (CoreDNS records over the store and the stub resolver), `apps`
(what each image answers), `programs` (what a program is handed: `ExecContext`),
`tools` (curl, nslookup, dig, ping), `shell` (parsing and dispatch, kubectl) and
`printers` (all output formatting). `cluster` composes them; nothing below imports it.
No web framework is imported here.

`from simulator import Cluster` loads the cluster on first use, so that importing one
layer (`simulator.printers.tables`, say) does not import every other.
"""

__all__ = ["Cluster", "CommandResult"]


def __getattr__(name: str):
    if name in __all__:
        from simulator import cluster

        return getattr(cluster, name)
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
