"""JSON manifests: encoding/json.Decoder over a stream of values, as YAMLOrJSONDecoder reads them
when the first non-space byte is `{`.

A port of encoding/json's scanner finds where each value ends, or Go's text for the first bad byte
(`json: line N: invalid character ...`, `unexpected EOF`), raised as ParseError. Values decode by
util/json's number rule: integers that fit int64 stay ints, other numbers float64, and a number
float64 cannot hold makes the document an OutOfRange.
"""

from __future__ import annotations

import json
import math

from simulator.registry.openapi_schema import go_quote
from simulator.shell.kubectl.go_json import MAX_DEPTH, TooDeep


class ParseError(Exception):
    """The part after `error parsing <file>: `."""


class _JsonSyntax(Exception):
    """encoding/json SyntaxError: message and Offset (bytes read from the value's start)."""


class _JsonEOF(Exception):
    pass


def json_documents(data: bytes):
    """encoding/json.Decoder over the stream; syntax errors as `json: line N: ...` (0-based N)."""
    position = 0
    while True:
        try:
            end = _JsonScanner(data, position).value(position, 0)
        except _JsonEOF:
            if data[position:].strip(b" \t\r\n"):
                raise ParseError("unexpected EOF") from None
            return
        except _JsonSyntax as error:
            message, offset = error.args
            js = data[position:] if len(data) - position > offset else data[:4096]
            line = js[:js[:offset].rfind(b"\n") + 1].count(b"\n")
            raise ParseError(f"json: line {line}: {message}") from None
        raw = data[position:end].strip(b" \t\r\n\v\f")
        position = end
        try:  # util/json: integer literals that fit become int64, other numbers float64
            value = json.loads(raw, parse_int=_json_int, parse_float=_json_float)
        except OutOfRange as error:
            value = error
        if value is not None:
            yield value, raw.decode()


class OutOfRange(Exception):
    """A JSON number float64 cannot hold: util/json refuses the document."""

    @property
    def reason(self) -> str:
        return f"strconv.ParseFloat: parsing {go_quote(self.args[0])}: value out of range"


def _json_float(text: str) -> float:
    if math.isinf(value := float(text)):
        raise OutOfRange(text)
    return value


def _json_int(text: str) -> int | float:
    return int(text) if len(text) < 21 and -(2**63) <= int(text) < 2**63 else _json_float(text)


class _JsonScanner:
    """encoding/json's scanner for one value: where it ends, or Go's message for the first bad byte."""

    def __init__(self, data: bytes, start: int):
        self.data, self.start = data, start

    def fail(self, index: int, context: str):
        byte = self.data[index]
        shown = {0x27: "'\\''", 0x22: "'\"'"}.get(byte) or "'" + go_quote(chr(byte))[1:-1] + "'"
        raise _JsonSyntax(f"invalid character {shown} {context}", index - self.start + 1)

    def at(self, index: int) -> int:
        if index >= len(self.data):
            raise _JsonEOF
        return self.data[index]

    def skip(self, index: int) -> int:
        while self.at(index) in b" \t\r\n":
            index += 1
        return index

    def value(self, index: int, depth: int) -> int:
        index = self.skip(index)
        byte = self.data[index]
        if byte in b"{[":
            if depth >= MAX_DEPTH:
                raise TooDeep
            return (self.object if byte == 0x7B else self.array)(index + 1, depth + 1)
        if byte == 0x22:
            return self.string(index + 1)
        if byte == 0x2D or 0x30 <= byte <= 0x39:
            return self.number(index)
        for word in (b"true", b"false", b"null"):
            if byte == word[0]:
                for offset in range(1, len(word)):
                    if self.at(index + offset) != word[offset]:
                        self.fail(index + offset, f"in literal {word.decode()} (expecting '{chr(word[offset])}')")
                return index + len(word)
        self.fail(index, "looking for beginning of value")

    def object(self, index: int, depth: int) -> int:
        if self.at(index := self.skip(index)) == 0x7D:
            return index + 1
        while True:
            if self.at(index := self.skip(index)) != 0x22:
                self.fail(index, "looking for beginning of object key string")
            if self.at(index := self.skip(self.string(index + 1))) != 0x3A:
                self.fail(index, "after object key")
            index = self.skip(self.value(index + 1, depth))
            if self.data[index] == 0x7D:
                return index + 1
            if self.data[index] != 0x2C:
                self.fail(index, "after object key:value pair")
            index += 1

    def array(self, index: int, depth: int) -> int:
        if self.at(index := self.skip(index)) == 0x5D:
            return index + 1
        while True:
            index = self.skip(self.value(index, depth))
            if self.data[index] == 0x5D:
                return index + 1
            if self.data[index] != 0x2C:
                self.fail(index, "after array element")
            index += 1

    def string(self, index: int) -> int:
        while (byte := self.at(index)) != 0x22:
            if byte == 0x5C:
                escape = self.at(index + 1)
                if escape == 0x75:
                    for offset in range(2, 6):
                        if self.at(index + offset) not in b"0123456789abcdefABCDEF":
                            self.fail(index + offset, "in \\u hexadecimal character escape")
                    index += 4
                elif escape not in b'bfnrt\\/"':
                    self.fail(index + 1, "in string escape code")
                index += 1
            elif byte < 0x20:
                self.fail(index, "in string literal")
            index += 1
        return index + 1

    def number(self, index: int) -> int:
        digits = b"0123456789"
        if self.data[index] == 0x2D and self.at(index := index + 1) not in digits:
            self.fail(index, "in numeric literal")
        index = index + 1 if self.data[index] == 0x30 else self.digits(index)
        if index < len(self.data) and self.data[index] == 0x2E:
            if self.at(index := index + 1) not in digits:
                self.fail(index, "after decimal point in numeric literal")
            index = self.digits(index)
        if index < len(self.data) and self.data[index] in b"eE":
            index += 1 + (self.at(index + 1) in b"+-")
            if self.at(index) not in digits:
                self.fail(index, "in exponent of numeric literal")
            index = self.digits(index)
        return index

    def digits(self, index: int) -> int:
        while index < len(self.data) and 0x30 <= self.data[index] <= 0x39:
            index += 1
        return index
