"""Fixtures for network tests: the lecture's ReplicaSet behind `svc-web`, and vantage points."""

from __future__ import annotations

import pytest

from simulator.registry.kinds import by_kind
from tests.simulator.conftest import STARTED_WITHIN
from simulator.vantage import REMOTE

PODS = by_kind("Pod")


class Lab:
    """A cluster plus the few reads network tests repeat."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.network = cluster.network

    def start(self, *objects) -> "Lab":
        for obj in objects:
            self.cluster.store.create(obj)
        self.cluster.settle()
        self.cluster.tick(STARTED_WITHIN)  # pods are ContainerCreating for their sandbox and image first
        return self

    def pods(self, labels=None):
        return self.cluster.store.list(PODS, "default", {"matchLabels": labels or {"app": "node-web"}})

    def service(self, name="svc-web"):
        return self.cluster.store.get(by_kind("Service"), "default", name)

    def cluster_ip(self, name="svc-web") -> str:
        return self.service(name).spec["clusterIP"]

    def vantage(self, where: str):
        return self.cluster.vantage(where)

    def curl(self, where: str, *args: str, tty: bool = True):
        from simulator.tools import curl

        return curl.run(self._context(where, tty), ["curl", *args])

    def ping(self, where: str, *args: str):
        from simulator.tools import ping

        return ping.run(self._context(where, True), ["ping", *args])

    def wget(self, where: str, *args: str):
        from simulator.tools import wget

        return wget.run(self._context(where, True), ["wget", *args])

    def _context(self, where: str, tty: bool):
        vantage = REMOTE if where == "remote" else self.vantage(where)
        return self.cluster.exec_context(vantage, tty=tty)

    def hits(self, vantage, ip: str, port: int, times: int) -> list[str]:
        """The pod names that answer `times` connections in a row."""
        names = []
        for _ in range(times):
            connection = self.network.connect(vantage, ip, port)
            names.append(connection.backend.pod.name if connection.connected else connection.outcome)
        return names


@pytest.fixture
def lab(cluster) -> Lab:
    return Lab(cluster)


@pytest.fixture
def lecture(lab, make_replicaset, make_service) -> Lab:
    """rs-web (3 × node-web) and svc-web (80 → 8080), as the hands-on creates them."""
    return lab.start(make_replicaset(), make_service())


@pytest.fixture
def remote():
    return REMOTE
