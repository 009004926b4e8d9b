"""Week 10: LimitRange and ResourceQuota as v1.23's admission plugins and quota controller apply them.

Truth: the slides' transcripts (10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt,
quoted by line) and the v1.23.7 source: plugin/pkg/admission/limitranger/admission.go
(mergeContainerResources, minConstraint/maxConstraint/limitRequestRatioConstraint, errors
aggregated as `[a, b]`), the resourcequota admission controller (`failed quota: %s: %v`,
`exceeded quota: %s, requested: %s, used: %s, limited: %s`, keys sorted) and
pkg/quota/v1/evaluator/core/pods.go (`must specify` the sorted missing names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")

# slide lines 259-291: 08-week/limitrange/limitrange.yaml (both columns of the slide)
LIMITRANGE = """apiVersion: v1
kind: LimitRange
metadata:
  name: limitrange
spec:
 limits:
 - type: Pod
   min:
     cpu: 50m
     memory: 5Mi
   max:
     cpu: 1
     memory: 1Gi
 - type: Container
   defaultRequest:
     cpu: 100m
     memory: 10Mi
   default:
     cpu: 200m
     memory: 100Mi
   min:
     cpu: 50m
     memory: 5Mi
   max:
     cpu: 1
     memory: 1Gi
   maxLimitRequestRatio:
     cpu: 4
     memory: 10
 - type: PersistentVolumeClaim
   min:
     storage: 1Gi
   max:
     storage: 10Gi
"""
# slide lines 297-306: 08-week/limitrange/pod-nolimit.yaml
NOLIMIT = """apiVersion: v1
kind: Pod
metadata:
  name: nolimit
spec:
 containers:
 - name: main
   image: busybox
   command: ["dd", "if=/dev/zero", "of=/dev/null"]
"""
# slide lines 338-351: the ResourceQuota's first column
QUOTA = """apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota-all
spec:
 hard:
  requests.cpu: 400m
  requests.memory: 200Mi
  limits.cpu: 600m
  limits.memory: 500Mi
