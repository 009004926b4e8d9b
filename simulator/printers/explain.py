"""`kubectl explain`'s text, as kubectl 1.23's `pkg/explain` prints a model.

`field_lookup.go` walks the path (arrays, maps and references are passed through; a primitive ends
the walk; a Kind without the field is `field "x" does not exist`); `model_printer.go` prints KIND,
VERSION, then RESOURCE (a Kind reached by a path) or FIELD (a primitive), the descriptions gathered
on the way, and FIELDS (`fields_printer.go`: each key sorted, its type name from `typename.go`,
` -required-`, its description; `recursive_fields_printer.go`: names and types only, three more
spaces per level, a reference not re-entered while inside itself). `formatter.go` wraps text at
80 columns less the indentation, keeping line breaks after `:`, code blocks, blank lines and list items.
"""

from __future__ import annotations

import re

from simulator.registry.openapi_docs import Model

FIELD_INDENT = 3
DESCRIPTION_INDENT = 5
FIELD_DESCRIPTION_INDENT = 2
RECURSIVE_INDENT = 3
WRAP = 80
_BULLET = re.compile(r"^(\d+\.?|-|\*)\s")


class ExplainError(Exception):
    """kubectl's message without `error: `."""


def _go_len(text: str) -> int:
    return len(text.encode())


def wrap_string(text: str, wrap: int) -> list[str]:
    """formatter.go wrapString."""
    wrapped: list[str] = []
    words: list[str] = []
    last_word = ""

    def flush() -> None:
        nonlocal words, last_word
        if words:
            last_word = ""
            wrapped.append(" ".join(words))
            words = []

    def should_start_new_line(line: str) -> bool:
        if last_word.endswith(":") or line.startswith("    "):
            return True
        line = line.strip()
        return not line or bool(_BULLET.match(line))

    for line in text.split("\n"):
        if line.startswith("    "):
            flush()
            wrapped.append(line)
            continue
        if wrapped and not line.strip():
            flush()
            wrapped.append("")
            continue
        if should_start_new_line(line):
            flush()
        for word in line.split():
            last_word = word
            if words and _go_len(" ".join(words + [word])) > wrap:
                flush()
            words.append(word)
    flush()
    return wrapped


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text if text else "")

    def wrapped(self, indent: int, text: str) -> None:
        for line in wrap_string(text, WRAP - indent):
            self.write(indent, line)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def type_name(model: Model) -> str:
    """typename.go GetTypeName (Arbitrary has no name)."""
    if model.kind == "Array":
        return f"[]{type_name(model.sub)}"
    if model.kind == "Map":
        return f"map[string]{type_name(model.sub)}"
    if model.kind == "Kind":
        return "Object"
    if model.kind == "Primitive":
        return model.type
    if model.kind == "Reference":
        return type_name(model.target())
    return ""


def lookup_field(model: Model, path: list[str]) -> Model:
    """field_lookup.go LookupSchemaForField."""
    path = list(path)
    while True:
        if model.kind in ("Primitive", "Arbitrary"):
            return model
        if not path:
            return model
        if model.kind == "Kind":
            if path[0] not in model.fields:
                raise ExplainError(f'field "{path[0]}" does not exist')
            model = model.fields[path.pop(0)]
        elif model.kind == "Reference":
            model = model.target()
        else:  # Array, Map
            model = model.sub


def _print_fields(w: _Writer, indent: int, model: Model) -> None:
    while model.kind in ("Array", "Map", "Reference"):
        model = model.target() if model.kind == "Reference" else model.sub
    if model.kind != "Kind":
        return
    for key in model.keys():
        sub = model.fields[key]
        required = " -required-" if key in model.required else ""
        w.write(indent, f"{key}\t<{type_name(sub)}>{required}")
        w.wrapped(indent + FIELD_DESCRIPTION_INDENT, sub.description)
        w.write(0, "")


def _print_recursive(w: _Writer, indent: int, model: Model, visiting: set[str]) -> None:
    if model.kind in ("Array", "Map"):
        _print_recursive(w, indent, model.sub, visiting)
    elif model.kind == "Reference":
        if model.ref in visiting:
            return
        visiting.add(model.ref)
        _print_recursive(w, indent, model.target(), visiting)
        visiting.discard(model.ref)
    elif model.kind == "Kind":
        for key in model.keys():
            sub = model.fields[key]
            w.write(indent, f"{key}\t<{type_name(sub)}>")
            _print_recursive(w, indent + RECURSIVE_INDENT, sub, visiting)


def explain(model: Model, path: list[str], kind: str, group_version: str, recursive: bool = False) -> str:
    """explain.PrintModelDescription: the text for `kubectl explain <resource>[.<path>]`."""
    name = path[-1] if path else ""
    found = lookup_field(model, path)
    w = _Writer()
    descriptions: list[str] = []
    value_type = ""
    while found.kind in ("Array", "Map", "Reference"):
        descriptions.append(found.description)
        if found.kind == "Reference":
            found = found.target()
        else:
            value_type = value_type or type_name(found)
            found = found.sub
    w.write(0, f"KIND:     {kind}")
    w.write(0, f"VERSION:  {group_version}")
    w.write(0, "")
    if found.kind == "Kind":
        value_type = value_type or "Object"
        if name:
            w.write(0, f"RESOURCE: {name} <{value_type}>")
            w.write(0, "")
    elif found.kind == "Primitive":
        w.write(0, f"FIELD:    {name} <{value_type or found.type}>")
        w.write(0, "")
    _print_description(w, descriptions + [found.description])
    if found.kind == "Kind":
        w.write(0, "")
        w.write(0, "FIELDS:")
        if recursive:
            _print_recursive(w, FIELD_INDENT, found, set())
        else:
            _print_fields(w, FIELD_INDENT, found)
    return w.text()


def _print_description(w: _Writer, descriptions: list[str]) -> None:
    w.write(0, "DESCRIPTION:")
    empty = True
    for index, description in enumerate(descriptions):
        if not description:
            continue
        empty = False
        if index:
            w.write(0, "")
        w.wrapped(DESCRIPTION_INDENT, description)
    if empty:
        w.wrapped(DESCRIPTION_INDENT, "<empty>")
