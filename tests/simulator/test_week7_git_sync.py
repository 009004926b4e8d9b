"""Week 7's git-sync sidecar, replayed from the slides (shared/course/07-ConfigMap-Secret-downwardAPI/slides.txt
540-617), and what git-sync v3.6.1 does when the sync cannot be made.

The slides' lines are quoted with their numbers and checked against the slides; the simulator's output is
compared line by line, words in order, masking what varies by nature (ages, pod IPs, the worker, generated
name suffixes, and `ls` dates). The slide sets the manifest beside the terminal from column 39 on.
The failure cases stand on kubernetes/git-sync v3.6.1's cmd/git-sync/main.go (read by hand: the checks and
texts of `handleError`, `--max-sync-failures` 0 aborting at the first failure, the `Run(...)` error of
pkg/cmd/cmd.go with `%q` stdout and stderr) and on git's and OpenSSH's own messages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR
from tests.simulator.course_transcripts.reading import SlideColumns

WEEK7 = Path("/work/shared/course/07-ConfigMap-Secret-downwardAPI")
if not WEEK7.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)
SLIDES = (WEEK7 / "slides.txt").read_text().split("\n")
LS_DATE = re.compile(r"\b[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d\b")
TERMINAL = 39  # slides 589-617: the manifest's drawing on the left, the terminal from this column on
HASH = "56af7aa4197fee5da30ccdd562cc2ea5e751af76"

SLIDE_COLUMNS = SlideColumns(SLIDES, LS_DATE)
quoted, words, same = SLIDE_COLUMNS.quoted, SLIDE_COLUMNS.words, SLIDE_COLUMNS.same


def test_the_quotes_are_the_slides_own_lines():
    assert quoted(540, 540) == ["remote ❯ ssh-keyscan github.com > ./known_hosts"]
    assert quoted(603, 603, TERMINAL) == ["root@git-sync:/# ls -al /repo"]
    assert quoted(617, 617, TERMINAL) == ["-rw-r--r-- 1 65533 65533 60 Sep 2 22:33 README.md"]
    assert quoted(575, 575)[0].split()[1] == "k8s.gcr.io/git-sync/git-sync:v3.6.1"


@pytest.fixture
def shell():
    cluster = Cluster(seed=5, files=HANDS_ON_DIR)
    session = cluster.session(interactive=True)
    return cluster, session


def _stderr_banners(printed: str) -> list[str]:
    return [line for line in printed.splitlines() if line.startswith("#")]


def test_the_slides_git_sync_pod_clones_the_private_repository_into_the_shared_emptydir(shell):
    cluster, session = shell
    # 540-545: GitHub's keys into known_hosts, one banner on stderr per key type (the slide prints the
    # three banners, each once, beside a note)
    printed = session.run("ssh-keyscan github.com > ./known_hosts").output
    assert _stderr_banners(printed) == [line.split("  ")[0] for line in quoted(542, 545) if line.startswith("#")]
    # 548-555: the key and known_hosts in a Secret
    assert session.run(quoted(548, 548)[0].split("❯ ", 1)[1]).output == "secret/my-ssh created\n"
    same(session.run("kubectl get secrets -o wide").output, quoted(553, 555))
    # 589-597: the pod, both containers running
    session.run(quoted(589, 589, TERMINAL)[0].split("❯ ", 1)[1])
    assert session.run("kubectl create -f pod-git-sync.yaml").output == "pod/git-sync created\n"
    session.run("sleep 14")
    same(session.run("kubectl get pods -o wide").output, quoted(596, 597, TERMINAL))
    # 600-617: in the ubuntu container, bash's groups notice and git-sync's layout under /repo
    same(session.run("kubectl exec -it git-sync -c ubuntu -- /bin/bash").output, quoted(602, 602, TERMINAL))
    same(session.run("ls -al /repo").output, quoted(604, 609, TERMINAL))
    same(session.run("ls -al /repo/private-repo/").output, quoted(613, 617, TERMINAL))
    assert session.run("cat /repo/private-repo/.git").output == f"gitdir: ../.git/worktrees/{HASH}\n"  # 67 bytes
    session.run("exit")


def test_git_sync_logs_its_first_sync_as_v3_6_1_does():
    cluster, session = _start()
    log = session.run("kubectl logs git-sync -c git-sync").output.splitlines()
    assert log[0] == "INFO: detected pid 1, running init handler"
    header = re.compile(r'^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ main\.go:(\d+)\] "level"=0 "msg"="([^"]+)"')
    assert [header.match(line).groups() for line in log[1:]] == [
        ("389", "starting up"), ("934", "cloning repo"), ("748", "syncing git"), ("783", "adding worktree"),
        ("844", "reset worktree to hash"), ("849", "updating submodules")]
    assert log[1].endswith('"args"=["/git-sync","-ssh","-repo=git@github.com:whatwant-school/private-repo.git",'
                           '"-root=/repo","-dest=private-repo","-branch=main","-depth=1"]')
    assert log[3].endswith(f'"rev"="HEAD" "hash"="{HASH}"')
    assert log[4].endswith(f'"path"="/repo/{HASH}" "branch"="origin/main"')


def test_with_v1_every_sync_after_the_first_finds_nothing_new_every_wait_seconds():
    cluster, session = _start(extra_args=["-v=1", "-wait=10"])
    before = session.run("kubectl logs git-sync -c git-sync").output
    assert '"msg"="creating tmp symlink" "root"="/repo/" "dst"="' + HASH + '" "src"="tmp-link"' in before
    assert '"msg"="renaming symlink" "root"="/repo/" "old_name"="tmp-link" "new_name"="private-repo"' in before
    session.run("sleep 30")
    after = session.run("kubectl logs git-sync -c git-sync").output
    later = after[len(before):].splitlines()
    rounds = [line for line in later if '"msg"="no update required"' in line]
    assert 2 <= len(rounds) <= 4  # 30 s and the lines' own seconds, one sync each 10 s
    assert rounds[0].endswith(f'"rev"="HEAD" "local"="{HASH}" "remote"="{HASH}"')
    assert all('"wait_time"=10000000000' in line for line in later if '"next sync"' in line)


def test_a_key_github_does_not_know_aborts_the_sync_and_the_container_exits_1(shell):
    cluster, session = shell
    session.run("cd kubernetes/07-ConfigMap-Secret-downwardAPI/hands-on")
    session.run("kubectl create secret generic my-ssh --from-file=ssh=./index.html --from-file=known_hosts=./known_hosts")
    session.run("kubectl create -f pod-git-sync.yaml")
    session.run("sleep 10")
    row = session.run("kubectl get pods").output.splitlines()[1].split()
    assert row[1:3] == ["1/2", "Error"]  # printPod: the terminated container's reason, one still running
    last = session.run("kubectl logs git-sync -c git-sync").output.splitlines()[-1]
    assert re.match(r'^E\d{4} [\d:.]+ +\d+ main\.go:535\] "msg"="too many failures, aborting" ', last)
    assert last.endswith(
        '"error"="Run(git clone -v --no-checkout -b main --depth 1 git@github.com:whatwant-school/private-repo.git '
        '/repo): exit status 128: { stdout: "", stderr: "Cloning into \'/repo\'...\\ngit@github.com: Permission '
        'denied (publickey).\\r\\nfatal: Could not read from remote repository.\\n\\nPlease make sure you have the '
        'correct access rights\\nand the repository exists." }" "failCount"=1')
    state = cluster.get("pods", "git-sync")["status"]["containerStatuses"]
    assert [s["state"].get("terminated", {}).get("exitCode") for s in state if s["name"] == "git-sync"] == [1]
    assert session.run("kubectl exec git-sync -c ubuntu -- ls /repo").output == ""  # git clone left nothing


@pytest.mark.parametrize("change,message", [
    ("-repo=git@github.com:whatwant-school/private-repo.git", "ERROR: Repository not found."),
    ("-branch=main", "warning: Could not find remote branch master to clone.\\nfatal: Remote branch master not found"),
])
def test_a_missing_repository_or_branch_is_git_s_own_error(change, message):
    wrong = {"-repo": "-repo=git@github.com:whatwant-school/no-such-repo.git", "-branch": "-branch=master"}
    cluster, session = _start(replace=(change, wrong[change.split("=")[0]]))
    assert message in session.run("kubectl logs git-sync -c git-sync").output


def test_known_hosts_without_github_fails_host_key_verification():
    cluster, session = _start(secret=False, extra_secret=(
        "kubectl create secret generic my-ssh --from-file=ssh=$HOME/.ssh/id_rsa --from-file=known_hosts=./index.html"))
    assert 'stderr: "Cloning into \'/repo\'...\\nHost key verification failed.\\r\\nfatal: Could not read' in \
        session.run("kubectl logs git-sync -c git-sync").output


def test_a_key_only_root_may_read_is_not_loaded_without_the_fsgroup():
    """docs/ssh.md: fsGroup 65533 "to make SSH key readable" when the Secret's mode is 0400."""
    cluster, session = _start(pod_edit=lambda text: text.replace("  securityContext:\n    fsGroup: 65533\n", ""))
    assert 'Load key \\"/etc/git-secret/ssh\\": Permission denied\\r\\ngit@github.com: Permission denied (publickey).' in \
        session.run("kubectl logs git-sync -c git-sync").output


