"""`kubectl auth can-i VERB [TYPE[/NAME] | URL] [--as USER] [--as-group G] [-n NS] [-A] [--list] [-q]`
(kubectl 1.23 `pkg/cmd/auth/cani.go`), asked of the RBAC authorizer as a SelfSubjectAccessReview
would be: `yes` (exit 0) or `no` (exit 1) with the authorizer's reason after ` - `; `--list` prints
the SelfSubjectRulesReview as kubectl does (rules broken down, compacted, sorted; get's tabwriter).

The admin's kubeconfig user (kubernetes-admin in system:masters) is allowed everything, as the API
server's privileged-group authorizer decides before RBAC; `--as` impersonates (a
`system:serviceaccount:<ns>:<name>` gets its account's groups).
"""

from __future__ import annotations

from simulator.apiserver.authn import ADMIN, user_named
from simulator.apiserver.rbac import Attributes, applicable_rules, authorize
from simulator.kinds.rbac import breakdown_rule, combine_resource_group, compact_rules, rule_string
from simulator.printers.tabwriter import GET_SETTINGS, render
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags

KNOWN_RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use",
                        "bind", "impersonate", "*", "approve", "sign", "escalate", "attest"}
KNOWN_URL_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}
FLAGS = (Flag("as"), Flag("as-group", "", True, True), Flag("all-namespaces", "A", False), Flag("list", "", False),
         Flag("quiet", "q", False), Flag("subresource"), Flag("no-headers", "", False))
USAGE = "Usage:\n  kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]\n"


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    if not args or args[0] != "can-i":
        if args and args[0] == "reconcile":
            return ToolResult.failure('error: "kubectl auth reconcile" is not simulated by KubeGrade yet\n')
        raise FlagError(f'error: unknown command "{args[0]}" for "kubectl auth"' if args else
                        'error: Required subcommand: can-i or reconcile')
    parsed = parse_flags(args[1:], FLAGS, "auth can-i")
    user = user_named(parsed.get("as"), tuple(parsed.get("as-group") or ())) if parsed.get("as") else ADMIN
    namespace = "" if parsed.get("all-namespaces") else (parsed.get("namespace") or "default")
    if parsed.get("list"):
        return _list(ctx, user, namespace, parsed)
    words = parsed.positional
    if len(words) not in (2, 3) and not (len(words) == 1 and False):
        raise FlagError(f"error: you must specify two or three arguments: verb, resource, and optional resourceName\n"
                        f"See 'kubectl auth can-i -h' for help and examples")
    result = ToolResult()
    verb = words[0]
    if words[1].startswith("/"):
        if verb not in KNOWN_URL_VERBS:
            result.err(f"Warning: verb '{verb}' is not a known verb\n")
        attrs = Attributes(verb, path=words[1])
    else:
        attrs = _resource_attributes(ctx, result, verb, words[1:], namespace, parsed.get("subresource") or "")
    allowed, reason = (True, "") if "system:masters" in user.groups else authorize(ctx.store, user, attrs)
    if parsed.get("quiet"):
        result.exit_code = 0 if allowed else 1
        return result
    if allowed:
        return result.out("yes\n")
    result.out("no" + (f" - {reason}" if reason else "") + "\n")
    result.exit_code = 1
    return result


def _resource_attributes(ctx, result: ToolResult, verb: str, words: list[str], namespace: str,
                         subresource: str) -> Attributes:
    kind, _, name = words[0].partition("/")
    name = name or (words[1] if len(words) > 1 else "")
    resource, _, group = kind.partition(".")
    rt = ctx.store.types.by_name(kind)
    if rt is not None:
        resource, group = rt.plural, rt.group
        if not rt.namespaced and namespace:
            where = f" in group '{group}'" if group else ""
            result.err(f"Warning: resource '{resource}' is not namespace scoped{where}\n")
    elif resource != "*":
        result.err(f"Warning: the server doesn't have a resource type '{kind}'\n")
    if verb not in KNOWN_RESOURCE_VERBS:
        result.err(f"Warning: verb '{verb}' is not a known verb\n")
    return Attributes(verb, resource, subresource, namespace, name, group)


def _list(ctx, user, namespace: str, parsed) -> ToolResult:
    rules = applicable_rules(ctx.store, user, namespace)[0]  # RBAC's RulesFor: every bound rule, repeats kept
    broken = [part for rule in rules for part in breakdown_rule(rule)]
    compacted = sorted(compact_rules(broken), key=rule_string)
    lines = [] if parsed.get("no-headers") else ["Resources\tNon-Resource URLs\tResource Names\tVerbs\n"]
    for rule in compacted:
        lines.append(f"{combine_resource_group(rule)}\t{_go_list(rule.get('nonResourceURLs'))}\t"
                     f"{_go_list(rule.get('resourceNames'))}\t{_go_list(rule.get('verbs'))}\n")
    return ToolResult().out(render("".join(lines), **GET_SETTINGS))


def _go_list(values) -> str:
    return "[" + " ".join(str(v) for v in values or []) + "]"
