"""One strategy per kind: defaulting, validation and allocation, as `pkg/registry/<kind>` does."""

from __future__ import annotations

from simulator.registry.strategy import Strategy
from simulator.registry.strategies.endpoints import EndpointsStrategy
from simulator.registry.strategies.pod import PodStrategy
from simulator.registry.strategies.resourcequota import ResourceQuotaStrategy, canonical_quantities
from simulator.registry.strategies.service import ServiceStrategy
from simulator.registry.strategies.workloads import DaemonSetStrategy, DeploymentStrategy, ReplicaSetStrategy

_STRATEGIES: dict[str, Strategy] = {
    "Service": ServiceStrategy(),
    "Pod": PodStrategy(),
    "Endpoints": EndpointsStrategy(),
    "ReplicaSet": ReplicaSetStrategy(),
    "Deployment": DeploymentStrategy(),
    "DaemonSet": DaemonSetStrategy(),
    "ResourceQuota": ResourceQuotaStrategy(),
}
_DEFAULT = Strategy()
__all__ = ["canonical_quantities", "for_kind"]


def for_kind(kind: str) -> Strategy:
    return _STRATEGIES.get(kind, _DEFAULT)
