"""The command line and the inputs of the coreutils text tools (head, tail, wc, sort, uniq, tr).

`getopt` reads a command line as glibc's getopt_long does for them: clustered short options,
an option's argument attached or next, long options with `=` or the next word and any
unambiguous prefix, options after operands (GNU permutes), `--` ending options. Refusals are
coreutils' words with `Try 'TOOL --help' for more information.`. Quotes are those of a UTF-8
locale (Ubuntu's C.UTF-8 and en_US.UTF-8): `quote()` puts ‘x’, a file name in a
`cannot open` message stays 'x' (quotef).

`read_input` gives an operand's text (stdin for `-`) or coreutils' own failure for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext
from simulator.shell import mounts


class Usage(Exception):
    """The tool refuses its command line: the message is its stderr, the status its exit code."""

    def __init__(self, text: str, status: int = 1) -> None:
        super().__init__(text)
        self.status = status


@dataclass
class Parsed:
    options: list[tuple[str, str | None]] = field(default_factory=list)  # in the order given
    operands: list[str] = field(default_factory=list)

    def has(self, *keys: str) -> bool:
        return any(key in keys for key, _ in self.options)

    def last(self, *keys: str) -> str | None:
        values = [value for key, value in self.options if key in keys]
        return values[-1] if values else None


def quote(text: str) -> str:
    return f"\u2018{text}\u2019"


def try_help(tool: str) -> str:
    return f"Try '{tool} --help' for more information.\n"


def getopt(tool: str, args: list[str], flags: str, with_argument: str = "",
           long_options: dict[str, tuple[str, bool]] | None = None, digits: bool = False, status: int = 1) -> Parsed:
    """`flags` and `with_argument` are short option letters; `long_options` maps a long name to
    (its key, takes an argument). With `digits`, `-5` is the key "#" with value "5" (head -5).
    `status` is the tool's exit status for a refused command line (sort's is 2)."""
    try:
        return _getopt(tool, args, flags, with_argument, long_options or {}, digits)
    except Usage as refusal:
        raise Usage(str(refusal), status) from None


def _getopt(tool: str, args: list[str], flags: str, with_argument: str, long_options: dict[str, tuple[str, bool]],
            digits: bool) -> Parsed:
    parsed, index = Parsed(), 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            parsed.operands.extend(args[index:])
            break
        if arg.startswith("--"):
            index = _long(tool, parsed, arg[2:], args, index, long_options)
            continue
        if not arg.startswith("-") or arg == "-":
            parsed.operands.append(arg)
            continue
        if digits and arg[1:2].isdigit():
            parsed.options.append(("#", arg[1:]))
            continue
        position = 1
        while position < len(arg):
            letter = arg[position]
            position += 1
            if letter in with_argument:
                value = arg[position:]
                if not value:
                    if index >= len(args):
                        raise Usage(f"{tool}: option requires an argument -- '{letter}'\n" + try_help(tool))
                    value, index = args[index], index + 1
                parsed.options.append((letter, value))
                break
            if letter not in flags:
                raise Usage(f"{tool}: invalid option -- '{letter}'\n" + try_help(tool))
            parsed.options.append((letter, None))
    return parsed


def _long(tool: str, parsed: Parsed, text: str, args: list[str], index: int,
          long_options: dict[str, tuple[str, bool]]) -> int:
    name, equals, value = text.partition("=")
    candidates = [name] if name in long_options else [key for key in long_options if key.startswith(name)]
    if not candidates:
        raise Usage(f"{tool}: unrecognized option '--{text}'\n" + try_help(tool))
    if len({long_options[key] for key in candidates}) > 1:
        raise Usage(f"{tool}: option '--{name}' is ambiguous; possibilities:"
                    + "".join(f" '--{key}'" for key in candidates) + "\n" + try_help(tool))
    key, takes = long_options[candidates[0]]
    if not takes and equals:
        raise Usage(f"{tool}: option '--{candidates[0]}' doesn't allow an argument\n" + try_help(tool))
    if takes and not equals:
        if index >= len(args):
            raise Usage(f"{tool}: option '--{candidates[0]}' requires an argument\n" + try_help(tool))
        value, index = args[index], index + 1
    parsed.options.append((key, value if takes else None))
    return index


class InputError(Exception):
    """An operand that cannot be read: `kind` is "missing" or "directory"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_input(ctx: ExecContext, operand: str, stdin_used: list[bool] | None = None) -> str:
    """An operand's text; `-` is standard input (read once: a second `-` finds it at its end)."""
    if operand == "-":
        if stdin_used is not None:
            if stdin_used and stdin_used[0]:
                return ""
            stdin_used[:] = [True]
        return ctx.stdin
    found = mounts.stat(ctx, operand)
    if found is not None and found[1].kind == "d":
        raise InputError("directory")
    text = mounts.read_anywhere(ctx, operand)
    if text is None:
        raise InputError("missing")
    return text


def write_refusal(ctx: ExecContext, path: str, text: str) -> str | None:
    """Write a tool's output file (`sort -o`, uniq's second operand); errno's text if it cannot be."""
    try:
        mounts.write_text(ctx, path, text)
    except FileSystemError as error:
        return str(error)
    return None


SUFFIXES = {"": 1, "b": 512, "kB": 1000, "K": 1024, "KiB": 1024, "MB": 1000 ** 2, "M": 1024 ** 2, "MiB": 1024 ** 2,
            "GB": 1000 ** 3, "G": 1024 ** 3, "GiB": 1024 ** 3, "T": 1024 ** 4, "TB": 1000 ** 4}


def count_with_suffix(text: str) -> int | None:
    """xstrtoumax's NUM[SUFFIX] as head and tail read it (`1K` is 1024, `2kB` 2000); None if not one."""
    end = 0
    while end < len(text) and text[end].isdigit():
        end += 1
    if end == 0 or text[end:] not in SUFFIXES:
        return None
    return int(text[:end]) * SUFFIXES[text[end:]]
