"""A submission as copy detection compares it: comments and whitespace gone, the student's
own variant values replaced by `{{ variable }}` placeholders.

Two students who copied each other's structure, each with their own names, end up with
the same normalised text. Files are taken in name order, each under a `== name` line,
then the typed commands under `== commands`. YAML and shell share `#` comments, so one
rule serves both: a `#` at the start of a line or after whitespace, outside quotes, ends
the line. Indentation is whitespace too: `  port: 80` and `    port: 80` compare equal.
Not done yet: YAML-aware comparison (key order, flow vs block style still count as
differences), and `#` inside a block scalar is taken for a comment.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from scoring.copies.values import placeholders

NAME_CHARS = r"A-Za-z0-9_\-"
TOKEN = re.compile(r"\{\{ [\w.]+ \}\}|[A-Za-z0-9_./:\-]+|[^\sA-Za-z0-9_./:\-]")


def normalised_lines(files: Mapping[str, bytes], commands: str, variant: Mapping[str, Any]) -> list[str]:
    substitute = placeholder_substitution(variant)
    lines: list[str] = []
    for name in sorted(files):
        lines.append(f"== {substitute(name)}")
        lines.extend(substitute(line) for line in code_lines(decoded(files[name])))
    command_lines = code_lines(commands or "")
    if command_lines:
        lines.append("== commands")
        lines.extend(substitute(line) for line in command_lines)
    return lines


def decoded(data: bytes | str) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def code_lines(text: str) -> list[str]:
    """The non-blank lines of `text`, comments dropped and whitespace collapsed."""
    lines = (" ".join(without_comment(line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def without_comment(line: str) -> str:
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def placeholder_substitution(variant: Mapping[str, Any]):
    """A function replacing each of the student's own values by `{{ variable }}`.

    Longest values first, so `rs-node-web` becomes `{{ rs }}` rather than `rs-{{ app }}`;
    a value counts only as a whole name (`svc-web-x7kq` inside `svc-web-x7kq.default.svc`
    is replaced, inside `svc-web-x7kq2` it is not).
    """
    names = placeholders(variant)
    if not names:
        return lambda text: text
    alternatives = "|".join(re.escape(value) for value in sorted(names, key=len, reverse=True))
    pattern = re.compile(f"(?<![{NAME_CHARS}])(?:{alternatives})(?![{NAME_CHARS}])")
    return lambda text: pattern.sub(lambda match: "{{ " + names[match.group(0)] + " }}", text)


def tokens(lines: list[str]) -> list[str]:
    """Words, placeholders and punctuation, with a line break counted as a token."""
    out: list[str] = []
    for line in lines:
        out.extend(TOKEN.findall(line))
        out.append("\n")
    return out
