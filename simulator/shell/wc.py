"""wc as GNU coreutils prints it (wc.c).

Counts in coreutils' order whichever order the options came in: lines, words, characters
(-m), bytes (-c), the longest line's width (-L); none asked: lines, words, bytes. A `total`
line for several inputs. Column width as compute_number_width sets it: 1 when one count of
one input is printed; else the digits of the regular files' total size, at least 7 when an
input is not a regular file (a pipe, a directory) (an input that cannot be read adds nothing).
Standard input is taken for a pipe (`wc < file`, whose input a real wc sees as a regular
file, is not told apart).
"""

from __future__ import annotations

import unicodedata

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.tool_args import InputError, Usage, getopt, read_input

LONG = {"lines": ("l", False), "words": ("w", False), "chars": ("m", False), "bytes": ("c", False),
        "max-line-length": ("L", False)}
ORDER = "lwmcL"


@program("wc")
def wc(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        parsed = getopt("wc", argv[1:], "lwmcL", "", LONG)
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    wanted = [key for key in ORDER if parsed.has(key)] or ["l", "w", "c"]
    operands = parsed.operands or ["-"]
    rows, statuses, result = [], [], ToolResult()
    stdin_used = [False]
    for operand in operands:
        name = None if not parsed.operands else operand
        try:
            text = read_input(ctx, operand, stdin_used)
        except InputError as error:
            statuses.append("failed" if error.kind == "missing" else "other")
            if error.kind == "missing":
                rows.append((None, None, f"wc: {operand}: No such file or directory\n"))
            else:
                rows.append(({key: 0 for key in wanted}, name, f"wc: {operand}: Is a directory\n"))
            continue
        statuses.append((len(text.encode()) if operand != "-" else "other"))
        rows.append((counts(text, wanted), name, None))
    width = number_width(statuses, len(operands) == 1 and len(wanted) == 1)
    totals = {key: 0 for key in wanted}
    for values, name, error in rows:
        if error:
            result.err(error)
            result.exit_code = 1
        if values is None:
            continue
        result.out(line(values, wanted, width, name))
        for key in wanted:
            totals[key] = max(totals[key], values[key]) if key == "L" else totals[key] + values[key]
    if len(operands) > 1:
        result.out(line(totals, wanted, width, "total"))
    return result


def counts(text: str, wanted: list[str]) -> dict[str, int]:
    found = {}
    for key in wanted:
        if key == "l":
            found[key] = text.count("\n")
        elif key == "w":
            found[key] = len(text.split())
        elif key == "m":
            found[key] = len(text)
        elif key == "c":
            found[key] = len(text.encode())
        else:
            found[key] = max((display_width(part) for part in text.split("\n")), default=0)
    return found


def display_width(line: str) -> int:
    """-L: tabs to the next multiple of 8, wide characters two columns, combining marks none."""
    width = 0
    for char in line:
        if char == "\t":
            width += 8 - width % 8
        elif unicodedata.combining(char) or not char.isprintable():
            continue
        else:
            width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def number_width(statuses: list, single: bool) -> int:
    if single or not statuses:
        return 1
    regular = sum(size for size in statuses if isinstance(size, int))
    minimum = 7 if "other" in statuses else 1
    return max(len(str(regular)), minimum)


def line(values: dict[str, int], wanted: list[str], width: int, name: str | None) -> str:
    text = " ".join(f"{values[key]:>{width}}" for key in wanted)
    return text + (f" {name}" if name is not None else "") + "\n"
