"""GNU sed (4.8, Ubuntu 20.04's and Debian's): a script of `-e` expressions or the first operand,
over files or stdin, `-n`, `-E`/`-r`, `-i` (each file edited in place, numbered on its own).

The script is compiled by `sed_script` (GNU's texts and error positions) and run by
`sed_editor` (addresses, ranges, the cycle); the regular expressions are GNU's BRE (or ERE)
on RE2 like grep's (`gnu_regex`), so no pattern can backtrack without end. Week 10 turns on an
admission plugin with it: `sudo sed -i 's/NodeRestriction$/NodeRestriction,PodSecurityPolicy/'
kube-apiserver.yaml`.
"""

from __future__ import annotations

from simulator.filesystem import FileSystemError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell import mounts
from simulator.shell.nano import may_read
from simulator.shell.sed_editor import Editor, SedStopped
from simulator.shell.sed_commands import SedError
from simulator.shell.sed_script import compile_script

TEMP_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"  # mkostemp's XXXXXX
USAGE = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"


class Options:
    def __init__(self) -> None:
        self.in_place = self.extended = self.quiet = self.separate = False
        self.scripts: list[str] = []
        self.files: list[str] = []


def parse_options(argv: list[str]) -> Options:
    """sed's getopt: `-n`, `-e X`/`-eX`/`--expression=X`, `-E`/`-r`, `-i`, `-s`, bundled (`-ne`)."""
    options, args = Options(), iter(argv)
    for arg in args:
        if arg == "--" or not arg.startswith("-") or arg == "-":
            options.files.extend(list(args) if arg == "--" else [arg])
            continue
        if arg.startswith("--"):
            long_option(options, arg)
            continue
        letters = arg[1:]
        for index, letter in enumerate(letters):
            if letter == "e":
                rest = letters[index + 1:]
                value = rest if rest else next(args, None)
                if value is None:
                    raise SedError("option requires an argument -- 'e'\n" + USAGE.rstrip("\n"))
                options.scripts.append(value)
                break
            if letter == "i":
                options.in_place = options.separate = True
                if letters[index + 1:]:
                    raise SedError("the simulator's sed does not keep a backup (-i SUFFIX)")
                break
            flag = {"n": "quiet", "E": "extended", "r": "extended", "s": "separate"}.get(letter)
            if flag is None:
                raise SedError(f"invalid option -- '{letter}'\n" + USAGE.rstrip("\n"))
            setattr(options, flag, True)
    return options


def long_option(options: Options, arg: str) -> None:
    name, _, value = arg.partition("=")
    if name == "--expression" and value:
        options.scripts.append(value)
    elif name in ("--quiet", "--silent"):
        options.quiet = True
    elif name == "--regexp-extended":
        options.extended = True
    elif name == "--in-place":
        options.in_place = options.separate = True
    elif name == "--separate":
        options.separate = True
    else:
        raise SedError(f"unrecognized option '{arg}'\n" + USAGE.rstrip("\n"))


@program("sed")
def run_sed(ctx: ExecContext, argv: list[str]) -> ToolResult:
    try:
        options = parse_options(argv[1:])
        if not options.scripts:
            if not options.files:
                return ToolResult(exit_code=1).err(USAGE)
            options.scripts.append(options.files.pop(0))
        commands = compile_script(options.scripts, options.extended)
    except SedError as error:
        return ToolResult(exit_code=error.status).err(f"sed: {error}\n")
    editor = lambda: Editor(commands, options.quiet)  # noqa: E731 -- a fresh range state per stream
    try:
        if not options.files:
            if options.in_place:
                return ToolResult(exit_code=4).err("sed: no input files\n")
            text, status = editor().run(ctx.stdin)
            return ToolResult(exit_code=status).out(text)
        return run_on_files(ctx, options, editor)
    except SedStopped as error:
        return ToolResult(exit_code=4).err(f"sed: {error}\n")


def run_on_files(ctx: ExecContext, options: Options, editor) -> ToolResult:
    """Each readable file: in place, or (without -s) all of them as one stream, numbered on."""
    result, texts = ToolResult(), []
    for name in options.files:
        text = readable(ctx, name, result)
        if text is None:
            continue
        if options.in_place:
            edited, _ = editor().run(text)
            write_in_place(ctx, name, edited, result)
        elif options.separate:
            edited, status = editor().run(text)
            result.out(edited)
            result.exit_code = result.exit_code or status
        else:
            texts.append(text)
    if texts:  # a file without a last newline gets one when another follows it
        joined = "".join(t if t.endswith("\n") or not t else t + "\n" for t in texts[:-1]) + texts[-1]
        edited, status = editor().run(joined)
        result.out(edited)
        result.exit_code = result.exit_code or status
    return result


def readable(ctx: ExecContext, name: str, result: ToolResult) -> str | None:
    found = mounts.stat(ctx, name) if ctx.vantage.kind == "node" else None
    if found is not None and not may_read(found[1], mounts.user(ctx)):
        result.err(f"sed: can't read {name}: Permission denied\n")
        result.exit_code = 2
        return None
    text = mounts.read_anywhere(ctx, name)
    if text is None:
        result.err(f"sed: can't read {name}: No such file or directory\n")
        result.exit_code = 2
    return text


def write_in_place(ctx: ExecContext, name: str, edited: str, result: ToolResult) -> None:
    target = name if ctx.vantage.kind == "remote" else mounts.absolute(ctx, name)
    try:
        mounts.write_text(ctx, target, edited)
    except FileSystemError as error:  # sed -i writes a temporary file beside it, then renames it
        letters = ctx.random("sed")
        temporary = "".join(letters.choice(TEMP_LETTERS) for _ in range(6))
        directory = name.rsplit("/", 1)[0] if "/" in name else "."
        result.err(f"sed: couldn't open temporary file {directory}/sed{temporary}: {error}\n")
        result.exit_code = 4
