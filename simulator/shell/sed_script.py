"""A sed script compiled as GNU sed 4.8's sed/compile.c compiles it (`compile_program`).

The reader keeps compile.c's position (`prog.cur - prog.base`), so an error reads as GNU's
does: `-e expression #1, char 3: unknown command: `k'`, with its texts (`unterminated `s'
command`, `unexpected `,'`, `extra characters after command`, `unmatched `{'`...).

Compiled: addresses (`N`, `$`, `/re/` and `\\cREc` with `I`, `first~step`, and as the second
address `+N`, `~N`), `!`, `{ }`, and the commands `s y p P d q Q = a i c n N g G h H x b t T :`.
The GNU commands that reach outside the stream (`r R w W e F z l L v D`) are refused saying
the simulator does not run them, never taken as another command.
"""

from __future__ import annotations

from simulator.shell.gnu_regex import PatternError
from simulator.shell.sed_commands import Address, Command, SedError, parse_replacement, unescape_y
from simulator.shell.sed_regex import compile_capturing

ONE_WORD = set("=dDgGhHnNpPxz")  # commands that take nothing after them
NOT_SIMULATED = set("rRwWeFzlLvD")


class Reader:
    """compile.c's `prog`: a cursor over one -e expression and the error positions it gives."""

    def __init__(self, text: str, number: int) -> None:
        self.text, self.cur, self.number = text, 0, number

    def inchar(self) -> str:
        if self.cur < len(self.text):
            self.cur += 1
            return self.text[self.cur - 1]
        return ""  # EOF

    def savchar(self, char: str) -> None:
        if char:
            self.cur -= 1

    def nonblank(self) -> str:
        char = self.inchar()
        while char in (" ", "\t"):
            char = self.inchar()
        return char

    def integer(self, char: str) -> int:
        number = 0
        while char.isdigit() and char.isascii():
            number = number * 10 + int(char)
            char = self.inchar()
        self.savchar(char)
        return number

    def fail(self, why: str) -> SedError:
        return SedError(f"-e expression #{self.number}, char {self.cur}: {why}")


