"""The bootstrapped lecture cluster, pickled once per simulator version in the user's cache dir.

Building the lecture's cluster takes longer than a person waits for a prompt, and a command
line (`python -m simulator shell`) starts from it in a new process each time. So the pickled
template is kept in `$XDG_CACHE_HOME/kubegrade` (else `~/.cache/kubegrade`), named after a
hash of the simulator's own source: any change to the simulator gives a new name, so a
stale template is never loaded. Two first runs at once both build it and each renames its
own complete file into place (`os.replace` is atomic), so a reader never sees half a file.
A cache that cannot be read or written (a read-only home) is only slower: it is built here.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import Callable

SOURCE_ROOT = Path(__file__).resolve().parent


def source_hash(root: Path = SOURCE_ROOT) -> str:
    """A hash of every Python file of the simulator (paths and contents) and the Python version.

    CRC-32 and Adler-32 side by side (64 bits): a cache key, not a signature, and zlib is
    already loaded where hashlib would cost a command line more than the hashing itself.
    Each `python -m simulator shell` hashes some 260 files before its prompt, so they are
    listed with `os.scandir` and read with plain `open` (pathlib's rglob and read_bytes took
    twice as long: 18 ms against 9 ms of CPU)."""
    crc, adler = zlib.crc32(repr(sys.version_info[:2]).encode()), 1
    for relative in _python_files(str(root)):
        with open(os.path.join(root, relative), "rb") as source:
            content = source.read()
        for chunk in (relative.encode() + b"\0", content):
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    return f"{crc:08x}{adler:08x}"


def _python_files(root: str) -> list[str]:
    """The `.py` files under `root`, as sorted paths relative to it (bytecode folders skipped)."""
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(root, folder)) as entries:
            for entry in entries:
                relative = os.path.join(folder, entry.name)
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(relative)
                elif entry.name.endswith(".py") and entry.is_file():
                    found.append(relative)
    return sorted(found)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kubegrade"


def cached_template(build: Callable[[], bytes], directory: Path | None = None) -> bytes:
    """The template's pickle from the cache, or `build()` it and store it there for the next process."""
    directory = directory or cache_dir()
    path = directory / f"lecture-cluster-{source_hash()}.pickle"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temp = directory / f"{path.name}.{os.getpid()}.tmp"  # this process's own, complete before the rename
        temp.write_bytes(data)
        os.replace(temp, path)
        _forget_old_versions(directory)
    except OSError:
        pass  # no writable cache: this process built its own
    return data


KEPT_VERSIONS = 8  # worktrees of other simulator versions on the machine keep theirs too


def _forget_old_versions(directory: Path) -> None:
    versions = sorted(directory.glob("lecture-cluster-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in versions[KEPT_VERSIONS:]:
        old.unlink(missing_ok=True)
