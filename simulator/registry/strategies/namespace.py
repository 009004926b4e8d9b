"""Namespace: `pkg/registry/core/namespace/strategy.go` PrepareForCreate: a new namespace is
Active and carries the `kubernetes` finalizer the namespace controller removes when it is emptied."""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.registry.strategy import Strategy


class NamespaceStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        spec = obj.body.get("spec") or {}
        if not spec.get("finalizers"):
            spec["finalizers"] = ["kubernetes"]
        obj.body["spec"] = spec
        status = obj.body.get("status") or {}
        status.setdefault("phase", "Active")
        obj.body["status"] = status
