"""ping as iputils (Ubuntu 20.04 nodes, Debian pods) and busybox print it."""

from __future__ import annotations

import re

import pytest

REPLY = re.compile(r"64 bytes from (?P<who>.+): icmp_seq=(?P<seq>\d+) ttl=(?P<ttl>\d+) time=(?P<time>[\d.]+) ms")


@pytest.mark.parametrize("where", ["master", "worker2", "pod"])
def test_cluster_ip_gets_no_reply_even_inside_the_cluster(lecture, where):
    """kube-proxy in iptables mode binds no ClusterIP to an interface (no `kube-ipvs0`) and
    has no rule for ICMP: the echo request is routed away (fact sheet, top section)."""
    ip = lecture.cluster_ip()
    result = lecture.ping(lecture.pods()[0].name if where == "pod" else where, "-c", "3", ip)
    lines = result.stdout.split("\n")
    assert lines[0] == f"PING {ip} ({ip}) 56(84) bytes of data."
    assert lines[1:3] == ["", f"--- {ip} ping statistics ---"]
    assert re.fullmatch(r"3 packets transmitted, 0 received, 100% packet loss, time 20\d\dms", lines[3])
    assert result.exit_code == 1


def test_a_node_ip_answers_ping_from_a_node(lab):
    result = lab.ping("master", "-c", "3", "192.168.100.201")
    lines = result.stdout.split("\n")
    replies = [REPLY.fullmatch(line) for line in lines[1:4]]
    assert [m["seq"] for m in replies] == ["1", "2", "3"] and all(m["who"] == "192.168.100.201" for m in replies)
    assert re.fullmatch(r"3 packets transmitted, 3 received, 0% packet loss, time 20\d\dms", lines[6])
    assert result.exit_code == 0


def test_ping_times_are_the_same_for_the_same_seed(cluster, make_replicaset, make_service):
    from simulator import Cluster
    from simulator.tools import ping

    outputs = []
    for _ in range(2):
        fresh = Cluster(seed=3)
        outputs.append(ping.run(fresh.exec_context(fresh.vantage("master")), ["ping", "-c", "2", "192.168.100.201"]).stdout)
    assert outputs[0] == outputs[1]


def test_cluster_ip_gets_no_reply_from_the_workstation(lecture):
    ip = lecture.cluster_ip()
    result = lecture.ping("remote", "-c", "3", ip)
    assert result.stdout.endswith(f"--- {ip} ping statistics ---\n"
                                  f"3 packets transmitted, 0 received, 100% packet loss, time {result.stdout.split('time ')[1]}")
    assert result.stdout.endswith("ms\n\n"), "iputils ends with an empty line when nothing came back"
    assert result.exit_code == 1


def test_ping_by_name_shows_the_canonical_name_and_gets_no_reply(lecture):
    pod = lecture.pods()[0].name
    result = lecture.ping(pod, "-c", "1", "svc-web")
    ip = lecture.cluster_ip()
    assert result.stdout.startswith(f"PING svc-web.default.svc.cluster.local ({ip}) 56(84) bytes of data.\n\n")
    assert "1 packets transmitted, 0 received, 100% packet loss" in result.stdout


def test_ping_to_a_public_name_without_ptr_shows_the_address_twice(lab):
    result = lab.ping("remote", "-c", "1", "google.com")
    assert "64 bytes from 142.250.207.46 (142.250.207.46): icmp_seq=1 ttl=113 time=3" in result.stdout


def test_ping_without_count_is_stopped_after_four_packets_like_ctrl_c(lab):
    result = lab.ping("master", "192.168.100.202")
    assert result.stdout.count("64 bytes from") == 4
    assert "ms\n^C\n--- 192.168.100.202 ping statistics ---\n4 packets transmitted, 4 received" in result.stdout


def test_unknown_name_is_exit_2(lab):
    result = lab.ping("master", "-c", "1", "svc-web")
    assert result.stderr == "ping: svc-web: Name or service not known\n" and result.exit_code == 2


def test_unused_lan_address_reports_destination_host_unreachable(lab):
    result = lab.ping("remote", "-c", "2", "192.168.100.250")
    assert "From 192.168.100.1 icmp_seq=1 Destination Host Unreachable\n" in result.stdout
    assert "2 packets transmitted, 0 received, +2 errors, 100% packet loss" in result.stdout
    assert result.stdout.endswith("\npipe 2\n")


def test_busybox_ping_counts_from_zero(lab, make_replicaset):
    lab.start(make_replicaset("bb", labels={"app": "bb"}, image="busybox", replicas=1))
    pod = lab.pods({"app": "bb"})[0]
    result = lab.ping(pod.name, "-c", "2", "192.168.100.200")
    lines = result.stdout.split("\n")
    assert lines[0] == "PING 192.168.100.200 (192.168.100.200): 56 data bytes"
    assert re.fullmatch(r"64 bytes from 192\.168\.100\.200: seq=0 ttl=63 time=\d\.\d{3} ms", lines[1])
    assert lines[4] == "--- 192.168.100.200 ping statistics ---"
    assert lines[5] == "2 packets transmitted, 2 packets received, 0% packet loss"
    assert lines[6].startswith("round-trip min/avg/max = ")


def test_rtt_grows_with_distance(lecture):
    def first_time(where, ip):
        return float(REPLY.search(lecture.ping(where, "-c", "1", ip).stdout)["time"])

    pod = next(p for p in lecture.pods() if p.spec["nodeName"] == "worker1")
    assert first_time("worker1", pod.status["podIP"]) < 0.2
    assert 0.3 < first_time("master", pod.status["podIP"]) < 2
    assert first_time("master", "142.250.207.46") > 30
