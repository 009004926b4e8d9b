"""The shells' printing builtins: echo (bash's `-n -e -E`, dash's always-escaping echo) and
bash's printf (builtins/printf.def).

printf: the format's escapes (`\\n \\t \\\\ \\NNN \\xHH \\uHHHH` ...), conversions `%s %b %q %c
%d %i %u %x %X %o %e %E %f %F %g %G %%` with flags `-+ #0`, width and precision (`*` from an
argument), the format used again while arguments remain, missing arguments as "" or 0, a
number's `'c` character form, 0x and 0 prefixes; a bad number prints what converted and
`printf: x: invalid number` with status 1; `-v var` assigns instead of printing. Bounded: a
width or precision is at most MAX_WIDTH, and the output is capped as every program's is.
"""

from __future__ import annotations

import shlex

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program

USAGE = "printf: usage: printf [-v var] format [arguments]\n"
MAX_WIDTH = 4096
SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                  "v": "\v", "\\": "\\"}
FLAGS = "-+ #0"
INTEGER = "diouxXc"
FLOATING = "eEfFgG"
INT64 = 1 << 64


class StopOutput(Exception):
    """`\\c` in `echo -e` or printf's `%b`: nothing more is printed."""


def escapes(text: str, *, echo_style: bool) -> str:
    """Backslash escapes as echo -e and %b read them (`\\0NNN`, `\\c` stops) or as a printf format
    reads them (`\\NNN`, and `\\"` `\\'` `\\?`). An unknown escape stays as typed. Raises StopOutput
    (carrying what came before) at `\\c` for echo style."""
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char != "\\" or index + 1 == len(text):
            out.append(char)
            index += 1
            continue
        code = text[index + 1]
        index += 2
        if code in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[code])
        elif echo_style and code == "c":
            raise StopOutput("".join(out))
        elif code in "01234567" and (code == "0" or not echo_style):
            digits_from = index if (echo_style and code == "0") else index - 1
            end = digits_from
            while end < len(text) and end < digits_from + 3 and text[end] in "01234567":
                end += 1
            out.append(chr(int(text[digits_from:end] or "0", 8) & 0xFF))
            index = end
        elif code in "xuU":
            most = {"x": 2, "u": 4, "U": 8}[code]
            end = index
            while end < len(text) and end < index + most and text[end] in "0123456789abcdefABCDEF":
                end += 1
            if end == index:
                out.append("\\" + code)
            else:
                out.append(chr(min(int(text[index:end], 16), 0x10FFFF)))
                index = end
        elif not echo_style and code in "\"'?":
            out.append(code)
        else:
            out.append("\\" + code)
    return "".join(out)


@program("echo", builtin=True)
def echo(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """bash's and busybox ash's echo: leading words made only of n, e and E are options (`-ne`),
    the last of -e/-E wins, `--` is a word. dash's echo (Ubuntu's sh) takes only -n and always
    reads escapes."""
    dash = getattr(ctx, "dialect", "bash") == "dash"
    args, newline, interpret = argv[1:], True, dash
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in ("n" if dash else "neE") for c in args[0][1:]):
        for letter in args[0][1:]:
            if letter == "n":
                newline = False
            else:
                interpret = letter == "e"
        args = args[1:]
    text = " ".join(args) + ("\n" if newline else "")
    if interpret:
        try:
            text = escapes(text, echo_style=True)
        except StopOutput as stop:
            text = str(stop)
    return ToolResult().out(text)


