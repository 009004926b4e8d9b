"""`kubectl explain`: a resource's fields and their descriptions, from the server's OpenAPI models.

kubectl 1.23's `cmd/explain/explain.go`: the first word is `<resource>[.<field>...]`, resolved by
the REST mapper (`SplitAndParseResourceRequestWithMatchingPrefix`: `deployments.apps.spec` names
the group; otherwise the first dot ends the resource); `--api-version` picks another version of
the kind (`couldn't find resource for "<gvk>"` when the server publishes none); `--recursive`
prints the field names of the whole tree. Built-in kinds read the v1.23 models
(`registry/openapi_docs.py`); a custom resource reads its definition's schema.
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.openapi_schema import parse_group_version
from simulator.shell.kubectl.flags import Flag, FlagError, as_bool, parse_flags
from simulator.shell.kubectl.resources import lookup_type

FLAGS = (Flag("recursive", "", False), Flag("api-version"))
NO_RESOURCE = ('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete '
               "list of supported resources.\n")
ONE_RESOURCE = "error: We accept only this format: explain RESOURCE\n"


def _resource_and_path(ctx: ExecContext, word: str):
    word = word.removesuffix(".")
    resource, *path = word.split(".")
    rt = lookup_type(resource, ctx.store.types)
    if rt.group and word.startswith(rt.group_resource):
        path = word[len(rt.group_resource):].split(".")[1:]
    return rt, path


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    from simulator.printers.explain import ExplainError, explain
    from simulator.registry.openapi_docs import lookup_resource

    parsed = parse_flags(argv[1:], FLAGS, "explain")
    if not parsed.positional:
        return ToolResult.failure(NO_RESOURCE)
    if len(parsed.positional) > 1:
        return ToolResult.failure(ONE_RESOURCE)
    recursive = as_bool(parsed.get("recursive", False), "recursive")
    rt, path = _resource_and_path(ctx, parsed.positional[0])
    group, version = rt.group, rt.version
    if parsed.get("api-version"):
        try:
            group, version = parse_group_version(str(parsed.get("api-version")))
        except ValueError as error:
            raise FlagError(f"error: {error}") from None
    group_version = f"{group}/{version}" if group else version
    declared = ctx.store.types.declared(rt.kind, f"{rt.group}/{rt.version}" if rt.group else rt.version)
    if declared is not None and declared.schemas is not None:
        schema = declared.schemas.get(version) if group == rt.group else None
        model = lookup_resource(group, version, rt.kind, schema) if schema is not None else None
    else:
        model = lookup_resource(group, version, rt.kind)
    if model is None:
        return ToolResult.failure(f'error: couldn\'t find resource for "{group_version}, Kind={rt.kind}"\n')
    try:
        return ToolResult().out(explain(model, path, rt.kind, group_version, recursive))
    except ExplainError as error:
        return ToolResult.failure(f"error: {error}\n")
