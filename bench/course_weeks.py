"""The course's Weeks 2 and 3 on the simulator: their hands-on beside the lecture's, and grading
time per Week-2 and Week-3 lab.

The Week-2 script is the slides' pods and namespaces: node-web from YAML reached through a
`kubectl port-forward` job and curl, the namespace whatwant deleted with its pod (Terminating
until the namespace controller has emptied it, which `kubectl delete` waits for), and
pod-error's image pull backing off for two minutes.

The Week-3 script is the slides' own commands (job-pi with its logs, job-throw-dice until it
is done, the two history CronJobs for five simulated minutes, then their listings), run on a
fresh cluster per seed; the lecture's is `bench.simulator_lecture`'s Week-4 hands-on, timed the
same way here so the two stand side by side. Grading is timed as `bench.scoring` times it: a
new student (setup replayed) and the same student again (its snapshot restored).
"""

from __future__ import annotations

from pathlib import Path

from bench.simulator_lecture import run_lecture
from bench.week_timing import grading_per_assignment, median_p90_ms, print_grading_table
from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR

BANK = Path(__file__).resolve().parents[1] / "assignments"
WEEK2_SCRIPT = """\
cd kubernetes/02-Pod-Namespace/hands-on
kubectl create -f pod-node-web.yaml
sleep 10
kubectl get pods -o wide
kubectl port-forward node-web 8080:8080 &
curl http://localhost:8080
kill %1
kubectl delete pods node-web
kubectl create -f namespace-whatwant.yaml
kubectl create -f pod-node-web.yaml --namespace whatwant
sleep 10
kubectl get pods --namespace whatwant -o wide
kubectl delete namespace whatwant
kubectl get namespaces
kubectl create -f ./pod-error.yaml
sleep 120
kubectl get pods -o wide
kubectl describe pod pod-error
kubectl delete pod pod-error
"""
WEEK3_SCRIPT = """\
cd kubernetes/03-RS-DS-JOB-CJ/hands-on
kubectl create -f ./job-pi.yaml
sleep 20
kubectl get pods -o wide
kubectl get jobs -o wide
kubectl logs $(kubectl get pods -o name | head -1)
kubectl delete jobs job-pi
kubectl create -f ./job-throw-dice.yaml
sleep 300
kubectl get jobs -o wide
kubectl get pods -o wide
kubectl delete jobs job-throw-dice
kubectl create -f ./cj-history-3.yaml
kubectl create -f ./cj-history-0.yaml
kubectl get cronjobs -o wide
sleep 300
kubectl get cronjobs -o wide
kubectl get jobs -o wide
kubectl get pods -o wide
kubectl delete cronjob cj-history-3 cj-history-0
"""


def run_script(script: str, seed: int) -> str:
    cluster = Cluster(seed=seed, files=HANDS_ON_DIR)
    session = cluster.session(echo=True)
    return "".join(session.run(line).output for line in script.splitlines())


def run_week2(seed: int) -> str:
    return run_script(WEEK2_SCRIPT, seed)


def run_week3(seed: int) -> str:
    return run_script(WEEK3_SCRIPT, seed)


def measure(repeats: int = 15) -> dict:
    run_week2(0)  # warm imports
    run_week3(0)
    run_lecture(0)
    week2 = median_p90_ms(run_week2, range(repeats))
    week3 = median_p90_ms(run_week3, range(repeats))
    lecture = median_p90_ms(run_lecture, range(repeats))
    labs = grading_per_assignment(("week2", "week3"))
    return {"runs": repeats, "week2": week2, "week3": week3, "lecture": lecture,
            "week2_lines": len(WEEK2_SCRIPT.splitlines()), "week3_lines": len(WEEK3_SCRIPT.splitlines()), "labs": labs}


def report() -> None:
    figures = measure()
    (v_median, v_p90), (w_median, w_p90), (l_median, l_p90) = figures["week2"], figures["week3"], figures["lecture"]
    print(f"course weeks: Week 2's pods-and-namespaces hands-on ({figures['week2_lines']} lines, ~3 simulated minutes) "
          f"and Week 3's Job-and-CronJob hands-on ({figures['week3_lines']} lines, ~11 simulated minutes) "
          f"beside the Week-4 lecture's, {figures['runs']} runs each, one core")
    print(f"  week 2:  median {v_median:.1f} ms wall per run (p90 {v_p90:.1f} ms)")
    print(f"  week 3:  median {w_median:.1f} ms wall per run (p90 {w_p90:.1f} ms)")
    print(f"  lecture: median {l_median:.1f} ms wall per run (p90 {l_p90:.1f} ms)")
    print_grading_table("Week-2 and Week-3", figures["labs"], 28)


if __name__ == "__main__":
    report()
