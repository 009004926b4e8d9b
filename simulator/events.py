"""Events as controllers and the kubelet record them, for `kubectl describe` and `get events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Event:
    namespace: str
    kind: str  # kind of the involved object
    name: str  # name of the involved object
    type: str  # "Normal" or "Warning"
    reason: str
    message: str
    source: str  # "default-scheduler", "kubelet", "replicaset-controller", ...
    first_timestamp: float
    last_timestamp: float
    count: int = 1
    serial: int = 0  # the recorder's count when it was made: events made in one instant still get distinct names


class EventRecorder:
    """Keeps events; a repeat of the same (object, reason, message) bumps the count."""

    def __init__(self, limit: int = 5000) -> None:
        self._events: list[Event] = []
        self._limit = limit

    def record(self, namespace: str, kind: str, name: str, type_: str, reason: str,
               message: str, source: str, now: float) -> None:
        for event in reversed(self._events[-50:]):
            if (event.namespace, event.kind, event.name, event.reason, event.message) == (
                namespace, kind, name, reason, message
            ):
                event.count += 1
                event.last_timestamp = now
                return
        self._serial = getattr(self, "_serial", 0) + 1
        self._events.append(Event(namespace, kind, name, type_, reason, message, source, now, now,
                                  serial=self._serial))
        if len(self._events) > self._limit:
            del self._events[: len(self._events) - self._limit]

    def for_object(self, namespace: str | None, kind: str, name: str) -> list[Event]:
        return [e for e in self._events if e.namespace == (namespace or "default") and e.kind == kind and e.name == name]
    def all(self) -> list[Event]:
        return list(self._events)


def event_name(event: Event) -> str:
    """client-go's recorder names an Event `<object>.<hex of the time in ns>`; the serial stands in for
    the nanoseconds that separate two events of one simulated instant."""
    return f"{event.name}.{int(round(event.first_timestamp * 1e9)) + event.serial:x}"
