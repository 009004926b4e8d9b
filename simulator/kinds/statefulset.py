"""StatefulSet (apps/v1), stored with the API server's defaults, run by controllers/statefulset.py.

Defaulting from `pkg/apis/apps/v1/defaults.go` (SetDefaults_StatefulSet: OrderedReady,
RollingUpdate with partition 0, one replica, revisionHistoryLimit 10, the template's pod
defaults; claim templates Filesystem); validation from `pkg/apis/apps/validation` (a selector
matching the template's labels, restartPolicy Always, a known pod management policy); the table
from `printers.go printStatefulSet` (NAME READY AGE, wide CONTAINERS IMAGES).
"""

from __future__ import annotations

from typing import Any

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column, RowContext, pod_template_columns
from simulator.registry.strategies.pod import default_pod_spec, validate_pod_spec
from simulator.registry.strategy import Strategy

STATEFULSET = ResourceType("statefulsets", "statefulset", "StatefulSet", "apps", "v1", True, ("sts",))
POLICIES = ("OrderedReady", "Parallel")


class StatefulSetStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        spec = obj.body.setdefault("spec", {})
        spec.setdefault("replicas", 1)
        spec.setdefault("podManagementPolicy", "OrderedReady")
        strategy = spec.setdefault("updateStrategy", {})
        strategy.setdefault("type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate":
            strategy.setdefault("rollingUpdate", {}).setdefault("partition", 0)
        spec.setdefault("revisionHistoryLimit", 10)
        # persistentVolumeClaimRetentionPolicy stays unset: the StatefulSetAutoDeletePVC gate is off in 1.23
        template = spec.setdefault("template", {})
        template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        default_pod_spec(template.setdefault("spec", {}))
        for claim in spec.get("volumeClaimTemplates") or []:
            claim.setdefault("metadata", {}).setdefault("creationTimestamp", None)
            claim.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
            claim.setdefault("status", {"phase": "Pending"})

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors: list[FieldError] = []
        policy = spec.get("podManagementPolicy")
        if policy not in POLICIES:
            errors.append(FieldError("Unsupported value", "spec.podManagementPolicy", policy,
                                     'supported values: "OrderedReady", "Parallel"'))
        if int(spec.get("replicas") or 0) < 0:
            errors.append(FieldError("Invalid value", "spec.replicas", spec.get("replicas"),
                                     "must be greater than or equal to 0"))
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        if not selector and not (spec.get("selector") or {}).get("matchExpressions"):
            errors.append(FieldError("Invalid value", "spec.selector", spec.get("selector") or {},
                                     "empty selector is invalid for statefulset"))
        elif any(labels.get(key) != value for key, value in selector.items()):
            errors.append(FieldError("Invalid value", "spec.template.metadata.labels", labels,
                                     "`selector` does not match template `labels`"))
        pod_spec = template.get("spec") or {}
        errors.extend(validate_pod_spec(pod_spec, "spec.template.spec"))
        if pod_spec.get("restartPolicy") != "Always":
            errors.append(FieldError("Unsupported value", "spec.template.spec.restartPolicy",
                                     pod_spec.get("restartPolicy"), 'supported values: "Always"'))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        """ValidateStatefulSetUpdate: only these spec fields may change."""
        mutable = ("replicas", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds")
        before = {k: v for k, v in (old.body.get("spec") or {}).items() if k not in mutable}
        after = {k: v for k, v in (new.body.get("spec") or {}).items() if k not in mutable}
        if before != after:
            return [FieldError("Forbidden", "spec", None,
                               "updates to statefulset spec for fields other than 'replicas', 'template', "
                               "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
                               "are forbidden")]
        return []


def _ready(obj: Any, ctx: RowContext) -> str:
    spec, status = obj.body.get("spec") or {}, obj.body.get("status") or {}
    return f"{int(status.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}"


def _template(obj: Any) -> dict:
    return (obj.body.get("spec") or {}).get("template") or {}


KIND = Kind(
    resource=STATEFULSET,
    strategy=StatefulSetStrategy(),
    categories=("all",),
    columns=(NAME, Column("Ready", _ready), AGE,
             *pod_template_columns(_template, lambda s: (s.body.get("spec") or {}).get("selector"))[:2]),
)
