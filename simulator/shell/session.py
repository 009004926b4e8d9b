"""A shell session: the prompt you are at, what a line runs, and what it prints.

The session starts on the lecture's `remote` workstation. `ssh vagrant@<node ip>`
pushes a node frame, `kubectl exec -it <pod> -- /bin/bash` pushes a pod frame and
`exit` pops one, so a sequence of lines reads like the lecture's transcripts.

A line is parsed whole (`simulator.shell.grammar`) and run by an interpreter
(`simulator.shell.interpreter`): loops, `if`, `case`, functions, `$((...))`, `~`, and
jobs started with `&` (`jobs`, `kill %1`, `wait`, `fg`). The session keeps the job table
and passes simulated time for everyone (`pass_time`): a background job runs when the
clock reaches its wake time, whatever runs in the foreground.

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
from simulator.clock import SECONDS_PER_COMMAND
from simulator.files import WORKSTATION_HOME
from simulator.shell import dispatch, grammar
from simulator.shell.execution_log import ExecutionLog
from simulator.shell.frames import Frame
from simulator.shell.interpreter import Interpreter
from simulator.shell.runtime import MAX_LINE_SECONDS, DeferredContext, HoldTerminal, LineStopped, ScriptExit, Wait
from simulator.shell.jobs import Job, JobTable, wake_whose_event_came
from simulator.shell.parser import ParseError
from simulator.shell.results import CommandResult
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from random import Random

    from simulator.clock import SimClock
    from simulator.registry.store import APIStore

MAX_LINE = 64 * 1024
MAX_ENVIRONMENT = 4 * 1024 * 1024  # characters in all shell variables together
INTERRUPTED = 130  # bash's status for a foreground job killed by SIGINT (128 + 2)
MAX_FOLLOW = 600.0  # simulated seconds one `follow` may pass: the caller caps real time, this caps misuse


class CommandAborted(Exception):
    """Raised by a session's guard (a grading's time or memory budget) to stop the line
    mid-way; `Session.run` lets it through instead of reporting a simulator bug."""


class Host(Protocol):
    """What a session runs on (`simulator.cluster.Cluster` composes it): time that passes
    between lines, controllers that settle, and the parts each program is handed."""

    store: "APIStore"  # what a watch reads as time passes
    clock: "SimClock"  # what `pass_time` moves, stepping the jobs on the way

    def random(self, stream: str) -> "Random": ...

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
        self.foreground: Job | None = None  # an interactive line holding the terminal (a loop, `wait`, `fg`)
        self.foreground_members: list[Job] = []  # jobs brought back with `fg`: Ctrl-C ends them too
        self._substitutions = 0  # depth of `$(...)` being run: its output is captured, never a terminal
        self.guard = guard  # called before every statement and expansion; may raise CommandAborted
        self.executed = ExecutionLog()
        kind = "workstation" if vantage.kind == "remote" else ("exec" if vantage.kind == "pod" else "ssh")
        self.env: dict[str, str] = {}
        self.functions: dict[str, object] = {}
        self.jobs = JobTable(cluster.random("shell-pids"))
        self.shell_pid = self.jobs.allocate_pid()
        self.last_background_pid: int | None = None
        self.terminal = ToolResult()  # where the line being run, and every job, write
        self._stepping: set[int] = set()  # jobs whose runner is running right now (not re-entered)
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
        return self.watch is not None or self.edit is not None or self.foreground is not None

    @property
    def following(self) -> bool:
        """Something in the foreground prints as time passes: `follow` reads on, Ctrl-C ends it."""
        return self.watch is not None or self.foreground is not None

    @property
    def holds_runners(self) -> bool:
        """Jobs, a held foreground or containers' scripts (`shell.container_processes`) run: they are
        generators, which no pickle can hold, so a snapshot must wait; its lines rebuild it exactly."""
        processes = getattr(self.cluster, "container_processes", None)
        return bool(self.jobs.jobs or self.foreground is not None or self.foreground_members
                    or (processes is not None and processes.running()))

    def home(self) -> str:
        """`~`: the workstation's home is the hands-on tree's root; a node's user's; root's in a pod."""
        frame = self.frame
        if frame.kind == "workstation":
            return WORKSTATION_HOME
        return "/root" if frame.user == "root" else f"/home/{frame.user}"

    def shell_dialect(self, name: str) -> str:
        """Which shell `sh` or `bash` is here: Ubuntu's and Debian's /bin/sh is dash; an image
        without bash is busybox or alpine, whose sh is busybox's ash."""
        if name.rsplit("/", 1)[-1] == "bash":
            return "bash"
        frame = self.frame
        if frame.kind != "exec":
            return "dash"
        programs = dispatch.pod_programs(self.cluster.store, frame.vantage.namespace, frame.vantage.name, frame.container)
        return "dash" if "bash" in programs else "ash"

    def run(self, line: str) -> CommandResult:
        if self.busy:
            self.interrupt()
        prompt = self.prompt
        self.terminal = ToolResult()
        self.pass_time(SECONDS_PER_COMMAND)
        try:
            status = self.run_line(line[:MAX_LINE])
        except (CommandAborted, MemoryError):  # the grader's budget, or the process's own ceiling
            raise
        except Exception as error:  # a simulator bug must never show a student a traceback
            self.terminal.err(f"error: internal simulator error ({type(error).__name__}); "
                              "this is a KubeGrade bug, please report it with the command you ran\n")
            status = 1
        if status is not None:
            self.last_status = status
        result = dispatch.note_cut_output("bash", self.terminal)  # a line's output is bounded too
        result.exit_code = self.last_status
        self.cluster.settle()
        if self.foreground is None:
            result.err(self.jobs.notices())
        output = result.combined
        if self.echo:
            output = f"{prompt}{line}\n{output}"
        return self._result(result, prompt, output)

    def _result(self, result: ToolResult, prompt: str, output: str | None = None) -> CommandResult:
        output = result.combined if output is None else output
        return CommandResult(output, result.stdout, result.stderr, result.exit_code, prompt,
                             following=self.following, editing=self.edit.request if self.edit else None)

    # running lines -------------------------------------------------------------
    def run_line(self, line: str) -> int | None:
        """Run a typed line in this session's shell; None while it holds the terminal."""
        try:
            tree = grammar.parse_script(line)
        except ParseError as error:
            self.terminal.err(f"{error}\n")
            return 2
        if not tree.items:
            return self.last_status
        interpreter = Interpreter(self, dialect=self.frame.shell if self.frame.shell == "bash" else
                                  self.shell_dialect(self.frame.shell), arg0=self.frame.shell)
        runner = interpreter.run_sequence(tree)
        try:
            return self._drive(runner, line, interpreter, holds=self.interactive)
        except HoldTerminal:
            return interpreter.status
        except LineStopped as stopped:
            self.terminal.err(stopped.text)
            return stopped.status

    def execute(self, line: str, shell: str | None = None) -> ToolResult:
        """Run `line` to its end and return what it wrote (ssh's remote command, `kubectl exec
        ... sh -c`, a grader's look): `shell` is the program that runs it (`sh`, `/bin/bash`)."""
        captured = ToolResult()
        name = shell or self.frame.shell
        dialect = "bash" if name.rsplit("/", 1)[-1] == "bash" else self.shell_dialect(name)
        interpreter = Interpreter(self, dialect=dialect, arg0=name, sink=captured, script=shell is not None)
        try:
            tree = grammar.parse_script(line)
        except grammar.ShellSyntaxError as error:
            return ToolResult(exit_code=2).err(error.dialect_text(dialect) + "\n")
        except ParseError as error:
            return ToolResult(exit_code=2).err(f"{error}\n")
        try:
            captured.exit_code = self._drive_to_end(interpreter, tree)
        except LineStopped as stopped:
            captured.err(stopped.text)
            captured.exit_code = stopped.status
        return captured

    def drive_nested(self, interpreter: Interpreter, line: str) -> int:
        """`$(...)`: parse and run to the end; syntax errors are the substitution's stderr."""
        try:
            tree = grammar.parse_script(line)
        except ParseError as error:
            interpreter.error(f"{error}\n")
            return 2
        return self._drive_to_end(interpreter, tree)

    def _drive_to_end(self, interpreter: Interpreter, tree) -> int:
        try:
            status = self._drive(interpreter.run_sequence(tree), "", interpreter, holds=False)
        except ScriptExit as exited:
            status = exited.status
        except HoldTerminal:
            status = interpreter.status
        return 0 if status is None else status

    def _drive(self, runner, text: str, interpreter: Interpreter, holds: bool) -> int | None:
        """Run a foreground runner, passing the time it waits. In an interactive terminal a
        wait that may hold it (a loop's sleep, `wait`, `fg`) makes the rest of the line the
        foreground job, run on by `follow` as real time passes and ended by Ctrl-C."""
        waited = 0.0
        try:
            wait = next(runner)
            while True:
                seconds = wait.seconds if isinstance(wait, Wait) else float(wait)
                if holds and isinstance(wait, Wait) and wait.holds_terminal:
                    interpreter.deferred = True
                    self.foreground = Job(0, self.shell_pid, text, runner, self.cluster.clock.now() + seconds,
                                          until=wait.until)
                    return None
                if waited + seconds > MAX_LINE_SECONDS:
                    runner.close()
                    raise LineStopped(f"bash: stopped after {int(MAX_LINE_SECONDS)} s of simulated time in one "
                                      "line (the simulator's limit; bash would run on until Ctrl-C)\n", 130)
                waited += self.pass_time(seconds, until=wait.until if isinstance(wait, Wait) else None)
                wait = next(runner)
        except StopIteration as stop:
            return stop.value if stop.value is not None else interpreter.status

    # time and jobs ----------------------------------------------------------------
    def jobs_to_step(self) -> list[Job]:
        jobs = [j for j in self.jobs.running() if id(j) not in self._stepping]
        jobs += [j for j in self.foreground_members if j.running and id(j) not in self._stepping]
        if self.foreground is not None and self.foreground.running and id(self.foreground) not in self._stepping:
            jobs.append(self.foreground)
        return jobs

    def pass_time(self, seconds: float, until: Callable[[], bool] | None = None) -> float:
        """Let `seconds` of simulated time pass: each job runs when the clock reaches its wake
        time, each controller's timer (a process exiting, a back-off, a cron schedule) when the
        clock reaches it, and the controllers settle at each step. A job waiting `until` an event
        wakes once it holds; the foreground's own `until` ends the passing early: the seconds passed."""
        clock = self.cluster.clock
        started = clock.now()
        target = started + max(0.0, float(seconds))
        while True:
            if until is not None and until():
                return clock.now() - started
            wake_whose_event_came(self.jobs_to_step(), clock.now())
            due = [job for job in self.jobs_to_step() if job.wake <= target]
            timer = self.cluster.next_wake()
            if timer is not None and clock.now() < timer <= target and (not due or timer < min(j.wake for j in due)):
                clock.advance(timer - clock.now())  # a controller's timer: it acts at that instant
                self.cluster.settle()
                continue
            if not due:
                break
            job = min(due, key=lambda j: j.wake)
            if job.wake > clock.now():
                clock.advance(job.wake - clock.now())
                self.cluster.settle()
            self.step_job(job)
        if target > clock.now():
            clock.advance(target - clock.now())
        self.cluster.settle()
        wake_whose_event_came(self.jobs_to_step(), clock.now())
        return clock.now() - started

    def step_job(self, job: Job) -> None:
        """Run a job until it waits again or ends."""
        self._stepping.add(id(job))
        try:
            job.waits(next(job.runner), self.cluster.clock.now())
        except StopIteration as stop:
            job.finish(stop.value or 0)
        except ScriptExit as exited:
            job.finish(exited.status)
        except HoldTerminal:
            job.finish(0)
        except LineStopped as stopped:
            self.terminal.err(stopped.text)
            job.end(9)
        finally:
            self._stepping.discard(id(job))
        if job is self.foreground and not job.running:
            self.foreground = None
            self.last_status = job.status or 0

    def start_job(self, text: str, runner) -> Job:
        """A long-running program joins the job table (`kubectl port-forward ... &`): `runner`
        yields the seconds it waits (math.inf: until ended) and returns its exit status."""
        job = self.jobs.add(text, runner, self.cluster.clock.now())
        self.last_background_pid = job.pid
        self.step_job(job)
        return job

    # the foreground program of an interactive session ----------------------
    def follow(self, seconds: float) -> CommandResult:
        """Let `seconds` of simulated time pass (the cluster ticks and settles each second)
        and return what the foreground (a watch, a loop, `fg`) and the jobs printed meanwhile."""
        self.terminal = ToolResult(exit_code=self.last_status)
        remaining = max(0.0, min(float(seconds), MAX_FOLLOW))
        if self.watch is None and self.foreground is None:
            self.pass_time(remaining)
            self.terminal.exit_code = self.last_status
            return self._result(self.terminal, self.prompt)
        while remaining > 0 and (self.watch is not None or self.foreground is not None):
            step = min(1.0, remaining)
            try:
                self.pass_time(step)
            except LineStopped as stopped:
                self.terminal.err(stopped.text)
                self.foreground = None
            remaining -= step
        if self.watch is not None:
            self.terminal.out(self.watch.read(self.cluster.store))
        if self.foreground is None and self.watch is None:
            self.terminal.err(self.jobs.notices())
        self.terminal.exit_code = self.last_status
        return self._result(self.terminal, self.prompt)

    def interrupt(self) -> CommandResult:
        """Ctrl-C. A watch ends (bash prints only a new prompt and `$?` is 130); a pending
        edit ends as quitting the editor without saving does; a foreground loop or job ends;
        at a bare prompt `$?` is 130."""
        if self.edit is not None:
            return self.finish_edit(None)
        if self.watch is not None:
            self.watch.close(self.cluster.store, INTERRUPTED)
            self.watch = None
        if self.foreground is not None:
            foreground, self.foreground = self.foreground, None
            foreground.end(2)
        for job in list(self.foreground_members):
            job.end(2)
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

    def assign(self, values: dict[str, str]) -> ToolResult:
        """`NAME=value` alone on a statement sets shell variables, within MAX_ENVIRONMENT."""
        merged = {**self.env, **values}
        if sum(len(name) + len(value) for name, value in merged.items()) > MAX_ENVIRONMENT:
            name = next(iter(values))
            return ToolResult(exit_code=1).err(
                f"bash: {name}: cannot set: shell variables would exceed {MAX_ENVIRONMENT // 1048576} MiB "
                "(the simulator's limit)\n")
        self.env.clear()
        self.env.update(merged)
        return ToolResult()

    def run_program(self, argv: list[str], stdin: str, tty: bool, deferred: bool,
                    dialect: str = "bash") -> tuple[ToolResult, float]:
        """Run one program; with `deferred`, the time it takes is returned instead of passed."""
        context = self.cluster.exec_context(self.frame.vantage, tty=tty, stdin=stdin, shell=self)
        context.dialect = dialect
        if deferred:
            context = DeferredContext.of(context)
        result = dispatch.dispatch(self, context, argv)
        return result, getattr(context, "owed", 0.0)

    def run_argv(self, argv: list[str], stdin: str = "", tty: bool = True) -> ToolResult:
        context = self.cluster.exec_context(self.frame.vantage, tty=tty, stdin=stdin, shell=self)
        return dispatch.dispatch(self, context, argv)
