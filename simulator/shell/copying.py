"""cp and mv as GNU coreutils do them (copy.c, cp.c, mv.c) on the simulated filesystems.

A destination that is a directory receives the sources by their names; several sources need
one. cp: `-r`/`-R`/`-a` for directories (without: `-r not specified; omitting directory`), a
symlink followed unless copying recursively, the new file's mode the source's less the umask
(022) unless `-p`/`-a` keep mode and time, `-n` keeps an existing file, `-v` says each copy.
mv: files and directories, `-n`, `-v`. Writes go through the same permission and read-only
checks as `>` (`mounts.write_text`), so a pod's files are recorded as its other writes are.
`-i` asks `cp: overwrite 'x'? ` before replacing an existing file and reads the answer from
standard input, as it does when that is not a terminal (nothing read: no). Bounded by the
trees' own limits.
"""

from __future__ import annotations

import posixpath

from simulator.filesystem import Entry, FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.tool_args import Usage, getopt, try_help

UMASK = 0o022
CP_LONG = {"recursive": ("r", False), "archive": ("a", False), "preserve": ("p", False), "no-clobber": ("n", False),
           "verbose": ("v", False), "force": ("f", False), "interactive": ("i", False)}
MV_LONG = {"no-clobber": ("n", False), "verbose": ("v", False), "force": ("f", False), "interactive": ("i", False)}


@program("cp")
def cp(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _run(ctx, "cp", argv[1:])


@program("mv")
def mv(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _run(ctx, "mv", argv[1:])


def _run(ctx: ExecContext, tool: str, args: list[str]) -> ToolResult:
    try:
        parsed = getopt(tool, args, "rRapnvfi" if tool == "cp" else "nvfi", "", CP_LONG if tool == "cp" else MV_LONG)
        sources, target = _operands(tool, parsed.operands)
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    found = mounts.stat(ctx, target)
    into_directory = found is not None and found[1].kind == "d"
    result = ToolResult()
    if len(sources) > 1 and not into_directory:
        return ToolResult(exit_code=1).err(f"{tool}: target '{target}' is not a directory\n")
    job = Copy(ctx, tool, parsed, result)
    for source in sources:
        destination = posixpath.join(target, posixpath.basename(source.rstrip("/"))) if into_directory else target
        job.one(source, destination)
    return result


def _operands(tool: str, operands: list[str]) -> tuple[list[str], str]:
    if not operands:
        raise Usage(f"{tool}: missing file operand\n" + try_help(tool))
    if len(operands) == 1:
        raise Usage(f"{tool}: missing destination file operand after '{operands[0]}'\n" + try_help(tool))
    return operands[:-1], operands[-1]


class Copy:
    def __init__(self, ctx: ExecContext, tool: str, parsed, result: ToolResult) -> None:
        self.ctx, self.tool, self.result = ctx, tool, result
        self.recursive = tool == "mv" or parsed.has("r", "R", "a")
        self.preserve = tool == "mv" or parsed.has("p", "a")
        self.no_clobber = parsed.has("n")
        self.verbose = parsed.has("v")
        self.ask = parsed.has("i")
        self.answers = ctx.stdin.splitlines()

    def fail(self, message: str) -> None:
        self.result.err(f"{self.tool}: {message}\n")
        self.result.exit_code = 1

    def one(self, source: str, destination: str) -> None:
        ctx = self.ctx
        found = mounts.lstat(ctx, source) if self.recursive else mounts.stat(ctx, source)
        if found is None:
            self.fail(f"cannot stat '{source}': No such file or directory")
            return
        entry = found[1]
        if entry.kind == "d" and not self.recursive:
            self.fail(f"-r not specified; omitting directory '{source}'")
            return
        if mounts.absolute(ctx, destination) == mounts.absolute(ctx, source):
            self.fail(f"'{source}' and '{destination}' are the same file")
            return
        if entry.kind == "d" and mounts.absolute(ctx, destination).startswith(mounts.absolute(ctx, source) + "/"):
            self.fail(f"cannot copy a directory, '{source}', into itself, '{destination}'" if self.tool == "cp"
                      else f"cannot move '{source}' to a subdirectory of itself, '{destination}'")
            return
        existing = mounts.stat(ctx, destination)
        if existing is not None and self.no_clobber:
            return
        if existing is not None and self.ask and existing[1].kind != "d":
            self.result.err(f"{self.tool}: overwrite '{destination}'? ")
            answer = self.answers.pop(0) if self.answers else ""
            if not answer.strip().lower().startswith("y"):
                return
        if existing is not None and existing[1].kind == "d" and entry.kind != "d":
            self.fail(f"cannot overwrite directory '{destination}' with non-directory")
            return
        try:
            if self.tool == "mv":
                mounts.writable(found[0])  # the source's directory loses it
            self.place(source, entry, destination)
        except FileSystemError as error:
            what = "regular file" if entry.kind == "f" else "directory" if entry.kind == "d" else "symbolic link"
            if self.tool == "mv":
                self.fail(f"cannot move '{source}' to '{destination}': {error}")
            else:
                self.fail(f"cannot create {what} '{destination}': {error}")
            return
        if self.tool == "mv":
            self.remove(source)
        if self.verbose:
            self.result.out(("renamed " if self.tool == "mv" else "") + f"'{source}' -> '{destination}'\n")

    def place(self, source: str, entry: Entry, destination: str) -> None:
        ctx = self.ctx
        target = mounts.locate(ctx, destination)
        if target is None:
            raise FileSystemError("Permission denied")
        mounts.writable(target)
        if entry.kind == "d":
            if target.tree.get(target.path) is None:
                target.tree.mkdir(target.path, ctx.now(), mode=entry.mode if self.preserve else entry.mode & ~UMASK,
                                  user=mounts.user(ctx))
            for name in mounts.locate(ctx, source).tree.children(mounts.locate(ctx, source).path):
                child = mounts.lstat(ctx, posixpath.join(source, name))
                if child is not None:
                    self.place(posixpath.join(source, name), child[1], posixpath.join(destination, name))
            return
        if entry.kind == "l":
            parent = target.tree.get(posixpath.dirname(target.path))
            if parent is None or parent.kind != "d":
                raise FileSystemError("No such file or directory")
            target.tree.entries[target.path] = Entry("l", 0o777, ctx.now(), entry.content, owner=mounts.user(ctx))
            return
        existed = target.tree.get(target.path) is not None
        mounts.write_text(ctx, destination, entry.content)
        written = target.tree.get(target.path)
        if written is not None and (self.preserve or not existed):
            written.mode = entry.mode if self.preserve else entry.mode & ~UMASK
        if written is not None and self.preserve:
            written.mtime = entry.mtime

    def remove(self, source: str) -> None:
        ctx = self.ctx
        link = mounts.lstat(ctx, source)
        if link is None:
            return
        place = link[0]
        place.tree.remove(place.path, ctx.now(), recursive=True)
        pod = mounts.current_pod(ctx)
        if pod is not None and place.mount is None:
            ctx.machines.write_pod_file(pod, mounts.absolute(ctx, source), None)
        ctx.machines.files_revision += 1
