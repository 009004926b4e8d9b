"""Where a shell's prompt is: the workstation, a node after `ssh`, a pod after `kubectl exec`."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.vantage import Vantage


@dataclass
class Frame:
    vantage: Vantage
    kind: str  # "workstation", "ssh" or "exec"
    user: str
    cwd: str = "~"
    container: str | None = None
    shell: str = "bash"  # the shell this prompt belongs to: "bash", or "sh" (a pod's own /bin/sh)

    @property
    def prompt(self) -> str:
        if self.kind == "exec":
            return f"root@{self.vantage.name}:{'/' if self.cwd == '/' else self.cwd}# "
        return f"{self.vantage.name} > "
