"""Week 8's StatefulSet with the data-keeping app, replayed through `kubectl proxy`, prints what the
slides print.

Truth: shared/course/08-Deployment-StatefulSet/slides.txt, the slides "API Server & Proxy", "save file &
delete pod", "Check" (the claims bound to the PVs), "StatefulSet – Rolling Update" and "StatefulSet –
check": each block below is quoted by its
line numbers (checked word for word against the file), replayed in order on a fresh cluster from the
week's hands-on files, and each command's output compared line by line, each line's words in order.
Masked: ages, pod IPs and the worker a pod landed on. Left out: the slides' drawing artefacts.
The app is hands-on app-1.js (whatwant/node-web:3.0) and app-2.js (4.0): simulator/apps/node_web_data.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster

COURSE = Path("/work/shared/course/08-Deployment-StatefulSet")
SLIDES = COURSE / "slides.txt"
PROMPT = "remote ❯ "
ARTEFACT = "❯"  # the slides' terminal drawing: a prompt glyph alone at the right margin (lines 1074, 1092)
pytestmark = pytest.mark.skipif(not SLIDES.exists(), reason="the course's week-8 files are not on this machine")

# before the quotes: the slides' "Ready" steps (PVs, the headless Service, sf-web.yaml) and the proxy started
SETUP = ["kubectl create -f pv-statefulset.yaml", "kubectl create -f svc-headless.yaml", "kubectl create -f sf-web.yaml",
         "sleep 30", "kubectl proxy &", "sleep 1"]
# 869-879: the claims data-sf-web-0 and -1 bound to pv-a and pv-b, pv-c left Available
CHECK_BLOCK = (869, 879)
# 937-948: sf-web-0 deleted, made again (a new IP), and it still answers "wow" from its claim
DELETE_BLOCK = (937, 948)
# 915-917: GET sf-web-0 (Ver3.0); 924-935: POST "wow" to sf-web-0, GET both (the slide's footnote and the
# next slide's title sit between them)
PROXY_BLOCKS = [(915, 917), (924, 935)]
# 1060-1062: set image 4.0 --record; 1064-1071: `rollout status statefulset`, a line per write of the
# StatefulSet's status while sf-web-1 then sf-web-0 are deleted (Ready until node-web is killed at the end of its
# 30 s grace), made again and Ready; 1073-1116: the table, then app-2.js's peers before and after a POST
# (line 1089 is the next slide's title).
ROLLING_BLOCKS = [(1060, 1062), (1064, 1071), (1073, 1088), (1090, 1116)]
UNSHOWN_BEFORE: dict[int, list[str]] = {}
MASKS = [(re.compile(r"\b10\.233\.\d+\.\d+\b"), "<ip>"), (re.compile(r"\bworker[12]\b"), "<worker>"),
         (re.compile(r"(?<=\s)\d+(?:h\d+m|m\d+s|d\d+h|s|m|h|d)(?=\s|$)"), "<age>")]


def slide_lines() -> list[str]:
    return SLIDES.read_text().split("\n")


def steps(first: int, last: int) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each prompt in the quoted lines, artefacts dropped."""
    found: list[tuple[str, list[str]]] = []
    for line in slide_lines()[first - 1:last]:
        if line.startswith(PROMPT):
            found.append((line[len(PROMPT):].strip(), []))
            continue
        text = line.rstrip()
        if text.endswith(ARTEFACT):
            text = text[:-len(ARTEFACT)].rstrip()
        if text.strip() and found:
            found[-1][1].append(text)
    return found


def words(line: str) -> list[str]:
    for pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line.split()


def replay(shell, first: int, last: int) -> None:
    for command, expected in steps(first, last):
        result = shell.run(command)
        printed = [line for line in (result.stderr + result.stdout).split("\n") if line.strip()]
        assert [words(line) for line in printed] == [words(line) for line in expected], \
            (first, command, printed)


def test_the_quotes_are_the_slides():
    lines = slide_lines()
    assert lines[914] == PROMPT + "curl -s http://localhost:8001/api/v1/namespaces/default/pods/sf-web-0/proxy/"
    assert lines[929] == "Data stored on this pod: wow"
    assert lines[1059] == PROMPT + "kubectl set image statefulset sf-web node-web=whatwant/node-web:4.0 --record=true"
    assert lines[1114] == "- sf-web-1.svc-web.default.svc.cluster.local: wow"
    assert lines[1073].strip() == ARTEFACT and lines[1091].endswith(ARTEFACT)
    assert lines[870].startswith("pv-a   1Mi") and lines[947] == "Data stored on this pod: wow"


@pytest.fixture()
def shell():
    cluster = Cluster(seed=8, files=COURSE / "hands-on")
    session = cluster.session()
    for command in SETUP:
        session.run(command)
    return session


def test_posted_data_is_kept_in_the_pod_and_read_back_through_the_api_servers_proxy(shell):
    for first, last in PROXY_BLOCKS:
        replay(shell, first, last)


def test_each_pod_gets_its_claim_bound_to_one_of_the_slides_volumes(shell):
    replay(shell, *CHECK_BLOCK)


def test_the_data_outlives_the_pod_on_its_claim(shell):
    for first, last in [*PROXY_BLOCKS, DELETE_BLOCK]:
        replay(shell, first, last)


def test_the_4_0_app_lists_every_peer_found_by_srv_and_what_each_keeps(shell):
    for first, last in [*PROXY_BLOCKS, *ROLLING_BLOCKS]:
        for command in UNSHOWN_BEFORE.get(first, []):
            shell.run(command)
        replay(shell, first, last)


def test_the_data_file_is_where_the_app_writes_it_and_the_3_0_app_logs_the_post(shell):
    """app-1.js writes the body to /var/data/data.txt (the claim's mount point in sf-web.yaml) and
    console.logs one line per POST; it prints nothing when it starts."""
    shell.run('curl -X POST -d "hello" http://localhost:8001/api/v1/namespaces/default/pods/sf-web-1/proxy/')
    assert shell.run("kubectl exec sf-web-1 -- cat /var/data/data.txt").stdout == "hello"
    assert shell.run("kubectl logs sf-web-1").stdout == "New data has been received and stored.\n"
