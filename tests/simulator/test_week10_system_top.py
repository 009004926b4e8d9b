"""Week 10: `kubectl top pods -A` for the cluster's own pods (slide lines 385-393).

Truth: the slide's rows for ingress-nginx's controller (line 387: 1m 95Mi) and MetalLB (lines 390-393:
controller 1m 11Mi, speakers 3m 18Mi, 4m 20Mi, 4m 21Mi), installed from the releases the course uses
(simulator/apps/published: ingress-nginx controller-v1.3.0, MetalLB v0.13.4) with kubespray v2.19.1's
metrics-server. kube-system's rows are cut from the slide (`...`): their figures are the simulator's
estimates (apps/system_usage.py says so), checked here only against what the slide does show, the
idle nodes' totals (lines 380-382), which they are part of.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.apps.metrics_server import NODE_BASELINE, manifest

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")
PUBLISHED = Path(__file__).parents[2] / "simulator" / "apps" / "published"
SUFFIX = re.compile(r"-[a-z0-9]{8,10}-[a-z0-9]{5}$|-[a-z0-9]{5}$")


def slide_lines(first: int, last: int) -> list[str]:
    return SLIDES.read_text(encoding="utf-8").split("\n")[first - 1:last]


def masked(row: list[str]) -> tuple[str, ...]:
    return (row[0], SUFFIX.sub("-<pod>", row[1]), *row[2:])


@pytest.fixture(scope="module")
def cluster():
    files = {"metrics-server.yaml": manifest().encode(),
             "ingress.yaml": (PUBLISHED / "ingress-nginx-controller-v1.3.0-baremetal-deploy.yaml").read_bytes(),
             "metallb.yaml": (PUBLISHED / "metallb-v0.13.4-metallb-native.yaml").read_bytes()}
    c = Cluster(seed=1, files=files)
    for name in files:
        assert c.run(f"kubectl apply -f {name}").exit_code == 0, name
    c.tick(120)
    return c


def rows(cluster) -> list[list[str]]:
    return [line.split() for line in cluster.run("kubectl top pods -A").stdout.splitlines()[1:]]


def test_the_add_ons_rows_are_the_slides(cluster):
    shown = slide_lines(387, 393)
    wanted = Counter(masked(line.split()) for line in shown if line.strip() != "..." and "nolimit" not in line)
    got = Counter(masked(row) for row in rows(cluster) if row[0] in ("ingress-nginx", "metallb-system"))
    assert got == wanted


def test_every_system_pod_shows_some_use_and_each_nodes_stay_within_its_idle_total(cluster):
    system = [row for row in rows(cluster) if row[0] in ("kube-system", "ingress-nginx", "metallb-system")]
    assert system and all(row[2] != "0m" and row[3] != "0Mi" for row in system)
    pods = {(p["metadata"]["namespace"], p["metadata"]["name"]): p["spec"]["nodeName"]
            for p in cluster.list("pods", None)}
    per_node: dict[str, list[int]] = {}
    for namespace, name, cpu, memory in system:
        node = pods[(namespace, name)]
        totals = per_node.setdefault(node, [0, 0])
        totals[0] += int(cpu.rstrip("m"))
        totals[1] += int(memory.rstrip("Mi"))
    for node, (cpu, mib) in per_node.items():
        assert cpu <= NODE_BASELINE[node][0] and mib <= NODE_BASELINE[node][1], node


def test_the_nodes_totals_are_unchanged_by_the_pods_figures(cluster):
    """The master's idle row stays slide line 380's: the pods' figures are part of it, not added to it."""
    master = next(line.split() for line in cluster.run("kubectl top nodes").stdout.splitlines() if line.startswith("master"))
    assert master == slide_lines(380, 380)[0].split()
