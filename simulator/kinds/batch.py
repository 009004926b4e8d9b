"""Job and CronJob (batch/v1), stored with the API server's defaults; their controllers are
`controllers/job.py` and `controllers/cronjob.py`.

Defaulting from `pkg/apis/batch/v1/defaults.go` (parallelism and completions 1, backoffLimit
6, NonIndexed, not suspended; a CronJob's Allow policy and history limits 3 and 1);
validation from `pkg/apis/batch/validation` (a pod template whose restartPolicy is
OnFailure or Never, a schedule); tables from `printers.go printJob` and `printCronJob`.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import FieldError
from simulator.kinds.cron_schedule import ScheduleError, parse_schedule
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column, RowContext, pod_template_columns, timestamp_age
from simulator.printers.duration import age
from simulator.printers.formats import parse_rfc3339
from simulator.registry.strategies.pod import default_pod_spec, validate_pod_spec
from simulator.registry.strategy import Strategy

JOB = ResourceType("jobs", "job", "Job", "batch", "v1", True)
CRONJOB = ResourceType("cronjobs", "cronjob", "CronJob", "batch", "v1", True, ("cj",))
RESTART_POLICIES = ("OnFailure", "Never")


def default_job_spec(spec: dict, name: str) -> None:
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    template = spec.setdefault("template", {})
    labels = template.setdefault("metadata", {}).setdefault("labels", {})
    labels.setdefault("job-name", name)
    default_pod_spec(template.setdefault("spec", {}))


def validate_job_template(spec: dict, path: str) -> list[FieldError]:
    pod_spec = (spec.get("template") or {}).get("spec") or {}
    errors = validate_pod_spec(pod_spec, f"{path}.template.spec")
    policy = pod_spec.get("restartPolicy")
    if policy not in RESTART_POLICIES:
        errors.append(FieldError("Unsupported value", f"{path}.template.spec.restartPolicy", policy,
                                 'supported values: "OnFailure", "Never"'))
    return errors


class JobStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        default_job_spec(obj.body.setdefault("spec", {}), obj.name)

    def validate(self, obj: KubeObject) -> list[FieldError]:
        return validate_job_template(obj.body.get("spec") or {}, "spec")

    def allocate(self, obj: KubeObject, store) -> None:
        """`generateSelector` (pkg/registry/batch/job/strategy.go): without `manualSelector` the
        pods are labelled `controller-uid` and `job-name` and the selector is the uid."""
        obj.metadata.uid = obj.metadata.uid or store.new_uid()
        spec = obj.body["spec"]
        if spec.get("manualSelector"):
            return
        labels = spec["template"]["metadata"]["labels"]
        labels.update({"controller-uid": obj.metadata.uid, "job-name": obj.name})
        spec["selector"] = {"matchLabels": {"controller-uid": obj.metadata.uid}}

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if (old.body.get("spec") or {}).get("template") != (new.body.get("spec") or {}).get("template"):
            return [FieldError("Invalid value", "spec.template", None, "field is immutable")]
        return []


class CronJobStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        spec = obj.body.setdefault("spec", {})
        spec.setdefault("concurrencyPolicy", "Allow")
        spec.setdefault("suspend", False)
        spec.setdefault("successfulJobsHistoryLimit", 3)
        spec.setdefault("failedJobsHistoryLimit", 1)
        job_spec = spec.setdefault("jobTemplate", {}).setdefault("spec", {})
        job_spec.setdefault("template", {}).setdefault("metadata", {})
        default_pod_spec(job_spec["template"].setdefault("spec", {}))

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors = []
        if not spec.get("schedule"):
            errors.append(FieldError("Required value", "spec.schedule"))
        else:
            try:
                parse_schedule(str(spec["schedule"]))
            except ScheduleError as error:
                errors.append(FieldError("Invalid value", "spec.schedule", spec["schedule"], str(error)))
        return errors + validate_job_template((spec.get("jobTemplate") or {}).get("spec") or {}, "spec.jobTemplate.spec")


def _completions(job: Any, ctx: RowContext) -> str:
    spec, status = job.body.get("spec") or {}, job.body.get("status") or {}
    succeeded = int(status.get("succeeded") or 0)
    if spec.get("completions") is not None:
        return f"{succeeded}/{spec['completions']}"
    parallelism = int(spec.get("parallelism") or 0)
    return f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"


def _duration(job: Any, ctx: RowContext) -> str:
    status = job.body.get("status") or {}
    start = parse_rfc3339(status.get("startTime"))
    if start is None:
        return ""
    end = parse_rfc3339(status.get("completionTime"))
    return age(ctx.now, start) if end is None else age(end, start)


def _job_template(obj: Any) -> dict:
    return (obj.body.get("spec") or {}).get("template") or {}


def _cron_template(obj: Any) -> dict:
    return (((obj.body.get("spec") or {}).get("jobTemplate") or {}).get("spec") or {}).get("template") or {}


def _bool_pointer(value: Any) -> str:
    """`printBoolPtr`: True/False, `<unset>` when the field is absent."""
    return "<unset>" if value is None else ("True" if value else "False")


JOB_KIND = Kind(
    resource=JOB,
    strategy=JobStrategy(),
    categories=("all",),
    columns=(NAME, Column("Completions", _completions), Column("Duration", _duration), AGE,
             *pod_template_columns(_job_template, lambda j: (j.body.get("spec") or {}).get("selector"))),
)
CRONJOB_KIND = Kind(
    resource=CRONJOB,
    strategy=CronJobStrategy(),
    categories=("all",),
    columns=(NAME,
             Column("Schedule", lambda c, ctx: str((c.body.get("spec") or {}).get("schedule") or "")),
             Column("Suspend", lambda c, ctx: _bool_pointer((c.body.get("spec") or {}).get("suspend"))),
             Column("Active", lambda c, ctx: str(len((c.body.get("status") or {}).get("active") or []))),
             Column("Last Schedule", lambda c, ctx: timestamp_age((c.body.get("status") or {}).get("lastScheduleTime"),
                                                                   ctx, "<none>")),
             AGE,
             *pod_template_columns(_cron_template,
                                   lambda c: (((c.body.get("spec") or {}).get("jobTemplate") or {}).get("spec") or {}).get("selector"))),
)
