"""The text filters students pipe into: cut (sort and uniq are `simulator.shell.sort_uniq`, wc `simulator.shell.wc`, grep `simulator.shell.grep`, head and tail `simulator.shell.head_tail`).

They read stdin and write what GNU
coreutils and grep write for the options students use; other options are ignored
words, as noted per filter.
"""

from __future__ import annotations

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.mounts import read_anywhere as read_file


@program("cut")
def cut(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`-d X -f LIST` (fields, lines without the delimiter kept whole) and `-c LIST`; LIST as `1`, `1,3`, `2-`, `-2`."""
    args, delimiter, fields, chars, paths = argv[1:], "\t", None, None, []
    index = 0
    while index < len(args):
        arg = args[index]
        for flag in ("-d", "-f", "-c"):
            if arg.startswith(flag):
                value = arg[2:] or (args[index + 1] if index + 1 < len(args) else "")
                index += 0 if arg[2:] else 1
                if flag == "-d":
                    delimiter = value
                elif flag == "-f":
                    fields = value
                else:
                    chars = value
                break
        else:
            paths.append(arg)
        index += 1
    chosen = fields if fields is not None else chars
    if chosen is None:
        return ToolResult(exit_code=1).err("cut: you must specify a list of bytes, characters, or fields\n"
                                           "Try 'cut --help' for more information.\n")
    if len(delimiter) != 1:
        return ToolResult(exit_code=1).err("cut: the delimiter must be a single character\n"
                                           "Try 'cut --help' for more information.\n")
    if any(part.partition("-")[0] == "0" or part == "0" for part in chosen.split(",")):
        return ToolResult(exit_code=1).err("cut: fields and positions are numbered from 1\n"  # coreutils 8.30
                                           "Try 'cut --help' for more information.\n")
    wanted = _positions(chosen)
    if wanted is None:
        return ToolResult(exit_code=1).err(f"cut: invalid field value '{chosen}'\n"
                                           "Try 'cut --help' for more information.\n")
    text = ctx.stdin if not paths else "".join(read_file(ctx, p) or "" for p in paths)
    out = []
    for line in text.splitlines():
        if fields is not None:
            if delimiter not in line:
                out.append(line)
                continue
            parts = line.split(delimiter)
            out.append(delimiter.join(p for n, p in enumerate(parts, 1) if wanted(n)))
        else:
            out.append("".join(c for n, c in enumerate(line, 1) if wanted(n)))
    return ToolResult().out("".join(f"{line}\n" for line in out))


def _positions(text: str):
    ranges = []
    for part in text.split(","):
        low, dash, high = part.partition("-")
        if not (low or high) or not all(x.isdigit() for x in (low, high) if x):
            return None
        start = int(low) if low else 1
        end = (int(high) if high else 10 ** 9) if dash else start
        if start < 1:
            return None
        ranges.append((start, end))
    return lambda n: any(a <= n <= b for a, b in ranges)

