"""A time and memory budget for one grading.

Time: a wall-clock deadline checked between commands and checks, and, on the main
thread where signals work, an interval timer that interrupts a single command that
runs away. Memory: the growth of the process's resident set (read from /proc, cheap)
checked at the same points. Over either, `BudgetExceeded` carries a message naming
the limit.

Those are checks in Python: a bug or an input nobody foresaw could still allocate past
them. A process that grades (a Celery pool process, the CLI) therefore also caps its own
address space with `cap_address_space`, so an allocation past the ceiling raises
MemoryError inside the grading (reported as "out of memory") instead of the kernel's OOM
killer taking the worker, or the machine, down.
"""

from __future__ import annotations

import logging
import resource
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from scoring.messages import Phrase
from simulator.shell.session import CommandAborted

PAGE_SIZE = 4096
STATM = Path("/proc/self/statm")
STATUS = Path("/proc/self/status")
log = logging.getLogger(__name__)


class BudgetExceeded(CommandAborted):
    """A grading ran past its time or memory budget; the message (a Phrase) names which."""


@dataclass(frozen=True)
class Budget:
    seconds: float = 10.0
    memory_mb: float = 256.0


def resident_bytes() -> int:
    try:
        return int(STATM.read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


class BudgetGuard:
    """`with BudgetGuard(budget) as guard: ... guard.check()`"""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.started = time.perf_counter()
        self.deadline = self.started + budget.seconds
        self.base_memory = resident_bytes()
        self._old_handler = None

    def __enter__(self) -> "BudgetGuard":
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self._old_handler = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.budget.seconds + 0.5)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old_handler)

    def _on_alarm(self, signum, frame) -> None:
        raise BudgetExceeded(self._time_message())

    def _time_message(self) -> Phrase:
        return Phrase("over_time", seconds=self.budget.seconds)

    def check(self) -> None:
        if time.perf_counter() > self.deadline:
            raise BudgetExceeded(self._time_message())
        grown = resident_bytes() - self.base_memory
        if self.base_memory and grown > self.budget.memory_mb * 1024 * 1024:
            raise BudgetExceeded(Phrase("over_memory", limit=self.budget.memory_mb, grown=grown / 1048576))


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
