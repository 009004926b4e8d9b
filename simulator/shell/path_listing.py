"""The names in a directory from where the shell runs, for pathname expansion (`globbing`).

In a container and on a node the directory is found through `mounts` (volumes, the
node's disk) plus the machine's own `/etc` files (`machine_files`); on the workstation a
relative directory holds both the hands-on files (`ctx.files`) and what the workstation's
commands wrote beside them, an absolute one the workstation's own disk.
"""

from __future__ import annotations

from simulator.files import WORKSTATION_HOME
from simulator.programs.context import ExecContext
from simulator.shell import mounts
from simulator.shell.machine_files import machine_files


class ShellListing:
    """`globbing.Listing` over the simulated machine `ctx` runs on."""

    def __init__(self, ctx: ExecContext) -> None:
        self.ctx = ctx
        self.on_workstation = ctx.vantage.kind == "remote"
        self.etc = {} if self.on_workstation else machine_files(ctx)

    def names(self, directory: str) -> list[str] | None:
        if self.on_workstation:
            return self._workstation_names(directory or ".")
        place = mounts.locate(self.ctx, directory or ".")
        entry = place.tree.get(place.path) if place is not None else None
        own = sorted(self._etc_names(directory or "."))
        if entry is None or entry.kind != "d":
            return own or None
        return sorted(set(place.tree.children(place.path)) | set(own))

    def exists(self, path: str) -> bool:
        if self.on_workstation:
            own = self._own_workstation(path)
            return (in_hands_on_tree(path) and self.ctx.files.exists(path)) or own.tree.get(own.path) is not None
        return mounts.stat(self.ctx, path) is not None or mounts.absolute(self.ctx, path) in self.etc

    def _etc_names(self, directory: str) -> set[str]:
        prefix = mounts.absolute(self.ctx, directory).rstrip("/") + "/"
        return {path[len(prefix):].split("/")[0] for path in self.etc if path.startswith(prefix)}

    def _own_workstation(self, path: str) -> mounts.Place:
        return mounts.workstation_place(self.ctx, path)

    def _workstation_names(self, directory: str) -> list[str] | None:
        files = self.ctx.files
        listed: set[str] | None = None
        if in_hands_on_tree(directory) and files.is_dir(directory):
            listed = set(files.list_dir(directory))
        own = self._own_workstation(directory)
        entry = own.tree.get(own.path)
        if entry is not None and entry.kind == "d":
            listed = (listed or set()) | set(own.tree.children(own.path))
        return sorted(listed) if listed is not None else None


def in_hands_on_tree(path: str) -> bool:
    """A relative path, or one under the workstation's home: the hands-on files, never the grader's own disk."""
    return not path.startswith("/") or path.rstrip("/") == WORKSTATION_HOME or path.startswith(WORKSTATION_HOME + "/")
