"""Running a compiled sed script over lines, as GNU sed 4.8's sed/execute.c does.

One cycle per input line: the pattern space is the line, each command whose address
matches runs, then the pattern space is printed (unless `-n`) and what `a` queued follows.
Ranges (`addr1,addr2`) follow `match_address_p`: a line-number end at or before the start
line matches one line; a regex end is looked for from the next line on; `+N` counts lines.
A last line without its newline is printed without one, as `output_missing_newline` does.

Bounded: a script's jumps may loop (`:a;ba`), so a run stops after MAX_STEPS commands, and
the pattern and hold spaces stop at MAX_SPACE characters, each with the simulator's message.
"""

from __future__ import annotations

from simulator.shell.sed_commands import Address, Command, Replacement

MAX_STEPS = 2_000_000  # commands one sed run executes
MAX_SPACE = 4 * 1024 * 1024  # characters in the pattern or the hold space


class SedStopped(Exception):
    """A bound of the simulator's was reached; the message says which."""


class Output:
    """What sed writes, with GNU's rule for a last line that had no newline."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.missing_newline = False

    def line(self, text: str, newline: bool = True) -> None:
        if self.missing_newline:
            self.chunks.append("\n")
        self.chunks.append(text + ("\n" if newline else ""))
        self.missing_newline = not newline

    def text(self) -> str:
        return "".join(self.chunks)


class Editor:
    def __init__(self, commands: list[Command], quiet: bool) -> None:
        self.commands, self.quiet = commands, quiet
        self.exit_code: int | None = None  # set by q/Q: stop reading
        self.steps = 0

    def run(self, text: str) -> tuple[str, int]:
        """The script over `text` (several files joined); the output and the exit status."""
        lines = text.split("\n")
        ends_with_newline = text.endswith("\n")
        if ends_with_newline:
            lines.pop()
        if text == "":
            lines = []
        self.lines, self.next_index, self.ends_with_newline = lines, 0, ends_with_newline
        self.out, self.hold = Output(), ""
        for command in self.commands:
            command.active = False
        while self.next_index < len(lines) and self.exit_code is None:
            self.cycle()
        return self.out.text(), self.exit_code or 0

    # input ---------------------------------------------------------------------------
    def read_line(self) -> str | None:
        if self.next_index >= len(self.lines):
            return None
        self.next_index += 1
        return self.lines[self.next_index - 1]

    @property
    def line_number(self) -> int:
        return self.next_index

    @property
    def at_last_line(self) -> bool:
        return self.next_index >= len(self.lines)

    def emit_space(self, text: str) -> None:
        """The pattern space out; the last line keeps its missing newline."""
        self.out.line(text, newline=not self.at_last_line or self.ends_with_newline)

    # one cycle -------------------------------------------------------------------------
    def cycle(self) -> None:
        self.space = self.read_line()
        self.appended: list[str] = []
        self.replaced = False
        autoprint = self.execute()
        if autoprint and not self.quiet:
            self.emit_space(self.space)
        self.flush_appended()

    def flush_appended(self) -> None:
        for text in self.appended:
            self.out.line(text)
        self.appended = []

    def execute(self) -> bool:
        """Run the commands over the pattern space; False when the cycle ends without printing."""
        index = 0
        while index < len(self.commands):
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise SedStopped(f"stopped after {MAX_STEPS} commands (the simulator's limit)")
            command = self.commands[index]
            if not self.selected(command):
                index = command.jump + 1 if command.name == "{" else index + 1
                continue
            outcome = self.run_command(command)
            if outcome is None:
                index += 1
            elif outcome in ("print", "drop"):
                return outcome == "print"
            else:
                index = outcome
        return True

    def run_command(self, command: Command):
        """What comes next: None the next command, an index to jump to, "print"/"drop" to end the cycle."""
        name = command.name
        if name in "{}:":
            return None
        if name == "s":
            return self.substitute(command)
        if name == "y":
            self.space = "".join(command.table.get(char, char) for char in self.space)
        elif name == "p":
            self.emit_space(self.space)
        elif name == "P":
            self.out.line(self.space.split("\n", 1)[0])
        elif name == "=":
            self.out.line(str(self.line_number))
        elif name == "d":
            return "drop"
        elif name in "qQ":
            self.exit_code = command.exit_code
            return "print" if name == "q" else "drop"
        elif name == "a":
            self.appended.append(command.text)
        elif name == "i":
            self.out.line(command.text)
        elif name == "c":
            if command.a2 is None or command.negate or not command.active:
                self.out.line(command.text)
            return "drop"
        elif name in "btT":
            jump = name == "b" or (name == "t") == self.replaced
            if name != "b":
                self.replaced = False
            return command.jump if jump else None
        else:
            return self.space_command(name)
        return None

    def space_command(self, name: str):
        if name in "nN":
            if self.at_last_line:  # GNU prints the pattern space and ends when no line is left
                self.exit_code = 0
                return "print"
            if name == "n" and not self.quiet:
                self.emit_space(self.space)
            following = self.read_line()
            self.space = following if name == "n" else self.space + "\n" + following
        elif name == "h":
            self.hold = self.space
        elif name == "H":
            self.hold += "\n" + self.space
        elif name == "g":
            self.space = self.hold
        elif name == "G":
            self.space += "\n" + self.hold
        elif name == "x":
            self.space, self.hold = self.hold, self.space
        if len(self.space) > MAX_SPACE or len(self.hold) > MAX_SPACE:
            raise SedStopped(f"pattern space over {MAX_SPACE // 1048576} MiB (the simulator's limit)")
        return None

    def substitute(self, command: Command):
        matches, count = [], 0
        for match in command.regex.finditer(self.space):
            count += 1
            if count >= command.occurrence:
                matches.append(match)
                if not command.global_:
                    break
        if not matches:
            return None
        pieces, position = [], 0
        for match in matches:
            pieces.append(self.space[position:match.start()])
            pieces.append(expand_replacement(command.replacement, match))
            position = match.end()
        pieces.append(self.space[position:])
        self.space = "".join(pieces)
        if len(self.space) > MAX_SPACE:
            raise SedStopped(f"pattern space over {MAX_SPACE // 1048576} MiB (the simulator's limit)")
        self.replaced = True
        if command.print_:
            self.emit_space(self.space)
        return None

    # addresses -------------------------------------------------------------------------
    def selected(self, command: Command) -> bool:
        return self.matches(command) != command.negate

    def matches(self, command: Command) -> bool:
        if command.a1 is None:
            return True
        if command.a2 is None:
            return self.address_matches(command.a1)
        line = self.line_number
        if command.active:
            end = command.a2
            if end.kind == "num":
                command.active = line < end.number
                return line <= end.number
            if end.kind in ("plus", "tilde"):
                command.active = line < command.range_end
                return line <= command.range_end
            if self.address_matches(end):
                command.active = False
            return True
        starts = line == 1 if command.a1.kind == "num" and command.a1.number == 0 else self.address_matches(command.a1)
        return starts and self.open_range(command, line)

    def open_range(self, command: Command, line: int) -> bool:
        end = command.a2
        if command.a1.kind == "num" and command.a1.number == 0:  # `0,/re/`: the regex may end it on line 1
            command.active = not self.address_matches(end)
            return True
        if end.kind == "num":
            command.active = line < end.number
        elif end.kind == "plus":
            command.range_end = line + end.step
            command.active = end.step > 0
        elif end.kind == "tilde":
            command.range_end = line if end.step <= 0 else -(-line // end.step) * end.step
            command.active = command.range_end > line
        else:
            command.active = True
        return True

    def address_matches(self, address: Address) -> bool:
        line = self.line_number
        if address.kind == "num":
            return line == address.number
        if address.kind == "mod":
            return line >= address.number and (line - address.number) % address.step == 0
        if address.kind == "last":
            return self.at_last_line
        if address.kind == "regex":
            return address.regex.search(self.space) is not None
        return False


def expand_replacement(replacement: Replacement, match) -> str:
    out: list[str] = []
    mode, one_shot = "E", ""
    for kind, value in replacement.parts:
        if kind == "case":
            if value in "ul":
                one_shot = value
            else:
                mode, one_shot = value, ""
            continue
        text = value if kind == "text" else (match.group(value) or "")
        text = text.upper() if mode == "U" else text.lower() if mode == "L" else text
        if one_shot and text:
            text = (text[0].upper() if one_shot == "u" else text[0].lower()) + text[1:]
            one_shot = ""
        out.append(text)
    return "".join(out)
