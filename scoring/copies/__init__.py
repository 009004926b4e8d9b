"""Copy detection for one assignment: identical groups, near-identical pairs and leaks.

Pure Python, no Django: the platform passes plain values and shows the `CopyReport`.

- **Groups**: submissions whose normalised text (`normalise.py`: comments, whitespace and
  each student's own variant values replaced by `{{ variable }}`) is the same, two or more
  students each. A group equal to a baseline (the starter or the reference solution, each
  normalised with its own variant) says so in `matches`: on a ten-line manifest many
  honest students hand in exactly the reference, which proves nothing by itself.
- **Near pairs**: two distinct normalised texts whose shingles, once the baselines' are
  dropped, have Jaccard similarity >= `NEAR_THRESHOLD` (`near.py`), one pair per two
  texts (the other members of each text's group are in `groups`).
- **Leaks**: a submission containing a distinctive value that belongs to exactly one
  other student of the roster (`leaks.py`), with the owner named.

Which submissions: one per student, the latest. The caller passes them oldest first and
only each student's last one is kept, so a student's own attempts (often identical to
each other) are never grouped or paired together, and what is compared is what the
student stands by now. Earlier attempts are not searched for leaks yet.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterable, Mapping, Sequence

from scoring.copies.leaks import leaked_values, owner_index, submission_text, words
from scoring.copies.near import shingles, similar_pairs
from scoring.copies.normalise import normalised_lines, tokens

__all__ = ["Baseline", "CopyReport", "Group", "Leak", "NearPair", "SideBySideRow", "SubmittedWork", "find_copies",
           "side_by_side"]

NEAR_THRESHOLD = 0.85


@dataclass(frozen=True)
class SubmittedWork:
    id: Hashable
    student: str
    files: Mapping[str, bytes]
    commands: str
    variant: Mapping[str, Any]


@dataclass(frozen=True)
class Baseline:
    """Text every student starts from or is expected to reach, rendered for one variant."""

    name: str
    files: Mapping[str, bytes]
    commands: str
    variant: Mapping[str, Any]


@dataclass(frozen=True)
class Group:
    submissions: tuple[Hashable, ...]
    students: tuple[str, ...]
    matches: str | None  # the baseline it equals, if any
    own_shingles: int  # shingles not in any baseline: how much of the text is the students' own


@dataclass(frozen=True)
class NearPair:
    a: Hashable
    b: Hashable
    student_a: str
    student_b: str
    similarity: float


@dataclass(frozen=True)
class Leak:
    submission: Hashable
    student: str
    value: str
    owner: str
    variable: str  # the owner's variable holding the value
    owner_submission: Hashable | None  # None when the owner has not handed in


@dataclass
class CopyReport:
    groups: list[Group] = field(default_factory=list)
    near_pairs: list[NearPair] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    normalised: dict[Hashable, list[str]] = field(default_factory=dict)
    compared: int = 0


def find_copies(works: Iterable[SubmittedWork], *, roster: Mapping[str, Mapping[str, Any]] | None = None,
                baselines: Sequence[Baseline] = (), threshold: float = NEAR_THRESHOLD) -> CopyReport:
    """`roster` maps every student of the course to their variant (those who have not
    handed in can still be the source of a leak); by default, the submitters'."""
    latest = latest_per_student(works)
    report = CopyReport(compared=len(latest))
    report.normalised = {w.id: normalised_lines(w.files, w.commands, w.variant) for w in latest}
    base_lines = {b.name: normalised_lines(b.files, b.commands, b.variant) for b in baselines}
    base_shingles = frozenset().union(*(shingles(tokens(lines)) for lines in base_lines.values()))
    own = {w.id: shingles(tokens(report.normalised[w.id])) - base_shingles for w in latest}
    by_text = _by_text(latest, report.normalised)
    report.groups = _groups(by_text, base_lines, own)
    report.near_pairs = _near_pairs(by_text, own, threshold)
    report.leaks = _leaks(latest, roster, base_lines)
    return report


def latest_per_student(works: Iterable[SubmittedWork]) -> list[SubmittedWork]:
    last: dict[str, SubmittedWork] = {}
    for work in works:
        last.pop(work.student, None)
        last[work.student] = work
    return list(last.values())


def _by_text(latest: list[SubmittedWork], normalised) -> dict[str, list[SubmittedWork]]:
    by_text: dict[str, list[SubmittedWork]] = {}
    for work in latest:
        by_text.setdefault("\n".join(normalised[work.id]), []).append(work)
    return by_text


def _groups(by_text, base_lines, own) -> list[Group]:
    base_text = {"\n".join(lines): name for name, lines in base_lines.items()}
    groups = [
        Group(tuple(w.id for w in members), tuple(w.student for w in members), base_text.get(text),
              len(own[members[0].id]))
        for text, members in by_text.items() if len(members) >= 2
    ]
    return sorted(groups, key=lambda g: (g.matches is not None, -g.own_shingles, -len(g.submissions)))


def _near_pairs(by_text, own, threshold: float) -> list[NearPair]:
    first = {members[0].id: members[0] for members in by_text.values()}
    position = {key: i for i, key in enumerate(first)}
    found = []
    for a, b, similarity in similar_pairs({key: own[key] for key in first}, threshold):
        a, b = sorted((a, b), key=position.__getitem__)
        found.append(NearPair(a, b, first[a].student, first[b].student, round(similarity, 4)))
    return sorted(found, key=lambda p: (-p.similarity, position[p.a], position[p.b]))


def _leaks(latest: list[SubmittedWork], roster, base_lines) -> list[Leak]:
    variants = dict(roster) if roster is not None else {}
    for work in latest:
        variants.setdefault(work.student, work.variant)
    printed_by_baselines = frozenset(words("\n".join(line for lines in base_lines.values() for line in lines)))
    index = owner_index(variants, printed_by_baselines)
    submission_of = {w.student: w.id for w in latest}
    return [
        Leak(w.id, w.student, value, owner.student, owner.variable, submission_of.get(owner.student))
        for w in latest
        for value, owner in leaked_values(submission_text(w.files, w.commands), w.student, w.variant, index)
    ]


@dataclass(frozen=True)
class SideBySideRow:
    left: str
    right: str
    same: bool


def side_by_side(left: list[str], right: list[str]) -> list[SideBySideRow]:
    """Two normalised texts aligned line by line, the differing lines marked."""
    rows: list[SideBySideRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(SideBySideRow(line, line, True) for line in left[i1:i2])
            continue
        a, b = left[i1:i2], right[j1:j2]
        for k in range(max(len(a), len(b))):
            rows.append(SideBySideRow(a[k] if k < len(a) else "", b[k] if k < len(b) else "", False))
    return rows