@program("printf", builtin=True)
def printf(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args, variable = argv[1:], None
    if args[:1] == ["-v"]:
        if len(args) < 2:
            return ToolResult(exit_code=2).err("bash: printf: -v: option requires an argument\n" + USAGE)
        variable, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        return ToolResult(exit_code=2).err(USAGE)
    if len(args[0]) > 1 and args[0].startswith("-") and variable is None and args[0] != "-":
        return ToolResult(exit_code=2).err(f"bash: printf: {args[0][:2]}: invalid option\n" + USAGE)
    run = Formatter(args[0], args[1:])
    text = run.render()
    result = ToolResult(exit_code=1 if run.failed else 0)
    for message in run.messages:
        result.err(f"bash: printf: {message}\n")
    if variable is not None:
        if ctx.shell is not None:
            result.absorb(ctx.shell.assign({variable: text}))
        return result
    return result.out(text)


class Formatter:
    """One printf run: the format applied to the arguments, again while any remain."""

    def __init__(self, format_text: str, arguments: list[str]) -> None:
        self.format = format_text
        self.arguments = arguments
        self.next = 0
        self.messages: list[str] = []  # in the order bash prints them
        self.failed = False  # a warning is printed but leaves the status 0
        self.stopped = False

    def error(self, message: str) -> None:
        self.messages.append(message)
        self.failed = True

    def take(self) -> str | None:
        if self.next >= len(self.arguments):
            return None
        self.next += 1
        return self.arguments[self.next - 1]

    def render(self) -> str:
        out = []
        while True:
            before = self.next
            out.append(self.once())
            if self.stopped or self.next >= len(self.arguments) or self.next == before:
                return "".join(out)

    def once(self) -> str:
        out, text, index = [], self.format, 0
        while index < len(text):
            percent = text.find("%", index)
            plain = text[index:] if percent < 0 else text[index:percent]
            out.append(escapes(plain, echo_style=False))
            if percent < 0:
                break
            index, piece = self.conversion(percent + 1)
            if piece is None:
                self.stopped = True
                break
            out.append(piece)
            if self.stopped:
                break
        return "".join(out)

    def conversion(self, index: int) -> tuple[int, str | None]:
        text = self.format
        start = index
        while index < len(text) and text[index] in FLAGS:
            index += 1
        flags = text[start:index]
        width, index = self.number_field(index)
        precision = None
        if index < len(text) and text[index] == ".":
            precision, index = self.number_field(index + 1)
            precision = precision or 0
        while index < len(text) and text[index] in "hlLjzt":
            index += 1
        if index >= len(text):
            self.error(f"`%{text[start:index]}': missing format character")
            return index, None
        kind = text[index]
        if kind == "%" and index == start:
            return index + 1, "%"
        if kind not in "sbqc" + INTEGER + FLOATING:
            self.error(f"`{kind}': invalid format character")  # bash 5's text
            return index + 1, None
        return index + 1, self.convert(kind, flags, width, precision)

    def number_field(self, index: int) -> tuple[int | None, int]:
        text = self.format
        if index < len(text) and text[index] == "*":
            value, _ = self.integer(self.take())
            return max(-MAX_WIDTH, min(value, MAX_WIDTH)), index + 1
        end = index
        while end < len(text) and text[end].isdigit():
            end += 1
        return (min(int(text[index:end]), MAX_WIDTH) if end > index else None), end

    def convert(self, kind: str, flags: str, width: int | None, precision: int | None) -> str:
        argument = self.take()
        if kind == "b":
            try:
                value = escapes(argument or "", echo_style=True)
            except StopOutput as stop:
                value, self.stopped = str(stop), True
            return pad(value[:precision] if precision is not None else value, flags, width)
        if kind == "q":
            return pad(quote(argument or ""), flags, width)
        if kind in "sc":
            value = (argument or "")[:1] if kind == "c" else (argument or "")
            return pad(value[:precision] if precision is not None and kind == "s" else value, flags, width)
        if kind in FLOATING:
            spec = f"%{flags}{width if width is not None else ''}{'.' + str(precision) if precision is not None else ''}{kind}"
            return spec % self.floating(argument)
        value, _ = self.integer(argument)
        if kind in "uxXo" and value < 0:
            value += INT64
        octal_mark = kind == "o" and "#" in flags  # C's `%#o` is 010 where Python's is 0o10
        flags = flags.replace("#", "") if octal_mark else flags
        spec = f"%{flags}{width if width is not None else ''}{'.' + str(precision) if precision is not None else ''}"
        text = (spec + ("d" if kind in "diu" else kind)) % value
        if octal_mark and not text.strip().startswith("0"):
            stripped = text.lstrip(" ")
            text = (" " * (len(text) - len(stripped) - 1) if len(text) > len(stripped) else "") + "0" + stripped
        return text

    def integer(self, text: str | None) -> tuple[int, bool]:
        """strtoimax as bash's getintmax calls it: the value of the leading number; an error
        when characters are left over."""
        if text is None or text == "":
            return 0, True
        if text[0] in "'\"":
            return (ord(text[1]) if len(text) > 1 else 0), True
        body = text.lstrip(" \t\n")
        sign = -1 if body.startswith("-") else 1
        digits = body.lstrip("+-")
        base, start = (16, 2) if digits[:2].lower() == "0x" else (8, 1) if digits[:1] == "0" and len(digits) > 1 else (10, 0)
        valid = "0123456789abcdef"[:base]
        end = start
        while end < len(digits) and digits[end].lower() in valid:
            end += 1
        value = sign * int(digits[start:end] or "0", base)
        if end < len(digits) or (end == start and base == 10):
            self.error(f"{text}: invalid number")
            return clamp(value), False
        if not -(1 << 63) <= value < (1 << 63):
            self.messages.append(f"warning: {text}: Numerical result out of range")
        return clamp(value), True

    def floating(self, text: str | None) -> float:
        if text is None or text == "":
            return 0.0
        if text[0] in "'\"":
            return float(ord(text[1])) if len(text) > 1 else 0.0
        try:
            return float(text)
        except ValueError:
            value, _ = self.integer(text)
            return float(value)


def clamp(value: int) -> int:
    return max(-(1 << 63), min(value, (1 << 63) - 1))


def pad(text: str, flags: str, width: int | None) -> str:
    if width is None:
        return text
    if width < 0:
        flags, width = flags + "-", -width
    return text.ljust(width) if "-" in flags else text.rjust(width)


def quote(text: str) -> str:
    """%q: bash's backslash quoting of the shell's special characters; '' for an empty word."""
    if text == "":
        return "''"
    return "".join("\\" + char if not (char.isalnum() or char in "%+,-./:=@_^") else char for char in text) \
        if shlex.quote(text) != text else text
