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

from typing import Any, Generator

from simulator.programs.context import ToolResult
from simulator.shell import grammar as g
from simulator.shell import redirection
from simulator.shell.conditions import DoubleBracket, TestError, glob_match
from simulator.shell.control import CONTROL, job_runner
from simulator.shell.dispatch import programs_at
from simulator.shell.expansion import Expansion
from simulator.shell.parser import ParseError
from simulator.shell.runtime import (ASSIGNMENT, MAX_CALL_DEPTH, MAX_COMMANDS_AT_ONCE, SHELL_PROGRAMS, Counter,
                                     FunctionReturn, HoldTerminal, LineStopped, LoopControl, ScriptExit, Wait, run_on)

Session = Any  # simulator.shell.session.Session, which imports this module


class Interpreter(Expansion):
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
        self.sink().absorb(result)  # a line's output is bounded too (programs.context.MAX_OUTPUT)

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
        if isinstance(node, g.Redirected) or (isinstance(node, g.Simple) and node.redirects):
            status = yield from redirection.run_redirected(self, node)
        elif isinstance(node, g.Simple):
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
        result, owed = session.run_program(fields, self.stdin[-1], tty, deferred, self.dialect)
        self.emit(result)
        self.status = result.exit_code
        if owed > 0:
            yield Wait(owed, holds_terminal=self.loop_depth > 0)
        if result.process is not None:  # it serves on until its job ends (`kubectl proxy &`)
            self.status = result.exit_code = yield from run_on(result.process)
        if session.busy and self.parent is None and self.sink_override is None:
            raise HoldTerminal()
        return result.exit_code

    def available(self, name: str) -> bool:
        return name.rsplit("/", 1)[-1] in programs_at(self.session)

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
        job = session.jobs.add(item.text, job_runner(inner, item.command), session.cluster.clock.now())
        session.last_background_pid = job.pid
        self.error(f"[{job.number}] {job.pid}\n")
        session.step_job(job)


