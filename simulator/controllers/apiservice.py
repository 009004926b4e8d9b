"""The aggregator's AvailableConditionController (kube-aggregator 1.23 pkg/controllers/status):
an APIService served by a Service is Available when the Service exists and its Endpoints hold a
ready address; else False with `ServiceNotFound` or `MissingEndpoints`. A Local one is always
Available (`Local`)."""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.registry.kinds import by_kind


def available_condition(ctx: ControllerContext, spec: dict) -> tuple[str, str, str]:
    service = spec.get("service")
    if not service:
        return "True", "Local", "Local APIServices are always available"
    namespace, name = service.get("namespace"), service.get("name")
    if ctx.store.find(by_kind("Service"), namespace, name) is None:
        return "False", "ServiceNotFound", f'service/{name} in "{namespace}" is not present'
    endpoints = ctx.store.find(by_kind("Endpoints"), namespace, name)
    if endpoints is None or not any(s.get("addresses") for s in endpoints.body.get("subsets") or []):
        return "False", "MissingEndpoints", f"endpoints for service/{name} in \"{namespace}\" have no addresses " \
                                            "with port name \"https\""
    return "True", "Passed", "all checks passed"


class APIServiceAvailabilityController(Controller):
    watches = ("apiservices", "services", "endpoints")

    def reconcile(self, ctx: ControllerContext) -> None:
        for api_service in ctx.store.list(by_kind("APIService")):
            status, reason, message = available_condition(ctx, api_service.body.get("spec") or {})
            conditions = (api_service.body.get("status") or {}).get("conditions") or []
            current = next((c for c in conditions if c.get("type") == "Available"), None)
            if current and (current.get("status"), current.get("reason")) == (status, reason):
                continue
            ctx.store.update(api_service.with_status({"conditions": [{
                "type": "Available", "status": status, "lastTransitionTime": ctx.now_rfc3339(),
                "reason": reason, "message": message}]}))
