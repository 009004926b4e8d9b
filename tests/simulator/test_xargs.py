"""xargs against the real GNU findutils on this machine (tests/simulator/text_oracle.py), with
echo, printf and wc as the commands it runs (the same on both sides); and what it runs on
the cluster recorded as run."""

from __future__ import annotations

import pytest

from tests.simulator.text_oracle import agree, needs, plant

FILES = {"names.txt": "web-1 web-2\nweb-3\n\n  db-0\n", "quoted.txt": "'a b' \"c d\" e\\ f\n", "bad.txt": "it's\n",
         "a.txt": "x\ny\n", "b.txt": "z\n"}


@pytest.fixture
def shell(cluster, tmp_path):
    needs("xargs")
    plant(cluster, tmp_path, FILES)
    return cluster.session(echo=False)


@pytest.mark.parametrize("line", [
    "xargs < names.txt", "xargs echo pod < names.txt", "xargs -n 1 < names.txt", "xargs -n2 echo < names.txt",
    "xargs -L 1 echo < names.txt", "xargs -I {} echo pod/{} ready < names.txt", "xargs -I X printf '%s|\\n' X < names.txt",
    "xargs < quoted.txt", "xargs -n 1 < quoted.txt", "xargs < bad.txt", "printf 'a\\0b c\\0' | xargs -0 -n1",
    "printf 'a:b:c' | xargs -d : -n 1", "echo a.txt b.txt | xargs wc -l", "echo | xargs echo empty",
    "echo | xargs -r echo empty", "xargs -t echo < a.txt", "xargs -n 0 < names.txt", "xargs -Z < names.txt",
    "echo nonexist | xargs wc -l", "echo x | xargs no-such-program", "xargs -n 1 -- echo < a.txt",
])
def test_xargs_runs_what_findutils_runs(shell, tmp_path, line):
    agree(shell, tmp_path, line)


def test_what_xargs_runs_is_recorded_as_run(cluster):
    session = cluster.session(echo=False)
    session.run("kubectl run web --image=nginx")
    result = session.run("kubectl get pods -o name | xargs kubectl delete")
    assert result.stdout == 'pod "web" deleted\n'
    assert any(entry.argv[:2] == ["kubectl", "delete"] for entry in session.executed.entries)
