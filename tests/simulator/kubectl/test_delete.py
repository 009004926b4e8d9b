"""`kubectl delete` by name, by `-l`, by `--all`, across `-A`, with kubectl 1.23's and the API server's texts.

Expected texts are from kubectl's `delete.go` and cli-runtime's `builder.go` (v1.23) and the
NamespaceLifecycle admission plugin; the kube-system pod names are the lecture's own
(`kubectl get pods -n kube-system` in the slides).
"""

from __future__ import annotations

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR

# The Week-2 slides (course/02-Pod-Namespace/slides.txt, lines 684-699) list these names,
# kubespray's nginx-proxy-worker1/2 included (the Week-4 lecture's listing is cropped before them).
LECTURE_KUBE_SYSTEM_PODS = [
    "calico-kube-controllers-6dd874f784-rjxtz", "calico-node-599ck", "calico-node-qlhvf", "calico-node-tpwvg",
    "coredns-76b4fb4578-kc7vm", "coredns-76b4fb4578-zbtvb", "dns-autoscaler-7979fb6659-p5fpm",
    "kube-apiserver-master", "kube-controller-manager-master", "kube-proxy-2w5rk", "kube-proxy-dqjmx",
    "kube-proxy-z8vfl", "kube-scheduler-master", "nginx-proxy-worker1", "nginx-proxy-worker2",
    "nodelocaldns-8bvtg", "nodelocaldns-kx9wq", "nodelocaldns-m5h2z",
]


@pytest.fixture
def session():
    session = Cluster(seed=1, files=HANDS_ON_DIR).session()
    session.run("kubectl create -f kubernetes/03-RS-DS-JOB-CJ/hands-on/rs-web.yaml")
    return session


def pod_names(session, namespace):
    return [pod["metadata"]["name"] for pod in session.cluster.list("pods", namespace)]


@pytest.mark.parametrize("namespace", ["default", "kube-system", "kube-public"])
def test_the_api_servers_own_namespaces_may_not_be_deleted(session, namespace):
    result = session.run(f"kubectl delete ns {namespace}")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "", f'Error from server (Forbidden): namespaces "{namespace}" is forbidden: this namespace may not be deleted\n', 1)
    assert session.cluster.get("namespaces", namespace, None) is not None


def test_a_namespace_of_ones_own_is_deleted_with_what_is_in_it(session):
    session.run("kubectl create ns shop")
    session.run("kubectl create deployment web --image=whatwant/node-web:1.0 -n shop")
    result = session.run("kubectl delete namespace shop")
    assert (result.output, result.exit_code) == ('namespace "shop" deleted\n', 0)
    assert session.cluster.list("deployments", "shop") == []


def test_deleting_an_immortal_namespace_from_a_file_names_the_file():
    manifest = b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n"
    result = Cluster(seed=1, files={"ns.yaml": manifest}).run("kubectl delete -f ns.yaml")
    assert (result.stderr, result.exit_code) == (
        'Error from server (Forbidden): error when deleting "ns.yaml": namespaces "default" '
        "is forbidden: this namespace may not be deleted\n", 1)


def test_delete_all_in_all_namespaces_deletes_every_pod_in_namespace_then_name_order(session):
    workers = pod_names(session, "default")
    result = session.run("kubectl delete pods --all -A")
    expected = [f'pod "{name}" deleted' for name in sorted(workers) + LECTURE_KUBE_SYSTEM_PODS]
    assert (result.stdout.splitlines(), result.stderr, result.exit_code) == (expected, "", 0)


def test_owned_pods_come_back_under_new_names_and_static_pods_under_their_own(session):
    before = set(pod_names(session, "default")) | set(pod_names(session, "kube-system"))
    session.run("kubectl delete pods --all -A")
    after = pod_names(session, "kube-system")
    assert len(pod_names(session, "default")) == 3
    assert len(after) == len(LECTURE_KUBE_SYSTEM_PODS)
    static = {"kube-apiserver-master", "kube-controller-manager-master", "kube-scheduler-master",
              "nginx-proxy-worker1", "nginx-proxy-worker2"}
    assert set(after) & before == static  # a mirror pod is re-posted by the kubelet under the same name
    ages = session.run("kubectl get pod kube-apiserver-master -n kube-system --no-headers").stdout.split()
    # re-posted at once, while kubectl still waited for rs-web's node-web pods (killed after their 30 s grace)
    assert ages[-1] in ("30s", "31s", "32s")


