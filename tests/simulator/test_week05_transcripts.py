"""Week 5 of the course (05-Ingress-LoadBalancer), replayed on the simulator against its slides.

The truth is the slides' terminal transcripts, quoted verbatim with their line numbers in
`course_transcripts/week05/` (checked word for word against the slides file when it is present).
Each block's command is replayed on a fresh cluster and its output compared line by line, words in
order. The published manifests the course applies by URL are the projects' own files: their git
blob ids are checked against the ids git gave them in the upstream repositories.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.apps.published_manifests import PUBLISHED

HERE = Path(__file__).parent / "course_transcripts" / "week05"
SLIDES_NAME = Path("shared") / "course" / "05-Ingress-LoadBalancer" / "slides.txt"
SLIDES_PLACES = [Path(os.environ["KUBEGRADE_COURSE_WEEK5"])] if os.environ.get("KUBEGRADE_COURSE_WEEK5") else []
SLIDES_PLACES += [Path(__file__).resolve().parents[3] / SLIDES_NAME, Path("/work") / SLIDES_NAME]
SLIDES = next((place for place in SLIDES_PLACES if place.exists()), None)
PROMPT = "remote ❯ "
HANDS_ON = SLIDES.parent / "hands-on" if SLIDES is not None else None


def quoted(name: str) -> list[tuple[int, str]]:
    lines = []
    for raw in (HERE / name).read_text().rstrip("\n").split("\n"):
        if raw.startswith("#"):
            continue
        number, _, text = raw.partition("\t")
        lines.append((int(number), text))
    return lines


BLOCKS = sorted(path.name for path in HERE.glob("*.txt")) + sorted(path.name for path in HERE.glob("*.columns"))
# `.columns` files: the slide set a YAML file (left) beside the terminal (right), from the character
# the header names ("right column from character 52")
RIGHT_COLUMN = re.compile(r"right column from character (\d+)")


def right_column(name: str) -> list[tuple[int, str]]:
    """The terminal half of side-by-side slide lines, blank ones dropped."""
    start = int(RIGHT_COLUMN.search((HERE / name).read_text().split("\n", 1)[0]).group(1))
    return [(n, text[start:]) for n, text in quoted(name) if text[start:].strip()]


def commands_and_outputs(lines: list[tuple[int, str]]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Each `remote ❯` command with the non-blank lines after it, up to the next prompt."""
    steps: list[tuple[str, list[tuple[int, str]]]] = []
    for number, text in lines:
        if text.startswith(PROMPT):
            steps.append((text[len(PROMPT):], []))
        elif text.strip() and steps:
            steps[-1][1].append((number, text))
    return steps


@pytest.mark.parametrize("name", BLOCKS)
def test_quotes_are_the_slides_verbatim(name):
    if SLIDES is None:
        pytest.skip("the course's slides are not on this machine (set KUBEGRADE_COURSE_WEEK5 to "
                    "05-Ingress-LoadBalancer/slides.txt)")
    slides = SLIDES.read_text().split("\n")  # numbered as grep -n numbers them (the file has form feeds)
    for number, text in quoted(name):
        assert slides[number - 1] == text, f"slides.txt line {number}"


