"""Files that live where Kubernetes puts them: a container's own filesystem, an emptyDir shared by
a pod's containers, a node's disk (where a hostPath volume's files are, seen over ssh).

Each is a `Tree` of entries by absolute path inside it, held in `Machines.trees` under a key that
says whose it is (`node:worker1`, `emptydir:<pod uid>:<volume>`, `rootfs:<pod uid>:<container>`),
so an emptyDir goes with its pod's uid and a node's files outlive every pod. A tree is bounded
(entries and bytes) like the rest of the simulator: a write past the limit fails as a full disk
does (`No space left on device`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

MAX_ENTRIES = 4096  # per tree
MAX_BYTES = 8 * 1024 * 1024  # per tree: a student's files, not a disk image
SETGID = 0o2000  # on a directory: what is made in it takes its group, and a directory the bit too


class FileSystemError(Exception):
    """An errno's text as coreutils print it (`No such file or directory`)."""


@dataclass
class Entry:
    kind: str  # "d" directory, "f" regular file
    mode: int  # permission bits, e.g. 0o755 (0o1777 for /tmp)
    mtime: float
    content: str = ""
    extra_links: int = 0  # subdirectories the simulator does not model (a node's /tmp has many)
    owner: str = "root"  # user and group (each user's own group, as Ubuntu makes them)
    group: str = ""  # a group other than the owner's own: a setgid directory's, the pod's fsGroup


class Tree:
    """One filesystem: entries by normalised absolute path, "/" its root."""

    def __init__(self, now: float, mode: int = 0o755, root_links: int | None = None) -> None:
        self.entries: dict[str, Entry] = {"/": Entry("d", mode, now)}
        self.root_links = root_links  # overlayfs reports 1 for a container's `/`
        self.size = 0

    # reading -----------------------------------------------------------------
    def get(self, path: str) -> Entry | None:
        return self.entries.get(normal(path))

    def children(self, path: str) -> list[str]:
        """The names in a directory, sorted as `ls` sorts them in the C locale."""
        path = normal(path)
        prefix = "/" if path == "/" else path + "/"
        return sorted(p[len(prefix):] for p in self.entries if p != path and p.startswith(prefix)
                      and "/" not in p[len(prefix):])

    def links(self, path: str) -> int:
        """A directory's link count: itself, its `.`, and each subdirectory's `..`."""
        path = normal(path)
        entry = self.entries[path]
        if entry.kind != "d":
            return 1
        if path == "/" and self.root_links is not None:
            return self.root_links
        subdirs = sum(1 for name in self.children(path) if self.entries[join(path, name)].kind == "d")
        return 2 + subdirs + entry.extra_links

    # writing -----------------------------------------------------------------
    def mkdir(self, path: str, now: float, mode: int = 0o755, parents: bool = False, user: str = "root") -> None:
        path = normal(path)
        if path in self.entries:
            if parents and self.entries[path].kind == "d":
                return
            raise FileSystemError("File exists")
        parent = posixpath.dirname(path)
        if parent not in self.entries:
            if not parents:
                raise FileSystemError("No such file or directory")
            self.mkdir(parent, now, mode, parents=True, user=user)
        elif self.entries[parent].kind != "d":
            raise FileSystemError("Not a directory")
        self.check_writable(self.entries[parent], user)
        self._room(0)
        inherited = self.entries[parent].mode & SETGID
        self.entries[path] = Entry("d", mode | inherited, now, owner=user,
                                   group=self.entries[parent].group if inherited else "")
        self.entries[parent].mtime = now

    @staticmethod
    def check_writable(entry: Entry, user: str) -> None:
        """Only root writes anywhere; a user writes where the owner's or everyone's w bit lets them."""
        if user != "root" and not (entry.mode & 0o002 or (entry.owner == user and entry.mode & 0o200)):
            raise FileSystemError("Permission denied")

    def write(self, path: str, text: str, now: float, append: bool = False, mode: int = 0o644,
              user: str = "root") -> None:
        """`>` (truncate or create) and `>>` (append); the parent must be a directory."""
        path = normal(path)
        entry = self.entries.get(path)
        if entry is not None and entry.kind == "d":
            raise FileSystemError("Is a directory")
        parent = self.entries.get(posixpath.dirname(path))
        if parent is None:
            raise FileSystemError("No such file or directory")
        if parent.kind != "d":
            raise FileSystemError("Not a directory")
        self.check_writable(entry if entry is not None else parent, user)
        old = entry.content if entry is not None else ""
        new = old + text if append else text
        self._room(len(new.encode()) - len(old.encode()), new_entry=entry is None)
        if entry is None:
            self.entries[path] = Entry("f", mode, now, new, owner=user,
                                       group=parent.group if parent.mode & SETGID else "")
            parent.mtime = now
        else:
            entry.content, entry.mtime = new, now
        self.size += len(new.encode()) - len(old.encode())

    def touch(self, path: str, now: float, user: str = "root") -> None:
        entry = self.get(path)
        if entry is None:
            self.write(path, "", now, user=user)
        else:
            self.check_writable(entry, user)
            entry.mtime = now

    def remove(self, path: str, now: float, recursive: bool = False) -> None:
        path = normal(path)
        entry = self.entries.get(path)
        if entry is None or path == "/":
            raise FileSystemError("No such file or directory")
        if entry.kind == "d" and not recursive:
            raise FileSystemError("Is a directory")
        doomed = [p for p in self.entries if p == path or p.startswith(path + "/")]
        for p in doomed:
            self.size -= len(self.entries.pop(p).content.encode())
        self.entries[posixpath.dirname(path)].mtime = now

    def remove_if_present(self, path: str, now: float) -> None:
        """`rm -rf`: the path and everything under it, nothing when it is not there."""
        if normal(path) != "/" and self.get(path) is not None:
            self.remove(path, now, recursive=True)

    def _room(self, grow: int, new_entry: bool = True) -> None:
        if (new_entry and len(self.entries) >= MAX_ENTRIES) or self.size + grow > MAX_BYTES:
            raise FileSystemError("No space left on device")


def normal(path: str) -> str:
    return posixpath.normpath("/" + path.lstrip("/")) if path not in ("", "/") else "/"


def join(base: str, name: str) -> str:
    return normal(posixpath.join(base, name))


def emptydir_tree(trees: dict, pod_uid: str, volume: str, created: float, fs_group: int | None) -> Tree:
    """A pod's emptyDir, made when first reached: 0777, and with the pod's fsGroup the kubelet's
    SetVolumeOwnership (pkg/volume/volume_linux.go): the group is fsGroup and the setgid bit is set."""
    key = f"emptydir:{pod_uid}:{volume}"
    tree = trees.get(key)
    if tree is None:
        tree = trees[key] = Tree(created, mode=0o777 | (SETGID if fs_group is not None else 0))
        if fs_group is not None:
            tree.entries["/"].group = str(fs_group)
    return tree
