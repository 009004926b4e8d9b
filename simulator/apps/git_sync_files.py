"""The files git-sync reads and writes in its pod: the ssh key and known_hosts it is given through a
mounted Secret (or ConfigMap), and the checkout it lays out under `--root` (see `git_sync.py`).

A mounted Secret's file has the volume's `defaultMode` (or its item's `mode`; 0644 when neither says),
owned by root; with the pod's fsGroup the kubelet adds group read and sets the group (SetVolumeOwnership,
pkg/volume/volume_linux.go: `roMask` 0440 for a read-only volume), so the process reads it when it is
root, when others may read it, or through the fsGroup. The checkout goes where `--root` is: an emptyDir
of the pod (the one volume kind written here), as the container's user.
"""

from __future__ import annotations

import base64
import binascii
import posixpath

from simulator.filesystem import Entry, Tree, emptydir_tree, normal
from simulator.printers.formats import parse_rfc3339
from simulator.registry.kinds import by_kind

SECRETS, CONFIGMAPS = by_kind("Secret"), by_kind("ConfigMap")
IMAGE_USER = 65533  # the git-sync image's USER
GIT_DIRS = ("branches", "hooks", "info", "logs", "objects", "refs", "worktrees")  # what `git clone` makes in .git


def process_user(pod, container: dict) -> int:
    """runAsUser: the container's, else the pod's, else the image's."""
    for context in (container.get("securityContext") or {}, pod.spec.get("securityContext") or {}):
        if isinstance(context.get("runAsUser"), int):
            return context["runAsUser"]
    return IMAGE_USER


def fs_group(pod) -> int | None:
    group = (pod.spec.get("securityContext") or {}).get("fsGroup")
    return group if isinstance(group, int) else None


def _mount_of(pod, container: dict, path: str) -> tuple[dict, dict, str] | None:
    """(volumeMount, volume, path inside the volume) for the mount `path` lies under, longest first."""
    path = normal(path)
    mounts = sorted(container.get("volumeMounts") or [], key=lambda m: len(normal(m.get("mountPath", "/"))), reverse=True)
    for mount in mounts:
        point = normal(mount.get("mountPath", "/"))
        if path == point or path.startswith(point.rstrip("/") + "/"):
            volume = next((v for v in pod.spec.get("volumes") or [] if v.get("name") == mount.get("name")), None)
            if volume is not None:
                inside = posixpath.join(mount.get("subPath") or "", path[len(point):].lstrip("/"))
                return mount, volume, inside.strip("/")
    return None


def mounted_file(store, pod, container: dict, path: str) -> tuple[str, bool] | None:
    """(text, whether the process may read it) of a Secret's or ConfigMap's key mounted at `path`; None
    when no such file is there."""
    found = _mount_of(pod, container, path)
    if found is None:
        return None
    _, volume, inside = found
    source, kind = (volume.get("secret"), SECRETS) if volume.get("secret") is not None else (volume.get("configMap"), CONFIGMAPS)
    if source is None:
        return None
    name = source.get("secretName") if kind is SECRETS else source.get("name")
    obj = store.find(kind, pod.namespace, name or "")
    if obj is None:
        return None
    items = source.get("items")
    chosen = {item.get("path"): item for item in items} if items else {key: {"key": key} for key in _keys(obj)}
    item = chosen.get(inside)
    if item is None or item.get("key") not in _keys(obj):
        return None
    mode = item.get("mode") if isinstance(item.get("mode"), int) else source.get("defaultMode", 0o644)
    readable = process_user(pod, container) == 0 or bool(mode & 0o004) or fs_group(pod) is not None
    return _value(obj, item["key"]), readable


def _keys(obj) -> list[str]:
    return [*(obj.body.get("data") or {}), *(obj.body.get("binaryData") or {})]


def _value(obj, key: str) -> str:
    raw = (obj.body.get("data") or {}).get(key, "")
    if obj.kind != "Secret":
        return raw
    try:
        return base64.b64decode(raw).decode(errors="replace")
    except (binascii.Error, ValueError):
        return ""


def _root_place(machines, pod, container: dict, root: str) -> tuple[Tree, str] | None:
    """(the emptyDir's tree, ROOT's path in it), or None when ROOT is not on an emptyDir of the pod."""
    found = _mount_of(pod, container, root)
    if found is None or found[1].get("emptyDir") is None:
        return None
    _, volume, inside = found
    created = parse_rfc3339(pod.status.get("startTime")) or pod.metadata.creation_timestamp
    return emptydir_tree(machines.trees, pod.metadata.uid, volume["name"], created, fs_group(pod)), normal("/" + inside)


