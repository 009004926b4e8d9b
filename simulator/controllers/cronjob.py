"""The CronJob controller of Kubernetes 1.23 (`pkg/controller/cronjob/cronjob_controllerv2.go`),
on the simulated clock.

Each sync: drop finished or vanished Jobs from `status.active` ("Saw completed job"), and
note `lastSuccessfulTime`; unless suspended, find the most recent scheduled time not yet
run since `lastScheduleTime` (or the CronJob's creation), skip it when it is later than
`startingDeadlineSeconds` allows ("MissSchedule"), when the Job is already there, or, with
`concurrencyPolicy: Forbid`, while a Job is active ("JobAlreadyActive"); with `Replace`
delete the active Jobs first. The Job is named `<cronjob>-<scheduled time in minutes since
the epoch>` and carries the template's labels and annotations. Then the finished Jobs beyond
`successfulJobsHistoryLimit` and `failedJobsHistoryLimit` are deleted, oldest first, with
their pods. Time wakes the controller at each CronJob's next scheduled time.
"""

from __future__ import annotations

from datetime import datetime, timezone

from simulator.clock import rfc3339
from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.job import finished_condition
from simulator.controllers.owners import controller_ref
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.kinds.cron_schedule import ScheduleError, minutes_since_epoch, parse_schedule
from simulator.frozen import thaw
from simulator.objects import KubeObject, ObjectMeta
from simulator.printers.formats import parse_rfc3339
from simulator.registry.kinds import by_kind

CRONJOBS = by_kind("CronJob")
JOBS = by_kind("Job")
SOURCE = "cronjob-controller"
TOO_MANY_MISSED = 100


class CronJobController(Controller):
    watches = ("cronjobs", "jobs")

    def __init__(self) -> None:
        self.synced = SyncMarks()
        self.looked_at: dict[str, float] = {}  # cronjob uid -> the time of its last sync

    def reconcile(self, ctx: ControllerContext) -> None:
        now = ctx.clock.now()
        for cronjob in ctx.store.list(CRONJOBS):
            if self.schedule_came(cronjob, now) or self.synced.due(ctx.store, cronjob, ("jobs",)):
                sync_cronjob(ctx, cronjob)
                self.synced.mark(ctx.store, cronjob)
                self.looked_at[cronjob.metadata.uid] = now

    def schedule_came(self, cronjob: KubeObject, now: float) -> bool:
        """A scheduled time passed since the controller last looked at this CronJob."""
        since = self.looked_at.get(cronjob.metadata.uid, cronjob.metadata.creation_timestamp)
        wake = next_schedule(cronjob, since)
        return wake is not None and wake <= now and not cronjob.spec.get("suspend")

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        now = ctx.clock.now()
        return any(self.schedule_came(cronjob, now) for cronjob in ctx.store.list(CRONJOBS))

    def next_wake(self, ctx: ControllerContext) -> float | None:
        now = ctx.clock.now()
        wakes = [next_schedule(cronjob, now) for cronjob in ctx.store.list(CRONJOBS)
                 if not cronjob.spec.get("suspend")]
        return min((wake for wake in wakes if wake is not None), default=None)


def next_schedule(cronjob: KubeObject, after: float) -> float | None:
    try:
        return parse_schedule(str(cronjob.spec.get("schedule") or "")).next_after(after)
    except ScheduleError:
        return None


def owned_jobs(ctx: ControllerContext, cronjob: KubeObject) -> list[KubeObject]:
    return [job for job in ctx.store.list(JOBS, cronjob.namespace)
            if job.metadata.owner_uid() == cronjob.metadata.uid]


def sync_cronjob(ctx: ControllerContext, cronjob: KubeObject) -> None:
    status = thaw(cronjob.body.get("status") or {})
    jobs = owned_jobs(ctx, cronjob)
    by_uid = {job.metadata.uid: job for job in jobs}
    active = []
    for ref in status.get("active") or []:
        job = by_uid.get(ref.get("uid"))
        condition = finished_condition(job) if job else None
        if job is None:
            ctx.record(cronjob, "Normal", "MissingJob", f"Active job went missing: {ref.get('name')}", SOURCE)
        elif condition is not None:
            ctx.record(cronjob, "Normal", "SawCompletedJob",
                       f"Saw completed job: {job.name}, status: {condition['type']}", SOURCE)
            if condition["type"] == "Complete":
                completed = job.body["status"].get("completionTime")
                if completed and (status.get("lastSuccessfulTime") or "") < completed:
                    status["lastSuccessfulTime"] = completed
        else:
            active.append(ref)
    known = {ref.get("uid") for ref in active}
    active += [job_reference(job) for job in jobs if finished_condition(job) is None and job.metadata.uid not in known]
    status["active"] = active
    if not cronjob.spec.get("suspend"):
        start_scheduled_job(ctx, cronjob, status)
    status = {key: value for key, value in status.items() if value}
    if (cronjob.body.get("status") or {}) != status:
        ctx.store.update(cronjob.with_status(status))
    clean_up_history(ctx, cronjob)


