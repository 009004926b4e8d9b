"""Week 10: the system pods' requests and limits as kubespray v2.19.1 sets them, and `describe node`'s
Non-terminated Pods and Allocated resources built from them (slide lines 39-68).

Truth: kubespray tag v2.19.1 (commit 453dbce): roles/network_plugin/calico/defaults/main.yml
(calico_node_cpu_requests 150m, calico_node_memory_requests 64M, limits 300m and 500M),
roles/kubernetes-apps/policy_controller/calico/defaults/main.yml (30m, 64M; limits 1000m, 256M),
roles/kubernetes-apps/ansible/defaults/main.yml (dns_cpu_requests 100m, dns_memory_requests 70Mi,
dns_memory_limit 170Mi; nodelocaldns the same; dns_autoscaler 20m, 10Mi), roles/kubernetes/node
(loadbalancer_apiserver 25m, 32M for nginx-proxy), each in the fields its template sets; kubeadm
v1.23's control-plane cpu requests (kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler
100m); kubeadm's kube-proxy DaemonSet sets none. Percentages as describe.go's
`describeNodeResource` computes them (request * 100 / allocatable, truncated), worked by hand here.

DIFFERENCE named: the slides' master runs 13 pods (their cluster also had the dashboard, ingress-nginx
and metrics-server there; the rows are cut with `...`), so its totals (1100m, 559001600) are not this
cluster's: the course's 1.23 cluster runs 8 pods on the master (Week-4 slides' kube-system listing).
The rows the slides do show are compared: calico-node's whole row on the master, and
calico-kube-controllers' quantities (it runs on worker2 here, so its percentages are worker2's).
"""

from __future__ import annotations

from pathlib import Path

from simulator import Cluster
from simulator.registry.kinds import by_kind

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")
MI, M = 1024 * 1024, 1000 * 1000
MASTER_MEMORY = 1404040 * 1024  # allocatable, slide line 51
WORKER_MEMORY = 892040 * 1024  # 1280 MiB VM: 1256584Ki capacity - (256Mi reserved + 100Mi eviction)


def slide_lines(first: int, last: int) -> list[str]:
    return SLIDES.read_text(encoding="utf-8").split("\n")[first - 1:last]


def described(node: str) -> list[str]:
    text = Cluster(seed=1).session().run(f"kubectl describe node {node}").stdout
    return text[text.index("Non-terminated Pods:"):].splitlines()


def pod_row(lines: list[str], prefix: str) -> list[str]:
    row = next(line for line in lines if line.split()[1:2] and line.split()[1].startswith(prefix))
    return row.split()


def test_calico_nodes_row_on_the_master_is_the_slides_line_58():
    slide = slide_lines(58, 58)[0].split()
    assert slide[1] == "calico-node-jtspn"
    ours = pod_row(described("master"), "calico-node-")
    # namespace, then requests/limits with percentages; the name's suffix and the age (46d) are the slides' cluster's
    assert ours[0] == slide[0] and ours[2:-1] == slide[2:-1]


def test_calico_kube_controllers_quantities_are_the_slides_line_57_on_worker2():
    slide = slide_lines(57, 57)[0].split()
    assert slide[1].startswith("calico-kube-controllers-")
    ours = pod_row(described("worker2"), "calico-kube-controllers-")
    assert ours[2::2][:4] == slide[2::2][:4] == ["30m", "1", "64M", "256M"]
    # against worker2's 900m and 892040Ki: 30*100//900, 1000*100//900, 64M*100//..., 256M*100//...
    assert ours[3::2][:4] == ["(3%)", "(111%)", f"({64 * M * 100 // WORKER_MEMORY}%)", f"({256 * M * 100 // WORKER_MEMORY}%)"]
    assert ours[3::2][2:4] == ["(7%)", "(28%)"]


def test_the_masters_allocated_resources_add_up_its_eight_pods():
    lines = described("master")
    assert lines[0].split() == ["Non-terminated", "Pods:", "(8", "in", "total)"]
    cpu_requests = 150 + 100 + 20 + 250 + 200 + 0 + 100 + 100  # calico-node, coredns, dns-autoscaler, apiserver, kcm, proxy, scheduler, nodelocaldns
    memory_requests = 64 * M + 70 * MI + 10 * MI + 70 * MI
    memory_limits = 500 * M + 170 * MI + 170 * MI
    allocated = lines[lines.index("Allocated resources:"):]
    assert allocated[4].split() == ["cpu", f"{cpu_requests}m", f"({cpu_requests * 100 // 1800}%)", "300m", "(16%)"]
    assert allocated[5].split() == ["memory", str(memory_requests), f"({memory_requests * 100 // MASTER_MEMORY}%)",
                                    str(memory_limits), f"({memory_limits * 100 // MASTER_MEMORY}%)"]
    assert allocated[4].split()[1:3] == ["920m", "(51%)"]
    # the slide's header lines of the section, as printed
    assert allocated[:4] == [line for line in slide_lines(60, 63)]


def test_qos_classes_follow_the_resources():
    c = Cluster(seed=1)
    pods = {p.name: p for p in c.store.list(by_kind("Pod"), "kube-system")}
    assert pods["kube-proxy-2w5rk"].status["qosClass"] == "BestEffort"
    assert pods["calico-node-599ck"].status["qosClass"] == "Burstable"
    assert pods["kube-scheduler-master"].spec["containers"][0]["resources"] == {"requests": {"cpu": "100m"}}


def test_a_pod_that_fits_a_worker_only_without_the_system_pods_stays_pending():
    """worker1 has 900m allocatable and its system pods request 375m (calico-node 150m, coredns 100m,
    nodelocaldns 100m, nginx-proxy 25m); worker2 305m. 600m fits neither, 500m fits both."""
    doc = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: main\n"
           "    image: busybox\n    command: [sleep, '3600']\n    resources:\n      requests:\n        cpu: {cpu}\n")
    files = {"big.yaml": doc.format(name="big", cpu="600m").encode(), "fits.yaml": doc.format(name="fits", cpu="500m").encode()}
    session = Cluster(seed=1, files=files).session()
    session.run("kubectl create -f big.yaml -f fits.yaml")
    session.run("sleep 5")
    shown = session.run("kubectl get pods big fits --no-headers").stdout.splitlines()
    assert [line.split()[2] for line in shown] == ["Pending", "Running"]
    events = session.run("kubectl describe pod big").stdout
    assert "0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 Insufficient cpu." in events
