"""What the shell's interpreter and the session share: the limits, the `Wait` a runner
yields when time must pass, the exceptions that steer a line, and the context a job's
programs run with (their time is owed to the job, not passed for everyone)."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields

from simulator.programs.context import ExecContext
from simulator.shell.parser import ParseError

# bash has no limit of its own (it dies in xrealloc); a simulated shell must stay small
MAX_EXPANSION = 1024 * 1024  # characters one command may produce by expansion
MAX_COMMANDS_AT_ONCE = 10_000  # commands one runner may run while the simulated clock stands still
MAX_LINE_SECONDS = 3600.0  # simulated time one graded line may let pass (`while true; do sleep 1; done`)
MAX_CALL_DEPTH = 100  # bash's FUNCNEST as a course would set it; unset, bash recurses until it crashes
SHELL_PROGRAMS = ("sh", "bash")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\+?=")  # `NAME=value`, `NAME+=more`


@dataclass(frozen=True)
class Wait:
    seconds: float
    holds_terminal: bool = False  # in an interactive terminal, the line may keep the foreground here
    # The wait ends early once this is true (looked at whenever the cluster or a job moved): a
    # process waiting on an event sleeps through idle time in one step instead of polling it.
    until: Callable[[], bool] | None = field(default=None, compare=False)


class ExpansionTooLarge(ParseError):
    """One command expanded past MAX_EXPANSION, or the variables past the session's MAX_ENVIRONMENT."""


class LoopControl(Exception):
    def __init__(self, kind: str, count: int) -> None:
        self.kind, self.count = kind, count


class FunctionReturn(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class ScriptExit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class LineStopped(Exception):
    """The rest of the line does not run: an arithmetic error (bash's own rule) or a limit."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.text, self.status = text, status


class HoldTerminal(Exception):
    """A program took the person's terminal (a watch, an editor): the line waits behind it."""


class Counter:
    """Commands run since the simulated clock last moved, shared by a runner's nested shells."""

    def __init__(self) -> None:
        self.at, self.count = None, 0


@dataclass
class DeferredContext(ExecContext):
    """A program in a background job: the time it takes is owed to the job, which then
    waits that long, instead of moving everyone's clock at once."""

    owed: float = 0.0

    @classmethod
    def of(cls, context: ExecContext) -> "DeferredContext":
        return cls(**{f.name: getattr(context, f.name) for f in dataclass_fields(ExecContext)})

    def elapse(self, seconds: float) -> None:
        if seconds > 0:
            self.owed += seconds

    def now(self) -> float:
        return super().now() + self.owed

    def settle(self) -> None:
        """The controllers catch up when the job's owed time has passed (`Session.pass_time`)."""


def run_on(process) -> "Generator[Wait, None, int]":
    """A program that serves on after it printed (`ToolResult.process`): its waits may hold the
    terminal (Ctrl-C ends it), and closing this runner (`kill %1`, the line's limit) closes it."""
    try:
        wait = next(process)
        while True:
            yield Wait(wait.seconds, True, wait.until) if isinstance(wait, Wait) else Wait(wait, holds_terminal=True)
            wait = next(process)
    except StopIteration as stop:
        return stop.value or 0
    finally:
        process.close()
