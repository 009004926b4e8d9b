"""A student who deletes a Node is graded on what the cluster then does, never by a crashed check."""

from __future__ import annotations

import pytest

from scoring.engine import grade_submission
from scoring.messages import localize
from scoring.vantages import VantageUnavailable, resolve_vantage
from simulator import Cluster


def test_deleting_worker2_leaves_every_loadbalancer_check_gradable(bank):
    assignment = bank["week4/07-loadbalancer"]
    files, commands = assignment.solution(1)
    report = grade_submission(assignment, files, commands + "\nkubectl delete node worker2\n", 1)
    assert [check.feedback for check in report.checks if "tell your instructor" in check.feedback] == []
    # worker2's VM still runs its pod and kube-proxy, so the Service still answers everywhere it did
    assert report.score == report.max_score == 10


def test_a_node_vantage_survives_the_deletion_of_its_node_object():
    cluster = Cluster(seed=1)
    cluster.run("kubectl delete node worker2")
    assert resolve_vantage(cluster, {"node": "worker2"}).ip == "192.168.100.202"


@pytest.mark.parametrize("lang, message", [("en", "no node named worker3"), ("ko", "worker3 노드가 없음")])
def test_a_vantage_on_a_machine_that_does_not_exist_names_it(lang, message):
    with pytest.raises(VantageUnavailable) as raised:
        resolve_vantage(Cluster(seed=1), {"node": "worker3"})
    assert localize(raised.value, lang) == message
