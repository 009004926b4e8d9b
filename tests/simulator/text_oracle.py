"""The real GNU tools on this machine as the oracle for the simulated text tools.

The same files are written into the simulated workstation's home and into a temporary
directory; the same command line runs in the simulated shell and, through /bin/bash in the C.UTF-8
locale, on this machine; stdout, stderr and the exit status are compared. The real tool is
independent of the code under test: it is what a student's Ubuntu would print (grep 3.x and
coreutils 8.x differ from this machine's newer versions only where a test says so).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.nfs import WORKSTATION_HOME, workstation_tree

BASH = shutil.which("bash")
USER = "vagrant"  # the workstation's login: the files a student writes are theirs


def needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed on this machine: no oracle to compare with")


def plant(cluster, tmp_path: Path, files: dict[str, str]) -> None:
    """Write `files` (relative path -> text) into the workstation's home and into tmp_path."""
    now = cluster.clock.now()
    tree = workstation_tree(cluster.machines, now)
    for name, text in files.items():
        target = f"{WORKSTATION_HOME}/{name}"
        tree.mkdir(os.path.dirname(target), now, parents=True, user=USER)
        tree.write(target, text, now, user=USER)
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)


def real(line: str, cwd: Path, stdin: str = "") -> tuple[str, str, int]:
    done = subprocess.run([BASH, "-c", line], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=10,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    return done.stdout, done.stderr, done.returncode


def simulated(session, line: str) -> tuple[str, str, int]:
    result = session.run(line)
    return result.stdout, result.stderr, result.exit_code


def agree(session, tmp_path: Path, line: str) -> None:
    """The simulated shell prints what the real tool prints for `line`, stream by stream."""
    mine, theirs = simulated(session, line), real(line, tmp_path)
    if mine != theirs:  # a helper module is not assertion-rewritten: say what differs
        raise AssertionError(f"{line}\nsimulated: {mine!r}\nreal:      {theirs!r}")
