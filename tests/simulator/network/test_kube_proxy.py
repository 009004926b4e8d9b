"""kube-proxy in IPVS mode: virtual servers, the rr scheduler, affinity, traffic policies."""

from __future__ import annotations

from simulator.objects import KubeObject, ObjectMeta


def test_round_robin_spreads_over_every_ready_pod(lecture):
    names = lecture.hits(lecture.vantage("master"), lecture.cluster_ip(), 80, 6)
    assert set(names) == {p.name for p in lecture.pods()}
    assert names[:3] == names[3:], "rr cycles in a fixed order, it never picks at random"


def test_round_robin_starts_at_the_last_endpoint_kube_proxy_added(lecture):
    """kube-proxy adds real servers in sorted `ip:port` order (`newEndpoints.List()` in
    pkg/proxy/ipvs/proxier.go syncEndpoint); the kernel puts each new one at the head of
    the list (`list_add_rcu(&dest->n_list, &svc->destinations)` in ip_vs_ctl.c), and
    ip_vs_rr_schedule starts from the head. So the order is reverse-sorted by `ip:port`,
    which also matches the lecture: rs-web-22d9l (.103.66) is always followed by
    rs-web-fd7br (.103.65), then rs-web-9gp6x (.110.17)."""
    by_key = {f"{p.status['podIP']}:8080": p.name for p in lecture.pods()}
    expected = [by_key[key] for key in sorted(by_key, reverse=True)]
    assert lecture.hits(lecture.vantage("worker1"), lecture.cluster_ip(), 80, 3) == expected


def test_each_node_balances_with_its_own_position(lecture):
    ip = lecture.cluster_ip()
    first_on_master = lecture.hits(lecture.vantage("master"), ip, 80, 2)
    first_on_worker = lecture.hits(lecture.vantage("worker1"), ip, 80, 1)
    assert first_on_worker[0] == first_on_master[0], "worker1's IPVS has not scheduled anything yet"


def test_pod_clients_are_balanced_by_their_own_nodes_ipvs(lecture):
    pod = next(p for p in lecture.pods() if p.spec["nodeName"] == "worker2")
    lecture.hits(lecture.vantage("worker2"), lecture.cluster_ip(), 80, 1)
    from_pod = lecture.hits(lecture.vantage(pod.name), lecture.cluster_ip(), 80, 1)
    from_master = lecture.hits(lecture.vantage("master"), lecture.cluster_ip(), 80, 2)
    assert from_pod[0] == from_master[1], "the pod's connection moved worker2's rr position, not master's"


def test_client_ip_affinity_keeps_one_backend(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service(sessionAffinity="ClientIP",
                                              sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}}))
    master = lab.vantage("master")
    names = lab.hits(master, lab.cluster_ip(), 80, 5)
    assert len(set(names)) == 1
    lab.cluster.clock.advance(59)
    assert lab.hits(master, lab.cluster_ip(), 80, 1) == names[:1], "each connection renews the template"
    lab.cluster.clock.advance(61)
    assert lab.hits(master, lab.cluster_ip(), 80, 1) != names[:1], "after timeoutSeconds rr picks again"


def test_client_ip_affinity_is_per_client(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service(sessionAffinity="ClientIP"))
    pods = [p for p in lab.pods() if p.spec["nodeName"] == "worker1"]
    worker1 = lab.vantage("worker1")
    mine = lab.hits(worker1, lab.cluster_ip(), 80, 1)
    assert lab.hits(worker1, lab.cluster_ip(), 80, 3) == mine * 3
    if pods:
        assert lab.hits(lab.vantage(pods[0].name), lab.cluster_ip(), 80, 1) != mine


def test_service_without_endpoints_refuses_at_once(lab, make_service):
    """IPVS with no real server sends ICMP port unreachable (ip_vs_leave), no REJECT rule needed
    (fact sheet, IPVS section; kubernetes/kubernetes PR #72534)."""
    lab.start(make_service("svc-nopods", selector={"app": "nobody"}))
    connection = lab.network.connect(lab.vantage("master"), lab.cluster_ip("svc-nopods"), 80)
    assert connection.outcome == "refused" and connection.virtual_server.service.name == "svc-nopods"


