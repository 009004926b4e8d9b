"""An OS-level memory ceiling for grading processes.

The engine charges time and memory as a grading runs (`scoring.budget`), but those are
checks in Python: a bug or an input nobody foresaw could still allocate past them. Each
Celery pool process therefore caps its own address space (RLIMIT_AS) at its size after
start-up plus a headroom, so an allocation past it raises MemoryError inside the task
(the engine reports it as "out of memory", the grade is stored) instead of the kernel's
OOM killer taking the worker or the machine down. Celery's `worker_max_memory_per_child`
replaces a process whose resident set has grown, after its current task.
"""

from __future__ import annotations

import logging
import resource
from pathlib import Path

log = logging.getLogger(__name__)
STATUS = Path("/proc/self/status")


def virtual_size_bytes() -> int:
    """VmSize of this process, 0 where /proc is not there."""
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def cap_address_space(headroom_mb: int) -> int | None:
    """Lower RLIMIT_AS to the current size plus `headroom_mb`; returns the new limit in
    bytes, or None where it cannot be read or is already lower (never raises it)."""
    size = virtual_size_bytes()
    if not size or headroom_mb <= 0:
        return None
    wanted = size + headroom_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        return None
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    log.info("grading process address space capped at %d MiB", wanted // 1048576)
    return wanted
