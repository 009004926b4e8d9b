"""The namespace controller of 1.23 (`pkg/controller/namespace`): empties a Terminating namespace,
then removes its `kubernetes` finalizer so the API server deletes it.

`namespaced_resources_deleter.go` Delete: every namespaced resource is deleted in the namespace
(pods gracefully, each with its own grace period; the garbage collector's dependents with their
owners); if anything remains, `estimateGracefulTermination` takes the longest grace period of
the pods not yet finished, and `namespace_controller.go` worker queues the namespace again after
`estimate/2 + 1` seconds (a ResourcesRemainingError); once nothing remains, the finalizer goes.
So a namespace whose pods had the default 30 s stays Terminating about 16 s even when they stop
at once, and a namespace holding no pod goes at its first sync.

It runs first among the controllers: what it deletes in the namespace (a ReplicaSet, a Job) is
gone before any controller would create into a namespace that refuses new content.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.objects import KubeObject
from simulator.registry import namespace_lifecycle
from simulator.registry.kinds import by_kind

NAMESPACES = by_kind("Namespace")
TERMINAL_PHASES = ("Succeeded", "Failed")


class NamespaceController(Controller):
    watches = ("namespaces",)

    def __init__(self) -> None:
        self.requeued: dict[str, float] = {}  # namespace -> when its sync is queued again

    def reconcile(self, ctx: ControllerContext) -> None:
        now = ctx.clock.now()
        terminating = [ns for ns in ctx.store.list(NAMESPACES) if namespace_lifecycle.is_terminating(ns)]
        self.requeued = {name: at for name, at in self.requeued.items() if any(ns.name == name for ns in terminating)}
        for namespace in terminating:
            if self.requeued.get(namespace.name, now) <= now:
                self.sync(ctx, namespace, now)

    def sync(self, ctx: ControllerContext, namespace: KubeObject, now: float) -> None:
        store = ctx.store
        for obj in _content(store, namespace.name):
            rt = store.type_of(obj)
            current = store.find(rt, obj.namespace, obj.name)  # a dependent deleted with its owner is gone
            if current is not None and current.metadata.deletion_timestamp is None:
                store.delete(rt, obj.namespace, obj.name)
        remaining = _content(store, namespace.name)
        if not remaining:
            self.requeued.pop(namespace.name, None)
            namespace_lifecycle.finalize(store, namespace)
            return
        self.requeued[namespace.name] = now + _estimate(remaining) // 2 + 1

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        now = ctx.clock.now()
        return any(at <= now for at in self.requeued.values())

    def next_wake(self, ctx: ControllerContext) -> float | None:
        now = ctx.clock.now()
        return min((at for at in self.requeued.values() if at > now), default=None)


def _content(store, namespace: str) -> list[KubeObject]:
    return [obj for obj in store.all_objects() if obj.namespace == namespace]


def _estimate(remaining: list[KubeObject]) -> int:
    """estimateGracefulTermination: the longest grace period among the pods still running."""
    return max((int(obj.metadata.deletion_grace_period_seconds or 0) for obj in remaining
                if obj.kind == "Pod" and obj.status.get("phase") not in TERMINAL_PHASES), default=0)
