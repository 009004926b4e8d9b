"""Running a parsed command line (`simulator.shell.grammar`) the way bash runs it.

Each node runs as a generator that yields a `Wait` when simulated time must pass (a
`sleep`, a program's timeout inside a background job, `wait` and `fg`) and returns the
exit status. Whoever drives it decides what waiting means (`Session`): a graded line
passes the time at once; a background job is stepped when the clock reaches its wake
time; in the workspace's terminal a loop holds the foreground and runs on as real
seconds pass, until Ctrl-C, as `sh -c 'while true; do curl ...; sleep 1; done'` does.

Limits that hold inside loops: the session's guard (a grading's time and memory budget)
runs before every command and expansion; a runner that runs MAX_COMMANDS_AT_ONCE
commands while the clock stands still is stopped, as is a graded line that lets more
than MAX_LINE_SECONDS of simulated time pass (bash would run on until Ctrl-C).

Dialects: `bash`, `dash` (Ubuntu's and Debian's /bin/sh) and `ash` (busybox's sh) differ
in the texts a person sees: `bash: x: command not found`, `sh: 1: x: not found`,
`sh: x: not found`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any, Generator

from simulator.programs.context import ExecContext, ToolResult
from simulator.shell import grammar as g
from simulator.shell.arithmetic import ArithmeticError_, evaluate
from simulator.shell.conditions import DoubleBracket, TestError, glob_match
from simulator.shell.dispatch import programs_at
from simulator.shell.machine_files import read_file
from simulator.shell.parser import ParseError, expand_text, tokenize

Session = Any  # simulator.shell.session.Session, which imports this module

# bash has no limit of its own (it dies in xrealloc); a simulated shell must stay small
MAX_EXPANSION = 1024 * 1024  # characters one command may produce by expansion
MAX_COMMANDS_AT_ONCE = 10_000  # commands one runner may run while the simulated clock stands still
MAX_LINE_SECONDS = 3600.0  # simulated time one graded line may let pass (`while true; do sleep 1; done`)
MAX_CALL_DEPTH = 100  # bash's FUNCNEST as a course would set it; unset, bash recurses until it crashes
SHELL_PROGRAMS = ("sh", "bash")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\+?=")  # `NAME=value`, `NAME+=more`
LOOP_ONLY = "only meaningful in a `for', `while', or `until' loop"


@dataclass(frozen=True)
class Wait:
    seconds: float
    holds_terminal: bool = False  # in an interactive terminal, the line may keep the foreground here


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


class Interpreter:
    def __init__(self, session: Session, *, dialect: str = "bash", arg0: str = "bash",
                 env: dict[str, str] | None = None, functions: dict | None = None,
                 positional: list[str] | None = None, deferred: bool = False, script: bool = False,
                 sink: ToolResult | None = None, counter: Counter | None = None, parent: "Interpreter | None" = None):
        self.session = session
        self.dialect, self.arg0 = dialect, arg0
        self.env = session.env if env is None else env
        self.functions = session.functions if functions is None else functions
        self.positional = list(positional or [])
        self.status = session.last_status if parent is None else parent.status
        self.deferred = deferred  # a job: programs' time is owed and waited for
        self.script = script  # `sh -c`: `exit` ends the script, not the session's frame
        self.sink_override = sink
        self.parent = parent
        self.counter = counter or Counter()
        self.captures: list[ToolResult] = []
        self.stdin: list[str] = [""]
        self.loop_depth = 0
        self.call_depth = 0
        self.locals: list[dict[str, str | None]] = []
        self.expanded = 0

    def child(self, **overrides) -> "Interpreter":
        """A subshell or `sh -c`: its own copy of the variables, writing where this one writes."""
        options = dict(dialect=self.dialect, arg0=self.arg0, env=dict(self.env), functions=dict(self.functions),
                       positional=self.positional, deferred=self.deferred, script=self.script,
                       counter=self.counter, parent=self)
        options.update(overrides)
        return Interpreter(self.session, **options)

    # output --------------------------------------------------------------------
    def sink(self) -> ToolResult:
        if self.captures:
            return self.captures[-1]
        if self.sink_override is not None:
            return self.sink_override
        if self.parent is not None:
            return self.parent.sink()
        return self.session.terminal

    def emit(self, result: ToolResult) -> None:
        sink = self.sink()
        sink.chunks.extend(result.chunks)
        sink.stdout += result.stdout
        sink.stderr += result.stderr

    def error(self, text: str) -> None:
        self.emit(ToolResult().err(text))

    @property
    def capturing(self) -> bool:
        node = self
        while node is not None:
            if node.captures or node.sink_override is not None:
                return True
            node = node.parent
        return False

    # lists ---------------------------------------------------------------------
    def run_sequence(self, sequence: g.Sequence) -> Generator[Wait, None, int]:
        status = self.status
        for item in sequence.items:
            if item.background:
                self.start_background(item)
                status = self.status = 0
            else:
                status = yield from self.run_and_or(item.command)
        return status

    def run_and_or(self, node: g.AndOr) -> Generator[Wait, None, int]:
        status = self.status
        for connector, pipeline in node.parts:
            if (connector == "&&" and status != 0) or (connector == "||" and status == 0):
                continue
            status = yield from self.run_pipeline(pipeline)
        return status

    def run_pipeline(self, pipeline: g.Pipeline) -> Generator[Wait, None, int]:
        """Each command's stdout feeds the next one's stdin; stderr goes straight out."""
        commands = pipeline.commands
        if len(commands) == 1:
            status = yield from self.run_command(commands[0])
        else:
            stdin, status = "", 0
            for index, command in enumerate(commands):
                last = index == len(commands) - 1
                self.stdin.append(stdin)
                if not last:
                    self.captures.append(ToolResult())
                try:
                    status = yield from self.run_command(command)
                finally:
                    self.stdin.pop()
                    captured = self.captures.pop() if not last else None
                if captured is not None:
                    self.emit(ToolResult(chunks=[c for c in captured.chunks if c[0] == "stderr"],
                                         stderr=captured.stderr))
                    stdin = captured.stdout
        if pipeline.negate:
            status = int(status == 0)
        self.status = status
        return status

    def run_command(self, node) -> Generator[Wait, None, int]:
        if isinstance(node, g.Simple):
            status = yield from self.run_simple(node)
        elif isinstance(node, g.If):
            status = yield from self.run_if(node)
        elif isinstance(node, g.Loop):
            status = yield from self.run_loop(node)
        elif isinstance(node, g.For):
            status = yield from self.run_for(node)
        elif isinstance(node, g.Case):
            status = yield from self.run_case(node)
        elif isinstance(node, g.Function):
            self.functions[node.name] = node.body
            status = 0
        elif isinstance(node, g.Group):
            runner = self.child(script=self.script) if node.subshell else self
            status = yield from runner.run_sequence(node.body)
        elif isinstance(node, g.Conditional):
            status = self.run_conditional(node)
        else:  # pragma: no cover - the grammar makes nothing else
            raise TypeError(node)
        self.status = status
        return status

    # compound commands -----------------------------------------------------------
    def run_if(self, node: g.If) -> Generator[Wait, None, int]:
        for condition, body in node.clauses:
            if (yield from self.run_sequence(condition)) == 0:
                return (yield from self.run_sequence(body))
        if node.otherwise is not None:
            return (yield from self.run_sequence(node.otherwise))
        return 0

    def _loop_turn(self, body: g.Sequence) -> Generator[Wait, None, tuple[str, int]]:
        try:
            return "next", (yield from self.run_sequence(body))
        except LoopControl as control:
            if control.count > 1:
                control.count -= 1
                raise
            return control.kind, self.status

    def run_loop(self, node: g.Loop) -> Generator[Wait, None, int]:
        status = 0
        self.loop_depth += 1
        try:
            while True:
                self.count_command()  # `while true; do :; done` is bounded like any other loop
                outcome, condition = yield from self._loop_turn(node.condition)
                if outcome == "break":
                    break
                if outcome == "next" and (condition == 0) == node.until:
                    break
                outcome, status = yield from self._loop_turn(node.body)
                if outcome == "break":
                    break
        finally:
            self.loop_depth -= 1
        return status

    def run_for(self, node: g.For) -> Generator[Wait, None, int]:
        values = self.positional if node.words is None else self.expand_words(node.words)
        status = 0
        self.loop_depth += 1
        try:
            for value in values:
                self.count_command()
                self.assign({node.name: value})
                outcome, status = yield from self._loop_turn(node.body)
                if outcome == "break":
                    break
        finally:
            self.loop_depth -= 1
        return status

    def run_case(self, node: g.Case) -> Generator[Wait, None, int]:
        word = " ".join(self.expand_word(node.word, split=False))
        for patterns, body in node.arms:
            if any(glob_match(word, " ".join(self.expand_word(p, split=False))) for p in patterns):
                return (yield from self.run_sequence(body)) if body.items else 0
        return 0

    def run_conditional(self, node: g.Conditional) -> int:
        self.count_command()
        words = [w if w in ("&&", "||", "(", ")", "!", "<", ">") else " ".join(self.expand_word(w, split=False))
                 for w in node.words]
        try:
            return 0 if DoubleBracket(words, self.file_kind, self.arithmetic).evaluate() else 1
        except TestError as error:
            self.error(f"{self.dialect_name()}: {error}\n")
            return 2

    # simple commands ---------------------------------------------------------
    def count_command(self) -> None:
        session = self.session
        if session.guard is not None:
            session.guard()
        now = session.cluster.clock.now()
        counter = self.counter
        if counter.at != now:
            counter.at, counter.count = now, 0
        counter.count += 1
        if counter.count > MAX_COMMANDS_AT_ONCE:
            raise LineStopped(f"{self.dialect_name()}: stopped after {MAX_COMMANDS_AT_ONCE} commands with no time "
                              "passing (the simulator's limit; bash would run on until Ctrl-C)\n", 130)

    def run_simple(self, node: g.Simple) -> Generator[Wait, None, int]:
        self.count_command()
        self.expanded = 0
        words = node.words
        count = 0
        while count < len(words) and ASSIGNMENT.match(words[count]):
            count += 1
        try:
            if count == len(words):
                values = {}
                for word in words:
                    name, raw = word.split("=", 1)
                    value = " ".join(self.expand_word(raw, split=False)) if raw else ""
                    if name.endswith("+"):
                        name = name[:-1]
                        value = values.get(name, self.env.get(name, "")) + value
                    values[name] = value
                return self.set_variables(values)
            fields = self.expand_words(words[count:])
        except ParseError as error:
            self.error(f"{error}\n")
            return 2
        except RecursionError:
            self.error("bash: expansion nested too deeply\n")
            return 2
        if not fields:
            return self.status
        name = fields[0]
        handler = CONTROL.get(name)
        if handler is not None and not (name == "exit" and not self.script):
            return (yield from handler(self, fields))
        if name in self.functions:
            return (yield from self.call_function(name, fields))
        if name.rsplit("/", 1)[-1] in SHELL_PROGRAMS and self.available(name):
            return (yield from self.run_shell(fields))
        return (yield from self.run_program(fields))

    def run_program(self, fields: list[str]) -> Generator[Wait, None, int]:
        session = self.session
        name = fields[0]
        if (self.dialect != "bash" or self.script) and not self.available(name):
            if self.dialect == "dash":
                text = f"{self.arg0}: 1: {name}: not found\n"
            elif self.dialect == "ash":
                text = f"{self.arg0}: {name}: not found\n"
            else:
                text = f"bash: {name}: command not found\n"
            self.error(text)
            return 127
        deferred = self.deferred or name == "sleep"  # a sleep waits where its runner is driven
        tty = not self.capturing
        result, owed = session.run_program(fields, self.stdin[-1], tty, deferred)
        self.emit(result)
        self.status = result.exit_code
        if owed > 0:
            yield Wait(owed, holds_terminal=self.loop_depth > 0)
        if session.busy and self.parent is None and self.sink_override is None:
            raise HoldTerminal()
        return result.exit_code

    def available(self, name: str) -> bool:
        return name.rsplit("/", 1)[-1] in programs_at(self.session)

    # expansion -------------------------------------------------------------------
    def expand_words(self, words: list[str]) -> list[str]:
        return [field for word in words for field in self.expand_word(word)]

    def expand_word(self, word: str, split: bool = True) -> list[str]:
        tokens = tokenize(word, self.expand, split=split)
        return [t[1:] if t.startswith("\0") else t for t in tokens]

    def expand(self, kind: str, text: str) -> str:
        session = self.session
        if session.guard is not None:
            session.guard()
        if kind == "var":
            value = self.parameter(text)
        elif kind == "tilde":
            value = session.home()
        elif kind == "arith":
            value = str(self.arithmetic(expand_text(text, self.expand)))
        else:
            value = self.substitute(text)
        self.expanded += len(value)
        if self.expanded > MAX_EXPANSION:
            shown = f"${text}" if kind == "var" else "$(...)"
            raise ExpansionTooLarge(f"bash: {shown}: expansion too large: over {MAX_EXPANSION // 1048576} MiB "
                                    "in one command (the simulator's limit)")
        return value

    def parameter(self, name: str) -> str:
        if name == "?":
            return str(self.status)
        if name == "#":
            return str(len(self.positional))
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name == "$":
            return str(self.session.shell_pid)
        if name == "!":
            return str(self.session.last_background_pid or "")
        if name == "0":
            return self.arg0
        if name.isdigit():
            index = int(name)
            return self.positional[index - 1] if index <= len(self.positional) else ""
        if name == "HOME":
            return self.env.get("HOME", self.session.home())
        return self.env.get(name, "")

    def substitute(self, text: str) -> str:
        """`$(command)`: a subshell whose stdout is the value, trailing newlines cut."""
        session = self.session
        captured = ToolResult()
        inner = self.child(sink=captured, script=False)
        inner.parent = None  # its output is the value; its stderr goes to the terminal below
        session._substitutions += 1
        try:
            status = session.drive_nested(inner, text)
        finally:
            session._substitutions -= 1
        self.emit(ToolResult(chunks=[c for c in captured.chunks if c[0] == "stderr"], stderr=captured.stderr))
        self.status = status
        return captured.stdout.rstrip("\n")

    def arithmetic(self, text: str) -> int:
        try:
            return evaluate(text, self.parameter, lambda name, value: self.set_variables({name: value}))
        except ArithmeticError_ as error:
            raise LineStopped(f"{self.dialect_name()}: {error}\n", 1) from None
        except RecursionError:
            raise LineStopped(f"{self.dialect_name()}: {text}: expression nested too deeply\n", 1) from None

    def file_kind(self, path: str) -> str | None:
        session = self.session
        frame = session.frame
        context = session.cluster.exec_context(frame.vantage, shell=session)
        if frame.kind == "workstation":
            if context.files.is_dir(path):
                return "dir"
            return "file" if context.files.exists(path) else None
        if path in ("/", "/tmp", "/etc", "/root", "/var", "/home", "."):
            return "dir"
        return "file" if read_file(context, path) is not None else None

    # variables -------------------------------------------------------------------
    def set_variables(self, values: dict[str, str]) -> int:
        if self.env is self.session.env:
            result = self.session.assign(values)
            self.emit(result)
            return result.exit_code
        self.env.update(values)
        return 0

    def assign(self, values: dict[str, str]) -> None:
        self.set_variables(values)

    def dialect_name(self) -> str:
        return "bash" if self.dialect == "bash" else self.arg0

    # functions, shells, jobs -------------------------------------------------------
    def call_function(self, name: str, fields: list[str]) -> Generator[Wait, None, int]:
        if self.call_depth >= MAX_CALL_DEPTH:
            self.error(f"bash: {name}: maximum function nesting level exceeded ({MAX_CALL_DEPTH})\n")
            return 1
        saved = self.positional
        self.positional = fields[1:]
        self.call_depth += 1
        self.locals.append({})
        try:
            status = yield from self.run_command(self.functions[name])
        except FunctionReturn as returned:
            status = returned.status
        finally:
            self.positional = saved
            self.call_depth -= 1
            for variable, old in self.locals.pop().items():
                if old is None:
                    self.env.pop(variable, None)
                else:
                    self.env[variable] = old
        self.status = status
        return status

    def run_shell(self, fields: list[str]) -> Generator[Wait, None, int]:
        """`sh -c '...'` and `bash -c '...'`: the machine's own shell runs the script."""
        args = fields[1:]
        flags = args[0] if args and args[0].startswith("-") and not args[0].startswith("--") else ""
        if "c" not in flags:
            return (yield from self.run_program(fields))
        session = self.session
        name = fields[0].rsplit("/", 1)[-1]
        dialect = session.shell_dialect(name)
        if len(args) < 2:
            text = "bash: -c: option requires an argument\n" if dialect == "bash" else f"{fields[0]}: 0: -c requires an argument\n" if dialect == "dash" else f"{fields[0]}: -c requires an argument\n"
            self.error(text)
            return 2
        script, rest = args[1], args[2:]
        entry = session.executed.start(name, fields, session.frame.vantage)
        arg0 = rest[0] if rest else fields[0]
        inner = self.child(dialect=dialect, arg0=arg0, positional=rest[1:], script=True)
        inner.loop_depth = 0
        before = len(self.sink().combined)
        try:
            tree = g.parse_script(script)
        except g.ShellSyntaxError as error:
            text = error.dialect_text(dialect)
            if dialect == "bash":
                text = text.replace("bash: ", "bash: -c: line 1: ", 1) + f"\nbash: -c: line 1: `{script}'"
            self.error(text + "\n")
            status = 2
        except ParseError as error:
            self.error(f"{error}\n")
            status = 2
        else:
            try:
                status = yield from inner.run_sequence(tree)
            except ScriptExit as exited:
                status = exited.status
        session.executed.finish(entry, status, self.sink().combined[before:])
        self.status = status
        return status

    def start_background(self, item: g.Item) -> None:
        session = self.session
        inner = self.child(deferred=True, counter=Counter())
        inner.parent = None  # it writes to the terminal whoever runs in the foreground later
        job = session.jobs.add(item.text, _job_runner(inner, item.command), session.cluster.clock.now())
        session.last_background_pid = job.pid
        self.error(f"[{job.number}] {job.pid}\n")
        session.step_job(job)