def checked_out(machines, pod, container: dict, root: str, dest: str) -> str:
    """The hash DEST's worktree holds when DEST/.git is there (a restart finds its own checkout), else ""."""
    place = _root_place(machines, pod, container, root)
    if place is None:
        return ""
    tree, base = place
    link = tree.get(normal(posixpath.join(base, posixpath.relpath(dest, root))))
    if link is None or link.kind != "l":
        return ""
    worktree = normal(posixpath.join(posixpath.dirname(posixpath.join(base, posixpath.relpath(dest, root))), link.content))
    return posixpath.basename(worktree) if tree.get(posixpath.join(worktree, ".git")) is not None else ""


def clear_root(machines, pod, container: dict, root: str, now: float) -> bool:
    """`removeDirContents` of ROOT when it holds anything; whether it did."""
    place = _root_place(machines, pod, container, root)
    if place is None or place[0].get(place[1]) is None or not place[0].children(place[1]):
        return False
    tree, base = place
    for name in tree.children(base):
        tree.remove(posixpath.join(base, name), now, recursive=True)
    return True


def write_checkout(machines, pod, container: dict, flags: dict, commit, root: str, dest: str, now: float) -> None:
    """`git clone --no-checkout` into ROOT, `git worktree add` of the commit as ROOT/HASH, and DEST a
    relative link to it; nothing when ROOT is not on an emptyDir of the pod."""
    place = _root_place(machines, pod, container, root)
    if place is None:
        return
    tree, base = place
    user = str(process_user(pod, container))
    if tree.get(base) is None:
        tree.mkdir(base, now, parents=True, user=user)
    _git_dir(tree, base, flags, commit.hash, now, user)
    worktree = posixpath.join(base, commit.hash)
    tree.mkdir(worktree, now, user=user)
    tree.write(posixpath.join(worktree, ".git"), f"gitdir: ../.git/worktrees/{commit.hash}\n", now, user=user)
    for path, text in sorted(commit.files.items()):
        target = posixpath.join(worktree, path)
        if tree.get(posixpath.dirname(target)) is None:
            tree.mkdir(posixpath.dirname(target), now, parents=True, user=user)
        tree.write(target, text, now, user=user)
    _link(tree, normal(posixpath.join(base, posixpath.relpath(dest, root))),
          posixpath.relpath(posixpath.join(root, commit.hash), posixpath.dirname(dest)), now, user)
    machines.files_revision += 1


def _git_dir(tree: Tree, base: str, flags: dict, commit: str, now: float, user: str) -> None:
    git = posixpath.join(base, ".git")
    tree.mkdir(git, now, user=user)
    for name in GIT_DIRS:
        tree.mkdir(posixpath.join(git, name), now, user=user)
    for name in ("refs/heads", "refs/tags", "objects/info", "objects/pack", f"worktrees/{commit}"):
        tree.mkdir(posixpath.join(git, name), now, user=user)
    branch = flags["branch"]
    files = {
        "HEAD": f"ref: refs/heads/{branch}\n",
        "description": "Unnamed repository; edit this file 'description' to name the repository.\n",
        "config": ("[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n"
                   f"[remote \"origin\"]\n\turl = {flags['repo']}\n\tfetch = +refs/heads/{branch}:refs/remotes/origin/{branch}\n"
                   f"[branch \"{branch}\"]\n\tremote = origin\n\tmerge = refs/heads/{branch}\n"),
        "packed-refs": f"# pack-refs with: peeled fully-peeled sorted \n{commit} refs/remotes/origin/{branch}\n",
        "info/exclude": "# git ls-files --others --exclude-from=.git/info/exclude\n",
        f"worktrees/{commit}/HEAD": f"{commit}\n",
        f"worktrees/{commit}/commondir": "../..\n",
        f"worktrees/{commit}/gitdir": f"{normal(posixpath.join(flags['root'], commit))}/.git\n",
    }
    if flags["depth"]:
        files["shallow"] = f"{commit}\n"
    for name, text in files.items():
        tree.write(posixpath.join(git, name), text, now, user=user)


def _link(tree: Tree, path: str, target: str, now: float, user: str) -> None:
    """`ln -snf TARGET tmp-link; mv -T tmp-link NAME`: the link replaced in one step."""
    parent = tree.get(posixpath.dirname(path))
    group = parent.group if parent is not None and parent.mode & 0o2000 else ""
    tree.entries[path] = Entry("l", 0o777, now, target, owner=user, group=group)
