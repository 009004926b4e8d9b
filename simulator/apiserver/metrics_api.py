"""`/apis/metrics.k8s.io/v1beta1/nodes|pods`: what the aggregator proxies to metrics-server v0.5.2.

The group is in discovery while the APIService v1beta1.metrics.k8s.io exists; a request while it
is not Available is the aggregator's 503 (`the server is currently unable to handle the
request`). Bodies as metrics-server v0.5.2 writes them (pkg/api/node.go, pod.go): the object's
name, namespace, creationTimestamp and labels, the last scrape's `timestamp`, its `window`, and
usage in nanocores (`139000000n`) and KiB (`1312768Ki`); one missing object is NotFound
(`nodemetrics.metrics.k8s.io "x" not found`).
"""

from __future__ import annotations

from simulator.apps import metrics_server
from simulator.apps.metrics_server import RESOLUTION, Usage
from simulator.clock import rfc3339
from simulator.errors import StatusError
from simulator.objects import match_label_selector
from simulator.registry.kinds import by_kind

GROUP, VERSION = "metrics.k8s.io", "v1beta1"
RESOURCES = [{"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics", "verbs": ["get", "list"]},
             {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics", "verbs": ["get", "list"]}]
UNAVAILABLE = "service unavailable\n"  # the aggregator's proxyError, plain text: kubectl words the 503 itself


def registered(store) -> bool:
    return metrics_server.api_registered(store)


def resource_list() -> dict:
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{GROUP}/{VERSION}", "resources": RESOURCES}


def _usage(usage: Usage) -> dict:
    return {"cpu": f"{usage.cpu_milli * 1_000_000}n", "memory": f"{usage.memory_bytes // 1024}Ki"}


def _meta(obj) -> dict:
    meta = {"name": obj.name}
    if obj.namespace:
        meta["namespace"] = obj.namespace
    return {**meta, "creationTimestamp": rfc3339(obj.metadata.creation_timestamp or 0), "labels": dict(obj.labels)}


def available(store) -> bool:
    return metrics_server.api_available(store)


def answer(store, now: float, resource: str, namespace: str, name: str, selector: dict | None) -> dict:
    """The list or object for a GET while the APIService is Available; StatusError for what metrics-server refuses."""
    if resource not in ("nodes", "pods"):
        raise StatusError("NotFound", "the server could not find the requested resource", 404)
    scraped_at = rfc3339(now - now % RESOLUTION)
    window = f"{int(RESOLUTION)}s"
    if resource == "nodes":
        usage = metrics_server.node_metrics(store, now)
        objects = {n.name: n for n in store.list(by_kind("Node"))}
        items = [{"metadata": _meta(objects[n]), "timestamp": scraped_at, "window": window, "usage": _usage(u)}
                 for n, u in sorted(usage.items()) if n in objects]
        kind = "NodeMetrics"
    else:
        pods = {(p.namespace, p.name): p for p in store.list(by_kind("Pod"), namespace or None)}
        items = [{"metadata": _meta(pods[(m.namespace, m.name)]), "timestamp": scraped_at, "window": window,
                  "containers": [{"name": c.name, "usage": _usage(c)} for c in m.containers]}
                 for m in metrics_server.pod_metrics(store, now) if (m.namespace, m.name) in pods]
        kind = "PodMetrics"
    if selector is not None:
        items = [i for i in items if match_label_selector(selector, i["metadata"]["labels"])]
    if name:
        found = [i for i in items if i["metadata"]["name"] == name]
        if not found:
            shown = f"{namespace}/{name}" if resource == "pods" else name
            raise StatusError("NotFound", f'{kind.lower()}.{GROUP} "{shown}" not found', 404, kind=f"{resource}.{GROUP}",
                              name=name)
        return {"kind": kind, "apiVersion": f"{GROUP}/{VERSION}", **found[0]}
    return {"kind": f"{kind}List", "apiVersion": f"{GROUP}/{VERSION}", "metadata": {}, "items": items}
