"""The event recorder counts repeats and holds back spam as client-go's EventCorrelator does.

Truth: `staging/src/k8s.io/client-go/tools/record/events_cache.go` (read at kubernetes/kubernetes
00080d4, the 1.23-era file: `defaultSpamBurst = 25`, `defaultSpamQPS = 1. / 300.`, `getSpamKey` of
source and involved object, and `EventCorrelate` observing, so counting, before `filterFunc`), with
the expected counts worked by hand below. The course's week-5 slides show the filter's face
(05-Ingress-LoadBalancer/slides.txt line 776): `nodeAssigned 2m2s (x25 over 3m19s)`, a speaker that
re-announced every few seconds stopped being written after its 25th event.
"""

from __future__ import annotations

from simulator.events import EventRecorder


def _say(recorder: EventRecorder, now: float, reason: str = "BackOff", source: str = "kubelet",
         name: str = "web") -> None:
    recorder.record("default", "Pod", name, "Normal", reason, f"{reason} happened", source, now)


def test_the_same_event_again_is_counted_on_one_event():
    recorder = EventRecorder()
    for second in (0, 10, 20):
        _say(recorder, second)
    (event,) = recorder.all()
    assert (event.count, event.first_timestamp, event.last_timestamp) == (3, 0, 20)


def test_a_source_writes_25_events_about_an_object_then_none_until_a_token_refills():
    recorder = EventRecorder()
    for index in range(30):  # thirty different events in one second: the bucket holds 25
        _say(recorder, index / 30, reason=f"Reason{index}")
    assert [e.reason for e in recorder.all()] == [f"Reason{index}" for index in range(25)]
    _say(recorder, 200, reason="Late")  # 200 s refill 2/3 of a token: still held back
    assert "Late" not in [e.reason for e in recorder.all()]
    _say(recorder, 301, reason="Later")  # past 300 s a whole token is back
    assert recorder.all()[-1].reason == "Later" and len(recorder.all()) == 26


def test_an_event_held_back_is_still_counted_and_shows_in_the_next_write():
    recorder = EventRecorder()
    for second in range(40):  # once a second: 25 written, 15 counted but held back
        _say(recorder, second)
    (event,) = recorder.all()
    assert (event.count, event.last_timestamp) == (25, 24)
    _say(recorder, 330)  # one token refilled since the 25th: the 41st is written with every count
    assert (event.count, event.first_timestamp, event.last_timestamp) == (41, 0, 330)


def test_each_source_and_each_object_has_its_own_bucket():
    recorder = EventRecorder()
    for index in range(25):
        _say(recorder, 0, reason=f"Reason{index}")
    _say(recorder, 0, reason="FromTheScheduler", source="default-scheduler")
    _say(recorder, 0, reason="AboutAnotherPod", name="db")
    _say(recorder, 0, reason="OneTooMany")
    reasons = [e.reason for e in recorder.all()]
    assert "FromTheScheduler" in reasons and "AboutAnotherPod" in reasons and "OneTooMany" not in reasons


def test_a_recorder_pickled_before_the_correlator_keeps_its_events_and_counts_on():
    recorder = EventRecorder()
    _say(recorder, 0)
    for name in ("_written", "_observed", "_tokens"):
        delattr(recorder, name)  # what an older pickle holds
    _say(recorder, 5)
    (event,) = recorder.all()
    assert event.count == 2
