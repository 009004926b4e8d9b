"""The pod-template-hash as the v1.23 controllers compute it (controller.ComputeHash).

ComputeHash writes `spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true,
SpewKeys: true}.Fprintf(hasher, "%#v", *template)` into an FNV-32a hasher
(k8s.io/kubernetes/pkg/util/hash.DeepHashObject), adds the Deployment's collisionCount as
eight little-endian bytes when there is one, and encodes the decimal sum with
rand.SafeEncodeString. spew's `%#v` prints every field of every struct in Go declaration
order, each with its Go type in parentheses, so the print is made from the Go layout of
k8s.io/api v0.23.7 (`go_types_v1_23`, generated from the sources) applied to the template as
the API server stored it (defaults filled in). Values missing from the JSON are Go's zero
values: empty lists and maps decode as nil, as the controller's protobuf decoding leaves them.
"""

from __future__ import annotations

import re
import struct

from simulator.controllers.go_types_v1_23 import PACKAGES, TYPES

SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193
INTEGERS = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"}
DECIMAL_SUFFIXES = {"": 0, "n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
QUANTITY = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$")


def compute_hash(template: dict, collision_count: int | None = None) -> str:
    """controller.ComputeHash(&template, collisionCount)."""
    data = spew_print(template or {}, "core.PodTemplateSpec").encode()
    if collision_count is not None:
        data += struct.pack("<I", collision_count & 0xFFFFFFFF) + bytes(4)
    return safe_encode(str(fnv32a(data)))


def fnv32a(data: bytes) -> int:
    value = FNV_OFFSET
    for byte in data:
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return value


def safe_encode(text: str) -> str:
    """rand.SafeEncodeString: each byte mapped into an alphabet without vowels or look-alikes."""
    return "".join(SAFE_ALPHABET[byte % len(SAFE_ALPHABET)] for byte in text.encode())


def go_name(expr: str) -> str:
    """The type as reflect's Type.String() prints it: `[]core.Container` -> `[]v1.Container`."""
    return re.sub(r"(\w+)\.(\w+)", lambda m: f"{PACKAGES.get(m.group(1), m.group(1))}.{m.group(2)}", expr)


def spew_print(value, expr: str) -> str:
    out: list[str] = []
    Printer(out).format(value, expr, ignore_type=False)
    return "".join(out)


class Printer:
    """spew's formatState.format for `%#v`, over JSON values read through Go types."""

    def __init__(self, out: list[str]) -> None:
        self.out = out

    def format(self, value, expr: str, ignore_type: bool) -> None:
        if expr.startswith("*"):
            self.pointer(value, expr, ignore_type)
            return
        if not ignore_type:
            self.out.append(f"({go_name(expr)})")
        underlying = self.underlying(expr)
        if underlying.startswith("[]"):
            self.sequence(value, underlying[2:])
        elif underlying.startswith("map["):
            self.mapping(value, underlying)
        elif underlying == "struct":
            self.structure(value, expr)
        elif underlying == "string":
            self.out.append("" if value is None else str(value))
        elif underlying == "bool":
            self.out.append("true" if value else "false")
        elif underlying in INTEGERS:
            self.out.append(str(int(value or 0)))
        else:  # floats and the like never occur in a pod template
            self.out.append(str(value))

    @staticmethod
    def underlying(expr: str) -> str:
        """Named types print like what they are made of; structs say so."""
        while expr in TYPES:
            kind, body = TYPES[expr]
            if kind != "named":
                return "struct"
            expr = body
        return expr

    def pointer(self, value, expr: str, ignore_type: bool) -> None:
        if value is None:
            self.out.append("<nil>" if ignore_type else f"({go_name(expr)})<nil>")
            return
        self.out.append("<*>" if ignore_type else f"(*{go_name(expr[1:])})")
        self.format(value, expr[1:], ignore_type=True)

    def sequence(self, value, element: str) -> None:
        if not value:
            self.out.append("<nil>")  # an empty list decodes as a nil slice
            return
        self.out.append("[")
        for index, item in enumerate(value):
            if index:
                self.out.append(" ")
            self.format(item, element, ignore_type=True)
        self.out.append("]")

    def mapping(self, value, underlying: str) -> None:
        if not value:
            self.out.append("<nil>")
            return
        key_type, value_type = split_map(underlying)
        self.out.append("map[")
        for index, key in enumerate(sorted(value)):  # SortKeys: string keys in byte order
            if index:
                self.out.append(" ")
            self.format(key, key_type, ignore_type=True)
            self.out.append(":")
            self.format(value[key], value_type, ignore_type=True)
        self.out.append("]")

    def structure(self, value, expr: str) -> None:
        fields = go_fields(value, expr)
        self.out.append("{")
        for index, (name, field_type, field_value) in enumerate(fields):
            if index:
                self.out.append(" ")
            self.out.append(f"{name}:")
            self.format(field_value, field_type, ignore_type=False)
        self.out.append("}")


def split_map(underlying: str) -> tuple[str, str]:
    depth = 0
    for index, char in enumerate(underlying[3:], start=3):
        depth += char == "["
        depth -= char == "]"
        if depth == 0:
            return underlying[4:index], underlying[index + 1:]
    raise ValueError(underlying)


def go_fields(value, expr: str) -> list[tuple[str, str, object]]:
    """The struct's fields in declaration order, each with its value read from the JSON form."""
    if expr == "intstr.IntOrString":
        is_text = isinstance(value, str)
        return [("Type", "intstr.Type", 1 if is_text else 0), ("IntVal", "int32", 0 if is_text else value or 0),
                ("StrVal", "string", value if is_text else "")]
    if expr == "metav1.Time":
        # the API server drops a template's timestamps; one that stays is hashed as unset (approximation)
        return [("Time", "time.Time", None)]
    if expr == "resource.Quantity":
        return quantity_fields(value)
    value = value or {}
    _, fields = TYPES[expr]
    return [(name, field_type, value.get(json_name) if json_name else None) for name, field_type, json_name in fields]


def quantity_fields(text) -> list[tuple[str, str, object]]:
    """resource.ParseQuantity's fast path (int64Amount), keeping the string when it is canonical."""
    value, scale, canonical, suffix_format = parse_quantity(str(text or "0"))
    return [("i", "resource.int64Amount", {"value": value, "scale": scale}),
            ("d", "resource.infDecAmount", None), ("s", "string", str(text) if canonical else ""),
            ("Format", "resource.Format", suffix_format)]


def parse_quantity(text: str) -> tuple[int, int, bool, str]:
    match = QUANTITY.match(text.strip()) or QUANTITY.match("0")  # validation refused anything else
    sign, number, fraction, suffix = match.group(1), match.group(2) or "0", match.group(3) or "", match.group(4)
    if suffix in BINARY_SUFFIXES:
        exponent, quantity_format = BINARY_SUFFIXES[suffix], "BinarySI"
    elif suffix in DECIMAL_SUFFIXES:
        exponent, quantity_format = DECIMAL_SUFFIXES[suffix], "DecimalSI"
    else:
        exponent, quantity_format = int(suffix[1:]), "DecimalExponent"
    shifted = (number + fraction).lstrip("+") or "0"
    if quantity_format == "BinarySI":
        # a fractional binary quantity takes ParseQuantity's inf.Dec path; hashed by its value here (approximation)
        result, scale = (int(shifted) << exponent) // 10 ** len(fraction), 0
        canonical = exponent % 10 == 0 and (int(shifted) & 0x07) != 0
    else:
        scale = exponent - len(fraction)
        result = int(shifted)
        canonical = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
    return (-result if sign == "-" else result), scale, canonical, quantity_format

