"""Week 7's private image: `kubectl create secret docker-registry` (checked against a real
kubectl's `--dry-run=client -o yaml`) and `imagePullSecrets` deciding whether containerd pulls
it, with containerd's text from the slides (quoted with their line numbers).

The slides `docker build` and `docker push` whatwant/simple-nginx:v0.1 from the student's own
machine; the simulated Docker Hub holds that image already, private to the account whatwant
(`simulator/controllers/image_pull.py`)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from simulator import Cluster

WEEK7 = Path("/work/shared/course/07-ConfigMap-Secret-downwardAPI")
REAL_KUBECTL = Path("/opt/kubernetes-client/usr/bin/kubectl")
if not WEEK7.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)
SLIDES = (WEEK7 / "slides.txt").read_text().split("\n")
CREATE = ("kubectl create secret docker-registry my-docker-hub --docker-username=whatwant "
          "--docker-password='xxx' --docker-email='whatwant@gmail.com'")


@pytest.fixture
def shell():
    return Cluster(seed=6, files=WEEK7 / "hands-on").session()


def test_the_secret_is_the_document_a_real_kubectl_builds(shell):
    if not REAL_KUBECTL.exists():
        pytest.skip("install Debian's kubernetes-client (kubectl at /opt/kubernetes-client/usr/bin/kubectl)")
    line = CREATE + " --dry-run=client -o yaml"
    real = subprocess.run([str(REAL_KUBECTL), *line.replace("'", "").split()[1:]], capture_output=True, text=True,
                          timeout=30, env={"KUBECONFIG": "/nonexistent"})
    assert real.returncode == 0, real.stderr
    assert shell.run(line).stdout == real.stdout


def test_without_the_secret_the_pull_is_denied_with_containerds_text(shell):
    shell.run("kubectl create -f pod-private-fail.yaml")
    shell.run("sleep 2")
    # slides.txt 453: STATUS ErrImagePull in the first seconds (the slide's AGE 10s is the kubelet's back-off edge)
    assert re.match(r"pod-private\s+0/1\s+ErrImagePull\s+0\s", shell.run("kubectl get pods").stdout.splitlines()[1])
    described = shell.run("kubectl describe pods pod-private").stdout
    quoted = SLIDES[465:468]  # slides.txt 466-468, one event message wrapped over three lines
    assert quoted[0].startswith("  Warning Failed      26s (x2 over 43s) kubelet             Failed to pull image")
    message = " ".join([quoted[0].split("kubelet", 1)[1].strip(), *quoted[1:]])  # the slide's wraps undone
    got = next(line for line in described.splitlines() if "Failed to pull image" in line)
    assert got.split("kubelet", 1)[1].strip() == message


def test_with_the_secret_it_runs(shell):
    assert shell.run(CREATE).stdout == "secret/my-docker-hub created\n"  # slides.txt 493
    shell.run("kubectl create -f pod-private-success.yaml")
    shell.run("sleep 40")
    # slides.txt 498
    assert re.match(r"pod-private\s+1/1\s+Running\s+0\s", shell.run("kubectl get pods").stdout.splitlines()[1])


def test_someone_elses_credentials_do_not_pull_it(shell):
    shell.run("kubectl create secret docker-registry my-docker-hub --docker-username=someone --docker-password=x")
    shell.run("kubectl create -f pod-private-success.yaml")
    shell.run("sleep 40")
    assert "ImagePullBackOff" in shell.run("kubectl get pods").stdout
