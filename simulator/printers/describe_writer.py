"""What every `kubectl describe` text is written with: the context a describer reads and
describe.go's PrefixWriter over the Go tabwriter (labels, annotations, events).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from simulator.events import Event
from simulator.objects import KubeObject
from simulator.printers.duration import age
from simulator.printers.formats import rfc1123z
from simulator.printers.tabwriter import DESCRIBE_SETTINGS, TabWriter

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # describe never shows it
MAX_ANNOTATION_LEN = 140


@dataclass
class DescribeContext:
    """What a describer reads besides the object itself, all fetched by the caller."""

    now: float
    events: list[Event] = field(default_factory=list)  # events about this object
    endpoints: KubeObject | None = None  # a Service's Endpoints
    pods: list[KubeObject] = field(default_factory=list)  # a controller's pods, or the pods on a Node
    replica_sets: list[KubeObject] = field(default_factory=list)  # a Deployment's ReplicaSets
    resource_quotas: list[KubeObject] = field(default_factory=list)  # a Namespace's quotas
    limit_ranges: list[dict[str, Any]] = field(default_factory=list)  # a Namespace's LimitRanges, as dicts
    secrets: list[KubeObject] = field(default_factory=list)  # a ServiceAccount's namespace's Secrets
    utc_offset_minutes: int = 0  # the viewer's zone for RFC 1123 times (kubectl uses local time)
    # a describer's own reads, as describe.go's describers hold a client: (plural, namespace, name) -> object
    read: Callable[[str, str | None, str], KubeObject | None] | None = None

    def time(self, timestamp: float | None) -> str:
        if timestamp is None:
            return "Mon, 01 Jan 0001 00:00:00 +0000"  # Go's zero time
        return rfc1123z(timestamp, self.utc_offset_minutes)


class DescribeWriter:
    """describe.go's PrefixWriter over a tabwriter: `write(level, text)` indents by two spaces per level."""

    def __init__(self) -> None:
        self._writer = TabWriter(**DESCRIBE_SETTINGS)

    def write(self, level: int, text: str) -> None:
        self._writer.write("  " * level + text)

    def flush(self) -> None:
        self._writer.flush()

    def text(self) -> str:
        self._writer.flush()
        return self._writer.output

    def labels(self, title: str, labels: dict[str, str] | None, indent: str = "") -> None:
        """`printLabelsMultilineWithIndent`: first pair after the title, the rest aligned under it."""
        self.write(0, f"{indent}{title}:\t")
        if not labels:
            self.write(0, "<none>\n")
            return
        for index, key in enumerate(sorted(labels)):
            if index:
                self.write(0, indent + "\t")
            self.write(0, f"{key}={labels[key]}\n")

    def annotations(self, title: str, annotations: dict[str, str] | None) -> None:
        """`printAnnotationsMultiline`: long or multi-line values go on their own lines, cut at 138 bytes."""
        self.write(0, f"{title}:\t")
        keys = sorted(key for key in annotations or {} if key != LAST_APPLIED)
        if not keys:
            self.write(0, "<none>\n")
            return
        for index, key in enumerate(keys):
            if index:
                self.write(0, "\t")
            value = annotations[key].removesuffix("\n")
            if len(value.encode()) + len(key.encode()) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
                self.write(0, f"{key}:\n")
                for line in value.split("\n"):
                    self.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
            else:
                self.write(0, f"{key}: {value}\n")

    def events(self, events: list[Event], now: float) -> None:
        """`DescribeEvents`: `<none>`, or a table sorted by last timestamp; repeats read `5s (x3 over 2m)`."""
        if not events:
            self.write(0, "Events:\t<none>\n")
            return
        self.flush()
        self.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
        self.write(1, "----\t------\t----\t----\t-------\n")
        for event in sorted(events, key=lambda e: e.last_timestamp):
            first = age(now, event.first_timestamp)
            interval = f"{age(now, event.last_timestamp)} (x{event.count} over {first})" if event.count > 1 else first
            self.write(1, f"{event.type}\t{event.reason}\t{interval}\t{event.source}\t{event.message.strip()}\n")


def _shorten(text: str, limit: int) -> str:
    raw = text.encode()
    return raw[:limit].decode("utf-8", "ignore") + "..." if len(raw) > limit else text


def controlled_by(obj: KubeObject) -> str:
    """`printController`: `Kind/name` of the controlling owner reference, or empty."""
    for ref in obj.metadata.owner_references:
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return ""
