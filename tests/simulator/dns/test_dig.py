"""dig's default output (bin/dig/dig.c, lib/dns/masterdump.c columns 24/32/40/48) and options."""

from __future__ import annotations

import re

from simulator.dns.clients.dig import question_line, record_line
from simulator.dns.message import Record


def test_record_columns_follow_masterdump_indentation():
    assert record_line(Record("google.com.", "A", 300, "142.250.207.46")) == "google.com.\t\t300\tIN\tA\t142.250.207.46\n"
    assert record_line(Record("svc-web.default.svc.cluster.local.", "A", 5, "10.233.12.34")) == (
        "svc-web.default.svc.cluster.local. 5 IN\tA\t10.233.12.34\n")
    assert question_line("google.com.", "A") == ";google.com.\t\t\tIN\tA\n"
    assert question_line("svc-web.default.svc.cluster.local.", "A") == ";svc-web.default.svc.cluster.local. IN\tA\n"


def test_default_output_from_a_pod(lab):
    pod = lab.cluster.list("pods", "default", {"app": "node-web"})[0]["metadata"]["name"]
    out = lab.run(pod, "dig", "svc-web.default.svc.cluster.local").stdout
    ip = lab.cluster_ip()
    expected = (
        "\n; <<>> DiG 9.16.27-Debian <<>> svc-web.default.svc.cluster.local\n;; global options: +cmd\n;; Got answer:\n"
        ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: <id>\n"
        ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n"
        ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 4096\n; COOKIE: <cookie> (echoed)\n"
        ";; QUESTION SECTION:\n;svc-web.default.svc.cluster.local. IN\tA\n\n"
        f";; ANSWER SECTION:\nsvc-web.default.svc.cluster.local. 5 IN\tA\t{ip}\n\n"
        ";; Query time: 0 msec\n;; SERVER: 169.254.25.10#53(169.254.25.10)\n"
        ";; WHEN: Wed Aug 03 10:30:04 UTC 2022\n;; MSG SIZE  rcvd: 123\n\n")  # the lab let its pods start 4.5 s
    out = re.sub(r"id: \d+", "id: <id>", out)
    out = re.sub(r"COOKIE: [0-9a-f]{16}", "COOKIE: <cookie>", out)
    assert out == expected


def test_msg_size_counts_uncompressed_names_and_the_echoed_cookie(lab):
    """CoreDNS replies uncompressed when they fit (miekg/dns Msg.Truncate clears Compress):
    header 12, question name+4, answer name+10+4 (A), OPT 11, COOKIE option 4+8."""
    pod = lab.cluster.list("pods", "default", {"app": "node-web"})[0]["metadata"]["name"]
    out = lab.run(pod, "dig", "svc-web.default.svc.cluster.local").stdout
    name = len("svc-web.default.svc.cluster.local") + 2
    assert f"MSG SIZE  rcvd: {12 + name + 4 + name + 14 + 11 + 12}\n" in out


def test_nxdomain_shows_the_zone_soa_in_the_authority_section(lab):
    out = lab.run("dnsutils", "dig", "nosuch.default.svc.cluster.local").stdout
    assert "status: NXDOMAIN" in out
    assert re.search(r";; AUTHORITY SECTION:\ncluster.local.\t\t5\tIN\tSOA\tns.dns.cluster.local. "
                     r"hostmaster.cluster.local. \d+ 7200 1800 86400 5\n\n", out)
    assert "COOKIE" not in out  # BIND 9.9.5 sends no cookie


def test_short_prints_only_the_rdata(lab):
    out = lab.run("dnsutils", "dig", "+short", "external-service.default.svc.cluster.local")
    assert out.stdout == "google.com.\n142.250.207.46\n"


def test_dig_does_not_search_unless_asked(lab):
    assert "status: NXDOMAIN" in lab.run("dnsutils", "dig", "svc-web").stdout
    assert lab.run("dnsutils", "dig", "+search", "+short", "svc-web").stdout == lab.cluster_ip() + "\n"


def test_type_argument_and_at_server(lab):
    out = lab.run("dnsutils", "dig", "@10.233.0.3", "svc-node-web-headless.default.svc.cluster.local", "SRV").stdout
    assert "; (1 server found)\n" in out
    assert ";; SERVER: 10.233.0.3#53(10.233.0.3)\n" in out
    assert out.count(" IN SRV 0 33 8080 ") == 3


def test_node_dig_goes_through_the_resolved_stub(lab):
    out = lab.run("master", "dig", "svc-web.default.svc.cluster.local").stdout
    assert ";; flags: qr rd ra;" in out
    assert "; EDNS: version: 0, flags:; udp: 65494\n" in out
    assert ";; SERVER: 127.0.0.53#53(127.0.0.53)\n" in out


def test_unreachable_server_times_out_with_exit_code_9(lab):
    result = lab.run("remote", "dig", "@169.254.25.10", "svc-web.default.svc.cluster.local")
    assert result.stdout.endswith(";; global options: +cmd\n;; connection timed out; no servers could be reached\n")
    assert result.exit_code == 9


def test_unknown_plus_option_prints_usage_and_exits_1(lab):
    result = lab.run("master", "dig", "+frobnicate", "google.com")
    assert result.stderr.startswith("Invalid option: +frobnicate\nUsage:  dig [@global-server]")
    assert result.exit_code == 1
