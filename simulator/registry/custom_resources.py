"""What a CustomResourceDefinition makes servable: a `Kind` built from the definition.

Its resource type comes from `spec.names` and `spec.scope`, at the group's preferred version
(discovery orders versions as `version.CompareKubeAwareVersionStrings` does: GA, then beta, then
alpha, higher numbers first). Its strategy defaults, prunes and validates an instance against the
OpenAPI v3 schema of the instance's version (`structural_schema.py`). Its table is the one
apiextensions-apiserver's `tableconvertor` builds: NAME, then the version's
`additionalPrinterColumns` (or AGE when there are none, `serveDefaultColumnsIfEmpty`), each
cell read with JSONPath (`{<jsonPath>}`, missing keys allowed) and typed by the column's `type`;
a cell with no value is empty, and columns with `priority` > 0 print only with `-o wide`.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column, RowContext
from simulator.printers.duration import age
from simulator.printers.formats import parse_rfc3339
from simulator.registry import structural_schema
from simulator.registry.strategy import Strategy

_KUBE_VERSION = re.compile(r"v(\d+)(?:(alpha|beta)(\d+))?")


def version_priority(name: str) -> tuple:
    """A sort key, smallest first: v1 < v1beta2 < v1beta1 < v1alpha1 < anything else by name."""
    match = _KUBE_VERSION.fullmatch(name)
    if not match:
        return (3, 0, 0, name)
    major, stage, minor = int(match.group(1)), match.group(2), int(match.group(3) or 0)
    return ({None: 0, "beta": 1, "alpha": 2}[stage], -major, -minor, name)


def served_versions(crd: KubeObject) -> list[dict]:
    versions = [v for v in crd.spec.get("versions") or () if isinstance(v, dict) and v.get("served", True)]
    return sorted(versions, key=lambda v: version_priority(str(v.get("name"))))


def _schema(version: dict) -> dict:
    schema = (version.get("schema") or {}).get("openAPIV3Schema")
    return schema if isinstance(schema, dict) else {}


class CustomResourceStrategy(Strategy):
    """An instance of one definition: its version's schema, applied as the API server does."""

    def __init__(self, kind: str, group: str, schemas: dict[str, dict]) -> None:
        self.kind = kind
        self.group = group
        self.schemas = schemas  # version name -> openAPIV3Schema

    def _schema_of(self, obj: KubeObject) -> dict:
        version = obj.api_version.rpartition("/")[2]
        return self.schemas.get(version) or {}

    def default(self, obj: KubeObject) -> None:
        schema = self._schema_of(obj)
        structural_schema.apply_defaults(obj.body, schema)
        structural_schema.prune(obj.body, schema, root=True)

    def validate(self, obj: KubeObject) -> list[FieldError]:
        return structural_schema.validate(obj.body, self._schema_of(obj))


# --- printer columns -----------------------------------------------------------------------------

def _find(document: dict, json_path: str) -> list[Any]:
    from simulator.printers.jsonpath import Evaluator, ExecutionError
    from simulator.printers.jsonpath_parser import ParseError, parse

    try:
        nodes = parse("{" + json_path + "}").nodes
        results = Evaluator(allow_missing_keys=True).find_results(document, nodes)
    except (ParseError, ExecutionError):
        return []
    return results[0] if results else []


def _go_float(value: float) -> str:
    from simulator.printers.go_numbers import format_g

    return format_g(float(value))


def _cell_text(column_type: str, value: Any, now: float) -> str:
    """cellForJSONValue, then kubectl's table printer (`fmt.Fprint` of the cell, nothing for nil)."""
    from simulator.printers.jsonpath import print_results

    if value is None:
        return ""
    if column_type == "string":
        return print_results([[value]])
    if column_type == "integer" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value))
    if column_type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _go_float(value)
    if column_type == "boolean" and isinstance(value, bool):
        return "true" if value else "false"
    if column_type == "date" and isinstance(value, str):
        moment = parse_rfc3339(value)
        return "<invalid>" if moment is None else age(now, moment)
    return ""


def printer_column(spec: dict) -> Column:
    json_path, column_type = str(spec.get("jsonPath") or ""), str(spec.get("type") or "string")

    def cell(obj: Any, ctx: RowContext) -> str:
        found = _find(obj.to_dict(shared=True), json_path)
        return _cell_text(column_type, found[0], ctx.now) if found else ""

    return Column(str(spec.get("name") or ""), cell, 1 if int(spec.get("priority") or 0) > 0 else 0)


def _columns(version: dict) -> tuple[Column, ...]:
    specs = [c for c in version.get("additionalPrinterColumns") or () if isinstance(c, dict)]
    if not specs:
        return (NAME, AGE)
    return (NAME, *(printer_column(spec) for spec in specs))


def kind_of(crd: KubeObject) -> Kind | None:
    """The Kind a definition serves, or None while it serves no version."""
    versions = served_versions(crd)
    names = crd.spec.get("names") or {}
    if not versions or not names.get("kind") or not names.get("plural"):
        return None
    preferred = versions[0]
    group = str(crd.spec.get("group") or "")
    resource = ResourceType(str(names["plural"]), str(names.get("singular") or names["kind"]).lower(),
                            str(names["kind"]), group, str(preferred.get("name")),
                            crd.spec.get("scope") == "Namespaced", tuple(names.get("shortNames") or ()))
    schemas = {str(v.get("name")): _schema(v) for v in versions}
    return Kind(resource=resource, strategy=CustomResourceStrategy(resource.kind, group, schemas),
                columns=_columns(preferred), categories=tuple(names.get("categories") or ()),
                served_versions=tuple(str(v.get("name")) for v in versions),
                schemas=schemas)

