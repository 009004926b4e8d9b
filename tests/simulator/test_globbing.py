"""Pathname expansion (`*`, `?`, `[...]`) in the simulated shells, against bash itself.

The differential test makes the same files in a temporary directory and on a simulated node,
then expands each pattern with the machine's real bash (`LC_ALL=C`, bash 5.2's defaults) and
with the simulator; the other expectations are written by hand from bash's manual
(Pattern Matching, Filename Expansion).
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from simulator import Cluster
from simulator.shell import globbing

FILES = ("a.txt", "b.txt", ".hidden", "B.TXT", "c1", "c2", "c10", "dir/x.txt", "dir/y.log", "[x]", "_u", "Zz")
PATTERNS = ("*", "*.txt", "?.txt", "[ab]*", "[!a]*", "[^a]*", "c[0-9]", "c[!0-9]*", "[[:upper:]]*", "*/",
            "*/*.txt", "*/*", "nomatch*", "'*'", "\\*", '"*".txt', "*'.txt'", "\\[x]", "[x]", ".*", "d*/?.*",
            "[]x]*", "*[", "c?*")


def each_field(pattern: str) -> str:
    return f'for f in {pattern}; do echo "<$f>"; done'


def bash_expands(tmp_path, pattern: str) -> str:
    return subprocess.run(["bash", "-c", each_field(pattern)], cwd=tmp_path, capture_output=True,
                          text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}, check=True).stdout


@pytest.fixture
def node_shell():
    cluster = Cluster(seed=3)
    shell = cluster.session()
    shell.run(f"ssh vagrant@{cluster.machines.node_ip('worker1')}")
    assert shell.run("mkdir -p /tmp/g/dir && cd /tmp/g").exit_code == 0
    for name in FILES:
        assert shell.run(f"touch '{name}'").exit_code == 0
    return shell


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not on this machine")
def test_each_pattern_expands_as_bash_expands_it(node_shell, tmp_path):
    if subprocess.run(["bash", "-c", "shopt globskipdots"], capture_output=True).returncode != 0:
        pytest.skip("this bash is older than 5.2 (no globskipdots): `.*` would list . and ..")
    (tmp_path / "dir").mkdir()
    for name in FILES:
        (tmp_path / name).touch()
    for pattern in PATTERNS:
        assert node_shell.run(each_field(pattern)).stdout == bash_expands(tmp_path, pattern), pattern


def test_patterns_written_by_hand(node_shell):
    run = lambda line: node_shell.run(line).stdout  # noqa: E731
    assert run("echo *") == "B.TXT Zz [x] _u a.txt b.txt c1 c10 c2 dir\n"  # C order: `B` `Z` `[` `_` before `a`
    assert run("echo .*") == ".hidden\n"  # a leading dot is matched only by a leading dot
    assert run("echo c?") == "c1 c2\n"
    assert run("echo '*.txt' \"*.txt\" \\*.txt") == "*.txt *.txt *.txt\n"  # quoted globs stay words
    assert run("echo *.yaml") == "*.yaml\n"  # no match: the word as typed
    assert run("for f in *.txt; do echo file $f; done") == "file a.txt\nfile b.txt\n"
    assert run("x='c*'; echo $x; echo \"$x\"") == "c1 c10 c2\nc*\n"  # an unquoted expansion globs
    assert run("echo /tmp/g/dir/*") == "/tmp/g/dir/x.txt /tmp/g/dir/y.log\n"
    assert run("echo /etc/host*") == "/etc/hostname /etc/hosts\n"  # the machine's own files too
    assert node_shell.run("rm *.txt; ls").stdout == "B.TXT  Zz  [x]  _u  c1  c10  c2  dir\n"
    assert run("A=*; echo \"$A\"") == "*\n"  # an assignment's value is not expanded


def test_globs_expand_inside_a_container_over_its_volumes(tmp_path):
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n"
                "    image: nginx\n    volumeMounts:\n    - name: data\n      mountPath: /data\n"
                "  volumes:\n  - name: data\n    emptyDir: {}\n")
    (tmp_path / "web.yaml").write_text(manifest)
    shell = Cluster(seed=3, files=tmp_path).session()
    assert shell.run("kubectl apply -f web.yaml").exit_code == 0
    shell.run("sleep 30")
    shell.run("kubectl exec -it web -- bash")
    shell.run("echo one > /data/1.log; echo two > /data/2.log; echo keep > /data/keep.txt")
    assert shell.run("cat /data/*.log").stdout == "one\ntwo\n"
    assert shell.run("rm /data/*.log && ls /data").stdout == "keep.txt\n"
    assert shell.run("ls /data/*.log").stderr == "ls: cannot access '/data/*.log': No such file or directory\n"


def test_the_matcher_takes_linear_steps_on_a_hostile_pattern():
    name = "a" * 4000
    started = time.perf_counter()
    assert not globbing.match(name, "*a*a*a*a*a*a*a*a*b")
    assert globbing.match(name + "b", "*a*a*a*a*a*a*a*a*b")
    assert time.perf_counter() - started < 2.0


def test_brackets_as_bash_reads_them():
    assert globbing.match("]", "[]]") and globbing.match("-", "[a-]") and globbing.match("b", "[a-c]")
    assert not globbing.match("b", "[!a-c]") and globbing.match("[", "[")  # an unclosed `[` is itself
    assert globbing.match("*", "\\*") and not globbing.match("a", "\\*")
    assert not globbing.is_pattern("\\*.txt") and globbing.is_pattern("[ab]") and not globbing.is_pattern("[ab")


def test_a_word_matching_too_many_names_is_refused_not_unbounded():
    class Wide:
        def names(self, directory):
            return [f"f{i}" for i in range(globbing.MAX_MATCHES + 10)]

        def exists(self, path):
            return True

    with pytest.raises(globbing.GlobTooLarge):
        globbing.expand("*", Wide())


def test_case_and_double_brackets_match_with_the_same_patterns(node_shell):
    run = lambda line: node_shell.run(line).stdout  # noqa: E731
    assert run("case b7 in [[:alpha:]][[:digit:]]) echo class;; *) echo other;; esac") == "class\n"
    assert run("case x in [!abc]) echo not-abc;; esac") == "not-abc\n"
    assert run("case .hidden in *) echo star-takes-dots;; esac") == "star-takes-dots\n"  # only filenames hide dotfiles
    assert run("[[ a/b == a*b ]] && echo slash") == "slash\n"  # `*` crosses `/` outside pathname expansion
