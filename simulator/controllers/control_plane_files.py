"""The master's kubelet watching kube-controller-manager.yaml and kube-scheduler.yaml.

A changed manifest is a new static pod to the kubelet (its config hash changes): it kills the
running container, its mirror pod goes, and the component is down until the new container serves
its secure port again; then the kubelet posts the new mirror pod, its command the manifest's. A
manifest removed from /etc/kubernetes/manifests, or one the kubelet cannot read as a pod, stops the
component until the file is back. While down, `kubectl get componentstatuses` shows it Unhealthy
(`apiserver/componentstatus.py`), and a scheduler that is down binds nothing (`controllers/scheduler.py`).

This is the Week-10 slides' fix (slide lines 399-403: `sudo nano` each manifest, the pods restart).
In 1.23 the file holds no `--port=0` to remove (see `static_manifests/SOURCES.md`), so saving it
unchanged restarts nothing, and both components are Healthy from the start.
"""

from __future__ import annotations

import math

from simulator.clock import rfc3339
from simulator.controllers.context import Controller, ControllerContext
from simulator.controllers.mirror_pods import mirror_pod
from simulator.controllers.static_pod_files import fresh_status
from simulator.errors import StatusError
from simulator.objects import KubeObject
from simulator.static_pod_files import APISERVER_NODE, COMPONENTS, manifest_command, manifest_path, manifest_text
from simulator.registry.kinds import by_kind

PODS = by_kind("Pod")
NODES = by_kind("Node")
# from the kubelet killing the old container to the new one answering on its secure port: an estimate
# (the slides do not time it) for a Go binary of this size starting on the course's 2-CPU master
START_SECONDS = 10.0


class ControlPlaneFilesController(Controller):
    watches = ()

    def __init__(self) -> None:
        self.seen = {component: manifest_text(component) for component in COMPONENTS}
        self.files_seen = -1
        self.commands: dict[str, list[str]] = {}  # the command each restarting component will run
        self.stopped: dict[str, KubeObject] = {}  # each stopped component's static pod, kept aside while down
        self.restarted_at: dict[str, float] = {}

    def due_without_writes(self, ctx: ControllerContext) -> bool:
        if ctx.machines.files_revision != self.files_seen:
            return True
        return super().due_without_writes(ctx)

    def next_wake(self, ctx: ControllerContext) -> float | None:
        finite = [until for until in ctx.machines.component_down_until.values() if math.isfinite(until)]
        return min(finite, default=None)

    def reconcile(self, ctx: ControllerContext) -> None:
        self.files_seen = ctx.machines.files_revision
        now = ctx.clock.now()
        tree = ctx.machines.node_tree(APISERVER_NODE, now)
        for component in COMPONENTS:
            entry = tree.get(manifest_path(component))
            text = entry.content if entry is not None and entry.kind == "f" else ""
            if text != self.seen[component]:
                self.seen[component] = text
                self.stop(ctx, component, manifest_command(text) if text else None)
            until = ctx.machines.component_down_until.get(component)
            if until is not None and now >= until:
                self.start(ctx, component)

    def stop(self, ctx: ControllerContext, component: str, command: list[str] | None) -> None:
        """The old container killed; the new one starting, or none when the manifest is gone or unreadable."""
        now = ctx.clock.now()
        self.restarted_at[component] = now
        if command is None:
            self.commands.pop(component, None)
        else:
            self.commands[component] = command
        ctx.machines.component_down_until[component] = math.inf if command is None else now + START_SECONDS
        name = f"{component}-{APISERVER_NODE}"
        manifests = ctx.machines.static_pods.get(APISERVER_NODE, [])
        running = [m for m in manifests if m.name == name]
        if running:  # kept aside while down, so that MirrorPodController does not post it again meanwhile
            manifests.remove(running[0])
            self.stopped[component] = running[0]
        if ctx.store.find(PODS, "kube-system", name) is not None and not ctx.machines.apiserver_down(now):
            ctx.store.delete(PODS, "kube-system", name, grace=0)

    def start(self, ctx: ControllerContext, component: str) -> None:
        del ctx.machines.component_down_until[component]
        manifest = self.stopped.pop(component, None)
        command = self.commands.pop(component, None)
        if manifest is None or command is None:
            return
        manifest = manifest.clone()
        manifest.spec["containers"][0]["command"] = list(command)
        manifest.body["status"] = fresh_status(ctx, manifest.status, rfc3339(self.restarted_at[component]))
        ctx.machines.static_pods.setdefault(APISERVER_NODE, []).append(manifest)
        node = ctx.store.find(NODES, None, APISERVER_NODE)
        if node is None or ctx.machines.apiserver_down(ctx.clock.now()):
            return  # MirrorPodController posts it once there is an API server and a Node to own it
        try:
            ctx.store.create(mirror_pod(ctx, manifest, node))
        except StatusError:
            pass  # refused (PodSecurityPolicy without a policy for the node); MirrorPodController retries
