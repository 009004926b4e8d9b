"""`kubectl proxy` and the API server's proxy subresource, against kubectl 1.23's
`pkg/proxy/proxy_server.go` and `pkg/cmd/proxy/proxy.go` (defaults, filter, texts), the API
server's `pod.ResourceLocation` / service `ResourceLocation` and apimachinery's
`util/proxy/transport.go` (texts written here by hand), and the week-8 slides
(/work/shared/course/08-Deployment-StatefulSet/slides.txt)."""

from __future__ import annotations

import json
import re

import pytest

from simulator import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(seed=5)
    s = c.session()
    for line in ("kubectl run web --image=nginx --port=80 --labels=app=web",
                 "kubectl expose pod web --port=80 --name=web",
                 "kubectl create namespace team", "kubectl create serviceaccount reader -n team",
                 "kubectl create role pod-reader --verb=get,list --resource=pods -n team",
                 "kubectl create rolebinding r --role=pod-reader --serviceaccount=team:reader -n team",
                 "echo '{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pinned\",\"namespace\":"
                 "\"team\"},\"spec\":{\"nodeSelector\":{\"nowhere\":\"true\"},\"containers\":[{\"name\":\"c\","
                 "\"image\":\"nginx\"}]}}' | kubectl apply -f -",
                 "sleep 30"):
        s.run(line)
    return c


@pytest.fixture()
def proxied(cluster):
    """A workstation shell with `kubectl proxy &` running; the proxy is ended afterwards."""
    session = cluster.session()
    started = session.run("kubectl proxy &")
    yield session, started
    session.run("kill %1")
    session.run("wait")


def body_of(result) -> str:
    return result.stdout


def test_started_as_the_week8_slides_print_it(proxied):
    # 08-Deployment-StatefulSet/slides.txt lines 910-912:
    #   remote ❯ kubectl proxy &
    #   [1] 14710
    #   Starting to serve on 127.0.0.1:8001
    session, started = proxied
    lines = started.output.splitlines()
    assert re.fullmatch(r"\[1\] \d+", lines[0])
    assert lines[1:] == ["Starting to serve on 127.0.0.1:8001"]
    assert session.run("jobs").output == "[1]+  Running                 kubectl proxy &\n"


def test_the_api_over_plain_http_with_the_admins_credentials(proxied, cluster):
    session, _ = proxied
    result = session.run("curl -s http://localhost:8001/api/v1/namespaces/default/pods")
    listing = json.loads(result.stdout)
    assert listing["kind"] == "PodList"
    assert [item["metadata"]["name"] for item in listing["items"]] == ["web"]
    # anonymous, the same request is the 403 the API server gives system:anonymous
    direct = session.run("curl -sk https://192.168.100.200:6443/api/v1/namespaces/default/pods")
    assert json.loads(direct.stdout)["code"] == 403
    assert json.loads(session.run("curl -s http://127.0.0.1:8001/api").stdout)["kind"] == "APIVersions"


def test_the_pod_proxy_subresource_reaches_the_pod(proxied, cluster):
    session, _ = proxied
    through = session.run("curl -s http://localhost:8001/api/v1/namespaces/default/pods/web/proxy/")
    ip = cluster.store.get(cluster.store.types.by_kind("Pod"), "default", "web").status["podIP"]
    direct = cluster.run(f"curl -s http://{ip}/", "master")
    assert "<title>Welcome to nginx!</title>" in through.stdout
    assert through.stdout == direct.stdout
    explicit = session.run("curl -s http://localhost:8001/api/v1/namespaces/default/pods/web:80/proxy/")
    assert explicit.stdout == direct.stdout
    # no path: upgradeaware.go's 301 to the same URL with a slash (kubernetes issue 4958)
    bare = session.run("curl -si http://localhost:8001/api/v1/namespaces/default/pods/web/proxy")
    assert bare.stdout.startswith("HTTP/1.1 301 Moved Permanently\r\n")
    assert "\r\nLocation: /api/v1/namespaces/default/pods/web/proxy/\r\n" in bare.stdout
    followed = session.run("curl -sL http://localhost:8001/api/v1/namespaces/default/pods/web/proxy")
    assert followed.stdout == direct.stdout
    # the method and body go on to the pod: nginx refuses a POST to a static page
    posted = session.run("curl -s -X POST -d wow http://localhost:8001/api/v1/namespaces/default/pods/web/proxy/")
    assert "<head><title>405 Not Allowed</title></head>" in posted.stdout


def test_a_port_nothing_listens_on_is_transport_gos_503(proxied, cluster):
    session, _ = proxied
    ip = cluster.store.get(cluster.store.types.by_kind("Pod"), "default", "web").status["podIP"]
    result = session.run("curl -si http://localhost:8001/api/v1/namespaces/default/pods/web:81/proxy/x")
    assert result.stdout.startswith("HTTP/1.1 503 Service Unavailable\r\n")
    assert result.stdout.endswith(f"Error: 'dial tcp {ip}:81: connect: connection refused'\n"
                                  f"Trying to reach: 'http://{ip}:81/x'")


def test_errors_are_the_api_servers_status_objects(proxied):
    session, _ = proxied
    missing = json.loads(session.run("curl -s http://localhost:8001/api/v1/namespaces/default/pods/nope/proxy/").stdout)
    assert (missing["code"], missing["reason"], missing["message"]) == (404, "NotFound", 'pods "nope" not found')
    pending = json.loads(session.run("curl -s http://localhost:8001/api/v1/namespaces/team/pods/pinned/proxy/").stdout)
    assert (pending["code"], pending["reason"], pending["message"]) == (400, "BadRequest", "address not allowed")
    bad = json.loads(session.run("curl -s http://localhost:8001/api/v1/namespaces/default/pods/a:b:c:d/proxy/").stdout)
    assert (bad["code"], bad["message"]) == (400, 'invalid pod request "a:b:c:d"')


