"""The OpenAPI v2 models `kubectl explain` walks, with their descriptions, as kube-openapi's proto models.

Built-in kinds come from `data/openapi-v1.23.json.gz` (Kubernetes v1.23's definitions with every
description; `data/README.md` names the source), read the first time explain needs it, so a cold
start pays nothing. A custom resource's model is its definition's OpenAPI v3 schema, with
`apiVersion`, `kind` and `metadata` as the API server publishes them for every custom resource.

A schema becomes one of kube-openapi's `util/proto` types by `Definitions.ParseSchema`'s rules: a
`$ref` is a Reference (carrying the description written beside it); `object` with properties (or no
type with properties) a Kind; `object` without properties a Map of `additionalProperties` (or of
anything); `array` an Array; no type and no properties, or several types, Arbitrary; else a
Primitive.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "openapi-v1.23.json.gz"
OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
API_VERSION_DOC = ("APIVersion defines the versioned schema of this representation of an object. Servers should "
                   "convert recognized schemas to the latest internal value, and may reject unrecognized values. "
                   "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources")
KIND_DOC = ("Kind is a string value representing the REST resource this object represents. Servers may infer this "
            "from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
            "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds")
METADATA_DOC = ("Standard object's metadata. More info: "
                "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")


@dataclass
class Model:
    """One proto schema: `kind` is Kind, Map, Array, Primitive, Reference or Arbitrary."""

    kind: str
    description: str = ""
    type: str = ""  # a Primitive's type
    fields: dict[str, "Model"] = field(default_factory=dict)  # a Kind's
    required: tuple[str, ...] = ()
    sub: "Model | None" = None  # an Array's items, a Map's values, a Reference's target (resolved lazily)
    ref: str = ""  # a Reference's definition name
    definitions: "Definitions | None" = None

    def target(self) -> "Model":
        """A Reference's SubSchema."""
        return self.definitions.model(self.ref)

    def keys(self) -> list[str]:
        return sorted(self.fields)


class Definitions:
    """Named schemas, parsed on demand (references are followed lazily: the models are recursive)."""

    def __init__(self, schemas: dict[str, dict]) -> None:
        self.schemas = schemas
        self._parsed: dict[str, Model] = {}

    def model(self, name: str) -> Model:
        if name not in self._parsed:
            self._parsed[name] = self.parse(self.schemas.get(name) or {})
        return self._parsed[name]

    def parse(self, schema: dict) -> Model:
        description = str(schema.get("description") or "")
        if "$ref" in schema:
            return Model("Reference", description, ref=str(schema["$ref"]).rsplit("/", 1)[-1], definitions=self)
        kind = schema.get("type")
        properties = schema.get("properties")
        if isinstance(kind, list):
            kind = kind[0] if len(kind) == 1 else None
            if kind is None:
                return Model("Arbitrary", description)
        if not kind:
            return self._kind(schema, description) if properties is not None else Model("Arbitrary", description)
        if kind == "object":
            if properties is not None:
                return self._kind(schema, description)
            additional = schema.get("additionalProperties")
            sub = self.parse(additional) if isinstance(additional, dict) else Model("Arbitrary", description)
            return Model("Map", description, sub=sub)
        if kind == "array":
            items = schema.get("items")
            return Model("Array", description, sub=self.parse(items) if isinstance(items, dict) else Model("Arbitrary"))
        return Model("Primitive", description, type=str(kind))

    def _kind(self, schema: dict, description: str) -> Model:
        fields = {name: self.parse(sub if isinstance(sub, dict) else {})
                  for name, sub in (schema.get("properties") or {}).items()}
        return Model("Kind", description, fields=fields, required=tuple(schema.get("required") or ()))


@lru_cache(maxsize=1)
def built_in() -> tuple[Definitions, dict[tuple[str, str, str], str]]:
    """The v1.23 definitions and the definition that serves each (group, version, kind)."""
    schemas = json.loads(gzip.decompress(DATA.read_bytes()))
    by_gvk = {}
    for name, schema in schemas.items():
        for gvk in schema.get("x-kubernetes-group-version-kind") or ():
            by_gvk.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
    return Definitions(schemas), by_gvk


def lookup_resource(group: str, version: str, kind: str, custom_schema: dict | None = None) -> Model | None:
    """openapi.Resources.LookupResource(gvk): the model of a kind at a version, or None."""
    if custom_schema is not None:
        definitions, _ = built_in()
        schema = dict(custom_schema)
        properties = dict(schema.get("properties") or {})
        properties["apiVersion"] = {"type": "string", "description": API_VERSION_DOC}
        properties["kind"] = {"type": "string", "description": KIND_DOC}
        properties["metadata"] = {"$ref": OBJECT_META, "description": METADATA_DOC}
        schema["properties"] = properties
        schema.setdefault("type", "object")
        return definitions.parse(schema)
    definitions, by_gvk = built_in()
    name = by_gvk.get((group, version, kind))
    return definitions.model(name) if name else None
