"""Compute resources of a pod as the API server, scheduler and kubelet of v1.23 read them.

`default_requests_from_limits` is `SetDefaults_Pod` (pkg/apis/core/v1/defaults.go): a
container's limit stands in for its missing request, on pods only, never on templates.
`qos_class` is `qos.GetPodQOS` (pkg/apis/core/v1/helper/qos), and `pod_requests` the
scheduler's `computePodResourceRequest` (max of the containers' sum and any init container).
"""

from __future__ import annotations

from typing import Any

from simulator.printers.quantity import Quantity, ZERO, parse_quantity

QOS_RESOURCES = ("cpu", "memory")


def default_requests_from_limits(spec: dict) -> None:
    for key in ("containers", "initContainers"):
        for container in spec.get(key) or []:
            if not isinstance(container, dict):
                continue
            resources = container.get("resources")
            if not isinstance(resources, dict) or not isinstance(resources.get("limits"), dict):
                continue
            requests = resources.setdefault("requests", {})
            if isinstance(requests, dict):
                for name, value in resources["limits"].items():
                    requests.setdefault(name, value)


def _quantity(value: Any) -> Quantity:
    try:
        return parse_quantity(value)
    except (ValueError, TypeError, ZeroDivisionError):
        return ZERO


def _positive(values: dict | None) -> dict[str, Quantity]:
    found = {}
    for name, value in (values or {}).items() if isinstance(values, dict) else ():
        quantity = _quantity(value)
        if name in QOS_RESOURCES and quantity.value > 0:
            found[name] = quantity
    return found


def qos_class(spec: dict) -> str:
    """Guaranteed needs cpu and memory limits on every container and the sums of requests equal to those of limits."""
    requests: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    guaranteed = True
    for container in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        resources = container.get("resources") if isinstance(container, dict) else None
        resources = resources if isinstance(resources, dict) else {}
        for name, quantity in _positive(resources.get("requests")).items():
            requests[name] = requests.get(name, 0) + quantity.value
        container_limits = _positive(resources.get("limits"))
        for name, quantity in container_limits.items():
            limits[name] = limits.get(name, 0) + quantity.value
        if not set(QOS_RESOURCES) <= set(container_limits):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and any(limits.get(name) != value for name, value in requests.items()):
        guaranteed = False
    return "Guaranteed" if guaranteed and len(requests) == len(limits) else "Burstable"


def pod_requests(spec: dict) -> dict[str, int]:
    """Milli-CPU, memory and ephemeral-storage bytes the scheduler reserves for a pod."""
    total = {"cpu": 0, "memory": 0, "ephemeral-storage": 0}

    def amounts(container: Any) -> dict[str, int]:
        resources = container.get("resources") if isinstance(container, dict) else None
        requested = (resources or {}).get("requests") if isinstance(resources, dict) else None
        requested = requested if isinstance(requested, dict) else {}
        return {name: (_quantity(requested.get(name)).milli() if name == "cpu"
                       else _quantity(requested.get(name)).whole()) for name in total}

    for container in spec.get("containers") or []:
        for name, amount in amounts(container).items():
            total[name] += amount
    for container in spec.get("initContainers") or []:
        for name, amount in amounts(container).items():
            total[name] = max(total[name], amount)
    return total


def node_allocatable(status: dict) -> dict[str, int]:
    allocatable = status.get("allocatable") or {}
    return {"cpu": _quantity(allocatable.get("cpu")).milli(),
            "memory": _quantity(allocatable.get("memory")).whole(),
            "ephemeral-storage": _quantity(allocatable.get("ephemeral-storage")).whole(),
            "pods": _quantity(allocatable.get("pods", 110)).whole()}


# What the kubelet gives a container's cgroup (cgroup v1 on the course's Ubuntu 20.04 nodes):
# kuberuntime's `generateLinuxContainerConfig` with cm's `MilliCPUToShares`/`MilliCPUToQuota`.
CFS_PERIOD_US = 100000
MIN_SHARES = 2
MIN_QUOTA_US = 1000
UNLIMITED_MEMORY = 9223372036854771712  # the kernel's "no limit" page-aligned LONG_MAX


