"""Week 8's rollouts replayed on the simulator print what the course's slides print.

Truth: shared/course/08-Deployment-StatefulSet/slides.txt. Each block below quotes a slide's
terminal transcript with its line numbers; the quote is checked word for word against the
file, then the commands are replayed in order on a fresh cluster and each command's output is
compared line by line, each line's words in order (blank lines dropped: the slides pad them).
Nothing is masked in these blocks: the ReplicaSet names are the controller's hashes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster

COURSE = Path("/work/shared/course/08-Deployment-StatefulSet")
SLIDES = COURSE / "slides.txt"
PROMPT = "remote ❯ "
pytestmark = pytest.mark.skipif(not SLIDES.exists(), reason="the course's week-8 files are not on this machine "
                                "(shared/course/08-Deployment-StatefulSet)")

# slides 436-470: scale to 10, set image with --record, status, history
# slides 475-477 (the left column of the pause slide), 502-509, 520-558: a third revision, undo, --to-revision
BLOCKS = [(454, 470), (520, 526), (536, 538), (547, 549), (552, 558)]
# slide 460: `rollout status` prints only its last line, so the rollout of 10 replicas had finished when it was run
WAIT_BEFORE_LINE = {460: 60}
UNSHOWN_BEFORE = {
    454: ["kubectl create -f dp-web-v1.yaml", "kubectl scale deployment dp-web --replicas=10", "sleep 40"],
    520: ["kubectl set image deployment dp-web node-web=whatwant/node-web:3.0 --record=true",
          "kubectl rollout status deployment dp-web"],
}


def slide_lines() -> list[str]:
    return SLIDES.read_text().split("\n")


def steps(first: int, last: int) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each prompt in the quoted lines; a command the slide ran
    after a pause (WAIT_BEFORE_LINE) comes after an unshown `sleep`."""
    found: list[tuple[str, list[str]]] = []
    for number, line in enumerate(slide_lines()[first - 1:last], start=first):
        if line.startswith(PROMPT):
            if number in WAIT_BEFORE_LINE:
                found.append((f"sleep {WAIT_BEFORE_LINE[number]}", []))
            found.append((line[len(PROMPT):].strip(), []))
        elif line.strip() and found:
            found[-1][1].append(line)
    return found


def test_the_quotes_are_the_slides():
    lines = slide_lines()
    assert lines[453] == PROMPT + "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true"
    assert lines[469] == "2         kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true"
    assert lines[557] == "5         kubectl set image deployment dp-web node-web=whatwant/node-web:3.0 --record=true"


def test_set_image_record_history_undo_replay_as_printed():
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    shell = cluster.session()
    for first, last in BLOCKS:
        for command in UNSHOWN_BEFORE.get(first, []):
            shell.run(command)
        for command, expected in steps(first, last):
            result = shell.run(command)
            printed = [line for line in (result.stderr + result.stdout).split("\n") if line.strip()]
            assert [line.split() for line in printed] == [line.split() for line in expected], (first, command)


def test_the_third_revision_is_named_as_on_the_slide():
    """Slide 496: `dp-web-586f54b85 ... whatwant/node-web:3.0` (a nine-letter hash)."""
    assert "dp-web-586f54b85 11" in slide_lines()[495]
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:3.0")
    names = sorted(rs["metadata"]["name"] for rs in cluster.list("replicasets", "default"))
    assert names == ["dp-web-586f54b85", "dp-web-849797d875"]


# slides 560-594, "revisionHistoryLimit": the terminal is the right column, from character 38 (the left
# one is dp-web-history.yaml); apply warns (the Deployment was made by create), the history keeps 1, 4,
# 5 and a sixth revision that carries the Deployment's last change cause, and 4.0's ReplicaSet is named
# by its hash. Ages are the slide's hours later: only the AGE column is masked.
HISTORY_BLOCK = (562, 594)
TERMINAL_COLUMN = 38
# slide 593: 4.0's ReplicaSet is 2m8s old when listed, its 10 pods Ready: the rollout had finished
WAIT_BEFORE_LISTING = 120


def right_column_steps(first: int, last: int) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for line in slide_lines()[first - 1:last]:
        text = line[TERMINAL_COLUMN:].rstrip()
        if text.startswith(PROMPT):
            found.append((text[len(PROMPT):].strip(), []))
        elif text.strip() and found:
            found[-1][1].append(text)
    return found


