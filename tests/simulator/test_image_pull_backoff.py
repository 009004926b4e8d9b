"""The kubelet retries an image it cannot pull with 1.23's back-off: 10 s doubling to 300 s.

Truth, from the 1.23 source read by hand: pkg/kubelet/images/image_manager.go (IsInBackOffSinceUpdate
before a pull: `Back-off pulling image %q`; a failed pull: `Failed to pull image %q: %v`, then
backOff.Next), kubelet.go (backOffPeriod 10 s, MaxContainerBackOff 300 s for the image back-off),
pod_workers.go (a failed sync is queued again after wait.Jitter(10 s, 0.5)); describe.go's
DescribeEvents prints a repeated event's Age as `<last> (x<count> over <first>)`.
"""

from __future__ import annotations

import re

from simulator import Cluster
from simulator.controllers import image_backoff

INITIAL, MAXIMUM, LONGEST_RESYNC, PULL = 10.0, 300.0, 15.0, 3.0


def _pull_times(cluster: Cluster, seconds: int) -> list[float]:
    """When each pull started, read from the kubelet's back-off entry (its failure is PULL seconds after the
    start) as time passes a second at a time. Not from the Pulling event: past 25 events about the pod the
    recorder's spam filter holds its writes back (test_event_correlator.py)."""
    times = []
    for _ in range(seconds):
        entries = list(image_backoff.table(cluster.machines).values())
        if entries and (not times or entries[0].last_pull - PULL != times[-1]):
            times.append(entries[0].last_pull - PULL)
        cluster.tick(1)
    return times


def test_each_retry_waits_out_a_back_off_that_doubles_to_five_minutes():
    cluster = Cluster(seed=4)
    session = cluster.session()
    session.run("kubectl run bad --image whatwant/node-web:10")
    times = _pull_times(cluster, 1500)
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    backoffs = [min(INITIAL * 2 ** n, MAXIMUM) for n in range(len(gaps))]
    assert len(gaps) >= 6
    for gap, backoff in zip(gaps, backoffs):
        # the back-off counts from the failure (PULL seconds after the start); the next pull comes at the
        # first sync after it, syncs being at most LONGEST_RESYNC apart
        assert backoff + PULL <= gap <= backoff + PULL + LONGEST_RESYNC, (gaps, backoffs)


def test_the_status_says_back_off_between_pulls_and_describe_counts_the_events():
    cluster = Cluster(seed=4)
    session = cluster.session()
    session.run("kubectl run bad --image whatwant/node-web:10")
    assert session.run("kubectl get pods").output.splitlines()[1].split()[2] == "ErrImagePull"
    session.run("sleep 120")
    events = session.run("kubectl describe pod bad").output.split("Events:")[1]
    pulling = next(line for line in events.splitlines() if "Pulling image" in line)
    assert re.search(r"\s\d+s \(x[34] over 2m\d*s\)\s+kubelet\s+Pulling image \"whatwant/node-web:10\"$", pulling)
    backoff = next(line for line in events.splitlines() if "Back-off pulling image" in line)
    assert re.search(r"Normal\s+BackOff\s+\d+s \(x\d+ over \d+m?\d*s\)\s+kubelet", backoff)
    assert "Error: ImagePullBackOff" in events and "Error: ErrImagePull" in events


def test_a_deleted_pod_leaves_no_back_off_behind():
    cluster = Cluster(seed=4)
    session = cluster.session()
    session.run("kubectl run bad --image whatwant/node-web:10")
    session.run("sleep 30")
    session.run("kubectl delete pod bad")
    assert cluster.machines.__dict__.get("image_backoff") == {}
