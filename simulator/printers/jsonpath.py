"""`kubectl get -o jsonpath=...`: client-go `util/jsonpath` execution plus kubectl's printer around it.

`render(template, document)` parses the template (`jsonpath_parser`), walks the
object as client-go's `FindResults` does (including its range/end bookkeeping),
and prints each action's results separated by spaces: strings as they are, maps
and lists as compact JSON. Missing keys print nothing, since kubectl passes
`--allow-missing-template-keys=true` by default. Errors are raised as
`JSONPathError` carrying kubectl's stderr text (`error: error parsing jsonpath ...`).

Map keys under `*` and `..` come out sorted; Go visits them in random order.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.printers.go_numbers import format_g
from simulator.printers.jsonpath_parser import Node, ParseError, SliceParam, parse
from simulator.printers.serialize import to_json


class JSONPathError(Exception):
    """A bad template or a failed execution; `str()` is kubectl's message, `stderr` adds the newline."""

    @property
    def stderr(self) -> str:
        return str(self) + "\n"


class ExecutionError(Exception):
    pass


def go_type(value: Any) -> str:
    """The Go type name client-go's messages show for an unstructured value."""
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return {bool: "bool", int: "int64", float: "float64", str: "string"}.get(type(value), "interface {}")


def go_value(value: Any) -> str:
    """Go's `%v` of an unstructured value (`map[a:b]`, `[x y]`, `<nil>`)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_g(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    return str(value)


def go_quote(text: str) -> str:
    """`strconv.Quote`."""
    escapes = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
               "\\": "\\\\", '"': '\\"'}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        elif not char.isprintable():
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def go_sharp_value(value: Any) -> str:
    """Go's `%#v` of an unstructured value, as kubectl's debugging dump prints it."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, dict):
        return ("map[string]interface {}{" + ", ".join(f"{go_quote(k)}:{go_sharp_value(value[k])}"
                                                       for k in sorted(value)) + "}")
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_sharp_value(v) for v in value) + "}"
    if isinstance(value, str):
        return go_quote(value)
    return go_value(value)


