"""What the cluster's own pods use while idle: the steady CPU and memory `kubectl top pods` shows them.

These pods run no workload the simulator models (`apps.usage` models busybox dd), so each container
gets a steady figure by its image. Where the Week-10 slides show one it is theirs
(10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt, `kubectl top pods -A`, lines 387-393):
ingress-nginx's controller 1m 95Mi, MetalLB's controller 1m 11Mi and its three speakers 3m 18Mi,
4m 20Mi and 4m 21Mi (one per node; the slide does not say which node ran which, so they go to the
nodes in name order). No transcript shows kube-system's rows (the slide cuts them with `...`), so
theirs are ESTIMATES of idle v1.23 components on the course's small VMs, each node's together kept
under what the slides' idle node uses in all (`metrics_server.NODE_BASELINE`, which already counts
them: a node's figure is its baseline plus the modelled workloads, never these again).
"""

from __future__ import annotations

from simulator.objects import KubeObject

MIB = 1024 * 1024
# image repository (tag and digest cut) -> (millicores, MiB)
STEADY = {
    "registry.k8s.io/ingress-nginx/controller": (1, 95),  # slide line 387
    "quay.io/metallb/controller": (1, 11),  # slide line 390
    # estimates (see the module's docstring)
    "k8s.gcr.io/kube-apiserver": (40, 300),
    "k8s.gcr.io/kube-controller-manager": (15, 50),
    "k8s.gcr.io/kube-scheduler": (3, 20),
    "quay.io/calico/node": (25, 100),
    "quay.io/calico/kube-controllers": (2, 15),
    "k8s.gcr.io/coredns/coredns": (3, 15),
    "k8s.gcr.io/dns/k8s-dns-node-cache": (3, 12),
    "k8s.gcr.io/kube-proxy": (1, 15),
    "k8s.gcr.io/cpa/cluster-proportional-autoscaler-amd64": (1, 8),
    "docker.io/library/nginx": (1, 3),  # kubespray's nginx-proxy in kube-system only
    "k8s.gcr.io/metrics-server/metrics-server": (4, 18),
}
SPEAKER = "quay.io/metallb/speaker"
SPEAKERS = ((3, 18), (4, 20), (4, 21))  # slide lines 391-393, by node in name order
NODES = ("master", "worker1", "worker2")


def repository(image: str) -> str:
    image = image.split("@", 1)[0]
    name, _, tag = image.rpartition(":")
    return name if name and "/" not in tag else image


def steady_usage(pod: KubeObject, container: dict) -> tuple[int, int] | None:
    """(millicores, bytes) of a system container, or None for one whose use is modelled elsewhere or not at all."""
    image = repository(str(container.get("image") or ""))
    if image == SPEAKER:
        node = pod.spec.get("nodeName")
        cpu, mib = SPEAKERS[NODES.index(node)] if node in NODES else SPEAKERS[-1]
        return cpu, mib * MIB
    if image == "docker.io/library/nginx" and pod.namespace != "kube-system":
        return None  # a student's nginx serves nothing here: its use is not modelled
    if image not in STEADY:
        return None
    cpu, mib = STEADY[image]
    return cpu, mib * MIB
