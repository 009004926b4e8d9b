"""nslookup as the lecture's machines print it (bind9 bin/dig/nslookup.c; busybox networking/nslookup.c)."""

from __future__ import annotations

from tests.simulator.dns.conftest import normalise

HEADER = "Server:\t\t169.254.25.10\nAddress:\t169.254.25.10#53\n\n"


def test_dnsutils_pod_lists_every_ready_pod_of_the_headless_service(lab):
    """Lecture: `kubectl exec -it dnsutils -- nslookup svc-node-web-headless` (jessie-dnsutils:1.3, BIND 9.9.5).

    No `Non-authoritative answer:`: CoreDNS answers with AA=1 and nodelocaldns's cache
    keeps it set (coredns plugin/cache/item.go toMsg).
    """
    result = lab.run("dnsutils", "nslookup", "svc-node-web-headless")
    pair = "Name:\tsvc-node-web-headless.default.svc.cluster.local\nAddress: <ip>\n"
    assert normalise(result.stdout) == normalise(HEADER) + pair * 3 + "\n"
    assert sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("Address: ")) == lab.pod_ips()
    assert result.exit_code == 0


def test_dnsutils_pod_resolves_svc_web_to_its_cluster_ip(lab):
    """Lecture: `kubectl exec -it dnsutils -- nslookup svc-web`."""
    result = lab.run("dnsutils", "nslookup", "svc-web")
    assert result.stdout == HEADER + f"Name:\tsvc-web.default.svc.cluster.local\nAddress: {lab.cluster_ip()}\n\n"


def test_bind_9_9_names_the_typed_name_and_exits_0_on_nxdomain(lab):
    """9.9-era nslookup.c prints lookup->textname for NXDOMAIN and main() returns 0
    (the `query_error | print_error` exit status came with 9.11; CHANGES 9.9.5-9.9.8 list no such change)."""
    result = lab.run("dnsutils", "nslookup", "nosuchsvc")
    assert (result.stdout, result.exit_code) == (HEADER + "** server can't find nosuchsvc: NXDOMAIN\n\n", 0)


def test_bind_9_9_asks_only_for_a_records(lab):
    result = lab.run("dnsutils", "nslookup", "google.com")
    assert "2404:" not in result.stdout


def test_bind_9_16_in_a_pod_prints_the_fact_sheets_outputs(lab):
    """k8s-facts §6, verified with BIND 9.18 against a stand-in server; 9.16's nslookup.c is the same here."""
    pod = "rs-web-" + _suffix(lab)
    assert lab.run(pod, "nslookup", "svc-web").stdout == (
        HEADER + f"Name:\tsvc-web.default.svc.cluster.local\nAddress: {lab.cluster_ip()}\n\n")
    external = lab.run(pod, "nslookup", "external-service").stdout
    assert external == HEADER + ("external-service.default.svc.cluster.local\tcanonical name = google.com.\n"
                                 "Name:\tgoogle.com\nAddress: 142.250.207.46\n"
                                 "Name:\tgoogle.com\nAddress: 2404:6800:4004:825::200e\n\n")
    missing = lab.run(pod, "nslookup", "nosuchsvc")
    assert (missing.stdout, missing.exit_code) == (HEADER + "** server can't find nosuchsvc: NXDOMAIN\n\n", 1)


def test_public_name_is_non_authoritative_on_a_cache_miss_only(lab):
    """nodelocaldns passes the upstream's AA=0 on a miss; a cache hit has AA=1 (plugin/cache/item.go)."""
    pod = "rs-web-" + _suffix(lab)
    first = lab.run(pod, "nslookup", "google.com").stdout
    assert first.startswith(HEADER + "Non-authoritative answer:\nName:\tgoogle.com\nAddress: 142.250.207.46\n")
    assert "Non-authoritative" not in lab.run(pod, "nslookup", "google.com").stdout
    lab.cluster.tick(31)
    assert "Non-authoritative" in lab.run(pod, "nslookup", "google.com").stdout


def test_type_srv_prints_the_service_record(lab):
    pod = "rs-web-" + _suffix(lab)
    result = lab.run(pod, "nslookup", "-type=srv", "svc-web.default.svc.cluster.local")
    assert result.stdout == HEADER + ("svc-web.default.svc.cluster.local\tservice = "
                                      "0 100 80 svc-web.default.svc.cluster.local.\n\n")


