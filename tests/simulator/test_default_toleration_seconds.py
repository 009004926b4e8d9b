"""The DefaultTolerationSeconds admission plugin, the DaemonSet controller's tolerations and the
kubelet's static-pod toleration, as v1.23 has them.

Truth: the slides' `kubectl describe pods` Tolerations lines (week 7 lines 400-403, week 2 lines
862-863, the only `Tolerations:` lines in the course), quoted with their line numbers; the rest
worked by hand from v1.23.1's plugin/pkg/admission/defaulttolerationseconds/admission.go (the
300 s not-ready and unreachable tolerations unless the pod already tolerates those taints with
NoExecute or any effect, an empty key tolerating all), pkg/controller/daemon/util/daemonset_util.go
(`AddOrUpdateDaemonPodTolerations`) and pkg/kubelet/config/common.go (a file's pod tolerates
every NoExecute taint).
"""

from __future__ import annotations

import json

import pytest

from simulator import Cluster

from tests.simulator.test_serviceaccount_admission import COURSE, W7, right_column, slide_line

W2 = "02-Pod-Namespace"
NOT_READY = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
UNREACHABLE = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
               "tolerationSeconds": 300}


@pytest.fixture
def shell():
    return Cluster(seed=4, files=COURSE / W7 / "hands-on").session()


def create_pod(shell, name: str, **spec) -> dict:
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
           "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}
    shell.run(f"echo '{json.dumps(pod)}' | kubectl create -f -")
    return json.loads(shell.run(f"kubectl get pod {name} -o json").stdout)["spec"]


def test_describe_prints_the_two_300_second_tolerations_as_the_slides_do(shell):
    shell.run("kubectl run web --image=nginx:latest")
    shell.run("sleep 10")
    lines = [line.split() for line in shell.run("kubectl describe pods web").stdout.splitlines()]
    start = lines.index(["QoS", "Class:", "BestEffort"])
    wanted = [right_column(W7, 400, "QoS Class:                    BestEffort"),
              right_column(W7, 401, "Node-Selectors:               <none>"),
              right_column(W7, 402, "Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s"),
              right_column(W7, 403, "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s")]
    assert lines[start:start + 4] == wanted
    # week 2's pod-error (another cluster, 1.20-era) shows the same two lines
    assert right_column(W2, 862, "Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s") == wanted[2]
    assert right_column(W2, 863, "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s") == wanted[3]


def test_the_pod_json_holds_them_in_the_plugins_order(shell):
    spec = create_pod(shell, "plain")
    assert spec["tolerations"] == [NOT_READY, UNREACHABLE]


def test_a_pod_that_tolerates_a_taint_keeps_its_own_toleration_for_it(shell):
    own = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}
    assert create_pod(shell, "own", tolerations=[own])["tolerations"] == [own, UNREACHABLE]
    any_effect = {"key": "node.kubernetes.io/unreachable", "operator": "Exists"}
    assert create_pod(shell, "any-effect", tolerations=[any_effect])["tolerations"] == [any_effect, NOT_READY]
    everything = {"operator": "Exists"}
    assert create_pod(shell, "everything", tolerations=[everything])["tolerations"] == [everything]
    no_schedule = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"}
    assert create_pod(shell, "no-schedule", tolerations=[no_schedule])["tolerations"] == [no_schedule, NOT_READY,
                                                                                             UNREACHABLE]


def test_an_update_of_the_pod_adds_nothing_twice(shell):
    create_pod(shell, "web")
    shell.run("kubectl label pod web tier=front")
    spec = json.loads(shell.run("kubectl get pod web -o json").stdout)["spec"]
    assert spec["tolerations"] == [NOT_READY, UNREACHABLE]


def test_a_deployments_pods_get_them_its_template_does_not(shell):
    shell.run("kubectl create deployment web --image=nginx")
    shell.run("sleep 5")
    template = json.loads(shell.run("kubectl get deployment web -o json").stdout)["spec"]["template"]["spec"]
    assert "tolerations" not in template
    pods = json.loads(shell.run("kubectl get pods -l app=web -o json").stdout)["items"]
    assert [p["spec"]["tolerations"] for p in pods] == [[NOT_READY, UNREACHABLE]]


DAEMONSET = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {
    "selector": {"matchLabels": {"app": "agent"}},
    "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


def test_daemonset_pods_tolerate_node_problems_forever_so_no_seconds_are_added(shell):
    shell.run(f"echo '{json.dumps(DAEMONSET)}' | kubectl create -f -")
    shell.run("sleep 5")
    pods = json.loads(shell.run("kubectl get pods -l app=agent -o json").stdout)["items"]
    assert len(pods) == 2  # the workers; the master's NoSchedule taint is not tolerated
    keys = ["not-ready", "unreachable", "disk-pressure", "memory-pressure", "pid-pressure", "unschedulable"]
    effects = ["NoExecute"] * 2 + ["NoSchedule"] * 4
    wanted = [{"key": f"node.kubernetes.io/{k}", "operator": "Exists", "effect": e} for k, e in zip(keys, effects)]
    assert all(p["spec"]["tolerations"] == wanted for p in pods)


def test_the_kube_system_daemonsets_host_network_pods_also_tolerate_network_unavailable(shell):
    spec = json.loads(shell.run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o json").stdout)["items"][0]["spec"]
    assert {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"} \
        in spec["tolerations"]
    assert all("tolerationSeconds" not in t for t in spec["tolerations"])


def test_a_static_pods_mirror_tolerates_every_noexecute_taint(shell):
    lines = shell.run("kubectl describe pod -n kube-system kube-apiserver-master").stdout.splitlines()
    assert [line.split() for line in lines if line.startswith("Tolerations:")] == [["Tolerations:", ":NoExecute",
                                                                                     "op=Exists"]]


def test_the_quoted_lines_are_the_slides():
    assert "Tolerations:" in slide_line(W7, 402) and "Tolerations:" in slide_line(W2, 862)
