"""The contract between the shell and the programs it runs: what a program may touch.

Every program, from `echo` to `kubectl`, is `run(ctx: ExecContext, argv) -> ToolResult`;
`argv[0]` is the program's name (the basename of what was typed). A program sees the
cluster through `ctx` (the API store, the network, DNS, the workstation's files, its
random streams), where it runs (`ctx.vantage`), its stdin and whether stdout is a
terminal, and, when a shell runs it, the shell's frame operations (`ctx.shell`: ssh,
`kubectl exec`, `exit`, `cd`, `export`).

Time: a program lets simulated time pass only with `ctx.elapse(seconds)` (a transfer,
a connect or DNS timeout, ping's interval, `sleep`). Controllers do not run while one
program runs: elapsing only moves the clock, and the cluster settles between command
lines (`Session.run`), except that `sleep` (`ctx.settle()`) lets it catch up on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.cluster import Cluster
    from simulator.shell.session import Frame


@dataclass
class ToolResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    # stdout and stderr interleaved in the order written, as a terminal shows them
    chunks: list[tuple[str, str]] = field(default_factory=list)

    def out(self, text: str) -> "ToolResult":
        self.stdout += text
        self.chunks.append(("stdout", text))
        return self

    def err(self, text: str) -> "ToolResult":
        self.stderr += text
        self.chunks.append(("stderr", text))
        return self

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

    @property
    def frame(self) -> "Frame": ...

    def execute(self, line: str) -> ToolResult: ...

    def run_argv(self, argv: list[str], stdin: str = "", tty: bool = True) -> ToolResult: ...

    def assign(self, values: dict[str, str]) -> ToolResult: ...


@dataclass
class ExecContext:
    cluster: "Cluster"
    vantage: Vantage
    tty: bool = False  # stdout is a terminal (`kubectl exec -t`, or an interactive shell)
    stdin: str = ""
    shell: Shell | None = None  # None when a program is run on its own (tests of one tool)

    @property
    def store(self):
        return self.cluster.store

    @property
    def network(self):
        return self.cluster.network

    @property
    def dns(self):
        return self.cluster.dns

    def now(self) -> float:
        return self.cluster.clock.now()

    def elapse(self, seconds: float) -> None:
        """Let `seconds` of simulated time pass while this program waits or works.

        Only the clock moves: what the program saw when it started stays what it sees,
        as grading's look-only checks rely on (`scoring.checks.run_line`)."""
        if seconds > 0:
            self.cluster.clock.advance(seconds)

    def settle(self) -> None:
        """Let the controllers catch up with the time that passed (`sleep` waits for them)."""
        self.cluster.settle()
