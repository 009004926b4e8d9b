"""grep as GNU grep 3.x prints it (grep.c: prline, prtext, grepfile, grepdirent).

Lines selected by the patterns (`-e` repeated, or the first operand), with `-v`, `-w`, `-x`,
`-i`, BRE/ERE/fixed strings on the linear-time engine of `gnu_regex`; context (`-A/-B/-C`,
`-NUM`) with `--` between groups that do not touch, across files too; `-n`; `name:` for a
selected line and `name-` for a context line when several files are searched (or `-H`, or a
directory is walked with `-r`); `-o` prints each non-empty match (context lines are not
printed, their separators are); `-c`, `-l`, `-L`, `-q`, `-s`, `-m NUM` (trailing context after
the last counted line is still printed). Exit 0 when a line was selected, 1 when none, 2 on
an error (a missing file, a directory without `-r`), except that `-q` with a selected line is 0.

`-r` walks the simulated filesystem in name order (a real grep follows readdir's order) and
skips the symlinks it meets there, as GNU's `-r` does (`-R` follows them); with no operand it
walks `.` and names files without `./`. Bounded: at most MAX_FILES files a run.
"""

from __future__ import annotations

import posixpath

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.gnu_regex import GnuRegex, PatternError, compile_pattern
from simulator.shell.grep_options import GrepUsage, Options, parse

MAX_FILES = 10_000
STDIN_NAME = "(standard input)"


class Run:
    """One grep run's state across its files: the output, what was selected, the last line shown."""

    def __init__(self, options: Options, regex: GnuRegex) -> None:
        self.options = options
        self.regex = regex
        self.result = ToolResult()
        self.selected_any = False
        self.error = False
        self.shown_any = False  # a group separator goes before any later group
        self.files_seen = 0

    def fail(self, message: str) -> None:
        self.error = True
        if not self.options.no_messages:
            self.result.err(f"grep: {message}\n")

    @property
    def done(self) -> bool:
        return self.options.quiet and self.selected_any


@program("grep")
def grep(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        options = parse(argv[1:])
    except GrepUsage as refusal:
        return ToolResult(exit_code=2).err(str(refusal))
    try:
        regex = compile_pattern("\n".join(options.patterns), extended=options.extended and not options.fixed,
                                fixed=options.fixed, ignore_case=options.ignore_case,
                                whole="line" if options.line else "word" if options.word else None)
    except PatternError as error:
        return ToolResult(exit_code=2).err(f"grep: {error}\n")
    run = Run(options, regex)
    if options.max_count == 0:  # GNU reads nothing
        return ToolResult(exit_code=1)
    operands = options.operands or (["."] if options.recursive else ["-"])
    several = len(options.operands) > 1
    for operand in operands:
        if run.done:
            break
        if operand == "-":
            search(run, ctx.stdin, STDIN_NAME, several)
        else:
            search_operand(run, ctx, operand, several, bare_dot=not options.operands)
    result = run.result
    result.exit_code = 0 if run.selected_any and (options.quiet or not run.error) else 2 if run.error else \
        0 if run.selected_any else 1
    return result


def search_operand(run: Run, ctx: ExecContext, path: str, several: bool, bare_dot: bool = False) -> None:
    found = mounts.stat(ctx, path)
    if found is not None and found[1].kind == "d":
        if not run.options.recursive:
            run.fail(f"{path}: Is a directory")
            return
        walk(run, ctx, path, "" if bare_dot else path)
        return
    text = mounts.read_anywhere(ctx, path)
    if text is None:
        run.fail(f"{path}: No such file or directory")
        return
    search(run, text, path, several)


def walk(run: Run, ctx: ExecContext, directory: str, shown: str) -> None:
    """A directory's files, depth first in name order; `shown` is how its path is printed."""
    place = mounts.locate(ctx, directory)
    names = place.tree.children(place.path) if place is not None else []
    for name in names:
        if run.done or run.files_seen >= MAX_FILES:
            return
        path = posixpath.join(directory, name)
        label = posixpath.join(shown, name) if shown else name
        entry = mounts.lstat(ctx, path)
        if entry is None:
            continue
        if entry[1].kind == "l":
            if not run.options.dereference:
                continue
            entry = mounts.stat(ctx, path)
            if entry is None:
                continue
        if entry[1].kind == "d":
            walk(run, ctx, path, label)
            continue
        text = mounts.read_anywhere(ctx, path)
        if text is None:
            run.fail(f"{label}: No such file or directory")
            continue
        search(run, text, label, several=True)


def search(run: Run, text: str, name: str, several: bool) -> None:
    """One file's lines: what grep prints for them, and whether any was selected."""
    options = run.options
    run.files_seen += 1
    named = options.filename_choice == "H" or (options.filename_choice != "h" and several)
    listing = options.files_with or options.files_without
    lines = text.splitlines()
    count, last_shown, after_left = 0, -1, 0
    quiet_lines = options.count or listing or options.quiet
    for index, line in enumerate(lines):
        limit_reached = options.max_count is not None and count >= options.max_count
        selected = not limit_reached and run.regex.search(line) != options.invert
        if selected:
            count += 1
            run.selected_any = True
            if run.done or (options.files_with and not options.count):
                break
            if not quiet_lines:
                first = max(last_shown + 1, index - max(options.before, 0))
                separate(run, first, last_shown)
                for before in range(first, index):
                    show(run, name if named else None, before, lines[before], "-")
                show(run, name if named else None, index, line, ":")
                last_shown, after_left = index, max(options.after, 0)
        elif after_left and not quiet_lines:
            show(run, name if named else None, index, line, "-")
            last_shown, after_left = index, after_left - 1
        elif limit_reached:
            break
    if options.count:
        run.result.out(f"{name}:{count}\n" if named else f"{count}\n")
    if options.files_with and count and not options.quiet:
        run.result.out(f"{name}\n")
    if options.files_without and not count and not options.quiet:
        run.result.out(f"{name}\n")


def separate(run: Run, first: int, last_shown: int) -> None:
    """`--` before a context group that does not follow the last one shown (in this or an earlier file)."""
    options = run.options
    if options.context and options.group_separator is not None and run.shown_any \
            and (last_shown < 0 or first > last_shown + 1):
        run.result.out(options.group_separator + "\n")
    run.shown_any = True


def show(run: Run, name: str | None, index: int, line: str, mark: str) -> None:
    options = run.options
    prefix = (f"{name}{mark}" if name is not None else "") + (f"{index + 1}{mark}" if options.line_number else "")
    if not options.only_matching:
        run.result.out(f"{prefix}{line}\n")
    elif mark == ":" and not options.invert:
        run.result.out("".join(f"{prefix}{match}\n" for match in run.regex.matches(line)))
