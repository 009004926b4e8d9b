"""sort and uniq against the real GNU coreutils on this machine (tests/simulator/text_oracle.py),
in C.UTF-8: code-point order, as Ubuntu's default C.UTF-8 locale sorts."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

PODS = ("web-1   1/1   Running   0   5m\nweb-10  1/1   Running   3   2m\ndb-0    0/1   Pending   0   1h\n"
        "api-2   1/1   Running   12  30s\nweb-2   1/1   Running   0   5m\n")
FILES = {
    "pods.txt": PODS, "nums.txt": "10\n9\n-3\n2.5\n\nabc\n010\n+4\n 7\n", "sizes.txt": "1K\n512\n2M\n1G\n3K\n-1K\n",
    "words.txt": "banana\nApple\napple\nbanana\nCherry\napple\napple\n", "csv.txt": "b,2,x\na,10,y\nc,1,z\na,2,w\n",
    "versions.txt": "v1.10.0\nv1.2.0\nv1.9.3\nv1.23.1\nv1.2.10\n", "dup.txt": "a\na\nb\nA\na\nc\nc\nc\n",
    "spaced.txt": "x  one 1\nx two  1\ny one 2\n", "d/x": "x\n",
}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("sort")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "sort words.txt", "sort -r words.txt", "sort -u words.txt", "sort -f words.txt", "sort -fu words.txt",
    "sort -n nums.txt", "sort -nr nums.txt", "sort -nu nums.txt", "sort -h sizes.txt", "sort -hr sizes.txt",
    "sort -g nums.txt", "sort -V versions.txt", "sort versions.txt", "sort -k2 pods.txt", "sort -k4 -n pods.txt",
    "sort -k4,4n pods.txt", "sort -k4nr pods.txt", "sort -k3,3 -k1,1r pods.txt", "sort -t, -k2 -n csv.txt",
    "sort -t , -k2,2n -k1,1 csv.txt", "sort -t, -k1,1 -u csv.txt", "sort -t, -k1,1 -s csv.txt", "sort -k2b spaced.txt",
    "sort -k2 spaced.txt", "sort -k1.2 versions.txt", "sort -k 3,3 -k 5 pods.txt", "sort words.txt dup.txt",
    "cat words.txt | sort | uniq -c", "sort nonexist", "sort d", "sort -k x words.txt", "sort -k 0 words.txt",
    "sort -t ab words.txt", "sort --bogus", "sort -c words.txt", "sort -c versions.txt", "sort -o out.txt words.txt; cat out.txt",
    "sort -n -k 5 pods.txt", "sort -rn nums.txt | head -3", "sort --reverse --numeric-sort nums.txt",
    "uniq dup.txt", "uniq -c dup.txt", "uniq -d dup.txt", "uniq -u dup.txt", "uniq -i dup.txt", "uniq -ci dup.txt",
    "uniq -f1 spaced.txt", "uniq -s1 dup.txt", "uniq -w1 words.txt", "sort dup.txt | uniq -c | sort -rn",
    "uniq nonexist", "uniq a b c", "uniq -Z dup.txt", "uniq -f x dup.txt", "uniq dup.txt out.txt; cat out.txt",
    "printf 'x\\nx' | uniq -c",
])
def test_sort_and_uniq_print_what_coreutils_prints(shell, tmp_path, line):
    agree(shell, tmp_path, line)
