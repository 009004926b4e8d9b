"""Week 10: a pod bound with `spec.nodeName` bypasses the scheduler, and the node's kubelet refuses it
when it does not fit (issue 25; the slides' "Insufficient" cases go through the scheduler).

Truth: v1.23 pkg/kubelet/lifecycle/predicate.go (`Admit`: the first failing resource only, reason
`OutOf` + the resource name, `InsufficientResourceError.Error()`: "Node didn't have enough resource:
%s, requested: %d, used: %d, capacity: %d", CPU in millicores, memory in bytes, capacity the node's
allocatable), pkg/kubelet/kubelet.go `rejectPod` (a Warning event with that reason and message;
status phase Failed, the reason, message "Pod " + the message), pkg/scheduler/framework/plugins/
noderesources/fit.go `fitsRequest` (pods, then cpu, memory, ephemeral-storage). The numbers are
worked by hand from kubespray v2.19.1's system pod requests: worker1 (900m, 892040Ki allocatable)
runs calico-node 150m/64M, coredns 100m/70Mi, nodelocaldns 100m/70Mi, nginx-proxy 25m/32M, kube-proxy
nothing: used cpu 375, memory 64M + 70Mi + 70Mi + 32M.
"""

from __future__ import annotations

from simulator import Cluster
from simulator.registry.kinds import by_kind

MI, M = 1024 * 1024, 1000 * 1000
WORKER1_USED_MEMORY = 64 * M + 70 * MI + 70 * MI + 32 * M
WORKER_MEMORY = 892040 * 1024

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  nodeName: {node}
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: {cpu}
        memory: {memory}
"""


def session_with(**pods):
    files = {f"{name}.yaml": POD.format(name=name, **spec).encode() for name, spec in pods.items()}
    c = Cluster(seed=2, files=files)
    session = c.session()
    for name in pods:
        assert session.run(f"kubectl create -f {name}.yaml").exit_code == 0
    session.run("sleep 3")
    return c, session


def test_a_pod_over_the_nodes_cpu_is_failed_with_outofcpu():
    c, session = session_with(big={"node": "worker1", "cpu": "600m", "memory": "10Mi"})
    message = "Node didn't have enough resource: cpu, requested: 600, used: 375, capacity: 900"
    pod = c.store.get(by_kind("Pod"), "default", "big")
    assert (pod.status["phase"], pod.status["reason"], pod.status["message"]) == ("Failed", "OutOfcpu", "Pod " + message)
    row = session.run("kubectl get pod big").stdout.splitlines()[1].split()
    assert row[1:4] == ["0/1", "OutOfcpu", "0"]
    events = session.run("kubectl get events --field-selector involvedObject.name=big").stdout.splitlines()
    assert events[1].split(None, 4)[1:] == ["Warning", "OutOfcpu", "pod/big", message]
    described = session.run("kubectl describe pod big").stdout
    assert "Status:       Failed\nReason:       OutOfcpu\nMessage:      Pod " + message + "\n" in described


def test_memory_is_checked_after_cpu_and_counted_in_bytes():
    c, _ = session_with(fat={"node": "worker1", "cpu": "100m", "memory": "1Gi"})
    pod = c.store.get(by_kind("Pod"), "default", "fat")
    assert pod.status["reason"] == "OutOfmemory"
    assert pod.status["message"] == (f"Pod Node didn't have enough resource: memory, requested: {1024 * MI}, "
                                     f"used: {WORKER1_USED_MEMORY}, capacity: {WORKER_MEMORY}")


def test_only_the_first_failure_is_told():
    c, _ = session_with(both={"node": "worker1", "cpu": "2", "memory": "2Gi"})
    assert c.store.get(by_kind("Pod"), "default", "both").status["reason"] == "OutOfcpu"


def test_a_pod_that_fits_runs_and_counts_against_the_next():
    c, _ = session_with(first={"node": "worker1", "cpu": "500m", "memory": "10Mi"},
                        second={"node": "worker1", "cpu": "100m", "memory": "10Mi"})
    pods = {p.name: p for p in c.store.list(by_kind("Pod"), "default")}
    assert pods["first"].status["phase"] == "Running"
    assert pods["second"].status["message"] == ("Pod Node didn't have enough resource: cpu, requested: 100, "
                                                "used: 875, capacity: 900")


def test_the_master_taint_does_not_stop_a_pod_bound_by_name():
    """NoSchedule is the scheduler's; the kubelet's admission checks only NoExecute taints."""
    c, _ = session_with(onmaster={"node": "master", "cpu": "800m", "memory": "10Mi"})
    assert c.store.get(by_kind("Pod"), "default", "onmaster").status["phase"] == "Running"


def test_a_refused_pod_stays_failed_when_room_is_made():
    c, session = session_with(first={"node": "worker2", "cpu": "500m", "memory": "10Mi"},
                              second={"node": "worker2", "cpu": "500m", "memory": "10Mi"})
    session.run("kubectl delete pod first")
    session.run("sleep 5")
    assert c.store.get(by_kind("Pod"), "default", "second").status["reason"] == "OutOfcpu"
