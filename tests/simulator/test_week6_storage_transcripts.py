"""Week 6's NFS, PersistentVolume and StorageClass transcripts, quoted from the slides with their line
numbers (shared/course/06-emptyDir-hostPath-PV/slides.txt) and replayed on the simulator.

Each quote is checked character for character against the slides; where a slide sets a YAML file
beside the terminal, the terminal is the quoted lines from a column on. The simulator's output is
compared with the quote line by line, words in order, after masking only what varies by nature
(ages, pod IPs, generated name suffixes, the worker, and `ls` dates: the nodes print them in the
workstation's Korean locale over ssh, `8월 27 09:49`). Table rows are compared as a set under the
header, since their names are generated. The emptyDir and hostPath blocks are in test_week6_volumes.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import Cluster
from tests.simulator.course_transcripts.reading import SlideColumns

WEEK6 = Path("/work/shared/course/06-emptyDir-hostPath-PV")
if not WEEK6.exists():
    pytest.skip("the course files are not on this machine (/work/shared/course)", allow_module_level=True)
SLIDES = (WEEK6 / "slides.txt").read_text().split("\n")
LS_DATE = re.compile(r"(?:[A-Z][a-z]{2} [ \d]\d|\d{1,2}월 \d{1,2}) +\d\d:\d\d")

SLIDE_COLUMNS = SlideColumns(SLIDES, LS_DATE)
quoted, words, same = SLIDE_COLUMNS.quoted, SLIDE_COLUMNS.words, SLIDE_COLUMNS.same


def test_the_quotes_are_the_slides_own_lines():
    assert quoted(501, 504) == ["remote ❯ showmount -e 127.0.0.1", "Export list for 127.0.0.1:", "/srv/nfs 192.168.100.*"]
    assert quoted(680, 681, 45)[1].split()[:3] == ["pvc-50mi", "Bound", "pv-hostpath"]
    assert quoted(824, 824, 43) == ["worker1 ❯ ls -al /tmp/pv-local"]


@pytest.fixture
def shell():
    cluster = Cluster(seed=3, files=WEEK6 / "hands-on")
    return cluster, cluster.session()


def run(shell, line: str) -> str:
    result = shell.run(line)
    return result.output


def by_node(cluster: Cluster, prefix: str) -> tuple[list[str], list[str]]:
    """(the pods on the node holding two, the pod alone on its node), as the slides' three replicas lay."""
    placed: dict[str, list[str]] = {}
    for pod in cluster.list("pods", "default"):
        if pod["metadata"]["name"].startswith(prefix):
            placed.setdefault(pod["spec"]["nodeName"], []).append(pod["metadata"]["name"])
    crowded = next(sorted(names) for names in placed.values() if len(names) == 2)
    lonely = next(names for names in placed.values() if len(names) == 1)
    return crowded, lonely


def test_nfs_served_from_the_workstation_is_shared_by_pods_on_every_node(shell):
    cluster, shell = shell
    # slides 480-504: the server on the workstation ("Working 用 Ubuntu PC", outside the cluster)
    assert shell.run("sudo apt install nfs-common nfs-kernel-server portmap").exit_code == 0
    for line in ("cd /srv", "sudo mkdir nfs", "sudo chmod 777 ./nfs"):
        assert run(shell, line) == ""
    # slide 490 edits /etc/exports in nano (a person typing); the line it adds (493) is written with tee
    export = quoted(493, 493)[0].strip()
    assert export == "/srv/nfs 192.168.100.*(rw,sync,no_root_squash,no_subtree_check)"
    shell.run(f"echo '{export}' | sudo tee -a /etc/exports > /dev/null")
    assert run(shell, "sudo service nfs-kernel-server restart") == ""
    assert run(shell, "showmount -e 127.0.0.1").splitlines() == quoted(503, 504)
    # slides 508-515: the workers get the client
    for ip in ("192.168.100.201", "192.168.100.202"):
        shell.run(f"ssh vagrant@{ip}")
        assert shell.run("sudo apt install nfs-common").exit_code == 0
        shell.run("exit")
    shell.run("cd")
    # slides 545-601: three pods on two nodes see one directory
    assert run(shell, "kubectl create -f rs-nfs.yaml").splitlines() == quoted(548, 548)
    shell.run("sleep 8")
    same(run(shell, "kubectl get pods -o wide"), quoted(552, 555))
    (two, three), (one,) = by_node(cluster, "rs-nfs-")  # slide: 8ktgl and f2vjt on worker2, 9hzs2 alone
    same(run(shell, f"kubectl exec -it {one} -- ls -al /data"), quoted(560, 563))
    same(run(shell, f"kubectl exec -it {two} -- ls -al /data"), quoted(567, 570))
    assert run(shell, f"kubectl exec -it {two} -- touch /data/nfs/wow") == ""
    same(run(shell, f"kubectl exec -it {two} -- ls -al /data/nfs"), quoted(584, 587))
    same(run(shell, f"kubectl exec -it {three} -- ls -al /data/nfs"), quoted(591, 594))
    same(run(shell, f"kubectl exec -it {one} -- ls -al /data/nfs"), quoted(598, 601))
    assert cluster.machines.trees["workstation"].get("/srv/nfs/wow") is not None  # on the server's disk


