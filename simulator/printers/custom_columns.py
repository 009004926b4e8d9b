"""`kubectl get -o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE`.

A port of cli-runtime 1.23 `pkg/printers/customcolumn.go`: each column is a header and a
relaxed JSONPath (`.metadata.name`, `metadata.name` or `{.metadata.name}`), evaluated with
missing keys allowed; a column with no value prints `<none>`, several values are joined by
commas, each printed as Go's `%v` (`map[k:v]`, `[a b]`). The header row comes first unless
`--no-headers`; the text is aligned by the tabwriter kubectl uses (`GetNewTabWriter`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.printers.jsonpath import Evaluator, ExecutionError, JSONPathError, go_value, relaxed
from simulator.printers.jsonpath_parser import ParseError, parse
from simulator.printers.tabwriter import GET_SETTINGS, render



@dataclass(frozen=True)
class CustomColumn:
    header: str
    field_spec: str  # `{.metadata.name}`


def relaxed_expression(path: str) -> str:
    """The custom-columns printer's form of the relaxed path, its error prefixed `error: `."""
    try:
        return relaxed(path)
    except JSONPathError as error:
        raise JSONPathError(f"error: {error}") from None


def columns_from_spec(spec: str) -> list[CustomColumn]:
    """NewCustomColumnsPrinterFromSpec."""
    if not spec:
        raise JSONPathError("error: custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon:
            raise JSONPathError(f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        columns.append(CustomColumn(header, relaxed_expression(path)))
    return columns


def columns_from_template(text: str) -> list[CustomColumn]:
    """NewCustomColumnsPrinterFromTemplate: the first line holds headers, the second paths, split at whitespace."""
    lines = text.split("\n")
    usage = "Expected format is one line of space separated headers, one line of space separated column specs."
    if not text:
        raise JSONPathError(f"error: invalid template, missing header line. {usage}")
    if len(lines) < 2 or (len(lines) == 2 and not lines[1]):
        raise JSONPathError(f"error: invalid template, missing spec line. {usage}")
    headers, paths = lines[0].split(), lines[1].split()
    if len(headers) != len(paths):
        raise JSONPathError(f"error: number of headers ({len(headers)}) and field specifications ({len(paths)}) "
                            "don't match")
    return [CustomColumn(header, relaxed_expression(path)) for header, path in zip(headers, paths)]


def print_custom_columns(columns: list[CustomColumn], documents: list[dict[str, Any]], *, no_headers: bool) -> str:
    """The printed table for `documents` (one row each), the header first unless `no_headers`."""
    parsed = []
    for column in columns:
        try:
            parsed.append(parse(column.field_spec).nodes)
        except ParseError as error:
            raise JSONPathError(f"error: {error}") from None
    lines = [] if no_headers else ["\t".join(column.header for column in columns)]
    for document in documents:
        lines.append("\t".join(_cell(nodes, document) for nodes in parsed))
    return render("".join(line + "\n" for line in lines), **GET_SETTINGS)


def _cell(nodes: list, document: dict[str, Any]) -> str:
    try:
        results = Evaluator(allow_missing_keys=True).find_results(document, nodes)
    except ExecutionError as error:
        raise JSONPathError(f"error: {error}") from None
    if not results or not results[0]:
        return "<none>"
    return ",".join(go_value(value) for group in results for value in group)
