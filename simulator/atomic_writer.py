"""The kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go, v1.23) over a simulated `Tree`.

A configMap, secret or downwardAPI volume's files are never rewritten in place. Each new payload
goes into a fresh timestamped directory (`os.MkdirTemp(targetDir,
time.Now().UTC().Format("..2006_01_02_15_04_05."))`: the UTC time plus MkdirTemp's random
decimal digits, mode 0755), the symlink `..data` is swapped to it in one rename, every
user-visible path is a symlink `NAME -> ..data/NAME`, and the old directory is removed. So
`ls -al` on the mount shows the links, and a reader sees the old files or the new ones, never
a mix. A payload equal to what `..data` holds writes nothing (`shouldWritePayload`).

Symlinks are entries of kind "l" whose content is the target, resolved inside the same tree
by `resolve` (40 hops at most, as the kernel's ELOOP).
"""

from __future__ import annotations

import datetime as dt
import posixpath

from simulator.filesystem import Entry, FileSystemError, Tree, normal

DATA_DIR = "..data"
MAX_HOPS = 40  # the kernel's MAXSYMLINKS


def timestamp_dir_name(now: float, rng) -> str:
    stamp = dt.datetime.fromtimestamp(now, tz=dt.timezone.utc).strftime("..%Y_%m_%d_%H_%M_%S.")
    return stamp + str(rng.getrandbits(32))  # MkdirTemp's suffix: a random uint32 in decimal


def current_payload(tree: Tree, root: str = "/") -> dict[str, tuple[str, int]] | None:
    """What `..data` holds now (relative path -> text and mode), None before the first write."""
    link = tree.get(posixpath.join(root, DATA_DIR))
    if link is None or link.kind != "l":
        return None
    base = normal(posixpath.join(root, link.content))
    return {path[len(base) + 1:]: (entry.content, entry.mode) for path, entry in tree.entries.items()
            if path.startswith(base + "/") and entry.kind == "f"}


def write_payload(tree: Tree, payload: dict[str, tuple[str, int]], now: float, rng, root: str = "/") -> bool:
    """Project `payload` (relative path -> text and mode) atomically; False when nothing changed."""
    payload = {normal("/" + path).lstrip("/"): value for path, value in payload.items()}
    old = current_payload(tree, root)
    if old == payload:
        return False
    data_link = normal(posixpath.join(root, DATA_DIR))
    old_dir = tree.get(data_link).content if old is not None else None
    new_dir = timestamp_dir_name(now, rng)
    tree.mkdir(posixpath.join(root, new_dir), now, mode=0o755)
    for path, (text, mode) in sorted(payload.items()):
        target = normal(posixpath.join(root, new_dir, path))
        if posixpath.dirname(target) != normal(posixpath.join(root, new_dir)):
            tree.mkdir(posixpath.dirname(target), now, mode=0o755, parents=True)
        tree.write(target, text, now, mode=mode)
    tree.entries[data_link] = Entry("l", 0o777, now, new_dir)  # `..data_tmp` renamed over `..data`
    visible = {path.split("/", 1)[0] for path in payload}
    for name in sorted(visible):
        link = normal(posixpath.join(root, name))
        if tree.get(link) is None:
            tree.entries[link] = Entry("l", 0o777, now, posixpath.join(DATA_DIR, name))
    for name in sorted(stale_links(tree, root, visible)):
        del tree.entries[normal(posixpath.join(root, name))]
    if old_dir is not None:
        tree.remove(posixpath.join(root, old_dir), now, recursive=True)
    tree.entries[normal(root)].mtime = now
    return True


def stale_links(tree: Tree, root: str, visible: set[str]) -> set[str]:
    """User-visible links into `..data` whose path the new payload no longer has."""
    names = set()
    for name in tree.children(root):
        entry = tree.get(posixpath.join(root, name))
        if entry is not None and entry.kind == "l" and name != DATA_DIR and name not in visible:
            names.add(name)
    return names


def resolve(tree: Tree, path: str, follow_last: bool = True) -> str:
    """`path` with its symlinks followed inside the tree (a link's target is relative to its
    directory, or absolute from the tree's root); FileSystemError on a loop."""
    parts = [p for p in normal(path).split("/") if p]
    resolved = "/"
    hops = 0
    while parts:
        name = parts.pop(0)
        candidate = normal(posixpath.join(resolved, name))
        entry = tree.get(candidate)
        if entry is not None and entry.kind == "l" and (parts or follow_last):
            hops += 1
            if hops > MAX_HOPS:
                raise FileSystemError("Too many levels of symbolic links")
            target = entry.content
            parts = [p for p in target.split("/") if p] + parts
            resolved = "/" if target.startswith("/") else resolved
            continue
        resolved = candidate
    return resolved
