"""`kubectl delete node worker2`: the Node object goes, the VM it stood for keeps running.

The kubelet registers its Node once at start-up; deleting the object does not stop the
machine, its ssh daemon, its /etc/hosts or the pods already running on it (the pod
garbage collector would only remove those 40 s later, which is not simulated yet).
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR


@pytest.fixture
def session():
    session = Cluster(seed=1, files=HANDS_ON_DIR).session()
    session.run("kubectl create -f kubernetes/03-RS-DS-JOB-CJ/hands-on/rs-web.yaml")
    assert session.run("kubectl delete node worker2").output == 'node "worker2" deleted\n'
    return session


def test_the_node_is_gone_from_the_api(session):
    names = [line.split()[0] for line in session.run("kubectl get nodes --no-headers").stdout.splitlines()]
    assert names == ["master", "worker1"]
    assert session.run("kubectl get node worker2").stderr == 'Error from server (NotFound): nodes "worker2" not found\n'


def test_its_machine_still_answers_ssh(session):
    assert session.run("ssh vagrant@192.168.100.202").exit_code == 0
    assert session.prompt == "worker2 > "
    assert session.run("hostname").output == "worker2\n"
    assert "192.168.100.202 worker2.cluster.local worker2\n" in session.run("cat /etc/hosts").output


def test_a_pod_left_on_the_machine_still_answers_from_there(session):
    pod = next(p for p in session.cluster.list("pods", "default") if p["spec"]["nodeName"] == "worker2")
    result = session.cluster.run(f"curl -s http://{pod['status']['podIP']}:8080", vantage="worker2")
    assert result.output == f"You've hit {pod['metadata']['name']}\n"


def test_the_machine_is_a_vantage_by_name_and_by_address(session):
    assert session.cluster.vantage("worker2").ip == "192.168.100.202"
    assert session.cluster.vantage("192.168.100.202").name == "worker2"
    assert session.cluster.node_ip("worker2") == "192.168.100.202"


def test_new_pods_are_no_longer_scheduled_there(session):
    session.run("kubectl scale rs rs-web --replicas=6")
    nodes = [p["spec"]["nodeName"] for p in session.cluster.list("pods", "default")]
    assert nodes.count("worker2") == 1 and nodes.count("worker1") == 5
