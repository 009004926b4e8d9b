"""The text filters students pipe into: grep, head, tail, wc, sort.

They read stdin (grep also reads files named after its pattern) and write what GNU
coreutils and grep write for the options students use; other options are ignored
words, as noted per filter.
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.gnu_regex import PatternError, compile_pattern
from simulator.shell.machine_files import read_file


@program("grep")
def grep(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """-i, -v, -c, -E and -F (also combined, as `-iE`); BRE by default, as GNU grep. The
    pattern runs on a linear-time engine (`gnu_regex`): no pattern can take exponential time."""
    args = argv[1:]
    options = [a for a in args if a.startswith("-") and len(a) > 1]
    flags = {f"-{letter}" for option in options if not option.startswith("--") for letter in option[1:]}
    words = [a for a in args if not (a.startswith("-") and len(a) > 1)]
    if not words:
        return ToolResult(exit_code=2).err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
    pattern, paths = words[0], words[1:]
    try:
        regex = compile_pattern(pattern, extended="-E" in flags, fixed="-F" in flags, ignore_case="-i" in flags)
    except PatternError as error:
        return ToolResult(exit_code=2).err(f"grep: {error}\n")
    text = ctx.stdin if not paths else "".join(read_file(ctx, p) or "" for p in paths)
    invert = "-v" in flags
    lines = [line for line in text.splitlines(keepends=True) if regex.search(line.rstrip("\n")) != invert]
    if "-c" in flags:
        return ToolResult(exit_code=0 if lines else 1).out(f"{len(lines)}\n")
    return ToolResult(exit_code=0 if lines else 1).out("".join(lines))


def _count_arg(args: list[str], default: int = 10) -> int:
    for index, arg in enumerate(args):
        if arg == "-n" and index + 1 < len(args) and args[index + 1].lstrip("-").isdigit():
            return int(args[index + 1].lstrip("-"))
        if arg.startswith("-") and arg[1:].isdigit():
            return int(arg[1:])
    return default


@program("head")
def head(ctx: ExecContext, argv: list[str]) -> ToolResult:
    lines = ctx.stdin.splitlines(keepends=True)
    return ToolResult().out("".join(lines[:_count_arg(argv[1:])]))


@program("tail")
def tail(ctx: ExecContext, argv: list[str]) -> ToolResult:
    lines = ctx.stdin.splitlines(keepends=True)
    count = _count_arg(argv[1:])
    return ToolResult().out("".join(lines[-count:] if count else []))


@program("wc")
def wc(ctx: ExecContext, argv: list[str]) -> ToolResult:
    text = ctx.stdin
    if "-l" in argv[1:]:
        return ToolResult().out(f"{text.count(chr(10))}\n")
    return ToolResult().out(f"{text.count(chr(10)):7d} {len(text.split()):7d} {len(text.encode()):7d}\n")


@program("sort")
def sort(ctx: ExecContext, argv: list[str]) -> ToolResult:
    lines = sorted(ctx.stdin.splitlines(), reverse="-r" in argv[1:])
    return ToolResult().out("".join(line + "\n" for line in lines))
