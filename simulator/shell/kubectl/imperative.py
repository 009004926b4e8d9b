"""Imperative commands: run, expose, scale, label, annotate (`create <generator>` is create.py)."""

from __future__ import annotations


from simulator.objects import KubeObject, ObjectMeta
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import create_common, mutation
from simulator.shell.kubectl.flags import Flag, FlagError, as_int, parse_flags
from simulator.shell.kubectl.resources import parse_resource_args, parse_selector
from simulator.shell.kubectl.run_attached import run_attached

RUN_FLAGS = (Flag("image"), Flag("port"), Flag("labels", "l"), Flag("restart"), Flag("env", "", True, True),
             Flag("command", "", False), Flag("rm", "", False), Flag("stdin", "i", False), Flag("tty", "t", False),
             Flag("dry-run"), Flag("output", "o"), Flag("image-pull-policy"))
EXPOSE_FLAGS = (Flag("port"), Flag("target-port"), Flag("type"), Flag("name"), Flag("selector"),
                Flag("protocol"), Flag("external-ip"), Flag("cluster-ip"), Flag("dry-run"), Flag("output", "o"))
SCALE_FLAGS = (Flag("replicas"), Flag("current-replicas"), Flag("all", "", False), Flag("selector", "l"),
               Flag("dry-run"), Flag("output", "o"), Flag("timeout"), Flag("resource-version"))
LABEL_FLAGS = (Flag("overwrite", "", False), Flag("all", "", False), Flag("selector", "l"), Flag("list", "", False),
               Flag("dry-run"), Flag("output", "o"), Flag("resource-version"), Flag("field-manager"))


def _created(ctx: ExecContext, obj: KubeObject, parsed, operation: str = "created") -> ToolResult:
    """Create (or dry-run) and print as every mutating verb does."""
    mutation.check_output(parsed)
    dry_run = mutation.dry_run_mode(parsed)
    if dry_run == "client":
        return mutation.printed(obj, parsed, operation, dry_run, ctx.store.types)
    stored = mutation.server_dry_run_create(ctx, obj) if dry_run == "server" else ctx.store.create(obj)
    return mutation.printed(stored, parsed, operation, dry_run, ctx.store.types)


def _required(flag: str) -> FlagError:
    return FlagError(f'error: required flag(s) "{flag}" not set')


def _parse_labels(text: str) -> dict[str, str]:
    labels = {}
    for part in filter(None, text.split(",")):
        key, _, value = part.partition("=")
        labels[key] = value
    return labels


def _container_ports(port) -> list[dict]:
    return [{"containerPort": as_int(port, "port", "run")}] if port else []


def run_pod(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, RUN_FLAGS, "run")
    if not parsed.positional:
        return ToolResult.failure("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n")
    if not parsed.get("image"):
        raise _required("image")
    name = parsed.positional[0]
    mutation.check_output(parsed)
    attached = bool(parsed.get("stdin"))
    if parsed.get("rm") and not attached:
        return ToolResult.failure("error: --rm should only be used for attached containers\n")
    if attached and mutation.dry_run_mode(parsed):
        return ToolResult.failure("error: --dry-run can't be used with attached containers options "
                                  "(--attach, --stdin, or --tty)\n")
    created = create_common.submit(ctx, pod_document(name, parsed), parsed)
    if not attached:
        return created
    return run_attached(ctx, name, parsed.get("namespace") or "default", created, bool(parsed.get("rm")),
                        bool(parsed.get("tty")))


def pod_document(name: str, parsed) -> dict:
    """generateversioned.BasicPod as kubectl 1.23's `run` builds it, serialised with Go's omitempty."""
    container: dict = {"image": parsed.get("image"), "name": name, "resources": {}}
    extra = parsed.command or parsed.positional[1:]
    if extra:
        container["command" if parsed.get("command") else "args"] = list(extra)
    if parsed.has("env"):
        container["env"] = [{"name": e.partition("=")[0], "value": e.partition("=")[2]} for e in parsed.get("env")]
    if parsed.get("image-pull-policy"):
        container["imagePullPolicy"] = parsed.get("image-pull-policy")
    if as_int(parsed.get("port", -1) or -1, "port", "run") > 0:
        container["ports"] = _container_ports(parsed.get("port"))
    labels = _parse_labels(parsed.get("labels")) if parsed.get("labels") else {"run": name}
    spec = {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": parsed.get("restart") or "Always"}
    # the generator sets no namespace (`-n` reaches the request, not the object)
    metadata = {"creationTimestamp": None, "labels": labels, "name": name}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata,
            "spec": spec, "status": {}}


def expose(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, EXPOSE_FLAGS, "expose")
    requests = parse_resource_args(parsed.positional, "expose")
    if not requests or not requests[0].names:
        return ToolResult.failure("error: You must provide one or more resources by argument or filename.\n")
    namespace = parsed.get("namespace") or "default"
    source = ctx.store.get(requests[0].rt, namespace, requests[0].names[0])
    selector = _exposed_selector(source, parsed.get("selector"))
    if selector is None:
        return ToolResult.failure(f"error: cannot expose a {source.kind}\n")
    port = parsed.get("port") or _introspect_port(source)
    if port is None:
        return ToolResult.failure("error: couldn't find port via --port flag or introspection\n"
                                  "See 'kubectl expose -h' for help and examples\n")
    port_number = as_int(port, "port", "expose")
    target = parsed.get("target-port")
    entry = {"port": port_number, "protocol": parsed.get("protocol") or "TCP",
             "targetPort": (int(target) if str(target).isdigit() else target) if target else port_number}
    spec = {"ports": [entry], "selector": selector, "type": parsed.get("type") or "ClusterIP"}
    # generate/versioned/service.go (ServiceGeneratorV2): --cluster-ip (None: headless), --external-ip
    if parsed.get("cluster-ip"):
        spec["clusterIP"] = parsed.get("cluster-ip")
    if parsed.get("external-ip"):
        spec["externalIPs"] = [parsed.get("external-ip")]
    name = parsed.get("name") or source.name
    service = KubeObject("v1", "Service", ObjectMeta(name, namespace, labels=dict(source.labels)), {"spec": spec})
    return _created(ctx, service, parsed, "exposed")


