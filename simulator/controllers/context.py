"""What a controller is given, as kube-controller-manager gives its loops informers and a client.

A controller reads and writes API objects through `store`, stamps times from `clock`,
records events, draws randomness from its own stream of `rng`, and (the kubelet only)
reaches the machines under it. It keeps its own sync state; nothing here is bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.clock import SimClock, rfc3339
from simulator.events import EventRecorder
from simulator.machines import Machines
from simulator.randomness import RandomStreams
from simulator.registry.store import APIStore


@dataclass(frozen=True)
class ControllerContext:
    store: APIStore
    clock: SimClock
    events: EventRecorder
    rng: RandomStreams
    machines: Machines  # pod address blocks, static pod manifests, files in containers

    def now_rfc3339(self) -> str:
        return rfc3339(self.clock.now())

    def record(self, obj, type_: str, reason: str, message: str, source: str, at: float | None = None,
               repeats: int = 1) -> None:
        """An event about `obj` at the current time (or at `at`, a moment passed that a loop catches up on)."""
        # a cluster-scoped object's events (a Node's, a PersistentVolume's) are kept in `default`, as the API has them
        self.events.record(obj.namespace or "default", obj.kind, obj.name, type_, reason, message, source,
                           self.clock.now() if at is None else at, repeats)


class Controller:
    """A control loop: `watches` names the resources whose writes can give it work."""

    watches: tuple[str, ...] = ()

    def reconcile(self, ctx: ControllerContext) -> None:
        raise NotImplementedError

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        """Whether it has work though none of `watches` changed (the kubelet, a timer come due)."""
        wake = self.next_wake(ctx)
        return wake is not None and wake <= ctx.clock.now()

    def next_wake(self, ctx: ControllerContext) -> float | None:
        """When time alone next gives it work (a process exits, a back-off ends, a schedule comes
        round): time passing stops there so it acts at that instant."""
        return None
