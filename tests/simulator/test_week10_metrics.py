"""Week 10: metrics-server (kubespray's add-on) and `kubectl top nodes|pods` as kubectl 1.23 prints them.

Truth: the slides' transcripts (10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt lines
378-392, quoted by line) for the columns, their order and the values' forms; kubectl 1.23's
staging/src/k8s.io/kubectl/pkg/cmd/top/top_node.go and top_pod.go (`Metrics API not available`
without the metrics.k8s.io group, `metrics not available yet` on an empty list) and
pkg/metricsutil/metrics_printer.go (`%vm` of MilliValue, `%vMi` of Value/2^20, `%d%%` of
int64(usage/allocatable*100), every cell tab-terminated through GetNewTabWriter: minwidth 6,
padding 3) for the rest; figures computed by hand below. Where the slides' earlier cohort differs
(its workers had 2 CPUs: worker1's 60m is 3% there, 6% of this cluster's 900m) the 1.23 formula
on this cluster's allocatable decides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster
from simulator.apps.metrics_server import manifest

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")
HOG = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
 containers:
 - image: busybox
   command: ["dd", "if=/dev/zero", "of=/dev/null"]
   name: dd
   resources:
     limits:
       cpu: {cpu}
       memory: 10Mi
"""
CPU_ROW = r"\d+m"
MEMORY_ROW = r"\d+Mi"


def slide_lines(first: int, last: int) -> list[str]:
    if not SLIDES.exists():
        pytest.skip(f"the course's slides are not at {SLIDES}")
    return SLIDES.read_text(encoding="utf-8").split("\n")[first - 1:last]  # numbered as grep -n numbers them


def cluster_with_metrics_server(**files: str) -> Cluster:
    files = {"metrics-server.yaml": manifest(), **{f"{name}.yaml": text for name, text in files.items()}}
    cluster = Cluster(files={name: text.encode() for name, text in files.items()})
    assert cluster.run("kubectl apply -f metrics-server.yaml").exit_code == 0
    cluster.tick(60)  # readinessProbe initialDelaySeconds 40, then one 15s scrape
    return cluster


@pytest.fixture(scope="module")
def hogged():
    cluster = cluster_with_metrics_server(hog=HOG.format(name="hog", cpu="200m"))
    cluster.run("kubectl create -f hog.yaml")
    cluster.tick(30)
    return cluster


def test_the_base_cluster_has_no_metrics_server_so_top_says_the_api_is_not_available():
    # Week 4's complete list of kube-system Deployments has no metrics-server (04-ClusterIP-NodePort-
    # ExternalName/slides.txt:403-406); top_node.go: `errors.New("Metrics API not available")`.
    cluster = Cluster()
    assert cluster.get("deployments", "metrics-server", "kube-system") is None
    for command in ("kubectl top nodes", "kubectl top pods -A"):
        result = cluster.run(command)
        assert (result.stdout, result.stderr, result.exit_code) == ("", "error: Metrics API not available\n", 1)


def test_kubesprays_manifest_installs_the_deployment_service_and_apiservice():
    cluster = cluster_with_metrics_server()
    deployment = cluster.get("deployments", "metrics-server", "kube-system")
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == \
        "k8s.gcr.io/metrics-server/metrics-server:v0.5.2"
    assert cluster.get("services", "metrics-server", "kube-system")["spec"]["ports"][0]["port"] == 443
    pods = cluster.run("kubectl get --namespace kube-system pods").stdout
    assert [line.split()[:3] for line in pods.splitlines() if "metrics" in line][0][1:] == ["1/1", "Running"]
    listing = cluster.run("kubectl get apiservices").stdout.splitlines()
    assert listing[0].split() == ["NAME", "SERVICE", "AVAILABLE", "AGE"]
    assert listing[1].split()[:3] == ["v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True"]


