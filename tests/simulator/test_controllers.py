"""Controllers: ReplicaSet, Deployment, scheduler, kubelet and Endpoints reconcile as Kubernetes does."""

from __future__ import annotations

import copy
import re

from simulator.registry.kinds import by_kind
from tests.simulator.conftest import let_pods_start, let_pods_stop

PODS, ENDPOINTS, RS = by_kind("Pod"), by_kind("Endpoints"), by_kind("ReplicaSet")
GENERATED_SUFFIX = re.compile(r"^rs-web-[bcdfghjklmnpqrstvwxz2456789]{5}$")


def web_pods(cluster):
    return cluster.store.list(PODS, "default", {"matchLabels": {"app": "node-web"}})


def start(cluster, obj):
    cluster.store.create(obj)
    let_pods_start(cluster)


def test_replicaset_names_its_pods_with_five_vowel_free_characters(cluster, make_replicaset):
    start(cluster, make_replicaset())
    pods = web_pods(cluster)
    assert len(pods) == 3
    assert all(GENERATED_SUFFIX.match(p.name) for p in pods)


def test_pods_land_on_the_workers_with_ips_from_each_nodes_block(cluster, make_replicaset):
    start(cluster, make_replicaset(replicas=6))
    blocks = {"worker1": "10.233.110.", "worker2": "10.233.103."}
    for pod in web_pods(cluster):
        node = pod.spec["nodeName"]
        assert node in blocks, "the master is tainted NoSchedule"
        assert pod.status["podIP"].startswith(blocks[node])
    assert {p.spec["nodeName"] for p in web_pods(cluster)} == {"worker1", "worker2"}


def test_ready_pods_are_running_with_a_ready_condition(cluster, make_replicaset):
    start(cluster, make_replicaset())
    for pod in web_pods(cluster):
        assert pod.status["phase"] == "Running"
        assert pod.status["containerStatuses"][0]["ready"] is True


def test_deleting_a_pod_brings_a_new_one_with_a_new_name_and_ip(cluster, make_replicaset):
    start(cluster, make_replicaset())
    victim = web_pods(cluster)[0]
    cluster.store.delete(PODS, "default", victim.name)
    let_pods_stop(cluster)  # node-web ignores SIGTERM: killed at the end of its grace period
    pods = web_pods(cluster)
    assert len(pods) == 3
    assert victim.name not in {p.name for p in pods}
    assert victim.status["podIP"] not in {p.status["podIP"] for p in pods}


def test_scaling_down_and_up_changes_the_pod_count(cluster, make_replicaset):
    start(cluster, make_replicaset())
    rs = cluster.store.get(RS, "default", "rs-web").clone()
    rs.spec["replicas"] = 1
    cluster.store.update(rs)
    let_pods_stop(cluster)
    assert len(web_pods(cluster)) == 1
    rs = cluster.store.get(RS, "default", "rs-web").clone()
    rs.spec["replicas"] = 4
    cluster.store.update(rs)
    let_pods_start(cluster)
    assert len(web_pods(cluster)) == 4
    assert cluster.store.get(RS, "default", "rs-web").status["readyReplicas"] == 4


def test_absurd_replica_count_is_bounded_by_the_namespace_quota(cluster, make_replicaset):
    start(cluster, make_replicaset(replicas=10000))
    assert len(web_pods(cluster)) == cluster.store.quota.pods_per_namespace
    # rs-web's 110 SuccessfulCreate events spent its 25-event burst (client-go's spam filter, see
    # test_event_correlator.py), so its FailedCreate is held back; a second ReplicaSet's is written
    start(cluster, make_replicaset("rs-more", replicas=3, labels={"app": "more"}))
    events = cluster.events.for_object("default", "ReplicaSet", "rs-more")
    failed = [e for e in events if e.reason == "FailedCreate"]
    assert failed and "exceeded quota: kubegrade-quota, requested: pods=1, used: pods=110, limited: pods=110" in failed[0].message


def test_endpoints_list_the_ready_pods_on_the_target_port(cluster, make_replicaset, make_service):
    start(cluster, make_replicaset())
    start(cluster, make_service())
    endpoints = cluster.store.get(ENDPOINTS, "default", "svc-web")
    subset = endpoints.body["subsets"][0]
    assert sorted(a["ip"] for a in subset["addresses"]) == sorted(p.status["podIP"] for p in web_pods(cluster))
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]


def test_endpoints_follow_the_selector_when_pods_change(cluster, make_replicaset, make_service):
    start(cluster, make_service())
    assert "subsets" not in cluster.store.get(ENDPOINTS, "default", "svc-web").body
    start(cluster, make_replicaset(replicas=2))
    assert len(cluster.store.get(ENDPOINTS, "default", "svc-web").body["subsets"][0]["addresses"]) == 2


def test_pods_failing_readiness_are_not_ready_addresses(cluster, make_replicaset, make_service):
    probe = {"exec": {"command": ["test", "-e", "/var/ready"]}}
    start(cluster, make_replicaset(readiness=probe))
    start(cluster, make_service())
    subset = cluster.store.get(ENDPOINTS, "default", "svc-web").body["subsets"][0]
    assert "addresses" not in subset and len(subset["notReadyAddresses"]) == 3
    pod = web_pods(cluster)[0]
    cluster.pod_files.setdefault(pod.metadata.uid, {})["/var/ready"] = ""
    let_pods_start(cluster)
    subset = cluster.store.get(ENDPOINTS, "default", "svc-web").body["subsets"][0]
    assert [a["ip"] for a in subset["addresses"]] == [pod.status["podIP"]]


