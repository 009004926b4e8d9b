"""The lecture's hands-on, replayed on the simulator, reads like the lecture's transcripts.

`golden/lecture.txt` is the Week-4 lecture (`shared/seed/000_d500d5e728b4935e.txt`) as one
transcript, in the order the slides show it: the pod list after `kubectl create -f
rs-web.yaml`, pods curling each other on 8080, the ClusterIP out of reach from the
workstation and alternating from the master, NodePort 30123 on every node, the kube-system
pods and deployments, resolv.conf and the five service names (only `.svc.cluster` fails,
exit code 6), the ExternalName, `describe service`, hand-written Endpoints, the headless
Service in `nslookup`. Names, addresses and ages change with the seed, so both sides are
normalised (`rs-web-<id>`, `<pod-ip>`, `<cluster-ip>`, `<age>`); everything else, word for
word and line for line, must match. Column spacing is checked byte for byte by the printer
tests against real tabwriter output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.lecture import HANDS_ON_DIR, SCRIPT

GOLDEN = Path(__file__).parent / "golden" / "lecture.txt"
SUBSTITUTIONS = (
    (re.compile(r"\brs-web-[bcdfghjklmnpqrstvwxz2456789]{5}\b"), "rs-web-<id>"),
    (re.compile(r"\b10\.233\.(?:70|110|103)\.\d{1,3}\b"), "<pod-ip>"),
    (re.compile(r"\b10\.233\.(?:[0-9]|[1-5][0-9]|6[0-3])\.\d{1,3}\b"), "<cluster-ip>"),
    (re.compile(r"\bworker[12]\b"), "worker<n>"),
    (re.compile(r"(?<=\s)\d+[smhd](?:\d+[smh])?(?=\s|$)"), "<age>"),
)
KEEP = ("10.233.0.1", "10.233.0.3", "10.233.70.17", "10.233.70.18", "10.233.110.20")


def normalise(transcript: str) -> list[list[str]]:
    lines = []
    for line in transcript.splitlines():
        protected = line
        for index, fixed in enumerate(KEEP):
            protected = re.sub(rf"\b{re.escape(fixed)}\b", f"<keep{index}>", protected)
        for pattern, replacement in SUBSTITUTIONS:
            protected = pattern.sub(replacement, protected)
        for index, fixed in enumerate(KEEP):
            protected = protected.replace(f"<keep{index}>", fixed)
        lines.append(protected.split())
    return lines


def lecture_transcript(seed: int) -> str:
    session = Cluster(seed=seed, files=HANDS_ON_DIR).session(echo=True)
    lines = [line for line in SCRIPT.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return "".join(session.run(line).output for line in lines)


@pytest.mark.parametrize("seed", [1, 2, 3, 11])
def test_lecture_hands_on_matches_the_lecture_transcripts(seed):
    assert normalise(lecture_transcript(seed)) == normalise(GOLDEN.read_text(encoding="utf-8"))


def test_same_seed_replays_the_same_transcript_byte_for_byte():
    assert lecture_transcript(5) == lecture_transcript(5)


def test_pods_curl_each_other_by_ip_on_8080():
    transcript = lecture_transcript(1)
    assert re.search(r"root@rs-web-\w{5}:/# curl http://\$POD1_IP:8080\nYou've hit rs-web-\w{5}\n", transcript)


def test_headless_nslookup_lists_every_ready_pod_ip():
    cluster = Cluster(seed=4, files=HANDS_ON_DIR)
    session = cluster.session()
    for line in SCRIPT.splitlines():
        if line.strip() and not line.startswith("#"):
            result = session.run(line)
    pod_ips = {p["status"]["podIP"] for p in cluster.list("pods", "default", {"app": "node-web"})}
    assert set(re.findall(r"Address: (\S+)", result.output)) != set()
    headless = session.run("kubectl exec dnsutils -- nslookup svc-node-web-headless").output
    assert set(re.findall(r"Address: (\S+)", headless)) == pod_ips
