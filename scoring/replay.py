"""Building the student's cluster: the spec's setup, then the submission, as typed.

Setup files are visible to `kubectl -f` only during setup; the submission's files
replace them afterwards, so `kubectl apply -f .` sees just what the student handed in.
Every line is kept for the transcript, in the lecture's `prompt > command` form.

The cluster right after setup is a pure function of (assignment, seed), so it is kept
pickled in a small LRU cache: a student's second attempt (or the bench) restores it in
a few milliseconds instead of booting and setting up again. Restoring gives an equal,
independent cluster; a cluster that cannot be pickled is simply rebuilt every time.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict

from simulator import Cluster
from simulator.files import MemoryFiles
from simulator.shell.execution_log import ExecutedProgram

from scoring.checks import Entry
from scoring.templates import render

DEFAULT_SETTLE = 30  # simulated seconds for pods to start and become Ready
CACHE_ENTRIES = 256  # about 60 KB each

_snapshots: OrderedDict[tuple, tuple[bytes, list[str]]] = OrderedDict()
_lock = threading.Lock()


def build_cluster(assignment, seed: int, budget=None) -> tuple[Cluster, list[str]]:
    """A fresh cluster for this seed with the spec's setup applied and settled."""
    key = (assignment.slug, assignment.content_hash, seed)
    with _lock:
        cached = _snapshots.get(key)
        if cached:
            _snapshots.move_to_end(key)
    if cached:
        return pickle.loads(cached[0]), list(cached[1])  # noqa: S301 - bytes this process pickled itself
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
    try:
        data = pickle.dumps(cluster, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable simulator only loses the cache
        return
    with _lock:
        _snapshots[key] = (data, list(lines))
        while len(_snapshots) > CACHE_ENTRIES:
            _snapshots.popitem(last=False)


def clear_cache() -> None:
    with _lock:
        _snapshots.clear()


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
