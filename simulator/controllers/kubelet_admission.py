"""The kubelet's admission of a pod bound to its node: does it fit what the node has left?

A pod the scheduler bound always fits (the scheduler checked the same sums). A pod created with
`spec.nodeName` bypasses the scheduler, and its node's kubelet is the first to look: v1.23's
`predicateAdmitHandler.Admit` (pkg/kubelet/lifecycle/predicate.go) runs the scheduler's
`noderesources.Fits` against the node's allocatable and the requests of the pods already active
there, and refuses with the first failure only: reason `OutOf<resource>` (`OutOfcpu`,
`OutOfmemory`, `OutOfpods`) and `InsufficientResourceError`'s text, `Node didn't have enough
resource: cpu, requested: 600, used: 375, capacity: 900` (CPU in millicores, memory in bytes,
capacity the allocatable). `Kubelet.rejectPod` records a Warning event with that reason and
message and sets the pod's status to phase Failed with the reason and `Pod ` + the message; the
pod is never started, and stays Failed. The checks run in Fits's order: pod count, cpu, memory,
ephemeral-storage; a pod requesting none of the three only has the pod count checked.

A DaemonSet's pod is left out: in 1.23 the scheduler binds it (the controller sets node affinity),
so a pod that does not fit waits Pending there; the simulator's DaemonSet controller names the node
itself, and refusing its pod here would show a failure 1.23 does not.
"""

from __future__ import annotations

from simulator.controllers.context import ControllerContext
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind
from simulator.resources import node_allocatable, pod_requests

PODS = by_kind("Pod")
NODES = by_kind("Node")
TERMINAL = ("Succeeded", "Failed")


def first_sync(pod: KubeObject) -> bool:
    """The kubelet has not admitted it yet: no status of its own."""
    return not pod.status.get("podIP") and not pod.status.get("containerStatuses") and not pod.status.get("phase") in TERMINAL


def rejected(pod: KubeObject) -> bool:
    """Refused at admission: the kubelet never syncs it again."""
    return pod.status.get("phase") == "Failed" and str(pod.status.get("reason") or "").startswith("OutOf")


def admit(ctx: ControllerContext, pod: KubeObject) -> bool:
    """Admit the pod, or refuse it as `rejectPod` does (the event and the Failed status) and say so."""
    if any(ref.get("kind") == "DaemonSet" and ref.get("controller") for ref in pod.metadata.owner_references):
        return True
    refusal = insufficient(ctx, pod)
    if refusal is None:
        return True
    reason, message = refusal
    ctx.record(pod, "Warning", reason, message, "kubelet")
    # the status manager gives a status without a start time one (status_manager.go updateStatusInternal)
    ctx.store.update(pod.with_status({**pod.status, "phase": "Failed", "reason": reason, "message": "Pod " + message,
                                      "startTime": pod.status.get("startTime") or ctx.now_rfc3339()}))
    return False


def insufficient(ctx: ControllerContext, pod: KubeObject) -> tuple[str, str] | None:
    node = ctx.store.find(NODES, None, pod.spec.get("nodeName", ""))
    if node is None:
        return None
    allocatable = node_allocatable(node.status)
    others = [p for p in ctx.store.list(PODS) if p.spec.get("nodeName") == node.name
              and p.metadata.uid != pod.metadata.uid and p.status.get("phase") not in TERMINAL and not first_sync(p)]
    if len(others) + 1 > allocatable["pods"]:
        return failure("pods", 1, len(others), allocatable["pods"])
    wanted = pod_requests(pod.spec)
    if not any(wanted.values()):
        return None
    used = {"cpu": 0, "memory": 0, "ephemeral-storage": 0}
    for other in others:
        for name, amount in pod_requests(other.spec).items():
            used[name] += amount
    for name in ("cpu", "memory", "ephemeral-storage"):
        if wanted[name] > allocatable[name] - used[name]:
            return failure(name, wanted[name], used[name], allocatable[name])
    return None


def failure(resource: str, requested: int, used: int, capacity: int) -> tuple[str, str]:
    return (f"OutOf{resource}",
            f"Node didn't have enough resource: {resource}, requested: {requested}, used: {used}, capacity: {capacity}")
