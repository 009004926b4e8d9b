"""What the API server answers to reads: the store's objects, and Events from the event recorder.

Events are kept by `simulator.events.EventRecorder` (controllers record, `kubectl describe`
reads them), not in the store, so a write never waits on them; this view serves them as
v1 Event objects to `kubectl get events`. ComponentStatuses are not kept at all: the API server
probes the components at each read, which `components` does (`apiserver/componentstatus.py`).
Every other read goes to the store unchanged.
Events cannot be written through it: nothing in the simulator creates one by hand yet.
"""

from __future__ import annotations

import uuid
from typing import Callable

from simulator.clock import rfc3339
from simulator.errors import not_found
from simulator.events import Event, EventRecorder, event_name
from simulator.objects import KubeObject, ObjectMeta, match_label_selector
from simulator.registry.kinds import ResourceType, by_kind
from simulator.registry.store import APIStore


class ClusterReads:
    def __init__(self, store: APIStore, events: EventRecorder,
                 components: Callable[[], list[KubeObject]] | None = None) -> None:
        self.store = store
        self.events = events
        self.components = components

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def list(self, rt: ResourceType, namespace: str | None = None, selector: dict | None = None) -> list[KubeObject]:
        if rt.kind == "ComponentStatus":
            objects = self.components() if self.components is not None else []
            return [o for o in objects if selector is None or match_label_selector(selector, o.labels)]
        if rt.kind != "Event":
            return self.store.list(rt, namespace, selector)
        objects = [event_object(e) for e in self.events.all() if namespace is None or e.namespace == namespace]
        objects = [o for o in objects if selector is None or match_label_selector(selector, o.labels)]
        return sorted(objects, key=lambda o: (o.namespace or "", o.name))  # etcd's key order

    def find(self, rt: ResourceType, namespace: str | None, name: str) -> KubeObject | None:
        if rt.kind == "ComponentStatus":
            return next((o for o in self.list(rt) if o.name == name), None)
        if rt.kind != "Event":
            return self.store.find(rt, namespace, name)
        return next((o for o in self.list(rt, namespace or "default") if o.name == name), None)

    def get(self, rt: ResourceType, namespace: str | None, name: str) -> KubeObject:
        found = self.find(rt, namespace, name)
        if found is None:
            raise not_found(rt.group_resource, name)
        return found


def event_object(event: Event):
    """The v1 Event the API server would serve for a recorded event (`kubectl get events -o yaml`)."""
    involved_type = by_kind(event.kind)
    name = event_name(event)
    involved = {"apiVersion": involved_type.api_version if involved_type else "v1", "kind": event.kind,
                "name": event.name, "namespace": event.namespace}
    metadata = ObjectMeta(name, event.namespace, uid=str(uuid.uuid5(uuid.NAMESPACE_OID, f"{event.namespace}/{name}")),
                          creation_timestamp=event.first_timestamp)
    body = {"count": event.count, "eventTime": None, "firstTimestamp": rfc3339(event.first_timestamp),
            "involvedObject": involved, "lastTimestamp": rfc3339(event.last_timestamp), "message": event.message,
            "reason": event.reason, "reportingComponent": "", "reportingInstance": "",
            "source": {"component": event.source}, "type": event.type}
    return KubeObject("v1", "Event", metadata, body)
