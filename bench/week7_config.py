"""Week 7 on the simulator: the slides' ConfigMap, Secret and downward API hands-on beside the
Week-4 lecture's, the kubelet's resync of a mounted volume, and grading time per Week-7 lab.

The script is the slides' own commands from the course repo's folder (pod-env, the fortune pod and
its log, the ConfigMaps from YAML and from the CLI, the private image without and with its
docker-registry Secret, the downward API pod), then a label edit waited out until the
downward API file follows it (the pod's resync, 60-90 s). Grading is timed as `bench.scoring` times
it: a new student (setup replayed) and the same student again (its snapshot restored).
"""

from __future__ import annotations

from pathlib import Path

from bench.simulator_lecture import run_lecture
from bench.week_timing import grading_per_assignment, median_p90_ms, print_grading_table
from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR

BANK = Path(__file__).resolve().parents[1] / "assignments"
WEEK7_SCRIPT = """\
cd kubernetes/07-ConfigMap-Secret-downwardAPI/hands-on
kubectl create -f pod-env.yaml
kubectl logs pod-env
kubectl create -f pod-fortune.yaml
sleep 10
kubectl logs pod-fortune -c html-generator
kubectl create -f svc-fortune.yaml
kubectl get services -o wide
kubectl create -f cm-envFrom.yaml
kubectl create -f cm-volume.yaml
kubectl create -f pod-ConfigMap.yaml
kubectl create -f svc-ConfigMap.yaml
sleep 20
kubectl exec -it pod-configmap -- printenv
kubectl get secrets -o wide
kubectl create -f pod-private-fail.yaml
sleep 10
kubectl describe pods pod-private
kubectl delete pod pod-private
kubectl create secret docker-registry my-docker-hub --docker-username=whatwant --docker-password=xxx
kubectl create -f pod-private-success.yaml
sleep 30
kubectl get pods
kubectl create -f pod-downwardAPI.yaml
sleep 10
kubectl exec kubernetes-downwardapi-volume-example -- ls -al /etc/podinfo
kubectl label pod kubernetes-downwardapi-volume-example rack=rack-23 --overwrite
sleep 90
kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels
"""


def run_week7(seed: int) -> str:
    session = Cluster(seed=seed, files=HANDS_ON_DIR).session(echo=True)
    return "".join(session.run(line).output for line in WEEK7_SCRIPT.splitlines())


def measure(repeats: int = 9) -> dict:
    run_week7(0)  # warm imports
    run_lecture(0)
    labs = grading_per_assignment(("week7",))
    return {"runs": repeats, "week7": median_p90_ms(run_week7, range(repeats)), "lecture": median_p90_ms(run_lecture, range(repeats)),
            "lines": len(WEEK7_SCRIPT.splitlines()), "labs": labs}


def report() -> None:
    figures = measure()
    (w_median, w_p90), (l_median, l_p90) = figures["week7"], figures["lecture"]
    print(f"week 7: the slides' ConfigMap, Secret and downward API hands-on and a label edit waited out "
          f"({figures['lines']} lines) beside the Week-4 lecture's, {figures['runs']} runs each, one core")
    print(f"  week 7: median {w_median:.1f} ms wall per run (p90 {w_p90:.1f} ms)")
    print(f"  lecture: median {l_median:.1f} ms wall per run (p90 {l_p90:.1f} ms)")
    print_grading_table("Week-7", figures["labs"], 30)


if __name__ == "__main__":
    report()
