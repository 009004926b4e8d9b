"""`{{ name }}` substitution for instructions, commands, manifests and expectations.

A reference is a variable or fact name, optionally followed by `.key` or `.0` steps
into mappings and lists: `{{ service }}`, `{{ backends.0.ip }}`. Nothing else: no
expressions, loops or filters, so a spec stays data.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from scoring.messages import Phrase

REFERENCE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}")


class TemplateError(KeyError):
    """A `{{ reference }}` with no value; `.name` is the reference as written."""

    def __init__(self, name: str, reason: str | Phrase = "") -> None:
        super().__init__(name)
        self.name = name
        self.reason = reason  # a Phrase (rendered in the student's language) or plain text

    @property
    def phrase(self) -> str | Phrase:
        return self.reason or Phrase("unknown_name", name=self.name)

    def __str__(self) -> str:
        return str(self.phrase)


def references(text: str) -> list[str]:
    """The root names a template refers to, in order."""
    return [match.group(1).split(".")[0] for match in REFERENCE.finditer(text)]


def lookup(path: str, resolve: Callable[[str], Any]) -> Any:
    """Resolve `a.b.0` with `resolve('a')` for the root, then walk keys and indexes."""
    root, *steps = path.split(".")
    value = resolve(root)
    for step in steps:
        value = _step(value, step, path)
    return value


def _step(value: Any, step: str, path: str) -> Any:
    if isinstance(value, Mapping) and step in value:
        return value[step]
    if isinstance(value, (list, tuple)) and step.isdigit() and int(step) < len(value):
        return value[int(step)]
    raise TemplateError(path, Phrase("no_part", path=path, step=repr(step)))


def as_text(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(as_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(text: str, resolve: Callable[[str], Any] | Mapping[str, Any]) -> str:
    """Substitute every reference; an unknown name raises TemplateError."""
    resolver = _resolver(resolve)
    return REFERENCE.sub(lambda match: as_text(lookup(match.group(1), resolver)), text)


def render_value(text: str, resolve: Callable[[str], Any] | Mapping[str, Any]) -> Any:
    """Like render, but a text that is exactly one reference keeps the value's type."""
    resolver = _resolver(resolve)
    whole = REFERENCE.fullmatch(text.strip())
    if whole:
        return lookup(whole.group(1), resolver)
    return render(text, resolver)


def render_data(data: Any, resolve: Callable[[str], Any] | Mapping[str, Any]) -> Any:
    """Render every string inside nested mappings and lists (typed, as render_value)."""
    if isinstance(data, str):
        return render_value(data, resolve)
    if isinstance(data, Mapping):
        return {key: render_data(value, resolve) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [render_data(item, resolve) for item in data]
    return data


def _resolver(resolve: Callable[[str], Any] | Mapping[str, Any]) -> Callable[[str], Any]:
    if callable(resolve):
        return resolve
    mapping = resolve

    def from_mapping(name: str) -> Any:
        if name not in mapping:
            raise TemplateError(name)
        return mapping[name]

    return from_mapping