def without_age(line: str) -> list[str]:
    cells = line.split()
    if cells and cells[0].startswith("dp-web-") and len(cells) > 4:
        cells[4] = "<age>"
    return cells


def test_apply_of_the_history_file_adds_a_sixth_revision_as_on_the_slide():
    assert slide_lines()[592].startswith("      - containerPort: 8080           dp-web-8478675bd8   10")
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    shell = cluster.session()
    for first, last in BLOCKS:
        for command in UNSHOWN_BEFORE.get(first, []):
            shell.run(command)
        for command, _ in steps(first, last):
            shell.run(command)
    for command, expected in right_column_steps(*HISTORY_BLOCK):
        if command == "kubectl get replicasets -o wide":
            shell.run(f"sleep {WAIT_BEFORE_LISTING}")
        result = shell.run(command)
        printed = [line for line in (result.stderr + result.stdout).split("\n") if line.strip()]
        if command.startswith("kubectl apply"):  # the slide wrapped the warning's one line over three
            expected = [" ".join(expected[:3]), *expected[3:]]
            assert printed == expected
            continue
        assert [without_age(line) for line in printed] == [without_age(line) for line in expected], command


# slides 336-364 ("apply - execute") and 393-422 ("set image - execute"): the right column from
# character 46 (the left is the curl loop's replies); masked: AGE, a pod's generated suffix, its IP and
# the worker it landed on.
TWO_COLUMN_BLOCKS = {(336, 364): ["kubectl get replicasets -o wide", "kubectl apply -f dp-web-v2.yaml",
                                  "kubectl get replicasets -o wide", "kubectl get pods -o wide",
                                  "kubectl rollout status deployment dp-web"],
                     (393, 422): ["kubectl get replicasets -o wide",
                                  "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0",
                                  "kubectl get replicasets -o wide", "kubectl get pods -o wide",
                                  "kubectl rollout status deployment dp-web"]}
RIGHT_COLUMN = 46
# the second listing of each block shows the new ReplicaSet 54s (slide 352) and 60s (slide 409) old, its pods
# Ready and the old ones gone: the lecturer ran it once the rollout had finished (the left column's curl loop)
NEW_RS_AGE = {(336, 364): 54, (393, 422): 60}
MASKS = [(re.compile(r"\b(dp-web-[a-z0-9]{9,10})-[bcdfghjklmnpqrstvwxz2456789]{5}\b"), r"\1-<suffix>"),
         (re.compile(r"\b10\.233\.\d+\.\d+\b"), "<ip>"), (re.compile(r"\bworker[12]\b"), "<worker>"),
         (re.compile(r"(?<=\s)\d+(?:h\d+m|m\d+s|s|m|h|d)(?=\s)"), "<age>")]


def masked(line: str) -> list[str]:
    for pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line.split()


@pytest.mark.parametrize("block", sorted(TWO_COLUMN_BLOCKS))
def test_a_template_change_rolls_out_as_on_the_slide(block):
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    shell = cluster.session()
    shell.run("kubectl create -f dp-web-v1.yaml")
    shell.run("sleep 8")
    quoted: list[tuple[str, list[str]]] = []
    for line in slide_lines()[block[0] - 1:block[1]]:
        text = line[RIGHT_COLUMN:].rstrip()
        if text.startswith(PROMPT):
            quoted.append((text[len(PROMPT):].strip(), []))
        elif text.strip() and quoted:
            quoted[-1][1].append(text)
    assert [command for command, _ in quoted] == TWO_COLUMN_BLOCKS[block]
    for index, (command, expected) in enumerate(quoted):
        if index == 2:  # the second `get replicasets`, after the change
            shell.run(f"sleep {NEW_RS_AGE[block] - 4}")  # less this line's and the sleep's own 2 s each
        result = shell.run(command)
        printed = [line for line in (result.stderr + result.stdout).split("\n") if line.strip()]
        if command.startswith("kubectl apply"):  # the slide wrapped the warning's one line over three
            expected = [" ".join(expected[:3]), *expected[3:]]
        assert [masked(line) for line in printed] == [masked(line) for line in expected], command