def _job_runner(interpreter: Interpreter, command: g.AndOr) -> Generator[Wait, None, int]:
    try:
        return (yield from interpreter.run_and_or(command))
    except ScriptExit as exited:
        return exited.status
    except (LoopControl, FunctionReturn):
        return interpreter.status


# builtins that steer the interpreter itself ----------------------------------------
def _count(args: list[str], builtin: str, interpreter: Interpreter) -> int | None:
    if not args:
        return 1
    try:
        value = int(args[0])
    except ValueError:
        interpreter.error(f"bash: {builtin}: {args[0]}: numeric argument required\n")
        return None
    if value < 1:
        interpreter.error(f"bash: {builtin}: {args[0]}: loop count out of range\n")
        return None
    return value


def _break(interpreter: Interpreter, fields: list[str]):
    if interpreter.loop_depth == 0:
        interpreter.error(f"bash: {fields[0]}: {LOOP_ONLY}\n")
        return 0
    count = _count(fields[1:], fields[0], interpreter)
    if count is None:
        return 1
    raise LoopControl(fields[0], count)
    yield  # pragma: no cover - makes this a generator


def _return(interpreter: Interpreter, fields: list[str]):
    if interpreter.call_depth == 0:
        interpreter.error("bash: return: can only `return' from a function or sourced script\n")
        return 1
    status = interpreter.status
    if len(fields) > 1:
        try:
            status = int(fields[1]) & 255
        except ValueError:
            interpreter.error(f"bash: return: {fields[1]}: numeric argument required\n")
            status = 2
    raise FunctionReturn(status)
    yield  # pragma: no cover


