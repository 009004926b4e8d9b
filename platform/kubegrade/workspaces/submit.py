"""Handing a workspace in: its files and the command lines that ran in its current run,
in order, through `submission_create` (the same limits, attempts, rate limit and queue as
any submission), graded on a fresh cluster like every other submission.

What is handed in is what the log recorded as run, not what was typed at some point:
lines refused by a limit or stopped by the budget never ran and are left out; a line
that started a watch (`kubectl get -w`) changed nothing and the grader's shell cannot
follow it, so it is left out too; a saved `kubectl edit` becomes its replayable form, the
edited object as a file plus `kubectl replace -f` on it. Command lines go in only where
the assignment takes commands (elsewhere the engine ignores them and they would only
count against `max_bytes`).
"""

from __future__ import annotations

from django.db import transaction

from kubegrade.errors import InvalidSubmission, PermissionDenied, UploadTooLarge
from kubegrade.workspaces import engine
from kubegrade.workspaces.access import workspace_for_viewer
from kubegrade.workspaces.models import EventKind, WorkspaceEvent, WorkspaceFile

EDIT_FILE = "kubectl-edit-{seq}.yaml"


def handed_in_lines(events: list[WorkspaceEvent]) -> tuple[list[str], dict[str, str]]:
    """The command lines to replay, and the files the saved edits become."""
    lines, edit_files = [], {}
    for event in events:
        if event.kind == EventKind.COMMAND and not event.following:
            lines.append(event.line)
        elif event.kind == EventKind.EDIT and event.exit_code == 0 and not event.edit_path \
                and not event.output.startswith("Edit cancelled"):
            name = EDIT_FILE.format(seq=event.seq)
            edit_files[name] = event.content
            lines.append(f"kubectl replace -f {name}")
    return lines, edit_files


def _chosen_events(workspace, seqs: list[int] | None) -> list[WorkspaceEvent]:
    events = list(WorkspaceEvent.objects.filter(workspace=workspace, run=workspace.run, skipped=False,
                                                kind__in=(EventKind.COMMAND, EventKind.EDIT)).order_by("seq"))
    if seqs is None:
        return events
    known = {event.seq for event in events}
    unknown = sorted(set(seqs) - known)
    if unknown:
        raise InvalidSubmission(f"No command ran with seq {', '.join(map(str, unknown))} in this workspace's "
                                "current run.", field="seqs")
    chosen = set(seqs)
    return [event for event in events if event.seq in chosen]


def workspace_submit(*, user, workspace_id: int, seqs: list[int] | None = None):
    from kubegrade.submissions.services import submission_create

    workspace, read_only = workspace_for_viewer(user=user, workspace_id=workspace_id)
    if read_only:
        raise PermissionDenied("Only the workspace's owner hands it in.")
    slug, content_hash = workspace.course_assignment.assignment.slug, workspace.version.content_hash
    files = dict(WorkspaceFile.objects.filter(workspace=workspace, run=workspace.run).values_list("name", "content"))
    commands = ""
    if engine.takes_commands(slug=slug, content_hash=content_hash):
        lines, edit_files = handed_in_lines(_chosen_events(workspace, seqs))
        _refuse_too_many(lines, workspace)
        files.update(edit_files)
        commands = "".join(f"{line}\n" for line in lines)
    with transaction.atomic():
        return submission_create(student=user, course_assignment=workspace.course_assignment,
                                 files={name: text.encode("utf-8") for name, text in files.items()},
                                 commands=commands, workspace=workspace)


def _refuse_too_many(lines: list[str], workspace) -> None:
    limit = engine.declared_limits(workspace.version.submission_limits or {})["max_commands"]
    count = engine.count_commands(lines)
    if count > limit:
        raise UploadTooLarge(f"{count} commands ran in this workspace (each command joined by ;, &&, || or | "
                             f"counts); this assignment accepts at most {limit} commands. Choose the lines to "
                             "hand in (seqs).", limit="max_commands", limit_value=limit)
