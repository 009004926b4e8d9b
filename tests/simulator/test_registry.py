"""The API server's defaulting, validation and allocation, with kube-apiserver 1.23's texts.

Messages come from k8s-facts.md §3 (pkg/apis/core/validation, the portallocator and
ipallocator errors) and are compared verbatim.
"""

from __future__ import annotations

import ipaddress

import pytest

from simulator.errors import StatusError
from simulator.registry.kinds import by_kind


SERVICES = by_kind("Service")


def create(cluster, obj):
    return cluster.store.create(obj)


def test_cluster_ip_is_allocated_from_the_service_range(cluster, make_service, make_replicaset):
    service = create(cluster, make_service())
    assert ipaddress.ip_address(service.spec["clusterIP"]) in ipaddress.ip_network("10.233.0.0/18")
    assert service.spec["clusterIPs"] == [service.spec["clusterIP"]]


def test_target_port_defaults_to_port_and_protocol_to_tcp(cluster, make_service, make_replicaset):
    service = create(cluster, make_service(ports=[{"port": 80}]))
    assert service.spec["ports"] == [{"port": 80, "protocol": "TCP", "targetPort": 80}]
    assert service.spec["type"] == "ClusterIP"
    assert service.spec["sessionAffinity"] == "None"


def test_same_seed_allocates_the_same_cluster_ip(make_service):
    from simulator import Cluster

    first = Cluster(seed=3).store.create(make_service())
    second = Cluster(seed=3).store.create(make_service())
    assert first.spec["clusterIP"] == second.spec["clusterIP"]


def test_node_port_outside_the_range_is_invalid(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service("svc-nodeport", type="NodePort",
                                     ports=[{"port": 80, "targetPort": 8080, "nodePort": 40000}]))
    assert error.value.reason == "Invalid"
    assert error.value.message == ('Service "svc-nodeport" is invalid: spec.ports[0].nodePort: Invalid value: 40000: '
                                   "provided port is not in the valid range. The range of valid ports is 30000-32767")


def test_node_port_already_allocated_is_invalid_and_releases_the_cluster_ip(cluster, make_service, make_replicaset):
    create(cluster, make_service("svc-a", type="NodePort", ports=[{"port": 80, "nodePort": 30123}]))
    with pytest.raises(StatusError) as error:
        create(cluster, make_service("svc-nodeport", type="NodePort", ports=[{"port": 80, "nodePort": 30123}]))
    assert error.value.message.endswith("spec.ports[0].nodePort: Invalid value: 30123: provided port is already allocated")
    assert cluster.store.find(SERVICES, "default", "svc-nodeport") is None


def test_node_port_is_freed_when_the_service_is_deleted(cluster, make_service, make_replicaset):
    create(cluster, make_service("svc-a", type="NodePort", ports=[{"port": 80, "nodePort": 30123}]))
    cluster.store.delete(SERVICES, "default", "svc-a")
    reused = create(cluster, make_service("svc-b", type="NodePort", ports=[{"port": 80, "nodePort": 30123}]))
    assert reused.spec["ports"][0]["nodePort"] == 30123
    assert cluster.store.get(SERVICES, "default", "svc-b").spec["ports"][0]["nodePort"] == 30123


def test_node_port_on_a_cluster_ip_service_is_forbidden(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(ports=[{"port": 80, "nodePort": 30123}]))
    assert "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" in error.value.message


def test_cluster_ip_may_not_change_once_set(cluster, make_service, make_replicaset):
    service = create(cluster, make_service())
    changed = service.clone()
    changed.spec["clusterIP"] = "10.233.5.5"
    with pytest.raises(StatusError) as error:
        cluster.store.update(changed)
    assert error.value.message == ('Service "svc-web" is invalid: spec.clusterIPs[0]: Invalid value: '
                                   '[]string{"10.233.5.5"}: may not change once set')


