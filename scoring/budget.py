"""A time and memory budget for one grading, that holds on any thread.

Time and memory are checked between commands and checks (`BudgetGuard.check`), and,
inside one long statement, by a watchdog thread: every `WATCH_INTERVAL` it compares each
running guard with its deadline and with the process's resident-set growth (read from
/proc, cheap), and raises `BudgetExceeded` in the guarded thread itself
(`PyThreadState_SetAsyncExc`, the one way Python offers to interrupt another thread).
So a grading in a web worker's or a pool's thread stops as one on the main thread does;
SIGALRM, which only the main thread receives, is not used. Python delivers such an
exception between bytecodes, so code that spends long inside one C call cannot be
stopped this way: the simulator keeps those bounded (a linear-time regex engine, output
caps, the API server's object limits).

Those are checks in Python: a bug or an input nobody foresaw could still allocate past
them. A process that grades (a Celery pool process, a workspace sandbox, the CLI)
therefore also caps its own address space with `cap_address_space`, so an allocation past the ceiling raises MemoryError inside the grading
(reported as "out of memory") instead of the kernel's OOM killer taking the worker, or the
machine, down.
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource
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
        self.thread_id = threading.get_ident()
        self.interrupt = _interrupt_class(self)
        self.fired = False

    def __enter__(self) -> "BudgetGuard":
        self.thread_id = threading.get_ident()
        WATCHDOG.watch(self)
        return self

    def __exit__(self, *exc_info) -> None:
        WATCHDOG.unwatch(self)

    def _time_message(self) -> Phrase:
        return Phrase("over_time", seconds=self.budget.seconds)

    def _memory_message(self, grown: int) -> Phrase:
        return Phrase("over_memory", limit=self.budget.memory_mb, grown=grown / 1048576)

    def overrun(self, now: float | None = None) -> Phrase | None:
        """What this guard's budget is over, if anything."""
        if (time.perf_counter() if now is None else now) > self.deadline:
            return self._time_message()
        grown = resident_bytes() - self.base_memory
        if self.base_memory and grown > self.budget.memory_mb * 1024 * 1024:
            return self._memory_message(grown)
        return None

    def check(self) -> None:
        over = self.overrun()
        if over is not None:
            raise BudgetExceeded(over)


def _interrupt_class(guard: BudgetGuard) -> type[BudgetExceeded]:
    """An exception class the watchdog can raise in another thread: Python instantiates it
    without arguments, so it reads its message from the guard."""

    class BudgetInterrupt(BudgetExceeded):
        def __init__(self) -> None:
            super().__init__(guard.overrun() or guard._time_message())

    BudgetInterrupt.__qualname__ = BudgetInterrupt.__name__ = "BudgetExceeded"
    return BudgetInterrupt


WATCH_INTERVAL = 0.05  # seconds between the watchdog's looks: how far past its budget a statement may run


class Watchdog:
    """One daemon thread that watches every running guard of this process."""

    def __init__(self) -> None:
        self._guards: set[BudgetGuard] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def watch(self, guard: BudgetGuard) -> None:
        with self._lock:
            self._guards.add(guard)
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()  # a forked child has the object but not the thread
                self._thread = threading.Thread(target=self._run, name="budget-watchdog", daemon=True)
                self._thread.start()

    def unwatch(self, guard: BudgetGuard) -> None:
        with self._lock:
            self._guards.discard(guard)
            if guard.fired:  # not raised yet (it is, at the next bytecode): it must not escape the guard
                _raise_in_thread(guard.thread_id, None)

    def _run(self) -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            with self._lock:  # held briefly: a guarded thread waiting here waits for the GIL too
                guards = list(self._guards)
            for guard in guards:
                if guard.overrun() is not None:
                    self._fire(guard)

    def _fire(self, guard: BudgetGuard) -> None:
        with self._lock:
            if guard in self._guards:  # still running: `unwatch` has not passed
                guard.fired = True
                _raise_in_thread(guard.thread_id, guard.interrupt)


def _raise_in_thread(thread_id: int, exception: type[BaseException] | None) -> None:
    """Python's C API: raise `exception` in that thread at its next bytecode; None clears it."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else ctypes.c_void_p(0))


WATCHDOG = Watchdog()


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

