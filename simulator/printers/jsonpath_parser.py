"""The template parser of client-go `util/jsonpath` (parser.go), ported node for node.

A template is text with `{...}` actions. Inside an action: `.field`, `[n]`, `[a:b:c]`,
`[*]`, `[a,b]` unions, `['key']`, `[?(@.x=="y")]` filters, `..` recursive descent,
quoted strings (`"\\t"`), numbers, `true`/`false`, and the `range`/`end` identifiers.
Error messages are client-go's (`unclosed action`, `unterminated array`, ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

DICT_KEY = re.compile(r"^'([^']*)'$")
SLICE = re.compile(r"^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$")
FILTER = re.compile(r"^([^!<>=]+)([!<>=~]+)(.+?)$")
SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


class ParseError(Exception):
    pass


@dataclass(eq=False)
class Node:
    kind: str  # list, text, field, array, filter, int, float, bool, wildcard, recursive, union, identifier
    value: Any = None
    nodes: list["Node"] = field(default_factory=list)  # list: children; union: one list per branch
    left: "Node | None" = None  # filter operands
    right: "Node | None" = None


@dataclass
class SliceParam:
    known: bool = False
    value: int = 0
    derived: bool = False


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or char.isdigit() or unicodedata.category(char).startswith("L")


def _is_terminator(char: str) -> bool:
    return char in ("", " ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}")


def go_rune(char: str) -> str:
    """Go's `%#U`: `U+0025 '%'`."""
    code = ord(char)
    return f"U+{code:04X} '{char}'" if char.isprintable() else f"U+{code:04X}"


class Parser:
    def __init__(self, text: str) -> None:
        self.input, self.pos, self.start = text, 0, 0
        self.root = Node("list")

    # scanning
    def next(self) -> str:
        if self.pos >= len(self.input):
            return ""
        self.pos += 1
        return self.input[self.pos - 1]

    def backup(self, char: str) -> None:
        if char:
            self.pos -= 1

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def consume(self) -> str:
        text = self.input[self.start:self.pos]
        self.start = self.pos
        return text

    def parse(self) -> Node:
        action: Node | None = None
        while True:
            if action is None:
                action = self._text()
                if action is None:
                    return self.root
            elif self._action_step(action):
                action = None

    def _text(self) -> Node | None:
        """parseText: literal text up to the next `{`; returns the new action node, or None at the end."""
        while not self.input.startswith("{", self.pos):
            if not self.next():
                if self.pos > self.start:
                    self.root.nodes.append(Node("text", self.consume()))
                return None
        if self.pos > self.start:
            self.root.nodes.append(Node("text", self.consume()))
        self.pos += 1
        self.consume()
        action = Node("list")
        self.root.nodes.append(action)
        return action

    def _action_step(self, cur: Node) -> bool:
        """One token of parseInsideAction; True once the closing `}` is consumed."""
        rest = self.input[self.pos:]
        if rest.startswith("}"):
            self.pos += 1
            self.consume()
            return True
        if rest.startswith("[?("):
            self._filter(cur)
            return False
        if rest.startswith(".."):
            self._recursive(cur)
            return False
        char = self.next()
        if char in ("", "\r", "\n"):
            raise ParseError("unclosed action")
        if char in (" ", "@", "$"):
            self.consume()
        elif char == "[":
            self._array(cur)
        elif char in ("\"", "'"):
            self._quote(cur, char)
        elif char == ".":
            self._field(cur)
        elif char in "+-" or char.isdigit():
            self.backup(char)
            self._number(cur)
        elif _is_alphanumeric(char):
            self.backup(char)
            self._identifier(cur)
        else:
            raise ParseError(f"unrecognized character in action: {go_rune(char)}")
        return False

    def _identifier(self, cur: Node) -> None:
        while True:
            char = self.next()
            if _is_terminator(char):
                self.backup(char)
                break
        value = self.consume()
        cur.nodes.append(Node("bool", value == "true") if value in ("true", "false") else Node("identifier", value))

    def _recursive(self, cur: Node) -> None:
        if cur.nodes and cur.nodes[-1].kind == "recursive":
            raise ParseError("invalid multiple recursive descent")
        self.pos += 2
        self.consume()
        cur.nodes.append(Node("recursive"))
        if self.peek() and _is_alphanumeric(self.peek()):
            self._field(cur)

    def _number(self, cur: Node) -> None:
        if self.peek() in ("+", "-"):
            self.next()
        while True:
            char = self.next()
            if char != "." and not char.isdigit():
                self.backup(char)
                break
        value = self.consume()
        if re.fullmatch(r"[+-]?\d+", value):
            cur.nodes.append(Node("int", int(value)))
        elif re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
            cur.nodes.append(Node("float", float(value)))
        else:
            raise ParseError(f"cannot parse number {value}")

    def _array(self, cur: Node) -> None:
        while True:
            char = self.next()
            if char in ("", "\n"):
                raise ParseError("unterminated array")
            if char == "]":
                break
        text = self.consume()[1:-1]
        text = ":" if text == "*" else text
        parts = text.split(",")
        if len(parts) > 1:
            cur.nodes.append(Node("union", nodes=[parse_action(f"[{p.strip(' ')}]") for p in parts]))
            return
        key = DICT_KEY.match(text)
        if key:
            cur.nodes.extend(parse_action(f".{key.group(1)}").nodes)
            return
        match = SLICE.match(text)
        if not match:
            raise ParseError(f"invalid array index {text}")
        cur.nodes.append(Node("array", _slice_params([g or "" for g in match.groups()])))

    def _filter(self, cur: Node) -> None:
        self.pos += 3
        self.consume()
        begin = end = False
        pair = ""
        while True:
            char = self.next()
            if char in ("", "\n"):
                raise ParseError("unterminated filter")
            if char in ("\"", "'"):
                if not begin:
                    begin, pair = True, char
                    continue
                if self.input[self.pos - 2] != "\\" and char == pair:
                    end = True
            elif char == ")" and begin == end:
                break
        if self.next() != "]":
            raise ParseError("unclosed array expect ]")
        text = self.consume()[:-2]
        match = FILTER.match(text)
        if match is None:
            cur.nodes.append(Node("filter", "exists", left=parse_action(text), right=Node("list")))
        else:
            cur.nodes.append(Node("filter", match.group(2), left=parse_action(match.group(1)),
                                  right=parse_action(match.group(3))))

    def _quote(self, cur: Node, quote: str) -> None:
        while True:
            char = self.next()
            if char in ("", "\n"):
                raise ParseError("unterminated quoted string")
            if char == quote and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            cur.nodes.append(Node("text", unquote_extend(value)))
        except ValueError as error:
            raise ParseError(f"unquote string {value} error {error}") from None

    def _field(self, cur: Node) -> None:
        self.consume()
        while True:
            char = self.next()
            if char == "\\":
                self.next()
            elif _is_terminator(char):
                self.backup(char)
                break
        value = self.consume()
        cur.nodes.append(Node("wildcard") if value == "*" else Node("field", value.replace("\\", "")))