class Evaluator:
    """`JSONPath.FindResults` and the `eval*` functions of client-go's jsonpath.go."""

    def __init__(self, allow_missing_keys: bool = True) -> None:
        self.allow_missing_keys = allow_missing_keys
        self.begin_range = self.in_range = self.end_range = 0
        self.last_end_node: Node | None = None

    def find_results(self, data: Any, nodes: list[Node]) -> list[list[Any]]:
        current, full = [data], []
        i = 0
        while i < len(nodes):
            results = self.walk(current, nodes[i])
            if 0 < self.end_range <= self.in_range:
                self.end_range -= 1
                self.last_end_node = nodes[i]
                break
            if self.begin_range > 0:
                self.begin_range -= 1
                self.in_range += 1
                for value in results:
                    full.extend(self.find_results(value, nodes[i + 1:]))
                if not results:
                    self.find_results(None, nodes[i + 1:])
                self.in_range -= 1
                i = next((k for k in range(i + 1, len(nodes)) if nodes[k] is self.last_end_node), i)
                i += 1
                continue
            full.append(results)
            i += 1
        return full

    def walk(self, values: list[Any], node: Node) -> list[Any]:
        kind = node.kind
        if kind == "list":
            for child in node.nodes:
                values = self.walk(values, child)
            return values
        if kind == "text":
            return [node.value]
        if kind in ("int", "float", "bool"):
            return [node.value for _ in values]
        return getattr(self, f"_{kind}")(values, node)

    def _identifier(self, values: list[Any], node: Node) -> list[Any]:
        if node.value == "range":
            self.begin_range += 1
            return values
        if node.value == "end":
            if self.in_range > 0:
                self.end_range += 1
                return []
            raise ExecutionError("not in range, nothing to end")
        raise ExecutionError(f"unrecognized identifier {node.value}")

    def _field(self, values: list[Any], node: Node) -> list[Any]:
        results = [value[node.value] for value in values if isinstance(value, dict) and node.value in value]
        if not results and values and not self.allow_missing_keys:
            raise ExecutionError(f"{node.value} is not found")
        return results

    def _array(self, values: list[Any], node: Node) -> list[Any]:
        results: list[Any] = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise ExecutionError(f"{go_type(value)} is not array or slice")
            start, stop, step = (SliceParam(p.known, p.value, p.derived) for p in node.value)
            length = len(value)
            start.value = start.value if start.known else 0
            if start.value < 0:
                start.value += length
            if not stop.known:
                stop.value = length
            if stop.value < 0 or (stop.value == 0 and stop.derived):
                stop.value += length
            if stop.value == start.value:
                return results
            if start.value >= length or start.value < 0:
                raise ExecutionError(f"array index out of bounds: index {start.value}, length {length}")
            if stop.value > length or stop.value < 0:
                raise ExecutionError(f"array index out of bounds: index {stop.value - 1}, length {length}")
            if start.value > stop.value:
                raise ExecutionError(f"starting index {start.value} is greater than ending index {stop.value}")
            if step.known and step.value <= 0:
                raise ExecutionError("step must be > 0")
            results.extend(value[start.value:stop.value][::step.value if step.known else 1])
        return results

    def _union(self, values: list[Any], node: Node) -> list[Any]:
        return [result for branch in node.nodes for result in self.walk(values, branch)]

    @staticmethod
    def _children(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [value[key] for key in sorted(value)]
        if isinstance(value, list):
            return list(value)
        if isinstance(value, str):
            return list(value.encode())  # Go indexes a string by bytes
        return []

    def _wildcard(self, values: list[Any], node: Node) -> list[Any]:
        return [child for value in values if value is not None for child in self._children(value)]

    def _recursive(self, values: list[Any], node: Node) -> list[Any]:
        results: list[Any] = []
        for value in values:
            children = self._children(value) if value is not None else []
            if children:
                results.append(value)
                results.extend(self._recursive(children, node))
        return results

    def _filter(self, values: list[Any], node: Node) -> list[Any]:
        results = []
        for value in values:
            if not isinstance(value, list):
                raise ExecutionError(f"{go_value(value)} is not array or slice and cannot be filtered")
            for item in value:
                if node.value == "exists":
                    try:
                        if self.walk([item], node.left):
                            results.append(item)
                    except ExecutionError:
                        pass
                    continue
                left, right = self._operand([item], node.left), None
                if left is None:
                    continue
                right = self._operand([item], node.right)
                if right is not None and compare(node.value, left[0], right[0]):
                    results.append(item)
        return results

    def _operand(self, values: list[Any], node: Node) -> list[Any] | None:
        found = self.walk(values, node)
        if not found:
            return None
        if len(found) > 1:
            raise ExecutionError("can only compare one element at a time")
        return found


def _basic_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    raise ExecutionError("invalid type for comparison")


def _equal(left: Any, right: Any) -> bool:
    if _basic_kind(left) != _basic_kind(right):
        raise ExecutionError("incompatible types for comparison")
    return left == right


def _less(left: Any, right: Any) -> bool:
    kind = _basic_kind(left)
    if kind != _basic_kind(right):
        raise ExecutionError("incompatible types for comparison")
    if kind == "bool":
        raise ExecutionError("invalid type for comparison")
    return left < right


def compare(operator: str, left: Any, right: Any) -> bool:
    """The comparison functions of client-go's forked text/template (Equal, Less, ...)."""
    if operator == "==":
        return _equal(left, right)
    if operator == "!=":
        return not _equal(left, right)
    if operator == "<":
        return _less(left, right)
    if operator == "<=":
        return _less(left, right) or _equal(left, right)
    if operator == ">":
        return not (_less(left, right) or _equal(left, right))
    if operator == ">=":
        return not _less(left, right)
    raise ExecutionError(f"unrecognized filter operator {operator}")


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return to_json(value, indent=None)
    return go_value(value)


MAX_RENDER = 4 * 1024 * 1024 + 1  # past the shell's output cap (programs.context.MAX_OUTPUT), which says so


def print_results(results: list[list[Any]], as_json: bool = False) -> str:
    """`PrintResults` for every action: results joined by spaces, JSON for maps and lists.
    Rendering stops once the text is longer than any program may print (a template that
    repeats a large field must not build gigabytes first)."""
    pieces: list[str] = []
    size = 0
    for group in results:
        piece = to_json(group) if as_json else " ".join(_text(value) for value in group)
        pieces.append(piece)
        size += len(piece)
        if size >= MAX_RENDER:
            return "".join(pieces)[:MAX_RENDER]
    return "".join(pieces)


def render(template: str, document: Any, *, allow_missing_keys: bool = True, as_json: bool = False) -> str:
    """What `kubectl get -o jsonpath=<template>` prints for `document` (no newline is added)."""
    try:
        root = parse(template)
    except ParseError as error:
        raise JSONPathError(f"error: error parsing jsonpath {template}, {error}") from None
    try:
        results = Evaluator(allow_missing_keys).find_results(document, root.nodes)
    except ExecutionError as error:
        raise JSONPathError(_execution_message(template, document, error)) from None
    return print_results(results, as_json)


def _execution_message(template: str, document: Any, error: Exception) -> str:
    return (f"error: error executing jsonpath {go_quote(template)}: Error executing template: {error}. "
            "Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_value(document)}\n\n")


RELAXED_PATH = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")  # jsonRegexp in kubectl's get/customcolumn.go
RELAXED_PATH_ERROR = ("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                      "'{.name1.name2}'")


def relaxed(expression: str) -> str:
    """`RelaxedJSONPathExpression` (custom-columns and --sort-by): `.a.b`, `a.b`, `{a.b}` and
    `{.a.b}` all become `{.a.b}`; an empty expression stays empty."""
    if not expression:
        return expression
    match = RELAXED_PATH.match(expression)
    if match is None:
        raise JSONPathError(RELAXED_PATH_ERROR)
    return "{." + (match.group(1) or match.group(2)) + "}"
