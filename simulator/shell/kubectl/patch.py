"""`kubectl patch`: strategic-merge (the default), JSON merge (RFC 7386) and JSON patch (RFC 6902).

The strategic merge knows the list keys students meet: Service ports by `port`, containers
by `name`, container ports by `containerPort`; other lists are replaced, as in the schema.
"""

from __future__ import annotations


import yaml

from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.decoding import decode_object
from simulator.shell.kubectl import mutation
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags
from simulator.shell.kubectl.resources import parse_resource_args
from simulator.frozen import thaw

FLAGS = (Flag("patch", "p"), Flag("type"), Flag("output", "o"), Flag("dry-run"), Flag("filename", "f", True, True))
MERGE_KEYS = {"ports": ("port", "containerPort"), "containers": ("name",), "env": ("name",)}


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "patch")
    if not parsed.has("patch"):
        return ToolResult.failure("error: must specify -p to patch\nSee 'kubectl patch -h' for help and examples\n")
    requests = parse_resource_args(parsed.positional, "patch", ctx.store.types)
    if not requests or not requests[0].names:
        return ToolResult.failure("error: resource(s) were provided, but no name was specified\n")
    patch_type = parsed.get("type") or "strategic"
    if patch_type not in ("strategic", "merge", "json"):
        return ToolResult.failure(f'error: --type must be one of [json merge strategic], not "{patch_type}"\n')
    patch = _parse(parsed.get("patch"))
    mutation.check_output(parsed)
    dry_run = mutation.dry_run_mode(parsed)
    namespace = parsed.get("namespace") or "default"
    result = ToolResult()
    for request in requests:
        for name in request.names:
            try:
                live = ctx.store.get(request.rt, namespace, name)
                changed = apply_patch(live.to_dict(), patch, patch_type)
            except StatusError as error:
                result.err(status_error_text(error) + "\n")
                result.exit_code = 1
                continue
            obj, operation = store_patched(ctx, request.rt, live, changed, dry_run)
            result.out(mutation.printed(obj, parsed, operation, dry_run, ctx.store.types).stdout)
    return result


def _parse(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "invalid patch"
        raise FlagError(f'error: unable to parse "{text}": yaml: {problem}') from None


def apply_patch(document: dict, patch, patch_type: str) -> dict:
    if patch_type == "json":
        return json_patch(document, patch)
    if not isinstance(patch, dict):
        raise StatusError("BadRequest", "the patch must be a JSON object", 400)
    return merge(document, patch, strategic=patch_type == "strategic")


def merge(target, patch, strategic: bool, field: str = ""):
    """RFC 7386 (null deletes), with strategic merge of keyed lists."""
    if not isinstance(patch, dict) or not isinstance(target, dict):
        if strategic and isinstance(patch, list) and isinstance(target, list) and field in MERGE_KEYS:
            return _merge_list(target, patch, MERGE_KEYS[field])
        return thaw(patch)
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value, strategic, key)
    return result


def _merge_list(target: list, patch: list, keys: tuple[str, ...]) -> list:
    result = [dict(item) if isinstance(item, dict) else item for item in target]
    for item in patch:
        key = next((k for k in keys if isinstance(item, dict) and k in item), None)
        match = next((i for i, old in enumerate(result) if key and isinstance(old, dict) and old.get(key) == item[key]), None)
        if match is None:
            result.append(thaw(item))
        else:
            result[match] = merge(result[match], item, True)
    return result


def json_patch(document: dict, operations) -> dict:
    result = thaw(document)
    if not isinstance(operations, list):
        raise StatusError("BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch", 400)
    for operation in operations:
        op, path = (operation or {}).get("op"), str((operation or {}).get("path", ""))
        parent, last = _walk(result, path)
        if op in ("add", "replace"):
            if isinstance(parent, list):
                index = len(parent) if last == "-" else int(last)
                if op == "add":
                    parent.insert(index, operation.get("value"))
                else:
                    parent[index] = operation.get("value")
            else:
                parent[last] = operation.get("value")
        elif op == "remove":
            del parent[int(last) if isinstance(parent, list) else last]
        else:
            raise StatusError("BadRequest", f"Unexpected kind: {op}", 400)
    return result


def _walk(document, path: str):
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    if not parts:
        raise StatusError("BadRequest", f"jsonpatch: invalid path {path!r}", 422)
    node = document
    try:
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
    except (KeyError, IndexError, ValueError, TypeError):
        raise StatusError("Invalid", f"request is invalid: doc is missing path: \"{path}\": missing value", 422) from None
    return node, parts[-1]


def store_patched(ctx: ExecContext, rt, live, changed: dict, dry_run: str | None = None) -> tuple:
    """The object after the patch and kubectl's word for it (`patched`, `patched (no change)`)."""
    if changed == live.to_dict():
        return live, "patched (no change)"
    # what identifies the object is not the patch's to change
    changed = {**changed, "apiVersion": live.api_version, "kind": live.kind}
    metadata = changed.get("metadata") if isinstance(changed.get("metadata"), dict) else {}
    changed["metadata"] = {**metadata, "name": live.name, "namespace": live.namespace}
    updated = decode_object(changed, ctx.store.types)
    updated.metadata.namespace = live.namespace
    updated.body["status"] = thaw(live.body.get("status", {}))
    return mutation.write_update(ctx, updated, dry_run), "patched"
