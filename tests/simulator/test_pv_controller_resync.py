"""A claim left waiting is told why again at every resync of the PV controller, 15 s apart.

Truth, from the 1.23 source read by hand: pkg/controller/volume/persistentvolume/pv_controller_base.go
(`ctrl.resync` re-queues every claim each `resyncPeriod`, kube-controller-manager's
`--pvclaimbinder-sync-period`, 15 s by default), pv_controller.go `syncUnboundClaim` (each sync of
a claim whose class binds WaitForFirstConsumer emits `waiting for first consumer to be created before
binding`, whose pod waits `waiting for pod ... to be scheduled`, whose class is missing
`storageclass.storage.k8s.io "manual" not found`), and client-go's recorder, which counts the repeats (test_event_correlator.py);
describe.go prints them `<last> (x<count> over <first>)`. The week-6 slides create the claim
(06-emptyDir-hostPath-PV/slides.txt 781-791) but show no describe of it.
"""

from __future__ import annotations

import re

import pytest

from simulator import Cluster

WAITING = "waiting for first consumer to be created before binding"


@pytest.fixture
def shell():
    from simulator.lecture import HANDS_ON_DIR

    cluster = Cluster(seed=3, files=HANDS_ON_DIR)
    session = cluster.session()
    session.run("cd kubernetes/06-emptyDir-hostPath-PV/hands-on")
    return cluster, session


def _count(cluster: Cluster, name: str = "pvc-local", reason: str = "WaitForFirstConsumer") -> int:
    events = [e for e in cluster.events.for_object("default", "PersistentVolumeClaim", name) if e.reason == reason]
    return events[0].count if events else 0


def _increments(cluster: Cluster, seconds: int, **which) -> list[float]:
    """When the event's count went up, time passing a second at a time."""
    times, count = [], _count(cluster, **which)
    for _ in range(seconds):
        cluster.tick(1)
        if _count(cluster, **which) != count:
            count = _count(cluster, **which)
            times.append(cluster.clock.now())
    return times


def test_a_waiting_claim_is_told_again_every_15_seconds(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    created = cluster.clock.now()
    assert _count(cluster) == 1  # the informer's add: the first sync at once
    times = _increments(cluster, 90)
    assert 0 < times[0] - created <= 15
    assert [round(later - earlier) for earlier, later in zip(times, times[1:])] == [15] * (len(times) - 1)
    assert len(times) == 6


def test_describe_counts_the_repeats(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    session.run("sleep 60")
    line = session.run("kubectl describe pvc pvc-local").output.splitlines()[-1]
    match = re.fullmatch(r"\s+Normal\s+WaitForFirstConsumer\s+(\d+)s \(x(\d+) over (\d+)s\)\s+"
                         r"persistentvolume-controller\s+" + WAITING, line)
    assert match, line
    last, count, first = (int(group) for group in match.groups())
    # 64 s since the claim (2 s before the sleep, 60, 2 before describe): 4 or 5 resyncs after the first
    # sync, the last of them under 15 s ago
    assert first == 64 and count in (5, 6) and last < 15


def test_unrelated_writes_between_resyncs_say_nothing_more(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    before = _count(cluster)
    increments = []
    for index in range(5):
        cluster.run(f"kubectl create configmap noise-{index} --from-literal=a=b")  # no claim changes
        increments.append(_count(cluster) - before)
    assert increments[-1] <= 1  # the 2 s a command takes crossed at most one resync


def test_a_bound_claim_is_told_nothing_more(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    session.run("kubectl create -f pv-local.yaml")
    session.run("kubectl create -f rs-dynamic.yaml")
    session.run("sleep 20")
    assert cluster.get("persistentvolumeclaims", "pvc-local")["status"]["phase"] == "Bound"
    settled = _count(cluster)
    assert _increments(cluster, 60) == [] and _count(cluster) == settled
    assert cluster.controller_manager.next_wake() is None or cluster.controller_manager.next_wake() > cluster.clock.now()


def test_a_claim_whose_pod_cannot_be_scheduled_is_told_so_every_15_seconds(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    session.run("kubectl create -f rs-dynamic.yaml")  # no volume on any node: the pod stays Pending
    times = _increments(cluster, 60, reason="WaitForPodScheduled")
    assert len(times) == 4
    assert [round(later - earlier) for earlier, later in zip(times, times[1:])] == [15, 15, 15]


def test_a_missing_class_fails_to_provision_at_every_resync(shell):
    cluster, session = shell
    session.run("kubectl create -f pvc-50Mi.yaml")  # class `manual`, which does not exist
    times = _increments(cluster, 60, name="pvc-50mi", reason="ProvisioningFailed")
    assert len(times) == 4
    assert [round(later - earlier) for earlier, later in zip(times, times[1:])] == [15, 15, 15]


def test_past_25_events_the_recorder_writes_one_every_five_minutes(shell):
    cluster, session = shell
    session.run("kubectl create -f sc-local.yaml")
    session.run("kubectl create -f pvc-local.yaml")
    created = cluster.clock.now()
    times = _increments(cluster, 900)
    # 25 writes at creation and each resync (the 25th 24 resyncs on), then the bucket's refill of one
    # token each 300 s from the first write: no write between the 27th resync and 5 minutes on
    assert len(times) < 30
    assert all(later - earlier >= 15 for earlier, later in zip(times, times[1:]))
    assert any(later - earlier > 100 for earlier, later in zip(times, times[1:]))
    event = cluster.events.for_object("default", "PersistentVolumeClaim", "pvc-local")[0]
    assert event.first_timestamp == created and event.count > len(times) + 1  # held-back syncs still counted


def test_a_long_sleep_says_what_each_resync_on_the_way_would_have_said():
    """The missed resyncs are caught up at their own times: one long wait and a second-at-a-time walk
    through it leave the same event, count, first and last time (the spam filter included)."""
    seen = []
    for walk in (False, True):
        from simulator.lecture import HANDS_ON_DIR

        cluster = Cluster(seed=3, files=HANDS_ON_DIR)
        session = cluster.session()
        session.run("cd kubernetes/06-emptyDir-hostPath-PV/hands-on")
        session.run("kubectl create -f sc-local.yaml")
        session.run("kubectl create -f pvc-local.yaml")
        if walk:
            for _ in range(1200):
                cluster.tick(1)
        else:
            cluster.tick(1200)
        event = cluster.events.for_object("default", "PersistentVolumeClaim", "pvc-local")[0]
        seen.append((event.count, event.first_timestamp, event.last_timestamp))
    assert seen[0] == seen[1]
    count, first, last = seen[0]
    # 81 syncs in 1200 s (the first and 80 resyncs); past the 25-event burst one write in 300 s carries the count
    assert 26 < count <= 81 and last - first > 900
