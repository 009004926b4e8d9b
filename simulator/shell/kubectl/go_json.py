"""sigs.k8s.io/yaml's step from a yaml.v2 value to JSON, and Go's formatting of what it prints.

`to_json` is the object YAMLToJSON and the JSON round trip leave: string keys (others spelled as
convertToJSONableObject does, or its error), integral floats as ints (util/json's int64 rule).
`go_json` is encoding/json.Marshal of a decoded document (Go's number and escape formatting);
`go_sharp_v` is fmt's %#v, which yaml.v2 and the conversion use in their error texts.

MAX_DEPTH is a simulator limit, not kubectl behaviour, shared by YAML and JSON reading: nesting
deeper than it raises TooDeep.
"""

from __future__ import annotations

import decimal
import json
import math
import re
import struct

from simulator.registry.openapi_schema import go_quote

MAX_DEPTH = 128


class TooDeep(Exception):
    pass


class ConversionError(Exception):
    """convertToJSONableObject or json.Marshal refusing a value."""


def _json_key(key: tuple[str, object], value: object) -> str:
    kind, raw = key
    if kind == "str":
        return raw
    if kind == "bool":
        return "true" if raw else "false"
    if kind == "int" and -(2**63) <= raw < 2**63:
        return str(raw)
    if kind == "float":
        return _float32_key(raw)
    go_type, shown = ("uint64", f"0x{raw:x}") if kind == "int" else ("%!s(<nil>)", "<nil>")
    shown_value = "<nil>" if value is None else go_sharp_v(value)
    raise ConversionError(f"Unsupported map key of type: {go_type}, key: {shown}, value: {shown_value}")


def _float32_key(number: float) -> str:
    """strconv.FormatFloat(key, 'g', -1, 32) with go-yaml's spelling of infinities and NaN."""
    if not math.isfinite(number):
        return ".nan" if math.isnan(number) else (".inf" if number > 0 else "-.inf")
    try:
        single = struct.unpack("f", struct.pack("f", number))[0]
    except OverflowError:
        return ".inf" if number > 0 else "-.inf"
    digits = next(f"{single:.{p}e}" for p in range(9)
                  if struct.unpack("f", struct.pack("f", float(f"{single:.{p}e}")))[0] == single)
    mantissa, exponent = digits.split("e")
    if -4 <= int(exponent) < 6:  # FormatFloat 'g' with the shortest precision switches at 1e6
        return _go_json_number(float(digits))
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent):+03d}"


def to_json(value: object, depth: int) -> object:
    """The object JSON round-trip leaves: string keys, integral floats as ints (util/json int64 rule)."""
    if depth > MAX_DEPTH:
        raise TooDeep
    if isinstance(value, dict):
        return {(_json_key(key, item) if isinstance(key, tuple) else key): to_json(item, depth + 1)
                for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item, depth + 1) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConversionError("json: unsupported value: " + _go_special_float(value))
        return int(value) if value.is_integer() and -(2**63) <= value < 2**63 else value
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def _go_json_number(number: float) -> str:
    text = repr(number)
    if 1e-6 <= abs(number) < 1e21 or number == 0:
        text = format(decimal.Decimal(text), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return re.sub(r"e-0(\d)$", r"e-\1", text)


_GO_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "<": "\\u003c", ">": "\\u003e",
                    "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def go_json(value: object) -> str:
    """encoding/json.Marshal of a decoded document: keys sorted, no spaces, `<>&` escaped as Go does."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json(key)}:{go_json(value[key])}" for key in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(go_json(item) for item in value) + "]"
    if isinstance(value, str):
        return '"' + "".join(_GO_JSON_ESCAPES.get(char) or (f"\\u{ord(char):04x}" if char < " " else char)
                             for char in value) + '"'
    if isinstance(value, float):
        return _go_json_number(value)
    return json.dumps(value)


def go_sharp_v(value: object) -> str:
    """fmt's %#v for what yaml.v2 decodes into interface{} (used in its error texts)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: repr(item[0]))
        return "map[interface {}]interface {}{" + ", ".join(
            f"{go_sharp_v(k[1])}:{go_sharp_v(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_sharp_v(item) for item in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_json_number(value) if math.isfinite(value) else _go_special_float(value)
    return go_quote(value) if isinstance(value, str) else str(value)


def _go_special_float(value: float) -> str:
    return "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
