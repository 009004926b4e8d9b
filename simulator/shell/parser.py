"""Split a command line the way bash does: quotes, `;`, `&&`, `||`, `|`, and `#` comments.

Parameters (`$NAME`, `${NAME}`, `$?`) and command substitution (`$(...)`) expand
through a callback, with word splitting when unquoted. Redirections and globbing are
not supported yet; they reach the program as literal words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

# expand(kind, text): kind is "var" (a parameter name) or "command" (a command line)
Expander = Callable[[str, str], str]
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\?")


def no_expansion(kind: str, text: str) -> str:
    return "$" + (text if kind == "var" else f"({text})")


class ParseError(Exception):
    """bash's own syntax error text, e.g. `bash: syntax error near unexpected token `|'`."""


@dataclass
class Pipeline:
    commands: list[list[str]] = field(default_factory=list)
    connector: str = ";"  # how this pipeline joins the previous one: ";", "&&" or "||"


SPECIAL = frozenset("'\"\\$;|&#")
PLAIN_RUN = re.compile(r"[^\s'\"\\$;|&#]+")


def tokenize(line: str, expand: Expander = no_expansion) -> list[str]:
    """Words and operators; operators are marked by a leading NUL so quoted ones stay words."""
    if SPECIAL.isdisjoint(line):
        return line.split()
    tokens: list[str] = []
    word: list[str] = []
    in_word = False
    i, n = 0, len(line)
    while i < n:
        plain = PLAIN_RUN.match(line, i)
        if plain:
            word.append(plain.group())
            in_word, i = True, plain.end()
            continue
        ch = line[i]
        if ch in " \t\r\n":
            if in_word:
                tokens.append("".join(word))
                word, in_word = [], False
            i += 1
        elif ch == "#" and not in_word:
            break
        elif ch == "'":
            end = line.find("'", i + 1)
            if end < 0:
                raise ParseError("bash: unexpected EOF while looking for matching `''")
            word.append(line[i + 1:end])
            in_word, i = True, end + 1
        elif ch == '"':
            text, i = _double_quoted(line, i + 1, expand)
            word.append(text)
            in_word = True
        elif ch == "$" and i + 1 < n:
            value, i = _expansion(line, i + 1, expand)
            if value is None:
                word.append("$")
                in_word = True
                continue
            pieces = value.split()
            if not pieces:
                continue
            if value[:1].isspace() and in_word:
                tokens.append("".join(word))
                word = []
            word.append(pieces[0])
            for piece in pieces[1:]:
                tokens.append("".join(word))
                word = [piece]
            in_word = True
        elif ch == "\\" and i + 1 < n:
            word.append(line[i + 1])
            in_word, i = True, i + 2
        elif line.startswith(("&&", "||"), i) or ch in ";|":
            if in_word:
                tokens.append("".join(word))
                word, in_word = [], False
            op = line[i:i + 2] if line.startswith(("&&", "||"), i) else ch
            tokens.append("\0" + op)
            i += len(op)
        else:
            word.append(ch)
            in_word, i = True, i + 1
    if in_word:
        tokens.append("".join(word))
    return tokens


def _expansion(line: str, i: int, expand: Expander) -> tuple[str | None, int]:
    """Expand what follows a `$` at line[i]; None when it is a literal dollar sign."""
    if line[i] == "(":
        depth, j = 1, i + 1
        while j < len(line) and depth:
            depth += {"(": 1, ")": -1}.get(line[j], 0)
            j += 1
        if depth:
            raise ParseError("bash: unexpected EOF while looking for matching `)'")
        return expand("command", line[i + 1:j - 1]), j
    if line[i] == "{":
        end = line.find("}", i)
        if end < 0:
            raise ParseError("bash: unexpected EOF while looking for matching `}'")
        return expand("var", line[i + 1:end]), end + 1
    match = NAME.match(line, i)
    if not match:
        return None, i
    return expand("var", match.group()), match.end()


def _double_quoted(line: str, i: int, expand: Expander = no_expansion) -> tuple[str, int]:
    text: list[str] = []
    while i < len(line):
        ch = line[i]
        if ch == "$" and i + 1 < len(line):
            value, j = _expansion(line, i + 1, expand)
            if value is not None:
                text.append(value)
                i = j
                continue
        if ch == '"':
            return "".join(text), i + 1
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`':
            text.append(line[i + 1])
            i += 2
            continue
        text.append(ch)
        i += 1
    raise ParseError('bash: unexpected EOF while looking for matching `"\'')


SEPARATORS = frozenset(";&|#'\"\\")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def leading_assignments(argv: list[str]) -> list[str]:
    """`NAME=value` words before the command (`A=1 B=2 cmd`), which bash treats as assignments."""
    count = 0
    while count < len(argv) and ASSIGNMENT.match(argv[count]):
        count += 1
    return argv[:count]


def split_statements(line: str) -> list[tuple[str, str]]:
    """Cut a line at top-level `;`, `&&` and `||` into (connector, text), so each statement
    is expanded only when it runs (`false; echo $?` prints 1, as in bash)."""
    if SEPARATORS.isdisjoint(line):
        parse(line)
        return [(";", line)] if line.strip() else []
    parse(line)  # raises bash's syntax errors before anything runs
    statements: list[tuple[str, str]] = []
    connector, start, i, depth, quote = ";", 0, 0, 0, ""
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "\\":
            i += 1
        elif line.startswith("$(", i):
            depth += 1
            i += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "#" and not depth and (i == 0 or line[i - 1] in " \t"):
            break
        elif not depth and (line.startswith(("&&", "||"), i) or ch == ";"):
            statements.append((connector, line[start:i]))
            connector = line[i:i + 2] if ch != ";" else ";"
            i += len(connector)
            start = i
            continue
        i += 1
    statements.append((connector, line[start:i]))
    return [(c, text) for c, text in statements if text.strip()]


def parse(line: str, expand: Expander = no_expansion) -> list[Pipeline]:
    """A list of pipelines joined by `;`, `&&`, `||`; each pipeline a list of argv lists."""
    pipelines: list[Pipeline] = []
    current = Pipeline()
    argv: list[str] = []
    last_op = ""
    for token in tokenize(line, expand):
        if token.startswith("\0"):
            op = token[1:]
            if not argv:
                raise ParseError(f"bash: syntax error near unexpected token `{op}'")
            current.commands.append(argv)
            argv, last_op = [], op
            if op != "|":
                pipelines.append(current)
                current = Pipeline(connector=op)
            continue
        argv.append(token)
        last_op = ""
    if last_op in ("&&", "||", "|"):
        raise ParseError("bash: syntax error: unexpected end of file")
    if argv:
        current.commands.append(argv)
    if current.commands:
        pipelines.append(current)
    return pipelines
