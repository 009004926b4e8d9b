"""The kubelet's mirror pods: the API's copy of each static pod in /etc/kubernetes/manifests.

Deleting a mirror pod (`kubectl delete pod kube-apiserver-master`, or `--all -A`) does not
stop the static pod: the kubelet sees its mirror missing and posts it again, with a new
uid and creation time, as `podManager.CreateMirrorPod` does. A kubelet whose Node object
is gone cannot own a mirror pod, so none is made for it.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.owners import controller_ref
from simulator.errors import StatusError
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

PODS = by_kind("Pod")
NODES = by_kind("Node")


class MirrorPodController(Controller):
    """The kubelets' manifests are on the machines (`ctx.machines.static_pods`); nothing else is kept."""

    watches = ("pods", "nodes", "podsecuritypolicies", "clusterrolebindings", "rolebindings")  # a refused mirror pod is tried again

    def reconcile(self, ctx: ControllerContext) -> None:
        if ctx.machines.apiserver_down(ctx.clock.now()):
            return  # nothing to post to
        for node_name, manifests in ctx.machines.static_pods.items():
            node = ctx.store.find(NODES, None, node_name)
            if node is None:
                continue
            for manifest in manifests:
                if ctx.store.find(PODS, manifest.namespace, manifest.name) is None:
                    try:
                        ctx.store.create(mirror_pod(ctx, manifest, node))
                    except StatusError:
                        pass  # refused (PodSecurityPolicy without a policy for the node): the kubelet logs it and retries



def mirror_pod(ctx: ControllerContext, manifest: KubeObject, node: KubeObject) -> KubeObject:
    pod = manifest.clone()
    pod.metadata.uid = ""
    pod.metadata.creation_timestamp = ctx.clock.now()
    reference = controller_ref(node)
    reference.pop("blockOwnerDeletion")
    pod.metadata.owner_references = [reference]
    return pod