def _exposed_selector(source: KubeObject, override: str | None) -> dict | None:
    if override:
        return _parse_labels(override)
    if source.kind == "Pod":
        return dict(source.labels) or None
    if source.kind == "Service":
        return dict(source.spec.get("selector") or {}) or None
    if source.kind in ("ReplicaSet", "Deployment"):
        return dict((source.spec.get("selector") or {}).get("matchLabels") or {}) or None
    return None


def _introspect_port(source: KubeObject):
    if source.kind == "Service":
        ports = source.spec.get("ports") or []
        return ports[0].get("port") if ports else None
    spec = source.spec if source.kind == "Pod" else (source.spec.get("template") or {}).get("spec") or {}
    for container in spec.get("containers") or []:
        for port in container.get("ports") or []:
            return port.get("containerPort")
    return None


def scale(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, SCALE_FLAGS, "scale")
    if not parsed.has("replicas"):
        raise _required("replicas")
    replicas = as_int(parsed.get("replicas"), "replicas", "scale")
    mutation.check_output(parsed)
    dry_run = mutation.dry_run_mode(parsed)
    if replicas < 0:
        return ToolResult.failure("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n")
    namespace = parsed.get("namespace") or "default"
    result = ToolResult()
    for request in parse_resource_args(parsed.positional, "scale"):
        if request.rt.kind not in ("ReplicaSet", "Deployment", "StatefulSet"):
            return ToolResult.failure(f'error: no scaler has been implemented for {{"" "{request.rt.kind}"}}\n')
        for name in request.names:
            obj = ctx.store.get(request.rt, namespace, name)
            updated = obj.clone()
            updated.spec["replicas"] = replicas
            stored = mutation.write_update(ctx, updated, dry_run)
            result.out(mutation.printed(stored, parsed, "scaled", dry_run, ctx.store.types).stdout)
    if not result.stdout:
        return ToolResult.failure("error: resource(s) were provided, but no name was specified\n")
    return result


def label(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _set_metadata(ctx, argv[1:], "labels", "label")


def annotate(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _set_metadata(ctx, argv[1:], "annotations", "annotate")


def _chosen_names(ctx: ExecContext, requests: list, namespace: str, parsed) -> list[tuple]:
    """(request, names) as the builder's ResourceTypeOrNameArgs picks them (label.go, annotate.go):
    the names given, or with `--all` / `-l` every object of the type in the namespace."""
    select_all, selector = bool(parsed.get("all")), str(parsed.get("selector") or "").strip()
    if select_all and selector:
        raise FlagError("error: cannot set --all and --selector at the same time")
    if not (select_all or selector):
        if any(not request.names for request in requests):
            raise FlagError("error: resource(s) were provided, but no name, label selector, or --all flag specified")
        return [(request, request.names) for request in requests]
    if any(request.names for request in requests):
        raise FlagError("error: name cannot be provided when a selector is specified")
    label_selector = parse_selector(selector) if selector else None
    store = ctx.store
    return [(request, [obj.name for obj in store.list(request.rt, namespace, label_selector)]) for request in requests]


def _set_metadata(ctx: ExecContext, args: list[str], field: str, command: str) -> ToolResult:
    parsed = parse_flags(args, LABEL_FLAGS, command)
    changes = [a for a in parsed.positional if "=" in a or a.endswith("-")]
    targets = [a for a in parsed.positional if a not in changes]
    if not changes:
        return ToolResult.failure(f"error: at least one {field[:-1]} update is required\n"
                                  f"See 'kubectl {command} -h' for help and examples\n")
    mutation.check_output(parsed)
    dry_run = mutation.dry_run_mode(parsed)
    namespace = parsed.get("namespace") or "default"
    result = ToolResult()
    for request, names in _chosen_names(ctx, parse_resource_args(targets, command, ctx.store.types), namespace, parsed):
        for name in names:
            obj = ctx.store.get(request.rt, namespace, name).clone()
            values = getattr(obj.metadata, field)
            for change in changes:
                if change.endswith("-") and "=" not in change:
                    values.pop(change[:-1], None)
                    continue
                key, _, value = change.partition("=")
                if key in values and values[key] != value and not parsed.get("overwrite"):
                    return ToolResult.failure(f"error: '{key}' already has a value ({values[key]}), and --overwrite is false\n")
                values[key] = value
            stored = mutation.write_update(ctx, obj, dry_run)
            removed_only = all(c.endswith("-") and "=" not in c for c in changes)
            verb = {"label": "labeled", "annotate": "annotated"}[command]
            result.out(mutation.printed(stored, parsed, "un" + verb if removed_only else verb, dry_run, ctx.store.types).stdout)
    return result
