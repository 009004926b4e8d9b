"""Writes for workspaces: open, run a line, follow a watch, Ctrl-C, save an edit, write
or delete a file, reset. Submitting lives in `workspaces.submit`.

Every write locks the workspace's row (`select_for_update`), takes its live cluster (the
in-process cache, else the database snapshot, else a rebuild from the log:
`workspace_live`), applies one event, appends the event, refreshes the snapshot and the
row, and checks with a conditional update that nobody else moved the log meanwhile
(409 `workspace_busy`, on databases without row locks). The live cluster goes back to
the cache only when all that is committed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kubegrade.courses.models import EnrollmentState
from kubegrade.errors import InvalidSubmission, PermissionDenied, WorkspaceBusy
from kubegrade.workspaces import cache, engine
from kubegrade.workspaces.access import workspace_for_viewer
from kubegrade.workspaces.limits import (
    check_command_rate, check_file, check_line, check_reset_rate, check_write_rate, elapsed_seconds,
    FOLLOW_CAP_SECONDS,
)
from kubegrade.workspaces.models import (
    EventKind, Workspace, WorkspaceEvent, WorkspaceFile, WorkspaceRun, WorkspaceSnapshot,
)
from kubegrade.workspaces.terminal_text import for_terminal
from kubegrade.workspaces.rebuild import start_live, workspace_live

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepOutcome:
    event: WorkspaceEvent | None
    step: engine.StepResult


def _locked(*, user, workspace_id: int) -> Workspace:
    """The caller's own workspace, its row locked for this transaction (one query for the
    owner still active in the course, the hot path); an owner who left and staff get 403,
    anyone else 404, as `workspace_for_viewer` says."""
    workspace = (Workspace.objects.select_for_update(of=("self",))
                 .select_related("version", "course_assignment__assignment")
                 .filter(pk=workspace_id, owner=user, course_assignment__course__enrollments__user=user,
                         course_assignment__course__enrollments__state=EnrollmentState.ACTIVE).first())
    if workspace is None:
        seen, _ = workspace_for_viewer(user=user, workspace_id=workspace_id)  # raises NotFound for outsiders
        if seen.owner_id == user.pk:
            raise PermissionDenied("You left this course: your workspace stays readable but takes no new work.")
        raise PermissionDenied("Staff read a student's workspace; only its owner types in it.")
    return workspace


def workspace_event_append(workspace: Workspace, live: engine.Live, kind: str, step: engine.StepResult, *,
                           line: str = "", content: str = "", elapsed: float = 0.0,
                           skipped: bool = False) -> WorkspaceEvent:
    """Append one event to the log of `workspace`, whose row the caller has locked in this
    transaction, and move the row and the snapshot on with it; `skipped` keeps the older
    snapshot (a stopped command's half-done cluster is thrown away). Every writer of a
    workspace's log goes through here: the terminal's lines and the `/k8s/` API's writes."""
    now = timezone.now()
    seen = workspace.last_seq
    # What is kept and answered is bounded like a terminal's scrollback and inert (no OSC,
    # no cursor movement); the live cluster is unaffected.
    step.output = for_terminal(step.output, settings.KUBEGRADE_WORKSPACE_MAX_OUTPUT)
    if kind == EventKind.COMMAND and step.edit_path:
        # The object as the editor first showed it: submit compares a saved edit with it
        # to choose how the edit replays on the grader's cluster.
        content = step.edit_content
    event = WorkspaceEvent.objects.create(
        workspace=workspace, run=workspace.run, seq=seen + 1, kind=kind, line=line, content=content,
        elapsed=elapsed, prompt=step.prompt, output=step.output, exit_code=step.exit_code,
        following=step.following, edit_path=step.edit_path, skipped=skipped, created_at=now)
    fields = {"last_seq": seen + 1, "last_event_at": now, "prompt": step.next_prompt or workspace.prompt,
              "following": step.following, "editing_path": step.edit_path, "editing_content": step.edit_content}
    if not Workspace.objects.filter(pk=workspace.pk, last_seq=seen, run=workspace.run).update(**fields):
        raise WorkspaceBusy("Another command changed this workspace at the same time; run yours again.")
    for name, value in fields.items():
        setattr(workspace, name, value)
    if not skipped:
        _save_snapshot(workspace, live)
    return event


def _save_snapshot(workspace: Workspace, live: engine.Live) -> None:
    """One UPDATE on the hot path (the row exists from the first run on); the row is
    locked with its workspace, so no other writer races it."""
    key = (workspace.pk, workspace.run, workspace.last_seq)
    transaction.on_commit(lambda: cache.put(*key, live))
    data = engine.snapshot_dump(live)
    if data is None:  # jobs running in the shell: the older snapshot and the log rebuild them
        return
    fields = {"run": workspace.run, "seq": workspace.last_seq, "data": data, "updated_at": timezone.now()}
    if not WorkspaceSnapshot.objects.filter(workspace=workspace).update(**fields):
        WorkspaceSnapshot.objects.create(workspace=workspace, **fields)


def _run_guarded(workspace: Workspace, live: engine.Live, kind: str, action, **event_fields) -> StepOutcome:
    """Runs `action(live)` under the budget; a stopped command is logged as skipped and
    its half-done cluster thrown away (the snapshot still holds the state before it)."""
    try:
        step = action(live)
    except engine.budget_error_types() as error:
        step = engine.StepResult(output=engine.budget_message(error) + "\n", exit_code=137,
                                 prompt=workspace.prompt, next_prompt=workspace.prompt)
        return StepOutcome(workspace_event_append(workspace, live, kind, step, skipped=True, **event_fields), step)
    return StepOutcome(workspace_event_append(workspace, live, kind, step, **event_fields), step)


def workspace_run_command(*, user, workspace_id: int, line: str) -> StepOutcome:
    check_line(line)
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_command_rate(owner_id=workspace.owner_id, now=timezone.now())
        if workspace.editing_path:
            raise InvalidSubmission(f"{workspace.editing_path} is open in the editor (kubectl edit): save it or "
                                    "press Ctrl-C first.", field="line")
        live = workspace_live(workspace)
        elapsed = elapsed_seconds(workspace.last_event_at, timezone.now())
        return _run_guarded(workspace, live, EventKind.COMMAND, lambda lv: lv.run_line(line, elapsed),
                            line=line, elapsed=elapsed)


def workspace_follow(*, user, workspace_id: int) -> StepOutcome:
    """Lets the real time since the last call pass (capped) while a watch prints; with no
    watch running nothing happens and nothing is logged."""
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        if not workspace.following:
            step = engine.StepResult(prompt=workspace.prompt, next_prompt=workspace.prompt)
            return StepOutcome(None, step)
        live = workspace_live(workspace)
        seconds = elapsed_seconds(workspace.last_event_at, timezone.now(), cap=FOLLOW_CAP_SECONDS)
        printed = []
        outcome = _run_guarded(workspace, live, EventKind.FOLLOW, lambda lv: _followed(lv, seconds, printed),
                               elapsed=seconds)
        _continue_watch_output(workspace, "".join(printed))
        return outcome


def _followed(live, seconds: float, printed: list[str]) -> engine.StepResult:
    step = live.follow(seconds)
    printed.append(step.output)  # before the log bounds it: the watch's line gets it whole, then bounded
    return step


def _continue_watch_output(workspace: Workspace, output: str) -> None:
    """The scrollback shows a watch's later lines under the line that started it."""
    if not output:
        return
    started = (WorkspaceEvent.objects.filter(workspace=workspace, run=workspace.run, kind=EventKind.COMMAND,
                                             following=True).order_by("-seq").first())
    if started is not None:
        started.output = for_terminal(started.output + output, settings.KUBEGRADE_WORKSPACE_MAX_OUTPUT)
        started.save(update_fields=["output"])


def workspace_interrupt(*, user, workspace_id: int) -> StepOutcome:
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_write_rate(owner_id=workspace.owner_id, now=timezone.now())
        live = workspace_live(workspace)
        step = live.interrupt()
        return StepOutcome(workspace_event_append(workspace, live, EventKind.INTERRUPT, step), step)


def workspace_finish_edit(*, user, workspace_id: int, content: str) -> StepOutcome:
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_command_rate(owner_id=workspace.owner_id, now=timezone.now())
        if not workspace.editing_path:
            raise InvalidSubmission("Nothing is being edited: run kubectl edit first.", field="content")
        check_line(content, what="edited file", limit=settings.KUBEGRADE_MAX_REQUEST_BYTES)
        live = workspace_live(workspace)
        elapsed = elapsed_seconds(workspace.last_event_at, timezone.now())
        return _run_guarded(workspace, live, EventKind.EDIT, lambda lv: lv.finish_edit(content, elapsed),
                            line=workspace.editing_path, content=content, elapsed=elapsed)


def workspace_write_file(*, user, workspace_id: int, name: str, content: str) -> WorkspaceFile:
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_write_rate(owner_id=workspace.owner_id, now=timezone.now())
        files = dict(WorkspaceFile.objects.filter(workspace=workspace, run=workspace.run).values_list("name", "content"))
        check_file(workspace, files, name, content)
        live = workspace_live(workspace)
        live.write_file(name, content)
        step = engine.StepResult(prompt=workspace.prompt, next_prompt=workspace.prompt,
                                 following=workspace.following, edit_path=workspace.editing_path,
                                 edit_content=workspace.editing_content)
        workspace_event_append(workspace, live, EventKind.FILE_WRITE, step, line=name, content=content)
        stored, _ = WorkspaceFile.objects.update_or_create(workspace=workspace, run=workspace.run, name=name,
                                                           defaults={"content": content})
        return stored


def workspace_delete_file(*, user, workspace_id: int, name: str) -> None:
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_write_rate(owner_id=workspace.owner_id, now=timezone.now())
        deleted, _ = WorkspaceFile.objects.filter(workspace=workspace, run=workspace.run, name=name).delete()
        if not deleted:
            from kubegrade.errors import NotFound

            raise NotFound(f"No file named {name} in this workspace.")
        live = workspace_live(workspace)
        live.delete_file(name)
        step = engine.StepResult(prompt=workspace.prompt, next_prompt=workspace.prompt,
                                 following=workspace.following, edit_path=workspace.editing_path,
                                 edit_content=workspace.editing_content)
        workspace_event_append(workspace, live, EventKind.FILE_DELETE, step, line=name)


def workspace_reset(*, user, workspace_id: int) -> Workspace:
    """A fresh cluster from the setup and the starter files, in a new run; the old run's
    rows stay (history, files) under their run number, the last few runs and those handed
    in (`prune_old_runs`)."""
    with transaction.atomic():
        workspace = _locked(user=user, workspace_id=workspace_id)
        check_reset_rate(owner_id=workspace.owner_id, now=timezone.now())
        cache.drop(workspace.pk)
        workspace = _start_run(workspace, run=workspace.run + 1)
        prune_old_runs(workspace)
        return workspace


def prune_old_runs(workspace: Workspace) -> int:
    """Deletes the events and files of runs older than the last KUBEGRADE_WORKSPACE_RUNS_KEPT,
    except runs a submission was handed in from; returns how many runs went."""
    oldest_kept = workspace.run - max(1, settings.KUBEGRADE_WORKSPACE_RUNS_KEPT) + 1
    pruned = list(WorkspaceRun.objects.filter(workspace=workspace, run__lt=oldest_kept, handed_in=False)
                  .values_list("run", flat=True))
    if pruned:
        WorkspaceEvent.objects.filter(workspace=workspace, run__in=pruned).delete()
        WorkspaceFile.objects.filter(workspace=workspace, run__in=pruned).delete()
        WorkspaceRun.objects.filter(workspace=workspace, run__in=pruned).delete()
        log.info("workspace.runs_pruned id=%s runs=%s", workspace.pk, len(pruned))
    return len(pruned)


def _start_run(workspace: Workspace, *, run: int) -> Workspace:
    version = workspace.version
    slug = workspace.course_assignment.assignment.slug
    files = engine.starter_files(slug=slug, content_hash=version.content_hash, seed=workspace.seed)
    live, prompt = start_live(workspace, run, files)
    fields = {"run": run, "last_event_at": timezone.now(), "prompt": prompt, "following": False,
              "editing_path": "", "editing_content": ""}
    Workspace.objects.filter(pk=workspace.pk).update(**fields)
    for name, value in fields.items():
        setattr(workspace, name, value)
    WorkspaceRun.objects.create(workspace=workspace, run=run, started_at=fields["last_event_at"])
    WorkspaceFile.objects.bulk_create(
        [WorkspaceFile(workspace=workspace, run=run, name=name, content=text) for name, text in files.items()])
    _save_snapshot(workspace, live)
    log.info("workspace.run_started id=%s run=%s", workspace.pk, run)
    return workspace


def workspace_open(*, user, course_assignment) -> tuple[Workspace, bool]:
    """The student's workspace for this course assignment, created (with its first run)
    on first use. The caller has checked the student may see the assignment."""
    from kubegrade.submissions.variants import variant_seed

    existing = Workspace.objects.filter(course_assignment=course_assignment, owner=user).first()
    if existing is not None:
        return existing, False
    version = course_assignment.assignment.current_version
    if version is None:
        raise InvalidSubmission("This assignment has no loaded spec yet; ask the instructor.")
    with transaction.atomic():
        workspace, created = Workspace.objects.get_or_create(
            course_assignment=course_assignment, owner=user,
            defaults={"version": version, "last_event_at": timezone.now(),
                      "seed": variant_seed(user_id=user.pk, assignment_slug=course_assignment.assignment.slug)})
        if created:
            workspace = Workspace.objects.select_for_update().select_related(
                "version", "course_assignment__assignment").get(pk=workspace.pk)
            _start_run(workspace, run=1)
    return workspace, created
