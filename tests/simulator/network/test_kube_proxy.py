"""kube-proxy in iptables mode (the course's `kube_proxy_mode: iptables`): random endpoint
selection with the statistic module's probabilities, affinity, REJECT and DROP, traffic policies.
Truth: pkg/proxy/iptables/proxier.go at v1.23 and the fact sheet, section 9."""

from __future__ import annotations

from collections import Counter

from simulator.network.kube_proxy import statistic_probability
from simulator.objects import KubeObject, ObjectMeta
from tests.simulator.conftest import STARTED_WITHIN


def test_the_statistic_probabilities_are_1_over_n_minus_i_as_proxier_prints_them():
    """pkg/proxy/iptables/proxier.go: rule i of n gets `--probability proxier.probability(n-i)`,
    `fmt.Sprintf("%0.10f", 1.0/float64(n))`; the last rule has no statistic match."""
    assert [statistic_probability(i, 3) for i in range(3)] == [0.3333333333, 0.5, 1.0]
    assert statistic_probability(0, 7) == 0.1428571429


def test_random_selection_spreads_evenly_over_every_ready_pod(lecture):
    """Rule i jumps with 1/(n-i) of what reaches it: each of n endpoints gets 1/n."""
    names = lecture.hits(lecture.vantage("master"), lecture.cluster_ip(), 80, 3000)
    counts = Counter(names)
    assert set(counts) == {p.name for p in lecture.pods()}
    assert all(900 <= count <= 1100 for count in counts.values()), counts  # 1000 expected, sd 26


def test_two_connections_in_a_row_may_reach_the_same_pod_as_in_the_lecture(lecture):
    """The lecture (shared/seed/000_d500d5e728b4935e.txt lines 790-793): from rs-web-22d9l,
    `curl -s http://svc-web` and `curl -s http://svc-web.default` both print
    `You've hit rs-web-fd7br`. Round-robin never repeats; iptables' independent draws do."""
    pod = lecture.pods()[0]
    names = lecture.hits(lecture.vantage(pod.name), lecture.cluster_ip(), 80, 30)
    assert any(a == b for a, b in zip(names, names[1:]))


def test_the_draws_come_from_the_seeded_source(make_replicaset, make_service):
    from simulator import Cluster

    from .conftest import Lab

    def order(seed: int) -> list[int]:
        lab = Lab(Cluster(seed=seed)).start(make_replicaset(), make_service())
        by_ip = sorted(p.status["podIP"] for p in lab.pods())
        ips = [lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80).backend.ip for _ in range(12)]
        return [by_ip.index(ip) for ip in ips]  # which rule of the sorted chain, whatever the pods are called

    assert order(5) == order(5)
    assert order(5) != order(6)


def test_client_ip_affinity_keeps_one_backend(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service(sessionAffinity="ClientIP",
                                              sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}}))
    master = lab.vantage("master")
    names = lab.hits(master, lab.cluster_ip(), 80, 5)
    assert len(set(names)) == 1
    lab.cluster.clock.advance(59)
    assert lab.hits(master, lab.cluster_ip(), 80, 1) == names[:1], "each connection renews the template"
    fresh = []
    for _ in range(20):
        lab.cluster.clock.advance(61)
        fresh += lab.hits(master, lab.cluster_ip(), 80, 1)
    assert len(set(fresh)) > 1, "after timeoutSeconds the `recent` entry is reaped and the chain draws again"


def test_client_ip_affinity_is_per_client(lab, make_replicaset, make_service):
    lab.start(make_replicaset(), make_service(sessionAffinity="ClientIP"))
    pods = [p for p in lab.pods() if p.spec["nodeName"] == "worker1"]
    worker1 = lab.vantage("worker1")
    mine = lab.hits(worker1, lab.cluster_ip(), 80, 1)
    assert lab.hits(worker1, lab.cluster_ip(), 80, 3) == mine * 3
    if pods:
        assert lab.hits(lab.vantage(pods[0].name), lab.cluster_ip(), 80, 1) != mine


def test_service_without_endpoints_refuses_at_once(lab, make_service):
    """A service port with no endpoints gets `"ns/svc has no endpoints" ... -j REJECT`
    (proxier.go; fact sheet section 7)."""
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


def test_cluster_ip_on_an_undefined_port_hangs_until_the_timeout(lecture):
    """No rule matches a port the Service does not define: the packet follows the default
    route and is lost (fact sheet, section 7 and the top section). The ClusterIP is on no
    interface, so not even the node's own sshd answers there."""
    master = lecture.vantage("master")
    for port in (22, 8080):
        assert lecture.network.connect(master, lecture.cluster_ip(), port).outcome == "timeout"


