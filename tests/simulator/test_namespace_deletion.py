"""A namespace deleted with pods in it stays Terminating until the namespace controller has emptied
it, refuses new content meanwhile, then vanishes; `kubectl delete ns` waits for that.

Truth, from the 1.23 source read by hand: the namespace storage's Delete sets deletionTimestamp
and phase Terminating while the `kubernetes` finalizer is there (pkg/registry/core/namespace/
storage/storage.go); NamespaceLifecycle admission refuses creates with `unable to create new
content in namespace %s because it is being terminated` as a Forbidden (apiserver/pkg/admission/
plugin/namespace/lifecycle/admission.go); the namespace controller requeues after
`estimate/2 + 1` seconds while pods remain, the estimate being the longest remaining grace
period (pkg/controller/namespace/namespace_controller.go, deletion/namespaced_resources_deleter.go
estimateGracefulTermination); kubectl delete's --wait defaults to true and waits for the object
to be gone (kubectl/pkg/cmd/delete/delete.go).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: dev
spec:
  containers:
  - name: web
    image: whatwant/node-web:1.0
"""


@pytest.fixture()
def shell():
    cluster = Cluster(seed=5)
    terminal = cluster.session()
    terminal.run("kubectl create namespace dev")
    terminal.run("kubectl run web --image whatwant/node-web:1.0 -n dev")
    terminal.run("kubectl create deployment d --image whatwant/node-web:1.0 --replicas 2 -n dev")
    terminal.run("sleep 10")
    return terminal


def test_the_namespace_is_terminating_and_refuses_new_pods(shell):
    assert shell.run("kubectl delete namespace dev --wait=false").output == 'namespace "dev" deleted\n'
    table = shell.run("kubectl get ns dev").output.splitlines()
    assert table[0].split() == ["NAME", "STATUS", "AGE"] and table[1].split()[:2] == ["dev", "Terminating"]
    assert shell.run("kubectl get ns dev -o jsonpath='{.spec.finalizers}'").output == '["kubernetes"]'
    assert shell.run("kubectl run q --image busybox -n dev").output == (
        'Error from server (Forbidden): pods "q" is forbidden: unable to create new content in namespace dev '
        "because it is being terminated\n")


def test_a_manifest_into_it_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "x.yaml").write_text(POD)
    cluster = Cluster(seed=5, files=tmp_path)
    terminal = cluster.session()
    terminal.run("kubectl create namespace dev")
    terminal.run("kubectl run web --image whatwant/node-web:1.0 -n dev")
    terminal.run("sleep 10")
    terminal.run("kubectl delete ns dev --wait=false")
    assert terminal.run("kubectl create -f x.yaml").output == (
        'Error from server (Forbidden): error when creating "x.yaml": pods "p" is forbidden: unable to create new '
        "content in namespace dev because it is being terminated\n")


def test_it_vanishes_after_the_controllers_requeue_of_grace_over_two_plus_one(shell):
    shell.run("kubectl delete namespace dev --wait=false")
    deleted = shell.cluster.clock.now()
    while shell.run("kubectl get ns dev").exit_code == 0:
        assert shell.cluster.clock.now() - deleted < 60
    # 30 s grace: requeued after 16 s, the node-web pods still Terminating (killed at 30 s: node ignores SIGTERM),
    # requeued again 16 s later, when they are gone; each command line here lets 2 s pass
    assert 32 <= shell.cluster.clock.now() - deleted <= 36
    assert shell.run("kubectl get ns dev").output == 'Error from server (NotFound): namespaces "dev" not found\n'
    assert shell.run("kubectl get all -n dev").output == "No resources found in dev namespace.\n"


def test_kubectl_delete_waits_until_it_is_gone(shell):
    before = shell.cluster.clock.now()
    assert shell.run("kubectl delete ns dev").output == 'namespace "dev" deleted\n'
    assert shell.cluster.clock.now() - before >= 16
    assert shell.run("kubectl get ns dev").exit_code == 1


def test_a_namespace_without_pods_goes_at_its_first_sync():
    cluster = Cluster(seed=5)
    terminal = cluster.session()
    terminal.run("kubectl create namespace empty")
    terminal.run("kubectl create configmap c --from-literal=a=b -n empty")
    before = cluster.clock.now()
    terminal.run("kubectl delete ns empty")
    assert cluster.clock.now() - before == 2  # the line's own 2 s: no wait
    assert terminal.run("kubectl get ns empty").exit_code == 1


def test_a_second_delete_changes_nothing(shell):
    shell.run("kubectl delete ns dev --wait=false")
    first = shell.run("kubectl get ns dev -o jsonpath='{.metadata.deletionTimestamp}'").output
    assert shell.run("kubectl delete ns dev --wait=false").output == 'namespace "dev" deleted\n'
    assert shell.run("kubectl get ns dev -o jsonpath='{.metadata.deletionTimestamp}'").output == first


def test_the_api_servers_own_namespaces_still_may_not_be_deleted(shell):
    assert shell.run("kubectl delete ns default").output == (
        'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n')
