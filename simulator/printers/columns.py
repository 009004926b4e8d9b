"""A `kubectl get` table's columns as data: a header, a cell function and a priority (printers.go's
`TableColumnDefinition` with the row function's cell beside it). Kinds declare theirs with these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from simulator.printers.duration import age
from simulator.printers.formats import container_names_and_images, format_label_selector, parse_rfc3339
from simulator.printers.pod_status import PodSummary, summarize_pod


@dataclass
class RowContext:
    """What a cell needs besides its object: the simulated time and whether `-o wide` is on."""

    now: float
    wide: bool = False
    _pods: dict[int, PodSummary] = field(default_factory=dict)

    def pod(self, pod: Any) -> PodSummary:
        if id(pod) not in self._pods:
            self._pods[id(pod)] = summarize_pod(pod, self.now)
        return self._pods[id(pod)]


@dataclass(frozen=True)
class Column:
    name: str  # as printers.go declares it; the header is upper-cased
    cell: Callable[[Any, RowContext], str]
    priority: int = 0  # 1: only with -o wide
    is_name: bool = False  # the column `kubectl get all` prefixes with `kind/`


def name_cell(obj: Any, ctx: RowContext) -> str:
    return obj.name


def age_cell(obj: Any, ctx: RowContext) -> str:
    """`translateTimestampSince(obj.CreationTimestamp)`."""
    return age(ctx.now, obj.metadata.creation_timestamp)


def number_cell(path: str) -> Callable[[Any, RowContext], str]:
    """An int32 field (`status.readyReplicas`) printed as a number, 0 when unset."""
    section, key = path.split(".")

    def cell(obj: Any, ctx: RowContext) -> str:
        return str(int((obj.body.get(section) or {}).get(key) or 0))

    return cell


def timestamp_age(value: str | None, ctx: RowContext, unset: str = "<unknown>") -> str:
    """An RFC 3339 field printed as its age (`translateTimestampSince`), `unset` when empty."""
    moment = parse_rfc3339(value) if value else None
    return age(ctx.now, moment) if moment is not None else unset


NAME = Column("Name", name_cell, is_name=True)
AGE = Column("Age", age_cell)


def pod_template_columns(template_of: Callable[[Any], dict], selector_of: Callable[[Any], Any]) -> tuple[Column, ...]:
    """The wide Containers, Images and Selector columns of a kind that holds a pod template."""
    def names(obj: Any, ctx: RowContext) -> str:
        return container_names_and_images(((template_of(obj) or {}).get("spec") or {}).get("containers"))[0]

    def images(obj: Any, ctx: RowContext) -> str:
        return container_names_and_images(((template_of(obj) or {}).get("spec") or {}).get("containers"))[1]

    def selector(obj: Any, ctx: RowContext) -> str:
        return format_label_selector(selector_of(obj))

    return (Column("Containers", names, 1), Column("Images", images, 1), Column("Selector", selector, 1))
