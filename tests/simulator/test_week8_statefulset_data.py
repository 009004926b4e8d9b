"""Week 8's StatefulSet with the data-keeping app, replayed through `kubectl proxy`, prints what the
slides print.

Truth: shared/course/08-Deployment-StatefulSet/slides.txt, the slides "API Server & Proxy", "save file &
delete pod", "StatefulSet – Rolling Update" and "StatefulSet – check": each block below is quoted by its
line numbers (checked word for word against the file), replayed in order on a fresh cluster from the
week's hands-on files, and each command's output compared line by line, each line's words in order.
Masked: the AGE column. Left out, with the reason beside each: what the slides show of a pod restarting
(the simulated kubelet stops and starts a pod at once) and the slides' drawing artefacts.
The app is hands-on app-1.js (whatwant/node-web:3.0) and app-2.js (4.0): simulator/apps/node_web_data.py.
"""

from __future__ import annotations

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
# 915-917: GET sf-web-0 (Ver3.0); 924-935: POST "wow" to sf-web-0, GET both (the slide's footnote and the
# next slide's title sit between them)
PROXY_BLOCKS = [(915, 917), (924, 935)]
# 1060-1062: set image 4.0 --record; 1073-1116: the table, then app-2.js's peers before and after a POST
# (line 1089 is the next slide's title).
# 1064-1071 (`rollout status statefulset`) are left out: the slide's lines come while each pod is deleted,
# waits out its termination and starts again; the simulated kubelet does all of it at once, so only the
# last line would be printed.
ROLLING_BLOCKS = [(1060, 1062), (1073, 1088), (1090, 1116)]
AGE_COLUMN = {"kubectl get statefulsets -o wide": 2}


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


def words(line: str, command: str) -> list[str]:
    cells = line.split()
    age = AGE_COLUMN.get(command)
    if age is not None and len(cells) > age and not line.startswith("NAME"):
        cells[age] = "<age>"
    return cells


def replay(shell, first: int, last: int) -> None:
    for command, expected in steps(first, last):
        result = shell.run(command)
        printed = [line for line in (result.stderr + result.stdout).split("\n") if line.strip()]
        assert [words(line, command) for line in printed] == [words(line, command) for line in expected], \
            (first, command, printed)


def test_the_quotes_are_the_slides():
    lines = slide_lines()
    assert lines[914] == PROMPT + "curl -s http://localhost:8001/api/v1/namespaces/default/pods/sf-web-0/proxy/"
    assert lines[929] == "Data stored on this pod: wow"
    assert lines[1059] == PROMPT + "kubectl set image statefulset sf-web node-web=whatwant/node-web:4.0 --record=true"
    assert lines[1114] == "- sf-web-1.svc-web.default.svc.cluster.local: wow"
    assert lines[1073].strip() == ARTEFACT and lines[1091].endswith(ARTEFACT)


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


def test_the_4_0_app_lists_every_peer_found_by_srv_and_what_each_keeps(shell):
    for first, last in [*PROXY_BLOCKS, *ROLLING_BLOCKS]:
        replay(shell, first, last)


def test_the_data_file_is_where_the_app_writes_it_and_the_3_0_app_logs_the_post(shell):
    """app-1.js writes the body to /var/data/data.txt (the claim's mount point in sf-web.yaml) and
    console.logs one line per POST; it prints nothing when it starts."""
    shell.run('curl -X POST -d "hello" http://localhost:8001/api/v1/namespaces/default/pods/sf-web-1/proxy/')
    assert shell.run("kubectl exec sf-web-1 -- cat /var/data/data.txt").stdout == "hello"
    assert shell.run("kubectl logs sf-web-1").stdout == "New data has been received and stored.\n"
