"""wc against the real GNU coreutils on this machine (tests/simulator/text_oracle.py)."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

FILES = {"a.txt": "one two\nthree\n", "big.txt": "word " * 3000 + "\n" * 40, "tabs.txt": "a\tb\nlonger line here\n",
         "utf.txt": "héllo wörld\n", "nonl.txt": "no newline", "empty.txt": "", "d/x": "x\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("wc")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "wc a.txt", "wc -l a.txt", "wc -w a.txt", "wc -c a.txt", "wc -m utf.txt", "wc -c utf.txt", "wc -L tabs.txt",
    "wc -lc a.txt", "wc -cl a.txt", "wc a.txt big.txt", "wc -l a.txt big.txt", "wc a.txt nonl.txt empty.txt",
    "wc nonexist a.txt", "wc a.txt nonexist", "wc d", "wc a.txt d", "cat a.txt | wc", "cat a.txt | wc -l",
    "cat a.txt | wc -lw", "cat a.txt | wc -l a.txt -", "wc --lines a.txt", "wc --bogus", "wc -Z a.txt",
    "wc -lwmcL utf.txt tabs.txt", "echo | wc -c", "printf 'a b  c' | wc -w", "wc -l nonl.txt",
])
def test_wc_prints_what_coreutils_prints(shell, tmp_path, line):
    agree(shell, tmp_path, line)
