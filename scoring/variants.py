"""Per-student variants: the values a spec's `variables:` take for one seed.

Each variable draws from its own seeded stream (`<slug>:<seed>:<name>`), so adding a
variable to a spec never changes the others, and the same seed always gives the same
values. Kinds, as written in spec.yaml:

    service:  {name: {prefix: "svc-web-", length: 4}}   # prefix + Kubernetes-style suffix
    app:      {pick: [node-web, shop-web]}              # one item (scalars or mappings)
    backends: {sample: [a, b, c], count: 2}             # `count` distinct items
    replicas: {int: [2, 4]}                             # inclusive, `exclude:` optional
    fqdn:     {value: "{{ service }}.{{ namespace }}"}  # derived from earlier variables

`shown: true` on a declaration lists the variable under "Your values" for the student;
every other variable stays internal (a misspelt label a troubleshooting task hides, an
answer). Shown values are rendered as text (`display_value`), never as a Python repr.
"""

from __future__ import annotations

import random
from typing import Any, Mapping

from scoring.templates import render_value

KINDS = ("name", "pick", "sample", "int", "value")
SHOWN = "shown"
# Keys a declaration may carry besides its kind: the options of one kind, and `shown`.
OPTION_KEYS = ("exclude", "count", SHOWN)
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's rand.String alphabet


def compute_variant(slug: str, seed: int, declarations: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, declaration in declarations.items():
        stream = random.Random(f"{slug}:{seed}:{name}")
        values[name] = draw(declaration, stream, values)
    return values


def shown_values(declarations: Mapping[str, Mapping[str, Any]], values: Mapping[str, Any]) -> dict[str, str]:
    """The variables marked `shown: true`, in declaration order, each as display text."""
    return {name: display_value(values[name]) for name, declaration in declarations.items()
            if declaration.get(SHOWN) is True and name in values}


def display_value(value: Any) -> str:
    """A value as a student reads it: `a, b` for a list, `key: value, ...` for a mapping."""
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {display_value(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def draw(declaration: Mapping[str, Any], stream: random.Random, earlier: Mapping[str, Any]) -> Any:
    kind = next(key for key in KINDS if key in declaration)
    return _DRAWS[kind](declaration, stream, earlier)


def _draw_name(declaration, stream, earlier) -> str:
    spec = declaration["name"]
    length = int(spec.get("length", 4))
    return str(spec.get("prefix", "")) + "".join(stream.choice(NAME_ALPHABET) for _ in range(length))


def _draw_pick(declaration, stream, earlier) -> Any:
    return _plain(stream.choice(list(declaration["pick"])))


def _draw_sample(declaration, stream, earlier) -> list:
    return [_plain(item) for item in stream.sample(list(declaration["sample"]), int(declaration.get("count", 1)))]


def _draw_int(declaration, stream, earlier) -> int:
    low, high = (int(bound) for bound in declaration["int"])
    excluded = {int(value) for value in declaration.get("exclude", [])}
    allowed = [value for value in range(low, high + 1) if value not in excluded]
    return stream.choice(allowed)


def _draw_value(declaration, stream, earlier) -> Any:
    return render_value(str(declaration["value"]), earlier)


def _plain(value: Any) -> Any:
    """Drop the loader's line bookkeeping so variant values compare and serialise plainly."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


_DRAWS = {"name": _draw_name, "pick": _draw_pick, "sample": _draw_sample, "int": _draw_int, "value": _draw_value}