def _exit(interpreter: Interpreter, fields: list[str]):
    status = interpreter.status
    if len(fields) > 1:
        try:
            status = int(fields[1]) & 255
        except ValueError:
            interpreter.error(f"{interpreter.dialect_name()}: exit: {fields[1]}: numeric argument required\n")
            status = 2
    raise ScriptExit(status)
    yield  # pragma: no cover


def _local(interpreter: Interpreter, fields: list[str]):
    if interpreter.call_depth == 0:
        interpreter.error("bash: local: can only be used in a function\n")
        return 1
    scope = interpreter.locals[-1]
    for argument in fields[1:]:
        name, _, value = argument.partition("=")
        if name not in scope:
            scope[name] = interpreter.env.get(name)
        interpreter.env[name] = value
    return 0
    yield  # pragma: no cover


def _shift(interpreter: Interpreter, fields: list[str]):
    count = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 1
    if count > len(interpreter.positional):
        return 1
    interpreter.positional = interpreter.positional[count:]
    return 0
    yield  # pragma: no cover


def _colon(interpreter: Interpreter, fields: list[str]):
    return 0
    yield  # pragma: no cover


def _wait(interpreter: Interpreter, fields: list[str]):
    """`wait`, `wait %1`, `wait PID`, `wait -n`: let time pass until the jobs end."""
    session = interpreter.session
    table = session.jobs
    args = fields[1:]
    any_one = args[:1] == ["-n"]
    if any_one:
        args = args[1:]
    targets = []
    for spec in args:
        job = table.find(spec)
        if job is None:
            text = f"bash: wait: {spec}: no such job\n" if spec.startswith("%") else f"bash: wait: pid {spec} is not a child of this shell\n"
            interpreter.error(text)
            return 127
        targets.append(job)
    if not args:
        targets = table.running()
    if not targets:
        return 127 if any_one else 0
    finished = yield from _wait_for(interpreter, targets, any_one)
    if finished is None:
        return 130
    for job in finished if not any_one else finished[:1]:
        if job in table.jobs:
            interpreter.error(job.line(table.mark(job)))
            table.remove(job)
    if any_one or args:
        return finished[-1].status or 0
    return 0


