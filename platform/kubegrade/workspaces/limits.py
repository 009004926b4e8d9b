"""The terminal's limits, each refused with a message naming it: the length of a line,
a rate for every kind of write per student (429 with Retry-After: commands and saved
edits, other writes (files, Ctrl-C), resets, tab completions), files and bytes per
workspace (twice the assignment's own limits: room for scratch files, still bounded), and
how much simulated time one step may let pass. The rates count rows the writes leave
(events, runs), so every web process sees the same count; completions leave none and
are counted in Django's cache (shared when the cache is, per process otherwise)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kubegrade.errors import CommandsThrottled, UploadTooLarge
from kubegrade.submissions.validation import clean_file_name, decode_text
from kubegrade.workspaces import engine
from kubegrade.workspaces.models import HISTORY_KINDS, EventKind, WorkspaceEvent, WorkspaceRun

OTHER_WRITE_KINDS = (EventKind.FILE_WRITE, EventKind.FILE_DELETE, EventKind.INTERRUPT)

LINE_TOO_LONG = {
    "command": gettext_noop("The command is %(length)d characters long; the terminal accepts at most %(limit)d."),
    "edited file": gettext_noop("The edited file is %(length)d characters long; the terminal accepts at most "
                                "%(limit)d."),
}

WORKSPACE_LIMIT_MULTIPLE = 2
STEP_CAP_SECONDS = 3600.0  # an hour away reads as an hour, a week away as an hour too
FOLLOW_CAP_SECONDS = 60.0  # a watch polled late does not print an hour of changes at once


def workspace_limits(workspace) -> dict[str, int]:
    declared = engine.declared_limits(workspace.version.submission_limits or {})
    return {"max_line": settings.KUBEGRADE_WORKSPACE_MAX_LINE,
            "commands_per_minute": settings.KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE,
            "max_files": declared["max_files"] * WORKSPACE_LIMIT_MULTIPLE,
            "max_bytes": declared["max_bytes"] * WORKSPACE_LIMIT_MULTIPLE}


def check_line(line: str, *, what: str = "command", limit: int | None = None) -> None:
    limit = limit or settings.KUBEGRADE_WORKSPACE_MAX_LINE
    if len(line) > limit:
        raise UploadTooLarge(_(LINE_TOO_LONG[what]) % {"length": len(line), "limit": limit},
                             limit="max_line", limit_value=limit)


def check_command_rate(*, owner_id: int, now: dt.datetime) -> None:
    limit = settings.KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE
    recent = WorkspaceEvent.objects.filter(workspace__owner_id=owner_id, kind__in=HISTORY_KINDS)
    _refuse_over_rate(recent, "created_at", limit, now,
                      lambda retry: _("At most %(limit)d commands a minute; try again in %(retry)d s.")
                      % {"limit": limit, "retry": retry})


def check_write_rate(*, owner_id: int, now: dt.datetime) -> None:
    """File writes and deletes and Ctrl-C, together."""
    limit = settings.KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE
    recent = WorkspaceEvent.objects.filter(workspace__owner_id=owner_id, kind__in=OTHER_WRITE_KINDS)
    _refuse_over_rate(recent, "created_at", limit, now,
                      lambda retry: _("At most %(limit)d file changes and interrupts a minute; try again in %(retry)d s.")
                      % {"limit": limit, "retry": retry})


def check_reset_rate(*, owner_id: int, now: dt.datetime) -> None:
    limit = settings.KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE
    recent = WorkspaceRun.objects.filter(workspace__owner_id=owner_id)
    _refuse_over_rate(recent, "started_at", limit, now,
                      lambda retry: _("At most %(limit)d resets a minute; try again in %(retry)d s.")
                      % {"limit": limit, "retry": retry})


def check_completion_rate(*, owner_id: int, now: dt.datetime) -> None:
    """Tab completions leave no row: their times in the last minute are kept in the cache."""
    limit = settings.KUBEGRADE_WORKSPACE_COMPLETIONS_PER_MINUTE
    if limit <= 0:
        return
    key = f"kubegrade:workspace-completions:{owner_id}"
    stamp = now.timestamp()
    recent = [at for at in cache.get(key, []) if at > stamp - 60][-limit:]
    if len(recent) >= limit:
        retry = max(1, int(recent[0] + 60 - stamp) + 1)
        raise CommandsThrottled(_("At most %(limit)d completions a minute; try again in %(retry)d s.")
                                % {"limit": limit, "retry": retry},
                                retry_after_seconds=retry, limit_per_minute=limit)
    cache.set(key, [*recent, stamp], timeout=61)


def _refuse_over_rate(rows, time_field: str, limit: int, now: dt.datetime, message: Callable[[int], str]) -> None:
    """429 when `limit` rows are younger than a minute; Retry-After when the oldest leaves
    (`message` says so, in the request's language, given the seconds to wait)."""
    if limit <= 0:
        return
    window_start = now - dt.timedelta(seconds=60)
    recent = list(rows.filter(**{f"{time_field}__gt": window_start}).order_by(f"-{time_field}")
                  .values_list(time_field, flat=True)[:limit])
    if len(recent) >= limit:
        retry = max(1, int((recent[-1] - window_start).total_seconds()) + 1)
        raise CommandsThrottled(message(retry), retry_after_seconds=retry,
                                limit_per_minute=limit)


def check_file(workspace, files: dict[str, str], name: str, content: str) -> None:
    """Refuses a bad name, binary content, or a write past the workspace's files or bytes."""
    if clean_file_name(name) != name:
        from kubegrade.errors import InvalidSubmission

        raise InvalidSubmission(_("%(name)r is not a usable file name (no folders: a plain name such as svc.yaml).")
                                % {"name": name}, field="name")
    decode_text(name, content.encode("utf-8"))
    limits = workspace_limits(workspace)
    after = {**files, name: content}
    if len(after) > limits["max_files"]:
        raise UploadTooLarge(_("The workspace holds at most %(count)d files.") % {"count": limits["max_files"]},
                             limit="max_files", limit_value=limits["max_files"])
    size = sum(len(text.encode("utf-8")) for text in after.values())
    if size > limits["max_bytes"]:
        raise UploadTooLarge(_("The files would total %(size)d bytes; the workspace holds at most %(limit)d bytes.")
                             % {"size": size, "limit": limits["max_bytes"]},
                             limit="max_bytes", limit_value=limits["max_bytes"])


def elapsed_seconds(since: dt.datetime, now: dt.datetime, cap: float = STEP_CAP_SECONDS) -> float:
    """Real seconds between two events, capped, rounded to the millisecond (as stored)."""
    return round(min(max(0.0, (now - since).total_seconds()), cap), 3)
