"""awk: mawk 1.3.4 (Ubuntu 20.04's and Debian's `awk`, Priority required) on the nodes, the
workstation and the Debian/Ubuntu images; busybox's applet in the busybox and Alpine images
(`userland`). The language is the same for the one-liners a course types; what differs is
how each prints a number (mawk: an integer only inside a C int), division by zero (mawk
prints inf, busybox stops) and the error texts: mawk's `awk: line 1: syntax error at or near
}`, busybox's `awk: cmd. line:1: Unexpected token`.

Options: `-F fs`, `-v name=value`, `--`; operands are files (`-` stdin) or `name=value`
assignments made when they are reached. `print > "file"` writes where the program runs
(`mounts.write_text`), `/dev/stdout`, `/dev/stderr` and `/dev/null` as the kernel has them. `-f progfile` is not simulated and says so.
The program is read by `awk_parse`, run by `awk_run`; its output is held to MAX_OUTPUT.
"""

from __future__ import annotations

import re

from simulator.filesystem import FileSystemError
from simulator.programs.context import MAX_OUTPUT, ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.tools.awk_lex import STRING_ESCAPES, AwkSyntaxError
from simulator.tools.awk_parse import parse
from simulator.tools.awk_run import Interpreter
from simulator.tools.awk_values import AwkRuntimeError, StrNum
from simulator.tools.userland import userland

ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
MAWK_USAGE = "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n"
BUSYBOX_USAGE = "BusyBox v1.35.0 (2022-01-17 19:57:02 UTC) multi-call binary.\n\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n"


class OutputFull(Exception):
    pass


class Invocation:
    def __init__(self) -> None:
        self.source: str | None = None
        self.separator: str | None = None
        self.assignments: list[tuple[str, str]] = []
        self.operands: list[str] = []


def as_bytes(text: str) -> str:
    """awk counts bytes, not characters (mawk's `length("héllo")` is 6): text is held one byte a
    character (latin-1) while awk runs, and made UTF-8 again when printed."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def from_bytes(text: str) -> str:
    return text.encode("latin-1").decode("utf-8", "replace")


def escaped(text: str) -> str:
    """A command-line value (`-v x=a\\tb`, `-F '\\t'`) with awk's string escapes processed."""
    out, index = [], 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            out.append(STRING_ESCAPES.get(text[index + 1], "\\" + text[index + 1]))
            index += 2
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def parse_arguments(argv: list[str]) -> Invocation | str:
    """The invocation, or the text of what is wrong with it."""
    invocation, args = Invocation(), iter(argv)
    for arg in args:
        if arg == "--":
            break
        if not arg.startswith("-") or arg == "-":
            invocation.source = arg
            break
        option, value = arg[:2], arg[2:]
        if option not in ("-F", "-v", "-f"):
            return f"not an option: {arg}"
        value = value or next(args, None)
        if value is None:
            return f"option requires an argument -- {option[1]}"
        if option == "-f":
            return "the simulator's awk does not read a program file (-f); give the program on the line"
        if option == "-F":
            invocation.separator = "\t" if value == "t" else escaped(value)
        elif ASSIGNMENT.match(value) is None:
            return f"improper assignment: -v {value}"
        else:
            name, _, text = value.partition("=")
            invocation.assignments.append((name, escaped(text)))
    if invocation.source is None:
        invocation.source = next(args, None)
    invocation.operands = list(args)
    return invocation


def records(ctx: ExecContext, operands: list[str]):
    """The record reader: (line, FILENAME, FNR) for each line of each operand, assignments made on the way."""
    def read(interp: Interpreter):
        reads_a_file = any(not ASSIGNMENT.match(o) for o in operands)
        for operand in operands + ([] if reads_a_file else ["-"]):
            if ASSIGNMENT.match(operand):
                name, _, text = operand.partition("=")
                interp.set_var(name, StrNum(as_bytes(escaped(text))))
                continue
            text = ctx.stdin if operand == "-" else mounts.read_anywhere(ctx, operand)
            if text is None:
                raise AwkRuntimeError(f"cannot open {operand} (No such file or directory)")
            text = as_bytes(text)
            separator = interp.text(interp.globals["RS"]) or "\n"
            lines = text.split(separator[0])
            if lines and lines[-1] == "":
                lines.pop()
            for number, line in enumerate(lines, start=1):
                yield line, operand, number
    return read


@program("awk")
def run_awk(ctx: ExecContext, argv: list[str]) -> ToolResult:
    flavour = userland(ctx)
    invocation = parse_arguments(argv[1:])
    if isinstance(invocation, str) or invocation.source is None:
        usage = BUSYBOX_USAGE if flavour == "busybox" else MAWK_USAGE
        problem = "" if not isinstance(invocation, str) else f"awk: {invocation}\n"
        return ToolResult(exit_code=2 if flavour != "busybox" else 1).err(problem + usage)
    result = ToolResult()
    written = [0]

    def write(text: str) -> None:
        written[0] += len(text)
        if written[0] > MAX_OUTPUT:
            raise OutputFull()
        result.out(from_bytes(text))

    try:
        program_tree = parse(as_bytes(invocation.source))
    except AwkSyntaxError as error:
        return ToolResult(exit_code=2 if flavour != "busybox" else 1).err(syntax_text(error, flavour))
    def write_file(name: str, text: str, append: bool) -> None:
        if name in ("/dev/stdout", "-"):
            write(text)
        elif name == "/dev/stderr":
            result.err(from_bytes(text))
        elif name != "/dev/null":
            written[0] += len(text)
            if written[0] > MAX_OUTPUT:
                raise OutputFull()
            try:
                mounts.write_text(ctx, name if ctx.vantage.kind == "remote" else mounts.absolute(ctx, name),
                                  from_bytes(text), append=append)
            except FileSystemError as error:
                raise AwkRuntimeError(f"cannot open \"{name}\" for output ({error})") from None

    interp = Interpreter(program_tree, write, "busybox" if flavour == "busybox" else "mawk", write_file)
    if invocation.separator is not None:
        interp.globals["FS"] = as_bytes(invocation.separator)
    for name, text in invocation.assignments:
        interp.globals[name] = StrNum(as_bytes(text))
    try:
        result.exit_code = interp.run(records(ctx, invocation.operands))
    except AwkRuntimeError as error:
        result.err(runtime_text(str(error), flavour, interp))
        result.exit_code = 2
    except OutputFull:
        result.err(f"awk: output cut at {MAX_OUTPUT // 1048576} MiB (the simulator's limit)\n")
        result.exit_code = 2
    except RecursionError:
        result.err("awk: expression nested too deeply (the simulator's limit)\n")
        result.exit_code = 2
    return result


def syntax_text(error: AwkSyntaxError, flavour: str) -> str:
    if flavour == "busybox" and "the simulator's" not in str(error):
        return f"awk: cmd. line:{error.line}: Unexpected token\n"
    return f"awk: {error}\n"


def runtime_text(message: str, flavour: str, interp: Interpreter) -> str:
    if message.startswith("cannot open"):
        return f"awk: {message}\n"
    if flavour == "busybox":
        return f"awk: cmd. line:1: {message}\n"
    nr, fnr = interp.text(interp.globals["NR"]), interp.text(interp.globals["FNR"])
    return (f"awk: run time error: {message}\n\tFILENAME=\"{interp.text(interp.globals['FILENAME'])}\" "
            f"FNR={fnr} NR={nr}\n")
