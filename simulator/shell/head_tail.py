"""head and tail as GNU coreutils print them (head.c, tail.c).

head: `-n [-]NUM`, `-c [-]NUM` (a leading `-`: all but the last NUM), `-NUM`; tail: `-n [+]NUM`,
`-c [+]NUM` (a leading `+`: from line or byte NUM on), `-NUM`; NUM may carry a suffix (`1K`).
Files and `-` for stdin; with several, each is headed `==> name <==` and parted by a blank
line (`-q` never, `-v` always). A missing file or a directory is reported in coreutils'
words and the others still printed; the status is then 1.

`tail -f`/`-F` is refused saying so: the simulated files do not grow while a command runs,
so following one would wait for nothing. Counts are bytes for `-c` (a cut UTF-8 character is
dropped, where a terminal would show a replacement mark).
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.tool_args import (InputError, Usage, count_with_suffix, getopt, quote, read_input)

LONG = {"lines": ("n", True), "bytes": ("c", True), "quiet": ("q", False), "silent": ("q", False),
        "verbose": ("v", False), "follow": ("f", False), "retry": ("retry", False), "zero-terminated": ("z", False)}


@program("head")
def head(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _run(ctx, "head", argv[1:])


@program("tail")
def tail(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return _run(ctx, "tail", argv[1:])


def _run(ctx: ExecContext, tool: str, args: list[str]) -> ToolResult:
    try:
        parsed = getopt(tool, args, "qvfFz" if tool == "tail" else "qvz", "nc", LONG, digits=True)
        if parsed.has("f", "F"):
            raise Usage(f"{tool}: -f (following a file as it grows) is not simulated here\n")
        if parsed.has("z"):
            raise Usage(f"{tool}: -z is not simulated here\n")
        by_bytes, take = _count(tool, parsed)
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    operands = parsed.operands or ["-"]
    quiet_or_verbose = [key for key, _ in parsed.options if key in ("q", "v")]  # the last one wins
    headers = quiet_or_verbose[-1] == "v" if quiet_or_verbose else len(operands) > 1
    result, stdin_used, first = ToolResult(), [False], True
    for operand in operands:
        name = "standard input" if operand == "-" else operand
        try:
            text = read_input(ctx, operand, stdin_used)
        except InputError as error:
            if error.kind == "missing":
                result.err(f"{tool}: cannot open '{operand}' for reading: No such file or directory\n")
            else:
                if headers:
                    result.out(("" if first else "\n") + f"==> {name} <==\n")
                    first = False
                result.err(f"{tool}: error reading '{operand}': Is a directory\n")
            result.exit_code = 1
            continue
        if headers:
            result.out(("" if first else "\n") + f"==> {name} <==\n")
        first = False
        result.out(take(text))
    return result


def _count(tool: str, parsed):
    """Which unit and which part: a function from the text to what is printed."""
    chosen = [(key, value) for key, value in parsed.options if key in ("n", "c", "#")]
    key, value = chosen[-1] if chosen else ("n", "10")
    if key == "#":
        key, value = ("c", value[:-1]) if value.endswith("c") else ("n", value.rstrip("l"))
    unit = "bytes" if key == "c" else "lines"
    sign = value[:1] if value[:1] in "+-" else ""
    number = count_with_suffix(value[len(sign):])
    if number is None:
        raise Usage(f"{tool}: invalid number of {unit}: {quote(value)}\n")
    if key == "c":
        return True, lambda text: _bytes(tool, text, sign, number)
    return False, lambda text: _lines(tool, text, sign, number)


def _lines(tool: str, text: str, sign: str, number: int) -> str:
    lines = text.splitlines(keepends=True)
    if tool == "head":
        return "".join(lines[:max(len(lines) - number, 0)] if sign == "-" else lines[:number])
    if sign == "+":
        return "".join(lines[max(number - 1, 0):])
    return "".join(lines[-number:]) if number else ""


def _bytes(tool: str, text: str, sign: str, number: int) -> str:
    data = text.encode()
    if tool == "head":
        part = data[:max(len(data) - number, 0)] if sign == "-" else data[:number]
    elif sign == "+":
        part = data[max(number - 1, 0):]
    else:
        part = data[-number:] if number else b""
    return part.decode(errors="ignore")