def test_update_without_cluster_ip_keeps_the_allocated_one(cluster, make_service, make_replicaset):
    service = create(cluster, make_service())
    changed = make_service(ports=[{"port": 81, "targetPort": 8080}])
    updated = cluster.store.update(changed)
    assert updated.spec["clusterIP"] == service.spec["clusterIP"]


def test_service_without_ports_is_invalid(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(ports=[]))
    assert error.value.message == 'Service "svc-web" is invalid: spec.ports: Required value'


def test_headless_service_keeps_cluster_ip_none(cluster, make_service, make_replicaset):
    service = create(cluster, make_service("svc-headless", clusterIP="None"))
    assert service.spec["clusterIP"] == "None"
    assert service.spec["clusterIPs"] == ["None"]


def test_external_name_must_be_a_dns_name(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service("svc-ext", ports=[], selector=False, type="ExternalName", externalName="my_ext"))
    assert error.value.message.startswith('Service "svc-ext" is invalid: spec.externalName: Invalid value: "my_ext": '
                                          "a lowercase RFC 1123 subdomain must consist of")


def test_external_name_service_gets_no_cluster_ip(cluster, make_service, make_replicaset):
    service = create(cluster, make_service("svc-ext", ports=[], selector=False, type="ExternalName",
                                           externalName="google.com"))
    assert "clusterIP" not in service.spec


def test_invalid_selector_value_uses_the_label_message(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(selector={"app": "node web"}))
    assert 'spec.selector: Invalid value: "node web": a valid label must be an empty string' in error.value.message


def test_creating_twice_is_already_exists(cluster, make_service, make_replicaset):
    create(cluster, make_service())
    with pytest.raises(StatusError) as error:
        create(cluster, make_service())
    assert (error.value.reason, error.value.message) == ("AlreadyExists", 'services "svc-web" already exists')


def test_getting_a_missing_object_is_not_found(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        cluster.store.get(SERVICES, "default", "nope")
    assert (error.value.reason, error.value.message) == ("NotFound", 'services "nope" not found')


def test_creating_in_a_missing_namespace_is_not_found(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(namespace="nowhere"))
    assert error.value.message == 'namespaces "nowhere" not found'


def test_replicaset_selector_must_match_template_labels(cluster, make_service, make_replicaset):
    rs = make_replicaset("rs-node-web")
    rs.spec["selector"] = {"matchLabels": {"app": "other"}}
    with pytest.raises(StatusError) as error:
        create(cluster, rs)
    assert error.value.message == ('ReplicaSet "rs-node-web" is invalid: spec.template.metadata.labels: Invalid value: '
                                   'map[string]string{"app":"node-web"}: `selector` does not match template `labels`')


def test_several_problems_are_listed_one_per_line(cluster, make_service, make_replicaset):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(type="NodePort", ports=[{"port": 0, "nodePort": 1}]))
    assert error.value.message.startswith('Service "svc-web" is invalid: \n* spec.ports[0].port: Invalid value: 0')


def test_service_port_names_are_dns_labels_so_kubectl_create_service_names_work(cluster, make_service):
    service = create(cluster, make_service("lb", type="LoadBalancer", ports=[{"name": "80-8080", "port": 80, "targetPort": 8080}]))
    assert service.spec["ports"][0]["name"] == "80-8080"


def test_service_port_name_with_capitals_is_invalid(cluster, make_service):
    with pytest.raises(StatusError) as error:
        create(cluster, make_service(ports=[{"name": "Web", "port": 80}]))
    assert 'spec.ports[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of' in error.value.message


def test_objects_per_cluster_are_capped_like_a_quota(make_service):
    from simulator import Cluster
    from simulator.registry.store import Quota

    small = Cluster(seed=1, quota=Quota(objects_per_cluster=60))
    with pytest.raises(StatusError) as error:
        for index in range(100):
            small.store.create(make_service(f"svc-{index}"))
    assert error.value.reason == "Forbidden" and "exceeded quota: kubegrade-quota" in error.value.message
