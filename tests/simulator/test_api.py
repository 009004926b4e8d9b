"""The Python API the grader calls: a fresh cluster per seed, commands from any vantage, objects to inspect."""

from __future__ import annotations

from simulator import Cluster

RS_WEB = b"""apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs-web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: node-web
  template:
    metadata:
      labels:
        app: node-web
    spec:
      containers:
      - name: node-web
        image: whatwant/node-web:1.0
        ports:
        - containerPort: 8080
"""


def test_commands_run_against_handed_in_files_and_report_exit_codes():
    cluster = Cluster(seed=9, files={"hw/rs-web.yaml": RS_WEB})
    result = cluster.run("kubectl apply -f hw/rs-web.yaml")
    assert (result.output, result.exit_code) == ("replicaset.apps/rs-web created\n", 0)
    assert cluster.run("kubectl get pod nope").exit_code == 1


def test_a_command_runs_from_a_node_or_from_a_pod():
    cluster = Cluster(seed=9, files={"rs.yaml": RS_WEB})
    cluster.run("kubectl apply -f rs.yaml")
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


def test_two_clusters_from_one_seed_never_share_state():
    first, second = Cluster(seed=1, files={"rs.yaml": RS_WEB}), Cluster(seed=1, files={"rs.yaml": RS_WEB})
    first.run("kubectl apply -f rs.yaml")
    assert second.list("pods", "default") == []
    second.run("kubectl apply -f rs.yaml")
    names = lambda c: [p["metadata"]["name"] for p in c.list("pods", "default")]  # noqa: E731
    assert names(first) == names(second)
