"""awk's basics, compared with mawk 1.3.4 (Ubuntu 20.04's and Debian's `awk`, Priority required,
so on every machine the tests run on; `mawk` prints its own name where awk prints `awk`).

Each program runs on the same input in the machine's mawk and in the simulator's awk; stdout,
stderr and the status must agree. The busybox flavour and the bounds are written by hand from
busybox's editors/awk.c (`syntax_error(EMSG_UNEXP_TOKEN)`: "Unexpected token").
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from simulator import Cluster
from simulator.tools.awk import run_awk

INPUT = "root x 0 0 /root\nalice x 1000 100 /home/alice\nbob x 1001 100 /home/bob\n\ncarol  x 7 5   /srv\n"
PROGRAMS = (
    ["{print $1}"], ["{print $NF}"], ['{print NR": "$0}'], ["NF"], ["$3 > 500 {print $1, $3}"], ["/^a/"], ["!/x/"],
    ["{s += $3} END {print s, NR, s/NR}"], ["-F", "x", "{print $2}"], ["-Fx", "{print $1}"], ["-v", "n=5", "{print $3 + n}"],
    ['BEGIN {printf "%-6s|%5.1f|%03d\\n", "ab", 3.14159, 7}'], ["{print length($1), length}"], ['{ $2 = "Y"; print }'],
    ["{ NF = 2; print }"], ["NR==2, NR==3"], ["/alice/,/bob/ {print NR}"], ["{a[$4]++} END {for (k in a) n++; print n}"],
    ['{print toupper($1) tolower("ABC")}'], ["{print substr($5, 2, 3)}"], ['{print index($5, "o")}'],
    ['{n = split($5, p, "/"); print n, p[2]}'], ['{gsub(/o/, "0"); print}'], ['{sub(/x/, "[&]"); print}'],
    ['{if ($3 > 999) print "big"; else print "small"}'], ["BEGIN {for (i = 0; i < 3; i++) print i}"],
    ["BEGIN {i = 0; while (i < 3) {print i; i++}}"], ["BEGIN { do { i++ } while (i < 5); print i }"],
    ['{print $1 " has " $3}'], ["BEGIN { print 1/3, 2^31, 100/4, 2^31-1, 1e6, 17/7 }"],
    ['{print $1 == "bob" ? "yes" : "no"}'], ["END {print $0, NR}"], ["{print match($5, /o+/), RSTART, RLENGTH}"],
    ["{print $3 ~ /^1/}"], ['BEGIN { x["a"]=1; delete x["a"]; print length(x) }'],
    ["BEGIN { print -3 % 2, int(-3.7), 7 % 3 }"], ["{print $(NF-1)}"], ["NR % 2 == 0"],
    ["function double(x) { return x * 2 } { print double($3) }"], ['BEGIN { printf "%s\\n" }'],
    ['BEGIN { print length("héllo"), toupper("héllo") }'], ["{print; next; print \"no\"}"],
    ['BEGIN{exit 3} END{print "end"}'], ['BEGIN { print substr("hello", 0, 2), substr("hello", -1), substr("hello", 2) }'],
    ['{printf "%s %d %c\\n", $1, $3, $1}'], ['BEGIN { x = "3x"; print x+1, x*2, -x }'], ["{ print ($1, $3) }"],
    ['BEGIN { OFS="-" } { $1 = $1; print }'], ['BEGIN { x; print x == 0, x == "" }'], ["{ print $6 == \"\" }"],
    ['BEGIN { s = "a,b,,c"; n = split(s, arr, ","); print n, arr[3] "|" arr[4] }'], ["BEGIN { print 10 \" \" -1 }"],
    ["BEGIN { a = 1; a += 2; a *= 3; a -= 1; a /= 2; a %= 3; a ^= 2; print a }"], ["$3 >= 1000 && $4 == 100 { c++ } END { print c+0 }"],
    ["{print FILENAME}"], ["BEGIN { print 1/0 }"], ['{ print $1 > "/dev/stderr" }'], ['{ print > "/dev/null" }'],
    ['{ print $1 >> "/dev/stdout"; print NR }'], ['BEGIN { print "x" > "" }'],
    # mawk's refusals
    ["{print"], ["{print $1}}"], ["{x = }"], ["{ foo( }"], ["BEGIN { print 1 +* 2 }"], ["{ if ($1 print }"],
)


@pytest.fixture(scope="module")
def context():
    cluster = Cluster(seed=3)
    shell = cluster.session()
    return lambda: cluster.exec_context(shell.frame.vantage, stdin=INPUT, shell=shell)


@pytest.mark.skipif(shutil.which("mawk") is None, reason="mawk is not on this machine")
@pytest.mark.parametrize("args", PROGRAMS, ids=" ".join)
def test_awk_prints_what_mawk_prints(context, args):
    real = subprocess.run(["mawk", *args], input=INPUT, capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    got = run_awk(context(), ["awk", *args])
    assert (got.stdout, got.stderr, got.exit_code) == (real.stdout, real.stderr.replace("mawk:", "awk:"),
                                                       real.returncode)


def awk(context, *args, stdin=INPUT):
    ctx = context()
    ctx.stdin = stdin
    return run_awk(ctx, ["awk", *args])


def test_awk_by_hand(context):
    assert awk(context, "{print $1}", stdin="a b\nc d\n").stdout == "a\nc\n"
    assert awk(context, "-F:", "{print $NF}", stdin="x:y:z\n").stdout == "z\n"
    assert awk(context, "-F", "\\t", "{print $2}", stdin="a b\tc d\n").stdout == "c d\n"
    assert awk(context, "$2 > 10", stdin="a 5\nb 50\nc 9\n").stdout == "b 50\n"  # numbers from input compare as numbers
    assert awk(context, "{t += $2} END {print t}", stdin="a 5\nb 50\n").stdout == "55\n"
    result = awk(context, "{print $1", stdin="")
    assert (result.stderr, result.exit_code) == ("awk: line 2: missing } near end of file\n", 2)


def test_a_loop_without_end_is_stopped_and_the_output_bounded(context):
    result = awk(context, "BEGIN { while (1) x++ }")
    assert result.exit_code == 2 and "stopped after" in result.stderr
    result = awk(context, 'BEGIN { s = "x"; while (1) s = s s }')
    assert result.exit_code == 2 and "the simulator's limit" in result.stderr
    result = awk(context, "function f(n) { return f(n + 1) } BEGIN { f(1) }")
    assert result.exit_code == 2 and "the simulator's limit" in result.stderr


def test_a_catastrophic_regex_runs_in_linear_time(context):
    result = awk(context, '$0 ~ /(a|aa)+$/ { print "m" }', stdin="a" * 5000 + "b\n")
    assert (result.stdout, result.stderr) == ("", "")


def test_what_is_not_simulated_says_so(context):
    assert "does not run getline" in awk(context, "BEGIN { getline }").stderr
    assert "does not pipe" in awk(context, '{ print | "sort" }').stderr
    assert "does not read a program file" in awk(context, "-f", "prog.awk").stderr


def test_busybox_images_run_busybox_awk(tmp_path):
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: box\nspec:\n  containers:\n  - name: box\n"
                "    image: busybox\n    command: [\"sleep\", \"3600\"]\n")
    (tmp_path / "box.yaml").write_text(manifest)
    shell = Cluster(seed=3, files=tmp_path).session()
    shell.run("kubectl apply -f box.yaml")
    shell.run("sleep 30")
    result = shell.run("kubectl exec box -- awk '{print $1'")
    assert result.stderr == "awk: cmd. line:1: Unexpected token\ncommand terminated with exit code 1\n"
    assert shell.run("kubectl exec box -- awk 'BEGIN { print 2^31, 2^40 }'").stdout == "2147483648 1099511627776\n"
    assert shell.run("echo 'a b' | awk '{print $2}'").stdout == "b\n"  # the workstation's mawk


def test_print_into_a_file_writes_it_where_awk_runs():
    cluster = Cluster(seed=3)
    shell = cluster.session()
    shell.run(f"ssh vagrant@{cluster.machines.node_ip('worker1')}")
    shell.run("echo 'a 1' > /tmp/in; echo 'b 2' >> /tmp/in; echo 'a 3' >> /tmp/in")
    assert shell.run("cd /tmp && awk '{ print $2 > ($1 \".txt\") }' in && cat a.txt b.txt").stdout == "1\n3\n2\n"
    shell.run("awk '{ print \"more\" >> \"/tmp/a.txt\" }' /tmp/in")
    tree = cluster.machines.trees["node:worker1"]
    assert tree.get("/tmp/a.txt").content == "1\n3\nmore\nmore\nmore\n"  # state on the node's disk