def _wait_for(interpreter: Interpreter, targets: list, any_one: bool):
    """Yield until the targets end (one of them with `any_one`); None when the simulator stopped waiting."""
    session = interpreter.session
    clock = session.cluster.clock
    waited = 0.0
    holds = session.interactive and not interpreter.capturing

    def done() -> bool:
        ended = [job for job in targets if not job.running]
        return bool(ended) if any_one else len(ended) == len(targets)

    while not done():
        gap = max(0.0, min(job.wake for job in session.jobs_to_step()) - clock.now()) if session.jobs_to_step() else math.inf
        if not holds and (gap == math.inf or waited + gap > MAX_LINE_SECONDS):
            interpreter.error(f"bash: {'fg' if len(targets) == 1 and targets[0] not in session.jobs.jobs else 'wait'}: "
                              f"still waiting after {int(MAX_LINE_SECONDS)} s of simulated time (the simulator's limit; "
                              "bash would wait until Ctrl-C)\n")
            return None
        waited += gap
        yield Wait(gap, holds_terminal=True)
    return [job for job in targets if not job.running]


def _fg(interpreter: Interpreter, fields: list[str]):
    """`fg [%n]`: the job runs in the foreground; Ctrl-C ends it."""
    session = interpreter.session
    table = session.jobs
    spec = fields[1] if len(fields) > 1 else "%+"
    job = table.find(spec)
    if job is None:
        shown = "current" if len(fields) == 1 else spec
        interpreter.error(f"bash: fg: {shown}: no such job\n")
        return 1
    interpreter.emit(ToolResult().out(job.text + "\n"))
    table.remove(job)  # it is the foreground now, no longer a job of the table
    session.foreground_members.append(job)
    try:
        finished = yield from _wait_for(interpreter, [job], False)
    except GeneratorExit:  # Ctrl-C reaches the foreground job too
        job.end(2)
        raise
    finally:
        session.foreground_members.remove(job)
    if finished is None:
        job.end(2)
        return 130
    if job.signal not in (None, 2):
        interpreter.error(job.state() + "\n")
    return job.status or 0


def _bg(interpreter: Interpreter, fields: list[str]):
    job = interpreter.session.jobs.find(fields[1] if len(fields) > 1 else "%+")
    if job is None:
        interpreter.error(f"bash: bg: {'current' if len(fields) == 1 else fields[1]}: no such job\n")
        return 1
    interpreter.error(f"bash: bg: job {job.number} already in background\n")
    return 0
    yield  # pragma: no cover


CONTROL = {"break": _break, "continue": _break, "return": _return, "exit": _exit, "local": _local,
           "shift": _shift, ":": _colon, "wait": _wait, "fg": _fg, "bg": _bg}
