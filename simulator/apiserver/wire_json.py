"""JSON as kube-apiserver writes it.

Compact (encoding/json: HTML characters escaped as \\u003c \\u003e \\u0026) unless the request
asks for pretty output, which `responsewriters` gives to `?pretty=true` and to user agents
starting with `curl`, `Wget` or `Mozilla/5.0`; pretty is json-iterator's `MarshalIndent(obj,
"", "  ")`, which writes an empty struct as `{`, a line holding only the inner indent, `}` (the
slides' `"metadata": {` blank line `},`), and an empty list as `[]`.
"""

from __future__ import annotations

import json
import re

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def _scalar(value) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value)


_EMPTY_STRUCT = re.compile(r"^( *)(.*)\{\}(,?)$", re.M)


def _escape_html(text: str) -> str:
    """<, >, & only ever stand inside strings in JSON text, so escaping them everywhere is safe."""
    for raw, escaped in _ESCAPES.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def compact(value) -> str:
    return _escape_html(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def pretty(value) -> str:
    """json.dumps's indent, then each structural `{}` (a line's end) as json-iterator writes it."""
    text = _escape_html(json.dumps(value, ensure_ascii=False, indent=2))
    return _EMPTY_STRUCT.sub(lambda m: f"{m.group(1)}{m.group(2)}{{\n{m.group(1)}  \n{m.group(1)}}}{m.group(3)}", text)


def pretty_reference(value, indent: str = "") -> str:
    """The same, written out value by value (kept to test the fast path against)."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{\n" + inner + "\n" + indent + "}"
        items = [f"{inner}{_string(str(k))}: {pretty_reference(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + pretty_reference(v, inner) for v in value) + "\n" + indent + "]"
    return _scalar(value)


def wants_pretty(query: dict[str, list[str]], user_agent: str | None) -> bool:
    if "pretty" in query and query["pretty"] and query["pretty"][0]:
        return query["pretty"][0].lower() in ("1", "t", "true")
    agent = user_agent or ""
    return agent.startswith(("curl", "Wget", "Mozilla/5.0"))
