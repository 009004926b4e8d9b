"""Which of a student's variant values identify them, flattened to strings.

A variant is a dict whose values may be nested dicts and lists (`names: {app: ..., typo: ...}`);
each leaf becomes one `(variable, text)` pair named by its path (`names.app`, `backends.0`).
Two filters decide what a value is good for:

- `substitutable`: worth replacing by its placeholder before comparing submissions. Short
  or generic values (`3` replicas, `80`, `default`, a single letter) are left alone: they
  also occur in every submission for reasons of their own, so replacing them would blur
  the text without making copies line up.
- `distinctive`: strong enough that finding it in someone else's submission means it was
  copied. On top of `substitutable`, the value must look generated or compound (a digit,
  a hyphen or a dot: `svc-web-x7kq`, `30412`, `web-shop`); plain words like `client` or
  `shop` (picked namespaces) are written for their own sake too often.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

GENERIC_VALUES = frozenset({
    "default", "true", "false", "yes", "no", "on", "off", "null", "none", "tcp", "udp", "sctp", "http", "https",
    "localhost", "kube-system", "kube-public", "cluster.local", "clusterip", "nodeport", "loadbalancer",
    "externalname", "service", "services", "pod", "pods", "80", "443", "8080",
})
MIN_SUBSTITUTABLE_LENGTH = 3  # numbers under 3 digits, `80`, single letters
MIN_DISTINCTIVE_LENGTH = 4


def flatten_variant(variant: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Each leaf of the variant as `(path, text)`, in declaration order."""
    for name, value in variant.items():
        path = f"{prefix}{name}"
        if isinstance(value, Mapping):
            yield from flatten_variant(value, f"{path}.")
        elif isinstance(value, (list, tuple)):
            yield from flatten_variant({str(i): item for i, item in enumerate(value)}, f"{path}.")
        elif isinstance(value, bool) or value is None:
            continue
        else:
            yield path, str(value).strip()


def substitutable(text: str) -> bool:
    return len(text) >= MIN_SUBSTITUTABLE_LENGTH and text.lower() not in GENERIC_VALUES and not text.isspace()


def distinctive(text: str) -> bool:
    compound = any(c.isdigit() for c in text) or "-" in text or "." in text
    return substitutable(text) and compound and len(text) >= MIN_DISTINCTIVE_LENGTH


def placeholders(variant: Mapping[str, Any]) -> dict[str, str]:
    """Value -> the variable it stands for, for every substitutable value.

    When two variables hold the same value (`app` and `names.app`), the top-level name
    wins, then the first declared, so every student's text gets the same placeholder.
    """
    chosen: dict[str, str] = {}
    for path, text in sorted(flatten_variant(variant), key=lambda item: "." in item[0]):
        if substitutable(text):
            chosen.setdefault(text, path)
    return chosen


def all_values(variant: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(text for _, text in flatten_variant(variant))
