"""Week 10, `kubectl get componentstatuses` and the slides' `--port=0` fix (slide lines 365-370, 394-410).

Truth: the slides (a v1.22.5 cluster) and v1.23's source and history, where 1.23 differs:
- kube-apiserver probes the controller manager at https://127.0.0.1:10257/healthz and the scheduler
  at https://127.0.0.1:10259/healthz (pkg/registry/core/rest/storage_core.go `serversToValidate`,
  `EnableHTTPS: true`, `ports.KubeControllerManagerPort`, `kubeschedulerconfig.DefaultKubeSchedulerPort`);
- neither component serves an insecure port in 1.23 (kubernetes/kubernetes#96216, 1.22, and #96345,
  1.23), and kubeadm v1.23 no longer writes `--port=0` in their manifests (#104157, #105034);
- so on the course's 1.23.7 cluster both are Healthy from the start (as slide lines 367-370 show), and
  the appendix's fix (comment out `- --port=0`, slide lines 397-400) finds no such line to remove.
  DIFFERENCE named: the appendix is for a cluster whose API server probed the insecure ports.
- a component that is down is probed as the HTTP prober reports a refused dial: a Failure whose
  message is the error's text (pkg/probe/http/http.go `DoHTTPProbe`), so STATUS Unhealthy with
  `Get "https://127.0.0.1:10259/healthz": dial tcp 127.0.0.1:10259: connect: connection refused`.
- `printers.go printComponentStatus`: NAME STATUS MESSAGE ERROR.
The slides lay their columns out by hand (line 367 pads MESSAGE to 37 characters, line 407 to 30 while
its rows use one space), so rows are compared cell by cell, in order; the spacing is the tabwriter's,
checked by hand below for the one row whose width the slides cannot give.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind

SLIDES = Path("/work/shared/course/10-ResourceMgmt-Monitoring-PodSecurityPolicy/slides.txt")
MANIFESTS = "/etc/kubernetes/manifests"


def slide_lines(first: int, last: int) -> list[str]:
    return SLIDES.read_text(encoding="utf-8").split("\n")[first - 1:last]


def cells(lines: list[str]) -> list[list[str]]:
    return [line.split() for line in lines]


def on_master(session, command: str):
    session.run("ssh vagrant@192.168.100.200")
    result = session.run(command)
    session.run("exit")
    return result


def test_componentstatuses_replays_slide_lines_365_to_370():
    lines = slide_lines(365, 370)
    assert lines[0] == "remote ❯ kubectl get componentstatuses"
    result = Cluster(seed=1).session().run("kubectl get componentstatuses")
    assert result.exit_code == 0
    assert result.stderr == lines[1] + "\n"
    assert cells(result.stdout.splitlines()) == cells(lines[2:])


def test_the_short_name_and_the_slides_second_listing_after_the_fix():
    """Slide lines 405-410: the same three rows once the pods restarted (here: nothing had to restart)."""
    lines = slide_lines(405, 410)
    result = Cluster(seed=1).session().run("kubectl get cs")
    assert result.stderr == lines[1] + "\n"
    assert cells(result.stdout.splitlines()) == cells(lines[2:])


def test_the_123_manifests_hold_no_port_zero_to_remove():
    """Slide lines 397-400 comment out `- --port=0`; kubeadm v1.23 writes no such line (#104157, #105034)."""
    session = Cluster(seed=1).session()
    for component in ("kube-controller-manager", "kube-scheduler"):
        text = on_master(session, f"sudo cat {MANIFESTS}/{component}.yaml").stdout
        assert f"    - {component}\n" in text
        assert "--port" not in text and "--secure-port" not in text
        assert "scheme: HTTPS" in text


def test_saving_a_manifest_unchanged_restarts_nothing():
    c = Cluster(seed=1)
    session = c.session()
    before = c.store.get(by_kind("Pod"), "kube-system", "kube-scheduler-master").metadata.uid
    on_master(session, f"sudo sed -i 's/--leader-elect=true/--leader-elect=true/' {MANIFESTS}/kube-scheduler.yaml")
    session.run("sleep 2")
    assert c.store.get(by_kind("Pod"), "kube-system", "kube-scheduler-master").metadata.uid == before


def test_a_changed_scheduler_manifest_restarts_it_and_it_is_unhealthy_meanwhile():
    c = Cluster(seed=1)
    session = c.session()
    on_master(session, f"sudo sed -i 's/--leader-elect=true/--leader-elect=true\\n    - --v=2/' "
                       f"{MANIFESTS}/kube-scheduler.yaml")
    during = session.run("kubectl get cs").stdout.splitlines()
    assert during[2] == ('scheduler            Unhealthy   Get "https://127.0.0.1:10259/healthz": dial tcp '
                         "127.0.0.1:10259: connect: connection refused   ")
    assert during[0].split() == ["NAME", "STATUS", "MESSAGE", "ERROR"]
    # the tabwriter: each column as wide as its widest cell plus 3; the empty ERROR cell ends the row
    assert during[0].index("MESSAGE") == len("controller-manager   Unhealthy   ")
    assert session.run("kubectl run web --image=nginx").exit_code == 0
    assert c.store.get(by_kind("Pod"), "default", "web").spec.get("nodeName") is None  # nothing binds meanwhile
    session.run("sleep 10")
    after = cells(session.run("kubectl get cs").stdout.splitlines())
    assert [row[:2] for row in after[1:]] == [["controller-manager", "Healthy"], ["scheduler", "Healthy"],
                                              ["etcd-0", "Healthy"]]
    assert c.store.get(by_kind("Pod"), "default", "web").spec.get("nodeName")
    mirror = c.store.get(by_kind("Pod"), "kube-system", "kube-scheduler-master")
    assert mirror.spec["containers"][0]["command"][-1] == "--v=2"
    assert mirror.status["containerStatuses"][0]["restartCount"] == 0


def test_a_removed_controller_manager_manifest_leaves_it_unhealthy_until_it_is_back():
    c = Cluster(seed=1)
    session = c.session()
    path = f"{MANIFESTS}/kube-controller-manager.yaml"
    on_master(session, f"sudo cat {path} | sudo tee /tmp/kcm.yaml > /dev/null; sudo rm {path}")
    session.run("sleep 60")
    row = session.run("kubectl get cs").stdout.splitlines()[1].split()
    assert row[:4] == ["controller-manager", "Unhealthy", "Get", '"https://127.0.0.1:10257/healthz":']
    assert c.store.find(by_kind("Pod"), "kube-system", "kube-controller-manager-master") is None
    on_master(session, f"sudo cat /tmp/kcm.yaml | sudo tee {path} > /dev/null")
    session.run("sleep 12")
    assert session.run("kubectl get cs").stdout.splitlines()[1].split()[:2] == ["controller-manager", "Healthy"]
    assert c.store.find(by_kind("Pod"), "kube-system", "kube-controller-manager-master") is not None


def test_componentstatuses_allow_no_writes():
    """rest.go implements only Getter and Lister: a create is the API server's 405."""
    doc = b"apiVersion: v1\nkind: ComponentStatus\nmetadata:\n  name: mine\nconditions: []\n"
    result = Cluster(seed=1, files={"cs.yaml": doc}).session().run("kubectl create -f cs.yaml")
    assert result.exit_code == 1
    assert "the server does not allow this method on the requested resource" in result.output


REAL_KUBECTL = Path("/opt/kubernetes-client/usr/bin/kubectl")


@pytest.mark.skipif(not REAL_KUBECTL.exists(), reason="needs Debian's kubectl v1.20.2 (see test_real_kubectl.py)")
def test_a_real_kubectl_lists_the_same_componentstatuses_over_http(tmp_path):
    """kubectl 1.20 against `simulator serve`: the table rows are the simulator's kubectl's. The served API
    sends no `Warning:` header, so the real kubectl prints no deprecation line (a difference of the
    simulator's HTTP API, named here)."""
    import subprocess

    from simulator.apiserver.serve import start

    served = Cluster(seed=1)
    server, config = start(served, 0)
    try:
        (tmp_path / "kubeconfig").write_text(config)
        result = subprocess.run([str(REAL_KUBECTL), "--kubeconfig", str(tmp_path / "kubeconfig"), "get", "cs"],
                                capture_output=True, text=True, timeout=60)
        one = subprocess.run([str(REAL_KUBECTL), "--kubeconfig", str(tmp_path / "kubeconfig"), "get", "cs",
                              "scheduler", "-o", "jsonpath={.conditions[0].message}"],
                             capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert cells(result.stdout.splitlines()) == cells(slide_lines(367, 370))
    assert one.stdout == "ok"
