"""Restarting a container that exited, as the 1.23 kubelet does (kuberuntime_manager.go).

`restartPolicy` decides whether an exited container is started again (computePodActions:
`Always`, or `OnFailure` after a non-zero exit code). Before starting it again the kubelet asks
its back-off (`doBackOff`): if less than the container's delay has passed since the exited
container finished (`IsInBackOffSince`), the container waits in `CrashLoopBackOff` with the
message `back-off 10s restarting failed container=NAME pod=NAME_NAMESPACE(UID)` and the
kubelet's Warning `BackOff` event `Back-off restarting failed container`; otherwise the back-off
is moved on (`Next`: 10 s, doubled up to 300 s, reset after 10 minutes, see `backoff`) and the
container starts at once with its restart count one higher and the exited one as its last state.
The kubelet sees an exit at its next relist (a second later): so the first crash restarts then, the
second waits out 10 s from its end, the third 20 s, and so on.

Not modelled yet: the BackOff event repeated at each sync during a back-off (it is told once per
back-off), and a restart of an `imagePullPolicy: Always` container pulling its image again (it is
`already present on machine`).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.controllers.backoff import Backoff, in_back_off_since, next_after
from simulator.controllers.pod_start import go_duration


RELIST = 1.0  # the PLEG's relist period (pleg/generic.go): an exit is seen, and acted on, a second later
GC_PERIOD = 60.0  # kubelet.go ContainerGCPeriod


@dataclass
class CrashLoop:
    backoff: Backoff | None  # None until the first restart moved it on
    finished: float  # when the last exited instance finished
    restart_at: float | None  # the next sync that acts on the exit: the relist, or the end of the back-off


def table(machines) -> dict[str, CrashLoop]:
    """Per `<pod uid>/<container>` (on the machines, so pickled with the cluster)."""
    return machines.__dict__.setdefault("crash_backoff", {})


def restarts(pod, exit_code: int) -> bool:
    """Whether the pod's restartPolicy starts a container that exited with `exit_code` again."""
    policy = pod.spec.get("restartPolicy") or "Always"
    return policy == "Always" or (policy == "OnFailure" and exit_code != 0)


def exited(machines, key: str, finished_at: float) -> None:
    """A container that will be restarted finished: the kubelet acts on it at the next relist."""
    entry = table(machines).get(key)
    table(machines)[key] = CrashLoop(entry.backoff if entry else None, finished_at, finished_at + RELIST)


def decide(machines, key: str, now: float) -> str | float:
    """doBackOff at a sync of an exited container: "wait" (not yet its sync), "restart" (the back-off
    moved on), or the delay it is in back-off for (CrashLoopBackOff until `restart_at`)."""
    entry = table(machines).get(key)
    if entry is None:
        return "restart"
    if entry.restart_at is not None and now < entry.restart_at:
        return "wait"
    if entry.backoff is not None and in_back_off_since(entry.backoff, entry.finished, now):
        entry.restart_at = entry.finished + entry.backoff.backoff
        return entry.backoff.backoff
    entry.backoff, entry.restart_at = next_after(entry.backoff, entry.finished), None
    return "restart"


def waiting(pod, container: str, delay: float) -> dict:
    """The waiting state of a container in back-off, with the message of kuberuntime_manager.go doBackOff."""
    return {"message": f"back-off {go_duration(delay)} restarting failed container={container} "
                       f"pod={pod.name}_{pod.namespace}({pod.metadata.uid})",
            "reason": "CrashLoopBackOff"}


def next_restarts(machines) -> list[float]:
    """When an exit, the end of a back-off or a collection comes due."""
    restarts = [entry.restart_at for entry in table(machines).values() if entry.restart_at is not None]
    return restarts + list(collections(machines).values())


def collections(machines) -> dict[str, float]:
    """When the container GC removes the instance before a container's last, per `<pod uid>/<container>`."""
    return machines.__dict__.setdefault("container_gc", {})


def exited_for_good(machines, key: str, finished_at: float) -> None:
    """A container that is not restarted finished: the kubelet's container GC (every minute, keeping one dead
    instance per container, kuberuntime_gc.go MaxPerPodContainer 1) removes the instance before it, and the
    pod's status loses that `lastState` (the slides' Completed patch pod shows RESTARTS `1`, no `(ago)`)."""
    collections(machines)[key] = (finished_at // GC_PERIOD + 1) * GC_PERIOD


def collected(machines, key: str, now: float) -> bool:
    """Whether the container's earlier instance is gone by now (then it is forgotten)."""
    at = collections(machines).get(key)
    if at is None or at > now:
        return False
    del collections(machines)[key]
    return True


def due(machines, uid: str, now: float) -> bool:
    """Whether an exit of one of the pod's containers, or a collection, is to be acted on now."""
    return any(key.split("/", 1)[0] == uid and entry.restart_at is not None and entry.restart_at <= now
               for key, entry in table(machines).items()) or \
        any(key.split("/", 1)[0] == uid and at <= now for key, at in collections(machines).items())


def keep_only(machines, present: set[str]) -> None:
    for entries in (table(machines), collections(machines)):
        for key in [k for k in entries if k.split("/", 1)[0] not in present]:
            del entries[key]
