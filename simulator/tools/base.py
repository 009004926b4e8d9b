"""The contract between the shell and the programs it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.cluster import Cluster


@dataclass
class ToolResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    # stdout and stderr interleaved in the order written, as a terminal shows them
    chunks: list[tuple[str, str]] = field(default_factory=list)

    def out(self, text: str) -> "ToolResult":
        self.stdout += text
        self.chunks.append(("stdout", text))
        return self

    def err(self, text: str) -> "ToolResult":
        self.stderr += text
        self.chunks.append(("stderr", text))
        return self

    @classmethod
    def failure(cls, text: str, exit_code: int = 1) -> "ToolResult":
        """A result that only writes `text` to stderr and exits non-zero."""
        return cls(exit_code=exit_code).err(text)

    @property
    def combined(self) -> str:
        return "".join(text for _, text in self.chunks)


@dataclass
class ExecContext:
    cluster: "Cluster"
    vantage: Vantage
    tty: bool = False  # stdout is a terminal (`kubectl exec -t`, or an interactive shell)
    stdin: str = ""


Tool = Callable[[ExecContext, list[str]], ToolResult]
