"""nodelocaldns's cache, CoreDNS's reachability and the upstream (kubespray nodelocaldns-config.yml.j2)."""

from __future__ import annotations

from simulator.dns.message import NXDOMAIN, SERVFAIL
from simulator.registry.kinds import by_kind
from simulator.vantage import REMOTE

FQDN = "svc-web.default.svc.cluster.local"


def test_cached_answers_count_down_their_ttl_and_are_authoritative(lab):
    pod = lab.vantage("dnsutils")
    assert lab.dns.query(pod, "google.com").answer[0].ttl == 30  # upstream 300, capped by `cache 30`
    lab.cluster.clock.advance(12)
    again = lab.dns.query(pod, "google.com")
    assert (again.answer[0].ttl, again.authoritative) == (18, True)


def test_cache_is_per_node(lab):
    first = lab.dns.query(lab.vantage("dnsutils"), "google.com")
    other_node = next(n for n in lab.cluster.node_names() if n != lab.vantage("dnsutils").node)
    elsewhere = lab.dns.query(lab.vantage(other_node), "google.com")
    assert not first.authoritative and not elsewhere.authoritative


def test_headless_order_is_kept_while_cached_and_reshuffled_after(lab):
    pod = lab.vantage("dnsutils")
    name = "svc-node-web-headless.default.svc.cluster.local"
    first = lab.dns.query(pod, name).ipv4()
    assert all(lab.dns.query(pod, name).ipv4() == first for _ in range(5))
    orders = set()
    for _ in range(10):
        lab.cluster.clock.advance(6)
        orders.add(tuple(lab.dns.query(pod, name).ipv4()))
    assert len(orders) > 1


def test_cluster_names_fail_with_servfail_when_no_coredns_pod_is_ready(lab):
    deployment = lab.cluster.store.get(by_kind("Deployment"), "kube-system", "coredns").clone()
    deployment.spec["replicas"] = 0
    lab.cluster.store.update(deployment)
    lab.cluster.settle()
    pod = lab.vantage("dnsutils")
    assert lab.dns.query(pod, FQDN).rcode == SERVFAIL
    assert lab.dns.query(pod, "google.com").ipv4() == ["142.250.207.46"]  # `.:53` goes upstream directly
    assert lab.dns.getaddrinfo(pod, "svc-web") is None


def test_workstation_cannot_reach_cluster_dns_servers(lab):
    assert lab.dns.ask(REMOTE, "169.254.25.10", FQDN) is None
    assert lab.dns.ask(REMOTE, "10.233.0.3", FQDN) is None
    assert lab.dns.ask(REMOTE, "8.8.8.8", FQDN).rcode == NXDOMAIN


def test_coredns_pod_addresses_answer_like_the_service(lab):
    coredns_ip = lab.cluster.get("pods", "coredns-76b4fb4578-kc7vm", "kube-system")["status"]["podIP"]
    assert lab.dns.ask(lab.vantage("dnsutils"), coredns_ip, FQDN).ipv4() == [lab.cluster_ip()]


def test_simulator_dns_does_not_import_the_platform():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[3] / "simulator" / "dns"
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert "django" not in text and "celery" not in text and "rest_framework" not in text, path
