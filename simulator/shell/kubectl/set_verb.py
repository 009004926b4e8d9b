"""`kubectl set image|env`: change a workload's pod template (kubectl 1.23 pkg/cmd/set).

`--record` writes the command line into `kubernetes.io/change-cause` as kubectl's recorder
does (`strings.Join(os.Args, " ")`) and warns that the flag is deprecated (cobra's
MarkDeprecated text on stderr). The template is found at spec.template for the workload kinds.
"""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import mutation
from simulator.shell.kubectl.flags import Flag, FlagError, as_bool, parse_flags
from simulator.shell.kubectl.resources import parse_resource_args

CHANGE_CAUSE = "kubernetes.io/change-cause"
RECORD_DEPRECATED = "Flag --record has been deprecated, --record will be removed in the future\n"
SET_FLAGS = (Flag("record", "", False), Flag("all", "", False), Flag("selector", "l"), Flag("dry-run"),
             Flag("output", "o"), Flag("containers", "c"), Flag("local", "", False), Flag("filename", "f", True, True))
WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Pod", "ReplicationController", "Job")
USAGE = {"image": "error: at least one image update is required",
         "env": "error: at least one environment variable must be provided"}


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if len(argv) < 2 or argv[1] not in USAGE:
        return ToolResult.failure('error: "kubectl set" needs a subcommand: image or env '
                                  '(resources, selector, serviceaccount and subject are not simulated by KubeGrade yet)\n')
    sub, args = argv[1], argv[2:]
    parsed = parse_flags(args, SET_FLAGS, f"set {sub}")
    record = as_bool(parsed.get("record", False), "record") if parsed.has("record") else False
    words = [word for word in parsed.positional]
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
            error = apply_image(spec, changes) if sub == "image" else apply_env(spec, changes, container_filter)
            if error:
                result.err(error)
                result.exit_code = 1
                return result
            if record:
                changed.metadata.annotations[CHANGE_CAUSE] = " ".join(["kubectl", *argv])
            stored = mutation.write_update(ctx, changed, dry_run)
            operation = "image updated" if sub == "image" else "env updated"
            result.out(mutation.printed(stored, parsed, operation, dry_run, ctx.store.types).stdout)
    return result


def containers_of(spec: dict) -> list[dict]:
    return [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]


def apply_image(spec: dict, changes: list[str]) -> str:
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
