"""xargs as GNU findutils runs it (xargs.c): the words read from standard input appended to a
command (echo by default), which runs as a program of this machine, recorded as any program.

Input: words parted by blanks and newlines, with xargs' own quotes and backslashes (an
unmatched quote is its error, status 1), or `-d X`/`-0` items. `-n N` words a run, `-L N`
lines a run, `-I R` one line a run with R replaced in each word, `-r` no run for empty input
(GNU otherwise runs once), `-t` each command on stderr first. Status 123 when a run failed
with 1-125, 124 for 255, 127 when the command is not here, as xargs.c exits.
Bounded: at most MAX_RUNS runs; the input is the pipe's, itself bounded.
"""

from __future__ import annotations

import shlex

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.dispatch import machine_has
from simulator.shell.tool_args import Usage, getopt, quote, try_help

LONG = {"max-args": ("n", True), "max-lines": ("L", True), "replace": ("I", True), "no-run-if-empty": ("r", False),
        "verbose": ("t", False), "null": ("0", False), "delimiter": ("d", True), "max-procs": ("P", True),
        "arg-file": ("a", True), "interactive": ("p", False), "exit": ("x", False)}
MAX_RUNS = 1000


class InputQuote(Exception):
    pass


@program("xargs")
def xargs(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        parsed = getopt("xargs", _options_only(argv[1:]), "rt0xp", "nLIdPa", LONG)
        command = argv[1 + len(_options_only(argv[1:])):] or ["echo"]
        if parsed.has("a", "p"):
            raise Usage(f"xargs: -{'a' if parsed.has('a') else 'p'} is not simulated here\n")
        per_run = _positive(parsed.last("n"), "-n") if parsed.has("n") else None
        lines_per_run = _positive(parsed.last("L"), "-L") if parsed.has("L") else None
        replace = parsed.last("I")
        items = read_items(ctx.stdin, parsed)
    except Usage as refusal:
        return ToolResult(exit_code=refusal.status).err(str(refusal))
    except InputQuote as problem:
        return ToolResult(exit_code=1).err(f"xargs: unmatched {problem} quote; by default quotes are special to "
                                           "xargs unless you use the -0 option\n")
    runs = plan(command, items, per_run, lines_per_run, replace)
    if not runs and not parsed.has("r") and replace is None:
        runs = [list(command)]
    result, status = ToolResult(), 0
    for words in runs[:MAX_RUNS]:
        if parsed.has("t"):
            result.err(" ".join(words) + "\n")
        if ctx.shell is None or not machine_has(ctx.shell, words[0].rsplit("/", 1)[-1]):
            result.err(f"xargs: {words[0]}: No such file or directory\n")
            result.exit_code = 127
            return result
        ran = ctx.shell.run_argv(words, stdin="", tty=False)
        result.absorb(ran)
        if ran.exit_code == 255:
            result.err(f"xargs: {words[0]}: exited with status 255; aborting\n")
            result.exit_code = 124
            return result
        if 0 < ran.exit_code < 126:
            status = 123
    if len(runs) > MAX_RUNS:
        result.err(f"xargs: stopped after {MAX_RUNS} runs (the simulator's limit)\n")
    result.exit_code = status
    return result


def _options_only(args: list[str]) -> list[str]:
    """xargs' options end at its first non-option word: the command and its own options follow."""
    taken, index = [], 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-") or arg == "-":
            break
        taken.append(arg)
        index += 1
        if arg == "--":
            break
        needs_value = (len(arg) == 2 and arg[1] in "nLIdPa") or arg[2:] in ("max-args", "max-lines", "replace",
                                                                            "delimiter", "max-procs", "arg-file")
        if needs_value and index < len(args):
            taken.append(args[index])
            index += 1
    return taken


def _positive(text: str | None, flag: str) -> int:
    if text is None or not text.isdigit() or int(text) < 1:
        raise Usage(f"xargs: value {text} for {flag} option should be >= 1\n" + try_help("xargs"))
    return int(text)


def read_items(text: str, parsed) -> list[list[str]]:
    """The input's items, grouped by input line (for -L and -I)."""
    if parsed.has("0") or parsed.has("d"):
        delimiter = "\0" if parsed.has("0") else _delimiter(parsed.last("d"))
        parts = text.split(delimiter)
        if parts and parts[-1] in ("", "\n"):
            parts = parts[:-1]
        return [[part] for part in parts]
    if parsed.has("I"):
        return [[line.lstrip(" \t")] for line in text.splitlines() if line.strip(" \t")]
    lines = []
    for line in text.splitlines():
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            raise InputQuote("double" if line.count('"') % 2 else "single") from None
        if words:
            lines.append(words)
    return lines


def _delimiter(text: str | None) -> str:
    escapes = {"\\n": "\n", "\\t": "\t", "\\0": "\0", "\\\\": "\\"}
    if text in escapes:
        return escapes[text]
    if text is None or len(text) != 1:
        raise Usage(f"xargs: invalid input delimiter specification {quote(text or '')}: the delimiter must be "
                    "either a single character or an escape sequence starting with \\.\n")
    return text


def plan(command: list[str], lines: list[list[str]], per_run: int | None, lines_per_run: int | None,
         replace: str | None) -> list[list[str]]:
    if replace is not None:
        return [[word.replace(replace, line[0]) for word in command] for line in lines]
    if lines_per_run is not None:
        return [command + [w for line in lines[i:i + lines_per_run] for w in line]
                for i in range(0, len(lines), lines_per_run)]
    words = [word for line in lines for word in line]
    if not words:
        return []
    step = per_run or len(words)
    return [command + words[i:i + step] for i in range(0, len(words), step)][:MAX_RUNS + 1]
