"""What `kubectl get pods` derives from a Pod's status: READY, STATUS and RESTARTS.

A port of `printPod` (kubernetes 1.23 `pkg/printers/internalversion/printers.go`):
the STATUS is the phase, overridden by the pod's reason, by the first failing init
container, then by the last container's waiting or terminated reason; a pod being
deleted shows `Terminating`. RESTARTS gains `(AGE ago)` from the latest
`lastState.terminated.finishedAt`.

The simulator's ObjectMeta has no deletionTimestamp yet; an object carrying a
`deletion_timestamp` attribute is treated as being deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.objects import KubeObject
from simulator.printers.duration import age
from simulator.printers.formats import parse_rfc3339, spec_of, status_of

NODE_UNREACHABLE_REASON = "NodeLost"


@dataclass(frozen=True)
class PodSummary:
    ready: str  # "1/1"
    status: str  # "Running", "CrashLoopBackOff", "Init:0/1", "Terminating", ...
    restarts: str  # "2" or "2 (114m ago)"


def deletion_timestamp(obj: KubeObject) -> float | None:
    return getattr(obj.metadata, "deletion_timestamp", None)


def summarize_pod(pod: KubeObject, now: float) -> PodSummary:
    status = status_of(pod)
    reason = status.get("reason") or status.get("phase") or ""
    restarts, last_restart = 0, None
    init_reason, restarts, last_restart = _init_containers(pod, restarts, last_restart)
    ready = 0
    if init_reason is not None:
        reason = init_reason
    else:
        restarts, ready, reason, last_restart = _containers(status, reason, last_restart)
    deleting = deletion_timestamp(pod) is not None
    if deleting and status.get("reason") == NODE_UNREACHABLE_REASON:
        reason = "Unknown"
    elif deleting:
        reason = "Terminating"
    total = len(spec_of(pod).get("containers") or [])
    restart_text = str(restarts)
    if last_restart is not None:
        restart_text = f"{restarts} ({age(now, last_restart)} ago)"
    return PodSummary(f"{ready}/{total}", reason, restart_text)


def _finished_at(container: dict[str, Any]) -> float | None:
    terminated = (container.get("lastState") or {}).get("terminated")
    return parse_rfc3339(terminated.get("finishedAt")) if terminated else None


def _later(current: float | None, candidate: float | None) -> float | None:
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current


def _init_containers(pod: KubeObject, restarts: int,
                     last_restart: float | None) -> tuple[str | None, int, float | None]:
    """The init-container pass: a reason while initialising, else None."""
    statuses = status_of(pod).get("initContainerStatuses") or []
    total = len(spec_of(pod).get("initContainers") or [])
    for index, container in enumerate(statuses):
        restarts += int(container.get("restartCount") or 0)
        last_restart = _later(last_restart, _finished_at(container))
        state = container.get("state") or {}
        terminated, waiting = state.get("terminated"), state.get("waiting")
        if terminated is not None and int(terminated.get("exitCode") or 0) == 0:
            continue
        if terminated is not None:
            if terminated.get("reason"):
                return "Init:" + terminated["reason"], restarts, last_restart
            if terminated.get("signal"):
                return f"Init:Signal:{terminated['signal']}", restarts, last_restart
            return f"Init:ExitCode:{terminated.get('exitCode', 0)}", restarts, last_restart
        if waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            return "Init:" + waiting["reason"], restarts, last_restart
        return f"Init:{index}/{total}", restarts, last_restart
    return None, restarts, last_restart


def _containers(status: dict[str, Any], reason: str,
                last_restart: float | None) -> tuple[int, int, str, float | None]:
    """The regular-container pass, walked last to first; restarts start again from 0, as in printPod."""
    restarts, ready, has_running = 0, 0, False
    for container in reversed(status.get("containerStatuses") or []):
        restarts += int(container.get("restartCount") or 0)
        last_restart = _later(last_restart, _finished_at(container))
        state = container.get("state") or {}
        waiting, terminated = state.get("waiting"), state.get("terminated")
        if waiting is not None and waiting.get("reason"):
            reason = waiting["reason"]
        elif terminated is not None and terminated.get("reason"):
            reason = terminated["reason"]
        elif terminated is not None:
            signal = terminated.get("signal")
            reason = f"Signal:{signal}" if signal else f"ExitCode:{terminated.get('exitCode', 0)}"
        elif container.get("ready") and state.get("running") is not None:
            has_running = True
            ready += 1
    if reason == "Completed" and has_running:
        reason = "Running" if _has_ready_condition(status) else "NotReady"
    return restarts, ready, reason, last_restart


def _has_ready_condition(status: dict[str, Any]) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or [])


def pod_ip(pod: KubeObject) -> str:
    """The first of `status.podIPs` (what 1.23 prints), falling back to `status.podIP`."""
    ips = status_of(pod).get("podIPs") or []
    return (ips[0].get("ip") if ips else None) or status_of(pod).get("podIP") or ""


def readiness_gates(pod: KubeObject) -> str:
    gates = spec_of(pod).get("readinessGates") or []
    if not gates:
        return "<none>"
    conditions = {c.get("type"): c.get("status") for c in status_of(pod).get("conditions") or []}
    passed = sum(1 for gate in gates if conditions.get(gate.get("conditionType")) == "True")
    return f"{passed}/{len(gates)}"
