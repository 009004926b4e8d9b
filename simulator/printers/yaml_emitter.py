"""YAML exactly as kubectl 1.23 writes it: sigs.k8s.io/yaml over go-yaml v2.

A port of the parts of go-yaml v2 that JSON-shaped data reaches: map keys in
go-yaml's natural order (`keyList.Less`), strings quoted only when the resolver would
read them as something else (`"80"`, `"true"`, `""`, `"2022-08-03T10:30:00Z"`),
single quotes when plain style is not allowed, double quotes for unprintable text,
literal blocks (`|`, `|-`) for multi-line strings, sequences not indented under their
key, empty collections as `{}` and `[]`, and long scalars folded after column 80 as
libyaml's emitter does. Not ported: anchors, tags, flow style for non-empty
collections, and the `...` document end a `|+` scalar can trigger at the very end.
"""

from __future__ import annotations

from typing import Any

from simulator.printers.go_numbers import format_g
from simulator.printers.yaml_resolver import resolves_to_non_string, sorted_keys

BEST_INDENT, BEST_WIDTH = 2, 80
PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"
BREAKS = "\r\n\x85\u2028\u2029"


# scalar analysis (libyaml yaml_emitter_analyze_scalar) ----------------------------------


def _printable(char: str) -> bool:
    code = ord(char)
    return (code == 0x0A or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or (0xE000 <= code <= 0xFFFD and code != 0xFEFF))


def _analyze(text: str) -> dict[str, bool]:
    if not text:
        return {"multiline": False, "plain": False, "single": True, "block": False}
    block_indicators = text[:3] in ("---", "...")
    special = line_breaks = leading = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    preceded_by_whitespace = True
    for i, char in enumerate(text):
        followed_by_whitespace = i + 1 >= len(text) or text[i + 1] in " \t"
        if i == 0:
            if char in "#,[]{}&*!|>'\"%@`":
                block_indicators = True
            elif char in "?:" and followed_by_whitespace:
                block_indicators = True
            elif char == "-" and followed_by_whitespace:
                block_indicators = True
        elif (char == ":" and followed_by_whitespace) or (char == "#" and preceded_by_whitespace):
            block_indicators = True
        if not _printable(char):
            special = True
        if char == " ":
            leading = leading or i == 0
            trailing_space = i == len(text) - 1
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif char in BREAKS:
            line_breaks = True
            leading = leading or i == 0
            trailing_break = i == len(text) - 1
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_whitespace = char in " \t" or char in BREAKS
    plain = not (leading or trailing_space or trailing_break or break_space or space_break or special
                 or line_breaks or block_indicators)
    single = not (break_space or space_break or special)
    block = not (trailing_space or space_break or special)
    return {"multiline": line_breaks, "plain": plain, "single": single, "block": block}


# the emitter --------------------------------------------------------------------------


