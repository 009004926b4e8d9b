"""Workspace commands run in sandbox processes, never in a web worker's thread.

A small pool (`KUBEGRADE_WORKSPACE_SANDBOXES` processes per web process, started on first
use with `spawn`, so no web thread's state is forked) keeps warm live clusters: each
workspace always goes to the same sandbox (its id modulo the pool's size), which keeps an
LRU of `Live`s keyed by workspace and valid for one (run, seq). A step is one round trip
over a pipe: the request names the state it expects; a sandbox that holds another state
answers "miss" and the web process sends what it read from the database (the snapshot and
the events after it, or the setup and the whole run), as `rebuild.workspace_live` would.

Each sandbox caps its own address space (`KUBEGRADE_WORKSPACE_SANDBOX_MB` above its size
at start) and, per step, its CPU time (the budget plus a margin: past it the kernel sends
SIGXCPU, which stops the step with the budget's message), and runs the step under the
grader's budget (`scoring.budget`, whose watchdog holds on any thread). A sandbox that
dies or does not answer in time is replaced and the step reported as stopped.
With `KUBEGRADE_WORKSPACE_SANDBOXES=0` steps run in the web process (tests of its parts).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from kubegrade.workspaces import engine

log = logging.getLogger(__name__)
CPU_MARGIN_SECONDS = 5  # past the budget's wall-clock time: the kernel's backstop
ANSWER_MARGIN_SECONDS = 10  # past that, the web process gives up waiting and replaces the sandbox


@dataclass(frozen=True)
class Reply:
    step: object = None
    snapshot: bytes | None = None
    miss: bool = False
    stopped: dict | None = None


# the child -----------------------------------------------------------------------
def serve(conn, bank_root: str, address_space_mb: int, entries: int) -> None:
    """The sandbox's loop: one request at a time until the web process closes the pipe."""
    import signal

    os.environ.setdefault("KUBEGRADE_SANDBOX", "1")
    _configure_django_free(bank_root)
    engine.cap_process_memory(address_space_mb)
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    lives: OrderedDict[int, tuple[tuple[int, int], object]] = OrderedDict()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(lives, request, entries))


class CpuLimitReached(Exception):
    pass


def _on_cpu_limit(signum, frame) -> None:
    raise CpuLimitReached()


def _configure_django_free(bank_root: str) -> None:
    """The sandbox loads the bank straight from disk (no database, no Django apps)."""
    from django.conf import settings as lazy

    if not lazy.configured:
        lazy.configure(KUBEGRADE_BANK_ROOT=bank_root)


def _answer(lives: OrderedDict, request: dict, entries: int) -> Reply:
    import resource

    key, at, then = request["workspace"], request["at"], request["then"]
    held = lives.pop(key, None)
    live = held[1] if held is not None and held[0] == at else None
    if live is None and request["load"] is None:
        return Reply(miss=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (int(usage.ru_utime + usage.ru_stime) + int(engine.BUDGET_SECONDS)
                                             + CPU_MARGIN_SECONDS, hard))
    try:
        if live is None:
            live = engine.live_from_load(request["load"])
        step = engine.apply_step(live, request["op"], request["args"])
    except CpuLimitReached:
        return Reply(stopped=engine.stopped_by_limit("over_time").messages)
    except engine.budget_error_types() as error:  # the half-done cluster is dropped with the error
        return Reply(stopped=engine.stopped_messages(error))
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    lives[key] = (then, live)
    while len(lives) > entries:
        lives.popitem(last=False)
    return Reply(step=step, snapshot=engine.snapshot_dump(live) if request["dump"] else None)


# the web side ---------------------------------------------------------------------
class Sandbox:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process = None
        self.conn = None

    def call(self, request: dict) -> Reply:
        with self.lock:
            self._ensure_running()
            try:
                self.conn.send(request)
                if not self.conn.poll(engine.BUDGET_SECONDS + CPU_MARGIN_SECONDS + ANSWER_MARGIN_SECONDS):
                    raise TimeoutError
                return self.conn.recv()
            except (EOFError, OSError, TimeoutError) as error:
                log.warning("workspace.sandbox_lost pid=%s error=%s", self.process.pid, type(error).__name__)
                self._stop()
                raise engine.stopped_by_limit("over_process_memory") from None

    def _ensure_running(self) -> None:
        if self.process is not None and self.process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(
            target=serve, name="workspace-sandbox", daemon=True,
            args=(child, str(settings.KUBEGRADE_BANK_ROOT), settings.KUBEGRADE_WORKSPACE_SANDBOX_MB,
                  settings.KUBEGRADE_WORKSPACE_CACHE_ENTRIES))
        self.process.start()
        child.close()
        self.conn = parent
        log.info("workspace.sandbox_started pid=%s", self.process.pid)

    def _stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.process = None


_pool: list[Sandbox] = []
_pool_lock = threading.Lock()


def enabled() -> bool:
    return settings.KUBEGRADE_WORKSPACE_SANDBOXES > 0


def sandbox_for(workspace_id: int) -> Sandbox:
    with _pool_lock:
        while len(_pool) < settings.KUBEGRADE_WORKSPACE_SANDBOXES:
            _pool.append(Sandbox())
        return _pool[workspace_id % settings.KUBEGRADE_WORKSPACE_SANDBOXES]


def pids() -> list[int]:
    with _pool_lock:
        return [box.process.pid for box in _pool if box.process is not None and box.process.is_alive()]


def stop_all() -> None:
    """Ends every sandbox of this process (their clusters reload from the database on the
    next step): what a web process does at exit, and what tests do to go cold."""
    with _pool_lock:
        for box in _pool:
            with box.lock:
                box._stop()
