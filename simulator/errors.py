"""Structured API errors, modelled on apimachinery's StatusError.

The core raises these; only the shell turns them into kubectl's text
(`Error from server (NotFound): services "x" not found`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One cause of an Invalid error, as `field.Error` renders it."""

    type: str  # "Invalid value", "Required value", "Unsupported value", "Forbidden", "Duplicate value", "Too long"
    field: str
    value: Any = None
    detail: str = ""

    def render(self) -> str:
        if self.type in ("Required value", "Forbidden", "Too long") and self.value is None:
            text = f"{self.field}: {self.type}"
        else:
            text = f"{self.field}: {self.type}: {go_value(self.value)}"
        return f"{text}: {self.detail}" if self.detail else text


def go_value(value: Any) -> str:
    """Render a field value the way Go's field.Error does in 1.23 (%#v for maps and slices)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        inner = ", ".join(f"{go_value(str(k))}:{go_value(str(v))}" for k, v in sorted(value.items()))
        return "map[string]string{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[]string{" + ", ".join(go_value(str(v)) for v in value) + "}"
    if value is None:
        return "null"
    return str(value)


@dataclass
class StatusError(Exception):
    """An API error with kubectl's reason (NotFound, AlreadyExists, Invalid, Forbidden, ...)."""

    reason: str
    message: str
    code: int = 500
    kind: str = ""
    name: str = ""
    causes: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def not_found(resource: str, name: str) -> StatusError:
    return StatusError("NotFound", f'{resource} "{name}" not found', 404, resource, name)


def already_exists(resource: str, name: str) -> StatusError:
    return StatusError("AlreadyExists", f'{resource} "{name}" already exists', 409, resource, name)


def invalid(kind: str, name: str, causes: list[FieldError]) -> StatusError:
    """`The Service "x" is invalid: ...`: one cause inline, several as `* ` lines."""
    if len(causes) == 1:
        detail = causes[0].render()
    else:
        detail = "\n" + "\n".join(f"* {c.render()}" for c in causes)
    message = f'{kind} "{name}" is invalid: {detail}'
    return StatusError("Invalid", message, 422, kind, name, list(causes))


def forbidden_quota(resource: str, name: str, quota: str, used: int, hard: int, what: str) -> StatusError:
    message = (
        f'{resource} "{name}" is forbidden: exceeded quota: {quota}, '
        f"requested: {what}=1, used: {what}={used}, limited: {what}={hard}"
    )
    return StatusError("Forbidden", message, 403, resource, name)


def forbidden(resource: str, name: str, reason: str) -> StatusError:
    """apimachinery's `NewForbidden`: `<resource> "<name>" is forbidden: <reason>`."""
    return StatusError("Forbidden", f'{resource} "{name}" is forbidden: {reason}', 403, resource, name)
