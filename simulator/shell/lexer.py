"""Cutting a command line into bash's tokens: words (quotes, `$(...)`, `${...}` and
backquotes kept whole and raw) and the control operators `;;`, `&&`, `||`, `;`, `&`, `|`,
`(`, `)` and newline, and redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `&>`). `#` at a word's start begins a comment; `\\` before a newline joins lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.shell.parser import ParseError

OPERATORS = (";;", "&&", "||", ";", "&", "|", "(", ")", "\n")
# a redirection operator, its file descriptor first (`2>`, `2>&1`'s `2>&`, `&>`, `>>`, `<`);
# its target is the word after it
REDIRECTION = re.compile(r"(?:[0-9])?(?:>>|>&|>\||>|<&|<)|&>>|&>")


@dataclass
class Token:
    kind: str  # "word", "op", "redir" or "eof"
    text: str
    start: int
    end: int


def lex(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r":
            i += 1
            continue
        if ch == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if ch == "\\" and text.startswith("\\\n", i):
            i += 2
            continue
        redirection = REDIRECTION.match(text, i)
        if redirection:
            tokens.append(Token("redir", redirection.group(), i, redirection.end()))
            i = redirection.end()
            continue
        op = next((o for o in OPERATORS if text.startswith(o, i)), None)
        if op:
            tokens.append(Token("op", op, i, i + len(op)))
            i += len(op)
            continue
        end = _word_end(text, i)
        tokens.append(Token("word", text[i:end], i, end))
        i = end
    tokens.append(Token("eof", "", n, n))
    return tokens


def _word_end(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n;&|()<>":
            return i
        if ch == "\\":
            i += 2
        elif ch == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ParseError("bash: unexpected EOF while looking for matching `''")
            i = end + 1
        elif ch == '"':
            i = _double_quote_end(text, i + 1)
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise ParseError("bash: unexpected EOF while looking for matching ``'")
            i = end + 1
        elif ch == "$" and i + 1 < n and text[i + 1] in "({":
            i = _bracket_end(text, i + 1)
        else:
            i += 1
    return i


def _double_quote_end(text: str, i: int) -> int:
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"':
            return i + 1
        elif ch == "$" and i + 1 < len(text) and text[i + 1] in "({":
            i = _bracket_end(text, i + 1)
        else:
            i += 1
    raise ParseError('bash: unexpected EOF while looking for matching `"\'')


def _bracket_end(text: str, i: int) -> int:
    """The index after the `)` or `}` closing the bracket at text[i], quotes respected."""
    opening = text[i]
    closing = ")" if opening == "(" else "}"
    depth, j = 0, i
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "'" and opening == "(":
            end = text.find("'", j + 1)
            j = (end if end >= 0 else len(text)) + 1
            continue
        if ch == '"':
            j = _double_quote_end(text, j + 1)
            continue
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise ParseError(f"bash: unexpected EOF while looking for matching `{closing}'")
