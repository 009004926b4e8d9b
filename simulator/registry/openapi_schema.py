"""kubectl 1.23's client-side validation (`--validate=true`, the default) for the kinds served here.

Follows `kubectl/pkg/util/openapi/validation/validation.go` (`ValidateBytes`, `getObjectKind`,
`validateList`) and `kube-openapi/pkg/util/proto/validation` (`types.go`, `errors.go`) step for
step, so the ValidationError texts, their order (keys sorted, then required fields in struct
order) and the aggregate form `[e1, e2]` come out as kubectl prints them. The models are data in
`openapi_v1_23.py`.

What it does not do: the `NoDoubleKeySchema` half of kubectl's validator (duplicate keys under
metadata.labels/annotations, only reachable with JSON input, since YAML already collapses them);
server-side validation (field values, names) belongs to the registry strategies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.registry.openapi_v1_23 import DEFINITIONS, PREFIXES, RESOURCES

STOP_VALIDATE_MESSAGE = "if you choose to ignore these errors, turn validation off with --validate=false"


@dataclass(frozen=True)
class Primitive:
    path: str
    type: str


@dataclass(frozen=True)
class Arbitrary:
    path: str


@dataclass(frozen=True)
class ArrayOf:
    path: str
    sub: object


@dataclass(frozen=True)
class MapOf:
    path: str
    sub: object


@dataclass(frozen=True)
class Kind:
    path: str
    fields: dict = field(hash=False)
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ref:
    name: str


def _full_name(short: str) -> str:
    for prefix, full in PREFIXES.items():
        if short.startswith(prefix):
            return full + short[len(prefix):]
    return short


def _parse(spec: str, path: str) -> object:
    """One schema string of the data module, as kube-openapi's proto.ParseSchema would build it."""
    if spec.startswith("#"):
        return Ref(_full_name(spec[1:]))
    if spec.startswith("["):
        return ArrayOf(path, _parse(spec[1:-1], path))
    if spec.startswith("{"):
        return MapOf(path, _parse(spec[1:-1], path))
    if spec == "object":
        return MapOf(path, Arbitrary(path))
    return Primitive(path, spec)


def _build_models() -> dict[str, object]:
    models: dict[str, object] = {}
    for short, spec in DEFINITIONS.items():
        name = _full_name(short)
        if isinstance(spec, str):
            models[name] = _parse(spec, name)
        else:
            fields = {key: _parse(value, f"{name}.{key}") for key, value in spec["properties"].items()}
            models[name] = Kind(name, fields, tuple(spec["required"]))
    return models


MODELS = _build_models()
_RESOURCE_MODELS = {gvk: _full_name(short) for gvk, short in RESOURCES.items()}


