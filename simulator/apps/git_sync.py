"""k8s.gcr.io/git-sync/git-sync:v3.6.1, week 7's sidecar (07-ConfigMap-Secret-downwardAPI slides 510-616).

What its `cmd/git-sync/main.go` (kubernetes/git-sync at v3.6.1) does, as far as a course pod shows it:
- flags as Go's `flag` package reads them (`-repo=x`, `--repo x`, a bare `-ssh`), each defaulting to its
  `GIT_SYNC_*` variable (the image sets HOME=/tmp and GIT_SYNC_ROOT=/tmp/git); `--dest` defaults to the
  repository's last path element and is relative to `--root`;
- the checks main() makes before it starts, each an `ERROR: ...` line and exit 1 (Go's usage listing
  after some of them is not printed here), then `starting up`, then with `--ssh` the key and known_hosts
  files must exist (`can't configure SSH`);
- the first sync: `git clone -v --no-checkout -b BRANCH [--depth N] REPO ROOT` from the simulated git host
  (`git_host.py`), a worktree named by the commit's hash beside `ROOT/.git`, its `.git` file pointing
  back relatively (`gitdir: ../.git/worktrees/HASH`), and `DEST` a relative symlink to it, made as
  `tmp-link` and renamed over (`updateSymlink`). Files are made as the container's user (runAsUser, else
  the image's 65533) in the volume mounted at ROOT; an emptyDir with the pod's fsGroup passes its group on;
- a failed sync: with the default `--max-sync-failures=0` the first failure is `too many failures,
  aborting` and exit 1; `--one-time` exits 0 after the first sync;
- afterwards a sync every `--wait` seconds (default 1): the simulated repositories never change, so each
  finds `no update required`, which only `-v=1` or more prints (with `syncing repo` and `next sync`).

Logs are glogr's through glog: `I0902 22:33:10.123456      11 main.go:389] "level"=0 "msg"="starting up" ...`
(the source line of each call in v3.6.1), after pid 1's `INFO: detected pid 1, running init handler`.
Left out: glog verbosities above 1 (read as 1), hooks, `--error-file`, https credentials, submodules
(the course's repository has none), `.git/hooks`' sample files, and volumes other than emptyDir at ROOT
(the files are then not written anywhere a reader can see). The child's pid (11) and the clone's second
are not on any slide: no transcript shows this log.
"""

from __future__ import annotations

import datetime as dt
import posixpath

from simulator.apps import git_host
from simulator.apps.git_sync_flags import FlagError, parse_flags
from simulator.apps.images import ContainerRun, parse_image
from simulator.filesystem import FileSystemError, normal

IMAGES = ("k8s.gcr.io/git-sync/git-sync", "registry.k8s.io/git-sync/git-sync")
IMAGE_ENV = {"HOME": "/tmp", "GIT_SYNC_ROOT": "/tmp/git"}  # the Dockerfile's ENV
PID = 11
CLONE_SECONDS = 1.0
LOG_LIMIT = 10 * 1024 * 1024  # the kubelet's containerLogMaxSize


def is_git_sync(container: dict) -> bool:
    """The image's own entrypoint runs (a `command` of the container's would replace it)."""
    command = container.get("command") or []
    return parse_image(str(container.get("image") or "")).repository in IMAGES and command in ([], ["/git-sync"])


# logging -----------------------------------------------------------------------------------------------
def glog(severity: str, moment: float, line: int, fields: list) -> str:
    """glog's header (`Lmmdd hh:mm:ss.uuuuuu pid file:line] `) and glogr's `"key"=value` pairs."""
    when = dt.datetime.fromtimestamp(moment, tz=dt.timezone.utc)
    pairs = " ".join(f'"{key}"={_pretty(value)}' for key, value in zip(fields[::2], fields[1::2]))
    return f"{severity}{when:%m%d %H:%M:%S}.{when.microsecond:06d} {PID:>7} main.go:{line}] {pairs}\n"


