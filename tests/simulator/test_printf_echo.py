"""bash's printf and echo against the real bash on this machine (tests/simulator/text_oracle.py).

`bash -c` names its errors `bash: line 1: printf: ...`; an interactive bash, which the
simulated terminal is, says `bash: printf: ...`: the oracle's line number is dropped."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.simulator.text_oracle import BASH

CASES = [
    'printf "%d\\n" abc', 'printf "%d|%5.2f|%-4s|%x|%o|%c|%%|%i\\n" 12abc 3.14159 ab 255 8 hello 7',
    'printf "%s-%s\\n" a b c', "printf '%d\\n' \"'a\"", 'printf "%5s|%-5d|%05d|%+d|%.3s\\n" x 42 42 42 abcdef',
    'printf "a\\tb\\\\\\\\n%b" "x\\ty\\c" z', 'printf "%s"', 'printf "\\x41\\101\\n"', 'echo -e "a\\tb\\x41\\0101\\c" foo',
    'echo -ne "x\\n"', 'echo -E "a\\tb"', 'echo -n -e "a\\nb"', 'echo -- -e x', 'echo -enx a', 'echo -e -n "a\\\\b"',
    'printf "%.2s %10.3e %g\\n" hello 12345.678 0.0001', 'printf "%d %d\\n" 0x1f 010', 'printf "%*d|\\n" 5 3',
    'printf "%k\\n"', 'printf "a%"', 'printf "%s %d\\n" x', 'printf "%x\\n" -1', 'printf "%5.1f|%-8.3f|\\n" 2 x',
    'printf -- "%s\\n" a', 'printf "%ld\\n" 5', 'printf "%u\\n" -3', 'printf "%X %#x %#o %#5o|\\n" 255 255 8 8',
    'printf "%s\\n" "a b" c', 'printf "%-10s|%10s|\\n" left right', 'printf "%03d:%02d\\n" 7 5 8', 'printf "%5%|\\n"',
    'printf "% d|%+.2f\\n" 5 2.5', 'printf "%d\\n" " 12" "12 " "-0x10" "+7"', 'printf "%c%c\\n" abc d', 'printf "%s\\n"',
    'printf', 'printf -v', 'printf -v x "%s" abc; echo "[$x]"', 'printf "%d items\\n" 3 | grep -c items',
    'printf "%s\\t%s\\n" NAME READY web 1/1', 'printf "%d" 99999999999999999999', 'printf "%q\\n" "a b"',
]


@pytest.mark.parametrize("line", CASES)
def test_printf_and_echo_print_what_bash_prints(cluster, line):
    result = cluster.session(echo=False).run(line)
    real = subprocess.run(["bash", "-c", line], executable=BASH, capture_output=True, text=True, timeout=10,
                          env={"PATH": "/usr/bin:/bin"})
    assert (result.stdout, result.stderr, result.exit_code) == \
        (real.stdout, real.stderr.replace("bash: line 1: ", "bash: "), real.returncode)


def test_dash_echo_reads_escapes_without_e_and_takes_only_n(cluster):
    """dash(1): echo takes only -n and always interprets \\ sequences (Ubuntu's /bin/sh)."""
    line = 'sh -c \'echo "a\\tb"; echo -e x; echo -n y\''
    result = cluster.session(echo=False).run(line)
    assert result.stdout == "a\tb\n-e x\ny"
    if shutil.which("dash"):
        assert subprocess.run(["dash", "-c", "echo \"a\\tb\"; echo -e x; echo -n y"], capture_output=True,
                              text=True).stdout == result.stdout
