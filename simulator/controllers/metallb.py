"""MetalLB 0.13.4's controller and speakers, as the simulator's own loop (the pods the published
manifest creates run no code of their own).

The controller (`metallb/metallb` v0.13.4 `controller/service.go`, `internal/allocator`) gives each
LoadBalancer Service an address from the IPAddressPools in `metallb-system` once its pod runs:
`spec.loadBalancerIP` when a pool holds it, else the first free address of the first pool (by name)
with `autoAssign` on; it records `IPAllocated` (`Assigned IP ["a.b.c.d"]`) or `AllocationFailed`
on the Service, and releases the address when the Service stops being a LoadBalancer. The speaker
that wins the layer-2 election (`network.metallb.announcing_node`) records `nodeAssigned`
(`announcing from node "master" with protocol "layer2"`) once per address; the real speaker repeats
it on every resync (the slides' `x25`), which is not reproduced.
"""

from __future__ import annotations

import base64

from simulator.controllers.context import Controller, ControllerContext
from simulator.network.metallb import (CONTROLLER_IMAGE, NAMESPACE, POOLS, assigned, custom_objects, pool_addresses,
                                       pool_of, running_with_image, speaker_election)
from simulator.errors import StatusError
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind

SERVICES = by_kind("Service")
SECRETS = by_kind("Secret")
DEPLOYMENTS = by_kind("Deployment")
MEMBERLIST = "memberlist"  # the manifest's METALLB_ML_SECRET_NAME; the speakers read its `secretkey`


class MetalLBController(Controller):
    watches = ("services", "pods", "ipaddresspools", "l2advertisements", "nodes")

    def __init__(self) -> None:
        self.announced: dict[tuple[str | None, str], tuple[str, str]] = {}  # service -> (ip, node)
        self.failed: set[tuple[str | None, str, int]] = set()  # (namespace, name, generation) already reported

    def reconcile(self, ctx: ControllerContext) -> None:
        if not running_with_image(ctx.store, CONTROLLER_IMAGE):
            return
        self._memberlist_secret(ctx)
        services = ctx.store.list(SERVICES)
        in_use = {ip for s in services for ip in assigned(s)}
        for service in services:
            if service.spec.get("type") != "LoadBalancer":
                if assigned(service) and pool_of(ctx.store, assigned(service)[0]) is not None:
                    self._release(ctx, service)
                continue
            if not assigned(service):
                self._allocate(ctx, service, in_use)
        self._announce(ctx, services)

    def _memberlist_secret(self, ctx: ControllerContext) -> None:
        """v0.13.4 `internal/k8s/k8s.go CreateMlSecret`: 16 random bytes, unpadded base64, owned by the
        controller's Deployment; the speakers' pods wait for it (CreateContainerConfigError until then)."""
        if ctx.store.find(SECRETS, NAMESPACE, MEMBERLIST) is not None:
            return
        owner = ctx.store.find(DEPLOYMENTS, NAMESPACE, "controller")
        key = base64.b64encode(ctx.rng.stream("metallb-memberlist").randbytes(16)).rstrip(b"=")
        references = [{"apiVersion": "apps/v1", "kind": "Deployment", "name": owner.name, "uid": owner.metadata.uid}] if owner else []
        metadata = ObjectMeta(MEMBERLIST, NAMESPACE, owner_references=references)
        try:
            ctx.store.create(KubeObject("v1", "Secret", metadata, {"data": {"secretkey": base64.b64encode(key).decode()},
                                                                   "type": "Opaque"}))
        except StatusError:
            pass  # the namespace is being deleted

    def _allocate(self, ctx: ControllerContext, service: KubeObject, in_use: set[str]) -> None:
        wanted = service.spec.get("loadBalancerIP")
        pools = sorted(custom_objects(ctx.store, POOLS), key=lambda p: p.name)
        ip, error = None, "no available IPs"
        if wanted:
            if any(wanted in pool_addresses(p) for p in pools):
                ip = wanted if wanted not in in_use else None
                error = f'["{wanted}"] is already in use' if ip is None else error  # UNVERIFIED wording
            else:
                error = f'["{wanted}"] is not allowed in config'  # allocator.go: %q of []net.IP
        else:
            for pool in pools:
                if (pool.spec.get("autoAssign") is False) or ip:
                    continue
                ip = next((a for a in pool_addresses(pool) if a not in in_use), None)
        if ip is None:
            key = (service.namespace, service.name, service.metadata.generation or 0)
            if key not in self.failed:
                self.failed.add(key)
                ctx.record(service, "Warning", "AllocationFailed",
                           f'Failed to allocate IP for "{service.namespace}/{service.name}": {error}', "metallb-controller")
            return
        in_use.add(ip)
        updated = service.clone()
        updated.body.setdefault("status", {})["loadBalancer"] = {"ingress": [{"ip": ip}]}
        ctx.store.update(updated)
        ctx.record(service, "Normal", "IPAllocated", f'Assigned IP ["{ip}"]', "metallb-controller")

    def _release(self, ctx: ControllerContext, service: KubeObject) -> None:
        updated = service.clone()
        updated.body.setdefault("status", {})["loadBalancer"] = {}
        ctx.store.update(updated)
        self.announced.pop((service.namespace, service.name), None)

    def _announce(self, ctx: ControllerContext, services: list[KubeObject]) -> None:
        for service in services:
            ips = assigned(service) if service.spec.get("type") == "LoadBalancer" else []
            key = (service.namespace, service.name)
            if not ips:
                self.announced.pop(key, None)
                continue
            node = speaker_election(ctx.store, service, ips[0])
            if node is None or self.announced.get(key) == (ips[0], node):
                continue
            self.announced[key] = (ips[0], node)
            ctx.record(service, "Normal", "nodeAssigned", f'announcing from node "{node}" with protocol "layer2"',
                       "metallb-speaker")
