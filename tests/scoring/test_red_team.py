"""Red team: a student who tries to earn points without doing the task.

Four families, each tried on every lab it applies to: forged output (printing what the
right commands would print), unmoved expectations (shrinking the task until the checks
pass), resource bombs (inputs that would take the grader down), and leaks (answers the
student is shown). The wrong cases in the bank hold one example each with its exact
marks; these tests hold the rules for every lab and seed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring.engine import SubmissionRejected, grade_submission
from scoring.replay import build_cluster, run_submission
from scoring.submission import command_lines
from scoring.templates import render
from simulator import Cluster

from .conftest import SEEDS, lab_slugs

ROOT = Path(__file__).resolve().parents[2]
COMMAND_LABS = [slug for slug in lab_slugs() if "commands: true" in (ROOT / "assignments" / slug / "spec.yaml").read_text()]


def _outputs_of_the_solution(assignment, seed: int) -> list[tuple[str, str]]:
    """(line, what it printed) for each of the reference solution's commands, run for real."""
    files, commands = assignment.solution(seed)
    cluster, _ = build_cluster(assignment, seed)
    applied = [render(line, assignment.variant(seed)) for line in assignment.spec.get("apply", [])]
    lines = command_lines(commands)
    entries, _ = run_submission(cluster, files, applied + lines, 30)
    return [(entry.line, entry.output) for entry in entries[len(applied):]]


def _forged(outputs: list[tuple[str, str]]) -> str:
    """Each command replaced by `echo` lines printing its real output, the command in a comment."""
    forged = []
    for line, output in outputs:
        printed = output.splitlines() or [""]
        for index, text in enumerate(printed):
            quoted = "'" + text.replace("'", "'\\''") + "'"
            forged.append(f"echo {quoted}" + (f"  # {line}" if index == 0 else ""))
    return "\n".join(forged) + "\n"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", COMMAND_LABS)
def test_printing_the_right_output_earns_nothing(bank, slug, seed):
    assignment = bank[slug]
    files, commands = assignment.solution(seed)
    honest = grade_submission(assignment, files, commands, seed)
    without_commands = grade_submission(assignment, files, "", seed) if assignment.submission.files else None
    forged_commands = _forged(_outputs_of_the_solution(assignment, seed))
    assert len(forged_commands.splitlines()) <= 400
    forged = grade_submission(assignment, files, forged_commands, seed)
    assert honest.score == assignment.points
    floor = without_commands.score if without_commands is not None else 0.0
    assert forged.score <= floor, [(c.id, c.feedback) for c in forged.checks if c.passed]


@pytest.mark.parametrize("slug", COMMAND_LABS)
def test_deleting_every_workload_after_the_solution_never_earns_full_marks(bank, slug):
    assignment = bank[slug]
    files, commands = assignment.solution(SEEDS[0])
    wiped = commands + "\nkubectl delete rs --all -A\nkubectl delete pods --all -A\n"
    report = grade_submission(assignment, files, wiped, SEEDS[0])
    assert report.gradable
    assert report.score < assignment.points, [c.id for c in report.checks if c.passed]


def test_scaling_the_replicaset_down_does_not_shrink_every_pod(bank):
    lab = bank["week4/08-troubleshooting"]
    files, commands = lab.solution(1)
    report = grade_submission(lab, files, commands + "\nkubectl scale rs rs-{} --replicas=1\n".format(lab.variant(1)["app"]), 1)
    assert not report.check("troubleshooting.C004").passed
    assert "exactly 3 items" in report.check("troubleshooting.C004").feedback
    assert report.check("troubleshooting.C005").points < 1


# -- resource bombs: a clear message, and the grader stays small and quick -------------

