"""df and mount over the simulated mount tables; a `medium: Memory` emptyDir is a tmpfs.

Week 6's slide 225 says so (`Memory 유형으로 emptyDir를 선언하면 tmpfs를 활용하게 된다`: a Memory
emptyDir uses tmpfs); no slide prints df, so the expected tables are written by hand from
coreutils' df.c (field widths 14/5/5/5/4, human sizes rounded up) and busybox's df.c (`%-20s
%9s %9s %9s %3u%% %s`), with the sizes worked out here from the course's VMs: a worker's
1280 MiB gives MemTotal 1256584 KiB and allocatable 892040 KiB (kubespray's 256Mi reserved
plus the 100Mi eviction threshold), the root disk is the Week-10 slides' 25155844 KiB.
GNU's rounding of sizes is also checked against this machine's `du -h`, which shares it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from simulator import Cluster
from simulator.registry.kinds import by_kind
from simulator.tools.df import busybox_human, gnu_human

WEEK6 = Path("/work/shared/course/06-emptyDir-hostPath-PV")
SLIDES = (WEEK6 / "slides.txt").read_text().split("\n") if WEEK6.exists() else []
MEMORY_POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  nodeName: worker1
  containers:
  - name: worker
    image: {image}
    command: ["/bin/sleep", "3650d"]
    volumeMounts:
    - name: emptydir-demo
      mountPath: /data/emptyDir
    - name: scratch
      mountPath: /scratch
  volumes:
  - name: emptydir-demo
    emptyDir:
      medium: Memory{size_limit}
  - name: scratch
    emptyDir: {{}}
"""


@pytest.fixture
def cluster(tmp_path):
    (tmp_path / "mem.yaml").write_text(MEMORY_POD.format(name="mem", image="ubuntu:20.04", size_limit=""))
    (tmp_path / "box.yaml").write_text(MEMORY_POD.format(name="box", image="busybox", size_limit="\n      sizeLimit: 64Mi"))
    cluster = Cluster(seed=3, files=tmp_path)
    shell = cluster.session()
    assert shell.run("kubectl apply -f mem.yaml -f box.yaml").exit_code == 0
    shell.run("sleep 30")
    return cluster, shell


@pytest.mark.skipif(shutil.which("du") is None, reason="GNU du is not on this machine")
def test_gnu_sizes_round_up_as_coreutils_does(tmp_path):
    sample = tmp_path / "sample"
    for kib in (1, 12, 999, 1023, 1024, 1025, 9215, 9216, 10239, 10240, 10241, 65536, 628292, 892040,
                1048575, 7162880, 25155844, 1048576 * 1023 + 1):
        with sample.open("wb") as handle:
            handle.truncate(kib * 1024)
        real = subprocess.run(["du", "-h", "--apparent-size", str(sample)], capture_output=True, text=True,
                              check=True).stdout.split("\t")[0]
        assert gnu_human(kib) == real, kib


def test_busybox_sizes_keep_one_decimal():
    # make_human_readable_str(bytes, 4096, 0), worked by hand: the tenth from the last division, rounded
    assert busybox_human(25155844) == "24.0G" and busybox_human(65536) == "64.0M"
    assert busybox_human(628292) == "613.6M" and busybox_human(12) == "12.0K" and busybox_human(0) == "0"


def test_a_memory_emptydir_is_a_tmpfs_sized_by_the_node_s_allocatable_memory(cluster):
    if SLIDES:
        assert "Memory 유형으로 emptyDir를 선언하면 tmpfs를 활용하게 된다" in SLIDES[224]  # slides.txt:225
    _, shell = cluster
    lines = shell.run("kubectl exec mem -- df -h").stdout.splitlines()
    assert lines[0] == "Filesystem                         Size  Used Avail Use% Mounted on"
    assert lines[1] == "overlay                             24G  6.9G   16G  30% /"
    assert "tmpfs                              872M     0  872M   0% /data/emptyDir" in lines
    assert "/dev/mapper/ubuntu--vg-ubuntu--lv   24G  6.9G   16G  30% /scratch" in lines  # a disk emptyDir
    assert not any(line.endswith("/etc/hosts") for line in lines)  # one row per filesystem: the shortest point
    df = next(e for e in reversed(shell.executed.entries) if e.program == "df")  # what a grader reads
    assert {"filesystem": "tmpfs", "type": "tmpfs", "mounted_on": "/data/emptyDir", "size_kib": "892040",
            "used_kib": "0"} in df.targets
    mounted = shell.run("kubectl exec mem -- mount").stdout.splitlines()
    assert "tmpfs on /data/emptyDir type tmpfs (rw,relatime,size=892040k)" in mounted
    assert "/dev/mapper/ubuntu--vg-ubuntu--lv on /etc/hosts type ext4 (rw,relatime)" in mounted


