"""The simulated GitHub's git service over ssh: what `git clone` of a repository there gets, or its error.

Repositories are data (`data/git-repositories.json`, each with its source on the slides): branches with
their head commit and the files of that commit. Reading one over ssh goes as OpenSSH and GitHub make it:
- the host must resolve (`outside.PUBLIC_HOSTS`) and be in the known_hosts file ssh is told to use
  with one of its keys, else `Host key verification failed.`;
- the private key must be readable by the process and be a key GitHub knows, else
  `Load key "...": Permission denied` and `git@github.com: Permission denied (publickey).`;
- a key GitHub knows but that may not read the repository gets `ERROR: Repository not found.`;
- a branch the repository lacks: git's `Remote branch main not found in upstream origin`.
OpenSSH ends its messages with CR LF, git with LF. Over https a private repository asks for a username,
which a process without a terminal cannot give. Not simulated: pushes (the repositories never change), a
changed host key's long warning (a wrong key is only `Host key verification failed.`), hashed known_hosts.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.outside import lookup_public
from simulator.workstation_keys import workstation_private_key

DATA = Path(__file__).resolve().parent / "data" / "git-repositories.json"
SCP_LIKE = re.compile(r"^(?:(?P<user>[\w.-]+)@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")
URL = re.compile(r"^(?P<scheme>ssh|https?|git)://(?:(?P<user>[\w.-]+)@)?(?P<host>[\w.-]+)(?::\d+)?/(?P<path>.+)$")
CANNOT_READ = ("fatal: Could not read from remote repository.\n\nPlease make sure you have the correct "
               "access rights\nand the repository exists.\n")


class GitError(Exception):
    """A git command failed: its stderr, as git and ssh wrote it, and git's exit status (128)."""

    def __init__(self, stderr: str, status: int = 128) -> None:
        super().__init__(stderr)
        self.stderr, self.status = stderr, status


@dataclass(frozen=True)
class Commit:
    hash: str
    files: dict[str, str]  # path in the repository -> text


@dataclass(frozen=True)
class Remote:
    transport: str  # "ssh" or "https"
    user: str
    host: str
    path: str  # owner/name, without `.git`


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATA.read_text())


def parse_remote(url: str) -> Remote | None:
    """`git@github.com:owner/repo.git`, `ssh://git@host/owner/repo` or `https://host/owner/repo(.git)`."""
    found = URL.match(url)
    if found:
        transport = "ssh" if found["scheme"] == "ssh" else "https"
        return Remote(transport, found["user"] or "", found["host"].lower(), _bare(found["path"]))
    found = SCP_LIKE.match(url)
    if found:
        return Remote("ssh", found["user"] or "", found["host"].lower(), _bare(found["path"]))
    return None


def _bare(path: str) -> str:
    path = path.strip("/")
    return path[:-4] if path.endswith(".git") else path


def clone(url: str, branch: str, destination: str, key: str | None, key_path: str, known_hosts: str | None) -> Commit:
    """The head of `branch` as `git clone -b branch url destination` gets it over ssh, or GitError.

    `key` is the private key's text when the process can read it (None when it cannot), `known_hosts`
    the text of the file ssh checks (None: checking is off)."""
    stderr = f"Cloning into '{destination}'...\n"
    remote = parse_remote(url)
    if remote is None:
        raise GitError(stderr + f"fatal: repository '{url}' does not exist\n")
    if lookup_public(remote.host) is None:
        if remote.transport == "https":
            raise GitError(stderr + f"fatal: unable to access '{url}/': Could not resolve host: {remote.host}\n")
        raise GitError(stderr + f"ssh: Could not resolve hostname {remote.host}: Name or service not known\r\n"
                       + CANNOT_READ)
    repository = _data()["repositories"].get(f"{remote.host}:{remote.path}")
    if remote.transport == "https":
        if repository is None or repository.get("private"):
            raise GitError(stderr + f"fatal: could not read Username for 'https://{remote.host}': "
                                    "No such device or address\n")
    else:
        _authenticate(stderr, remote, key, key_path, known_hosts)
        if repository is None or "workstation" not in repository.get("readers", []):
            raise GitError(stderr + "ERROR: Repository not found.\n" + CANNOT_READ)
    head = repository["branches"].get(branch)
    if head is None:
        raise GitError(stderr + f"warning: Could not find remote branch {branch} to clone.\n"
                                f"fatal: Remote branch {branch} not found in upstream origin\n")
    return Commit(head, dict(repository["files"]))


def _authenticate(stderr: str, remote: Remote, key: str | None, key_path: str, known_hosts: str | None) -> None:
    if known_hosts is not None and not host_known(remote.host, known_hosts):
        raise GitError(stderr + "Host key verification failed.\r\n" + CANNOT_READ)
    denied = f"{remote.user or 'git'}@{remote.host}: Permission denied (publickey).\r\n"
    if key is None:
        raise GitError(stderr + f'Load key "{key_path}": Permission denied\r\n' + denied + CANNOT_READ)
    if key.strip() != workstation_private_key().strip():
        raise GitError(stderr + denied + CANNOT_READ)


def host_keys(host: str) -> list[str]:
    """The host's public keys (`type base64`), as `ssh-keyscan` recorded them for the course."""
    return list(_data()["host_keys"].get(host, []))


def ssh_banner(host: str) -> str:
    return _data()["ssh_banners"].get(host, "")


def host_known(host: str, known_hosts: str) -> bool:
    """A known_hosts line naming the host (in its comma-separated patterns) with one of its real keys."""
    keys = set(_data()["host_keys"].get(host, []))
    for line in known_hosts.splitlines():
        fields = line.split()
        if len(fields) >= 3 and not line.startswith("#") and host in fields[0].lower().split(","):
            if f"{fields[1]} {fields[2]}" in keys:
                return True
    return False
