"""A command line starts from the lecture cluster cached on disk, keyed by the simulator's source.

The figures are in `bench/cold_start.py`; here: the cache is used, a change to the simulator
gives a new key, first runs at once are safe, and an unwritable cache only costs time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import simulator
from simulator.template_cache import cached_template, source_hash

ROOT = Path(simulator.__file__).resolve().parents[1]


def test_the_template_is_built_once_and_then_read_from_the_cache(tmp_path):
    builds = []

    def build() -> bytes:
        builds.append(1)
        return b"the pickled cluster"

    assert cached_template(build, tmp_path) == cached_template(build, tmp_path) == b"the pickled cluster"
    assert len(builds) == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"lecture-cluster-{source_hash()}.pickle"]


def test_any_change_to_the_simulators_source_changes_the_key(tmp_path):
    package = tmp_path / "simulator"
    (package / "shell").mkdir(parents=True)
    (package / "cluster.py").write_text("A = 1\n")
    (package / "shell" / "parser.py").write_text("B = 2\n")
    before = source_hash(package)
    (package / "shell" / "parser.py").write_text("B = 3\n")
    edited = source_hash(package)
    (package / "shell" / "parser.py").rename(package / "shell" / "lexer.py")
    assert len({before, edited, source_hash(package)}) == 3


def test_an_unwritable_cache_only_means_building_here(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    assert cached_template(lambda: b"built", blocked / "kubegrade") == b"built"


def _shell(cache: Path) -> subprocess.Popen:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "simulator", "shell"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def test_first_runs_at_once_each_get_the_lecture_cluster_and_leave_one_complete_cache_file(tmp_path):
    shells = [_shell(tmp_path) for _ in range(3)]
    outputs = [shell.communicate("kubectl get nodes\n", timeout=120) for shell in shells]
    assert all(shell.returncode == 0 for shell in shells), outputs
    assert len({out for out, _ in outputs}) == 1
    # the lecture's nodes (k8s-facts.md): master, worker1, worker2
    assert [line.split()[0] for line in outputs[0][0].splitlines()] == ["NAME", "master", "worker1", "worker2"]
    files = sorted(p.name for p in (tmp_path / "kubegrade").iterdir())
    assert files == [f"lecture-cluster-{source_hash()}.pickle"]
    again = _shell(tmp_path)
    assert again.communicate("kubectl get nodes\n", timeout=120)[0] == outputs[0][0]


def test_the_prompt_does_not_wait_for_modules_only_some_commands_use(tmp_path):
    """yaml (manifests, `-o yaml`), email.utils (a CronJob's date) and hashlib (a token's signature)
    cost a new process 40 ms of CPU together; the lecture cluster unpickles and the session starts
    without them, so they are imported where they are used."""
    probe = ("import runpy, sys\n"
             "sys.argv = ['simulator', 'shell']\n"
             "try:\n    runpy.run_module('simulator', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('yaml', 'email.utils', 'hashlib') if m in sys.modules))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the first run builds the cache (and may import anything); the second is a prompt's
        done = subprocess.run([sys.executable, "-c", probe], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
