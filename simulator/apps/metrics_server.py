"""metrics-server: what the Metrics API (`metrics.k8s.io/v1beta1`) answers, from the simulated usage.

The course's metrics-server is kubespray's add-on (`metrics_server_enabled`, roles/kubernetes-apps/
metrics_server): a Deployment `metrics-server` in kube-system behind the Service `metrics-server`,
registered as the APIService v1beta1.metrics.k8s.io. It is not part of the base cluster: the
Week-4 slides list every kube-system Deployment of this cohort's cluster (calico-kube-controllers,
coredns, dns-autoscaler; 04-ClusterIP-NodePort-ExternalName/slides.txt:401-406) and it is not among
them, while Week 10's transcripts come from an earlier cohort's cluster where it ran (slides.txt:373).
So Week 10's setup installs it (`manifest()`: kubespray v2.19.1's templates as rendered for this
cluster, data/kubespray-v2.19.1-metrics-server.yaml), and the API answers only while the APIService
v1beta1.metrics.k8s.io is Available (its Service has a ready endpoint) and a scrape has been made.

Usage: each container's CPU and memory as `apps.usage` models them (dd burns its CPU limit,
holds 1 MiB), and the cluster's own pods their steady idle use (`apps.system_usage`); a node adds
its own daemons' use (those pods' included), measured on the Week-10 slides' idle nodes
(`kubectl top nodes`, slides.txt:378-381: master 139m 1282Mi, worker1 60m 691Mi, worker2 259m
619Mi less the `nolimit` dd pod's 201m 1Mi it ran). CPU is a rate between two scrapes, so a
container shows up one scrape interval (kubespray's `metric_resolution: 15s`) after it started
and only once metrics-server itself has been running that long.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.apps.system_usage import steady_usage
from simulator.apps.usage import node_usage, running_containers
from simulator.clock import parse_rfc3339
from simulator.kinds.apiservice import is_available
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

MANIFEST = Path(__file__).parent / "data" / "kubespray-v2.19.1-metrics-server.yaml"
API_SERVICE = "v1beta1.metrics.k8s.io"
NAMESPACE = "kube-system"
APP_LABEL = {"app.kubernetes.io/name": "metrics-server"}
RESOLUTION = 15.0  # seconds: --metric-resolution=15s
MIB = 1024 * 1024
# (millicores, MiB) the node's kubelet, container runtime and system pods use while idle
NODE_BASELINE = {"master": (139, 1282), "worker1": (60, 691), "worker2": (58, 618)}
DEFAULT_BASELINE = (60, 620)


@dataclass(frozen=True)
class Usage:
    name: str
    cpu_milli: int
    memory_bytes: int


@dataclass(frozen=True)
class PodMetrics:
    namespace: str
    name: str
    containers: tuple[Usage, ...]

    @property
    def cpu_milli(self) -> int:
        return sum(c.cpu_milli for c in self.containers)

    @property
    def memory_bytes(self) -> int:
        return sum(c.memory_bytes for c in self.containers)


def server_pods(store) -> list[KubeObject]:
    return [p for p in store.list(by_kind("Pod"), NAMESPACE, {"matchLabels": APP_LABEL}) if running_containers(p)]


def manifest() -> str:
    return MANIFEST.read_text()


def api_registered(store) -> bool:
    """The APIService exists: the aggregator lists metrics.k8s.io in discovery, available or not."""
    return store.find(by_kind("APIService"), None, API_SERVICE) is not None


def api_available(store) -> bool:
    api_service = store.find(by_kind("APIService"), None, API_SERVICE)
    return api_service is not None and is_available(api_service)


def _running_since(pod: KubeObject) -> float | None:
    starts = [parse_rfc3339(((s.get("state") or {}).get("running") or {}).get("startedAt"))
              for s in pod.status.get("containerStatuses") or []]
    starts = [s for s in starts if s is not None]
    return max(starts) if starts else None


def scraped(pod: KubeObject, now: float) -> bool:
    since = _running_since(pod)
    return since is not None and now - since >= RESOLUTION


def serving(store, now: float) -> bool:
    return api_available(store) and any(scraped(p, now) for p in server_pods(store))


def node_metrics(store, now: float) -> dict[str, Usage]:
    """Per node: its daemons' baseline plus what its containers use (empty before the first scrape)."""
    if not serving(store, now):
        return {}
    pods = store.list(by_kind("Pod"))
    metrics = {}
    for node in store.list(by_kind("Node")):
        cpu, mib = NODE_BASELINE.get(node.name, DEFAULT_BASELINE)
        used = node_usage(node, pods)
        metrics[node.name] = Usage(node.name, cpu + sum(u.cpu_milli for u in used),
                                   mib * MIB + sum(u.memory_bytes for u in used))
    return metrics


def pod_metrics(store, now: float) -> list[PodMetrics]:
    """Every pod with a container running for a scrape interval, its containers' usage."""
    if not serving(store, now):
        return []
    pods = store.list(by_kind("Pod"))
    per_pod: dict[tuple[str, str], list[Usage]] = {}
    for node in store.list(by_kind("Node")):
        for u in node_usage(node, pods):
            if scraped(u.pod, now):
                cpu, memory = steady_usage(u.pod, u.container) or (0, 0)  # a system pod's own idle use
                per_pod.setdefault((u.pod.namespace, u.pod.name), []).append(
                    Usage(u.container.get("name", ""), u.cpu_milli + cpu, u.memory_bytes + memory))
    return [PodMetrics(ns, name, tuple(containers)) for (ns, name), containers in sorted(per_pod.items())]
