"""Reads for workspaces: what the terminal shows (the rows only, never the cluster)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from kubegrade.workspaces.access import workspace_for_viewer
from kubegrade.workspaces.limits import workspace_limits
from kubegrade.workspaces.models import HISTORY_KINDS, Workspace, WorkspaceEvent, WorkspaceFile
from kubegrade.workspaces.terminal_text import for_terminal

HISTORY_PAGE = 200  # commands a page holds at most; KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES bounds its output


@dataclass(frozen=True)
class WorkspaceView:
    workspace: Workspace
    read_only: bool
    files: list[WorkspaceFile]
    history: list[WorkspaceEvent]
    history_total: int
    limits: dict[str, int]


def _history(workspace: Workspace):
    return WorkspaceEvent.objects.filter(workspace=workspace, run=workspace.run, kind__in=HISTORY_KINDS)


def _page(events) -> list[WorkspaceEvent]:
    """The newest events of `events` (a queryset), oldest first: at most HISTORY_PAGE of
    them and about KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES of output (always at least one);
    each one's output bounded and inert, also for rows stored before those rules."""
    page: list[WorkspaceEvent] = []
    size = 0
    for event in events.order_by("-seq")[:HISTORY_PAGE]:
        event.output = for_terminal(event.output, settings.KUBEGRADE_WORKSPACE_MAX_OUTPUT)
        size += len(event.output) + len(event.line)
        if page and size > settings.KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES:
            break
        page.append(event)
    return page[::-1]


def workspace_view(*, workspace: Workspace, read_only: bool) -> WorkspaceView:
    history = _page(_history(workspace))
    files = list(WorkspaceFile.objects.filter(workspace=workspace, run=workspace.run).order_by("name"))
    return WorkspaceView(workspace, read_only, files, history, _history(workspace).count(),
                         workspace_limits(workspace))


def workspace_view_for(*, user, workspace_id: int) -> WorkspaceView:
    workspace, read_only = workspace_for_viewer(user=user, workspace_id=workspace_id)
    return workspace_view(workspace=workspace, read_only=read_only)


def workspace_history_before(*, user, workspace_id: int, before: int | None) -> list[WorkspaceEvent]:
    """A page of the current run's scrollback older than seq `before` (the newest page without it)."""
    workspace, _ = workspace_for_viewer(user=user, workspace_id=workspace_id)
    events = _history(workspace)
    if before is not None:
        events = events.filter(seq__lt=before)
    return _page(events)


def workspace_completion(*, user, workspace_id: int, line: str) -> tuple[int, list[str]]:
    """What tab completion offers at the end of `line`, on the owner's live session."""
    from kubegrade.errors import PermissionDenied
    from django.utils import timezone

    from kubegrade.workspaces import cache
    from kubegrade.workspaces.limits import check_completion_rate, check_line
    from kubegrade.workspaces.rebuild import workspace_live

    check_line(line)
    workspace, read_only = workspace_for_viewer(user=user, workspace_id=workspace_id)
    if read_only:
        raise PermissionDenied("Staff read a student's workspace; only its owner types in it.")
    check_completion_rate(owner_id=workspace.owner_id, now=timezone.now())
    live = workspace_live(workspace)
    try:
        return live.complete(line)
    finally:
        cache.put(workspace.pk, workspace.run, workspace.last_seq, live)
