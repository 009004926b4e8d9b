"""The store hands out what cannot be changed in place (ARCHITECTURE.md: readers never mutate).

As Kubernetes' informers hand controllers shared objects they must DeepCopy before changing,
the store's reads here are read-only all the way down: a reader that changes one fails at
once, a writer changes a copy and hands it to `update`, which always validates.
"""

from __future__ import annotations

import inspect
import json
import pickle

import pytest

from simulator.controllers import Controller, ControllerContext
from simulator.errors import StatusError
from simulator.frozen import ReadOnlyError
from simulator.registry.kinds import by_kind
from simulator.registry.store import APIStore

PODS, REPLICASETS = by_kind("Pod"), by_kind("ReplicaSet")


def context_of(cluster) -> ControllerContext:
    return ControllerContext(cluster.store, cluster.clock, cluster.events, cluster.streams, cluster.machines)


@pytest.fixture
def pod(cluster, make_replicaset):
    cluster.store.create(make_replicaset(replicas=1))
    cluster.settle()
    return cluster.store.list(PODS, "default")[0]


@pytest.mark.parametrize("change", [
    lambda pod: pod.spec.__setitem__("nodeName", "worker2"),
    lambda pod: pod.spec["containers"][0].__setitem__("image", "nginx"),
    lambda pod: pod.spec["containers"].append({"name": "sidecar", "image": "busybox"}),
    lambda pod: pod.status["conditions"].pop(),
    lambda pod: pod.status.update({"phase": "Failed"}),
    lambda pod: pod.body.setdefault("extra", {}),
    lambda pod: pod.labels.__setitem__("app", "other"),
    lambda pod: pod.metadata.annotations.clear(),
    lambda pod: pod.metadata.owner_references[0].__setitem__("controller", False),
    lambda pod: setattr(pod.metadata, "name", "renamed"),
    lambda pod: setattr(pod, "body", {}),
], ids=["spec-key", "nested-container", "list-append", "status-list-pop", "status-update", "new-top-level-key",
        "label", "annotations", "owner-reference", "metadata-attribute", "body-attribute"])
def test_every_part_of_a_read_object_refuses_to_change_in_place(cluster, pod, change):
    before = json.dumps(pod.to_dict(), sort_keys=True)
    with pytest.raises(ReadOnlyError, match="clone"):
        change(pod)
    assert json.dumps(cluster.store.get(PODS, "default", pod.name).to_dict(), sort_keys=True) == before


class BindsInPlace(Controller):
    """The scheduler's old mistake: set nodeName on the pod it read and write that back."""

    watches = ("pods",)

    def reconcile(self, ctx: ControllerContext) -> None:
        for pod in ctx.store.list(PODS, "default"):
            pod.spec["nodeName"] = "worker2"
            ctx.store.update(pod)


def test_a_controller_that_changes_what_it_read_fails(cluster, pod):
    node, revision = pod.spec["nodeName"], cluster.store.revision
    with pytest.raises(ReadOnlyError):
        BindsInPlace().reconcile(context_of(cluster))
    assert (cluster.store.get(PODS, "default", pod.name).spec["nodeName"], cluster.store.revision) == (node, revision)


def test_a_writer_changes_a_clone_and_the_store_keeps_the_copy_read_only(cluster, pod):
    copy = pod.clone()
    copy.metadata.labels["tier"] = "web"
    copy.spec["activeDeadlineSeconds"] = 30
    stored = cluster.store.update(copy)
    assert (stored.labels["tier"], stored.spec["activeDeadlineSeconds"]) == ("web", 30)
    assert "tier" not in pod.labels, "the object read before the write is unchanged"
    with pytest.raises(ReadOnlyError):
        copy.spec["activeDeadlineSeconds"] = 60  # handed to the store: no longer the writer's


def test_update_has_no_way_around_validation(cluster, pod):
    assert list(inspect.signature(APIStore.update).parameters) == ["self", "obj"]
    rs = cluster.store.get(REPLICASETS, "default", "rs-web").clone()
    rs.spec["replicas"] = -1
    with pytest.raises(StatusError) as error:
        cluster.store.update(rs)
    assert error.value.reason == "Invalid"
    with pytest.raises(ValueError, match="clone"):
        cluster.store.update(cluster.store.get(PODS, "default", pod.name))


def test_a_status_copy_shares_the_rest_and_validates_like_any_update(cluster, pod):
    changed = pod.with_status({**pod.status, "phase": "Running"})
    assert changed.spec is pod.spec  # shared, read-only: a status write changes nothing else
    with pytest.raises(ReadOnlyError):
        changed.spec["nodeName"] = "worker2"
    assert cluster.store.update(changed).status["phase"] == "Running"


def test_a_copied_cluster_keeps_its_objects_read_only(cluster, pod):
    copy = pickle.loads(pickle.dumps(cluster))
    copied = copy.store.get(PODS, "default", pod.name)
    assert copied.to_dict() == pod.to_dict()
    with pytest.raises(ReadOnlyError):
        copied.spec["containers"][0]["image"] = "nginx"


def test_what_a_reader_serialises_is_its_own_to_change(pod):
    data = pod.to_dict()
    data["spec"]["containers"][0]["image"] = "nginx"
    data["metadata"]["ownerReferences"][0]["controller"] = False
    assert pod.spec["containers"][0]["image"] == "whatwant/node-web:1.0"


def test_clusters_share_the_objects_neither_wrote_and_a_write_in_one_stays_there():
    from simulator import Cluster

    first, second = Cluster(seed=1), Cluster(seed=2)
    coredns = by_kind("Deployment")
    assert first.store.get(coredns, "kube-system", "coredns") is second.store.get(coredns, "kube-system", "coredns")
    scaled = first.store.get(coredns, "kube-system", "coredns").clone()
    scaled.spec["replicas"] = 1
    first.store.update(scaled)
    assert (first.store.get(coredns, "kube-system", "coredns").spec["replicas"],
            second.store.get(coredns, "kube-system", "coredns").spec["replicas"]) == (1, 2)
