"""Week 10: requests, limits and QoS as v1.23 keeps them, and the scheduler's resource refusals.

Independent truth: the v1.23.7 source. `SetDefaults_Pod` (pkg/apis/core/v1/defaults.go)
copies each container's limits into its missing requests, on pods only; `GetPodQOS`
(pkg/apis/core/v1/helper/qos/qos.go) gives Guaranteed when every container limits cpu and
memory and the sums of requests equal those of limits; NodeResourcesFit's `fitsRequest`
(pkg/scheduler/framework/plugins/noderesources/fit.go) says `Insufficient cpu` and the
FitError counts each reason over the nodes, sorted. The course's worker1 allocates 900m cpu.
Slides (10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt) line 121:
" - requests를 설정하지 않으면, limits 값으로 requests 값 설정됨" (requests default to limits).
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind
from simulator.resources import pod_requests, qos_class

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
 containers:
 - image: busybox
   command: ["dd", "if=/dev/zero", "of=/dev/null"]
   name: dd
   resources:
{resources}
"""
# slide lines 128-145: 08-week/limits/pod-limits.yaml
LIMITS = POD.format(name="limits", resources="     limits:\n       cpu: 200m\n       memory: 10Mi")
# slide lines 99-116: 08-week/requests/pod-requests.yaml
REQUESTS = POD.format(name="requests", resources="     requests:\n       cpu: 200m\n       memory: 10Mi")


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        resources:
          limits:
            cpu: 100m
            memory: 64Mi
"""


def session_with(**files: str):
    cluster = Cluster(seed=7, files={f"{name}.yaml": body.encode() for name, body in files.items()})
    return cluster, cluster.session()


def test_a_pod_with_only_limits_gets_them_as_requests_and_is_guaranteed():
    cluster, session = session_with(limits=LIMITS)
    assert session.run("kubectl create -f limits.yaml").output == "pod/limits created\n"
    pod = cluster.store.get(by_kind("Pod"), "default", "limits")
    assert pod.spec["containers"][0]["resources"]["requests"] == {"cpu": "200m", "memory": "10Mi"}
    assert pod.status["qosClass"] == "Guaranteed"
    described = session.run("kubectl describe pod limits").stdout.splitlines()
    start = described.index("    Limits:")
    assert described[start:start + 6] == ["    Limits:", "      cpu:     200m", "      memory:  10Mi",
                                          "    Requests:", "      cpu:        200m", "      memory:     10Mi"]
    # the token volume's `    TokenExpirationSeconds:` is the widest cell of the section, as on week 7's slides (line 400)
    assert "QoS Class:                   Guaranteed" in described


def test_a_pod_with_only_requests_is_burstable_and_one_without_either_best_effort():
    cluster, session = session_with(requests=REQUESTS)
    session.run("kubectl create -f requests.yaml")
    session.run("kubectl run plain --image=busybox")
    pods = by_kind("Pod")
    assert cluster.store.get(pods, "default", "requests").status["qosClass"] == "Burstable"
    assert cluster.store.get(pods, "default", "plain").status["qosClass"] == "BestEffort"


def test_templates_keep_their_requests_unset():
    """Only pods are defaulted: a Deployment's template keeps what was written, its pods get requests."""
    cluster, session = session_with(web=DEPLOYMENT)
    assert session.run("kubectl create -f web.yaml").output == "deployment.apps/web created\n"
    deployment = cluster.store.get(by_kind("Deployment"), "default", "web")
    resources = deployment.spec["template"]["spec"]["containers"][0]["resources"]
    assert resources == {"limits": {"cpu": "100m", "memory": "64Mi"}}
    pod = cluster.store.list(by_kind("Pod"), "default", {"matchLabels": {"app": "web"}})[-1]
    assert pod.spec["containers"][0]["resources"]["requests"] == {"cpu": "100m", "memory": "64Mi"}