def test_a_missing_repo_flag_and_a_missing_key_stop_it_before_any_sync():
    cluster, session = _start(replace=("-repo=git@github.com:whatwant-school/private-repo.git", "-wait=5"))
    assert session.run("kubectl logs git-sync -c git-sync").output == (
        "INFO: detected pid 1, running init handler\nERROR: --repo must be specified\n")
    cluster, session = _start(secret=False, pod_edit=lambda text: text.replace("secretName: my-ssh", "secretName: other"),
                              extra_secret="kubectl create secret generic other --from-file=known_hosts=./known_hosts")
    assert session.run("kubectl logs git-sync -c git-sync").output.splitlines()[-1] == (
        "ERROR: can't configure SSH: can't access SSH key: stat /etc/git-secret/ssh: no such file or directory")


def test_flags_go_s_flag_package_refuses():
    from simulator.apps.git_sync import FlagError, parse_flags

    assert parse_flags(["--repo", "x", "-ssh", "-depth=1", "--", "-nope"], {"HOME": "/tmp"})["depth"] == 1
    assert parse_flags([], {"HOME": "/tmp", "GIT_SYNC_ROOT": "/tmp/git"})["root"] == "/tmp/git"
    assert parse_flags([], {"HOME": "/tmp"})["root"] == "/tmp/git"  # $HOME/git
    for args, text in ((["-nope"], "flag provided but not defined: -nope"), (["-repo"], "flag needs an argument: -repo"),
                       (["-depth=x"], 'invalid value "x" for flag -depth: parse error'),
                       (["-ssh=maybe"], 'invalid boolean value "maybe" for flag -ssh: parse error')):
        with pytest.raises(FlagError, match=re.escape(text)):
            parse_flags(args, {})


