"""resolv.conf on each machine and libc's search list / ndots (glibc res_query.c __res_context_search)."""

from __future__ import annotations

from simulator.dns.resolvconf import ResolvConf
from simulator.dns.resolver import query_order
from simulator.vantage import REMOTE
from tests.simulator.dns.conftest import make_pod

POD_CONF = ResolvConf(("169.254.25.10",), ("default.svc.cluster.local", "svc.cluster.local", "cluster.local"),
                      ("ndots:5",))


def test_pod_resolv_conf_is_the_lectures_file(lab):
    """Lecture: `kubectl exec -it rs-web-22d9l -- cat /etc/resolv.conf`."""
    assert lab.dns.resolv_conf(lab.vantage("dnsutils")) == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\n"
        "nameserver 169.254.25.10\n"
        "options ndots:5\n")


def test_pod_in_another_namespace_searches_its_namespace_first(lab):
    conf = lab.dns.settings(lab.cluster.vantage("coredns-76b4fb4578-kc7vm", "kube-system"))
    assert conf.search[0] == "kube-system.svc.cluster.local"


def test_node_resolv_conf_is_the_systemd_resolved_stub(lab):
    """Ubuntu 20.04 stub file; search domains from kubespray's resolved.conf.j2 `Domains=`."""
    text = lab.dns.resolv_conf(lab.vantage("master"))
    assert text.startswith("# This file is managed by man:systemd-resolved(8). Do not edit.\n#\n")
    assert text.endswith("\n\nnameserver 127.0.0.53\noptions edns0 trust-ad\n"
                         "search default.svc.cluster.local svc.cluster.local\n")
    assert lab.dns.server_for(lab.vantage("master")) == "127.0.0.53"


def test_workstation_has_no_cluster_search_domains(lab):
    assert lab.dns.resolv_conf(REMOTE).endswith("nameserver 127.0.0.53\noptions edns0 trust-ad\n")


def test_host_network_pod_gets_the_hosts_upstreams_unless_cluster_first_with_host_net(lab):
    lab.add(make_pod("hostnet", "busybox:1.28", hostNetwork=True),
            make_pod("hostnet-cf", "busybox:1.28", hostNetwork=True, dnsPolicy="ClusterFirstWithHostNet"))
    assert lab.dns.resolv_conf(lab.vantage("hostnet")) == (
        "search default.svc.cluster.local svc.cluster.local\n"
        "nameserver 169.254.25.10\nnameserver 10.0.2.3\n")
    assert lab.dns.resolv_conf(lab.vantage("hostnet-cf")).endswith("options ndots:5\n")


def test_dns_config_adds_servers_searches_and_overrides_options(lab):
    config = {"nameservers": ["1.1.1.1"], "searches": ["example.com"], "options": [{"name": "ndots", "value": "2"},
                                                                                 {"name": "edns0"}]}
    lab.add(make_pod("tuned", "busybox:1.28", dnsConfig=config))
    assert lab.dns.resolv_conf(lab.vantage("tuned")) == (
        "search default.svc.cluster.local svc.cluster.local cluster.local example.com\n"
        "nameserver 169.254.25.10\nnameserver 1.1.1.1\noptions ndots:2 edns0\n")


def test_short_name_tries_every_search_domain_before_the_name_itself():
    assert query_order("svc-web", POD_CONF) == [
        "svc-web.default.svc.cluster.local.", "svc-web.svc.cluster.local.", "svc-web.cluster.local.", "svc-web."]


def test_name_with_ndots_dots_or_a_trailing_dot_is_tried_as_is_first():
    assert query_order("a.b.c.d.e.f", POD_CONF)[0] == "a.b.c.d.e.f."
    assert query_order("svc-web.default.svc.cluster.local.", POD_CONF) == ["svc-web.default.svc.cluster.local."]


def test_every_lecture_spelling_of_svc_web_resolves_from_a_pod(lab):
    """Lecture: curl -s http://svc-web, .default, .default.svc and the full name all answer."""
    pod = lab.vantage("dnsutils")
    for name in ("svc-web", "svc-web.default", "svc-web.default.svc", "svc-web.default.svc.cluster.local"):
        assert lab.dns.getaddrinfo(pod, name) == [lab.cluster_ip()], name


def test_name_with_cluster_but_not_local_fails_with_exit_code_6(lab):
    """Lecture: `curl -s http://svc-web.default.svc.cluster` -> command terminated with exit code 6.

    Every suffix gives NXDOMAIN (`svc-web.default.svc.cluster.default.svc.cluster.local` ...)
    and the bare name goes upstream, where the TLD `cluster` does not exist.
    """
    result = lab.dns.resolve_host(lab.vantage("dnsutils"), "svc-web.default.svc.cluster")
    assert result.addresses == []
    assert result.tried == ["svc-web.default.svc.cluster.default.svc.cluster.local.",
                            "svc-web.default.svc.cluster.svc.cluster.local.",
                            "svc-web.default.svc.cluster.cluster.local.", "svc-web.default.svc.cluster."]
    assert lab.dns.getaddrinfo(lab.vantage("dnsutils"), "svc-web.default.svc.cluster") is None


def test_nodes_resolve_cluster_names_through_resolved_and_nodelocaldns(lab):
    node = lab.vantage("worker1")
    assert lab.dns.getaddrinfo(node, "svc-web") == [lab.cluster_ip()]
    assert lab.dns.getaddrinfo(node, "svc-web.default") == [lab.cluster_ip()]  # as is fails, then the suffixes


def test_workstation_resolves_only_public_names(lab):
    assert lab.dns.getaddrinfo(REMOTE, "svc-web") is None
    assert lab.dns.getaddrinfo(REMOTE, "svc-web.default.svc.cluster.local") is None
    assert lab.dns.getaddrinfo(REMOTE, "google.com") == ["142.250.207.46"]


def test_literal_addresses_localhost_and_own_hostname_need_no_dns(lab):
    pod = lab.vantage("dnsutils")
    assert lab.dns.getaddrinfo(pod, "10.233.0.1") == ["10.233.0.1"]
    assert lab.dns.getaddrinfo(pod, "localhost") == ["127.0.0.1"]
    assert lab.dns.getaddrinfo(pod, "dnsutils") == [pod.ip]
    assert lab.dns.getaddrinfo(lab.vantage("master"), "worker1") == ["192.168.100.201"]


def test_public_names_resolve_from_pods_and_unknown_ones_do_not(lab):
    pod = lab.vantage("dnsutils")
    assert lab.dns.getaddrinfo(pod, "google.com") == ["142.250.207.46"]
    assert lab.dns.getaddrinfo(pod, "no-such-host.example") is None


def test_query_sends_one_question_without_search_list(lab):
    reply = lab.dns.query(lab.vantage("dnsutils"), "svc-web")
    assert reply.rcode == "NXDOMAIN"
    assert lab.dns.query(lab.vantage("dnsutils"), "svc-web.default.svc.cluster.local").ipv4() == [lab.cluster_ip()]
