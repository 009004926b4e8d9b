"""bash's `$((...))`: 64-bit integer arithmetic with C's operators and shell variables.

Names read shell variables (unset or empty is 0, a value is itself evaluated, as bash
does), `=`, `+=`, `++`... assign them. Errors carry bash's text, e.g.
`1/0: division by 0 (error token is "0")`; the caller prefixes the shell's name.
"""

from __future__ import annotations

import re
from typing import Callable

TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|[0-9]+)|([A-Za-z_][A-Za-z0-9_]*)|"
                   r"(\*\*=|<<=|>>=|\+\+|--|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]=|[-+*/%<>=!~&^|?:(),]))")
BINARY = [  # lowest precedence first
    ("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
    ("+", "-"), ("*", "/", "%"),
]
ASSIGN = ("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "**=")
MAX_DEPTH = 64  # a variable whose value names another variable, and so on
MASK = (1 << 64) - 1


class ArithmeticError_(Exception):
    """An expression bash refuses; str() is bash's text after `bash: `."""


def _wrap(value: int) -> int:
    value &= MASK
    return value - (1 << 64) if value >> 63 else value


class Evaluator:
    def __init__(self, text: str, read: Callable[[str], str], write: Callable[[str, str], None], depth: int = 0):
        self.text, self.read, self.write, self.depth = text, read, write, depth
        self.tokens: list[tuple[str, str, int]] = []  # (kind, text, offset)
        position = 0
        stripped = text.rstrip()
        while position < len(stripped):
            match = TOKEN.match(stripped, position)
            if not match or match.end() == position:
                rest = stripped[position:].strip()
                raise ArithmeticError_(f"{text.strip()}: syntax error: invalid arithmetic operator (error token is \"{rest}\")")
            kind = "number" if match.group(1) else "name" if match.group(2) else "op"
            self.tokens.append((kind, match.group(match.lastindex), match.start(match.lastindex)))
            position = match.end()
        self.pos = 0

    def rest(self, index: int | None = None) -> str:
        index = self.pos if index is None else index
        if index >= len(self.tokens):
            return ""
        return self.text[self.tokens[index][2]:].strip()

    def fail_operand(self):
        shown = self.rest(max(self.pos - 1, 0)) if self.pos >= len(self.tokens) else self.rest()
        raise ArithmeticError_(f"{self.text.strip()}: syntax error: operand expected (error token is \"{shown}\")")

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "op" else None

    def evaluate(self) -> int:
        if not self.tokens:
            return 0
        value = self.comma()
        if self.pos < len(self.tokens):
            raise ArithmeticError_(f"{self.text.strip()}: syntax error in expression (error token is \"{self.rest()}\")")
        return value

    def comma(self) -> int:
        value = self.assignment()
        while self.peek() == ",":
            self.pos += 1
            value = self.assignment()
        return value

    def assignment(self) -> int:
        if (self.pos + 1 < len(self.tokens) and self.tokens[self.pos][0] == "name"
                and self.tokens[self.pos + 1][1] in ASSIGN and self.tokens[self.pos + 1][0] == "op"):
            name, op = self.tokens[self.pos][1], self.tokens[self.pos + 1][1]
            self.pos += 2
            value = self.assignment()
            if op != "=":
                value = self.apply(op[:-1], self.variable(name), value, self.pos - 1)
            self.write(name, str(value))
            return value
        return self.ternary()

    def ternary(self) -> int:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.pos += 1
        yes = self.assignment()
        if self.peek() != ":":
            raise ArithmeticError_(f"{self.text.strip()}: expected `:' (error token is \"{self.rest()}\")")
        self.pos += 1
        no = self.assignment()
        return yes if condition else no

    def binary(self, level: int) -> int:
        if level == len(BINARY):
            return self.power()
        left = self.binary(level + 1)
        while self.peek() in BINARY[level]:
            op = self.peek()
            self.pos += 1
            right_at = self.pos
            right = self.binary(level + 1)
            left = self.apply(op, left, right, right_at)
        return left

    def power(self) -> int:
        base = self.unary()
        if self.peek() == "**":
            self.pos += 1
            exponent = self.power()
            if exponent < 0:
                raise ArithmeticError_(f"{self.text.strip()}: exponent less than 0 (error token is \"{self.rest()}\")")
            return _wrap(pow(base, min(exponent, 4096), 1 << 64) if exponent else 1)
        return base

    def unary(self) -> int:
        op = self.peek()
        if op in ("-", "+", "!", "~"):
            self.pos += 1
            value = self.unary()
            return {"-": _wrap(-value), "+": value, "!": int(not value), "~": _wrap(~value)}[op]
        if op in ("++", "--") and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1][0] == "name":
            name = self.tokens[self.pos + 1][1]
            self.pos += 2
            value = _wrap(self.variable(name) + (1 if op == "++" else -1))
            self.write(name, str(value))
            return value
        return self.postfix()

    def postfix(self) -> int:
        if self.pos >= len(self.tokens):
            self.fail_operand()
        kind, text, _ = self.tokens[self.pos]
        if kind == "number":
            self.pos += 1
            return _number(text, self.text)
        if kind == "name":
            self.pos += 1
            value = self.variable(text)
            if self.peek() in ("++", "--"):
                self.write(text, str(_wrap(value + (1 if self.peek() == "++" else -1))))
                self.pos += 1
            return value
        if text == "(":
            self.pos += 1
            value = self.comma()
            if self.peek() != ")":
                raise ArithmeticError_(f"{self.text.strip()}: missing `)' (error token is \"{self.rest()}\")")
            self.pos += 1
            return value
        self.fail_operand()

    def variable(self, name: str) -> int:
        value = self.read(name).strip()
        if not value:
            return 0
        if self.depth >= MAX_DEPTH:
            raise ArithmeticError_(f"{value}: expression recursion level exceeded (error token is \"{value}\")")
        return Evaluator(value, self.read, self.write, self.depth + 1).evaluate()

    def apply(self, op: str, left: int, right: int, right_at: int) -> int:
        if op in ("/", "%") and right == 0:
            raise ArithmeticError_(f"{self.text.strip()}: division by 0 (error token is \"{self.rest(right_at)}\")")
        if op == "/":
            return _wrap(int(left / right) if abs(left) < 2 ** 52 else abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1))
        if op == "%":
            return _wrap(left - right * int(left / right)) if abs(left) < 2 ** 52 else _wrap(abs(left) % abs(right) * (1 if left >= 0 else -1))
        if op == "**":
            return _wrap(pow(left, right, 1 << 64)) if right >= 0 else 0
        operations = {
            "+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
            "<<": lambda: left << (right & 63), ">>": lambda: left >> (right & 63),
            "<": lambda: int(left < right), "<=": lambda: int(left <= right), ">": lambda: int(left > right),
            ">=": lambda: int(left >= right), "==": lambda: int(left == right), "!=": lambda: int(left != right),
            "&": lambda: left & right, "^": lambda: left ^ right, "|": lambda: left | right,
            "&&": lambda: int(bool(left) and bool(right)), "||": lambda: int(bool(left) or bool(right)),
        }
        return _wrap(operations[op]())


def _number(text: str, expression: str) -> int:
    try:
        if text[:2].lower() == "0x":
            return _wrap(int(text, 16))
        if len(text) > 1 and text[0] == "0":
            return _wrap(int(text, 8))
        return _wrap(int(text))
    except ValueError:
        raise ArithmeticError_(f"{expression.strip()}: value too great for base (error token is \"{text}\")") from None


def evaluate(text: str, read: Callable[[str], str], write: Callable[[str, str], None]) -> int:
    """The value of `text` (already `$`-expanded); raises ArithmeticError_ with bash's message."""
    return Evaluator(text, read, write).evaluate()
