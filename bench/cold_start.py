"""How long a command line waits before its prompt: `python -m simulator shell` against bare Python.

Each figure is the median wall time of a new process (and its CPU time, user plus system,
which a busy machine inflates less), with the simulator's bytecode and the
cached lecture cluster in place (as after the first run on a machine; the first run, which
builds and caches the cluster, is reported apart). Both caches are fresh ones in a temporary
directory, so the figures do not depend on what earlier runs left behind. The target is the
issue's: the shell within 150 ms of bare Python.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 150.0
CASES = (
    ("bare Python (python -c pass)", ["-c", "pass"], ""),
    ("python -m simulator shell < /dev/null", ["-m", "simulator", "shell"], ""),
    ("... with one line: kubectl get pods -A", ["-m", "simulator", "shell"], "kubectl get pods -A\n"),
    ("... with one line: curl -sk the API server", ["-m", "simulator", "shell"],
     "curl -sk https://192.168.100.200:6443/version\n"),
)


def _run_ms(args: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one new process."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, *args], input=stdin, text=True, env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, after = (time.perf_counter() - start) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000


def measure(repeats: int = 15) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=str(Path(scratch) / "pycache"), XDG_CACHE_HOME=str(Path(scratch) / "cache"))
        _run_ms(["-c", "import simulator.cluster, simulator.shell.session, simulator.template_cache"], "", env)
        first = _run_ms(CASES[1][1], "", env)  # builds the lecture cluster and caches it
        for _, args, stdin in CASES:
            _run_ms(args, stdin, env)  # bytecode for what each line imports
        medians = {}
        for label, args, stdin in CASES:
            runs = [_run_ms(args, stdin, env) for _ in range(repeats)]
            medians[label] = tuple(statistics.median(run[i] for run in runs) for i in (0, 1))
    return {"first": first, "medians": medians, "repeats": repeats}


def report() -> None:
    figures = measure()
    medians = figures["medians"]
    bare_wall, bare_cpu = medians[CASES[0][0]]
    print(f"cold start: median of {figures['repeats']} new processes, wall and CPU (target: the shell "
          f"within {TARGET_MS:.0f} ms of bare Python)")
    for label, (wall, cpu) in medians.items():
        extra = "" if label == CASES[0][0] else f"  (+{wall - bare_wall:.1f} ms wall, +{cpu - bare_cpu:.1f} ms CPU)"
        flag = "  over target" if label == CASES[1][0] and wall - bare_wall > TARGET_MS else ""
        print(f"  {label:46s} {wall:7.1f} ms wall {cpu:6.1f} ms CPU{extra}{flag}")
    wall, cpu = figures["first"]
    print(f"  the first run on a machine (builds and caches the lecture cluster): {wall:.1f} ms wall, {cpu:.1f} ms CPU")


if __name__ == "__main__":
    report()
