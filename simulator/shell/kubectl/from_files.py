"""`kubectl create|apply|replace|delete -f`: write what manifest files describe.

`create TYPE ...` without `-f` is in `imperative.py`, `delete TYPE NAME` in `delete.py`;
this module hands those over.

Apply keeps `kubectl.kubernetes.io/last-applied-configuration` and merges the manifest
over the live object: allocated values (ClusterIP, NodePorts) and labels added by
other commands survive, fields dropped from the manifest go away.
"""

from __future__ import annotations

import json

from simulator.errors import StatusError
from simulator.objects import KubeObject
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.decoding import decode_object
from simulator.registry.kinds import BUILT_IN, ResourceType, TypeRegistry
from simulator.shell.kubectl import sources
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags
from simulator.shell.kubectl import mutation
from simulator.shell.kubectl.resources import ResourceRequest
from simulator.frozen import thaw

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
FLAGS = (
    Flag("filename", "f", True, True), Flag("recursive", "R", False), Flag("output", "o"),
    Flag("dry-run"), Flag("validate"), Flag("save-config", "", False), Flag("selector", "l"),
    Flag("all", "", False), Flag("force", "", False), Flag("grace-period"), Flag("now", "", False),
    Flag("wait", "", True), Flag("record", "", False), Flag("all-namespaces", "A", False),
    Flag("ignore-not-found", "", False), Flag("cascade"), Flag("prune", "", False),
)
VERBS = {"create": "creating", "apply": "applying", "replace": "replacing", "delete": "deleting"}
NO_FILES = "error: must specify one of -f and -k\n"


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`apply|replace|create|delete -f FILE...`: argv[0] names the verb."""
    command = argv[0]
    parsed = parse_flags(argv[1:], FLAGS, command)
    mutation.check_output(parsed)
    if not parsed.has("filename"):
        return ToolResult.failure(NO_FILES)
    return run_on_files(ctx, command, parsed)


def run_on_files(ctx: ExecContext, command: str, parsed) -> ToolResult:
    result = ToolResult()
    try:
        files = sources.collect(ctx, parsed.get("filename"), ctx.stdin, bool(parsed.get("recursive")))
    except sources.SourceError as error:
        return ToolResult.failure(f"{error}\n")
    validate = parsed.get("validate", "true") not in ("false", False)
    namespace = parsed.get("namespace")
    for manifest in files:
        for obj_or_error in objects_in(manifest, validate, namespace, ctx.store.types):
            if isinstance(obj_or_error, str):
                result.err(obj_or_error + "\n")
                result.exit_code = 1
                continue
            apply_one(ctx, command, manifest.source, obj_or_error, parsed, result)
    if not files:
        result.err("error: no objects passed to " + command + "\n")
        result.exit_code = 1
    return result


def objects_in(manifest: sources.ManifestFile, validate: bool, namespace: str | None, types: TypeRegistry = BUILT_IN):
    """KubeObjects from one file, in kubectl's order, or kubectl's error text for what it cannot use.

    Decoding and client-side validation stream through the file as kubectl's visitor does:
    objects before a broken document are still applied, and the error is printed after them.
    """
    from simulator.shell.kubectl import manifests

    if sources.too_large(manifest.data):
        yield (f'error: error reading "{manifest.source}": file is larger than the '
               f'{sources.MAX_FILE_BYTES // (1024 * 1024)} MiB limit for one manifest')
        return
    read = manifests.read_manifest(manifest.data, manifest.source, validate=validate, types=types)
    for entry in read.entries:
        if entry.error is not None:
            yield str(entry.error)
            continue
        try:
            yield object_from_document(entry.obj, namespace, types)
        except FlagError as error:
            yield str(error)
        except StatusError as error:
            yield status_error_text(error, "creating", manifest.source)
    if read.stop is not None:
        yield str(read.stop)


def object_from_document(document: dict, namespace_flag: str | None, types: TypeRegistry = BUILT_IN) -> KubeObject:
    """The object kubectl sends for a document: the server decodes it, `-n` fills the namespace."""
    rt = types.by_kind(document.get("kind", ""), document.get("apiVersion"))
    namespace = (document.get("metadata") or {}).get("namespace")
    if namespace_flag and namespace and namespace != namespace_flag and rt and rt.namespaced:
        raise FlagError(f'error: the namespace from the provided object "{namespace}" does not match the namespace '
                        f'"{namespace_flag}". You must pass \'--namespace={namespace}\' to perform this operation.')
    obj = decode_object(document, types)
    if rt.namespaced:
        obj.metadata.namespace = obj.metadata.namespace or namespace_flag or "default"
    return obj


CASCADE = {"background": "Background", "true": "Background", "foreground": "Foreground",
           "orphan": "Orphan", "false": "Orphan"}


def cascade_propagation(parsed) -> str:
    """`--cascade` as `GetCascadingStrategy` reads it (a bare `--cascade` is background; true and
    false are the deprecated spellings, which kubectl 1.23 still takes with a warning)."""
    value = parsed.get("cascade")
    if value is None or value is True:
        return "Background"
    found = CASCADE.get(str(value).lower())
    if found is None:
        raise FlagError(f'error: invalid cascade value ({value}). Must be "background", "foreground", or "orphan".')
    return found


def apply_one(ctx: ExecContext, command: str, source: str, obj: KubeObject, parsed, result: ToolResult) -> None:
    rt = ctx.store.type_of(obj)
    verb_ing = VERBS[command]
    if not obj.name and not obj.metadata.generate_name:
        result.err(f'error: error when retrieving current configuration of:\nResource: "{rt.group_resource}", '
                   f'GroupVersionKind: "{obj.api_version}, Kind={obj.kind}"\nName: "", Namespace: "{obj.namespace or ""}"\n'
                   f'from server for: "{source}": resource name may not be empty\n')
        result.exit_code = 1
        return
    dry_run = mutation.dry_run_mode(parsed)
    warn_deprecated(ctx, obj, result)
    try:
        if command == "delete":
            if dry_run == "server":
                ctx.store.get(rt, obj.namespace, obj.name)
            elif dry_run is None:
                ctx.store.delete(rt, obj.namespace, obj.name, propagation=cascade_propagation(parsed))
            name_only = parsed.get("output") == "name"
            result.out(f"{rt.qualified}/{obj.name}\n" if name_only
                       else f'{rt.qualified} "{obj.name}" deleted{mutation.DRY_RUN_SUFFIX[dry_run]}\n')
            return
        if command == "create":
            stored, outcome = create_or_dry_run(ctx, obj, parsed, dry_run), "created"
        elif command == "replace":
            stored, outcome = replace(ctx, rt, obj, dry_run), "replaced"
        else:
            stored, outcome = apply(ctx, rt, obj, result, dry_run)
    except StatusError as error:
        if error.reason == "NotFound" and command == "delete" and parsed.get("ignore-not-found"):
            return
        result.err(status_error_text(error, verb_ing, source) + "\n")
        result.exit_code = 1
        return
    result.out(mutation.printed(stored, parsed, outcome, dry_run, ctx.store.types).stdout)


def warn_deprecated(ctx: ExecContext, obj: KubeObject, result: ToolResult) -> None:
    """The API server's deprecation warning for the object's version, printed once per command: kubectl's
    warning writer deduplicates (`rest.WarningWriterOptions{Deduplicate: true}`)."""
    kind = ctx.store.types.declared(obj.kind, obj.api_version)
    if kind is None or kind.deprecation is None or kind.resource.api_version != obj.api_version:
        return
    line = f"Warning: {kind.deprecation}\n"
    if line not in result.stderr:
        result.err(line)


def create_or_dry_run(ctx: ExecContext, obj: KubeObject, parsed, dry_run: str | None) -> KubeObject:
    if dry_run == "client":
        return obj
    if dry_run == "server":
        return mutation.server_dry_run_create(ctx, obj)
    return create(ctx, obj, bool(parsed.get("save-config")))


def create(ctx: ExecContext, obj: KubeObject, save_config: bool) -> KubeObject:
    if save_config:
        obj.metadata.annotations[LAST_APPLIED] = last_applied(obj)
    return ctx.store.create(obj)


def replace(ctx: ExecContext, rt: ResourceType, obj: KubeObject, dry_run: str | None = None) -> KubeObject:
    live = ctx.store.get(rt, obj.namespace, obj.name)
    obj.body.setdefault("status", thaw(live.body.get("status", {})))
    return mutation.write_update(ctx, obj, dry_run)


def apply(ctx: ExecContext, rt: ResourceType, obj: KubeObject, result: ToolResult,
          dry_run: str | None = None) -> tuple[KubeObject, str]:
    store = ctx.store
    live = store.find(rt, obj.namespace, obj.name)
    applied = last_applied(obj)
    if live is None:
        obj.metadata.annotations[LAST_APPLIED] = applied
        if dry_run == "client":
            return obj, "created"
        return (mutation.server_dry_run_create(ctx, obj) if dry_run else store.create(obj)), "created"
    previous = live.metadata.annotations.get(LAST_APPLIED)
    if previous is None:
        # apply.go prints info.ObjectName(): the plural without its group (slide 8's `deployments/dp-web`)
        result.err(f"Warning: resource {rt.plural}/{obj.name} is missing the {LAST_APPLIED} annotation which "
                   "is required by kubectl apply. kubectl apply should only be used on resources created declaratively "
                   "by either kubectl create --save-config or kubectl apply. The missing annotation will be patched "
                   "automatically.\n")
    merged = merge_onto_live(live, obj, previous)
    merged.metadata.annotations[LAST_APPLIED] = applied
    if previous == applied and _same(live, merged, store.types):
        return live, "unchanged"
    return mutation.write_update(ctx, merged, dry_run), "configured"


def merge_onto_live(live: KubeObject, obj: KubeObject, previous: str | None) -> KubeObject:
    """The manifest's fields over the live object's metadata; dropped labels removed."""
    merged = obj.clone()
    dropped_labels = set()
    if previous:
        try:
            dropped_labels = set((json.loads(previous).get("metadata") or {}).get("labels") or {}) - set(obj.labels)
        except ValueError:
            dropped_labels = set()
    labels = {k: v for k, v in live.labels.items() if k not in dropped_labels}
    labels.update(obj.labels)
    merged.metadata.labels = labels
    annotations = dict(live.metadata.annotations)
    annotations.update(obj.metadata.annotations)
    merged.metadata.annotations = annotations
    merged.body.setdefault("status", thaw(live.body.get("status", {})))
    return merged


def _same(live: KubeObject, merged: KubeObject, types: TypeRegistry) -> bool:
    candidate = merged.clone()
    types.strategy_for(candidate.kind, candidate.api_version).default(candidate)
    for field in ("clusterIP", "clusterIPs"):
        if field in live.spec and field not in candidate.spec:
            candidate.spec[field] = live.spec[field]
    for port, live_port in zip(_as_list(candidate.spec.get("ports")), _as_list(live.spec.get("ports"))):
        if isinstance(port, dict) and isinstance(live_port, dict) and "nodePort" in live_port and "nodePort" not in port:
            port["nodePort"] = live_port["nodePort"]
    return candidate.spec == live.spec and candidate.labels == live.labels


def _as_list(value) -> list:
    """A field the schema calls a list may hold anything in a kind that has no such field."""
    return value if isinstance(value, list) else []


def last_applied(obj: KubeObject) -> str:
    """The manifest as kubectl records it (`util.GetModifiedConfiguration`): Go's JSON, keys
    sorted, and an `annotations` map that is left empty once its own key is taken out."""
    from simulator.shell.kubectl.go_json import go_json

    document = {"apiVersion": obj.api_version, "kind": obj.kind}
    meta: dict = {"annotations": {k: v for k, v in obj.metadata.annotations.items() if k != LAST_APPLIED}}
    if obj.labels:
        meta["labels"] = dict(obj.labels)
    meta["name"] = obj.name
    if obj.namespace:
        meta["namespace"] = obj.namespace
    document["metadata"] = meta
    document.update({k: v for k, v in obj.body.items() if k != "status"})
    return go_json(document) + "\n"


def requests_from_files(ctx: ExecContext, paths: list[str], namespace: str | None,
                        recursive: bool = False) -> tuple[list[ResourceRequest], ToolResult]:
    """`kubectl get -f` (`-R` descends into folders): the objects the files name."""
    result = ToolResult()
    requests: list[ResourceRequest] = []
    try:
        files = sources.collect(ctx, paths, recursive=recursive)
    except sources.SourceError as error:
        result.err(f"{error}\n")
        result.exit_code = 1
        return [], result
    for manifest in files:
        for obj in objects_in(manifest, False, namespace, ctx.store.types):
            if isinstance(obj, str):
                result.err(obj + "\n")
                result.exit_code = 1
            else:
                requests.append(ResourceRequest(ctx.store.type_of(obj), [obj.name]))
    return requests, result