def test_without_the_client_package_the_kubelet_cannot_mount_nfs(shell):
    """The slides install nfs-common first (505-515); without it, mount has no mount.nfs helper."""
    cluster, shell = shell
    shell.run("sudo apt install nfs-kernel-server")
    shell.run("sudo mkdir -p /srv/nfs")
    shell.run("echo '/srv/nfs 192.168.100.0/24(rw)' | sudo tee /etc/exports")
    shell.run("sudo service nfs-kernel-server restart")
    shell.run("kubectl create -f rs-nfs.yaml")
    shell.run("sleep 20")
    pods = cluster.list("pods", "default")
    assert {p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] for p in pods} == {"ContainerCreating"}
    assert all("podIP" not in p["status"] for p in pods)  # the sandbox waits for the mounts
    pod = pods[0]
    uid, name = pod["metadata"]["uid"], pod["metadata"]["name"]
    events = [e for e in cluster.events.for_object("default", "Pod", name) if e.reason == "FailedMount"]
    target = f"/var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~nfs/nfs-demo"
    assert events[-1].message == (
        'MountVolume.SetUp failed for volume "nfs-demo" : mount failed: exit status 32\n'
        "Mounting command: mount\n"
        f"Mounting arguments: -t nfs 192.168.100.250:/srv/nfs {target}\n"
        f"Output: mount: {target}: bad option; for several filesystems (e.g. nfs, cifs) you might need a "
        "/sbin/mount.<type> helper program.\n")
    shell.run(f"ssh vagrant@{cluster.machines.node_ip(pod['spec']['nodeName'])}")
    shell.run("sudo apt install nfs-common")
    shell.run("exit")
    shell.run("sleep 5")
    assert cluster.get("pods", name)["status"]["phase"] == "Running"


def test_a_hostpath_volume_is_bound_to_the_claim_that_fits(shell):
    cluster, shell = shell
    # slides 653-661
    assert run(shell, "kubectl create -f pv-hostPath.yaml").splitlines() == quoted(655, 655)
    shell.run("sleep 44")
    same(run(shell, "kubectl get persistentvolumes -o wide"), quoted(660, 661))
    # slides 672-687: 50Mi asked, the 100Mi volume given
    assert run(shell, "kubectl create -f pvc-50Mi.yaml").splitlines() == quoted(675, 675, 45)
    shell.run("sleep 24")
    same(run(shell, "kubectl get persistentvolumeclaims -o wide"), quoted(680, 681, 45))
    same(run(shell, "kubectl get persistentvolumes -o wide"), quoted(686, 687, 45))
    # slides 699-721: a pod mounting the claim; its describe's claim volume (the projected token volume
    # beside it, 722-727, is not simulated)
    assert run(shell, "kubectl create -f rs-static.yaml").splitlines() == quoted(701, 701, 43)
    shell.run("sleep 44")
    same(run(shell, "kubectl get pods -o wide"), quoted(705, 706, 43))
    same(run(shell, "kubectl get persistentvolumeclaims -o wide"), quoted(711, 712, 43))
    (pod,) = [p["metadata"]["name"] for p in cluster.list("pods", "default")]
    described = run(shell, f"kubectl describe pods {pod}").splitlines()
    start = described.index("Volumes:")
    same("\n".join(described[start:start + 5]), quoted(717, 721, 43))
    # what the pod writes is on its node, under the volume's path, and outlives the pod
    shell.run(f"kubectl exec {pod} -- sh -c 'echo kept > /data/pv/note'")
    node = cluster.get("pods", pod)["spec"]["nodeName"]
    shell.run("kubectl delete rs rs-static")
    shell.run("sleep 40")
    assert cluster.machines.trees[f"node:{node}"].get("/tmp/pv-data/note").content == "kept\n"


