"""StatefulSets as the v1.23 controller runs them (pkg/controller/statefulset), on the course's
week-8 manifests (shared/course/08-Deployment-StatefulSet/hands-on: sf-web.yaml, svc-headless.yaml).

Slide truths, quoted with line numbers: `kubectl get statefulsets -o wide` prints
`sf-web     2/2      99s   node-web     whatwant/node-web:3.0` (856) and the pods are `sf-web-0`
and `sf-web-1` (866-867); `dig SRV svc-web.default.svc.cluster.local` answers one SRV record per
pod, `0 50 80 sf-web-N.svc-web.default.svc.cluster.local.` (997-998). The rest (order of
creation, reverse scale down, partitions) is worked by hand from stateful_set_control.go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster

COURSE = Path("/work/shared/course/08-Deployment-StatefulSet")
SLIDES = COURSE / "slides.txt"
pytestmark = pytest.mark.skipif(not SLIDES.exists(), reason="the course's week-8 files are not on this machine")


def slide(number: int) -> str:
    return SLIDES.read_text().split("\n")[number - 1]


def started(seed: int = 11) -> tuple[Cluster, object]:
    cluster = Cluster(seed=seed, files=COURSE / "hands-on")
    shell = cluster.session()
    shell.run("kubectl create -f pv-statefulset.yaml")  # slides 780-810: the claims' volumes come first
    shell.run("kubectl create -f svc-headless.yaml")
    shell.run("kubectl create -f sf-web.yaml")
    shell.run("sleep 20")
    return cluster, shell


def pod_names(cluster: Cluster) -> list[str]:
    return sorted(p["metadata"]["name"] for p in cluster.list("pods", "default") if p["metadata"]["name"].startswith("sf-"))


def creations(cluster: Cluster) -> list[str]:
    events = sorted(cluster.events.for_object("default", "StatefulSet", "sf-web"), key=lambda e: e.serial)
    return [e.message for e in events if not e.message.startswith("create Claim")]  # the claims' own events


def test_the_table_and_the_pods_as_on_the_slides():
    assert slide(856).split()[-5:] == ["sf-web", "2/2", "99s", "node-web", "whatwant/node-web:3.0"]
    assert slide(866).split()[-9] == "sf-web-0" and slide(867).split()[-9] == "sf-web-1"
    cluster, shell = started()
    row = shell.run("kubectl get statefulsets -o wide").output.splitlines()
    assert row[0].split() == ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]
    words = row[1].split()
    assert (words[0], words[1], words[3], words[4]) == ("sf-web", "2/2", "node-web", "whatwant/node-web:3.0")
    assert pod_names(cluster) == ["sf-web-0", "sf-web-1"]
    assert shell.run("kubectl get replicasets -o wide").output.strip() == "No resources found in default namespace."


def test_ordered_ready_creates_one_at_a_time_and_scales_down_from_the_top():
    cluster, shell = started()
    assert creations(cluster) == ["create Pod sf-web-0 in StatefulSet sf-web successful",
                                  "create Pod sf-web-1 in StatefulSet sf-web successful"]
    pod0, pod1 = (cluster.get("pods", name) for name in ("sf-web-0", "sf-web-1"))
    assert pod0["metadata"]["creationTimestamp"] <= pod1["metadata"]["creationTimestamp"]
    shell.run("kubectl scale statefulset sf-web --replicas=4")
    shell.run("sleep 30")
    assert pod_names(cluster) == ["sf-web-0", "sf-web-1", "sf-web-2", "sf-web-3"]
    shell.run("kubectl scale statefulset sf-web --replicas=1")
    shell.run("sleep 100")  # one pod at a time, each waited out: node-web ignores SIGTERM (30 s grace each)
    assert pod_names(cluster) == ["sf-web-0"]
    deletions = [m for m in creations(cluster) if m.startswith("delete Pod")]
    assert deletions == [f"delete Pod sf-web-{n} in StatefulSet sf-web successful" for n in (3, 2, 1)]


def test_a_deleted_pod_comes_back_with_its_name_identity_and_claim():
    cluster, shell = started()
    before = cluster.get("pods", "sf-web-0")
    shell.run("kubectl delete pod sf-web-0")
    shell.run("sleep 10")
    after = cluster.get("pods", "sf-web-0")
    assert after["metadata"]["uid"] != before["metadata"]["uid"]
    assert (after["spec"]["hostname"], after["spec"]["subdomain"]) == ("sf-web-0", "svc-web")
    volumes = {v["name"]: v for v in after["spec"]["volumes"]}
    assert volumes["data"]["persistentVolumeClaim"] == {"claimName": "data-sf-web-0"}
    assert after["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "sf-web-0"


def test_the_headless_service_answers_srv_records_per_pod():
    assert slide(997).split()[-4:] == ["0", "50", "80", "sf-web-1.svc-web.default.svc.cluster.local."]
    cluster, shell = started()
    shell.run("kubectl run dns --image=k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3 --restart=Never -- sleep 3600")
    shell.run("sleep 10")
    output = shell.run("kubectl exec dns -- dig SRV svc-web.default.svc.cluster.local +short").output
    assert sorted(output.split("\n")[:2]) == ["0 50 80 sf-web-0.svc-web.default.svc.cluster.local.",
                                             "0 50 80 sf-web-1.svc-web.default.svc.cluster.local."]


def test_a_rolling_update_stops_at_the_partition():
    cluster, shell = started()
    shell.run("kubectl scale statefulset sf-web --replicas=3")
    shell.run("sleep 30")
    shell.run("""kubectl patch statefulset sf-web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}'""")
    shell.run("kubectl set image statefulset sf-web node-web=whatwant/node-web:2.0")
    shell.run("sleep 90")  # two pods replaced in turn, each killed at the end of node-web's 30 s grace, then started
    images = {p["metadata"]["name"]: p["spec"]["containers"][0]["image"] for p in cluster.list("pods", "default")}
    assert images == {"sf-web-0": "whatwant/node-web:3.0", "sf-web-1": "whatwant/node-web:2.0",
                      "sf-web-2": "whatwant/node-web:2.0"}
    status = cluster.get("statefulsets", "sf-web")["status"]
    assert status["updatedReplicas"] == 2 and status["currentRevision"] != status["updateRevision"]


