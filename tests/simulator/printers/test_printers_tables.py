"""`kubectl get` tables: the fact sheet's samples, the lecture's tables, and each STATUS/cell rule.

Sources: kubernetes 1.23 pkg/printers/internalversion/printers.go (printPod, printService,
printEndpoints, printReplicaSet, printDeployment, printDaemonSet, printNode, printEvent,
printResourceQuota) and cli-runtime pkg/printers/tableprinter.go (decorateTable, printTable).
"""

import re

from simulator.events import Event
from simulator.registry.read_view import event_object
from simulator.printers.tables import print_table, print_tables, table_rows

MINUTE, HOUR, DAY = 60, 3600, 86400


def cells(text):
    """Rows split on runs of 2+ spaces: how slide extraction left the lecture's tables."""
    return [re.split(r" {2,}", line.strip()) for line in text.strip("\n").splitlines()]


def test_pod_table_matches_fact_sheet_sample(make, now):
    pods = [
        make.pod("node-web", age=5 * MINUTE + 12),
        make.pod("rs-node-web-7xkqz", age=2 * DAY + 23 * HOUR, restarts=2, finished_ago=114 * MINUTE),
        make.pod("rs-node-web-b9dbn", age=37, waiting="ContainerCreating"),
    ]
    assert print_table(pods, "Pod", now) == (
        "NAME                READY   STATUS              RESTARTS       AGE\n"
        "node-web            1/1     Running             0              5m12s\n"
        "rs-node-web-7xkqz   1/1     Running             2 (114m ago)   2d23h\n"
        "rs-node-web-b9dbn   0/1     ContainerCreating   0              37s\n")


