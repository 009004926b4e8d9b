"""What every mutating verb shares: `--dry-run=none|client|server` and how the result is printed.

kubectl 1.23 (`cmdutil.GetDryRunStrategy`, `PrintFlags`): with no `-o` a verb prints
`<kind>/<name> <operation>`, with ` (dry run)` or ` (server dry run)` after it; `-o name`
prints `<kind>/<name>`; `-o yaml|json|jsonpath` prints the object: the one the client built
for a client dry run, the one the server answered otherwise (defaulted, for a server dry
run, but not stored).
"""

from __future__ import annotations

from simulator.frozen import thaw

from simulator.objects import KubeObject
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import BUILT_IN, TypeRegistry
from simulator.shell.kubectl.flags import FlagError
from simulator.shell.kubectl.output import check_format, render_structured

DRY_RUN_SUFFIX = {None: "", "client": " (dry run)", "server": " (server dry run)"}
DEPRECATED_TRUE = ("W0000 00:00:00.000000       1 helpers.go:555] --dry-run is deprecated and can be replaced "
                   "with --dry-run=client.\n")


def dry_run_mode(parsed) -> str | None:
    """None (really write), "client" or "server"; `--dry-run=true` is the deprecated client."""
    value = parsed.get("dry-run")
    if value is None or value in ("none", "false", False):
        return None
    if value in ("client", "server"):
        return value
    if value in (True, "true", "unchanged"):
        return "client"
    raise FlagError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".')


def check_output(parsed) -> None:
    check_format(parsed.get("output"))
    fmt = parsed.get("output")
    if fmt and fmt.split("=", 1)[0] in ("wide", "custom-columns", "custom-columns-file"):
        raise FlagError(f'error: unable to match a printer suitable for the output format "{fmt}", allowed formats '
                        "are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
                        "template,templatefile,yaml")


def server_dry_run_create(ctx: ExecContext, obj: KubeObject) -> KubeObject:
    """What the API server answers to a create with `dryRun=All`: defaulted, validated, not stored."""
    candidate = obj.clone()
    strategy = ctx.store.types.strategy_for(candidate.kind, candidate.api_version)
    strategy.default(candidate)
    strategy.validate_create(candidate, ctx.store)
    rt = ctx.store.type_of(candidate)
    if candidate.name and ctx.store.find(rt, candidate.namespace, candidate.name) is not None:
        from simulator.errors import already_exists

        raise already_exists(rt.group_resource, candidate.name)
    candidate.metadata.creation_timestamp = ctx.now()
    return candidate


def server_dry_run_update(ctx: ExecContext, obj: KubeObject) -> KubeObject:
    """What the API server answers to an update with `dryRun=All`: defaulted, validated against the live object."""
    rt = ctx.store.type_of(obj)
    live = ctx.store.get(rt, obj.namespace, obj.name)
    candidate = obj.clone()
    strategy = ctx.store.types.strategy_for(candidate.kind, candidate.api_version)
    strategy.default(candidate)
    strategy.validate_update(live, candidate, ctx.store)
    return candidate


def write_update(ctx: ExecContext, obj: KubeObject, dry_run: str | None) -> KubeObject:
    """Store the changed object, or answer as the server would for a dry run, or keep it (client)."""
    if dry_run == "client":
        return obj
    if dry_run == "server":
        return server_dry_run_update(ctx, obj)
    return ctx.store.update(obj)


def printed(obj: KubeObject | dict, parsed, operation: str, dry_run: str | None,
            types: TypeRegistry = BUILT_IN) -> ToolResult:
    """The verb's output for one object it wrote (or would have written)."""
    document = obj if isinstance(obj, dict) else obj.to_dict()
    rt = types.by_kind(document["kind"], document.get("apiVersion"))
    name = (document.get("metadata") or {}).get("name") or ""
    fmt = parsed.get("output")
    if fmt == "name":
        return ToolResult().out(f"{rt.qualified}/{name}\n")
    if fmt:
        return ToolResult().out(render_document(document, fmt))
    return ToolResult().out(f"{rt.qualified}/{name} {operation}{DRY_RUN_SUFFIX[dry_run]}\n")


def render_document(document: dict, fmt: str) -> str:
    """`-o yaml|json|jsonpath=...` of one object given as the dict it serialises to."""
    holder = _Document(document)
    return render_structured([holder], fmt if fmt.startswith("jsonpath") else fmt.split("=", 1)[0], True)


class _Document:
    """A built object that never went through the server, printed as the client built it."""

    def __init__(self, document: dict):
        self._document = document

    def to_dict(self, shared: bool = False) -> dict:
        return self._document if shared else thaw(self._document)
