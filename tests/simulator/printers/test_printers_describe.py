"""`kubectl describe` layouts.

Sources: kubectl 1.23 `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (read from
kubernetes/kubectl `pkg/describe/describe.go`; newer lines such as the pod's
`Service Account:` (kubernetes PR #111192, 1.25) and the template's Node-Selectors are
left out), and the fact sheet's describe samples (§2), rendered with Go's tabwriter.
"""

from simulator.events import Event
from simulator.printers.describe import DescribeContext, describe

FACT_SHEET_SERVICE = """\
Name:                     svc-node
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=node-web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.233.52.17
IPs:                      10.233.52.17
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
NodePort:                 <unset>  30123/TCP
Endpoints:                10.233.103.3:8080,10.233.110.4:8080,10.233.90.5:8080 + 1 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Events:                   <none>
"""

FACT_SHEET_ENDPOINTS = """\
Name:         svc-web
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2022-06-01T05:10:11Z
Subsets:
  Addresses:          10.233.103.3,10.233.110.4,10.233.90.5
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  8080  TCP

Events:  <none>
"""

ADDRESSES = ["10.233.103.3", "10.233.110.4", "10.233.90.5", "10.233.90.6"]


def test_describe_nodeport_service_matches_fact_sheet(make, now):
    svc = make.service("svc-node", kind="NodePort", cluster_ip="10.233.52.17", selector={"app": "node-web"},
                       ports=[{"nodePort": 30123, "port": 80, "protocol": "TCP", "targetPort": 8080}])
    ctx = DescribeContext(now, endpoints=make.endpoints("svc-node", ADDRESSES))
    assert describe(svc, ctx) == FACT_SHEET_SERVICE


def test_describe_endpoints_matches_fact_sheet(make, now):
    ep = make.endpoints("svc-web", ADDRESSES[:3], annotations={
        "endpoints.kubernetes.io/last-change-trigger-time": "2022-06-01T05:10:11Z"})
    assert describe(ep, DescribeContext(now)) == FACT_SHEET_ENDPOINTS


def test_describe_clusterip_service_aligns_labels_at_nineteen(make, now):
    svc = make.service("svc-web", cluster_ip="10.233.53.193", selector={"app": "node-web"})
    ctx = DescribeContext(now, endpoints=make.endpoints("svc-web", ["10.233.103.69", "10.233.103.70", "10.233.110.21"]))
    text = describe(svc, ctx)
    assert "Session Affinity:  None\n" in text
    assert "Endpoints:         10.233.103.69:8080,10.233.103.70:8080,10.233.110.21:8080\n" in text
    assert "External Traffic Policy" not in text


def test_describe_service_follows_lecture_field_order(make, now):
    svc = make.service("svc-web", cluster_ip="10.233.53.193", selector={"app": "node-web"})
    labels = [line.split(":")[0] for line in describe(svc, DescribeContext(now)).splitlines()]
    assert labels == ["Name", "Namespace", "Labels", "Annotations", "Selector", "Type", "IP Family Policy",
                      "IP Families", "IP", "IPs", "Port", "TargetPort", "Endpoints", "Session Affinity", "Events"]


def test_describe_externalname_service_has_empty_padded_ip(make, now):
    svc = make.service("external-service", kind="ExternalName", external_name="google.com")
    assert describe(svc, DescribeContext(now)) == (
        "Name:              external-service\n"
        "Namespace:         default\n"
        "Labels:            <none>\n"
        "Annotations:       <none>\n"
        "Selector:          <none>\n"
        "Type:              ExternalName\n"
        "IP Families:       <none>\n"
        "IP:                \n"
        "IPs:               <none>\n"
        "External Name:     google.com\n"
        "Session Affinity:  None\n"
        "Events:            <none>\n")


def test_describe_service_without_endpoints_and_named_target_port(make, now):
    svc = make.service("svc", ports=[{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "node-http"}])
    text = describe(svc, DescribeContext(now))
    assert "Port:              http  80/TCP\n" in text
    assert "TargetPort:        node-http/TCP\n" in text
    assert "Endpoints:         <none>\n" in text


