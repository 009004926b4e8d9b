"""The cluster as the course built it (issue 20, item 0): the Vagrantfile's VMs with the
kubelet's capacity and allocatable, and kubespray's static pods.

Truth: the course's Vagrantfile (course/02-Pod-Namespace/hands-on/Vagrantfile: master
`vb.cpus = "2"`, `vb.memory = "2048"`; workers `vb.cpus = "1"`, `vb.memory = "1280"`), the
Week-10 slides' `kubectl describe nodes master` (course/10-ResourceMgmt-Monitoring-
PodSecurityPolicy/slides.txt lines 41-52), kubespray's reservations
(roles/kubernetes/node/defaults/main.yml: kube_master_cpu_reserved 200m,
kube_master_memory_reserved 512Mi, kube_cpu_reserved 100m, kube_memory_reserved 256Mi), the
kubelet's default evictionHard (memory.available<100Mi, nodefs.available<10%), and the
Week-2/Week-5 slides' kube-system listings with nginx-proxy-worker1/2.
"""

from __future__ import annotations

import pytest

from simulator import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster(seed=1)


def test_the_master_has_the_capacity_and_allocatable_the_week_10_slides_show(cluster):
    status = cluster.get("nodes", "master", None)["status"]
    # slides lines 41-52: Capacity cpu 2, ephemeral-storage 25155844Ki, hugepages-2Mi 0,
    # memory 2030728Ki, pods 110; Allocatable cpu 1800m, ephemeral-storage 23183625793,
    # hugepages-2Mi 0, memory 1404040Ki, pods 110
    assert status["capacity"] == {"cpu": "2", "ephemeral-storage": "25155844Ki", "hugepages-2Mi": "0",
                                  "memory": "2030728Ki", "pods": "110"}
    assert status["allocatable"] == {"cpu": "1800m", "ephemeral-storage": "23183625793", "hugepages-2Mi": "0",
                                     "memory": "1404040Ki", "pods": "110"}


@pytest.mark.parametrize("worker", ["worker1", "worker2"])
def test_a_worker_is_a_1_cpu_1280_mb_vm_less_kubesprays_reservation(cluster, worker):
    status = cluster.get("nodes", worker, None)["status"]
    # by hand: 1280 MiB = 1310720 KiB, less the page structs (1310720 / 64 = 20480) and the
    # kernel's fixed part measured on the master (2097152 - 32768 - 2030728 = 33656): 1256584Ki;
    # allocatable less kube_memory_reserved 256Mi (262144Ki) and evictionHard 100Mi (102400Ki)
    assert status["capacity"]["cpu"] == "1" and status["capacity"]["memory"] == "1256584Ki"
    assert status["allocatable"]["cpu"] == "900m" and status["allocatable"]["memory"] == "892040Ki"
    assert status["nodeInfo"]["osImage"] == "Ubuntu 20.04.4 LTS"


def test_describe_node_prints_the_capacity_block(cluster):
    output = cluster.run("kubectl describe node master").output
    assert ("Capacity:\n  cpu:                2\n  ephemeral-storage:  25155844Ki\n  hugepages-2Mi:      0\n"
            "  memory:             2030728Ki\n  pods:               110\n") in output


def test_kubesprays_nginx_proxy_static_pods_run_on_each_worker(cluster):
    # Week-5 slides lines 115-116:
    # nginx-proxy-worker1   1/1   Running   11 (5m42s ago)   23d   192.168.100.201   worker1   <none>   <none>
    # nginx-proxy-worker2   1/1   Running   9 (5m34s ago)    23d   192.168.100.202   worker2   <none>   <none>
    output = cluster.run("kubectl get pods -n kube-system -o wide").output
    rows = {line.split()[0]: line.split() for line in output.splitlines()[1:]}
    for worker, ip in (("worker1", "192.168.100.201"), ("worker2", "192.168.100.202")):
        row = rows[f"nginx-proxy-{worker}"]
        assert row[1:3] == ["1/1", "Running"] and row[-4:-2] == [ip, worker]
    pod = cluster.get("pods", "nginx-proxy-worker1", "kube-system")
    assert pod["metadata"]["ownerReferences"][0]["kind"] == "Node"  # a mirror pod, owned by its node
    assert pod["spec"]["hostNetwork"] is True


def test_nginx_proxy_serves_its_health_check_not_port_80(cluster):
    from simulator.vantage import REMOTE

    assert cluster.network.connect(REMOTE, "192.168.100.201", 8081).connected
    assert cluster.network.connect(REMOTE, "192.168.100.201", 80).outcome == "refused"
    assert cluster.network.connect(REMOTE, "192.168.100.201", 6443).outcome == "refused"  # 127.0.0.1 only
