"""Controllers: level-triggered reconcile functions run until the cluster settles.

Each reconcile looks at desired against current state and writes the difference
through the API store, as kube-controller-manager, the scheduler and the kubelet do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.controllers import daemonset, deployment, endpoints, kubelet, replicaset, scheduler

if TYPE_CHECKING:
    from simulator.cluster import Cluster

RECONCILERS = (
    deployment.reconcile,
    replicaset.reconcile,
    daemonset.reconcile,
    scheduler.reconcile,
    kubelet.reconcile,
    endpoints.reconcile,
)
MAX_ROUNDS = 25


def settle(cluster: "Cluster") -> None:
    """Run every controller until a full round writes nothing (or the round limit).

    Nothing to do when no object changed since the last settle and no pod waits on time
    or on a file a probe reads.
    """
    state = (cluster.store.revision, cluster.files_revision)
    if state == cluster.settled_state:
        if not cluster.kubelet_time_sensitive:
            return
        kubelet.reconcile(cluster)  # only probes or image pulls can move; the rest waits on a write
        if cluster.store.revision == state[0]:
            return
    for _ in range(MAX_ROUNDS):
        before = cluster.store.revision
        for reconcile in RECONCILERS:
            reconcile(cluster)
        if cluster.store.revision == before:
            break
    cluster.settled_state = (cluster.store.revision, cluster.files_revision)
