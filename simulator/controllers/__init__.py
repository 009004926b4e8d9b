"""Controllers: level-triggered reconcile functions run until the cluster settles.

Each reconcile looks at desired against current state and writes the difference
through the API store, as kube-controller-manager, the scheduler and the kubelet do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.controllers import daemonset, deployment, endpoints, kubelet, mirror_pods, replicaset, scheduler

if TYPE_CHECKING:
    from simulator.cluster import Cluster

# Each reconciler with the resources whose changes can give it work, in the order they run.
RECONCILERS = (
    (deployment.reconcile, ("deployments", "replicasets")),
    (replicaset.reconcile, ("replicasets", "pods")),
    (daemonset.reconcile, ("daemonsets", "pods", "nodes")),
    (scheduler.reconcile, ("pods", "nodes")),
    (mirror_pods.reconcile, ("pods", "nodes")),
    (kubelet.reconcile, ("pods",)),
    (endpoints.reconcile, ("services", "pods", "endpoints")),
)
MAX_ROUNDS = 25


def settle(cluster: "Cluster") -> None:
    """Run each controller whose inputs changed since it last ran, until nothing changes.

    The kubelet also runs when a pod's files changed or a pod waits on time (a probe's
    delay, an image pull backing off), since those move without any API write.
    """
    store = cluster.store
    kubelet_due = cluster.kubelet_time_sensitive or cluster.files_revision != cluster.settled_state[1]
    if not kubelet_due and store.revision == cluster.settled_state[0]:
        return
    for _ in range(MAX_ROUNDS):
        before = store.revision
        for index, (reconcile, watched) in enumerate(RECONCILERS):
            last_run = cluster.reconciled_at.get(index, -1)
            due = any(store.changed_at.get(plural, 0) > last_run for plural in watched)
            if reconcile is kubelet.reconcile and kubelet_due:
                due, kubelet_due = True, False
            if due:
                cluster.reconciled_at[index] = store.revision
                reconcile(cluster)
        if store.revision == before:
            break
    cluster.settled_state = (store.revision, cluster.files_revision)