def test_before_its_pod_is_ready_the_aggregator_cannot_reach_it_and_before_a_scrape_nothing_is_listed():
    cluster = Cluster(files={"metrics-server.yaml": manifest().encode()})
    cluster.run("kubectl apply -f metrics-server.yaml")
    result = cluster.run("kubectl top nodes")
    assert result.stderr == ("Error from server (ServiceUnavailable): the server is currently unable to handle the "
                             "request (get nodes.metrics.k8s.io)\n")
    assert cluster.run("kubectl get apiservices").stdout.splitlines()[1].split()[2:4] == ["False", "(MissingEndpoints)"]


def test_top_nodes_prints_the_slides_columns_with_cpu_and_memory_shares_of_allocatable(hogged):
    quoted = slide_lines(378, 382)
    assert quoted[0] == "remote ❯ kubectl top nodes"
    lines = hogged.run("kubectl top nodes").stdout.splitlines()
    assert lines[0].split() == quoted[1].split() == ["NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"]
    import re

    for mine, theirs in zip(lines[1:], quoted[2:]):
        assert re.fullmatch(r"\S+ +\d+m +\d+% +\d+Mi +\d+% *", mine) and mine.split()[0] == theirs.split()[0]
    # by hand: the master idles at the slide's 139m and 1282Mi; allocatable 1800m and 1404040Ki
    # (1371.1Mi): 139/1800 = 7.7% -> 7%, 1282/1371.1 = 93.5% -> 93%, as slide line 380 prints it
    assert lines[1].split() == quoted[2].split() == ["master", "139m", "7%", "1282Mi", "93%"]


def test_a_dd_pod_held_to_200m_shows_200m_and_its_node_the_sum(hogged):
    pod = hogged.get("pods", "hog")
    node = pod["spec"]["nodeName"]
    baseline = {"worker1": (60, 691), "worker2": (58, 618)}[node]
    # by hand: dd wants a whole core, its cfs quota holds it at 200m; it holds 1 MiB plus its 512-byte block
    row = hogged.run("kubectl top pods").stdout.splitlines()[1].split()
    assert row == ["hog", "200m", "1Mi"]
    # the worker: 900m and 1280 MiB - 20480 KiB page structs - 33656 KiB - (256 + 100) MiB allocatable
    allocatable_ki = 1280 * 1024 - 1280 * 1024 // 64 - 33656 - 356 * 1024
    memory = baseline[1] * 2 ** 20 + 2 ** 20 + 512
    expected = [node, f"{baseline[0] + 200}m", f"{int((baseline[0] + 200) / 900 * 100)}%",
                f"{memory // 2 ** 20}Mi", f"{int(memory / (allocatable_ki * 1024) * 100)}%"]
    rows = {line.split()[0]: line.split() for line in hogged.run("kubectl top nodes").stdout.splitlines()[1:]}
    assert rows[node] == expected