def test_not_ready_pods_get_no_traffic(lab, make_replicaset, make_service):
    probe = {"exec": {"command": ["test", "-e", "/var/ready"]}}
    lab.start(make_replicaset(readiness=probe), make_service())
    assert lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80).outcome == "refused"
    ready = lab.pods()[0]
    lab.cluster.pod_files.setdefault(ready.metadata.uid, {})["/var/ready"] = ""
    lab.cluster.tick()
    assert set(lab.hits(lab.vantage("master"), lab.cluster_ip(), 80, 4)) == {ready.name}


def test_cluster_ip_on_an_undefined_port_reaches_the_nodes_own_sockets(lecture):
    """In IPVS mode the ClusterIP is a local address, so 1.23 lets it reach host services
    (kubernetes/kubernetes#72236, "In IPVS mode, host services become available on
    ClusterIPs"); the KUBE-IPVS-FILTER chain that rejects this came with PR #108460 in 1.25.
    A port nothing listens on is reset by the node: refused, not a timeout."""
    master = lecture.vantage("master")
    ssh = lecture.network.connect(master, lecture.cluster_ip(), 22)
    assert ssh.connected and ssh.backend.app == "sshd" and ssh.backend.node == "master"
    assert lecture.network.connect(master, lecture.cluster_ip(), 8080).outcome == "refused"


def test_cluster_ip_answers_ping_in_ipvs_mode(lecture, remote):
    assert lecture.network.ping(lecture.vantage("worker2"), lecture.cluster_ip())
    assert not lecture.network.ping(remote, lecture.cluster_ip())


def test_node_port_answers_on_every_node_ip_from_the_workstation(lab, make_replicaset, make_service, remote):
    lab.start(make_replicaset(), make_service("svc-web-node", type="NodePort",
                                              ports=[{"port": 80, "targetPort": 8080, "nodePort": 30123}]))
    pods = {p.name for p in lab.pods()}
    for node in ("master", "worker1", "worker2"):
        connection = lab.network.connect(remote, lab.cluster.node_ip(node), 30123)
        assert connection.connected and connection.backend.pod.name in pods
        assert connection.virtual_server.kind == "node-port"


def test_load_balancer_without_metallb_works_as_a_node_port(lab, make_replicaset, make_service, remote):
    lab.start(make_replicaset(), make_service("svc-lb", type="LoadBalancer"))
    service = lab.service("svc-lb")
    assert not (service.status.get("loadBalancer") or {}).get("ingress"), "EXTERNAL-IP stays <pending>"
    node_port = service.spec["ports"][0]["nodePort"]
    assert lab.network.connect(remote, "192.168.100.202", node_port).connected
    assert lab.network.connect(lab.vantage("master"), service.spec["clusterIP"], 80).connected


def test_external_traffic_policy_local_only_uses_the_nodes_own_pods(lab, make_replicaset, make_service, remote):
    lab.start(make_replicaset(replicas=4), make_service("svc-local", type="NodePort", externalTrafficPolicy="Local"))
    node_port = lab.service("svc-local").spec["ports"][0]["nodePort"]
    for node in ("worker1", "worker2"):
        local = {p.name for p in lab.pods() if p.spec["nodeName"] == node}
        for _ in range(4):
            connection = lab.network.connect(remote, lab.cluster.node_ip(node), node_port)
            assert connection.backend.pod.name in local
            assert connection.source_ip == "192.168.100.1", "Local keeps the client address"


def test_external_traffic_policy_local_without_local_pods_times_out_from_outside(
        lab, make_replicaset, make_service, remote):
    """With no local endpoint kube-proxy 1.23 falls back to all endpoints "for local PODs"; an
    external client's reply leaves from the pod's node with the pod address and is dropped
    (pkg/proxy/ipvs/proxier.go syncEndpoint, comment citing PR #97081)."""
    lab.start(make_replicaset(), make_service("svc-local", type="NodePort", externalTrafficPolicy="Local"))
    node_port = lab.service("svc-local").spec["ports"][0]["nodePort"]
    assert lab.network.connect(remote, "192.168.100.200", node_port).outcome == "timeout"
    assert lab.network.connect(lab.vantage("master"), "192.168.100.200", node_port).connected


