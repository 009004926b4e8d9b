"""Week 8 on the simulator: a full rollout of 3 replicas and a StatefulSet of 3 with its claims bound to the slides' PVs,
each timed from `kubectl apply` to done, beside one run of the Week-4 lecture's script, and grading
time per Week-8 lab and quiz (a new student, setup replayed; the same student again, snapshot restored).

`python -m bench week8_rollouts`. Wall time per scenario (median and p90 over seeds, one
core), and how much simulated time each took, as `rollout status` waits for it. The StatefulSet's
scenario ends with the slides' data round trip: a POST through `kubectl proxy`, the pod deleted,
the data read back from its claim; the report counts the runs where it came back (the slides' PVs
are hostPath: the data stays on the node the pod wrote it on, and a pod made again on the other
worker finds its claim's directory empty there, as on a real cluster).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from simulator import Cluster

from bench.scoring import _grade_ms, _inputs
from bench.simulator_lecture import run_lecture
from scoring.bank import load_bank
from scoring.replay import clear_cache

BANK = Path(__file__).resolve().parents[1] / "assignments"

HANDS_ON = Path("/work/shared/course/08-Deployment-StatefulSet/hands-on")
ROLLOUT = ["kubectl create -f dp-web-v1.yaml", "kubectl rollout status deployment dp-web",
           "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true",
           "kubectl rollout status deployment dp-web"]
PROXY = "http://localhost:8001/api/v1/namespaces/default/pods/sf-web-0/proxy/"
STATEFUL = ["kubectl create -f pv-statefulset.yaml", "kubectl create -f svc-headless.yaml", "kubectl create -f sf-web.yaml",
            "kubectl scale statefulset sf-web --replicas=3", "kubectl rollout status statefulset sf-web",
            "kubectl proxy &", f'curl -s -X POST -d "wow" {PROXY}', "kubectl delete pod sf-web-0",
            "kubectl rollout status statefulset sf-web", f"curl -s {PROXY}"]


def run(commands: list[str], seed: int) -> tuple[float, float, str]:
    """(wall ms, simulated seconds, the last command's output) for the commands on a fresh cluster."""
    cluster = Cluster(seed=seed, files=HANDS_ON)
    shell = cluster.session()
    start, simulated = time.perf_counter(), cluster.clock.now()
    for command in commands:
        result = shell.run(command)
        if result.exit_code:
            raise RuntimeError(f"{command}: {result.output}")
    return (time.perf_counter() - start) * 1000, cluster.clock.now() - simulated, result.output


def figures(commands: list[str], repeats: int) -> dict:
    run(commands, 0)
    walls, sims, last = zip(*(run(commands, seed) for seed in range(repeats)))
    return {"median_ms": statistics.median(walls), "p90_ms": sorted(walls)[int(0.9 * (repeats - 1))],
            "simulated_s": statistics.median(sims),
            "kept": sum("Data stored on this pod: wow" in output for output in last)}


def report(repeats: int = 10) -> None:
    if not HANDS_ON.exists():
        print("week 8: skipped, the course's week-8 files are not on this machine")
        return
    lecture = []
    for seed in range(3):
        start = time.perf_counter()
        run_lecture(seed)
        lecture.append((time.perf_counter() - start) * 1000)
    print(f"week 8 on the simulator ({repeats} runs each, one core); the Week-4 lecture's script: "
          f"median {statistics.median(lecture):.0f} ms per run")
    for label, commands in (("rolling update of 3 replicas (1.0 -> 2.0, rollout status to done)", ROLLOUT),
                            ("StatefulSet of 3 with claims (PVs, create, scale, rollout status; POST, delete sf-web-0, GET "
                             "through kubectl proxy)", STATEFUL)):
        found = figures(commands, repeats)
        kept = f", data read back in {found['kept']} of {repeats} runs" if commands is STATEFUL else ""
        print(f"  {label}: median {found['median_ms']:.0f} ms wall (p90 {found['p90_ms']:.0f} ms), "
              f"{found['simulated_s']:.0f} s simulated{kept}")
    print(f"  grading each Week-8 reference, median of 5 students: {'assignment':30s} {'new':>9s} {'again':>9s}")
    for slug, cold, warm in grading_times():
        print(f"    {slug:30s} {cold:9.1f} ms {warm:6.1f} ms")


def grading_times() -> list[tuple[str, float, float]]:
    """(slug, new student ms, same student again ms) per Week-8 assignment, as bench.scoring times them."""
    rows = []
    for assignment in load_bank(BANK):
        if not assignment.slug.startswith("week8/"):
            continue
        seeds = range(100, 105)
        inputs = {seed: _inputs(assignment, seed) for seed in seeds}
        clear_cache()
        cold = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
        warm = [_grade_ms(assignment, seed, inputs[seed]) for seed in seeds]
        rows.append((assignment.slug, statistics.median(cold), statistics.median(warm)))
    return rows


if __name__ == "__main__":
    report()
