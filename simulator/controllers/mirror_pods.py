"""The kubelet's mirror pods: the API's copy of each static pod in /etc/kubernetes/manifests.

Deleting a mirror pod (`kubectl delete pod kube-apiserver-master`, or `--all -A`) does not
stop the static pod: the kubelet sees its mirror missing and posts it again, with a new
uid and creation time, as `podManager.CreateMirrorPod` does. A kubelet whose Node object
is gone cannot own a mirror pod, so none is made for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.controllers.owners import controller_ref
from simulator.registry.kinds import by_kind

if TYPE_CHECKING:
    from simulator.cluster import Cluster

PODS = by_kind("Pod")
NODES = by_kind("Node")


def reconcile(cluster: "Cluster") -> None:
    for node_name, manifests in cluster.static_pods.items():
        node = cluster.store.find(NODES, None, node_name)
        if node is None:
            continue
        for manifest in manifests:
            if cluster.store.find(PODS, manifest.namespace, manifest.name) is None:
                cluster.store.create(mirror_pod(cluster, manifest, node))


def mirror_pod(cluster: "Cluster", manifest, node):
    pod = manifest.clone()
    pod.metadata.uid = ""
    pod.metadata.creation_timestamp = cluster.clock.now()
    reference = controller_ref(node)
    reference.pop("blockOwnerDeletion")
    pod.metadata.owner_references = [reference]
    return pod
