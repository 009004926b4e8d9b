"""cp and mv against the real GNU coreutils on this machine (tests/simulator/text_oracle.py):
what they print, then what the tree holds afterwards (`ls -R`-free: `cat` and `find`-free
listings through the simulated ls)."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

FILES = {"a.txt": "alpha\n", "b.txt": "beta\n", "d/one.txt": "one\n", "d/sub/two.txt": "two\n", "e/keep": "k\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("cp")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "cp a.txt c.txt && cat c.txt", "cp a.txt e && cat e/a.txt", "cp a.txt b.txt e && cat e/a.txt e/b.txt e/keep",
    "cp d x", "cp -r d x && cat x/one.txt x/sub/two.txt", "cp -r d e && cat e/d/sub/two.txt", "cp nonexist x",
    "cp a.txt", "cp", "cp a.txt a.txt", "cp -v a.txt c.txt", "cp -n a.txt b.txt; cat b.txt", "cp a.txt b.txt; cat b.txt",
    "cp -r d d/sub", "cp a.txt nodir/x", "cp -Q a.txt c.txt", "cp e a.txt", "mkdir c.txt; cp a.txt c.txt; cat c.txt/a.txt",
    "mv a.txt c.txt && cat c.txt && cat a.txt", "mv a.txt e && cat e/a.txt a.txt", "mv d e && cat e/d/sub/two.txt d/one.txt",
    "mv -v b.txt z.txt", "mv nonexist x", "mv a.txt", "mv -n a.txt b.txt; cat a.txt b.txt", "mv d d/sub",
    "mv a.txt a.txt", "cp -a d y && cat y/sub/two.txt", "cp -i a.txt new.txt && cat new.txt",
    "echo y | cp -i a.txt b.txt; cat b.txt", "echo n | cp -i a.txt b.txt; cat b.txt", "cp -i a.txt b.txt < /dev/null; cat b.txt",
])
def test_cp_and_mv_do_what_coreutils_do(shell, tmp_path, line):
    agree(shell, tmp_path, line)


def test_cp_p_keeps_the_mode_and_plain_cp_masks_it_with_the_umask(cluster, shell):
    """cp(1): without -p a new file's mode is the source's less the umask (Ubuntu's 022)."""
    from simulator.nfs import WORKSTATION_HOME, workstation_tree
    shell.run("chmod 777 a.txt")
    shell.run("cp a.txt plain.txt")
    shell.run("cp -p a.txt kept.txt")
    tree = workstation_tree(cluster.machines, cluster.clock.now())
    assert tree.get(f"{WORKSTATION_HOME}/a.txt").mode == 0o777
    assert (tree.get(f"{WORKSTATION_HOME}/plain.txt").mode, tree.get(f"{WORKSTATION_HOME}/kept.txt").mode) == (0o755, 0o777)


def test_several_sources_need_a_directory_in_coreutils_8_30s_words(shell):
    """Ubuntu 20.04's cp.c: `target %s is not a directory` (9.x reports the missing target's errno)."""
    result = shell.run("cp a.txt b.txt c.txt")
    assert (result.stderr, result.exit_code) == ("cp: target 'c.txt' is not a directory\n", 1)
