"""What running a command line gives back to its caller (the Python API, the CLI, the workspace)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EditRequest:
    """The file `kubectl edit` would open in $EDITOR: its path and its text, header included."""

    path: str
    content: str


@dataclass
class CommandResult:
    output: str  # stdout and stderr in the order written
    stdout: str
    stderr: str
    exit_code: int
    prompt: str = "remote > "
    following: bool = False  # an interactive `kubectl get -w` is still printing: `Session.follow` reads on
    editing: EditRequest | None = None  # an interactive `kubectl edit` waits for `Session.finish_edit`
