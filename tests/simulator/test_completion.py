"""Tab completion as bash with bash-completion and kubectl 1.23's completion script gives it.

The expected candidates are written by hand from kubectl 1.23's cobra completion
(`ResourceTypeAndNameCompletionFunc`: types as `kubectl api-resources -o name` prints them,
with `.group` outside the core group; names of that type in the `-n` namespace; cobra's
`--flag`/`-f` names), restricted to what the simulator serves.
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.shell.completion import complete


@pytest.fixture
def session():
    cluster = Cluster(seed=3, files={"svc-web.yaml": b"kind: Service\n", "notes.txt": b"x\n",
                                     "manifests/rs.yaml": b"kind: ReplicaSet\n"})
    terminal = cluster.session(interactive=True)
    terminal.run("kubectl create deployment web --image=nginx --replicas=2")
    terminal.run("kubectl expose deployment web --port=80")
    return terminal


def names(session, kind: str, namespace: str = "default") -> list[str]:
    return sorted(item["metadata"]["name"] for item in session.cluster.list(kind, namespace))


def test_a_verb_completes_from_its_first_letters(session):
    assert complete(session, "kubectl g").candidates == ["get"]
    assert complete(session, "kubectl ex").candidates == ["exec", "explain", "expose"]


def test_resource_types_are_api_resources_names(session):
    # `kubectl api-resources -o name` order; PodSecurityPolicy is served (policy/v1beta1) in 1.23
    assert complete(session, "kubectl get po").candidates == ["pods", "podsecuritypolicies.policy"]
    assert complete(session, "kubectl get deploy").candidates == ["deployments.apps"]
    assert complete(session, "kubectl get pods,se").candidates == ["pods,secrets", "pods,serviceaccounts", "pods,services"]


def test_object_names_of_the_typed_kind(session):
    pods = names(session, "pods")
    result = complete(session, "kubectl get pods web-")
    assert (result.start, result.candidates) == (len("kubectl get pods "), pods)
    assert complete(session, "kubectl get pods " + pods[0] + " web-").candidates == pods[1:]


def test_a_short_name_completes_names_of_its_kind(session):
    assert complete(session, "kubectl describe svc ").candidates == ["kubernetes", "web"]


def test_names_come_from_the_namespace_given_by_n(session):
    coredns = [name for name in names(session, "pods", "kube-system") if name.startswith("coredns")]
    assert len(coredns) == 2
    assert complete(session, "kubectl -n kube-system get pods co").candidates == coredns


def test_type_slash_name_completes_names_with_the_prefix(session):
    assert complete(session, "kubectl get svc/w").candidates == ["svc/web"]


def test_pod_verbs_offer_pod_names(session):
    assert complete(session, "kubectl logs ").candidates == names(session, "pods")


def test_flags_after_a_dash(session):
    assert complete(session, "kubectl get --o").candidates == ["--output", "--output-watch-events"]
    assert {"-n", "-o", "-w", "--namespace", "--watch"} <= set(complete(session, "kubectl get -").candidates)


def test_namespace_and_output_values(session):
    assert complete(session, "kubectl get pods -n kube-").candidates == ["kube-node-lease", "kube-public",
                                                                         "kube-system"]
    assert complete(session, "kubectl get pods -o y").candidates == ["yaml"]


def test_dash_f_offers_manifests_and_folders(session):
    result = complete(session, "kubectl apply -f ")
    assert (result.start, result.candidates) == (len("kubectl apply -f "), ["manifests/", "svc-web.yaml"])
    assert complete(session, "kubectl apply -f manifests/").candidates == ["manifests/rs.yaml"]


def test_the_first_word_is_a_program(session):
    assert complete(session, "cur").candidates == ["curl"]
    assert complete(session, "kubectl get pods | gr").candidates == ["grep"]


def test_ssh_offers_the_inventory_hosts(session):
    result = complete(session, "ssh vagrant@w")
    assert (result.start, result.candidates) == (4, ["vagrant@worker1", "vagrant@worker1.cluster.local",
                                                     "vagrant@worker2", "vagrant@worker2.cluster.local"])


def test_other_programs_complete_file_names(session):
    assert complete(session, "cat n").candidates == ["notes.txt"]
