"""Where `kubectl -f` reads from: a real directory, or files handed in with a submission."""

from __future__ import annotations

import posixpath
from pathlib import Path

MAX_FILE_BYTES = 5 * 1024 * 1024  # kubectl reads anything; the simulator refuses past this
WORKSTATION_HOME = "/home/remote"  # the tree's root as the workstation's shell names it (`pwd`, `~`)


class FileSource:
    """A tree of files with a working directory that `cd` moves."""

    cwd = "."

    def read(self, path: str) -> bytes:
        raise NotImplementedError

    def is_dir(self, path: str) -> bool:
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str]:
        raise NotImplementedError

    def exists(self, path: str) -> bool:
        raise NotImplementedError

    def join(self, path: str) -> str:
        if path == WORKSTATION_HOME or path.startswith(WORKSTATION_HOME + "/"):  # `~/x` after tilde expansion
            path = "." + path[len(WORKSTATION_HOME):]
            return posixpath.normpath(path)
        return posixpath.normpath(posixpath.join(self.cwd, path))


class DirectoryFiles(FileSource):
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.cwd = "."

    def _real(self, path: str) -> Path:
        joined = self.join(path)
        return Path(joined) if joined.startswith("/") else self.root / joined

    def read(self, path: str) -> bytes:
        real = self._real(path)
        with real.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)

    def is_dir(self, path: str) -> bool:
        return self._real(path).is_dir()

    def exists(self, path: str) -> bool:
        return self._real(path).exists()

    def list_dir(self, path: str) -> list[str]:
        return sorted(p.name for p in self._real(path).iterdir())


class MemoryFiles(FileSource):
    """Files held in memory by relative path, as a submission hands them in."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = {posixpath.normpath(k): v for k, v in files.items()}
        self.cwd = "."

    def read(self, path: str) -> bytes:
        key = self.join(path)
        if key not in self.files:
            raise FileNotFoundError(path)
        return self.files[key]

    def is_dir(self, path: str) -> bool:
        key = self.join(path)
        return key == "." or any(name.startswith(key + "/") for name in self.files)

    def exists(self, path: str) -> bool:
        return self.join(path) in self.files or self.is_dir(path)

    def list_dir(self, path: str) -> list[str]:
        key = self.join(path)
        prefix = "" if key == "." else key + "/"
        return sorted({name[len(prefix):].split("/")[0] for name in self.files if name.startswith(prefix)})
