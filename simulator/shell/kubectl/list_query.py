"""What `kubectl get` asks beyond the resource names: selectors, `--sort-by`, `-L`, `--watch`.

Each flag is honoured as kubectl 1.23 and its API server do, or refused in one line:
- `-l` and `--field-selector` go to the server with the listing; a name beside either is
  refused by cli-runtime's builder; with `-f`, kubectl filters the files' objects by `-l`
  and, like kubectl, does not apply `--field-selector` to them.
- `--field-selector` is checked per resource type by the API server
  (`simulator.registry.field_selectors`); its refusal comes back as BadRequest, which
  kubectl rewords as `Unable to find "/v1, Resource=pods" that match ...`.
- `--sort-by` sorts rows within each table, or every item of a yaml/json/name/jsonpath
  list (`simulator.printers.sort_by`); with more than one table (two types, or two named
  objects) kubectl 1.23 first sorts the tables themselves, where the field is usually
  missing, hence its `couldn't find any field` error (kubernetes/kubernetes#104318).
- `-L` adds label columns to tables; `--chunk-size` only pages the server's answer, so it
  changes nothing printed once it parses as a number.
- `--watch`/`-w` in an interactive session (a person at the workspace's terminal)
  streams until Ctrl-C (`watch_stream`); elsewhere (the grader, `python -m simulator
  shell` reading stdin) a command cannot run until Ctrl-C, so it prints the first listing
  as kubectl does, then says in one line that the stream of changes is not simulated, and
  exits 1; `--watch-only` and `--output-watch-events` say the same without a listing.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from simulator.errors import StatusError
from simulator.objects import match_label_selector
from simulator.printers.jsonpath import go_quote
from simulator.printers.sort_by import SortError, UnsortableField, field_for, sort_items, sort_table_rows
from simulator.programs.context import ToolResult
from simulator.registry import field_selectors
from simulator.registry.kinds import ResourceType
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import FlagError, as_bool, as_int
from simulator.shell.kubectl.resources import ResourceRequest, parse_selector

KLOG_PID = 4242  # klog prints the process id; the simulator runs no processes, so one fixed number stands in


@dataclass
class Query:
    label_text: str = ""
    field_text: str = ""
    label_selector: dict | None = None
    sort_by: str = ""
    label_columns: tuple[str, ...] = ()
    watch: str = ""  # "", "watch" or "watch-only"
    watch_events: bool = False  # --output-watch-events
    from_files: bool = False


def not_simulated(flag: str) -> str:
    return f'error: "kubectl get --{flag}" is not simulated by KubeGrade yet: kubectl would keep printing changes until Ctrl-C'


def read_query(parsed, fmt: str | None) -> Query:
    """The flags read and checked as kubectl's Complete and Validate do, before anything is listed."""
    if as_bool(parsed.get("show-labels", False), "show-labels") and fmt not in (None, "", "wide"):
        raise FlagError(f"error: --show-labels option cannot be used with {fmt} printer")
    watch = next((flag for flag in ("watch", "watch-only") if as_bool(parsed.get(flag, False), flag)), "")
    watch_events = as_bool(parsed.get("output-watch-events", False), "output-watch-events")
    if watch_events and not watch:
        raise FlagError("error: --output-watch-events option can only be used with --watch or --watch-only\n"
                        "See 'kubectl get -h' for help and examples")
    if parsed.has("chunk-size"):
        as_int(parsed.get("chunk-size"), "chunk-size", "get")
    label_text = str(parsed.get("selector") or "").strip()
    return Query(
        label_text=label_text,
        field_text=str(parsed.get("field-selector") or "").strip(),
        label_selector=parse_selector(label_text) if label_text else None,
        sort_by=str(parsed.get("sort-by") or ""),
        label_columns=tuple(key for key in parsed.get("label-columns", []) if key),
        watch=watch,
        watch_events=watch_events,
    )


def refuse_names_with_selectors(parsed, requests: list[ResourceRequest], query: Query) -> None:
    """cli-runtime's visitBySelector: a selector lists, so it cannot be combined with names."""
    if not (query.label_text or query.field_text) or not any(r.names for r in requests):
        return
    if any("/" in arg for arg in parsed.positional):
        raise FlagError("error: selectors and the all flag cannot be used when passing resource/name arguments")
    raise FlagError("error: name cannot be provided when a selector is specified")