def test_describe_lists_multiple_labels_aligned_and_hides_last_applied(make, now):
    svc = make.service("svc", labels={"tier": "web", "app": "node-web"})
    svc.metadata.annotations = {"kubectl.kubernetes.io/last-applied-configuration": "{}\n", "note": "x"}
    text = describe(svc, DescribeContext(now))
    assert "Labels:            app=node-web\n                   tier=web\nAnnotations:       note: x\n" in text


def test_long_annotation_goes_on_its_own_line(make, now):
    ep = make.endpoints("svc", [], annotations={"a": "v" * 150})
    assert f"Annotations:  a:\n                {'v' * 138}...\n" in describe(ep, DescribeContext(now))


def test_describe_events_table_shows_repeats(make, now):
    svc = make.service("svc")
    events = [Event("default", "Service", "svc", "Warning", "FailedToUpdateEndpoint", "Failed to update endpoint",
                    "endpoint-controller", now - 120, now - 5, 3),
              Event("default", "Service", "svc", "Normal", "Type", "ClusterIP -> NodePort", "service-controller",
                    now - 200, now - 200)]
    text = describe(svc, DescribeContext(now, events=events))
    assert text.endswith(
        "Events:\n"
        "  Type     Reason                  Age              From                 Message\n"
        "  ----     ------                  ----             ----                 -------\n"
        "  Normal   Type                    3m20s            service-controller   ClusterIP -> NodePort\n"
        "  Warning  FailedToUpdateEndpoint  5s (x3 over 2m)  endpoint-controller  Failed to update endpoint\n")


def test_describe_endpoints_without_subsets(make, now):
    ep = make.endpoints("example-endpoints", [])
    assert describe(ep, DescribeContext(now)).endswith("Subsets:\nEvents:  <none>\n")


def test_describe_replica_set_matches_describe_go_layout(make, now):
    rs = make.replicaset("rs-web", age=120)
    pods = [make.pod(f"rs-web-{s}", owner=rs) for s in ("22d9l", "9gp6x")] + [
        make.pod("rs-web-fd7br", owner=rs, waiting="ContainerCreating")]
    events = [Event("default", "ReplicaSet", "rs-web", "Normal", "SuccessfulCreate", f"Created pod: {p.name}",
                    "replicaset-controller", now - 117, now - 117) for p in pods]
    assert describe(rs, DescribeContext(now, events=events, pods=pods)) == (
        "Name:         rs-web\n"
        "Namespace:    default\n"
        "Selector:     app=node-web\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Replicas:     3 current / 3 desired\n"
        "Pods Status:  2 Running / 1 Waiting / 0 Succeeded / 0 Failed\n"
        "Pod Template:\n"
        "  Labels:  app=node-web\n"
        "  Containers:\n"
        "   node-web:\n"
        "    Image:        whatwant/node-web:1.0\n"
        "    Port:         8080/TCP\n"
        "    Host Port:    0/TCP\n"
        "    Environment:  <none>\n"
        "    Mounts:       <none>\n"
        "  Volumes:        <none>\n"
        "Events:\n"
        "  Type    Reason            Age   From                   Message\n"
        "  ----    ------            ----  ----                   -------\n"
        "  Normal  SuccessfulCreate  117s  replicaset-controller  Created pod: rs-web-22d9l\n"
        "  Normal  SuccessfulCreate  117s  replicaset-controller  Created pod: rs-web-9gp6x\n"
        "  Normal  SuccessfulCreate  117s  replicaset-controller  Created pod: rs-web-fd7br\n")