class Emitter:
    """libyaml's emitter state for block-style documents: column, indent stack, whitespace flags."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column, self.indent, self.indents = 0, -1, []
        self.whitespace = self.indention = True
        self.mapping_context = self.simple_key_context = False

    # low-level writes
    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_indent(self) -> None:
        indent = max(self.indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        self.put(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def write_indicator(self, text: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = BEST_INDENT if flow else 0
        elif not indentless:
            self.indent += BEST_INDENT

    # nodes
    def document(self, value: Any) -> str:
        self.node(value, mapping=False, simple_key=False)
        self.write_indent()
        return "".join(self.out)

    def node(self, value: Any, *, mapping: bool, simple_key: bool) -> None:
        self.mapping_context, self.simple_key_context = mapping, simple_key
        if isinstance(value, dict):
            self.mapping(value) if value else self.flow_empty("{", "}")
        elif isinstance(value, (list, tuple)):
            self.sequence(value) if value else self.flow_empty("[", "]")
        else:
            self.scalar(*_scalar_text(value))

    def flow_empty(self, start: str, end: str) -> None:
        self.write_indicator(start, True, True, False)
        self.increase_indent(True, False)
        self.indent = self.indents.pop()
        self.write_indicator(end, False, False, False)

    def mapping(self, value: dict) -> None:
        self.increase_indent(False, False)
        for key in sorted_keys(value):
            self.write_indent()
            key_text, key_style = _scalar_text(str(key))
            simple = len(key_text) <= 128 and not _analyze(key_text)["multiline"]
            if simple:
                self.node(str(key), mapping=True, simple_key=True)
                self.write_indicator(":", False, False, False)
            else:
                self.write_indicator("?", True, False, True)
                self.node(str(key), mapping=True, simple_key=False)
                self.write_indent()
                self.write_indicator(":", True, False, True)
            self.node(value[key], mapping=True, simple_key=False)
        self.indent = self.indents.pop()

    def sequence(self, value: list) -> None:
        self.increase_indent(False, self.mapping_context and not self.indention)
        for item in value:
            self.write_indent()
            self.write_indicator("-", True, False, True)
            self.node(item, mapping=False, simple_key=False)
        self.indent = self.indents.pop()

    def scalar(self, text: str, requested: str) -> None:
        style = self._select_style(text, requested)
        self.increase_indent(True, False)
        allow_breaks = not self.simple_key_context
        if style == PLAIN:
            self._plain(text, allow_breaks)
        elif style == SINGLE:
            self._single(text, allow_breaks)
        elif style == DOUBLE:
            self._double(text, allow_breaks)
        else:
            self._literal(text)
        self.indent = self.indents.pop()

    def _select_style(self, text: str, style: str) -> str:
        analysis = _analyze(text)
        if self.simple_key_context and analysis["multiline"]:
            style = DOUBLE
        if style == PLAIN and (not analysis["plain"] or (not text and self.simple_key_context)):
            style = SINGLE
        if style == SINGLE and not analysis["single"]:
            style = DOUBLE
        if style == LITERAL and (not analysis["block"] or self.simple_key_context):
            style = DOUBLE
        return style

    def _plain(self, text: str, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        spaces = False
        for i, char in enumerate(text):
            if char == " ":
                next_is_space = i + 1 < len(text) and text[i + 1] == " "
                if allow_breaks and not spaces and self.column > BEST_WIDTH and not next_is_space:
                    self.write_indent()
                else:
                    self.put(char)
                spaces = True
            else:
                self.put(char)
                self.indention = spaces = False
        self.whitespace = self.indention = False

    def _single(self, text: str, allow_breaks: bool) -> None:
        self.write_indicator("'", True, False, False)
        spaces = breaks = False
        for i, char in enumerate(text):
            if char == " ":
                if (allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < len(text) - 1
                        and text[i + 1] != " "):
                    self.write_indent()
                else:
                    self.put(char)
                spaces = True
            elif char in BREAKS:
                if not breaks and char == "\n":
                    self.put_break()
                self._write_break(char)
                self.indention, breaks = True, True
            else:
                if breaks:
                    self.write_indent()
                self.put("''" if char == "'" else char)
                self.indention = spaces = breaks = False
        self.write_indicator("'", False, False, False)
        self.whitespace = self.indention = False

    def _double(self, text: str, allow_breaks: bool) -> None:
        self.write_indicator('"', True, False, False)
        spaces = False
        for i, char in enumerate(text):
            if not _printable(char) or char == "\ufeff" or char in BREAKS or char in '"\\':
                self.put(_escape(char))
                spaces = False
            elif char == " ":
                if allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < len(text) - 1:
                    self.write_indent()
                    if text[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(char)
                spaces = True
            else:
                self.put(char)
                spaces = False
        self.write_indicator('"', False, False, False)
        self.whitespace = self.indention = False

    def _literal(self, text: str) -> None:
        self.write_indicator("|", True, False, False)
        if text[:1] == " " or text[:1] in BREAKS:
            self.write_indicator(str(BEST_INDENT), False, False, False)
        if not text or text[-1] not in BREAKS:
            self.write_indicator("-", False, False, False)
        elif len(text) == 1 or text[-2] in BREAKS:
            self.write_indicator("+", False, False, False)
        self.put_break()
        self.indention = self.whitespace = True
        breaks = True
        for char in text:
            if char in BREAKS:
                self._write_break(char)
                self.indention, breaks = True, True
            else:
                if breaks:
                    self.write_indent()
                self.put(char)
                self.indention = breaks = False

    def _write_break(self, char: str) -> None:
        if char == "\n":
            self.put_break()
        else:
            self.out.append(char)
            self.column = 0


def _escape(char: str) -> str:
    code = ord(char)
    named = {0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r", 0x1B: "e",
             0x22: '"', 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P"}
    if code in named:
        return "\\" + named[code]
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def _scalar_text(value: Any) -> tuple[str, str]:
    """The text and requested style go-yaml's encoder picks for a JSON value."""
    if value is None:
        return "null", PLAIN
    if isinstance(value, bool):
        return ("true" if value else "false"), PLAIN
    if isinstance(value, int):
        return str(value), PLAIN
    if isinstance(value, float):
        text = format_g(value)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text), PLAIN
    text = str(value)
    if "\n" in text:
        return text, LITERAL
    return text, (DOUBLE if resolves_to_non_string(text) else PLAIN)


def dump(value: Any) -> str:
    """One YAML document for JSON-shaped data, as `yaml.Marshal` returns it (ends in a newline)."""
    return Emitter().document(value)
