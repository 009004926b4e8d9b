"""The StatefulSet controller (pkg/controller/statefulset of v1.23), level-triggered on the clock.

Pods are `<set>-<ordinal>` with `hostname` and `subdomain` (the governing Service) so the
headless Service's DNS names each one; every volumeClaimTemplate gives each ordinal a claim
`<template>-<set>-<ordinal>` (made when the cluster serves PersistentVolumeClaims) mounted in
place of the template's volume of that name. OrderedReady makes one pod at a time, each only
when all lower ordinals are Running and Ready, and removes the highest first; Parallel does all
at once. A deleted pod comes back with its name and its claim. Rolling updates replace pods
from the highest ordinal down to the partition, one at a time, once the others are Ready.
Revisions are named as ControllerRevisions are: `<set>-<hash>`, the hash FNV-32 (not 1a) of
the template patch `{"spec":{"template":{...,"$patch":"replace"}}}` (Go's sorted-key JSON)
followed by the collision count, SafeEncodeString'd (history.HashControllerRevision).
"""

from __future__ import annotations

import json

from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.owners import controller_ref, owned_by
from simulator.controllers.template_hash import safe_encode
from simulator.controllers.watch import SyncMarks
from simulator.errors import StatusError
from simulator.frozen import thaw
from simulator.objects import KubeObject, ObjectMeta, pod_is_ready
from simulator.registry.kinds import by_kind

STATEFULSETS = by_kind("StatefulSet")
PODS = by_kind("Pod")
REVISION_LABEL = "controller-revision-hash"
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
SOURCE = "statefulset-controller"


def claims_type():
    """PersistentVolumeClaims, when the cluster serves them (the volumes lane adds the kind)."""
    return by_kind("PersistentVolumeClaim")


class StatefulSetController(Controller):
    watches = ("statefulsets", "pods", "persistentvolumeclaims")

    def __init__(self) -> None:
        self.synced = SyncMarks()

    def reconcile(self, ctx: ControllerContext) -> None:
        for stateful_set in ctx.store.list(STATEFULSETS):
            if self.synced.due(ctx.store, stateful_set, ("pods",)):
                if not sync_stateful_set(ctx, stateful_set):
                    self.synced.mark(ctx.store, stateful_set)  # a step taken leaves it due: the next step follows


def fnv32(data: bytes) -> int:
    """FNV-1 32-bit (hash/fnv New32): multiply, then xor."""
    value = 0x811C9DC5
    for byte in data:
        value = ((value * 0x01000193) & 0xFFFFFFFF) ^ byte
    return value


def go_json(value) -> str:
    """encoding/json.Marshal of a map[string]interface{}: sorted keys, compact, HTML characters escaped."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def revision_name(stateful_set: KubeObject) -> str:
    template = thaw(stateful_set.spec.get("template") or {})
    template["$patch"] = "replace"
    patch = go_json({"spec": {"template": template}}).encode()
    collisions = int((stateful_set.body.get("status") or {}).get("collisionCount") or 0)
    return f"{stateful_set.name}-{safe_encode(str(fnv32(patch + str(collisions).encode())))}"


def ordinal_of(stateful_set: KubeObject, pod: KubeObject) -> int | None:
    prefix = stateful_set.name + "-"
    rest = pod.name[len(prefix):] if pod.name.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


def claim_name(template: dict, stateful_set: KubeObject, ordinal: int) -> str:
    return f"{(template.get('metadata') or {}).get('name')}-{stateful_set.name}-{ordinal}"


def new_pod(stateful_set: KubeObject, ordinal: int, revision: str) -> KubeObject:
    """newVersionedStatefulSetPod: identity (name, hostname, subdomain) and storage from the set."""
    template = stateful_set.spec.get("template") or {}
    meta = template.get("metadata") or {}
    name = f"{stateful_set.name}-{ordinal}"
    labels = {**(meta.get("labels") or {}), REVISION_LABEL: revision, POD_NAME_LABEL: name}
    spec = thaw(template.get("spec") or {})
    spec["hostname"] = name
    if stateful_set.spec.get("serviceName"):
        spec["subdomain"] = stateful_set.spec["serviceName"]
    claims = {(c.get("metadata") or {}).get("name"): claim_name(c, stateful_set, ordinal)
              for c in stateful_set.spec.get("volumeClaimTemplates") or []}
    volumes = [v for v in spec.get("volumes") or [] if v.get("name") not in claims]
    volumes = [{"name": volume, "persistentVolumeClaim": {"claimName": claim}} for volume, claim in claims.items()] + volumes
    if volumes:
        spec["volumes"] = volumes
    metadata = ObjectMeta(name=name, namespace=stateful_set.namespace, labels=labels,
                          annotations=dict(meta.get("annotations") or {}),
                          owner_references=[controller_ref(stateful_set)])
    return KubeObject("v1", "Pod", metadata, {"spec": spec})


def ensure_claims(ctx: ControllerContext, stateful_set: KubeObject, ordinal: int, pod_name: str) -> None:
    """createPersistentVolumeClaims: each missing claim made with the selector's labels."""
    claims = claims_type()
    if claims is None:
        return
    selector_labels = dict(((stateful_set.spec.get("selector") or {}).get("matchLabels")) or {})
    for template in stateful_set.spec.get("volumeClaimTemplates") or []:
        name = claim_name(template, stateful_set, ordinal)
        if ctx.store.find(claims, stateful_set.namespace, name) is not None:
            continue
        metadata = ObjectMeta(name=name, namespace=stateful_set.namespace,
                              labels={**((template.get("metadata") or {}).get("labels") or {}), **selector_labels})
        ctx.store.create(KubeObject("v1", "PersistentVolumeClaim", metadata, {"spec": thaw(template.get("spec") or {})}))
        ctx.record(stateful_set, "Normal", "SuccessfulCreate",
                   f"create Claim {name} Pod {pod_name} in StatefulSet {stateful_set.name} success", SOURCE)


