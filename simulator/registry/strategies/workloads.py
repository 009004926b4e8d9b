"""ReplicaSets, Deployments and DaemonSets: selector/template agreement and replica bounds."""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.objects import KubeObject, match_label_selector
from simulator.registry.names import validate_labels
from simulator.registry.strategy import Strategy
from simulator.registry.strategies.pod import default_pod_spec, validate_pod_spec

class WorkloadStrategy(Strategy):
    has_replicas = True

    def default(self, obj: KubeObject) -> None:
        spec = obj.spec
        if self.has_replicas:
            spec.setdefault("replicas", 1)
        template = spec.setdefault("template", {})
        if isinstance(template, dict):
            default_pod_spec(template.setdefault("spec", {}))
            template.setdefault("metadata", {}).setdefault("creationTimestamp", None)

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.spec
        errors: list[FieldError] = []
        if self.has_replicas:
            replicas = spec.get("replicas")
            if not isinstance(replicas, int) or replicas < 0:
                errors.append(FieldError("Invalid value", "spec.replicas", replicas,
                                         "must be greater than or equal to 0"))
        selector = spec.get("selector")
        if not selector or not (selector.get("matchLabels") or selector.get("matchExpressions")):
            errors.append(FieldError("Required value", "spec.selector"))
            errors.append(FieldError("Invalid value", "spec.selector", {}, "empty selector is invalid for deployment")
                          if obj.kind == "Deployment" else FieldError("Invalid value", "spec.selector", {},
                                                                      "empty selector is invalid"))
            return errors
        errors += validate_labels(selector.get("matchLabels") or {}, "spec.selector.matchLabels")
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        errors += validate_labels(labels, "spec.template.metadata.labels")
        if not match_label_selector(selector, labels):
            errors.append(FieldError("Invalid value", "spec.template.metadata.labels", labels,
                                     "`selector` does not match template `labels`"))
        errors += validate_pod_spec(template.get("spec") or {}, "spec.template.spec")
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if old.kind != "ReplicaSet" and old.spec.get("selector") != new.spec.get("selector"):
            return [FieldError("Invalid value", "spec.selector", new.spec.get("selector"), "field is immutable")]
        return []


class ReplicaSetStrategy(WorkloadStrategy):
    pass


class DeploymentStrategy(WorkloadStrategy):
    def default(self, obj: KubeObject) -> None:
        super().default(obj)
        obj.spec.setdefault("revisionHistoryLimit", 10)
        obj.spec.setdefault("progressDeadlineSeconds", 600)
        strategy = obj.spec.setdefault("strategy", {"type": "RollingUpdate"})
        if strategy.get("type") == "RollingUpdate":
            strategy.setdefault("rollingUpdate", {"maxSurge": "25%", "maxUnavailable": "25%"})


class DaemonSetStrategy(WorkloadStrategy):
    has_replicas = False
