"""Words the way bash makes them: quotes, `$NAME`, `${NAME}`, `$?`, `$1`, `$((...))`,
`$(...)`, `~`, word splitting; and a flat split of a line at `;`, `&&`, `||`, `|`
(`parse`, `tokenize`: what the submission checker counts).

Expansions go through a callback. The grammar of whole lines (loops, `if`, `case`,
functions, `&`) is `simulator.shell.grammar`; it keeps each word raw and expands it
with `tokenize` when the command runs. Redirections are the grammar's
(`simulator.shell.redirection`). With `glob=True` a word comes out as a pattern for pathname
expansion (`simulator.shell.globbing`): what was quoted or escaped is backslash-escaped, so
only the unquoted `*`, `?` and `[` stay special; `globbing.unescape` gives the word back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

# expand(kind, text): kind is "var" (a parameter name) or "command" (a command line)
Expander = Callable[[str, str], str]
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[?#@*$!0-9]")


def no_expansion(kind: str, text: str) -> str:
    return "$" + (text if kind == "var" else f"({text})")


class ParseError(Exception):
    """bash's own syntax error text, e.g. `bash: syntax error near unexpected token `|'`."""


@dataclass
class Pipeline:
    commands: list[list[str]] = field(default_factory=list)
    connector: str = ";"  # how this pipeline joins the previous one: ";", "&&" or "||"


SPECIAL = frozenset("'\"\\$;|&#~")
PLAIN_RUN = re.compile(r"[^\s'\"\\$;|&#]+")


def tokenize(line: str, expand: Expander = no_expansion, split: bool = True, glob: bool = False) -> list[str]:
    """Words and operators; operators are marked by a leading NUL so quoted ones stay words.

    `split=False` expands without word splitting, as an assignment's value is expanded.
    A `~` starting a word (alone or before `/`) is the home directory: expand("tilde", "").
    `glob=True` escapes what globbing must take literally (see the module's docstring)."""
    if SPECIAL.isdisjoint(line):
        return line.split()
    quoted = escape_pattern if glob else _same
    expanded = _escape_backslashes if glob else _same
    tokens: list[str] = []
    word: list[str] = []
    in_word = False
    i, n = 0, len(line)
    while i < n:
        if line[i] == "~" and not in_word and (i + 1 == n or line[i + 1] in "/ \t;|&"):
            word.append(quoted(expand("tilde", "")) if expand is not no_expansion else "~")
            in_word, i = True, i + 1
            continue
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
            word.append(quoted(line[i + 1:end]))
            in_word, i = True, end + 1
        elif ch == '"':
            text, i = _double_quoted(line, i + 1, expand)
            word.append(quoted(text))
            in_word = True
        elif ch == "$" and i + 1 < n:
            value, i = _expansion(line, i + 1, expand)
            if value is None:
                word.append("$")
                in_word = True
                continue
            value = expanded(value)
            if not split:
                word.append(value)
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
            word.append(quoted(line[i + 1]))
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


def _same(text: str) -> str:
    return text


GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


def escape_pattern(text: str) -> str:
    """Quoted text inside a pattern: each character globbing treats specially, escaped."""
    return GLOB_SPECIAL.sub(r"\\\1", text)


def _escape_backslashes(text: str) -> str:
    """An unquoted expansion's value: its `*` globs, a backslash in it is only a backslash."""
    return text.replace("\\", "\\\\")


def _expansion(line: str, i: int, expand: Expander) -> tuple[str | None, int]:
    """Expand what follows a `$` at line[i]; None when it is a literal dollar sign."""
    if line.startswith("((", i):
        end = _arithmetic_end(line, i + 2)
        if end is not None:
            return expand("arith", line[i + 2:end]), end + 2
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


def _arithmetic_end(line: str, i: int) -> int | None:
    """Where the `))` closing a `$((` opened before line[i] is; None when it is `$( (...) )`."""
    depth = 0
    while i < len(line):
        if line[i] == "(":
            depth += 1
        elif line[i] == ")":
            if depth == 0:
                return i if line.startswith("))", i) else None
            depth -= 1
        i += 1
    raise ParseError("bash: unexpected EOF while looking for matching `)'")


def expand_text(text: str, expand: Expander) -> str:
    """`$` expansions inside a text with no quote removal (what `$((...))` sees first)."""
    return _double_quoted(text.replace('"', "\0") + '"', 0, expand)[0].replace("\0", '"')


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
