"""Week 5's remaining slides replayed: the controller's check after the install, the two versions behind
their NodePorts, externalTrafficPolicy: Local, the LoadBalancer from MetalLB, its round robin and
sessionAffinity: ClientIP.

The truth is the slides' transcripts quoted verbatim with their line numbers in
`course_transcripts/week05/` (checked against slides.txt by test_week05_transcripts.py). Each command is
replayed on a fresh cluster and its output compared with the same masks (random pod suffixes, cluster
addresses, node ports, ages); a table whose rows the slide lists in its own order of random names is
compared as a multiset of rows under its header, and a table the slide elides with `...` must hold the
rows it shows. `whatwant/node-web:2.0` is the course's `docker build` of hands-on/app.js, which the
simulated registry serves instead of building it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR
from tests.simulator.test_week05_transcripts import (HANDS_ON, INGRESS_URL, METALLB_URL, commands_and_outputs, masked,
                                                    quoted, right_column)

# a pod's random suffix is masked; the Deployments' pod-template-hash is not: it is a function of the stored
# template (controller.ComputeHash), the same on every cluster, so the slides' 77cb5dbf4d and 64cc46b9f9 must come out
POD_SUFFIX = re.compile(r"\b((?:rs-web(?:-v[12])?)|ingress-nginx-admission-(?:create|patch)|"
                        r"ingress-nginx-controller-[a-z0-9]{10}|controller-[a-z0-9]{10}|speaker)-[a-z0-9]{5}\b")
RESTARTS = re.compile(r"\b\d+ \(\S+ ago\)")


def words(line: str) -> list[str]:
    return masked(POD_SUFFIX.sub(r"\1-<pod>", line))


def printed_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def same_lines(output: str, expected: list[tuple[int, str]]) -> None:
    got = printed_lines(output)
    assert len(got) == len(expected), output
    for (number, want), line in zip(expected, got):
        assert words(line) == words(want), f"slides.txt line {number}:\n{line}\n{want}"


def same_table(output: str, expected: list[tuple[int, str]], restarts_kept: bool = True) -> None:
    """The header line by line, the rows as a multiset (the slide's order is its random names' order);
    rows elided with `...` on the slide need only be present."""
    got = printed_lines(output)
    assert words(got[0]) == words(expected[0][1]), f"slides.txt line {expected[0][0]}"
    mask = (lambda line: words(line)) if restarts_kept else (lambda line: words(RESTARTS.sub("<restarts>", line)))
    shown = [(n, text) for n, text in expected[1:] if text.strip() != "..."]
    rows = Counter(tuple(mask(line)) for line in got[1:])
    wanted = Counter(tuple(mask(text)) for _, text in shown)
    if len(shown) < len(expected) - 1:  # elided: what the slide shows is there
        assert not wanted - rows, (wanted - rows, output)
    else:
        assert rows == wanted, (rows, wanted, output)


def node_of(cluster, pod_name: str) -> str:
    return cluster.get("pods", pod_name)["spec"]["nodeName"]


@pytest.fixture
def files():
    if HANDS_ON is None:
        pytest.skip("the course's week-5 hands-on files are not on this machine")
    week = {path.name: path.read_bytes() for path in HANDS_ON.iterdir() if path.suffix == ".yaml"}
    earlier = {name: (HANDS_ON_DIR / "kubernetes" / folder / "hands-on" / name).read_bytes()
               for folder, name in (("03-RS-DS-JOB-CJ", "rs-web.yaml"),
                                    ("04-ClusterIP-NodePort-ExternalName", "svc-web-node.yaml"))}
    return week | earlier


def test_the_controller_check_after_the_install(files):
    """slides.txt 102-133. kube-system's rows keep the cluster's own restart history (the slide was taken
    on another boot of the course's VMs): their RESTARTS cell is not compared."""
    shell = Cluster(seed=5, files=files).session()
    shell.run(f"kubectl apply -f {INGRESS_URL}")
    shell.run("sleep 137")
    steps = commands_and_outputs(quoted("controller_check.txt"))
    assert [command for command, _ in steps] == [
        "kubectl get namespaces", "kubectl get pods -o wide --namespace kube-system",
        "kubectl get pods -o wide --namespace ingress-nginx", "kubectl get serviceaccounts -o wide --namespace ingress-nginx"]
    namespaces, kube_system, pods, accounts = [(shell.run(command).output, expected) for command, expected in steps]
    same_table(*namespaces)
    same_table(*kube_system, restarts_kept=False)
    same_table(*accounts)
    output, expected = pods
    # The admission Jobs' pods Completed beside the controller, the patch pod with RESTARTS 1 as on the slide
    # (line 124): its first try started before the create Job's Secret existed and failed; the kubelet
    # restarted it at its next relist (restartPolicy OnFailure) and it completed. `1`, not `1 (2m ago)`: the
    # container GC removed the failed instance (controllers/container_restart.py).
    patch_row = next(line for line in printed_lines(output) if "-admission-patch-" in line)
    assert patch_row.split()[3] == "1" and not patch_row.split()[4].startswith("(")
    same_table(*scheduled(output, expected))


def scheduled(output: str, expected: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """Where a pod runs is the scheduler's spread, not a fact of the slide: NODE is masked on both sides,
    after checking every pod landed on a worker as on the course's cluster."""
    rows = printed_lines(output)
    assert {line.split()[6] for line in rows[1:]} <= {"worker1", "worker2"}, output
    node = re.compile(r"(?<=\s)worker[12](?=\s)")
    return "\n".join(node.sub("<node>", line) for line in rows), [(n, node.sub("<node>", t)) for n, t in expected]


def test_the_two_versions_answer_on_their_node_ports(files):
    """slides.txt 279-308."""
    shell = Cluster(seed=5, files=files).session()
    for manifest in ("rs-web-v1.yaml", "rs-web-v2.yaml", "svc-node-web-nodeport-v1.yaml", "svc-node-web-nodeport-v2.yaml"):
        assert shell.run(f"kubectl create -f {manifest}").exit_code == 0
    shell.run("sleep 20")
    for command, expected in commands_and_outputs(quoted("status_v1_v2.txt")):
        output = shell.run(command).output
        if command == "kubectl get pods -o wide":
            same_table(*scheduled(output, expected))
        else:
            same_lines(output, expected)


def test_local_traffic_policy_answers_with_the_node_s_own_pod(files):
    """slides.txt 401-418 (week 4's rs-web behind svc-web-node) and 439-456 (svc-web-node-et with
    externalTrafficPolicy: Local): on worker1's nodePort only worker1's pod answers."""
    cluster = Cluster(seed=5, files=files)
    shell = cluster.session()
    shell.run("kubectl create -f rs-web.yaml")
    shell.run("kubectl create -f svc-web-node.yaml")
    shell.run("sleep 20")
    for command, expected in commands_and_outputs(quoted("etp_nodeport.txt")):
        output = shell.run(command).output
        same_table(*scheduled(output, expected)) if command == "kubectl get pods -o wide" else same_lines(output, expected)
    steps = [(c, e) for c, e in commands_and_outputs(right_column("etp_local.columns")) if not c.startswith("cd ")]
    assert [command for command, _ in steps] == ["kubectl create -f svc-web-node-et.yaml", "kubectl get services -o wide",
                                                 "curl -s http://192.168.100.201:30125"]
    for command, expected in steps:
        same_lines(shell.run(command).output, expected)
    answered = {shell.run("curl -s http://192.168.100.201:30125").output.split()[2] for _ in range(6)}
    assert {node_of(cluster, pod) for pod in answered} == {"worker1"}


def test_the_load_balancer_from_metallb_balances_then_sticks_with_client_ip(files):
    """slides.txt 731-751 (svc-lb gets 192.168.100.240), 787-797 (four curls, any pod each) and 805-829
    (svc-lb-sa with sessionAffinity: ClientIP gets .241 and one pod answers every time)."""
    cluster = Cluster(seed=5, files=files)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {METALLB_URL}")
    shell.run("sleep 90")
    for manifest in ("metallb-ip.yaml", "metallb-l2.yaml", "rs-web-v1.yaml", "rs-web-v2.yaml",
                     "svc-node-web-nodeport-v1.yaml", "svc-node-web-nodeport-v2.yaml"):
        assert shell.run(f"kubectl create -f {manifest}").exit_code == 0, manifest
    shell.run("sleep 20")
    for block in ("create_lb.columns", "lb_round_robin.txt", "session_affinity.columns"):
        lines = right_column(block) if block.endswith(".columns") else quoted(block)
        for command, expected in commands_and_outputs(lines):
            if command.startswith("cd "):
                continue
            output = shell.run(command).output
            if block == "session_affinity.columns" and command.startswith("kubectl get services"):
                # the slide's box ends after svc-lb-sa (lines 816-819): the two NodePort rows below are cut off
                assert [words(line) for line in printed_lines(output)[:4]] == [words(text) for _, text in expected]
                continue
            same_lines(output, expected)
    sticky = {shell.run("curl -s http://192.168.100.241").output for _ in range(5)}
    assert len(sticky) == 1


def test_the_controller_s_template_hash_is_the_slides_one(files):
    """slides.txt 125: `ingress-nginx-controller-77cb5dbf4d-k5qmr`; the hash is a function of the
    Deployment's pod template as stored (controller.ComputeHash), the same on every cluster. It needs the
    stored form whole: the v1 conversion's `serviceAccount` copy of serviceAccountName and the quantities'
    int64Amount (requests cpu 100m = {100 -3}, memory 90Mi = {94371840 0}) as ParseQuantity leaves them."""
    cluster = Cluster(seed=5, files=files)
    cluster.run(f"kubectl apply -f {INGRESS_URL}")
    cluster.tick(30)
    (pod,) = cluster.list("pods", "ingress-nginx", {"app.kubernetes.io/component": "controller"})
    assert pod["metadata"]["labels"]["pod-template-hash"] == "77cb5dbf4d"


def test_the_metallb_check_after_the_install(files):
    """slides.txt 653-670: metallb-system beside ingress-nginx (installed the day before), the controller's
    ReplicaSet `controller-64cc46b9f9` (the pod-template-hash needs the probes' httpGet scheme defaulted to
    HTTP and the deprecated serviceAccount copied, as the API server stores the template) and one speaker
    per node on the node's own address (hostNetwork)."""
    cluster = Cluster(seed=5, files=files)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {INGRESS_URL}")
    shell.run("sleep 600")
    shell.run(f"kubectl apply -f {METALLB_URL}")
    shell.run("sleep 280")
    steps = commands_and_outputs(quoted("metallb_check.txt"))
    assert [command for command, _ in steps] == ["kubectl get namespaces",
                                                 "kubectl get pods -o wide --namespace metallb-system"]
    (_, namespaces), (_, pods) = steps
    same_table(shell.run("kubectl get namespaces").output, namespaces)
    output = shell.run("kubectl get pods -o wide --namespace metallb-system").output
    controller = next(line for line in printed_lines(output) if line.startswith("controller-"))
    assert controller.split()[6] in ("worker1", "worker2"), output  # where it runs is the scheduler's spread
    slide = [(n, text.replace("worker2", controller.split()[6]) if text.startswith("controller-") else text)
             for n, text in pods]
    same_table(output, slide)


def test_the_two_versions_created_then_their_node_ports(files):
    """slides.txt 228-246 (the ReplicaSets and their pods 2m25s later) and 268-276 (the NodePort Services;
    the slide typed both creates before any output, so it shows none: each prints `... created` here)."""
    shell = Cluster(seed=5, files=files).session()
    steps = commands_and_outputs(quoted("create_v1_v2.txt")) + commands_and_outputs(quoted("create_nodeport_v1_v2.txt"))
    assert [command for command, _ in steps] == [
        "kubectl create -f rs-web-v1.yaml", "kubectl create -f rs-web-v2.yaml", "kubectl get pods -o wide",
        "kubectl create -f svc-node-web-nodeport-v1.yaml", "kubectl create -f svc-node-web-nodeport-v2.yaml",
        "kubectl get services -o wide"]
    for command, expected in steps:
        if command == "kubectl get pods -o wide":
            shell.run("sleep 140")
            same_table(*scheduled(shell.run(command).output, expected))
        elif command.startswith("kubectl create -f svc-"):
            name = command.split("nodeport-")[1].removesuffix(".yaml")
            assert (expected, shell.run(command).output) == ([], f"service/svc-node-web-{name} created\n")
        else:
            same_lines(shell.run(command).output, expected)


def test_what_runs_before_the_load_balancer(files):
    """slides.txt 705-726: the same ReplicaSets, pods and Services after MetalLB's install, before svc-lb."""
    shell = Cluster(seed=5, files=files).session()
    for manifest in ("rs-web-v1.yaml", "rs-web-v2.yaml", "svc-node-web-nodeport-v1.yaml", "svc-node-web-nodeport-v2.yaml"):
        assert shell.run(f"kubectl create -f {manifest}").exit_code == 0, manifest
    shell.run(f"kubectl apply -f {METALLB_URL}")
    shell.run("sleep 500")
    steps = commands_and_outputs(quoted("ready_before_lb.txt"))
    assert [command for command, _ in steps] == ["kubectl get replicasets -o wide", "kubectl get pods -o wide",
                                                 "kubectl get services -o wide"]
    for command, expected in steps:
        output = shell.run(command).output
        same_table(*scheduled(output, expected)) if "pods" in command else same_lines(output, expected)


def test_metallb_s_requirements_nodes_and_kube_system(files):
    """slides.txt 526-531 and 540-552. The nodes' table is the slide's but for the workers' KERNEL-VERSION: the slide's
    workers run 5.4.0-124-generic at 24d, while week 4's slides (136-138, at 19d) and week 2's show all three
    on 5.4.0-122-generic; the simulated cluster is the week-4 lecture's boot, so it keeps 122. kube-system's
    RESTARTS are that boot's history (as in test_the_controller_check_after_the_install)."""
    shell = Cluster(seed=5, files=files).session()
    ((nodes_command, nodes),) = commands_and_outputs(quoted("metallb_nodes.txt"))
    ((pods_command, pods),) = commands_and_outputs(quoted("metallb_kube_system.txt"))
    assert (nodes_command, pods_command) == ("kubectl get nodes -o wide", "kubectl get pods --namespace kube-system")
    week4_boot = [(n, text.replace("5.4.0-124-generic", "5.4.0-122-generic")) for n, text in nodes]
    assert sum("5.4.0-124-generic" in text for _, text in nodes) == 2
    same_lines(shell.run(nodes_command).output, week4_boot)
    same_table(shell.run(pods_command).output, pods, restarts_kept=False)


def test_kube_proxy_s_configuration_says_iptables(files):
    """slides.txt 597-616: the part of `kubectl describe configmap kube-proxy` the slide shows, between its two
    `...`, appears whole and in order in config.conf (the ConfigMap kubeadm wrote from kubespray v2.19.1's
    KubeProxyConfiguration: simulator/static_manifests/SOURCES.md)."""
    shell = Cluster(seed=5, files=files).session()
    ((command, expected),) = commands_and_outputs(quoted("kube_proxy_configmap.txt"))
    assert [text for _, text in expected][::len(expected) - 1] == ["...", "..."]
    shown = [text for _, text in expected[1:-1]]
    result = shell.run(command)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("iptables:")
    assert lines[start:start + len(shown)] == shown
    assert lines[:4] == ["Name:         kube-proxy", "Namespace:    kube-system", "Labels:       app=kube-proxy",
                         "Annotations:  <none>"]