def container_cpu(container: dict) -> tuple[int, int]:
    """The container's (request, limit) in milli-CPU, 0 where unset."""
    resources = container.get("resources") if isinstance(container, dict) else None
    resources = resources if isinstance(resources, dict) else {}

    def milli(kind: str) -> int:
        values = resources.get(kind)
        return _quantity(values.get("cpu")).milli() if isinstance(values, dict) else 0

    return milli("requests"), milli("limits")


def container_memory_limit(container: dict) -> int:
    resources = container.get("resources") if isinstance(container, dict) else None
    limits = resources.get("limits") if isinstance(resources, dict) else None
    return _quantity(limits.get("memory")).whole() if isinstance(limits, dict) else 0


def cpu_shares(request_milli: int, limit_milli: int) -> int:
    milli = request_milli or limit_milli  # a request of zero with a limit takes the limit's shares
    return max(MIN_SHARES, milli * 1024 // 1000) if milli else MIN_SHARES


def cfs_quota_us(limit_milli: int) -> int:
    """-1 (no quota) without a CPU limit."""
    return max(MIN_QUOTA_US, limit_milli * CFS_PERIOD_US // 1000) if limit_milli else -1


def cgroup_files(container: dict) -> dict[str, str]:
    request, limit = container_cpu(container)
    memory = container_memory_limit(container) or UNLIMITED_MEMORY
    return {"/sys/fs/cgroup/cpu/cpu.cfs_period_us": f"{CFS_PERIOD_US}\n",
            "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": f"{cfs_quota_us(limit)}\n",
            "/sys/fs/cgroup/cpu/cpu.shares": f"{cpu_shares(request, limit)}\n",
            "/sys/fs/cgroup/memory/memory.limit_in_bytes": f"{memory}\n"}


# pkg/kubelet/qos/policy.go (v1.23): the oom_score_adj the kubelet gives a container's processes, so that
# under memory pressure the kernel kills BestEffort first, then Burstable by how little of the machine they
# asked for, and Guaranteed (and node-critical pods) last
GUARANTEED_OOM_SCORE_ADJ = -997
BEST_EFFORT_OOM_SCORE_ADJ = 1000


def oom_score_adj(spec: dict, container: dict, memory_capacity: int) -> int:
    """`GetContainerOOMScoreAdjust`: by the pod's QoS class; a Burstable container by its memory request
    against the machine's memory (cadvisor's MemoryCapacity, the node's capacity), kept within 3..999."""
    if spec.get("priorityClassName") == "system-node-critical":
        return GUARANTEED_OOM_SCORE_ADJ
    qos = qos_class(spec)
    if qos == "Guaranteed":
        return GUARANTEED_OOM_SCORE_ADJ
    if qos == "BestEffort":
        return BEST_EFFORT_OOM_SCORE_ADJ
    requests = (container.get("resources") or {}).get("requests") if isinstance(container, dict) else None
    memory = _quantity((requests or {}).get("memory")).whole() if isinstance(requests, dict) else 0
    adjust = 1000 - (1000 * memory) // memory_capacity if memory_capacity else 1000
    if adjust < 1000 + GUARANTEED_OOM_SCORE_ADJ:
        return 1000 + GUARANTEED_OOM_SCORE_ADJ
    return adjust - 1 if adjust == BEST_EFFORT_OOM_SCORE_ADJ else adjust


def share_cpu(node_milli: int, wants: list[tuple[int, int, int]]) -> list[int]:
    """CFS on one node: each runnable container's (demand, shares, limit) to the milli-CPU it gets.

    Water-filling by shares: a container never gets more than it wants or its quota allows;
    what one leaves unused goes to the others in proportion to their cpu.shares.
    """
    caps = [min(demand, limit) if limit else demand for demand, _, limit in wants]
    given = [0.0] * len(wants)
    open_ = [i for i, cap in enumerate(caps) if cap > 0]
    spare = float(node_milli)
    while open_ and spare > 1e-9:
        weight = sum(wants[i][1] for i in open_)
        step = {i: spare * wants[i][1] / weight for i in open_}
        full = [i for i in open_ if given[i] + step[i] >= caps[i]]
        if not full:
            for i in open_:
                given[i] += step[i]
            break
        for i in full:
            spare -= caps[i] - given[i]
            given[i] = caps[i]
        open_ = [i for i in open_ if i not in full]
    return [round(g) for g in given]
