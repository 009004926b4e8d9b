"""`test`, `[ ... ]` and `[[ ... ]]`: bash's conditional expressions.

`test`/`[` follow POSIX's rules by argument count (so `[ -n ]` is true and `[ 1 -lt ]`
is `[: 1: unary operator expected`, status 2, as bash 5 prints); `[[` adds pattern
matching (`==` with globs), `=~`, `&&`/`||` and arithmetic operands.
"""

from __future__ import annotations

import re
from typing import Callable

from simulator.shell import globbing

UNARY_FILE = ("-e", "-f", "-d", "-s", "-r", "-w", "-x", "-h", "-L", "-a", "-b", "-c", "-p", "-S", "-g", "-u", "-k",
              "-O", "-G", "-N")
UNARY = (*UNARY_FILE, "-n", "-z", "-o", "-v", "-t")
INTEGER = ("-eq", "-ne", "-lt", "-le", "-gt", "-ge")
BINARY = ("=", "==", "!=", "<", ">", *INTEGER, "-nt", "-ot", "-ef")


class TestError(Exception):
    """A malformed expression: str() is the text after `bash: [: `; status 2."""


# `path -> "file" | "dir" | None`: what the machine the shell runs on has at a path
FileKind = Callable[[str], "str | None"]


def glob_match(word: str, pattern: str) -> bool:
    """bash's pattern matching for `case` and `[[ == ]]`: `*`, `?`, `[...]`, `[!...]`, `[^...]`,
    `[[:class:]]`, on the same linear-time matcher as pathname expansion (`globbing.match`)."""
    return globbing.match(word, pattern)


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise TestError(f"{text}: integer expression expected") from None


def _unary(op: str, operand: str, file_kind: FileKind) -> bool:
    if op == "-n":
        return operand != ""
    if op == "-z":
        return operand == ""
    if op in ("-o", "-v", "-t"):
        return False
    kind = file_kind(operand)
    if op == "-d":
        return kind == "dir"
    if op == "-f":
        return kind == "file"
    if op in ("-e", "-a", "-r", "-w"):
        return kind is not None
    if op == "-x":
        return kind == "dir"
    if op == "-s":
        return kind is not None
    return False


def _binary(left: str, op: str, right: str) -> bool:
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op in INTEGER:
        a, b = _integer(left), _integer(right)
        return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[op]
    return False


def evaluate_test(args: list[str], file_kind: FileKind) -> bool:
    """POSIX `test` by argument count, then the general grammar for five or more."""
    n = len(args)
    if n == 0:
        return False
    if n == 1:
        return args[0] != ""
    if n == 2:
        if args[0] == "!":
            return args[1] == ""
        if args[0] in UNARY:
            return _unary(args[0], args[1], file_kind)
        raise TestError(f"{args[0]}: unary operator expected")
    if n == 3:
        if args[1] in BINARY:
            return _binary(args[0], args[1], args[2])
        if args[1] in ("-a", "-o"):
            left, right = args[0] != "", args[2] != ""
            return (left and right) if args[1] == "-a" else (left or right)
        if args[0] == "!":
            return not evaluate_test(args[1:], file_kind)
        if args[0] == "(" and args[2] == ")":
            return args[1] != ""
        raise TestError(f"{args[1]}: binary operator expected")
    if n == 4 and args[0] == "!":
        return not evaluate_test(args[1:], file_kind)
    if n == 4 and args[0] == "(" and args[3] == ")":
        return evaluate_test(args[1:3], file_kind)
    return _General(args, file_kind).parse()


class _General:
    """`expr -o expr`, `expr -a expr`, `! expr`, `( expr )` for long `test` lines."""

    def __init__(self, args: list[str], file_kind: FileKind) -> None:
        self.args, self.pos, self.file_kind = args, 0, file_kind

    def parse(self) -> bool:
        value = self.either()
        if self.pos < len(self.args):
            raise TestError("too many arguments")
        return value

    def either(self) -> bool:
        value = self.both()
        while self.pos < len(self.args) and self.args[self.pos] == "-o":
            self.pos += 1
            value = self.both() or value
        return value

    def both(self) -> bool:
        value = self.negation()
        while self.pos < len(self.args) and self.args[self.pos] == "-a":
            self.pos += 1
            value = self.negation() and value
        return value

    def negation(self) -> bool:
        if self.pos < len(self.args) and self.args[self.pos] == "!":
            self.pos += 1
            return not self.negation()
        return self.primary()

    def primary(self) -> bool:
        args, pos = self.args, self.pos
        if pos >= len(args):
            raise TestError("argument expected")
        if args[pos] == "(":
            self.pos += 1
            value = self.either()
            if self.pos >= len(args) or args[self.pos] != ")":
                raise TestError("`)' expected")
            self.pos += 1
            return value
        if pos + 2 < len(args) + 0 and args[pos + 1] in BINARY:
            self.pos += 3
            return _binary(args[pos], args[pos + 1], args[pos + 2])
        if args[pos] in UNARY and pos + 1 < len(args):
            self.pos += 2
            return _unary(args[pos], args[pos + 1], self.file_kind)
        self.pos += 1
        return args[pos] != ""


class DoubleBracket:
    """`[[ ... ]]` over already expanded words; `arith` evaluates integer operands."""

    def __init__(self, words: list[str], file_kind: FileKind, arith: Callable[[str], int]) -> None:
        self.words, self.pos, self.file_kind, self.arith = words, 0, file_kind, arith

    def evaluate(self) -> bool:
        value = self.either()
        if self.pos < len(self.words):
            raise TestError(f"syntax error in conditional expression: unexpected token `{self.words[self.pos]}'")
        return value

    def either(self) -> bool:
        value = self.both()
        while self.pos < len(self.words) and self.words[self.pos] == "||":
            self.pos += 1
            right = self.both()
            value = value or right
        return value

    def both(self) -> bool:
        value = self.negation()
        while self.pos < len(self.words) and self.words[self.pos] == "&&":
            self.pos += 1
            right = self.negation()
            value = value and right
        return value

    def negation(self) -> bool:
        if self.pos < len(self.words) and self.words[self.pos] == "!":
            self.pos += 1
            return not self.negation()
        return self.primary()

    def primary(self) -> bool:
        words, pos = self.words, self.pos
        if pos >= len(words):
            raise TestError("unexpected argument to conditional expression")
        if words[pos] == "(":
            self.pos += 1
            value = self.either()
            if self.pos >= len(words) or words[self.pos] != ")":
                raise TestError("syntax error in conditional expression")
            self.pos += 1
            return value
        if pos + 2 < len(words) + 0 and words[pos + 1] in (*BINARY, "=~"):
            left, op, right = words[pos], words[pos + 1], words[pos + 2]
            self.pos += 3
            if op in ("=", "=="):
                return glob_match(left, right)
            if op == "!=":
                return not glob_match(left, right)
            if op == "=~":
                try:
                    return re.search(right, left) is not None
                except re.error:
                    return False
            if op in INTEGER:
                a, b = self.arith(left), self.arith(right)
                return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[op]
            return _binary(left, op, right)
        if words[pos] in UNARY and pos + 1 < len(words):
            self.pos += 2
            return _unary(words[pos], words[pos + 1], self.file_kind)
        self.pos += 1
        return words[pos] != ""
