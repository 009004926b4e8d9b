"""Weeks 6 and 7 on the simulator: the slides' volume and ConfigMap/Secret scripts timed beside
the Week-4 lecture's, and what files cost a workspace (its snapshot is the pickled cluster).

`python -m bench week67_volumes`. Wall time per script (median and p90 over seeds, one core);
the snapshot's size and the memory a cluster holding files takes (tracemalloc, after 200
files of 1 KiB written with `>` into an emptyDir and a hostPath).
"""

from __future__ import annotations

import pickle
import statistics
import time
import tracemalloc
from pathlib import Path

from simulator import Cluster

from bench.simulator_lecture import run_lecture

COURSE = Path("/work/shared/course")
WEEK6 = COURSE / "06-emptyDir-hostPath-PV" / "hands-on"
WEEK7 = COURSE / "07-ConfigMap-Secret-downwardAPI" / "hands-on"
EMPTYDIR = ["kubectl create -f rs-emptyDir.yaml", "sleep 30", "POD=$(kubectl get pods -o name | head -1)",
            "kubectl exec $POD -c worker1 -- ls -al /data", "kubectl exec $POD -c worker1 -- touch /data/emptyDir1/wow",
            "kubectl exec $POD -c worker2 -- ls -al /data/emptyDir2", "kubectl delete $POD", "sleep 30"]
HOSTPATH = ["kubectl create -f rs-hostPath.yaml", "sleep 30", "POD=$(kubectl get pods -o name | head -1)",
            "kubectl exec $POD -- touch /data/hostpath/wow", "kubectl exec $POD -- ls -al /data/hostpath"]
CONFIG = ["kubectl create -f cm-envFrom.yaml", "kubectl create -f cm-volume.yaml", "kubectl create -f pod-ConfigMap.yaml",
          "sleep 20", "kubectl exec pod-configmap -- printenv", "kubectl create -f pod-downwardAPI.yaml", "sleep 10",
          "kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels",
          "kubectl create secret docker-registry my-docker-hub --docker-username=whatwant --docker-password=x",
          "kubectl create -f pod-private-success.yaml", "sleep 30", "kubectl get pods"]
WRITER = """apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  containers:
  - {name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: e, mountPath: /e}, {name: h, mountPath: /h}]}
  volumes:
  - {name: e, emptyDir: {}}
  - {name: h, hostPath: {path: /var/bench, type: DirectoryOrCreate}}
"""


def run(commands: list[str], seed: int, files) -> float:
    shell = Cluster(seed=seed, files=files).session()
    start = time.perf_counter()
    for command in commands:
        shell.run(command)
    return (time.perf_counter() - start) * 1000


def figures(commands: list[str], files, repeats: int) -> tuple[float, float]:
    run(commands, 0, files)
    walls = sorted(run(commands, seed, files) for seed in range(repeats))
    return statistics.median(walls), walls[int(0.9 * (repeats - 1))]


def files_cost(count: int = 200) -> tuple[int, int, int]:
    """(snapshot bytes before, after, tracemalloc bytes the files added) for `count` files of 1 KiB."""
    cluster = Cluster(seed=1, files={"writer.yaml": WRITER.encode()})
    shell = cluster.session()
    shell.run("kubectl apply -f writer.yaml")
    shell.run("sleep 20")
    before = len(pickle.dumps(cluster))
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    block = "x" * 1023
    shell.run(f"kubectl exec writer -- sh -c 'i=0; while [ $i -lt {count // 2} ]; do i=$((i+1)); "
              f"echo {block} > /e/f$i; echo {block} > /h/f$i; done'")
    assert len(cluster.machines.trees["emptydir:" + cluster.get("pods", "writer")["metadata"]["uid"] + ":e"].entries) > count // 2
    grown = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return before, len(pickle.dumps(cluster)), grown


def report(repeats: int = 5) -> None:
    if not WEEK6.exists() or not WEEK7.exists():
        print("weeks 6-7: skipped, the course's files are not on this machine")
        return
    lecture = []
    for seed in range(3):
        start = time.perf_counter()
        run_lecture(seed)
        lecture.append((time.perf_counter() - start) * 1000)
    print(f"weeks 6-7 on the simulator ({repeats} runs each, one core); the Week-4 lecture's script: "
          f"median {statistics.median(lecture):.0f} ms per run")
    for label, commands, files in (("week 6 emptyDir (share, restart)", EMPTYDIR, WEEK6),
                                   ("week 6 hostPath (write, list)", HOSTPATH, WEEK6),
                                   ("week 7 ConfigMap env/volume, downward API, private image", CONFIG, WEEK7)):
        median, p90 = figures(commands, files, repeats)
        print(f"  {label}: median {median:.0f} ms wall (p90 {p90:.0f} ms)")
    before, after, grown = files_cost()
    print(f"  a workspace holding 200 files of 1 KiB (emptyDir + hostPath): snapshot {before / 1024:.0f} KiB -> "
          f"{after / 1024:.0f} KiB, {grown / 1024:.0f} KiB more memory while writing them")


if __name__ == "__main__":
    report()
