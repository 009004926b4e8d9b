"""wc's counts and widths, and ls with several operands (what globbing hands them), against this
machine's GNU coreutils run on the same files; plus the workstation's own files, by hand."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from simulator import Cluster

LINES = ("echo hi | wc -w", "echo hi | wc -lw", "echo hi | wc", "wc -l w1", "wc w1", "wc -l w1 w2", "wc w1 w2",
         "wc -c w1 nofile", "echo hi | wc -l - w1", "wc -m w2", "wc -x w1", "cat w1 w2 | wc -l")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "w1").write_text("a b\nc\n")
    (tmp_path / "w2").write_text("hello world foo\n")
    return tmp_path


@pytest.mark.skipif(shutil.which("wc") is None, reason="GNU wc is not on this machine")
@pytest.mark.parametrize("line", LINES)
def test_wc_prints_what_gnu_wc_prints(files, line):
    shell = Cluster(seed=3, files=files).session()
    real = subprocess.run(["bash", "-c", line], cwd=files, capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    got = shell.run(line)
    assert (got.stdout, got.stderr) == (real.stdout, real.stderr)


def test_ls_lists_files_first_then_each_directory_with_its_name(files):
    (files / "sub").mkdir()
    (files / "sub" / "inner.txt").write_text("x\n")
    shell = Cluster(seed=3, files=files).session()
    # GNU ls: missing operands reported first, then the files, then "dir:" blocks; here not on a terminal
    result = shell.run("ls sub w2 nothere w1 | cat")
    assert result.stdout == "w1\nw2\n\nsub:\ninner.txt\n"
    assert result.stderr == "ls: cannot access 'nothere': No such file or directory\n"
    shell.run("echo made > made.txt")  # the workstation's own file, beside the hands-on ones
    assert shell.run("ls *.txt").stdout == "made.txt\n"
    assert "made.txt" in shell.run("ls").stdout.split()