def test_service_table_matches_fact_sheet_sample(make, now):
    services = [
        make.service("svc-web", cluster_ip="10.233.12.34", age=5 * MINUTE + 12),
        make.service("external-service", kind="ExternalName", external_name="google.com", age=3),
        make.service("kubernetes", cluster_ip="10.233.0.1", age=20 * DAY,
                     ports=[{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]),
        make.service("svc-headless", cluster_ip="None", age=8),
        make.service("svc-lb", kind="LoadBalancer", cluster_ip="10.233.31.201", age=4,
                     ports=[{"nodePort": 31503, "port": 80, "protocol": "TCP", "targetPort": 8080}]),
        make.service("svc-node", kind="NodePort", cluster_ip="10.233.52.17", age=12 * MINUTE,
                     ports=[{"name": "http", "nodePort": 30123, "port": 80, "protocol": "TCP", "targetPort": 8080},
                            {"name": "https", "nodePort": 31211, "port": 443, "protocol": "TCP", "targetPort": 8443}]),
    ]
    assert print_table(services, "Service", now) == (
        "NAME               TYPE           CLUSTER-IP      EXTERNAL-IP   PORT(S)                      AGE\n"
        "external-service   ExternalName   <none>          google.com    <none>                       3s\n"
        "kubernetes         ClusterIP      10.233.0.1      <none>        443/TCP                      20d\n"
        "svc-headless       ClusterIP      None            <none>        80/TCP                       8s\n"
        "svc-lb             LoadBalancer   10.233.31.201   <pending>     80:31503/TCP                 4s\n"
        "svc-node           NodePort       10.233.52.17    <none>        80:30123/TCP,443:31211/TCP   12m\n"
        "svc-web            ClusterIP      10.233.12.34    <none>        80/TCP                       5m12s\n")


def test_endpoints_table_matches_fact_sheet_sample(make, now):
    # The sheet's hand-picked `1m` cannot come out of HumanDuration; AGE is the unpadded last column.
    endpoints = [
        make.endpoints("external-service", ["11.11.11.11", "22.22.22.22"], port=80, age=60),
        make.endpoints("kubernetes", ["192.168.100.200"], port=6443, port_name="https", age=20 * DAY),
        make.endpoints("svc-nopods", [], age=9),
        make.endpoints("svc-web", ["10.233.103.3", "10.233.110.4", "10.233.90.5", "10.233.90.6"],
                       age=5 * MINUTE + 12),
    ]
    assert print_table(endpoints, "Endpoints", now) == (
        "NAME               ENDPOINTS                                                          AGE\n"
        "external-service   11.11.11.11:80,22.22.22.22:80                                      60s\n"
        "kubernetes         192.168.100.200:6443                                               20d\n"
        "svc-nopods         <none>                                                             9s\n"
        "svc-web            10.233.103.3:8080,10.233.110.4:8080,10.233.90.5:8080 + 1 more...   5m12s\n")


def test_replicaset_wide_table_matches_fact_sheet_sample(make, now):
    rs = make.replicaset("rs-node-web", age=5 * MINUTE)
    assert print_table([rs], "ReplicaSet", now, wide=True) == (
        "NAME          DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                  SELECTOR\n"
        "rs-node-web   3         3         3       5m    node-web     whatwant/node-web:1.0   app=node-web\n")


def test_node_wide_table_matches_fact_sheet_sample(make, now):
    master = make.node("master", "192.168.100.200", master=True, age=20 * DAY)
    master.status["nodeInfo"]["kernelVersion"] = "5.4.0-110-generic"
    assert print_table([master], "Node", now, wide=True) == (
        "NAME     STATUS   ROLES                  AGE   VERSION   INTERNAL-IP       EXTERNAL-IP   OS-IMAGE     "
        "        KERNEL-VERSION      CONTAINER-RUNTIME\n"
        "master   Ready    control-plane,master   20d   v1.23.7   192.168.100.200   <none>        Ubuntu 20.04.4 LTS"
        "   5.4.0-110-generic   containerd://1.6.4\n")


def test_service_table_matches_lecture_columns(make, now):
    services = [
        make.service("kubernetes", cluster_ip="10.233.0.1", age=21 * DAY,
                     ports=[{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]),
        make.service("svc-node-web-headless", cluster_ip="None", selector={"app": "node-web"}, age=14),
        make.service("svc-web", cluster_ip="10.233.53.193", selector={"app": "node-web"}, age=24 * HOUR),
        make.service("svc-web-node", kind="NodePort", cluster_ip="10.233.21.125", selector={"app": "node-web"},
                     age=23 * HOUR, ports=[{"nodePort": 30123, "port": 80, "protocol": "TCP", "targetPort": 8080}]),
    ]
    text = print_table(services, "Service", now, wide=True)
    assert cells(text) == [
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"],
        ["kubernetes", "ClusterIP", "10.233.0.1", "<none>", "443/TCP", "21d", "<none>"],
        ["svc-node-web-headless", "ClusterIP", "None", "<none>", "80/TCP", "14s", "app=node-web"],
        ["svc-web", "ClusterIP", "10.233.53.193", "<none>", "80/TCP", "24h", "app=node-web"],
        ["svc-web-node", "NodePort", "10.233.21.125", "<none>", "80:30123/TCP", "23h", "app=node-web"],
    ]
    assert text.splitlines()[0] == ("NAME                    TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        "
                                    "AGE   SELECTOR")


def test_pod_wide_table_matches_lecture_rs_web_pods(make, now):
    pods = [
        make.pod("rs-web-22d9l", age=2 * DAY, restarts=1, finished_ago=132 * MINUTE, ip="10.233.103.67"),
        make.pod("rs-web-9gp6x", age=2 * DAY, restarts=1, finished_ago=132 * MINUTE, ip="10.233.110.19",
                 node="worker1"),
        make.pod("rs-web-fd7br", age=2 * DAY, restarts=1, finished_ago=132 * MINUTE, ip="10.233.103.68"),
    ]
    assert print_table(pods, "Pod", now, wide=True) == (
        "NAME           READY   STATUS    RESTARTS       AGE   IP              NODE      NOMINATED NODE   "
        "READINESS GATES\n"
        "rs-web-22d9l   1/1     Running   1 (132m ago)   2d    10.233.103.67   worker2   <none>           <none>\n"
        "rs-web-9gp6x   1/1     Running   1 (132m ago)   2d    10.233.110.19   worker1   <none>           <none>\n"
        "rs-web-fd7br   1/1     Running   1 (132m ago)   2d    10.233.103.68   worker2   <none>           <none>\n")


def test_kube_system_pods_show_restarts_since_boot_like_lecture(make, now):
    pod = make.pod("calico-kube-controllers-6dd874f784-rjxtz", age=20 * DAY, restarts=11, finished_ago=32 * MINUTE,
                   ip="192.168.100.202", namespace="kube-system")
    assert cells(print_table([pod], "Pod", now, wide=True))[1] == [
        "calico-kube-controllers-6dd874f784-rjxtz", "1/1", "Running", "11 (32m ago)", "20d", "192.168.100.202",
        "worker2", "<none>", "<none>"]


def test_deployment_wide_table_matches_lecture_kube_system(make, now):
    deployments = [
        make.deployment("calico-kube-controllers", replicas=1, age=20 * DAY, namespace="kube-system",
                        selector={"k8s-app": "calico-kube-controllers"},
                        image="quay.io/calico/kube-controllers:v3.22.3"),
        make.deployment("coredns", replicas=2, age=20 * DAY, namespace="kube-system", selector={"k8s-app": "kube-dns"},
                        image="k8s.gcr.io/coredns/coredns:v1.8.6"),
    ]
    deployments[1].spec["template"]["spec"]["containers"][0]["name"] = "coredns"
    assert cells(print_table(deployments, "Deployment", now, wide=True)) == [
        ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
        ["calico-kube-controllers", "1/1", "1", "1", "20d", "calico-kube-controllers",
         "quay.io/calico/kube-controllers:v3.22.3", "k8s-app=calico-kube-controllers"],
        ["coredns", "2/2", "2", "2", "20d", "coredns", "k8s.gcr.io/coredns/coredns:v1.8.6", "k8s-app=kube-dns"],
    ]


def test_node_table_matches_lecture_three_nodes(make, now):
    nodes = [make.node("master", "192.168.100.200", master=True), make.node("worker1", "192.168.100.201"),
             make.node("worker2", "192.168.100.202")]
    assert cells(print_table(nodes, "Node", now, wide=True))[1:] == [
        [name, "Ready", roles, "19d", "v1.23.7", ip, "<none>", "Ubuntu 20.04.4 LTS", "5.4.0-122-generic",
         "containerd://1.6.4"]
        for name, roles, ip in (("master", "control-plane,master", "192.168.100.200"),
                                ("worker1", "<none>", "192.168.100.201"), ("worker2", "<none>", "192.168.100.202"))]


def test_unschedulable_node_adds_scheduling_disabled(make, now):
    node = make.node("worker1", "192.168.100.201")
    node.spec["unschedulable"] = True
    node.status["conditions"][0]["status"] = "Unknown"
    assert cells(print_table([node], "Node", now))[1][1] == "NotReady,SchedulingDisabled"


def status_of(pod, now):
    return table_rows([pod], "Pod", now)[1][2]


def test_pod_status_shows_waiting_reason_of_a_container(make, now):
    for reason in ("ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "ContainerCreating"):
        assert status_of(make.pod("p", waiting=reason), now) == reason


def test_pending_pod_without_node_shows_pending_and_no_ip(make, now):
    row = table_rows([make.pod("p", node=None)], "Pod", now, wide=True)[1]
    assert row[1:4] == ["0/1", "Pending", "0"]
    assert row[5:7] == ["<none>", "<none>"]


def test_completed_container_shows_completed(make, now):
    pod = make.pod("job", phase="Succeeded")
    pod.status["containerStatuses"][0].update(ready=False, state={"terminated": {"exitCode": 0, "reason": "Completed"}})
    assert status_of(pod, now) == "Completed"


def test_terminated_without_reason_shows_exit_code_or_signal(make, now):
    pod = make.pod("p")
    pod.status["containerStatuses"][0]["state"] = {"terminated": {"exitCode": 3}}
    assert status_of(pod, now) == "ExitCode:3"
    pod.status["containerStatuses"][0]["state"] = {"terminated": {"exitCode": 137, "signal": 9}}
    assert status_of(pod, now) == "Signal:9"


def test_pod_being_deleted_shows_terminating(make, now):
    pod = make.pod("p")
    pod.metadata.deletion_timestamp = now
    assert status_of(pod, now) == "Terminating"


def test_running_init_container_shows_init_progress(make, now):
    pod = make.pod("p", phase="Pending")
    pod.spec["initContainers"] = [{"name": "init", "image": "busybox"}]
    pod.status["initContainerStatuses"] = [{"name": "init", "ready": False, "restartCount": 0,
                                            "state": {"running": {"startedAt": "2022-08-03T10:29:00Z"}}}]
    assert status_of(pod, now) == "Init:0/1"


def test_not_ready_running_pod_counts_zero_ready(make, now):
    row = table_rows([make.pod("p", ready=False)], "Pod", now)[1]
    assert row[1:3] == ["0/1", "Running"]


def test_load_balancer_ingress_is_truncated_unless_wide(make, now):
    svc = make.service("svc-lb", kind="LoadBalancer", ports=[{"nodePort": 31503, "port": 80, "protocol": "TCP"}])
    svc.status["loadBalancer"] = {"ingress": [{"ip": "192.168.100.240"}, {"ip": "192.168.100.241"}]}
    assert table_rows([svc], "Service", now)[1][3] == "192.168.100.2..."
    assert table_rows([svc], "Service", now, wide=True)[1][3] == "192.168.100.240,192.168.100.241"


def test_service_without_ports_shows_none(make, now):
    svc = make.service("svc", ports=[])
    assert table_rows([svc], "Service", now)[1][4] == "<none>"


def test_endpoints_with_only_not_ready_addresses_is_empty(make, now):
    ep = make.endpoints("svc-web", [], not_ready=["10.233.103.3"])
    assert table_rows([ep], "Endpoints", now)[1][1] == ""


def test_show_labels_appends_sorted_labels(make, now):
    pods = [make.pod("rs-web-22d9l", labels={"pod-template-hash": "66b6c48dd5", "app": "node-web"}),
            make.pod("solo", labels={})]
    pods[1].metadata.labels = {}
    assert cells(print_table(pods, "Pod", now, show_labels=True)) == [
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"],
        ["rs-web-22d9l", "1/1", "Running", "0", "60s", "app=node-web,pod-template-hash=66b6c48dd5"],
        ["solo", "1/1", "Running", "0", "60s", "<none>"],
    ]


def test_all_namespaces_adds_namespace_first_and_sorts_by_namespace(make, now):
    pods = [make.pod("b", namespace="default"), make.pod("a", namespace="kube-system")]
    rows = table_rows(pods, "Pod", now, with_namespace=True)
    assert [row[:2] for row in rows] == [["NAMESPACE", "NAME"], ["default", "b"], ["kube-system", "a"]]


def test_cluster_scoped_kinds_get_no_namespace_column(make, now):
    assert table_rows([make.namespace("default")], "Namespace", now, with_namespace=True) == [
        ["NAME", "STATUS", "AGE"], ["default", "Active", "20d"]]


def test_no_headers_and_no_objects(make, now):
    assert print_table([make.namespace("default")], "Namespace", now, no_headers=True) == "default   Active   20d\n"
    assert print_table([], "Pod", now) == ""


def test_get_all_prefixes_names_with_kind_and_separates_tables(make, now):
    text = print_tables([("Pod", [make.pod("rs-web-22d9l")]), ("Service", [make.service("svc-web")]),
                         ("Deployment", []), ("ReplicaSet", [make.replicaset("rs-web")])],
                        now, with_kind_prefix=True)
    assert text == (
        "NAME               READY   STATUS    RESTARTS   AGE\n"
        "pod/rs-web-22d9l   1/1     Running   0          60s\n"
        "\n"
        "NAME              TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\n"
        "service/svc-web   ClusterIP   10.233.12.34   <none>        80/TCP    60s\n"
        "\n"
        "NAME                     DESIRED   CURRENT   READY   AGE\n"
        "replicaset.apps/rs-web   3         3         3       5m\n")


def test_daemonset_table_columns(make, now):
    ds = make.replicaset("kube-proxy", age=20 * DAY)
    ds.kind, ds.api_version = "DaemonSet", "apps/v1"
    ds.spec.pop("replicas")
    ds.body["status"] = {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberAvailable": 3,
                         "numberReady": 3, "updatedNumberScheduled": 3}
    ds.spec["template"]["spec"]["nodeSelector"] = {"kubernetes.io/os": "linux"}
    assert cells(print_table([ds], "DaemonSet", now, wide=True)) == [
        ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE", "CONTAINERS",
         "IMAGES", "SELECTOR"],
        ["kube-proxy", "3", "3", "3", "3", "3", "kubernetes.io/os=linux", "20d", "node-web", "whatwant/node-web:1.0",
         "app=node-web"]]


def test_match_expressions_selector_prints_set_syntax(make, now):
    rs = make.replicaset("rs")
    rs.spec["selector"] = {"matchExpressions": [{"key": "app", "operator": "In", "values": ["node-web"]}],
                           "matchLabels": {"tier": "web"}}
    assert table_rows([rs], "ReplicaSet", now, wide=True)[1][-1] == "app in (node-web),tier=web"


def test_event_table_shows_repeats_and_objects(now):
    events = [Event("default", "Pod", "rs-web-22d9l", "Normal", "Pulled", "Container image already present",
                    "kubelet", now - 120, now - 10, 3),
              Event("default", "ReplicaSet", "rs-web", "Normal", "SuccessfulCreate", "Created pod: rs-web-22d9l",
                    "replicaset-controller", now - 125, now - 125)]
    assert cells(print_table([event_object(e) for e in events], "Event", now)) == [
        ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        ["10s", "Normal", "Pulled", "pod/rs-web-22d9l", "Container image already present"],
        ["2m5s", "Normal", "SuccessfulCreate", "replicaset/rs-web", "Created pod: rs-web-22d9l"],
    ]


def test_resourcequota_table_splits_requests_and_limits(make, now):
    quota = make.namespace("compute")
    quota.kind, quota.metadata.namespace = "ResourceQuota", "default"
    quota.body = {"status": {"hard": {"limits.cpu": "2", "pods": "10", "requests.cpu": "1"},
                             "used": {"limits.cpu": "0", "requests.cpu": "500m"}}}
    assert cells(print_table([quota], "ResourceQuota", now)) == [
        ["NAME", "AGE", "REQUEST", "LIMIT"],
        ["compute", "20d", "pods: 0/10, requests.cpu: 500m/1", "limits.cpu: 0/2"]]


def test_multiline_cell_is_cut_with_ellipsis(make, now):
    pod = make.pod("p", waiting="Line one\nline two")
    assert status_of(pod, now) == "Line one..."


def test_printing_never_adds_fields_to_objects(make, now):
    bare = make.endpoints("svc", [])
    pod = make.pod("p")
    before = (dict(bare.body), pod.to_dict())
    print_table([bare], "Endpoints", now, wide=True, show_labels=True)
    print_table([pod], "Pod", now, wide=True, show_labels=True, with_namespace=True, with_kind_prefix=True)
    assert (bare.body, pod.to_dict()) == before