def test_cluster_ip_does_not_answer_ping_in_iptables_mode(lecture, remote):
    """No `kube-ipvs0`: nothing holds the address, nothing sends an echo reply."""
    assert not lecture.network.ping(lecture.vantage("worker2"), lecture.cluster_ip())
    assert not lecture.network.ping(lecture.vantage(lecture.pods()[0].name), lecture.cluster_ip())
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


def test_external_traffic_policy_local_without_local_pods_drops_and_times_out(
        lab, make_replicaset, make_service, remote):
    """KUBE-XLB on a node with no local endpoint: `"... has no local endpoints" -j KUBE-MARK-DROP`,
    so a client from outside waits until its timeout; the node's own traffic
    (`--src-type LOCAL`) and pods (`-s` the cluster CIDR) go to the cluster chain."""
    lab.start(make_replicaset(), make_service("svc-local", type="NodePort", externalTrafficPolicy="Local"))
    node_port = lab.service("svc-local").spec["ports"][0]["nodePort"]
    assert not [p for p in lab.pods() if p.spec["nodeName"] == "master"]
    assert lab.network.connect(remote, "192.168.100.200", node_port).outcome == "timeout"
    assert lab.network.connect(lab.vantage("worker1"), "192.168.100.200", node_port).outcome == "timeout"
    assert lab.network.connect(lab.vantage("master"), "192.168.100.200", node_port).connected
    assert lab.network.connect(lab.vantage(lab.pods()[0].name), "192.168.100.200", node_port).connected


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


def test_scaling_up_adds_the_new_pod_to_the_draw(lab, make_replicaset, make_service):
    from simulator.registry.kinds import by_kind

    lab.start(make_replicaset(replicas=2), make_service())
    master = lab.vantage("master")
    lab.hits(master, lab.cluster_ip(), 80, 1)
    rs = lab.cluster.store.get(by_kind("ReplicaSet"), "default", "rs-web").clone()
    rs.spec["replicas"] = 3
    lab.cluster.store.update(rs)
    lab.cluster.settle()
    lab.cluster.tick(STARTED_WITHIN)  # the new pod is in the draw once it runs and is Ready
    names = lab.hits(master, lab.cluster_ip(), 80, 30)
    assert set(names) == {p.name for p in lab.pods()} and len(lab.pods()) == 3


def test_target_port_nothing_listens_on_is_refused_by_the_pod(lab, make_replicaset, make_service):
    """The pod answers the forwarded SYN with a RST (fact sheet §7): refused, not a timeout."""
    lab.start(make_replicaset(), make_service(ports=[{"port": 80, "targetPort": 8081}]))
    connection = lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80)
    assert connection.outcome == "refused" and connection.virtual_server.port == 80


def test_named_target_port_reaches_the_container_port(lab, make_replicaset, make_service):
    lab.start(make_replicaset(ports=[{"containerPort": 8080, "name": "node-http"}]),
              make_service(ports=[{"port": 80, "targetPort": "node-http"}]))
    assert lab.network.connect(lab.vantage("master"), lab.cluster_ip(), 80).backend.port == 8080


def test_external_ip_on_the_lan_gets_no_arp_answer_from_the_workstation(lab, make_replicaset, make_service, remote):
    """In iptables mode (the course's: week-5 slides 597-617, `mode: iptables`) an externalIPs entry is only a
    KUBE-SERVICES rule on each node (pkg/proxy/iptables/proxier.go); no interface holds the address, so nobody
    answers ARP for it on the LAN and the workstation gets `No route to host` after its three ARP tries, as for
    any unused LAN address. A node's own traffic still meets the rule (test_external_ips_are_served_on_every_node)."""
    from simulator.network.routing import ARP_FAILURE_SECONDS

    lab.start(make_replicaset(), make_service("svc-ext-ip", externalIPs=["192.168.100.250"]))
    connection = lab.network.connect(remote, "192.168.100.250", 80)
    assert (connection.outcome, connection.elapsed) == ("unreachable", ARP_FAILURE_SECONDS)
    assert connection.backend is None
    echo = lab.network.echo(remote, "192.168.100.250")
    assert (echo.reply, echo.error) == (False, "Destination Host Unreachable")
    assert lab.network.connect(remote, lab.cluster_ip("svc-ext-ip"), 80).outcome == "timeout"


def test_external_ip_that_is_a_node_s_address_is_served_from_the_workstation(lab, make_replicaset, make_service,
                                                                               remote):
    """The node answers ARP for its own address, and the packet meets the externalIPs rule there."""
    lab.start(make_replicaset(), make_service("svc-ext-ip", externalIPs=["192.168.100.201"]))
    connection = lab.network.connect(remote, "192.168.100.201", 80)
    assert connection.connected and connection.virtual_server.service.name == "svc-ext-ip"