def test_the_service_proxy_subresource(proxied):
    session, _ = proxied
    page = session.run("curl -s http://localhost:8001/api/v1/namespaces/default/services/web:80/proxy/")
    assert "<title>Welcome to nginx!</title>" in page.stdout
    wrong = json.loads(session.run("curl -s http://localhost:8001/api/v1/namespaces/default/services/web:81/proxy/").stdout)
    assert (wrong["code"], wrong["reason"], wrong["message"]) == (
        503, "ServiceUnavailable", 'no service port 81 found for service "web"')


def test_the_proxy_subresource_is_authorized_as_pods_proxy(cluster):
    import base64

    from simulator.apiserver.http_api import ApiServer
    from simulator.network.transfer import api_dial

    types = cluster.store.types
    account = cluster.store.get(types.by_kind("ServiceAccount"), "team", "reader")
    secret = cluster.store.get(types.by_kind("Secret"), "team", account.body["secrets"][0]["name"])
    token = base64.b64decode(secret.body["data"]["token"]).decode()
    api = ApiServer(cluster.store, cluster.clock, dial=api_dial(cluster.exec_context(cluster_vantage())))
    answer = api.handle("GET", "/api/v1/namespaces/team/pods/pinned/proxy/", [("Authorization", f"Bearer {token}")])
    assert answer.status == 403
    assert json.loads(answer.body)["message"] == (
        'pods "pinned" is forbidden: User "system:serviceaccount:team:reader" cannot get resource "pods/proxy" '
        'in API group "" in the namespace "team"')


def cluster_vantage():
    from simulator.vantage import REMOTE

    return REMOTE


def test_the_filter_refuses_exec_and_foreign_hosts(proxied):
    # DefaultPathRejectRE = "^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach"; DefaultHostAcceptRE
    # = "^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$"; a refusal is http.Error(rw, "Forbidden", 403)
    session, _ = proxied
    for line in ("curl -si -X POST http://localhost:8001/api/v1/namespaces/default/pods/web/exec?command=ls",
                 "curl -si http://localhost:8001/api/v1/namespaces/default/pods/web/attach",
                 "curl -si -H 'Host: evil.example' http://127.0.0.1:8001/api"):
        result = session.run(line)
        head, _, body = result.stdout.partition("\r\n\r\n")
        assert head.splitlines()[0] == "HTTP/1.1 403 Forbidden"
        assert "Content-Type: text/plain; charset=utf-8" in head and "X-Content-Type-Options: nosniff" in head
        assert body == "Forbidden\n"


def test_a_taken_port_and_the_end_of_the_job(cluster):
    session = cluster.session()
    session.run("kubectl proxy &")
    second = session.run("kubectl proxy")
    assert (second.output, second.exit_code) == ("error: listen tcp 127.0.0.1:8001: bind: address already in use\n", 1)
    session.run("kill %1")
    assert session.run("jobs").output == "[1]+  Terminated              kubectl proxy\n"
    gone = session.run("curl -sS http://localhost:8001/api")
    assert gone.exit_code == 7 and "Connection refused" in gone.output


def test_other_ports_prefixes_and_addresses(cluster):
    session = cluster.session()
    assert session.run("kubectl proxy --port=8011 --api-prefix=/k8s-api &").output.endswith(
        "Starting to serve on 127.0.0.1:8011\n")
    versions = session.run("curl -s http://localhost:8011/k8s-api/api")
    assert json.loads(versions.stdout)["kind"] == "APIVersions"
    outside = session.run("curl -s http://localhost:8011/api")
    assert outside.stdout == "404 page not found\n"
    anywhere = session.run("kubectl proxy -p 0 --address=0.0.0.0 &")
    port = int(re.search(r"Starting to serve on \[::\]:(\d+)", anywhere.output).group(1))
    assert 32768 <= port <= 60999
    refused = session.run("kubectl proxy --address=10.1.2.3")
    assert refused.output == "error: listen tcp 10.1.2.3:8001: bind: cannot assign requested address\n"
    session.run("kill %1 %2")
    session.run("wait")


def test_on_the_control_plane_a_node_daemons_port_is_taken(cluster):
    session = cluster.session()
    session.run("ssh vagrant@192.168.100.200")
    taken = session.run("sudo kubectl proxy --port=10250")
    assert taken.output == "error: listen tcp 127.0.0.1:10250: bind: address already in use\n"
    session.run("sudo kubectl proxy &")
    assert json.loads(session.run("curl -s localhost:8001/version").stdout)["gitVersion"] == "v1.23.7"
    session.run("exit")  # the workstation's own 8001 is another machine's port
    assert session.run("curl -sS http://localhost:8001/version").exit_code == 7


def test_in_the_terminal_it_holds_the_prompt_until_ctrl_c(cluster):
    session = cluster.session(interactive=True)
    started = session.run("kubectl proxy")
    assert started.output == "Starting to serve on 127.0.0.1:8001\n" and started.following
    session.interrupt()
    assert session.run("curl -sS http://localhost:8001/api").exit_code == 7


def test_a_graded_line_stops_it_at_the_line_limit(cluster):
    session = cluster.session()
    result = session.run("kubectl proxy")
    assert "Starting to serve on 127.0.0.1:8001" in result.output and "stopped after 3600 s" in result.output
    assert session.run("curl -sS http://localhost:8001/api").exit_code == 7
