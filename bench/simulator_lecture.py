"""Build the lecture's cluster and run the whole Week-4 hands-on on it, repeatedly.

Reports the median and spread of wall time per full run, and the peak memory of one
run (tracemalloc), on one core (this process).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR, SCRIPT


def lecture_lines() -> list[str]:
    return [line for line in SCRIPT.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run_lecture(seed: int = 0) -> str:
    cluster = Cluster(seed=seed, files=HANDS_ON_DIR)
    session = cluster.session(echo=True)
    return "".join(session.run(line).output for line in lecture_lines())


def measure(repeats: int = 30) -> dict:
    run_lecture(0)  # warm imports
    timings, cpu = [], []
    for seed in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run_lecture(seed)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    build = []
    for seed in range(repeats):
        start = time.perf_counter()
        Cluster(seed=seed, files=HANDS_ON_DIR)
        build.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    run_lecture(0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "runs": repeats,
        "lines": len(lecture_lines()),
        "median_ms": statistics.median(timings),
        "cpu_median_ms": statistics.median(cpu),
        "p90_ms": sorted(timings)[int(0.9 * (repeats - 1))],
        "build_median_ms": statistics.median(build),
        "peak_mib": peak / (1024 * 1024),
    }


def report() -> None:
    figures = measure()
    print(f"simulator: the lecture's full hands-on ({figures['lines']} command lines), {figures['runs']} runs, one core")
    print(f"  median {figures['median_ms']:.1f} ms wall per run (p90 {figures['p90_ms']:.1f} ms), "
          f"{figures['cpu_median_ms']:.1f} ms CPU; "
          f"building the cluster alone: median {figures['build_median_ms']:.1f} ms")
    print(f"  peak traced memory of one run: {figures['peak_mib']:.1f} MiB")