HANDS = "kubernetes/07-ConfigMap-Secret-downwardAPI/hands-on"


def _start(replace=None, extra_args=(), pod_edit=None, secret=True, extra_secret=""):
    """A cluster running the slides' pod (an argument changed or added, or the manifest edited) as
    variant.yaml beside the hands-on files, its Secret made as on slide 548."""
    base = HANDS_ON_DIR / HANDS
    text = (base / "pod-git-sync.yaml").read_text()
    if replace:
        text = text.replace(f"    - {replace[0]}\n", f"    - {replace[1]}\n")
    for arg in extra_args:
        text = text.replace("    - -depth=1\n", f"    - -depth=1\n    - {arg}\n")
    if pod_edit:
        text = pod_edit(text)
    files = {f"{HANDS}/{name}": (base / name).read_bytes() for name in ("known_hosts", "index.html")}
    files[f"{HANDS}/variant.yaml"] = text.encode()
    cluster = Cluster(seed=5, files=files)
    session = cluster.session(interactive=True)
    session.run(f"cd {HANDS}")
    if secret:
        session.run("kubectl create secret generic my-ssh --from-file=ssh=$HOME/.ssh/id_rsa --from-file=known_hosts=./known_hosts")
    if extra_secret:
        session.run(extra_secret)
    assert session.run("kubectl create -f variant.yaml").output == "pod/git-sync created\n"
    session.run("sleep 10")
    return cluster, session


