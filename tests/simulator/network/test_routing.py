"""Who reaches what: the workstation, nodes and pods, Calico routes, the outside world."""

from __future__ import annotations


def test_cluster_ip_times_out_from_outside_the_cluster(lecture, remote):
    connection = lecture.network.connect(remote, lecture.cluster_ip(), 80)
    assert connection.outcome == "timeout"
    assert connection.error == "Connection timed out"
    assert connection.elapsed == 127.0, "the kernel gives up after 6 SYN retries: 1+2+...+64 s"


def test_cluster_ip_answers_from_a_node_after_ssh(lecture):
    connection = lecture.network.connect(lecture.vantage("master"), lecture.cluster_ip(), 80)
    assert connection.connected
    assert connection.backend.app == "node-web"
    assert connection.backend.pod.name in {p.name for p in lecture.pods()}
    assert connection.backend.port == 8080


def test_pods_reach_each_other_on_the_pod_network(lecture):
    client, server = lecture.pods()[:2]
    connection = lecture.network.connect(lecture.vantage(client.name), server.status["podIP"], 8080)
    assert connection.connected and connection.backend.pod.name == server.name
    assert connection.source_ip == client.status["podIP"]


def test_pod_ip_is_unreachable_from_the_workstation(lecture, remote):
    pod = lecture.pods()[0]
    assert lecture.network.connect(remote, pod.status["podIP"], 8080).outcome == "timeout"
    assert not lecture.network.ping(remote, pod.status["podIP"])


def test_pod_port_nothing_listens_on_is_refused_at_once(lecture):
    pod = lecture.pods()[0]
    connection = lecture.network.connect(lecture.vantage("master"), pod.status["podIP"], 80)
    assert connection.outcome == "refused" and connection.error == "Connection refused"
    assert connection.elapsed < 0.01


def test_unused_address_in_a_pod_block_is_a_black_hole(lab):
    """Calico installs `blackhole <block> proto bird` for each node's block (projectcalico/calico#1578)."""
    assert lab.network.connect(lab.vantage("master"), "10.233.110.250", 80).outcome == "timeout"
    assert not lab.network.ping(lab.vantage("master"), "10.233.110.250")


def test_unused_lan_address_has_no_route_to_host(lab, remote):
    connection = lab.network.connect(remote, "192.168.100.250", 80)
    assert connection.outcome == "unreachable" and connection.error == "No route to host"
    assert lab.network.echo(remote, "192.168.100.250").error == "Destination Host Unreachable"


def test_workstation_reaches_ssh_and_the_api_server_on_node_ips(lab, remote):
    assert lab.network.connect(remote, "192.168.100.201", 22).backend.app == "sshd"
    assert lab.network.connect(remote, "192.168.100.200", 6443).backend.app == "kube-apiserver"
    assert lab.network.connect(remote, "192.168.100.201", 6443).outcome == "refused", "workers run no API server"


def test_everyone_reaches_the_public_web_but_not_other_ports(lecture, remote):
    pod = lecture.pods()[0]
    for vantage in (remote, lecture.vantage("worker1"), lecture.vantage(pod.name)):
        connection = lecture.network.connect(vantage, "142.250.207.46", 80)
        assert connection.connected and connection.backend.app == "google"
        assert lecture.network.connect(vantage, "142.250.207.46", 8080).outcome == "timeout"


def test_github_drops_pings_while_google_answers(lab, remote):
    assert lab.network.ping(remote, "142.250.207.46")
    assert not lab.network.ping(remote, "20.200.245.247")


def test_address_nobody_has_on_the_internet_times_out(lab):
    """The course's selector-less Service points at 11.11.11.11 and 22.22.22.22."""
    assert lab.network.connect(lab.vantage("master"), "11.11.11.11", 80).outcome == "timeout"


def test_loopback_in_a_pod_is_the_pods_own_sockets(lecture):
    pod = lecture.pods()[0]
    assert lecture.network.connect(lecture.vantage(pod.name), "127.0.0.1", 8080).backend.pod.name == pod.name
    assert lecture.network.connect(lecture.vantage(pod.name), "127.0.0.1", 22).outcome == "refused"


def test_loopback_on_a_node_reaches_localhost_only_daemons(lab):
    master = lab.vantage("master")
    assert lab.network.connect(master, "127.0.0.1", 10257).backend.app == "kube-controller-manager"
    assert lab.network.connect(master, "192.168.100.200", 10257).outcome == "refused"


def test_host_port_forwards_the_node_address_to_the_pod(lab, make_replicaset, remote):
    lab.start(make_replicaset("rs-hp", replicas=1, labels={"app": "hp"},
                              ports=[{"containerPort": 8080, "hostPort": 8088}]))
    pod = lab.pods({"app": "hp"})[0]
    connection = lab.network.connect(remote, lab.cluster.node_ip(pod.spec["nodeName"]), 8088)
    assert connection.connected and connection.backend.pod.name == pod.name and connection.backend.port == 8080


def test_ping_ttl_counts_the_routers_on_the_way_back(lecture):
    pods = lecture.pods()
    client = pods[0]
    same = [p for p in pods[1:] if p.spec["nodeName"] == client.spec["nodeName"]]
    other = [p for p in pods if p.spec["nodeName"] != client.spec["nodeName"]]
    vantage = lecture.vantage(client.name)
    assert lecture.network.echo(vantage, lecture.cluster_ip()).ttl == 64, "the ClusterIP is local to the pod's node"
    assert other and lecture.network.echo(vantage, other[0].status["podIP"]).ttl == 62
    if same:
        assert lecture.network.echo(vantage, same[0].status["podIP"]).ttl == 63
    assert lecture.network.echo(lecture.vantage("master"), lecture.cluster.node_ip("worker1")).ttl == 64
