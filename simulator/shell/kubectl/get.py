"""`kubectl get`: tables, wide tables, yaml/json/name/jsonpath, `all`, `-A`, `-l`, `-f`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, as_bool, parse_flags
from simulator.shell.kubectl.output import check_format, name_line, render_structured, render_table
from simulator.shell.kubectl.resources import ResourceRequest, parse_resource_args, parse_selector

if TYPE_CHECKING:
    from simulator.shell.session import Session

FLAGS = (
    Flag("output", "o"), Flag("selector", "l"), Flag("all-namespaces", "A", False),
    Flag("show-labels", "", False), Flag("watch", "w", False), Flag("no-headers", "", False),
    Flag("filename", "f", True, True), Flag("recursive", "R", False), Flag("field-selector"),
    Flag("show-kind", "", False), Flag("sort-by"), Flag("label-columns", "L", True, True),
    Flag("ignore-not-found", "", False), Flag("chunk-size"),
)
REQUIRED = ("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of "
            "supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a "
            "detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n")


def run(session: "Session", ctx: ExecContext, command: str, args: list[str]) -> ToolResult:
    parsed = parse_flags(args, FLAGS, "get")
    fmt = parsed.get("output")
    check_format(fmt)
    if parsed.has("filename"):
        from simulator.shell.kubectl.from_files import requests_from_files

        requests, result = requests_from_files(session, parsed.get("filename"), parsed.get("namespace"))
        if result.exit_code:
            return result
    else:
        requests = parse_resource_args(parsed.positional, "get")
        if not requests:
            return ToolResult(exit_code=1).err(REQUIRED)
    all_namespaces = as_bool(parsed.get("all-namespaces", False), "all-namespaces")
    namespace = None if all_namespaces else (parsed.get("namespace") or "default")
    selector = parse_selector(parsed.get("selector")) if parsed.has("selector") else None
    return list_and_print(session, requests, namespace, selector, parsed, fmt)


def list_and_print(session, requests: list[ResourceRequest], namespace, selector, parsed, fmt) -> ToolResult:
    store, now = session.cluster.store, session.cluster.clock.now()
    result = ToolResult()
    found_any, errors = [], []
    multiple = len(requests) > 1
    for request in requests:
        objects = []
        if request.names:
            for name in request.names:
                try:
                    objects.append(store.get(request.rt, namespace or "default", name))
                except StatusError as error:
                    if not parsed.get("ignore-not-found"):
                        errors.append(status_error_text(error))
        else:
            objects = store.list(request.rt, namespace if request.rt.namespaced else None, selector)
        if objects:
            found_any.append((request, objects))
    single = len(requests) == 1 and len(requests[0].names) == 1
    if fmt in ("yaml", "json") or (fmt or "").startswith("jsonpath"):
        everything = [o for _, objs in found_any for o in objs]
        if everything or not single:
            result.out(render_structured(everything, fmt.split("=", 1)[0] if not fmt.startswith("jsonpath") else fmt, single))
    elif fmt == "name":
        for request, objects in found_any:
            result.out("".join(name_line(request.rt, o) for o in objects))
    else:
        tables = []
        for request, objects in found_any:
            tables.append(render_table(
                request.rt, objects, now, wide=fmt == "wide",
                show_labels=bool(parsed.get("show-labels")), with_namespace=namespace is None and request.rt.namespaced,
                no_headers=bool(parsed.get("no-headers")), with_kind_prefix=multiple or bool(parsed.get("show-kind"))))
        result.out("\n".join(tables))
    for error in errors:
        result.err(error + "\n")
    if errors:
        result.exit_code = 1
    elif not found_any and not any(r.names for r in requests) and fmt not in ("yaml", "json"):
        where = f" in {namespace} namespace" if namespace and all(r.rt.namespaced for r in requests) else ""
        result.err(f"No resources found{where}.\n")
    return result
