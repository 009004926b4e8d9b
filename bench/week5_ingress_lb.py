"""Week 5 on the simulator: installing ingress-nginx 1.3.0 and MetalLB 0.13.4 from their published
manifests, and the week's script (fan-out Ingress, LoadBalancer from a pool), beside one run of the
Week-4 lecture's script.

`python -m bench week5_ingress_lb`. Wall time per scenario (median and p90 over seeds, one core).
The add-ons' install cost is paid once per (assignment, seed): `scoring.replay.build_cluster` keeps
the cluster right after setup pickled (zlib level 1) in an LRU bounded by bytes, so a grading
restores it; the restore time, the pickle's size with both add-ons installed (raw and as cached),
and each Week-5 lab's grading time for a new student (setup and install replayed) and the same
student again (setup restored) are measured here too, with how many Week-5 setups the cache holds.
"""

from __future__ import annotations

import pickle
import statistics
import time
import zlib
from pathlib import Path

from scoring import replay
from scoring.bank import load_bank
from simulator import Cluster

from bench.week_timing import grade_new_and_again_ms, lecture_median_ms

BANK = Path(__file__).resolve().parents[1] / "assignments"

HANDS_ON = Path("/work/shared/course/05-Ingress-LoadBalancer/hands-on")
INGRESS = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.3.0/deploy/static/provider/baremetal/deploy.yaml"
METALLB = "https://raw.githubusercontent.com/metallb/metallb/v0.13.4/config/manifests/metallb-native.yaml"
INSTALL = [f"kubectl apply -f {INGRESS}", f"kubectl apply -f {METALLB}", "sleep 90"]
WEEK = INSTALL + ["kubectl create -f rs-web-v1.yaml", "kubectl create -f rs-web-v2.yaml",
                  "kubectl create -f svc-node-web-nodeport-v1.yaml", "kubectl create -f svc-node-web-nodeport-v2.yaml",
                  "kubectl create -f ingress-node-web.yaml", "sleep 20", "kubectl get ingresses -o wide",
                  "kubectl describe ingress ingress-node-web", "kubectl create -f metallb-ip.yaml",
                  "kubectl create -f metallb-l2.yaml", "kubectl create -f svc-node-web-lb.yaml", "sleep 10",
                  "kubectl get services -o wide", "curl -s http://192.168.100.240", "kubectl describe service svc-lb"]


def run(commands: list[str], seed: int) -> tuple[float, Cluster]:
    cluster = Cluster(seed=seed, files=HANDS_ON)
    shell = cluster.session()
    start = time.perf_counter()
    for command in commands:
        result = shell.run(command)
        if result.exit_code:
            raise RuntimeError(f"{command}: {result.output}")
    return (time.perf_counter() - start) * 1000, cluster


def figures(walls: list[float]) -> str:
    return f"median {statistics.median(walls):.0f} ms (p90 {sorted(walls)[int(0.9 * (len(walls) - 1))]:.0f} ms)"


def report(repeats: int = 5) -> None:
    if not HANDS_ON.exists():
        print("week 5: skipped, the course's week-5 files are not on this machine")
        return
    print(f"week 5 on the simulator ({repeats} runs each, one core); the Week-4 lecture's script: "
          f"median {lecture_median_ms():.0f} ms per run")
    installs = [run(INSTALL, seed) for seed in range(repeats)]
    print(f"  both add-ons installed on a new cluster (apply x2, 90 s settle): {figures([w for w, _ in installs])}")
    data = pickle.dumps(installs[0][1], protocol=pickle.HIGHEST_PROTOCOL)
    packed = zlib.compress(data, 1)
    restores = []
    for _ in range(repeats):
        start = time.perf_counter()
        pickle.loads(zlib.decompress(packed))  # noqa: S301 - bytes pickled just above
        restores.append((time.perf_counter() - start) * 1000)
    print(f"  the installed cluster restored from the setup cache: {figures(restores)}, {len(data) / 1024:.0f} KB "
          f"pickled, {len(packed) / 1024:.0f} KB as cached (zlib 1)")
    print(f"  the week's script (installs, fan-out Ingress, LoadBalancer from a pool): "
          f"{figures([run(WEEK, seed)[0] for seed in range(repeats)])}")
    grading(repeats)


def grading(repeats: int) -> None:
    """Each Week-5 assignment graded with its reference: a new student pays the add-ons' install in the
    setup, the same student again restores the cached setup."""
    sizes = []
    for assignment in load_bank(BANK):
        if not assignment.slug.startswith("week5/"):
            continue
        cold, warm = grade_new_and_again_ms(assignment, range(200, 200 + repeats))
        entries, used = replay.cache_usage()
        sizes.append(used / entries)
        print(f"  grading {assignment.slug}: new student {cold:.0f} ms, "
              f"again {warm:.0f} ms (setup cached, {used / entries / 1024:.0f} KB each)")
    if sizes:
        each = statistics.median(sizes)
        print(f"  setup cache: LRU of at most {replay.CACHE_ENTRIES} entries and {replay.CACHE_BYTES // 2**20} MiB "
              f"(KUBEGRADE_SETUP_CACHE_MB): {min(replay.CACHE_ENTRIES, int(replay.CACHE_BYTES // each))} Week-5 "
              f"setups at {each / 1024:.0f} KB each")