def _slice_params(groups: list[str]) -> list[SliceParam]:
    params = [SliceParam(), SliceParam(), SliceParam()]
    for index, text in enumerate(groups):
        if text:
            text = text[1:] if index > 0 else text
            if index > 0 and text == "":
                params[index].known = False
            else:
                params[index].known, params[index].value = True, int(text)
        elif index == 1:
            params[1] = SliceParam(True, params[0].value + 1, True)
    return params


def unquote_extend(text: str) -> str:
    """client-go's `UnquoteExtend`: strconv.Unquote that also takes single-quoted strings."""
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "\"'":
        raise ValueError("invalid syntax")
    quote, body = text[0], text[1:-1]
    if "\\" not in body and quote not in body:
        return body
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == quote:
            raise ValueError("invalid syntax")
        if char != "\\":
            out.append(char)
            i += 1
            continue
        escape = body[i + 1:i + 2]
        if escape in SIMPLE_ESCAPES or escape == quote:
            out.append(SIMPLE_ESCAPES.get(escape, quote))
            i += 2
        elif escape in ("x", "u", "U"):
            size = {"x": 2, "u": 4, "U": 8}[escape]
            digits = body[i + 2:i + 2 + size]
            if len(digits) != size or not re.fullmatch(r"[0-9a-fA-F]+", digits):
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 16)))
            i += 2 + size
        elif re.fullmatch(r"[0-7]{3}", body[i + 1:i + 4] or ""):
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            raise ValueError("invalid syntax")
    return "".join(out)


def parse_action(text: str) -> Node:
    """`parseAction`: the single action `{text}` as a list node."""
    return Parser("{" + text + "}").parse().nodes[0]


def parse(template: str) -> Node:
    return Parser(template).parse()
