"""Fixtures for DNS tests: the lecture's Services and pods, and a way to run nslookup/dig.

`lab` builds what the lecture's DNS section has: `rs-web` (3 node-web pods) behind
`svc-web` and the headless `svc-node-web-headless`, the ExternalName
`external-service` -> google.com, the `dnsutils` pod (jessie-dnsutils:1.3) and two
busybox pods (1.28 and latest).
"""

from __future__ import annotations

import re

import pytest

from simulator import Cluster
from simulator.objects import KubeObject, ObjectMeta
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from tests.simulator.conftest import STARTED_WITHIN
from simulator.tools import dig as dig_tool
from simulator.tools import nslookup as nslookup_tool
from tests.simulator.conftest import make_replicaset, make_service

DNSUTILS_IMAGE = "k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3"


def make_pod(name: str, image: str, *, namespace: str = "default", labels=None, **spec) -> KubeObject:
    container = {"name": name.split("-")[0], "image": image, "command": ["sleep", "3600"]}
    body = {"containers": [container], **spec}
    return KubeObject("v1", "Pod", ObjectMeta(name, namespace, labels=labels or {}), {"spec": body})


class DNSLab:
    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.dns = cluster.dns

    def add(self, *objects: KubeObject) -> "DNSLab":
        for obj in objects:
            self.cluster.store.create(obj)
        self.cluster.settle()
        self.cluster.tick(STARTED_WITHIN)  # pods are ContainerCreating for their sandbox and image first
        return self

    def vantage(self, where: str):
        return self.cluster.vantage(where)

    def run(self, where: str, *argv: str, stdin: str = "") -> ToolResult:
        tool = nslookup_tool if argv[0] == "nslookup" else dig_tool
        return tool.run(self.cluster.exec_context(self.vantage(where), stdin=stdin), list(argv))

    def pod_ips(self, labels=None) -> list[str]:
        pods = self.cluster.store.list(by_kind("Pod"), "default", {"matchLabels": labels or {"app": "node-web"}})
        return sorted(p.status["podIP"] for p in pods)

    def cluster_ip(self, name: str = "svc-web") -> str:
        return self.cluster.store.get(by_kind("Service"), "default", name).spec["clusterIP"]


@pytest.fixture
def lab() -> DNSLab:
    lab = DNSLab(Cluster(seed=11))
    lab.add(make_replicaset(), make_service(),
            make_service("svc-node-web-headless", clusterIP="None"),
            make_service("external-service", selector=False, ports=[], type="ExternalName", externalName="google.com"),
            make_pod("dnsutils", DNSUTILS_IMAGE), make_pod("bb128", "busybox:1.28"), make_pod("bblatest", "busybox"))
    return lab


def normalise(text: str) -> str:
    """Names and addresses aside: IPs become <ip>, random pod suffixes <pod>."""
    text = re.sub(r"\b\d{1,3}(\.\d{1,3}){3}\b", "<ip>", text)
    return re.sub(r"\b\d{1,3}(-\d{1,3}){3}\b", "<dashed-ip>", text)
