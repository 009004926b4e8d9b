"""`kubectl get -w` in an interactive session: the first listing, then a row per change until Ctrl-C.

kubectl 1.23's `get.go` watch: the listing (not with `--watch-only`) is one table flushed
at once; every later event is printed by the same human-readable printer and flushed on
its own, so its row has no header (the columns did not change) and is aligned only with
itself. `--output-watch-events` adds an EVENT column in front, its cells padded by
`formatEventType` to one width (`ADDED   `, `MODIFIED`, `DELETED `). yaml, json, name and
jsonpath print each event's object; the yaml printer puts `---` before every document
after its first.

The events come from a `WatchChannel` the store fills as objects are written, each with
a copy of the object and the time it changed, so a pod that is bound and started within
one settle prints each step, with the AGE it had then. A modified object that stops
matching the label or field selector arrives as DELETED and one that starts matching as
ADDED, as the API server's watch filter sends them.

What this does not do yet: a watch piped into another program (`kubectl get pods -w |
grep web`) or inside `$(...)`; those keep the non-interactive one-line refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.objects import KubeObject
from simulator.printers import serialize
from simulator.printers.tables import table_rows
from simulator.printers.tabwriter import render_rows
from simulator.registry.kinds import BUILT_IN, ResourceType, TypeRegistry
from simulator.shell.kubectl.list_query import Query, list_matching
from simulator.shell.kubectl.output import name_line, render_structured

if TYPE_CHECKING:
    from simulator.registry.store import APIStore, WatchChannel
    from simulator.shell.execution_log import ExecutedProgram

EVENT_CELLS = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED "}  # printers' formattedEventType


@dataclass
class WatchPrinter:
    """The printer kubectl keeps for the whole watch: the format, and whether it printed a header yet."""

    rt: ResourceType
    fmt: str | None
    wide: bool = False
    show_labels: bool = False
    with_namespace: bool = False
    no_headers: bool = False
    label_columns: tuple[str, ...] = ()
    with_events: bool = False
    printed_header: bool = False
    printed_documents: int = 0
    types: TypeRegistry = BUILT_IN

    def print(self, objects: list[KubeObject], now: float, event_type: str = "ADDED") -> str:
        """One flush of kubectl's writer: the objects of one listing, or the one object of an event."""
        if not objects:
            return ""
        if self.fmt in (None, "", "wide"):
            return self._table(objects, now, event_type)
        return "".join(self._document(obj, event_type) for obj in objects)

    def _table(self, objects: list[KubeObject], now: float, event_type: str) -> str:
        header = not (self.no_headers or self.printed_header)
        rows = table_rows(objects, self.rt.kind, now, wide=self.fmt == "wide", show_labels=self.show_labels,
                          with_namespace=self.with_namespace, no_headers=not header, with_kind_prefix=False,
                          sort=True, label_columns=self.label_columns, types=self.types)
        self.printed_header = self.printed_header or bool(rows)
        if self.with_events:
            rows = [["EVENT" if header and index == 0 else EVENT_CELLS[event_type], *row]
                    for index, row in enumerate(rows)]
        return render_rows(rows) if rows else ""

    def _document(self, obj: KubeObject, event_type: str) -> str:
        base = self.fmt if self.fmt.startswith("jsonpath") else self.fmt.split("=", 1)[0]
        if base == "name":
            return name_line(self.rt, obj)
        separator = "---\n" if base == "yaml" and self.printed_documents else ""
        self.printed_documents += 1
        if not self.with_events:
            return separator + render_structured([obj], base, True)
        event = {"type": event_type, "object": obj.to_dict(shared=True)}  # metav1.WatchEvent
        return separator + (serialize.to_yaml(event) if base == "yaml" else serialize.to_json(event))


@dataclass
class ActiveWatch:
    """A running `kubectl get -w`: what it watches, which objects it has seen match, its printer."""

    channel: "WatchChannel"
    printer: WatchPrinter
    namespace: str | None
    query: Query
    names: tuple[str, ...] = ()
    matching: set[tuple[str | None, str]] = field(default_factory=set)
    log_entry: "ExecutedProgram | None" = None  # the execution log's kubectl entry, given exit 130 on Ctrl-C

    def read(self, store: "APIStore") -> str:
        """What kubectl prints for the events since the last read."""
        return "".join(self._event(store, event_type, obj, when) for event_type, obj, when in self.channel.take())

    def _event(self, store: "APIStore", event_type: str, obj: KubeObject, when: float) -> str:
        key = (obj.namespace, obj.name)
        if self.names and obj.name not in self.names:
            return ""
        was = key in self.matching
        now_matches = event_type != "DELETED" and self._matches(store, obj)
        if now_matches:
            self.matching.add(key)
            event_type = "MODIFIED" if was else "ADDED"
        elif was:
            self.matching.discard(key)
            event_type = "DELETED"
        else:
            return ""
        return self.printer.print([obj], when, event_type)

    def _matches(self, store: "APIStore", obj: KubeObject) -> bool:
        if not (self.query.label_text or self.query.field_text):
            return True
        probe = _SingleObjectStore(store, obj)
        return bool(list_matching(probe, self.printer.rt, self.namespace, self.query))

    def close(self, store: "APIStore", exit_code: int) -> None:
        store.close_watch(self.channel)
        if self.log_entry is not None:
            self.log_entry.exit_code = exit_code


class _SingleObjectStore:
    """Just enough of the store for `list_matching` to judge one object with the API server's own selectors."""

    def __init__(self, store: "APIStore", obj: KubeObject) -> None:
        self._store, self._obj = store, obj

    def list(self, rt: ResourceType, namespace: str | None = None, selector: dict | None = None) -> list[KubeObject]:
        from simulator.objects import match_label_selector

        if namespace is not None and self._obj.namespace != namespace:
            return []
        return [self._obj] if selector is None or match_label_selector(selector, self._obj.labels) else []


def start(ctx, found: list, requests: list, namespace: str | None, query: Query, parsed,
          fmt: str | None) -> str:
    """Open the watch on the session; return the first listing (`found`) as kubectl prints it."""
    rt: ResourceType = requests[0].rt
    store = ctx.store
    printer = WatchPrinter(
        rt, fmt, show_labels=bool(parsed.get("show-labels")), with_namespace=namespace is None and rt.namespaced,
        no_headers=bool(parsed.get("no-headers")), label_columns=query.label_columns, with_events=query.watch_events,
        types=store.types)
    watched_namespace = namespace if rt.namespaced else None
    watch = ActiveWatch(store.open_watch(rt.plural, watched_namespace), printer, watched_namespace, query,
                        tuple(name for request in requests for name in request.names),
                        log_entry=_running_kubectl(ctx))
    current = [obj for _, objects in found for obj in objects]
    watch.matching = {(obj.namespace, obj.name) for obj in current}
    ctx.shell.watch = watch
    if query.watch == "watch-only":
        return ""
    return printer.print(current, ctx.now())


def _running_kubectl(ctx):
    """The execution log's entry for the kubectl now running (started by dispatch, not yet finished)."""
    return next((entry for entry in reversed(ctx.shell.executed.entries)
                 if entry.program == "kubectl" and not entry.finished), None)
