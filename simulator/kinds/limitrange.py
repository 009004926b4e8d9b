"""LimitRange (core/v1): per-namespace minimums, maximums, defaults and limit/request ratios.

From Kubernetes 1.23: the table `printers.go printLimitRange` (NAME, CREATED AT in RFC 3339
UTC), the describer `describe.go describeLimitRange`/`describeLimitRangeSpec` (it ranges over
Go maps; resources are sorted here so output is stable), validation
`ValidateLimitRange` (type and the quantities, the common cases). What the LimitRanger
admission plugin does with it is in `registry.admission`.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import NAME, Column
from simulator.printers.describe_writer import DescribeWriter
from simulator.clock import rfc3339
from simulator.printers.quantity import canonical, parse_quantity
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("limitranges", "limitrange", "LimitRange", "", "v1", True, ("limits",))
LIMIT_TYPES = ("Pod", "Container", "PersistentVolumeClaim")
FIELDS = ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")


def _canonical(value: Any) -> Any:
    try:
        return canonical(parse_quantity(value))
    except (ValueError, TypeError, ZeroDivisionError):
        return value  # validation names it


def default_limit_range_item(item: dict) -> None:
    """`SetDefaults_LimitRangeItem` (pkg/apis/core/v1/defaults.go, v1.23): a Container item's
    default limit falls back to its max, its default request to the default limit, then to its min."""
    for field in FIELDS:
        if isinstance(item.get(field), dict):
            stored = {name: _canonical(value) for name, value in item[field].items()}
            if stored != item[field]:
                item[field] = stored
    if item.get("type") != "Container":
        return
    default = dict(item.get("default") or {})
    for name, value in (item.get("max") or {}).items():
        default.setdefault(name, value)
    request = dict(item.get("defaultRequest") or {})
    for source in (default, item.get("min") or {}):
        for name, value in source.items():
            request.setdefault(name, value)
    if default and default != item.get("default"):
        item["default"] = default
    if request and request != item.get("defaultRequest"):
        item["defaultRequest"] = request


class LimitRangeStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        for item in (obj.spec or {}).get("limits") or []:
            if isinstance(item, dict):
                default_limit_range_item(item)

    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors: list[FieldError] = []
        for index, item in enumerate((obj.spec or {}).get("limits") or []):
            path = f"spec.limits[{index}]"
            item = item if isinstance(item, dict) else {}
            kind = item.get("type")
            if not kind:
                errors.append(FieldError("Required value", f"{path}.type"))
            elif kind not in LIMIT_TYPES:
                errors.append(FieldError("Unsupported value", f"{path}.type", kind,
                                         'supported values: "Container", "PersistentVolumeClaim", "Pod"'))
            for field in FIELDS:
                values = item.get(field) or {}
                for name, value in (values.items() if isinstance(values, dict) else ()):
                    try:
                        parse_quantity(value)
                    except (ValueError, TypeError):
                        errors.append(FieldError("Invalid value", f"{path}.{field}[{name}]", value,
                                                 "quantities must match the regular expression "
                                                 "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"))
            if kind == "Pod" and (item.get("default") or item.get("defaultRequest")):
                which = "default" if item.get("default") else "defaultRequest"
                errors.append(FieldError("Forbidden", f"{path}.{which}", None,
                                         "may not be specified when `type` is 'Pod'"))
        return errors


def describe_limit_range_spec(w: DescribeWriter, spec: dict[str, Any], prefix: str = "") -> None:
    for item in spec.get("limits") or []:
        item = item if isinstance(item, dict) else {}
        names = sorted({name for field in FIELDS for name in (item.get(field) or {})})
        for name in names:
            cells = "\t".join(str((item.get(field) or {}).get(name, "-")) for field in FIELDS)
            w.write(0, f"{prefix}{item.get('type', '')}\t{name}\t{cells}\n")


def describe_limit_range(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    describe_limit_range_spec(w, obj.spec or {})
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=LimitRangeStrategy(),
    columns=(NAME, Column("Created At", lambda r, ctx: rfc3339(r.metadata.creation_timestamp))),
    describe=describe_limit_range,
)
