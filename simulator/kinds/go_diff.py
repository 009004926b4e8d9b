"""What a PersistentVolumeClaim update's `Forbidden` message carries after its text: apimachinery's
`diff.ObjectDiff` of the internal `core.PersistentVolumeClaimSpec`s (new, old) as Go's encoding/json writes
them (the internal types have no json tags: Go's field names, in declaration order)."""

from __future__ import annotations

import json


def internal_claim_spec(spec: dict) -> dict:
    """The internal `core.PersistentVolumeClaimSpec`, in its field order with Go's field names."""
    resources = spec.get("resources") or {}
    return {"AccessModes": spec.get("accessModes"), "Selector": spec.get("selector"),
            "Resources": {"Limits": resources.get("limits"), "Requests": resources.get("requests")},
            "VolumeName": spec.get("volumeName") or "", "StorageClassName": spec.get("storageClassName"),
            "VolumeMode": spec.get("volumeMode"), "DataSource": spec.get("dataSource"),
            "DataSourceRef": spec.get("dataSourceRef")}


def internal_json(spec: dict) -> str:
    return json.dumps(internal_claim_spec(spec), separators=(",", ":"))


def string_diff(a: str, b: str) -> str:
    """apimachinery `diff.StringDiff`: the common prefix, then `A: ` and `B: ` with what follows it."""
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return f"{a[:i]}\n\nA: {a[i:]}\n\nB: {b[i:]}\n\n"
