"""The master's kubelet watching its static pod manifests: a changed kube-apiserver.yaml restarts
the API server with the manifest's flags.

The kubelet's file source notices the change (it also watches the directory, so at once here),
kills the running kube-apiserver and starts one from the new manifest; until it serves again
kubectl gets `The connection to the server ... was refused`. A manifest the kubelet cannot read
as a pod, or flags that stop kube-apiserver at start (an admission plugin it does not have), leave
the API server down until the file is fixed, as on a real master. Once up it admits with the new
`--enable-admission-plugins` (`store.admission_plugins`), and the kubelet posts the new mirror pod
(`mirror_pods.py`), its command the manifest's.
"""

from __future__ import annotations

import math

from simulator.clock import rfc3339
from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.mirror_pods import mirror_pod
from simulator.errors import StatusError
from simulator.registry.kinds import by_kind
from simulator.static_pod_files import (APISERVER_MANIFEST, APISERVER_NODE, manifest_command,
                                        apiserver_manifest_text, enabled_plugins)

PODS = by_kind("Pod")
NODES = by_kind("Node")
MIRROR_POD = "kube-apiserver-master"
# from the kubelet killing the old container to the new one answering: kube-apiserver v1.23 on the
# course's 2-CPU master takes about this long to open its port and load its caches
RESTART_SECONDS = 40.0


class StaticPodFilesController(Controller):
    watches = ()

    def __init__(self) -> None:
        self.seen = apiserver_manifest_text()  # the manifest the running API server was started from
        self.files_seen = -1
        self.starting: frozenset[str] | None = None  # the plugins the restarting API server will run
        self.command: list[str] | None = None
        self.restarted_at = 0.0  # when the kubelet started the new container

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        if ctx.machines.files_revision != self.files_seen:
            return True
        return super().due_without_writes(ctx)

    def next_wake(self, ctx: ControllerContext) -> float | None:
        until = ctx.machines.apiserver_down_until
        return until if until is not None and math.isfinite(until) else None

    def reconcile(self, ctx: ControllerContext) -> None:
        self.files_seen = ctx.machines.files_revision
        now = ctx.clock.now()
        entry = ctx.machines.node_tree(APISERVER_NODE, now).get(APISERVER_MANIFEST)
        text = entry.content if entry is not None and entry.kind == "f" else ""
        if text != self.seen:
            self.seen = text
            self.restart(ctx, text)
        until = ctx.machines.apiserver_down_until
        if until is not None and now >= until:
            self.serve(ctx)

    def restart(self, ctx: ControllerContext, text: str) -> None:
        command = manifest_command(text) if text else None
        plugins = enabled_plugins(command) if command else None
        self.starting, self.command = plugins, command
        self.restarted_at = ctx.clock.now()
        ctx.machines.apiserver_down_until = math.inf if plugins is None else ctx.clock.now() + RESTART_SECONDS
        mirror = ctx.store.find(PODS, "kube-system", MIRROR_POD)
        if mirror is not None:  # the kubelet kills the old container: its mirror pod goes with it
            ctx.store.delete(PODS, "kube-system", MIRROR_POD, grace=0)

    def serve(self, ctx: ControllerContext) -> None:
        ctx.machines.apiserver_down_until = None
        if self.starting is not None:
            ctx.store.admission_plugins = self.starting
        manifests = ctx.machines.static_pods.get(APISERVER_NODE, [])
        for index, manifest in enumerate(manifests):
            if manifest.name != MIRROR_POD:
                continue
            if self.command is not None:
                manifest = manifests[index] = manifest.clone()
                manifest.spec["containers"][0]["command"] = list(self.command)
                manifest.body["status"] = fresh_status(ctx, manifest.status, rfc3339(self.restarted_at))
            node = ctx.store.find(NODES, None, APISERVER_NODE)
            if node is not None and ctx.store.find(PODS, "kube-system", MIRROR_POD) is None:
                try:  # the kubelet posts the new mirror pod to the API server that just came up
                    ctx.store.create(mirror_pod(ctx, manifest, node))
                except StatusError:
                    pass  # refused (PodSecurityPolicy without a policy for the node); MirrorPodController retries


def fresh_status(ctx: ControllerContext, status: dict, started: str) -> dict:
    """A new static pod (its config hash changed): a new container, started when the kubelet made it,
    no restarts yet."""
    containers = []
    for container in status.get("containerStatuses") or []:
        container_id = "containerd://" + ctx.rng.stream("container-ids").getrandbits(256).to_bytes(32, "big").hex()
        containers.append({**container, "containerID": container_id, "restartCount": 0, "lastState": {},
                           "state": {"running": {"startedAt": started}}})
    conditions = [{**condition, "lastTransitionTime": started} for condition in status.get("conditions") or []]
    return {**status, "startTime": started, "containerStatuses": containers, "conditions": conditions}