def test_cluster_policy_node_port_masquerades_the_client(lab, make_replicaset, make_service, remote):
    lab.start(make_replicaset(), make_service("svc-node", type="NodePort"))
    node_port = lab.service("svc-node").spec["ports"][0]["nodePort"]
    connection = lab.network.connect(remote, "192.168.100.200", node_port)
    assert connection.source_ip in ("192.168.100.200", "10.233.70.0")


def test_external_ips_are_served_on_every_node(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service("svc-ext-ip", externalIPs=["192.168.100.250"]))
    for node in ("master", "worker2"):
        assert lab.network.connect(lab.vantage(node), "192.168.100.250", 80).connected


def test_externalname_gets_no_virtual_server(lab):
    lab.start(KubeObject("v1", "Service", ObjectMeta("external-service", "default"),
                         {"spec": {"type": "ExternalName", "externalName": "google.com"}}))
    from simulator.network.kube_proxy import virtual_server

    assert lab.service("external-service").spec.get("clusterIP") in (None, "", "None")
    assert all(virtual_server(lab.cluster, "master", ip, 80) is None for ip in ("", "None"))


def test_selectorless_service_with_manual_endpoints_goes_to_those_addresses(lab, make_service):
    """The course's manual Endpoints name 11.11.11.11 and 22.22.22.22: nothing answers there."""
    lab.start(make_service("external-ep", selector=False, ports=[{"port": 80}]),
              KubeObject("v1", "Endpoints", ObjectMeta("external-ep", "default"),
                         {"subsets": [{"addresses": [{"ip": "11.11.11.11"}, {"ip": "22.22.22.22"}],
                                       "ports": [{"port": 80}]}]}))
    connection = lab.network.connect(lab.vantage("master"), lab.cluster_ip("external-ep"), 80)
    assert connection.outcome == "timeout" and connection.virtual_server.service.name == "external-ep"


def test_scaling_up_puts_new_pods_at_the_head_of_the_rr_list(lab, make_replicaset, make_service):
    from simulator.registry.kinds import by_kind

    lab.start(make_replicaset(replicas=2), make_service())
    master = lab.vantage("master")
    lab.hits(master, lab.cluster_ip(), 80, 1)
    rs = lab.cluster.store.get(by_kind("ReplicaSet"), "default", "rs-web")
    rs.spec["replicas"] = 3
    lab.cluster.store.update(rs)
    lab.cluster.settle()
    names = lab.hits(master, lab.cluster_ip(), 80, 6)
    assert set(names) == {p.name for p in lab.pods()} and names[:3] == names[3:]


def test_target_port_nothing_listens_on_is_refused_by_the_pod(lab, make_replicaset, make_service):
    """The pod answers the forwarded SYN with a RST (fact sheet §7): refused, not a timeout."""
    lab.start(make_replicaset(), make_service(ports=[{"port": 80, "targetPort": 8081}]))
    connection = lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80)
    assert connection.outcome == "refused" and connection.virtual_server.port == 80


def test_named_target_port_reaches_the_container_port(lab, make_replicaset, make_service):
    lab.start(make_replicaset(ports=[{"containerPort": 8080, "name": "node-http"}]),
              make_service(ports=[{"port": 80, "targetPort": "node-http"}]))
    assert lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80).backend.port == 8080


def test_external_ip_on_the_lan_is_reachable_from_the_workstation(lab, make_replicaset, make_service, remote):
    """kube-proxy leaves strictARP off by default, so a node answers ARP for addresses on kube-ipvs0."""
    lab.start(make_replicaset(), make_service("svc-ext-ip", externalIPs=["192.168.100.250"]))
    assert lab.network.connect(remote, "192.168.100.250", 80).connected
    assert lab.network.connect(remote, lab.cluster_ip("svc-ext-ip"), 80).outcome == "timeout"
