"""API objects: one generic shape for every kind, with typed metadata.

An object keeps its top-level fields (`spec`, `status`, Endpoints' `subsets`) as
plain data, exactly as they serialise, so `-o yaml` and `-o json` print what the
API server would without a translation layer. Kind-specific readers live next to
the code that needs them.

What the API store holds is a `StoredObject`: the same shape, read-only all the way down
(`simulator.frozen`). A writer changes a `clone()` and hands it to the store.
"""

from __future__ import annotations

import pickle
import weakref
from dataclasses import dataclass, field
from typing import Any

from simulator.clock import rfc3339
from simulator.frozen import READ_ONLY, FrozenDict, ReadOnlyError, freeze, thaw


@dataclass
class ObjectMeta:
    name: str
    namespace: str | None = None
    uid: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    creation_timestamp: float = 0.0
    owner_references: list[dict[str, Any]] = field(default_factory=list)
    generate_name: str = ""
    resource_version: int = 0
    generation: int = 1
    # graceful deletion (a pod the kubelet is stopping): when it will be gone, and the grace it was given
    deletion_timestamp: float | None = None
    deletion_grace_period_seconds: int | None = None

    def owner_uid(self) -> str | None:
        for ref in self.owner_references:
            if ref.get("controller"):
                return ref.get("uid")
        return None

    def to_dict(self, with_generation: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.annotations:
            data["annotations"] = dict(self.annotations)
        data["creationTimestamp"] = rfc3339(self.creation_timestamp)
        if self.deletion_timestamp is not None:
            data["deletionGracePeriodSeconds"] = self.deletion_grace_period_seconds
            data["deletionTimestamp"] = rfc3339(self.deletion_timestamp)
        if self.generate_name:
            data["generateName"] = self.generate_name
        if with_generation:
            data["generation"] = self.generation
        if self.labels:
            data["labels"] = dict(self.labels)
        data["name"] = self.name
        if self.namespace is not None:
            data["namespace"] = self.namespace
        if self.owner_references:
            data["ownerReferences"] = thaw(self.owner_references)
        data["resourceVersion"] = str(self.resource_version)
        data["uid"] = self.uid
        return data


# Kinds whose API strategy tracks metadata.generation (pods and services do not in 1.23).
GENERATION_KINDS = frozenset({"Deployment", "ReplicaSet", "DaemonSet"})


@dataclass
class KubeObject:
    """An API object: apiVersion, kind, metadata and the rest of its body."""

    api_version: str
    kind: str
    metadata: ObjectMeta
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.metadata.name

    @property
    def namespace(self) -> str | None:
        return self.metadata.namespace

    @property
    def spec(self) -> dict[str, Any]:
        return self.body.setdefault("spec", {})

    @property
    def status(self) -> dict[str, Any]:
        return self.body.setdefault("status", {})

    @property
    def labels(self) -> dict[str, str]:
        return self.metadata.labels

    def to_dict(self, *, shared: bool = False) -> dict[str, Any]:
        """The object as the API server serialises it. `shared=True` skips copying the body,
        for readers that never change what they get (printers)."""
        data: dict[str, Any] = {"apiVersion": self.api_version, "kind": self.kind}
        data["metadata"] = self.metadata.to_dict(with_generation=self.kind in GENERATION_KINDS)
        for key, value in self.body.items():
            data[key] = value if shared else thaw(value)
        return data

    def clone(self) -> "KubeObject":
        """A deep copy a writer may change, whether this one is stored (read-only) or not."""
        meta = self.metadata
        copied = ObjectMeta(meta.name, meta.namespace, meta.uid, dict(meta.labels), dict(meta.annotations),
                            meta.creation_timestamp, thaw(meta.owner_references), meta.generate_name,
                            meta.resource_version, meta.generation, meta.deletion_timestamp,
                            meta.deletion_grace_period_seconds)
        return KubeObject(self.api_version, self.kind, copied, thaw(self.body))

    def with_status(self, status: dict[str, Any]) -> "KubeObject":
        """A copy with `status` replaced, for a controller to hand to the store's `update`; the
        rest is shared with this one, read-only if this one is (a status write changes nothing else)."""
        meta = self.metadata
        copied = ObjectMeta(meta.name, meta.namespace, meta.uid, meta.labels, meta.annotations,
                            meta.creation_timestamp, meta.owner_references, meta.generate_name,
                            meta.resource_version, meta.generation, meta.deletion_timestamp,
                            meta.deletion_grace_period_seconds)
        return KubeObject(self.api_version, self.kind, copied, {**self.body, "status": status})


_EMPTY = FrozenDict()


class StoredMeta(ObjectMeta):
    """The metadata of a stored object: read-only (see `StoredObject`)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise ReadOnlyError(READ_ONLY)


class StoredObject(KubeObject):
    """An object as the API store holds and hands it out: nothing in it can be changed in place.

    Since it never changes, it keeps its own pickled form once made: copying a cluster
    (`pickle`, as the grader snapshots one after an assignment's setup) re-uses it for every
    object the copy did not write, instead of walking the read-only containers again. And
    copies share: unpickling gives the object already in this process with the same pickled
    form (every new `Cluster` shares the lecture's objects), else one that unpickles its
    contents when something first reads them."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise ReadOnlyError(READ_ONLY)

    def __reduce__(self):
        pickled = self.__dict__.get("_pickled")
        if pickled is None:
            meta = self.metadata
            parts = (self.api_version, self.kind, self.body, meta.name, meta.namespace, meta.uid, meta.labels,
                     meta.annotations, meta.creation_timestamp, meta.owner_references, meta.generate_name,
                     meta.resource_version, meta.generation, meta.deletion_timestamp,
                     meta.deletion_grace_period_seconds)
            pickled = self.__dict__["_pickled"] = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
        return (_stored_from_pickle, (pickled,))

    def __getattr__(self, name: str) -> Any:
        """Only reached for an object copied by pickle and not read yet: unpickle it now."""
        state = self.__dict__
        pickled = state.get("_pickled")
        if pickled is None or "body" in state:
            raise AttributeError(name)
        api_version, kind, body, *meta = pickle.loads(pickled)
        metadata = object.__new__(StoredMeta)
        metadata.__dict__.update(zip(_META_FIELDS, meta))
        state.update(api_version=api_version, kind=kind, metadata=metadata, body=body)
        return state[name]

    @property
    def spec(self) -> dict[str, Any]:
        return self.body.get("spec", _EMPTY)

    @property
    def status(self) -> dict[str, Any]:
        return self.body.get("status", _EMPTY)


def _stored_from_pickle(pickled: bytes) -> StoredObject:
    obj = _SHARED.get(pickled)
    if obj is None:
        obj = object.__new__(StoredObject)
        obj.__dict__["_pickled"] = pickled  # the rest on first read (`StoredObject.__getattr__`)
        _SHARED[pickled] = obj
    return obj


# pickled form -> the one object in this process made from it, while any cluster holds it
_SHARED: "weakref.WeakValueDictionary[bytes, StoredObject]" = weakref.WeakValueDictionary()


_META_FIELDS = ("name", "namespace", "uid", "labels", "annotations", "creation_timestamp", "owner_references",
                "generate_name", "resource_version", "generation", "deletion_timestamp",
                "deletion_grace_period_seconds")


def store_in_place(obj: KubeObject) -> StoredObject:
    """Make `obj` read-only all the way down, as the API store keeps it (only the store calls this)."""
    meta = obj.metadata
    if type(meta) is not StoredMeta:
        meta.labels, meta.annotations = freeze(meta.labels), freeze(meta.annotations)
        meta.owner_references = freeze(meta.owner_references)
        meta.__class__ = StoredMeta
    if type(obj) is not StoredObject:
        obj.body = freeze(obj.body)
        obj.__class__ = StoredObject
    return obj  # type: ignore[return-value]


def match_labels(selector: dict[str, str] | None, labels: dict[str, str]) -> bool:
    """Equality-based selection as a Service or `matchLabels` uses it; empty matches nothing."""
    if not selector:
        return False
    return all(labels.get(key) == value for key, value in selector.items())


def match_label_selector(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """A full LabelSelector (`matchLabels` and `matchExpressions`); empty matches everything."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        if not _match_expression(expression, labels):
            return False
    return True


def _match_expression(expression: dict[str, Any], labels: dict[str, str]) -> bool:
    key, operator = expression.get("key"), expression.get("operator")
    values = expression.get("values") or []
    if operator == "In":
        return labels.get(key) in values
    if operator == "NotIn":
        return labels.get(key) not in values
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    return False


def pod_is_ready(pod: KubeObject) -> bool:
    for condition in pod.status.get("conditions") or []:
        if condition.get("type") == "Ready":
            return condition.get("status") == "True"
    return False

