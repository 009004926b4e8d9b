"""The builtins that steer the interpreter itself: `break`, `continue`, `return`, `exit`
in a script, `local`, `shift`, `:`, and job control's `wait`, `fg`, `bg`.

Each is a generator like every other command (`wait` and `fg` yield while the jobs run)
and takes the interpreter it runs in (`simulator.shell.interpreter.Interpreter`). Texts are
bash 5's: `bash: fg: current: no such job`, `bash: break: only meaningful in a ...`.
"""

from __future__ import annotations

import math
from typing import Any, Generator

from simulator.programs.context import ToolResult
from simulator.shell import grammar as g
from simulator.shell.runtime import MAX_LINE_SECONDS, FunctionReturn, LoopControl, ScriptExit, Wait

Interpreter = Any  # simulator.shell.interpreter.Interpreter, which imports this module
LOOP_ONLY = "only meaningful in a `for', `while', or `until' loop"


def job_runner(interpreter: Interpreter, command: g.AndOr) -> Generator[Wait, None, int]:
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