class Compiler:
    def __init__(self, extended: bool) -> None:
        self.extended = extended
        self.commands: list[Command] = []
        self.blocks: list[tuple[int, Reader]] = []
        self.labels: dict[str, int] = {}
        self.last_regex = None

    def compile(self, expression: str, number: int) -> None:
        reader = Reader(expression, number)
        while True:
            char = reader.inchar()
            while char == ";" or char.isspace() and char:
                char = reader.inchar()
            if not char:
                return
            self.command(reader, char)

    def finish(self) -> list[Command]:
        if self.blocks:
            raise SedError(f"-e expression #{self.blocks[-1][1].number}, char 0: unmatched `{{'")
        for command in self.commands:
            if command.name in "btT":
                if command.text and command.text not in self.labels:
                    raise SedError(f"can't find label for jump to `{command.text}'", status=4)
                command.jump = self.labels.get(command.text, len(self.commands))
        return self.commands

    def command(self, reader: Reader, char: str) -> None:
        command = Command("")
        address = self.address(reader, char)
        if address is not None:
            if address.kind in ("plus", "tilde"):
                raise reader.fail("invalid usage of +N or ~N as first address")
            command.a1 = address
            char = reader.nonblank()
            if char == ",":
                command.a2 = self.address(reader, reader.nonblank())
                if command.a2 is None:
                    raise reader.fail("unexpected `,'")
                char = reader.nonblank()
            if address.kind == "num" and address.number == 0 and (command.a2 is None or command.a2.kind != "regex"):
                raise reader.fail("invalid usage of line address 0")
        if char == "!":
            command.negate = True
            char = reader.nonblank()
            if char == "!":
                raise reader.fail("multiple `!'s")
        command.name = char
        self.body(reader, command, char)

    def body(self, reader: Reader, command: Command, char: str) -> None:
        if char == "#":
            if command.a1 is not None:
                raise reader.fail("comments don't accept any addresses")
            while char not in ("", "\n"):
                char = reader.inchar()
            return
        if char == "{":
            self.blocks.append((len(self.commands), reader))
        elif char == "}":
            if not self.blocks:
                raise reader.fail("unexpected `}'")
            if command.a1 is not None:
                raise reader.fail("`}' doesn't want any addresses")
            self.end_of_command(reader)
            self.commands[self.blocks.pop()[0]].jump = len(self.commands)
        elif char in "aic":
            command.text = self.text(reader)
        elif char == ":":
            if command.a1 is not None:
                raise reader.fail(": doesn't want any addresses")
            label = self.label(reader)
            if not label:
                raise reader.fail("\":\" lacks a label")
            self.labels[label] = len(self.commands)
            return
        elif char in "btT":
            command.text = self.label(reader)
        elif char in "qQ":
            if command.a2 is not None:
                raise reader.fail("command only uses one address")
            following = reader.nonblank()
            if following.isdigit():
                command.exit_code = reader.integer(following)
            else:
                reader.savchar(following)
            self.end_of_command(reader)
        elif char in ONE_WORD - NOT_SIMULATED:
            self.end_of_command(reader)
        elif char == "s":
            self.substitution(reader, command)
        elif char == "y":
            self.transliteration(reader, command)
        elif char in NOT_SIMULATED:
            raise reader.fail(f"the simulator's sed does not run the `{char}' command")
        elif not char:
            raise reader.fail("missing command")
        else:
            raise reader.fail(f"unknown command: `{char}'")
        self.commands.append(command)

    @staticmethod
    def end_of_command(reader: Reader) -> None:
        char = reader.nonblank()
        if char in ("}", "#"):
            reader.savchar(char)
        elif char not in ("", "\n", ";"):
            raise reader.fail("extra characters after command")

    @staticmethod
    def label(reader: Reader) -> str:
        out, char = [], reader.nonblank()
        while char not in ("", "\n", " ", "\t", ";", "}", "#"):
            out.append(char)
            char = reader.inchar()
        reader.savchar(char)
        return "".join(out)

    @staticmethod
    def text(reader: Reader) -> str:
        """`a text` (GNU's one-line form) or `a\\` then the text; a backslash keeps the next character."""
        char = reader.nonblank()
        if not char:
            raise reader.fail("expected \\ after `a', `c' or `i'")
        if char == "\\":
            char = reader.inchar()
            if char == "\n":
                char = reader.inchar()
        out = []
        while char not in ("", "\n"):
            if char == "\\":
                char = reader.inchar()
            out.append(char)
            char = reader.inchar()
        return "".join(out)

    def address(self, reader: Reader, char: str) -> Address | None:
        if char in ("/", "\\"):
            if char == "\\":
                char = reader.inchar()
            body = self.match_slash(reader, char, regex=True)
            if body is None:
                raise reader.fail("unterminated address regex")
            ignore_case = False
            following = reader.nonblank()
            while following in ("I", "M"):
                ignore_case = ignore_case or following == "I"
                following = reader.nonblank()
            reader.savchar(following)
            return Address("regex", regex=self.regex(reader, body, ignore_case))
        if char.isdigit():
            number = reader.integer(char)
            following = reader.nonblank()
            if following != "~":
                reader.savchar(following)
                return Address("num", number)
            step = reader.integer(reader.nonblank())
            return Address("mod", number, step) if step > 0 else Address("num", number)
        if char in ("+", "~"):
            step = reader.integer(reader.nonblank())
            return Address("plus" if char == "+" else "tilde", step=step)
        if char == "$":
            return Address("last")
        return None

    @staticmethod
    def match_slash(reader: Reader, slash: str, regex: bool) -> str | None:
        """compile.c's match_slash: the text up to the next unescaped `slash` (a bracket
        expression in a regex may hold one), `\\n` a newline; None when it never comes."""
        out = []
        char = reader.inchar()
        while char not in ("", "\n"):
            if char == slash:
                return "".join(out)
            if char == "\\":
                char = reader.inchar()
                if not char:
                    break
                if char == "n" and regex:
                    char = "\n"
                elif char != "\n" and (char != slash or (not regex and char == "&")):
                    out.append("\\")
            elif char == "[" and regex:
                out.append(char)
                char = Compiler.bracket(reader, out)
                if char != "]":
                    break
            out.append(char)
            char = reader.inchar()
        reader.savchar(char if char == "\n" else "")
        return None

    @staticmethod
    def bracket(reader: Reader, out: list[str]) -> str:
        """Copy a bracket expression up to (not including) its `]`; returns that `]`, or the end."""
        char = reader.inchar()
        if char == "^":
            out.append(char)
            char = reader.inchar()
        if char == "]":
            out.append(char)
            char = reader.inchar()
        while char not in ("", "\n"):
            if char == "]":
                return char
            if char == "[" and reader.text[reader.cur:reader.cur + 1] in (":", ".", "="):
                delimiter = reader.inchar()
                end = reader.text.find(delimiter + "]", reader.cur)
                if end >= 0:
                    out.append("[" + delimiter + reader.text[reader.cur:end + 2])
                    reader.cur = end + 2
                    char = reader.inchar()
                    continue
                out.append(char)
                char = delimiter
            out.append(char)
            char = reader.inchar()
        return char

    def regex(self, reader: Reader, body: str, ignore_case: bool, groups_needed: int = 0):
        if body == "":
            if self.last_regex is None:
                raise reader.fail("no previous regular expression")
            return self.last_regex
        try:
            compiled = compile_capturing(body, self.extended, ignore_case)
        except PatternError as error:
            raise reader.fail(str(error)) from None
        if groups_needed > compiled.groups:
            raise reader.fail(f"invalid reference \\{groups_needed} on `s' command's RHS")
        self.last_regex = compiled
        return compiled

    def substitution(self, reader: Reader, command: Command) -> None:
        slash = reader.inchar()
        pattern = self.match_slash(reader, slash, regex=True)
        if pattern is None:
            raise reader.fail("unterminated `s' command")
        replacement = self.match_slash(reader, slash, regex=False)
        if replacement is None:
            raise reader.fail("unterminated `s' command")
        command.replacement = parse_replacement(replacement)
        ignore_case = self.flags(reader, command)
        command.regex = self.regex(reader, pattern, ignore_case, command.replacement.max_group)

    @staticmethod
    def flags(reader: Reader, command: Command) -> bool:
        """mark_subst_opts: g, p, a number, I/i, M/m; `w` and `e` are not simulated."""
        ignore_case, numbered = False, False
        while True:
            char = reader.nonblank()
            if char in ("i", "I"):
                ignore_case = True
            elif char in ("m", "M"):
                continue
            elif char == "p":
                if command.print_:
                    raise reader.fail("multiple `p' options to `s' command")
                command.print_ = True
            elif char == "g":
                if command.global_:
                    raise reader.fail("multiple `g' options to `s' command")
                command.global_ = True
            elif char.isdigit():
                if numbered:
                    raise reader.fail("multiple number options to `s' command")
                numbered, command.occurrence = True, reader.integer(char)
                if command.occurrence == 0:
                    raise reader.fail("number option to `s' command may not be zero")
            elif char in ("}", "#"):
                reader.savchar(char)
                return ignore_case
            elif char in ("", "\n", ";"):
                return ignore_case
            elif char in ("w", "e"):
                raise reader.fail(f"the simulator's sed does not run the `{char}' option to `s'")
            else:
                raise reader.fail("unknown option to `s'")

    def transliteration(self, reader: Reader, command: Command) -> None:
        slash = reader.inchar()
        source = self.match_slash(reader, slash, regex=False)
        if source is None:
            raise reader.fail("unterminated `y' command")
        target = self.match_slash(reader, slash, regex=False)
        if target is None:
            raise reader.fail("unterminated `y' command")
        source, target = unescape_y(source), unescape_y(target)
        if len(source) != len(target):
            raise reader.fail("strings for `y' command are different lengths")
        command.table = dict(zip(source, target))
        char = reader.nonblank()
        if char not in ("", "\n", ";"):
            raise reader.fail("extra characters after command")


def compile_script(expressions: list[str], extended: bool) -> list[Command]:
    compiler = Compiler(extended)
    for number, expression in enumerate(expressions, start=1):
        compiler.compile(expression, number)
    return compiler.finish()