def test_a_restarted_git_sync_finds_its_checkout_and_only_compares_hashes():
    """syncRepo: DEST/.git exists, so no clone; the remote's hash is the local one (`no update required`)."""
    from simulator.apps import git_sync
    from simulator.registry.kinds import by_kind

    cluster, session = _start()
    pod = cluster.store.get(by_kind("Pod"), "default", "git-sync")
    container = {**pod.spec["containers"][1], "args": [*pod.spec["containers"][1]["args"], "-v=1"]}
    again = git_sync.started(cluster.machines, cluster.store, pod, container, {}, cluster.clock.now())
    assert again.long_running and '"msg"="cloning repo"' not in again.output
    assert f'"msg"="no update required" "rev"="HEAD" "local"="{HASH}" "remote"="{HASH}"' in again.output


def test_without_ssh_a_private_repository_cannot_be_read():
    """No -ssh: over https git asks for a username it cannot read; over ssh uid 65533 has no known_hosts."""
    cluster, session = _start(replace=("-ssh", "-wait=1"), pod_edit=lambda text: text.replace(
        "git@github.com:whatwant-school/private-repo.git", "https://github.com/whatwant-school/private-repo.git"))
    assert ("fatal: could not read Username for 'https://github.com': No such device or address"
            in session.run("kubectl logs git-sync -c git-sync").output)
    cluster, session = _start(replace=("-ssh", "-wait=1"))
    assert "Host key verification failed." in session.run("kubectl logs git-sync -c git-sync").output


def test_a_root_left_half_written_is_emptied_before_the_clone():
    """cloneRepo: git refuses a non-empty directory, so git-sync removes ROOT's contents and clones again."""
    from simulator.apps import git_sync
    from simulator.registry.kinds import by_kind

    cluster, session = _start()
    session.run("kubectl exec git-sync -c ubuntu -- rm /repo/private-repo")  # the link gone, the rest left
    session.run("kubectl exec git-sync -c ubuntu -- touch /repo/stray")
    pod = cluster.store.get(by_kind("Pod"), "default", "git-sync")
    again = git_sync.started(cluster.machines, cluster.store, pod, pod.spec["containers"][1], {}, cluster.clock.now())
    assert '"msg"="git root exists and is not empty (previous crash?), cleaning up" "path"="/repo"' in again.output
    listing = session.run("kubectl exec git-sync -c ubuntu -- ls -a /repo").output.split()
    assert listing == [".", "..", ".git", HASH, "private-repo"]


def test_ls_l_shows_the_link_itself_unless_a_slash_follows_it():
    """GNU ls: with -l a symlink named on the command line is listed as the link; `link/` is the directory."""
    cluster, session = _start()
    session.run("kubectl exec -it git-sync -c ubuntu -- /bin/bash")
    (row,) = session.run("ls -l /repo/private-repo").output.splitlines()
    assert row.split()[0] == "lrwxrwxrwx" and row.endswith(f"/repo/private-repo -> {HASH}")
    assert session.run("ls -l /repo/private-repo/").output.splitlines()[0] == "total 4"
    assert session.run("ls /repo/private-repo").output == "README.md\n"
