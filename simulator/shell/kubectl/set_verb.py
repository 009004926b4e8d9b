"""`kubectl set image|env|resources`: change a workload's pod template (kubectl 1.23 pkg/cmd/set).

`set resources` merges `--limits`/`--requests` (`cpu=100m,memory=256Mi`, parsed as
generateversioned.HandleResourceRequirementsV1 parses them) into each selected container's
resources, as set_resources.go does, and prints nothing when that changes nothing (an empty patch).
`--record` writes the command line into `kubernetes.io/change-cause` as kubectl's recorder
does (`strings.Join(os.Args, " ")`) and warns that the flag is deprecated (cobra's
MarkDeprecated text on stderr). The template is found at spec.template for the workload kinds.
"""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.printers.quantity import canonical, parse_quantity
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import mutation
from simulator.shell.kubectl.flags import Flag, FlagError, as_bool, parse_flags
from simulator.shell.kubectl.resources import parse_resource_args

CHANGE_CAUSE = "kubernetes.io/change-cause"
RECORD_DEPRECATED = "Flag --record has been deprecated, --record will be removed in the future\n"
SET_FLAGS = (Flag("record", "", False), Flag("all", "", False), Flag("selector", "l"), Flag("dry-run"),
             Flag("output", "o"), Flag("containers", "c"), Flag("local", "", False), Flag("filename", "f", True, True),
             Flag("limits"), Flag("requests"))
WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Pod", "ReplicationController", "Job")
USAGE = {"image": "error: at least one image update is required",
         "env": "error: at least one environment variable must be provided",
         "resources": "error: you must specify an update to requests or limits (in the form of --requests/--limits)"}
OPERATIONS = {"image": "image updated", "env": "env updated", "resources": "resource requirements updated"}
# apimachinery resource.ErrFormatWrong
QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if len(argv) < 2 or argv[1] not in USAGE:
        return ToolResult.failure('error: "kubectl set" needs a subcommand: image, env or resources '
                                  '(selector, serviceaccount and subject are not simulated by KubeGrade yet)\n')
    sub, args = argv[1], argv[2:]
    parsed = parse_flags(args, SET_FLAGS, f"set {sub}")
    record = as_bool(parsed.get("record", False), "record") if parsed.has("record") else False
    words = [word for word in parsed.positional]
    if sub == "resources":
        changes, targets = resource_changes(parsed), words
    else:
        changes = [word for word in words if "=" in word or (sub == "env" and word.endswith("-"))]
        targets = [word for word in words if word not in changes]
    if not changes:
        raise FlagError(USAGE[sub])
    dry_run = mutation.dry_run_mode(parsed)
    namespace = parsed.get("namespace") or "default"
    result = ToolResult()
    if parsed.has("record"):
        result.err(RECORD_DEPRECATED)
    container_filter = str(parsed.get("containers") or "*")
    for request in parse_resource_args(targets, f"set {sub}", ctx.store.types):
        if request.rt.kind not in WORKLOADS:
            result.err(f'error: {request.rt.name} "{",".join(request.names)}" has no pod template\n')
            result.exit_code = 1
            return result
        for name in request.names:
            obj = ctx.store.get(request.rt, namespace, name)
            changed = obj.clone()
            spec = changed.body["spec"] if request.rt.kind == "Pod" else changed.spec.setdefault("template", {}).setdefault("spec", {})
            error = APPLIERS[sub](spec, changes, container_filter)
            if error:
                result.err(error)
                result.exit_code = 1
                return result
            if sub == "resources" and changed.spec == obj.spec:
                continue  # an empty patch: kubectl sends nothing and prints nothing
            if record:
                changed.metadata.annotations[CHANGE_CAUSE] = " ".join(["kubectl", *argv])
            stored = mutation.write_update(ctx, changed, dry_run)
            result.out(mutation.printed(stored, parsed, OPERATIONS[sub], dry_run, ctx.store.types).stdout)
    return result


def containers_of(spec: dict) -> list[dict]:
    return [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]


def resource_changes(parsed) -> list[tuple[str, dict[str, str]]]:
    """[("limits", {...}), ("requests", {...})] from the flags given (HandleResourceRequirementsV1)."""
    changes = []
    for kind in ("limits", "requests"):
        text = str(parsed.get(kind) or "")
        if text:
            changes.append((kind, resource_list(text)))
    return changes


def resource_list(text: str) -> dict[str, str]:
    """populateResourceListV1: `name=quantity` pairs, each quantity in its canonical form."""
    result = {}
    for statement in text.split(","):
        parts = statement.split("=")
        if len(parts) != 2:
            raise FlagError(f"error: Invalid argument syntax {statement}, expected <resource>=<value>")
        try:
            result[parts[0]] = canonical(parse_quantity(parts[1]))
        except ValueError:
            raise FlagError(f"error: {QUANTITY_FORMAT}") from None
    return result


def apply_resources(spec: dict, changes: list[tuple[str, dict[str, str]]], container_filter: str) -> str:
    """Each selected container's limits and requests merged with the ones given (set_resources.go Run)."""
    selected = [c for c in containers_of(spec) if container_filter in ("*", c.get("name"))]
    if not selected:
        return f"error: unable to find container named {container_filter}\n"
    for container in selected:
        resources = container.setdefault("resources", {})
        for kind, values in changes:
            resources[kind] = {**(resources.get(kind) or {}), **values}
    return ""


def apply_image(spec: dict, changes: list[str], container_filter: str = "*") -> str:
    """`NAME=IMAGE` per container (`*=IMAGE` for all), as set_image.go's updater matches them."""
    for change in changes:
        name, _, image = change.partition("=")
        matched = False
        for container in containers_of(spec):
            if name in ("*", container.get("name")):
                container["image"] = image
                matched = True
        if not matched:
            return f'error: unable to find container named "{name}"\n'
    return ""


def apply_env(spec: dict, changes: list[str], container_filter: str) -> str:
    """`KEY=VALUE` added or replaced, `KEY-` removed, in each container the filter matches."""
    for container in containers_of(spec):
        if container_filter not in ("*", container.get("name")):
            continue
        env = list(container.get("env") or [])
        for change in changes:
            if change.endswith("-") and "=" not in change:
                env = [item for item in env if item.get("name") != change[:-1]]
                continue
            key, _, value = change.partition("=")
            env = [item for item in env if item.get("name") != key] + [{"name": key, "value": value}]
        container["env"] = env
    return ""


APPLIERS = {"image": apply_image, "env": apply_env, "resources": apply_resources}