def test_a_local_volume_waits_for_its_first_consumer_and_brings_it_to_its_node(shell):
    cluster, shell = shell
    # as in the lecture, the hostPath section ran first: worker1's /tmp holds hostpath-demo (slide 830: 13 links)
    shell.run("kubectl create -f rs-hostPath.yaml")
    shell.run("sleep 30")
    shell.run("kubectl delete rs rs-hostpath")
    shell.run("sleep 40")
    # slides 772-775
    shell.run("ssh vagrant@192.168.100.201")
    assert run(shell, "mkdir -p /tmp/pv-local") == "" and run(shell, "chmod 777 /tmp/pv-local") == ""
    shell.run("exit")
    # slides 777-796: the claim stays Pending beside an Available volume
    for line in ("kubectl create -f sc-local.yaml", "kubectl create -f pvc-local.yaml", "sleep 40",
                 "kubectl create -f pv-local.yaml", "sleep 20"):
        shell.run(line)
    same(run(shell, "kubectl get storageclasses -o wide"), quoted(785, 786))
    same(run(shell, "kubectl get persistentvolumeclaims -o wide"), quoted(790, 791))
    same(run(shell, "kubectl get persistentvolumes -o wide"), quoted(795, 796))
    events = cluster.events.for_object("default", "PersistentVolumeClaim", "pvc-local")
    assert [(e.type, e.reason, e.message, e.source) for e in events] == [
        ("Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding",
         "persistentvolume-controller")]
    # slides 798-832: the pod binds the claim and lands on worker1, where the volume is
    shell.run("kubectl create -f rs-dynamic.yaml")
    shell.run("sleep 30")
    same(run(shell, "kubectl get persistentvolumeclaims -o wide"), quoted(802, 803, 43))
    same(run(shell, "kubectl get persistentvolumes -o wide"), quoted(809, 810, 43))
    same(run(shell, "kubectl get pods -o wide"), quoted(815, 816, 43))
    (pod,) = cluster.list("pods", "default")
    assert pod["spec"]["nodeName"] == "worker1"  # slide 816: the volume's node affinity
    shell.run(f"kubectl exec -it {pod['metadata']['name']} -- touch /data/pv/wow")
    shell.run("ssh vagrant@192.168.100.201")
    same(run(shell, "ls -al /tmp/pv-local"), quoted(826, 832, 43))
    shell.run("exit")


def test_a_claim_nothing_fits_stays_pending_and_so_does_its_pod(shell):
    """pv_controller.go syncUnboundClaim and the scheduler's VolumeBinding PreFilter (expected texts from 1.23)."""
    cluster, shell = shell
    shell.run("kubectl create -f pvc-50Mi.yaml")  # class `manual`, no volume of it yet
    shell.run("kubectl create -f rs-static.yaml")
    shell.run("sleep 10")
    assert cluster.get("persistentvolumeclaims", "pvc-50mi")["status"]["phase"] == "Pending"
    events = cluster.events.for_object("default", "PersistentVolumeClaim", "pvc-50mi")
    assert [(e.reason, e.message) for e in events] == [
        ("ProvisioningFailed", 'storageclass.storage.k8s.io "manual" not found')]
    (pod,) = cluster.list("pods", "default")
    scheduled = next(c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled")
    assert (scheduled["status"], scheduled["message"]) == (
        "False", "0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.")
    shell.run("kubectl create -f pv-hostPath.yaml")
    shell.run("sleep 10")
    assert cluster.get("pods", pod["metadata"]["name"])["status"]["phase"] == "Running"


def test_the_comparison_can_fail():
    listing = quoted(660, 661)
    right = "\n".join(listing)
    same(right, listing)
    for wrong in (right.replace("Available", "Bound"), right.replace("RWO", "RWX"), listing[0],
                  right.replace("manual", "")):
        with pytest.raises(AssertionError):
            same(wrong, listing)
