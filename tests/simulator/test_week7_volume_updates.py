"""ConfigMap, Secret and downwardAPI volume files as the v1.23 kubelet writes and updates them:
pkg/volume/util/atomic_writer.go (a `..YYYY_MM_DD_HH_MM_SS.<MkdirTemp digits>` directory in UTC,
mode 0755, `..data` pointing at it, a `KEY -> ..data/KEY` link per key, the old directory removed),
the pod worker's resync every syncFrequency (1 m) with 50 % jitter (pod_workers.go), and the
environment and subPath mounts never rewritten. Expected shapes written by hand from that source."""

from __future__ import annotations

import re

import pytest

from simulator import Cluster

POD = """apiVersion: v1
kind: Pod
metadata: {name: p, labels: {tier: web}}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    envFrom: [{configMapRef: {name: cm}}]
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: cfg, mountPath: /opt/color.txt, subPath: COLOR}
    - {name: info, mountPath: /etc/podinfo}
  volumes:
  - {name: cfg, configMap: {name: cm}}
  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
"""
STAMP = r"\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{1,10}"
LINE = r"(?P<mode>\S+) +\d+ root root +(?P<size>\d+) \w{3} [ \d]\d \d\d:\d\d (?P<name>.+)"


@pytest.fixture
def shell(tmp_path):
    (tmp_path / "p.yaml").write_text(POD)
    session = Cluster(seed=5, files=tmp_path).session()
    session.run("kubectl create configmap cm --from-literal=COLOR=red --from-literal=SIZE=big")
    session.run("kubectl apply -f p.yaml")
    session.run("sleep 5")
    return session


def listing(shell, path: str) -> list[dict]:
    lines = shell.run(f"kubectl exec p -- ls -al {path}").stdout.splitlines()
    assert lines[0] == "total 12"  # ., .. and the timestamped directory, 4 KiB each; links take no blocks
    return [re.fullmatch(LINE, line).groupdict() for line in lines[1:]]


def test_ls_shows_the_data_link_the_timestamped_directory_and_a_link_per_key(shell):
    rows = listing(shell, "/etc/cfg")
    assert [r["name"].split(" -> ")[0] for r in rows][:2] == [".", ".."]
    stamped, data, color, size = rows[2:]
    assert re.fullmatch(STAMP, stamped["name"]) and stamped["mode"] == "drwxr-xr-x"
    assert data["name"] == f"..data -> {stamped['name']}" and data["mode"] == "lrwxrwxrwx"
    assert int(data["size"]) == len(stamped["name"])  # a symlink's size is its target's length
    assert color["name"] == "COLOR -> ..data/COLOR" and color["size"] == str(len("..data/COLOR"))
    assert size["name"] == "SIZE -> ..data/SIZE"
    assert shell.run("kubectl exec p -- ls /etc/cfg").stdout == "COLOR\nSIZE\n"  # dot names hidden
    assert shell.run(f"kubectl exec p -- cat /etc/cfg/..data/SIZE").stdout == "big"


def test_an_edit_reaches_the_files_at_the_next_resync_but_not_the_environment_or_a_subpath(shell):
    before = listing(shell, "/etc/cfg")[2]["name"]
    shell.run("""kubectl patch configmap cm -p '{"data":{"COLOR":"blue"}}'""")
    shell.run("kubectl label pod p release=stable")
    assert shell.run("kubectl exec p -- cat /etc/cfg/COLOR").stdout == "red"  # not before the resync
    shell.run("sleep 90")  # 60 s plus at most 50 % jitter after the pod's last sync
    assert shell.run("kubectl exec p -- cat /etc/cfg/COLOR").stdout == "blue"
    assert shell.run("kubectl exec p -- cat /etc/podinfo/labels").stdout == 'release="stable"\ntier="web"'
    assert shell.run("kubectl exec p -- printenv COLOR").stdout == "red\n"  # made once, at the start
    assert shell.run("kubectl exec p -- cat /opt/color.txt").stdout == "red"  # the subPath's bind mount
    after = listing(shell, "/etc/cfg")
    assert after[2]["name"] != before and re.fullmatch(STAMP, after[2]["name"])  # the old directory is gone
    assert len(after) == 6


def test_a_removed_key_loses_its_link_and_the_files_stay_read_only(shell):
    replaced = shell.run("kubectl create configmap cm --from-literal=COLOR=red --dry-run=client -o yaml | kubectl replace -f -")
    assert replaced.stdout == "configmap/cm replaced\n"
    shell.run("sleep 90")
    assert shell.run("kubectl exec p -- ls /etc/cfg").stdout == "COLOR\n"
    result = shell.run("kubectl exec p -- sh -c 'echo x > /etc/cfg/COLOR'")
    assert "can't create /etc/cfg/COLOR: Read-only file system" in result.output


def test_a_label_added_to_the_pod_reaches_its_downward_api_file_at_the_next_resync(shell):
    """The pod itself is one of a volume's inputs: the kubelet's remembered comparison of files and
    objects (projected_volumes.VolumeSync.differs) must not outlive a change to it."""
    assert shell.run("kubectl exec p -- cat /etc/podinfo/labels").output == 'tier="web"'
    shell.run("kubectl label pod p color=red")
    shell.run("sleep 95")  # past the longest resync: 60 s plus 50 % jitter
    assert shell.run("kubectl exec p -- cat /etc/podinfo/labels").output == 'color="red"\ntier="web"'


def test_a_configmap_of_another_namespace_changes_nothing(shell):
    before = shell.run("kubectl exec p -- ls -a /etc/cfg").output
    shell.run("kubectl create namespace other")
    shell.run("kubectl create configmap cm --from-literal=COLOR=blue -n other")
    shell.run("sleep 95")
    assert shell.run("kubectl exec p -- ls -a /etc/cfg").output == before  # the same ..data directory
    assert shell.run("kubectl exec p -- cat /etc/cfg/COLOR").output == "red"
