"""The measurements every course week's bench shares: a script's wall time over seeds (median
and p90), the Week-4 lecture's beside it, and each of the week's references graded for a new
student (setup replayed) and for the same student again (setup cached), as `bench.scoring`
grades them."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable

from bench.scoring import BANK, _grade_ms, _inputs
from bench.simulator_lecture import run_lecture
from scoring.bank import load_bank
from scoring.replay import clear_cache


def median_p90_ms(run: Callable[[int], object], seeds: Iterable[int]) -> tuple[float, float]:
    """(median, p90) of `run(seed)`'s wall time in ms, one run per seed."""
    timings = []
    for seed in seeds:
        start = time.perf_counter()
        run(seed)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.9 * (len(timings) - 1))]


def lecture_median_ms(runs: int = 3) -> float:
    """The Week-4 lecture's script, the yardstick each week's script is printed beside."""
    return median_p90_ms(run_lecture, range(runs))[0]


def grade_new_and_again_ms(assignment, seeds: Iterable[int]) -> tuple[float, float]:
    """Median ms to grade the reference: each student new (the setup cache cleared first), then again."""
    seeds = list(seeds)
    inputs = {seed: _inputs(assignment, seed) for seed in seeds}
    clear_cache()
    new = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
    again = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
    return statistics.median(new), statistics.median(again)


def grading_per_assignment(weeks: tuple[str, ...], *, seeds: Iterable[int] = range(100, 105),
                           labs_only: bool = False) -> list[tuple[str, float, float]]:
    """(slug, new student ms, same student again ms) for every assignment of `weeks` ("week8", ...)."""
    rows = []
    for assignment in load_bank(BANK):
        if not assignment.slug.startswith(tuple(f"{week}/" for week in weeks)):
            continue
        if labs_only and assignment.kind == "quiz":
            continue
        rows.append((assignment.slug, *grade_new_and_again_ms(assignment, seeds)))
    return rows


def print_grading_table(which: str, rows: list[tuple[str, float, float]], width: int) -> None:
    """The rows of `grading_per_assignment` under the heading every week's report prints."""
    print(f"  grading each {which} reference, median of 5 students: {'assignment':{width}s} {'new':>9s} {'again':>9s}")
    for slug, new, again in rows:
        print(f"    {slug:{width}s} {new:9.1f} ms {again:6.1f} ms")
