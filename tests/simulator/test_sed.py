"""sed beyond `s///`: addresses, ranges, `-n` with `p`, `d`, repeated `-e`, `;`, `y`, `{}`, `a/i/c`,
`q`, `=`, hold space and jumps, and GNU's error texts with their positions.

Each script runs on the same input through this machine's GNU sed and the simulator's; stdout,
stderr and the status must agree. GNU sed is Essential in Debian, so it is there wherever the
tests run; the expectations written by hand below stand without it (from the GNU sed manual).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from simulator import Cluster
from simulator.shell.sed import run_sed

INPUT = "alpha one\nbeta two\ngamma three\ndelta four\nalpha five\nomega six\n"
SCRIPTS = (
    ["-n", "2p"], ["2,4d"], ["/beta/,/delta/p"], ["-n", "/alpha/p"], ["$d"], ["-n", "$p"], ["s/a/A/g;s/o/0/2"],
    ["-e", "1d", "-e", "3d"], ["-ne", "1p", "-e", "2p"], ["--expression=2d"], ["y/abc/xyz/"], ["2q"], ["2q5"],
    ["3Q"], ["="], ["-n", "$="], ["1~2d"], ["2,+1d"], ["2,~4d"], ["0,/alpha/d"], ["1,/alpha/d"], ["/beta/!d"],
    ["2{p;p}"], ["/a/{/e/d}"], ["2i\\hello"], ["2a hello"], ["2,3c\\changed"], ["$a\\the end"],
    ["s/\\(al\\)\\(pha\\)/\\2\\1/"], ["s/.*/\\U&/"], ["s/\\w\\+/\\u&/g"], ["s/a/b/3g"], ["s/A/x/I"],
    ["-E", "s/(a|e)+/<&>/g"], ["-r", "s/^(\\w+) (\\w+)$/\\2 \\1/"], ["$!N;s/\\n/ /"], ["n;d"], ["N;N;s/\\n/+/g"],
    [":a;s/a//;ta"], ["h;G"], ["1!G;h;$!d"], ["/x/,/y/p"], ["s/[/]/x/"], ["s|a|/|g"], ["2,1p"],
    ["-n", "/beta/,+2p"], ["s/o/\\n/"], ["/^$/d"], ["-n", "/gamma/{=;p}"], ["-s", "1d"], ["2!{s/a/b/}"],
    # GNU's refusals, with the position it stopped at
    ["k"], ["p;k"], ["1,p"], ["s/a/b"], ["s/a/b/q"], ["{p"], ["p}"], ["0p"], ["1!!p"], ["p x"], ["s/a/b/gg"],
    ["s/a/b/pp"], ["s/a/b/0"], ["s/a/b/1/2"], ["s/a/\\2/"], ["y/ab/c/"], ["y/ab/cd/x"], ["/a"], [":"],
    ["1:a"], ["2,3q"], ["s/\\(a/b/"], ["-n"], ["--frobnicate", "p"], ["-x", "p"], ["ba"], ["1#x"],
)


@pytest.fixture(scope="module")
def context():
    cluster = Cluster(seed=3)
    shell = cluster.session()
    return lambda: cluster.exec_context(shell.frame.vantage, stdin=INPUT, shell=shell)


@pytest.mark.skipif(shutil.which("sed") is None, reason="GNU sed is not on this machine")
@pytest.mark.parametrize("args", SCRIPTS, ids=" ".join)
def test_sed_prints_what_gnu_sed_prints(context, args):
    real = subprocess.run(["sed", *args], input=INPUT, capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    got = run_sed(context(), ["sed", *args])
    if "Usage:" in real.stderr:  # after its usage line GNU prints the whole --help, which is not simulated
        head = real.stderr.split("\n\n")[0].split("\n")
        assert (got.stderr.splitlines()[:len(head)], got.exit_code) == (head, real.returncode)
        return
    assert (got.stdout, got.stderr, got.exit_code) == (real.stdout, real.stderr, real.returncode)


def sed(context, *args, stdin=INPUT):
    ctx = context()
    ctx.stdin = stdin
    return run_sed(ctx, ["sed", *args])


def test_sed_by_hand(context):
    assert sed(context, "-n", "2,3p").stdout == "beta two\ngamma three\n"
    assert sed(context, "/alpha/d").stdout == "beta two\ngamma three\ndelta four\nomega six\n"
    assert sed(context, "-n", "/beta/,/delta/{/gamma/p}").stdout == "gamma three\n"
    assert sed(context, "-n", "p", stdin="last").stdout == "last"  # a missing last newline stays missing
    assert sed(context, "p", stdin="last").stdout == "last\nlast"
    assert sed(context, "$a\\end", stdin="x").stdout == "x\nend\n"
    result = sed(context, "s/a/b/x")
    assert (result.stderr, result.exit_code) == ("sed: -e expression #1, char 7: unknown option to `s'\n", 1)
    assert sed(context, "2d;k").stderr == "sed: -e expression #1, char 4: unknown command: `k'\n"
    assert sed(context, "-e", "p", "-e", "q q").stderr == "sed: -e expression #2, char 3: extra characters after command\n"


def test_a_command_reaching_outside_the_stream_is_refused_not_guessed(context):
    result = sed(context, "w out.txt")
    assert result.exit_code == 1 and "the simulator's sed does not run the `w' command" in result.stderr


def test_a_script_that_loops_for_ever_is_stopped(context):
    result = sed(context, ":a;ba")
    assert result.exit_code == 4 and "stopped after" in result.stderr
    result = sed(context, ":a;G;ba")  # the pattern space doubles... by one line a turn; the step bound ends it
    assert result.exit_code == 4


def test_in_place_edits_on_a_node_number_each_file_alone():
    cluster = Cluster(seed=3)
    shell = cluster.session()
    shell.run(f"ssh vagrant@{cluster.machines.node_ip('worker1')}")
    shell.run("printf_free=1; echo one > /tmp/a; echo two >> /tmp/a; echo three > /tmp/b")
    assert shell.run("sed -i '1d' /tmp/a /tmp/b; cat /tmp/a /tmp/b").stdout == "two\n"
    assert shell.run("echo x > /tmp/c; echo y >> /tmp/c; sed -n '$p' /tmp/a /tmp/c").stdout == "y\n"
    assert cluster.machines.trees["node:worker1"].get("/tmp/a").content == "two\n"  # state, not printed text
