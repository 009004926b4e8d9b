"""The Job controller of Kubernetes 1.23 (`pkg/controller/job/job_controller.go`) and the TTL
controller for finished Jobs (`pkg/controller/ttlafterfinished`).

A Job runs pods from its template until `completions` of them succeeded (NonIndexed), with
at most `parallelism` active at once; with no `completions` (a work queue) it is done when
one pod succeeded and none is still active. Each failed pod counts in `status.failed`; a
failure holds back the replacement pods for the back-off the slides describe ("실패 후 10초,
20초, 40초 간격으로 재시도": `DefaultJobBackOff` 10 s doubling per failure, at most
`MaxJobBackOff` 6 min). More failures than `backoffLimit` (restartPolicy Never), or a pod
restarted more often than it (OnFailure), fail the Job with `BackoffLimitExceeded`; a Job
active past `activeDeadlineSeconds` fails with `DeadlineExceeded`; either way its active
pods are deleted. A finished Job keeps its pods until it is deleted, or, with
`ttlSecondsAfterFinished`, until the TTL controller deletes it that long after it finished.

Simplified against the real controller: the back-off counts the Job's failures rather than
the work queue's requeues, and pods are not tracked with finalizers (1.23's
JobTrackingWithFinalizers is off by default).
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.owners import owned_by
from simulator.controllers.replicaset import pod_from_template
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.frozen import thaw
from simulator.objects import KubeObject
from simulator.printers.formats import parse_rfc3339
from simulator.registry.kinds import by_kind

JOBS = by_kind("Job")
PODS = by_kind("Pod")
SOURCE = "job-controller"
BACK_OFF = 10.0  # DefaultJobBackOff
MAX_BACK_OFF = 360.0  # MaxJobBackOff


class JobController(Controller):
    watches = ("jobs", "pods")

    def __init__(self) -> None:
        self.synced = SyncMarks()
        self.back_off: dict[str, float] = {}  # job uid -> when its replacement pods may start (the work queue's delay)

    def reconcile(self, ctx: ControllerContext) -> None:
        now = ctx.clock.now()
        jobs = ctx.store.list(JOBS)
        present = {job.metadata.uid for job in jobs}
        self.back_off = {uid: until for uid, until in self.back_off.items() if uid in present}
        for job in jobs:
            wake = job_wake(job, self.back_off)
            if self.synced.due(ctx.store, job, ("pods",)) or (wake is not None and wake <= now):
                sync_job(ctx, job, self.back_off)
                self.synced.mark(ctx.store, job)

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        now = ctx.clock.now()
        return any(wake is not None and wake <= now for wake in self.wakes(ctx))

    def next_wake(self, ctx: ControllerContext) -> float | None:
        now = ctx.clock.now()
        return min((wake for wake in self.wakes(ctx) if wake is not None and wake > now), default=None)

    def wakes(self, ctx: ControllerContext) -> list[float | None]:
        return [job_wake(job, self.back_off) for job in ctx.store.list(JOBS)]


def job_wake(job: KubeObject, back_off: dict[str, float]) -> float | None:
    """When time alone gives this Job work: its back-off ends, its deadline passes, its TTL runs out."""
    status = job.body.get("status") or {}
    if finished_condition(job):
        ttl = job.spec.get("ttlSecondsAfterFinished")
        finished = parse_rfc3339(finished_condition(job).get("lastTransitionTime"))
        return None if ttl is None or finished is None else finished + float(ttl)
    wakes = []
    start = parse_rfc3339(status.get("startTime"))
    if start is not None and job.spec.get("activeDeadlineSeconds") is not None:
        wakes.append(start + float(job.spec["activeDeadlineSeconds"]))
    if job.metadata.uid in back_off:
        wakes.append(back_off[job.metadata.uid])
    return min(wakes, default=None)


def finished_condition(job: KubeObject) -> dict | None:
    return next((c for c in (job.body.get("status") or {}).get("conditions") or []
                 if c.get("type") in ("Complete", "Failed") and c.get("status") == "True"), None)


def sync_job(ctx: ControllerContext, job: KubeObject, back_off: dict[str, float]) -> None:
    condition = finished_condition(job)
    if condition is not None:
        expire_finished(ctx, job, condition)
        return
    now = ctx.clock.now()
    pods = owned_by(job, ctx.store, PODS)
    active = [p for p in pods if p.status.get("phase") not in ("Succeeded", "Failed")
              and p.metadata.deletion_timestamp is None]  # FilterActivePods: a terminating pod is on its way out
    succeeded = sum(1 for p in pods if p.status.get("phase") == "Succeeded")
    failed = sum(1 for p in pods if p.status.get("phase") == "Failed")
    status = thaw(job.body.get("status") or {})
    previous_failed = int(status.get("failed") or 0)
    failed = max(failed, previous_failed)  # pods deleted after failing still count
    if not status.get("startTime") and not job.spec.get("suspend"):
        status["startTime"] = ctx.now_rfc3339()
    backoff_limit = int(job.spec.get("backoffLimit", 6))
    restarts = max((s.get("restartCount", 0) for p in pods for s in p.status.get("containerStatuses") or []), default=0)
    finished = None
    if failed > backoff_limit or (job.spec["template"]["spec"].get("restartPolicy") == "OnFailure"
                                  and restarts > backoff_limit):
        finished = ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
    elif past_deadline(job, status, now):
        finished = ("Failed", "DeadlineExceeded", "Job was active longer than specified deadline")
    if finished:
        for pod in active:
            delete_pod(ctx, job, pod)
        failed += len(active)
        active = []
    else:
        completions = job.spec.get("completions")
        if completions is None:
            done = succeeded > 0 and not active
        else:
            done = succeeded >= int(completions)
        if done:
            finished = ("Complete", "", "")
        else:
            manage_pods(ctx, job, active, succeeded, failed, previous_failed, now, back_off)
            active = [p for p in owned_by(job, ctx.store, PODS)
                      if p.status.get("phase") not in ("Succeeded", "Failed") and p.metadata.deletion_timestamp is None]
    status.update({"active": len(active), "succeeded": succeeded, "failed": failed})
    if finished:
        kind, reason, message = finished
        entry = {"lastProbeTime": ctx.now_rfc3339(), "lastTransitionTime": ctx.now_rfc3339(),
                 "status": "True", "type": kind}
        if reason:
            entry.update({"message": message, "reason": reason})
        status["conditions"] = [*(status.get("conditions") or []), entry]
        if kind == "Complete":
            status["completionTime"] = ctx.now_rfc3339()
            ctx.record(job, "Normal", "Completed", "Job completed", SOURCE)
        else:
            ctx.record(job, "Warning", reason, message, SOURCE)
        back_off.pop(job.metadata.uid, None)
    status = {k: v for k, v in status.items() if v}  # omitempty
    if job.body.get("status") != status:
        ctx.store.update(job.with_status(status))


def past_deadline(job: KubeObject, status: dict, now: float) -> bool:
    deadline = job.spec.get("activeDeadlineSeconds")
    start = parse_rfc3339(status.get("startTime"))
    return deadline is not None and start is not None and now - start >= float(deadline)


def manage_pods(ctx: ControllerContext, job: KubeObject, active: list[KubeObject], succeeded: int, failed: int,
                previous_failed: int, now: float, back_off: dict[str, float]) -> None:
    """Start pods up to what parallelism and the remaining completions allow, unless backing off."""
    if job.spec.get("suspend"):
        for pod in active:
            delete_pod(ctx, job, pod)
        return
    uid = job.metadata.uid
    if failed > previous_failed:  # a new failure: hold replacements back 10 s, 20 s, 40 s, ...
        back_off[uid] = now + min(BACK_OFF * 2 ** (failed - 1), MAX_BACK_OFF)
    if back_off.get(uid, now) > now:
        return
    back_off.pop(uid, None)
    parallelism = int(job.spec.get("parallelism", 1))
    completions = job.spec.get("completions")
    if completions is None:
        wanted = 0 if succeeded else parallelism
    else:
        wanted = min(parallelism, int(completions) - succeeded)
    for _ in range(max(0, wanted - len(active))):
        pod = pod_from_template(job, job.name + "-")
        try:
            ctx.store.create(pod)
        except StatusError as error:
            ctx.record(job, "Warning", "FailedCreate", f"Error creating: {error.message}", SOURCE)
            return
        ctx.record(job, "Normal", "SuccessfulCreate", f"Created pod: {pod.name}", SOURCE)


def delete_pod(ctx: ControllerContext, job: KubeObject, pod: KubeObject) -> None:
    try:
        ctx.store.delete(PODS, pod.namespace, pod.name)
    except StatusError:
        return
    ctx.record(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod.name}", SOURCE)


def expire_finished(ctx: ControllerContext, job: KubeObject, condition: dict) -> None:
    """The TTL-after-finished controller: delete the Job (its pods go with it) once its TTL ran out."""
    ttl = job.spec.get("ttlSecondsAfterFinished")
    finished = parse_rfc3339(condition.get("lastTransitionTime"))
    if ttl is None or finished is None or ctx.clock.now() < finished + float(ttl):
        return
    try:
        ctx.store.delete(JOBS, job.namespace, job.name)
    except StatusError:
        pass
