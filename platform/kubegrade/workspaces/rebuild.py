"""A workspace's live cluster: from the in-process cache when it holds the workspace's
newest state, else from the database snapshot plus the few events after it, else rebuilt
from the setup and the whole log of the current run. The log holds everything a step
needs (line, file text, simulated seconds), so each path gives the same cluster.

With sandboxes (`workspaces.sandbox`, the default) the cluster lives in a sandbox process
and `workspace_live` returns a `RemoteLive`: the same methods, each one round trip; the
database reads above happen only when the sandbox does not hold the workspace's state."""

from __future__ import annotations

import logging

from kubegrade.workspaces import cache, engine, sandbox
from kubegrade.workspaces.models import EventKind, Workspace, WorkspaceEvent, WorkspaceSnapshot

log = logging.getLogger(__name__)


def workspace_live(workspace: Workspace):
    if sandbox.enabled():
        return RemoteLive(workspace)
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
    elif event.kind == EventKind.API:
        live.api_request(*engine.api_event_args(event.line, event.content), event.elapsed)
    return None


def start_live(workspace: Workspace, run: int, files: dict[str, str]):
    """A new run's live cluster and its prompt (the setup with these starter files)."""
    slug, content_hash = workspace.course_assignment.assignment.slug, workspace.version.content_hash
    if not sandbox.enabled():
        live = engine.live_start(slug=slug, content_hash=content_hash, seed=workspace.seed, files=files)
        return live, live.session.prompt
    live = RemoteLive(workspace)
    load = {"snapshot": None, "events": [], "slug": slug, "content_hash": content_hash, "seed": workspace.seed,
            "files": files}
    step = live.call("start", (), at=(run, workspace.last_seq), then=(run, workspace.last_seq), load=load)
    return live, step.prompt


class RemoteLive:
    """A live workspace held by its sandbox; `engine.Live`'s methods, each one round trip."""

    remote = True

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.snapshot: bytes | None = None  # what the last step left, pickled in the sandbox

    def run_line(self, line: str, elapsed: float):
        return self._step("run_line", (line, elapsed))

    def follow(self, seconds: float):
        return self._step("follow", (seconds,))

    def interrupt(self):
        return self._step("interrupt", ())

    def finish_edit(self, content: str, elapsed: float):
        return self._step("finish_edit", (content, elapsed))

    def write_file(self, name: str, content: str) -> None:
        self._step("write_file", (name, content))

    def delete_file(self, name: str) -> None:
        self._step("delete_file", (name,))

    def api_request(self, method: str, target: str, headers: list, body: str, elapsed: float):
        """A request that lets time pass or writes is the next event; a read in the same second is not."""
        if elapsed > 0 or method not in ("GET", "HEAD"):
            return self._step("api_request", (method, target, headers, body, elapsed))
        at = (self.workspace.run, self.workspace.last_seq)
        return self.call("api_request", (method, target, headers, body, 0.0), at=at, then=at, dump=False)

    def complete(self, line: str) -> tuple[int, list[str]]:
        at = (self.workspace.run, self.workspace.last_seq)
        return self.call("complete", (line,), at=at, then=at, dump=False)

    def live_object(self, kind: str, namespace: str, name: str) -> dict | None:
        at = (self.workspace.run, self.workspace.last_seq)
        return self.call("live_object", (kind, namespace, name), at=at, then=at, dump=False)

    def _step(self, op: str, args: tuple):
        """A step that appends the next event: the sandbox keeps its result under that seq."""
        run, seq = self.workspace.run, self.workspace.last_seq
        return self.call(op, args, at=(run, seq), then=(run, seq + 1))

    def call(self, op: str, args: tuple, *, at, then, load: dict | None = None, dump: bool = True):
        request = {"workspace": self.workspace.pk, "at": at, "then": then, "op": op, "args": args,
                   "dump": dump, "load": load}
        box = sandbox.sandbox_for(self.workspace.pk)
        reply = box.call(request)
        if reply.miss:
            request["load"] = self._load()
            reply = box.call(request)
        if reply.stopped:
            raise engine.CommandStopped(reply.stopped)
        self.snapshot = reply.snapshot
        return reply.step

    def _load(self) -> dict:
        """What the sandbox needs to rebuild the state: the snapshot and the events after it,
        or the setup (starter files) and every event of the run."""
        workspace = self.workspace
        snapshot = WorkspaceSnapshot.objects.filter(workspace=workspace, run=workspace.run,
                                                    seq__lte=workspace.last_seq).first()
        after = snapshot.seq if snapshot is not None else 0
        events = WorkspaceEvent.objects.filter(workspace=workspace, run=workspace.run, seq__gt=after,
                                               seq__lte=workspace.last_seq, skipped=False).order_by("seq")
        slug, content_hash = workspace.course_assignment.assignment.slug, workspace.version.content_hash
        files = None if snapshot is not None else engine.starter_files(slug=slug, content_hash=content_hash,
                                                                         seed=workspace.seed)
        log.info("workspace.sandbox_load id=%s from_seq=%s", workspace.pk, after)
        return {"snapshot": bytes(snapshot.data) if snapshot is not None else None,
                "events": [(e.kind, e.line, e.content, e.elapsed) for e in events.iterator()],
                "slug": slug, "content_hash": content_hash, "seed": workspace.seed, "files": files}
