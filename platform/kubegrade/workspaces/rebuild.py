"""A workspace's live cluster: from the in-process cache when it holds the workspace's
newest state, else from the database snapshot plus the few events after it, else rebuilt
from the setup and the whole log of the current run. The log holds everything a step
needs (line, file text, simulated seconds), so each path gives the same cluster."""

from __future__ import annotations

import logging

from kubegrade.workspaces import cache, engine
from kubegrade.workspaces.models import EventKind, Workspace, WorkspaceEvent, WorkspaceSnapshot

log = logging.getLogger(__name__)


def workspace_live(workspace: Workspace) -> engine.Live:
    live = cache.take(workspace.pk, workspace.run, workspace.last_seq)
    if live is not None:
        return live
    snapshot = WorkspaceSnapshot.objects.filter(workspace=workspace, run=workspace.run,
                                                seq__lte=workspace.last_seq).first()
    if snapshot is not None:
        live, after = engine.snapshot_load(snapshot.data), snapshot.seq
    else:
        live, after = live_from_setup(workspace), 0
    replayed = replay_events(live, workspace, after)
    if replayed:
        log.info("workspace.replayed id=%s events=%s from_seq=%s", workspace.pk, replayed, after)
    return live


def live_from_setup(workspace: Workspace) -> engine.Live:
    slug, content_hash = workspace.course_assignment.assignment.slug, workspace.version.content_hash
    files = engine.starter_files(slug=slug, content_hash=content_hash, seed=workspace.seed)
    return engine.live_start(slug=slug, content_hash=content_hash, seed=workspace.seed, files=files)


def replay_events(live: engine.Live, workspace: Workspace, after_seq: int) -> int:
    events = WorkspaceEvent.objects.filter(workspace=workspace, run=workspace.run, seq__gt=after_seq,
                                           seq__lte=workspace.last_seq, skipped=False).order_by("seq")
    count = 0
    for event in events.iterator():
        replay_event(live, event)
        count += 1
    return count


def replay_event(live: engine.Live, event: WorkspaceEvent) -> engine.StepResult | None:
    if event.kind == EventKind.COMMAND:
        return live.run_line(event.line, event.elapsed)
    if event.kind == EventKind.EDIT:
        return live.finish_edit(event.content, event.elapsed)
    if event.kind == EventKind.FOLLOW:
        return live.follow(event.elapsed)
    if event.kind == EventKind.INTERRUPT:
        return live.interrupt()
    if event.kind == EventKind.FILE_WRITE:
        live.write_file(event.line, event.content)
    elif event.kind == EventKind.FILE_DELETE:
        live.delete_file(event.line)
    return None
