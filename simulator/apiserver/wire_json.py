"""JSON as kube-apiserver writes it.

Compact (encoding/json: HTML characters escaped as \\u003c \\u003e \\u0026) unless the request
asks for pretty output, which `responsewriters` gives to `?pretty=true` and to user agents
starting with `curl`, `Wget` or `Mozilla/5.0`; pretty is json-iterator's `MarshalIndent(obj,
"", "  ")`, which writes an empty struct as `{`, a line holding only the inner indent, `}` (the
slides' `"metadata": {` blank line `},`), and an empty list as `[]`.
"""

from __future__ import annotations

import json

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


def compact(value) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(str(k))}:{compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(compact(v) for v in value) + "]"
    return _scalar(value)


def pretty(value, indent: str = "") -> str:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{\n" + inner + "\n" + indent + "}"
        items = [f"{inner}{_string(str(k))}: {pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + indent + "]"
    return _scalar(value)


def wants_pretty(query: dict[str, list[str]], user_agent: str | None) -> bool:
    if "pretty" in query and query["pretty"] and query["pretty"][0]:
        return query["pretty"][0].lower() in ("1", "t", "true")
    agent = user_agent or ""
    return agent.startswith(("curl", "Wget", "Mozilla/5.0"))
