"""kubectl's generic describer (`pkg/describe/describe.go genericDescriber`), for kinds without one of their own.

Name, Namespace, Labels and Annotations as every describer prints them, then the object's
content (`printUnstructuredContent`): fields sorted, nested maps indented two spaces a level,
list items printed one after another, labels made readable by `smartLabelFor`
(`apiVersion` -> `API Version`, `podIP` -> `Pod IP`; a field with characters other than
letters and `-` is printed as it is). Then the object's events.

Not the same as a real cluster's in one way: the simulator keeps no `managedFields`, which a
1.23 API server adds to every object and this describer would print under Metadata.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeContext, DescribeWriter

SKIPPED = (".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations")
ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")


def describe_generic(obj: KubeObject, ctx: DescribeContext) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace or ''}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    print_unstructured(w, 0, obj.to_dict(), "")
    w.events(ctx.events, ctx.now)
    return w.text()


def print_unstructured(w: DescribeWriter, level: int, content: dict, prefix: str) -> None:
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in SKIPPED:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            print_unstructured(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    print_unstructured(w, level + 1, child, path)
                else:
                    w.write(level + 1, f"{go_value(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{go_value(value)}\n")


def go_value(value: Any) -> str:
    """`%v` of a decoded JSON value."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def smart_label(field: str) -> str:
    if re.search(r"[^A-Za-z-]", field):
        return field
    # strings.Title leaves all but each word's first letter as it was
    return " ".join(part.upper() if part.upper() in ACRONYMS else part[:1].upper() + part[1:]
                    for part in camelcase_split(field))


def camelcase_split(text: str) -> list[str]:
    """fatih/camelcase.Split: runs of one character class, an upper-case run handing its last letter to
    the lower-case run after it (`URLPath` -> `URL`, `Path`)."""
    runs: list[str] = []
    for char in text:
        if runs and _kind(runs[-1][-1]) == _kind(char):
            runs[-1] += char
        else:
            runs.append(char)
    for index in range(len(runs) - 1):
        if runs[index] and runs[index][0].isupper() and runs[index + 1][0].islower():
            runs[index + 1] = runs[index][-1] + runs[index + 1]
            runs[index] = runs[index][:-1]
    return [run for run in runs if run]


def _kind(char: str) -> str:
    return "lower" if char.islower() else "upper" if char.isupper() else "digit" if char.isdigit() else "other"