def running_and_ready(pod: KubeObject) -> bool:
    """isRunningAndReady, and not terminating (a pod being deleted is waited for, never counted)."""
    return pod.status.get("phase") == "Running" and pod_is_ready(pod) and pod.metadata.deletion_timestamp is None


def sync_stateful_set(ctx: ControllerContext, stateful_set: KubeObject) -> bool:
    """updateStatefulSet: create, delete and replace pods one step at a time (OrderedReady) or all.

    Returns whether a pod was created or deleted."""
    want = int(stateful_set.spec.get("replicas", 1))
    parallel = stateful_set.spec.get("podManagementPolicy") == "Parallel"
    revision = revision_name(stateful_set)
    pods = {ordinal_of(stateful_set, pod): pod for pod in owned_by(stateful_set, ctx.store, PODS)}
    pods.pop(None, None)
    before = set(pods)
    for ordinal in range(want):  # replicas in order: make what is missing
        if ordinal in pods:
            if not parallel and not running_and_ready(pods[ordinal]):
                break  # OrderedReady waits for this one
            continue
        pod = new_pod(stateful_set, ordinal, revision)
        ensure_claims(ctx, stateful_set, ordinal, pod.name)
        try:
            created = ctx.store.create(pod)
        except StatusError as error:  # a pod of that name still Terminating (an earlier set's): retried later
            ctx.record(stateful_set, "Warning", "FailedCreate", f"create Pod {pod.name} in StatefulSet "
                       f"{stateful_set.name} failed error: {error.message}", SOURCE)
            break
        pods[ordinal] = created
        ctx.record(stateful_set, "Normal", "SuccessfulCreate",
                   f"create Pod {created.name} in StatefulSet {stateful_set.name} successful", SOURCE)
        if not parallel:
            break
    else:
        condemned = sorted((o for o in pods if o >= want), reverse=True)
        healthy = all(running_and_ready(pods[o]) for o in pods if o < want)
        for ordinal in condemned:  # highest first; OrderedReady one at a time once the rest are healthy
            if pods[ordinal].metadata.deletion_timestamp is not None:
                if parallel:
                    continue
                break  # OrderedReady waits for it to be gone
            if not parallel and not healthy:
                break
            delete_pod(ctx, stateful_set, pods.pop(ordinal))
            if not parallel:
                break
        else:
            if roll(ctx, stateful_set, pods, revision, parallel):
                pods = {}
    update_status(ctx, stateful_set, revision)
    return set(pods) != before


def delete_pod(ctx: ControllerContext, stateful_set: KubeObject, pod: KubeObject) -> None:
    ctx.store.delete(PODS, pod.namespace, pod.name)
    ctx.record(stateful_set, "Normal", "SuccessfulDelete",
               f"delete Pod {pod.name} in StatefulSet {stateful_set.name} successful", SOURCE)


def roll(ctx: ControllerContext, stateful_set: KubeObject, pods: dict[int, KubeObject], revision: str,
         parallel: bool) -> bool:
    """The RollingUpdate strategy: from the highest ordinal down to the partition, one pod at a time."""
    strategy = stateful_set.spec.get("updateStrategy") or {}
    if strategy.get("type") == "OnDelete":
        return False
    partition = int((strategy.get("rollingUpdate") or {}).get("partition") or 0)
    if not all(running_and_ready(pod) for pod in pods.values()):
        return False
    for ordinal in sorted(pods, reverse=True):
        if ordinal < partition:
            break
        if pods[ordinal].metadata.labels.get(REVISION_LABEL) != revision:
            delete_pod(ctx, stateful_set, pods[ordinal])
            return True
    return False


def update_status(ctx: ControllerContext, stateful_set: KubeObject, revision: str) -> None:
    # computeReplicaStatus: a Terminating pod still counts Ready until its kubelet stops it, but no longer
    # as current or updated
    created = owned_by(stateful_set, ctx.store, PODS)
    ready = sum(1 for pod in created if pod.status.get("phase") == "Running" and pod_is_ready(pod))
    pods = [pod for pod in created if pod.metadata.deletion_timestamp is None]
    updated = sum(1 for pod in pods if pod.metadata.labels.get(REVISION_LABEL) == revision)
    old = stateful_set.body.get("status") or {}
    current_revision = old.get("currentRevision") or revision
    if updated == len(pods) == int(stateful_set.spec.get("replicas", 1)):
        current_revision = revision  # the update is complete
    current = sum(1 for pod in pods if pod.metadata.labels.get(REVISION_LABEL) == current_revision)
    status = {"observedGeneration": stateful_set.metadata.generation, "replicas": len(created),
              "readyReplicas": ready, "currentReplicas": current, "updatedReplicas": updated,
              "currentRevision": current_revision, "updateRevision": revision,
              "collisionCount": int(old.get("collisionCount") or 0), "availableReplicas": ready}
    status = {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration", "collisionCount",
                                                             "availableReplicas")}
    if old != status:
        ctx.store.update(stateful_set.with_status(status))
