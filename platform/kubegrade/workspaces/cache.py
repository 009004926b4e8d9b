"""The in-process cache of live workspaces: a small LRU of `Live` objects keyed by
workspace, each valid only for the (run, seq) it reflects.

A web process serving a workspace's commands keeps its live cluster here, so a command
neither unpickles the snapshot nor replays the log. An entry is *taken* out while a
command runs and put back only once the command's rows are committed, so a failed or
rolled-back command never leaves a cluster that is ahead of the database. Idle entries
expire from here after `KUBEGRADE_WORKSPACE_IDLE_SECONDS`, never from the database.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings

_entries: OrderedDict[int, tuple[int, int, object, float]] = OrderedDict()
_lock = threading.Lock()


def take(workspace_id: int, run: int, seq: int):
    """The live workspace at (run, seq), removed from the cache, or None."""
    with _lock:
        _expire_idle()
        entry = _entries.pop(workspace_id, None)
    if entry is None or (entry[0], entry[1]) != (run, seq):
        return None
    return entry[2]


def put(workspace_id: int, run: int, seq: int, live) -> None:
    if getattr(live, "remote", False):  # its sandbox keeps it (workspaces.sandbox)
        return
    with _lock:
        _entries[workspace_id] = (run, seq, live, time.monotonic())
        _entries.move_to_end(workspace_id)
        while len(_entries) > settings.KUBEGRADE_WORKSPACE_CACHE_ENTRIES:
            _entries.popitem(last=False)


def drop(workspace_id: int) -> None:
    with _lock:
        _entries.pop(workspace_id, None)


def clear() -> None:
    with _lock:
        _entries.clear()


def size() -> int:
    with _lock:
        return len(_entries)


def _expire_idle() -> None:
    oldest = time.monotonic() - settings.KUBEGRADE_WORKSPACE_IDLE_SECONDS
    for workspace_id in [key for key, entry in _entries.items() if entry[3] < oldest]:
        del _entries[workspace_id]
