"""The Python API the grader calls: a fresh cluster per seed, commands from any vantage, objects to inspect."""

from __future__ import annotations

from simulator import Cluster
from tests.simulator.conftest import STARTED_WITHIN


def test_commands_run_against_handed_in_files_and_report_exit_codes(rs_web_manifest):
    cluster = Cluster(seed=9, files={"hw/rs-web.yaml": rs_web_manifest})
    result = cluster.run("kubectl apply -f hw/rs-web.yaml")
    assert (result.output, result.exit_code) == ("replicaset.apps/rs-web created\n", 0)
    assert cluster.run("kubectl get pod nope").exit_code == 1


def test_a_command_runs_from_a_node_or_from_a_pod(rs_web_manifest):
    cluster = Cluster(seed=9, files={"rs.yaml": rs_web_manifest})
    cluster.run("kubectl apply -f rs.yaml")
    cluster.tick(STARTED_WITHIN)  # the pods run once their sandboxes are made
    pod = cluster.list("pods", "default", {"app": "node-web"})[0]
    name, ip = pod["metadata"]["name"], pod["status"]["podIP"]
    assert cluster.run("hostname", vantage="worker1").output == "worker1\n"
    from_pod = cluster.run(f"curl -s http://{ip}:8080", vantage=cluster.vantage(name))
    assert from_pod.output == f"You've hit {name}\n"
    assert from_pod.prompt == f"root@{name}:/# "


def test_objects_are_inspected_as_api_dicts():
    cluster = Cluster(seed=9)
    service = cluster.get("services", "kubernetes")
    assert service["spec"]["clusterIP"] == "10.233.0.1"
    assert cluster.get("svc", "coredns", "kube-system")["spec"]["clusterIP"] == "10.233.0.3"
    assert cluster.get("services", "nope") is None
    assert [n["metadata"]["name"] for n in cluster.list("nodes")] == ["master", "worker1", "worker2"]


def test_two_clusters_from_one_seed_never_share_state(rs_web_manifest):
    first, second = Cluster(seed=1, files={"rs.yaml": rs_web_manifest}), Cluster(seed=1, files={"rs.yaml": rs_web_manifest})
    first.run("kubectl apply -f rs.yaml")
    assert second.list("pods", "default") == []
    second.run("kubectl apply -f rs.yaml")
    names = lambda c: [p["metadata"]["name"] for p in c.list("pods", "default")]  # noqa: E731
    assert names(first) == names(second)
