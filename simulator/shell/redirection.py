"""bash's redirections on one command: `>`, `>>`, `<`, `2>`, `2>>`, `2>&1`, `>&2`, `&>`.

The command runs with its output captured; each chunk then goes where its file descriptor
points after the redirections were applied left to right (so `> f 2>&1` sends both to f and
`2>&1 > f` only stdout), to the terminal or to a file written through `simulator.shell.mounts`
(a container's filesystem, its volumes, a node's disk). A file bash cannot open fails the
command before it runs, with bash's text (`bash: /x/y: No such file or directory`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generator

from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.shell import grammar as g
from simulator.shell import mounts
from simulator.shell.parser import ParseError

DISCARD = "/dev/null"
TERMINAL = {"/dev/stdout": 1, "/dev/stderr": 2, "/dev/tty": 1}


class RedirectionError(Exception):
    """A file a redirection could not open: each shell words it its own way (`text`)."""

    def __init__(self, path: str, reason: str, reading: bool) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.reading = path, reason, reading

    def text(self, dialect: str, arg0: str) -> str:
        """bash: `bash: f: No such file or directory`; dash: `sh: 1: cannot create f: Directory
        nonexistent`; busybox ash: `sh: can't create f: nonexistent directory`."""
        if dialect == "dash":
            if self.reading:
                return f"{arg0}: 1: cannot open {self.path}: No such file\n"
            reason = "Directory nonexistent" if self.reason == "No such file or directory" else self.reason
            return f"{arg0}: 1: cannot create {self.path}: {reason}\n"
        if dialect == "ash":
            if self.reading:
                return f"{arg0}: can't open '{self.path}': {self.reason}\n"
            reason = "nonexistent directory" if self.reason == "No such file or directory" else self.reason
            return f"{arg0}: can't create {self.path}: {reason}\n"
        return f"bash: {self.path}: {self.reason}\n"


@dataclass
class Plan:
    targets: dict[int, object] = field(default_factory=lambda: {1: 1, 2: 2})  # fd -> 1/2 (terminal), a path, or None
    appending: set = field(default_factory=set)  # paths opened with >>
    stdin: str | None = None


def plan(ctx: ExecContext, redirects: list[tuple[str, str]]) -> Plan:
    """Apply the redirections in order; raises RedirectionError where the shell's open would fail."""
    result = Plan()
    for operator, target in redirects:
        fd = int(operator[0]) if operator[0].isdigit() else None
        op = operator.lstrip("0123456789")
        if op in (">&", "<&") and (target.isdigit() or target == "-"):
            source = fd if fd is not None else (0 if op == "<&" else 1)
            if target != "-":
                result.targets[source] = result.targets.get(int(target), int(target))
            continue
        if op == "<":
            result.stdin = read(ctx, target)
            continue
        append = op.endswith(">>")
        destination = open_for_writing(ctx, target, append)
        if append and destination not in (None, 1, 2):
            result.appending.add(destination)
        if op.startswith("&") or op == ">&":
            result.targets[1] = result.targets[2] = destination
        else:
            result.targets[1 if fd is None else fd] = destination
    return result


def read(ctx: ExecContext, path: str) -> str:
    if path == DISCARD:
        return ""
    try:
        return mounts.read_text(ctx, path)
    except FileSystemError as error:
        raise RedirectionError(path, str(error), reading=True) from None


def open_for_writing(ctx: ExecContext, path: str, append: bool):
    if path == DISCARD:
        return None
    if path in TERMINAL:
        return TERMINAL[path]
    try:
        mounts.write_text(ctx, path, "", append=True)  # creates it; `>` truncates below
        if not append:
            mounts.write_text(ctx, path, "")
    except FileSystemError as error:
        raise RedirectionError(path, str(error), reading=False) from None
    return path


def route(ctx: ExecContext, result: Plan, captured: ToolResult) -> ToolResult:
    """What reaches the terminal; the rest is written to its files."""
    shown = ToolResult()
    written: dict[str, list[str]] = {}
    for stream, text in captured.chunks:
        target = result.targets.get(1 if stream == "stdout" else 2)
        if target == 1:
            shown.out(text)
        elif target == 2:
            shown.err(text)
        elif target is not None:
            written.setdefault(target, []).append(text)
    for path, texts in written.items():
        try:
            mounts.write_text(ctx, path, "".join(texts), append=True)
        except FileSystemError as error:
            shown.err(f"bash: {path}: {error}\n")
    shown.cut = captured.cut
    return shown


def run_redirected(interpreter: Any, node) -> Generator[Any, None, int]:
    """Open the files, run the command with its output captured, then route it; `interpreter` is
    the `simulator.shell.interpreter.Interpreter` running the line (its waits pass through)."""
    inner = g.Simple(node.words) if isinstance(node, g.Simple) else node.command
    session = interpreter.session
    context = session.cluster.exec_context(session.frame.vantage, shell=session)
    try:
        targets = [(op, " ".join(interpreter.expand_word(word, split=False))) for op, word in node.redirects]
        opened = plan(context, targets)
    except ParseError as error:
        interpreter.error(f"{error}\n")
        return 1
    except RedirectionError as error:
        interpreter.error(error.text(interpreter.dialect, interpreter.arg0))
        return 1 if interpreter.dialect == "bash" else 2
    if isinstance(inner, g.Simple) and not inner.words:
        return 0
    if opened.stdin is not None:
        interpreter.stdin.append(opened.stdin)
    interpreter.captures.append(ToolResult())
    try:
        status = yield from interpreter.run_command(inner)
    finally:
        captured = interpreter.captures.pop()
        if opened.stdin is not None:
            interpreter.stdin.pop()
        interpreter.emit(route(context, opened, captured))
    return status
