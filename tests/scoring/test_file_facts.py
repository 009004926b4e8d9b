"""The `file:` fact reads what a command wrote into the simulated machines (a node's disk, a
pod's volumes through a container's mounts), so a check judges state, not printed text."""

from __future__ import annotations

import pytest

from scoring.facts import FactMissing, compute_fact
from simulator import Cluster

SHARED_POD = b"""apiVersion: v1
kind: Pod
metadata:
  name: pair
spec:
  containers:
  - name: writer
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: shared, mountPath: /out}
  - name: reader
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: shared, mountPath: /in, readOnly: true}
  - name: node
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: host, mountPath: /host, subPath: logs}
  volumes:
  - {name: shared, emptyDir: {}}
  - name: host
    hostPath: {path: /var/pair, type: DirectoryOrCreate}
"""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    cluster = Cluster(seed=5, files={"pair.yaml": SHARED_POD})
    shell = cluster.session()
    assert shell.run("kubectl apply -f pair.yaml").exit_code == 0
    shell.run("sleep 30")
    assert shell.run("kubectl exec pair -c writer -- sh -c 'echo hello > /out/greeting'").output == ""
    shell.run("kubectl exec pair -c node -- sh -c 'echo line >> /host/app.log'")
    return cluster


def test_a_file_written_in_one_container_is_read_through_anothers_mount(cluster):
    assert compute_fact(cluster, {"file": "/in/greeting", "pod": "pair", "container": "reader"}) == "hello\n"
    assert compute_fact(cluster, {"file": "/out/greeting", "pod": "pair", "container": "writer",
                                  "field": "mode"}) == "0644"


def test_a_hostpath_subpath_file_is_on_the_node(cluster):
    node = cluster.get("pods", "pair")["spec"]["nodeName"]
    assert compute_fact(cluster, {"file": "/var/pair/logs/app.log", "node": node}) == "line\n"


def test_a_missing_file_is_a_missing_fact_and_the_reader_cannot_write(cluster):
    with pytest.raises(FactMissing):
        compute_fact(cluster, {"file": "/in/nothing", "pod": "pair", "container": "reader"})
    result = cluster.session().run("kubectl exec pair -c reader -- sh -c 'echo x > /in/greeting'")
    assert result.output == ("sh: can't create /in/greeting: Read-only file system\n"  # busybox ash, status 2
                             "command terminated with exit code 2\n")
    assert compute_fact(cluster, {"file": "/in/greeting", "pod": "pair", "container": "reader"}) == "hello\n"
