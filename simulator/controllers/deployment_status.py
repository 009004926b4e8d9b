"""The Deployment's status as deployment/sync.go and progress.go compute it, and the fenceposts.

calculateStatus counts from the ReplicaSets; Available follows maxUnavailable; Progressing is
NewReplicaSetAvailable when complete, ReplicaSetUpdated while replicas move, and False with
ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress; paused and resumed
Deployments say so (checkPausedConditions).
"""

from __future__ import annotations

import datetime

from simulator.controllers.context import ControllerContext
from simulator.objects import KubeObject


def want_of(deployment: KubeObject) -> int:
    return int(deployment.spec.get("replicas", 1))


def percent_or_count(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if value is None:
        value = "25%"
    if isinstance(value, str) and value.endswith("%"):
        scaled = int(value[:-1]) * total / 100
        return int(-(-scaled // 1)) if round_up else int(scaled // 1)
    return int(value)


def fenceposts(deployment: KubeObject) -> tuple[int, int]:
    """ResolveFenceposts: (maxSurge rounded up, maxUnavailable rounded down), never both zero."""
    strategy = deployment.spec.get("strategy") or {}
    if (strategy.get("type") or "RollingUpdate") != "RollingUpdate":
        return 0, 0
    rolling = strategy.get("rollingUpdate") or {}
    want = want_of(deployment)
    surge = percent_or_count(rolling.get("maxSurge"), want, round_up=True)
    unavailable = percent_or_count(rolling.get("maxUnavailable"), want, round_up=False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_unavailable(deployment: KubeObject) -> int:
    want = want_of(deployment)
    if want == 0:
        return 0
    return min(fenceposts(deployment)[1], want)


def condition(kind: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": kind, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def set_condition(conditions: list[dict], new: dict) -> list[dict]:
    """SetDeploymentCondition: the same status and reason leave it as it is."""
    current = next((c for c in conditions if c["type"] == new["type"]), None)
    if current is not None and current["status"] == new["status"] and current["reason"] == new["reason"]:
        return conditions
    if current is not None and current["status"] == new["status"]:
        new = {**new, "lastTransitionTime": current["lastTransitionTime"]}
    return [c for c in conditions if c["type"] != new["type"]] + [new]


def progressing(conditions: list[dict]) -> dict | None:
    return next((c for c in conditions if c["type"] == "Progressing"), None)


def check_paused_conditions(ctx: ControllerContext, deployment: KubeObject) -> KubeObject:
    """checkPausedConditions: Progressing is Unknown while paused, and says so once resumed."""
    if deployment.spec.get("progressDeadlineSeconds") is None:
        return deployment
    conditions = list((deployment.body.get("status") or {}).get("conditions") or [])
    current = progressing(conditions)
    paused = bool(deployment.spec.get("paused"))
    if paused and (current is None or current["reason"] != "DeploymentPaused"):
        new = condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", ctx.now_rfc3339())
    elif not paused and current is not None and current["reason"] == "DeploymentPaused":
        new = condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", ctx.now_rfc3339())
    else:
        return deployment
    status = dict(deployment.body.get("status") or {})
    status["conditions"] = set_condition(conditions, new)
    return ctx.store.update(deployment.with_status(status))


def calculate_status(deployment: KubeObject, new_rs: KubeObject | None, replica_sets: list[KubeObject],
                     now: str) -> dict:
    """calculateStatus: counts from the ReplicaSets, Available from maxUnavailable."""
    want = want_of(deployment)
    available = sum(int(rs.status.get("availableReplicas") or 0) for rs in replica_sets)
    total_spec = sum(rs.spec.get("replicas", 0) for rs in replica_sets)
    status: dict = {"observedGeneration": deployment.metadata.generation,
                    "replicas": sum(int(rs.status.get("replicas") or 0) for rs in replica_sets),
                    "updatedReplicas": int(new_rs.status.get("replicas") or 0) if new_rs is not None else 0,
                    "readyReplicas": sum(int(rs.status.get("readyReplicas") or 0) for rs in replica_sets),
                    "availableReplicas": available,
                    "unavailableReplicas": max(0, total_spec - available)}
    old = deployment.body.get("status") or {}
    if old.get("collisionCount") is not None:
        status["collisionCount"] = old["collisionCount"]
    conditions = list(old.get("conditions") or [])
    if available >= want - max_unavailable(deployment):
        new = condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
    else:
        new = condition("Available", "False", "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.", now)
    status["conditions"] = set_condition(conditions, new)
    return status


def complete(deployment: KubeObject, status: dict) -> bool:
    """DeploymentComplete."""
    want = want_of(deployment)
    return (status["updatedReplicas"] == want and status["replicas"] == want and status["availableReplicas"] == want
            and status["observedGeneration"] >= deployment.metadata.generation)


def moved(old: dict, new: dict) -> bool:
    """DeploymentProgressing: more updated, fewer old, more ready or more available replicas."""
    def old_pods(status: dict) -> int:
        return int(status.get("replicas") or 0) - int(status.get("updatedReplicas") or 0)
    return (new["updatedReplicas"] > int(old.get("updatedReplicas") or 0) or old_pods(new) < old_pods(old)
            or new["readyReplicas"] > int(old.get("readyReplicas") or 0)
            or new["availableReplicas"] > int(old.get("availableReplicas") or 0))


def sync_rollout_status(ctx: ControllerContext, deployment: KubeObject, new_rs: KubeObject | None,
                        replica_sets: list[KubeObject]) -> float | None:
    """syncRolloutStatus: the Progressing condition (progress.go), and when it would time out."""
    now_text, now = ctx.now_rfc3339(), ctx.clock.now()
    status = calculate_status(deployment, new_rs, replica_sets, now_text)
    old = deployment.body.get("status") or {}
    deadline_seconds = deployment.spec.get("progressDeadlineSeconds")
    current = progressing(status["conditions"])
    finished = status["replicas"] == status["updatedReplicas"] and current is not None \
        and current["reason"] == "NewReplicaSetAvailable"
    timeout_at = None
    if deadline_seconds is None:
        status["conditions"] = [c for c in status["conditions"] if c["type"] != "Progressing"]
    elif not finished and not deployment.spec.get("paused"):
        named = f'ReplicaSet "{new_rs.name}"' if new_rs is not None else f'Deployment "{deployment.name}"'
        if complete(deployment, status):
            status["conditions"] = set_condition(status["conditions"], condition(
                "Progressing", "True", "NewReplicaSetAvailable", f"{named} has successfully progressed.", now_text))
        elif moved(old, status) or current is None:
            new = condition("Progressing", "True", "ReplicaSetUpdated", f"{named} is progressing.", now_text)
            if current is not None and current["status"] == "True":
                new["lastTransitionTime"] = current["lastTransitionTime"]
            status["conditions"] = [c for c in status["conditions"] if c["type"] != "Progressing"] + [new]
        elif current["reason"] != "ProgressDeadlineExceeded" and \
                parse_rfc3339(current["lastUpdateTime"]) + int(deadline_seconds) < now:
            status["conditions"] = set_condition(status["conditions"], condition(
                "Progressing", "False", "ProgressDeadlineExceeded", f"{named} has timed out progressing.", now_text))
        current = progressing(status["conditions"])
        if current is not None and current["reason"] == "ReplicaSetUpdated":
            timeout_at = parse_rfc3339(current["lastUpdateTime"]) + int(deadline_seconds) + 1
    status = {k: v for k, v in status.items() if v or k in ("observedGeneration", "conditions")}
    if old != status:
        ctx.store.update(deployment.with_status(status))
    return timeout_at


def parse_rfc3339(text: str) -> float:
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
