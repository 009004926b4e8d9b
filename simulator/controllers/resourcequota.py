"""The resource quota controller: each quota's status says its hard limits and what is used of them.

kube-controller-manager's `resourcequota` controller (pkg/controller/resourcequota, v1.23)
recalculates `status.used` from the namespace's objects when they change and copies
`spec.hard` into `status.hard`; `kubectl describe quota` prints the two.
"""

from __future__ import annotations

from simulator.controllers.context import Controller, ControllerContext
from simulator.registry.kinds import by_kind
from simulator.registry.resource_admission import _show, usage_of

QUOTAS = by_kind("ResourceQuota")


class ResourceQuotaController(Controller):
    watches = ("resourcequotas", "pods", "services", "configmaps", "secrets", "persistentvolumeclaims")

    def reconcile(self, ctx: ControllerContext) -> None:
        for quota in ctx.store.list(QUOTAS):
            hard = dict((quota.spec or {}).get("hard") or {})
            used = {name: _show(name, amount) for name, amount in usage_of(ctx.store, quota).items()}
            status = {"hard": hard, "used": used}
            if quota.status != status:
                ctx.store.update(quota.with_status(status))
