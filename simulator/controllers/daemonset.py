"""The DaemonSet controller: one pod on every node the pod template tolerates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.controllers.owners import owned_by
from simulator.controllers.watch import due, mark_synced
from simulator.controllers.replicaset import pod_from_template
from simulator.controllers.scheduler import tolerates_node
from simulator.errors import StatusError
from simulator.objects import KubeObject, pod_is_ready
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.cluster import Cluster

DAEMONSETS = by_kind("DaemonSet")
PODS = by_kind("Pod")
NODES = by_kind("Node")


def reconcile(cluster: "Cluster") -> None:
    for daemonset in cluster.store.list(DAEMONSETS):
        if due(cluster, "daemonset", daemonset, ("pods",), cluster_inputs=("nodes",)):
            sync_daemon_set(cluster, daemonset)
            mark_synced(cluster, "daemonset", daemonset)


def sync_daemon_set(cluster: "Cluster", daemonset: KubeObject) -> None:
    pod_spec = (daemonset.spec.get("template") or {}).get("spec") or {}
    nodes = [n for n in cluster.store.list(NODES) if tolerates_node(pod_spec, n)]
    pods = owned_by(daemonset, cluster.store, PODS)
    covered = {p.spec.get("nodeName") for p in pods}
    for node in nodes:
        if node.name in covered:
            continue
        pod = pod_from_template(daemonset, daemonset.name + "-")
        pod.spec["nodeName"] = node.name
        try:
            cluster.store.create(pod)
        except StatusError as error:
            cluster.events.record(daemonset.namespace, "DaemonSet", daemonset.name, "Warning", "FailedCreate",
                                  f"Error creating: {error.message}", "daemonset-controller", cluster.clock.now())
            break
    pods = owned_by(daemonset, cluster.store, PODS)
    ready = sum(1 for p in pods if pod_is_ready(p))
    status = {
        "currentNumberScheduled": len(pods),
        "desiredNumberScheduled": len(nodes),
        "numberAvailable": ready,
        "numberMisscheduled": 0,
        "numberReady": ready,
        "observedGeneration": daemonset.metadata.generation,
        "updatedNumberScheduled": len(pods),
    }
    if daemonset.body.get("status") != status:
        daemonset.body["status"] = status
        cluster.store.update(daemonset, validate=False)
