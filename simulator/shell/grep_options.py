"""grep's command line as GNU grep 3.x's getopt_long reads it (grep.c's short_options and
long_options): clustered short options (`-inA2`), an option's argument attached or next,
`-NUM` as `-C NUM`, long options with `=` or the next word and any unambiguous prefix
(`--cont=2`), options after the operands (GNU permutes them) and `--` to end them.

A refusal is grep's own text and status 2: `grep: invalid option -- 'Q'`, `grep: unrecognized
option '--bogus'`, `grep: option requires an argument -- 'A'`, each followed by the two usage
lines. GNU options the simulator does not model (`-P`, `-b`, `-z`...) are refused saying so,
never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
# grep.c's short_options, "0123456789A:B:C:D:EFGHIPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz"
WITH_ARGUMENT = set("ABCDXdefm")
GNU_SHORT = set("0123456789EFGHIPTUVabchiLlnoqRrsuvwxyZz") | WITH_ARGUMENT
SIMULATED_FLAGS = {  # short option -> the Options field it sets to True
    "E": "extended", "G": "basic", "F": "fixed", "i": "ignore_case", "y": "ignore_case",
    "v": "invert", "c": "count", "n": "line_number", "o": "only_matching", "w": "word", "x": "line",
    "l": "files_with", "L": "files_without", "q": "quiet", "s": "no_messages", "H": "with_filename",
    "h": "no_filename", "r": "recursive", "R": "dereference", "a": "text", "I": "skip_binary", "U": "binary",
}
LONG = {  # long option -> (short equivalent or own key, takes an argument: "yes", "no", "optional")
    "after-context": ("A", "yes"), "before-context": ("B", "yes"), "context": ("C", "yes"),
    "regexp": ("e", "yes"), "max-count": ("m", "yes"), "file": ("f", "yes"),
    "extended-regexp": ("E", "no"), "basic-regexp": ("G", "no"), "fixed-strings": ("F", "no"),
    "ignore-case": ("i", "no"), "no-ignore-case": ("no-ignore-case", "no"), "invert-match": ("v", "no"),
    "count": ("c", "no"), "line-number": ("n", "no"), "only-matching": ("o", "no"),
    "word-regexp": ("w", "no"), "line-regexp": ("x", "no"), "files-with-matches": ("l", "no"),
    "files-without-match": ("L", "no"), "quiet": ("q", "no"), "silent": ("q", "no"),
    "no-messages": ("s", "no"), "with-filename": ("H", "no"), "no-filename": ("h", "no"),
    "recursive": ("r", "no"), "dereference-recursive": ("R", "no"), "text": ("a", "no"),
    "color": ("color", "optional"), "colour": ("color", "optional"), "perl-regexp": ("P", "no"),
    "byte-offset": ("b", "no"), "null": ("Z", "no"), "null-data": ("z", "no"), "initial-tab": ("T", "no"),
    "include": ("include", "yes"), "exclude": ("exclude", "yes"), "exclude-dir": ("exclude-dir", "yes"),
    "label": ("label", "yes"), "line-buffered": ("line-buffered", "no"), "binary-files": ("binary-files", "yes"),
    "devices": ("D", "yes"), "directories": ("d", "yes"), "help": ("help", "no"), "version": ("V", "no"),
    "group-separator": ("group-separator", "yes"), "no-group-separator": ("no-group-separator", "no"),
}
ACCEPTED_IGNORED = {"line-buffered", "U"}  # change nothing a simulated terminal shows
COLORS = ("never", "always", "auto", "yes", "force", "no", "none", "tty", "if-tty")


class GrepUsage(Exception):
    """grep refuses its command line; the message is the whole stderr text."""


@dataclass
class Options:
    patterns: list[str] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)
    extended: bool = False
    basic: bool = False
    fixed: bool = False
    ignore_case: bool = False
    invert: bool = False
    count: bool = False
    line_number: bool = False
    only_matching: bool = False
    word: bool = False
    line: bool = False
    files_with: bool = False
    files_without: bool = False
    quiet: bool = False
    no_messages: bool = False
    with_filename: bool = False
    no_filename: bool = False
    recursive: bool = False
    dereference: bool = False
    text: bool = False
    skip_binary: bool = False
    binary: bool = False
    after: int = -1  # -1: not given; an explicit 0 still separates groups with `--` (grep.c's prtext)
    before: int = -1
    max_count: int | None = None
    group_separator: str | None = "--"
    filename_choice: str = ""  # "H" or "h", whichever came last (GNU: the last one wins)

    @property
    def context(self) -> bool:
        return self.after >= 0 or self.before >= 0


def parse(args: list[str]) -> Options:
    options, words, index, pattern_given = Options(), [], 0, False
    context_digits = ""
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            words.extend(args[index:])
            break
        if arg.startswith("--"):
            index = _long(options, arg[2:], args, index)
            pattern_given |= arg.startswith("--regexp") or arg.startswith("--file")
            continue
        if not arg.startswith("-") or arg == "-":
            words.append(arg)
            continue
        position = 1
        while position < len(arg):
            letter = arg[position]
            position += 1
            if letter not in GNU_SHORT:
                raise GrepUsage(f"grep: invalid option -- '{letter}'\n" + USAGE)
            if letter.isdigit():  # -NUM is -C NUM; digits of one word make one number
                context_digits = (context_digits if position > 2 and arg[position - 2].isdigit() else "") + letter
                options.after = options.before = _context(context_digits)
                continue
            if letter in WITH_ARGUMENT:
                value = arg[position:]
                if not value:
                    if index >= len(args):
                        raise GrepUsage(f"grep: option requires an argument -- '{letter}'\n" + USAGE)
                    value, index = args[index], index + 1
                _apply(options, letter, value)
                pattern_given |= letter in "ef"
                break
            _apply(options, letter, None)
    if not pattern_given:
        if not words:
            raise GrepUsage(USAGE)
        options.patterns.append(words.pop(0))
    options.operands = words
    return options


def _long(options: Options, text: str, args: list[str], index: int) -> int:
    name, equals, value = text.partition("=")
    candidates = [key for key in LONG if key.startswith(name)]
    if name in LONG:
        candidates = [name]
    if not candidates:
        raise GrepUsage(f"grep: unrecognized option '--{name}{equals}{value}'\n" + USAGE)
    if len({LONG[key] for key in candidates}) > 1:
        raise GrepUsage(f"grep: option '--{name}' is ambiguous; possibilities:"
                        + "".join(f" '--{key}'" for key in candidates) + "\n" + USAGE)
    key, takes = LONG[candidates[0]]
    if takes == "no" and equals:
        raise GrepUsage(f"grep: option '--{candidates[0]}' doesn't allow an argument\n" + USAGE)
    if takes == "yes" and not equals:
        if index >= len(args):
            raise GrepUsage(f"grep: option '--{candidates[0]}' requires an argument\n" + USAGE)
        value, index = args[index], index + 1
    _apply(options, key, value if (equals or takes == "yes") else None)
    return index


def _apply(options: Options, key: str, value: str | None) -> None:
    if key in SIMULATED_FLAGS:
        setattr(options, SIMULATED_FLAGS[key], True)
        if key in "Hh":
            options.filename_choice = key
        if key == "R":
            options.recursive = True
    elif key in ("A", "B", "C"):
        count = _context(value or "")
        if key in "AC":
            options.after = count
        if key in "BC":
            options.before = count
    elif key == "e":
        options.patterns.append(value or "")
    elif key == "m":
        options.max_count = _max_count(value or "")
    elif key == "no-ignore-case":
        options.ignore_case = False
    elif key == "color":
        if value in ("always", "yes", "force"):
            raise GrepUsage(f"grep: --color={value}: colours are not simulated here (auto and never print plain text)\n")
        if value is not None and value not in COLORS:
            raise GrepUsage(USAGE)  # grep.c sets show_help (3.8 then prints its whole --help)
    elif key == "group-separator":
        options.group_separator = value
    elif key == "no-group-separator":
        options.group_separator = None
    elif key not in ACCEPTED_IGNORED:
        shown = f"-{key}" if len(key) == 1 else f"--{key}"
        raise GrepUsage(f"grep: {shown}: this option is not simulated here\n")


def _context(text: str) -> int:
    if not text.isdigit():
        raise GrepUsage(f"grep: {text}: invalid context length argument\n")
    return min(int(text), 10 ** 9)


def _max_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise GrepUsage("grep: invalid max count\n") from None
    return count if count >= 0 else None  # grep 3.x: a negative count is no limit
