"""Week 8 on the simulator: a full rollout of 3 replicas and a StatefulSet of 3 (with claims once the cluster serves PVCs),
each timed from `kubectl apply` to done, beside one run of the Week-4 lecture's script.

`python -m bench week8_rollouts`. Wall time per scenario (median and p90 over seeds, one
core), and how much simulated time each took, as `rollout status` waits for it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from simulator import Cluster

from bench.simulator_lecture import run_lecture

HANDS_ON = Path("/work/shared/course/08-Deployment-StatefulSet/hands-on")
ROLLOUT = ["kubectl create -f dp-web-v1.yaml", "kubectl rollout status deployment dp-web",
           "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true",
           "kubectl rollout status deployment dp-web"]
STATEFUL = ["kubectl create -f svc-headless.yaml", "kubectl create -f sf-web.yaml",
            "kubectl scale statefulset sf-web --replicas=3", "kubectl rollout status statefulset sf-web"]


def run(commands: list[str], seed: int) -> tuple[float, float]:
    """(wall ms, simulated seconds) for the commands on a fresh cluster."""
    cluster = Cluster(seed=seed, files=HANDS_ON)
    shell = cluster.session()
    start, simulated = time.perf_counter(), cluster.clock.now()
    for command in commands:
        result = shell.run(command)
        if result.exit_code:
            raise RuntimeError(f"{command}: {result.output}")
    return (time.perf_counter() - start) * 1000, cluster.clock.now() - simulated


def figures(commands: list[str], repeats: int) -> dict:
    run(commands, 0)
    walls, sims = zip(*(run(commands, seed) for seed in range(repeats)))
    return {"median_ms": statistics.median(walls), "p90_ms": sorted(walls)[int(0.9 * (repeats - 1))],
            "simulated_s": statistics.median(sims)}


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
                            ("StatefulSet of 3 (create, scale, rollout status; its claims are made once the cluster serves PVCs)", STATEFUL)):
        found = figures(commands, repeats)
        print(f"  {label}: median {found['median_ms']:.0f} ms wall (p90 {found['p90_ms']:.0f} ms), "
              f"{found['simulated_s']:.0f} s simulated")


if __name__ == "__main__":
    report()