def test_named_target_port_resolves_per_pod(cluster, make_replicaset, make_service):
    start(cluster, make_replicaset(ports=[{"containerPort": 8080, "name": "node-http"}]))
    start(cluster, make_service(ports=[{"port": 80, "targetPort": "node-http"}]))
    subset = cluster.store.get(ENDPOINTS, "default", "svc-web").body["subsets"][0]
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]


def test_wrong_port_name_leaves_the_service_without_endpoints(cluster, make_replicaset, make_service):
    start(cluster, make_replicaset(ports=[{"containerPort": 8080, "name": "node-http"}]))
    start(cluster, make_service(ports=[{"port": 80, "targetPort": "web"}]))
    assert "subsets" not in cluster.store.get(ENDPOINTS, "default", "svc-web").body


def test_service_without_selector_keeps_hand_written_endpoints(cluster, make_service):
    from simulator.objects import KubeObject, ObjectMeta

    start(cluster, make_service("example-endpoints", selector=False, ports=[{"port": 80}]))
    assert cluster.store.find(ENDPOINTS, "default", "example-endpoints") is None
    subsets = [{"addresses": [{"ip": "11.11.11.11"}, {"ip": "22.22.22.22"}], "ports": [{"port": 80}]}]
    start(cluster, KubeObject("v1", "Endpoints", ObjectMeta("example-endpoints", "default"), {"subsets": subsets}))
    written = _identity(cluster.store.get(ENDPOINTS, "default", "example-endpoints"))
    cluster.tick(60)
    assert _identity(cluster.store.get(ENDPOINTS, "default", "example-endpoints")) == written
    assert written[2] == {"subsets": subsets}


def _identity(obj) -> tuple:
    """What shows an object was left alone: its uid, its resourceVersion and its body, copied."""
    return obj.metadata.uid, obj.metadata.resource_version, copy.deepcopy(obj.body)


def test_unknown_image_fails_to_pull_then_backs_off(cluster, make_replicaset):
    start(cluster, make_replicaset(replicas=1, image="whatwant/node-web:9.9"))
    waiting = web_pods(cluster)[0].status["containerStatuses"][0]["state"]["waiting"]
    assert waiting["reason"] == "ErrImagePull"
    cluster.tick(30)
    waiting = web_pods(cluster)[0].status["containerStatuses"][0]["state"]["waiting"]
    assert waiting["reason"] == "ImagePullBackOff"


def test_deployment_creates_a_replicaset_named_with_the_template_hash(cluster):
    from simulator.objects import KubeObject, ObjectMeta

    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}
    spec = {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": template}
    start(cluster, KubeObject("apps/v1", "Deployment", ObjectMeta("dp-web", "default"), {"spec": spec}))
    [rs] = cluster.store.list(RS, "default")
    assert re.match(r"^dp-web-[4-9bcdf]{9,10}$", rs.name)
    pods = cluster.store.list(PODS, "default")
    assert len(pods) == 2 and all(p.name.startswith(rs.name + "-") for p in pods)


def test_lecture_cluster_starts_with_the_kube_system_pods_of_the_lecture(cluster):
    names = {p.name for p in cluster.store.list(PODS, "kube-system")}
    assert {"coredns-76b4fb4578-kc7vm", "coredns-76b4fb4578-zbtvb", "calico-kube-controllers-6dd874f784-rjxtz",
            "dns-autoscaler-7979fb6659-p5fpm", "kube-apiserver-master"} <= names
    assert cluster.store.find(RS, "kube-system", "coredns-76b4fb4578").status["readyReplicas"] == 2


def test_settling_a_service_without_endpoints_converges(cluster, make_replicaset, make_service):
    start(cluster, make_replicaset(ports=[{"containerPort": 8080, "name": "node-http"}]))
    start(cluster, make_service(ports=[{"port": 80, "targetPort": "web"}]))
    before = cluster.store.revision
    cluster.tick(5)
    assert cluster.store.revision == before, "an idle cluster writes nothing"


def test_endpoints_written_before_their_service_are_kept(cluster, make_service):
    from simulator.objects import KubeObject, ObjectMeta

    subsets = [{"addresses": [{"ip": "11.11.11.11"}], "ports": [{"port": 80}]}]
    start(cluster, KubeObject("v1", "Endpoints", ObjectMeta("example-endpoints", "default"), {"subsets": subsets}))
    written = _identity(cluster.store.get(ENDPOINTS, "default", "example-endpoints"))
    assert written[0] and written[2] == {"subsets": subsets}
    start(cluster, make_service("example-endpoints", selector=False, ports=[{"port": 80}]))
    cluster.tick(60)
    assert _identity(cluster.store.get(ENDPOINTS, "default", "example-endpoints")) == written


def test_deleting_a_service_deletes_its_endpoints(cluster, make_replicaset, make_service):
    start(cluster, make_replicaset())
    start(cluster, make_service())
    cluster.store.delete(by_kind("Service"), "default", "svc-web")
    let_pods_start(cluster)
    assert cluster.store.find(ENDPOINTS, "default", "svc-web") is None
