"""A custom resource against its CRD's OpenAPI v3 schema, as the 1.23 API server treats it.

Three steps, in the server's order (apiextensions-apiserver `pkg/apiserver/customresource_handler.go`
and `schema/defaulting`, `schema/pruning`, then `pkg/apiserver/validation.ValidateCustomResource`):
1. `default`: a property absent from an object whose schema has a `default` gets a copy of it
   (structural defaulting, applied to objects and array items recursively);
2. `prune`: fields a schema does not name are dropped, unless the schema has
   `x-kubernetes-preserve-unknown-fields: true`; `additionalProperties` schemas apply to every value;
   the root's `apiVersion`, `kind` and `metadata` are kept (metadata is ObjectMeta's own);
3. `validate`: kube-openapi's validator (go-openapi's texts, `<path> in body must be of type ...`),
   each error converted to a `field.Error` as ValidateCustomResource does: required ->
   `Required value`, enum -> `Unsupported value`, maxLength -> `Too long`, maxItems -> `Too many`,
   anything else -> `Invalid value` with go-openapi's message as the detail.
"""

from __future__ import annotations

import json
import re
from typing import Any

from simulator.errors import FieldError
from simulator.frozen import thaw

ROOT_KEPT = ("apiVersion", "kind", "metadata")


def json_type(value: Any) -> str:
    """go-openapi's schemaInfoForType: the JSON type of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# --- defaulting and pruning ----------------------------------------------------------------------

def apply_defaults(value: Any, schema: dict) -> None:
    """structuraldefaulting.Default: fill absent properties with their schema's default, in place."""
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        for key, sub in properties.items():
            if key not in value and isinstance(sub, dict) and "default" in sub:
                value[key] = thaw(sub["default"])
        for key, item in value.items():
            sub = properties.get(key)
            if sub is None and isinstance(schema.get("additionalProperties"), dict):
                sub = schema["additionalProperties"]
            if sub is not None:
                apply_defaults(item, sub)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            apply_defaults(item, schema["items"])


def prune(value: Any, schema: dict, *, root: bool = False) -> None:
    """structuralpruning.Prune: drop what the schema does not specify, in place."""
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        properties = schema.get("properties")
        additional = schema.get("additionalProperties")
        preserve = schema.get("x-kubernetes-preserve-unknown-fields") is True
        for key in list(value):
            if root and key in ROOT_KEPT:
                continue
            if properties and key in properties:
                prune(value[key], properties[key])
            elif isinstance(additional, dict):
                prune(value[key], additional)
            elif additional is True or preserve or schema.get("x-kubernetes-embedded-resource"):
                continue
            else:
                del value[key]
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            prune(item, schema["items"])


# --- validation ----------------------------------------------------------------------------------

def _go_number(value: Any) -> str:
    """%v of a float64 bound: 1 -> `1`, 1.5 -> `1.5`."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _type_matches(expected: str, actual: str, schema: dict, value: Any) -> bool:
    if expected == actual:
        return True
    if expected == "number" and actual == "integer":
        return True
    if expected == "integer" and actual == "number":
        return float(value).is_integer()
    return False


class _Validator:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def invalid(self, path: str, value: Any, message: str) -> None:
        self.errors.append(FieldError("Invalid value", path, "" if value is None else value, message))

    def visit(self, value: Any, schema: dict, path: str) -> None:
        if not isinstance(schema, dict):
            return
        actual = json_type(value)
        if schema.get("x-kubernetes-int-or-string"):
            if actual not in ("integer", "string"):
                self.invalid(path, actual, f"{path} in body must be of type integer,string: {json.dumps(actual)}")
                return
        elif schema.get("type") and not _type_matches(schema["type"], actual, schema, value):
            if value is None and schema.get("nullable"):
                return
            self.invalid(path, actual, f"{path} in body must be of type {schema['type']}: {json.dumps(actual)}")
            return
        if "enum" in schema and value not in schema["enum"]:
            supported = [v if isinstance(v, str) else json.dumps(v) for v in schema["enum"]]
            self.errors.append(FieldError("Unsupported value", path, value,
                                          "supported values: " + ", ".join(json.dumps(v) for v in supported)))
        if actual == "string":
            self._string(value, schema, path)
        elif actual in ("integer", "number"):
            self._number(value, schema, path)
        elif actual == "array":
            self._array(value, schema, path)
        elif actual == "object":
            self._object(value, schema, path)

    def _string(self, value: str, schema: dict, path: str) -> None:
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            self.errors.append(FieldError("Too long", path, None, f"may not be longer than {schema['maxLength']}"))
        if "minLength" in schema and len(value) < schema["minLength"]:
            self.invalid(path, value, f"{path} in body should be at least {schema['minLength']} chars long")
        if "pattern" in schema:
            try:
                matched = re.search(schema["pattern"], value) is not None
            except re.error:
                matched = True
            if not matched:
                self.invalid(path, value, f"{path} in body should match '{schema['pattern']}'")

    def _number(self, value: float, schema: dict, path: str) -> None:
        if "maximum" in schema:
            bound = schema["maximum"]
            if schema.get("exclusiveMaximum") and value >= bound:
                self.invalid(path, value, f"{path} in body should be less than {_go_number(bound)}")
            elif value > bound:
                self.invalid(path, value, f"{path} in body should be less than or equal to {_go_number(bound)}")
        if "minimum" in schema:
            bound = schema["minimum"]
            if schema.get("exclusiveMinimum") and value <= bound:
                self.invalid(path, value, f"{path} in body should be greater than {_go_number(bound)}")
            elif value < bound:
                self.invalid(path, value, f"{path} in body should be greater than or equal to {_go_number(bound)}")
        if schema.get("multipleOf") and (value / schema["multipleOf"]) % 1:
            self.invalid(path, value, f"{path} in body should be a multiple of {_go_number(schema['multipleOf'])}")

    def _array(self, value: list, schema: dict, path: str) -> None:
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            self.errors.append(FieldError("Too many", path, len(value), f"must have at most {schema['maxItems']} items"))
        if "minItems" in schema and len(value) < schema["minItems"]:
            self.invalid(path, value, f"{path} in body should have at least {schema['minItems']} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) < len(value):
            self.invalid(path, value, f"{path} in body shouldn't contain duplicates")
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                self.visit(item, items, f"{path}.{index}")  # sliceValidator: `<path>.<i>`

    def _object(self, value: dict, schema: dict, path: str) -> None:
        for key in schema.get("required") or ():
            if key not in value:
                self.errors.append(FieldError("Required value", f"{path}.{key}" if path else key))
        properties = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        for key in sorted(value):
            sub = properties.get(key)
            if sub is None and isinstance(additional, dict):
                sub = additional
            if sub is not None:
                self.visit(value[key], sub, f"{path}.{key}" if path else key)


def validate(document: dict, schema: dict) -> list[FieldError]:
    """ValidateCustomResource's field errors for the whole object (metadata aside)."""
    validator = _Validator()
    body = {k: v for k, v in document.items() if k != "metadata"}
    top = dict(schema)
    properties = {k: v for k, v in (schema.get("properties") or {}).items() if k != "metadata"}
    top["properties"] = properties
    validator.visit(body, top, "")
    return validator.errors
