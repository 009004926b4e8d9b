"""The API server's first step on a request body: decode it into a typed object.

Kubernetes 1.23 decodes leniently (unknown fields are dropped without a word) but a value
of the wrong type cannot be decoded: the request fails with BadRequest, `Service in version
"v1" cannot be handled as a Service: ...`. The detail here is the OpenAPI type error, not
json-iterator's own wording. Field values (names, ranges) are checked later by the strategies.
A `null` decodes to the field's zero value (`spec:` with only comments under it is a null
spec, which Go decodes to an empty ServiceSpec), so the strategies never meet a None.
"""

from __future__ import annotations

import re

from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry import openapi_schema
from simulator.registry.kinds import BUILT_IN, TypeRegistry
from simulator.registry.limits import check_request_body

VALIDATION_PREFIX = re.compile(r"^ValidationError\([^)]*\): ")


def decode_object(document: dict, types: TypeRegistry = BUILT_IN) -> KubeObject:
    """A KubeObject from a manifest document whose kind the server serves (`types`: the cluster's)."""
    rt = types.by_kind(document.get("kind", ""), document.get("apiVersion"))
    check_request_body(document, rt.plural, str((document.get("metadata") or {}).get("name") or ""))
    api_version = document.get("apiVersion") or rt.api_version
    typed = {**document, "apiVersion": api_version}
    type_errors = [e for e in openapi_schema.validate_document(typed) if "invalid type for" in e or "got \"" in e]
    if type_errors:
        detail = VALIDATION_PREFIX.sub("", type_errors[0])
        raise StatusError("BadRequest", f'{rt.kind} in version "{rt.version}" cannot be handled as a {rt.kind}: {detail}',
                          400, rt.plural, str((document.get("metadata") or {}).get("name") or ""))
    meta = document.get("metadata") or {}
    metadata = ObjectMeta(
        name=str(meta.get("name") or ""),
        namespace=str(meta["namespace"]) if meta.get("namespace") and rt.namespaced else None,
        labels={str(k): "" if v is None else str(v) for k, v in (meta.get("labels") or {}).items()},
        annotations={str(k): str(v) for k, v in (meta.get("annotations") or {}).items()},
        generate_name=str(meta.get("generateName") or ""),
    )
    # the document was just parsed for this request, so its values are owned here, not copied
    body = {k: zero_nulls(v) for k, v in document.items()
            if k not in ("apiVersion", "kind", "metadata", "status") and v is not None}
    return KubeObject(api_version, rt.kind, metadata, body)


def zero_nulls(value):
    """Go's decoder on a null: a field keeps its zero value (every v1 field is omitempty, so
    absent here) and a null list item is a zero struct; the strategies then default and
    validate it as the API server does (`spec.ports: Required value`, never a crash)."""
    if isinstance(value, dict):
        return {k: zero_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [{} if item is None else zero_nulls(item) for item in value]
    return value
