"""GNU regular expressions (grep's BRE and ERE) on a linear-time engine.

Patterns are translated into RE2's syntax and compiled with google-re2, which runs in
time linear in the input whatever the pattern: `(a|a)+b` on a long line of `a` cannot
backtrack catastrophically as Python's `re` does. A pattern GNU grep refuses is refused
with grep's own message (`Unmatched ( or \\(`, `Trailing backslash`, ...), for the
caller to print as `grep: <message>` with status 2.

Not simulated yet: back-references (`\\1`), which no linear-time engine offers; they are
refused saying so, never run on a backtracking engine. `\\<` and `\\>` match at any word
boundary (RE2 has no look-around), which differs from GNU only around non-word text.
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

POSIX_CLASSES = {
    "alpha": "a-zA-Z", "upper": "A-Z", "lower": "a-z", "digit": "0-9", "alnum": "0-9A-Za-z",
    "xdigit": "0-9A-Fa-f", "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~",
    "print": r" -~", "graph": r"!-~", "cntrl": r"\x00-\x1f\x7f",
}
UNMATCHED_BRACKET = "Unmatched [, [^, [:, [., or [="
ESCAPES = {"w": r"\w", "W": r"\W", "s": r"\s", "S": r"\S", "b": r"\b", "B": r"\B", "<": r"\b", ">": r"\b",
           "`": r"\A", "'": r"\z"}
RE2_OPTIONS_LOG = False


class PatternError(Exception):
    """A pattern GNU grep would refuse; the message is grep's (without the `grep: `)."""


@dataclass
class GnuRegex:
    """A compiled pattern: `search(line)` is whether the line matches, `matches(line)` the
    non-empty matched texts left to right (grep -o)."""

    compiled: object
    whole: str | None = None  # "word" or "line": the text wanted is group 1 of the wrapping

    def search(self, line: str) -> bool:
        return self.compiled.search(line) is not None

    def matches(self, line: str) -> list[str]:
        found, pos = [], 0
        while pos <= len(line):
            match = self.compiled.search(line, pos)
            if match is None:
                break
            start, end = match.span(1) if self.whole else match.span()
            if end > start:
                found.append(line[start:end])
            # a word match's trailing non-word character may lead the next one: search again from it
            pos = max(end - 1, start + 1) if self.whole == "word" and end > start else max(end, start + 1)
        return found


def compile_pattern(pattern: str, *, extended: bool = False, fixed: bool = False,
                    ignore_case: bool = False, whole: str | None = None) -> GnuRegex:
    """grep's PATTERNS: newline-separated alternatives, each a BRE, an ERE (-E) or a string (-F).
    `whole="word"` (grep -w): a match must have a non-word character or the line's edge on each
    side, as GNU's -w tests; RE2 has no look-around, so the neighbours are matched and the match
    proper is group 1. `whole="line"` (grep -x): the match must be the whole line."""
    alternatives = pattern.split("\n")
    if fixed:
        parts = [re2.escape(text) for text in alternatives]
    else:
        parts = [Translator(text, extended).translate() for text in alternatives]
    source = parts[0] if len(parts) == 1 else "|".join(f"(?:{part})" for part in parts)
    if whole == "word":
        source = f"(?:^|[^0-9A-Za-z_])({source})(?:[^0-9A-Za-z_]|$)"
    elif whole == "line":
        source = f"^({source})$"
    options = re2.Options()
    options.log_errors = RE2_OPTIONS_LOG
    options.case_sensitive = not ignore_case
    options.max_mem = 64 << 20  # RE2's own bound on its automaton; over it compiling fails
    try:
        return GnuRegex(re2.compile(source, options), whole)
    except re2.error:
        raise PatternError("Regular expression too big") from None


