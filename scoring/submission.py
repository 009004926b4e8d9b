"""What a student hands in: limits (refusing what is too big), the command lines, and
whether anything the spec asks for is there at all.
"""

from __future__ import annotations

import re

from scoring.bank import SubmissionSpec

PASTED_PROMPT = re.compile(r"^(?:remote|master|worker\d+)\s*>\s+")  # lines copied from the lecture's transcripts


class SubmissionRejected(Exception):
    """Over a declared limit (files, bytes or commands); the message names the limit."""


def command_lines(commands: str) -> list[str]:
    """The lines to run: blank lines, comments and a shebang dropped, pasted prompts removed."""
    lines = []
    for raw in (commands or "").splitlines():
        line = PASTED_PROMPT.sub("", raw.strip())
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def enforce_limits(spec: SubmissionSpec, files: dict[str, bytes], commands: str) -> None:
    if len(files) > spec.max_files:
        raise SubmissionRejected(f"too many files: {len(files)} handed in, the limit is max_files={spec.max_files}")
    size = sum(len(data) for data in files.values()) + len((commands or "").encode("utf-8"))
    if size > spec.max_bytes:
        raise SubmissionRejected(f"too large: {size} bytes handed in, the limit is max_bytes={spec.max_bytes}")
    count = len(command_lines(commands))
    if count > spec.max_commands and spec.commands:
        raise SubmissionRejected(f"too many commands: {count} lines, the limit is max_commands={spec.max_commands}")
    for name in files:
        if name.startswith("/") or ".." in name.split("/"):
            raise SubmissionRejected(f"file names must be relative paths inside the submission: {name!r}")


def asked_for(spec: SubmissionSpec, files: dict[str, bytes], commands: str) -> bool:
    """Anything the spec asks for is there: one of its files, or commands when it takes them."""
    has_commands = spec.commands and bool(command_lines(commands))
    return has_commands or any(name in files for name in spec.files)


def describe_wanted(spec: SubmissionSpec) -> str:
    wanted = list(spec.files) + (["commands.sh"] if spec.commands else [])
    return ", ".join(wanted)
