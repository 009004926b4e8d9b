"""A shell session: the prompt you are at, what a line runs, and what it prints.

The session starts on the lecture's `remote` workstation. `ssh vagrant@<node ip>`
pushes a node frame, `kubectl exec -it <pod> -- /bin/bash` pushes a pod frame and
`exit` pops one, so a sequence of lines reads like the lecture's transcripts.

An interactive session is one a person types into (the workspace's terminal): there
`kubectl get -w` keeps the foreground until `interrupt()` (Ctrl-C), printing as
`follow(seconds)` lets time pass, and `kubectl edit` hands its file to the page's editor
until `finish_edit(content)`. While either runs, the rest of the line waits, as bash's
would; a new `run` first ends it as Ctrl-C would. The grader's sessions are not
interactive: there a watch prints one listing and an edit finds no terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from simulator.programs.context import ExecContext, ToolResult
from simulator.shell import dispatch
from simulator.shell.execution_log import ExecutionLog
from simulator.shell.frames import Frame
from simulator.shell.parser import ParseError, leading_assignments, parse, split_statements
from simulator.shell.results import CommandResult
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.registry.store import APIStore

MAX_LINE = 64 * 1024
# bash has no limit of its own (it dies in xrealloc); a simulated shell must stay small
MAX_EXPANSION = 1024 * 1024  # characters one statement may produce by expansion
MAX_ENVIRONMENT = 4 * 1024 * 1024  # characters in all shell variables together
INTERRUPTED = 130  # bash's status for a foreground job killed by SIGINT (128 + 2)
MAX_FOLLOW = 600.0  # simulated seconds one `follow` may pass: the caller caps real time, this caps misuse


class CommandAborted(Exception):
    """Raised by a session's guard (a grading's time or memory budget) to stop the line
    mid-way; `Session.run` lets it through instead of reporting a simulator bug."""


class ExpansionTooLarge(ParseError):
    """One statement expanded past MAX_EXPANSION, or the variables past MAX_ENVIRONMENT."""


class Host(Protocol):
    """What a session runs on (`simulator.cluster.Cluster` composes it): time that passes
    between lines, controllers that settle, and the parts each program is handed."""

    store: "APIStore"  # what a watch reads as time passes

    def tick(self, seconds: float = ...) -> None: ...

    def settle(self) -> None: ...

    def exec_context(self, vantage: Vantage, tty: bool = False, stdin: str = "",
                     shell: "Session | None" = None) -> ExecContext: ...


class Session:
    def __init__(self, cluster: Host, vantage: Vantage, echo: bool = False,
                 guard: Callable[[], None] | None = None, interactive: bool = False) -> None:
        self.cluster = cluster
        self.echo = echo
        self.interactive = interactive
        self.watch = None  # an interactive `kubectl get -w` still printing (kubectl.watch_stream.ActiveWatch)
        self.edit = None  # an interactive `kubectl edit` waiting for its file (kubectl.edit.PendingEdit)
        self._substitutions = 0  # depth of `$(...)` being run: its output is captured, never a terminal
        self.guard = guard  # called before every statement and expansion; may raise CommandAborted
        self.executed = ExecutionLog()
        self._expanded = 0
        kind = "workstation" if vantage.kind == "remote" else ("exec" if vantage.kind == "pod" else "ssh")
        self.env: dict[str, str] = {}
        self._pending_stderr: list[tuple[str, str]] = []
        self.last_status = 0
        self.frames: list[Frame] = [Frame(vantage, kind, "root" if kind == "exec" else "vagrant",
                                          "/" if kind == "exec" else "~")]

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    @property
    def prompt(self) -> str:
        return self.frame.prompt

    def takes_terminal(self, ctx: ExecContext) -> bool:
        """Whether a program may hold the person's terminal: a watch, an editor."""
        return self.interactive and ctx.tty and self._substitutions == 0

    @property
    def busy(self) -> bool:
        return self.watch is not None or self.edit is not None

    def run(self, line: str) -> CommandResult:
        if self.busy:
            self.interrupt()
        prompt = self.prompt
        self.cluster.tick()
        self._pending_stderr: list[tuple[str, str]] = []
        try:
            result = self.execute(line[:MAX_LINE])
        except (CommandAborted, MemoryError):  # the grader's budget, or the process's own ceiling
            raise
        except Exception as error:  # a simulator bug must never show a student a traceback
            result = ToolResult.failure(f"error: internal simulator error ({type(error).__name__}); "
                                        "this is a KubeGrade bug, please report it with the command you ran\n")
        result.chunks[:0] = self._pending_stderr
        self.cluster.settle()
        output = result.combined
        if self.echo:
            output = f"{prompt}{line}\n{output}"
        return self._result(result, prompt, output)

    def _result(self, result: ToolResult, prompt: str, output: str | None = None) -> CommandResult:
        output = result.combined if output is None else output
        return CommandResult(output, result.stdout, result.stderr, result.exit_code, prompt,
                             following=self.watch is not None, editing=self.edit.request if self.edit else None)

    # the foreground program of an interactive session ----------------------
    def follow(self, seconds: float) -> CommandResult:
        """Let `seconds` of simulated time pass (the cluster ticks and settles each second)
        and return what the running watch printed meanwhile; nothing when none runs."""
        if self.watch is None:
            return self._result(ToolResult(exit_code=self.last_status), self.prompt)
        remaining = max(0.0, min(float(seconds), MAX_FOLLOW))
        while remaining > 0:
            step = min(1.0, remaining)
            self.cluster.tick(step)
            remaining -= step
        return self._result(ToolResult().out(self.watch.read(self.cluster.store)), self.prompt)

    def interrupt(self) -> CommandResult:
        """Ctrl-C. A watch ends (bash prints only a new prompt and `$?` is 130); a pending
        edit ends as quitting the editor without saving does; at a bare prompt `$?` is 130."""
        if self.edit is not None:
            return self.finish_edit(None)
        if self.watch is not None:
            self.watch.close(self.cluster.store, INTERRUPTED)
            self.watch = None
        self.last_status = INTERRUPTED
        return self._result(ToolResult(exit_code=INTERRUPTED), self.prompt)

    def finish_edit(self, content: str | None) -> CommandResult:
        """The editor closed with `content` saved (None: closed without saving): kubectl edit goes on."""
        if self.edit is None:
            return self._result(ToolResult.failure("error: no kubectl edit is waiting for a file\n"), self.prompt)
        pending, self.edit = self.edit, None
        result = pending.finish(self, content)
        self.last_status = result.exit_code
        self.cluster.settle()
        return self._result(result, self.prompt)

    def execute(self, line: str) -> ToolResult:
        try:
            statements = split_statements(line)
        except ParseError as error:
            return ToolResult(exit_code=2).err(f"{error}\n")
        total = ToolResult()
        status = self.last_status
        for connector, text in statements:
            if (connector == "&&" and status != 0) or (connector == "||" and status == 0):
                continue
            if self.guard is not None:
                self.guard()
            result = self.run_statement(text)
            total.absorb(result)  # the line's output is bounded too (programs.context.MAX_OUTPUT)
            status = self.last_status = result.exit_code
            if self.busy:  # a watch or an editor holds the terminal; Ctrl-C will end the whole line
                break
        total.exit_code = status
        return dispatch.note_cut_output("bash", total)

    def run_statement(self, text: str) -> ToolResult:
        """Expand one statement now (variables, `$(...)`) and run its pipeline."""
        self._expanded = 0
        try:
            pipelines = parse(text, self.expand)
        except ParseError as error:
            return ToolResult(exit_code=2).err(f"{error}\n")
        except RecursionError:
            return ToolResult(exit_code=2).err("bash: expansion nested too deeply\n")
        if not pipelines:
            return ToolResult(exit_code=self.last_status)
        commands = pipelines[0].commands
        assignments = leading_assignments(commands[0])
        if assignments and len(assignments) == len(commands[0]) and len(commands) == 1:
            return self.assign(dict(a.split("=", 1) for a in assignments))
        if assignments:  # in a pipeline an assignment alone runs in a subshell: it sets nothing
            commands = [commands[0][len(assignments):] or ["true"], *commands[1:]]
        return self.run_pipeline(commands)

    def assign(self, values: dict[str, str]) -> ToolResult:
        """`NAME=value` alone on a statement sets shell variables, within MAX_ENVIRONMENT."""
        merged = {**self.env, **values}
        if sum(len(name) + len(value) for name, value in merged.items()) > MAX_ENVIRONMENT:
            name = next(iter(values))
            return ToolResult(exit_code=1).err(
                f"bash: {name}: cannot set: shell variables would exceed {MAX_ENVIRONMENT // 1048576} MiB "
                "(the simulator's limit)\n")
        self.env = merged
        return ToolResult()

    def expand(self, kind: str, text: str) -> str:
        """`$NAME`, `$?` and `$(command)`: a substituted command's stdout, trailing newlines cut.

        What a statement expands to is charged as it grows, so doubling a variable on
        one line stops at MAX_EXPANSION instead of eating the machine."""
        if self.guard is not None:
            self.guard()
        if kind == "var":
            value = str(self.last_status) if text == "?" else self.env.get(text, "")
        else:
            saved = self._expanded
            self._substitutions += 1
            try:
                inner = self.execute(text)
            finally:
                self._substitutions -= 1
            self._expanded = saved
            self._pending_stderr.extend(c for c in inner.chunks if c[0] == "stderr")
            value = inner.stdout.rstrip("\n")
        self._expanded += len(value)
        if self._expanded > MAX_EXPANSION:
            shown = f"${text}" if kind == "var" else "$(...)"
            raise ExpansionTooLarge(f"bash: {shown}: expansion too large: over {MAX_EXPANSION // 1048576} MiB "
                                    "in one command (the simulator's limit)")
        return value

    def run_pipeline(self, commands: list[list[str]]) -> ToolResult:
        """Each command's stdout feeds the next one's stdin; stderr goes straight out."""
        stdin = ""
        stderr_chunks: list[tuple[str, str]] = []
        result = ToolResult()
        for index, argv in enumerate(commands):
            last = index == len(commands) - 1
            result = self.run_argv(argv, stdin, tty=last)
            if not last:
                stderr_chunks.extend(c for c in result.chunks if c[0] == "stderr")
                stdin = result.stdout
        final = ToolResult(result.stdout, result.stderr, result.exit_code)
        final.chunks = stderr_chunks + result.chunks
        final.stderr = "".join(t for _, t in stderr_chunks) + result.stderr
        return final

    def run_argv(self, argv: list[str], stdin: str = "", tty: bool = True) -> ToolResult:
        context = self.cluster.exec_context(self.frame.vantage, tty=tty, stdin=stdin, shell=self)
        return dispatch.dispatch(self, context, argv)