@pytest.mark.parametrize(("spec", "expected"), [
    ({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}},
                     {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}}]},
     "Guaranteed"),
    # one container without a memory limit: not Guaranteed even though what is set is equal
    ({"containers": [{"resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "1"}}}]}, "Burstable"),
    # zero requests do not count (`quantity.Cmp(zero) == 1`)
    ({"containers": [{"resources": {"requests": {"cpu": "0"}}}]}, "BestEffort"),
    # storage is not a QoS resource
    ({"containers": [{"resources": {"requests": {"ephemeral-storage": "1Gi"}}}]}, "BestEffort"),
    ({"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}}}]},
     "Burstable"),
])
def test_qos_classes_as_get_pod_qos_gives_them(spec, expected):
    assert qos_class(spec) == expected


def test_scheduler_requests_are_the_larger_of_the_containers_sum_and_any_init_container():
    spec = {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}},
                           {"resources": {"requests": {"cpu": "200m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "500m", "memory": "1Mi"}}}]}
    assert pod_requests(spec) == {"cpu": 500, "memory": 64 * 1024 * 1024, "ephemeral-storage": 0}


def test_a_pod_asking_more_cpu_than_any_worker_has_stays_pending_with_the_schedulers_event():
    big = LIMITS.replace("name: limits", "name: big").replace("200m", "2")
    cluster, session = session_with(big=big)
    session.run("kubectl create -f big.yaml")
    message = ("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, "
               "that the pod didn't tolerate, 2 Insufficient cpu.")
    pod = cluster.store.get(by_kind("Pod"), "default", "big")
    assert "nodeName" not in pod.spec
    assert pod.status["conditions"][0]["message"] == message
    assert session.run("kubectl describe pod big").stdout.splitlines()[-1].split(None, 4)[4] == message


def test_requests_fill_a_node_and_the_next_pod_goes_to_the_other_worker_then_waits():
    """worker1 and worker2 allocate 900m each (the course's 1-cpu workers less kubespray's reservation), of
    which their system pods request 375m and 305m (kubespray v2.19.1: test_week10_system_pods.py): 500m
    fits each once."""
    pods = {f"p{i}": LIMITS.replace("name: limits", f"name: p{i}").replace("200m", "500m") for i in range(3)}
    cluster, session = session_with(**pods)
    for name in pods:
        session.run(f"kubectl create -f {name}.yaml")
    nodes = [cluster.store.get(by_kind("Pod"), "default", name).spec.get("nodeName") for name in pods]
    assert sorted(nodes[:2]) == ["worker1", "worker2"] and nodes[2] is None
    assert cluster.store.get(by_kind("Pod"), "default", "p2").status["conditions"][0]["message"].endswith(
        "2 Insufficient cpu.")
    session.run("kubectl delete pod p0")
    assert cluster.store.get(by_kind("Pod"), "default", "p2").spec.get("nodeName") == nodes[0]


# --- the week's transcripts: busybox dd under top, the cgroup's CFS files ----------------------

SLIDES = "/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt"


def slide_quote(quotes: dict[int, str]) -> list[str]:
    """Each quote is the right-hand column of its slide line, word for word (the left is the YAML)."""
    from pathlib import Path

    path = Path(SLIDES)
    if not path.exists():
        pytest.skip(f"the course's slides are not at {SLIDES}")
    lines = path.read_text(encoding="utf-8").split("\n")  # as grep -n numbers them (the file has form feeds)
    for number, quote in quotes.items():
        assert lines[number - 1].rstrip().endswith(quote), (number, lines[number - 1])
    return list(quotes.values())


def top_screen(session, pod: str) -> list[list[str]]:
    return [line.split() for line in session.run(f"kubectl exec -it {pod} -- top").stdout.splitlines()]


def test_top_in_the_requests_pod_shows_dd_with_its_rewritten_cmdline_and_the_node_busy():
    """Slide lines 107-113. Differences, each from the simulated cluster: the workers have 1 CPU
    (the earlier cohort's had 2: its dd shows on CPU 1 at 50.3%), so the unlimited dd takes the
    whole CPU (100.0 %CPU); Mem/CPU/Load figures are the simulated node's; the slide's text
    extraction moved spaces inside the header (busybox prints "  PID  PPID USER     STAT"), so
    rows compare as columns."""
    quoted = slide_quote({
        111: "  PID PPID USER      STAT   VSZ %VSZ CPU %CPU COMMAND",
        112: "    1     0 root     R     1312 0.1    1 50.3 dd if /dev/zero of /dev/null",
        113: "    8     0 root     R     1320 0.1    0 0.0 top",
    })
    cluster, session = session_with(requests=REQUESTS)
    session.run("kubectl create -f requests.yaml")
    session.run("sleep 5")  # the pod starts: its sandbox, and busybox (`latest`) pulled
    screen = top_screen(session, "requests")
    assert screen[0][0] == "Mem:" and screen[1][0] == "CPU:" and screen[2][:2] == ["Load", "average:"]
    assert screen[3] == quoted[0].split()
    expected_dd = quoted[1].split()
    expected_dd[6:8] = ["0", "100.0"]  # CPU 0 of 1, the whole of it
    assert screen[4] == expected_dd[:6] + ["0100.0"] + expected_dd[8:]  # " %3d" then "%3u.%c": no space at 100
    assert screen[5][1:] == quoted[2].split()[1:] and screen[5][0].isdigit()


def test_top_in_the_limits_pod_shows_dd_held_to_its_quota():
    """Slide lines 136-142: 200m on the earlier cohort's 2 CPUs is 10% (9.9 measured); on the
    simulated 1-CPU worker it is 20.0 (slide line 123: "limits cpu 200m → ∴ 10%" of 2 cpu)."""
    quoted = slide_quote({141: "    1     0 root     R     1312 0.1    0 9.9 dd if /dev/zero of /dev/null"})
    cluster, session = session_with(limits=LIMITS)
    session.run("kubectl create -f limits.yaml")
    session.run("sleep 5")  # the pod starts: its sandbox, and busybox (`latest`) pulled
    expected = quoted[0].split()
    expected[7] = "20.0"
    assert top_screen(session, "limits")[4] == expected


def test_the_cfs_files_say_the_quota_the_kubelet_gave_the_container():
    """Slide lines 172-177; and without a limit the quota is -1 (slide line 169: the default)."""
    slide_quote({172: "remote ❯ kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_period_us", 173: "100000",
                 176: "remote ❯ kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us", 177: "20000"})
    cluster, session = session_with(limits=LIMITS, requests=REQUESTS)
    session.run("kubectl create -f limits.yaml")
    session.run("kubectl create -f requests.yaml")
    assert session.run("kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_period_us").stdout == "100000\n"
    assert session.run("kubectl exec -it limits -- cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us").stdout == "20000\n"
    assert session.run("kubectl exec -it requests -- cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us").stdout == "-1\n"
    # MilliCPUToShares: 200m is 204 shares
    assert session.run("kubectl exec -it requests -- cat /sys/fs/cgroup/cpu/cpu.shares").stdout == "204\n"


def test_two_burners_on_one_cpu_share_it_by_their_requests():
    """CPU time sharing (slide line 144): requests 600m and 200m, no limits, one worker."""
    from simulator.resources import share_cpu

    assert share_cpu(1000, [(1000, 614, 0), (1000, 204, 0)]) == [751, 249]
    assert share_cpu(1000, [(1000, 614, 0), (1000, 204, 200)]) == [800, 200]  # the capped one leaves its rest
    assert share_cpu(1000, [(1000, 2, 0), (0, 1024, 0)]) == [1000, 0]  # an idle container takes nothing


def test_a_container_whose_buffer_passes_its_memory_limit_is_oom_killed():
    oom = LIMITS.replace("name: limits", "name: oom").replace('"of=/dev/null"]', '"of=/dev/null", "bs=64M"]')
    cluster, session = session_with(oom=oom)
    session.run("kubectl create -f oom.yaml")
    session.run("sleep 5")  # the pod starts: its sandbox, and busybox (`latest`) pulled
    status = cluster.store.get(by_kind("Pod"), "default", "oom").status["containerStatuses"][0]
    assert status["lastState"]["terminated"]["reason"] == "OOMKilled"
    assert status["lastState"]["terminated"]["exitCode"] == 137
    fits = oom.replace("name: oom", "name: fits").replace("memory: 10Mi", "memory: 100Mi")
    cluster, session = session_with(fits=fits)
    session.run("kubectl create -f fits.yaml")
    session.run("sleep 5")  # the pod starts: its sandbox, and busybox (`latest`) pulled
    assert "running" in cluster.store.get(by_kind("Pod"), "default", "fits").status["containerStatuses"][0]["state"]