def _pretty(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(_pretty(item) for item in value) + "]"
    return f'"{value}"'  # glogr writes a string between quotes as it is


def info(moment: float, line: int, message: str, *fields, level: int = 0) -> tuple[int, str]:
    return level, glog("I", moment, line, ["level", level, "msg", message, *fields])


def error(moment: float, line: int, message: str, err: str, *fields) -> tuple[int, str]:
    return 0, glog("E", moment, line, ["msg", message, "error", err, *fields])


def go_quote(text: str) -> str:
    """Go's %q for the ASCII that git and ssh print."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def wait_nanoseconds(seconds: float) -> int:
    """`waitTime`: whole milliseconds, logged as a time.Duration's nanoseconds."""
    return int(seconds * 1000) * 1_000_000


# the process -----------------------------------------------------------------------------------------
def started(machines, store, pod, container: dict, environment: dict, now: float) -> ContainerRun:
    """What git-sync does when its container starts: the first sync's files and log, and how it goes on."""
    argv = ["/git-sync", *[str(a) for a in container.get("args") or []]]
    printed = "INFO: detected pid 1, running init handler\n"
    try:
        flags = parse_flags(argv[1:], {**IMAGE_ENV, **environment})
    except FlagError as problem:
        return ContainerRun(False, 2, output=printed + f"{problem}\nUsage of /git-sync:\n")
    problem = startup_error(flags)
    if problem:
        return ContainerRun(False, 1, output=printed + problem + "\n")
    lines = [info(now, 389, "starting up", "pid", PID, "args", argv)]
    if flags["ssh"]:
        lines.append(info(now, 1123, "setting up git SSH credentials", level=1))
        missing = ssh_files_missing(store, pod, container, flags)
        if missing:
            return ContainerRun(False, 1, output=printed + _shown(lines, flags) + missing + "\n")
    return first_sync(machines, store, pod, container, flags, argv, now, printed, lines)


def startup_error(flags: dict) -> str:
    """main()'s checks before it starts, in its order (`handleError`)."""
    checks = (
        (not flags["repo"], "ERROR: --repo must be specified"),
        (flags["depth"] < 0, "ERROR: --depth must be greater than or equal to 0"),
        (flags["submodules"] not in ("recursive", "shallow", "off"),
         'ERROR: --submodules must be one of "recursive", "shallow", or "off"'),
        (flags["git-gc"] not in ("auto", "always", "aggressive", "off"),
         'ERROR: --git-gc must be one of "auto", "always", "aggressive", or "off"'),
        (not flags["root"], "ERROR: --root must be specified"),
        (flags["wait"] < 0, "ERROR: --wait must be greater than or equal to 0"),
        (flags["timeout"] < 0, "ERROR: --timeout must be greater than 0"),
        (bool(flags["password"] and flags["password-file"]),
         "ERROR: only one of --password and --password-file may be specified"),
        (bool(flags["username"] and not (flags["password"] or flags["password-file"])),
         "ERROR: --password or --password-file must be set when --username is specified"),
        (bool(flags["ssh"] and flags["username"]), "ERROR: only one of --ssh and --username may be specified"),
        (bool(flags["ssh"] and flags["password"]), "ERROR: only one of --ssh and --password may be specified"),
        (bool(flags["ssh"] and not flags["ssh-key-file"]),
         "ERROR: --ssh-key-file must be specified when --ssh is specified"),
    )
    return next((message for failed, message in checks if failed), "")


def ssh_files_missing(store, pod, container: dict, flags: dict) -> str:
    """`setupGitSSH`: the key (and the known_hosts file when checked) must exist."""
    from simulator.apps.git_sync_files import mounted_file

    wanted = [("SSH key", flags["ssh-key-file"])]
    if flags["ssh-known-hosts"]:
        wanted.append(("SSH known_hosts", flags["ssh-known-hosts-file"]))
    for what, path in wanted:
        if mounted_file(store, pod, container, path) is None:
            return f"ERROR: can't configure SSH: can't access {what}: stat {path}: no such file or directory"
    return ""


def first_sync(machines, store, pod, container: dict, flags: dict, argv: list[str], now: float, printed: str,
               lines: list) -> ContainerRun:
    from simulator.apps.git_sync_files import checked_out, clear_root, mounted_file, write_checkout

    root = normal(flags["root"])
    dest = flags["dest"] or flags["repo"].strip("/").split("/")[-1]
    dest = normal(posixpath.join(root, dest))
    lines.append(info(now, 527, "syncing repo", level=1))
    present = checked_out(machines, pod, container, root, dest)
    if present:  # a restarted container: dest/.git is there, so the sync only compares hashes
        return unchanged_sync(machines, pod, container, flags, present, now, printed, lines)
    lines.append(info(now, 934, "cloning repo", "origin", flags["repo"], "path", root))
    if clear_root(machines, pod, container, root, now):  # git clone refuses a non-empty directory
        lines.append(info(now, 940, "git root exists and is not empty (previous crash?), cleaning up", "path", root))
    done = now + CLONE_SECONDS
    try:
        key, known_hosts = None, ""  # without --ssh, ssh has no key and no known_hosts for uid 65533
        if flags["ssh"]:
            key_file = mounted_file(store, pod, container, flags["ssh-key-file"])
            key = key_file[0] if key_file and key_file[1] else None
            hosts = mounted_file(store, pod, container, flags["ssh-known-hosts-file"]) if flags["ssh-known-hosts"] else None
            known_hosts = hosts[0] if hosts else None
        commit = git_host.clone(flags["repo"], flags["branch"], root, key, flags["ssh-key-file"], known_hosts)
    except git_host.GitError as failure:
        command = " ".join(["git", "clone", "-v", "--no-checkout", "-b", flags["branch"],
                            *(["--depth", str(flags["depth"])] if flags["depth"] else []), flags["repo"], root])
        reason = f'Run({command}): exit status {failure.status}: {{ stdout: "", stderr: {go_quote(failure.stderr.strip())} }}'
        return failed_sync(machines, pod, container, flags, reason, done, printed, lines)
    worktree = posixpath.join(root, commit.hash)
    lines += [info(done, 748, "syncing git", "rev", flags["rev"], "hash", commit.hash),
              info(done, 737, "removing worktree", "path", worktree, level=1),
              info(done, 783, "adding worktree", "path", worktree, "branch", f"origin/{flags['branch']}"),
              info(done, 844, "reset worktree to hash", "path", worktree, "hash", commit.hash)]
    if flags["submodules"] != "off":
        lines.append(info(done, 849, "updating submodules"))
    link_dir = posixpath.dirname(dest) + "/"
    relative = posixpath.relpath(worktree, link_dir)
    lines += [info(done, 705, "creating tmp symlink", "root", link_dir, "dst", relative, "src", "tmp-link", level=1),
              info(done, 710, "renaming symlink", "root", link_dir, "old_name", "tmp-link",
                   "new_name", posixpath.basename(dest), level=1)]
    try:
        write_checkout(machines, pod, container, flags, commit, root, dest, now)
    except FileSystemError as problem:  # the volume is full: the worktree cannot be made
        command = f"git worktree add --detach {worktree} {commit.hash} --no-checkout"
        reason = f'Run({command}): exit status 128: {{ stdout: "", stderr: {go_quote(f"fatal: {problem}")} }}'
        return failed_sync(machines, pod, container, flags, reason, done, printed, lines)
    if flags["one-time"]:
        return ContainerRun(False, 0, runs_for=CLONE_SECONDS, output=printed + _shown(lines, flags))
    lines.append(info(done, 596, "next sync", "wait_time", wait_nanoseconds(flags["wait"]), level=1))
    remember(machines, pod, container, flags, commit.hash, done)
    return ContainerRun(True, output=printed + _shown(lines, flags))


def unchanged_sync(machines, pod, container: dict, flags: dict, commit: str, now: float, printed: str,
                   lines: list) -> ContainerRun:
    """`syncRepo` when the worktree exists: the remote's hash is the local one (the repositories never change)."""
    lines += [info(now, 1068, "no update required", "rev", flags["rev"], "local", commit, "remote", commit, level=1),
              info(now, 596, "next sync", "wait_time", wait_nanoseconds(flags["wait"]), level=1)]
    if flags["one-time"]:
        return ContainerRun(False, 0, runs_for=CLONE_SECONDS, output=printed + _shown(lines, flags))
    remember(machines, pod, container, flags, commit, now)
    return ContainerRun(True, output=printed + _shown(lines, flags))


def failed_sync(machines, pod, container: dict, flags: dict, reason: str, done: float, printed: str,
                lines: list) -> ContainerRun:
    """The sync loop's failures: `--max-sync-failures` retries (each `--wait` apart, a clone each), then
    `too many failures, aborting` and exit 1; -1 retries for ever."""
    limit, wait = flags["max-sync-failures"], flags["wait"]
    if limit == -1:
        lines.append(retry_line(done, reason, 1, wait))
        remember(machines, pod, container, flags, "", done, failing=reason)
        return ContainerRun(True, output=printed + _shown(lines, flags))
    for count in range(1, limit + 1):
        moment = done + (count - 1) * (wait + CLONE_SECONDS)
        if count > 1:
            lines.append(info(moment - CLONE_SECONDS, 527, "syncing repo", level=1))
        lines.append(retry_line(moment, reason, count, wait))
    if limit > 0:
        lines.append(info(done + limit * (wait + CLONE_SECONDS) - CLONE_SECONDS, 527, "syncing repo", level=1))
    lines.append(error(done + limit * (wait + CLONE_SECONDS), 535, "too many failures, aborting", reason,
                       "failCount", limit + 1))
    return ContainerRun(False, 1, runs_for=CLONE_SECONDS + limit * (wait + CLONE_SECONDS),
                        output=printed + _shown(lines, flags))


def retry_line(moment: float, reason: str, count: int, wait: float) -> tuple[int, str]:
    return error(moment, 539, "error syncing repo, will retry", reason, "failCount", count,
                 "waitTime", wait_nanoseconds(wait))


def _shown(lines: list[tuple[int, str]], flags: dict) -> str:
    return "".join(text for level, text in lines if level <= flags["v"])


# the syncs after the first -----------------------------------------------------------------------------
def table(machines) -> dict:
    """Each running git-sync's loop, per `<pod uid>/<container>` (on the machines, pickled)."""
    return machines.__dict__.setdefault("git_sync", {})


def remember(machines, pod, container: dict, flags: dict, commit: str, synced: float, failing: str = "") -> None:
    table(machines)[f"{pod.metadata.uid}/{container.get('name')}"] = {
        "synced": synced, "wait": flags["wait"], "verbosity": flags["v"], "rev": flags["rev"], "hash": commit,
        "failing": failing}


def later_syncs_log(machines, pod, container: dict, now: float) -> str:
    """The loop's lines since the first sync, the newest 10 MiB: a sync that finds nothing new says so only
    at `-v=1`; a failing one (`--max-sync-failures=-1`) logs its error each time, a clone later."""
    loop = table(machines).get(f"{pod.metadata.uid}/{container.get('name')}")
    if loop is None or now <= loop["synced"] or (loop["verbosity"] < 1 and not loop["failing"]):
        return ""
    period = loop["wait"] + (CLONE_SECONDS if loop["failing"] else 0)
    per_round = len(_round(loop, loop["synced"], 2))
    rounds = LOG_LIMIT // per_round + 1 if period == 0 else int((now - loop["synced"]) // period)
    kept = min(rounds, LOG_LIMIT // per_round)
    return "".join(_round(loop, loop["synced"] + index * period, index + 1)
                   for index in range(rounds - kept + 1, rounds + 1))


def _round(loop: dict, moment: float, count: int) -> str:
    """One turn of the loop after the first sync, at `moment` (its sync's end)."""
    wait = wait_nanoseconds(loop["wait"])
    if loop["failing"]:
        lines = [info(moment - CLONE_SECONDS, 527, "syncing repo", level=1),
                 retry_line(moment, loop["failing"], count, loop["wait"])]
    else:
        lines = [info(moment, 527, "syncing repo", level=1),
                 info(moment, 1068, "no update required", "rev", loop["rev"], "local", loop["hash"], "remote",
                      loop["hash"], level=1),
                 info(moment, 596, "next sync", "wait_time", wait, level=1)]
    return "".join(text for level, text in lines if level <= loop["verbosity"])


def forget(machines, present: set[str]) -> None:
    """Drop the loops of pods that are gone."""
    loops = table(machines)
    for key in [k for k in loops if k.split("/", 1)[0] not in present]:
        del loops[key]

