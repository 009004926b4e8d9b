"""`kubectl create role|rolebinding|clusterrole|clusterrolebinding` (`pkg/cmd/create/create_role.go`, `create_rolebinding.go`):
resources resolved through the registered kinds, as kubectl's RESTMapper does through discovery."""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_name
from simulator.shell.kubectl import create_common as common
from simulator.shell.kubectl.flags import Flag, FlagError

RBAC_VERBS = ("*", "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use",
              "bind", "escalate", "impersonate")


def create_role(ctx: ExecContext, args: list[str], kind: str = "Role") -> ToolResult:
    command = f"create {kind.lower()}"
    cluster_flags = (Flag("non-resource-url", "", True, True), Flag("aggregation-rule")) if kind == "ClusterRole" else ()
    parsed = common.parse(args, (Flag("verb", "", True, True), Flag("resource", "", True, True),
                           Flag("resource-name", "", True, True), *cluster_flags), command)
    name = common.one_name(parsed, command)
    verbs = parsed.get("verb") or []
    resources = parsed.get("resource") or []
    urls = parsed.get("non-resource-url") or [] if kind == "ClusterRole" else []
    aggregation = parsed.get("aggregation-rule") if kind == "ClusterRole" else None
    if aggregation:
        return _aggregated_cluster_role(ctx, name, aggregation, parsed)
    if not verbs:
        raise FlagError("error: at least one verb must be specified")
    if not resources and not urls:
        raise FlagError("error: at least one resource must be specified" if kind == "Role" else
                        "error: one of resource or nonResourceURL must be specified")
    for verb in verbs:
        if verb not in RBAC_VERBS:
            raise FlagError(f"error: invalid verb: '{verb}'")
    groups: dict[str, list[str]] = {}
    for resource in resources:
        plural, _, sub = resource.partition("/")
        rt = by_name(plural)
        if rt is None:
            raise FlagError(f'error: the server doesn\'t have a resource type "{plural}"')
        groups.setdefault(rt.group, []).append(rt.plural + (f"/{sub}" if sub else ""))
    rules = []
    for group, names in groups.items():
        rule: dict = {"apiGroups": [group], "resources": names}
        if parsed.get("resource-name"):
            rule["resourceNames"] = list(parsed.get("resource-name"))
        rule["verbs"] = list(verbs)
        rules.append(rule)
    if urls:
        rules.append({"nonResourceURLs": list(urls), "verbs": list(verbs)})
    document = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": common.meta(name, parsed),
                "rules": rules}
    return common.submit(ctx, document, parsed)


def create_cluster_role(ctx: ExecContext, args: list[str]) -> ToolResult:
    """`create_clusterrole.go`: a Role's flags plus `--non-resource-url` and `--aggregation-rule`."""
    return create_role(ctx, args, "ClusterRole")


def _aggregated_cluster_role(ctx: ExecContext, name: str, aggregation: str, parsed) -> ToolResult:
    labels = {}
    for pair in aggregation.split(","):
        key, sep, value = pair.partition("=")
        if not sep:
            raise FlagError(f"error: invalid aggregation rule: {aggregation}")
        labels[key.strip()] = value.strip()
    document = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": common.meta(name, parsed),
                "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": labels}]}, "rules": None}
    return common.submit(ctx, document, parsed)


def create_role_binding(ctx: ExecContext, args: list[str], kind: str = "RoleBinding") -> ToolResult:
    command = f"create {kind.lower()}"
    role_flags = (Flag("clusterrole"),) if kind == "ClusterRoleBinding" else (Flag("role"), Flag("clusterrole"))
    parsed = common.parse(args, (*role_flags, Flag("user", "", True, True),
                           Flag("group", "", True, True), Flag("serviceaccount", "", True, True)), command)
    name = common.one_name(parsed, command)
    role, cluster_role = parsed.get("role") if kind == "RoleBinding" else None, parsed.get("clusterrole")
    if kind == "ClusterRoleBinding" and not cluster_role:
        raise FlagError('Error: required flag(s) "clusterrole" not set')
    if bool(role) == bool(cluster_role):
        raise FlagError("error: exactly one of clusterrole or role must be specified")
    subjects = [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}
                for user in parsed.get("user") or []]
    subjects += [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": group}
                 for group in parsed.get("group") or []]
    for account in parsed.get("serviceaccount") or []:
        namespace, sep, account_name = account.partition(":")
        if not sep or not namespace or not account_name:
            raise FlagError("error: serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": account_name, "namespace": namespace})
    document: dict = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
                      "metadata": common.meta(name, parsed),
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role" if role else "ClusterRole",
                                  "name": role or cluster_role}}
    if subjects:
        document["subjects"] = subjects
    return common.submit(ctx, document, parsed)


def create_cluster_role_binding(ctx: ExecContext, args: list[str]) -> ToolResult:
    """`create_clusterrolebinding.go`: `--clusterrole` (required) and the subjects."""
    return create_role_binding(ctx, args, "ClusterRoleBinding")
