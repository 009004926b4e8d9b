"""`kubectl create role|rolebinding` (`pkg/cmd/create/create_role.go`, `create_rolebinding.go`):
resources resolved through the registered kinds, as kubectl's RESTMapper does through discovery."""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_name
from simulator.shell.kubectl import create_common as common
from simulator.shell.kubectl.flags import Flag, FlagError

RBAC_VERBS = ("*", "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use",
              "bind", "escalate", "impersonate")


def create_role(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (Flag("verb", "", True, True), Flag("resource", "", True, True),
                           Flag("resource-name", "", True, True)), "create role")
    name = common.one_name(parsed, "create role")
    verbs = parsed.get("verb") or []
    resources = parsed.get("resource") or []
    if not verbs:
        raise FlagError("error: at least one verb must be specified")
    if not resources:
        raise FlagError("error: at least one resource must be specified")
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
    document = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": common.meta(name, parsed),
                "rules": rules}
    return common.submit(ctx, document, parsed)


def create_role_binding(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (Flag("role"), Flag("clusterrole"), Flag("user", "", True, True),
                           Flag("group", "", True, True), Flag("serviceaccount", "", True, True)),
                    "create rolebinding")
    name = common.one_name(parsed, "create rolebinding")
    role, cluster_role = parsed.get("role"), parsed.get("clusterrole")
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
    document: dict = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                      "metadata": common.meta(name, parsed),
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role" if role else "ClusterRole",
                                  "name": role or cluster_role}}
    if subjects:
        document["subjects"] = subjects
    return common.submit(ctx, document, parsed)
