"""The RBAC authorizer (`plugin/pkg/auth/authorizer/rbac/rbac.go`, v1.23) over the store.

ClusterRoleBindings are visited first, then the RoleBindings of the request's namespace; a
binding applies when a subject names the user, one of its groups, or its ServiceAccount (a
RoleBinding's ServiceAccount subject without a namespace means the binding's own). A binding
whose role is missing adds `<kind>.rbac.authorization.k8s.io "<name>" not found` to the reason
the Forbidden text carries after `RBAC: `. Rule matching follows `rbac/v1/evaluation_helpers.go`.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.apiserver.authn import User
from simulator.registry.kinds import by_kind


@dataclass(frozen=True)
class Attributes:
    """What a request asks to do (`authorizer.AttributesRecord`)."""

    verb: str
    resource: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    api_group: str = ""
    path: str = ""  # a non-resource request's path

    @property
    def resource_request(self) -> bool:
        return bool(self.resource)


def _verb_matches(rule: dict, verb: str) -> bool:
    return any(v in ("*", verb) for v in rule.get("verbs") or [])


def _group_matches(rule: dict, group: str) -> bool:
    return any(g in ("*", group) for g in rule.get("apiGroups") or [])


def _resource_matches(rule: dict, resource: str, subresource: str) -> bool:
    combined = f"{resource}/{subresource}" if subresource else resource
    for candidate in rule.get("resources") or []:
        if candidate == "*" or candidate == combined:
            return True
        if subresource and candidate == f"*/{subresource}":
            return True
    return False


def _name_matches(rule: dict, name: str) -> bool:
    names = rule.get("resourceNames") or []
    return not names or name in names


def _url_matches(rule: dict, path: str) -> bool:
    for pattern in rule.get("nonResourceURLs") or []:
        if pattern == "*" or pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            return True
    return False


def rule_allows(attrs: Attributes, rule: dict) -> bool:
    if attrs.resource_request:
        return (_verb_matches(rule, attrs.verb) and _group_matches(rule, attrs.api_group)
                and _resource_matches(rule, attrs.resource, attrs.subresource) and _name_matches(rule, attrs.name))
    return _verb_matches(rule, attrs.verb) and _url_matches(rule, attrs.path)


def _applies(subject: dict, user: User, binding_namespace: str) -> bool:
    kind = subject.get("kind")
    if kind == "User":
        return subject.get("name") == user.name
    if kind == "Group":
        return subject.get("name") in user.groups
    if kind == "ServiceAccount":
        namespace = subject.get("namespace") or binding_namespace
        return bool(namespace) and user.name == f"system:serviceaccount:{namespace}:{subject.get('name')}"
    return False


def _role_rules(store, ref: dict, namespace: str) -> tuple[list, str | None]:
    if ref.get("kind") == "ClusterRole":
        role = store.find(by_kind("ClusterRole"), None, str(ref.get("name")))
        missing = f'clusterrole.rbac.authorization.k8s.io "{ref.get("name")}" not found'
    else:
        role = store.find(by_kind("Role"), namespace, str(ref.get("name")))
        missing = f'role.rbac.authorization.k8s.io "{ref.get("name")}" not found'
    if role is None:
        return [], missing
    return list(role.body.get("rules") or []), None


def applicable_rules(store, user: User, namespace: str) -> tuple[list[dict], list[str]]:
    """Every rule bound to the user cluster-wide and in `namespace`, and the errors met on the way."""
    rules, errors = [], []
    bindings = [(b, "") for b in store.list(by_kind("ClusterRoleBinding"))]
    if namespace:
        bindings += [(b, namespace) for b in store.list(by_kind("RoleBinding"), namespace)]
    for binding, binding_ns in bindings:
        if not any(_applies(s or {}, user, binding_ns) for s in binding.body.get("subjects") or []):
            continue
        found, error = _role_rules(store, binding.body.get("roleRef") or {}, binding_ns)
        rules += found
        if error:
            errors.append(error)
    return rules, errors


def authorize(store, user: User, attrs: Attributes) -> tuple[bool, str]:
    """(allowed, reason): the reason is what a denial adds to the Forbidden message. system:masters
    is allowed before RBAC is asked (the API server's privileged-group authorizer)."""
    if "system:masters" in user.groups:
        return True, ""
    rules, errors = applicable_rules(store, user, attrs.namespace if attrs.resource_request else "")
    if any(rule_allows(attrs, rule) for rule in rules):
        return True, ""
    if not errors:
        return False, ""
    return False, "RBAC: " + (errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")


def forbidden_message(user: User, attrs: Attributes) -> str:
    """responsewriters' `forbiddenMessage`."""
    if not attrs.resource_request:
        return f'User "{user.name}" cannot {attrs.verb} path "{attrs.path}"'
    resource = f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
    if attrs.namespace:
        return (f'User "{user.name}" cannot {attrs.verb} resource "{resource}" in API group "{attrs.api_group}" '
                f'in the namespace "{attrs.namespace}"')
    return f'User "{user.name}" cannot {attrs.verb} resource "{resource}" in API group "{attrs.api_group}" at the cluster scope'
