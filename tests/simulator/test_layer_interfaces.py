"""Each layer of the simulator core works from what it is given, not from the whole Cluster.

Controllers get a ControllerContext and keep their own sync state; the DNS records read
a store; kube-proxy and routing read a Topology. The expected addresses are the lecture
cluster's (k8s-facts.md: the `kubernetes` Service is 10.233.0.1, worker1 is 192.168.100.201).
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import simulator
from simulator.controllers import ControllerContext
from simulator.controllers.replicaset import ReplicaSetController
from simulator.dns.records import KubernetesRecords
from simulator.network import kube_proxy, routing
from simulator.network.topology import MachineTopology
from simulator.registry.kinds import by_kind

PODS = by_kind("Pod")
# Modules of the core that are handed narrow interfaces; `network/transfer.py` is the
# programs' HTTP client and goes with them.
NARROW_PACKAGES = ("controllers", "dns/records.py", "dns/servers.py", "dns/resolver.py", "dns/resolvconf.py",
                   "dns/cluster_dns.py", "network/routing.py", "network/kube_proxy.py", "network/listeners.py",
                   "network/metallb.py", "network/fabric.py", "registry")


def context_of(cluster) -> ControllerContext:
    return ControllerContext(cluster.store, cluster.clock, cluster.events, cluster.streams, cluster.machines)


def test_a_replicaset_controller_makes_its_pods_from_its_context_alone(cluster, make_replicaset):
    cluster.store.create(make_replicaset(replicas=2))
    ReplicaSetController().reconcile(context_of(cluster))
    pods = cluster.store.list(PODS, "default", {"matchLabels": {"app": "node-web"}})
    assert [p.metadata.owner_references[0]["name"] for p in pods] == ["rs-web", "rs-web"]


def test_a_controller_skips_an_object_it_has_synced_until_something_it_reads_changes(cluster, make_replicaset):
    cluster.store.create(make_replicaset(replicas=1))
    controller, ctx = ReplicaSetController(), context_of(cluster)
    controller.reconcile(ctx)
    rs = cluster.store.get(by_kind("ReplicaSet"), "default", "rs-web")
    assert controller.synced.due(cluster.store, rs, ("pods",)) is False
    pod = cluster.store.list(PODS, "default", {"matchLabels": {"app": "node-web"}})[0]
    cluster.store.delete(PODS, "default", pod.name)
    assert controller.synced.due(cluster.store, rs, ("pods",)) is True


def test_a_copied_cluster_keeps_its_controllers_sync_state_and_has_nothing_to_do(cluster, make_replicaset):
    cluster.store.create(make_replicaset())
    cluster.settle()
    copy = pickle.loads(pickle.dumps(cluster))
    revision = copy.store.revision
    copy.settle()
    assert copy.store.revision == revision
    assert copy.controller_manager.ctx.store is copy.store, "one object graph: the copy's controllers see its store"


def test_kubernetes_records_answer_from_the_store_alone(cluster):
    reply = KubernetesRecords(cluster.store).answer("kubernetes.default.svc.cluster.local.", "A")
    assert reply.ipv4() == ["10.233.0.1"]


def test_kube_proxy_and_routing_read_a_topology(cluster):
    topology = MachineTopology(cluster.store, cluster.clock, cluster.machines)
    assert kube_proxy.virtual_server(topology, "worker1", "10.233.0.1", 443) is not None
    assert routing.classify(topology, "192.168.100.201").kind == "node"
    assert routing.classify(topology, "10.233.0.1").kind == "service"


def _imports_the_cluster(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.ImportFrom) and node.module == "simulator.cluster" for node in ast.walk(tree))


def test_controllers_dns_records_network_and_registry_never_import_the_cluster():
    root = Path(simulator.__file__).parent
    paths = [p for entry in NARROW_PACKAGES for p in ((root / entry).rglob("*.py") if (root / entry).is_dir()
                                                       else [root / entry])]
    assert len(paths) > 20
    assert [str(p.relative_to(root)) for p in paths if _imports_the_cluster(p)] == []


def test_a_program_is_handed_the_clusters_parts_never_the_cluster(cluster):
    from dataclasses import fields

    from simulator.vantage import REMOTE

    ctx = cluster.exec_context(REMOTE)
    assert not hasattr(ctx, "cluster")
    assert not any(isinstance(getattr(ctx, f.name), type(cluster)) for f in fields(ctx))
    assert (ctx.store, ctx.clock, ctx.network, ctx.dns, ctx.machines) == (
        cluster.store, cluster.clock, cluster.network, cluster.dns, cluster.machines)
    assert ctx.random("curl") is cluster.streams.stream("curl")


def test_the_api_server_app_draws_its_audit_ids_from_the_stream_it_is_given(cluster):
    import random

    from simulator.apps.http import HttpRequest, ServerContext, serve
    from simulator.network import Backend

    backend = Backend("node", "192.168.100.200", 6443, "kube-apiserver", node="master")
    request = HttpRequest("GET", "/version", [("Host", "192.168.100.200")], scheme="https")
    answers = [serve(request, ServerContext(cluster.clock, {}, random.Random(9), backend)).header("audit-id")
               for _ in range(2)]
    expected = random.Random(9).getrandbits(128).to_bytes(16, "big").hex()
    assert answers[0] == answers[1] == "-".join((expected[:8], expected[8:12], expected[12:16], expected[16:20],
                                                  expected[20:]))