def test_run_it_rm_prints_the_commands_output_and_deletes_the_pod():
    """Slides 979-1009: `kubectl run -it srvlookup ... --rm --restart=Never -- dig SRV svc-web...` prints
    dig's answer, then `pod "srvlookup" deleted`. The slide's image (gcr.io/kubernetes-e2e-test-images/
    dnsutils:1.3, DiG 9.11) is not simulated; the course's jessie-dnsutils image runs the same query."""
    assert slide(1009) == 'pod "srvlookup" deleted'
    answers = [slide(997).split(), slide(998).split()]
    cluster, shell = started()
    result = shell.run("kubectl run -it srvlookup --image=k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3 --rm "
                       "--restart=Never -- dig SRV svc-web.default.svc.cluster.local")
    lines = result.stdout.split("\n")
    section = lines.index(";; ANSWER SECTION:")
    # CoreDNS lists a headless Service's records in its endpoints' order, which varies: compared as a set
    assert sorted(line.split() for line in lines[section + 1:section + 3]) == sorted(answers)
    assert lines[-2:] == ['pod "srvlookup" deleted', ""]
    assert cluster.get("pods", "srvlookup") is None
    assert result.exit_code == 0


def test_rm_without_attaching_is_refused_as_kubectl_refuses_it():
    cluster, shell = started()
    result = shell.run("kubectl run once --image=busybox --rm --restart=Never -- ls")
    assert result.exit_code == 1 and result.stderr == "error: --rm should only be used for attached containers\n"
