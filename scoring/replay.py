"""Building the student's cluster: the spec's setup, then the submission, as typed.

Setup files are visible to `kubectl -f` only during setup; the submission's files
replace them afterwards, so `kubectl apply -f .` sees just what the student handed in.
Every line is kept for the transcript, in the lecture's `prompt > command` form.
"""

from __future__ import annotations

from simulator import Cluster
from simulator.files import MemoryFiles

from scoring.checks import Entry

DEFAULT_SETTLE = 30  # simulated seconds for pods to start and become Ready


def build_cluster(assignment, seed: int, budget=None) -> tuple[Cluster, list[str]]:
    """A fresh cluster for this seed with the spec's setup applied and settled."""
    setup = assignment.spec.get("setup") or {}
    files = assignment.setup_files(seed)
    cluster = Cluster(seed=seed, files=files)
    variables = assignment.variant(seed)
    lines = [_render(line, variables) for line in setup.get("commands", [])]
    entries = run_lines(cluster, lines, budget)
    cluster.tick(float(setup.get("settle_seconds", DEFAULT_SETTLE)))
    return cluster, [format_entry(entry) for entry in entries]


def run_submission(cluster: Cluster, files: dict[str, bytes], lines: list[str], settle: float,
                   budget=None) -> list[Entry]:
    cluster.files = MemoryFiles(files)
    entries = run_lines(cluster, lines, budget)
    cluster.tick(settle)
    return entries


def run_lines(cluster: Cluster, lines: list[str], budget=None) -> list[Entry]:
    session = cluster.session()
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


def _render(line: str, variables: dict) -> str:
    from scoring.templates import render

    return render(line, variables)