def test_describe_pod_matches_describe_go_layout(make, now):
    rs = make.replicaset("rs-web")
    pod = make.pod("rs-web-22d9l", owner=rs, age=2 * 86400, restarts=1, finished_ago=132 * 60, ip="10.233.103.67")
    pod.metadata.labels = {"app": "node-web", "pod-template-hash": "66b6c48dd5"}
    pod.spec["priority"] = 0
    pod.spec["tolerations"] = [
        {"effect": "NoExecute", "key": f"node.kubernetes.io/{key}", "operator": "Exists", "tolerationSeconds": 300}
        for key in ("unreachable", "not-ready")]
    pod.spec["volumes"] = [{"name": "kube-api-access-9xq2m", "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt"}}, {"downwardAPI": {}}]}}]
    pod.spec["containers"][0]["volumeMounts"] = [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                                  "name": "kube-api-access-9xq2m", "readOnly": True}]
    pod.status["qosClass"] = "BestEffort"
    pod.status["containerStatuses"][0].update(containerID="containerd://abc",
                                              imageID="docker.io/whatwant/node-web@sha256:1")
    events = [Event("default", "Pod", pod.name, "Normal", "Pulled",
                    'Container image "whatwant/node-web:1.0" already present on machine', "kubelet",
                    now - 132 * 60, now - 132 * 60)]
    assert describe(pod, DescribeContext(now, events=events)) == (
        "Name:         rs-web-22d9l\n"
        "Namespace:    default\n"
        "Priority:     0\n"
        "Node:         worker2/192.168.100.202\n"
        "Start Time:   Mon, 01 Aug 2022 10:30:00 +0000\n"
        "Labels:       app=node-web\n"
        "              pod-template-hash=66b6c48dd5\n"
        "Annotations:  <none>\n"
        "Status:       Running\n"
        "IP:           10.233.103.67\n"
        "IPs:\n"
        "  IP:           10.233.103.67\n"
        "Controlled By:  ReplicaSet/rs-web\n"
        "Containers:\n"
        "  node-web:\n"
        "    Container ID:   containerd://abc\n"
        "    Image:          whatwant/node-web:1.0\n"
        "    Image ID:       docker.io/whatwant/node-web@sha256:1\n"
        "    Port:           8080/TCP\n"
        "    Host Port:      0/TCP\n"
        "    State:          Running\n"
        "      Started:      Mon, 01 Aug 2022 10:30:00 +0000\n"
        "    Last State:     Terminated\n"
        "      Reason:       Unknown\n"
        "      Exit Code:    255\n"
        "      Started:      Mon, 01 Aug 2022 10:30:00 +0000\n"
        "      Finished:     Wed, 03 Aug 2022 08:18:00 +0000\n"
        "    Ready:          True\n"
        "    Restart Count:  1\n"
        "    Environment:    <none>\n"
        "    Mounts:\n"
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9xq2m (ro)\n"
        "Conditions:\n"
        "  Type              Status\n"
        "  Initialized       True \n"
        "  Ready             True \n"
        "  ContainersReady   True \n"
        "  PodScheduled      True \n"
        "Volumes:\n"
        "  kube-api-access-9xq2m:\n"
        "    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
        "    TokenExpirationSeconds:  3607\n"
        "    ConfigMapName:           kube-root-ca.crt\n"
        "    ConfigMapOptional:       <nil>\n"
        "    DownwardAPI:             true\n"
        "QoS Class:                   BestEffort\n"
        "Node-Selectors:              <none>\n"
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
        "Events:\n"
        "  Type    Reason  Age   From     Message\n"
        "  ----    ------  ----  ----     -------\n"
        "  Normal  Pulled  132m  kubelet  Container image \"whatwant/node-web:1.0\" already present on machine\n")


def test_describe_pending_pod_has_no_node_and_no_container_status(make, now):
    pod = make.pod("pending", node=None)
    text = describe(pod, DescribeContext(now))
    assert "Node:         <none>\n" in text
    assert "Container ID" not in text and "IPs:          <none>\n" in text


