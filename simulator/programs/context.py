"""The contract between the shell and the programs it runs: what a program may touch.

Every program, from `echo` to `kubectl`, is `run(ctx: ExecContext, argv) -> ToolResult`;
`argv[0]` is the program's name (the basename of what was typed). A program sees the
cluster through the parts `ctx` is given, never the whole cluster: the API store, the
clock, the events, the network, DNS, the machines (addresses, files in containers), the
workstation's files and its random streams (`ctx.random("curl")`); where it runs
(`ctx.vantage`), its stdin and whether stdout is a terminal; and, when a shell runs it,
the shell's frame operations (`ctx.shell`: ssh, `kubectl exec`, `exit`, `cd`, `export`).
`simulator.cluster` composes the parts (`Cluster.exec_context`); nothing here imports it.

Time: a program lets simulated time pass only with `ctx.elapse(seconds)` (a transfer,
a connect or DNS timeout, ping's interval, `sleep`). Controllers do not run while one
program runs: elapsing only moves the clock, and the cluster settles between command
lines (`Session.run`), except that `sleep` (`ctx.settle()`) lets it catch up on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generator, Protocol

from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.clock import SimClock
    from simulator.dns import ClusterDNS
    from simulator.events import EventRecorder
    from simulator.files import FileSource
    from simulator.machines import Machines
    from simulator.network import Network
    from simulator.randomness import RandomStreams
    from simulator.registry.store import APIStore
    from simulator.shell.frames import Frame


# What one program, and one command line, may print: a real program has no such bound, a
# simulated one must (the text lives in the grader's memory). Past it the text is dropped
# and counted, and the shell says how much (`shell.dispatch.note_cut_output`).
MAX_OUTPUT = 4 * 1024 * 1024


@dataclass
class ToolResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    # stdout and stderr interleaved in the order written, as a terminal shows them
    chunks: list[tuple[str, str]] = field(default_factory=list)
    cut: int = 0  # characters dropped past MAX_OUTPUT
    # a program that serves on after printing (`kubectl proxy`): a generator yielding the seconds it
    # waits (math.inf: until its job is ended, which closes it) and returning its exit status
    process: Any = None

    def out(self, text: str) -> "ToolResult":
        text = self._charge(text)
        self.stdout += text
        self.chunks.append(("stdout", text))
        return self

    def err(self, text: str) -> "ToolResult":
        text = self._charge(text)
        self.stderr += text
        self.chunks.append(("stderr", text))
        return self

    def absorb(self, other: "ToolResult") -> None:
        """Append what `other` printed (a later statement of the same line), within MAX_OUTPUT."""
        self.cut += other.cut
        for stream, text in other.chunks or [("stdout", other.stdout), ("stderr", other.stderr)]:
            (self.out if stream == "stdout" else self.err)(text)

    def _charge(self, text: str) -> str:
        room = MAX_OUTPUT - len(self.stdout) - len(self.stderr)
        if len(text) <= room:
            return text
        kept = max(0, room)
        self.cut += len(text) - kept
        return text[:kept]

    def cap(self) -> "ToolResult":
        """Hold a result built without `out`/`err` (its fields set directly) to MAX_OUTPUT."""
        if len(self.stdout) + len(self.stderr) <= MAX_OUTPUT:
            return self
        capped = ToolResult(exit_code=self.exit_code, cut=self.cut, process=self.process)
        chunks = self.chunks or [("stdout", self.stdout), ("stderr", self.stderr)]
        for stream, text in chunks:
            (capped.out if stream == "stdout" else capped.err)(text)
        return capped

    @classmethod
    def failure(cls, text: str, exit_code: int = 1) -> "ToolResult":
        """A result that only writes `text` to stderr and exits non-zero."""
        return cls(exit_code=exit_code).err(text)

    @property
    def combined(self) -> str:
        return "".join(text for _, text in self.chunks)


class Shell(Protocol):
    """The session frame operations a program may use (`simulator.shell.session.Session`)."""

    frames: list["Frame"]  # the prompt stack: push to ssh or exec into a pod, pop to exit
    env: dict[str, str]
    interactive: bool  # a person types into it: a watch streams, an edit opens an editor
    watch: Any  # an interactive `kubectl get -w` still printing
    edit: Any  # an interactive `kubectl edit` waiting for its file
    executed: Any  # the session's ExecutionLog
    jobs: Any  # the job table (`simulator.shell.jobs.JobTable`): `jobs`, `kill %1`
    # What kubectl's verbs still read the cluster through (`session.cluster.store`); it holds
    # the same parts as an ExecContext. Verbs move to `ctx` with `run(ctx, argv)` (issue 18).
    cluster: Any

    @property
    def frame(self) -> "Frame": ...

    def takes_terminal(self, ctx: "ExecContext") -> bool: ...

    def execute(self, line: str, shell: str | None = None) -> ToolResult: ...

    def run_argv(self, argv: list[str], stdin: str = "", tty: bool = True) -> ToolResult: ...

    def assign(self, values: dict[str, str]) -> ToolResult: ...


@dataclass
class ExecContext:
    """What one run of a program is given: the cluster's parts it may touch, and where it runs."""

    store: "APIStore"
    clock: "SimClock"
    events: "EventRecorder"
    streams: "RandomStreams"  # one seeded source per concern: `random(concern)`
    machines: "Machines"  # addresses, static pods, files written in containers
    network: "Network"
    dns: "ClusterDNS"
    files: "FileSource"  # the workstation's files (`kubectl -f`, `cat`, `cd`)
    settle_controllers: Callable[[], None]  # what `sleep` waits for: the controllers catching up
    vantage: Vantage
    tty: bool = False  # stdout is a terminal (`kubectl exec -t`, or an interactive shell)
    stdin: str = ""
    shell: Shell | None = None  # None when a program is run on its own (tests of one tool)
    log_entry: Any = None  # the execution log's entry for this run (`dispatch` sets it), or None
    dialect: str = "bash"  # the shell running it: "bash", "dash" or "ash" (their echo builtins differ)

    def random(self, concern: str) -> random.Random:
        """This concern's seeded stream, so that one tool's draws never shift another's."""
        return self.streams.stream(concern)

    def now(self) -> float:
        return self.clock.now()

    def elapse(self, seconds: float) -> None:
        """Let `seconds` of simulated time pass while this program waits or works.

        Only the clock moves: what the program saw when it started stays what it sees,
        as grading's look-only checks rely on (`scoring.checks.run_line`)."""
        if seconds > 0:
            self.clock.advance(seconds)

    def record(self, **fields: object) -> None:
        """Say what this run was pointed at and what it got (one URL, one DNS query, one file),
        after the program's own option parsing: graders read these fields, never the argv
        (`simulator.shell.execution_log`). Nothing happens when no log is kept."""
        if self.log_entry is not None:
            self.log_entry.record(fields)

    def settle(self) -> None:
        """Let the controllers catch up with the time that passed (`sleep` waits for them)."""
        self.settle_controllers()
