"""EndpointSlices (discovery.k8s.io/v1): the EndpointSlice controller and its mirroring twin.

For a Service with a selector, kube-controller-manager's EndpointSlice controller keeps
slices of its pods' addresses, named `<service>-<5 random characters>` (generateName),
labelled `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
endpointslice-controller.k8s.io`; a Service without endpoints still gets one empty slice.
For a Service without a selector, the mirroring controller copies hand-written Endpoints
into slices managed by `endpointslicemirroring-controller.k8s.io`.

Both read the same facts the Endpoints controller has already computed, so this one
derives each slice from the Service's Endpoints (one slice per subset, ready and
not-ready addresses alike, with their conditions) and runs only when Services or
Endpoints were written. Names come from the cluster's own "endpointslices" random
stream, so adding slices never changes a pod's generated name.
Not done yet: the 100-endpoint split of large slices, topology hints, zones.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.kinds import by_kind

SERVICES = by_kind("Service")
ENDPOINTS = by_kind("Endpoints")
SLICES = by_kind("EndpointSlice")
SERVICE_NAME = "kubernetes.io/service-name"
MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER = "endpointslice-controller.k8s.io"
MIRRORING = "endpointslicemirroring-controller.k8s.io"
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery's rand.String


class EndpointSliceController(Controller):
    watches = ("services", "endpoints")

    def reconcile(self, ctx: ControllerContext) -> None:
        wanted: dict[tuple, list[dict]] = {}
        for service in ctx.store.list(SERVICES):
            if service.spec.get("type") == "ExternalName":
                continue
            endpoints = ctx.store.find(ENDPOINTS, service.namespace, service.name)
            selector = bool(service.spec.get("selector"))
            if not selector and endpoints is None:
                continue
            manager = CONTROLLER if selector else MIRRORING
            wanted[(service.namespace, service.name, manager)] = slice_bodies(endpoints, placeholder=selector)
        current: dict[tuple, list[KubeObject]] = {}
        for existing in ctx.store.list(SLICES):
            key = (existing.namespace, existing.labels.get(SERVICE_NAME), existing.labels.get(MANAGED_BY, MIRRORING))
            current.setdefault(key, []).append(existing)
        for key, slices in current.items():
            if key not in wanted:
                for stale in slices:
                    ctx.store.delete(SLICES, stale.namespace, stale.name)
        for key, bodies in wanted.items():
            sync_slices(ctx, key, bodies, current.get(key, []))


def slice_bodies(endpoints: KubeObject | None, *, placeholder: bool) -> list[dict]:
    """What the slices of one Service hold: one per Endpoints subset; an empty one when a selector finds nothing."""
    bodies = []
    for subset in (endpoints.body.get("subsets") or []) if endpoints else []:
        entries = [_endpoint(a, True) for a in subset.get("addresses") or []]
        entries += [_endpoint(a, False) for a in subset.get("notReadyAddresses") or []]
        ports = [{"name": p.get("name", ""), "port": p.get("port"), "protocol": p.get("protocol", "TCP")}
                 for p in subset.get("ports") or []]
        body = {"addressType": "IPv4", "endpoints": entries}
        if ports:  # `ports` is omitempty; `endpoints` is not, so an empty slice serialises `endpoints: null`
            body["ports"] = ports
        bodies.append(body)
    if not bodies and placeholder:
        bodies.append({"addressType": "IPv4", "endpoints": None})
    return bodies


def _endpoint(address: dict, ready: bool) -> dict:
    entry: dict = {"addresses": [address.get("ip")],
                   "conditions": {"ready": ready, "serving": ready, "terminating": False}}
    if address.get("nodeName"):
        entry["nodeName"] = address["nodeName"]
    if address.get("targetRef"):
        ref = address["targetRef"]
        entry["targetRef"] = {k: ref[k] for k in ("kind", "name", "namespace", "uid") if k in ref}
    return entry


def sync_slices(ctx: ControllerContext, key: tuple, bodies: list[dict], slices: list[KubeObject]) -> None:
    namespace, service, manager = key
    for body, existing in zip(bodies, slices):
        if existing.body != body:
            updated = existing.clone()
            updated.body = body
            ctx.store.update(updated)
    for stale in slices[len(bodies):]:
        ctx.store.delete(SLICES, stale.namespace, stale.name)
    for body in bodies[len(slices):]:
        if (namespace, service) == ("default", "kubernetes"):
            # the API server keeps this one itself, named after the Service, and marks its Endpoints skip-mirror
            metadata = ObjectMeta(service, namespace, labels={SERVICE_NAME: service})
        else:
            metadata = ObjectMeta(_generated_name(ctx, service), namespace, generate_name=f"{service}-",
                                  labels={MANAGED_BY: manager, SERVICE_NAME: service})
        ctx.store.create(KubeObject("discovery.k8s.io/v1", "EndpointSlice", metadata, body))


def _generated_name(ctx: ControllerContext, service: str) -> str:
    stream = ctx.rng.stream("endpointslices")
    return f"{service}-"[:58] + "".join(stream.choice(NAME_ALPHABET) for _ in range(5))
