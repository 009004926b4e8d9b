"""What the containers running on a node use: the simulated load `top`, the cgroups and metrics read.

A container's process wants CPU only when it burns it (busybox `dd if=/dev/zero of=/dev/null`
wants one whole core, as a single-threaded copy loop does); the node's CPUs are shared among
the running ones as CFS shares them (`resources.share_cpu`: cpu.shares, capped by each
cfs quota). Memory is the process's resident size (dd's 1 MiB, as the week's
`kubectl top pods` shows `nolimit 201m 1Mi`).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.apps.images import copies_forever
from simulator.objects import KubeObject
from simulator.printers.quantity import parse_quantity
from simulator.resources import container_cpu, container_memory_limit, cpu_shares, share_cpu

ONE_CORE = 1000
DD_RESIDENT = 1024 * 1024


@dataclass(frozen=True)
class ContainerUsage:
    pod: KubeObject
    container: dict
    cpu_milli: int
    memory_bytes: int
    demand_milli: int  # what it would use unhindered: more than cpu_milli means it is throttled


def command_of(container: dict) -> list[str]:
    return [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]


def cpu_demand(container: dict) -> int:
    return ONE_CORE if copies_forever(command_of(container)) else 0


# busybox dd's `dd_suffixes` for bs=, ibs=, obs=
DD_SUFFIXES = (("kB", 1000), ("kD", 1000), ("MB", 1000 ** 2), ("MD", 1000 ** 2), ("GB", 1000 ** 3), ("GD", 1000 ** 3),
               ("c", 1), ("w", 2), ("b", 512), ("k", 1024), ("K", 1024), ("M", 1024 ** 2), ("G", 1024 ** 3))


def dd_block_size(command: list[str]) -> int:
    """The buffer dd allocates: bs= (or ibs=), 512 bytes by default."""
    operands = dict(part.split("=", 1) for part in command[1:] if "=" in part)
    text = operands.get("bs") or operands.get("ibs") or "512"
    for suffix, factor in DD_SUFFIXES:
        if text.endswith(suffix) and text[:-len(suffix)].isdigit():
            return int(text[:-len(suffix)]) * factor
    return int(text) if text.isdigit() else 512


def resident_memory(container: dict) -> int:
    """dd's own 1 MiB plus the block it copies through (`bs=64M` holds 64 MiB)."""
    command = command_of(container)
    return DD_RESIDENT + dd_block_size(command) if copies_forever(command) else 0


def running_containers(pod: KubeObject) -> list[dict]:
    statuses = {s.get("name"): s for s in pod.status.get("containerStatuses") or []}
    return [c for c in pod.spec.get("containers") or []
            if "running" in ((statuses.get(c.get("name")) or {}).get("state") or {})]


def node_cpu_milli(node: KubeObject) -> int:
    return parse_quantity((node.status.get("capacity") or {}).get("cpu", "1")).milli()


def node_usage(node: KubeObject, pods: list[KubeObject]) -> list[ContainerUsage]:
    """Every running container on the node with the CPU and memory it uses now."""
    running = [(pod, c) for pod in pods if pod.spec.get("nodeName") == node.name for c in running_containers(pod)]
    wants = []
    for _, container in running:
        request, limit = container_cpu(container)
        wants.append((cpu_demand(container), cpu_shares(request, limit), limit))
    given = share_cpu(node_cpu_milli(node), wants)
    return [ContainerUsage(pod, container, cpu, resident_memory(container), want[0])
            for (pod, container), cpu, want in zip(running, given, wants)]


def over_memory_limit(container: dict) -> bool:
    """The kernel's OOM killer ends a container whose resident memory passes its cgroup limit."""
    limit = container_memory_limit(container)
    return bool(limit) and resident_memory(container) > limit
