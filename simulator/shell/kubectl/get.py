"""`kubectl get`: tables, wide tables, yaml/json/name/jsonpath, `all`, `-A`, `-l`, `-f`; selectors, `--sort-by`, `-L` and `--watch` through `list_query`."""

from __future__ import annotations


from simulator.apiserver.componentstatus import component_statuses
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.read_view import ClusterReads
from simulator.shell.kubectl.flags import Flag, as_bool, parse_flags
from simulator.shell.kubectl.list_query import (
    Query,
    collect,
    read_query,
    refuse_names_with_selectors,
    sort_pairs,
    sort_tables,
    watch_once,
)
from simulator.shell.kubectl.output import (
    check_format,
    name_line,
    render_custom_columns,
    render_structured,
    render_table,
)
from simulator.shell.kubectl import watch_stream
from simulator.shell.kubectl.resources import ResourceRequest, parse_resource_args

FLAGS = (
    Flag("output", "o"), Flag("selector", "l"), Flag("all-namespaces", "A", False),
    Flag("show-labels", "", False), Flag("watch", "w", False), Flag("no-headers", "", False),
    Flag("filename", "f", True, True), Flag("recursive", "R", False), Flag("field-selector"),
    Flag("show-kind", "", False), Flag("sort-by"), Flag("label-columns", "L", True, True),
    Flag("ignore-not-found", "", False), Flag("chunk-size"), Flag("watch-only", "", False),
    Flag("output-watch-events", "", False),
)
PROBED_ORDER = ("ComponentStatus",)  # listed in the order the API server's probes answered, not etcd's key order
REQUIRED = ("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of "
            "supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a "
            "detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "get")
    fmt = parsed.get("output")
    check_format(fmt)
    query = read_query(parsed, fmt)
    if parsed.has("filename"):
        from simulator.shell.kubectl.from_files import requests_from_files

        recursive = as_bool(parsed.get("recursive", False), "recursive")
        requests, result = requests_from_files(ctx, parsed.get("filename"), parsed.get("namespace"), recursive)
        if result.exit_code:
            return result
        query.from_files = True
    else:
        requests = parse_resource_args(parsed.positional, "get", ctx.store.types)
        if not requests:
            return ToolResult(exit_code=1).err(REQUIRED)
        refuse_names_with_selectors(parsed, requests, query)
    all_namespaces = as_bool(parsed.get("all-namespaces", False), "all-namespaces")
    namespace = None if all_namespaces else (parsed.get("namespace") or "default")
    if query.watch:
        now = ctx.now()
        stream = None
        if ctx.shell is not None and ctx.shell.takes_terminal(ctx):  # a person at a terminal: stream until Ctrl-C
            def stream(found):
                return watch_stream.start(ctx, found, requests, namespace, query, parsed, fmt)
        return watch_once(api_reads(ctx), requests, namespace, query, parsed,
                          lambda found: print_watched(ctx, found, now, namespace, query, parsed, fmt), stream)
    return list_and_print(ctx, requests, namespace, query, parsed, fmt)


def list_and_print(ctx, requests: list[ResourceRequest], namespace, query: Query, parsed, fmt) -> ToolResult:
    store, now = api_reads(ctx), ctx.now()
    result = ToolResult()
    warn_deprecated_types(ctx, requests, result)
    found_any, errors, infos = collect(store, requests, namespace, query, bool(parsed.get("ignore-not-found")))
    for _, objects in found_any:
        for obj in objects:  # what it showed, for graders (simulator.shell.execution_log)
            ctx.record(verb="get", kind=obj.kind, namespace=obj.metadata.namespace or "", name=obj.metadata.name,
                   type=(obj.body.get("spec") or {}).get("type"), output=(fmt or "table").split("=", 1)[0])
    single = len(requests) == 1 and len(requests[0].names) == 1
    printed = bool(found_any)
    if fmt in ("yaml", "json") or (fmt or "").startswith(("jsonpath", "custom-columns")) or fmt == "name":
        pairs = [(request.rt, o) for request, objs in found_any for o in objs]
        if query.sort_by and not (single and len(pairs) == 1):
            pairs = sort_pairs(pairs, query.sort_by, now)
        if fmt.startswith("custom-columns"):
            # printGeneric prints the (maybe empty) list, so the header stands alone rather than "No resources found"
            result.out(render_custom_columns(ctx, [o for _, o in pairs], fmt, bool(parsed.get("no-headers"))))
            printed = True
        elif fmt == "name":
            result.out("".join(name_line(rt, o) for rt, o in pairs))
        elif pairs or not single:
            result.out(render_structured([o for _, o in pairs], fmt.split("=", 1)[0] if not fmt.startswith("jsonpath") else fmt, single))
    else:
        if query.sort_by:
            found_any = sort_tables(found_any, query.sort_by, infos, store.revision, now)
        tables = [table_text(request, objects, now, namespace, query, parsed, fmt, multiple=len(requests) > 1,
                             types=ctx.store.types)
                  for request, objects in found_any]
        printed = any(tables)
        result.out("\n".join(table for table in tables if table))
    for error in errors:
        result.err(error + "\n")
    if errors:
        result.exit_code = 1
    elif not printed and not any(r.names for r in requests) and fmt not in ("yaml", "json"):
        where = f" in {namespace} namespace" if namespace and all(r.rt.namespaced for r in requests) else ""
        result.err(f"No resources found{where}.\n")
    return result


def warn_deprecated_types(ctx, requests: list[ResourceRequest], result: ToolResult) -> None:
    """The API server's warning on every request to a deprecated version, printed once per command
    (kubectl deduplicates its warnings), before what the answer holds."""
    for request in requests:
        kind = ctx.store.types.declared(request.rt.kind)
        line = f"Warning: {kind.deprecation}\n" if kind is not None and kind.deprecation else ""
        if line and kind.resource == request.rt and line not in result.stderr:
            result.err(line)


def api_reads(ctx) -> ClusterReads:
    """The store, with Events served from the recorder and ComponentStatuses probed, as the API server lists them."""
    return ClusterReads(ctx.store, ctx.events, lambda: component_statuses(ctx.machines, ctx.now()))


def table_text(request: ResourceRequest, objects: list, now: float, namespace, query: Query, parsed, fmt, *,
               multiple: bool, types=None) -> str:
    return render_table(
        request.rt, objects, now, wide=fmt == "wide",
        show_labels=bool(parsed.get("show-labels")), with_namespace=namespace is None and request.rt.namespaced,
        no_headers=bool(parsed.get("no-headers")), with_kind_prefix=multiple or bool(parsed.get("show-kind")),
        label_columns=query.label_columns, sort=not query.sort_by and request.rt.kind not in PROBED_ORDER, types=types)


def print_watched(ctx, found: list, now: float, namespace, query: Query, parsed, fmt) -> str:
    """The first listing of a watch: one printer per object (yaml documents apart), tables without kind prefixes."""
    objects = [(request.rt, obj) for request, objs in found for obj in objs]
    if fmt == "name":
        return "".join(name_line(rt, obj) for rt, obj in objects)
    if (fmt or "").startswith("custom-columns"):
        return render_custom_columns(ctx, [obj for _, obj in objects], fmt, bool(parsed.get("no-headers")))
    if fmt in ("yaml", "json") or (fmt or "").startswith("jsonpath"):
        base = fmt if fmt.startswith("jsonpath") else fmt.split("=", 1)[0]
        return ("---\n" if base == "yaml" else "").join(render_structured([obj], base, True) for _, obj in objects)
    return "".join(table_text(request, objs, now, namespace, query, parsed, fmt, multiple=False,
                              types=ctx.store.types) for request, objs in found)