def expected_output(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    (_, prompt_line), *rest = lines
    assert prompt_line.startswith(PROMPT)
    return prompt_line[len(PROMPT):], [(n, text) for n, text in rest if text.strip()]


@pytest.mark.parametrize("name", ["install_ingress_nginx.txt", "install_metallb.txt"])
def test_installing_an_add_on_from_its_published_url_prints_the_slides_lines(name):
    command, expected = expected_output(quoted(name))
    result = Cluster(seed=5).run(command)
    printed = [line for line in result.output.splitlines() if line.strip()]
    assert len(printed) == len(expected), result.output
    for (number, want), got in zip(expected, printed):
        assert got.split() == want.split(), f"slides.txt line {number}"
    assert result.exit_code == 0


def test_the_kept_manifests_are_the_published_files():
    for url, manifest in PUBLISHED.items():
        assert manifest.git_blob_id() == manifest.blob, url
        assert url.startswith(f"https://raw.githubusercontent.com/{manifest.repository}/{manifest.tag}/")


def test_an_unpublished_path_is_still_not_found():
    url = "https://raw.githubusercontent.com/metallb/metallb/v0.99.0/config/manifests/metallb-native.yaml"
    result = Cluster(seed=5).run(f"kubectl apply -f {url}")
    assert result.output == f'error: unable to read URL "{url}", server reported 404 Not Found, status code=404\n'
    assert result.exit_code == 1


def test_the_deprecation_warning_comes_once_before_the_first_policy_line():
    """kubectl's warning writer deduplicates; the API server warns on the create of each v1beta1 object."""
    url = next(u for u in PUBLISHED if "metallb" in u)
    output = Cluster(seed=5).run(f"kubectl apply -f {url}").output.splitlines()
    warning = "Warning: policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+"
    assert output.count(warning) == 1
    assert output[output.index(warning) + 1] == "podsecuritypolicy.policy/controller created"


# MetalLB: the pool, the advertisement, the Service it gives an address -------------------------
AGE = re.compile(r"^\d+[smhd](\d+[smh])?$")
MASKS = ((re.compile(r"\b10\.233\.\d+\.\d+\b"), "<cluster-address>"), (re.compile(r"\b3\d{4}\b"), "<node-port>"),
         (re.compile(r"\b(rs-web-v[12])-[a-z0-9]{5}\b"), r"\1-<pod>"))
# kubectl's event aggregation `(x25 over 3m19s)`: the real speaker re-announces on every resync; the
# simulated one records the announcement once (said in controllers/metallb.py)
REPEATS = re.compile(r"\(x\d+ over \S+\)")


def masked(line: str, repeats: bool = False) -> list[str]:
    """Words with what varies masked; `repeats` also drops the event count (MetalLB's speaker only)."""
    line = REPEATS.sub("", line) if repeats else re.sub(r"\(x(\d+) over \S+\)", r"(x\1 over <age>)", line)
    for pattern, placeholder in MASKS:
        line = pattern.sub(placeholder, line)
    return ["<age>" if AGE.match(word) else word for word in line.split()]


def compare(result_output: str, expected: list[tuple[int, str]], repeats: bool = False) -> None:
    printed = [line for line in result_output.splitlines() if line.strip()]
    assert len(printed) == len(expected), result_output
    for (number, want), got in zip(expected, printed):
        assert masked(got, repeats) == masked(want, repeats), f"slides.txt line {number}:\n{got}\n{want}"


METALLB_URL = "https://raw.githubusercontent.com/metallb/metallb/v0.13.4/config/manifests/metallb-native.yaml"


@pytest.fixture
def metallb_shell():
    if HANDS_ON is None:
        pytest.skip("the course's week-5 hands-on files are not on this machine")
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {METALLB_URL}")  # slides lines 621-648, compared above
    shell.run("sleep 90")  # the speakers wait for the memberlist Secret the controller creates
    return shell


def test_metallb_gives_the_load_balancer_its_address_and_announces_it(metallb_shell):
    shell = metallb_shell
    for block in ("create_pool.txt", "create_l2.txt"):
        command, expected = expected_output(quoted(block))
        compare(shell.run(command).output, expected)
    # slides lines 703-704, 731-745 (created before; their output is quoted in other weeks' shape)
    shell.run("kubectl create -f rs-web-v1.yaml")
    shell.run("kubectl create -f svc-node-web-lb.yaml")
    shell.run("sleep 20")
    command, expected = expected_output(quoted("describe_svc_lb.txt"))
    compare(shell.run(command).output, expected, repeats=True)
    assert shell.run("curl -s http://192.168.100.240").output.startswith("You've hit rs-web-v1-")


def test_without_an_advertisement_the_address_is_given_but_nobody_answers(metallb_shell):
    shell = metallb_shell
    shell.run("kubectl create -f metallb-ip.yaml")
    shell.run("kubectl create -f rs-web-v1.yaml")
    shell.run("kubectl create -f svc-node-web-lb.yaml")
    shell.run("sleep 20")
    assert "192.168.100.240" in shell.run("kubectl get service svc-lb").output
    result = shell.run("curl -s -m 2 http://192.168.100.240")
    assert result.output == "" and result.exit_code != 0


def test_without_a_pool_the_service_stays_pending_with_metallb_s_warning(metallb_shell):
    shell = metallb_shell
    shell.run("kubectl create -f svc-node-web-lb.yaml")
    shell.run("sleep 5")
    assert "<pending>" in shell.run("kubectl get service svc-lb").output
    last = shell.run("kubectl describe service svc-lb").output.splitlines()[-1]
    # MetalLB v0.13.4 controller/service.go: Errorf(svc, "AllocationFailed", "Failed to allocate IP for %q: %s", ...)
    assert masked(last) == masked('  Warning  AllocationFailed  11s   metallb-controller  '
                                  'Failed to allocate IP for "default/svc-lb": no available IPs')


# ingress-nginx: the fan-out Ingress ---------------------------------------------------------------
INGRESS_URL = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.3.0/deploy/static/provider/baremetal/deploy.yaml"


def test_the_fan_out_ingress_routes_foo_and_bar_as_the_slides_show():
    if HANDS_ON is None:
        pytest.skip("the course's week-5 hands-on files are not on this machine")
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {INGRESS_URL}")  # slides lines 80-100, compared above
    shell.run("sleep 30")
    # slides lines 283-300: the two ReplicaSets and their NodePort Services (whatwant/node-web:2.0
    # is the course's `docker build` of hands-on/app.js, served by the simulated registry instead)
    for manifest in ("rs-web-v1.yaml", "rs-web-v2.yaml", "svc-node-web-nodeport-v1.yaml", "svc-node-web-nodeport-v2.yaml"):
        shell.run(f"kubectl create -f {manifest}")
    shell.run("sleep 20")
    node_port = cluster.get("services", "ingress-nginx-controller", "ingress-nginx")["spec"]["ports"][0]["nodePort"]
    steps = commands_and_outputs(right_column("ingress_fanout.columns"))
    assert [command for command, _ in steps] == [
        "kubectl create -f ingress-node-web.yaml", "kubectl get ingresses -o wide",
        "kubectl get services --namespace ingress-nginx", "curl -s http://192.168.100.201:30977/foo",
        "curl -s http://192.168.100.201:30977/bar"]
    # the Ingress's address is the node the controller's pod runs on (worker1 on the course's cluster)
    controller = cluster.list("pods", "ingress-nginx", {"app.kubernetes.io/component": "controller"})[0]
    node_ip = cluster.node_ip(controller["spec"]["nodeName"])
    for command, expected in steps:
        if command.startswith("kubectl get services"):
            continue  # the slide cut this table's right edge off (lines 326-328)
        expected = [(n, text.replace("192.168.100.201", node_ip)) for n, text in expected]
        compare(shell.run(command.replace(":30977", f":{node_port}")).output, expected)
    command, expected = expected_output(quoted("describe_ingress.txt"))
    compare(shell.run(command).output, [(n, text.replace("192.168.100.201", node_ip)) for n, text in expected])


def test_no_rule_matching_gets_ingress_nginx_s_404_page():
    if HANDS_ON is None:
        pytest.skip("the course's week-5 hands-on files are not on this machine")
    cluster = Cluster(seed=5, files=HANDS_ON)
    shell = cluster.session()
    shell.run(f"kubectl apply -f {INGRESS_URL}")
    shell.run("sleep 30")
    shell.run("kubectl create -f ingress-node-web.yaml")
    node_port = cluster.get("services", "ingress-nginx-controller", "ingress-nginx")["spec"]["ports"][0]["nodePort"]
    # nginx's own 404 page with the version hidden (ingress-nginx's server-tokens: false)
    page = shell.run(f"curl -s http://192.168.100.201:{node_port}/baz").output
    assert "<title>404 Not Found</title>" in page and "<hr><center>nginx</center>" in page
    result = shell.run(f"curl -s -o /dev/null -w '%{{http_code}}' http://192.168.100.201:{node_port}/baz")
    assert result.output == "404"
    # /foo's Service does not exist yet: a matched rule without endpoints is 503
    result = shell.run(f"curl -s -o /dev/null -w '%{{http_code}}' http://192.168.100.201:{node_port}/foo")
    assert result.output == "503"


# externalTrafficPolicy: Local behind MetalLB ----------------------------------------------------
LB_LOCAL = b"""apiVersion: v1
kind: Service
metadata:
  name: svc-lb-local
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: node-web-v1
"""


def test_local_policy_gets_a_health_check_port_and_keeps_the_client_address():
    """Written by hand from the Service REST storage (`allocHealthCheckNodePort`) and kube-proxy's Local
    rules: only the announcing node's own pod answers, and it sees the client's own address."""
    from simulator.vantage import REMOTE_IP

    if HANDS_ON is None:
        pytest.skip("the course's week-5 hands-on files are not on this machine")
    files = {path.name: path.read_bytes() for path in HANDS_ON.iterdir()} | {"lb-local.yaml": LB_LOCAL}
    shell = Cluster(seed=5, files=files).session()
    shell.run(f"kubectl apply -f {METALLB_URL}")
    shell.run("sleep 90")
    for manifest in ("metallb-ip.yaml", "metallb-l2.yaml", "rs-web-v1.yaml"):
        shell.run(f"kubectl create -f {manifest}")
    shell.run("sleep 20")
    assert shell.run("kubectl create -f lb-local.yaml").output == "service/svc-lb-local created\n"
    shell.run("sleep 10")
    service = shell.cluster.get("services", "svc-lb-local")
    health = service["spec"]["healthCheckNodePort"]
    assert 30000 <= health <= 32767 and health != service["spec"]["ports"][0]["nodePort"]
    assert f"HealthCheck NodePort:     {health}\n" in shell.run("kubectl describe service svc-lb-local").output
    announcer = shell.run("kubectl describe service svc-lb-local").output.split('announcing from node "')[1].split('"')[0]
    answers = {shell.run("curl -s http://192.168.100.240").output.split()[2] for _ in range(6)}
    local = {p["metadata"]["name"] for p in shell.cluster.list("pods", "default", {"app": "node-web-v1"})
             if p["spec"]["nodeName"] == announcer}
    assert answers <= local and answers
    pod = sorted(answers)[0]
    assert f"Received request from ::ffff:{REMOTE_IP}" in shell.run(f"kubectl logs {pod}").output


def test_an_external_ip_answers_on_the_nodes_but_nobody_answers_arp_for_it_from_the_workstation(metallb_shell):
    """The shortcut around MetalLB: the pool's address as a Service's externalIPs entry. The course's
    kube-proxy runs in iptables mode (slides 597-617, `mode: iptables`), where an external IP is only a
    KUBE-SERVICES rule on each node and no interface holds it; MetalLB's speakers announce only what its
    controller allocated. So the workstation's ARP for the address goes unanswered and curl fails as for
    any unused LAN address (EHOSTUNREACH after three ARP tries), while on a node the rule catches it."""
    shell = metallb_shell
    for manifest in ("metallb-ip.yaml", "metallb-l2.yaml", "rs-web-v1.yaml"):
        assert shell.run(f"kubectl create -f {manifest}").exit_code == 0, manifest
    assert shell.run("kubectl expose rs rs-web-v1 --name=svc-ext --port=80 --target-port=8080 "
                     "--external-ip=192.168.100.240").exit_code == 0
    shell.run("sleep 20")
    before = shell.cluster.clock.now()
    result = shell.run("curl http://192.168.100.240")
    assert (result.output, result.exit_code) == (
        "curl: (7) Failed to connect to 192.168.100.240 port 80: No route to host\n", 7)
    assert 3 <= shell.cluster.clock.now() - before < 6  # three ARP tries (and the 2 s between lines)
    assert "Destination Host Unreachable" in shell.run("ping -c 1 192.168.100.240").output
    shell.run("ssh vagrant@192.168.100.200")
    assert shell.run("curl -s http://192.168.100.240").output.startswith("You've hit rs-web-v1-")
