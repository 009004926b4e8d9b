"""GNU nano on the Ubuntu machines: the file opens in the workspace's editor, as `kubectl edit` does.

An interactive `nano PATH` gives the session an `EditRequest` (the path and the file's text) and
waits; `Session.finish_edit(content)` is nano's ^O ^X (the text saved) or ^X without saving
(None). The file is written where nano runs (a node's disk over ssh, the workstation), so the
master's kubelet sees `/etc/kubernetes/manifests/kube-apiserver.yaml` change. Without root a
node's system files cannot be written (`sudo nano`), as nano's `[ Error writing ...: Permission
denied ]` says. In a script there is no terminal to type into, and the simulator says so.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.results import EditRequest

NO_TERMINAL = ("nano: no terminal here for an editor (a script cannot type into nano). To change a file, open it in the "
               "workspace's file panel (the tree beside the terminal) and save it there; to change a live object, "
               "`kubectl edit <type>/<name>` opens it in that editor.\n")


@dataclass
class PendingFileEdit:
    """nano between opening a file and exiting: where it writes when the text comes back."""

    ctx: ExecContext
    request: EditRequest
    user: str  # who nano runs as (`sudo nano` is root), fixed when it opened

    def finish(self, session, content: str | None) -> ToolResult:
        if content is None or content == self.request.content:
            return ToolResult()  # ^X with nothing to save
        path = self.request.path
        try:
            with running_as(self.ctx, self.user):
                mounts.write_text(self.ctx, path, content)
        except FileSystemError as error:
            return ToolResult(exit_code=1).err(f"[ Error writing {path}: {error} ]\n")
        return ToolResult()


@contextmanager
def running_as(ctx: ExecContext, user: str):
    """The file is written by the user nano ran as (`sudo nano` is root), though sudo has returned."""
    frame = getattr(ctx.shell, "frame", None)
    previous = frame.user if frame is not None else None
    if frame is not None:
        frame.user = user
    try:
        yield
    finally:
        if frame is not None:
            frame.user = previous


def user_of(ctx: ExecContext) -> str:
    return mounts.user(ctx)


def may_read(entry, user: str) -> bool:
    return user == "root" or bool(entry.mode & 0o004) or (entry.owner == user and bool(entry.mode & 0o400))


@program("nano")
def run_nano(ctx: ExecContext, argv: list[str]) -> ToolResult:
    names = [arg for arg in argv[1:] if not arg.startswith(("-", "+"))]
    if ctx.shell is None or not ctx.shell.takes_terminal(ctx):
        return ToolResult(exit_code=1).err(NO_TERMINAL)
    if not names:
        return ToolResult(exit_code=1).err("nano: name the file to edit (the simulator's nano opens files, not a new buffer)\n")
    path = mounts.absolute(ctx, names[0]) if ctx.vantage.kind != "remote" else names[0]
    found = mounts.stat(ctx, path)
    if found is not None and found[1].kind == "d":
        return ToolResult(exit_code=1).err(f'"{names[0]}" is a directory\n')
    if found is not None and not may_read(found[1], user_of(ctx)):
        content = ""  # 0600 root: nano opens an empty buffer after "[ Error reading ...: Permission denied ]"
    else:
        content = found[1].content if found is not None else ""
    return _open(ctx, path, content)


def _open(ctx: ExecContext, path: str, content: str) -> ToolResult:
    ctx.shell.edit = PendingFileEdit(ctx, EditRequest(path, content), user_of(ctx))
    return ToolResult()
