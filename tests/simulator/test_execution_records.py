"""What each program records it was pointed at (ExecContext.record), read from the execution log.

The expected fields are written by hand from the command lines and the cluster's own
objects (a Service's ClusterIP and name, a pod's name from the store), never from the
programs' output: a Service name in a Referer, a User-Agent, a header or the data is not
the host curl asked, and the address dig echoes in its header is not its answer.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from tests.simulator.dns.conftest import DNSUTILS_IMAGE, make_pod
from tests.simulator.conftest import let_pods_start, make_replicaset, make_service


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster(seed=11)
    for obj in (make_replicaset(), make_service(), make_pod("dnsutils", DNSUTILS_IMAGE),
                make_service("external-service", selector=False, ports=[], type="ExternalName",
                             externalName="google.com")):
        cluster.store.create(obj)
    let_pods_start(cluster)
    return cluster


def _targets(session, line: str, program: str) -> list[dict]:
    session.run(line)
    return [entry.targets for entry in session.executed.entries if entry.program == program][-1]


def _web_pods(cluster) -> list[dict]:
    return sorted(cluster.list("pods", "default", {"app": "node-web"}), key=lambda pod: pod["metadata"]["name"])


def test_curl_records_the_url_apart_from_referer_agent_headers_and_data(cluster):
    pod = _web_pods(cluster)[0]
    cluster_ip = cluster.get("services", "svc-web")["spec"]["clusterIP"]
    session = cluster.session()
    (target,) = _targets(session, f"kubectl exec {pod['metadata']['name']} -- curl -s -e svc-web.default -A svc-web "
                                  f"-H 'X-Name: svc-web' -d svc-web http://{cluster_ip}/path?q=1", "curl")
    assert {key: target[key] for key in ("scheme", "host", "port", "path", "referer", "user_agent", "headers", "data",
                                         "dialled", "via", "service", "backend", "outcome", "status")} == {
        "scheme": "http", "host": cluster_ip, "port": "80", "path": "/path?q=1", "referer": "svc-web.default",
        "user_agent": "svc-web", "headers": ("X-Name: svc-web",), "data": ("svc-web",), "dialled": f"{cluster_ip}:80",
        "via": "cluster-ip", "service": "default/svc-web", "backend": "pod", "outcome": "connected", "status": "200"}
    answered = target["pod"].split("/", 1)[1]
    assert answered in {p["metadata"]["name"] for p in _web_pods(cluster)}
    assert target["reply"] == f"You've hit {answered}\n"


def test_curl_to_a_pod_address_records_a_direct_connection_and_no_service(cluster):
    first, second = _web_pods(cluster)[:2]
    session = cluster.session()
    (target,) = _targets(session, f"kubectl exec {first['metadata']['name']} -- curl -s "
                                  f"http://{second['status']['podIP']}:8080 -e svc-web", "curl")
    assert (target["via"], target.get("service"), target["pod"]) == ("direct", None, f"default/{second['metadata']['name']}")


def test_each_url_is_its_own_target_with_its_own_outcome(cluster):
    session = cluster.session()
    targets = _targets(session, "curl -s -m 1 http://192.0.2.1 http://no-such-name.example", "curl")
    assert [(t["host"], t["outcome"], t["exit_code"]) for t in targets] == [
        ("192.0.2.1", "timeout", "28"), ("no-such-name.example", "unresolved", "6")]


def test_a_node_port_is_recorded_as_the_way_kube_proxy_routed_it(cluster):
    session = cluster.session()
    session.run("kubectl expose rs rs-web --name np --type NodePort --port 80 --target-port 8080")
    node_port = cluster.get("services", "np")["spec"]["ports"][0]["nodePort"]
    (target,) = _targets(session, f"curl -s http://192.168.100.201:{node_port}", "curl")
    assert (target["via"], target["service"], target["dialled"]) == ("node-port", "default/np",
                                                                      f"192.168.100.201:{node_port}")


def test_wget_records_its_url_and_user_agent(cluster):
    cluster_ip = cluster.get("services", "svc-web")["spec"]["clusterIP"]
    session = cluster.session()
    session.run("ssh vagrant@192.168.100.200")
    (target,) = _targets(session, f"wget -qO- -U svc-web http://{cluster_ip}", "wget")
    assert (target["host"], target["user_agent"], target["via"], target["service"]) == (
        cluster_ip, "svc-web", "cluster-ip", "default/svc-web")


@pytest.mark.parametrize("program", ["nslookup", "dig", "host"])
def test_a_lookup_records_the_name_it_asked_and_the_answer_it_got(cluster, program):
    cluster_ip = cluster.get("services", "svc-web")["spec"]["clusterIP"]
    session = cluster.session()
    targets = _targets(session, f"kubectl exec dnsutils -- {program} svc-web.default.svc.cluster.local", program)
    assert {k: targets[0][k] for k in ("name", "fqdn", "type", "server", "rcode", "answers", "cnames")} == {
        "name": "svc-web.default.svc.cluster.local", "fqdn": "svc-web.default.svc.cluster.local", "type": "A",
        "server": "169.254.25.10", "rcode": "NOERROR", "answers": (cluster_ip,), "cnames": ()}


def test_dig_echoing_an_address_in_its_header_does_not_make_it_an_answer(cluster):
    session = cluster.session()
    targets = _targets(session, "kubectl exec dnsutils -- dig external-service 10.9.9.9", "dig")
    assert all("10.9.9.9" not in t["answers"] for t in targets)
    assert "10.9.9.9" in session.executed.entries[-1].output  # printed, and still not an answer


def test_an_external_name_lookup_records_the_cname_target(cluster):
    session = cluster.session()
    (first, *_) = _targets(session, "kubectl exec dnsutils -- nslookup external-service", "nslookup")
    assert (first["fqdn"], first["cnames"]) == ("external-service.default.svc.cluster.local", ("google.com",))


def test_kubectl_get_records_each_object_it_showed_and_the_format(cluster):
    session = cluster.session()
    targets = _targets(session, "kubectl get svc svc-web -o jsonpath='<pending>'", "kubectl")
    assert [(t["kind"], t["name"], t["type"], t["output"]) for t in targets] == [
        ("Service", "svc-web", "ClusterIP", "jsonpath")]


def test_echo_records_no_target(cluster):
    session = cluster.session()
    session.run("echo curl http://svc-web")
    assert session.executed.entries[-1].targets == []


# host ----------------------------------------------------------------------------------------
# Texts from BIND's bin/dig/host.c: `%s has address %s`, `%s is an alias for %s`,
# `Host %s not found: 3(NXDOMAIN)`, and the `Using domain server:` block for a named server.

def test_host_prints_each_address_as_a_sentence(cluster):
    cluster_ip = cluster.get("services", "svc-web")["spec"]["clusterIP"]
    result = cluster.session().run("kubectl exec dnsutils -- host svc-web")
    assert (result.stdout, result.exit_code) == (f"svc-web.default.svc.cluster.local has address {cluster_ip}\n", 0)


def test_host_follows_an_alias(cluster):
    result = cluster.session().run("kubectl exec dnsutils -- host -t A external-service 169.254.25.10")
    lines = result.stdout.splitlines()
    assert lines[:5] == ["Using domain server:", "Name: 169.254.25.10", "Address: 169.254.25.10#53", "Aliases: ", ""]
    assert lines[5] == "external-service.default.svc.cluster.local is an alias for google.com."
    assert lines[6].startswith("google.com has address ")


def test_host_says_a_missing_name_was_not_found_and_fails(cluster):
    result = cluster.session().run("kubectl exec dnsutils -- host no-such-service")
    assert (result.stdout, result.exit_code) == ("Host no-such-service not found: 3(NXDOMAIN)\n", 1)


@pytest.mark.parametrize("image", ["busybox:1.28", "busybox"])
def test_busybox_nslookup_records_found_and_missing_names(cluster, image):
    cluster.store.create(make_pod("bb", image))
    let_pods_start(cluster)
    cluster_ip = cluster.get("services", "svc-web")["spec"]["clusterIP"]
    session = cluster.session()
    found = _targets(session, "kubectl exec bb -- nslookup svc-web", "nslookup")
    assert any(t["rcode"] == "NOERROR" and t["answers"] == (cluster_ip,) for t in found)
    missing = _targets(session, "kubectl exec bb -- nslookup no-such-service", "nslookup")
    assert missing and all(t["answers"] == () for t in missing)
    assert {t["rcode"] for t in missing} == {"NXDOMAIN"}


def test_curl_records_the_host_header_it_sent_from_the_url_or_from_h(cluster):
    """What a name-based virtual server (an Ingress rule's host) routes on: the Host header's name, no
    port; -H "Host: x" replaces the URL's (curl's own rule for a custom Host header)."""
    session = cluster.session()
    session.run("kubectl expose rs rs-web --name np --type NodePort --port 80 --target-port 8080")
    node_port = cluster.get("services", "np")["spec"]["ports"][0]["nodePort"]
    (plain,) = _targets(session, f"curl -s http://192.168.100.201:{node_port}/", "curl")
    (named,) = _targets(session, f"curl -s -H 'Host: shop.example.com' http://192.168.100.201:{node_port}/", "curl")
    assert (plain["host_header"], named["host_header"], named["host"]) == (
        "192.168.100.201", "shop.example.com", "192.168.100.201")


def test_curl_resolve_pins_the_name_to_an_address_without_dns(cluster):
    """`--resolve host:port:addr` (libcurl 7.68 hostip.c): the name is never looked up, the connection
    goes to the address, and the Host header keeps the name."""
    session = cluster.session()
    session.run("kubectl expose rs rs-web --name np --type NodePort --port 80 --target-port 8080")
    node_port = cluster.get("services", "np")["spec"]["ports"][0]["nodePort"]
    (target,) = _targets(session, f"curl -s --resolve shop.example.com:{node_port}:192.168.100.202 "
                                  f"http://shop.example.com:{node_port}/", "curl")
    assert (target["host"], target["resolved"], target["dialled"], target["host_header"], target["via"]) == (
        "shop.example.com", "192.168.100.202", f"192.168.100.202:{node_port}", "shop.example.com", "node-port")
    (other_port,) = _targets(session, "curl -s -m 2 --resolve shop.example.com:81:192.168.100.202 "
                                      "http://shop.example.com/", "curl")
    assert (other_port["outcome"], other_port["exit_code"]) == ("unresolved", "6")  # pinned for port 81 only
    verbose = session.run(f"curl -sv --resolve shop.example.com:{node_port}:192.168.100.202 "
                          f"http://shop.example.com:{node_port}/ 2>&1").output.splitlines()
    assert verbose[:3] == [f"* Added shop.example.com:{node_port}:192.168.100.202 to DNS cache",
                           "* Hostname shop.example.com was found in DNS cache",
                           f"*   Trying 192.168.100.202:{node_port}..."]


def test_cluster_get_finds_custom_resources_of_the_cluster_s_definitions():
    cluster = Cluster(seed=2, files={"pool.yaml": b"apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n"
                                                  b"  name: p\n  namespace: metallb-system\nspec:\n"
                                                  b"  addresses: [192.168.100.240/30]\n"})
    cluster.run("kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.13.4/config/manifests/metallb-native.yaml")
    cluster.tick(60)  # its webhooks are served once its controller is Ready
    assert cluster.run("kubectl apply -f pool.yaml").exit_code == 0
    assert cluster.get("ipaddresspools", "p", "metallb-system")["spec"]["addresses"] == ["192.168.100.240/30"]
    assert [p["metadata"]["name"] for p in cluster.list("ipaddresspools", "metallb-system")] == ["p"]
