"""Week 7's whatwant/fortune:v1.0 (hands-on/Dockerfile and fortuneloop.sh): `args` replace the CMD's
interval, the log is the script's echoes as the slides print them, and the page in the shared
emptyDir is a new fortune each round, seen by the nginx container beside it.

`docker build` and `docker run` on the slides (lines 69-81) run on the student's own machine and
are not simulated; the image is in the simulated Docker Hub as the slides' `docker push` left it."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.apps.fortune import fortunes

WEEK7 = Path("/work/shared/course/07-ConfigMap-Secret-downwardAPI")
if not WEEK7.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)
SLIDES = (WEEK7 / "slides.txt").read_text().split("\n")
DATE = "%a %b %d %H:%M:%S UTC %Y"


@pytest.fixture
def shell():
    return Cluster(seed=7, files=WEEK7 / "hands-on").session()


def moment(line: str) -> datetime:
    """The time at the head of a `$(date) Writing to ...` line (bash's word splitting left one space)."""
    return datetime.strptime(" ".join(line.split()[:6]), DATE)


def test_the_generator_logs_what_the_slides_show_every_five_seconds(shell):
    assert shell.run("kubectl create -f pod-fortune.yaml").stdout == SLIDES[172].strip() + "\n"  # slides.txt 173
    shell.run("sleep 8")  # three rounds: at the start, 5 s and 10 s later (the next is due after 15 s)
    got = shell.run("kubectl logs pod-fortune -c html-generator").stdout.splitlines()
    quoted = SLIDES[177:181]  # slides.txt 178-181
    assert quoted[0] == "generate every 5 seconds" and got[0] == quoted[0]
    assert len(got) == len(quoted)
    for mine, theirs in zip(got[1:], quoted[1:]):
        assert re.sub(r"^.*? UTC \d{4} ", "", mine) == re.sub(r"^.*? UTC \d{4} ", "", theirs)
        assert re.fullmatch(r"\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d UTC \d{4} Writing to /var/htdocs/index.html", mine)
    steps = [(moment(b) - moment(a)).total_seconds() for a, b in zip(got[1:], got[2:])]
    assert steps == [(moment(b) - moment(a)).total_seconds() for a, b in zip(quoted[1:], quoted[2:])] == [5, 5]


def test_without_args_the_dockerfiles_cmd_sets_ten_seconds(tmp_path):
    (tmp_path / "f.yaml").write_text("""apiVersion: v1
kind: Pod
metadata: {name: f}
spec:
  containers: [{name: g, image: whatwant/fortune:v1.0}]
""")
    shell = Cluster(seed=7, files=tmp_path).session()
    shell.run("kubectl create -f f.yaml")
    shell.run("sleep 25")
    lines = shell.run("kubectl logs f").stdout.splitlines()
    assert lines[0] == SLIDES[76]  # slides.txt 77, `docker run` of the same image: "generate every 10 seconds"
    assert [(moment(b) - moment(a)).total_seconds() for a, b in zip(lines[1:], lines[2:])] == [10, 10]


def test_the_page_is_a_new_fortune_each_round_and_nginx_sees_it():
    cluster = Cluster(seed=7, files=WEEK7 / "hands-on")
    shell = cluster.session()
    shell.run("kubectl create -f pod-fortune.yaml")
    shell.run("sleep 5")
    pod = cluster.vantage("pod-fortune")
    pages = []
    for _ in range(4):
        page = shell.run("kubectl exec pod-fortune -c html-generator -- cat /var/htdocs/index.html").stdout
        assert page in fortunes()
        # at one instant, the same file through the other container's mount
        written = cluster.file_entry(pod, "/var/htdocs/index.html", "html-generator")
        served = cluster.file_entry(pod, "/usr/share/nginx/html/index.html", "web-server")
        assert served.content == written.content and served.mtime == written.mtime
        pages.append(page)
        shell.run("sleep 3")
    assert len(set(pages)) > 1
    refused = shell.run("kubectl exec pod-fortune -c web-server -- sh -c 'echo x > /usr/share/nginx/html/index.html'")
    assert "Read-only file system" in refused.output  # the slide mounts it readOnly in web-server


def test_an_interval_sleep_refuses_fills_the_log_bound_at_once(tmp_path):
    (tmp_path / "f.yaml").write_text("""apiVersion: v1
kind: Pod
metadata: {name: f}
spec:
  containers: [{name: g, image: whatwant/fortune:v1.0, args: ["soon"]}]
""")
    shell = Cluster(seed=7, files=tmp_path).session()
    shell.run("kubectl create -f f.yaml")
    shell.run("sleep 3")
    tail = shell.run("kubectl logs f --tail 3").stdout.splitlines()
    assert tail[1:] == ["sleep: invalid time interval 'soon'", "Try 'sleep --help' for more information."]


def test_nginx_serves_the_page_in_its_volume_and_the_configmaps_file_by_subpath():
    """nginx's default.conf roots / at /usr/share/nginx/html (index index.html): a volume mounted there
    hides the image's welcome page; a path that is not there is nginx's 404 page."""
    cluster = Cluster(seed=7, files=WEEK7 / "hands-on")
    shell = cluster.session()
    for manifest in ("pod-fortune", "svc-fortune", "cm-envFrom", "cm-volume", "pod-ConfigMap", "svc-ConfigMap"):
        shell.run(f"kubectl create -f {manifest}.yaml")
    shell.run("sleep 10")
    served = shell.run("curl -s http://192.168.100.201:30444").stdout  # svc-fortune's nodePort
    page = cluster.file_entry(cluster.vantage("pod-fortune"), "/var/htdocs/index.html", "html-generator")
    assert served == page.content and served in fortunes()
    assert shell.run("curl -s http://192.168.100.201:30501").stdout == "<html>\n<h1>Hello from ConfigMap</h1>\n</html>"
    missing = shell.run("curl -si http://192.168.100.201:30501/nothing").stdout
    assert missing.startswith("HTTP/1.1 404 Not Found\r\n") and "<center>nginx/1.14.2</center>" in missing
