"""ResourceQuota: its hard limits are stored as the API server serializes a `resource.Quantity`,
in canonical form (`1.5` is stored and shown as `1500m`)."""

from __future__ import annotations

from typing import Any

from simulator.objects import KubeObject
from simulator.printers.quantity import canonical, parse_quantity
from simulator.registry.strategy import Strategy


def canonical_quantities(values: Any) -> Any:
    """A ResourceList as stored: every quantity that parses in canonical form, the rest left for validation."""
    if not isinstance(values, dict):
        return values
    stored = {}
    for name, value in values.items():
        try:
            stored[name] = canonical(parse_quantity(value))
        except (ValueError, TypeError, ZeroDivisionError):
            stored[name] = value
    return stored


class ResourceQuotaStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        if isinstance(obj.spec, dict) and "hard" in obj.spec:
            stored = canonical_quantities(obj.spec["hard"])
            if stored != obj.spec["hard"]:
                obj.spec["hard"] = stored
