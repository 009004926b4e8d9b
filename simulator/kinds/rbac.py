"""Role and RoleBinding (rbac.authorization.k8s.io/v1), stored and printed; nothing enforces them yet.

Tables from `printers.go printRole` (NAME, CREATED AT in RFC 3339 UTC) and
`printRoleBinding` (NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS); validation from
`pkg/apis/rbac/validation` (a rule needs verbs; a binding's roleRef is required and fixed).
"""

from __future__ import annotations

from simulator.clock import rfc3339
from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

GROUP = "rbac.authorization.k8s.io"
ROLE = ResourceType("roles", "role", "Role", GROUP, "v1", True)
ROLE_BINDING = ResourceType("rolebindings", "rolebinding", "RoleBinding", GROUP, "v1", True)


class RoleStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors = []
        for index, rule in enumerate(obj.body.get("rules") or []):
            if not (rule or {}).get("verbs"):
                errors.append(FieldError("Required value", f"rules[{index}].verbs", None, "verbs must contain at least one value"))
        return errors


class RoleBindingStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        ref = obj.body.get("roleRef") or {}
        errors = []
        if ref.get("kind") not in ("Role", "ClusterRole"):
            errors.append(FieldError("Unsupported value", "roleRef.kind", ref.get("kind") or "",
                                     'supported values: "Role", "ClusterRole"'))
        if not ref.get("name"):
            errors.append(FieldError("Required value", "roleRef.name"))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if old.body.get("roleRef") != new.body.get("roleRef"):
            return [FieldError("Invalid value", "roleRef", new.body.get("roleRef"), "cannot change roleRef")]
        return []


def _subjects(kind: str):
    def cell(binding, ctx) -> str:
        names = []
        for subject in binding.body.get("subjects") or []:
            if subject.get("kind") == kind:
                namespace = subject.get("namespace")
                names.append(f"{namespace}/{subject.get('name')}" if kind == "ServiceAccount" else str(subject.get("name")))
        return ", ".join(names)

    return cell


ROLE_KIND = Kind(
    resource=ROLE,
    strategy=RoleStrategy(),
    columns=(NAME, Column("Created At", lambda r, ctx: rfc3339(r.metadata.creation_timestamp))),
)
ROLE_BINDING_KIND = Kind(
    resource=ROLE_BINDING,
    strategy=RoleBindingStrategy(),
    columns=(NAME,
             Column("Role", lambda b, ctx: f"{(b.body.get('roleRef') or {}).get('kind')}/{(b.body.get('roleRef') or {}).get('name')}"),
             AGE,
             Column("Users", _subjects("User"), 1), Column("Groups", _subjects("Group"), 1),
             Column("ServiceAccounts", _subjects("ServiceAccount"), 1)),
)
