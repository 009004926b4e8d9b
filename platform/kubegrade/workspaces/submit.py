"""Handing a workspace in: its files and the command lines that ran in its current run,
in order, through `submission_create` (the same limits, attempts, rate limit and queue as
any submission), graded on a fresh cluster like every other submission.

What is handed in is what the log recorded as run, not what was typed at some point:
lines refused by a limit or stopped by the budget never ran and are left out; a line
that started a watch (`kubectl get -w`) changed nothing and the grader's shell cannot
follow it, so it is left out too; a saved `kubectl edit` becomes its replayable form, the
edited object as a file (without kubectl's comment header and the fields the server sets,
which a fresh cluster holds otherwise) plus `kubectl apply -f` or `kubectl replace -f` on
it, and a line that only opened the editor is left out (the grader's shell has no
terminal, so there it fails). Command lines go in only where
the assignment takes commands (elsewhere the engine ignores them and they would only
count against `max_bytes`).
"""

from __future__ import annotations

import yaml
from django.db import transaction

from kubegrade.errors import InvalidSubmission, PermissionDenied, UploadTooLarge
from kubegrade.workspaces import engine
from kubegrade.workspaces.access import workspace_for_viewer
from kubegrade.workspaces.models import EventKind, WorkspaceEvent, WorkspaceFile, WorkspaceRun

EDIT_FILE = "kubectl-edit-{seq}.yaml"
# What the server set on the object when it was read: on the grader's fresh cluster the same
# object has another resourceVersion (kubectl replace would fail with a conflict) and uid,
# and its own status; kubectl apply would not want any of them either.
SERVER_SET_METADATA = ("resourceVersion", "uid", "creationTimestamp", "managedFields", "generation")


def handed_in_lines(events: list[WorkspaceEvent]) -> tuple[list[str], dict[str, str]]:
    """The command lines to replay, and the files the saved edits become."""
    lines, edit_files, opened = [], {}, None
    for event in events:
        if event.kind == EventKind.COMMAND and event.edit_path:
            opened = event.content
            if engine.count_commands([event.line]) > 1:
                lines.append(event.line)  # what ran before the editor opened; the edit fails harmlessly
        elif event.kind == EventKind.COMMAND and not event.following:
            lines.append(event.line)
        elif event.kind == EventKind.EDIT and event.exit_code == 0 and not event.edit_path \
                and not event.output.startswith("Edit cancelled"):
            name = EDIT_FILE.format(seq=event.seq)
            edited = _documents(event.content)
            if edited is None:  # cannot happen for an edit kubectl accepted; hand it in as saved
                edit_files[name] = event.content
                lines.append(f"kubectl replace -f {name}")
                continue
            edit_files[name] = yaml.safe_dump_all([_without_server_fields(doc) for doc in edited], sort_keys=False)
            lines.append(f"kubectl {_replay_verb(_documents(opened or ''), edited)} -f {name}")
    return lines, edit_files


def _replay_verb(originals: list | None, edited: list) -> str:
    """`apply` when the edit only added or changed fields: like the edit's own patch it
    changes what the file states and keeps whatever else the grader's cluster holds.
    `replace` when it removed something (a key, a list item) or the original is unknown:
    apply only removes what an earlier apply set (its last-applied annotation), so a label
    or selector key deleted in the editor would survive; replace makes the object the file."""
    if not originals or len(originals) != len(edited):
        return "replace"
    return "replace" if any(_removes(old, new) for old, new in zip(originals, edited)) else "apply"


def _removes(original, edited) -> bool:
    if isinstance(original, dict) and isinstance(edited, dict):
        return any(key not in edited or _removes(value, edited[key]) for key, value in original.items())
    if isinstance(original, list) and isinstance(edited, list):  # item by item: a reordering counts too
        return len(edited) < len(original) or any(_removes(old, new) for old, new in zip(original, edited))
    return False


def _documents(text: str) -> list | None:
    """The objects in an edit file (a `List` opened on several objects gives its items)."""
    try:
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError:
        return None
    items = []
    for doc in documents:
        if not isinstance(doc, dict):
            return None
        is_list = doc.get("kind") == "List" and isinstance(doc.get("items"), list)
        items.extend(doc["items"] if is_list else [doc])
    return items


def _without_server_fields(document: dict) -> dict:
    document = {key: value for key, value in document.items() if key != "status"}
    if isinstance(document.get("metadata"), dict):
        document["metadata"] = {key: value for key, value in document["metadata"].items()
                                if key not in SERVER_SET_METADATA}
    return document


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
        files.pop("commands.sh", None)  # what ran in the terminal is handed in, not the scratch file
        commands = "".join(f"{line}\n" for line in lines)
    with transaction.atomic():
        submission = submission_create(student=user, course_assignment=workspace.course_assignment,
                                       files={name: text.encode("utf-8") for name, text in files.items()},
                                       commands=commands, workspace=workspace)
        # the run it came from is kept when older runs are pruned
        WorkspaceRun.objects.filter(workspace=workspace, run=workspace.run).update(handed_in=True)
        return submission


def workspace_drift(*, user, workspace_id: int) -> dict[str, str]:
    """The owner's files whose objects differ in the live cluster, each with the live
    objects as its new text (`live_drift`): what Submit warns about before handing in."""
    from kubegrade.workspaces import cache
    from kubegrade.workspaces.live_drift import drifted_files
    from kubegrade.workspaces.rebuild import workspace_live

    workspace, read_only = workspace_for_viewer(user=user, workspace_id=workspace_id)
    if read_only:
        raise PermissionDenied("Only the workspace's owner hands it in.")
    files = dict(WorkspaceFile.objects.filter(workspace=workspace, run=workspace.run).values_list("name", "content"))
    live = workspace_live(workspace)
    try:
        return drifted_files(files, lambda kind, namespace, name: engine.live_object(live, kind, namespace, name))
    finally:
        cache.put(workspace.pk, workspace.run, workspace.last_seq, live)  # read only: as it was taken


def _refuse_too_many(lines: list[str], workspace) -> None:
    limit = engine.declared_limits(workspace.version.submission_limits or {})["max_commands"]
    count = engine.count_commands(lines)
    if count > limit:
        raise UploadTooLarge(f"{count} commands ran in this workspace (each command joined by ;, &&, || or | "
                             f"counts); this assignment accepts at most {limit} commands. Choose the lines to "
                             "hand in (seqs).", limit="max_commands", limit_value=limit)