def test_files_in_a_memory_emptydir_count_against_its_tmpfs_not_the_disk(cluster):
    cluster_, shell = cluster
    before = shell.run("kubectl exec mem -- df /").stdout.splitlines()[1].split()
    shell.run("kubectl exec mem -- sh -c 'echo hello > /data/emptyDir/one; echo world > /data/emptyDir/two'")
    row = shell.run("kubectl exec mem -- df /data/emptyDir").stdout.splitlines()
    assert row == ["Filesystem     1K-blocks  Used Available Use% Mounted on",
                   "tmpfs             892040     8    892032   1% /data/emptyDir"]
    assert shell.run("kubectl exec mem -- df /").stdout.splitlines()[1].split() == before
    shell.run("kubectl exec mem -- sh -c 'echo x > /scratch/three'")
    after = shell.run("kubectl exec mem -- df /").stdout.splitlines()[1].split()
    assert int(after[2]) == int(before[2]) + 4  # one 4 KiB block on the node's disk
    entry = cluster_.machines.trees  # the files are state: the emptyDir's tree holds them
    assert any(key.endswith(":emptydir-demo") and tree.get("/one") is not None for key, tree in entry.items())


def test_busybox_df_prints_every_mount_in_its_own_format(cluster):
    _, shell = cluster
    lines = shell.run("kubectl exec box -- df -h").stdout.splitlines()
    assert lines[0] == "Filesystem                Size      Used Available Use% Mounted on"
    assert lines[1] == "overlay                  24.0G      6.8G     16.0G  30% /"
    assert "tmpfs                    64.0M         0     64.0M   0% /data/emptyDir" in lines  # sizeLimit: 64Mi
    device = lines.index("/dev/mapper/ubuntu--vg-ubuntu--lv")  # past 20 characters: the figures on the next line
    assert lines[device + 1] == "                         24.0G      6.8G     16.0G  30% /scratch"
    assert "                         24.0G      6.8G     16.0G  30% /etc/hosts" in lines  # busybox keeps every mount


def test_a_node_shows_the_kubelet_s_tmpfs_for_each_pod_volume(cluster):
    cluster_, shell = cluster
    uid = cluster_.store.find(by_kind("Pod"), "default", "mem").metadata.uid
    shell.run(f"ssh vagrant@{cluster_.machines.node_ip('worker1')}")
    lines = shell.run("df -h").stdout.splitlines()
    assert lines[:4] == ["Filesystem                         Size  Used Avail Use% Mounted on",
                         "udev                               614M     0  614M   0% /dev",
                         "tmpfs                              123M  1.2M  122M   1% /run",
                         "/dev/mapper/ubuntu--vg-ubuntu--lv   24G  6.9G   16G  30% /"]
    path = f"/var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~empty-dir/emptydir-demo"
    assert f"tmpfs                              872M     0  872M   0% {path}" in lines
    assert shell.run(f"mount -t tmpfs | grep -c {uid}").stdout == "2\n"  # the Memory emptyDir and the token
    assert shell.run("df -h /nope").stderr == "df: /nope: No such file or directory\n"
    assert shell.run("df -z").stderr == "df: invalid option -- 'z'\nTry 'df --help' for more information.\n"
    assert "does not mount filesystems" in shell.run("sudo mount -t nfs 192.168.100.200:/srv /mnt").stderr


def test_the_workstation_says_its_disks_are_not_modelled(cluster):
    _, shell = cluster
    assert "does not model the workstation" in shell.run("df -h").stderr