def test_all_without_a_namespace_flag_stays_in_the_current_namespace(session):
    result = session.run("kubectl delete pods --all")
    assert len(result.stdout.splitlines()) == 3
    assert pod_names(session, "kube-system") == LECTURE_KUBE_SYSTEM_PODS


def test_a_selector_across_all_namespaces_deletes_only_matching_pods(session):
    result = session.run("kubectl delete pods -l k8s-app=kube-dns -A")
    assert result.stdout == 'pod "coredns-76b4fb4578-kc7vm" deleted\npod "coredns-76b4fb4578-zbtvb" deleted\n'
    assert len(pod_names(session, "default")) == 3


def test_a_selector_that_matches_nothing_prints_no_resources_found_on_stdout(session):
    result = session.run("kubectl delete pods -l app=nothing")
    assert (result.stdout, result.stderr, result.exit_code) == ("No resources found\n", "", 0)


@pytest.mark.parametrize("line, message", [
    ("kubectl delete pods --all -l app=node-web", "error: setting 'all' parameter but found a non empty selector. "),
    ("kubectl delete pods -A", "error: resource(s) were provided, but no name was specified"),
    ("kubectl delete pods", "error: resource(s) were provided, but no name was specified"),
    ("kubectl delete pod web -A", "error: a resource cannot be retrieved by name across all namespaces"),
    ("kubectl delete pod web -l app=node-web", "error: name cannot be provided when a selector is specified"),
    ("kubectl delete pod/web --all",
     "error: selectors and the all flag cannot be used when passing resource/name arguments"),
    ("kubectl delete pods --all -o yaml", "error: unexpected -o output mode: yaml. We only support '-o name'"),
])
def test_conflicting_delete_arguments_get_kubectls_own_error(session, line, message):
    result = session.run(line)
    assert (result.stdout, result.stderr, result.exit_code) == ("", message + "\n", 1)
    assert len(pod_names(session, "default")) == 3


def test_missing_names_are_reported_after_the_deletions_that_went_through(session):
    first = pod_names(session, "default")[0]
    result = session.run(f"kubectl delete pod nosuch {first}")
    assert result.output == (f'pod "{first}" deleted\n'
                             'Error from server (NotFound): pods "nosuch" not found\n')
    assert result.exit_code == 1


def test_force_with_zero_grace_warns_and_says_force_deleted(session):
    first = pod_names(session, "default")[0]
    result = session.run(f"kubectl delete pod {first} --grace-period=0 --force")
    assert result.stderr == ("warning: Immediate deletion does not wait for confirmation that the running resource "
                             "has been terminated. The resource may continue to run on the cluster indefinitely.\n")
    assert result.stdout == f'pod "{first}" force deleted\n'


def test_client_dry_run_deletes_nothing(session):
    names = pod_names(session, "default")
    result = session.run("kubectl delete pods --all --dry-run=client -o name")
    assert result.stdout == "".join(f"pod/{name}\n" for name in names)
    assert pod_names(session, "default") == names


def test_namespace_lifecycle_refuses_in_the_api_server_as_a_structured_forbidden_error():
    from simulator.errors import StatusError
    from simulator.registry.kinds import by_kind

    with pytest.raises(StatusError) as raised:
        Cluster(seed=1).store.delete(by_kind("Namespace"), None, "kube-system")
    error = raised.value
    assert (error.reason, error.code, error.kind, error.name) == ("Forbidden", 403, "namespaces", "kube-system")
    assert error.message == 'namespaces "kube-system" is forbidden: this namespace may not be deleted'
