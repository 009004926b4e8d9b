"""What CoreDNS 1.8.6 answers for cluster names (coredns:plugin/kubernetes, backend_lookup.go)."""

from __future__ import annotations

from simulator.dns.message import NOERROR, NXDOMAIN
from tests.simulator.conftest import make_replicaset, make_service
from tests.simulator.dns.conftest import make_pod

FQDN = "svc-web.default.svc.cluster.local"


def ask(lab, name, qtype="A"):
    return lab.dns.servers.coredns(name if name.endswith(".") else name + ".", qtype)


def test_cluster_ip_service_answers_its_cluster_ip(lab):
    reply = ask(lab, FQDN)
    assert (reply.rcode, reply.ipv4(), reply.authoritative) == (NOERROR, [lab.cluster_ip()], True)
    assert reply.answer[0].ttl == 5


def test_cluster_ip_service_without_endpoints_still_answers(lab, make_service):
    lab.add(make_service("svc-nopods", selector={"app": "nothing"}))
    assert ask(lab, "svc-nopods.default.svc.cluster.local").ipv4() == [lab.cluster_ip("svc-nopods")]


def test_nodeport_service_answers_like_cluster_ip(lab, make_service):
    lab.add(make_service("svc-node", type="NodePort"))
    assert ask(lab, "svc-node.default.svc.cluster.local").ipv4() == [lab.cluster_ip("svc-node")]


def test_headless_service_resolves_to_every_ready_pod(lab):
    reply = ask(lab, "svc-node-web-headless.default.svc.cluster.local")
    assert sorted(reply.ipv4()) == lab.pod_ips()
    assert len(reply.answer) == 3


def test_headless_service_leaves_out_not_ready_pods(lab, make_service):
    probe = {"exec": {"command": ["cat", "/var/ready"]}}
    lab.add(make_replicaset("rs-ready", replicas=2, labels={"app": "ready"}, readiness=probe),
            make_service("svc-ready", selector={"app": "ready"}, clusterIP="None"))
    reply = ask(lab, "svc-ready.default.svc.cluster.local")
    assert reply.rcode == NXDOMAIN  # no ready address: errNoItems


def test_headless_answer_order_is_shuffled_by_loadbalance(lab):
    orders = {tuple(ask(lab, "svc-node-web-headless.default.svc.cluster.local").ipv4()) for _ in range(20)}
    assert len(orders) > 1


def test_external_name_answers_cname_and_the_targets_addresses(lab):
    reply = ask(lab, "external-service.default.svc.cluster.local")
    assert [(r.type, r.data) for r in reply.answer] == [("CNAME", "google.com."), ("A", "142.250.207.46")]
    assert reply.authoritative


def test_aaaa_for_a_service_is_noerror_without_data(lab):
    reply = ask(lab, FQDN, "AAAA")
    assert (reply.rcode, reply.answer) == (NOERROR, [])
    assert reply.authority[0].type == "SOA"


def test_unknown_service_is_nxdomain_with_the_zone_soa(lab):
    reply = ask(lab, "nosuch.default.svc.cluster.local")
    assert reply.rcode == NXDOMAIN
    assert reply.authority[0].name == "cluster.local."
    assert reply.authority[0].data.startswith("ns.dns.cluster.local. hostmaster.cluster.local. ")
    assert reply.authority[0].data.endswith(" 7200 1800 86400 5")


def test_namespace_only_name_is_nodata_and_unknown_namespace_nxdomain(lab):
    assert ask(lab, "default.svc.cluster.local").rcode == NOERROR
    assert ask(lab, "svc-web.nosuchns.svc.cluster.local").rcode == NXDOMAIN


def test_name_with_cluster_but_not_local_is_not_a_cluster_name(lab):
    assert ask(lab, "svc-web.default.svc.cluster").rcode == NXDOMAIN  # forwarded upstream: TLD `cluster`


def test_srv_record_for_named_port(lab, make_service):
    lab.add(make_service("svc-named", ports=[{"name": "http", "port": 80, "targetPort": 8080}]))
    reply = ask(lab, "_http._tcp.svc-named.default.svc.cluster.local", "SRV")
    assert [r.data for r in reply.answer] == ["0 100 80 svc-named.default.svc.cluster.local."]
    assert [r.data for r in reply.additional] == [lab.cluster_ip("svc-named")]


def test_headless_srv_has_one_record_per_pod_with_split_weight(lab):
    reply = ask(lab, "svc-node-web-headless.default.svc.cluster.local", "SRV")
    assert {r.data.split()[1] for r in reply.answer} == {"33"}
    assert sorted(r.data.split()[3] for r in reply.answer) == sorted(
        f"{ip.replace('.', '-')}.svc-node-web-headless.default.svc.cluster.local." for ip in lab.pod_ips())


def test_pod_a_record_needs_no_pod_with_pods_insecure(lab):
    assert ask(lab, "10-233-110-99.default.pod.cluster.local").ipv4() == ["10.233.110.99"]
    assert ask(lab, "not-an-ip.default.pod.cluster.local").rcode == NXDOMAIN


def test_pod_with_hostname_and_subdomain_gets_its_own_record(lab, make_service):
    lab.add(make_service("bar", selector={"app": "named"}, clusterIP="None"),
            make_pod("named-pod", "whatwant/node-web:1.0", labels={"app": "named"}, hostname="foo", subdomain="bar"))
    pod_ip = lab.pod_ips({"app": "named"})[0]
    assert ask(lab, "foo.bar.default.svc.cluster.local").ipv4() == [pod_ip]


def test_reverse_lookup_names_services_and_endpoints(lab):
    assert lab.dns.ptr_names(lab.cluster_ip()) == ["svc-web.default.svc.cluster.local."]
    pod_ip = lab.pod_ips()[0]
    assert f"{pod_ip.replace('.', '-')}.svc-node-web-headless.default.svc.cluster.local." in lab.dns.ptr_names(pod_ip)