def start_scheduled_job(ctx: ControllerContext, cronjob: KubeObject, status: dict) -> None:
    now = ctx.clock.now()
    try:
        schedule = parse_schedule(str(cronjob.spec.get("schedule") or ""))
    except ScheduleError as error:
        ctx.record(cronjob, "Warning", "UnparseableSchedule", f"unparseable schedule: {error}", SOURCE)
        return
    earliest = parse_rfc3339(status.get("lastScheduleTime")) or cronjob.metadata.creation_timestamp
    deadline = cronjob.spec.get("startingDeadlineSeconds")
    if deadline is not None:
        earliest = max(earliest, now - float(deadline))
    scheduled, missed = None, 0
    moment = schedule.next_after(earliest)
    while moment is not None and moment <= now:
        scheduled, missed = moment, missed + 1
        if missed > TOO_MANY_MISSED * 10:  # the real controller walks them all; this bounds the walk
            break
        moment = schedule.next_after(moment)
    if scheduled is None:
        return
    if missed > TOO_MANY_MISSED:
        ctx.record(cronjob, "Warning", "TooManyMissedTimes",
                   "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
                   SOURCE)
    if deadline is not None and scheduled + float(deadline) < now:
        ctx.record(cronjob, "Warning", "MissSchedule",
                   f"Missed scheduled time to start a job: {rfc1123z(scheduled)}", SOURCE)
        return
    name = f"{cronjob.name}-{minutes_since_epoch(scheduled)}"
    if any(ref.get("name") == name for ref in status["active"]):
        return
    policy = cronjob.spec.get("concurrencyPolicy", "Allow")
    if policy == "Forbid" and status["active"]:
        ctx.record(cronjob, "Normal", "JobAlreadyActive",
                   "Not starting job because prior execution is running and concurrency policy is Forbid", SOURCE)
        return
    if policy == "Replace":
        for ref in status["active"]:
            delete_job(ctx, cronjob, ref.get("name"))
        status["active"] = []
    job = job_from_template(cronjob, name, scheduled)
    try:
        ctx.store.create(job)
    except StatusError as error:
        if error.reason != "AlreadyExists":
            ctx.record(cronjob, "Warning", "FailedCreate", f"Error creating job: {error.message}", SOURCE)
            return
    else:
        ctx.record(cronjob, "Normal", "SuccessfulCreate", f"Created job {name}", SOURCE)
        status["active"].append(job_reference(job))
    status["lastScheduleTime"] = rfc3339(scheduled)


def job_from_template(cronjob: KubeObject, name: str, scheduled: float) -> KubeObject:
    """`getJobFromTemplate2`: the template's labels and annotations, owned by the CronJob."""
    template = cronjob.spec.get("jobTemplate") or {}
    meta = template.get("metadata") or {}
    metadata = ObjectMeta(name=name, namespace=cronjob.namespace, labels=dict(meta.get("labels") or {}),
                          annotations=dict(meta.get("annotations") or {}),
                          owner_references=[controller_ref(cronjob)])
    return KubeObject("batch/v1", "Job", metadata, {"spec": thaw(template.get("spec") or {})})


def job_reference(job: KubeObject) -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "name": job.name, "namespace": job.namespace,
            "resourceVersion": str(job.metadata.resource_version), "uid": job.metadata.uid}


def delete_job(ctx: ControllerContext, cronjob: KubeObject, name: str) -> None:
    try:
        ctx.store.delete(JOBS, cronjob.namespace, name)
    except StatusError:
        return
    ctx.record(cronjob, "Normal", "SuccessfulDelete", f"Deleted job {name}", SOURCE)


def clean_up_history(ctx: ControllerContext, cronjob: KubeObject) -> None:
    """Keep the newest finished Jobs up to each history limit; delete the rest, oldest first."""
    succeeded_limit = cronjob.spec.get("successfulJobsHistoryLimit")
    failed_limit = cronjob.spec.get("failedJobsHistoryLimit")
    finished = [(job, finished_condition(job)) for job in owned_jobs(ctx, cronjob)]
    for kind, limit in (("Complete", succeeded_limit), ("Failed", failed_limit)):
        if limit is None:
            continue
        done = sorted((job for job, condition in finished if condition and condition["type"] == kind),
                      key=lambda job: (parse_rfc3339((job.body.get("status") or {}).get("startTime")) or 0, job.name))
        for job in done[:max(0, len(done) - int(limit))]:
            delete_job(ctx, cronjob, job.name)


def rfc1123z(moment: float) -> str:
    """Go's time.RFC1123Z: `Mon, 02 Jan 2006 15:04:05 -0700`."""
    from email.utils import format_datetime  # not at the top: it costs a command line's prompt 10 ms

    return format_datetime(datetime.fromtimestamp(moment, timezone.utc)).replace("-0000", "+0000")
