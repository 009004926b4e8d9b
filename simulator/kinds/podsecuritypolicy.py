"""PodSecurityPolicy (policy/v1beta1, cluster-scoped, `psp`), stored and printed; no admission plugin
enforces it (kubespray leaves PodSecurityPolicy admission off, as the course's cluster runs).

Every request to policy/v1beta1 PodSecurityPolicy gets the API server's deprecation warning
(`k8s.io/api/policy/v1beta1` `APILifecycleDeprecated` 1.21, `APILifecycleRemoved` 1.25), which
kubectl prints as `Warning: ...` once per command, as the course's MetalLB install shows. Table from
`printers.go printPodSecurityPolicy` (NAME PRIV CAPS SELINUX RUNASUSER FSGROUP SUPGROUP
READONLYROOTFS VOLUMES); validation of the strategies' rules from `pkg/apis/policy/validation`.
"""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("podsecuritypolicies", "podsecuritypolicy", "PodSecurityPolicy", "policy", "v1beta1", False,
                        ("psp",))
DEPRECATION = "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+"
RULES = {
    "seLinux": ("MustRunAs", "RunAsAny"),
    "runAsUser": ("MustRunAs", "MustRunAsNonRoot", "RunAsAny"),
    "supplementalGroups": ("MustRunAs", "RunAsAny", "MayRunAs"),
    "fsGroup": ("MustRunAs", "RunAsAny", "MayRunAs"),
}


class PodSecurityPolicyStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors = []
        for field, allowed in RULES.items():
            rule = (spec.get(field) or {}).get("rule")
            if rule not in allowed:
                supported = ", ".join(f'"{value}"' for value in allowed)
                errors.append(FieldError("Unsupported value", f"spec.{field}.rule", rule or "",
                                         f"supported values: {supported}"))
        return errors


def _spec(obj: KubeObject) -> dict:
    return obj.body.get("spec") or {}


def _rule(field: str):
    return lambda obj, ctx: str((_spec(obj).get(field) or {}).get("rule", ""))


KIND = Kind(
    resource=RESOURCE,
    strategy=PodSecurityPolicyStrategy(),
    columns=(NAME,
             Column("Priv", lambda p, ctx: "true" if _spec(p).get("privileged") else "false"),
             Column("Caps", lambda p, ctx: ",".join(str(c) for c in _spec(p).get("allowedCapabilities") or [])),
             Column("SELinux", _rule("seLinux")), Column("RunAsUser", _rule("runAsUser")),
             Column("FsGroup", _rule("fsGroup")), Column("SupGroup", _rule("supplementalGroups")),
             Column("ReadOnlyRootFs", lambda p, ctx: "true" if _spec(p).get("readOnlyRootFilesystem") else "false"),
             Column("Volumes", lambda p, ctx: ",".join(str(v) for v in _spec(p).get("volumes") or []))),
    deprecation=DEPRECATION,
)
