"""The course's weeks replayed on the simulator print what the slides' own transcripts show.

The truth here is each week's `slides.txt` in the course material (shared/course/NN-*/):
its terminal transcripts are quoted verbatim with their line numbers in
`course_transcripts/weekNN/session_*.txt`, and every transcript block the quotes leave out
is named with its reason in that week's `skipped.txt`. Each session replays its commands in
order on a fresh simulated cluster (an interactive terminal, so `-w` streams until Ctrl-C),
and each command's output is compared with the slide line by line, each line's words in
order, after masking only what varies by nature (generated names, pod IPs, ages, the worker,
a Job's uid, a CronJob's scheduled minute). See `course_transcripts/reading.py`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR
from simulator.shell.session import MAX_FOLLOW

from tests.simulator.course_transcripts.reading import (
    COMMAND_LINE, COURSE, PROMPT, Action, Step, difference, quoted_lines, read_sessions, session_files, skipped_ranges, week_dir,
)

WEEKS = {2: "02-Pod-Namespace", 3: "03-RS-DS-JOB-CJ", 7: "07-ConfigMap-Secret-downwardAPI"}
SLIDES = {week: COURSE / folder / "slides.txt" for week, folder in WEEKS.items()}
SESSIONS = [(week, path, session.name) for week in WEEKS for path in session_files(week)
            for session in read_sessions(path)]

pytestmark = pytest.mark.skipif(not all(path.exists() for path in SLIDES.values()),
                                reason="the course material (shared/course/) is not on this machine")


def seconds_until(now: float, clock: str) -> float:
    """From `now` to the next moment the clock shows minute:second `clock` within the hour."""
    minute, second = (int(part) for part in clock.split(":"))
    moment = datetime.fromtimestamp(now, timezone.utc)
    target = moment.replace(minute=minute, second=second, microsecond=0)
    wait = (target - moment).total_seconds()
    return wait if wait > 0 else wait + 3600


def follow(terminal, seconds: float) -> str:
    """What the terminal printed while `seconds` passed (a terminal follows at most MAX_FOLLOW at a time)."""
    printed = []
    while seconds > 0:
        step = min(seconds, MAX_FOLLOW)
        printed.append(terminal.follow(step).output)
        seconds -= step
    return "".join(printed)


def translate(command: str, cluster: Cluster) -> str:
    """The slide's generated pod name (`job-pi-5dh5h`) swapped for the one pod the simulation made
    with the same prefix; a name with no such single pod is left as the slide has it."""
    def swap(match: re.Match) -> str:
        prefix = match.group(1)
        mine = [pod["metadata"]["name"] for pod in cluster.list("pods", "default")
                if pod["metadata"]["name"].rsplit("-", 1)[0] == prefix]
        return mine[0] if len(mine) == 1 else match.group(0)

    return re.sub(r"\b([a-z0-9][a-z0-9-]*)-[bcdfghjklmnpqrstvwxz2456789]{5}\b", swap, command)


def replay(week: int, path, name: str, seed: int) -> list[tuple[Step, str]]:
    (session,) = [s for s in read_sessions(path) if s.name == name]
    cluster = Cluster(seed=seed, files=HANDS_ON_DIR)
    terminal = cluster.session(interactive=True)
    replayed = []
    for item in session.items:
        if isinstance(item, Action):
            if item.kind == "unshown":
                terminal.run(item.argument)
            elif item.kind == "wait":
                follow(terminal, float(item.argument))
            else:
                follow(terminal, seconds_until(cluster.clock.now(), item.argument))
            continue
        result = terminal.run(translate(item.command, cluster))
        output = result.output
        if item.watch:
            output += follow(terminal, item.watch)
            output += terminal.interrupt().output
        replayed.append((item, output))
    return replayed


@pytest.mark.parametrize("seed", [1, 2, 7])
@pytest.mark.parametrize("week,path,name", SESSIONS, ids=[f"week{w}-{n}" for w, _, n in SESSIONS])
def test_the_weeks_commands_print_what_the_slides_show(week, path, name, seed):
    problems = [f"line {step.line} `{step.command}`: {problem}"
                for step, output in replay(week, path, name, seed)
                if not step.unchecked and (problem := difference(step, output))]
    assert problems == []


@pytest.mark.parametrize("week", sorted(WEEKS))
def test_the_quotes_are_the_slides_own_lines(week):
    slides = SLIDES[week].read_text(encoding="utf-8").split("\n")  # form feeds part the slides, not lines
    for path in [*session_files(week), week_dir(week) / "skipped.txt"]:
        for number, text in quoted_lines(path).items():
            assert text.rstrip() == slides[number - 1].rstrip(), f"{path.name} line {number}"


@pytest.mark.parametrize("week", sorted(WEEKS))
def test_every_command_on_the_slides_is_replayed_or_skipped_with_its_reason(week):
    slides = SLIDES[week].read_text(encoding="utf-8").split("\n")  # form feeds part the slides, not lines
    commands = {number for number, text in enumerate(slides, 1) if COMMAND_LINE.search(text)}
    replayed = {item.line for path in session_files(week) for session in read_sessions(path)
                for item in session.items if isinstance(item, Step)}
    skipped = {n for first, last, why in skipped_ranges(week) if why.strip() for n in range(first, last + 1)}
    assert sorted(commands - replayed - skipped) == []
    assert replayed & skipped == set()


def test_a_wrong_output_would_be_caught():
    """The comparison can fail: a Job that did not complete, or a missing row, is a mismatch."""
    (week, path, name) = next(entry for entry in SESSIONS if entry[2] == "job-pi")
    (session,) = [s for s in read_sessions(path) if s.name == name]
    listing = next(i for i in session.items if isinstance(i, Step) and i.command == "kubectl get jobs -o wide")
    right = "\n".join(listing.output)
    assert difference(listing, right) is None
    assert difference(listing, right.replace("1/1", "0/1")) is not None
    assert difference(listing, listing.output[0]) is not None
    shuffled = re.sub(r"(pi)(\s+)(perl:5.34.1)", r"\3\2\1", right)
    assert difference(listing, shuffled) is not None


def test_prompts_are_read_from_the_terminal_column_only():
    assert PROMPT.match("remote ❯ kubectl get pods").group(1) == "kubectl get pods"
    assert PROMPT.match("❯ kubectl get pods -o wide").group(1) == "kubectl get pods -o wide"
