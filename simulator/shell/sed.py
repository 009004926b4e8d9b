"""GNU sed's `s` command, on files in place (`-i`) or on its input: what a one-line edit of a
config file needs (week 10 turns on an admission plugin in the master's kube-apiserver.yaml:
`sudo sed -i 's/NodeRestriction$/NodeRestriction,PodSecurityPolicy/' kube-apiserver.yaml`).

The regular expressions are GNU's BRE (or ERE with `-E`/`-r`) run on RE2 like grep's
(`gnu_regex`); in the replacement `&` is the match and `\\1`..`\\9` its groups; flags `g` and a
number. Other sed commands are not simulated, and sed says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import re2

from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.gnu_regex import PatternError, Translator, compile_pattern
from simulator.shell.nano import may_read

TEMP_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"  # mkostemp's XXXXXX

class CapturingTranslator(Translator):
    """grep's translation with `\\(...\\)` (ERE `(...)`) kept as groups, for `\\1` in a replacement."""

    def open_group(self) -> None:
        self.groups_open += 1
        self.group_starts.append(len(self.out))
        self.emit("(", atom=False)

    def anchor_start(self) -> None:
        if self.extended or not self.out or self.out[-1] in ("(?:", "(", "|"):
            self.emit("^", atom=False)
        else:
            self.emit(r"\^", atom=True)


def compile_capturing(pattern: str, extended: bool):
    checked = compile_pattern(pattern, extended=extended)  # GNU's refusals, RE2's bounds
    return re2.compile(CapturingTranslator(pattern, extended).translate(), checked.compiled.options)


@dataclass(frozen=True)
class Substitution:
    pattern: object  # a compiled re2 pattern
    replacement: str  # in re2's syntax
    count: int  # 0: every match (g)
    occurrence: int  # the Nth match only (a number flag), else 1


class SedError(Exception):
    pass


def split_s(script: str) -> tuple[str, str, str]:
    if len(script) < 2 or script[0] != "s":
        raise SedError(f"the simulator's sed runs s/REGEXP/REPLACEMENT/ commands only, not: {script}")
    delimiter, parts, current, index = script[1], [], "", 2
    while index < len(script):
        char = script[index]
        if char == "\\" and index + 1 < len(script):
            following = script[index + 1]
            current += following if following == delimiter else char + following
            index += 2
            continue
        if char == delimiter:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    if len(parts) < 2:
        raise SedError(f"-e expression #1, char {len(script)}: unterminated `s' command")
    return parts[0], parts[1], current if len(parts) == 2 else parts[2]


def replacement_for_re2(text: str) -> str:
    out, index = "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out += f"\\{following}" if following.isdigit() else ("\n" if following == "n" else following.replace("\\", "\\\\"))
            index += 2
            continue
        out += "\\g<0>" if char == "&" else ("\\\\" if char == "\\" else char)
        index += 1
    return out


def parse(script: str, extended: bool) -> list[Substitution]:
    commands = []
    for part in [p.strip() for p in re.split(r";\s*(?=s)", script.strip()) if p.strip()]:
        pattern, replacement, flags = split_s(part)
        if any(flag not in "g0123456789" for flag in flags.strip()):
            raise SedError(f"-e expression #1, char {len(part)}: unknown option to `s'")
        try:
            compiled = compile_capturing(pattern, extended)
        except PatternError as error:
            raise SedError(f"-e expression #1, char {len(part)}: {error}") from None
        number = "".join(c for c in flags if c.isdigit())
        commands.append(Substitution(compiled, replacement_for_re2(replacement), 0 if "g" in flags else 1,
                                     int(number) if number else 1))
    return commands


def edit_line(line: str, commands: list[Substitution]) -> str:
    for command in commands:
        if command.occurrence > 1:
            matches = list(command.pattern.finditer(line))
            if len(matches) >= command.occurrence:
                match = matches[command.occurrence - 1]
                line = line[:match.start()] + match.expand(command.replacement) + line[match.end():]
            continue
        line = command.pattern.sub(command.replacement, line, command.count)
    return line


def edit(text: str, commands: list[Substitution]) -> str:
    lines = text.split("\n")
    return "\n".join(edit_line(line, commands) for line in lines)


@program("sed")
def run_sed(ctx: ExecContext, argv: list[str]) -> ToolResult:
    in_place, extended, scripts, files = False, False, [], []
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-i", "--in-place"):
            in_place = True
        elif arg in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif arg == "-e":
            scripts.append(next(args, ""))
        elif arg.startswith("-") and arg != "-":
            return ToolResult(exit_code=1).err(f"sed: the simulator's sed does not take {arg}\n")
        else:
            files.append(arg)
    if not scripts:
        if not files:
            return ToolResult(exit_code=1).err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
        scripts.append(files.pop(0))
    try:
        commands = parse(";".join(scripts), extended)
    except SedError as error:
        return ToolResult(exit_code=1).err(f"sed: {error}\n")
    if not files:
        if in_place:
            return ToolResult(exit_code=4).err("sed: no input files\n")
        return ToolResult().out(edit(ctx.stdin, commands))
    result = ToolResult()
    for name in files:
        found = mounts.stat(ctx, name) if ctx.vantage.kind == "node" else None
        if found is not None and not may_read(found[1], mounts.user(ctx)):
            result.err(f"sed: can't read {name}: Permission denied\n")
            result.exit_code = 2
            continue
        text = mounts.read_anywhere(ctx, name)
        if text is None:
            result.err(f"sed: can't read {name}: No such file or directory\n")
            result.exit_code = 2
            continue
        if not in_place:
            result.out(edit(text, commands))
            continue
        target = name if ctx.vantage.kind == "remote" else mounts.absolute(ctx, name)
        try:
            mounts.write_text(ctx, target, edit(text, commands))
        except FileSystemError as error:  # sed -i writes a temporary file beside it, then renames it
            letters = ctx.random("sed")
            temporary = "".join(letters.choice(TEMP_LETTERS) for _ in range(6))
            directory = name.rsplit("/", 1)[0] if "/" in name else "."
            result.err(f"sed: couldn't open temporary file {directory}/sed{temporary}: {error}\n")
            result.exit_code = 4
    return result