GRADE_IN_A_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, resource.RLIM_INFINITY))
from pathlib import Path
from scoring.bank import load_bank
from scoring.engine import grade_submission
bank = {a.slug: a for a in load_bank(Path("assignments"))}
lab = bank[sys.argv[1]]
files, _ = lab.solution(1)
started = time.perf_counter()
report = grade_submission(lab, files, sys.stdin.read(), 1)
print(json.dumps({"seconds": time.perf_counter() - started, "gradable": report.gradable,
                  "message": report.message, "transcript": report.transcript,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _grade_in_a_child(slug: str, commands: str) -> dict:
    """Grades in a separate process under a 2 GiB address-space ceiling, so a regression
    fails this test instead of eating the machine."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", GRADE_IN_A_CHILD, slug], input=commands, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_doubling_a_variable_on_one_line_stops_with_bash_style_message():
    line = "export A=xxxxxxxxxxxxxxxx; " + "; ".join(["export A=$A$A"] * 36) + "; kubectl get pods"
    result = _grade_in_a_child("week4/08-troubleshooting", line + "\n")  # max_commands: 40
    assert "expansion too large: over 1 MiB in one command" in result["transcript"]
    assert result["gradable"]
    assert result["seconds"] < 10
    assert result["max_rss_mb"] < 400


def test_many_variables_each_under_the_line_limit_stop_at_the_environment_limit():
    lines = ["export A0=" + "x" * 1000]
    lines += [f"export A{i}=$A{i - 1}$A{i - 1}" for i in range(1, 11)]  # A10 is 1 MiB
    lines += [f"export B{i}=$A10" for i in range(4)]
    result = _grade_in_a_child("week4/08-troubleshooting", "\n".join(lines) + "\n")
    assert "shell variables would exceed 4 MiB" in result["transcript"]
    assert result["max_rss_mb"] < 400


def test_commands_joined_on_one_line_count_toward_max_commands(bank):
    lab = bank["week4/03-dns-fqdn"]
    files, _ = lab.solution(1)
    joined = "; ".join(["kubectl get pods"] * 900)
    with pytest.raises(SubmissionRejected, match="max_commands=30"):
        grade_submission(lab, files, joined, 1)
    with pytest.raises(SubmissionRejected, match="max_commands=30"):
        grade_submission(lab, files, "echo $(" + " | ".join(["kubectl get pods"] * 31) + ")", 1)


def test_deeply_nested_command_substitution_is_refused_not_a_traceback():
    session = Cluster(seed=1).session()
    started = time.perf_counter()
    result = session.run("echo " + "$(" * 3000 + "true" + ")" * 3000)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 0 and "bash: expansion nested too deeply" in result.output
    assert "internal simulator error" not in result.output


# -- leaks ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_your_values_never_show_the_misspelt_label_that_is_the_answer(bank, seed):
    lab = bank["week4/08-troubleshooting"]
    shown = lab.shown_values(seed)
    assert lab.variant(seed)["typo"] not in " ".join(str(value) for value in shown.values())
    assert "typo" not in shown and "names" not in shown


def _setup_replicasets(assignment, seed: int) -> list[dict]:
    import yaml

    documents = []
    for data in assignment.setup_files(seed).values():
        documents += [doc for doc in yaml.safe_load_all(data) if isinstance(doc, dict) and doc.get("kind") == "ReplicaSet"]
    return documents


# The labs whose task is about every replica (03 and 07 are about names and node ports:
# one replica answers them as well as four, so scaling down there earns nothing unearned)
SCALABLE_LABS = ["week4/01-clusterip", "week4/02-nodeport", "week4/06-headless", "week4/08-troubleshooting"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("slug", SCALABLE_LABS)
def test_a_replicaset_scaled_to_one_in_the_handed_in_file_never_earns_full_marks(bank, slug, seed):
    """The setup's ReplicaSets re-applied with `replicas: 1` inside the student's own
    manifest: "every replica" must still mean the replicas the setup made."""
    import yaml

    assignment = bank[slug]
    files, commands = assignment.solution(seed)
    shrunk = []
    for replicaset in _setup_replicasets(assignment, seed):
        replicaset["spec"]["replicas"] = 1
        shrunk.append(yaml.safe_dump(replicaset))
    first = assignment.submission.files[0]
    files[first] = files[first] + b"\n---\n" + "\n---\n".join(shrunk).encode()
    report = grade_submission(assignment, files, commands, seed)
    assert report.score < assignment.points, [c.id for c in report.checks if c.passed]


# -- sharing: what the grader cannot refuse, copy detection shows -----------------------

def test_one_generic_script_handed_in_by_three_students_is_one_group(bank):
    """The generic troubleshooting script really fixes every variant (full marks, see its
    wrong case); what gives it away is that several students hand in the same file."""
    from scoring.copies import Baseline, SubmittedWork, find_copies

    lab = bank["week4/08-troubleshooting"]
    works = []
    for index, seed in enumerate((1, 7, 11)):
        files, commands, _ = lab.wrong_submission("generic-discovery-script", seed)
        assert grade_submission(lab, files, commands, seed).score == lab.points
        works.append(SubmittedWork(index, f"student{index}", files, commands, lab.variant(seed)))
    honest_files, honest_commands = lab.solution(5)
    works.append(SubmittedWork(9, "honest", honest_files, honest_commands, lab.variant(5)))
    report = find_copies(works, baselines=[Baseline("reference", *lab.solution(2), lab.variant(2))])
    assert [sorted(group.students) for group in report.groups] == [["student0", "student1", "student2"]]
    assert report.groups[0].matches is None
