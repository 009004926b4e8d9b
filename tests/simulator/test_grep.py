"""grep's options against the real GNU grep on this machine (tests/simulator/text_oracle.py),
and the answers a real grep cannot give here written by hand."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant, simulated

PODS = ("Name:         web\nNamespace:    default\nTolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
        "              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:       <none>\n")
LINES = "a\nfoo\nb\nc\nd\nfoo bar foo\ne\nfoobar\nFOO\n-foo-\nlast foo"  # no final newline, as GNU allows
FILES = {"describe.txt": PODS, "lines.txt": LINES, "empty.txt": "", "dir/one.txt": "one foo\n",
         "dir/sub/two.txt": "two\nfoo two\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("grep")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "grep -A2 Tolerations describe.txt", "grep -A1 Tolerations describe.txt lines.txt",
    "grep -B1 -n foo lines.txt", "grep -C1 foo lines.txt", "grep -2 c lines.txt", "grep -nC 1 foo lines.txt lines.txt",
    "grep -A 0 foo lines.txt", "grep --context=1 b lines.txt", "grep --after-context 1 b lines.txt",
    "grep -o foo lines.txt", "grep -o -A1 foo lines.txt", "grep -on 'fo*' lines.txt", "grep -oi foo lines.txt",
    "grep -w foo lines.txt", "grep -ow foo lines.txt", "grep -x foo lines.txt", "grep -xv foo lines.txt",
    "grep -wc foo lines.txt", "grep -c foo lines.txt describe.txt empty.txt", "grep -l foo lines.txt describe.txt empty.txt",
    "grep -L foo lines.txt describe.txt empty.txt", "grep -q foo lines.txt", "grep -q zzz lines.txt",
    "grep -h foo lines.txt dir/one.txt", "grep -H foo lines.txt", "grep -Hh foo lines.txt dir/one.txt",
    "grep -e foo -e '^b' lines.txt", "grep --regexp=bar -e c lines.txt", "grep -m 2 foo lines.txt", "grep -m1 -A2 foo lines.txt",
    "grep -m 1 -c foo lines.txt", "grep -m0 foo lines.txt", "grep --color=never foo lines.txt", "grep --colour=auto -n b lines.txt",
    "grep -r foo dir", "grep -rn foo dir/sub", "grep -r foo dir/one.txt", "grep -rh two dir", "grep -rl foo dir",
    "grep foo dir", "grep foo nonexist lines.txt", "grep -s foo nonexist lines.txt", "grep -q foo nonexist lines.txt",
    "grep -sq zzz nonexist", "grep -Q x lines.txt", "grep --bogus x", "grep -A", "grep -A x y lines.txt", "grep -m x y",
    "grep --cont=1 b lines.txt", "grep --no-filename foo lines.txt dir/one.txt", "grep -v -n o lines.txt",
    "grep -iE 'FOO|^b$' lines.txt", "grep -F -x -- -foo- lines.txt", "grep -- -foo- lines.txt", "grep foo -- lines.txt",
    "grep -n foo lines.txt -i", "grep -nA1 foo - < lines.txt", "cat lines.txt | grep -c foo", "cat lines.txt | grep -H b",
    "grep --line-number --only-matching --word-regexp foo lines.txt", "grep --no-group-separator -A1 foo lines.txt",
    "grep --group-separator=XX -A1 foo lines.txt", "grep", "grep --line-regexp b lines.txt",
])
def test_grep_prints_what_gnu_grep_prints(shell, tmp_path, line):
    agree(shell, tmp_path, line)


def test_recursive_grep_without_an_operand_walks_dot_and_names_files_without_dot_slash(shell, tmp_path):
    """GNU's readdir order is the disk's; the simulator walks in name order, so compare sorted lines."""
    out, err, status = simulated(shell, "cd dir && grep -r foo")
    assert sorted(out.splitlines()) == ["one.txt:one foo", "sub/two.txt:foo two"] and (err, status) == ("", 0)


def test_a_symlink_met_while_walking_is_skipped_by_r_and_followed_by_big_r(cluster, tmp_path):
    """grep(1): -r "follows symbolic links only if they are on the command line"; -R follows all."""
    from simulator.nfs import WORKSTATION_HOME, workstation_tree
    plant(cluster, tmp_path, {"cfg/..data/key": "value\n"})
    tree = workstation_tree(cluster.machines, cluster.clock.now())
    from simulator.filesystem import Entry
    tree.entries[f"{WORKSTATION_HOME}/cfg/key"] = Entry("l", 0o777, cluster.clock.now(), "..data/key")
    session = cluster.session(echo=False)
    assert session.run("grep -r value cfg").stdout == "cfg/..data/key:value\n"


def test_options_gnu_has_but_the_simulator_does_not_model_are_refused_not_ignored(shell):
    result = shell.run("grep -P 'fo+' lines.txt")
    assert (result.stderr, result.exit_code) == ("grep: -P: this option is not simulated here\n", 2)


def test_a_pipe_from_kubectl_describe_keeps_the_context_lines(shell):
    """The brief's case: `describe | grep -A2 Tolerations` shows the two lines under it."""
    shell.run("kubectl run web --image=nginx")
    result = shell.run("kubectl describe pod web | grep -A1 Tolerations")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Tolerations:") and lines[1].strip().startswith("node.kubernetes.io/unreachable")