def collect(store, requests: list[ResourceRequest], namespace, query: Query, ignore_not_found: bool):
    """The objects per request, the error lines, and how many results kubectl's builder returns (its infos)."""
    found, errors, infos = [], [], 0
    for request in requests:
        if request.names:
            objects = _named(store, request, namespace, query, ignore_not_found, errors)
            infos += len(objects)
        else:
            try:
                objects = list_matching(store, request.rt, namespace, query)
            except StatusError as error:
                errors.append(status_error_text(error))
                continue
            infos += 1
        if objects:
            found.append((request, objects))
    return found, errors, infos


def _named(store, request: ResourceRequest, namespace, query: Query, ignore_not_found: bool, errors: list) -> list:
    objects = []
    for name in request.names:
        try:
            obj = store.get(request.rt, namespace or "default", name)
        except StatusError as error:
            if not ignore_not_found:
                errors.append(status_error_text(error))
            continue
        if not query.from_files or match_label_selector(query.label_selector, obj.labels):
            objects.append(obj)
    return objects


def list_matching(store, rt: ResourceType, namespace, query: Query) -> list:
    objects = store.list(rt, namespace if rt.namespaced else None, query.label_selector)
    if not query.field_text:
        return objects
    try:
        requirements = field_selectors.convert(rt.kind, field_selectors.parse(query.field_text))
    except field_selectors.FieldSelectorError as error:
        resource = f"{rt.group}/{rt.version}, Resource={rt.plural}"  # GroupVersionResource.String()
        raise StatusError("BadRequest", f"Unable to find {go_quote(resource)} that match label selector "
                          f"{go_quote(query.label_text)}, field selector {go_quote(query.field_text)}: {error}", 400) from None
    return [obj for obj in objects if field_selectors.matches(requirements, field_selectors.selectable_fields(
        rt.kind, obj.name, obj.namespace if rt.namespaced else None, obj.body))]


def sort_tables(found: list, sort_by: str, infos: int, revision: int, now: float) -> list:
    """Rows sorted per table; a table whose rows all lack the field is dropped, as kubectl drops its error."""
    with kubectl_sort_errors(now):
        if infos > 1:
            table = {"apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": {"resourceVersion": str(revision)}}
            sort_items([table] * infos, sort_by)
        field = field_for(sort_by)
        ordered = []
        for request, objects in found:
            order = list(range(len(objects))) if request.names else sort_table_rows(
                [obj.to_dict(shared=True) for obj in objects], field)
            ordered.append((request, [] if order is None else [objects[i] for i in order]))
    return ordered


def sort_pairs(pairs: list, sort_by: str, now: float) -> list:
    with kubectl_sort_errors(now):
        return [pairs[i] for i in sort_items([obj.to_dict(shared=True) for _, obj in pairs], sort_by)]


@contextmanager
def kubectl_sort_errors(now: float):
    """The sorter's failures as kubectl prints them: `error: ...`, or klog's fatal line from sorter.go."""
    try:
        yield
    except SortError as error:
        raise FlagError(f"error: {error}") from None
    except UnsortableField as error:
        moment = dt.datetime.fromtimestamp(now, tz=dt.timezone.utc)
        header = f"F{moment:%m%d %H:%M:%S}.{moment.microsecond:06d} {KLOG_PID:>7} sorter.go:378]"
        raise FlagError(f"{header} {error}") from None


def watch_once(store, requests: list[ResourceRequest], namespace, query: Query, parsed, render,
               stream=None) -> ToolResult:
    """`kubectl get -w`: the first listing (not for --watch-only), then one line saying the rest is not simulated.

    `stream(found)`, given in an interactive session, starts the real watch instead once
    the request passed kubectl's checks, and returns the first listing."""
    if query.watch_events and stream is None:
        raise FlagError(not_simulated("output-watch-events"))
    result = ToolResult(exit_code=1)
    if query.sort_by:
        result.err("warning: --watch or --watch-only requested, --sort-by will be ignored\n")
    if len({request.rt for request in requests}) > 1:
        tuples = query.from_files or any("/" in arg for arg in parsed.positional)
        raise FlagError("error: watch is only supported on individual resources and resource collections - more "
                        "than 1 resource was found" if tuples else "error: you may only specify a single resource type")
    found, errors, _ = collect(store, requests, namespace, query, ignore_not_found=False)
    if errors:
        return result.err(errors[0] + "\n")
    if stream is not None:
        result.exit_code = 0
        return result.out(stream(found))
    if query.watch == "watch":
        result.out(render(found))
    return result.err(not_simulated(query.watch) + "\n")