class Translator:
    """One BRE or ERE into RE2 syntax, checking it as GNU's regcomp does."""

    def __init__(self, pattern: str, extended: bool) -> None:
        self.pattern = pattern
        self.extended = extended
        self.pos = 0
        self.out: list[str] = []
        self.groups_open = 0
        self.group_starts: list[int] = []  # where each open group's `(?:` is in `out`
        self.groups_closed = 0
        self.can_repeat = False  # is there an atom a `*` could apply to?
        self.atom_start = 0  # where the last atom starts in `out`
        self.repeated = False  # the last atom already carries a repetition

    def translate(self) -> str:
        while self.pos < len(self.pattern):
            self.step()
        if self.groups_open:
            raise PatternError("Unmatched ( or \\(")
        return "".join(self.out)

    def step(self) -> None:
        char = self.pattern[self.pos]
        self.pos += 1
        if char == "\\":
            self.escape()
        elif char == "[":
            self.emit(self.bracket(), atom=True)
        elif char == ".":
            self.emit(".", atom=True)
        elif char == "*":
            self.repeat("*")
        elif char == "^":
            self.anchor_start()
        elif char == "$":
            self.anchor_end()
        elif self.extended and char in "()|+?{":
            self.operator(char)
        else:
            self.emit(re2.escape(char), atom=True)

    def emit(self, text: str, *, atom: bool, start: int | None = None) -> None:
        if atom:
            self.atom_start = len(self.out) if start is None else start
            self.repeated = False
        self.out.append(text)
        self.can_repeat = atom

    # operators -------------------------------------------------------------
    def operator(self, char: str) -> None:
        if char == "(":
            self.open_group()
        elif char == ")":
            self.close_group()
        elif char == "|":
            self.emit("|", atom=False)
        elif char == "{":
            self.interval()
        else:
            self.repeat(char)

    def open_group(self) -> None:
        self.groups_open += 1
        self.group_starts.append(len(self.out))
        self.emit("(?:", atom=False)

    def close_group(self) -> None:
        if not self.groups_open:
            raise PatternError("Unmatched ) or \\)")
        self.groups_open -= 1
        self.groups_closed += 1
        self.emit(")", atom=True, start=self.group_starts.pop())

    def repeat(self, op: str) -> None:
        if not self.can_repeat:  # at the start of an expression it is an ordinary character
            self.emit(re2.escape(op), atom=True)
            return
        self.apply_repetition(op)

    def apply_repetition(self, op: str) -> None:
        """GNU stacks repetitions (`a**`, `a+{2}`); RE2 wants the inner one grouped."""
        if self.repeated:
            self.out[self.atom_start:] = ["(?:" + "".join(self.out[self.atom_start:]) + ")"]
        self.out.append(op)
        self.repeated = True
        self.can_repeat = True

    def interval(self) -> None:
        """`{m}`, `{m,}`, `{,n}`, `{m,n}` after `{` (ERE) or `\\{` (BRE)."""
        closing = "}" if self.extended else "\\}"
        end = self.pattern.find(closing, self.pos)
        body = self.pattern[self.pos:end] if end >= 0 else None
        if body is None or not _interval_body(body):
            if self.extended:  # GNU's ERE takes a `{` that starts no interval literally
                self.emit(r"\{", atom=True)
                return
            raise PatternError("Unmatched \\{" if end < 0 else "Invalid content of \\{\\}")
        low, _, high = body.partition(",")
        low_n = int(low or 0)
        if "," in body and high and int(high) < low_n:
            raise PatternError("Invalid content of \\{\\}")
        if max(low_n, int(high or 0)) > 32767:
            raise PatternError("Regular expression too big")
        self.pos = end + len(closing)
        if not self.can_repeat:
            if self.extended:
                self.emit(re2.escape("{" + body + "}"), atom=True)
                return
            raise PatternError("Invalid preceding regular expression")
        self.apply_repetition("{" + (low or "0") + ("," + high if "," in body else "") + "}")

    def anchor_start(self) -> None:
        if self.extended or not self.out or self.out[-1] in ("(?:", "|"):
            self.emit("^", atom=False)
        else:
            self.emit(r"\^", atom=True)

    def anchor_end(self) -> None:
        rest = self.pattern[self.pos:]
        if self.extended or not rest or rest.startswith(("\\)", "\\|")):
            self.emit("$", atom=False)
        else:
            self.emit(r"\$", atom=True)

    # escapes ---------------------------------------------------------------
    def escape(self) -> None:
        if self.pos >= len(self.pattern):
            raise PatternError("Trailing backslash")
        char = self.pattern[self.pos]
        self.pos += 1
        if char.isdigit() and char != "0":
            raise PatternError("Invalid back reference" if int(char) > self.groups_closed
                               else "back-references are not simulated by KubeGrade")
        if not self.extended and char in "()|+?{}":
            self._bre_operator(char)
        elif char in ESCAPES:
            self.emit(ESCAPES[char], atom=char in "wWsS")
        else:
            self.emit(re2.escape(char), atom=True)

    def _bre_operator(self, char: str) -> None:
        if char == "(":
            self.open_group()
        elif char == ")":
            self.close_group()
        elif char == "|":
            self.emit("|", atom=False)
        elif char == "{":
            self.interval()
        elif char == "}":
            self.emit(r"\}", atom=True)
        else:
            self.repeat(char)

    # bracket expressions ---------------------------------------------------
    def bracket(self) -> str:
        """`[...]` from after its `[`: POSIX rules (a leading `]` is literal, a backslash is
        literal, `[:class:]` inside), emitted as an RE2 class of explicit ranges."""
        start = self.pos - 1
        negate = self._take("^")
        items: list[str] = []
        first = True
        while True:
            if self.pos >= len(self.pattern):
                raise PatternError(UNMATCHED_BRACKET)
            char = self.pattern[self.pos]
            if char == "]" and not first:
                self.pos += 1
                break
            first = False
            if char == "[" and self.pattern[self.pos + 1:self.pos + 2] in (":", "=", "."):
                items.append(self._bracket_special())
                continue
            self.pos += 1
            items.append(self._range_or_char(char))
        text = self.pattern[start:self.pos]
        if len(text) > 4 and text[1] == ":" and text[-2] == ":":
            raise PatternError(f"character class syntax is [{text}], not {text}")
        return "[" + ("^" if negate else "") + "".join(items) + "]"

    def _take(self, char: str) -> bool:
        if self.pattern[self.pos:self.pos + 1] == char:
            self.pos += 1
            return True
        return False

    def _bracket_special(self) -> str:
        kind = self.pattern[self.pos + 1]
        end = self.pattern.find(kind + "]", self.pos + 2)
        if end < 0:
            raise PatternError(UNMATCHED_BRACKET)
        name = self.pattern[self.pos + 2:end]
        self.pos = end + 2
        if kind == ":":
            if name not in POSIX_CLASSES:
                raise PatternError("Invalid character class name")
            return POSIX_CLASSES[name]
        if len(name) != 1:
            raise PatternError("Invalid collation character")
        return _class_char(name)

    def _range_or_char(self, char: str) -> str:
        following = self.pattern[self.pos:self.pos + 2]
        if len(following) == 2 and following[0] == "-" and following[1] != "]":
            high = following[1]
            self.pos += 2
            if ord(high) < ord(char):
                raise PatternError("Invalid range end")
            return _class_char(char) + "-" + _class_char(high)
        return _class_char(char)


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def _interval_body(body: str) -> bool:
    low, comma, high = body.partition(",")
    return (low.isdigit() or (comma and not low)) and (not high or high.isdigit()) and bool(low or high or comma) \
        and (low.isdigit() or high.isdigit())
