"""`kubectl get --sort-by`: kubectl 1.23's `sorter.go` over the objects as JSON documents.

- The flag is read by `RelaxedJSONPathExpression` (`.a.b`, `a.b`, `{a.b}`, `{.a.b}` all
  become `{.a.b}`); anything else is used as it was typed.
- Each item's key is the first value the JSONPath finds (missing keys allowed). An item
  without one sorts before every item with one.
- Keys compare as `isLess` does for values decoded from JSON: numbers by value, strings as
  quantities when both parse as one (`1Gi` after `500Mi`), otherwise by natural order
  (`pod-2` before `pod-10`), so RFC 3339 timestamps sort by time. Booleans, maps and
  lists are unsortable: kubectl exits through klog.
- The order is Go 1.17's `sort.Sort` (`go_sort`), which is not stable.

Two callers, as in kubectl: `sort_table_rows` for tables (the field must be found in some
row once there are two rows, else the table is not printed at all) and `sort_items` for
lists printed as yaml/json/name/jsonpath (the field must be found in some item, else
`SortError`).
"""

from __future__ import annotations

from typing import Any

from simulator.printers.go_sort import sort_in_place
from simulator.printers.jsonpath import Evaluator, JSONPathError, relaxed
from simulator.printers.jsonpath_parser import ParseError, parse
from simulator.printers.quantity import parse_quantity

_MISSING = object()


class SortError(Exception):
    """kubectl's error text, without the `error: ` that `CheckErr` adds."""


class UnsortableField(Exception):
    """The message of kubectl's `klog.Exitf` when two keys cannot be compared."""


def relaxed_jsonpath(expression: str) -> str:
    """RelaxedJSONPathExpression, its refusal as a SortError."""
    try:
        return relaxed(expression)
    except JSONPathError as error:
        raise SortError(str(error)) from None


def field_for(expression: str) -> str:
    """What the sorting printer parses: the relaxed form, or the flag as typed when it is not one."""
    try:
        return relaxed_jsonpath(expression)
    except SortError:
        return expression


def sort_table_rows(documents: list[dict], field: str) -> list[int] | None:
    """NewTableSorter + sort.Sort: the rows' new order as indexes, or None when kubectl prints no table.

    kubectl sorts a table only when it has more than one row; a field no row has (or a
    JSONPath that does not parse) makes the sorting printer fail, and kubectl drops that error.
    """
    if len(documents) < 2:
        return list(range(len(documents)))
    try:
        keys = [_first_value(document, field) for document in documents]
    except ParseError:
        return None
    if all(key is _MISSING for key in keys):
        return None
    return _sorted_indexes(keys, field, "[][][]reflect.Value")


def sort_items(documents: list[dict], expression: str) -> list[int]:
    """SortObjects: the items' new order as indexes; raises SortError when no item has the field."""
    if not documents:
        return []
    field = relaxed_jsonpath(expression)
    try:
        keys = [_first_value(document, field) for document in documents]
    except ParseError as error:
        raise SortError(str(error)) from None
    if all(key is _MISSING for key in keys):
        raise SortError(f'couldn\'t find any field with path "{field}" in the list of objects')
    return _sorted_indexes(keys, field, "*unstructured.Unstructured")


def field_found(document: dict, expression: str) -> bool:
    try:
        return _first_value(document, field_for(expression)) is not _MISSING
    except ParseError:
        return False


def _first_value(document: dict, field: str) -> Any:
    results = Evaluator(allow_missing_keys=True).find_results(document, parse(field).nodes)
    return results[0][0] if results and results[0] else _MISSING


def _sorted_indexes(keys: list[Any], field: str, go_type: str) -> list[int]:
    def less(i: int, j: int) -> bool:
        if keys[i] is _MISSING:
            return True
        if keys[j] is _MISSING:
            return False
        try:
            return is_less(keys[i], keys[j])
        except TypeError as error:
            raise UnsortableField(f"Field {field} in {go_type} is an unsortable type: interface, err: {error}") from None

    order = list(range(len(keys)))
    sort_in_place(order, less)
    return order


def is_less(left: Any, right: Any) -> bool:
    """isLess for two values of a JSON document (reflect.Interface); TypeError carries Go's error text."""
    if left is None or right is None:
        return left is None and right is not None
    for go_name, python_type in (("int64", int), ("float64", float), ("string", str)):
        if isinstance(left, python_type) and not isinstance(left, bool):
            if not isinstance(right, python_type) or isinstance(right, bool):
                raise TypeError("unsortable interface: interface")
            return _string_less(left, right) if go_name == "string" else left < right
    raise TypeError(f"unsortable type: {_go_type(left)}")


def _string_less(left: str, right: str) -> bool:
    left_quantity, right_quantity = _quantity(left), _quantity(right)
    if left_quantity is None or right_quantity is None:
        return natural_less(left, right)
    return left_quantity < right_quantity


def _quantity(text: str):
    if not text:
        return None
    try:
        return parse_quantity(text).value
    except (ValueError, ZeroDivisionError):
        return None


def natural_less(left: str, right: str) -> bool:
    """fvbommel/sortorder.NaturalLess: runs of digits compare as numbers, digits before other bytes."""
    a, b = left.encode(), right.encode()
    i = j = 0
    while i < len(a) and j < len(b):
        digit_a, digit_b = _is_digit(a[i]), _is_digit(b[j])
        if digit_a != digit_b:
            return digit_a
        if not digit_a:
            if a[i] != b[j]:
                return a[i] < b[j]
            i, j = i + 1, j + 1
            continue
        while i < len(a) and a[i] == 0x30:
            i += 1
        while j < len(b) and b[j] == 0x30:
            j += 1
        start_a, start_b = i, j
        while i < len(a) and _is_digit(a[i]):
            i += 1
        while j < len(b) and _is_digit(b[j]):
            j += 1
        if i - start_a != j - start_b:
            return i - start_a < j - start_b
        if a[start_a:i] != b[start_b:j]:
            return a[start_a:i] < b[start_b:j]
        if start_a != start_b:
            return start_a < start_b
    return len(a) < len(b)


def _is_digit(byte: int) -> bool:
    return 0x30 <= byte <= 0x39


def _go_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__
