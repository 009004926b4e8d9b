"""Median time to grade each reference solution of the bank, on one core (this process).

Two figures per assignment: "cold" grades a new student each time (a seed whose
post-setup cluster is not cached, so the simulator boots and runs the setup), "warm"
grades the same student again (the post-setup snapshot is restored, as for a second
attempt or a self-check). The target is 50 ms per grading.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from scoring.bank import load_bank
from scoring.engine import grade_submission
from scoring.quiz import right_answers
from scoring.replay import clear_cache

BANK = Path(__file__).resolve().parents[1] / "assignments"
TARGET_MS = 50.0


def _inputs(assignment, seed: int):
    if assignment.kind == "quiz":
        return {}, "", right_answers(assignment, seed)
    files, commands = assignment.solution(seed)
    return files, commands, None


def _grade_ms(assignment, seed: int, inputs) -> float:
    files, commands, answers = inputs
    start = time.perf_counter()
    report = grade_submission(assignment, files, commands, seed, answers)
    elapsed = (time.perf_counter() - start) * 1000
    if report.score != report.max_score:
        raise AssertionError(f"{assignment.slug} seed {seed}: reference scored {report.score}/{report.max_score}")
    return elapsed


def measure(repeats: int = 9) -> list[dict]:
    rows = []
    for assignment in load_bank(BANK):
        seeds = range(100, 100 + repeats)
        inputs = {seed: _inputs(assignment, seed) for seed in seeds}
        clear_cache()
        cold = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
        warm = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
        rows.append({"slug": assignment.slug, "cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm)})
    return rows


def report() -> None:
    rows = measure()
    print(f"scoring: median time to grade each reference solution, one core (target {TARGET_MS:.0f} ms)")
    print(f"  {'assignment':32s} {'new student':>12s} {'again':>9s}")
    for row in rows:
        flag = "" if row["warm_ms"] <= TARGET_MS else "  over target"
        print(f"  {row['slug']:32s} {row['cold_ms']:9.1f} ms {row['warm_ms']:6.1f} ms{flag}")
    print(f"  all: median {statistics.median(r['cold_ms'] for r in rows):.1f} ms new, "
          f"{statistics.median(r['warm_ms'] for r in rows):.1f} ms again")


if __name__ == "__main__":
    report()
