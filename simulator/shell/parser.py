"""Split a command line the way bash does: quotes, `;`, `&&`, `||`, `|`, and `#` comments.

Redirections, globbing, `$(...)` and variables other than a few well-known ones are not
expanded yet; they reach the program as literal words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPERATORS = ("&&", "||", ";", "|")


class ParseError(Exception):
    """bash's own syntax error text, e.g. `bash: syntax error near unexpected token `|'`."""


@dataclass
class Pipeline:
    commands: list[list[str]] = field(default_factory=list)
    connector: str = ";"  # how this pipeline joins the previous one: ";", "&&" or "||"


def tokenize(line: str) -> list[str]:
    """Words and operators; quoted operators stay words (marked by a leading NUL)."""
    tokens: list[str] = []
    word: list[str] = []
    in_word = False
    i, n = 0, len(line)
    while i < n:
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
            text, i = _double_quoted(line, i + 1)
            word.append(text)
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


def _double_quoted(line: str, i: int) -> tuple[str, int]:
    text: list[str] = []
    while i < len(line):
        ch = line[i]
        if ch == '"':
            return "".join(text), i + 1
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in '"\\$`':
            text.append(line[i + 1])
            i += 2
            continue
        text.append(ch)
        i += 1
    raise ParseError('bash: unexpected EOF while looking for matching `"\'')


def parse(line: str) -> list[Pipeline]:
    """A list of pipelines joined by `;`, `&&`, `||`; each pipeline a list of argv lists."""
    pipelines: list[Pipeline] = []
    current = Pipeline()
    argv: list[str] = []
    last_op = ""
    for token in tokenize(line):
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
