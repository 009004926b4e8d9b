"""Near-identical pairs: Jaccard similarity of token shingles, joined by prefix filtering.

Each text becomes the set of its `SHINGLE`-token windows. Windows that also occur in a
baseline (the starter, the reference solution) are dropped first, as MOSS drops its base
file: on a ten-line manifest every correct answer shares the reference's windows, and
only what a student added or changed says anything about copying. Texts left with fewer
than `MIN_OWN_SHINGLES` windows of their own are not compared at all.

Finding every pair at or above a threshold `t` does not need all n² comparisons: order
each set's windows rarest first; two sets with Jaccard >= t must share one of the first
`|x| - ceil(t * |x|) + 1` windows of each (the prefix filter of AllPairs/PPJoin, exact,
no false negatives). Only sets that share a prefix window and have compatible sizes are
compared in full.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Hashable, Iterable, Sequence

SHINGLE = 2
MIN_OWN_SHINGLES = 4
_EPSILON = 1e-9  # 0.8 * 10 is 8.000000000000002 in floating point; ceil must give 8


def shingles(tokens: Sequence[str], size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    if len(tokens) <= size:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def similar_pairs(sets: dict[Hashable, frozenset], threshold: float) -> list[tuple[Hashable, Hashable, float]]:
    """Every pair of keys whose sets have Jaccard >= threshold, as (a, b, similarity)."""
    kept = {key: s for key, s in sets.items() if len(s) >= MIN_OWN_SHINGLES}
    rank = _rarest_first(kept.values())
    ordered = {key: sorted(s, key=rank.__getitem__) for key, s in kept.items()}
    index: dict[object, list[Hashable]] = defaultdict(list)
    pairs = []
    for key in sorted(kept, key=lambda k: len(kept[k])):
        size = len(kept[key])
        candidates = set()
        for element in ordered[key][:_prefix_length(size, threshold)]:
            candidates.update(other for other in index[element] if len(kept[other]) >= threshold * size - _EPSILON)
            index[element].append(key)
        for other in candidates:
            similarity = jaccard(kept[key], kept[other])
            if similarity >= threshold - _EPSILON:
                pairs.append((other, key, similarity))
    return pairs


def _prefix_length(size: int, threshold: float) -> int:
    return size - math.ceil(threshold * size - _EPSILON) + 1


def _rarest_first(sets: Iterable[frozenset]) -> dict[object, tuple[int, int]]:
    """A total order on elements: fewest sets first (short candidate lists), ties by first sight."""
    counts: Counter = Counter()
    first_seen: dict[object, int] = {}
    for s in sets:
        for element in s:
            counts[element] += 1
            first_seen.setdefault(element, len(first_seen))
    return {element: (counts[element], first_seen[element]) for element in counts}
