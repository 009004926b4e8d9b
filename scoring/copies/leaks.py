"""Leaks: a submission carrying a value that belongs to exactly one other student.

Every student's variant is known (the roster, not only those who handed in), so a
`svc-web-x7kq` in Alice's file that is Bob's Service name and nobody else's, and not one
of Alice's own values, names Bob as the source. A value shared by several students (a
picked app label in a large class) names nobody and is skipped; so are values the
baselines print literally (they are in everyone's starter), and values that are not
`distinctive` (plain words, short numbers). The whole text is searched, comments
included: `# from svc-web-x7kq` is as telling as the name in a manifest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from scoring.copies.values import all_values, distinctive, flatten_variant

WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class ValueOwner:
    student: str
    variable: str


def owner_index(variants: Mapping[str, Mapping[str, Any]], excluded: frozenset[str]) -> dict[str, ValueOwner]:
    """Distinctive value -> its one owner, for values exactly one student has."""
    owners: dict[str, dict[str, str]] = defaultdict(dict)
    for student, variant in variants.items():
        for variable, text in flatten_variant(variant):
            if distinctive(text) and text not in excluded:
                owners[text].setdefault(student, variable)
    return {text: ValueOwner(*next(iter(who.items()))) for text, who in owners.items() if len(who) == 1}


def words(text: str) -> set[str]:
    """Every name-like word, whole and split at dots (`svc-a.default.svc` gives `svc-a` too)."""
    found: set[str] = set()
    for word in WORD.findall(text):
        word = word.rstrip(".-")
        found.add(word)
        found.update(word.split("."))
    return found


def leaked_values(text: str, student: str, own_variant: Mapping[str, Any],
                  index: Mapping[str, ValueOwner]) -> Iterable[tuple[str, ValueOwner]]:
    own = all_values(own_variant)
    for word in sorted(words(text)):
        owner = index.get(word)
        if owner is not None and owner.student != student and word not in own:
            yield word, owner


def submission_text(files: Mapping[str, bytes], commands: str) -> str:
    parts = [name + "\n" + (data if isinstance(data, str) else data.decode("utf-8", "replace"))
             for name, data in sorted(files.items())]
    return "\n".join(parts + [commands or ""])
