"""pflag-style parsing: flags anywhere, `--flag=value`, `-oyaml`, `-it`, and `--` ending flags."""

from __future__ import annotations

from dataclasses import dataclass, field


class FlagError(Exception):
    """kubectl's own text, e.g. `error: unknown flag: --foo`."""


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    takes_value: bool = True
    repeatable: bool = False
    default: object = None


@dataclass
class ParsedArgs:
    positional: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)  # after `--`
    dash_dash: bool = False

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.values


GLOBAL_FLAGS = (
    Flag("namespace", "n"),
    Flag("kubeconfig"),
    Flag("context"),
    Flag("v", "v"),
    Flag("request-timeout"),
)


ROOT_BOOL_FLAGS = frozenset({"-h", "--help", "--insecure-skip-tls-verify", "--match-server-version",
                             "--warnings-as-errors"})


def split_global_flags(args: list[str], bool_flags: frozenset[str] = ROOT_BOOL_FLAGS
                       ) -> tuple[list[str], str | None, list[str]]:
    """cobra's `stripFlags` before `Find`: the flags before the (sub)command, the command, the rest.

    As cobra does, any `--flag` or two-letter `-f` without `=` that is not a known boolean
    (`bool_flags`) swallows the next word, and when at most one word follows it nothing is
    taken as the command (`kubectl -n kube-system` prints the help); longer short groups
    (`-it`) and `--flag=value` stand alone. The flags are kept for the command's own parser,
    which reads them wherever they stood and names the unknown ones."""
    leading: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "--":
            return leading, None, args[index:]
        if word and not word.startswith("-"):
            return leading, word, args[index:]
        leading.append(word)
        takes_next = (word.startswith("--") or len(word) == 2) and "=" not in word and word not in bool_flags
        if takes_next and word != "-":
            if len(args) - index <= 1:
                return leading + args[index:], None, []
            leading.append(args[index])
            index += 1
    return leading, None, []


def unknown_subcommand(command_path: str, words: list[str]) -> str:
    """`DefaultSubCommandRun` -> `RequireNoArguments`: every argument left over is named, and the
    command's help is pointed at (`UsageErrorf`)."""
    value_flags = {f"--{f.name}" for f in GLOBAL_FLAGS} | {f"-{f.short}" for f in GLOBAL_FLAGS if f.short}
    named, skip = [], False
    for word in words:  # the global flags' values were pflag's, not arguments (`-n team`)
        if not skip and not word.startswith("-"):
            named.append(word)
        skip = not skip and word in value_flags
    named = " ".join(named)
    return f'error: unknown command "{named}"\nSee \'kubectl {command_path} -h\' for help and examples\n'


def parse_flags(args: list[str], flags: tuple[Flag, ...], command: str) -> ParsedArgs:
    by_name = {f.name: f for f in (*GLOBAL_FLAGS, *flags)}
    by_short = {f.short: f for f in (*GLOBAL_FLAGS, *flags) if f.short}
    parsed = ParsedArgs()
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            parsed.dash_dash = True
            parsed.command = args[index:]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            flag = by_name.get(name)
            if flag is None:
                raise FlagError(f"error: unknown flag: --{name}\nSee 'kubectl {command} --help' for usage.")
            if flag.takes_value and not eq:
                if index >= len(args):
                    raise FlagError(f"error: flag needs an argument: --{name}\nSee 'kubectl {command} --help' for usage.")
                value, index = args[index], index + 1
            _store(parsed, flag, value if flag.takes_value or eq else True)
        elif arg.startswith("-") and len(arg) > 1 and not _is_number(arg):
            index = _parse_shorts(arg, args, index, by_short, parsed, command)
        else:
            parsed.positional.append(arg)
    return parsed


def _parse_shorts(arg, args, index, by_short, parsed, command) -> int:
    letters = arg[1:]
    position = 0
    while position < len(letters):
        letter = letters[position]
        flag = by_short.get(letter)
        if flag is None:
            raise FlagError(f"error: unknown shorthand flag: '{letter}' in {arg}\nSee 'kubectl {command} --help' for usage.")
        if not flag.takes_value:
            rest = letters[position + 1:]
            if rest.startswith("="):
                _store(parsed, flag, rest[1:])
                return index
            _store(parsed, flag, True)
            position += 1
            continue
        value = letters[position + 1:]
        if value.startswith("="):
            value = value[1:]
        if not value:
            if index >= len(args):
                raise FlagError(f"error: flag needs an argument: '{letter}' in -{letter}\nSee 'kubectl {command} --help' for usage.")
            value, index = args[index], index + 1
        _store(parsed, flag, value)
        return index
    return index


def _store(parsed: ParsedArgs, flag: Flag, value) -> None:
    if flag.repeatable:
        parsed.values.setdefault(flag.name, []).extend(str(value).split(",") if flag.name != "filename" else [value])
    else:
        parsed.values[flag.name] = value


def _is_number(arg: str) -> bool:
    return arg[1:].isdigit()


def as_bool(value, flag: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("true", "1", "t"):
        return True
    if text in ("false", "0", "f"):
        return False
    raise FlagError(f'error: invalid argument "{value}" for "--{flag}" flag: strconv.ParseBool: parsing "{value}": invalid syntax')


def as_int(value, flag: str, command: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise FlagError(f'error: invalid argument "{value}" for "--{flag}" flag: strconv.ParseInt: parsing "{value}": invalid syntax\n'
                        f"See 'kubectl {command} --help' for usage.") from None
