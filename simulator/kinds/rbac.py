"""Role, ClusterRole, RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1); the
authorizer that enforces them is `simulator.apiserver.rbac`.

Tables from `printers.go printRole` (NAME, CREATED AT in RFC 3339 UTC) and
`printRoleBinding` (NAME ROLE AGE; wide USERS GROUPS SERVICEACCOUNTS); validation from
`pkg/apis/rbac/validation` (a rule needs verbs; a binding's roleRef is required and fixed; a
ClusterRoleBinding's ServiceAccount subject needs its namespace); describers from `describe.go`
(`RoleDescriber`: rules broken down per group and resource by kubectl's `rbac.BreakdownRule`,
simple ones merged by `CompactRules`, sorted by the rule's protobuf `String()`).
"""

from __future__ import annotations

from simulator.clock import rfc3339
from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.printers.describe_writer import DescribeWriter
from simulator.registry.strategy import Strategy

GROUP = "rbac.authorization.k8s.io"
ROLE = ResourceType("roles", "role", "Role", GROUP, "v1", True)
ROLE_BINDING = ResourceType("rolebindings", "rolebinding", "RoleBinding", GROUP, "v1", True)
CLUSTER_ROLE = ResourceType("clusterroles", "clusterrole", "ClusterRole", GROUP, "v1", False)
CLUSTER_ROLE_BINDING = ResourceType("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", GROUP, "v1", False)


class RoleStrategy(Strategy):
    name_rule = "path-segment"

    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors = []
        for index, rule in enumerate(obj.body.get("rules") or []):
            if not (rule or {}).get("verbs"):
                errors.append(FieldError("Required value", f"rules[{index}].verbs", None, "verbs must contain at least one value"))
        return errors


class RoleBindingStrategy(Strategy):
    name_rule = "path-segment"

    def validate(self, obj: KubeObject) -> list[FieldError]:
        ref = obj.body.get("roleRef") or {}
        errors = []
        if ref.get("kind") not in ("Role", "ClusterRole"):
            errors.append(FieldError("Unsupported value", "roleRef.kind", ref.get("kind") or "",
                                     'supported values: "Role", "ClusterRole"'))
        if not ref.get("name"):
            errors.append(FieldError("Required value", "roleRef.name"))
        for index, subject in enumerate(obj.body.get("subjects") or []):
            errors += _subject_errors(subject or {}, f"subjects[{index}]", obj.namespace is not None)
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if old.body.get("roleRef") != new.body.get("roleRef"):
            return [FieldError("Invalid value", "roleRef", new.body.get("roleRef"), "cannot change roleRef")]
        return []


def _subject_errors(subject: dict, path: str, namespaced: bool) -> list[FieldError]:
    """`ValidateRoleBindingSubject`."""
    errors = []
    if not subject.get("name"):
        errors.append(FieldError("Required value", f"{path}.name"))
    kind = subject.get("kind")
    if kind == "ServiceAccount":
        if subject.get("apiGroup"):
            errors.append(FieldError("Unsupported value", f"{path}.apiGroup", subject.get("apiGroup"), 'supported values: ""'))
        if not namespaced and not subject.get("namespace"):
            errors.append(FieldError("Required value", f"{path}.namespace"))
    elif kind in ("User", "Group"):
        if subject.get("apiGroup") != GROUP:
            errors.append(FieldError("Unsupported value", f"{path}.apiGroup", subject.get("apiGroup") or "",
                                     f'supported values: "{GROUP}"'))
    else:
        errors.append(FieldError("Unsupported value", f"{path}.kind", kind or "",
                                 'supported values: "ServiceAccount", "User", "Group"'))
    return errors


def _subjects(kind: str):
    def cell(binding, ctx) -> str:
        names = []
        for subject in binding.body.get("subjects") or []:
            if subject.get("kind") == kind:
                namespace = subject.get("namespace") or ""
                names.append(f"{namespace}/{subject.get('name')}" if kind == "ServiceAccount" else str(subject.get("name")))
        return ", ".join(names)

    return cell


def _go_list(values) -> str:
    """fmt's %v of a []string."""
    return "[" + " ".join(str(v) for v in values or []) + "]"


