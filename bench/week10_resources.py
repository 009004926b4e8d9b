"""Week 10 on the simulator: the slides' resource-management and PodSecurityPolicy hands-on beside
the Week-4 lecture's script, and grading time per Week-10 lab.

The Week-10 script is the slides' own commands (the requests and limits pods with `top` and their
cgroup files, the LimitRange namespace with its nolimit pod, the quota, then PodSecurityPolicy:
the slides' policy, role and binding, the API server's manifest edited on the master (with
`sudo sed -i`: nano needs a person at a terminal), the restart waited out, and the two pods),
run on a fresh cluster per seed. `python -m bench week10_resources`.
"""

from __future__ import annotations

from pathlib import Path

from bench.simulator_lecture import run_lecture
from bench.week_timing import grading_per_assignment, median_p90_ms, print_grading_table
from simulator import Cluster

BANK = Path(__file__).resolve().parents[1] / "assignments"
TESTS = Path(__file__).resolve().parents[1] / "tests" / "simulator"


def week10_files() -> dict[str, bytes]:
    """The slides' manifests as the week-10 tests quote them (each with its slide lines there)."""
    import importlib.util

    def module(name: str):
        spec = importlib.util.spec_from_file_location(name, TESTS / f"{name}.py")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded

    resources, quota, psp = module("test_week10_resources"), module("test_week10_quota"), module("test_week10_psp")
    files = {"pod-requests.yaml": resources.REQUESTS, "pod-limits.yaml": resources.LIMITS,
             "limitrange.yaml": quota.LIMITRANGE, "pod-nolimit.yaml": quota.NOLIMIT, "quota.yaml": quota.QUOTA}
    files.update(psp.FILES)
    return {name: text.encode() for name, text in files.items()}


WEEK10_SCRIPT = """\
kubectl create -f pod-requests.yaml
kubectl create -f pod-limits.yaml
sleep 10
kubectl exec -it requests -- top
kubectl exec -it limits -- top
kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_period_us
kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us
kubectl describe nodes master
kubectl create namespace limitrange-test
kubectl create --namespace limitrange-test -f limitrange.yaml
kubectl describe --namespace limitrange-test limitranges limitrange
kubectl create --namespace limitrange-test -f pod-nolimit.yaml
sleep 10
kubectl exec -it --namespace limitrange-test nolimit -- top
kubectl describe --namespace limitrange-test pods nolimit
kubectl create --namespace limitrange-test -f quota.yaml
sleep 10
kubectl describe --namespace limitrange-test resourcequotas
kubectl top nodes
kubectl create -f ./podsecuritypolicy.yaml
kubectl get podsecuritypolicies -o wide
kubectl create -f ./clusterrole.yaml
kubectl create -f ./clusterrolebinding.yaml
ssh vagrant@192.168.100.200
sudo sed -i 's/--enable-admission-plugins=NodeRestriction$/&,PodSecurityPolicy/' /etc/kubernetes/manifests/kube-apiserver.yaml
exit
sleep 60
kubectl describe pod --namespace kube-system kube-apiserver-master
kubectl create -f ./pod-non-privileged.yaml
kubectl create -f ./pod-privileged.yaml
kubectl get pods -o wide
"""


def run_week10(seed: int, files: dict[str, bytes]) -> str:
    cluster = Cluster(seed=seed, files=files)
    session = cluster.session(echo=True)
    return "".join(session.run(line).output for line in WEEK10_SCRIPT.splitlines())


def measure(repeats: int = 15) -> dict:
    files = week10_files()
    run_week10(0, files)  # warm imports
    run_lecture(0)
    week10 = median_p90_ms(lambda seed: run_week10(seed, files), range(repeats))
    lecture = median_p90_ms(run_lecture, range(repeats))
    labs = grading_per_assignment(("week10",), labs_only=True)
    return {"runs": repeats, "week10": week10, "lecture": lecture, "week10_lines": len(WEEK10_SCRIPT.splitlines()),
            "labs": labs}


def report() -> None:
    figures = measure()
    (w_median, w_p90), (l_median, l_p90) = figures["week10"], figures["lecture"]
    print(f"week 10: the slides' resources, LimitRange, quota and PodSecurityPolicy hands-on "
          f"({figures['week10_lines']} lines) beside the Week-4 lecture's, {figures['runs']} runs each, one core")
    print(f"  week 10: median {w_median:.1f} ms wall per run (p90 {w_p90:.1f} ms)")
    print(f"  lecture: median {l_median:.1f} ms wall per run (p90 {l_p90:.1f} ms)")
    print_grading_table("Week-10", figures["labs"], 34)


if __name__ == "__main__":
    report()
