"""Week 8's slides taken in the middle of a rollout, replayed on the simulator: they need pods that take
time to start (ContainerCreating while the sandbox is made and `imagePullPolicy: Always` pulls) and
deleted pods that take time to stop (node-web ignores SIGTERM: Terminating for the 30 s grace period).

Truth: shared/course/08-Deployment-StatefulSet/slides.txt. Each block is quoted with its line numbers
(checked against the file), replayed on a fresh seeded cluster from the week's hands-on files, and
compared line by line, each line's words in order. Masked: a pod's generated suffix, its IP, the worker
it landed on and ages. Without the kubelet's start and stop times every one of these fails: the rollout
would be over within the command that started it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from simulator import Cluster

COURSE = Path("/work/shared/course/08-Deployment-StatefulSet")
SLIDES = COURSE / "slides.txt"
PROMPT = "remote ❯ "
pytestmark = pytest.mark.skipif(not SLIDES.exists(), reason="the course's week-8 files are not on this machine")

MASKS = [(re.compile(r"\b(dp-web-[a-z0-9]{9,10})-[bcdfghjklmnpqrstvwxz2456789]{5}\b"), r"\1-<suffix>"),
         (re.compile(r"\b10\.233\.\d+\.\d+\b"), "<ip>"), (re.compile(r"\bworker[12]\b"), "<worker>"),
         (re.compile(r"(?<=\s)\d+(?:h\d+m|m\d+s|s|m|h)(?=\s|$)"), "<age>")]
# revision 2 (node-web 2.0) rolled out on 10 replicas: the state the slides' "rollout history" left (454-470)
REVISION_2 = ["kubectl create -f dp-web-v1.yaml", "kubectl scale deployment dp-web --replicas=10", "sleep 40",
              "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true",
              "kubectl rollout status deployment dp-web"]


def quoted(first: int, last: int, column: int = 0) -> dict[int, str]:
    lines = SLIDES.read_text().split("\n")
    return {number: lines[number - 1][column:].rstrip() for number in range(first, last + 1)}


def masked(line: str) -> list[str]:
    for pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line.split()


def printed(output: str) -> list[str]:
    return [line for line in output.split("\n") if line.strip()]


# --- slides 619-653: `kubectl get pods -o wide` seven seconds into a RollingUpdate (right column, from 37) ----
ROLLING_COLUMN = 37
MID_ROLLOUT_SEED = 5


def test_mid_rollout_pods_are_as_the_slide_lists_them():
    """Slides 619-653, maxSurge 1 and maxUnavailable 25% on 10 replicas (dp-web-RollingUpdate.yaml): the newest
    ReplicaSet's first pods 7s old, four Running and three ContainerCreating without an address; the old
    ReplicaSet's pods four Running and six Terminating, still 1/1 (node-web waits out its grace period).
    The table's rows compared as a multiset (their order is the random names'), every column but the masked."""
    slide = quoted(619, 653, ROLLING_COLUMN)
    assert slide[623] == PROMPT + "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true"
    assert slide[631] == PROMPT + "kubectl get pods -o wide"
    header = slide[633] + " " + slide[634].strip()  # the slide wrapped READINESS GATES
    rows = [text for number, text in slide.items() if number > 634 and text.startswith("dp-web-")]
    assert len(rows) == 17 and sum("ContainerCreating" in row for row in rows) == 3
    cluster = Cluster(seed=MID_ROLLOUT_SEED, files=COURSE / "hands-on")
    shell = cluster.session()
    # applied before (the slide's Deployment was, at 562): the apply at 619 prints no last-applied warning
    for command in ["kubectl apply -f dp-web-v1.yaml", "kubectl scale deployment dp-web --replicas=10", "sleep 90"]:
        shell.run(command)
    assert printed(shell.run("kubectl apply -f dp-web-RollingUpdate.yaml").output) == [slide[621]]
    result = shell.run("kubectl set image deployment dp-web node-web=whatwant/node-web:2.0 --record=true")
    assert printed(result.output) == [slide[625], slide[627]]
    shell.run("sleep 3")  # the slide's first new pods are 7s old: this line's 2 s, 3 s of sleep, the next line's 2 s
    got = printed(shell.run("kubectl get pods -o wide").output)
    assert masked(got[0]) == masked(header)
    assert Counter(tuple(masked(row)) for row in got[1:]) == Counter(tuple(masked(row)) for row in rows)


def test_mid_rollout_pods_hold_the_surge_bounds_on_every_seed():
    """What the slide shows is no accident of one seed: for any seed, seven seconds in, three new pods are
    ContainerCreating, the pods not terminating are at most 11 (maxSurge 1) and at least 8 are Ready
    (maxUnavailable 2), and the old pods being deleted are Terminating, not gone."""
    for seed in (1, 2, 3):
        cluster = Cluster(seed=seed, files=COURSE / "hands-on")
        shell = cluster.session()
        for command in ["kubectl create -f dp-web-RollingUpdate.yaml", "sleep 60",
                        "kubectl set image deployment dp-web node-web=whatwant/node-web:2.0", "sleep 3"]:
            shell.run(command)
        pods = cluster.list("pods", "default")
        live = [pod for pod in pods if not pod["metadata"].get("deletionTimestamp")]
        waiting = [pod for pod in live if pod["status"]["containerStatuses"][0]["state"].get("waiting")]
        ready = [pod for pod in live if pod["status"]["containerStatuses"][0]["ready"]]
        assert len(waiting) == 3 and len(live) <= 11 and len(ready) >= 8, seed
        assert len(pods) > len(live), seed


# --- slides 473-497: a rollout paused in flight (the right column, from 35) ----------------------------------
PAUSE_COLUMN = 35


def test_a_paused_rollout_stops_where_the_slide_stopped_it():
    """Slides 475-485: 3.0 set, the rollout paused from a second terminal two seconds later, and `rollout
    status` reports 5 of 10 new replicas updated (maxSurge 3 and maxUnavailable 2 of the default 25%: the new
    ReplicaSet made 3, the old one scaled down by 2, the new one up by 2 more, none Ready yet) and waits
    until ^C. Slides 488-497 list the Deployment 13/10 with 13 available, as here once those 5 are Ready,
    but UP-TO-DATE 11 and ReplicaSets of 11 and 2: the slide's own inconsistency (a paused rollout does not
    scale, and the line above says 5 of 10), so those cells are not compared; the two ReplicaSets' sizes add
    up to the same 13 (10 plus the surge of 3)."""
    left, right = quoted(475, 478), quoted(479, 497, PAUSE_COLUMN)
    assert left[475] == PROMPT + "kubectl set image deployment dp-web node-web=whatwant/node-web:3.0 --record=true"
    assert right[479] == PROMPT + "kubectl rollout pause deployment dp-web"
    assert right[486] == "^C%"
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    setup = cluster.session()
    for command in REVISION_2:
        setup.run(command)
    terminal = cluster.session(interactive=True)
    result = terminal.run("kubectl set image deployment dp-web node-web=whatwant/node-web:3.0 --record=true")
    assert printed(result.output) == [left[477], left[478]]
    assert printed(terminal.run("kubectl rollout pause deployment dp-web").output) == [right[481]]
    status = terminal.run("kubectl rollout status deployment dp-web")
    assert printed(status.output) == [right[485]] and status.following  # it holds the terminal
    assert terminal.follow(10).output == ""  # paused: nothing more to say
    terminal.interrupt()  # the slide's ^C
    deployments = printed(terminal.run("kubectl get deployments -o wide").output)
    assert masked(deployments[0]) == masked(right[490])
    row, slide_row = masked(deployments[1]), masked(right[491])
    assert row[:2] + row[3:] == slide_row[:2] + slide_row[3:]  # all but UP-TO-DATE (see above)
    replica_sets = printed(terminal.run("kubectl get replicasets -o wide").output)
    assert masked(replica_sets[0]) == masked(right[495])
    slide_sets = [masked(right[n]) for n in (496, 497)] + [masked(quoted(498, 498, PAUSE_COLUMN)[498])]
    sets = [masked(line) for line in replica_sets[1:]]
    assert [[s[0], *s[4:]] for s in sets] == [[s[0], *s[4:]] for s in slide_sets]
    assert sets[2][1:4] == slide_sets[2][1:4] == ["0", "0", "0"]
    assert int(sets[0][1]) + int(sets[1][1]) == int(slide_sets[0][1]) + int(slide_sets[1][1]) == 13
