"""The kubelet's back-off per key, as client-go's flowcontrol.Backoff keeps it (util/flowcontrol/backoff.go).

One entry per key (an image a pod pulls, a container that exited): `Next` starts it at 10 s
(kubelet.go backOffPeriod) or doubles it up to 300 s (MaxContainerBackOff); an entry whose last
update is more than twice the maximum (10 minutes) before the new event has expired and starts
again at 10 s (`hasExpired`), which is how a container that ran for 10 minutes is restarted at
once after its next crash.
"""

from __future__ import annotations

from dataclasses import dataclass

INITIAL = 10.0  # kubelet.go backOffPeriod
MAX = 300.0  # kubelet.go MaxContainerBackOff


@dataclass
class Backoff:
    backoff: float  # the current delay
    last_update: float  # the event time `Next` was last called with


def expired(entry: Backoff, event_time: float) -> bool:
    return event_time - entry.last_update > 2 * MAX


def next_after(entry: Backoff | None, event_time: float) -> Backoff:
    """flowcontrol.Backoff.Next: the entry after an event at `event_time`."""
    if entry is None or expired(entry, event_time):
        return Backoff(INITIAL, event_time)
    return Backoff(min(entry.backoff * 2, MAX), event_time)


def in_back_off_since(entry: Backoff | None, event_time: float, now: float) -> bool:
    """flowcontrol.Backoff.IsInBackOffSince: less than the delay has passed since `event_time`."""
    if entry is None or expired(entry, event_time):
        return False
    return now - event_time < entry.backoff
