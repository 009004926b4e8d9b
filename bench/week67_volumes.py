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

from bench.week_timing import grading_per_assignment, lecture_median_ms

COURSE = Path("/work/shared/course")
WEEK6 = COURSE / "06-emptyDir-hostPath-PV" / "hands-on"
WEEK7 = COURSE / "07-ConfigMap-Secret-downwardAPI" / "hands-on"
EMPTYDIR = ["kubectl create -f rs-emptyDir.yaml", "sleep 30", "POD=$(kubectl get pods -o name | head -1)",
            "kubectl exec $POD -c worker1 -- ls -al /data", "kubectl exec $POD -c worker1 -- touch /data/emptyDir1/wow",
            "kubectl exec $POD -c worker2 -- ls -al /data/emptyDir2", "kubectl delete $POD", "sleep 30"]
HOSTPATH = ["kubectl create -f rs-hostPath.yaml", "sleep 30", "POD=$(kubectl get pods -o name | head -1)",
            "kubectl exec $POD -- touch /data/hostpath/wow", "kubectl exec $POD -- ls -al /data/hostpath"]
# slides 480-601: the NFS server on the workstation, the clients on the workers, three pods sharing the export
NFS = ["sudo apt install -y nfs-common nfs-kernel-server portmap", "cd /srv", "sudo mkdir nfs", "sudo chmod 777 ./nfs",
       "echo '/srv/nfs 192.168.100.*(rw,sync,no_root_squash,no_subtree_check)' | sudo tee -a /etc/exports",
       "sudo service nfs-kernel-server restart", "showmount -e 127.0.0.1", "cd",
       "ssh vagrant@192.168.100.201 sudo apt install -y nfs-common", "ssh vagrant@192.168.100.202 sudo apt install -y nfs-common",
       "kubectl create -f rs-nfs.yaml", "sleep 10", "kubectl get pods -o wide",
       "POD=$(kubectl get pods -o name | head -1)", "kubectl exec $POD -- touch /data/nfs/wow",
       "kubectl exec $POD -- ls -al /data/nfs"]
# slides 653-832: a hostPath PV bound to a claim and mounted, then the local StorageClass waiting for its consumer
CLAIMS = ["kubectl create -f pv-hostPath.yaml", "kubectl create -f pvc-50Mi.yaml", "kubectl get pv,pvc -o wide",
          "kubectl create -f rs-static.yaml", "sleep 30", "kubectl describe pvc pvc-50mi",
          "ssh vagrant@192.168.100.201 mkdir -p /tmp/pv-local", "kubectl create -f sc-local.yaml",
          "kubectl create -f pvc-local.yaml", "kubectl create -f pv-local.yaml", "kubectl get sc,pv,pvc -o wide",
          "kubectl create -f rs-dynamic.yaml", "sleep 30", "kubectl get pv,pvc -o wide", "kubectl get pods -o wide"]
CONFIG = ["kubectl create -f cm-envFrom.yaml", "kubectl create -f cm-volume.yaml", "kubectl create -f pod-ConfigMap.yaml",
          "sleep 20", "kubectl exec pod-configmap -- printenv", "kubectl create -f pod-downwardAPI.yaml", "sleep 10",
          "kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels",
          "kubectl create secret docker-registry my-docker-hub --docker-username=whatwant --docker-password=x",
          "kubectl create -f pod-private-success.yaml", "sleep 30", "kubectl get pods"]
# slides 540-617: GitHub's keys, the ssh key in a Secret, git-sync cloning into the emptyDir the ubuntu container reads
GIT_SYNC = ["ssh-keyscan github.com > ./known_hosts",
            "kubectl create secret generic my-ssh --from-file=ssh=$HOME/.ssh/id_rsa --from-file=known_hosts=./known_hosts",
            "kubectl create -f pod-git-sync.yaml", "sleep 14", "kubectl get pods -o wide",
            "kubectl exec git-sync -c ubuntu -- ls -al /repo", "kubectl exec git-sync -c ubuntu -- ls -al /repo/private-repo/",
            "kubectl logs git-sync -c git-sync"]
# a claim left waiting for its consumer for 15 minutes: the PV controller's 60 resyncs, each telling it why again
WAITING_CLAIM = ["kubectl create -f sc-local.yaml", "kubectl create -f pvc-local.yaml", "sleep 900",
                 "kubectl describe pvc pvc-local"]
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
    print(f"weeks 6-7 on the simulator ({repeats} runs each, one core); the Week-4 lecture's script: "
          f"median {lecture_median_ms():.0f} ms per run")
    for label, commands, files in (("week 6 emptyDir (share, restart)", EMPTYDIR, WEEK6),
                                   ("week 6 hostPath (write, list)", HOSTPATH, WEEK6),
                                   ("week 6 NFS (server, clients, three pods)", NFS, WEEK6),
                                   ("week 6 PV/PVC/StorageClass (static, WaitForFirstConsumer)", CLAIMS, WEEK6),
                                   ("week 6 a claim waiting 15 min (60 resyncs)", WAITING_CLAIM, WEEK6),
                                   ("week 7 ConfigMap env/volume, downward API, private image", CONFIG, WEEK7),
                                   ("week 7 git-sync (keys, Secret, the clone, ls, its log)", GIT_SYNC, WEEK7)):
        median, p90 = figures(commands, files, repeats)
        print(f"  {label}: median {median:.0f} ms wall (p90 {p90:.0f} ms)")
    before, after, grown = files_cost()
    for slug, cold, warm in grading_per_assignment(("week6",), seeds=range(100, 103), labs_only=True):
        print(f"  grading {slug} (reference, median of 3 students): new {cold:.0f} ms, again {warm:.0f} ms")
    print(f"  a workspace holding 200 files of 1 KiB (emptyDir + hostPath): snapshot {before / 1024:.0f} KiB -> "
          f"{after / 1024:.0f} KiB, {grown / 1024:.0f} KiB more memory while writing them")


if __name__ == "__main__":
    report()
