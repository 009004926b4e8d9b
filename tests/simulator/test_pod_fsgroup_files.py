"""A pod's fsGroup on its emptyDir, and the setgid directory's group passed on to what is made in it.

Truth: the kubelet's SetVolumeOwnership (pkg/volume/volume_linux.go, 1.23: the volume's group becomes
fsGroup and a directory gets the setgid bit), Linux's setgid directory rule (a new file takes the
directory's group, a new directory the bit as well), and the week-7 slides that show both
(07-ConfigMap-Secret-downwardAPI/slides.txt 605 `drwxrwsrwx 4 root 65533` for the emptyDir, 607 and 609
for what uid 65533 made in it). coreutils' `groups` notice for an unnamed gid: slide 602.
"""

from __future__ import annotations

from simulator import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  {context}
  containers:
  - name: ubuntu
    image: ubuntu:latest
    args: ["sleep", "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {{}}
"""


def _session(context: str):
    cluster = Cluster(seed=2, files={"pod.yaml": POD.format(context=context).encode()})
    session = cluster.session(interactive=True)
    session.run("kubectl create -f pod.yaml")
    session.run("sleep 10")
    return session


def test_an_emptydir_with_fsgroup_is_the_group_s_and_setgid_and_passes_the_group_on():
    session = _session("securityContext:\n    fsGroup: 2000")
    opened = session.run("kubectl exec -it shared -- /bin/bash").output
    assert opened == "groups: cannot find name for group ID 2000\n"
    session.run("mkdir /data/sub")
    session.run("touch /data/file")
    listing = session.run("ls -al /data").output.splitlines()
    assert listing[1].split()[:4] == ["drwxrwsrwx", "3", "root", "2000"]
    rows = {line.split()[-1]: line.split()[:4] for line in listing[3:]}
    assert rows == {"file": ["-rw-r--r--", "1", "root", "2000"], "sub": ["drwxr-sr-x", "2", "root", "2000"]}


def test_without_fsgroup_nothing_changes():
    session = _session("securityContext: {}")
    assert session.run("kubectl exec -it shared -- /bin/bash").output == ""
    session.run("touch /data/file")
    listing = session.run("ls -al /data").output.splitlines()
    assert listing[1].split()[:4] == ["drwxrwxrwx", "2", "root", "root"]
    assert listing[3].split()[:4] == ["-rw-r--r--", "1", "root", "root"]


def test_ssh_keyscan_of_a_name_that_does_not_resolve():
    result = Cluster(seed=2).run("ssh-keyscan nowhere.invalid")
    assert result.output == "getaddrinfo nowhere.invalid: Name or service not known\n"