def go_quote(text: str) -> str:
    """Go's strconv.Quote (`%q`): printable characters kept, the rest escaped."""
    escapes = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
               '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in text:
        code = ord(ch)
        if ch in escapes:
            out.append(escapes[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def parse_group_version(api_version: str) -> tuple[str, str]:
    """apimachinery's schema.ParseGroupVersion; ValueError carries its message."""
    if api_version in ("", "/"):
        return "", ""
    if api_version.count("/") == 0:
        return "", api_version
    if api_version.count("/") == 1:
        group, version = api_version.split("/")
        return group, version
    raise ValueError(f"unexpected GroupVersion string: {api_version}")


def object_kind(obj: object) -> tuple[tuple[str, str, str] | None, list[str]]:
    """getObjectKind: the (group, version, kind) of a document, or why it has none."""
    if not isinstance(obj, dict):
        return None, ["invalid object to validate"]
    errors: list[str] = []
    group = version = ""
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if api_version is None:
        errors.append("apiVersion not set")
    elif not isinstance(api_version, str):
        errors.append("apiVersion isn't string type")
    else:
        try:
            group, version = parse_group_version(api_version)
        except ValueError as error:
            errors.append(str(error))
    if kind is None:
        errors.append("kind not set")
    elif not isinstance(kind, str):
        errors.append("kind isn't string type")
    return (None, errors) if errors else ((group, version, kind), [])


def validate_document(doc: object) -> list[str]:
    """The errors kubectl 1.23 finds in one decoded document, in its order; [] when it is valid."""
    gvk, errors = object_kind(doc)
    if gvk is None:
        return errors
    if gvk == ("", "v1", "List"):
        return _validate_list(doc)
    return _validate_resource(doc, gvk)


def format_validation_error(source: str, errors: list[str]) -> str:
    """`error: error validating "svc.yaml": error validating data: ...; if you choose to ignore ...`."""
    return (f"error: error validating {go_quote(source)}: error validating data: {aggregate(errors)}; "
            f"{STOP_VALIDATE_MESSAGE}")


def aggregate(messages: list[str]) -> str:
    """utilerrors.Aggregate.Error(): one message as is, several deduplicated inside `[...]`."""
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


def _validate_list(doc: dict) -> list[str]:
    items = doc.get("items")
    if not isinstance(items, list):
        return ["invalid object to validate"]
    errors: list[str] = []
    for item in items:
        gvk, kind_errors = object_kind(item)
        errors.extend(kind_errors if gvk is None else _validate_resource(item, gvk))
    return errors


def _validate_resource(obj: dict, gvk: tuple[str, str, str]) -> list[str]:
    name = _RESOURCE_MODELS.get(gvk)
    if name is None:  # the server publishes no model for it: kubectl skips validation
        return []
    errors: list[str] = []
    _visit(MODELS[name], obj, gvk[2], errors)
    return errors


def _item_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "map"
    return "string"


def _invalid_type(path: str, schema_path: str, actual: str, expected: str) -> str:
    return f"ValidationError({path}): invalid type for {schema_path}: got {go_quote(actual)}, expected {go_quote(expected)}"


def _visit(schema: object, value: object, path: str, errors: list[str]) -> None:
    """schema.Accept(item) for a non-null value at data path `path`."""
    while isinstance(schema, Ref):
        schema = MODELS[schema.name]
    if isinstance(schema, Arbitrary):
        return
    kind = _item_kind(value)
    if kind == "map":
        _visit_map(schema, value, path, errors)
    elif kind == "array":
        _visit_array(schema, value, path, errors)
    elif isinstance(schema, Primitive):
        if not _primitive_accepts(schema.type, kind):
            errors.append(_invalid_type(path, schema.path, kind, schema.type))
    else:
        errors.append(_invalid_type(path, schema.path, kind, "array" if isinstance(schema, ArrayOf) else "map"))


def _primitive_accepts(expected: str, actual: str) -> bool:
    # A string field takes any primitive, a number field any number (types.go VisitPrimitive).
    if expected == "string":
        return True
    if expected in ("integer", "number"):
        return actual in ("integer", "number")
    return expected == actual


def _visit_map(schema: object, value: dict, path: str, errors: list[str]) -> None:
    if isinstance(schema, Primitive):
        errors.append(_invalid_type(path, schema.path, "map", schema.type))
    elif isinstance(schema, ArrayOf):
        errors.append(_invalid_type(path, schema.path, "map", "array"))
    elif isinstance(schema, MapOf):
        for key in sorted(value):
            if value[key] is None:
                errors.append(f"unknown object type {go_quote('nil')} in {path}.{key}")
            else:
                _visit(schema.sub, value[key], f"{path}.{key}", errors)
    else:
        _visit_kind(schema, value, path, errors)


def _visit_kind(schema: Kind, value: dict, path: str, errors: list[str]) -> None:
    for key in sorted(value):
        if value[key] is None:
            continue
        if key not in schema.fields:
            errors.append(f"ValidationError({path}): unknown field {go_quote(key)} in {schema.path}")
            continue
        _visit(schema.fields[key], value[key], f"{path}.{key}", errors)
    for required in schema.required:
        if value.get(required) is None:
            errors.append(f"ValidationError({path}): missing required field {go_quote(required)} in {schema.path}")


def _visit_array(schema: object, value: list, path: str, errors: list[str]) -> None:
    if isinstance(schema, Primitive):
        errors.append(_invalid_type(path, schema.path, "array", schema.type))
    elif not isinstance(schema, ArrayOf):
        errors.append(_invalid_type(path, schema.path, "array", "map"))
    else:
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if item is None:
                errors.append(f"ValidationError({path}): unknown object type {go_quote('nil')} in {item_path}")
            else:
                _visit(schema.sub, item, item_path, errors)
