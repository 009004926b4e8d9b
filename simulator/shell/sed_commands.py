"""What a compiled sed script is made of (`sed_script` builds them, `sed_editor` runs them):
addresses, commands with their arguments, `s`'s replacement as parts, `y`'s table."""

from __future__ import annotations

from dataclasses import dataclass, field


class SedError(Exception):
    """A script GNU sed refuses: the message is sed's, after `sed: `; status 1, or 4 for what
    GNU reports through `panic` (a jump to a label that does not exist)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Address:
    kind: str  # "num", "mod" (first~step), "last", "regex", "plus" (+N), "tilde" (~N)
    number: int = 0
    step: int = 0
    regex: object = None


@dataclass
class Replacement:
    """`s`'s right-hand side: literal text and group references, with GNU's case conversions."""
    parts: list[tuple[str, object]]  # ("text", str), ("group", n), ("case", "U"|"L"|"E"|"u"|"l")
    max_group: int = 0


@dataclass
class Command:
    name: str
    a1: Address | None = None
    a2: Address | None = None
    negate: bool = False
    regex: object = None  # s
    replacement: Replacement | None = None
    global_: bool = False
    occurrence: int = 1
    print_: bool = False
    text: str = ""  # a, i, c; the label of b, t, T, :
    table: dict[str, str] = field(default_factory=dict)  # y
    exit_code: int = 0  # q, Q
    jump: int = -1  # `{`: the index of its `}`; b, t, T: the label's index (-1: the end)
    active: bool = False  # a range between its two addresses
    range_end: int = 0


def unescape_y(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            index += 1
            char = {"n": "\n", "t": "\t", "\\": "\\"}.get(text[index], "\\" + text[index])
        out.append(char)
        index += 1
    return "".join(out)


def parse_replacement(text: str) -> Replacement:
    """setup_replacement: `&` the match, `\\1`..`\\9` groups, `\\n` a newline, `\\U \\L \\E \\u \\l` case."""
    parts: list[tuple[str, object]] = []
    literal: list[str] = []
    max_group, index = 0, 0

    def flush() -> None:
        if literal:
            parts.append(("text", "".join(literal)))
            literal.clear()

    while index < len(text):
        char = text[index]
        if char == "&":
            flush()
            parts.append(("group", 0))
        elif char == "\\" and index + 1 < len(text):
            index += 1
            char = text[index]
            if char.isdigit():
                flush()
                parts.append(("group", int(char)))
                max_group = max(max_group, int(char))
            elif char in "ULEul":
                flush()
                parts.append(("case", char))
            else:
                literal.append({"n": "\n", "t": "\t"}.get(char, char))
        else:
            literal.append(char)
        index += 1
    flush()
    return Replacement(parts, max_group)
