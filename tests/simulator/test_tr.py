"""tr against the real GNU coreutils on this machine (tests/simulator/text_oracle.py)."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

FILES = {"t.txt": "Hello,   World!\nfoo\t\tbar  baz\n\nkube-system   coredns-1   1/1\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("tr")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "tr a-z A-Z < t.txt", "tr '[:lower:]' '[:upper:]' < t.txt", "tr '[:upper:]' '[:lower:]' < t.txt",
    "tr -d '[:digit:]' < t.txt", "tr -d ' ' < t.txt", "tr -s ' ' < t.txt", "tr -s '[:space:]' < t.txt",
    "tr -s ' ' '\\t' < t.txt", "tr -d -c 'a-z\\n' < t.txt", "tr -c 'a-zA-Z' '\\n' < t.txt", "tr -cs 'a-zA-Z' '\\n' < t.txt",
    "tr ',!' '..' < t.txt", "tr 'abc' 'x' < t.txt", "tr -t 'abc' 'x' < t.txt", "tr 'a-e' '[x*]' < t.txt",
    "tr 'a-f' '[x*2]yz' < t.txt", "tr '\\n' ' ' < t.txt", "tr '\\t' '\\101' < t.txt", "tr -ds ' ' 'l' < t.txt",
    "tr '[=o=]' 0 < t.txt", "echo abc | tr -d", "tr", "tr a", "tr a b c", "tr -d a b", "tr z-a x", "tr a '[:digit:]'",
    "tr '[:nope:]' x", "tr -Z a b", "tr a '' < t.txt", "echo a.b.c | tr . /", "kubectl_like='a:b' ; echo $kubectl_like | tr : '\\n'",
    "tr -s '\\n' < t.txt", "tr --delete o < t.txt", "tr --squeeze-repeats l < t.txt",
])
def test_tr_prints_what_coreutils_prints(shell, tmp_path, line):
    agree(shell, tmp_path, line)
