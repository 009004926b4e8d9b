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

from bench.week_timing import grading_per_assignment, lecture_median_ms, print_grading_table

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
    print(f"week 8 on the simulator ({repeats} runs each, one core); the Week-4 lecture's script: "
          f"median {lecture_median_ms():.0f} ms per run")
    for label, commands in (("rolling update of 3 replicas (1.0 -> 2.0, rollout status to done)", ROLLOUT),
                            ("StatefulSet of 3 with claims (PVs, create, scale, rollout status; POST, delete sf-web-0, GET "
                             "through kubectl proxy)", STATEFUL)):
        found = figures(commands, repeats)
        kept = f", data read back in {found['kept']} of {repeats} runs" if commands is STATEFUL else ""
        print(f"  {label}: median {found['median_ms']:.0f} ms wall (p90 {found['p90_ms']:.0f} ms), "
              f"{found['simulated_s']:.0f} s simulated{kept}")
    print_grading_table("Week-8", grading_per_assignment(("week8",)), 30)


if __name__ == "__main__":
    report()
