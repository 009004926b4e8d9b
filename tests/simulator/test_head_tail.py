"""head and tail against the real GNU coreutils on this machine (tests/simulator/text_oracle.py)."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

NUMBERS = "".join(f"line {n}\n" for n in range(1, 16))
FILES = {"n.txt": NUMBERS, "short.txt": "one\ntwo", "empty.txt": "", "d/x": "x\n", "utf.txt": "héllo\nwörld\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("head")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "head n.txt", "head -n 3 n.txt", "head -3 n.txt", "head -n3 n.txt", "head -n -12 n.txt", "head -c 12 n.txt",
    "head -c -80 n.txt", "head -c 1K n.txt", "head --lines=2 n.txt", "head --lines 2 n.txt", "head -n 2 n.txt short.txt",
    "head -n 1 n.txt empty.txt short.txt", "head -q -n1 n.txt short.txt", "head -v -n1 n.txt", "head -vq -n1 n.txt",
    "head -n 1 n.txt nonexist short.txt", "head -n 1 d n.txt", "head -n 0 n.txt", "head -n x n.txt", "head -c x n.txt",
    "head -Z n.txt", "head --bogus n.txt", "head -n", "cat n.txt | head -n 2", "cat n.txt | head -n 1 - short.txt",
    "head short.txt", "head -n 2 -n 4 n.txt",
    "tail n.txt", "tail -n 3 n.txt", "tail -3 n.txt", "tail -n +13 n.txt", "tail -n +0 short.txt", "tail -c 8 n.txt",
    "tail -c +80 n.txt", "tail -n 2 n.txt short.txt", "tail -q -n 1 n.txt short.txt", "tail short.txt",
    "tail -n 0 n.txt", "tail -n 1 nonexist n.txt", "tail -n x n.txt", "tail -n +2x n.txt", "cat n.txt | tail -2",
    "tail -n 1 d", "head -c 3 utf.txt",
])
def test_head_and_tail_print_what_coreutils_prints(shell, tmp_path, line):
    agree(shell, tmp_path, line)


def test_tail_f_is_refused_saying_so(shell):
    result = shell.run("tail -f n.txt")
    assert (result.stderr, result.exit_code) == ("tail: -f (following a file as it grows) is not simulated here\n", 1)