def test_query_option_and_unknown_type_and_invalid_option(lab):
    pod = "rs-web-" + _suffix(lab)
    assert lab.run(pod, "nslookup", "-query=AAAA", "svc-web").stdout == (
        HEADER + "*** Can't find svc-web: No answer\n\n")
    assert lab.run(pod, "nslookup", "-type=bogus", "svc-web").stdout.startswith("unknown query type: bogus\n" + HEADER)
    assert lab.run(pod, "nslookup", "-frobnicate", "svc-web").stdout.startswith("*** Invalid option: frobnicate\n")


def test_explicit_server_argument_is_shown_as_typed(lab):
    pod = "rs-web-" + _suffix(lab)
    result = lab.run(pod, "nslookup", "svc-web.default.svc.cluster.local", "10.233.0.3")
    assert result.stdout.startswith("Server:\t\t10.233.0.3\nAddress:\t10.233.0.3#53\n\n")


def test_unreachable_server_times_out(lab):
    pod = "rs-web-" + _suffix(lab)
    result = lab.run(pod, "nslookup", "svc-web", "10.1.2.3")
    assert (result.stdout, result.exit_code) == (";; connection timed out; no servers could be reached\n\n", 1)


def test_node_nslookup_goes_through_systemd_resolved(lab):
    """Ubuntu 20.04: 127.0.0.53 never sets AA, so every answer is non-authoritative."""
    result = lab.run("master", "nslookup", "svc-web")
    assert result.stdout == ("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\nNon-authoritative answer:\n"
                             f"Name:\tsvc-web.default.svc.cluster.local\nAddress: {lab.cluster_ip()}\n\n")


def test_node_reverse_lookup_has_no_header_and_an_empty_authority_block(lab):
    """9.16 prints the Server lines only for the A lookup of a default run (nslookup.c printmessage)."""
    result = lab.run("master", "nslookup", "10.233.0.1")
    assert result.stdout == ("1.0.233.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local.\n\n"
                             "Authoritative answers can be found from:\n\n")


def test_busybox_1_28_uses_getaddrinfo_and_reverse_names(lab):
    """busybox 1.28 print_host(): `%-10s %s` and `Address N: ip name` (k8s-facts §6)."""
    result = lab.run("bb128", "nslookup", "svc-web")
    assert result.stdout == ("Server:    169.254.25.10\nAddress 1: 169.254.25.10\n\n"
                             f"Name:      svc-web\nAddress 1: {lab.cluster_ip()} svc-web.default.svc.cluster.local\n")
    failed = lab.run("bb128", "nslookup", "nosuchsvc")
    assert (failed.stderr, failed.exit_code) == ("nslookup: can't resolve 'nosuchsvc'\n", 1)


def test_busybox_1_28_headless_lists_each_pod_with_its_endpoint_name(lab):
    result = lab.run("bb128", "nslookup", "svc-node-web-headless")
    lines = [line for line in result.stdout.splitlines() if line.startswith("Address ")][1:]
    assert sorted(line.split()[2] for line in lines) == lab.pod_ips()
    assert all(line.split()[3].endswith(".svc-node-web-headless.default.svc.cluster.local") for line in lines)


def test_busybox_latest_searches_only_dotless_names_and_reports_each_reply(lab):
    """busybox 1.29+: A and AAAA for each search suffix, never the bare name (k8s-facts §6, verified on 1.35)."""
    result = lab.run("bblatest", "nslookup", "svc-web")
    nx = "** server can't find svc-web.svc.cluster.local: NXDOMAIN\n\n** server can't find svc-web.cluster.local: NXDOMAIN\n\n"
    assert result.stdout == ("Server:\t\t169.254.25.10\nAddress:\t169.254.25.10:53\n\n"
                             f"Name:\tsvc-web.default.svc.cluster.local\nAddress: {lab.cluster_ip()}\n\n" + nx + "\n" + nx)
    assert result.exit_code == 1
    dotted = lab.run("bblatest", "nslookup", "svc-web.default").stdout
    assert dotted.count("** server can't find svc-web.default: NXDOMAIN") == 2


def test_busybox_rejects_options_it_does_not_know(lab):
    assert lab.run("bb128", "nslookup", "-type=a", "svc-web").stderr.startswith("BusyBox v1.28.4")
    assert lab.run("bblatest", "nslookup", "-type=bogus", "x").stderr == 'nslookup: invalid query type "bogus"\n'


def _suffix(lab) -> str:
    pods = lab.cluster.list("pods", "default", {"app": "node-web"})
    return pods[0]["metadata"]["name"].rsplit("-", 1)[1]
