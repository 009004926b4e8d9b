"""Does the live cluster still hold what the files state? A Service fixed with `kubectl
edit` in a files-only lab is fixed in the terminal but not in `svc-web.yaml`, and the
grader applies the file on a fresh cluster. Before handing in, the submit dialog warns
about each file whose objects differ from the live ones and offers the live objects as
the file's new text.

Pure data: the live objects come from a lookup (`engine.live_object`). A file's object
differs when a field the file states has another value live (fields the server fills in
are not the file's business). The live object as a file keeps what a manifest states:
its name, namespace, labels and annotations (without kubectl's last-applied copy) and
its spec, without the values the server allocated or defaulted unless the file stated them.
"""

from __future__ import annotations

from typing import Callable

import yaml

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
SERVER_FILLED_SPEC = ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy",
                      "sessionAffinity", "externalTrafficPolicy", "allocateLoadBalancerNodePorts")
SERVER_FILLED_PORT = ("protocol", "nodePort")
Lookup = Callable[[str, str, str], "dict | None"]  # (kind, namespace, name) -> the live object or None


def drifted_files(files: dict[str, str], lookup: Lookup) -> dict[str, str]:
    """File name -> its text with the live objects, for each file whose objects differ live."""
    drifted = {}
    for name, text in sorted(files.items()):
        documents = _manifests(text)
        if not documents:
            continue
        lives = [_live_of(doc, lookup) for doc in documents]
        if any(live is not None and not states_the_same(doc, live) for doc, live in zip(documents, lives)):
            drifted[name] = yaml.safe_dump_all([doc if live is None else as_manifest(doc, live)
                                                for doc, live in zip(documents, lives)], sort_keys=False)
    return drifted


def states_the_same(document: dict, live: dict) -> bool:
    stated = {key: value for key, value in document.items() if key not in ("apiVersion", "kind", "metadata", "status")}
    labels = (document.get("metadata") or {}).get("labels") or {}
    return _within(stated, live) and _within(labels, (live.get("metadata") or {}).get("labels") or {})


def as_manifest(document: dict, live: dict) -> dict:
    meta, stated_meta = live.get("metadata") or {}, document.get("metadata") or {}
    metadata = {key: meta[key] for key in ("name", "namespace", "labels") if key in meta
                and (key != "namespace" or "namespace" in stated_meta)}
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != LAST_APPLIED}
    if annotations:
        metadata["annotations"] = annotations
    manifest = {"apiVersion": live.get("apiVersion"), "kind": live.get("kind"), "metadata": metadata}
    for key, value in live.items():
        if key not in ("apiVersion", "kind", "metadata", "status"):
            manifest[key] = value
    if live.get("kind") == "Service" and isinstance(manifest.get("spec"), dict):
        manifest["spec"] = _service_spec(manifest["spec"], document.get("spec") or {})
    return manifest


def _service_spec(spec: dict, stated: dict) -> dict:
    cleaned = {key: value for key, value in spec.items() if key not in SERVER_FILLED_SPEC or key in stated}
    stated_ports = stated.get("ports") if isinstance(stated.get("ports"), list) else []
    ports = []
    for index, port in enumerate(cleaned.get("ports") or []):
        said = stated_ports[index] if index < len(stated_ports) and isinstance(stated_ports[index], dict) else {}
        ports.append({key: value for key, value in port.items() if key not in SERVER_FILLED_PORT or key in said})
    if ports:
        cleaned["ports"] = ports
    return cleaned


def _within(stated, live) -> bool:
    """Every value the file states is the live one (dicts key by key, lists item by item)."""
    if isinstance(stated, dict):
        return isinstance(live, dict) and all(key in live and _within(value, live[key]) for key, value in stated.items())
    if isinstance(stated, list):
        return isinstance(live, list) and len(stated) == len(live) and all(map(_within, stated, live))
    return stated == live


def _live_of(document: dict, lookup: Lookup) -> dict | None:
    meta = document.get("metadata") or {}
    if not isinstance(meta, dict) or not meta.get("name") or not document.get("kind"):
        return None
    return lookup(str(document["kind"]), str(meta.get("namespace") or "default"), str(meta["name"]))


def _manifests(text: str) -> list[dict]:
    try:
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError:
        return []
    return documents if all(isinstance(doc, dict) for doc in documents) else []
