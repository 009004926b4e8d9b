"""Where a check runs from: `remote`, `{node: master}`, `{pod: NAME}` or `{pod_of: {labels}}`.

`pod_of` picks the first Ready pod (by name) carrying those labels, so a check can run
"from one of the replicas" whatever names the ReplicaSet gave them.
"""

from __future__ import annotations

from simulator.frozen import thaw

from typing import Any

from scoring.messages import Phrase
from simulator.registry.kinds import by_kind
from simulator.vantage import REMOTE, Vantage


class VantageUnavailable(Exception):
    """The place a check should run from does not exist on the student's cluster.

    The argument is a `Phrase`, shown in the student's language by `messages.localize`.
    """


def resolve_vantage(cluster, spec: Any) -> Vantage:
    if spec in (None, "remote"):
        return REMOTE
    if isinstance(spec, str):
        return _node(cluster, spec)
    namespace = str(spec.get("namespace") or "default")
    if "node" in spec:
        return _node(cluster, str(spec["node"]))
    if "pod" in spec:
        return _pod(cluster, str(spec["pod"]), namespace)
    pods = ready_pods(cluster, dict(spec["pod_of"]), namespace)
    if not pods:
        labels = _labels(spec["pod_of"])
        raise VantageUnavailable(Phrase("no_ready_pod_with_labels", labels=labels, namespace=namespace))
    return _pod(cluster, pods[0]["metadata"]["name"], namespace)


def prompt_of(vantage: Vantage) -> str:
    return f"root@{vantage.name}:/# " if vantage.kind == "pod" else f"{vantage.name} > "


def ready_pods(cluster, selector: dict, namespace: str, ready_only: bool = True) -> list[dict]:
    """Ready pods (or all pods) with these labels, by name, as read-only views (no deep copies)."""
    if not selector:
        return []
    selector = {str(key): str(value) for key, value in selector.items()}
    pods = cluster.store.list(by_kind("Pod"), namespace, {"matchLabels": selector})
    views = [_view(pod) for pod in pods]
    chosen = [view for view in views if not ready_only or is_ready(view)]
    return sorted(chosen, key=lambda view: view["metadata"]["name"])


def _view(pod) -> dict:
    metadata = {"name": pod.name, "namespace": pod.namespace, "labels": pod.labels, "uid": pod.metadata.uid,
                "ownerReferences": thaw(pod.metadata.owner_references)}  # who controls it (a few small dicts)
    return {"metadata": metadata, "spec": pod.spec, "status": pod.status}


def is_ready(pod: dict) -> bool:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def _node(cluster, name: str) -> Vantage:
    """A node's machine: it still runs (and answers ssh) after `kubectl delete node`."""
    if name not in cluster.machine_names():
        raise VantageUnavailable(Phrase("no_node", name=name))
    return cluster.vantage(name)


def _pod(cluster, name: str, namespace: str) -> Vantage:
    if cluster.get("pods", name, namespace) is None:
        raise VantageUnavailable(Phrase("no_pod", name=name, namespace=namespace))
    return cluster.vantage(name, namespace)


def _labels(selector: dict) -> str:
    return ",".join(f"{key}={value}" for key, value in sorted(selector.items()))