def test_describe_waiting_container_and_probes(make, now):
    pod = make.pod("p", waiting="ImagePullBackOff")
    pod.spec["containers"][0]["readinessProbe"] = {"exec": {"command": ["ls", "/var/ready"]}}
    pod.spec["containers"][0]["livenessProbe"] = {"httpGet": {"port": 8080}, "periodSeconds": 5}
    text = describe(pod, DescribeContext(now))
    assert "    State:          Waiting\n      Reason:       ImagePullBackOff\n" in text
    assert "    Liveness:       http-get http://:8080/ delay=0s timeout=1s period=5s #success=1 #failure=3\n" in text
    assert "    Readiness:      exec [ls /var/ready] delay=0s timeout=1s period=10s #success=1 #failure=3\n" in text


def test_describe_deployment_lists_new_replica_set(make, now):
    d = make.deployment("dp-web")
    d.status["conditions"] = [{"reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
                              {"reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}]
    new = make.replicaset("dp-web-66b6c48dd5", owner=d, selector={"app": "dp-web"})
    new.spec["template"] = {**d.spec["template"], "metadata": {"creationTimestamp": None, "labels": {
        "app": "dp-web", "pod-template-hash": "66b6c48dd5"}}}
    old = make.replicaset("dp-web-5d59d67564", owner=d, replicas=0, selector={"app": "dp-web"})
    text = describe(d, DescribeContext(now, replica_sets=[old, new]))
    assert text.endswith(
        "Conditions:\n"
        "  Type           Status  Reason\n"
        "  ----           ------  ------\n"
        "  Available      True    MinimumReplicasAvailable\n"
        "  Progressing    True    NewReplicaSetAvailable\n"
        "OldReplicaSets:  <none>\n"
        "NewReplicaSet:   dp-web-66b6c48dd5 (3/3 replicas created)\n"
        "Events:          <none>\n")
    assert "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n" in text
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n" in text


def test_describe_namespace_without_quotas(make, now):
    from simulator.printers.describe import describe_namespace  # Namespace's describer (kinds/namespace.py)

    assert describe_namespace(make.namespace("default"), DescribeContext(now)) == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n"
        "\n"
        "No resource quota.\n"
        "\n"
        "No LimitRange resource.\n")


def test_describe_namespace_with_quota_table(make, now):
    quota = make.namespace("compute-resources")
    quota.kind, quota.metadata.namespace = "ResourceQuota", "default"
    quota.body = {"spec": {}, "status": {"hard": {"pods": "10", "requests.cpu": "1"}, "used": {"pods": "3"}}}
    from simulator.printers.describe import describe_namespace

    text = describe_namespace(make.namespace("default"), DescribeContext(now, resource_quotas=[quota]))
    assert "Resource Quotas\n  Name:         compute-resources\n  Resource      Used  Hard\n" in text
    assert "  requests.cpu  0     1\n" in text


def test_describe_node_sections(make, now):
    node = make.node("master", "192.168.100.200", master=True)
    node.spec["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/master"}]
    pod = make.pod("calico-node-599ck", namespace="kube-system", node="master")
    pod.spec["containers"][0]["resources"] = {"requests": {"cpu": "150m"}, "limits": {"cpu": "300m"}}
    text = describe(node, DescribeContext(now, pods=[pod]))
    assert text.startswith("Name:               master\nRoles:              control-plane,master\n")
    assert "Taints:             node-role.kubernetes.io/master:NoSchedule\n" in text
    assert "Non-terminated Pods:          (1 in total)\n" in text
    assert "  cpu                150m (7%)  300m (15%)\n" in text


def test_unknown_kind_is_refused(make, now):
    obj = make.namespace("x")
    obj.kind = "ConfigMap"
    try:
        describe(obj, DescribeContext(now))
    except ValueError as error:
        assert "no description has been implemented for ConfigMap" in str(error)
    else:
        raise AssertionError("expected ValueError")


def test_describe_never_changes_the_object(make, now):
    svc = make.service("svc", selector={"app": "x"})
    before = svc.to_dict()
    describe(svc, DescribeContext(now))
    assert svc.to_dict() == before