def breakdown_rule(rule: dict) -> list[dict]:
    """kubectl's `rbac.BreakdownRule`: one rule per group x resource (x resource name), one per URL."""
    rules = []
    names = list(rule.get("resourceNames") or [])
    verbs = list(rule.get("verbs") or [])
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            if names:
                rules += [{"apiGroups": [group], "resources": [resource], "resourceNames": [n], "verbs": verbs}
                          for n in names]
            else:
                rules.append({"apiGroups": [group], "resources": [resource], "verbs": verbs})
    rules += [{"nonResourceURLs": [url], "verbs": verbs} for url in rule.get("nonResourceURLs") or []]
    return rules


def compact_rules(rules: list[dict]) -> list[dict]:
    """kubectl's `rbac.CompactRules`: single group/resource rules differing only in verbs merge."""
    compacted, simple = [], {}
    for rule in rules:
        groups, resources, names = rule.get("apiGroups") or [], rule.get("resources") or [], rule.get("resourceNames") or []
        if len(names) > 1 or rule.get("nonResourceURLs") or len(groups) != 1 or len(resources) != 1:
            compacted.append(rule)
            continue
        key = (groups[0], resources[0], tuple(names))
        if key in simple:
            simple[key]["verbs"] += [v for v in rule.get("verbs") or [] if v not in simple[key]["verbs"]]
        else:
            simple[key] = {**rule, "verbs": list(rule.get("verbs") or [])}
    return compacted + list(simple.values())


def rule_string(rule: dict) -> str:
    """The generated `PolicyRule.String()` that `SortableRuleSlice` compares."""
    return (f"&PolicyRule{{Verbs:{_go_list(rule.get('verbs'))},APIGroups:{_go_list(rule.get('apiGroups'))},"
            f"Resources:{_go_list(rule.get('resources'))},ResourceNames:{_go_list(rule.get('resourceNames'))},"
            f"NonResourceURLs:{_go_list(rule.get('nonResourceURLs'))},}}")


def combine_resource_group(rule: dict) -> str:
    """describe.go's `CombineResourceGroup`."""
    parts = []
    for resource in rule.get("resources") or []:
        for group in rule.get("apiGroups") or []:
            parts.append(resource if group == "" else f"{resource}.{group}")
    return ", ".join(parts)


def describe_role(obj: KubeObject, ctx) -> str:
    rules = [part for rule in obj.body.get("rules") or [] for part in breakdown_rule(rule)]
    rules = sorted(compact_rules(rules), key=rule_string)
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for rule in rules:
        w.write(1, f"{combine_resource_group(rule)}\t{_go_list(rule.get('nonResourceURLs'))}\t"
                   f"{_go_list(rule.get('resourceNames'))}\t{_go_list(rule.get('verbs'))}\n")
    return w.text()


def describe_binding(obj: KubeObject, ctx) -> str:
    ref = obj.body.get("roleRef") or {}
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(1, f"Name:\t{ref.get('name', '')}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for subject in obj.body.get("subjects") or []:
        w.write(1, f"{subject.get('kind', '')}\t{subject.get('name', '')}\t{subject.get('namespace') or ''}\n")
    return w.text()


def _role_ref(binding, ctx) -> str:
    ref = binding.body.get("roleRef") or {}
    return f"{ref.get('kind')}/{ref.get('name')}"


ROLE_COLUMNS = (NAME, Column("Created At", lambda r, ctx: rfc3339(r.metadata.creation_timestamp)))
BINDING_COLUMNS = (NAME, Column("Role", _role_ref), AGE, Column("Users", _subjects("User"), 1),
                   Column("Groups", _subjects("Group"), 1), Column("ServiceAccounts", _subjects("ServiceAccount"), 1))
ROLE_KIND = Kind(resource=ROLE, strategy=RoleStrategy(), columns=ROLE_COLUMNS, describe=describe_role)
CLUSTER_ROLE_KIND = Kind(resource=CLUSTER_ROLE, strategy=RoleStrategy(), columns=ROLE_COLUMNS, describe=describe_role)
ROLE_BINDING_KIND = Kind(resource=ROLE_BINDING, strategy=RoleBindingStrategy(), columns=BINDING_COLUMNS,
                         describe=describe_binding)
CLUSTER_ROLE_BINDING_KIND = Kind(resource=CLUSTER_ROLE_BINDING, strategy=RoleBindingStrategy(),
                                 columns=BINDING_COLUMNS, describe=describe_binding)
