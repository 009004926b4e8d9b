"""Building the student's cluster: the spec's setup, then the submission, as typed.

Setup files are visible to `kubectl -f` only during setup; the submission's files
replace them afterwards, so `kubectl apply -f .` sees just what the student handed in.
Every line is kept for the transcript, in the lecture's `prompt > command` form.

The cluster right after setup is a pure function of (assignment, seed), so it is kept
pickled in an LRU cache: a student's second attempt (or the bench) restores it in a few
milliseconds instead of booting and setting up again (for Week 5 that is installing
ingress-nginx and MetalLB from their manifests). Restoring gives an equal, independent
cluster; a cluster that cannot be pickled is simply rebuilt every time. The cache is
bounded by its bytes, not only its entries: a setup with both add-ons pickles to ~390 KB,
kept zlib-compressed (level 1, ~100 KB, ~3 ms to compress, ~1 ms to inflate), and the least
recently used setups go once `CACHE_BYTES` (KUBEGRADE_SETUP_CACHE_MB, 64 MiB) is reached.
"""

from __future__ import annotations

import os
import pickle
import threading
import zlib
from collections import OrderedDict

from simulator import Cluster
from simulator.files import MemoryFiles
from simulator.shell.execution_log import ExecutedProgram

from scoring.checks import Entry
from scoring.templates import render

DEFAULT_SETTLE = 30  # simulated seconds for pods to start and become Ready
CACHE_ENTRIES = 1024  # a Week-4 setup is ~15 KB compressed, a Week-5 one with both add-ons ~100 KB
CACHE_BYTES = int(float(os.environ.get("KUBEGRADE_SETUP_CACHE_MB", "64")) * 1024 * 1024)

_snapshots: OrderedDict[tuple, tuple[bytes, list[str]]] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def build_cluster(assignment, seed: int, budget=None) -> tuple[Cluster, list[str]]:
    """A fresh cluster for this seed with the spec's setup applied and settled."""
    key = (assignment.slug, assignment.content_hash, seed)
    with _lock:
        cached = _snapshots.get(key)
        if cached:
            _snapshots.move_to_end(key)
    if cached:
        return pickle.loads(zlib.decompress(cached[0])), list(cached[1])  # noqa: S301 - bytes this process pickled itself
    cluster, lines = _build(assignment, seed, budget)
    _remember(key, cluster, lines)
    return cluster, lines


def _build(assignment, seed: int, budget) -> tuple[Cluster, list[str]]:
    setup = assignment.spec.get("setup") or {}
    cluster = Cluster(seed=seed, files=assignment.setup_files(seed))
    variables = assignment.variant(seed)
    entries = run_lines(cluster, [render(line, variables) for line in setup.get("commands", [])], budget)
    cluster.tick(float(setup.get("settle_seconds", DEFAULT_SETTLE)))
    return cluster, [format_entry(entry) for entry in entries]


def _remember(key: tuple, cluster: Cluster, lines: list[str]) -> None:
    global _cached_bytes
    try:
        data = zlib.compress(pickle.dumps(cluster, protocol=pickle.HIGHEST_PROTOCOL), 1)
    except Exception:  # noqa: BLE001 - an unpicklable simulator only loses the cache
        return
    if len(data) > CACHE_BYTES:
        return  # larger than the whole cache: rebuilt each time rather than emptying it
    with _lock:
        previous = _snapshots.pop(key, None)
        _cached_bytes -= len(previous[0]) if previous else 0
        _snapshots[key] = (data, list(lines))
        _cached_bytes += len(data)
        while len(_snapshots) > CACHE_ENTRIES or _cached_bytes > CACHE_BYTES:
            _, (dropped, _) = _snapshots.popitem(last=False)
            _cached_bytes -= len(dropped)


def cache_usage() -> tuple[int, int]:
    """(entries, compressed bytes) the setup cache holds now."""
    with _lock:
        return len(_snapshots), _cached_bytes


def clear_cache() -> None:
    global _cached_bytes
    with _lock:
        _snapshots.clear()
        _cached_bytes = 0


def run_submission(cluster: Cluster, files: dict[str, bytes], lines: list[str], settle: float,
                   budget=None) -> tuple[list[Entry], list[ExecutedProgram]]:
    """The student's lines as typed (for the transcript) and the programs that really ran
    (for `ran:` checks), then the settle time."""
    cluster.files = MemoryFiles(files)
    session = cluster.session()
    entries = run_lines(cluster, lines, budget, session)
    cluster.tick(settle)
    return entries, list(session.executed.entries)


def run_lines(cluster: Cluster, lines: list[str], budget=None, session=None) -> list[Entry]:
    session = session or cluster.session()
    if budget is not None:
        session.guard = budget.check  # time and memory are charged inside a line too
    entries = []
    for line in lines:
        if budget is not None:
            budget.check()
        prompt = session.prompt
        result = session.run(line)
        entries.append(Entry(prompt, line, result.output, result.exit_code))
    return entries


def format_entry(entry: Entry) -> str:
    return f"{entry.prompt}{entry.line}\n{entry.output}"