def test_top_pods_everywhere_has_the_namespace_column_first_as_slide_line_386(hogged):
    quoted = slide_lines(385, 394)
    assert quoted[0] == "remote ❯ kubectl top pods -A"
    assert quoted[1].split() == ["NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert quoted[4].split() == ["limitrange-test", "nolimit", "201m", "1Mi"]  # a dd pod, as `hog`
    lines = hogged.run("kubectl top pods -A").stdout.splitlines()
    assert lines[0].split() == quoted[1].split()
    rows = [line.split() for line in lines[1:]]
    assert ["default", "hog", "200m", "1Mi"] in rows
    assert rows == sorted(rows, key=lambda r: (r[0], r[1]))  # PodMetricsSorter: namespace, then name
    import re

    assert all(re.fullmatch(CPU_ROW, r[2]) and re.fullmatch(MEMORY_ROW, r[3]) for r in rows)


def test_the_table_is_aligned_by_gettabwriter_with_every_cell_tab_terminated():
    # by hand: NAME column max(4, 3) + 3 = 7; CPU(cores) 10 + 3; MEMORY(bytes) 13 + 3, padded too,
    # as metrics_printer.go ends the last cell with "\t"
    cluster = cluster_with_metrics_server(hog=HOG.format(name="hog", cpu="300m"))
    cluster.run("kubectl create -f hog.yaml")
    cluster.tick(30)
    assert cluster.run("kubectl top pods").stdout == ("NAME   CPU(cores)   MEMORY(bytes)   \n"
                                                      "hog    300m         1Mi             \n")
    assert cluster.run("kubectl top pods --containers").stdout == (
        "POD   NAME   CPU(cores)   MEMORY(bytes)   \n"
        "hog   dd     300m         1Mi             \n")


def test_sort_by_cpu_puts_the_busiest_first_and_a_selector_narrows(hogged):
    rows = [line.split() for line in hogged.run("kubectl top pods -A --sort-by=cpu").stdout.splitlines()[1:]]
    assert rows[0][:3] == ["default", "hog", "200m"]
    nodes = [line.split()[0] for line in hogged.run("kubectl top nodes --sort-by=cpu").stdout.splitlines()[1:]]
    assert nodes[0] == hogged.get("pods", "hog")["spec"]["nodeName"]  # 258m or 260m against the master's 139m
    result = hogged.run("kubectl top pods -l app=none")
    assert (result.stdout, result.stderr) == ("", "No resources found in default namespace.\n")
    assert hogged.run("kubectl top pods --sort-by=name").stderr == "error: --sort-by accepts only cpu or memory\n"


def test_a_pod_not_yet_scraped_is_not_available_yet():
    cluster = cluster_with_metrics_server(hog=HOG.format(name="hog", cpu="200m"))
    cluster.run("kubectl create -f hog.yaml")
    result = cluster.run("kubectl top pods")
    assert (result.stdout, result.stderr, result.exit_code) == ("", "error: metrics not available yet\n", 1)
    result = cluster.run("kubectl top pod nope")
    assert result.stderr == 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n'


# --- the Metrics API the aggregator serves (what `kubectl top` reads) ------------------------------

def metrics_get(cluster, path: str):
    import json

    from simulator.apiserver.authn import ADMIN
    from simulator.apiserver.http_api import ApiServer

    answer = ApiServer(cluster.store, cluster.clock).handle("GET", path, [], user=ADMIN)
    return answer.status, (json.loads(answer.body) if answer.status != 503 else answer.body)


def test_the_metrics_group_is_discovered_only_once_the_apiservice_exists():
    import json

    from simulator.apiserver.authn import ADMIN
    from simulator.apiserver.http_api import ApiServer

    def groups(cluster):
        answer = ApiServer(cluster.store, cluster.clock).handle("GET", "/apis", [], user=ADMIN)
        return [g["name"] for g in json.loads(answer.body)["groups"]]

    assert "metrics.k8s.io" not in groups(Cluster())
    cluster = Cluster(files={"metrics-server.yaml": manifest().encode()})
    cluster.run("kubectl apply -f metrics-server.yaml")
    assert "metrics.k8s.io" in groups(cluster)
    # not yet Available: the aggregator's proxyError, plain text
    assert metrics_get(cluster, "/apis/metrics.k8s.io/v1beta1/nodes") == (503, "service unavailable\n")


def test_node_and_pod_metrics_carry_usage_in_nanocores_and_kibibytes(hogged):
    status, nodes = metrics_get(hogged, "/apis/metrics.k8s.io/v1beta1/nodes")
    assert status == 200 and nodes["kind"] == "NodeMetricsList"
    master = next(i for i in nodes["items"] if i["metadata"]["name"] == "master")
    # by hand: 139m = 139,000,000 nanocores; 1282 MiB = 1,312,768 KiB
    assert master["usage"] == {"cpu": "139000000n", "memory": "1312768Ki"} and master["window"] == "15s"
    status, pod = metrics_get(hogged, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/hog")
    # by hand: dd's 1 MiB and its 512-byte block: 1024 KiB whole
    assert status == 200 and pod["containers"] == [{"name": "dd", "usage": {"cpu": "200000000n", "memory": "1024Ki"}}]
    status, missing = metrics_get(hogged, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope")
    assert status == 404 and missing["message"] == 'podmetrics.metrics.k8s.io "default/nope" not found'