"""


def slide_lines() -> list[str]:
    if not SLIDES.exists():
        pytest.skip(f"the course's slides are not at {SLIDES}")
    return SLIDES.read_text(encoding="utf-8").split("\n")


def right_column(number: int, start: int) -> str:
    return slide_lines()[number - 1][start:].rstrip()


@pytest.fixture
def session():
    files = {"limitrange.yaml": LIMITRANGE, "pod-nolimit.yaml": NOLIMIT, "quota.yaml": QUOTA,
             "big.yaml": NOLIMIT.replace("nolimit", "big") + "   resources:\n     limits:\n       cpu: 2\n",
             "partial.yaml": NOLIMIT.replace("nolimit", "partial") + "   resources:\n     limits:\n       cpu: 300m\n"}
    cluster = Cluster(seed=7, files={k: v.encode() for k, v in files.items()})
    session = cluster.session()
    assert session.run("kubectl create namespace limitrange-test").output == "namespace/limitrange-test created\n"
    assert session.run("kubectl create --namespace limitrange-test -f limitrange.yaml").output == (
        "limitrange/limitrange created\n")
    session.cluster = cluster
    return session


def test_describe_limitrange_prints_the_slides_rows(session):
    """Slide lines 280-291 (right column from character 27). The slide's text extraction moved
    spaces inside the rows, so the cells compare in order, row by row."""
    lines = slide_lines()
    assert lines[279].endswith("remote ❯ kubectl describe --namespace limitrange-test limitranges limitrange")
    quoted = [right_column(n, 27) for n in (282, 283, 284, 285, 286, 287, 288, 290, 291)]
    printed = session.run("kubectl describe --namespace limitrange-test limitranges limitrange").stdout.splitlines()
    assert quoted[0].split() == ["Name:", "limitrange"]
    assert [line.split() for line in printed] == [line.split() for line in quoted]


def test_a_pod_without_resources_gets_the_defaults(session):
    """Slide lines 316-325: Limits cpu 200m memory 100Mi, Requests cpu 100m memory 10Mi."""
    lines = slide_lines()
    assert [lines[n - 1].strip() for n in range(319, 325)] == [
        "Limits:", "cpu:      200m", "memory:   100Mi", "Requests:", "cpu:        100m", "memory:     10Mi"]
    assert session.run("kubectl create --namespace limitrange-test -f pod-nolimit.yaml").output == "pod/nolimit created\n"
    described = session.run("kubectl describe --namespace limitrange-test pods nolimit").stdout.splitlines()
    start = described.index("    Limits:")
    assert [line.strip() for line in described[start:start + 6]] == [
        "Limits:", "cpu:     200m", "memory:  100Mi", "Requests:", "cpu:        100m", "memory:     10Mi"]
    pod = session.cluster.store.get(by_kind("Pod"), "limitrange-test", "nolimit")
    assert pod.status["qosClass"] == "Burstable"  # the defaults differ: requests are not limits


def test_the_limitranger_says_on_the_pod_what_it_set(session):
    """plugin/pkg/admission/limitranger/admission.go, mergePodResourceRequirements: the names it set,
    sorted, requests then limits per container, joined by `; `, under kubernetes.io/limit-ranger
    (short of printAnnotationsMultiline's 140 characters: one line). A name the container states
    itself gets no note."""
    session.run("kubectl create --namespace limitrange-test -f pod-nolimit.yaml")
    pod = session.cluster.store.get(by_kind("Pod"), "limitrange-test", "nolimit")
    assert pod.metadata.annotations["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main")
    described = session.run("kubectl describe --namespace limitrange-test pods nolimit").stdout.splitlines()
    assert ("Annotations:  kubernetes.io/limit-ranger: LimitRanger plugin set: cpu, memory request for container main; "
            "cpu, memory limit for container main") in described
    session.run("kubectl create --namespace limitrange-test -f big.yaml")  # refused: over the maximum
    session.run("kubectl create --namespace limitrange-test -f partial.yaml")
    pod = session.cluster.store.get(by_kind("Pod"), "limitrange-test", "partial")
    assert pod.metadata.annotations["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: memory request for container main; memory limit for container main")


def test_a_container_over_the_maximum_is_refused_per_pod_and_per_container(session):
    """The Pod item comes first in the LimitRange, so its error leads the aggregate."""
    result = session.run("kubectl create --namespace limitrange-test -f big.yaml")
    assert result.stderr == (
        'Error from server (Forbidden): error when creating "big.yaml": pods "big" is forbidden: '
        "[maximum cpu usage per Pod is 1, but limit is 2, maximum cpu usage per Container is 1, but limit is 2]\n")
    assert session.cluster.store.find(by_kind("Pod"), "limitrange-test", "big") is None


def test_ratio_and_minimum_refusals_say_what_was_provided(session):
    # kubectl 1.23's run has no --requests: the objects go straight to the store, through its admission
    from simulator.objects import KubeObject, ObjectMeta
    from simulator.errors import StatusError

    def pod(name: str, resources: dict) -> KubeObject:
        return KubeObject("v1", "Pod", ObjectMeta(name, "limitrange-test"),
                          {"spec": {"containers": [{"name": "c", "image": "nginx", "resources": resources}]}})

    with pytest.raises(StatusError) as refused:
        session.cluster.store.create(pod("ratio", {"requests": {"cpu": "100m"}, "limits": {"cpu": "500m"}}))
    assert refused.value.message == ('pods "ratio" is forbidden: cpu max limit to request ratio per Container is 4, '
                                     "but provided ratio is 5.000000")
    with pytest.raises(StatusError) as refused:
        session.cluster.store.create(pod("small", {"requests": {"cpu": "10m"}}))
    assert refused.value.message == ('pods "small" is forbidden: [minimum cpu usage per Pod is 50m, but request is 10m, '
                                     "minimum cpu usage per Container is 50m, but request is 10m, "
                                     "cpu max limit to request ratio per Container is 4, but provided ratio is 20.000000]")


def test_a_quota_counts_what_pods_request_and_refuses_the_one_too_many(session):
    assert session.run("kubectl create --namespace limitrange-test -f quota.yaml").output == (
        "resourcequota/quota-all created\n")
    assert session.run("kubectl run --namespace limitrange-test a1 --image=nginx").output == "pod/a1 created\n"
    assert session.run("kubectl run --namespace limitrange-test a2 --image=nginx").output == "pod/a2 created\n"
    assert session.run("kubectl run --namespace limitrange-test a3 --image=nginx").output == "pod/a3 created\n"
    result = session.run("kubectl run --namespace limitrange-test a4 --image=nginx")  # 3 x 200m is all of 600m
    assert result.stderr == ('Error from server (Forbidden): pods "a4" is forbidden: exceeded quota: quota-all, '
                             "requested: limits.cpu=200m, used: limits.cpu=600m, limited: limits.cpu=600m\n")
    quota = session.cluster.store.get(by_kind("ResourceQuota"), "limitrange-test", "quota-all")
    assert quota.status["used"] == {"limits.cpu": "600m", "limits.memory": "300Mi",
                                    "requests.cpu": "300m", "requests.memory": "30Mi"}
    described = session.run("kubectl describe --namespace limitrange-test resourcequotas quota-all").stdout
    assert described.splitlines()[2:] == ["Resource         Used   Hard", "--------         ----   ----",
                                          "limits.cpu       600m   600m", "limits.memory    300Mi  500Mi",
                                          "requests.cpu     300m   400m", "requests.memory  30Mi   200Mi"]
    session.run("kubectl delete pod --namespace limitrange-test a1")
    assert session.run("kubectl run --namespace limitrange-test a4 --image=nginx").output == "pod/a4 created\n"


def test_a_quota_without_a_limitrange_needs_every_container_to_state_it():
    cluster = Cluster(seed=7, files={"quota.yaml": QUOTA.encode()})
    session = cluster.session()
    session.run("kubectl create namespace q")
    session.run("kubectl create --namespace q -f quota.yaml")
    assert session.run("kubectl run --namespace q plain --image=busybox").stderr == (
        'Error from server (Forbidden): pods "plain" is forbidden: failed quota: quota-all: '
        "must specify limits.cpu,limits.memory,requests.cpu,requests.memory\n")


def test_a_best_effort_scoped_quota_counts_only_best_effort_pods():
    scoped = """apiVersion: v1
kind: ResourceQuota
metadata:
  name: besteffort
spec:
  scopes:
  - BestEffort
  hard:
    pods: 1
"""
    cluster = Cluster(seed=7, files={"q.yaml": scoped.encode()})
    session = cluster.session()
    session.run("kubectl create -f q.yaml")
    assert session.run("kubectl run first --image=nginx").output == "pod/first created\n"
    assert session.run("kubectl run second --image=nginx").stderr == (
        'Error from server (Forbidden): pods "second" is forbidden: exceeded quota: besteffort, '
        "requested: pods=1, used: pods=1, limited: pods=1\n")
