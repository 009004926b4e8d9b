"""What a student hands in: limits (refusing what is too big), the command lines, and
whether anything the spec asks for is there at all.

`over_limit` is the one rule for an assignment's limits: the engine refuses with it
(`enforce_limits`) and the platform checks uploads with it before storing them (through
`kubegrade.courses.bank`), so a submission the platform accepts is never refused later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from scoring.bank import SubmissionSpec
from scoring.messages import text
from simulator.shell.parser import ParseError, tokenize

PASTED_PROMPT = re.compile(r"^(?:remote|master|worker\d+)\s*>\s+")  # lines copied from the lecture's transcripts


class SubmissionRejected(Exception):
    """Over a declared limit (files, bytes or commands); the message, in the student's language,
    names the limit (`max_files=3`)."""


def command_lines(commands: str) -> list[str]:
    """The lines to run: blank lines, comments and a shebang dropped, pasted prompts removed."""
    lines = []
    for raw in (commands or "").splitlines():
        line = PASTED_PROMPT.sub("", raw.strip())
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def count_commands(lines: list[str]) -> int:
    """Simple commands, as the shell will run them: `a; b && c | d` is four, and so is
    each command inside `$(...)`, so joining lines never slips past `max_commands`."""
    return sum(_commands_in(line) for line in lines)


def _commands_in(line: str) -> int:
    nested = 0

    def count_nested(kind: str, inner: str) -> str:
        nonlocal nested
        if kind == "command":
            nested += _commands_in(inner)
        return "x"

    try:
        tokens = tokenize(line, count_nested)
    except (ParseError, RecursionError):
        return 1  # the shell refuses it before running anything
    operators = sum(1 for token in tokens if token.startswith("\0"))
    return operators + 1 + nested


@dataclass(frozen=True)
class OverLimit:
    """The limit a submission is over (`max_bytes`), its value, and how much was handed in."""

    limit: str
    limit_value: int
    handed_in: int


def over_limit(spec: SubmissionSpec, files: Mapping[str, bytes], commands: str) -> OverLimit | None:
    """The first limit the submission is over, or None. Bytes are the files' and the
    commands' together; commands are counted (as the shell runs them, `count_commands`)
    only where the assignment takes them, since elsewhere they are ignored."""
    if len(files) > spec.max_files:
        return OverLimit("max_files", spec.max_files, len(files))
    size = sum(len(data) for data in files.values()) + len((commands or "").encode("utf-8"))
    if size > spec.max_bytes:
        return OverLimit("max_bytes", spec.max_bytes, size)
    count = count_commands(command_lines(commands)) if spec.commands else 0
    if count > spec.max_commands:
        return OverLimit("max_commands", spec.max_commands, count)
    return None


_REFUSALS = {"max_files": ("too_many_files", "count"), "max_bytes": ("too_large", "size"),
             "max_commands": ("too_many_commands", "count")}  # catalogue key, and what it calls the amount


def enforce_limits(spec: SubmissionSpec, files: dict[str, bytes], commands: str, lang: str = "en") -> None:
    over = over_limit(spec, files, commands)
    if over is not None:
        key, amount = _REFUSALS[over.limit]
        raise SubmissionRejected(text(key, lang, limit=over.limit_value, **{amount: over.handed_in}))
    for name in files:
        if name.startswith("/") or ".." in name.split("/"):
            raise SubmissionRejected(text("bad_file_name", lang, name=repr(name)))


def asked_for(spec: SubmissionSpec, files: dict[str, bytes], commands: str) -> bool:
    """Anything the spec asks for is there: one of its files, or commands when it takes them."""
    has_commands = spec.commands and bool(command_lines(commands))
    return has_commands or any(name in files for name in spec.files)


def describe_wanted(spec: SubmissionSpec) -> str:
    wanted = list(spec.files) + (["commands.sh"] if spec.commands else [])
    return ", ".join(wanted)
